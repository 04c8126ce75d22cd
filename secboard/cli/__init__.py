"""The ``secboard`` command: the TUI when run alone, scripting commands otherwise."""

from __future__ import annotations

import click

from secboard import __version__
from secboard.cli import maintenance, metrics, objectives, requests, snapshots
from secboard.cli.base import CliState, SecboardGroup


@click.group(cls=SecboardGroup, invoke_without_command=True)
@click.option(
    "--db",
    "database",
    metavar="PATH",
    default=None,
    help="Workspace file (default: $SECBOARD_DB, else secboard.db in your data folder).",
)
@click.version_option(__version__, prog_name="secboard")
@click.pass_context
def cli(ctx: click.Context, database: str | None) -> None:
    """secboard: the security product manager's desk.

    Run without a command to open the board. Every request goes from intake through a
    discovery checklist to a decision; committed work forms the roadmap.
    """
    state = CliState(database)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        from secboard.tui.run import run_tui

        workspace = state.workspace()
        run_tui(workspace, state.notices)


for command in (
    *requests.COMMANDS,
    *objectives.COMMANDS,
    *maintenance.COMMANDS,
    *metrics.COMMANDS,
    *snapshots.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="secboard")
