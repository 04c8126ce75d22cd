"""The tables of a workspace: the one definition of every column, on every database.

A fresh workspace is created from these classes (:func:`create_schema`); the upgrades in
:mod:`secboard.store.schema` bring older SQLite files to the same columns, and a test
holds the two together. The writer and the reads take column names from the database,
so a new column is added here and in its migration, nowhere else in the store.

Values are stored the same way on SQLite and PostgreSQL: moments as fixed-width
ISO-8601 UTC text (text order is time order, and no server time zone can shift them),
dates as dates, tags and frameworks as JSON arrays.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import Field, SQLModel

from secboard.store.session import Session

Id = BigInteger().with_variant(Integer(), "sqlite")
"""Row ids: 64-bit everywhere; on SQLite spelled INTEGER, which makes them the rowid."""


StoredText = String
"""Moments (ISO-8601 UTC text) and labels (a JSON array): text on both databases, encoded
by :mod:`secboard.store.rows` on the way in and decoded on the way out."""


# Ids handed out once are never handed out again (SQLite's AUTOINCREMENT; PostgreSQL's
# sequences never go back): an undo step or an open board naming #12 cannot meet a
# different request that happens to get #12 later.
_NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class SettingTable(SQLModel, table=True):
    """Workspace-wide settings: the vision, the checklist template, generation marks."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class ObjectiveTable(SQLModel, table=True):
    """A business objective."""

    __tablename__ = "objective"
    __table_args__ = _NEVER_REUSE_IDS

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    key: str = Field(unique=True)
    title: str
    description: str = ""
    target: date | None = None
    status: str = "active"


class RequestTable(SQLModel, table=True):
    """One request and its decision; checklist and history live in their own tables."""

    __tablename__ = "request"
    __table_args__ = _NEVER_REUSE_IDS

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    title: str
    description: str = ""
    source: str
    requester: str | None = None
    customer: str | None = None
    arr: int | None = Field(default=None, sa_column=Column(BigInteger))
    due: date | None = None
    frameworks: tuple[str, ...] = Field(default=(), sa_column=Column(StoredText, nullable=False))
    tags: tuple[str, ...] = Field(default=(), sa_column=Column(StoredText, nullable=False))
    estimate_weeks: float | None = None
    planned_weeks: float | None = None
    reach: int | None = Field(default=None, sa_column=Column(BigInteger))
    impact: float | None = None
    confidence: int | None = None
    status: str = Field(index=True)
    decision: str | None = None
    rationale: str = ""
    revisit: date | None = None
    horizon: str | None = None
    objective_id: int | None = Field(
        default=None,
        sa_column=Column(Id, ForeignKey("objective.id", ondelete="SET NULL"), index=True),
    )
    created_at: datetime = Field(sa_column=Column(StoredText, nullable=False))
    updated_at: datetime = Field(sa_column=Column(StoredText, nullable=False))
    version: int = Field(default=1, sa_column=Column(BigInteger, nullable=False))
    checklist_done: int = 0
    checklist_total: int = 0
    owner: str | None = None
    """The product manager who owns the request."""
    updated_by: str | None = None
    """Who made the latest change: the database role, or the local user on a file."""
    ask_count: int = 0
    accounts: int = 0
    """How many distinct accounts asked (``requester``, ``customer``, ``arr`` and ``due``
    are likewise kept here from the asks, so the board reads no ask rows)."""
    importance: str | None = None
    merged_into: int | None = Field(default=None, sa_column=Column(BigInteger))
    """The request this one was merged into; it then leaves the board."""


class AccountTable(SQLModel, table=True):
    """A company asks come from: a customer, a prospect or a partner."""

    __tablename__ = "account"
    __table_args__ = _NEVER_REUSE_IDS

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    name: str
    name_key: str = Field(unique=True)
    """The name without case and surrounding space: two spellings, one account."""
    kind: str = "customer"
    arr: int | None = Field(default=None, sa_column=Column(BigInteger))
    tier: str = ""
    renewal: date | None = None
    owner: str | None = None
    notes: str = ""


class AskTable(SQLModel, table=True):
    """One ask of one request: who asked, how, when, how badly, and what they said."""

    __tablename__ = "ask"
    __table_args__ = (Index("ix_ask_request", "request_id", "id"), _NEVER_REUSE_IDS)

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    request_id: int = Field(
        sa_column=Column(Id, ForeignKey("request.id", ondelete="CASCADE"), nullable=False)
    )
    account_id: int | None = Field(
        default=None, sa_column=Column(Id, ForeignKey("account.id"), index=True)
    )
    requester: str | None = None
    channel: str = "other"
    asked_on: date
    importance: str = "important"
    due: date | None = None
    reference: str = ""
    quote: str = ""


class ChecklistItemTable(SQLModel, table=True):
    """One discovery question of one request."""

    __tablename__ = "checklist_item"

    request_id: int = Field(
        sa_column=Column(Id, ForeignKey("request.id", ondelete="CASCADE"), primary_key=True)
    )
    key: str = Field(primary_key=True)
    position: int
    question: str
    answer: str = "open"
    note: str = ""


class StatusEventTable(SQLModel, table=True):
    """One status change: the append-only history every metric is computed from."""

    __tablename__ = "status_event"
    __table_args__ = (Index("ix_status_event_request", "request_id", "id"), _NEVER_REUSE_IDS)

    id: int | None = Field(default=None, sa_column=Column(Id, primary_key=True))
    request_id: int = Field(
        sa_column=Column(Id, ForeignKey("request.id", ondelete="CASCADE"), nullable=False)
    )
    at: datetime = Field(sa_column=Column(StoredText, nullable=False))
    from_status: str | None = None
    to_status: str
    note: str = ""
    forced: bool = False
    actor: str | None = None
    """Who made the change."""


class SchemaStateTable(SQLModel, table=True):
    """A server workspace's schema version and change counter (one row).

    A SQLite file keeps both in its header instead (``user_version``, ``data_version``).
    """

    __tablename__ = "secboard_schema"
    __table_args__ = {"info": {"server_only": True}}

    id: int = Field(default=1, primary_key=True)
    version: int
    revision: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    """Moves with every committed change, so a board polls one row to notice others'."""


WORKSPACE_TABLES = tuple(
    table for table in SQLModel.metadata.sorted_tables if not table.info.get("server_only")
)
"""The tables that hold the workspace, each after the tables it refers to."""


def create_schema(session: Session) -> None:
    """Create every table of the latest schema (inside the caller's transaction).

    The statements are compiled for the session's database, so no engine is needed:
    on a file they run on the same connection as everything else.
    """
    server = session.dialect != "sqlite"
    tables = SQLModel.metadata.sorted_tables if server else list(WORKSPACE_TABLES)
    dialect = _dialect(session.dialect)
    for table in tables:
        session.run(str(CreateTable(table).compile(dialect=dialect)))
        for index in sorted(table.indexes, key=lambda index: str(index.name)):
            session.run(str(CreateIndex(index).compile(dialect=dialect)))


def _dialect(name: str) -> Dialect:
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import pysqlite

        return pysqlite.dialect()
    from sqlalchemy.dialects.postgresql import psycopg

    return psycopg.dialect()  # type: ignore[no-untyped-call]
