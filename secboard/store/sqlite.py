"""A workspace in a SQLite file: the only module that speaks ``sqlite3`` itself.

What only a file has lives here: checking a path before anything is created, telling
a secboard workspace from another program's database, the pragmas, the check for a
damaged file, the online backup and a restore over damage, and the file's
:class:`~secboard.store.session.Session`. Reads and writes run straight on ``sqlite3``
(neither the board nor ``secboard add`` waits for SQLAlchemy to import), through one
connection per file, so ``data_version`` moves only for other processes' commits.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from secboard.domain.errors import WorkspaceUnavailable, os_reason
from secboard.domain.model import WorkspaceData
from secboard.store import queries
from secboard.store.backups import BackupPlace, create_private_file, real_file, take_backup
from secboard.store.database import Database
from secboard.store.queries import Reader
from secboard.store.rows import Row
from secboard.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from secboard.store.session import Session

if TYPE_CHECKING:
    from secboard.store.writes import GenerationMark

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5_000
CACHE_KIB = 65_536
"""SQLite's page cache per connection (64 MiB, taken only as pages are read): a large
import inserts into every index at random places, and with the default 2 MiB each
insert would read its index pages again."""
RESTORE_HINT = "`secboard backups` lists its backups; `secboard restore FILE` brings one back"
"""How to get a sound workspace back, said wherever damage is found."""
_LOCKED_MESSAGE = (
    "the workspace is busy: another secboard is writing to it; nothing was changed, try again"
)


def apply_pragmas(connection: sqlite3.Connection, *, in_memory: bool = False) -> None:
    """Settings of the connection to a workspace file."""
    if not in_memory:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute(f"PRAGMA cache_size = {-CACHE_KIB}")


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


class SqliteReader:
    """A :class:`~secboard.store.queries.Reader` straight on a ``sqlite3`` connection."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __call__(self, sql: str, params: Mapping[str, Any] | None = None, /) -> Iterable[Row]:
        cursor = self.connection.cursor()
        # Made in C and read by name; a hot read finds its columns' places once per
        # query instead (see rows.values_by_name).
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params or {})


class SqliteSession(SqliteReader):
    """A write transaction's :class:`~secboard.store.session.Session` on a file."""

    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        super().__init__(connection)
        self._columns: dict[str, tuple[str, ...]] = {}

    def __call__(self, sql: str, params: Mapping[str, Any] | None = None, /) -> list[Row]:
        # Read to the end: a statement left half-read would hold up the commit.
        return list(super().__call__(sql, params))

    def run(self, sql: str, params: Mapping[str, Any] | None = None, /) -> int:
        """Run one statement; returns how many rows it changed."""
        return self.connection.execute(sql, params or {}).rowcount

    def run_many(self, sql: str, rows: Sequence[Mapping[str, Any]], /) -> None:
        """Run one statement once per parameter set in ``rows``."""
        self.connection.executemany(sql, rows)

    def columns(self, table: str) -> tuple[str, ...]:
        """The column names of ``table``, as the file has them (read once per session)."""
        if table not in self._columns:
            cursor = self.connection.execute(f"SELECT * FROM {table} LIMIT 0")
            self._columns[table] = tuple(column[0] for column in cursor.description)
        return self._columns[table]


