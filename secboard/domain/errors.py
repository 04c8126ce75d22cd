"""Errors that carry a message meant for the person at the keyboard.

Every refusal in secboard is one of these: the CLI prints ``str(error)`` as one line and
exits 1, the TUI shows it in a notification or beside the field it concerns.
"""

from __future__ import annotations

from collections.abc import Sequence


def os_reason(error: OSError) -> str:
    """Why the system refused, in lower case for the end of a line: ``file name too long``."""
    return (error.strerror or str(error)).lower()


class SecboardError(Exception):
    """Base of every error whose message can be shown to the user as it is."""


class InvalidInput(SecboardError):
    """A value given by the user (or found in a file) is not acceptable."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotFound(SecboardError):
    """A request, objective or checklist question that does not exist."""


class MoveRefused(SecboardError):
    """A status change that the lifecycle rules do not allow (yet)."""

    def __init__(self, problems: Sequence[str], *, forceable: bool) -> None:
        self.problems = tuple(problems)
        self.forceable = forceable
        hint = " (use force with a reason to override)" if forceable else ""
        super().__init__("; ".join(self.problems) + hint)


class Conflict(SecboardError):
    """The request changed elsewhere since it was read; nothing was overwritten."""


class NotEmpty(SecboardError):
    """A whole-workspace load into a workspace that already holds something."""


class ReadOnly(SecboardError):
    """An edit was attempted on a read-only workspace (a snapshot being viewed)."""


class WorkspaceUnavailable(SecboardError):
    """The workspace database cannot be opened, read or written."""


class SnapshotInvalid(SecboardError):
    """A snapshot file has problems; every one of them is listed."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"snapshot has {count} {noun}:\n" + "\n".join(self.problems))
