"""An open workspace database, whichever kind: its reads, its write transactions, its
schema upgrade and its safety checks.

Two kinds exist: a SQLite file (:mod:`secboard.store.sqlite`, the default) and a
PostgreSQL database shared by a team (:mod:`secboard.store.postgres`). Both run the
same queries and the same writer, one transaction per change, each on its own driver
(see :mod:`secboard.store.session`). :func:`open_database` picks the kind from what the user named.
"""

from __future__ import annotations

import getpass
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from secboard.domain.errors import ReadOnly, WorkspaceUnavailable
from secboard.store.schema import SCHEMA_VERSION, upgrade

if TYPE_CHECKING:
    from secboard.store.backups import BackupPlace
    from secboard.store.queries import Reader
    from secboard.store.session import Session
    from secboard.store.unit import UnitOfWork

READ_ONLY_SNAPSHOT = "this is a read-only snapshot: changes are not possible here"
"""Why a snapshot being viewed refuses changes."""
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")
"""How a workspace on a PostgreSQL server is named (a URL); anything else is a file."""
USER_ENV = "SECBOARD_USER"
"""Who signs changes to a workspace file; the login name when unset."""


@dataclass(frozen=True, slots=True)
class Migrated:
    """What happened when an older database was upgraded on opening."""

    from_version: int
    to_version: int
    backup: Path | None
    notes: tuple[str, ...] = ()
    """What the user should know about data the upgrade moved (one line each)."""


def is_server_url(target: str | os.PathLike[str]) -> bool:
    """True when ``target`` names a database server rather than a file."""
    return isinstance(target, str) and target.lower().startswith(SERVER_SCHEMES)


def open_database(target: str | os.PathLike[str]) -> Database:
    """Open the workspace ``target`` names: a PostgreSQL URL, else a SQLite file.

    Raises:
        WorkspaceUnavailable: it cannot be used; the message says why, nothing written.
    """
    if is_server_url(target):
        from secboard.store.postgres import PostgresDatabase

        return PostgresDatabase.open(str(target))
    from secboard.store.sqlite import SqliteDatabase

    return SqliteDatabase.open(Path(os.path.expanduser(target)))


def local_user() -> str:
    """Who is making changes on this machine: ``$SECBOARD_USER``, else the login name."""
    chosen = os.environ.get(USER_ENV, "").strip()
    if chosen:
        return chosen
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        # No login name (a container running as an unnamed uid): still a signature.
        return f"uid {os.getuid()}"


class Database(ABC):
    """An open workspace database.

    One call at a time across the threads of a process (the board reads in workers).
    """

    kind: ClassVar[str]
    """``"sqlite"`` or ``"postgresql"``."""

    def __init__(self, label: str, path: Path | None, *, read_only: bool = False) -> None:
        self.label = label
        """How messages name this workspace (a server URL never shows its password)."""
        self.path = path
        """The workspace file, or None (in memory, or on a server)."""
        self.read_only = read_only
        """True when every change must be refused (a snapshot being viewed, a full disk)."""
        self.read_only_reason = READ_ONLY_SNAPSHOT
        """Why changes are refused, when :attr:`read_only` is set."""
        self.migrated: Migrated | None = None
        """Set when opening upgraded an older schema."""
        self.actor = local_user()
        """Who the changes made through this database are signed by."""
        self._lock = threading.RLock()

    # What each kind provides -------------------------------------------------------------

    @abstractmethod
    def reading(self) -> AbstractContextManager[Reader]:
        """A reader for queries; errors become :class:`WorkspaceUnavailable`."""

    @abstractmethod
    def revision(self) -> int:
        """A number that changes whenever a change is committed (at least by others)."""

    @abstractmethod
    def translate(self, error: BaseException) -> WorkspaceUnavailable:
        """A one-line explanation of a driver's error."""

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Session]:
        """A write transaction: all of it is committed, or none of it.

        Each kind takes its write lock up front (SQLite's ``BEGIN IMMEDIATE``, a
        PostgreSQL advisory lock), so two processes never both read-then-write the same
        rows, and a version read inside is the latest there is. Refuses a read-only or
        damaged workspace (:meth:`check_writable`); errors become
        :class:`WorkspaceUnavailable`.
        """

    @abstractmethod
    def close(self) -> None:
        """Release every connection."""

    @abstractmethod
    def _stored_version(self, session: Session) -> int:
        """The schema version recorded in the database (0: none yet), read under the lock."""

    @abstractmethod
    def _record_version(self, session: Session, version: int) -> None:
        """Record that the database is at schema ``version`` (in the caller's transaction)."""

    @property
    def is_server(self) -> bool:
        """True for a database on a server, whose backups are snapshot files."""
        return self.kind != "sqlite"

    def check_intact(self) -> None:  # noqa: B027 (only a file can be found damaged)
        """Refuse to write to a damaged database; nothing to check by default."""

    @abstractmethod
    def backup_place(self) -> BackupPlace:
        """Where this workspace's backups are kept."""

    def backup(self, reason: str) -> Path:
        """Copy the committed database to a new backup; returns its path.

        Only a file is copied here; a server workspace is backed up as a snapshot file,
        which the workspace writes (it alone knows the snapshot format).
        """
        raise WorkspaceUnavailable(f"{self.label} is backed up as a snapshot file")

    def restore_from(self, backup: Path) -> Path:
        """Replace the workspace with the file backup ``backup`` (a file workspace only)."""
        raise WorkspaceUnavailable(f"{self.label} is restored from a snapshot file")

    # Shared by both kinds ------------------------------------------------------------------

    def check_writable(self) -> None:
        """Refuse a change to a read-only or damaged workspace.

        Raises:
            ReadOnly: the workspace is read-only; the message says why.
            WorkspaceUnavailable: the file is damaged (see :meth:`check_intact`).
        """
        if self.read_only:
            raise ReadOnly(self.read_only_reason)
        self.check_intact()

    def unit_of_work(self) -> AbstractContextManager[UnitOfWork]:
        """A transaction seen as domain reads and writes, signed by :attr:`actor`."""
        from secboard.store.unit import UnitOfWork

        @contextmanager
        def work() -> Iterator[UnitOfWork]:
            with self.transaction() as session:
                yield UnitOfWork(session, self.actor)

        return work()

    def _migrate(self, version: int) -> Migrated | None:
        """Bring a database at schema ``version`` to the latest, backing it up first."""
        if version == SCHEMA_VERSION:
            return None
        # Before the backup: a damaged file is neither copied nor upgraded.
        self.check_intact()
        backup: Path | None = None
        notes: list[str] = []
        with self.transaction() as session:
            # Another secboard opening the same database may have got here first: the
            # version read under the write lock is the one that counts.
            current = self._stored_version(session)
            if current < SCHEMA_VERSION:
                if current > 0:
                    backup = self.backup_before_upgrade(session, current)
                notes = upgrade(session, current)
                self._record_version(session, SCHEMA_VERSION)
        return Migrated(version, SCHEMA_VERSION, backup, tuple(notes)) if version > 0 else None

    def backup_before_upgrade(self, session: Session, version: int) -> Path:
        """Back up the workspace at schema ``version`` before it is upgraded, inside the
        upgrade's transaction (so the backup holds exactly what the upgrade changes)."""
        del session  # a file is copied whole, through a connection of its own
        return self.backup(f"before-migration-v{version}")
