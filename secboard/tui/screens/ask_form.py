"""Adding or editing one ask: who asked, how, when, how badly, and their words.

Each field is checked by the same parser the command line uses, so a bad value shows as
one line under its field. An account the workspace does not know yet is created only
after asking.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Label, Select

from secboard.domain.ask_fields import ASK_PARSERS, parse_ask_changes
from secboard.domain.asks import Ask, Channel, Importance, account_key
from secboard.domain.errors import InvalidInput
from secboard.domain.text import editable, printable
from secboard.tui.screens.form import FormScreen
from secboard.tui.widgets.form_field import FormField
from secboard.tui.widgets.safe_inputs import SafeInput, SafeTextArea

Save = Callable[[dict[str, str], bool], Awaitable[None]]
"""Saves the fields given (only those changed, when editing); the flag says an unknown
account may be created."""

LABELS = {
    "account": "Account",
    "requester": "Requester",
    "channel": "Channel",
    "importance": "Importance",
    "asked_on": "Asked on",
    "due": "Due",
    "reference": "Reference",
    "quote": "Quote (their words, verbatim)",
}
"""How the form names each field of :data:`ASK_PARSERS`."""


def initial_values(ask: Ask) -> dict[str, str]:
    """Every field of ``ask`` as the form shows it (hidden characters visible)."""
    return {
        "account": editable(ask.account or ""),
        "requester": editable(ask.requester or ""),
        "channel": ask.channel.value,
        "importance": ask.importance.value,
        "asked_on": ask.asked_on.isoformat(),
        "due": ask.due.isoformat() if ask.due else "",
        "reference": editable(ask.reference),
        "quote": editable(ask.quote, multiline=True),
    }


class AskFormScreen(FormScreen[bool]):
    """The fields of one ask; dismisses with True once saved (False: nothing changed)."""

    CSS_PATH = "ask_form.tcss"

    def __init__(
        self,
        title: str,
        ask: Ask,
        accounts: Sequence[str],
        save: Save,
        *,
        today: date,
        new: bool,
    ) -> None:
        """``ask`` fills the form (a blank one to add); ``accounts`` are the names known."""
        super().__init__()
        self.heading = title
        self.accounts = tuple(accounts)
        self._known = {account_key(name) for name in accounts}
        self._save = save
        self._today = today
        self._new = new
        self._initial = initial_values(ask)
        self._create = False
        """The user agreed to add the unknown account typed."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog tall"):
            yield Label(Content(self.heading), classes="dialog-title")
            with VerticalScroll():
                for name, control, hint in self._fields():
                    yield FormField(name, LABELS[name], control, hint=hint)
            yield Label(Content("Ctrl+S saves · Esc cancels"), classes="dialog-hint")

    def _fields(self) -> list[tuple[str, Widget, str]]:
        v = self._initial

        def choice(name: str, options: Sequence[str]) -> Select[str]:
            return Select(
                [(Content(option), option) for option in options],
                value=v[name],
                allow_blank=False,
            )

        suggester = SuggestFromList(self.accounts, case_sensitive=False)
        return [
            (
                "account",
                SafeInput(v["account"], placeholder="company name", suggester=suggester),
                "→ takes the name offered · empty for an internal ask",
            ),
            ("requester", SafeInput(v["requester"], placeholder="person or team"), ""),
            ("channel", choice("channel", [channel.value for channel in Channel]), ""),
            ("importance", choice("importance", [level.value for level in Importance]), ""),
            ("asked_on", SafeInput(v["asked_on"], placeholder="YYYY-MM-DD, today"), ""),
            ("due", SafeInput(v["due"], placeholder="YYYY-MM-DD, +10d, +3w"), ""),
            (
                "reference",
                SafeInput(v["reference"], placeholder="ticket, questionnaire, clause"),
                "",
            ),
            ("quote", SafeTextArea(v["quote"]), ""),
        ]

    def changed_values(self, values: Mapping[str, str]) -> dict[str, str]:
        """The fields to save: all of a new ask, only those changed of an existing one."""
        if self._new:
            return {name: value for name, value in values.items() if name in ASK_PARSERS}
        return {name: value for name, value in values.items() if value != self._initial[name]}

    def check(self, values: Mapping[str, str]) -> dict[str, str]:
        problems = {}
        for name, value in self.changed_values(values).items():
            try:
                parse_ask_changes({name: value}, today=self._today)
            except InvalidInput as error:
                problems[error.field] = error.message
        return problems

    def action_save(self) -> None:
        """Validate, ask before adding an account not known yet, then save."""
        values = self.values()
        problems = self.check(values)
        self.show_problems(problems)
        if problems:
            return
        account = self.changed_values(values).get("account", "").strip()
        if not account or account_key(account) in self._known:
            self._create = False
            self._submit(values)
            return
        from secboard.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._create = True
                self._submit(values)
            else:
                self.show_problems({"account": "no such account: pick a known one, or add it"})

        question = f"No account called {printable(account)} yet. Add it as a customer?"
        dialog = ConfirmScreen(question, "Add the account", decline="Not now", danger=False)
        self.app.push_screen(dialog, answered)

    async def submit(self, values: Mapping[str, str]) -> bool:
        changes = self.changed_values(values)
        if not changes:
            return False
        await self._save(dict(changes), self._create)
        return True
