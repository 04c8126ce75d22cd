"""Opening a workspace database safely, and the transactions every change runs in.

This module uses the standard library's ``sqlite3`` only, so opening a workspace and
reading it stays fast: the SQLModel layer (:mod:`secboard.store.orm`) is imported when
the first single-row change is written. Every problem with the file becomes one
:class:`WorkspaceUnavailable` line; a file that is not ours is never written to.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from secboard.domain.errors import ReadOnly, WorkspaceUnavailable, os_reason
from secboard.store import bulk
from secboard.store.backups import create_private_file, real_file, take_backup
from secboard.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5_000
RESTORE_HINT = "`secboard backups` lists its backups; `secboard restore FILE` brings one back"
"""How to get a sound workspace back, said wherever damage is found."""
READ_ONLY_SNAPSHOT = "this is a read-only snapshot: changes are not possible here"
"""Why a snapshot being viewed refuses changes."""
_LOCKED_MESSAGE = (
    "the workspace is busy: another secboard is writing to it; nothing was changed, try again"
)


@dataclass(frozen=True, slots=True)
class Migrated:
    """What happened when an older database was upgraded on opening."""

    from_version: int
    to_version: int
    backup: Path | None


def apply_pragmas(connection: sqlite3.Connection, *, in_memory: bool = False) -> None:
    """Settings every connection to a workspace uses (also used by the SQLModel engine)."""
    if not in_memory:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA synchronous = NORMAL")


def translate_error(error: sqlite3.Error, where: str) -> WorkspaceUnavailable:
    """A one-line explanation of a SQLite failure."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return WorkspaceUnavailable(_LOCKED_MESSAGE)
    if "readonly" in text or "read-only" in text:
        return WorkspaceUnavailable(f"{where} is read-only; check the file's permissions")
    if "not a database" in text or "malformed" in text:
        hint = f". {RESTORE_HINT}" if "malformed" in text else ""
        return WorkspaceUnavailable(f"{where} is damaged or not a SQLite database ({text}){hint}")
    if "unable to open" in text:
        # SQLite could not open the file or create its -wal/-shm files beside it.
        return WorkspaceUnavailable(
            f"cannot open {where}: check that it and its folder are readable and writable"
        )
    if "disk" in text or "full" in text:
        return WorkspaceUnavailable(f"cannot write {where}: {text}")
    return WorkspaceUnavailable(f"database error in {where}: {text}")


