"""Database files that are not snapshots, and SQLite files that are not ours, stay untouched.

Exporting over a workspace's write-ahead log would drop every change committed since the
last checkpoint while the database still looked sound, so export refuses a database's
``-wal``, ``-shm`` and ``-journal`` files whether or not they exist yet, as it refuses the
database itself. Another program's SQLite file is recognised by its tables and columns, not
by a ``user_version`` any program may set: it is neither opened, restored nor backed up.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from secboard.domain.errors import WorkspaceUnavailable
from secboard.store import sqlite
from secboard.store.backups import PARTIAL_SUFFIX
from secboard.store.schema import SCHEMA_VERSION
from secboard.tui import app as app_module
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.tui_helpers import SETTLE_SECONDS, notifications, press, settle


@pytest.fixture
def open_workspace(tmp_path: Path):
    """A workspace held open by another secboard, with commits still in its WAL."""
    workspace = Workspace.open(tmp_path / "ws.db")
    workspace.add({"title": "SSO for the admin console"})
    yield workspace
    workspace.close()


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_export_refuses_a_workspace_side_file(
    tmp_path: Path, open_workspace: Workspace, suffix: str
) -> None:
    cli = Cli(tmp_path / "ws.db")
    target = tmp_path / f"ws.db{suffix}"
    before = target.read_bytes() if target.exists() else None

    line = cli.refused("export", str(target))

    assert "database" in line
    if suffix != "-shm":  # the shared-memory index changes whenever anyone reads
        assert (target.read_bytes() if target.exists() else None) == before
    assert [row["title"] for row in cli.listing()] == ["SSO for the admin console"]


def test_export_refuses_another_databases_log_found_by_its_header(
    tmp_path: Path, open_workspace: Workspace
) -> None:
    cli = Cli(tmp_path / "ws.db")
    log = tmp_path / "copied-log"
    log.write_bytes((tmp_path / "ws.db-wal").read_bytes())

    assert "database" in cli.refused("export", str(log))
    assert log.read_bytes() == (tmp_path / "ws.db-wal").read_bytes()


def test_a_snapshot_named_like_a_log_beside_no_database_is_written(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "ws.db")
    cli.ok("add", "SSO")

    cli.ok("export", str(tmp_path / "notes-wal"))

    assert "SSO" in (tmp_path / "notes-wal").read_text("utf-8")


def another_programs_database(path: Path, user_version: int) -> Path:
    """A SQLite file of another program whose ``user_version`` looks like one of ours."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE request (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO request (url) VALUES ('https://example.com')")
        connection.execute(f"PRAGMA user_version = {user_version}")
    connection.close()
    return path


@pytest.mark.parametrize("user_version", [1, SCHEMA_VERSION])
def test_restore_refuses_another_programs_database_and_keeps_no_junk_backup(
    tmp_path: Path, user_version: int
) -> None:
    cli = Cli(tmp_path / "ws.db")
    cli.ok("add", "SSO for the admin console")
    other = another_programs_database(tmp_path / "other.db", user_version)
    before = other.read_bytes()

    line = cli.refused("restore", str(other), "--yes")

    assert "not a secboard" in line
    assert other.read_bytes() == before
    assert [row["title"] for row in cli.listing()] == ["SSO for the admin console"]
    assert cli.ok("backups").stdout.count("before-restore") == 0


@pytest.mark.parametrize("user_version", [1, SCHEMA_VERSION])
def test_opening_another_programs_database_writes_nothing_to_it(
    tmp_path: Path, user_version: int
) -> None:
    other = another_programs_database(tmp_path / "other.db", user_version)
    before = other.read_bytes()

    line = Cli(other).refused("list")

    assert "not a secboard workspace" in line
    assert other.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other.db"]


# A damaged page -------------------------------------------------------------------------


def damage_first_leaf(path: Path, btree: str = "request") -> None:
    """Overwrite the first leaf page of a table or index: for the request table, the
    oldest requests, which adding a new request never reads, so SQLite alone would not
    notice the damage."""
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (btree,)
        ).fetchone()[0]
    connection.close()
    content = bytearray(path.read_bytes())
    page = content[(root - 1) * page_size : root * page_size]
    assert page[0] in (0x02, 0x05), f"the {btree} b-tree must span several pages"
    # An interior page: a cell pointer array after its 12-byte header; each cell starts
    # with the number of its left child page.
    first_cell = int.from_bytes(page[12:14], "big")
    leaf = int.from_bytes(page[first_cell : first_cell + 4], "big")
    start = (leaf - 1) * page_size
    content[start + 8 : start + page_size] = b"\xa5" * (page_size - 8)
    path.write_bytes(bytes(content))


@pytest.fixture
def damaged_workspace(tmp_path: Path) -> Path:
    """A workspace of a few hundred requests with one damaged page, its log checkpointed."""
    path = tmp_path / "ws.db"
    Cli(path).ok("demo", "--count", "300")
    assert not (tmp_path / "ws.db-wal").exists()
    damage_first_leaf(path)
    return path


@pytest.mark.parametrize(
    "command",
    [("add", "SSO for the admin console"), ("demo", "--count", "3", "--replace")],
    ids=lambda command: command[0],
)
def test_a_damaged_workspace_refuses_changes_and_says_how_to_restore(
    damaged_workspace: Path, command: tuple[str, ...]
) -> None:
    before = damaged_workspace.read_bytes()

    line = Cli(damaged_workspace).refused(*command)

    assert "is damaged" in line
    assert "secboard backups" in line
    assert "secboard restore FILE" in line
    assert damaged_workspace.read_bytes() == before
    assert not (damaged_workspace.parent / "backups").exists()


