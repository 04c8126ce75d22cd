"""Converters between stored rows and domain objects, in both directions, by column name.

Rows come from either database (the SQLite driver's own rows on a file, SQLAlchemy
mappings on PostgreSQL); both are read by column name, so a
query's column order never matters. Values arrive as each database stores them:
moments as ISO-8601 UTC text, dates as text on SQLite and as dates on PostgreSQL.
"""

from __future__ import annotations

import functools
import json
import operator
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from operator import itemgetter
from typing import Any, Protocol, cast

from secboard.domain.asks import Account, AccountKind, Ask, Channel, Importance
from secboard.domain.collector import collector_paused
from secboard.domain.model import (
    Answer,
    Card,
    ChecklistItem,
    Decision,
    Horizon,
    Objective,
    ObjectiveStatus,
    Request,
    RequestSummary,
    Source,
    Status,
    StatusEvent,
)
from secboard.domain.scoring import rice_score


class Row(Protocol):
    """A result row whose values are looked up by column name."""

    def __getitem__(self, name: str, /) -> Any: ...


OBJECTIVE_KEY = "objective_key"
"""The name queries give the key of a request's objective (joined from ``objective``)."""

_SOURCES = {member.value: member for member in Source}
_STATUSES = {member.value: member for member in Status}
_DECISIONS: dict[str | None, Decision | None] = {member.value: member for member in Decision}
_DECISIONS[None] = None
_HORIZONS: dict[str | None, Horizon | None] = {member.value: member for member in Horizon}
_HORIZONS[None] = None
_ANSWERS = {member.value: member for member in Answer}
_IMPORTANCES: dict[str | None, Importance | None] = {member.value: member for member in Importance}
_IMPORTANCES[None] = None
_CHANNELS = {member.value: member for member in Channel}
ACCOUNT_NAME = "account_name"
"""The name queries give the name of an ask's account (joined from ``account``)."""


def encode_moment(moment: datetime) -> str:
    """A moment as stored: UTC, microseconds, fixed width."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def decode_moment(text: str) -> datetime:
    """The moment stored as ``text``."""
    return datetime.fromisoformat(text)


def encode_labels(labels: Sequence[str]) -> str:
    """Tags or frameworks as stored."""
    return json.dumps(list(labels), ensure_ascii=False)


@functools.lru_cache(maxsize=8192)
def decode_labels(text: str) -> tuple[str, ...]:
    """The tags or frameworks stored as ``text`` (the same few sets recur: cached)."""
    return tuple(json.loads(text)) if text != "[]" else ()


def optional_date(value: str | date | None) -> date | None:
    """The date stored as ``value`` (text on SQLite, a date on PostgreSQL), if any."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


def stored_date(value: str | date) -> date:
    """The date stored as ``value`` in a column that always holds one."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def request_from_row(
    row: Row, checklist: tuple[ChecklistItem, ...], asks: tuple[Ask, ...] = ()
) -> Request:
    """A :class:`Request` from a row of ``request`` joined with its objective's key."""
    return Request(
        id=row["id"],
        title=row["title"],
        description=row["description"],
        source=_SOURCES[row["source"]],
        requester=row["requester"],
        customer=row["customer"],
        arr=row["arr"],
        due=optional_date(row["due"]),
        frameworks=decode_labels(row["frameworks"]),
        tags=decode_labels(row["tags"]),
        estimate_weeks=row["estimate_weeks"],
        planned_weeks=row["planned_weeks"],
        reach=row["reach"],
        impact=row["impact"],
        confidence=row["confidence"],
        status=_STATUSES[row["status"]],
        decision=_DECISIONS[row["decision"]],
        rationale=row["rationale"],
        revisit=optional_date(row["revisit"]),
        horizon=_HORIZONS[row["horizon"]],
        created_at=decode_moment(row["created_at"]),
        updated_at=decode_moment(row["updated_at"]),
        version=row["version"],
        objective=row[OBJECTIVE_KEY],
        owner=row["owner"],
        updated_by=row["updated_by"],
        checklist=checklist,
        asks=asks,
        accounts=row["accounts"],
        importance=_IMPORTANCES[row["importance"]],
        merged_into=row["merged_into"],
    )


