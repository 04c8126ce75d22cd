"""What a write transaction offers the writer, whichever database holds the workspace.

The writer (:mod:`secboard.store.writes`), the unit of work and the migrations speak to a
:class:`Session`: SQL that SQLite and PostgreSQL both run, with named parameters
(``:name``). Each kind of database provides one: a SQLite file straight on Python's driver
(so that ``secboard add`` or an import does not wait the better part of a second for
SQLAlchemy to import), PostgreSQL through a SQLAlchemy connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from secboard.store.rows import Row


class Session(Protocol):
    """One write transaction's connection: queries, statements, and the database's kind."""

    dialect: str
    """``"sqlite"`` or ``"postgresql"``: the few statements that differ choose by it."""

    def __call__(self, sql: str, params: Mapping[str, Any] = ..., /) -> Sequence[Row]:
        """The rows of a query (all of them: a transaction reads few)."""

    def run(self, sql: str, params: Mapping[str, Any] | None = None, /) -> int:
        """Run one statement; returns how many rows it changed."""

    def run_many(self, sql: str, rows: Sequence[Mapping[str, Any]], /) -> None:
        """Run one statement once per parameter set in ``rows``."""

    def columns(self, table: str) -> tuple[str, ...]:
        """The column names of ``table``, as the database has them."""
