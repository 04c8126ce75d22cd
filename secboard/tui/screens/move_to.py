"""Pick the status to move a request to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from secboard.domain.model import STATUS_ORDER, Status
from secboard.tui.screens.base import ClosesOnce
from secboard.tui.widgets.item_list import ItemList


class MoveToScreen(ClosesOnce[Status | None], ModalScreen[Status | None]):
    """A list of the statuses; Enter moves there (the lifecycle rules still apply)."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="move_to.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content("Move to…"), classes="dialog-title")
            yield ItemList(
                *(Option(Content(status.label), id=status.value) for status in STATUS_ORDER)
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Status(event.option.id) if event.option.id else None)
