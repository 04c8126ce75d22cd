"""Converters between stored rows and domain objects, in both directions, by column name.

Rows come from either database and either read path (``sqlite3`` rows on the lean
SQLite path, SQLAlchemy mappings everywhere else); both are read by column name, so a
query's column order never matters. Values arrive as each database stores them:
moments as ISO-8601 UTC text, dates as text on SQLite and as dates on PostgreSQL.
"""

from __future__ import annotations

import functools
import json
import operator
import types
import typing
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Protocol

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


def request_from_row(row: Row, checklist: tuple[ChecklistItem, ...]) -> Request:
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
    )


def card_from_row(row: Row) -> Card:
    """A :class:`Card` from a row of ``request`` joined with its objective's key."""
    estimate, planned = row["estimate_weeks"], row["planned_weeks"]
    reach, impact, confidence = row["reach"], row["impact"], row["confidence"]
    return Card(
        id=row["id"],
        title=row["title"],
        source=_SOURCES[row["source"]],
        status=_STATUSES[row["status"]],
        created_at=decode_moment(row["created_at"]),
        updated_at=decode_moment(row["updated_at"]),
        requester=row["requester"],
        customer=row["customer"],
        arr=row["arr"],
        due=optional_date(row["due"]),
        tags=decode_labels(row["tags"]),
        estimate_weeks=estimate,
        planned_weeks=planned,
        reach=reach,
        impact=impact,
        confidence=confidence,
        score=rice_score(reach, impact, confidence, planned if planned is not None else estimate),
        decision=_DECISIONS[row["decision"]],
        horizon=_HORIZONS[row["horizon"]],
        objective=row[OBJECTIVE_KEY],
        version=row["version"],
        checklist_done=row["checklist_done"],
        checklist_total=row["checklist_total"],
        revisit=optional_date(row["revisit"]),
        owner=row["owner"],
    )


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
    )


def checklist_from_row(row: Row) -> ChecklistItem:
    """A checklist item from a row of ``checklist_item``."""
    return ChecklistItem(row["key"], row["question"], _ANSWERS[row["answer"]], row["note"])


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
