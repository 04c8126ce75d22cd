"""A workspace on a PostgreSQL server, shared by a team (``pip install 'secboard[postgres]'``).

The same tables, queries and writer as a file, through SQLAlchemy and psycopg 3 (the
:class:`ConnectionSession` here is what they run on). What
differs lives here: one advisory lock per workspace makes write transactions take turns
(as SQLite's ``BEGIN IMMEDIATE`` does on a file), a change counter in
``secboard_schema`` lets an open board notice another PM's change with one cheap query,
reads see one consistent snapshot, and each change is signed by the database role.
The workspace is the schema the connection's ``search_path`` names (``public`` unless
the URL says otherwise), so one database can hold several.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from platformdirs import user_data_path

from secboard.domain.errors import WorkspaceUnavailable, os_reason
from secboard.store import queries
from secboard.store.backups import APP_NAME, BACKUP_DIR_NAME, BackupPlace, take_backup
from secboard.store.database import Database
from secboard.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.engine import Connection, Engine

    from secboard.store.rows import Row
    from secboard.store.session import Session

CONNECT_TIMEOUT_S = 10
"""How long opening waits for a server that does not answer."""
_BUSY_MESSAGE = (
    "the workspace is busy: another secboard is writing to it; nothing was changed, try again"
)
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('secboard:' || current_schema()))"
"""Every write transaction of one workspace takes this lock first: one writer at a time."""
_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '5s'"


class ConnectionSession:
    """A :class:`~secboard.store.session.Session` (and a reader) over a SQLAlchemy
    connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name
        self._columns: dict[str, tuple[str, ...]] = {}

    def __call__(self, sql: str, params: Mapping[str, Any] | None = None, /) -> Sequence[Row]:
        from sqlalchemy import text

        return self.connection.execute(text(sql), dict(params or {})).mappings().all()

    def run(self, sql: str, params: Mapping[str, Any] | None = None, /) -> int:
        """Run one statement; returns how many rows it changed."""
        from sqlalchemy import text

        if params is None:
            # Taken as it is (DDL): no parameters to find in it.
            return self.connection.exec_driver_sql(sql).rowcount
        return self.connection.execute(text(sql), dict(params)).rowcount

    def run_many(self, sql: str, rows: Sequence[Mapping[str, Any]], /) -> None:
        """Run one statement once per parameter set in ``rows``."""
        from sqlalchemy import text

        self.connection.execute(text(sql), [dict(row) for row in rows])

    def columns(self, table: str) -> tuple[str, ...]:
        """The column names of ``table``, as the database has them (read once)."""
        from sqlalchemy import text

        if table not in self._columns:
            result = self.connection.execute(text(f"SELECT * FROM {table} LIMIT 0"))
            self._columns[table] = tuple(result.keys())
        return self._columns[table]


