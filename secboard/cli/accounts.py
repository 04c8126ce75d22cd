"""Commands on accounts: add, edit, remove, list and show."""

from __future__ import annotations

from typing import Any

import click

from secboard.cli.base import CliState, EnumChoice, fail, format_option, given, note, pass_state
from secboard.cli.output import account_page_json, account_summary_json, table, to_json
from secboard.domain.accounts import AccountAsk, AccountSummary
from secboard.domain.asks import AccountKind
from secboard.domain.text import format_day, format_money, printable, printable_block

ACCOUNT_HEADERS = (
    "NAME",
    "KIND",
    "ARR",
    "TIER",
    "RENEWAL",
    "OWNER",
    "OPEN",
    "COMMITTED",
    "SHIPPED",
    "DECLINED",
    "NEXT DUE",
)
ASK_HEADERS = ("ASK", "REQUEST", "STANDING", "STATUS", "IMPORTANCE", "DUE", "TITLE")


def account_options(function: Any) -> Any:
    """The field options shared by ``account add`` and ``account edit``."""
    options = [
        click.option("--kind", type=EnumChoice(AccountKind), help="customer, prospect or partner."),
        click.option("--arr", help="Annual recurring revenue (a prospect's: the deal's): 120k."),
        click.option("--tier", help="Free text, e.g. enterprise."),
        click.option("--renewal", help="Renewal date: YYYY-MM-DD."),
        click.option("--owner", help="The account executive."),
        click.option("--notes", help="Free text, shown literally."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group()
def account() -> None:
    """The companies asks come from: customers, prospects and partners."""


@account.command(name="add")
@click.argument("name")
@account_options
@pass_state
def account_add(state: CliState, /, name: str, **options: Any) -> None:
    """Add an account and print its name."""
    added = state.workspace().add_account({"name": name, **given(options)})
    click.echo(printable(added.name))


@account.command(name="edit")
@click.argument("name")
@click.option("--name", "new_name", help="New name (the account's asks follow it).")
@account_options
@pass_state
def account_edit(state: CliState, /, name: str, new_name: str | None, **options: Any) -> None:
    """Change fields of an account; an empty value clears an optional field."""
    fields = given({"name": new_name, **options})
    if not fields:
        fail("nothing to change; see 'secboard account edit --help' for the fields")
    updated = state.workspace().edit_account(name, fields)
    note(f"account {printable(updated.name)} updated ({', '.join(sorted(fields))})")


@account.command(name="remove")
@click.argument("name")
@pass_state
def account_remove(state: CliState, name: str) -> None:
    """Remove an account that no ask comes from."""
    removed = state.workspace().remove_account(name)
    note(f"account {printable(removed.name)} removed")


@account.command(name="list")
@format_option("table", "json")
@pass_state
def account_list(state: CliState, output_format: str) -> None:
    """List accounts by ARR with where their asks stand and their next due date."""
    summaries = state.workspace().account_summaries()
    if output_format == "json":
        click.echo(to_json([account_summary_json(summary) for summary in summaries]))
        return
    if not summaries:
        note("no accounts yet; add one with 'secboard account add NAME'")
        return
    click.echo(table(ACCOUNT_HEADERS, map(_account_row, summaries), max_widths={0: 40, 3: 20}))


def _account_row(summary: AccountSummary) -> list[str]:
    account = summary.account
    return [
        account.name,
        account.kind.value,
        format_money(account.arr),
        account.tier or "–",
        format_day(account.renewal),
        account.owner or "–",
        str(summary.open),
        str(summary.committed),
        str(summary.shipped),
        str(summary.declined),
        format_day(summary.next_due),
    ]


@account.command(name="show")
@click.argument("name")
@format_option("text", "json")
@pass_state
def account_show(state: CliState, name: str, output_format: str) -> None:
    """Show an account and every ask it made, with where each request stands."""
    summary, asks = state.workspace().account_page(name)
    if output_format == "json":
        click.echo(to_json(account_page_json(summary, asks)))
        return
    click.echo(_page_text(summary, asks))


def _page_text(summary: AccountSummary, asks: list[AccountAsk]) -> str:
    account = summary.account

    def field(label: str, value: str) -> str:
        return f"  {label:<12} {printable(value)}"

    lines = [
        printable(account.name),
        field("kind", account.kind.value),
        field("arr", format_money(account.arr)),
        field("tier", account.tier or "–"),
        field("renewal", format_day(account.renewal)),
        field("owner", account.owner or "–"),
        field(
            "asks",
            f"{summary.asks} ({summary.open} open, {summary.committed} committed, "
            f"{summary.shipped} shipped, {summary.declined} declined)",
        ),
        field("next due", format_day(summary.next_due)),
    ]
    if account.notes:
        lines += [
            "",
            "Notes:",
            *(f"  {line}" for line in printable_block(account.notes).split("\n")),
        ]
    lines += ["", "Asks:"]
    if not asks:
        lines.append("  none yet")
    else:
        rows = (
            [
                str(item.ask.id),
                f"#{item.request_id}",
                item.standing.value,
                item.status.value,
                item.ask.importance.value,
                format_day(item.ask.due),
                item.title,
            ]
            for item in asks
        )
        lines += [f"  {line}" for line in table(ASK_HEADERS, rows, max_widths={6: 60}).split("\n")]
    return "\n".join(lines)


COMMANDS = (account,)
