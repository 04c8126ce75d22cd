"""Replacing the whole workspace while another secboard writes to it: a request the other
process adds at the worst moment is in the backup, makes the load refuse, or is refused
itself as busy; it is never silently deleted.

Each test makes the other process add its request at one exact point of the replace (a
hook, not timing): just before the write lock is taken, or right after the backup.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from secboard.demo import generate
from secboard.domain.errors import NotEmpty
from secboard.store import sqlite as database
from secboard.store.backups import BackupPlace
from secboard.store.session import Session
from secboard.store.sqlite import SqliteDatabase as Database
from secboard.workspace import Workspace
from tests.builders import as_loaded, content
from tests.reliability_support import finish, read_line, start_driver

LATE = "Added by the other secboard"
BUSY = "the workspace is busy: another secboard is writing to it; nothing was changed, try again"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

Hook = Callable[[pytest.MonkeyPatch, Path], list[str]]
"""Installs the other process's add at one point; returns what it said (once it ran)."""


def add_from_another_process(db: Path) -> str:
    """``added``, or ``refused: MESSAGE`` when the other process could not write."""
    process = start_driver("add-one", str(db), LATE)
    line = read_line(process)
    assert finish(process).returncode == 0
    return line


def before_the_write_lock(monkeypatch: pytest.MonkeyPatch, db: Path) -> list[str]:
    """The other process adds its request just before this one asks for the write lock."""
    said: list[str] = []
    real = Database.transaction

    @contextmanager
    def transaction(self: Database) -> Iterator[Session]:
        if not said:
            said.append(add_from_another_process(db))
        with real(self) as session:
            yield session

    monkeypatch.setattr(Database, "transaction", transaction)
    return said


def right_after_the_backup(monkeypatch: pytest.MonkeyPatch, db: Path) -> list[str]:
    """The other process adds its request as soon as the backup is written."""
    said: list[str] = []
    real = database.take_backup

    def take_backup(place: BackupPlace, reason: str, write: Callable[[Path], None]) -> Path:
        taken = real(place, reason, write)
        if not said:
            said.append(add_from_another_process(db))
        return taken

    monkeypatch.setattr(database, "take_backup", take_backup)
    return said


HOOKS: dict[str, Hook] = {
    "just before the write lock": before_the_write_lock,
    "right after the backup": right_after_the_backup,
}


def titles(db: Path) -> list[str]:
    """The request titles stored in the database file ``db``, in id order."""
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM request ORDER BY id")]
    finally:
        connection.close()


def assert_kept_or_refused(said: list[str], backup: Path) -> None:
    """The late request is in the backup, or the other process was told it was busy."""
    (outcome,) = said
    if outcome == "added":
        assert LATE in titles(backup)
    else:
        assert outcome == f"refused: {BUSY}"


def test_a_request_added_just_before_loading_into_an_empty_workspace_makes_it_refuse(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    workspace = Workspace.open(db_path)
    try:
        said = before_the_write_lock(monkeypatch, db_path)
        with pytest.raises(NotEmpty, match="is not empty; use --replace"):
            workspace.load(generate(5, 1, NOW))
        assert said == ["added"]
        assert [request.title for request in workspace.requests()] == [LATE]
        assert workspace.backups() == []
    finally:
        workspace.close()


@pytest.mark.parametrize("hook", HOOKS.values(), ids=HOOKS.keys())
def test_a_request_added_while_replacing_is_in_the_backup_or_refused(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, hook: Hook
):
    workspace = Workspace.open(db_path)
    try:
        workspace.add({"title": "Kept"})
        data = generate(5, 1, NOW)
        said = hook(monkeypatch, db_path)

        backup = workspace.load(data, replace=True)

        assert backup is not None
        assert "Kept" in titles(backup)
        assert_kept_or_refused(said, backup)
        assert content(workspace.data()) == content(as_loaded(data))
    finally:
        workspace.close()


@pytest.mark.parametrize("hook", HOOKS.values(), ids=HOOKS.keys())
def test_a_request_added_while_restoring_is_in_the_safety_backup_or_refused(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, hook: Hook
):
    chosen = tmp_path / "chosen.db"
    other = Workspace.open(chosen)
    other.add({"title": "From the chosen backup"})
    other.close()
    workspace = Workspace.open(db_path)
    try:
        workspace.add({"title": "Kept"})
        said = hook(monkeypatch, db_path)

        saved = workspace.restore(chosen)

        assert "Kept" in titles(saved)
        assert_kept_or_refused(said, saved)
        assert [request.title for request in workspace.requests()] == ["From the chosen backup"]
    finally:
        workspace.close()
