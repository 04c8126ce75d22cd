"""Sample workspaces and Hypothesis strategies for the snapshot tests."""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import tomli_w
from hypothesis import strategies as st

from secboard.domain.asks import Account, AccountKind, Ask, Channel, Importance
from secboard.domain.checklist import DEFAULT_TEMPLATE, instantiate
from secboard.domain.model import (
    IMPACT_VALUES,
    Answer,
    ChecklistItem,
    Decision,
    Horizon,
    Objective,
    ObjectiveStatus,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.domain.text import has_visible_characters
from secboard.domain.validation import parse_labels
from secboard.snapshot import export_snapshot

T = TypeVar("T")

EXPORTED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CREATED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


ACME = Account(
    "Acme Corp",
    AccountKind.CUSTOMER,
    120_000,
    tier="Enterprise",
    renewal=date(2027, 2, 1),
    owner="Lee Okonkwo (AE)",
    notes="Renewal at risk without SSO.",
)
"""The sample workspace's one account."""


def full_request() -> RequestRecord:
    """Request #12: every optional field set, in discovery with one answer given; asked
    for by Acme Corp (a blocker, due 2027-01-15) and by the IT helpdesk (internal)."""
    checklist = list(instantiate(DEFAULT_TEMPLATE))
    checklist[0] = ChecklistItem(
        checklist[0].key, checklist[0].question, Answer.YES, "Contract clause 7.2"
    )
    request = Request(
        id=12,
        title="SSO for the admin console — Acme Corp",
        description="Acme Corp asked twice.\nSee the thread.",
        source=Source.CUSTOMER,
        asks=(
            Ask(
                asked_on=date(2026, 9, 28),
                account="Acme Corp",
                requester="Dana Reyes (AE, EMEA)",
                channel=Channel.EMAIL,
                importance=Importance.BLOCKER,
                due=date(2027, 1, 15),
                reference="MSA clause 7.2",
                quote="No SSO on the admin console, no renewal.",
                id=1,
            ),
            Ask(
                asked_on=date(2026, 9, 30),
                requester="IT helpdesk",
                channel=Channel.CHAT,
                importance=Importance.NICE,
                id=2,
            ),
        ),
        frameworks=("SOC 2 CC6.1",),
        tags=("identity", "sso"),
        estimate_weeks=3.0,
        planned_weeks=2.5,
        reach=40,
        impact=2.0,
        confidence=80,
        status=Status.DISCOVERY,
        decision=Decision.BUILD,
        rationale="Two renewals name it; Acme Corp first.",
        horizon=Horizon.NEXT,
        objective="O1",
        owner="Sam Okafor",
        created_at=CREATED,
        updated_at=CREATED + timedelta(days=2, hours=-3, minutes=30),
        updated_by="Priya Nair",
        checklist=tuple(checklist),
    )
    history = (
        StatusEvent(at=CREATED, to_status=Status.INTAKE, actor="Priya Nair"),
        StatusEvent(
            at=CREATED + timedelta(days=1, hours=-3),
            from_status=Status.INTAKE,
            to_status=Status.DISCOVERY,
            actor="Sam Okafor",
        ),
    )
    return RequestRecord(request, history)


def bare_request() -> RequestRecord:
    """Request #13: only the required fields, still in intake."""
    request = Request(
        id=13,
        title="Pen-test letter",
        source=Source.SALES,
        status=Status.INTAKE,
        created_at=CREATED,
        updated_at=CREATED,
    )
    return RequestRecord(request, (StatusEvent(at=CREATED, to_status=Status.INTAKE),))


def sample_data() -> WorkspaceData:
    """A small workspace: two objectives, one account, a full request and a bare one.

    As a snapshot holds it: the requests' derived fields (customer, ARR, …) are unset;
    :func:`tests.builders.as_stored` gives it as a workspace reads it back.
    """
    return WorkspaceData(
        vision="Security that sales can sell.",
        template=DEFAULT_TEMPLATE,
        objectives=(
            Objective("O1", "Unblock enterprise deals", target=date(2027, 3, 31)),
            Objective("O2", "Pass SOC 2", ObjectiveStatus.DONE, "No exceptions."),
        ),
        records=(full_request(), bare_request()),
        accounts=(ACME,),
    )


def gate_skipping_data() -> WorkspaceData:
    """The sample workspace and request #14, moved from intake to shipped unforced."""
    shipped = Request(
        id=14,
        title="Audit log export",
        source=Source.SALES,
        status=Status.SHIPPED,
        created_at=CREATED,
        updated_at=CREATED + timedelta(days=1),
    )
    history = (
        StatusEvent(at=CREATED, to_status=Status.INTAKE),
        StatusEvent(
            at=CREATED + timedelta(days=1), from_status=Status.INTAKE, to_status=Status.SHIPPED
        ),
    )
    sample = sample_data()
    return dataclasses.replace(sample, records=(*sample.records, RequestRecord(shipped, history)))


def sample_document() -> dict[str, Any]:
    """The sample workspace's snapshot, parsed: a valid document to spoil in tests."""
    return tomllib.loads(export_snapshot(sample_data(), exported_at=EXPORTED))


def older_document(data: WorkspaceData, version: int) -> dict[str, Any]:
    """``data`` as a version 1 or 2 secboard wrote it, before asks: each request's
    customer, ARR, requester and due date on the request itself, each checklist row with
    its question, no accounts (and, in version 1, no owner nor signatures).

    ``data``'s requests hold those four fields set and no asks, as they were then.
    """
    document = tomllib.loads(export_snapshot(data, exported_at=EXPORTED))
    document["version"] = version
    document.pop("accounts", None)
    for row, record in zip(document.get("requests", []), data.records, strict=True):
        request = record.request
        row.pop("asks", None)
        row.pop("merged_into", None)
        for key in ("requester", "customer", "arr", "due"):
            if getattr(request, key) is not None:
                row[key] = getattr(request, key)
        for item, kept in zip(row.get("checklist", []), request.checklist, strict=True):
            item["question"] = kept.question
        if version == 1:
            row.pop("owner", None)
            row.pop("updated_by", None)
            for event in row["history"]:
                event.pop("by", None)
    return document


def before_asks() -> WorkspaceData:
    """A workspace as it was before asks, its requests' customer fields set directly.

    #12 is Acme Corp's (ARR 120,000, due 2027-01-15); #13 has none of them; #14 is
    "ACME corp" again with another ARR (90,000) and its own requester and due date;
    #15 is internal, a requester and nothing else; #16 has an ARR but no customer.
    """
    data = sample_data()
    full, bare = data.records
    twelve = dataclasses.replace(
        full.request,
        asks=(),
        requester="Dana Reyes (AE, EMEA)",
        customer="Acme Corp",
        arr=120_000,
        due=date(2027, 1, 15),
    )

    def another(request_id: int, title: str, **fields: Any) -> RequestRecord:
        request = dataclasses.replace(bare.request, id=request_id, title=title, **fields)
        return RequestRecord(request, bare.history)

    return WorkspaceData(
        data.vision,
        data.template,
        data.objectives,
        (
            RequestRecord(twelve, full.history),
            bare,
            another(
                14,
                "Audit log export",
                customer="ACME corp",
                arr=90_000,
                requester="Sam Lee",
                due=date(2026, 12, 20),
            ),
            another(15, "Secrets scanning", source=Source.INTERNAL, requester="Platform team"),
            another(16, "Data residency", arr=50_000),
        ),
    )


def dump(document: dict[str, Any]) -> bytes:
    """A document as file bytes."""
    return tomli_w.dumps(document).encode()


# Hypothesis strategies: every value is valid and in the form the store keeps it.

HOSTILE = (
    "[bold]loud[/bold]",
    "[/]",
    "[link=https://x]y[/link]",
    '"quoted" and \\backslash\\',
    "'''",
    '"""',
    "line one\nline two\r\nthree",
    "tab\there",
    "\x1b[31mred\x1b[0m",
    "bell\x07 and \x7f and \x9b",
    "\u202eevil\u202c",
    "zero\u200bwidth",
    "🙂 👍🏽 🏳️‍🌈",
    "日本語のタイトル",
    "ﷺ",
    "# not a comment",
    "key = value",
    "[[requests]]",
)

_characters = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
free_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(_characters, max_size=30),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("".join),
)
"""Anything a user may type, markup and control characters included."""


