"""Files that are not secboard workspaces are refused before anything is written to them.

Another program's SQLite file is known by what it holds (tables, views, indexes,
triggers, an application id), whatever its ``user_version`` says: every command refuses
it in one line and leaves it byte for byte as it was, without a ``-wal`` file or a
``backups/`` folder beside it. A missing or empty (0-byte) file is a new workspace.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from secboard.cli import cli
from tests.cli_support import Cli
from tests.reliability_support import immutable


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


# Paths that name no workspace file ------------------------------------------------------


def refused_by_env(value: str, *args: str) -> str:
    """The one error line of ``secboard ARGS`` with ``$SECBOARD_DB`` set to ``value``."""
    result = CliRunner().invoke(cli, list(args), env={"SECBOARD_DB": value})
    assert result.exit_code == 1, (result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize("through", ["--db", "$SECBOARD_DB"])
def test_memory_as_the_workspace_is_refused_and_creates_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: str
) -> None:
    monkeypatch.chdir(tmp_path)

    if through == "--db":
        line = Cli(Path(":memory:")).refused("add", "SSO")
    else:
        line = refused_by_env(":memory:", "add", "SSO")

    assert "':memory:' is SQLite's name for a database kept in memory" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", [" ", "\t  "])
def test_a_blank_secboard_db_is_refused_and_creates_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.chdir(tmp_path)

    line = refused_by_env(value, "list")

    assert line == (
        "error: $SECBOARD_DB is blank; set it to a workspace file, or unset it for the default"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_device_in_secboard_db_is_refused_before_it_is_opened() -> None:
    assert refused_by_env("/dev/null", "add", "SSO") == (
        "error: /dev/null is a character device, not a workspace file"
    )


def test_backups_through_a_linked_workspace_go_beside_the_real_file(tmp_path: Path) -> None:
    real = tmp_path / "data" / "secboard.db"
    real.parent.mkdir()
    Cli(real).ok("add", "SSO for the admin console")
    link = tmp_path / "desk" / "work.db"
    link.parent.mkdir()
    link.symlink_to(real)
    cli = Cli(link)

    cli.ok("demo", "--count", "3", "--replace")

    assert not (link.parent / "backups").exists()
    (backup,) = (real.parent / "backups").iterdir()
    assert backup.name.startswith("secboard.")
    assert str(backup) in cli.ok("backups").stdout
    assert str(backup) in Cli(real).ok("backups").stdout


def test_a_workspace_in_a_read_only_folder_is_read_and_changes_name_the_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "ws.db"
    cli = Cli(db)
    cli.ok("add", "SSO for the admin console")

    with immutable(folder):
        listed = cli.listing()
        line = cli.refused("add", "Audit log export")

    assert [row["title"] for row in listed] == ["SSO for the admin console"]
    assert line == (
        f"error: folder {folder} is read-only, so the workspace was opened for reading only; "
        "make it writable to make changes"
    )


def test_a_new_workspace_in_a_read_only_folder_names_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()

    with immutable(folder):
        line = Cli(folder / "ws.db").refused("add", "SSO")

    assert line == f"error: cannot create {folder / 'ws.db'}: folder {folder} is read-only"


def test_under_an_open_umask_the_folders_secboard_makes_are_private(tmp_path: Path) -> None:
    data_home = tmp_path / "home" / "share"
    previous = os.umask(0)
    try:
        result = CliRunner().invoke(cli, ["add", "SSO"], env={"XDG_DATA_HOME": str(data_home)})
        assert result.exit_code == 0, result.output
        result = CliRunner().invoke(
            cli, ["demo", "--count", "3", "--replace"], env={"XDG_DATA_HOME": str(data_home)}
        )
        assert result.exit_code == 0, result.output
    finally:
        os.umask(previous)

    made = [
        tmp_path / "home",
        data_home,
        data_home / "secboard",
        data_home / "secboard" / "backups",
    ]
    assert {str(path): stat.S_IMODE(path.stat().st_mode) for path in made} == {
        str(path): 0o700 for path in made
    }
