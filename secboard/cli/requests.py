"""Commands on requests: add, list, show, move, check, decide, edit, delete, link."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import click

from secboard.cli.base import (
    REQUEST_ID,
    CliState,
    EnumChoice,
    confirm,
    fail,
    format_option,
    note,
    on_terminal,
    pass_state,
)
from secboard.cli.output import (
    REQUEST_HEADERS,
    json_listing,
    record_json,
    record_text,
    request_rows,
    table,
    to_json,
)
from secboard.domain.board import due_for_revisit, revisit_warning
from secboard.domain.fields import RawValue
from secboard.domain.model import Answer, Decision, RequestSummary, Source, Status
from secboard.domain.text import printable
from secboard.domain.validation import parse_arr, parse_choice


def _fields(**options: Any) -> dict[str, RawValue]:
    """The options that were given, renamed to request fields; tuples become lists."""
    renames = {
        "estimate": "estimate_weeks",
        "planned": "planned_weeks",
        "framework": "frameworks",
        "tag": "tags",
    }
    given: dict[str, RawValue] = {}
    for name, value in options.items():
        if value is None or value == ():
            continue
        given[renames.get(name, name)] = list(value) if isinstance(value, tuple) else value
    return given


def request_options(function: Any) -> Any:
    """The field options shared by ``add`` and ``edit``."""
    options = [
        click.option("--description", help="Free text; markdown-ish, shown literally."),
        click.option("--source", type=EnumChoice(Source), help="Where the request came from."),
        click.option("--requester", help="Person or team who asked: sets the first ask."),
        click.option(
            "--customer", help="Account name: sets the first ask (the account is added if new)."
        ),
        click.option("--owner", help="The product manager who owns the request."),
        click.option(
            "--arr", help="The first ask's account's ARR (needs a customer): 120000, 120k, 1.5m."
        ),
        click.option(
            "--due", help="Deal close or audit date of the first ask: YYYY-MM-DD, +10d, +3w."
        ),
        click.option("--estimate", help="Effort as asked, in weeks."),
        click.option(
            "--framework", multiple=True, help="Control reference, e.g. 'SOC 2 CC6.1' (repeatable)."
        ),
        click.option("--tag", multiple=True, help="Free label (repeatable)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.command()
@click.argument("title")
@request_options
@click.option("--no-similar", is_flag=True, help="Do not look for open requests like this one.")
@pass_state
def add(state: CliState, /, title: str, no_similar: bool, **options: Any) -> None:
    """Add a request to intake and print its id.

    An open request with a similar title is offered first (on a terminal, given a
    customer or requester): answering yes adds the customer, requester and due date to
    it as an ask instead. Elsewhere a note names the similar requests.
    """
    workspace = state.workspace()
    fields = _fields(**options)
    similar = [] if no_similar else workspace.similar_requests(title)
    # Only an ask with someone behind it is worth offering in place of a new request.
    asker = any(str(fields.get(name) or "").strip() for name in ("customer", "requester"))
    asking = asker and on_terminal()
    if similar and asking:
        for match in similar:
            if click.confirm(
                f"Looks like #{match.id} {printable(match.title)} — add as an ask there instead?",
                default=False,
                err=True,
            ):
                click.echo(_ask_instead(state, match.id, fields))
                return
    request = workspace.add({"title": title, **fields})
    click.echo(request.id)
    if similar and not asking:
        listed = ", ".join(f"#{match.id} {printable(match.title)!r}" for match in similar)
        note(f"note: similar open requests: {listed}; 'secboard merge {request.id} into ID'")


def _ask_instead(state: CliState, request_id: int, fields: dict[str, RawValue]) -> int:
    """Add the first-ask options of ``add`` to request ``request_id`` as an ask.

    The account is added if new; ``--arr`` becomes its ARR. Options that only a new
    request could take are named, not silently lost.
    """
    workspace = state.workspace()
    customer, arr = fields.get("customer"), fields.get("arr")
    if arr is not None and not str(customer or "").strip():
        fail("arr: belongs to an account: give a customer too")
    ask = {
        name: fields[option]
        for option, name in (("customer", "account"), ("requester", "requester"), ("due", "due"))
        if option in fields
    }
    if arr is not None:
        # The ARR is checked before anything is written: a bad one leaves no ask behind.
        parse_arr(str(arr), "arr")
    workspace.add_ask(request_id, ask, create_account=True)
    if arr is not None and customer is not None:
        workspace.edit_account(str(customer), {"arr": arr})
    left_out = sorted(set(fields) - {"customer", "requester", "due", "arr"})
    if left_out:
        note(f"note: not used for an ask: {', '.join(left_out)}")
    return request_id


@click.command(name="list")
@click.option("--status", type=EnumChoice(Status), help="Only requests in this status.")
@click.option("--source", type=EnumChoice(Source), help="Only requests from this source.")
@click.option("--revisit", is_flag=True, help="Only deferred requests whose revisit date has come.")
@click.option(
    "--owner",
    help="Only requests this PM owns (any case); 'me' for your own, 'none' for unowned ones.",
)
@click.option("--merged", is_flag=True, help="Also list requests merged into another.")
@format_option("table", "json")
@pass_state
def list_requests(
    state: CliState,
    status: str | None,
    source: str | None,
    revisit: bool,
    owner: str | None,
    merged: bool,
    output_format: str,
) -> None:
    """List requests, oldest first (merged ones only with --merged)."""
    workspace = state.workspace()
    requests: Iterable[RequestSummary] = workspace.request_summaries(
        status=Status(status.lower()) if status else None,
        source=Source(source.lower()) if source else None,
        merged=merged,
    )
    if owner is not None:
        requests = _owned_by(requests, owner, workspace.actor)
    if revisit:
        today = workspace.today()
        requests = (request for request in requests if due_for_revisit(request, today))
    if output_format == "json":
        # Written as it is read: a listing of any size takes the same memory.
        for piece in json_listing(requests):
            click.echo(piece, nl=False)
        click.echo()
        return
    # A table's columns fit its widest cell: every row is needed before the first line.
    rows = list(requests)
    if rows:
        click.echo(table(REQUEST_HEADERS, request_rows(rows), max_widths={3: 60, 4: 24}))
    else:
        note("no requests match")


def _owned_by(
    requests: Iterable[RequestSummary], owner: str, actor: str
) -> Iterator[RequestSummary]:
    """The requests ``owner`` owns, matched ignoring case and surrounding space.

    "me" stands for whoever this workspace signs changes as, "none" for no owner.
    """
    wanted = owner.strip().casefold()
    if wanted == "none":
        return (request for request in requests if request.owner is None)
    if wanted == "me":
        wanted = actor.strip().casefold()
    return (
        request
        for request in requests
        if request.owner is not None and request.owner.strip().casefold() == wanted
    )


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@format_option("text", "json")
@pass_state
def show(state: CliState, request_id: int, output_format: str) -> None:
    """Show one request with its asks, demand, checklist, decision and history."""
    record = state.workspace().record(request_id)
    click.echo(to_json(record_json(record)) if output_format == "json" else record_text(record))


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@click.argument("status", type=EnumChoice(Status))
@click.option("--force", is_flag=True, help="Override the commit gate (needs --reason).")
@click.option("--reason", default="", help="Why; recorded in the history.")
@pass_state
def move(state: CliState, request_id: int, status: str, force: bool, reason: str) -> None:
    """Move a request to another status, applying the lifecycle rules."""
    request = state.workspace().move(request_id, Status(status.lower()), force=force, reason=reason)
    note(f"#{request.id} is now in {request.status.value}")


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@click.argument("key")
@click.argument("answer")
@click.option("--note", "answer_note", default=None, help="Evidence or context for the answer.")
@pass_state
def check(state: CliState, request_id: int, key: str, answer: str, answer_note: str | None) -> None:
    """Answer a discovery checklist question: yes, no, na or open."""
    parsed = parse_choice(Answer, answer, "answer")
    request = state.workspace().answer(request_id, key, parsed, note=answer_note)
    note(f"#{request.id}: {request.checklist_done}/{len(request.checklist)} answered")


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@click.argument("decision")
@click.option("--rationale", default=None, help="Why this decision.")
@click.option(
    "--planned",
    default=None,
    help="Effort after scoping, in weeks (0 by default for decline/defer).",
)
@click.option("--revisit", default=None, help="When to look again (defer only): YYYY-MM-DD, +6w.")
@click.option("--close", is_flag=True, help="Also close the request (decline or defer).")
@pass_state
def decide(
    state: CliState,
    request_id: int,
    decision: str,
    rationale: str | None,
    planned: str | None,
    revisit: str | None,
    close: bool,
) -> None:
    """Record a decision: build, buy, policy, decline or defer."""
    parsed = parse_choice(Decision, decision, "decision")
    request = state.workspace().decide(
        request_id, parsed, rationale=rationale, planned_weeks=planned, revisit=revisit, close=close
    )
    note(f"#{request.id}: decided {parsed.value}" + (", closed" if close else ""))
    warning = revisit_warning(request.revisit, state.workspace().today())
    if warning is not None:
        note(f"warning: {warning}")


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@click.option("--title", help="New title.")
@request_options
@click.option("--planned", help="Effort after scoping, in weeks.")
@click.option("--reach", help="RICE reach: customers, deals or users affected.")
@click.option("--impact", help="RICE impact: 0.25, 0.5, 1, 2 or 3.")
@click.option("--confidence", help="RICE confidence, 0–100 (%).")
@click.option("--horizon", help="Roadmap placement: now, next, later (or none).")
@click.option("--objective", help="Objective key (or none).")
@pass_state
def edit(state: CliState, /, request_id: int, **options: Any) -> None:
    """Change fields of a request; an empty value clears an optional field."""
    fields = _fields(**options)
    if not fields:
        fail("nothing to change; see 'secboard edit --help' for the fields")
    request = state.workspace().edit(request_id, fields)
    note(f"#{request.id} updated ({', '.join(sorted(fields))})")


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@click.argument("objective_key")
@pass_state
def link(state: CliState, request_id: int, objective_key: str) -> None:
    """Tie a request to an objective ("none" unties it)."""
    key = None if objective_key.lower() == "none" else objective_key
    request = state.workspace().link(request_id, key)
    note(f"#{request.id} → {request.objective or 'no objective'}")


@click.command()
@click.argument("request_id", type=REQUEST_ID)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def delete(state: CliState, request_id: int, yes: bool) -> None:
    """Delete a request with its checklist and history."""
    workspace = state.workspace()
    request = workspace.request(request_id)
    if not yes:
        confirm(f"Delete #{request.id} {printable(request.title)!r}?", "deleting")
    workspace.delete(request_id)
    note(f"#{request_id} deleted")


COMMANDS = (add, list_requests, show, move, check, decide, edit, link, delete)
