"""Choose the objective a request serves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from secboard.domain.model import Objective, ObjectiveStatus
from secboard.domain.text import printable
from secboard.tui.screens.base import ClosesOnce
from secboard.tui.widgets.item_list import ItemList

NO_OBJECTIVE = "none"


class LinkObjectiveScreen(ClosesOnce[str | None], ModalScreen[str | None]):
    """Active objectives first; dismisses with the chosen key, or ``none`` to unlink."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="link.cancel"),
    ]

    def __init__(self, objectives: Sequence[Objective]) -> None:
        super().__init__()
        self.objectives = sorted(objectives, key=lambda o: o.status is not ObjectiveStatus.ACTIVE)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Content("Link to objective"), classes="dialog-title")
            options = [
                Option(
                    Content.assemble(
                        (f"{o.key}  ", "bold"),
                        printable(o.title),
                        (
                            "" if o.status is ObjectiveStatus.ACTIVE else f"  ({o.status.value})",
                            "dim",
                        ),
                    ),
                    id=o.key,
                )
                for o in self.objectives
            ]
            options.append(Option(Content.styled("No objective", "italic"), id=NO_OBJECTIVE))
            yield ItemList(*options)
            yield Label(Content("Enter links · Esc cancels"), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
