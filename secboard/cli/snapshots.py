"""Snapshot commands: export the workspace to TOML, import it back, diff two snapshots."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from secboard.cli.base import CliState, format_option, note, pass_state
from secboard.cli.output import to_json
from secboard.domain.text import printable
from secboard.snapshot.files import load_snapshot, parse_snapshot, read_stream
from secboard.snapshot.model import Snapshot
from secboard.workspace import Workspace, utc_now

STDIO = "-"
WARNINGS_SHOWN = 20
"""Warnings listed one a line after an import; beyond them only their number is."""


def progress(message: str) -> None:
    """A progress line on stderr, only when a person is watching it."""
    if sys.stderr.isatty():
        click.echo(message, err=True)


def read(source: str) -> Snapshot:
    """The snapshot in file ``source`` (``-`` for standard input), checked completely."""
    if source == STDIO:
        content = read_stream(sys.stdin.buffer, "standard input")
        return parse_snapshot(content, "standard input", progress)
    return load_snapshot(Path(source), progress)


def _requests(count: int) -> str:
    return f"{count:,} request" + ("" if count == 1 else "s")


@click.command(name="export")
@click.argument("target", metavar="PATH|-")
@click.option(
    "--redact",
    is_flag=True,
    help="Replace customer and requester names and amounts of money, in free text too, "
    "and leave out ARR.",
)
@pass_state
def export(state: CliState, target: str, redact: bool) -> None:
    """Write the workspace as a TOML snapshot to PATH (- for standard output).

    The file is written atomically and readable by you only: it holds customer data
    unless --redact is given.
    """
    workspace = state.workspace()
    progress("exporting…")
    if target == STDIO:
        text, _count = workspace.export_snapshot(redact=redact)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    count = workspace.export_to(Path(target), redact=redact)
    redacted = " (redacted)" if redact or workspace.is_redacted() else ""
    note(f"exported {_requests(count)}{redacted} to {printable(target)}")


@click.command(name="import")
@click.argument("source", metavar="PATH|-")
@click.option(
    "--replace", is_flag=True, help="Overwrite a non-empty workspace (it is backed up first)."
)
@pass_state
def import_snapshot(state: CliState, source: str, replace: bool) -> None:
    """Load a TOML snapshot into the workspace.

    The whole file is checked before anything is written; every problem is listed with
    its row and field, and the workspace is left as it was.
    """
    # Read and checked completely before the workspace is opened, which would create a
    # new one: a refused import leaves no empty workspace file behind.
    snapshot = read(source)
    backup = state.workspace().load(snapshot.data, replace=replace)
    if backup is not None:
        note(f"previous workspace backed up to {backup}")
    objectives = len(snapshot.data.objectives)
    note(
        f"imported {_requests(len(snapshot.data.records))} and {objectives} "
        f"objective{'' if objectives == 1 else 's'} from {printable(source)}"
    )
    warn_about(snapshot.warnings)


def warn_about(warnings: tuple[str, ...]) -> None:
    """List what a snapshot holds that the lifecycle rules would not have allowed."""
    if not warnings:
        return
    count = len(warnings)
    moves = "move skips" if count == 1 else "moves skip"
    note(f"warning: {count:,} recorded {moves} a lifecycle gate (imported as recorded):")
    for line in warnings[:WARNINGS_SHOWN]:
        note(f"  {printable(line)}")
    if count > WARNINGS_SHOWN:
        note(f"  … and {count - WARNINGS_SHOWN:,} more")


@click.command(name="diff")
@click.argument("old", metavar="OLD.toml")
@click.argument("new", metavar="NEW.toml")
@format_option("text", "json")
def diff(old: str, new: str, output_format: str) -> None:
    """Show what changed between two snapshots.

    Requests added, removed, merged, moved and decided, checklist answers, asks
    added, removed and edited, other edits, objectives, accounts and the vision, with
    counts first.
    """
    from secboard.snapshot.diff import diff_snapshots
    from secboard.snapshot.report import diff_json, diff_text

    result = diff_snapshots(read(old), read(new))
    click.echo(to_json(diff_json(result)) if output_format == "json" else diff_text(result))


@click.command()
@click.argument("source", metavar="SNAPSHOT.toml")
def view(source: str) -> None:
    """Browse a snapshot read-only: board, roadmap and metrics, as of its export.

    Nothing is written: no workspace is created and the file is only read.
    """
    from secboard.tui.run import run_tui

    loaded = read(source)
    moment = loaded.exported_at
    workspace = Workspace.from_data(
        loaded.data, read_only=True, clock=(lambda: moment) if moment else utc_now
    )
    run_tui(workspace)


COMMANDS = (export, import_snapshot, diff, view)
