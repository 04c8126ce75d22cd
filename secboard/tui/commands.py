"""Every command of the TUI, defined once.

Each :class:`Command` has a stable id (used in ``keys.toml`` to remap it), its default
key, the action it runs, and the words the footer, the help screen and the command
palette show. Screens take their bindings from here; nothing else lists keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.keys import Keys, key_to_character

from secboard.domain.text import printable


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the user can do, with its key and its words."""

    id: str
    key: str
    action: str
    description: str
    help: str
    scope: str
    show: bool = True
    edits: bool = False
    palette: bool = True


SCOPES = {
    "app": "Everywhere",
    "board": "Board",
    "request": "Request",
    "roadmap": "Roadmap",
    "metrics": "Metrics",
    "accounts": "Accounts",
    "account": "Account page",
    "objectives": "Objectives",
    "lists": "Lists and pickers",
    "form": "Forms and dialogs",
    "snapshot": "Export and import dialogs",
}
"""Where commands apply, in the order the help screen lists them."""


def _c(
    scope: str,
    name: str,
    key: str,
    description: str,
    help: str,
    *,
    action: str | None = None,
    show: bool = True,
    edits: bool = False,
    palette: bool = True,
) -> Command:
    return Command(
        id=f"{scope}.{name}",
        key=key,
        action=action or name,
        description=description,
        help=help,
        scope=scope,
        show=show,
        edits=edits,
        palette=palette,
    )


