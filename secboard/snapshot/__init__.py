"""TOML snapshots of a workspace: export, import, redact and diff.

Pure apart from reading and writing files: this package works on
:class:`~secboard.domain.model.WorkspaceData` and never touches a database; the command
line hands what it reads to :meth:`Workspace.load`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from secboard.snapshot.report import diff_json, diff_text

# Shares its name with its module, so it must be bound here rather than on first use.
from secboard.snapshot.redact import redact

_HOMES = {
    "Snapshot": "model",
    "SnapshotError": "model",
    "SnapshotFileInvalid": "model",
    "SnapshotDiff": "diff",
    "diff_snapshots": "diff",
    "diff_json": "report",
    "diff_text": "report",
    "export_snapshot": "export",
    "load_snapshot": "files",
    "parse_snapshot": "files",
    "read_bytes": "files",
    "read_snapshot": "files",
    "write_snapshot": "files",
}
"""Where each public name lives: a name is imported from its module on first use."""


def __getattr__(name: str) -> Any:
    # Importing one part (say, files for an import) should not load them all (diff,
    # reports): the command line starts faster.
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


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
