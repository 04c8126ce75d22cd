"""App-wide messages."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class WorkspaceChanged(Message):
    """Something in the workspace changed; the screen showing it should catch up."""


@dataclass
class BoardReady(Message):
    """The board has drawn its cards for the first time."""

    cards: int
    """How many cards it holds."""