COMMANDS: tuple[Command, ...] = (
    # Everywhere
    _c(
        "app",
        "board",
        "1",
        "Board",
        "Show the intake board",
        action="app.show_screen('board')",
        show=False,
    ),
    _c(
        "app",
        "roadmap",
        "2",
        "Roadmap",
        "Show the roadmap: now, next, later by objective",
        action="app.show_screen('roadmap')",
        show=False,
    ),
    _c(
        "app",
        "metrics",
        "3",
        "Metrics",
        "Show flow and program metrics",
        action="app.show_screen('metrics')",
        show=False,
    ),
    _c(
        "app",
        "accounts",
        "4",
        "Accounts",
        "Show the accounts asks come from, by ARR",
        action="app.show_screen('accounts')",
        show=False,
    ),
    _c("app", "help", "question_mark", "Help", "List every key", action="app.help"),
    _c(
        "app",
        "undo",
        "u",
        "Undo",
        "Take back the last change",
        action="app.undo",
        edits=True,
        show=False,
    ),
    _c(
        "app",
        "refresh",
        "r",
        "Refresh",
        "Reload from the workspace file (changes made elsewhere)",
        action="app.refresh_workspace",
        show=False,
    ),
    _c(
        "app",
        "export",
        "",
        "Export snapshot…",
        "Write the workspace to a TOML snapshot",
        action="app.export_snapshot",
        show=False,
    ),
    _c(
        "app",
        "import",
        "",
        "Import snapshot…",
        "Replace the workspace with a TOML snapshot",
        action="app.import_snapshot",
        show=False,
        edits=True,
    ),
    _c("app", "quit", "q", "Quit", "Leave secboard", action="app.quit"),
    # Board
    _c("board", "open", "enter", "Open", "Open the selected request"),
    _c("board", "capture", "n", "New", "Quick capture: a title, then Enter", edits=True),
    _c("board", "edit", "e", "Edit", "Edit every field of the selected request", edits=True),
    _c(
        "board",
        "move_next",
        "greater_than_sign",
        "Move →",
        "Move the request to the next column (lifecycle rules apply)",
        edits=True,
    ),
    _c(
        "board",
        "move_previous",
        "less_than_sign",
        "← Move",
        "Move the request back a column (reopen)",
        edits=True,
    ),
    _c(
        "board",
        "move_to",
        "m",
        "Move to…",
        "Move the request to any status",
        edits=True,
        show=False,
    ),
    _c("board", "decide", "d", "Decide", "Record build, buy, policy, decline or defer", edits=True),
    _c(
        "board",
        "filter",
        "slash",
        "Filter",
        "Filter by title, customer, tag, source or #id; revisit finds deferrals due",
    ),
    _c(
        "board",
        "delete",
        "x",
        "Delete",
        "Delete the request (asks first; undo restores it)",
        edits=True,
    ),
    _c(
        "board",
        "sort",
        "s",
        "Sort",
        "Cycle the order: updated, score, ARR at stake, accounts, due, age",
    ),
    _c("board", "toggle_closed", "z", "Closed", "Show or hide the closed column", show=False),
    _c(
        "board",
        "toggle_mine",
        "o",
        "Mine",
        "Show only the requests you own, or everyone's again",
        show=False,
    ),
    _c(
        "board",
        "merge",
        "M",
        "Merge into…",
        "Merge the request into another: its asks, frameworks and tags move there",
        edits=True,
        show=False,
    ),
    _c("board", "cursor_left", "h,left", "Left", "Previous column", show=False),
    _c("board", "cursor_right", "l,right", "Right", "Next column", show=False),
    _c("board", "cursor_up", "k,up", "Up", "Previous card", show=False, palette=False),
    _c("board", "cursor_down", "j,down", "Down", "Next card", show=False, palette=False),
    _c(
        "board",
        "cursor_top",
        "g,home",
        "Top",
        "First card of the column",
        show=False,
        palette=False,
    ),
    _c(
        "board",
        "cursor_bottom",
        "G,end",
        "Bottom",
        "Last card of the column",
        show=False,
        palette=False,
    ),
    _c(
        "board",
        "page_down",
        "pagedown,ctrl+d",
        "Page down",
        "A page of cards down",
        show=False,
        palette=False,
    ),
    _c(
        "board",
        "page_up",
        "pageup,ctrl+u",
        "Page up",
        "A page of cards up",
        show=False,
        palette=False,
    ),
    # Request
    _c("request", "back", "escape", "Back", "Back to where you came from"),
    _c("request", "edit", "e", "Edit", "Edit every field", edits=True),
    _c("request", "decide", "d", "Decide", "Record the decision", edits=True),
    _c(
        "request", "move_next", "greater_than_sign", "Move →", "Move to the next column", edits=True
    ),
    _c("request", "move_previous", "less_than_sign", "← Move", "Move back a column", edits=True),
    _c("request", "move_to", "m", "Move to…", "Move to any status", edits=True, show=False),
    _c("request", "answer_yes", "y", "Yes", "Answer the selected question: yes", edits=True),
    _c("request", "answer_no", "n", "No", "Answer the selected question: no", edits=True),
    _c(
        "request",
        "answer_na",
        "a",
        "N/A",
        "Answer the selected question: not applicable",
        edits=True,
    ),
    _c(
        "request",
        "answer_open",
        "o",
        "Open",
        "Mark the selected question unanswered again",
        edits=True,
        show=False,
    ),
    _c("request", "note", "t", "Note", "Write a note on the selected question", edits=True),
    _c(
        "request",
        "add_ask",
        "A",
        "Add ask",
        "Add an ask: who asked, how, and their words",
        edits=True,
    ),
    _c("request", "edit_ask", "E", "Edit ask", "Edit the selected ask", edits=True, show=False),
    _c(
        "request",
        "remove_ask",
        "X",
        "Remove ask",
        "Take the selected ask off the request (asks first)",
        edits=True,
        show=False,
    ),
    _c(
        "request",
        "merge",
        "M",
        "Merge into…",
        "Merge this request into another: its asks, frameworks and tags move there",
        edits=True,
        show=False,
    ),
    _c(
        "request",
        "focus_asks",
        "tab",
        "Asks",
        "Switch between the checklist and the asks (E and X act on the selected ask)",
        show=False,
        palette=False,
    ),
    _c("request", "cursor_up", "k,up", "Up", "Previous question", show=False, palette=False),
    _c("request", "cursor_down", "j,down", "Down", "Next question", show=False, palette=False),
    # Roadmap
    _c("roadmap", "open", "enter", "Open", "Open the selected request"),
    _c(
        "roadmap",
        "horizon_earlier",
        "less_than_sign",
        "← Sooner",
        "Move the request to an earlier horizon (Later → Next → Now)",
        edits=True,
    ),
    _c(
        "roadmap",
        "horizon_later",
        "greater_than_sign",
        "Later →",
        "Move the request to a later horizon (Now → Next → Later)",
        edits=True,
    ),
    _c("roadmap", "link", "o", "Objective", "Link the request to an objective", edits=True),
    _c("roadmap", "objectives", "O", "Objectives", "Add, edit and close objectives"),
    _c("roadmap", "vision", "v", "Vision", "Edit the vision of the security program", edits=True),
    _c("roadmap", "sort", "s", "Sort", "Order requests by score, ARR or due date"),
    _c(
        "roadmap",
        "edit",
        "e",
        "Edit",
        "Edit every field of the selected request",
        edits=True,
        show=False,
    ),
    _c("roadmap", "decide", "d", "Decide", "Record the decision", edits=True, show=False),
    _c("roadmap", "cursor_left", "h,left", "Left", "Previous lane", show=False, palette=False),
    _c("roadmap", "cursor_right", "l,right", "Right", "Next lane", show=False, palette=False),
    _c("roadmap", "cursor_up", "k", "Up", "Previous request", show=False, palette=False),
    _c("roadmap", "cursor_down", "j", "Down", "Next request", show=False, palette=False),
    # Metrics
    _c("metrics", "open", "enter", "Open", "Open the selected request of the aging list"),
    # Accounts
    _c("accounts", "open", "enter", "Open", "Show every ask of the selected account"),
    # An account's page
    _c("account", "back", "escape", "Back", "Back to the accounts"),
    _c("account", "open", "enter", "Open", "Open the request of the selected ask"),
    # Objectives dialog
    _c("objectives", "add", "a", "Add", "Add an objective", edits=True),
    _c("objectives", "edit", "e", "Edit", "Edit the selected objective", edits=True),
    _c(
        "objectives",
        "cycle_status",
        "c",
        "Status",
        "Cycle the objective's status: active → done → dropped",
        edits=True,
    ),
    _c("objectives", "close", "escape", "Close", "Back to the roadmap"),
    # Every list of a screen or dialog (the aging list, objectives, pickers)
    _c("lists", "cursor_down", "j,down", "Down", "Next item", show=False, palette=False),
    _c("lists", "cursor_up", "k,up", "Up", "Previous item", show=False, palette=False),
    # Forms and dialogs
    _c(
        "form",
        "save",
        "ctrl+s",
        "Save",
        "Save the form (Enter in a one-line field too)",
        palette=False,
    ),
    _c(
        "form",
        "cancel",
        "escape",
        "Cancel",
        "Close without saving (asks first when something was typed)",
        palette=False,
    ),
    # Export and import: one path and one option, so Enter runs them from either
    _c(
        "snapshot",
        "run",
        "enter",
        "Run",
        "Export or import, wherever the cursor is in the dialog (Space switches the option)",
        action="save",
        show=False,
        palette=False,
    ),
)
"""All commands; the order is the order of the help screen and the footer."""

