"""The accounts asks come from, by ARR: where their asks stand and what is due next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static

from secboard.domain.accounts import AccountSummary
from secboard.domain.errors import SecboardError
from secboard.domain.text import format_day, format_money, printable
from secboard.tui.commands import bindings, current_key
from secboard.tui.screens.base import WorkspaceScreen
from secboard.tui.widgets.item_table import ItemTable
from secboard.tui.widgets.key_bar import KeyBar
from secboard.tui.widgets.tabs import screen_tabs

COLUMNS = ("Account", "Kind", "ARR", "Open", "Committed", "Shipped", "Declined", "Next due")
NUMBERS = frozenset({"ARR", "Open", "Committed", "Shipped", "Declined"})
"""Columns aligned to the right."""


def summary_row(summary: AccountSummary) -> list[Text]:
    """One account as the table's cells (its name literal, never markup)."""
    account = summary.account
    cells = [
        printable(account.name),
        account.kind.value,
        format_money(account.arr) if account.arr is not None else "–",
        str(summary.open),
        str(summary.committed),
        str(summary.shipped),
        str(summary.declined),
        format_day(summary.next_due),
    ]
    return [
        Text(cell, justify="right" if column in NUMBERS else "left")
        for column, cell in zip(COLUMNS, cells, strict=True)
    ]


class AccountsScreen(WorkspaceScreen):
    """Every account, largest ARR first; Enter shows every ask of one."""

    CSS_PATH = "accounts.tcss"

    COMMAND_SCOPES = ("accounts",)
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("accounts")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[AccountSummary] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading the accounts…"), id="accounts-bar")
        yield ItemTable(id="accounts-table")
        yield Static(id="accounts-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#accounts-table", ItemTable)
        for column in COLUMNS:
            table.add_column(Text(column, justify="right" if column in NUMBERS else "left"))

    def reload(self, changed: frozenset[int] | None) -> None:
        # Any change may move an ask's standing or an account's ARR: all is read again
        # (a few thousand accounts at most).
        self._load()

    @work(group="db", exclusive=True)
    async def _load(self) -> None:
        try:
            summaries = await self.secboard.call(self.workspace.account_summaries)
        except SecboardError as error:
            self.secboard.report(error)
            return
        self.show(summaries)

    def show(self, summaries: Sequence[AccountSummary]) -> None:
        """Fill the table with ``summaries`` (in their order: by ARR)."""
        self.summaries = list(summaries)
        self.loaded = True
        table = self.query_one("#accounts-table", ItemTable)
        selected = self.selected_key()
        table.clear()
        for summary in self.summaries:
            table.add_row(*summary_row(summary), key=summary.account.key)
        names = [summary.account.key for summary in self.summaries]
        if selected is not None and selected in names:
            table.move_cursor(row=names.index(selected), animate=False)
        table.display = bool(self.summaries)
        table.focus()
        add_key = current_key("request.add_ask", self.secboard.keymap)
        empty = self.query_one("#accounts-empty", Static)
        empty.display = not self.summaries
        empty.update(
            Content(
                "No accounts yet. An account comes with an ask: open a request and press "
                f"{add_key} to add who asked (a new account name is offered to be added), "
                "or run: secboard account add NAME"
            )
        )
        count = len(self.summaries)
        parts = [
            f"{count:,} {'account' if count == 1 else 'accounts'}",
            "by ARR",
            "Enter shows an account's asks",
        ]
        self.query_one("#accounts-bar", Static).update(
            screen_tabs("accounts", self.secboard.keymap)
            + Content.styled("  ·  ".join(parts), "$text-muted")
        )

    def selected_key(self) -> str | None:
        """The key of the account under the cursor, if any."""
        table = self.query_one("#accounts-table", ItemTable)
        if not self.summaries or table.cursor_row >= len(self.summaries):
            return None
        return self.summaries[table.cursor_row].account.key

    def action_open(self) -> None:
        """Show every ask of the selected account."""
        table = self.query_one("#accounts-table", ItemTable)
        if not self.summaries or table.cursor_row >= len(self.summaries):
            return
        from secboard.tui.screens.account_page import AccountPageScreen

        self.app.push_screen(AccountPageScreen(self.summaries[table.cursor_row].account.name))

    @on(DataTable.RowSelected, "#accounts-table")
    def _row_chosen(self) -> None:
        self.action_open()
