"""The ``secboard`` command: the TUI when run alone, scripting commands otherwise."""

from __future__ import annotations

import importlib

import click

from secboard import __version__
from secboard.cli.base import CliState, SecboardGroup

COMMAND_MODULES: dict[str, str] = {
    "add": "requests",
    "list": "requests",
    "show": "requests",
    "move": "requests",
    "check": "requests",
    "decide": "requests",
    "edit": "requests",
    "link": "requests",
    "delete": "requests",
    "ask": "asks",
    "merge": "asks",
    "account": "accounts",
    "objective": "objectives",
    "vision": "objectives",
    "demo": "maintenance",
    "backups": "maintenance",
    "restore": "maintenance",
    "metrics": "metrics",
    "export": "snapshots",
    "import": "snapshots",
    "diff": "snapshots",
    "view": "snapshots",
}
"""Each command and the module of secboard.cli that defines it."""


class LazyGroup(SecboardGroup):
    """Loads a command's module only when that command runs (or help lists it).

    Opening the board needs none of them, and each costs start-up time.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"secboard.cli.{module_name}")
        commands: tuple[click.Command, ...] = module.COMMANDS
        return next(command for command in commands if command.name == cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True)
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
    if database is not None and not database.strip():
        # An unset variable in a script ("--db $DB") must not fall back to the real workspace.
        raise click.BadParameter(
            "must not be empty; leave --db out for the default", ctx, None, "--db"
        )
    state = CliState(database)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        from secboard.tui.run import run_tui

        workspace = state.workspace()
        run_tui(workspace, state.notices)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="secboard")