CARD_COLUMNS = (
    "id",
    "title",
    "source",
    "status",
    "created_at",
    "updated_at",
    "requester",
    "customer",
    "arr",
    "due",
    "tags",
    "estimate_weeks",
    "planned_weeks",
    "reach",
    "impact",
    "confidence",
    "decision",
    "horizon",
    OBJECTIVE_KEY,
    "checklist_done",
    "checklist_total",
    "version",
    "revisit",
    "owner",
    "ask_count",
    "accounts",
    "importance",
)
"""The columns a card is made of (a query for cards names each of them)."""


def values_by_name(rows: Iterable[Row], names: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Each row's values for the columns ``names``, in that order.

    The columns are found by name, once per query: a SQLite driver's row looks a name
    up by comparing it with every column in turn, which for a whole board costs more
    than the query itself, so those rows are then read by position (the position of each name in
    the first row's own columns). Mapping rows (SQLAlchemy's) are read by name.
    """
    iterator = iter(rows)
    head = next(iterator, None)
    if head is None:
        return
    if isinstance(head, Mapping):
        keys: list[Any] = list(names)
    else:
        columns = list(cast("_Keyed", head).keys())
        keys = [columns.index(name) for name in names]
    # itemgetter gives a tuple for two keys or more, the bare value for one.
    pick = itemgetter(*keys) if len(keys) > 1 else lambda row: (row[keys[0]],)
    yield pick(head)
    yield from map(pick, iterator)


class _Keyed(Protocol):
    """A row that lists its column names (a SQLite driver's row)."""

    def keys(self) -> list[str]: ...


def cards_from_rows(rows: Iterable[Row]) -> list[Card]:
    """A :class:`Card` from each row of ``request`` (the :data:`CARD_COLUMNS` at least).

    This runs once per request when the board loads: the values are unpacked in one go,
    the enums and dates converted with names bound locally, and the card made as the
    tuple it is, in :class:`Card`'s field order.
    """
    new, card = tuple.__new__, Card
    sources, statuses, decisions, horizons = _SOURCES, _STATUSES, _DECISIONS, _HORIZONS
    moment, day, labels, score = decode_moment, optional_date, decode_labels, rice_score
    importances = _IMPORTANCES
    with collector_paused():
        return [
            new(
                card,
                (
                    id_,
                    title,
                    sources[source],
                    statuses[status],
                    moment(created_at),
                    moment(updated_at),
                    requester,
                    customer,
                    arr,
                    None if due is None else day(due),
                    labels(tags),
                    estimate,
                    planned,
                    reach,
                    impact,
                    confidence,
                    score(reach, impact, confidence, planned if planned is not None else estimate),
                    decisions[decision],
                    horizons[horizon],
                    objective,
                    done,
                    total,
                    version,
                    None if revisit is None else day(revisit),
                    owner,
                    asks,
                    accounts,
                    importances[importance],
                ),
            )
            for (
                id_,
                title,
                source,
                status,
                created_at,
                updated_at,
                requester,
                customer,
                arr,
                due,
                tags,
                estimate,
                planned,
                reach,
                impact,
                confidence,
                decision,
                horizon,
                objective,
                done,
                total,
                version,
                revisit,
                owner,
                asks,
                accounts,
                importance,
            ) in values_by_name(rows, CARD_COLUMNS)
        ]


def summary_from_row(row: Row) -> RequestSummary:
    """A :class:`RequestSummary` from a row of ``request`` joined with its objective's key."""
    estimate, planned = row["estimate_weeks"], row["planned_weeks"]
    reach, impact, confidence = row["reach"], row["impact"], row["confidence"]
    # Positional arguments: a listing makes one per request, and keywords cost more.
    return RequestSummary(
        row["id"],
        row["title"],
        row["description"],
        _SOURCES[row["source"]],
        row["requester"],
        row["customer"],
        row["arr"],
        optional_date(row["due"]),
        decode_labels(row["frameworks"]),
        decode_labels(row["tags"]),
        estimate,
        planned,
        reach,
        impact,
        confidence,
        _STATUSES[row["status"]],
        _DECISIONS[row["decision"]],
        row["rationale"],
        optional_date(row["revisit"]),
        _HORIZONS[row["horizon"]],
        row[OBJECTIVE_KEY],
        row["owner"],
        decode_moment(row["created_at"]),
        decode_moment(row["updated_at"]),
        row["updated_by"],
        row["version"],
        rice_score(reach, impact, confidence, planned if planned is not None else estimate),
        row["checklist_done"],
        row["checklist_total"],
        row["ask_count"],
        row["accounts"],
        _IMPORTANCES[row["importance"]],
        row["merged_into"],
    )


def checklist_from_row(row: Row) -> ChecklistItem:
    """A checklist item from a row of ``checklist_item``."""
    return ChecklistItem(row["key"], row["question"], _ANSWERS[row["answer"]], row["note"])


def ask_from_row(row: Row) -> Ask:
    """An ask from a row of ``ask`` joined with its account's name."""
    return Ask(
        id=row["id"],
        account=row[ACCOUNT_NAME],
        requester=row["requester"],
        channel=_CHANNELS[row["channel"]],
        asked_on=stored_date(row["asked_on"]),
        importance=Importance(row["importance"]),
        due=optional_date(row["due"]),
        reference=row["reference"],
        quote=row["quote"],
    )


def account_from_row(row: Row) -> Account:
    """An account from a row of ``account``."""
    return Account(
        name=row["name"],
        kind=AccountKind(row["kind"]),
        arr=row["arr"],
        tier=row["tier"],
        renewal=optional_date(row["renewal"]),
        owner=row["owner"],
        notes=row["notes"],
    )


def account_values(account: Account) -> dict[str, Any]:
    """The stored values of ``account`` (all its columns but the id)."""
    return {
        "name": account.name,
        "name_key": account.key,
        "kind": account.kind.value,
        "arr": account.arr,
        "tier": account.tier,
        "renewal": None if account.renewal is None else account.renewal.isoformat(),
        "owner": account.owner,
        "notes": account.notes,
    }


def ask_values(request_id: int, ask: Ask, account_id: int | None) -> dict[str, Any]:
    """The stored values of ``ask`` of request ``request_id`` (its id too, unless new)."""
    values: dict[str, Any] = {} if ask.id == 0 else {"id": ask.id}
    values.update(
        request_id=request_id,
        account_id=account_id,
        requester=ask.requester,
        channel=ask.channel.value,
        asked_on=ask.asked_on.isoformat(),
        importance=ask.importance.value,
        due=None if ask.due is None else ask.due.isoformat(),
        reference=ask.reference,
        quote=ask.quote,
    )
    return values


def event_from_row(row: Row) -> StatusEvent:
    """A status event from a row of ``status_event``."""
    return StatusEvent(
        at=decode_moment(row["at"]),
        from_status=_STATUSES.get(row["from_status"]),
        to_status=_STATUSES[row["to_status"]],
        note=row["note"],
        forced=bool(row["forced"]),
        actor=row["actor"],
    )


def objective_from_row(row: Row) -> Objective:
    """An objective from a row of ``objective``."""
    return Objective(
        key=row["key"],
        title=row["title"],
        description=row["description"],
        target=optional_date(row["target"]),
        status=ObjectiveStatus(row["status"]),
    )


def request_values(
    request: Request, columns: Sequence[str], objective_id: int | None
) -> dict[str, Any]:
    """The values of ``request`` for each of ``columns`` (the table's), as they are stored:
    enums as their text, moments and dates as ISO-8601 text, labels as JSON arrays, the
    objective as its row id, the rest as it is."""
    values: dict[str, Any] = {}
    for name, encode in _request_encoders(tuple(columns)):
        if name == "objective_id":
            values[name] = objective_id
            continue
        value = getattr(request, name)
        values[name] = value if encode is None or value is None else encode(value)
    return values


_Encoder = Callable[[Any], Any]


@functools.cache
def _request_encoders(columns: tuple[str, ...]) -> tuple[tuple[str, _Encoder | None], ...]:
    """Per column, how a request's field is stored: found once from the field's type."""
    hints = typing.get_type_hints(Request)
    # Columns that are no field (checklist counts are properties) are stored as read.
    return tuple(
        (name, _encoder(_stored_type(hints[name])) if name in hints else None) for name in columns
    )


def _stored_type(hint: Any) -> type:
    """The type a field holds when set: ``date | None`` → ``date``, ``tuple[str, ...]`` →
    ``tuple``."""
    arguments = [part for part in typing.get_args(hint) if part is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return _stored_type(arguments[0])
    origin = typing.get_origin(hint)
    return origin if isinstance(origin, type) else hint


def _encoder(kind: type) -> _Encoder | None:
    if issubclass(kind, StrEnum):
        return operator.attrgetter("value")
    if issubclass(kind, datetime):
        return encode_moment
    if issubclass(kind, date):
        return date.isoformat
    if issubclass(kind, tuple):
        return encode_labels
    return None
