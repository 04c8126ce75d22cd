"""TOML snapshots of a workspace: export, import, redact and diff.

Pure apart from reading and writing files: this package works on
:class:`~secboard.domain.model.WorkspaceData` and never touches a database; the command
line hands what it reads to :meth:`Workspace.load`.
"""

from __future__ import annotations

from secboard.snapshot.diff import SnapshotDiff, diff_snapshots
from secboard.snapshot.export import export_snapshot
from secboard.snapshot.files import (
    load_snapshot,
    parse_snapshot,
    read_bytes,
    read_snapshot,
    write_snapshot,
)
from secboard.snapshot.model import Snapshot, SnapshotError, SnapshotFileInvalid
from secboard.snapshot.redact import redact
from secboard.snapshot.report import diff_json, diff_text

__all__ = [
    "Snapshot",
    "SnapshotDiff",
    "SnapshotError",
    "SnapshotFileInvalid",
    "diff_json",
    "diff_snapshots",
    "diff_text",
    "export_snapshot",
    "load_snapshot",
    "parse_snapshot",
    "read_bytes",
    "read_snapshot",
    "redact",
    "write_snapshot",
]
