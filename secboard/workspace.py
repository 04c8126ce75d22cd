"""The workspace: the one API that the command line and the TUI both call.

Every change runs in one transaction, applies the domain rules inside it (so the rules
see the current row, not a stale copy), bumps the request's version, and records how to
undo it. Reads return domain objects; nothing above this module builds a query.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secboard import snapshot
from secboard.domain import checklist as checklists
from secboard.domain import lifecycle
from secboard.domain.errors import Conflict, InvalidInput, NotEmpty, NotFound, ReadOnly
from secboard.domain.fields import RawValue, apply_changes, parse_changes
from secboard.domain.metrics import Metrics, compute_metrics
from secboard.domain.model import (
    NEW_ID,
    Answer,
    Card,
    Decision,
    Objective,
    ObjectiveStatus,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.domain.validation import (
    parse_date,
    parse_long_text,
    parse_objective_key,
    parse_title,
    parse_weeks,
)
from secboard.store import bulk, queries
from secboard.store.backups import BackupInfo, list_backups
from secboard.store.database import Database, Migrated

if TYPE_CHECKING:
    from secboard.store.orm import OrmStore, UnitOfWork

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current moment in UTC."""
    return datetime.now(UTC)


Written = dict[int, int | None]
"""Request id → the version a change left it at (None when it deleted the request)."""


@dataclass(frozen=True, slots=True)
class UndoStep:
    """How to take back one change: what it was, and the function that reverts it."""

    label: str
    revert: Callable[[UnitOfWork], Written]
    written: Written