def _trimmed(limit: int) -> Callable[[str], str]:
    return lambda text: text.strip()[:limit].strip()


titles = free_text.map(_trimmed(200)).filter(has_visible_characters)
names = st.none() | free_text.map(_trimmed(200)).filter(bool)
labels = st.lists(
    free_text.filter(lambda s: not any(ch in s for ch in "\n\r\t")).map(_trimmed(80)),
    max_size=3,
).map(lambda raw: parse_labels(raw, "labels"))
moments = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))
weeks = st.floats(min_value=0, max_value=1000, allow_nan=False).map(lambda w: w + 0.0)
checklist_keys = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
objective_keys = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,10}", fullmatch=True)


def optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``strategy`` or None."""
    return st.none() | strategy


templates = st.lists(
    st.builds(TemplateItem, checklist_keys, titles),
    min_size=1,
    max_size=4,
    unique_by=lambda t: t.key,
).map(tuple)
checklists = st.lists(
    st.builds(ChecklistItem, checklist_keys, titles, st.sampled_from(Answer), free_text),
    max_size=4,
    unique_by=lambda item: item.key,
).map(tuple)
objectives = st.lists(
    st.builds(
        Objective,
        objective_keys,
        titles,
        st.sampled_from(ObjectiveStatus),
        free_text,
        optional(days),
    ),
    max_size=3,
    unique_by=lambda o: o.key,
).map(tuple)


@st.composite
def histories(draw: st.DrawFn) -> tuple[StatusEvent, ...]:
    """A consistent history: each move leaves the status the previous one entered."""
    statuses = draw(st.lists(st.sampled_from(Status), min_size=1, max_size=4))
    times = sorted(draw(st.lists(moments, min_size=len(statuses), max_size=len(statuses))))
    events = [
        StatusEvent(at=times[0], to_status=statuses[0], note=draw(free_text), actor=draw(names))
    ]
    for at, status in zip(times[1:], statuses[1:], strict=True):
        forced = draw(st.booleans())
        note = draw(titles if forced else free_text)
        actor = draw(names)
        events.append(StatusEvent(at, status, events[-1].to_status, note, forced, actor))
    return tuple(events)


account_names = free_text.map(_trimmed(200)).filter(bool)
arrs = st.integers(0, 10**12)
accounts = st.lists(
    st.builds(
        Account,
        account_names,
        st.sampled_from(AccountKind),
        optional(arrs),
        free_text.map(_trimmed(80)),
        optional(days),
        names,
        free_text,
    ),
    max_size=4,
    unique_by=lambda account: account.key,
).map(lambda drawn: tuple(sorted(drawn, key=lambda account: account.key)))
"""Accounts, some without an ARR, in the store's order (by name without case)."""