class Database:
    """An open workspace database: one ``sqlite3`` connection and its transactions.

    The connection is shared by the threads of one process, one call at a time.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        *,
        read_only: bool = False,
        migrated: Migrated | None = None,
    ) -> None:
        self._connection = connection
        self.path = path
        """The database file, or None for an in-memory workspace."""
        self.read_only = read_only
        """True when every change must be refused (a snapshot being viewed, a full disk)."""
        self.read_only_reason = READ_ONLY_SNAPSHOT
        """Why changes are refused, when :attr:`read_only` is set."""
        self.migrated = migrated
        """Set when opening upgraded an older schema."""
        self._lock = threading.RLock()
        self._intact = path is None
        """True once this file passed its check for damage (done before the first write)."""

    @property
    def label(self) -> str:
        """How messages name this database."""
        return str(self.path) if self.path else "the in-memory workspace"

    @classmethod
    def open(cls, path: Path) -> Database:
        """Open (creating if needed) the workspace at ``path``, upgrading an older schema.

        Raises:
            WorkspaceUnavailable: the path is unusable; the message says why and the
                file is left as it was.
        """
        path = Path(os.path.expanduser(path))
        created = _check_path(path)
        try:
            connection = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        except sqlite3.Error as error:
            raise translate_error(error, str(path)) from None
        try:
            try:
                connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
                version = _schema_version(connection, path, created)
                apply_pragmas(connection)
            except sqlite3.Error as error:
                limit = _only_readable(error, path)
                if limit is None:
                    raise translate_error(error, str(path)) from None
                connection.close()
                return cls._for_reading_only(path, limit)
            database = cls(connection, path)
            database.migrated = database._migrate(version)
        except BaseException:
            connection.close()
            raise
        return database

    @classmethod
    def _for_reading_only(cls, path: Path, limit: tuple[str, str]) -> Database:
        """The workspace opened as a file nobody changes, where it cannot be shared.

        Readers of a WAL database share an index in a ``-shm`` file of 32 KiB beside
        it; on a full disk or in a read-only folder it cannot be made, and every read
        would fail. Only called with the log empty: then the file alone holds
        everything committed, and no one can commit meanwhile (that needs the log).
        ``limit`` is what stops changes and what would allow them again.
        """
        why, remedy = limit
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?immutable=1",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise translate_error(error, str(path)) from None
        try:
            version = _schema_version(connection, path, created=False)
            if version != SCHEMA_VERSION:
                raise WorkspaceUnavailable(
                    f"{path} needs upgrading, but {why}; {remedy} and try again"
                )
        except BaseException:
            connection.close()
            raise
        database = cls(connection, path, read_only=True)
        database.read_only_reason = (
            f"{why}, so the workspace was opened for reading only; {remedy} to make changes"
        )
        return database

    @classmethod
    def in_memory(cls, *, read_only: bool = False) -> Database:
        """A private, empty workspace that lives only as long as this process."""
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        apply_pragmas(connection, in_memory=True)
        database = cls(connection, None)
        database._migrate(0)
        database.read_only = read_only
        return database

    def close(self) -> None:
        """Close the connection (checkpointing the write-ahead log)."""
        with self._lock:
            self._connection.close()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, for queries; errors become :class:`WorkspaceUnavailable`."""
        with self._lock:
            try:
                yield self._connection
            except sqlite3.Error as error:
                raise translate_error(error, self.label) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: all of it is committed, or none of it.

        ``BEGIN IMMEDIATE`` takes the write lock up front, so two processes never
        both read-then-write the same rows; a lock held too long by another process
        is reported instead of waited on forever.
        """
        self.check_writable()
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise translate_error(error, self.label) from None
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException as error:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise translate_error(error, self.label) from None
                raise

    def check_writable(self) -> None:
        """Refuse a change to a read-only or damaged workspace.

        Raises:
            ReadOnly: the workspace is read-only; the message says why.
            WorkspaceUnavailable: the file is damaged (see :meth:`check_intact`).
        """
        if self.read_only:
            raise ReadOnly(self.read_only_reason)
        self.check_intact()

    def check_intact(self) -> None:
        """Refuse to write to a damaged file, checked once per open before the first write.

        SQLite writes into a file with a damaged page without complaint as long as the
        change does not touch that page, burying the damage under new work. The check
        reads every page (tens of milliseconds for ten thousand requests), so reading
        commands never pay it; the board runs it while warming up its write path.

        Raises:
            WorkspaceUnavailable: the file is damaged; the message says how to restore.
        """
        damage = self._damage()
        if damage:
            raise WorkspaceUnavailable(
                f"{self.label} is damaged ({damage}); nothing was written. {RESTORE_HINT}"
            )

    def _damage(self) -> str:
        """What SQLite's check finds wrong with the file ('' when sound; checked once)."""
        if self._intact:
            return ""
        with self._lock:
            try:
                verdict = str(self._connection.execute("PRAGMA quick_check(1)").fetchone()[0])
            except sqlite3.DatabaseError as error:
                verdict = str(error)
        if verdict != "ok":
            # SQLite's report spans lines under a "*** in database main ***" banner.
            return verdict.splitlines()[-1].strip()
        self._intact = True
        return ""

    def data_version(self) -> int:
        """A number that changes whenever another connection commits a change."""
        with self.reading() as connection:
            return int(connection.execute("PRAGMA data_version").fetchone()[0])

    def backup(self, reason: str) -> Path:
        """Copy the committed database into its backup folder; returns the backup's path.

        The copy is read through a connection of its own, so it may be taken inside a
        :meth:`transaction` before anything is written there: the write lock then keeps
        every other process from committing, and the backup holds exactly the state the
        transaction is about to replace.
        """
        if self.path is None:
            raise WorkspaceUnavailable("an in-memory workspace has no file to back up")
        with self._lock:
            try:
                reader = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
                try:
                    return take_backup(reader, self.path, reason)
                finally:
                    reader.close()
            except (sqlite3.Error, OSError) as error:
                raise WorkspaceUnavailable(f"could not back up {self.path}: {error}") from None

    def restore_from(self, backup: Path) -> Path:
        """Replace the whole database with the copy in ``backup``; returns the safety backup.

        The backup file is checked (a secboard database this version can read, intact)
        and never written to. The safety backup of the current state and the replacing
        happen under one write lock, so a change another process commits meanwhile is
        either in the safety backup or refused as busy, never silently lost.
        """
        incoming = _upgraded_copy(backup, check_backup(backup))
        try:
            if self.read_only or not self._damage():
                with self.transaction() as connection:
                    saved = self.backup("before-restore")
                    bulk.replace(connection, lambda target: bulk.copy_all(incoming, target))
            else:
                saved = self._replace_damaged(incoming)
        finally:
            incoming.close()
        return saved

    def _replace_damaged(self, incoming: sqlite3.Connection) -> Path:
        """Overwrite a damaged file page by page with ``incoming``; returns the safety backup.

        Deleting rows would have to read the damaged pages, so the file is replaced
        whole through SQLite's backup API, which takes the write lock for the copy. The
        safety backup copies pages as they are: the damage is kept for whoever wants to
        rescue what it still holds.
        """
        saved = self.backup("before-restore")
        with self._lock:
            before = bulk.generation_mark(self._connection)
            try:
                incoming.backup(self._connection)
            except sqlite3.Error as error:
                raise translate_error(error, self.label) from None
            self._intact = False
        if self._damage():
            raise WorkspaceUnavailable(f"restoring {self.label} failed; {RESTORE_HINT}")
        with self.transaction() as connection:
            bulk.start_generation(connection, before)
        return saved

    def _migrate_without_backup(self, version: int) -> None:
        for migration in MIGRATIONS[version:]:
            with self.transaction() as connection:
                # Another secboard opening the same file may have got here first: the
                # version read under the write lock is the one that counts.
                current = int(connection.execute("PRAGMA user_version").fetchone()[0])
                if current >= migration.version:
                    continue
                _apply(connection, migration)

    def _migrate(self, version: int) -> Migrated | None:
        if version == SCHEMA_VERSION:
            return None
        # Before the backup: a damaged file is neither copied nor upgraded.
        self.check_intact()
        backup = self.backup(f"before-migration-v{version}") if version > 0 else None
        self._migrate_without_backup(version)
        return Migrated(version, SCHEMA_VERSION, backup) if version > 0 else None


