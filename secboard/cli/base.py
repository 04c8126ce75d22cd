"""What every command shares: the workspace it works on and how refusals are reported."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from secboard import config
from secboard.domain.errors import NotFound, SecboardError
from secboard.domain.fields import RawValue
from secboard.domain.text import printable
from secboard.domain.validation import REQUEST_ID_MAX, parse_choice
from secboard.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Print ``error: message`` on stderr and exit 1.

    A message of several lines (every problem of a snapshot) keeps one problem a line.
    """
    first, *rest = message.splitlines() or [""]
    click.echo(f"error: {printable(first)}", err=True)
    for line in rest:
        click.echo(f"  {printable(line)}", err=True)
    sys.exit(1)


def note(message: str) -> None:
    """Tell the user something on stderr, keeping stdout clean for scripts."""
    click.echo(message, err=True)


def on_terminal() -> bool:
    """True when a person can answer a question: standard input is a terminal."""
    return sys.stdin.isatty()


def confirm(question: str, action: str) -> None:
    """Ask ``question`` on a terminal; elsewhere refuse, pointing at ``--yes``."""
    if not on_terminal():
        fail(f"{action} needs confirmation; add --yes")
    click.confirm(question, abort=True, err=True)


class SecboardGroup(click.Group):
    """A command group that turns every :class:`SecboardError` into one line and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SecboardError as error:
            fail(str(error))
        except BrokenPipeError:
            # The reader of our output went away (``secboard list | head``); that is fine.
            sys.stderr.close()
            sys.exit(0)
        except KeyboardInterrupt:
            note("interrupted; nothing was left half-written")
            sys.exit(130)


@dataclass
class CliState:
    """The ``--db`` choice and, once a command needs it, the open workspace."""

    database_option: str | None
    notices: list[str] = field(default_factory=list)
    """What opening the workspace had to say (upgrade, bad config), for the TUI to repeat."""
    _workspace: Workspace | None = field(default=None, repr=False)

    @property
    def database(self) -> str | Path:
        """The workspace this invocation uses: a file, or a server's URL."""
        return config.resolve_database(self.database_option)

    def workspace(self) -> Workspace:
        """Open the workspace (once), reporting an upgrade and a bad checklist file."""
        if self._workspace is None:
            workspace = Workspace.open(self.database)
            migrated = workspace.migrated
            if migrated is not None:
                self._notice(
                    f"upgraded {workspace.label} from schema {migrated.from_version} to "
                    f"{migrated.to_version}; backup: {migrated.backup}"
                )
                for note in migrated.notes:
                    self._notice(f"upgrade: {note}")
            template = config.load_template()
            if template.problem:
                self._notice(f"warning: {template.problem}")
            elif template.value is not None and not workspace.read_only:
                workspace.use_template(template.value)
            self._workspace = workspace
        return self._workspace

    def _notice(self, message: str) -> None:
        note(message)
        self.notices.append(message)

    def close(self) -> None:
        """Close the workspace if it was opened."""
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None


class EnumChoice(click.Choice[str]):
    """One value of an enum, read as the domain reads every other choice.

    An unknown value is bad input (one ``error:`` line, exit 1) like an unknown decision
    or answer, not a usage error; help and completion still list the values.
    """

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__([member.value for member in enum], case_sensitive=False)
        self.enum = enum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        name = param.name if param is not None and param.name else "value"
        return str(parse_choice(self.enum, value, name).value)


class RequestIdType(click.types.IntParamType):
    """A request id (``12`` or ``#12``); one no request can have is simply not found."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip().removeprefix("#")
        if not text.isdecimal():
            self.fail(f"{value!r} is not a request id (a whole number such as 12)", param, ctx)
        number = int(text)
        if not 1 <= number <= REQUEST_ID_MAX:
            raise NotFound(f"no request #{number}")
        return number


REQUEST_ID = RequestIdType()
"""The type of every request-id argument."""


def given(options: dict[str, Any]) -> dict[str, RawValue]:
    """The field options that were given on the command line (left out: None)."""
    return {name: value for name, value in options.items() if value is not None}


pass_state = click.make_pass_decorator(CliState)
"""Decorator giving a command the :class:`CliState`."""


def format_option(*choices: str) -> Callable[[F], F]:
    """``--format`` with the given choices, the first being the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )
