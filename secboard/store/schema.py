"""The database schema, as an ordered list of frozen migrations.

Each migration is plain SQL and never changes once released: a database at version N is
upgraded by running migrations N+1 … latest, each in its own transaction, with
``PRAGMA user_version`` recording how far it got. The SQLModel tables in
:mod:`secboard.store.tables` describe the latest schema; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One step of the schema's history."""

    version: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "requests, checklists, status history, objectives and settings",
        (
            """CREATE TABLE setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )""",
            """CREATE TABLE objective (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                key TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                target DATE,
                status TEXT NOT NULL DEFAULT 'active'
            )""",
            """CREATE TABLE request (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                title TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                requester TEXT,
                customer TEXT,
                arr INTEGER,
                due DATE,
                frameworks TEXT NOT NULL DEFAULT '[]',
                tags TEXT NOT NULL DEFAULT '[]',
                estimate_weeks REAL,
                planned_weeks REAL,
                reach INTEGER,
                impact REAL,
                confidence INTEGER,
                status TEXT NOT NULL,
                decision TEXT,
                rationale TEXT NOT NULL DEFAULT '',
                revisit DATE,
                horizon TEXT,
                objective_id INTEGER REFERENCES objective (id) ON DELETE SET NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """CREATE TABLE checklist_item (
                request_id INTEGER NOT NULL REFERENCES request (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                key TEXT NOT NULL,
                question TEXT NOT NULL,
                answer TEXT NOT NULL DEFAULT 'open',
                note TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (request_id, key)
            )""",
            """CREATE TABLE status_event (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                request_id INTEGER NOT NULL REFERENCES request (id) ON DELETE CASCADE,
                at TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                forced INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX ix_status_event_request ON status_event (request_id, id)",
        ),
    ),
    Migration(
        2,
        "a version per request, so concurrent edits are detected; indexes for the board",
        (
            "ALTER TABLE request ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
            "CREATE INDEX ix_request_status ON request (status)",
            "CREATE INDEX ix_request_objective ON request (objective_id)",
        ),
    ),
    Migration(
        3,
        "checklist progress kept on the request, so the board reads no checklist rows",
        (
            "ALTER TABLE request ADD COLUMN checklist_done INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE request ADD COLUMN checklist_total INTEGER NOT NULL DEFAULT 0",
            """UPDATE request SET
                checklist_done = (
                    SELECT count(*) FROM checklist_item c
                    WHERE c.request_id = request.id AND c.answer != 'open'
                ),
                checklist_total = (
                    SELECT count(*) FROM checklist_item c WHERE c.request_id = request.id
                )""",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The schema version this secboard writes."""
