"""Commands on objectives and the vision."""

from __future__ import annotations

import click

from secboard.cli.base import CliState, EnumChoice, format_option, note, pass_state
from secboard.cli.output import objective_json, table, to_json
from secboard.domain.model import ObjectiveStatus
from secboard.domain.text import format_arr_sum, printable_block


@click.group()
def objective() -> None:
    """Business objectives that committed work serves."""


@objective.command(name="add")
@click.argument("title")
@click.option("--key", default=None, help="Short stable key, e.g. O1 (default: next free O<n>).")
@click.option("--target", default=None, help="Target date: YYYY-MM-DD, +12w.")
@click.option("--description", default="", help="What achieving it looks like.")
@pass_state
def objective_add(
    state: CliState, title: str, key: str | None, target: str | None, description: str
) -> None:
    """Add an objective and print its key."""
    added = state.workspace().add_objective(title, key=key, target=target, description=description)
    click.echo(added.key)


@objective.command(name="list")
@format_option("table", "json")
@pass_state
def objective_list(state: CliState, output_format: str) -> None:
    """List objectives with their progress (shipped / linked requests, ARR tied)."""
    workspace = state.workspace()
    cards = workspace.cards()
    redacted = workspace.is_redacted()
    rows = [objective_json(o, cards, arr_redacted=redacted) for o in workspace.objectives()]
    if output_format == "json":
        click.echo(to_json(rows))
        return
    if not rows:
        note("no objectives yet; add one with 'secboard objective add TITLE'")
        return
    click.echo(
        table(
            ("KEY", "STATUS", "TARGET", "PROGRESS", "ARR", "TITLE"),
            (
                [
                    row["key"],
                    row["status"],
                    row["target"].isoformat() if row["target"] else "–",
                    f"{row['shipped']}/{row['linked']} shipped",
                    format_arr_sum(row["arr"]),
                    row["title"],
                ]
                for row in rows
            ),
            max_widths={5: 70},
        )
    )


@objective.command(name="edit")
@click.argument("key")
@click.option("--title", default=None, help="New title.")
@click.option("--description", default=None, help="New description.")
@click.option("--target", default=None, help="New target date ('' clears it).")
@click.option(
    "--status",
    type=EnumChoice(ObjectiveStatus),
    default=None,
    help="active, done or dropped.",
)
@pass_state
def objective_edit(
    state: CliState,
    key: str,
    title: str | None,
    description: str | None,
    target: str | None,
    status: str | None,
) -> None:
    """Change an objective's title, description, target or status."""
    updated = state.workspace().edit_objective(
        key,
        title=title,
        description=description,
        target=target or None,
        clear_target=target == "",
        status=ObjectiveStatus(status.lower()) if status else None,
    )
    note(f"objective {updated.key} updated")


@click.command()
@click.argument("text", required=False)
@pass_state
def vision(state: CliState, text: str | None) -> None:
    """Show the security program's vision, or replace it with TEXT."""
    workspace = state.workspace()
    if text is None:
        vision = printable_block(workspace.vision())
        click.echo(vision or "(no vision yet; set one with 'secboard vision TEXT')")
        return
    workspace.set_vision(text)
    note("vision updated")


COMMANDS = (objective, vision)
