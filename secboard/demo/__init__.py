"""A believable security-PM workspace, generated from a seed.

Asks come from customers, prospects and a partner (through their account team), from
audits, other teams and incidents; each request holds one to six of them, in the askers'
own words. Each request walks the lifecycle over the past sixteen weeks the way real ones
do — triaged after a few days, discovered, then built, bought, carved out by policy,
declined or deferred — and stops wherever "now" catches it. A few requests were captured
twice under other words and wait to be merged. The same seed and clock give the same
workspace; a large one (the benchmark's) has about one account per five requests.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from datetime import date, datetime, timedelta
from typing import NamedTuple

from secboard.demo.catalogue import (
    ASKS,
    ASKS_PER_REQUEST,
    CHANNELS,
    COMPANIES,
    DUPLICATES,
    FORCE_REASONS,
    IMPORTANCES,
    NAME_FORMS,
    NAME_SECTORS,
    NAME_STEMS,
    OBJECTIVES,
    QUOTES,
    RATIONALES,
    SALES_PEOPLE,
    SCOPES,
    TEAMS,
    VISION,
    Company,
)
from secboard.demo.catalogue import Ask as Kind
from secboard.domain.asks import (
    IMPORTANCE_ORDER,
    Account,
    AccountKind,
    Ask,
    Channel,
    demand_of,
)
from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.collector import collector_paused
from secboard.domain.model import (
    Answer,
    ChecklistItem,
    Decision,
    Horizon,
    Objective,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    WorkspaceData,
    with_demand,
)

HISTORY_DAYS = 112


class _Walk:
    """One request's life, generated step by step until it reaches the present."""

    def __init__(self, rng: random.Random, kind: Kind, created: datetime, now: datetime) -> None:
        self.rng = rng
        self.kind = kind
        self.now = now
        self.at = created
        self.status = Status.INTAKE
        self.history = [StatusEvent(at=created, to_status=Status.INTAKE)]
        self.decision: Decision | None = None
        self.answered = 0
        self.forced = False

    def advance(self, days: float, to: Status, *, note: str = "", forced: bool = False) -> bool:
        """Move after ``days`` if that is still in the past; False when now came first."""
        moment = self.at + timedelta(days=days)
        if moment > self.now:
            return False
        self.history.append(
            StatusEvent(at=moment, from_status=self.status, to_status=to, note=note, forced=forced)
        )
        self.at, self.status = moment, to
        return True

    def triage(self) -> None:
        """Only the first step: a request captured lately, still in intake or discovery."""
        self.advance(self.rng.expovariate(1 / 2), Status.DISCOVERY)

    def run(self) -> None:
        rng = self.rng
        triage_days = rng.expovariate(1 / 4) + (rng.uniform(7, 40) if rng.random() < 0.2 else 0)
        if not self.advance(triage_days, Status.DISCOVERY):
            return
        discovery_days = rng.uniform(4, 30)
        self.answered = min(9, int(9 * min(1, (self.now - self.at).days / discovery_days)))
        decisions, weights = zip(*self.kind.decisions, strict=True)
        self.decision = rng.choices(decisions, weights)[0]
        if self.decision in (Decision.DECLINE, Decision.DEFER):
            if self.advance(discovery_days, Status.CLOSED):
                self.answered = rng.randint(5, 9)
                if rng.random() < 0.06 and self.advance(
                    rng.uniform(5, 30), Status.DISCOVERY, note="Customer came back with evidence"
                ):
                    self.decision, self.answered = None, rng.randint(2, 8)
            elif self.answered < 5:
                self.decision = None
            return
        self.forced = rng.random() < 0.06
        if self.forced:
            discovery_days = rng.uniform(0.5, 3)
            self.answered = min(self.answered, rng.randint(0, 7))
        if not self.advance(
            discovery_days,
            Status.COMMITTED,
            note=rng.choice(FORCE_REASONS) if self.forced else "",
            forced=self.forced,
        ):
            if self.answered < 9:
                self.decision = None
            return
        if not self.forced:
            self.answered = 9
        low, high = self.kind.estimate
        if self.advance(rng.uniform(3, 35), Status.IN_PROGRESS):
            self.advance(rng.uniform(0.6, 1.4) * 7 * (low + high) / 3, Status.SHIPPED)


