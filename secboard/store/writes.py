"""Every write to a workspace, through SQLAlchemy Core on the tables of :mod:`.tables`.

One writer for both databases and for every size of change: a single edit and a
100,000-request import store a request through the same :func:`insert_requests`. All of
it runs inside the caller's transaction (see ``Database.transaction``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from secboard.domain.model import (
    ChecklistItem,
    Objective,
    Request,
    StatusEvent,
    WorkspaceData,
)
from secboard.store.queries import (
    GENERATION_KEY,
    REDACTED_KEY,
    TEMPLATE_KEY,
    VERSION_FLOOR_KEY,
    VISION_KEY,
    encode_template,
)
from secboard.store.rows import request_values
from secboard.store.tables import (
    WORKSPACE_TABLES,
    ChecklistItemTable,
    ObjectiveTable,
    RequestTable,
    SettingTable,
    StatusEventTable,
)

_REQUEST: Table = RequestTable.__table__  # type: ignore[attr-defined]
_CHECKLIST: Table = ChecklistItemTable.__table__  # type: ignore[attr-defined]
_EVENT: Table = StatusEventTable.__table__  # type: ignore[attr-defined]
_OBJECTIVE: Table = ObjectiveTable.__table__  # type: ignore[attr-defined]
_SETTING: Table = SettingTable.__table__  # type: ignore[attr-defined]
_REQUEST_COLUMNS = tuple(column.name for column in _REQUEST.columns)
_BATCH = 5_000
"""Rows per executemany: big enough to be fast, small enough to keep memory flat."""

ObjectiveIds = Callable[[str | None], int | None]
"""Gives the row id of an objective key (None for None)."""


# Requests ------------------------------------------------------------------------------


def insert_requests(
    connection: Connection,
    requests: Iterable[tuple[Request, Sequence[StatusEvent]]],
    objective_ids: ObjectiveIds,
) -> None:
    """Store requests (keeping their ids) with their checklists and histories."""
    for batch in _batches(requests):
        connection.execute(
            insert(_REQUEST),
            [
                request_values(request, _REQUEST_COLUMNS, objective_ids(request.objective))
                for request, _history in batch
            ],
        )
        checklist = [
            row
            for request, _history in batch
            for row in _checklist_rows(request.id, request.checklist)
        ]
        if checklist:
            connection.execute(insert(_CHECKLIST), checklist)
        events = [_event_row(request.id, event) for request, history in batch for event in history]
        if events:
            connection.execute(insert(_EVENT), events)


def insert_new_request(
    connection: Connection,
    request: Request,
    history: Sequence[StatusEvent],
    objective_id: int | None,
) -> int:
    """Store a request under a new id, with its checklist and history; returns the id."""
    values = request_values(request, _REQUEST_COLUMNS, objective_id)
    del values["id"]
    request_id = int(
        connection.execute(insert(_REQUEST).returning(_REQUEST.c.id), values).scalar_one()
    )
    if request.checklist:
        connection.execute(insert(_CHECKLIST), _checklist_rows(request_id, request.checklist))
    for event in history:
        append_event(connection, request_id, event)
    return request_id


def update_request(
    connection: Connection, request: Request, objective_id: int | None, *, checklist_changed: bool
) -> bool:
    """Overwrite the stored fields (and checklist, if changed); False if it is gone."""
    values = request_values(request, _REQUEST_COLUMNS, objective_id)
    del values["id"]
    result = connection.execute(update(_REQUEST).where(_REQUEST.c.id == request.id).values(values))
    if result.rowcount == 0:
        return False
    if checklist_changed:
        connection.execute(delete(_CHECKLIST).where(_CHECKLIST.c.request_id == request.id))
        if request.checklist:
            connection.execute(insert(_CHECKLIST), _checklist_rows(request.id, request.checklist))
    return True


def delete_request(connection: Connection, request_id: int) -> int | None:
    """Remove a request with its checklist and history; returns the version it had."""
    version = connection.execute(
        select(_REQUEST.c.version).where(_REQUEST.c.id == request_id)
    ).scalar_one_or_none()
    if version is None:
        return None
    floor = connection.execute(
        select(_SETTING.c.value).where(_SETTING.c.key == VERSION_FLOOR_KEY)
    ).scalar_one_or_none()
    if floor is None or int(floor) < version:
        # A replace lifts versions above the floor; a deleted request's last version
        # must stay below it too, or a snapshot bringing its id back could match it.
        set_setting(connection, VERSION_FLOOR_KEY, str(version))
    # Children first: a SQLite file opened elsewhere without foreign keys still cascades.
    connection.execute(delete(_CHECKLIST).where(_CHECKLIST.c.request_id == request_id))
    connection.execute(delete(_EVENT).where(_EVENT.c.request_id == request_id))
    connection.execute(delete(_REQUEST).where(_REQUEST.c.id == request_id))
    return int(version)


def append_event(connection: Connection, request_id: int, event: StatusEvent) -> None:
    """Add one status change to the history of a request."""
    connection.execute(insert(_EVENT), _event_row(request_id, event))


def _checklist_rows(request_id: int, items: Sequence[ChecklistItem]) -> list[dict[str, Any]]:
    return [
        {
            "request_id": request_id,
            "position": position,
            "key": item.key,
            "question": item.question,
            "answer": item.answer.value,
            "note": item.note,
        }
        for position, item in enumerate(items)
    ]


def _event_row(request_id: int, event: StatusEvent) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "at": event.at,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value,
        "note": event.note,
        "forced": event.forced,
        "actor": event.actor,
    }


# Objectives and settings -----------------------------------------------------------------


def save_objective(connection: Connection, objective: Objective) -> int:
    """Insert or overwrite the objective with this key; returns its row id."""
    values = {
        "key": objective.key,
        "title": objective.title,
        "description": objective.description,
        "target": objective.target,
        "status": objective.status.value,
    }
    existing = connection.execute(
        select(_OBJECTIVE.c.id).where(_OBJECTIVE.c.key == objective.key)
    ).scalar_one_or_none()
    if existing is not None:
        connection.execute(update(_OBJECTIVE).where(_OBJECTIVE.c.id == existing).values(values))
        return int(existing)
    return int(
        connection.execute(insert(_OBJECTIVE).returning(_OBJECTIVE.c.id), values).scalar_one()
    )


def delete_objective(connection: Connection, key: str) -> None:
    """Remove the objective ``key``."""
    connection.execute(delete(_OBJECTIVE).where(_OBJECTIVE.c.key == key))


def set_setting(connection: Connection, key: str, value: str) -> None:
    """Store a workspace setting."""
    changed = connection.execute(
        update(_SETTING).where(_SETTING.c.key == key).values(value=value)
    ).rowcount
    if not changed:
        connection.execute(insert(_SETTING).values(key=key, value=value))


# The whole workspace ---------------------------------------------------------------------


def load(connection: Connection, data: WorkspaceData) -> None:
    """Insert everything in ``data``, keeping request ids (inside the caller's transaction)."""
    set_setting(connection, VISION_KEY, data.vision)
    set_setting(connection, TEMPLATE_KEY, encode_template(data.template))
    if data.redacted:
        set_setting(connection, REDACTED_KEY, "true")
    ids = {objective.key: save_objective(connection, objective) for objective in data.objectives}
    insert_requests(
        connection,
        ((record.request, record.history) for record in data.records),
        lambda key: None if key is None else ids[key],
    )


@dataclass(frozen=True, slots=True)
class GenerationMark:
    """What a replaced workspace handed out: its highest version and its id counters."""

    floor: int
    counters: tuple[tuple[str, int], ...]


UNREADABLE_FLOOR = 1_000_000
"""The floor used when a damaged workspace's versions cannot be read: far above any
version a request reaches by edits, so nothing read from the damaged file matches."""

_COUNTED_TABLES = tuple(
    table.name for table in WORKSPACE_TABLES if "id" in table.c and table.c.id.primary_key
)
"""The tables whose ids a counter hands out."""


def generation_mark(connection: Connection) -> GenerationMark:
    """The versions and ids the workspace on ``connection`` has handed out so far."""
    stored_floor = connection.execute(
        select(_SETTING.c.value).where(_SETTING.c.key == VERSION_FLOOR_KEY)
    ).scalar_one_or_none()
    highest = connection.execute(
        select(func.coalesce(func.max(_REQUEST.c.version), 0))
    ).scalar_one()
    floor = max(int(stored_floor or 0), int(highest))
    return GenerationMark(floor, id_counters(connection))


def id_counters(connection: Connection) -> tuple[tuple[str, int], ...]:
    """The last id handed out per table (by SQLite's counters or PostgreSQL's sequences)."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT name, seq FROM sqlite_sequence")).all()
        return tuple((str(name), int(seq)) for name, seq in rows)
    counters = []
    for table in _COUNTED_TABLES:
        # A sequence's last value, or 0 before its first use (is_called false).
        value = connection.execute(
            text(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "
                f"{_sequence(connection, table)}"
            )
        ).scalar_one()
        counters.append((table, int(value)))
    return tuple(counters)


def keep_counters_ahead(connection: Connection, counters: Iterable[tuple[str, int]]) -> None:
    """Move every id counter to at least its value in ``counters`` and past every stored id.

    Explicit ids (an import keeps the snapshot's) move SQLite's counters but not
    PostgreSQL's sequences, which would otherwise hand out an id already taken.
    """
    before = dict(counters)
    if connection.dialect.name == "sqlite":
        for name, seq in before.items():
            connection.execute(
                text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :name"),
                {"seq": seq, "name": name},
            )
            connection.execute(
                text(
                    "INSERT INTO sqlite_sequence (name, seq) SELECT :name, :seq "
                    "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = :name)"
                ),
                {"seq": seq, "name": name},
            )
        return
    for table in _COUNTED_TABLES:
        highest = connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()
        value = max(int(highest), before.get(table, 0))
        if value > 0:
            connection.execute(
                text(f"SELECT setval('{_sequence(connection, table)}', :value)"), {"value": value}
            )


def _sequence(connection: Connection, table: str) -> str:
    name = connection.execute(
        text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table}
    ).scalar_one()
    return str(name)


def start_generation(connection: Connection, before: GenerationMark) -> None:
    """Make the rows just written a new generation, above everything in ``before``.

    Inside the caller's transaction. Whatever another process (or an open board) read
    before must not match what is there after, even where a request id comes back:
    every request version is lifted above every version the workspace held before,
    the id counters never go back (a new request never takes an id once handed out),
    and the generation changes (so undo steps from before are refused).
    """
    connection.execute(update(_REQUEST).values(version=_REQUEST.c.version + before.floor))
    keep_counters_ahead(connection, before.counters)
    set_setting(connection, VERSION_FLOOR_KEY, str(before.floor))
    set_setting(connection, GENERATION_KEY, uuid.uuid4().hex)


def replace(
    connection: Connection,
    write: Callable[[Connection], None],
    before: GenerationMark | None = None,
) -> None:
    """Replace everything in the workspace by what ``write`` inserts, as a new generation
    (see :func:`start_generation`), inside the caller's transaction.

    ``before`` is the mark of the workspace being replaced, when it was taken already.
    """
    mark = before or generation_mark(connection)
    for table in reversed(WORKSPACE_TABLES):
        connection.execute(delete(table))
    write(connection)
    start_generation(connection, mark)


def _batches(
    rows: Iterable[tuple[Request, Sequence[StatusEvent]]],
) -> Iterable[list[tuple[Request, Sequence[StatusEvent]]]]:
    batch: list[tuple[Request, Sequence[StatusEvent]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
