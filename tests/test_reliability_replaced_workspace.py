"""After another process replaces the whole workspace, nothing read before it can touch it.

``import --replace`` and ``restore`` bring back request ids the replaced workspace also
had (an import gives each its snapshot id). A version, an undo step or an edit an open
workspace remembers from before the replace refers to a request that is gone, so each
is refused, and the request that now has that id is left as the replace wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from secboard.demo import generate
from secboard.domain.errors import Conflict
from secboard.domain.model import Card, Status
from secboard.snapshot import export_snapshot
from secboard.tui.app import SecboardApp
from secboard.workspace import Workspace
from tests.cli_support import run_process
from tests.reliability_support import STAMP
from tests.tui_helpers import notifications, settle

OTHER_TITLES = 30
"""The other snapshot has more requests than the open workspace, so every id is reused."""


def other_snapshot(folder: Path) -> Path:
    """A snapshot of a different workspace whose ids overlap the open one's."""
    path = folder / "other.toml"
    path.write_text(export_snapshot(generate(OTHER_TITLES, 2, STAMP), exported_at=STAMP))
    return path


def replace_elsewhere(db: Path, snapshot: Path) -> None:
    """``secboard import SNAPSHOT --replace`` run as a second process."""
    done = run_process("--db", str(db), "import", str(snapshot), "--replace")
    assert done.returncode == 0, done.stderr


def restore_elsewhere(db: Path, backup: Path) -> None:
    """``secboard restore BACKUP --yes`` run as a second process."""
    done = run_process("--db", str(db), "restore", str(backup), "--yes")
    assert done.returncode == 0, done.stderr


@pytest.fixture
def opened(db_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(db_path)
    try:
        for number in range(3):
            workspace.add({"title": f"Ours {number}"})
        yield workspace
    finally:
        workspace.close()


def test_a_stale_undo_of_an_add_does_not_delete_the_imported_request(
    opened: Workspace, db_path: Path, tmp_path: Path
):
    added = opened.add({"title": "Added here"})
    replace_elsewhere(db_path, other_snapshot(tmp_path))
    imported = opened.record(added.id)

    with pytest.raises(Conflict, match="replaced"):
        opened.undo()

    assert opened.record(added.id) == imported
    assert opened.undo_label is None, "every older step refers to the replaced workspace too"


def test_a_stale_undo_of_a_delete_does_not_bring_it_into_the_new_workspace(
    opened: Workspace, db_path: Path, tmp_path: Path
):
    added = opened.add({"title": "Deleted here"})
    opened.delete(added.id)
    snapshot = tmp_path / "small.toml"
    snapshot.write_text(export_snapshot(generate(1, 0, STAMP), exported_at=STAMP))
    replace_elsewhere(db_path, snapshot)
    before = opened.data()

    with pytest.raises(Conflict, match="replaced"):
        opened.undo()

    assert opened.data() == before


STALE_CHANGES: dict[str, Callable[[Workspace, Card], object]] = {
    "edit": lambda ws, seen: ws.edit(seen.id, {"title": "Stale"}, expected_version=seen.version),
    "move": lambda ws, seen: ws.move(seen.id, Status.DISCOVERY, expected_version=seen.version),
    "delete": lambda ws, seen: ws.delete(seen.id, expected_version=seen.version),
}


@pytest.mark.parametrize("change", STALE_CHANGES.values(), ids=STALE_CHANGES.keys())
def test_a_stale_change_by_version_is_refused_after_an_import_elsewhere(
    opened: Workspace, db_path: Path, tmp_path: Path, change: Callable[[Workspace, Card], object]
):
    seen = opened.cards()[0]
    replace_elsewhere(db_path, other_snapshot(tmp_path))
    imported = opened.record(seen.id)

    with pytest.raises(Conflict, match="changed elsewhere"):
        change(opened, seen)

    assert opened.record(seen.id) == imported


def test_a_stale_change_is_refused_after_a_restore_elsewhere(
    opened: Workspace, db_path: Path, tmp_path: Path
):
    replace_elsewhere(db_path, other_snapshot(tmp_path))
    [backup] = opened.backups()
    seen = opened.cards()[0]
    restore_elsewhere(db_path, backup.path)
    restored = opened.record(seen.id)

    with pytest.raises(Conflict, match="changed elsewhere"):
        opened.edit(seen.id, {"title": "Stale"}, expected_version=seen.version)

    assert opened.record(seen.id) == restored


def test_a_request_added_after_a_restore_never_takes_an_id_seen_before(
    opened: Workspace, db_path: Path, tmp_path: Path
):
    replace_elsewhere(db_path, other_snapshot(tmp_path))
    [backup] = opened.backups()
    seen = {card.id for card in opened.cards()}
    restore_elsewhere(db_path, backup.path)

    added = opened.add({"title": "After the restore"})

    assert added.id > max(seen)


def test_versions_from_before_a_deleted_request_came_back_never_match(
    opened: Workspace, db_path: Path, tmp_path: Path
):
    # The request reached a high version before it was deleted; the snapshot brings its
    # id back, and edits there must not climb to the version remembered from before.
    target = opened.cards()[0]
    for number in range(5):
        target = opened.cards([target.id])[0]
        opened.edit(target.id, {"title": f"Edit {number}"}, expected_version=target.version)
    stale = opened.cards([target.id])[0]
    opened.delete(stale.id)
    replace_elsewhere(db_path, other_snapshot(tmp_path))

    for number in range(8):
        current = opened.cards([stale.id])[0]
        assert current.version != stale.version
        opened.edit(stale.id, {"title": f"New {number}"}, expected_version=current.version)


async def test_tui_undo_after_an_import_elsewhere_says_so_and_keeps_the_imported_request(
    db_path: Path, tmp_path: Path
):
    workspace = Workspace.open(db_path)
    added = workspace.add({"title": "Added in the board"})
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            replace_elsewhere(db_path, other_snapshot(tmp_path))
            imported = workspace.record(added.id)
            await pilot.press("u")
            await settle(pilot)
            assert any("the workspace was replaced" in shown for shown in notifications(app))
            assert workspace.record(added.id) == imported
    finally:
        workspace.close()
