"""Nothing is lost in a crash: a process killed at any moment leaves the state before or after.

Each test runs a real secboard process, kills it with SIGKILL at a seeded random moment
(or just after its write to the database has begun), and then checks that the file is
sound (``PRAGMA integrity_check``) and holds exactly the state before the change or
exactly the state after it — never part of it.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest

from secboard.demo import generate
from secboard.domain.errors import WorkspaceUnavailable
from secboard.domain.model import WorkspaceData
from secboard.snapshot import export_snapshot
from secboard.store.backups import BackupPlace, list_backups
from secboard.store.sqlite import check_backup
from secboard.workspace import Workspace
from tests.reliability_support import (
    STAMP,
    finish,
    integrity_problems,
    kill,
    read_line,
    row_counts,
    start_driver,
    start_secboard,
    state,
    wait_for_write,
)

SEED = 20261130
IMPORTED_REQUESTS = 2_000
DEMO_REQUESTS = 3_000


def timed_run(*args: str) -> float:
    """Run ``secboard ARGS`` to completion; returns how long it took (to spread kills over)."""
    started = time.monotonic()
    ended = finish(start_secboard(*args))
    assert ended.returncode == 0, ended.stderr
    return time.monotonic() - started


def kill_moments(rng: random.Random, duration: float, count: int) -> list[float | None]:
    """When to kill each run: None means just after the database write has begun."""
    moments: list[float | None] = [rng.uniform(0.05, duration * 1.1) for _ in range(count)]
    return [None if index % 2 else moment for index, moment in enumerate(moments)]


def run_and_kill(args: tuple[str, ...], db: Path, moment: float | None, rng: random.Random):
    """Start ``secboard ARGS`` and SIGKILL it at ``moment`` seconds (or once it writes)."""
    process = start_secboard(*args)
    if moment is None:
        wait_for_write(db, process)
        time.sleep(rng.uniform(0, 0.05))
    else:
        time.sleep(moment)
    return kill(process)


def workspace_file(path: Path, data=None) -> Path:
    """A closed workspace file at ``path`` holding ``data`` (empty when None)."""
    workspace = Workspace.open(path)
    try:
        if data is not None:
            workspace.load(data)
    finally:
        workspace.close()
    return path


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A snapshot of a few thousand requests, and its text (the state after importing it)."""
    text = export_snapshot(generate(IMPORTED_REQUESTS, 11, STAMP), exported_at=STAMP)
    path = tmp_path_factory.mktemp("snapshot") / "big.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


@pytest.mark.parametrize("replace", [False, True], ids=["into-empty", "replace-non-empty"])
def test_import_killed_at_any_moment_leaves_the_old_or_the_new_workspace(
    tmp_path: Path, snapshot: tuple[Path, str], replace: bool
):
    source, after = snapshot
    template = workspace_file(
        tmp_path / "template.db", generate(150, 5, STAMP) if replace else None
    )
    before = state(template)
    args = ("import", str(source), *(["--replace"] if replace else []))
    reference = shutil.copyfile(template, tmp_path / "reference.db")
    duration = timed_run("--db", str(reference), *args)
    assert state(reference) == after
    rng = random.Random(SEED + replace)

    for run, moment in enumerate(kill_moments(rng, duration, 3)):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        db = shutil.copyfile(template, folder / "w.db")
        ended = run_and_kill(("--db", str(db), *args), db, moment, rng)

        assert integrity_problems(db) == [], (run, moment)
        found = state(db)
        assert found in (before, after), (run, moment, ended)
        if not ended.killed or "imported" in ended.stderr:
            assert found == after, (run, moment, ended)
        assert "Traceback" not in ended.stderr
        for backup in list_backups(BackupPlace.beside(db)):
            # A backup cut short by the kill is refused as one; a finished one is whole.
            try:
                check_backup(backup.path)
            except WorkspaceUnavailable:
                continue
            assert state(shutil.copyfile(backup.path, folder / "restored.db")) == before


