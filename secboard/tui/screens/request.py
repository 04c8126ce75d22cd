"""One request: every field, the discovery checklist, the decision and the history."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from secboard.domain.asks import Ask
from secboard.domain.board import demand_line
from secboard.domain.errors import NotFound, SecboardError
from secboard.domain.model import Answer, ChecklistItem, Request, RequestRecord, Status
from secboard.domain.text import printable
from secboard.tui.commands import bindings, current_key
from secboard.tui.screens.base import editing
from secboard.tui.screens.request_actions import RequestActions
from secboard.tui.widgets.key_bar import KeyBar
from secboard.tui.widgets.request_views import (
    ask_view,
    decision_view,
    description_view,
    facts_view,
    history_view,
)

ANSWER_STYLES = {
    Answer.YES: "bold $success",
    Answer.NO: "bold $error",
    Answer.NA: "$text-muted",
    Answer.OPEN: "bold $warning",
}
NARROW_WIDTH = 110


def checklist_option(item: ChecklistItem) -> Option:
    """One checklist row: the answer, the question, and the note if any."""
    parts: list[tuple[str, str] | str] = [
        (f"{item.answer.value.upper():>4}  ", ANSWER_STYLES[item.answer]),
        (printable(item.question), ""),
    ]
    if item.note:
        parts += ["\n      ", (f"note: {printable(item.note)}", "italic $text-muted")]
    return Option(Content.assemble(*parts), id=item.key)


class RequestScreen(RequestActions):
    """The detail of one request, with single-key checklist answers."""

    CSS_PATH = "request.tcss"

    COMMAND_SCOPES = ("request",)
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("request")
    ]

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id
        self.record: RequestRecord | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(f"#{self.request_id}  loading…"), id="request-bar")
        with Horizontal(id="request-body"):
            with VerticalScroll(id="request-left"):
                yield Static(id="facts")
                yield Label(Content("Asks"), id="asks-title", classes="section")
                yield OptionList(id="asks")
                yield Label(Content("Decision"), classes="section")
                yield Static(id="decision")
                yield Label(Content("Description"), classes="section")
                yield Static(id="description")
            with Vertical(id="request-right"):
                yield Label(Content("Discovery checklist"), id="checklist-title", classes="section")
                yield OptionList(id="checklist")
                yield Label(Content("History"), classes="section")
                with VerticalScroll(id="history-scroll"):
                    yield Static(id="history")
        yield KeyBar()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def reload(self, changed: frozenset[int] | None) -> None:
        if changed is None or self.request_id in changed or self.record is None:
            self._load()

    @work(group="db")
    async def _load(self) -> None:
        try:
            record = await self.secboard.call(self.workspace.record, self.request_id)
        except NotFound:
            self.notify(f"#{self.request_id} no longer exists", markup=False)
            self.dismiss()
            return
        except SecboardError as error:
            self.secboard.report(error)
            return
        try:
            self.show(record)
        except NoMatches:
            return  # Esc closed the screen while the request was loading

    def show(self, record: RequestRecord) -> None:
        """Fill every panel from ``record``."""
        self.record = record
        request = record.request
        bar: list[tuple[str, str] | str] = [
            (f"#{request.id}  ", "$text-muted"),
            (printable(request.title), "bold"),
        ]
        if request.merged_into is not None:
            bar.append((f"  — merged into #{request.merged_into}", "bold $warning"))
        self.query_one("#request-bar", Static).update(Content.assemble(*bar))
        self.query_one("#facts", Static).update(facts_view(request))
        self._show_asks(request)
        self.query_one("#decision", Static).update(decision_view(request))
        self.query_one("#description", Static).update(description_view(request))
        self.query_one("#history", Static).update(history_view(record.history))
        title = f"Discovery checklist  {request.checklist_done}/{len(request.checklist)}"
        if not request.checklist:
            title = "Discovery checklist — starts when the request enters discovery"
        self.query_one("#checklist-title", Label).update(Content(title))
        checklist = self.query_one("#checklist", OptionList)
        highlighted = checklist.highlighted
        checklist.set_options(checklist_option(item) for item in request.checklist)
        if request.checklist:
            checklist.highlighted = min(highlighted or 0, len(request.checklist) - 1)
            if not self.query_one("#asks", OptionList).has_focus:
                checklist.focus()

    def _show_asks(self, request: Request) -> None:
        asks = self.query_one("#asks", OptionList)
        highlighted = asks.highlighted
        title = "Asks"
        if request.asks:
            title = f"Asks  {request.ask_count} · {printable(demand_line(request))}"
        self.query_one("#asks-title", Label).update(Content(title))
        if request.merged_into is not None:
            empty = f"Its asks moved to #{request.merged_into} with the merge."
        else:
            key = current_key("request.add_ask", self.secboard.keymap)
            empty = f"Nobody asked yet: press {key} to add who asked and their words."
        asks.set_options(Option(ask_view(ask), id=str(ask.id)) for ask in request.asks)
        if request.asks:
            asks.highlighted = min(highlighted or 0, len(request.asks) - 1)
        else:
            asks.add_option(Option(Content.styled(empty, "italic $text-muted"), disabled=True))

    # RequestActions ------------------------------------------------------------------

    def selected_ref(self) -> tuple[int, int] | None:
        if self.record is None:
            return None
        return self.record.request.id, self.record.request.version

    def selected_title(self) -> str:
        return "" if self.record is None else self.record.request.title

    def after_change(self, request_id: int, status: Status | None) -> None:
        if status is None:
            self.dismiss()
            return
        self.catch_up()

    # Keys ---------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.dismiss()

    def _cursor_list(self) -> OptionList:
        """The list the cursor keys move in: the asks once Tab went there, else the checklist."""
        asks = self.query_one("#asks", OptionList)
        return asks if asks.has_focus else self.query_one("#checklist", OptionList)

    def action_cursor_up(self) -> None:
        """Select the previous question (or ask)."""
        self._cursor_list().action_cursor_up()

    def action_cursor_down(self) -> None:
        """Select the next question (or ask)."""
        self._cursor_list().action_cursor_down()

    def action_focus_asks(self) -> None:
        """Switch the cursor between the checklist and the asks."""
        asks = self.query_one("#asks", OptionList)
        if asks.has_focus:
            self.query_one("#checklist", OptionList).focus()
        else:
            asks.focus()

    # Asks ---------------------------------------------------------------------------

    def _selected_ask(self) -> Ask | None:
        if self.record is None or not self.record.request.asks:
            key = current_key("request.add_ask", self.secboard.keymap)
            self.notify(f"No asks on this request yet: press {key} to add one.", markup=False)
            return None
        index = self.query_one("#asks", OptionList).highlighted
        return None if index is None else self.record.request.asks[index]

    @editing
    def action_add_ask(self) -> None:
        """Add an ask to the request."""
        if (ref := self.selected_ref()) is not None:
            self._open_ask_form(ref, None)

    @editing
    def action_edit_ask(self) -> None:
        """Edit the selected ask."""
        ref = self.selected_ref()
        ask = self._selected_ask()
        if ref is not None and ask is not None:
            self._open_ask_form(ref, ask)

    @work(group="db")
    async def _open_ask_form(self, ref: tuple[int, int], ask: Ask | None) -> None:
        try:
            accounts = await self.secboard.call(self.workspace.accounts)
        except SecboardError as error:
            self.secboard.report(error)
            return
        from secboard.tui.screens.ask_form import AskFormScreen

        today = self.workspace.today()
        if ask is None:
            title, shown = f"Add an ask to #{ref[0]}", Ask(asked_on=today)
        else:
            title, shown = (
                f"Edit the ask of {printable(ask.account or ask.requester or 'an internal team')}",
                ask,
            )

        async def save(fields: dict[str, str], create_account: bool) -> None:
            options = {"create_account": create_account, "expected_version": ref[1]}
            if ask is None:
                await self.secboard.call(self.workspace.add_ask, ref[0], fields, **options)
                self.notify(f"#{ref[0]}: ask added", markup=False, timeout=3)
            else:
                await self.secboard.call(self.workspace.edit_ask, ask.id, fields, **options)
                self.notify(f"#{ref[0]}: ask saved", markup=False, timeout=3)
            self.catch_up()

        names = [account.name for account in accounts]
        form = AskFormScreen(title, shown, names, save, today=today, new=ask is None)
        self.app.push_screen(form)

    @editing
    def action_remove_ask(self) -> None:
        """Take the selected ask off the request, after asking."""
        ref = self.selected_ref()
        ask = self._selected_ask()
        if ref is None or ask is None:
            return
        from secboard.tui.screens.confirm import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._remove_ask(ref, ask.id)

        who = printable(ask.account or ask.requester or "an internal team")
        question = f"Take the ask of {who} off #{ref[0]}?"
        self.app.push_screen(ConfirmScreen(question, "Remove"), confirmed)

    @work(group="db")
    async def _remove_ask(self, ref: tuple[int, int], ask_id: int) -> None:
        try:
            await self.secboard.call(self.workspace.remove_ask, ask_id, expected_version=ref[1])
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.notify(f"#{ref[0]}: ask removed — press u to undo", markup=False, timeout=5)
        self.catch_up()

    def _selected_item(self) -> ChecklistItem | None:
        if self.record is None or not self.record.request.checklist:
            self.notify("No checklist yet: move the request to discovery first.", markup=False)
            return None
        index = self.query_one("#checklist", OptionList).highlighted
        return None if index is None else self.record.request.checklist[index]

    @editing
    def action_answer_yes(self) -> None:
        """Answer the selected question: yes."""
        self._answer(Answer.YES)

    @editing
    def action_answer_no(self) -> None:
        """Answer the selected question: no."""
        self._answer(Answer.NO)

    @editing
    def action_answer_na(self) -> None:
        """Answer the selected question: not applicable."""
        self._answer(Answer.NA)

    @editing
    def action_answer_open(self) -> None:
        """Mark the selected question unanswered."""
        self._answer(Answer.OPEN)

    def _answer(self, answer: Answer, note: str | None = None) -> None:
        item = self._selected_item()
        ref = self.selected_ref()
        if item is not None and ref is not None:
            self._save_answer(ref, item.key, answer, note)

    @work(group="db")
    async def _save_answer(
        self, ref: tuple[int, int], key: str, answer: Answer, note: str | None
    ) -> None:
        try:
            await self.secboard.call(
                self.workspace.answer, ref[0], key, answer, note=note, expected_version=ref[1]
            )
        except SecboardError as error:
            self.secboard.report(error)
            return
        if not self.is_attached:
            return  # closed while the answer was saved: nothing here to move on
        self.catch_up()
        if note is None:
            self.query_one("#checklist", OptionList).action_cursor_down()

    @editing
    def action_note(self) -> None:
        """Write a note on the selected question."""
        item = self._selected_item()
        if item is None:
            return
        from secboard.tui.screens.note import NoteScreen

        def written(note: str | None) -> None:
            if note is not None:
                self._answer(item.answer, note)

        self.app.push_screen(NoteScreen(item), written)
