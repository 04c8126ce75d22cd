"""A refused move: what is missing, and the choice to force it with a reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput


class ForceMoveScreen(FormScreen[str]):
    """Shows why a move was refused; a reason typed here forces it (and is recorded)."""

    def __init__(self, request_id: int, problems: Sequence[str]) -> None:
        super().__init__()
        self.request_id = request_id
        self.problems = tuple(problems)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(f"#{self.request_id} cannot move yet"), classes="dialog-title")
            for problem in self.problems:
                yield Static(Content(f"• {problem}"), classes="problem")
            yield FormField(
                "reason",
                "Force it anyway? Why (recorded in the history)",
                SafeInput(placeholder="e.g. CEO escalation: renewal at risk"),
                hint="Enter forces the move · Esc leaves it where it is",
            )

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        if not values["reason"].strip():
            return {"reason": "a forced move needs a reason"}
        return {}

    async def submit(self, values: Mapping[str, str]) -> str:
        return values["reason"].strip()