class Workspace:
    """One secboard workspace: requests, objectives, vision and checklist template."""

    def __init__(self, database: Database, *, clock: Clock = utc_now) -> None:
        self._db = database
        self._clock = clock
        self._orm_store: OrmStore | None = None
        self._undo: list[UndoStep] = []
        self._pending: list[UndoStep] = []
        self._versions: Written = {}
        self._seen_version: int | None = None
        self._changes: list[tuple[int, frozenset[int] | None]] = []
        self.revision = 0
        """Counts the changes made through this workspace object."""

    # Opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, clock: Clock = utc_now) -> Workspace:
        """Open (or create) the workspace file at ``path``."""
        return cls(Database.open(path), clock=clock)

    @classmethod
    def from_data(
        cls, data: WorkspaceData, *, read_only: bool, clock: Clock = utc_now
    ) -> Workspace:
        """A workspace in memory holding ``data`` (the snapshot viewer's)."""
        database = Database.in_memory()
        with database.transaction() as connection:
            bulk.load(connection, data)
        database.read_only = read_only
        return cls(database, clock=clock)

    @property
    def path(self) -> Path | None:
        """The workspace file, or None when it lives in memory."""
        return self._db.path

    @property
    def read_only(self) -> bool:
        """True when every change is refused."""
        return self._db.read_only

    @property
    def migrated(self) -> Migrated | None:
        """Set when opening upgraded an older workspace (with the backup taken)."""
        return self._db.migrated

    def now(self) -> datetime:
        """The workspace clock (fixed in tests)."""
        return self._clock()

    def close(self) -> None:
        """Release the database."""
        if self._orm_store is not None:
            self._orm_store.dispose()
        self._db.close()

    def warm_up(self) -> None:
        """Load the write path now, so that the first change is as fast as the rest."""
        self._orm()

    def has_external_changes(self) -> bool:
        """True when another process committed to the workspace since the last call.

        Changes made through this object do not count: the write path has a connection
        of its own, which SQLite would otherwise report as "another" one.
        """
        version = self._db.data_version()
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        return changed

    def external_version(self) -> int:
        """Changes when another process commits to the same workspace."""
        return self._db.data_version()

    # Reads ----------------------------------------------------------------------------

    def cards(self, ids: Sequence[int] | None = None) -> list[Card]:
        """Board cards for every request, or for ``ids`` only (missing ids are skipped)."""
        with self._db.reading() as connection:
            return queries.cards(connection, ids)

    def request(self, request_id: int) -> Request:
        """One request with its checklist."""
        with self._db.reading() as connection:
            found = queries.request(connection, request_id)
        if found is None:
            raise NotFound(f"no request #{request_id}")
        return found

    def record(self, request_id: int) -> RequestRecord:
        """One request with its checklist and its status history."""
        request = self.request(request_id)
        with self._db.reading() as connection:
            return RequestRecord(request, queries.history(connection, request_id))

    def requests(
        self, *, status: Status | None = None, source: Source | None = None
    ) -> list[Request]:
        """Requests with their checklists, optionally filtered, in id order."""
        with self._db.reading() as connection:
            return queries.requests(connection, status=status, source=source)

    def histories(self) -> dict[int, list[StatusEvent]]:
        """Every request's status history, by request id."""
        with self._db.reading() as connection:
            return queries.histories(connection)

    def metrics(self, as_of: datetime | None = None) -> Metrics:
        """The metrics report (SPEC §3) as of ``as_of``, or of the workspace clock."""
        with self._db.reading() as connection:
            cards = queries.flow_cards(connection)
            moves = queries.moves(connection)
        return compute_metrics(cards, moves, self.now() if as_of is None else as_of)

    def objectives(self) -> list[Objective]:
        """Every objective, oldest first."""
        with self._db.reading() as connection:
            return queries.objectives(connection)

    def vision(self) -> str:
        """The security program's vision, one paragraph."""
        with self._db.reading() as connection:
            return queries.vision(connection)

    def template(self) -> tuple[TemplateItem, ...]:
        """The discovery checklist template in use."""
        with self._db.reading() as connection:
            return queries.template(connection)

    def is_empty(self) -> bool:
        """True when there is no request and no objective yet."""
        with self._db.reading() as connection:
            return queries.is_empty(connection)

    def data(self) -> WorkspaceData:
        """Everything in the workspace (what a snapshot exports)."""
        with self._db.reading() as connection:
            return queries.workspace_data(connection)

    def changes_since(self, revision: int) -> frozenset[int] | None:
        """Ids of requests changed through this object since ``revision``; None means all."""
        changed: set[int] = set()
        for number, ids in self._changes:
            if number <= revision:
                continue
            if ids is None:
                return None
            changed |= ids
        return frozenset(changed)

    # Requests -------------------------------------------------------------------------

    def add(self, fields: Mapping[str, RawValue]) -> Request:
        """Create a request in intake from raw field values (title required)."""
        if "title" not in fields:
            raise InvalidInput("title", "must not be empty")
        now = self.now()
        values = parse_changes({"source": Source.CUSTOMER.value, **fields}, today=now.date())
        draft = apply_changes(
            Request(
                id=NEW_ID,
                title=values["title"],
                source=values["source"],
                status=Status.INTAKE,
                created_at=now,
                updated_at=now,
            ),
            values,
            now,
        )
        created = StatusEvent(at=now, to_status=Status.INTAKE)
        with self._unit_of_work() as uow:
            request_id = uow.insert_request(draft, [created])

            def revert(u: UnitOfWork) -> Written:
                self._check_untouched(u, request_id)
                u.delete_request(request_id)
                return {request_id: None}

            self._remember(f"add #{request_id}", revert, {request_id: draft.version})
        return dataclasses.replace(draft, id=request_id)

    def edit(
        self,
        request_id: int,
        fields: Mapping[str, RawValue],
        *,
        expected_version: int | None = None,
    ) -> Request:
        """Change fields of a request; values are validated as for :meth:`add`."""
        values = parse_changes(fields, today=self.now().date())

        def change(request: Request, _uow: UnitOfWork) -> Request:
            return apply_changes(request, values, self.now())

        return self._change(request_id, "edit", change, expected_version)

    def link(
        self, request_id: int, objective: str | None, *, expected_version: int | None = None
    ) -> Request:
        """Tie a request to an objective (or untie it with None)."""
        return self.edit(request_id, {"objective": objective}, expected_version=expected_version)

    def move(
        self,
        request_id: int,
        target: Status,
        *,
        force: bool = False,
        reason: str = "",
        expected_version: int | None = None,
    ) -> Request:
        """Move a request to another status, applying the lifecycle rules."""
        parse_long_text(reason, "reason")
        template = self.template()
        now = self.now()

        def change(request: Request, uow: UnitOfWork) -> Request:
            plan = lifecycle.plan_move(request, target, template, force=force, reason=reason)
            uow.append_event(
                request.id,
                StatusEvent(
                    at=now,
                    from_status=request.status,
                    to_status=target,
                    note=plan.note,
                    forced=plan.forced,
                ),
            )
            return dataclasses.replace(
                request, status=target, checklist=plan.checklist, updated_at=now
            )

        return self._change(request_id, f"move to {target.value}", change, expected_version)

    def step(
        self,
        request_id: int,
        *,
        forward: bool,
        force: bool = False,
        reason: str = "",
        expected_version: int | None = None,
    ) -> Request:
        """Move a request one column right (``forward``) or left on the board."""
        record = self.record(request_id)
        target = (
            lifecycle.next_status(record.request)
            if forward
            else lifecycle.previous_status(record.request, record.history)
        )
        if target is None:
            where = "the end" if forward else "the start"
            raise InvalidInput("status", f"#{request_id} is at {where} of the flow")
        return self.move(
            request_id, target, force=force, reason=reason, expected_version=expected_version
        )

    def answer(
        self,
        request_id: int,
        key: str,
        answer: Answer,
        *,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> Request:
        """Answer one discovery checklist question (and optionally note why)."""
        if note is not None:
            parse_long_text(note, "note")

        def change(request: Request, _uow: UnitOfWork) -> Request:
            items = checklists.answer_item(request.checklist, key, answer, note)
            return dataclasses.replace(request, checklist=items, updated_at=self.now())

        return self._change(request_id, f"answer {key}", change, expected_version)

    def decide(
        self,
        request_id: int,
        decision: Decision,
        *,
        rationale: str | None = None,
        planned_weeks: str | float | None = None,
        revisit: str | date | None = None,
        close: bool = False,
        expected_version: int | None = None,
    ) -> Request:
        """Record a decision; with ``close``, a decline or defer also closes the request."""
        if rationale is not None:
            parse_long_text(rationale, "rationale")
        planned = parse_weeks(planned_weeks, "planned")
        revisit_on = parse_date(revisit, "revisit", today=self.now().date())
        now = self.now()

        def change(request: Request, uow: UnitOfWork) -> Request:
            decided = lifecycle.apply_decision(
                request,
                decision,
                rationale=rationale,
                planned_weeks=planned,
                revisit=revisit_on,
                now=now,
            )
            if not close or decided.status is Status.CLOSED:
                return decided
            plan = lifecycle.plan_move(decided, Status.CLOSED, ())
            uow.append_event(
                request.id,
                StatusEvent(
                    at=now, from_status=request.status, to_status=Status.CLOSED, note=plan.note
                ),
            )
            return dataclasses.replace(decided, status=Status.CLOSED)

        return self._change(request_id, f"decide {decision.value}", change, expected_version)

    def delete(self, request_id: int, *, expected_version: int | None = None) -> RequestRecord:
        """Delete a request with its checklist and history; undoable while this runs."""
        with self._unit_of_work() as uow:
            current = uow.request(request_id)
            self._check_version(current, expected_version)
            record = RequestRecord(current, uow.history(request_id))
            uow.delete_request(request_id)

            def revert(u: UnitOfWork) -> Written:
                self._check_untouched(u, request_id)
                restored = dataclasses.replace(record.request, version=record.request.version + 1)
                u.insert_request(restored, record.history)
                return {request_id: restored.version}

            self._remember(f"delete #{request_id}", revert, {request_id: None})
        return record

    # Objectives, vision, template -----------------------------------------------------

    def add_objective(
        self,
        title: str,
        *,
        key: str | None = None,
        target: str | date | None = None,
        description: str = "",
    ) -> Objective:
        """Add a business objective; its key defaults to the next free ``O<n>``."""
        objective = Objective(
            key=parse_objective_key(key) if key is not None else "",
            title=parse_title(title),
            description=parse_long_text(description, "description"),
            target=parse_date(target, "target", today=self.now().date()),
        )
        with self._unit_of_work() as uow:
            existing = set(uow.objective_keys())
            if not objective.key:
                number = len(existing) + 1
                while f"O{number}" in existing:
                    number += 1
                objective = dataclasses.replace(objective, key=f"O{number}")
            elif objective.key in existing:
                raise InvalidInput("key", f"objective {objective.key!r} already exists")
            uow.save_objective(objective)
            key_added = objective.key

            def revert(u: UnitOfWork) -> Written:
                u.delete_objective(key_added)
                return {}

            self._remember(f"add objective {key_added}", revert, {})
        return objective

    def edit_objective(
        self,
        key: str,
        *,
        title: str | None = None,
        description: str | None = None,
        target: str | date | None = None,
        status: ObjectiveStatus | None = None,
        clear_target: bool = False,
    ) -> Objective:
        """Change an objective's title, description, target date or status."""
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = parse_title(title)
        if description is not None:
            changes["description"] = parse_long_text(description, "description")
        if target is not None or clear_target:
            changes["target"] = parse_date(target, "target", today=self.now().date())
        if status is not None:
            changes["status"] = status
        with self._unit_of_work() as uow:
            before = uow.objective(key)
            updated = dataclasses.replace(before, **changes)
            uow.save_objective(updated)

            def revert(u: UnitOfWork) -> Written:
                u.save_objective(before)
                return {}

            self._remember(f"edit objective {key}", revert, {})
        return updated

    def set_vision(self, text: str) -> None:
        """Replace the one-paragraph vision of the security program."""
        vision = parse_long_text(text.strip(), "vision")
        before = self.vision()
        with self._unit_of_work() as uow:
            uow.set_setting(queries.VISION_KEY, vision)

            def revert(u: UnitOfWork) -> Written:
                u.set_setting(queries.VISION_KEY, before)
                return {}

            self._remember("edit vision", revert, {})

    def use_template(self, template: Sequence[TemplateItem]) -> bool:
        """Make ``template`` the checklist for requests entering discovery from now on.

        Returns True when it differed from the stored one.
        """
        if tuple(template) == self.template():
            return False
        with self._unit_of_work() as uow:
            uow.set_setting(queries.TEMPLATE_KEY, queries.encode_template(template))
        return True

    # Whole-workspace operations ------------------------------------------------------------

    def ensure_loadable(self, *, replace: bool) -> None:
        """Refuse to load over a non-empty workspace unless replacing was asked for."""
        if not replace and not self.is_empty():
            raise NotEmpty(
                f"{self._db.label} is not empty; use --replace to overwrite it (backed up first)"
            )

    def export_snapshot(self, *, redact: bool = False) -> tuple[str, int]:
        """The whole workspace as TOML snapshot text, and how many requests it holds."""
        data = self.data()
        text = snapshot.export_snapshot(data, exported_at=self.now(), redact=redact)
        return text, len(data.records)

    def export_to(self, path: Path, *, redact: bool = False) -> int:
        """Write a snapshot to ``path`` atomically (owner-only); returns the request count."""
        text, count = self.export_snapshot(redact=redact)
        snapshot.write_snapshot(path, text)
        return count

    def import_from(
        self, path: Path, *, replace: bool = False, progress: Callable[[str], None] | None = None
    ) -> tuple[snapshot.Snapshot, Path | None]:
        """Check the snapshot at ``path`` completely, then load it in one transaction.

        Returns the snapshot and the backup of the replaced workspace (if any).
        """
        self.ensure_loadable(replace=replace)
        loaded = snapshot.load_snapshot(path, progress or (lambda _message: None))
        return loaded, self.load(loaded.data, replace=replace)

    def load(self, data: WorkspaceData, *, replace: bool = False) -> Path | None:
        """Write ``data`` into the workspace in one transaction.

        A workspace that already holds something is refused unless ``replace``; then
        it is backed up first and the path of the backup is returned.
        """
        self.ensure_loadable(replace=replace)
        backup = None
        if not self.is_empty() and self.path is not None:
            backup = self._db.backup("before-replace")
        with self._db.transaction() as connection:
            bulk.clear(connection)
            bulk.load(connection, data)
        self._undo.clear()
        self._versions.clear()
        self._record_change(None)
        return backup

    def restore(self, backup: Path) -> Path:
        """Replace the workspace with a backup; returns the backup of the state replaced."""
        if self.read_only or self.path is None:
            raise ReadOnly("only a workspace file can be restored")
        saved = self._db.restore_from(backup)
        self._undo.clear()
        self._versions.clear()
        self._record_change(None)
        return saved

    def backups(self) -> list[BackupInfo]:
        """Backups of this workspace, newest first."""
        return list_backups(self.path) if self.path else []

    # Undo -----------------------------------------------------------------------------

    @property
    def undo_label(self) -> str | None:
        """What :meth:`undo` would take back, or None."""
        return self._undo[-1].label if self._undo else None

    def undo(self) -> str:
        """Take back the last change made through this workspace; returns its label.

        Raises:
            Conflict: the request was changed by someone else since; nothing is undone.
        """
        if not self._undo:
            raise InvalidInput("undo", "nothing to undo")
        step = self._undo[-1]
        with self._unit_of_work() as uow:
            written = step.revert(uow)
        self._undo.pop()
        self._versions.update(written)
        self._record_change(frozenset(written))
        return step.label

    # Internals ------------------------------------------------------------------------

    def _orm(self) -> OrmStore:
        if self._orm_store is None:
            if self._db.path is None:
                raise InvalidInput("workspace", "an in-memory workspace cannot be changed")
            # Imported here, not at the top: SQLModel takes most of a second to import
            # and reading the board must not wait for it.
            from secboard.store.orm import OrmStore

            self._orm_store = OrmStore(self._db.path)
        return self._orm_store

    @contextmanager
    def _unit_of_work(self) -> Iterator[UnitOfWork]:
        """A transaction; undo steps remembered inside it count only once it commits."""
        if self.read_only:
            raise ReadOnly("this is a read-only snapshot; changes are not possible here")
        self._pending = []
        with self._orm().unit_of_work() as uow:
            yield uow
        if self._seen_version is not None:
            self._seen_version = self._db.data_version()
        for step in self._pending:
            self._undo.append(step)
            self._versions.update(step.written)
            self._record_change(frozenset(step.written))
        self._pending = []

    def _remember(
        self, label: str, revert: Callable[[UnitOfWork], Written], written: Written
    ) -> None:
        self._pending.append(UndoStep(label, revert, written))

    def _check_untouched(self, uow: UnitOfWork, request_id: int) -> Request | None:
        """The stored request, if it is exactly as this workspace last left it."""
        expected = self._versions.get(request_id)
        stored = uow.request(request_id) if uow.exists(request_id) else None
        if (None if stored is None else stored.version) != expected:
            raise Conflict(f"#{request_id} was changed elsewhere since; nothing was undone")
        return stored

    def _record_change(self, ids: frozenset[int] | None) -> None:
        self.revision += 1
        self._changes.append((self.revision, ids))

    @staticmethod
    def _check_version(request: Request, expected: int | None) -> None:
        if expected is not None and request.version != expected:
            raise Conflict(
                f"#{request.id} was changed elsewhere since you opened it; "
                "refresh to see the latest, nothing was overwritten"
            )

    def _change(
        self,
        request_id: int,
        label: str,
        change: Callable[[Request, UnitOfWork], Request],
        expected_version: int | None,
    ) -> Request:
        """Load, check the version, apply ``change``, store with version + 1, remember undo."""
        with self._unit_of_work() as uow:
            current = uow.request(request_id)
            self._check_version(current, expected_version)
            history_before = uow.history(request_id)
            updated = dataclasses.replace(change(current, uow), version=current.version + 1)
            uow.update_request(updated, checklist_changed=updated.checklist != current.checklist)

            def revert(u: UnitOfWork) -> Written:
                now_stored = self._check_untouched(u, request_id)
                assert now_stored is not None
                restored = dataclasses.replace(current, version=now_stored.version + 1)
                u.delete_request(request_id)
                u.insert_request(restored, history_before)
                return {request_id: restored.version}

            self._remember(f"{label} #{request_id}", revert, {request_id: updated.version})
        return updated