COMMANDS_BY_ID = {command.id: command for command in COMMANDS}

# Second keys ---------------------------------------------------------------------------

# The keys people bring from lazygit, Linear, taskwarrior and kanban-tui, and Tab for the
# next column (focus and the current column are one on the board).
ALIASES: dict[str, tuple[str, ...]] = {
    "board.cursor_left": ("left_square_bracket", "shift+tab"),
    "board.cursor_right": ("right_square_bracket", "tab"),
    "board.move_previous": ("H",),
    "board.move_next": ("L",),
    "board.capture": ("c",),
    "app.undo": ("ctrl+z",),
}
"""Further default keys of some commands, bound with their main key under the command's id.

A command remapped in ``keys.toml`` has only the keys given there, and a key that
``keys.toml`` gives to another command of the same scope is that command's alone.
"""


def default_keys(command: Command) -> list[str]:
    """Every key a command has by default: its main key, then its aliases."""
    return [key for key in (command.key, *ALIASES.get(command.id, ())) if key]


def effective_keys(command_id: str, keymap: Mapping[str, str]) -> str:
    """The keys that run a command once ``keymap`` is applied, comma-separated.

    Mirrors Textual's keymap: a remapped command has the keys given, and a default key
    remapped to another command of the same scope (same set of bindings) is taken away.
    """
    if command_id in keymap:
        return keymap[command_id]
    command = COMMANDS_BY_ID[command_id]
    claimed = {
        key.strip()
        for other, keys in keymap.items()
        if other in COMMANDS_BY_ID and COMMANDS_BY_ID[other].scope == command.scope
        for key in keys.split(",")
    }
    return ",".join(key for key in default_keys(command) if key not in claimed)


