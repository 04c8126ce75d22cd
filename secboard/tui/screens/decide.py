"""Recording a decision: build, buy, policy, decline or defer, and why."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Label, Select

from secboard.domain.errors import InvalidInput
from secboard.domain.model import CLOSE_DECISIONS, Decision, Request, Status
from secboard.domain.text import printable
from secboard.domain.validation import parse_date, parse_weeks
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput, SafeTextArea

Save = Callable[[Request, dict[str, Any]], Awaitable[None]]

DECISION_LABELS = {
    Decision.BUILD: "Build — engineering builds it",
    Decision.BUY: "Buy — a vendor or a tool we already have",
    Decision.POLICY: "Policy — a carve-out or policy language, no engineering",
    Decision.DECLINE: "Decline — not doing it",
    Decision.DEFER: "Defer — not now; revisit later",
}


class DecideScreen(FormScreen[bool]):
    """The decision, its rationale, the planned effort and (for defer) a revisit date."""

    def __init__(self, request: Request, save: Save) -> None:
        super().__init__()
        self.request = request
        self._save = save

    def compose(self) -> ComposeResult:
        request = self.request
        with Vertical(classes="dialog wide"):
            heading = f"Decide #{request.id}: {printable(request.title)}"
            yield Label(Content(heading), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield FormField(
                    "decision",
                    "Decision",
                    Select(
                        [
                            (Content(label), decision.value)
                            for decision, label in DECISION_LABELS.items()
                        ],
                        value=request.decision.value if request.decision else Select.NULL,
                        prompt="Choose…",
                    ),
                )
                yield FormField(
                    "rationale", "Rationale: why this decision", SafeTextArea(request.rationale)
                )
                yield FormField(
                    "planned",
                    "Planned effort after scoping (weeks)",
                    SafeInput(_number(request.planned_weeks), placeholder="0 for decline/defer"),
                )
                yield FormField(
                    "revisit",
                    "Revisit on (defer only)",
                    SafeInput(
                        request.revisit.isoformat() if request.revisit else "",
                        placeholder="YYYY-MM-DD or +6w",
                    ),
                )
                yield FormField(
                    "close",
                    "",
                    Checkbox(
                        Content("Close it now (decline or defer)"),
                        value=request.status is not Status.CLOSED,
                    ),
                )
                yield Label(Content("Ctrl+S saves · Esc cancels"), classes="dialog-hint")

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not values["decision"]:
            problems["decision"] = "choose a decision"
        for name, parse in (("planned", parse_weeks), ("revisit", parse_date)):
            try:
                parse(values[name], name)
            except InvalidInput as error:
                problems[name] = error.message
        decision = Decision(values["decision"]) if values["decision"] else None
        if values["revisit"].strip() and decision is not Decision.DEFER:
            problems["revisit"] = "a revisit date only applies to defer"
        closing = values["close"] and decision in CLOSE_DECISIONS
        if closing and not values["rationale"].strip():
            problems["rationale"] = "closing needs a rationale"
        return problems

    async def submit(self, values: Mapping[str, str]) -> bool:
        decision = Decision(values["decision"])
        await self._save(
            self.request,
            {
                "decision": decision,
                "rationale": values["rationale"],
                "planned_weeks": values["planned"] or None,
                "revisit": values["revisit"] or None,
                "close": bool(values["close"]) and decision in CLOSE_DECISIONS,
            },
        )
        return True


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
