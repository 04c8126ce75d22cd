"""Throwaway PostgreSQL workspaces for tests: one schema per test in one server database.

The database is named by ``$SECBOARD_TEST_POSTGRES_URL`` (``.ci/postgres`` starts a
server and prints the line to export). Each test gets a schema of its own, named in the
URL's ``search_path``, and the schema is dropped afterwards, passed or failed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

POSTGRES_ENV = "SECBOARD_TEST_POSTGRES_URL"
"""The server database the PostgreSQL cases use; unset, they are skipped."""
REQUIRED_ENV = "SECBOARD_TEST_POSTGRES_REQUIRED"
"""Set to 1 in CI: a PostgreSQL case that is skipped there fails instead."""
SKIP_REASON = (
    f"PostgreSQL tests need a server: set {POSTGRES_ENV}="
    "postgresql+psycopg://user:pass@host/db (.ci/postgres starts one)"
)


def server_url() -> str | None:
    """The test server's database URL, if one is configured."""
    return os.environ.get(POSTGRES_ENV) or None


def required() -> bool:
    """True when PostgreSQL cases must run (CI)."""
    return os.environ.get(REQUIRED_ENV) == "1"


@contextmanager
def private_schema(base: str) -> Iterator[str]:
    """A new empty schema in ``base``'s database; yields a URL whose connections use it."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in base else "?"
        yield f"{base}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()


def engine_url(database: object) -> str:
    """A SQLAlchemy URL for a test's workspace: its file, or its server URL as it is."""
    return database if isinstance(database, str) else f"sqlite:///{database}"
