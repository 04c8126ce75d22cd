"""Converters between database rows and domain objects, in both directions.

Both the ``sqlite3`` read path and the SQLModel write path store values the same way:
moments as fixed-width ISO-8601 UTC text (so text order is time order), dates as
``YYYY-MM-DD``, lists as JSON arrays.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from secboard.domain.model import (
    REQUEST_FIELDS,
    Answer,
    Card,
    ChecklistItem,
    Decision,
    Horizon,
    Request,
    Source,
    Status,
    StatusEvent,
)
from secboard.domain.scoring import rice_score

REQUEST_COLUMNS: tuple[str, ...] = (
    *(name for name in REQUEST_FIELDS if name != "objective"),
    "version",
)
"""Columns of ``request`` in the order :func:`request_from_row` expects, then the objective key."""

REQUEST_SELECT = (
    "SELECT "
    + ", ".join(f"r.{name}" for name in REQUEST_COLUMNS)
    + ", o.key FROM request r LEFT JOIN objective o ON o.id = r.objective_id"
)

STORED_COLUMNS: tuple[str, ...] = (*REQUEST_COLUMNS, "checklist_done", "checklist_total")
"""Every column a write stores: the request's fields and its checklist progress."""

CARD_SELECT = """
SELECT r.id, r.title, r.source, r.status, r.created_at, r.updated_at, r.requester,
       r.customer, r.arr, r.due, r.tags, r.estimate_weeks, r.planned_weeks, r.reach,
       r.impact, r.confidence, r.decision, r.horizon, o.key, r.version,
       r.checklist_done, r.checklist_total, r.revisit
FROM request r
LEFT JOIN objective o ON o.id = r.objective_id
"""


_SOURCES = {member.value: member for member in Source}
_STATUSES = {member.value: member for member in Status}
_DECISIONS = {member.value: member for member in Decision}
_HORIZONS = {member.value: member for member in Horizon}
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


def optional_date(text: str | None) -> date | None:
    """The date stored as ``text``, if any."""
    return date.fromisoformat(text) if text else None


def request_from_row(row: Sequence[Any], checklist: tuple[ChecklistItem, ...]) -> Request:
    """A :class:`Request` from a row of :data:`REQUEST_SELECT`."""
    decision = row[16]
    horizon = row[19]
    return Request(
        id=row[0],
        title=row[1],
        description=row[2],
        source=_SOURCES[row[3]],
        requester=row[4],
        customer=row[5],
        arr=row[6],
        due=optional_date(row[7]),
        frameworks=decode_labels(row[8]),
        tags=decode_labels(row[9]),
        estimate_weeks=row[10],
        planned_weeks=row[11],
        reach=row[12],
        impact=row[13],
        confidence=row[14],
        status=_STATUSES[row[15]],
        decision=_DECISIONS.get(decision),
        rationale=row[17],
        revisit=optional_date(row[18]),
        horizon=_HORIZONS.get(horizon),
        created_at=decode_moment(row[20]),
        updated_at=decode_moment(row[21]),
        version=row[22],
        objective=row[23],
        checklist=checklist,
    )


def request_values(request: Request, objective_id: int | None) -> dict[str, Any]:
    """Every stored field of ``request`` by column, typed: enums as text, dates as dates."""
    values: dict[str, Any] = {}
    for name in STORED_COLUMNS:
        value = getattr(request, name)
        values[name] = value.value if isinstance(value, StrEnum) else value
    values["objective_id"] = objective_id
    return values


def request_params(request: Request, objective_id: int | None) -> dict[str, Any]:
    """The column values that store ``request`` through ``sqlite3`` (its id included)."""
    values = request_values(request, objective_id)
    for name in ("due", "revisit"):
        if values[name] is not None:
            values[name] = values[name].isoformat()
    for name in ("created_at", "updated_at"):
        values[name] = encode_moment(values[name])
    for name in ("frameworks", "tags"):
        values[name] = encode_labels(values[name])
    return values


def card_from_row(row: Sequence[Any]) -> Card:
    """A :class:`Card` from a row of :data:`CARD_SELECT`."""
    estimate, planned = row[11], row[12]
    decision, horizon, due = row[16], row[17], row[9]
    return Card(
        id=row[0],
        title=row[1],
        source=_SOURCES[row[2]],
        status=_STATUSES[row[3]],
        created_at=decode_moment(row[4]),
        updated_at=decode_moment(row[5]),
        requester=row[6],
        customer=row[7],
        arr=row[8],
        due=date.fromisoformat(due) if due else None,
        tags=decode_labels(row[10]),
        estimate_weeks=estimate,
        planned_weeks=planned,
        reach=row[13],
        impact=row[14],
        confidence=row[15],
        score=rice_score(row[13], row[14], row[15], planned if planned is not None else estimate),
        decision=_DECISIONS.get(decision),
        horizon=_HORIZONS.get(horizon),
        objective=row[18],
        version=row[19],
        checklist_done=row[20],
        checklist_total=row[21],
        revisit=optional_date(row[22]),
    )


def checklist_from_row(row: Sequence[Any]) -> ChecklistItem:
    """A checklist item from ``(key, question, answer, note)``."""
    return ChecklistItem(row[0], row[1], _ANSWERS[row[2]], row[3])


def event_from_row(row: Sequence[Any]) -> StatusEvent:
    """A status event from ``(at, from_status, to_status, note, forced)``."""
    return StatusEvent(
        at=decode_moment(row[0]),
        from_status=_STATUSES.get(row[1]),
        to_status=_STATUSES[row[2]],
        note=row[3],
        forced=bool(row[4]),
    )


def event_params(request_id: int, event: StatusEvent) -> tuple[Any, ...]:
    """Column values for ``status_event (request_id, at, from_status, to_status, note, forced)``."""
    return (
        request_id,
        encode_moment(event.at),
        event.from_status.value if event.from_status else None,
        event.to_status.value,
        event.note,
        int(event.forced),
    )


def checklist_params(request_id: int, items: Sequence[ChecklistItem]) -> list[tuple[Any, ...]]:
    """Rows for ``checklist_item (request_id, position, key, question, answer, note)``."""
    return [
        (request_id, position, item.key, item.question, item.answer.value, item.note)
        for position, item in enumerate(items)
    ]