def _apply(connection: sqlite3.Connection, migration: Migration) -> None:
    """Run one migration's statements and record its version (in the caller's transaction)."""
    for statement in migration.statements:
        connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {migration.version}")


def _upgraded_copy(backup: Path, version: int) -> sqlite3.Connection:
    """An in-memory copy of ``backup`` (at schema ``version``) upgraded to the latest schema.

    The backup file itself is only read.
    """
    copy = sqlite3.connect(":memory:", isolation_level=None)
    try:
        source = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(copy)
        finally:
            source.close()
        for migration in MIGRATIONS[version:]:
            _apply(copy, migration)
    except sqlite3.Error as error:
        copy.close()
        raise translate_error(error, str(backup)) from None
    return copy


def check_backup(path: Path) -> int:
    """The schema version of a backup file, after checking it is intact and ours."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise WorkspaceUnavailable(f"{path} is not a file")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise WorkspaceUnavailable(f"{path} does not exist") from None
    except OSError as error:
        raise WorkspaceUnavailable(f"cannot read {path}: {os_reason(error)}") from None
    if header != SQLITE_HEADER:
        raise WorkspaceUnavailable(f"{path} is not a secboard backup (not a SQLite file)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise translate_error(error, str(path)) from None
    try:
        version = _schema_version(connection, path, created=False)
        if version == 0:
            raise WorkspaceUnavailable(f"{path} is an empty database, not a secboard backup")
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as error:
        raise translate_error(error, str(path)) from None
    finally:
        connection.close()
    if verdict != "ok":
        raise WorkspaceUnavailable(f"{path} is damaged ({verdict}); choose another backup")
    return version


def _only_readable(error: sqlite3.Error, path: Path) -> tuple[str, str] | None:
    """What stops SQLite from sharing the file, and the remedy, when reading alone can work.

    None for any other failure, and with a log that holds commits: a reader ignoring
    the log would miss them.
    """
    code = getattr(error, "sqlite_errorcode", 0)
    # SQLite keeps its log and index beside the file a link points at.
    real = real_file(path)
    if code in (sqlite3.SQLITE_IOERR_SHMSIZE, sqlite3.SQLITE_FULL):
        limit = (f"the disk holding {path} is full", "free some space")
    elif code & 0xFF in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY) and not os.access(
        real.parent, os.W_OK
    ):
        limit = (f"folder {real.parent} is read-only", "make it writable")
    else:
        return None
    try:
        empty_log = real.with_name(f"{real.name}-wal").stat().st_size == 0
    except FileNotFoundError:
        empty_log = True
    except OSError:
        empty_log = False
    return limit if empty_log else None


def _check_path(path: Path) -> bool:
    """Refuse unusable paths; create a new private file when there is none. True if created."""
    if str(path) == ":memory:":
        # SQLite would keep the workspace in memory, losing it on exit, beside an empty
        # file of that name.
        raise WorkspaceUnavailable(
            "':memory:' is SQLite's name for a database kept in memory; "
            "secboard keeps its workspace in a file: give a file name"
        )
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise WorkspaceUnavailable(f"cannot use {path}: {os_reason(error)}") from None
    if mode is not None and not stat.S_ISREG(mode):
        # Opening a FIFO waits for a writer forever, and a device is never ours: refused
        # before anything is opened.
        raise WorkspaceUnavailable(f"{path} is {_kind(mode)}, not a workspace file")
    if not path.parent.is_dir():
        raise WorkspaceUnavailable(f"cannot create {path}: folder {path.parent} does not exist")
    if not path.exists():
        try:
            create_private_file(path)
        except FileExistsError:
            return False
        except OSError as error:
            if not os.access(path.parent, os.W_OK):
                raise WorkspaceUnavailable(
                    f"cannot create {path}: folder {path.parent} is read-only"
                ) from None
            raise WorkspaceUnavailable(f"cannot create {path}: {os_reason(error)}") from None
        return True
    if not os.access(path, os.R_OK | os.W_OK):
        raise WorkspaceUnavailable(
            f"{path} is not readable and writable by you; check its permissions"
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise WorkspaceUnavailable(f"cannot read {path}: {os_reason(error)}") from None
    if header and header != SQLITE_HEADER:
        raise WorkspaceUnavailable(
            f"{path} is not a secboard workspace (not a SQLite file); it was left untouched"
        )
    return not header


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((words for test, words in kinds if test(mode)), "not a regular file")


def _schema_version(connection: sqlite3.Connection, path: Path, created: bool) -> int:
    """The schema version of the database on ``connection``, once it is known to be ours.

    ``user_version`` alone proves nothing (any program may set it), so a database that
    claims a secboard schema must also have that schema's tables and columns.
    """
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        application = int(connection.execute("PRAGMA application_id").fetchone()[0])
        columns = _columns_of(connection)
        # Views, indexes and triggers count too: a database holding only a view is
        # still someone's, and adopting it would write our tables into it.
        objects = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    except sqlite3.Error as error:
        raise translate_error(error, str(path)) from None
    if application != 0:
        # secboard never sets an application id; a program that does owns the file.
        raise WorkspaceUnavailable(
            f"{path} is a SQLite database of another program (application id {application}), "
            "not a secboard workspace; it was left untouched"
        )
    if version > SCHEMA_VERSION:
        raise WorkspaceUnavailable(
            f"{path} was written by a newer secboard (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade secboard to open it"
        )
    if version == 0 and objects and not created:
        raise WorkspaceUnavailable(
            f"{path} is a SQLite database but not a secboard workspace; it was left untouched"
        )
    if version > 0:
        missing = _missing_columns(_schema_columns(version), columns)
        if missing:
            raise WorkspaceUnavailable(
                f"{path} is not a secboard workspace (it has no {missing}); it was left untouched"
            )
    return version


def _columns_of(connection: sqlite3.Connection) -> dict[str, frozenset[str]]:
    """Every table of the database and its column names (SQLite's own tables left out)."""
    rows = connection.execute(
        "SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return {table: frozenset(names) for table, names in tables.items()}


@functools.cache
def _schema_columns(version: int) -> dict[str, frozenset[str]]:
    """The tables and columns a secboard database at schema ``version`` has."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in MIGRATIONS[:version]:
            _apply(connection, migration)
        return _columns_of(connection)
    finally:
        connection.close()


def _missing_columns(expected: dict[str, frozenset[str]], found: dict[str, frozenset[str]]) -> str:
    """The first table or column of ``expected`` that ``found`` lacks, named; else ''."""
    for table, columns in sorted(expected.items()):
        if table not in found:
            return f"{table} table"
        for column in sorted(columns - found[table]):
            return f"{table}.{column} column"
    return ""