class PostgresDatabase(Database):
    """A workspace in a PostgreSQL database (its current schema)."""

    kind = "postgresql"

    def __init__(self, url: str, label: str) -> None:
        super().__init__(label, None)
        self.url = url
        self._engine: Engine | None = None
        self._counting = False
        """True once the schema exists: from then on every write moves the counter."""

    @classmethod
    def open(cls, url: str) -> PostgresDatabase:
        """Connect to the workspace at ``url``, creating or upgrading its tables.

        Raises:
            WorkspaceUnavailable: the server cannot be reached, refuses the login, has
                no such database, holds another program's tables or a newer schema;
                nothing is written.
        """
        if importlib.util.find_spec("psycopg") is None:
            raise WorkspaceUnavailable(
                "PostgreSQL support is not installed: pip install 'secboard[postgres]'"
            )
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(_with_driver(url))
        except ArgumentError as error:
            raise WorkspaceUnavailable(f"cannot read the database URL: {error}") from None
        label = parsed.render_as_string(hide_password=True)
        database = cls(parsed.render_as_string(hide_password=False), label)
        try:
            from sqlalchemy.exc import DBAPIError

            try:
                with database.engine().connect() as connection:
                    version = _schema_version(connection, label)
                    database.actor = str(
                        connection.exec_driver_sql("SELECT current_user").scalar_one()
                    )
            except DBAPIError as error:
                raise database.translate(error.orig or error) from None
            database.migrated = database._migrate(version)
            database._counting = True
        except BaseException:
            database.close()
            raise
        return database

    def engine(self) -> Engine:
        """The SQLAlchemy engine, created on first use."""
        from sqlalchemy import create_engine

        with self._lock:
            if self._engine is None:
                self._engine = create_engine(
                    self.url,
                    pool_pre_ping=True,
                    pool_size=2,
                    connect_args={
                        "connect_timeout": CONNECT_TIMEOUT_S,
                        "application_name": APP_NAME,
                    },
                )
            return self._engine

    def close(self) -> None:
        """Release the engine and every connection."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @contextmanager
    def transaction(self) -> Iterator[ConnectionSession]:
        """A write transaction that holds the workspace's advisory lock (see
        :meth:`Database.transaction`); it moves the change counter."""
        from sqlalchemy.exc import DBAPIError

        self.check_writable()
        with self._lock:
            try:
                with self.engine().begin() as connection:
                    connection.exec_driver_sql(_LOCK_TIMEOUT)
                    connection.exec_driver_sql(_LOCK)
                    if self._counting:
                        connection.exec_driver_sql(
                            "UPDATE secboard_schema SET revision = revision + 1"
                        )
                    yield ConnectionSession(connection)
            except DBAPIError as error:
                raise self.translate(error.orig or error) from None

    @contextmanager
    def reading(self) -> Iterator[ConnectionSession]:
        """A reader on one consistent snapshot of the workspace."""
        from sqlalchemy.exc import DBAPIError

        with self._lock:
            try:
                with self.engine().connect() as connection:
                    # One snapshot for every query of the block: an export or a board
                    # load never mixes rows from before and after another PM's change.
                    snapshot = connection.execution_options(isolation_level="REPEATABLE READ")
                    yield ConnectionSession(snapshot)
            except DBAPIError as error:
                raise self.translate(error.orig or error) from None

    def revision(self) -> int:
        """The change counter: moves with every change committed, this process's too."""
        with self.reading() as read:
            row = queries.first(read, "SELECT revision FROM secboard_schema")
        return 0 if row is None else int(row["revision"])

    def _stored_version(self, session: Session) -> int:
        found = session(
            "SELECT 1 FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name = 'secboard_schema'"
        )
        if not found:
            return 0
        stored = queries.first(session, "SELECT version FROM secboard_schema")
        return 0 if stored is None else int(stored["version"])

    def _record_version(self, session: Session, version: int) -> None:
        parameters = {"version": version}
        if not session.run("UPDATE secboard_schema SET version = :version", parameters):
            session.run(
                "INSERT INTO secboard_schema (id, version, revision) VALUES (1, :version, 0)",
                parameters,
            )

    def backup_place(self) -> BackupPlace:
        """Where this workspace's backups (snapshot files) are kept: the user's data
        folder, under the server, database and schema they come from."""
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        name = "-".join(str(part) for part in (url.host or "local", url.port or 5432, url.database))
        slug = "".join(ch if ch.isalnum() or ch in "-." else "_" for ch in name)
        directory = user_data_path(APP_NAME, appauthor=False) / BACKUP_DIR_NAME / slug
        return BackupPlace(directory, str(url.database or "workspace"), ".toml")

    def backup_before_upgrade(self, session: Session, version: int) -> Path:
        """Copy every row of the workspace, as it stands at schema ``version``, into a
        SQLite workspace file among its backups (read inside the upgrade's transaction).

        A snapshot cannot be written here (this secboard reads only the latest schema),
        but a file at the old schema can: secboard opens it like any workspace.
        """
        from secboard.store.sqlite import write_workspace_file

        snapshots = self.backup_place()
        place = BackupPlace(snapshots.directory, snapshots.stem, ".db")
        try:
            return take_backup(
                place,
                f"before-migration-v{version}",
                lambda target: write_workspace_file(target, version, session),
            )
        except OSError as error:
            raise WorkspaceUnavailable(
                f"could not back up {self.label} before upgrading it: {os_reason(error)}; "
                "nothing was changed"
            ) from None

    def translate(self, error: BaseException) -> WorkspaceUnavailable:
        """A one-line explanation of a psycopg failure."""
        text = str(error).strip()
        first_line = text.splitlines()[0] if text else type(error).__name__
        state = getattr(error, "sqlstate", None) or ""
        lowered = text.lower()
        if (
            state in {"28P01", "28000"}
            or "password authentication failed" in lowered
            or ("no password supplied" in lowered)
        ):
            return WorkspaceUnavailable(
                f"the PostgreSQL server refused the login to {self.label} "
                "(wrong password or unknown role)"
            )
        if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
            return WorkspaceUnavailable(
                f"{self.label}: no such database on the server; create it first "
                "(see the README's team workspace section)"
            )
        if state == "42501" or "permission denied" in lowered:
            return WorkspaceUnavailable(f"{self.label}: the role may not do this ({first_line})")
        if state in {"55P03", "40P01", "40001"} or "lock timeout" in lowered:
            return WorkspaceUnavailable(_BUSY_MESSAGE)
        if not state or state.startswith("08"):
            return WorkspaceUnavailable(
                f"cannot reach the PostgreSQL server of {self.label}: {first_line}"
            )
        return WorkspaceUnavailable(f"database error in {self.label}: {first_line}")


def _with_driver(url: str) -> str:
    """``url`` with psycopg 3 as its driver (``postgresql://`` alone would mean psycopg2)."""
    scheme, separator, rest = url.partition("://")
    if scheme.lower() in {"postgresql", "postgres"}:
        return f"postgresql+psycopg{separator}{rest}"
    return url


def _schema_version(connection: Connection, label: str) -> int:
    """The schema version of the workspace, once it is known to be ours (0: empty)."""
    from sqlalchemy import text

    from secboard.store.tables import WORKSPACE_TABLES, SchemaStateTable

    rows = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
    ).all()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(str(table), set()).add(str(column))
    if not found:
        return 0
    if SchemaStateTable.__tablename__ not in found:
        names = ", ".join(sorted(found)[:3])
        raise WorkspaceUnavailable(
            f"{label} holds tables of another program ({names}), not a secboard "
            "workspace; it was left untouched (give secboard an empty database or schema)"
        )
    version = int(connection.exec_driver_sql("SELECT version FROM secboard_schema").scalar() or 0)
    if version > SCHEMA_VERSION:
        raise WorkspaceUnavailable(
            f"{label} was written by a newer secboard (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade secboard to open it"
        )
    if version == SCHEMA_VERSION:
        for table in WORKSPACE_TABLES:
            missing = {column.name for column in table.columns} - found.get(table.name, set())
            if missing:
                raise WorkspaceUnavailable(
                    f"{label} is not a secboard workspace (it has no {table.name}."
                    f"{sorted(missing)[0]} column); it was left untouched"
                )
    return version
