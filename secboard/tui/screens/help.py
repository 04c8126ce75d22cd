"""Every key, from the same registry that feeds the footer and the palette."""

from __future__ import annotations

from typing import ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from secboard.tui.commands import SCOPES, current_key, in_scope
from secboard.tui.screens.base import ClosesOnce


class HelpScreen(ClosesOnce[None], ModalScreen[None]):
    """The keys of every screen, with what they do; remapped keys show as remapped."""

    DEFAULT_CSS = """
    HelpScreen .help-line { height: auto; }
    HelpScreen .help-key { width: 22; text-align: right; text-style: bold; padding-right: 2; }
    HelpScreen .help-name { width: 18; }
    HelpScreen .help-text { width: 1fr; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        keymap = cast(dict[str, str], getattr(self.app, "keymap", {}))
        with Vertical(classes="dialog tall wide"):
            yield Label(Content("Keys"), classes="dialog-title")
            with VerticalScroll():
                for scope, title in SCOPES.items():
                    yield Label(Content(title), classes="help-scope")
                    for command in in_scope(scope):
                        key = current_key(command.id, keymap) or "palette"
                        with Horizontal(classes="help-line"):
                            yield Static(Content(key), classes="help-key")
                            yield Static(Content(command.description), classes="help-name")
                            yield Static(Content(command.help), classes="help-text")
            yield Label(
                Content(
                    "ctrl+p opens the command palette · keys can be remapped in keys.toml "
                    "(see the README) · Esc closes"
                ),
                classes="dialog-hint",
            )
