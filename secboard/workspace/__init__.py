"""The workspace: the one API that the command line and the TUI both call.

Every change runs in one transaction, applies the domain rules inside it (so the rules
see the current row, not a stale copy), bumps the request's version, and records how to
undo it. Reads return domain objects; nothing above this package builds a query.
"""

from __future__ import annotations

from secboard.workspace.asks import AskChanges
from secboard.workspace.base import Clock, UndoStep, utc_now
from secboard.workspace.planning import Planning
from secboard.workspace.whole import WholeWorkspace


class Workspace(AskChanges, Planning, WholeWorkspace):
    """One secboard workspace: requests, objectives, vision and checklist template."""


__all__ = ["Clock", "UndoStep", "Workspace", "utc_now"]
