"""The objectives: each with its status, target and progress; add, edit, close."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from secboard.domain.errors import SecboardError
from secboard.domain.model import Card, Objective, ObjectiveStatus
from secboard.domain.roadmap import progress
from secboard.domain.text import printable
from secboard.tui.commands import bindings
from secboard.tui.screens.base import ClosesOnce
from secboard.tui.widgets.item_list import ItemList

if TYPE_CHECKING:
    from secboard.tui.app import SecboardApp

STATUS_CYCLE = {
    ObjectiveStatus.ACTIVE: ObjectiveStatus.DONE,
    ObjectiveStatus.DONE: ObjectiveStatus.DROPPED,
    ObjectiveStatus.DROPPED: ObjectiveStatus.ACTIVE,
}


def objective_option(
    objective: Objective, cards: Sequence[Card], *, arr_redacted: bool = False
) -> Option:
    """One objective with its status, target and progress (``arr_redacted``: ARR unknown)."""
    done = progress(objective, cards, arr_redacted=arr_redacted)
    target = objective.target.isoformat() if objective.target else "no target"
    status_style = {"active": "bold $success", "done": "$accent", "dropped": "$text-muted"}
    return Option(
        Content.assemble(
            (f"{objective.key:<6}", "bold"),
            printable(objective.title),
            "\n      ",
            (objective.status.value, status_style[objective.status.value]),
            (f" · {target} · {done.label} · {done.arr_label}", "$text-muted"),
        ),
        id=objective.key,
    )


class ObjectivesScreen(ClosesOnce[None], ModalScreen[None]):
    """Lists the objectives; changes go straight to the workspace."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("objectives")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.objectives: list[Objective] = []

    @property
    def secboard(self) -> SecboardApp:
        """The app, typed."""
        return cast("SecboardApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label(Content("Objectives"), classes="dialog-title")
            yield ItemList(id="objective-list")
            yield Label(
                Content("a add · e edit · c cycle status · Esc back"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        self._load()

    @work(group="db")
    async def _load(self, select: str | None = None) -> None:
        app = self.secboard
        try:
            self.objectives = await app.call(app.workspace.objectives)
            cards = await app.call(app.workspace.cards)
            redacted = await app.call(app.workspace.is_redacted)
        except SecboardError as error:
            app.report(error)
            return
        listing = self.query_one(OptionList)
        current = select or (listing.highlighted_option.id if listing.highlighted_option else None)
        listing.set_options(
            objective_option(o, cards, arr_redacted=redacted) for o in self.objectives
        )
        if not self.objectives:
            listing.add_option(
                Option(
                    Content.styled("No objectives yet — press a to add one.", "italic"),
                    disabled=True,
                )
            )
        else:
            listing.highlighted = next(
                (i for i, o in enumerate(self.objectives) if o.key == current), 0
            )
        listing.focus()

    def _selected(self) -> Objective | None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.objectives):
            return None
        return self.objectives[index]

    def action_close(self) -> None:
        """Back to the roadmap."""
        self.dismiss()

    def action_add(self) -> None:
        """Add an objective."""
        if self.secboard.refuse_if_read_only():
            return
        from secboard.tui.screens.objective_form import ObjectiveForm

        self.app.push_screen(ObjectiveForm(None, self._save_new))

    def action_edit(self) -> None:
        """Edit the selected objective."""
        objective = self._selected()
        if objective is None or self.secboard.refuse_if_read_only():
            return
        from secboard.tui.screens.objective_form import ObjectiveForm

        async def save(values: Mapping[str, str]) -> None:
            await self._save_edit(objective.key, values)

        self.app.push_screen(ObjectiveForm(objective, save))

    def action_cycle_status(self) -> None:
        """Active → done → dropped → active."""
        objective = self._selected()
        if objective is None or self.secboard.refuse_if_read_only():
            return
        self._set_status(objective.key, STATUS_CYCLE[objective.status])

    @work(group="db")
    async def _set_status(self, key: str, status: ObjectiveStatus) -> None:
        app = self.secboard
        try:
            await app.call(app.workspace.edit_objective, key, status=status)
        except SecboardError as error:
            app.report(error)
            return
        self.notify(f"{key} is now {status.value}", markup=False, timeout=2)
        self._load(key)

    async def _save_new(self, values: Mapping[str, str]) -> None:
        app = self.secboard
        added = await app.call(
            app.workspace.add_objective,
            values["title"],
            key=values["key"] or None,
            target=values["target"] or None,
            description=values["description"],
        )
        self._load(added.key)

    async def _save_edit(self, key: str, values: Mapping[str, str]) -> None:
        app = self.secboard
        await app.call(
            app.workspace.edit_objective,
            key,
            title=values["title"],
            description=values["description"],
            target=values["target"] or None,
            clear_target=not values["target"],
            status=ObjectiveStatus(values["status"]),
        )
        self._load(key)
