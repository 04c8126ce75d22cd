"""A yes/no question before something destructive."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from secboard.tui.screens.base import ClosesOnce


class ConfirmScreen(ClosesOnce[bool], ModalScreen[bool]):
    """Asks a question; ``y`` or Enter confirms, ``n`` or Esc declines."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, question: str, verb: str, *, decline: str = "Keep it", danger: bool = True
    ) -> None:
        """``verb`` names what ``y`` does, ``decline`` what ``n`` does; ``danger`` colours
        the ``y`` button as a destructive one."""
        super().__init__()
        self.question = question
        self.verb = verb
        self.decline = decline
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.question), classes="dialog-title")
            with Horizontal(classes="buttons"):
                yes = Content(f"{self.verb} (y)")
                yield Button(yes, variant="error" if self.danger else "primary", id="yes")
                yield Button(Content(f"{self.decline} (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)
