"""The rows of one roadmap lane: objective headers, requests, and recently shipped work."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.content import Content
from textual.geometry import Spacing
from textual.visual import Padding
from textual.widgets.option_list import Option

from secboard.domain.model import Card
from secboard.domain.roadmap import Group, Lane, progress
from secboard.domain.scoring import format_score
from secboard.domain.text import format_money, printable

ROW_INDENT = Spacing(0, 0, 0, 2)


def group_header(group: Group, cards: Iterable[Card], *, arr_redacted: bool = False) -> Option:
    """A header row: the objective with its progress, or the warning for unlinked work."""
    if group.objective is None:
        prompt = Content.assemble(
            ("⚠ No objective", "bold $warning"),
            (f"  {len(group.cards)} unlinked — press o to link", "$warning"),
        )
    else:
        objective = group.objective
        done = progress(objective, cards, arr_redacted=arr_redacted)
        prompt = Content.assemble(
            (f"◆ {objective.key} ", "bold $accent"),
            (printable(objective.title), "bold"),
            (f"\n  {done.label} · {done.arr_label}", "$text-muted"),
        )
    return Option(prompt, disabled=True)


def card_row(card: Card) -> Option:
    """A request row: id, title, then score, ARR, status and decision."""
    facts = [f"★ {format_score(card.score)}"]
    if card.arr is not None:
        facts.append(format_money(card.arr))
    facts.append(card.status.label.lower())
    if card.decision is not None:
        facts.append(card.decision.value)
    prompt = Content.assemble(
        (f"#{card.id} ", "$text-muted"),
        printable(card.title),
        (f"\n  {' · '.join(facts)}", "$text-muted"),
    )
    return Option(indented(prompt), id=str(card.id))


def shipped_row(card: Card) -> Option:
    """A recently shipped request, ticked."""
    prompt = Content.assemble(
        ("✓ ", "bold $success"), (f"#{card.id} {printable(card.title)}", "dim")
    )
    return Option(indented(prompt), id=str(card.id))


def indented(prompt: Content) -> Padding:
    """A row set in under its group's header, long titles wrapping at the same indent."""
    return Padding(prompt, ROW_INDENT)


def lane_options(
    lane: Lane, all_cards: Iterable[Card], *, arr_redacted: bool = False
) -> Iterator[Option]:
    """Every row of ``lane``, top to bottom (``arr_redacted``: ARR sums are unknown)."""
    cards = list(all_cards)
    for group in lane.groups:
        yield group_header(group, cards, arr_redacted=arr_redacted)
        yield from (card_row(card) for card in group.cards)
    if lane.shipped:
        yield Option(Content.styled("Recently shipped", "bold $success"), disabled=True)
        yield from (shipped_row(card) for card in lane.shipped)
    if not lane.groups and not lane.shipped:
        yield Option(Content.styled("Nothing planned here.", "italic $text-muted"), disabled=True)
