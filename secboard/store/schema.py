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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from secboard.domain.asks import account_key
from secboard.domain.first_asks import differing_arrs_note, dropped_arr_note

if TYPE_CHECKING:
    from secboard.store.session import Session

Convert = Callable[["Session"], list[str]]
"""A migration's data step, run after its statements; returns notes for the user."""


@dataclass(frozen=True)
class Migration:
    """One step of the schema's history."""

    version: int
    summary: str
    statements: tuple[str, ...]
    convert: Convert | None = None
    """Moves data where SQL alone cannot say it on both databases (or would compare text
    differently on each)."""


def _ask_tables(session: Session) -> list[str]:
    """Create the account and ask tables (their first form) on either database."""
    ids = (
        "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"
        if session.dialect == "sqlite"
        else "BIGSERIAL NOT NULL PRIMARY KEY"
    )
    refs = "INTEGER" if session.dialect == "sqlite" else "BIGINT"
    for statement in (
        f"""CREATE TABLE account (
            id {ids},
            name VARCHAR NOT NULL,
            name_key VARCHAR NOT NULL UNIQUE,
            kind VARCHAR NOT NULL,
            arr BIGINT,
            tier VARCHAR NOT NULL,
            renewal DATE,
            owner VARCHAR,
            notes VARCHAR NOT NULL
        )""",
        f"""CREATE TABLE ask (
            id {ids},
            request_id {refs} NOT NULL REFERENCES request (id) ON DELETE CASCADE,
            account_id {refs} REFERENCES account (id),
            requester VARCHAR,
            channel VARCHAR NOT NULL,
            asked_on DATE NOT NULL,
            importance VARCHAR NOT NULL,
            due DATE,
            reference VARCHAR NOT NULL,
            quote VARCHAR NOT NULL
        )""",
        "CREATE INDEX ix_ask_account_id ON ask (account_id)",
        "CREATE INDEX ix_ask_request ON ask (request_id, id)",
        "ALTER TABLE request ADD COLUMN ask_count INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE request ADD COLUMN accounts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE request ADD COLUMN importance VARCHAR",
        "ALTER TABLE request ADD COLUMN merged_into BIGINT",
    ):
        session.run(statement)
    return _first_asks(session)


def _first_asks(session: Session) -> list[str]:
    """Turn each request's customer, ARR, requester and due date into its first ask.

    The rule of :mod:`secboard.domain.first_asks`, in SQL: one account per customer name
    (compared without case and surrounding space), named as the oldest request spells
    it; where requests gave one account different ARRs, it gets the largest and a note
    says so. A request with none of the four has no ask; an ARR without a customer has
    no account to belong to, so it is left out, and a note says so.
    """
    notes = []
    for row in session(
        "SELECT id, arr FROM request WHERE arr IS NOT NULL "
        "AND (customer IS NULL OR trim(customer) = '') ORDER BY id"
    ):
        notes.append(dropped_arr_note(int(row["id"]), int(row["arr"])))
    session.run("UPDATE request SET arr = NULL WHERE customer IS NULL OR trim(customer) = ''")
    rows = session(
        "SELECT id, customer, arr, requester, due, created_at FROM request "
        "WHERE customer IS NOT NULL OR requester IS NOT NULL OR due IS NOT NULL ORDER BY id"
    )
    names: dict[str, str] = {}
    arrs: dict[str, set[int]] = {}
    for row in rows:
        if row["customer"] is not None and row["customer"].strip():
            key = account_key(row["customer"])
            names.setdefault(key, row["customer"].strip())
            arrs.setdefault(key, set())
            if row["arr"] is not None:
                arrs[key].add(int(row["arr"]))
    account_ids: dict[str, int] = {}
    for key, name in names.items():
        arr = max(arrs[key], default=None)
        if len(arrs[key]) > 1:
            notes.append(differing_arrs_note(name, arrs[key]))
        (created,) = session(
            "INSERT INTO account (name, name_key, kind, arr, tier, notes) "
            "VALUES (:name, :key, 'customer', :arr, '', '') RETURNING id",
            {"name": name, "key": key, "arr": arr},
        )
        account_ids[key] = int(created["id"])
    for row in rows:
        customer = row["customer"].strip() if row["customer"] else None
        asker = account_key(customer) if customer else None
        asked_on = datetime.fromisoformat(row["created_at"]).date()
        due = row["due"]
        session.run(
            "INSERT INTO ask (request_id, account_id, requester, channel, asked_on, importance, "
            "due, reference, quote) VALUES (:request, :account, :requester, 'other', :asked_on, "
            "'important', :due, '', '')",
            {
                "request": row["id"],
                "account": None if asker is None else account_ids[asker],
                "requester": row["requester"],
                "asked_on": asked_on.isoformat(),
                "due": due.isoformat() if isinstance(due, date) else due,
            },
        )
        session.run(
            "UPDATE request SET ask_count = 1, accounts = :accounts, importance = 'important', "
            "customer = :customer, arr = :arr WHERE id = :id",
            {
                "id": row["id"],
                "accounts": 0 if asker is None else 1,
                "customer": None if asker is None else names[asker],
                "arr": None if asker is None else max(arrs[asker], default=None),
            },
        )
    return notes


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
    Migration(
        5,
        "accounts and asks: each request's customer, ARR, requester and due date become its "
        "first ask",
        (),
        _ask_tables,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The schema version this secboard writes."""


def upgrade(session: Session, from_version: int) -> list[str]:
    """Bring the workspace on ``session`` from ``from_version`` to the latest schema
    (inside the caller's transaction; the caller records the new version).

    Returns what the user should be told about the data that was moved.
    """
    if from_version == 0:
        from secboard.store.tables import create_schema

        create_schema(session)
        return []
    notes: list[str] = []
    for migration in MIGRATIONS[from_version:]:
        for statement in migration.statements:
            session.run(statement)
        if migration.convert is not None:
            notes.extend(migration.convert(session))
    return notes
