"""The schema's history: how an older workspace is brought to the latest tables.

A fresh workspace is created straight from the table definitions
(:func:`secboard.store.tables.create_schema`). An older one is upgraded by the frozen
migrations after its version, all in one transaction: each is plain SQL that SQLite and
PostgreSQL both run. Migrations 1-3 predate server workspaces, so only SQLite files
are ever at those versions; migration 1 stays as the first release's schema, by which
such a file is recognised. A test holds the definitions and the migrations together:
migrating the first release's file gives exactly the columns of a fresh workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secboard.store.session import Session


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
    Migration(
        4,
        "who owns each request and who made each change, for a team on one workspace",
        (
            "ALTER TABLE request ADD COLUMN owner VARCHAR",
            "ALTER TABLE request ADD COLUMN updated_by VARCHAR",
            "ALTER TABLE status_event ADD COLUMN actor VARCHAR",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The schema version this secboard writes."""


def upgrade(session: Session, from_version: int) -> None:
    """Bring the workspace on ``session`` from ``from_version`` to the latest schema
    (inside the caller's transaction; the caller records the new version)."""
    if from_version == 0:
        from secboard.store.tables import create_schema

        create_schema(session)
        return
    for migration in MIGRATIONS[from_version:]:
        for statement in migration.statements:
            session.run(statement)