def test_a_damaged_workspace_refuses_single_changes_through_the_api(
    damaged_workspace: Path,
) -> None:
    workspace = Workspace.open(damaged_workspace)
    try:
        with pytest.raises(WorkspaceUnavailable, match="secboard restore FILE"):
            workspace.warm_up()
        with pytest.raises(WorkspaceUnavailable, match="is damaged"):
            workspace.add({"title": "SSO for the admin console"})
    finally:
        workspace.close()


def test_a_damaged_workspace_can_be_restored_from_its_backup(tmp_path: Path) -> None:
    path = tmp_path / "ws.db"
    cli = Cli(path)
    cli.ok("demo", "--count", "300")
    cli.ok("demo", "--count", "300", "--seed", "2", "--replace")
    (backup,) = (tmp_path / "backups").iterdir()
    damage_first_leaf(path)

    cli.ok("restore", str(backup), "--yes")
    cli.ok("add", "SSO for the admin console")

    assert len(cli.listing()) == 301
    restored = [row["version"] for row in cli.listing() if row["id"] <= 300]
    assert min(restored) > 1, "versions read before the restore must not match after it"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    assert "before-restore" in cli.ok("backups").stdout


async def test_the_board_on_a_damaged_workspace_says_so_and_refuses_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ws.db"
    Cli(path).ok("demo", "--count", "300")
    # An index page: the board still reads, but the file is damaged all the same.
    damage_first_leaf(path, "ix_status_event_request")
    before = path.read_bytes()
    monkeypatch.setattr(app_module, "WARM_UP_DELAY", 0.001)
    workspace = Workspace.open(path)
    try:
        app = SecboardApp(workspace)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            deadline = time.monotonic() + SETTLE_SECONDS
            # The check runs in the warm-up a moment after the board shows: waited for.
            while not any("is damaged" in shown for shown in notifications(app)):
                assert time.monotonic() < deadline, "the damage was never reported"
                await pilot.pause()
            await settle(pilot)
            warned = notifications(app)
            await press(pilot, ">")
            refused = notifications(app)
            assert app.is_running
    finally:
        workspace.close()

    assert any("is damaged" in message for message in warned), warned
    assert sum("is damaged" in message for message in refused) == 2, refused
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", [("list",), ("export", "-")], ids=lambda c: c[0])
def test_reading_a_damaged_workspace_is_one_clear_line(
    damaged_workspace: Path, command: tuple[str, ...]
) -> None:
    line = Cli(damaged_workspace).refused(*command)

    assert "damaged" in line
    assert "secboard restore FILE" in line


# A full disk ----------------------------------------------------------------------------


def test_a_backup_cut_short_by_a_full_disk_is_removed_and_never_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = Cli(tmp_path / "ws.db")
    cli.ok("add", "SSO for the admin console")
    real_copy = sqlite.copy_database

    def copy_until_the_disk_fills(source: Path, target: Path) -> None:
        real_copy(source, target)
        with target.open("r+b") as handle:
            handle.truncate(target.stat().st_size // 2)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sqlite, "copy_database", copy_until_the_disk_fills)

    line = cli.refused("demo", "--count", "3", "--replace")

    assert "could not back up" in line
    assert os.strerror(errno.ENOSPC) in line
    assert list((tmp_path / "backups").iterdir()) == []
    assert "no backups yet" in cli.ok("backups").stderr
    assert [row["title"] for row in cli.listing()] == ["SSO for the admin console"]


def test_a_backup_left_half_written_by_a_crash_is_never_listed(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "ws.db")
    cli.ok("add", "SSO for the admin console")
    cli.ok("demo", "--count", "3", "--replace")
    (complete,) = (tmp_path / "backups").iterdir()
    stamp = complete.name.split(".")[1]
    leftover = tmp_path / "backups" / f".ws.{stamp}.before-replace.db.x1y2{PARTIAL_SUFFIX}"
    leftover.write_bytes(complete.read_bytes()[:4096])

    listed = cli.ok("backups").stdout

    assert str(complete) in listed
    assert leftover.name not in listed
    assert len(listed.splitlines()) == 2  # the heading and the one complete backup


def _no_room_beyond(size: int) -> Callable[[], None]:
    """For a child process: any write past ``size`` bytes of a file fails, as on a full disk."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_full_disk_still_lets_the_workspace_be_listed_and_exported(tmp_path: Path) -> None:
    # A reader of a WAL database needs room for a 32 KiB -shm index; the limit leaves
    # none, but room for a small snapshot written elsewhere.
    path = tmp_path / "ws.db"
    Cli(path).ok("add", "SSO for the admin console")
    before = path.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "secboard", "--db", str(path), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"},
            preexec_fn=_no_room_beyond(16_384),
            timeout=60,
            check=False,
        )

    listed = run("list", "--format", "json")
    exported = run("export", str(elsewhere / "out.toml"))
    added = run("add", "Audit log export")

    assert listed.returncode == 0, listed.stderr
    assert [row["title"] for row in json.loads(listed.stdout)] == ["SSO for the admin console"]
    assert exported.returncode == 0, exported.stderr
    assert "SSO for the admin console" in (elsewhere / "out.toml").read_text("utf-8")
    assert added.returncode == 1
    assert added.stderr.splitlines() == [
        f"error: the disk holding {path} is full, so the workspace was opened for reading "
        "only; free some space to make changes"
    ]
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()
