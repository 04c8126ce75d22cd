"""Adding or editing a business objective."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Select

from secboard.domain.model import Objective, ObjectiveStatus
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput, SafeTextArea

Save = Callable[[Mapping[str, str]], Awaitable[None]]


class ObjectiveForm(FormScreen[bool]):
    """Title, key (when adding), target date, status and description."""

    def __init__(self, objective: Objective | None, save: Save) -> None:
        super().__init__()
        self.objective = objective
        self._save = save

    def compose(self) -> ComposeResult:
        objective = self.objective
        heading = f"Edit objective {objective.key}" if objective else "New objective"
        with Vertical(classes="dialog wide"):
            yield Label(Content(heading), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield FormField(
                    "title",
                    "Title",
                    SafeInput(
                        objective.title if objective else "",
                        placeholder="e.g. Unblock enterprise deals in EMEA",
                    ),
                )
                if objective is None:
                    yield FormField(
                        "key",
                        "Key",
                        SafeInput(placeholder="O1 (leave empty for the next free one)"),
                    )
                yield FormField(
                    "target",
                    "Target date",
                    SafeInput(
                        objective.target.isoformat() if objective and objective.target else "",
                        placeholder="YYYY-MM-DD or +12w",
                    ),
                )
                yield FormField(
                    "status",
                    "Status",
                    Select(
                        [(Content(status.value), status.value) for status in ObjectiveStatus],
                        value=(objective.status if objective else ObjectiveStatus.ACTIVE).value,
                        allow_blank=False,
                    ),
                )
                yield FormField(
                    "description",
                    "What achieving it looks like",
                    SafeTextArea(objective.description if objective else ""),
                )
                yield Label(Content("Ctrl+S saves · Esc cancels"), classes="dialog-hint")

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        return {} if values["title"].strip() else {"title": "must not be empty"}

    async def submit(self, values: Mapping[str, str]) -> bool:
        await self._save(values)
        return True
