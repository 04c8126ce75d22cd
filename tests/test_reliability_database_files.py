"""A database's own files are never overwritten by a snapshot.

Exporting over a workspace's write-ahead log would drop every change committed since the
last checkpoint while the database still looked sound, so export refuses a database's
``-wal``, ``-shm`` and ``-journal`` files whether or not they exist yet, as it refuses the
database itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from secboard.workspace import Workspace
from tests.cli_support import Cli


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