def _checklist(rng: random.Random, answered: int) -> tuple[ChecklistItem, ...]:
    keys = list(range(len(DEFAULT_TEMPLATE)))
    done = set(rng.sample(keys, answered))
    items = []
    for index, item in enumerate(DEFAULT_TEMPLATE):
        if index in done:
            answer = rng.choices((Answer.YES, Answer.NO, Answer.NA), (6, 3, 1))[0]
            note = (
                "Confirmed on the account call"
                if answer is Answer.YES and rng.random() < 0.2
                else ""
            )
            items.append(ChecklistItem(item.key, item.question, answer, note))
        else:
            items.append(ChecklistItem(item.key, item.question))
    return tuple(items)


ACCOUNTS_PER_REQUEST = 0.2
"""A large workspace has one account per five requests (2,000 at 10,000 requests)."""
CATALOGUE_WEIGHT = 8
"""How much more often a named account of the catalogue asks than a generated one."""
REPEAT_ACCOUNT = 0.2
"""How often a further ask on a request comes from an account that already asked."""
QUOTED = 0.85
"""How many asks come with the asker's words."""

_SALES_SOURCES = frozenset({Source.CUSTOMER, Source.SALES})
"""Sources whose asks come from accounts (the others' from teams)."""


def _account(company: Company, today: date) -> Account:
    renewal = None if company.renewal_days is None else today + timedelta(company.renewal_days)
    return Account(
        name=company.name,
        kind=company.kind,
        arr=company.arr,
        tier=company.tier,
        renewal=renewal,
        owner=company.owner,
        notes=company.notes,
    )


def _accounts(rng: random.Random, count: int, today: date) -> list[Account]:
    """The catalogue's accounts, then as many generated ones as ``count`` requests need."""
    accounts = [_account(company, today) for company in COMPANIES]
    wanted = int(count * ACCOUNTS_PER_REQUEST) - len(accounts)
    if wanted <= 0:
        return accounts
    names = [
        f"{stem} {sector} {form}"
        for stem, sector, form in itertools.product(NAME_STEMS, NAME_SECTORS, NAME_FORMS)
    ]
    rng.shuffle(names)
    owners = [person for person in SALES_PEOPLE if "AE" in person]
    tiers = ("Growth", "Mid-market", "Enterprise")
    for number in range(wanted):
        # Past the name parts' combinations (a workspace of over 100,000), a number.
        name = names[number % len(names)]
        if number >= len(names):
            name = f"{name} {number // len(names) + 1}"
        prospect = rng.random() < 0.2
        accounts.append(
            Account(
                name=name,
                kind=AccountKind.PROSPECT if prospect else AccountKind.CUSTOMER,
                arr=rng.randrange(15_000, 600_000, 5_000),
                tier=rng.choice(tiers),
                renewal=None if prospect else today + timedelta(rng.randint(1, 365)),
                owner=rng.choice(owners),
            )
        )
    return accounts


class _Askers:
    """Picks who asks: accounts (the catalogue's more often), requesters, channels."""

    def __init__(self, rng: random.Random, accounts: list[Account]) -> None:
        self.rng = rng
        self.accounts = accounts
        weights = [CATALOGUE_WEIGHT if i < len(COMPANIES) else 1 for i in range(len(accounts))]
        self.cumulative = list(itertools.accumulate(weights))
        self.channels = {
            source: ([c for c, _ in pairs], list(itertools.accumulate(w for _, w in pairs)))
            for source, pairs in CHANNELS.items()
        }
        self.importances = {
            source: list(itertools.accumulate(weights)) for source, weights in IMPORTANCES.items()
        }
        self.arr = {account.key: account.arr for account in accounts}

    def account(self) -> Account:
        """An account, the named ones of the catalogue more often."""
        return self.rng.choices(self.accounts, cum_weights=self.cumulative)[0]

    def channel(self, source: Source) -> Channel:
        """How an ask of ``source`` arrived."""
        channels, cumulative = self.channels[source]
        return self.rng.choices(channels, cum_weights=cumulative)[0]


def _reference(rng: random.Random, kind: Kind, channel: Channel, asked_on: date) -> str:
    if channel is Channel.TICKET:
        return f"SUP-{rng.randint(10_000, 99_999)}"
    if channel is Channel.QUESTIONNAIRE:
        return f"SQ-{asked_on.year}-{rng.randint(100, 999)}"
    if "legal" in kind.tags:
        return f"MSA §{rng.randint(4, 14)}.{rng.randint(1, 9)}"
    return ""


