"""Writing a whole workspace at once (demo data, snapshot import) with bulk inserts."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from secboard.domain.model import WorkspaceData
from secboard.store.queries import (
    GENERATION_KEY,
    REDACTED_KEY,
    TEMPLATE_KEY,
    VERSION_FLOOR_KEY,
    VISION_KEY,
    encode_template,
    setting,
)
from secboard.store.rows import checklist_params, event_params, request_params

_REQUEST_INSERT = (
    "INSERT INTO request (id, title, description, source, requester, customer, arr, due, "
    "frameworks, tags, estimate_weeks, planned_weeks, reach, impact, confidence, status, "
    "decision, rationale, revisit, horizon, objective_id, created_at, updated_at, version, "
    "checklist_done, checklist_total) "
    "VALUES (:id, :title, :description, :source, :requester, :customer, :arr, :due, "
    ":frameworks, :tags, :estimate_weeks, :planned_weeks, :reach, :impact, :confidence, "
    ":status, :decision, :rationale, :revisit, :horizon, :objective_id, :created_at, "
    ":updated_at, :version, :checklist_done, :checklist_total)"
)


TABLES = ("status_event", "checklist_item", "request", "objective", "setting")
"""Every table of the workspace, rows that refer to others first (the order to delete in)."""


def _clear(connection: sqlite3.Connection) -> None:
    """Delete every request, objective and setting (inside the caller's transaction)."""
    for table in TABLES:
        connection.execute(f"DELETE FROM {table}")


@dataclass(frozen=True, slots=True)
class GenerationMark:
    """What a replaced workspace handed out: its highest version and its id counters."""

    floor: int
    counters: tuple[tuple[str, int], ...]


UNREADABLE_FLOOR = 1_000_000
"""The floor used when a damaged workspace's versions cannot be read: far above any
version a request reaches by edits, so nothing read from the damaged file matches."""


def generation_mark(connection: sqlite3.Connection) -> GenerationMark:
    """The versions and ids ``connection``'s workspace has handed out so far.

    On a damaged file that cannot say, a floor far above any real version.
    """
    try:
        floor = max(
            int(setting(connection, VERSION_FLOOR_KEY) or 0),
            connection.execute("SELECT coalesce(max(version), 0) FROM request").fetchone()[0],
        )
        counters = connection.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
    except sqlite3.Error:
        return GenerationMark(UNREADABLE_FLOOR, ())
    return GenerationMark(floor, tuple(counters))


def start_generation(connection: sqlite3.Connection, before: GenerationMark) -> None:
    """Make the rows just written a new generation, above everything in ``before``.

    Inside the caller's transaction. Whatever another process (or an open board) read
    before must not match what is there after, even where a request id comes back:
    every request version is lifted above every version the workspace held before,
    the id counters never go back (a new request never takes an id once handed out),
    and the generation changes (so undo steps from before are refused).
    """
    connection.execute("UPDATE request SET version = version + ?", (before.floor,))
    for name, seq in before.counters:
        connection.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name)
        )
        connection.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)",
            (name, seq, name),
        )
    connection.executemany(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        [(VERSION_FLOOR_KEY, str(before.floor)), (GENERATION_KEY, uuid.uuid4().hex)],
    )


def replace(connection: sqlite3.Connection, write: Callable[[sqlite3.Connection], None]) -> None:
    """Replace everything in the workspace by what ``write`` inserts, as a new generation
    (see :func:`start_generation`), inside the caller's transaction."""
    before = generation_mark(connection)
    _clear(connection)
    write(connection)
    start_generation(connection, before)


def copy_all(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Insert every row of ``source`` into the empty ``target`` (in the target's transaction).

    Both have the latest schema. Row ids and the id counters are copied as they are, so
    the result reads like a file copy of ``source``.
    """
    for table in reversed(TABLES):
        columns = [row[1] for row in target.execute(f"PRAGMA table_info({table})")]
        names = ", ".join(columns)
        target.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
            source.execute(f"SELECT {names} FROM {table}"),
        )
    # Inserting explicit ids moved the counters; the source's say which ids were used.
    target.execute("DELETE FROM sqlite_sequence")
    target.executemany(
        "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
        source.execute("SELECT name, seq FROM sqlite_sequence"),
    )


def load(connection: sqlite3.Connection, data: WorkspaceData) -> None:
    """Insert everything in ``data``, keeping request ids (inside the caller's transaction)."""
    connection.executemany(
        "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)",
        [
            (VISION_KEY, data.vision),
            (TEMPLATE_KEY, encode_template(data.template)),
            *([(REDACTED_KEY, "true")] if data.redacted else []),
        ],
    )
    objective_ids: dict[str, int] = {}
    for objective in data.objectives:
        cursor = connection.execute(
            "INSERT INTO objective (key, title, description, target, status) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                objective.key,
                objective.title,
                objective.description,
                objective.target.isoformat() if objective.target else None,
                objective.status.value,
            ),
        )
        assert cursor.lastrowid is not None
        objective_ids[objective.key] = cursor.lastrowid
    connection.executemany(
        _REQUEST_INSERT,
        (
            request_params(
                record.request,
                objective_ids[record.request.objective] if record.request.objective else None,
            )
            for record in data.records
        ),
    )
    connection.executemany(
        "INSERT INTO checklist_item (request_id, position, key, question, answer, note) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            row
            for record in data.records
            for row in checklist_params(record.request.id, record.request.checklist)
        ),
    )
    connection.executemany(
        "INSERT INTO status_event (request_id, at, from_status, to_status, note, forced) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            event_params(record.request.id, event)
            for record in data.records
            for event in record.history
        ),
    )
