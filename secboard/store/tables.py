"""SQLModel tables: the latest schema, as the ORM writes it.

Column types store values exactly as :mod:`secboard.store.rows` encodes them, so rows
written here read back identically through the fast ``sqlite3`` path. The schema itself
is created by the migrations in :mod:`secboard.store.schema`; a test checks that these
classes and the migrated database agree column for column.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from secboard.store.rows import decode_labels, decode_moment, encode_labels, encode_moment


class UtcMoment(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime stored as fixed-width ISO-8601 text."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return None if value is None else encode_moment(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return None if value is None else decode_moment(value)


class Labels(TypeDecorator[tuple[str, ...]]):
    """A tuple of short labels stored as a JSON array."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str:
        return encode_labels(value or ())

    def process_result_value(self, value: str | None, dialect: Dialect) -> tuple[str, ...]:
        return decode_labels(value or "[]")


class SettingTable(SQLModel, table=True):
    """Workspace-wide settings: the vision and the checklist template."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class ObjectiveTable(SQLModel, table=True):
    """A business objective."""

    __tablename__ = "objective"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    title: str
    description: str = ""
    target: date | None = None
    status: str = "active"


class RequestTable(SQLModel, table=True):
    """One request and its decision; checklist and history live in their own tables."""

    __tablename__ = "request"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    description: str = ""
    source: str
    requester: str | None = None
    customer: str | None = None
    arr: int | None = None
    due: date | None = None
    frameworks: tuple[str, ...] = Field(default=(), sa_column=Column(Labels, nullable=False))
    tags: tuple[str, ...] = Field(default=(), sa_column=Column(Labels, nullable=False))
    estimate_weeks: float | None = None
    planned_weeks: float | None = None
    reach: int | None = None
    impact: float | None = None
    confidence: int | None = None
    status: str = Field(index=True)
    decision: str | None = None
    rationale: str = ""
    revisit: date | None = None
    horizon: str | None = None
    objective_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("objective.id", ondelete="SET NULL"), index=True),
    )
    created_at: datetime = Field(sa_column=Column(UtcMoment, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcMoment, nullable=False))
    version: int = 1
    checklist_done: int = 0
    checklist_total: int = 0


class ChecklistItemTable(SQLModel, table=True):
    """One discovery question of one request."""

    __tablename__ = "checklist_item"

    request_id: int = Field(
        sa_column=Column(Integer, ForeignKey("request.id", ondelete="CASCADE"), primary_key=True)
    )
    key: str = Field(primary_key=True)
    position: int
    question: str
    answer: str = "open"
    note: str = ""


class StatusEventTable(SQLModel, table=True):
    """One status change: the append-only history every metric is computed from."""

    __tablename__ = "status_event"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(
        sa_column=Column(Integer, ForeignKey("request.id", ondelete="CASCADE"), nullable=False)
    )
    at: datetime = Field(sa_column=Column(UtcMoment, nullable=False))
    from_status: str | None = None
    to_status: str
    note: str = ""
    forced: bool = False
