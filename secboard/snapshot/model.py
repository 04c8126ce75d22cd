"""What reading a snapshot gives, and the errors it raises."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from secboard.domain.errors import SecboardError, SnapshotInvalid
from secboard.domain.model import WorkspaceData


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A validated snapshot: the workspace it carries and its header."""

    data: WorkspaceData
    """Everything the snapshot holds, ready for :meth:`Workspace.load`."""
    exported_at: datetime | None
    """When it was written (UTC), if the file says."""
    redacted: bool
    """True when names and ARR were replaced before sharing."""
    warnings: tuple[str, ...] = ()
    """What is odd but was taken as it is, each with its place: moves that went through a
    lifecycle gate unforced while it was shut (the file records what happened)."""


class SnapshotError(SecboardError):
    """The file cannot be read as a snapshot at all (missing, not TOML, too new…)."""


class SnapshotFileInvalid(SnapshotInvalid):
    """A snapshot file with problems in its content; each names its row and field.

    Rows are counted from 0 in the order of the file; a request's id follows its row
    number, as in ``requests[3] (#12).arr``.
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(problems)
        self.source = source
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        self.args = (
            f"{source} has {count:,} {noun} (rows counted from 0; nothing was changed):\n"
            + "\n".join(self.problems),
        )