def _asks(
    rng: random.Random,
    kind: Kind,
    created: datetime,
    now: datetime,
    askers: _Askers,
    *,
    most: int = 6,
) -> tuple[Ask, ...]:
    """One to six asks of a request of ``kind``: the first before it was captured, the
    others around it (none after now)."""
    source = kind.source
    from_accounts = source in _SALES_SOURCES
    count = min(most, rng.choices(range(1, 7), ASKS_PER_REQUEST[from_accounts])[0])
    captured, today = created.date(), now.date()
    # Each asker in their own words: no quote is said twice on one request.
    quotes = rng.sample(QUOTES[kind.title], len(QUOTES[kind.title]))
    asks: list[Ask] = []
    named: list[Account] = []
    for number in range(count):
        if number == 0:
            asked_on = captured - timedelta(days=rng.randint(0, 14))
        else:
            asked_on = min(today, captured + timedelta(days=rng.randint(-20, 45)))
        account = None
        if from_accounts:
            if named and rng.random() < REPEAT_ACCOUNT:
                account = rng.choice(named)
            else:
                account = askers.account()
                named.append(account)
            requester = account.owner if rng.random() < 0.7 else rng.choice(SALES_PEOPLE)
        else:
            requester = rng.choice(TEAMS[source])
        channel = askers.channel(source)
        due = None
        if (source in (Source.SALES, Source.COMPLIANCE) and rng.random() < 0.7) or (
            kind.revenue and rng.random() < 0.3
        ):
            due = asked_on + timedelta(days=rng.randint(10, 150))
        asks.append(
            Ask(
                asked_on=asked_on,
                account=None if account is None else account.name,
                requester=requester,
                channel=channel,
                importance=rng.choices(IMPORTANCE_ORDER, cum_weights=askers.importances[source])[0],
                due=due,
                reference=_reference(rng, kind, channel, asked_on),
                quote=quotes.pop() if quotes and rng.random() < QUOTED else "",
            )
        )
    asks.sort(key=lambda ask: ask.asked_on)
    return tuple(asks)


def _request(
    rng: random.Random,
    walk: _Walk,
    number: int,
    title: str,
    asks: tuple[Ask, ...],
    askers: _Askers,
    now: datetime,
) -> Request:
    kind = walk.kind
    low, high = kind.estimate
    estimate = round(rng.uniform(low, high) * 2) / 2
    decision = walk.decision
    planned = None
    if decision in (Decision.DECLINE, Decision.DEFER):
        planned = 0.0
    elif decision is Decision.BUY:
        planned = round(rng.uniform(0.5, 3) * 2) / 2
    elif decision is Decision.POLICY:
        planned = round(rng.uniform(0.5, 1.5) * 2) / 2
    elif decision is Decision.BUILD:
        planned = max(0.5, round(estimate * rng.uniform(0.3, 0.9) * 2) / 2)
    has_rice = walk.status is not Status.INTAKE or rng.random() < 0.3
    horizon = None
    if walk.status is Status.IN_PROGRESS:
        horizon = Horizon.NOW
    elif walk.status is Status.COMMITTED:
        horizon = rng.choices((Horizon.NOW, Horizon.NEXT, Horizon.LATER), (3, 4, 2))[0]
    elif walk.status is Status.SHIPPED:
        horizon = Horizon.NOW
    objective = None
    if kind.objective and walk.status in (Status.COMMITTED, Status.IN_PROGRESS, Status.SHIPPED):
        objective = kind.objective if rng.random() < 0.85 else None
    rationale = rng.choice(RATIONALES[decision]) if decision else ""
    revisit = None
    if decision is Decision.DEFER:
        revisit = (now + timedelta(days=rng.randint(20, 120))).date()
    demand = demand_of(asks, askers.arr.get)
    request = Request(
        id=number,
        title=title,
        description=_description(kind, demand.lead_account, len(asks)),
        source=kind.source,
        status=walk.status,
        created_at=walk.history[0].at,
        updated_at=walk.history[-1].at,
        frameworks=kind.frameworks,
        tags=kind.tags,
        estimate_weeks=estimate,
        planned_weeks=planned,
        reach=rng.randint(1, 400) if has_rice else None,
        impact=rng.choice((0.25, 0.5, 1.0, 2.0, 3.0)) if has_rice else None,
        confidence=rng.choice((50, 60, 70, 80, 90, 100)) if has_rice else None,
        decision=decision,
        rationale=rationale,
        revisit=revisit,
        horizon=horizon,
        objective=objective,
        checklist=_checklist(rng, walk.answered) if walk.status is not Status.INTAKE else (),
        asks=asks,
    )
    # The store derives these on every write; a snapshot made of the data alone agrees.
    return with_demand(request, demand)


