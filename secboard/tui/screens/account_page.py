"""One account's page: the account, and every ask it made with where its request stands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from secboard.domain.accounts import AccountAsk, AccountSummary
from secboard.domain.errors import NotFound, SecboardError
from secboard.domain.text import format_day, format_money, printable, printable_block
from secboard.tui.commands import bindings
from secboard.tui.screens.base import WorkspaceScreen
from secboard.tui.widgets.item_list import ItemList
from secboard.tui.widgets.key_bar import KeyBar

MUTED = "$text-muted"
STANDING_STYLES = {
    "open": "bold $warning",
    "committed": "bold $primary",
    "shipped": "bold $success",
    "declined": "bold $error",
}


def account_heading(summary: AccountSummary) -> Content:
    """Who the account is and where its asks stand, on a few lines."""
    account = summary.account
    facts = [account.kind.value, f"ARR {format_money(account.arr)}"]
    if account.tier:
        facts.append(f"tier {printable(account.tier)}")
    if account.renewal is not None:
        facts.append(f"renews {account.renewal.isoformat()}")
    if account.owner:
        facts.append(f"owner {printable(account.owner)}")
    noun = "ask" if summary.asks == 1 else "asks"
    counts = (
        f"{summary.asks} {noun}: {summary.open} open · {summary.committed} committed · "
        f"{summary.shipped} shipped · {summary.declined} declined · "
        f"next due {format_day(summary.next_due)}"
    )
    parts: list[tuple[str, str] | str] = [
        (printable(account.name), "bold"),
        ("  " + " · ".join(facts), MUTED),
        "\n",
        (counts, MUTED),
    ]
    if account.notes:
        parts += ["\n", (printable_block(account.notes), "italic")]
    return Content.assemble(*parts)


def account_ask_option(item: AccountAsk) -> Option:
    """One ask of the account: its request, where it stands, how badly, when, the quote."""
    ask = item.ask
    standing = item.standing.value
    parts: list[tuple[str, str] | str] = [
        (f"#{item.request_id} ", "bold"),
        (printable(item.title), "bold"),
        "\n  ",
        (standing, STANDING_STYLES[standing]),
        (f" ({item.status.label.lower()})", MUTED),
        (f" · {ask.importance.value} · asked {ask.asked_on.isoformat()}", MUTED),
    ]
    if ask.due is not None:
        parts.append((f" · due {ask.due.isoformat()}", MUTED))
    if ask.requester:
        parts.append((f" · {printable(ask.requester)}", MUTED))
    if ask.quote:
        parts += ["\n  ", (f"“{printable_block(ask.quote)}”", "italic")]
    return Option(Content.assemble(*parts), id=str(ask.id))


class AccountPageScreen(WorkspaceScreen):
    """Every ask of one account, oldest first; Enter opens the ask's request."""

    CSS_PATH = "account_page.tcss"

    COMMAND_SCOPES = ("account",)
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        *bindings("account")
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.account_name = name
        self.asks: list[AccountAsk] = []

    def compose(self) -> ComposeResult:
        yield Static(Content(f"{printable(self.account_name)}  loading…"), id="account-bar")
        yield Label(Content("Asks — oldest first"), classes="section")
        yield ItemList(id="account-asks")
        yield KeyBar()

    def reload(self, changed: frozenset[int] | None) -> None:
        self._load()

    @work(group="db", exclusive=True)
    async def _load(self) -> None:
        try:
            summary, asks = await self.secboard.call(self.workspace.account_page, self.account_name)
        except NotFound:
            self.notify(f"No account {printable(self.account_name)} any more", markup=False)
            self.dismiss()
            return
        except SecboardError as error:
            self.secboard.report(error)
            return
        try:
            self.show(summary, asks)
        except NoMatches:
            return  # Esc closed the screen while it was loading

    def show(self, summary: AccountSummary, asks: Sequence[AccountAsk]) -> None:
        """Show the account and its asks."""
        self.asks = list(asks)
        self.query_one("#account-bar", Static).update(account_heading(summary))
        listed = self.query_one("#account-asks", OptionList)
        highlighted = listed.highlighted
        listed.set_options(account_ask_option(item) for item in self.asks)
        if self.asks:
            listed.highlighted = min(highlighted or 0, len(self.asks) - 1)
        else:
            listed.add_option(
                Option(
                    Content.styled("No asks on the board from this account.", "italic"),
                    disabled=True,
                )
            )
        listed.focus()

    def action_back(self) -> None:
        """Back to the accounts."""
        self.dismiss()

    def action_open(self) -> None:
        """Open the request of the selected ask."""
        index = self.query_one("#account-asks", OptionList).highlighted
        if index is not None and index < len(self.asks):
            self.secboard.open_request(self.asks[index].request_id)

    @on(OptionList.OptionSelected, "#account-asks")
    def _chosen(self) -> None:
        self.action_open()