@st.composite
def asks(draw: st.DrawFn, known: tuple[Account, ...], first_id: int) -> tuple[Ask, ...]:
    """Up to four asks, numbered from ``first_id``: some from ``known`` accounts (spelled as
    the account is), some internal (no account)."""
    count = draw(st.integers(0, 4))
    account = (st.none() | st.sampled_from([a.name for a in known])) if known else st.none()
    return tuple(
        Ask(
            asked_on=draw(days),
            account=draw(account),
            requester=draw(names),
            channel=draw(st.sampled_from(Channel)),
            importance=draw(st.sampled_from(Importance)),
            due=draw(optional(days)),
            reference=draw(free_text.map(_trimmed(200))),
            quote=draw(free_text),
            id=first_id + offset,
        )
        for offset in range(count)
    )


@st.composite
def records(
    draw: st.DrawFn,
    request_id: int,
    keys: tuple[str, ...],
    known: tuple[Account, ...] = (),
    first_ask_id: int = 1,
) -> RequestRecord:
    """One request with every field drawn, its status the end of its history; its asks
    name ``known`` accounts and are numbered from ``first_ask_id``.

    Its customer, requester, ARR and due date are left unset: they are derived from the
    asks, and a snapshot does not carry them (see :func:`tests.builders.as_stored`).
    """
    history = draw(histories())
    created_at, updated_at = sorted((draw(moments), draw(moments)))
    request = Request(
        id=request_id,
        title=draw(titles),
        description=draw(free_text),
        source=draw(st.sampled_from(Source)),
        asks=draw(asks(known, first_ask_id)),
        frameworks=draw(labels),
        tags=draw(labels),
        estimate_weeks=draw(optional(weeks)),
        planned_weeks=draw(optional(weeks)),
        reach=draw(optional(st.integers(0, 10**9))),
        impact=draw(optional(st.sampled_from(IMPACT_VALUES))),
        confidence=draw(optional(st.integers(0, 100))),
        status=history[-1].to_status,
        decision=draw(optional(st.sampled_from(Decision))),
        rationale=draw(free_text),
        revisit=draw(optional(days)),
        horizon=draw(optional(st.sampled_from(Horizon))),
        objective=draw(optional(st.sampled_from(keys))) if keys else None,
        owner=draw(names),
        created_at=created_at,
        updated_at=updated_at,
        updated_by=draw(names),
        checklist=draw(checklists),
    )
    return RequestRecord(request, history)


