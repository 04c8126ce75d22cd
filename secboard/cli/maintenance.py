"""Whole-workspace commands: demo data, backups and restore."""

from __future__ import annotations

from pathlib import Path

import click

from secboard.cli.base import CliState, confirm, note, pass_state
from secboard.cli.output import table
from secboard.workspace import Workspace


@click.command()
@click.option(
    "--count",
    type=click.IntRange(1, 100_000),
    default=60,
    show_default=True,
    help="How many requests.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same workspace.")
@click.option("--replace", is_flag=True, help="Overwrite a non-empty workspace (backed up first).")
@pass_state
def demo(state: CliState, count: int, seed: int, replace: bool) -> None:
    """Fill the workspace with a realistic sample: requests, decisions, history."""
    from secboard.demo import generate

    workspace = state.workspace()
    backup = workspace.load(generate(count, seed, workspace.now()), replace=replace)
    if backup:
        note(f"previous workspace backed up to {backup}")
    note(f"demo workspace with {count} requests written to {workspace.label}")


@click.command()
@pass_state
def backups(state: CliState) -> None:
    """List the backups of this workspace, newest first."""
    workspace = state.workspace()
    found = workspace.backups()
    if workspace.is_server:
        note(
            f"{workspace.label} is on a server: its backups are snapshot files in "
            f"{workspace.backups_folder}; `secboard restore FILE` brings one back"
        )
    if not found:
        note("no backups yet; secboard takes one before migrations, --replace and restore")
        return
    click.echo(
        table(
            ("TAKEN (UTC)", "REASON", "SIZE", "FILE"),
            (
                [
                    f"{info.taken_at:%Y-%m-%d %H:%M:%S}",
                    info.reason,
                    f"{info.size:,}",
                    str(info.path),
                ]
                for info in found
            ),
            max_widths={},
        )
    )


@click.command()
@click.argument("backup", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def restore(state: CliState, backup: Path, yes: bool) -> None:
    """Replace the workspace with BACKUP (the current state is backed up first)."""
    # A file that cannot be restored is said first: before asking to confirm, and before
    # the workspace is opened, which would create a new one.
    Workspace.check_backup(backup)
    workspace = state.workspace()
    if not yes:
        confirm(f"Replace {workspace.label} with {backup}?", "restoring")
    saved = workspace.restore(backup)
    note(f"restored {backup}; the previous state was backed up to {saved}")


COMMANDS = (demo, backups, restore)
