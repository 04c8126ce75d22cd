"""Editing every field of a request, validated as the command line validates it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from secboard.domain.fields import collect_problems
from secboard.domain.model import IMPACT_VALUES, Horizon, Objective, Request, Source
from secboard.domain.text import editable, printable
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput, SafeTextArea

Save = Callable[[Request, dict[str, Any]], Awaitable[None]]


def initial_values(request: Request) -> dict[str, str]:
    """Every editable field of ``request`` as the form shows it (hidden characters visible)."""

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    return {
        "title": editable(request.title),
        "source": request.source.value,
        "requester": editable(request.requester or ""),
        "owner": editable(request.owner or ""),
        "customer": editable(request.customer or ""),
        "arr": "" if request.arr is None else str(request.arr),
        "due": request.due.isoformat() if request.due else "",
        "frameworks": editable(", ".join(request.frameworks)),
        "tags": editable(", ".join(request.tags)),
        "estimate_weeks": number(request.estimate_weeks),
        "planned_weeks": number(request.planned_weeks),
        "reach": number(request.reach),
        "impact": number(request.impact),
        "confidence": number(request.confidence),
        "horizon": request.horizon.value if request.horizon else "",
        "objective": request.objective or "",
        "description": editable(request.description, multiline=True),
    }


class EditRequestScreen(FormScreen[bool]):
    """All fields of one request; only the ones changed are saved."""

    def __init__(self, request: Request, objectives: Sequence[Objective], save: Save) -> None:
        super().__init__()
        self.request = request
        self.objectives = tuple(objectives)
        self._save = save
        self._initial = initial_values(request)

    def compose(self) -> ComposeResult:
        values = self._initial
        with Vertical(classes="dialog tall"):
            yield Label(Content(f"Edit #{self.request.id}"), classes="dialog-title")
            with VerticalScroll():
                for name, label, control, hint in self._fields(values):
                    yield FormField(name, label, control, hint=hint)
            yield Label(Content("Ctrl+S saves · Esc cancels"), classes="dialog-hint")

    def _fields(self, v: Mapping[str, str]) -> list[tuple[str, str, Widget, str]]:
        def text(name: str, placeholder: str = "") -> Input:
            return SafeInput(v[name], placeholder=placeholder)

        def choice(name: str, options: list[tuple[str, str]], *, blank: bool) -> Select[str]:
            return Select(
                [(Content(label), value) for label, value in options],
                value=v[name] or Select.NULL,
                allow_blank=blank,
                prompt="–",
            )

        sources = [(source.label, source.value) for source in Source]
        impacts = [(f"{value:g}", f"{value:g}") for value in IMPACT_VALUES]
        horizons = [(horizon.value.capitalize(), horizon.value) for horizon in Horizon]
        objectives = [(f"{o.key} — {printable(o.title)}", o.key) for o in self.objectives]
        return [
            ("title", "Title", SafeInput(v["title"]), ""),
            ("source", "Source", choice("source", sources, blank=False), ""),
            ("requester", "Requester", text("requester", "person or team"), ""),
            ("owner", "Owner", text("owner", "the PM who owns it"), ""),
            ("customer", "Customer", text("customer", "account name"), ""),
            ("arr", "ARR at stake", text("arr", "120000, 120k, 1.5m"), ""),
            ("due", "Due", text("due", "YYYY-MM-DD, +10d, +3w"), ""),
            (
                "frameworks",
                "Frameworks",
                text("frameworks", "SOC 2 CC6.1, ISO 27001 A.8.24"),
                "comma-separated",
            ),
            ("tags", "Tags", text("tags", "sso, identity"), "comma-separated"),
            ("estimate_weeks", "Estimate as asked (weeks)", text("estimate_weeks"), ""),
            ("planned_weeks", "Planned after scoping (weeks)", text("planned_weeks"), ""),
            ("reach", "RICE reach", text("reach", "customers, deals or users affected"), ""),
            (
                "impact",
                "RICE impact",
                choice("impact", impacts, blank=True),
                "0.25 minimal · 0.5 low · 1 medium · 2 high · 3 massive",
            ),
            ("confidence", "RICE confidence (%)", text("confidence", "0–100"), ""),
            ("horizon", "Roadmap horizon", choice("horizon", horizons, blank=True), ""),
            ("objective", "Objective", choice("objective", objectives, blank=True), ""),
            ("description", "Description", SafeTextArea(v["description"]), ""),
        ]

    def changed_values(self, values: Mapping[str, str]) -> dict[str, str]:
        """Only the fields whose text differs from what the form opened with."""
        return {name: value for name, value in values.items() if value != self._initial[name]}

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        return collect_problems(self.changed_values(values))

    async def submit(self, values: Mapping[str, str]) -> bool:
        changes = self.changed_values(values)
        if changes:
            await self._save(self.request, dict(changes))
        return bool(changes)
