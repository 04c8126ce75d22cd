"""Nothing is lost by a mistake: deletes are undone, and what is replaced is backed up.

``import --replace`` and a schema upgrade each keep a backup that ``secboard backups``
lists and ``secboard restore FILE --yes`` brings back exactly; the state a restore
replaces is itself backed up; and a file that is not a sound secboard backup is refused
without changing anything.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from secboard.demo import generate
from secboard.domain.model import Answer, Decision, Status
from secboard.snapshot import export_snapshot
from secboard.store.schema import SCHEMA_VERSION
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.reliability_support import STAMP, state
from tests.tui_helpers import board, settle

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.db"
SIZE = (160, 45)


def listed_backups(cli: Cli) -> list[tuple[str, Path]]:
    """``secboard backups`` as (reason, file) rows, newest first."""
    rows = cli.ok("backups").stdout.splitlines()[1:]
    return [(row.split()[2], Path(row.split()[-1])) for row in rows]


def folder_fingerprint(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# Undo ----------------------------------------------------------------------------------------


async def test_tui_delete_then_undo_brings_back_the_whole_request(db_path: Path):
    workspace = Workspace.open(db_path)
    request = workspace.add({"title": "SSO for the admin console", "customer": "Acme"})
    workspace.move(request.id, Status.DISCOVERY, reason="triaged")
    workspace.answer(request.id, "need_confirmed", Answer.YES, note="contract 7.2")
    workspace.decide(request.id, Decision.BUILD, rationale="revenue tied")
    before = workspace.record(request.id)
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("l")
            assert board(app).selected_card() is not None
            await pilot.press("x", "y")
            await settle(pilot)
            assert [card.id for card in workspace.cards()] == []
            await pilot.press("u")
            await settle(pilot)
        restored = workspace.record(request.id)
    finally:
        workspace.close()

    assert restored.history == before.history
    assert restored.request.checklist == before.request.checklist
    assert restored.request.version == before.request.version + 1
    for field in ("title", "customer", "status", "decision", "rationale"):
        assert getattr(restored.request, field) == getattr(before.request, field)


# import --replace, backups, restore ----------------------------------------------------------


def test_import_replace_is_undone_by_restoring_its_backup(tmp_path: Path):
    cli = Cli(tmp_path / "workspace.db")
    cli.ok("demo", "--count", "25", "--seed", "3")
    cli.ok("edit", "4", "--title", "Edited by hand before the import")
    original = state(cli.db)
    source = tmp_path / "incoming.toml"
    source.write_text(export_snapshot(generate(12, 8, STAMP), exported_at=STAMP), "utf-8")
    imported = source.read_text("utf-8")

    cli.ok("import", str(source), "--replace")
    assert state(cli.db) == imported
    ((reason, backup),) = listed_backups(cli)
    assert reason == "before-replace"

    result = cli.ok("restore", str(backup), "--yes")

    assert state(cli.db) == original
    rows = listed_backups(cli)
    assert [reason for reason, _ in rows] == ["before-restore", "before-replace"]
    saved = rows[0][1]
    assert f"the previous state was backed up to {saved}" in result.stderr
    cli.ok("restore", str(saved), "--yes")
    assert state(cli.db) == imported


def test_a_schema_upgrade_backup_is_listed_and_restores_the_old_data(tmp_path: Path):
    old = tmp_path / "old" / "workspace.db"
    old.parent.mkdir()
    shutil.copyfile(FIXTURE, old)
    reference = tmp_path / "reference.db"
    shutil.copyfile(FIXTURE, reference)
    as_upgraded = state(reference)
    cli = Cli(old)

    cli.ok("list")
    ((reason, backup),) = listed_backups(cli)
    cli.ok("delete", "1", "--yes")
    cli.ok("edit", "2", "--title", "Changed after the upgrade")
    cli.ok("restore", str(backup), "--yes")

    assert reason == "before-migration-v1"
    assert state(old) == as_upgraded
    with sqlite3.connect(old) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == 1


# Refused restores ----------------------------------------------------------------------------


def damaged_copy(backup: Path, target: Path) -> str:
    content = bytearray(backup.read_bytes())
    content[200:4000] = bytes(range(256)) * 15 + bytes(40)
    target.write_bytes(bytes(content))
    return f"{target} is damaged or not a SQLite database ("


def truncated_copy(backup: Path, target: Path) -> str:
    content = backup.read_bytes()
    target.write_bytes(content[: len(content) // 2])
    return f"{target} is damaged or not a SQLite database ("


def another_programs_database(_backup: Path, target: Path) -> str:
    with sqlite3.connect(target) as connection:
        connection.execute("CREATE TABLE photos (path TEXT)")
    return f"{target} is a SQLite database but not a secboard workspace; it was left untouched"


def empty_database(_backup: Path, target: Path) -> str:
    sqlite3.connect(target).close()
    target.write_bytes(b"")
    return f"{target} is not a secboard backup (not a SQLite file)"


def newer_secboard(backup: Path, target: Path) -> str:
    shutil.copyfile(backup, target)
    with sqlite3.connect(target) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    return f"{target} was written by a newer secboard (schema {SCHEMA_VERSION + 1};"


def a_text_file(_backup: Path, target: Path) -> str:
    target.write_text("not a database")
    return f"{target} is not a secboard backup (not a SQLite file)"


BAD_BACKUPS: dict[str, Callable[[Path, Path], str]] = {
    "damaged": damaged_copy,
    "truncated": truncated_copy,
    "another program's database": another_programs_database,
    "empty file": empty_database,
    "newer secboard": newer_secboard,
    "text file": a_text_file,
}


@pytest.mark.parametrize("make", BAD_BACKUPS.values(), ids=BAD_BACKUPS.keys())
def test_restoring_a_file_that_is_not_a_sound_backup_is_refused_and_changes_nothing(
    tmp_path: Path, make: Callable[[Path, Path], str]
):
    cli = Cli(tmp_path / "workspace" / "workspace.db")
    cli.db.parent.mkdir()
    cli.ok("add", "Kept")
    cli.ok("demo", "--count", "5", "--replace")
    ((_reason, backup),) = listed_backups(cli)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    expected = make(backup, outside / "candidate.db")
    before = state(cli.db)
    untouched = folder_fingerprint(cli.db.parent), folder_fingerprint(outside)

    message = cli.refused("restore", str(outside / "candidate.db"), "--yes")

    assert message.startswith(f"error: {expected}"), message
    assert state(cli.db) == before
    assert (folder_fingerprint(cli.db.parent), folder_fingerprint(outside)) == untouched


def test_backups_taken_within_one_second_are_listed_newest_first(tmp_path: Path):
    cli = Cli(tmp_path / "workspace.db")
    cli.ok("add", "SSO")
    folder = tmp_path / "backups"
    folder.mkdir()
    for name in ("first", "second-2", "third-3"):
        stamp, _, counter = name.partition("-")
        suffix = f"-{counter}" if counter else ""
        (folder / f"workspace.20261130T090000Z{suffix}.{stamp}.db").write_bytes(b"")

    assert [reason for reason, _ in listed_backups(cli)] == ["third", "second", "first"]