@st.composite
def workspaces(draw: st.DrawFn) -> WorkspaceData:
    """Any valid workspace, small: accounts, requests with asks from them (or internal
    ones), and perhaps a request merged into another."""
    chosen = draw(objectives)
    keys = tuple(o.key for o in chosen)
    known = draw(accounts)
    ids = sorted(draw(st.lists(st.integers(1, 2**53 - 1), max_size=3, unique=True)))
    drawn: list[RequestRecord] = []
    next_ask = draw(st.integers(1, 2**40))
    for request_id in ids:
        record = draw(records(request_id, keys, known, next_ask))
        next_ask += len(record.request.asks)
        drawn.append(record)
    if len(ids) >= 2 and draw(st.booleans()):
        # A merge: the source names a target that is not merged itself.
        source, target = draw(st.permutations(range(len(ids))))[:2]
        merged = dataclasses.replace(drawn[source].request, merged_into=ids[target])
        drawn[source] = RequestRecord(merged, drawn[source].history)
    return WorkspaceData(
        vision=draw(free_text),
        template=draw(templates),
        objectives=chosen,
        records=tuple(drawn),
        accounts=known,
    )


def every_free_text(text: str) -> WorkspaceData:
    """The sample workspace with ``text`` in every free-text field a snapshot carries.

    The checklist question differs from the template's (``text`` and a question mark), so
    the snapshot writes both; the account's notes hold ``text`` too, though a redacted
    snapshot drops them.
    """
    data = sample_data()
    record = data.records[0]
    first = record.request.checklist[0]
    ask = dataclasses.replace(record.request.asks[0], reference=text.strip(), quote=text)
    request = dataclasses.replace(
        record.request,
        title=f"SSO {text}",
        description=text,
        rationale=text,
        tags=(text,),
        frameworks=(text,),
        checklist=(dataclasses.replace(first, question=f"{text}?", note=text),),
        asks=(ask, *record.request.asks[1:]),
    )
    history = (*record.history, dataclasses.replace(record.history[-1], note=text, forced=True))
    return dataclasses.replace(
        data,
        vision=text,
        template=(dataclasses.replace(data.template[0], question=text),),
        objectives=(dataclasses.replace(data.objectives[0], title=text, description=text),),
        records=(RequestRecord(request, history), data.records[1]),
        accounts=(dataclasses.replace(ACME, tier=text.strip()[:80], notes=text),),
    )


FREE_TEXT_FIELDS = 15
"""How many free-text fields :func:`every_free_text` fills that a redacted snapshot keeps:
the request's title, description, rationale, tag, framework, checklist question and note,
the history note, its first ask's reference and quote, the account's tier, the vision,
the template question and the objective's title and description."""


def asked_by(data: WorkspaceData, *requesters: str) -> WorkspaceData:
    """``data`` with its first request's asks from ``requesters`` in turn (its first ask
    copied for each)."""
    record = data.records[0]
    first = record.request.asks[0]
    asks = tuple(
        dataclasses.replace(first, requester=requester, id=first.id + number)
        for number, requester in enumerate(requesters)
    )
    request = dataclasses.replace(record.request, asks=asks)
    return dataclasses.replace(data, records=(RequestRecord(request, record.history),))
