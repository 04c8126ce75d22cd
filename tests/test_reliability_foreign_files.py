"""Files that are not secboard workspaces are refused before anything is written to them.

Another program's SQLite file is known by what it holds (tables, views, indexes,
triggers, an application id), whatever its ``user_version`` says: every command refuses
it in one line and leaves it byte for byte as it was, without a ``-wal`` file or a
``backups/`` folder beside it. A missing or empty (0-byte) file is a new workspace.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli_support import Cli


def _with_table(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('groceries')")


def _with_view(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE VIEW answer AS SELECT 42 AS value")


def _with_application_id(connection: sqlite3.Connection) -> None:
    # A program that stamps its files but has not created anything in this one yet.
    connection.execute("PRAGMA application_id = 1196444237")
    connection.execute("CREATE TABLE scratch (a)")
    connection.execute("DROP TABLE scratch")


FOREIGN: dict[str, Callable[[sqlite3.Connection], None]] = {
    "table": _with_table,
    "view": _with_view,
    "application-id": _with_application_id,
}


def foreign_database(path: Path, fill: Callable[[sqlite3.Connection], None]) -> Path:
    """Another program's SQLite file in rollback-journal (``delete``) mode."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        fill(connection)
    finally:
        connection.close()
    return path


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    """A sound snapshot holding one request, exported from a workspace elsewhere."""
    source = Cli(tmp_path / "source" / "ws.db")
    (tmp_path / "source").mkdir()
    source.ok("add", "SSO for the admin console")
    target = tmp_path / "snapshot.toml"
    source.ok("export", str(target))
    return target


@pytest.mark.parametrize("kind", sorted(FOREIGN))
@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("add", "SSO"),
        ("export", "OUT"),
        ("backups",),
        ("import", "SNAPSHOT"),
        ("demo", "--count", "3"),
        ("vision",),
    ],
    ids=lambda command: command[0],
)
def test_another_programs_sqlite_file_is_refused_and_left_untouched(
    tmp_path: Path, snapshot_file: Path, kind: str, command: tuple[str, ...]
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    other = foreign_database(folder / "other.db", FOREIGN[kind])
    before = digest(other)
    replacements = {"OUT": str(tmp_path / "out.toml"), "SNAPSHOT": str(snapshot_file)}
    args = [replacements.get(arg, arg) for arg in command]

    line = Cli(other).refused(*args)

    assert "not a secboard workspace" in line
    assert digest(other) == before
    assert sorted(path.name for path in folder.iterdir()) == ["other.db"]
    assert not (tmp_path / "out.toml").exists()


def test_a_zero_byte_file_becomes_a_new_workspace(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    cli = Cli(empty)

    cli.ok("add", "SSO for the admin console")

    assert [row["title"] for row in cli.listing()] == ["SSO for the admin console"]


def test_a_missing_file_becomes_a_new_workspace(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "new.db")

    cli.ok("add", "SSO for the admin console")

    assert [row["title"] for row in cli.listing()] == ["SSO for the admin console"]


BAD_SNAPSHOTS = {
    "not-toml": "this is = = not toml\n",
    "no-format": "x = 1\n",
    "bad-row": (
        'format = "secboard-snapshot"\nversion = 1\n\n'
        '[[requests]]\nid = 1\ntitle = ""\nsource = "nope"\nstatus = "intake"\n'
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_SNAPSHOTS))
@pytest.mark.parametrize("through", ["file", "stdin"])
def test_a_refused_import_into_a_new_path_leaves_no_workspace_behind(
    tmp_path: Path, kind: str, through: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_SNAPSHOTS[kind], encoding="utf-8")
    folder = tmp_path / "new"
    folder.mkdir()
    cli = Cli(folder / "new.db")

    if through == "file":
        result = cli("import", str(bad))
    else:
        result = cli("import", "-", input=BAD_SNAPSHOTS[kind])

    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ")
    assert list(folder.iterdir()) == []