def in_scope(scope: str) -> list[Command]:
    """The commands of one scope."""
    return [command for command in COMMANDS if command.scope == scope]


def bindings(scope: str) -> list[Binding]:
    """Textual bindings for the commands of ``scope`` (ids let ``keys.toml`` remap them)."""
    return [
        Binding(
            ",".join(default_keys(command)),
            command.action,
            command.description,
            show=command.show,
            id=command.id,
            tooltip=command.help,
        )
        for command in in_scope(scope)
        if command.key
    ]


# Checking keys.toml --------------------------------------------------------------------

MODIFIERS = ("alt", "ctrl", "hyper", "meta", "shift", "super")
"""Modifiers as Textual names them; it reports them in this (alphabetical) order."""

_NAMED_KEYS = frozenset(
    key.value for key in Keys if "+" not in key.value and key.value.isidentifier()
)
"""Keys without a character of their own: ``f1``…``f24``, ``home``, ``escape``, ``space``…"""

_SHOWN_MAX = 40
"""Characters of an id or key a notice repeats; a longer one is cut short."""


def key_problem(key: str) -> str | None:
    """Why no terminal can send ``key`` as Textual names it, or None when one can.

    A key is a character (``c``, ``?``) or its name (``question_mark``), or a named key
    (``f5``, ``pageup``); with modifiers, in Textual's order (``ctrl+shift+up``), only a
    key of the keyboard itself (an ASCII character or a named key). Textual compares names
    as written, so a key in any other form would never run anything.
    """
    if not key:
        return "no key given"
    if len(key) == 1:
        return None if key.isprintable() and not key.isspace() else f"{_shown(key)} is not a key"
    *modifiers, base = key.split("+")
    character = base if len(base) == 1 else key_to_character(base)
    if base not in _NAMED_KEYS and character is None:
        return f"{_shown(key)} is not a key"
    if modifiers and base not in _NAMED_KEYS and not (character and character.isascii()):
        return f"{_shown(key)} is not a key: {_shown(base)} takes no modifiers"
    unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
    if unknown:
        return f"{_shown(key)}: {_shown(unknown[0])} is not a modifier ({', '.join(MODIFIERS)})"
    ordered = sorted(set(modifiers))
    if modifiers != ordered:
        return f"{_shown(key)} is never sent in this form; write {'+'.join([*ordered, base])}"
    return None


def _shown(text: str) -> str:
    """``text`` quoted for a one-line notice, made visible and cut short."""
    visible = printable(text)
    if len(visible) > _SHOWN_MAX:
        visible = visible[: _SHOWN_MAX - 1] + "…"
    return f"'{visible}'"


def validate_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """The entries of a user keymap that can be used, and what is wrong with the others.

    An entry that names no command, or gives a key that cannot be pressed, is left out:
    that command keeps its default keys.
    """
    usable: dict[str, str] = {}
    problems: list[str] = []
    for command_id, value in keymap.items():
        if command_id not in COMMANDS_BY_ID:
            problems.append(f"{_shown(command_id)} is not a command id")
            continue
        keys = [key.strip() for key in value.split(",")]
        why = next(filter(None, map(key_problem, keys)), None)
        if why is None:
            usable[command_id] = ",".join(keys)
        else:
            problems.append(f"{command_id}: {why}")
    return usable, problems


def keymap_notice(problems: Sequence[str]) -> str | None:
    """One line about the problems of keys.toml, naming the first; None without any."""
    if not problems:
        return None
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return f"{count:,} {noun} in keys.toml (default keys kept for them); first: {problems[0]}"


def key_label(key: str) -> str:
    """A key as people write it: ``?`` not ``question_mark``."""
    names = {
        "question_mark": "?",
        "greater_than_sign": ">",
        "less_than_sign": "<",
        "slash": "/",
        "escape": "esc",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }
    return " ".join(names.get(part, part) for part in key.split(","))


def current_key(command_id: str, keymap: Mapping[str, str]) -> str:
    """The key of a command as people write it, remapped by ``keymap`` if it is."""
    return key_label(effective_keys(command_id, keymap))


def palette_commands(scopes: Iterable[str]) -> list[Command]:
    """Commands the palette offers for a screen showing ``scopes``."""
    wanted = set(scopes)
    return [c for c in COMMANDS if c.scope in wanted and c.palette]
