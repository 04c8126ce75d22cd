"""The read-only panels of the request screen, as literal text.

Every user-supplied value passes through :class:`Content` (never markup) after
:func:`printable`, so it shows exactly what was typed and cannot drive the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from secboard.domain.asks import Ask
from secboard.domain.board import demand_line
from secboard.domain.model import Request, StatusEvent
from secboard.domain.scoring import breakdown
from secboard.domain.text import format_money, format_weeks, printable, printable_block

LABEL_STYLE = "$text-muted"


def _rows(rows: Sequence[tuple[str, str]]) -> Content:
    lines = [
        Content.assemble((f"{label:<13}", LABEL_STYLE), printable(value or "–"))
        for label, value in rows
    ]
    return Content("\n").join(lines)


def facts_view(request: Request) -> Content:
    """Status, source, people, money, dates, labels, effort, RICE and roadmap placement."""
    return _rows(
        [
            ("Status", request.status.label),
            ("Source", request.source.label),
            ("Requester", request.requester or ""),
            ("Owner", request.owner or ""),
            ("Demand", demand_line(request)),
            ("ARR at stake", format_money(request.arr) if request.arr is not None else ""),
            ("Due", request.due.isoformat() if request.due else ""),
            ("Frameworks", ", ".join(request.frameworks)),
            ("Tags", ", ".join(request.tags)),
            ("Estimate", format_weeks(request.estimate_weeks)),
            ("Planned", format_weeks(request.planned_weeks)),
            ("RICE", breakdown(request).formula()),
            ("Horizon", request.horizon.value.capitalize() if request.horizon else ""),
            ("Objective", request.objective or ""),
            ("Created", f"{request.created_at:%Y-%m-%d %H:%M} UTC"),
            ("Updated", f"{request.updated_at:%Y-%m-%d %H:%M} UTC"),
            ("Updated by", request.updated_by or ""),
        ]
    )


def ask_view(ask: Ask) -> Content:
    """One ask: who (account, requester), how badly, how and when, then the quote whole."""
    who = ask.account or ask.requester or "internal"
    parts: list[tuple[str, str] | str] = [(printable(who), "bold")]
    if ask.account and ask.requester:
        parts.append((f" ({printable(ask.requester)})", ""))
    facts = [ask.importance.value, ask.channel.value, f"asked {ask.asked_on.isoformat()}"]
    if ask.due is not None:
        facts.append(f"due {ask.due.isoformat()}")
    if ask.reference:
        facts.append(f"ref {printable(ask.reference)}")
    parts.append(("  " + " · ".join(facts), LABEL_STYLE))
    if ask.quote:
        parts += ["\n", (f"“{printable_block(ask.quote)}”", "italic")]
    return Content.assemble(*parts)


def decision_view(request: Request) -> Content:
    """The decision and its rationale, or a prompt to make one."""
    if request.decision is None:
        return Content.styled("No decision yet — press d to decide.", LABEL_STYLE)
    rows = [("Decision", request.decision.value), ("Rationale", request.rationale)]
    if request.revisit:
        rows.append(("Revisit", request.revisit.isoformat()))
    return _rows(rows)


def description_view(request: Request) -> Content:
    """The description, line breaks kept."""
    if not request.description:
        return Content.styled("No description.", LABEL_STYLE)
    return Content(printable_block(request.description))


def history_view(history: Sequence[StatusEvent]) -> Content:
    """The status history as a timeline, newest first."""
    lines = []
    for event in reversed(history):
        moved = (
            f"{event.from_status.label} → {event.to_status.label}"
            if event.from_status
            else f"created in {event.to_status.label}"
        )
        parts: list[tuple[str, str] | str] = [
            (f"{event.at:%Y-%m-%d %H:%M}  ", LABEL_STYLE),
            (moved, "bold"),
        ]
        if event.actor:
            parts.append((f"  by {printable(event.actor)}", LABEL_STYLE))
        if event.forced:
            parts.append(("  forced", "bold $warning"))
        if event.note:
            parts.append(("\n                  " + printable(event.note), "italic"))
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)
