"""Commands on asks: add, edit and remove an ask, and merge one request into another."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from secboard.cli.base import REQUEST_ID, CliState, EnumChoice, fail, given, note, pass_state
from secboard.domain.asks import Channel, Importance
from secboard.domain.errors import NotFound
from secboard.domain.model import Request
from secboard.domain.text import format_money, printable

ADD = "add"
"""The hidden subcommand ``ask ID …`` stands for."""


class AskGroup(click.Group):
    """``ask ID …`` adds an ask; ``ask edit`` and ``ask remove`` change one.

    Adding is what ``ask`` is mostly for, so it needs no subcommand name: a first
    argument that is not one (a request id) is read as the hidden ``add``.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [ADD, *args]
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The add form's options are what 'ask --help' is read for: listed first.
        add = self.commands[ADD]
        records = [record for param in add.params if (record := param.get_help_record(ctx))]
        with formatter.section("Options of 'ask ID'"):
            formatter.write_dl(records)
        super().format_commands(ctx, formatter)


class AddForm(click.Command):
    """The hidden ``ask add``, whose usage line reads as it is typed: ``ask ID``."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        parent = ctx.parent.command_path if ctx.parent is not None else "ask"
        formatter.write_usage(parent, "REQUEST_ID [OPTIONS]")


class AskIdType(click.types.IntParamType):
    """An ask's id, as ``show`` lists it; one no ask can have is simply not found."""

    name = "ask_id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        if not text.isdecimal():
            self.fail(f"{value!r} is not an ask id (a whole number such as 3)", param, ctx)
        number = int(text)
        # Beyond a database integer no ask exists; the query must not overflow to say so.
        if not 1 <= number < 2**63:
            raise NotFound(f"no ask {number}; 'secboard show ID' lists a request's asks")
        return number


def ask_options(*, required: bool) -> Callable[[Any], Any]:
    """The field options of an ask; adding one needs channel, importance and quote."""
    options = [
        click.option(
            "--account",
            help="The account that asked (see 'secboard account list'); empty for an internal ask.",
        ),
        click.option("--requester", help="The person who asked, or the team of an internal ask."),
        click.option(
            "--channel", type=EnumChoice(Channel), required=required, help="How the ask came in."
        ),
        click.option(
            "--importance",
            type=EnumChoice(Importance),
            required=required,
            help="How badly they need it.",
        ),
        click.option("--quote", required=required, help="What they said, verbatim."),
        click.option("--due", help="When they need it: YYYY-MM-DD, +10d, +3w."),
        click.option("--reference", help="A ticket or questionnaire id, or a contract clause."),
        click.option("--asked-on", help="When they asked (default today): YYYY-MM-DD."),
        click.option(
            "--create-account", is_flag=True, help="Add the account (as a customer) if it is new."
        ),
    ]

    def decorate(function: Any) -> Any:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def demand_text(request: Request) -> str:
    """A request's demand in a few words: ``3 asks, 2 accounts, $240k at stake``."""
    asks, accounts = request.ask_count, request.accounts
    text = f"{asks} ask{'s' * (asks != 1)}, {accounts} account{'s' * (accounts != 1)}"
    if request.arr is not None:
        text += f", {format_money(request.arr)} at stake"
    return text


@click.group(cls=AskGroup)
def ask() -> None:
    """Who asked for a request, in their words: add, edit and remove asks.

    'secboard ask ID --account A --channel C --importance I --quote TEXT' adds an ask to
    request ID and prints its id; an unknown account is refused unless --create-account
    is given. 'ask edit' and 'ask remove' change an ask by the id 'secboard show ID' lists.
    """


@ask.command(name=ADD, cls=AddForm, hidden=True)
@click.argument("request_id", type=REQUEST_ID)
@ask_options(required=True)
@pass_state
def ask_add(state: CliState, /, request_id: int, create_account: bool, **options: Any) -> None:
    """Add an ask to a request and print its id."""
    fields = given(options)
    if not any(str(fields.get(name) or "").strip() for name in ("account", "requester")):
        fail("an ask needs --account, or --requester for an internal ask")
    request = state.workspace().add_ask(request_id, fields, create_account=create_account)
    added = request.asks[-1]
    click.echo(added.id)
    note(f"#{request.id}: ask {added.id} added ({demand_text(request)})")


@ask.command(name="edit")
@click.argument("ask_id", type=AskIdType())
@ask_options(required=False)
@pass_state
def ask_edit(state: CliState, /, ask_id: int, create_account: bool, **options: Any) -> None:
    """Change fields of an ask; an empty value clears an optional field."""
    fields = given(options)
    if not fields:
        fail("nothing to change; see 'secboard ask edit --help' for the fields")
    request = state.workspace().edit_ask(ask_id, fields, create_account=create_account)
    note(f"#{request.id}: ask {ask_id} updated ({', '.join(sorted(fields))})")


@ask.command(name="remove")
@click.argument("ask_id", type=AskIdType())
@pass_state
def ask_remove(state: CliState, ask_id: int) -> None:
    """Take an ask off its request."""
    request = state.workspace().remove_ask(ask_id)
    note(f"#{request.id}: ask {ask_id} removed ({demand_text(request)})")


@click.command()
@click.argument("source_id", metavar="SRC", type=REQUEST_ID)
@click.argument("word", metavar="into")
@click.argument("target_id", metavar="DST", type=REQUEST_ID)
@pass_state
def merge(state: CliState, source_id: int, word: str, target_id: int) -> None:
    """Merge request SRC into DST: 'secboard merge 14 into 12'.

    The asks, frameworks and tags of SRC move to DST, whose checklist answers stay; SRC
    leaves the board and its record says where it went.
    """
    if word.strip().casefold() != "into":
        raise click.UsageError(
            f"write it as 'secboard merge {source_id} into {target_id}' (not {printable(word)!r})"
        )
    workspace = state.workspace()
    moved = workspace.request(source_id).ask_count
    merged = workspace.merge(source_id, target_id)
    note(
        f"#{source_id} merged into #{merged.id} ({moved} ask{'s' * (moved != 1)} moved; "
        f"now {demand_text(merged)})"
    )


COMMANDS = (ask, merge)