def shape(data: WorkspaceData) -> tuple:
    """What the demo writes, independent of the clock: every request's id, title,
    status, history length and checklist, the objectives, whether there is a vision."""
    return (
        [
            (r.request.id, r.request.title, r.request.status, len(r.history), r.request.checklist)
            for r in data.records
        ],
        [objective.key for objective in data.objectives],
        bool(data.vision),
    )


def demo_shape(db: Path) -> tuple:
    """:func:`shape` of what the workspace at ``db`` holds."""
    workspace = Workspace.open(db)
    try:
        return shape(workspace.data())
    finally:
        workspace.close()


def test_demo_killed_at_any_moment_leaves_an_empty_or_a_complete_workspace(tmp_path: Path):
    after = shape(generate(DEMO_REQUESTS, 1, STAMP))
    template = workspace_file(tmp_path / "template.db")
    before = demo_shape(template)
    args = ("demo", "--count", str(DEMO_REQUESTS), "--seed", "1")
    reference = shutil.copyfile(template, tmp_path / "reference.db")
    duration = timed_run("--db", str(reference), *args)
    assert demo_shape(reference) == after
    complete_counts = row_counts(reference)
    rng = random.Random(SEED + 2)

    for run, moment in enumerate(kill_moments(rng, duration, 4)):
        db = shutil.copyfile(template, tmp_path / f"run{run}.db")
        ended = run_and_kill(("--db", str(db), *args), db, moment, rng)

        assert integrity_problems(db) == [], (run, moment)
        counts = row_counts(db)
        assert counts["request"] in (0, DEMO_REQUESTS), (run, moment, counts)
        if counts["request"]:
            assert counts == complete_counts
            assert demo_shape(db) == after
        else:
            assert counts["status_event"] == counts["checklist_item"] == 0
            assert counts["objective"] == 0
            assert demo_shape(db) == before
        if not ended.killed:
            assert counts == complete_counts, ended.stderr


def changes_recorded(db: Path) -> dict[int, tuple[int, int]]:
    """For each request: the changes its version counts, and those its rows account for.

    A move adds a history row; an edit through the form retitles it ``Edit N``. The two
    numbers agree unless a change was stored in part.
    """
    workspace = Workspace.open(db)
    try:
        found = {}
        for record in (workspace.record(card.id) for card in workspace.cards()):
            request = record.request
            edits = int(request.title.split()[1]) if request.title.startswith("Edit ") else 0
            moves = len(record.history) - 1
            assert record.history[-1].to_status is request.status
            for earlier, later in zip(record.history, record.history[1:], strict=False):
                assert later.from_status is earlier.to_status
            assert len(request.checklist) in (0, 9)
            found[request.id] = (request.version - 1, moves + edits)
        return found
    finally:
        workspace.close()


def test_tui_killed_while_editing_keeps_every_saved_change_and_no_half_change(tmp_path: Path):
    template = tmp_path / "template.db"
    workspace = Workspace.open(template)
    for title in ("Audit log export", "SCIM provisioning", "SSO for the admin console"):
        workspace.add({"title": title, "customer": "Acme"})
    workspace.close()
    rng = random.Random(SEED + 3)

    for run in range(3):
        db = shutil.copyfile(template, tmp_path / f"run{run}.db")
        driver = start_driver("tui-edits", str(db))
        assert read_line(driver) == "ready"
        time.sleep(rng.uniform(0.2, 2.5))
        ended = kill(driver)

        assert ended.killed, ended.stderr
        assert integrity_problems(db) == [], run
        done = int(ended.stdout.split()[-1]) if "done" in ended.stdout else 0
        recorded = changes_recorded(db)
        for request_id, (by_version, by_rows) in recorded.items():
            assert by_version == by_rows, (run, request_id, recorded)
        changed = [count for count, _ in recorded.values() if count]
        assert len(changed) <= 1, recorded
        total = sum(changed)
        # Every change the TUI reported as saved is on disk; at most the one in flight is not.
        assert done <= total <= done + 1, (run, done, recorded)
