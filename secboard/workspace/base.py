"""The workspace's foundation: opening, reading, and the transactions, versions and undo
journal every change goes through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from secboard.domain.errors import Conflict, InvalidInput, NotFound
from secboard.domain.model import (
    Card,
    Objective,
    Request,
    RequestRecord,
    RequestSummary,
    Source,
    Status,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.domain.validation import local_today
from secboard.store import queries
from secboard.store.database import Database, Migrated, open_database

if TYPE_CHECKING:
    from secboard.domain.metrics import Metrics
    from secboard.store.unit import UnitOfWork

from typing import Self

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
    before: Written
    """The version each request had before the change (None: it did not exist)."""
    generation: str = ""
    """The whole-workspace replace the change was made after (see :meth:`undo`)."""


class WorkspaceBase:
    """Opening, reading and the machinery every change runs through."""

    def __init__(self, database: Database, *, clock: Clock = utc_now) -> None:
        self._db = database
        self._clock = clock
        self._undo: list[UndoStep] = []
        self._pending: list[UndoStep] = []
        self._versions: Written = {}
        self._own_since: dict[int, int] = {}
        """Per request, the version from which every change up to now was made here."""
        self._seen_version: int | None = None
        self._changes: list[tuple[int, frozenset[int] | None]] = []
        self.revision = 0
        """Counts the changes made through this workspace object."""

    # Opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, target: str | Path, *, clock: Clock = utc_now) -> Self:
        """Open (or create) the workspace ``target`` names: a file, or a PostgreSQL URL."""
        return cls(open_database(target), clock=clock)

    @classmethod
    def from_data(cls, data: WorkspaceData, *, read_only: bool, clock: Clock = utc_now) -> Self:
        """A workspace in memory holding ``data`` (the snapshot viewer's)."""
        from secboard.store import writes
        from secboard.store.sqlite import SqliteDatabase

        database = SqliteDatabase.in_memory()
        with database.transaction() as session:
            writes.load(session, data)
        database.read_only = read_only
        return cls(database, clock=clock)

    @property
    def path(self) -> Path | None:
        """The workspace file, or None when it lives in memory or on a server."""
        return self._db.path

    @property
    def label(self) -> str:
        """How messages name the workspace: its file, or its server URL (no password)."""
        return self._db.label

    @property
    def is_server(self) -> bool:
        """True for a workspace on a database server (shared by a team)."""
        return self._db.is_server

    @property
    def actor(self) -> str:
        """Who the changes made here are signed by: the database role on a server,
        ``$SECBOARD_USER`` or the login name on a file."""
        return self._db.actor

    @property
    def read_only(self) -> bool:
        """True when every change is refused."""
        return self._db.read_only

    @property
    def read_only_reason(self) -> str:
        """Why every change is refused, when :attr:`read_only` is set."""
        return self._db.read_only_reason

    @property
    def migrated(self) -> Migrated | None:
        """Set when opening upgraded an older workspace (with the backup taken)."""
        return self._db.migrated

    def now(self) -> datetime:
        """The workspace clock (fixed in tests)."""
        return self._clock()

    def today(self) -> date:
        """The user's date by the workspace clock: what ``today``, ``+7d``, due and revisit
        count from (their local date, not UTC's)."""
        return local_today(self.now())

    def close(self) -> None:
        """Release the database."""
        self._db.close()

    def warm_up(self) -> None:
        """Load the write path now, so that the first change is as fast as the rest."""
        import secboard.store.unit
        import secboard.store.writes  # noqa: F401

        if not self.read_only:
            # Here, off the board's first frames, rather than in the first key press.
            self._db.check_intact()

    def has_external_changes(self) -> bool:
        """True when another process committed to the workspace since the last call.

        Changes made through this object do not count (see :meth:`_unit_of_work`).
        """
        version = self._db.revision()
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        return changed

    def external_version(self) -> int:
        """Changes when another process commits to the same workspace."""
        return self._db.revision()

    # Reads ----------------------------------------------------------------------------

    def cards(self, ids: Sequence[int] | None = None) -> list[Card]:
        """Board cards for every request, or for ``ids`` only (missing ids are skipped)."""
        with self._db.reading() as read:
            return queries.cards(read, ids)

    def request(self, request_id: int) -> Request:
        """One request with its checklist."""
        with self._db.reading() as read:
            found = queries.request(read, request_id)
        if found is None:
            raise NotFound(f"no request #{request_id}")
        return found

    def record(self, request_id: int) -> RequestRecord:
        """One request with its checklist and its status history."""
        request = self.request(request_id)
        with self._db.reading() as read:
            return RequestRecord(request, queries.history(read, request_id))

    def requests(
        self, *, status: Status | None = None, source: Source | None = None
    ) -> list[Request]:
        """Requests with their checklists, optionally filtered, in id order."""
        with self._db.reading() as read:
            return queries.requests(read, status=status, source=source)

    def request_summaries(
        self, *, status: Status | None = None, source: Source | None = None, merged: bool = False
    ) -> Iterator[RequestSummary]:
        """Requests with their checklist progress but not their checklists, optionally
        filtered, in id order, read as they are consumed (memory stays flat with size).
        Merged requests are left out unless ``merged``.

        The workspace stays locked for reading until the iterator is used up or closed.
        """
        with self._db.reading() as read:
            yield from queries.request_summaries(read, status=status, source=source, merged=merged)

    def histories(self) -> dict[int, list[StatusEvent]]:
        """Every request's status history, by request id."""
        with self._db.reading() as read:
            return queries.histories(read)

    def metrics(self, as_of: datetime | None = None) -> Metrics:
        """The metrics report (SPEC §3) as of ``as_of``, or of the workspace clock."""
        # Loaded on use, like the metrics screen: the board's start-up does not need it.
        from secboard.domain.flow import week_mondays
        from secboard.domain.metrics import RISK_HORIZON, THROUGHPUT_WEEKS, compute_metrics

        moment = self.now() if as_of is None else as_of
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
        today = moment.date()
        with self._db.reading() as read:
            # Summed by the database where that gives the same figures: then no ask row
            # is read (a large workspace has three asks a request).
            totals = queries.ask_totals(
                read, moment, today + RISK_HORIZON, week_mondays(today, THROUGHPUT_WEEKS)[0]
            )
            cards = queries.flow_cards(read, with_asks=totals is None)
            moves = queries.moves(read)
            redacted = queries.is_redacted(read)
        return compute_metrics(cards, moves, moment, arr_redacted=redacted, ask_totals=totals)

    def objectives(self) -> list[Objective]:
        """Every objective, oldest first."""
        with self._db.reading() as read:
            return queries.objectives(read)

    def vision(self) -> str:
        """The security program's vision, one paragraph."""
        with self._db.reading() as read:
            return queries.vision(read)

    def is_redacted(self) -> bool:
        """True when the workspace came from a redacted snapshot: its exports are too."""
        with self._db.reading() as read:
            return queries.is_redacted(read)

    def template(self) -> tuple[TemplateItem, ...]:
        """The discovery checklist template in use."""
        with self._db.reading() as read:
            return queries.template(read)

    def is_empty(self) -> bool:
        """True when there is no request and no objective yet."""
        with self._db.reading() as read:
            return queries.is_empty(read)

    def data(self) -> WorkspaceData:
        """Everything in the workspace (what a snapshot exports)."""
        with self._db.reading() as read:
            return queries.workspace_data(read)

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
        try:
            with self._unit_of_work() as uow:
                if uow.generation() != step.generation:
                    # An import or restore (perhaps by another process) replaced every
                    # request since: each step would take back a change to one that is gone.
                    self._undo.clear()
                    raise Conflict(
                        f"the workspace was replaced (an import or restore) since "
                        f"{step.label}; nothing was undone"
                    )
                written = step.revert(uow)
        except Conflict:
            # It can never be undone now; older steps still can.
            if self._undo:
                self._undo.pop()
            raise
        self._undo.pop()
        self._versions.update(written)
        self._record_change(frozenset(written) or None)
        return step.label

    # Internals ------------------------------------------------------------------------

    @contextmanager
    def _unit_of_work(self) -> Iterator[UnitOfWork]:
        """A transaction; undo steps remembered inside it count only once it commits."""
        self._db.check_writable()
        self._pending = []
        up_to_date = self._seen_version is not None and self._db.revision() == self._seen_version
        with self._db.unit_of_work() as uow:
            generation = uow.generation()
            yield uow
        if up_to_date:
            # A server's counter moves with our own commit too; only skip it if nothing
            # from elsewhere was waiting to be noticed.
            self._seen_version = self._db.revision()
        for step in self._pending:
            self._undo.append(replace(step, generation=generation))
            for request_id, before in step.before.items():
                if before is None or self._versions.get(request_id) != before:
                    after = step.written.get(request_id)
                    self._own_since[request_id] = before if before is not None else after or 0
            self._versions.update(step.written)
            self._record_change(frozenset(step.written) or None)
        self._pending = []

    def _remember(
        self,
        label: str,
        revert: Callable[[UnitOfWork], Written],
        written: Written,
        before: Written,
    ) -> None:
        self._pending.append(UndoStep(label, revert, written, before))

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

    def _check_version(self, request: Request, expected: int | None) -> None:
        """Refuse a change based on ``expected`` if someone else changed the request since.

        Versions this workspace itself moved the request through still count as seen:
        two quick keys on one card are not a conflict with yourself.
        """
        if expected is None or request.version == expected:
            return
        latest = self._versions.get(request.id)
        since = self._own_since.get(request.id)
        if latest != request.version or since is None or not since <= expected <= latest:
            raise Conflict(
                f"#{request.id} was changed elsewhere since you opened it; "
                "refresh to see the latest, nothing was overwritten"
            )
