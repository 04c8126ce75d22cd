"""A believable security-PM workspace, generated from a seed.

Asks come from customers, deals and renewals, audits, other teams and incidents; each
walks the lifecycle over the past sixteen weeks the way real ones do — triaged after a
few days, discovered, then built, bought, carved out by policy, declined or deferred —
and stops wherever "now" catches it. The same seed and clock give the same workspace.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from secboard.demo.catalogue import (
    ASKS,
    CUSTOMERS,
    FORCE_REASONS,
    OBJECTIVES,
    RATIONALES,
    SALES_PEOPLE,
    TEAMS,
    VISION,
    Ask,
)
from secboard.domain.checklist import DEFAULT_TEMPLATE
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
)

HISTORY_DAYS = 112


class _Walk:
    """One request's life, generated step by step until it reaches the present."""

    def __init__(self, rng: random.Random, ask: Ask, created: datetime, now: datetime) -> None:
        self.rng = rng
        self.ask = ask
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

    def run(self) -> None:
        rng = self.rng
        triage_days = rng.expovariate(1 / 4) + (rng.uniform(7, 40) if rng.random() < 0.2 else 0)
        if not self.advance(triage_days, Status.DISCOVERY):
            return
        discovery_days = rng.uniform(4, 30)
        self.answered = min(9, int(9 * min(1, (self.now - self.at).days / discovery_days)))
        decisions, weights = zip(*self.ask.decisions, strict=True)
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
        low, high = self.ask.estimate
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


def _request(rng: random.Random, walk: _Walk, number: int, now: datetime) -> Request:
    ask = walk.ask
    customer = rng.choice(CUSTOMERS) if ask.source in (Source.CUSTOMER, Source.SALES) else None
    title = f"{ask.title} — {customer}" if customer else ask.title
    if ask.source in (Source.CUSTOMER, Source.SALES):
        requester = rng.choice(SALES_PEOPLE)
    else:
        requester = rng.choice(TEAMS[ask.source])
    low, high = ask.estimate
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
    due = None
    if ask.source in (Source.SALES, Source.COMPLIANCE) or (ask.revenue and rng.random() < 0.4):
        due = (walk.history[0].at + timedelta(days=rng.randint(10, 150))).date()
    horizon = None
    if walk.status is Status.IN_PROGRESS:
        horizon = Horizon.NOW
    elif walk.status is Status.COMMITTED:
        horizon = rng.choices((Horizon.NOW, Horizon.NEXT, Horizon.LATER), (3, 4, 2))[0]
    elif walk.status is Status.SHIPPED:
        horizon = Horizon.NOW
    objective = None
    if ask.objective and walk.status in (Status.COMMITTED, Status.IN_PROGRESS, Status.SHIPPED):
        objective = ask.objective if rng.random() < 0.85 else None
    rationale = rng.choice(RATIONALES[decision]) if decision else ""
    revisit = None
    if decision is Decision.DEFER:
        revisit = (now + timedelta(days=rng.randint(20, 120))).date()
    return Request(
        id=number,
        title=title,
        description=_description(ask, customer),
        source=ask.source,
        status=walk.status,
        created_at=walk.history[0].at,
        updated_at=walk.history[-1].at,
        requester=requester,
        customer=customer,
        arr=rng.randrange(20_000, 900_000, 5_000) if customer else None,
        due=due,
        frameworks=ask.frameworks,
        tags=ask.tags,
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
    )


def _description(ask: Ask, customer: str | None) -> str:
    who = customer or "The requester"
    if ask.source is Source.INCIDENT:
        return f"Follow-up from a security incident: {ask.title.lower()}."
    if ask.source is Source.COMPLIANCE:
        frameworks = ", ".join(ask.frameworks) or "the audit"
        return f"Needed as evidence for {frameworks}. Auditor asked during fieldwork."
    if ask.source is Source.INTERNAL:
        return f"{who} believes we need this. Discovery should confirm the problem first."
    return f"{who} asked for this during the sales cycle. Confirm the blocker and the scope."


def generate(count: int, seed: int, now: datetime) -> WorkspaceData:
    """A demo workspace of ``count`` requests whose history ends at ``now``."""
    rng = random.Random(seed)
    created = sorted(
        now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.3, minutes=rng.randint(0, 600))
        for _ in range(count)
    )
    records = []
    for number, moment in enumerate(created, start=1):
        walk = _Walk(rng, rng.choice(ASKS), moment, now)
        walk.run()
        records.append(RequestRecord(_request(rng, walk, number, now), tuple(walk.history)))
    today: date = now.date()
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
        vision=VISION, template=DEFAULT_TEMPLATE, objectives=objectives, records=tuple(records)
    )
