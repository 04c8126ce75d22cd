"""Single-request changes through SQLModel, one short transaction at a time.

:class:`OrmStore` owns the engine; :meth:`OrmStore.unit_of_work` opens a session whose
transaction starts with ``BEGIN IMMEDIATE`` (so a read-check-write cannot interleave
with another process) and commits only if the block finishes. :class:`UnitOfWork`
speaks in domain objects; the service decides, the unit of work stores.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import delete, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, col, create_engine, select

from secboard.domain.errors import Conflict, NotFound
from secboard.domain.model import (
    NEW_ID,
    Answer,
    ChecklistItem,
    Decision,
    Horizon,
    Objective,
    ObjectiveStatus,
    Request,
    Source,
    Status,
    StatusEvent,
)
from secboard.store.database import BUSY_TIMEOUT_MS, apply_pragmas, translate_error
from secboard.store.queries import GENERATION_KEY, VERSION_FLOOR_KEY
from secboard.store.rows import request_values
from secboard.store.tables import (
    ChecklistItemTable,
    ObjectiveTable,
    RequestTable,
    SettingTable,
    StatusEventTable,
)


def _configure(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so that BEGIN below is ours.
        dbapi_connection.isolation_level = None
        apply_pragmas(dbapi_connection)

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class OrmStore:
    """The SQLModel engine of one workspace file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
            poolclass=NullPool,
        )
        _configure(self.engine)

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield UnitOfWork(session)
                session.commit()
        except DBAPIError as error:
            original = error.orig
            if isinstance(original, sqlite3.Error):
                raise translate_error(original, str(self.path)) from None
            raise

    def dispose(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()


def request_from_table(
    row: RequestTable, objective: str | None, checklist: tuple[ChecklistItem, ...]
) -> Request:
    """The domain request stored in ``row``."""
    assert row.id is not None
    return Request(
        id=row.id,
        title=row.title,
        description=row.description,
        source=Source(row.source),
        requester=row.requester,
        customer=row.customer,
        arr=row.arr,
        due=row.due,
        frameworks=tuple(row.frameworks),
        tags=tuple(row.tags),
        estimate_weeks=row.estimate_weeks,
        planned_weeks=row.planned_weeks,
        reach=row.reach,
        impact=row.impact,
        confidence=row.confidence,
        status=Status(row.status),
        decision=Decision(row.decision) if row.decision else None,
        rationale=row.rationale,
        revisit=row.revisit,
        horizon=Horizon(row.horizon) if row.horizon else None,
        objective=objective,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        checklist=checklist,
    )


def table_values(request: Request, objective_id: int | None) -> dict[str, Any]:
    """The column values that store ``request`` through SQLModel (its id excepted)."""
    values = request_values(request, objective_id)
    del values["id"]
    return values


def objective_from_table(row: ObjectiveTable) -> Objective:
    """The domain objective stored in ``row``."""
    return Objective(
        key=row.key,
        title=row.title,
        description=row.description,
        target=row.target,
        status=ObjectiveStatus(row.status),
    )


class UnitOfWork:
    """Domain-level reads and writes inside one transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # Requests -------------------------------------------------------------------------

    def request(self, request_id: int) -> Request:
        """The request with its checklist.

        Raises:
            NotFound: no request has this id.
        """
        row = self.session.get(RequestTable, request_id)
        if row is None:
            raise NotFound(f"no request #{request_id}")
        objective = None
        if row.objective_id is not None:
            objective_row = self.session.get(ObjectiveTable, row.objective_id)
            objective = objective_row.key if objective_row else None
        items = self.session.exec(
            select(ChecklistItemTable)
            .where(ChecklistItemTable.request_id == request_id)
            .order_by(col(ChecklistItemTable.position))
        ).all()
        checklist = tuple(
            ChecklistItem(item.key, item.question, Answer(item.answer), item.note) for item in items
        )
        return request_from_table(row, objective, checklist)

    def exists(self, request_id: int) -> bool:
        """True when a request with this id is stored."""
        return self.session.get(RequestTable, request_id) is not None

    def history(self, request_id: int) -> tuple[StatusEvent, ...]:
        """The status history of a request, oldest first."""
        rows = self.session.exec(
            select(StatusEventTable)
            .where(StatusEventTable.request_id == request_id)
            .order_by(col(StatusEventTable.id))
        ).all()
        return tuple(
            StatusEvent(
                at=row.at,
                from_status=Status(row.from_status) if row.from_status else None,
                to_status=Status(row.to_status),
                note=row.note,
                forced=row.forced,
            )
            for row in rows
        )

    def insert_request(self, request: Request, history: Sequence[StatusEvent]) -> int:
        """Store a request (a new id when its id is :data:`NEW_ID`) with its history."""
        row = RequestTable(**table_values(request, self.objective_id(request.objective)))
        if request.id != NEW_ID:
            row.id = request.id
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        self._write_checklist(row.id, request.checklist)
        for history_event in history:
            self.append_event(row.id, history_event)
        return row.id

    def update_request(self, request: Request, *, checklist_changed: bool) -> None:
        """Overwrite the stored fields (and checklist, if changed) of ``request``."""
        row = self.session.get(RequestTable, request.id)
        if row is None:
            raise NotFound(f"no request #{request.id}")
        row.sqlmodel_update(table_values(request, self.objective_id(request.objective)))
        self.session.add(row)
        if checklist_changed:
            self.session.execute(
                delete(ChecklistItemTable).where(col(ChecklistItemTable.request_id) == request.id)
            )
            self._write_checklist(request.id, request.checklist)

    def append_event(self, request_id: int, history_event: StatusEvent) -> None:
        """Add one status change to the history of a request."""
        self.session.add(
            StatusEventTable(
                request_id=request_id,
                at=history_event.at,
                from_status=history_event.from_status.value if history_event.from_status else None,
                to_status=history_event.to_status.value,
                note=history_event.note,
                forced=history_event.forced,
            )
        )

    def delete_request(self, request_id: int) -> None:
        """Remove a request with its checklist and history."""
        row = self.session.get(RequestTable, request_id)
        if row is None:
            raise NotFound(f"no request #{request_id}")
        floor = self.session.get(SettingTable, VERSION_FLOOR_KEY)
        if floor is None or int(floor.value) < row.version:
            # A replace lifts versions above the floor; a deleted request's last version
            # must stay below it too, or a snapshot bringing its id back could match it.
            self.set_setting(VERSION_FLOOR_KEY, str(row.version))
        self.session.delete(row)
        self.session.flush()

    def _write_checklist(self, request_id: int, items: Sequence[ChecklistItem]) -> None:
        self.session.add_all(
            ChecklistItemTable(
                request_id=request_id,
                position=position,
                key=item.key,
                question=item.question,
                answer=item.answer.value,
                note=item.note,
            )
            for position, item in enumerate(items)
        )

    # Objectives -----------------------------------------------------------------------

    def objective_id(self, key: str | None) -> int | None:
        """The row id of the objective ``key``.

        Raises:
            NotFound: no objective has this key.
        """
        if key is None:
            return None
        row = self.session.exec(select(ObjectiveTable).where(ObjectiveTable.key == key)).first()
        if row is None:
            raise NotFound(f"no objective {key!r}; see 'secboard objective list'")
        return row.id

    def objective(self, key: str) -> Objective:
        """The objective ``key``."""
        row = self.session.exec(select(ObjectiveTable).where(ObjectiveTable.key == key)).first()
        if row is None:
            raise NotFound(f"no objective {key!r}; see 'secboard objective list'")
        return objective_from_table(row)

    def objective_keys(self) -> list[str]:
        """Keys of every objective."""
        return list(self.session.exec(select(ObjectiveTable.key)).all())

    def save_objective(self, objective: Objective) -> None:
        """Insert or overwrite the objective with this key."""
        row = self.session.exec(
            select(ObjectiveTable).where(ObjectiveTable.key == objective.key)
        ).first() or ObjectiveTable(key=objective.key, title=objective.title)
        row.title = objective.title
        row.description = objective.description
        row.target = objective.target
        row.status = objective.status.value
        self.session.add(row)

    def delete_objective(self, key: str) -> None:
        """Remove an objective that no request is linked to.

        Raises:
            Conflict: requests are still linked to it.
        """
        objective_id = self.objective_id(key)
        linked = self.session.exec(
            select(RequestTable.id).where(RequestTable.objective_id == objective_id)
        ).first()
        if linked is not None:
            raise Conflict(f"objective {key!r} has linked requests (#{linked}); not removed")
        self.session.execute(delete(ObjectiveTable).where(col(ObjectiveTable.key) == key))

    # Settings -------------------------------------------------------------------------

    def generation(self) -> str:
        """Which whole-workspace replace the stored requests come from ("" before any)."""
        row = self.session.get(SettingTable, GENERATION_KEY)
        return row.value if row else ""

    def set_setting(self, key: str, value: str) -> None:
        """Store a workspace setting."""
        row = self.session.get(SettingTable, key) or SettingTable(key=key, value=value)
        row.value = value
        self.session.add(row)