def _description(kind: Kind, account: str | None, asks: int) -> str:
    if kind.source is Source.INCIDENT:
        return f"Follow-up from a security incident: {kind.title.lower()}."
    if kind.source is Source.COMPLIANCE:
        frameworks = ", ".join(kind.frameworks) or "the audit"
        return f"Needed as evidence for {frameworks}. Auditor asked during fieldwork."
    if kind.source is Source.INTERNAL:
        return (
            "The requesting team believes we need this. Discovery should confirm the problem first."
        )
    others = f" and {asks - 1} more ask(s)" if asks > 1 else ""
    return (
        f"{account} asked for this during the sales cycle{others}. "
        "Confirm the blocker and the scope."
    )


class _Planned(NamedTuple):
    """What one request will be."""

    kind: Kind
    title: str
    stays_open: bool = False
    """A duplicate captured lately, or the request it repeats: both wait to be merged."""
    most_asks: int = 6
    """A duplicate was captured from one or two askers before anyone noticed."""


def _plan(rng: random.Random, count: int) -> list[_Planned]:
    """What each request will be, oldest first.

    Every kind comes once before any comes again (the kinds that are duplicated come
    only as their pair, the first time round), so a workspace of up to about sixty
    requests holds no similar titles but the duplicates; a larger one repeats kinds,
    each time for another part of the product.
    """
    pairs = min(len(DUPLICATES), count // 20)
    kinds = {kind.title: kind for kind in ASKS}
    duplicated = [kinds[original] for original, _ in DUPLICATES[:pairs]]
    regular = [kind for kind in ASKS if kind not in duplicated]
    rng.shuffle(regular)
    while len(regular) < count - 2 * pairs:
        batch = list(ASKS)
        rng.shuffle(batch)
        regular += batch
    del regular[count - 2 * pairs :]
    seen = dict.fromkeys(kinds, 0)
    for kind in duplicated:
        seen[kind.title] = 1
    plan: list[_Planned] = []
    for kind in regular:
        occurrence = seen[kind.title]
        seen[kind.title] += 1
        title = kind.title
        if occurrence:
            title = f"{title} {SCOPES[(occurrence - 1) % len(SCOPES)]}"
        plan.append(_Planned(kind, title))
    for kind, (_, duplicate) in zip(duplicated, DUPLICATES[:pairs], strict=True):
        plan += [_Planned(kind, kind.title, True), _Planned(kind, duplicate, True, 2)]
    return plan


def _records(
    rng: random.Random, count: int, created: list[datetime], askers: _Askers, now: datetime
) -> tuple[RequestRecord, ...]:
    records = []
    plan = _plan(rng, count)
    ask_ids = itertools.count(1)
    for number, (moment, planned) in enumerate(zip(created, plan, strict=True), start=1):
        kind = planned.kind
        walk = _Walk(rng, kind, moment, now)
        if planned.stays_open:
            walk.triage()
        else:
            walk.run()
        asks = tuple(
            dataclasses.replace(ask, id=next(ask_ids))
            for ask in _asks(rng, kind, moment, now, askers, most=planned.most_asks)
        )
        request = _request(rng, walk, number, planned.title, asks, askers, now)
        records.append(RequestRecord(request, tuple(walk.history)))
    return tuple(records)


def generate(count: int, seed: int, now: datetime) -> WorkspaceData:
    """A demo workspace of ``count`` requests whose history ends at ``now``."""
    rng = random.Random(seed)
    created = sorted(
        now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.3, minutes=rng.randint(0, 600))
        for _ in range(count)
    )
    today: date = now.date()
    accounts = _accounts(rng, count, today)
    askers = _Askers(rng, accounts)
    # A large workspace is hundreds of thousands of objects that all stay alive.
    with collector_paused():
        records = _records(rng, count, created, askers, now)
    objectives = tuple(
        Objective(
            key=key,
            title=title,
            status=status,
            description=description,
            target=today + timedelta(days=days),
        )
        for key, title, days, status, description in OBJECTIVES
    )
    return WorkspaceData(
        vision=VISION,
        template=DEFAULT_TEMPLATE,
        objectives=objectives,
        records=records,
        # In the order the store reads them back: accounts by key, asks numbered in turn.
        accounts=tuple(sorted(accounts, key=lambda account: account.key)),
    )