class SqliteDatabase(Database):
    """A workspace file: one ``sqlite3`` connection, for reads and writes."""

    kind = "sqlite"

    def __init__(
        self, connection: sqlite3.Connection, path: Path | None, *, read_only: bool = False
    ) -> None:
        super().__init__(
            str(path) if path else "the in-memory workspace", path, read_only=read_only
        )
        self._connection = connection
        self._reader = SqliteReader(connection)
        self._intact = path is None
        """True once this file passed its check for damage (done before the first write)."""

    @classmethod
    def open(cls, path: Path) -> SqliteDatabase:
        """Open (creating if needed) the workspace at ``path``, upgrading an older schema.

        Raises:
            WorkspaceUnavailable: the path is unusable; the message says why and the
                file is left as it was.
        """
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
    def _for_reading_only(cls, path: Path, limit: tuple[str, str]) -> SqliteDatabase:
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
    def in_memory(cls) -> SqliteDatabase:
        """A private, empty workspace that lives only as long as this process."""
        connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        apply_pragmas(connection, in_memory=True)
        database = cls(connection, None)
        database._migrate(0)
        return database

    def close(self) -> None:
        """Close the connection (checkpointing the write-ahead log)."""
        with self._lock:
            self._connection.close()

    @contextmanager
    def reading(self) -> Iterator[SqliteReader]:
        """The lean reader, every query of the block on one snapshot of the file (a read
        transaction, so a listing read page by page or an export never mixes rows from
        before and after another process's change); errors become
        :class:`WorkspaceUnavailable`."""
        connection = self._connection
        with self._lock:
            try:
                if connection.in_transaction:
                    # Inside this connection's own write transaction: it is the snapshot.
                    yield self._reader
                    return
                connection.execute("BEGIN")
                try:
                    yield self._reader
                finally:
                    if connection.in_transaction:
                        connection.execute("COMMIT")
            except sqlite3.Error as error:
                raise translate_error(error, self.label) from None

    def translate(self, error: BaseException) -> WorkspaceUnavailable:
        """A one-line explanation of a SQLite failure."""
        if isinstance(error, sqlite3.Error):
            return translate_error(error, self.label)
        return WorkspaceUnavailable(f"database error in {self.label}: {error}")

    @contextmanager
    def transaction(self) -> Iterator[SqliteSession]:
        """A write transaction on the file (see :meth:`Database.transaction`)."""
        self.check_writable()
        with self._lock:
            connection = self._connection
            try:
                # The sqlite3 module starts no transaction itself (isolation_level None):
                # this BEGIN is the only one, and it takes the write lock up front.
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield SqliteSession(connection)
                    connection.execute("COMMIT")
                except BaseException:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise translate_error(error, self.label) from None

    def _stored_version(self, session: Session) -> int:
        (row,) = session("PRAGMA user_version")
        return int(row["user_version"])

    def _record_version(self, session: Session, version: int) -> None:
        session.run(f"PRAGMA user_version = {int(version)}")

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

    def revision(self) -> int:
        """Changes whenever another connection commits (this one's commits do not count)."""
        with self.reading() as read:
            return int(queries.first(read, "PRAGMA data_version")["data_version"])  # type: ignore[index]

    def backup(self, reason: str) -> Path:
        """Copy the committed database into its backup folder; returns the backup's path.

        The copy is read through a connection of its own, so it may be taken inside a
        :meth:`transaction` before anything is written there: the write lock then keeps
        every other process from committing, and the backup holds exactly the state the
        transaction is about to replace.
        """
        if self.path is None:
            raise WorkspaceUnavailable("an in-memory workspace has no file to back up")
        path = self.path
        with self._lock:
            try:
                return take_backup(
                    BackupPlace.beside(path), reason, lambda target: copy_database(path, target)
                )
            except (sqlite3.Error, OSError) as error:
                raise WorkspaceUnavailable(f"could not back up {path}: {error}") from None

    def backup_place(self) -> BackupPlace:
        """Where this file's backups are kept."""
        if self.path is None:
            raise WorkspaceUnavailable("an in-memory workspace has no backups")
        return BackupPlace.beside(self.path)

    def restore_from(self, backup: Path) -> Path:
        """Replace the whole workspace with the one in ``backup``; returns the safety backup.

        The backup file is checked (a secboard database this version can read, intact)
        and never written to. The safety backup of the current state and the replacing
        happen under one write lock, so a change another process commits meanwhile is
        either in the safety backup or refused as busy, never silently lost.
        """
        from secboard.store import writes

        data = read_backup(backup)
        if self.read_only or not self._damage():
            with self.transaction() as session:
                saved = self.backup("before-restore")
                writes.replace(session, lambda target: writes.load(target, data))
            return saved
        return self._replace_damaged(backup)

    def _replace_damaged(self, backup: Path) -> Path:
        """Overwrite a damaged file page by page with ``backup``; returns the safety backup.

        Deleting rows would have to read the damaged pages, so the file is replaced
        whole through SQLite's backup API, which takes the write lock for the copy. The
        safety backup copies pages as they are: the damage is kept for whoever wants to
        rescue what it still holds.
        """
        from secboard.store import writes

        saved = self.backup("before-restore")
        incoming = _upgraded_copy(backup, check_backup(backup))
        try:
            with self._lock:
                before = self._damaged_mark()
                try:
                    incoming.backup(self._connection)
                except sqlite3.Error as error:
                    raise translate_error(error, self.label) from None
                self._intact = False
        finally:
            incoming.close()
        if self._damage():
            raise WorkspaceUnavailable(f"restoring {self.label} failed; {RESTORE_HINT}")
        with self.transaction() as session:
            writes.start_generation(session, before)
        return saved

    def _damaged_mark(self) -> GenerationMark:
        """The generation mark of the damaged file, or a floor above anything it held."""
        from secboard.store import writes

        try:
            return writes.generation_mark(SqliteSession(self._connection))
        except sqlite3.Error:
            return writes.GenerationMark(writes.UNREADABLE_FLOOR, ())


def read_backup(backup: Path) -> WorkspaceData:
    """Everything in the backup file ``backup``, checked and upgraded in memory (the file
    itself is only read)."""
    copy = _upgraded_copy(backup, check_backup(backup))
    try:
        return queries.workspace_data(SqliteReader(copy))
    except sqlite3.Error as error:
        raise translate_error(error, str(backup)) from None
    finally:
        copy.close()


def copy_database(source: Path, target: Path) -> None:
    """Write a complete, consistent copy of the database file ``source`` into ``target``."""
    reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        copy = sqlite3.connect(target)
        try:
            reader.backup(copy)
            # One self-contained file: a copy left in WAL mode would make every read of
            # it (restore opens it read-only) leave -wal and -shm files beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    finally:
        reader.close()


def write_workspace_file(target: Path, version: int, source: Reader) -> None:
    """Fill the new file ``target`` with a SQLite workspace at schema ``version`` holding
    every row of the workspace ``source`` reads (a server's, at that same version).

    How a server workspace is backed up before an upgrade: the file is a workspace like
    any other, so secboard opens it (``--db FILE``, which upgrades it too) and can export
    it as a snapshot, which ``import --replace`` brings back to the server.
    """
    connection = sqlite3.connect(target, isolation_level=None)
    try:
        connection.execute("BEGIN")
        for migration in MIGRATIONS[:version]:
            _apply(connection, migration)
        for table, columns in sorted(_columns_of(connection).items()):
            names = sorted(columns)
            listed = ", ".join(f'"{name}"' for name in names)
            marks = ", ".join("?" for _name in names)
            rows = source(f"SELECT {listed} FROM {table}")
            connection.executemany(
                f"INSERT INTO {table} ({listed}) VALUES ({marks})",
                ([_file_value(row[name]) for name in names] for row in rows),
            )
        connection.execute("COMMIT")
    finally:
        connection.close()


def _file_value(value: object) -> object:
    """A server's value as a SQLite file stores it: dates as ISO text, flags as 0 or 1."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _apply(connection: sqlite3.Connection, migration: Migration) -> None:
    """Run one migration's statements and data step and record its version (in the
    caller's transaction)."""
    session = SqliteSession(connection)
    for statement in migration.statements:
        session.run(statement)
    if migration.convert is not None:
        migration.convert(session)
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


def is_database_file(path: Path) -> bool:
    """True when ``path`` starts like a SQLite database (a file backup, not a snapshot)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # a pipe would be read from, and a device is nobody's backup
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


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
