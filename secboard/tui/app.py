"""The secboard TUI application: screens, global keys, and the one lane to the workspace.

Every workspace call runs on a single background thread, in the order it was asked for,
so the UI never waits on the disk and two quick key presses apply in sequence.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from secboard.domain.board import BoardModel
from secboard.domain.errors import SecboardError
from secboard.domain.text import printable, printable_block
from secboard.tui.commands import (
    COMMANDS_BY_ID,
    bindings,
    current_key,
    keymap_notice,
    palette_commands,
    validate_keymap,
)
from secboard.tui.messages import WorkspaceChanged
from secboard.tui.screens.board import BoardScreen
from secboard.workspace import Workspace

if TYPE_CHECKING:
    from textual.command import Provider

T = TypeVar("T")
EXTERNAL_POLL_SECONDS = 1.0
WARM_UP_DELAY = 0.5


def _request_search() -> type[Provider]:
    from secboard.tui.request_search import RequestSearch

    return RequestSearch


def _roadmap_screen() -> Screen[None]:
    from secboard.tui.screens.roadmap import RoadmapScreen

    return RoadmapScreen()


def _metrics_screen() -> Screen[None]:
    # Charts pull in plotting libraries; load them when the screen is first shown.
    from secboard.tui.screens.metrics import MetricsScreen

    return MetricsScreen()


def _accounts_screen() -> Screen[None]:
    from secboard.tui.screens.accounts import AccountsScreen

    return AccountsScreen()


def _preload(workspace: Workspace) -> None:
    """Import what the first change and the metrics screen need, off the UI thread, then
    set aside what the session holds from its start (see :func:`_set_aside_startup`)."""
    if not workspace.read_only:
        workspace.warm_up()
    importlib.import_module("textual_plotext")
    _set_aside_startup()


def _set_aside_startup() -> None:
    """Keep the cycle collector off what lives from start-up on: modules, the app, the
    first board's cards.

    Each full collection walks every object the process holds; with a large board that
    took a tenth of a second and more, every few key presses, showing as a stutter in
    opening a request. What is alive now mostly lives as long as the session; whatever
    of it is let go later is still freed by reference counting.
    """
    gc.collect()
    gc.freeze()


class SecboardApp(App[None]):
    """The security PM's desk: board, request, roadmap, metrics and accounts screens."""

    CSS_PATH = "secboard.tcss"
    TITLE = "secboard"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "board": BoardScreen,
        "roadmap": _roadmap_screen,
        "metrics": _metrics_screen,
        "accounts": _accounts_screen,
    }
    DEFAULT_MODE = "board"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [*bindings("app")]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        _request_search,
    }

    def __init__(
        self,
        workspace: Workspace,
        *,
        keymap: dict[str, str] | None = None,
        notices: Iterable[str] = (),
    ) -> None:
        super().__init__()
        self.workspace = workspace
        """The workspace every screen shows."""
        self.external_serial = 0
        """Counts changes noticed from other processes."""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="secboard-db")
        self._executor_closed = False
        self._notices = list(notices)
        usable, problems = validate_keymap(keymap or {})
        self.keymap = usable
        """Command id → key(s), as remapped by the user's keys.toml."""
        notice = keymap_notice(problems)
        if notice is not None:
            self._notices.append(notice)
        # Set before any screen is mounted, so the first footer drawn shows the remapped
        # keys: set once mounted, the keymap reaches a footer only when bindings refresh.
        self.set_keymap(usable)
        if workspace.read_only:
            self.sub_title = "read-only snapshot" if workspace.path is None else "read-only"

    @property
    def read_only(self) -> bool:
        """True when the workspace cannot be changed (a snapshot, a full disk)."""
        return self.workspace.read_only

    def on_mount(self) -> None:
        for notice in self._notices:
            self.notify(printable_block(notice), severity="warning", markup=False, timeout=8)
        if not self.read_only:
            self.set_interval(EXTERNAL_POLL_SECONDS, self._check_external_changes)

    async def on_event(self, event: events.Event) -> None:
        # A key typed as the app closes can arrive after its last screen is gone, and
        # Textual would then fail looking for a screen to hand it to. It means nothing
        # by then, so it is dropped.
        if isinstance(event, events.Key) and not (self.is_running and self.screen_stack):
            return
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._executor_closed = True
        self._executor.shutdown(wait=True)
        # What the warm-up set aside is the collector's again: an app that ends inside
        # a longer-lived process (the tests, an embedding) leaves nothing behind.
        gc.unfreeze()

    async def call(self, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run a workspace call on the database thread and return its result.

        Once the app is closing, the call is cancelled: a worker that a timer started in
        the last moments (the warm-up, the check for external changes) then ends quietly.
        """
        if self._executor_closed:
            raise asyncio.CancelledError
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(function, *args, **kwargs))

    def warm_up(self) -> None:
        """Load the write path and the charts in the background once the board shows.

        A moment later, not at once: the imports take the interpreter lock for most of a
        second, and the first frames should not wait for them.
        """
        self.set_timer(WARM_UP_DELAY, self._start_warm_up)

    def _start_warm_up(self) -> None:
        self.run_worker(self._warm_up(), group="warm-up")

    async def _warm_up(self) -> None:
        try:
            await self.call(_preload, self.workspace)
        except SecboardError as error:
            # A damaged workspace is found here: said at once, before any change is tried.
            self.report(error)

    def report(self, error: SecboardError) -> None:
        """Show a refusal or failure to the user, as plain text."""
        self.notify(printable_block(str(error)), severity="error", markup=False, timeout=8)

    def refuse_if_read_only(self) -> bool:
        """Say so and return True when the workspace cannot be changed."""
        if self.read_only:
            self.notify(
                printable_block(self.workspace.read_only_reason),
                severity="warning",
                markup=False,
            )
        return self.read_only

    def changed(self) -> None:
        """Tell the visible screen that the workspace changed."""
        self.screen.post_message(WorkspaceChanged())

    def board_model(self) -> BoardModel | None:
        """The board's cards, once loaded (the palette searches them)."""
        stack = self.get_screen_stack("board")
        board = stack[0] if stack else None
        if isinstance(board, BoardScreen) and board.loaded:
            return board.model
        return None

    def open_request(self, request_id: int) -> None:
        """Show one request on top of whatever screen is in view."""
        from secboard.tui.screens.request import RequestScreen

        self.push_screen(RequestScreen(request_id))

    # Actions -------------------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Show the command palette."""
        from secboard.tui.palette import SafeCommandPalette

        if self.use_command_palette and not isinstance(self.screen, SafeCommandPalette):
            self.push_screen(SafeCommandPalette(id="--command-palette"))

    async def action_show_screen(self, mode: str) -> None:
        """Show a main screen (board, roadmap, metrics, accounts) itself, not what was opened on it.

        Not while a dialog is open: it is finished or cancelled first, on its own stack.
        """
        if isinstance(self.screen, ModalScreen):
            return
        self.switch_mode(mode)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            await self.pop_screen()

    def action_help(self) -> None:
        """Show every key."""
        from secboard.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        """Take back the last change."""
        if not self.refuse_if_read_only():
            self.run_worker(self._undo(), group="db")

    async def _undo(self) -> None:
        try:
            label = await self.call(self.workspace.undo)
        except SecboardError as error:
            self.report(error)
            return
        self.notify(f"Undone: {label}", markup=False)
        self.changed()

    def action_refresh_workspace(self) -> None:
        """Reload everything from the workspace file."""
        self.external_serial += 1
        self.changed()

    @work(group="db")
    async def action_export_snapshot(self) -> None:
        """Export the workspace to a TOML snapshot."""
        from secboard.tui.screens.snapshot_dialog import ExportDialog

        try:
            always_redacted = await self.call(self.workspace.is_redacted)
        except SecboardError as error:
            self.report(error)
            return
        self.push_screen(ExportDialog(always_redacted=always_redacted))

    def action_import_snapshot(self) -> None:
        """Replace the workspace with a TOML snapshot."""
        if self.refuse_if_read_only():
            return
        from secboard.tui.screens.snapshot_dialog import ImportDialog

        self.push_screen(ImportDialog())

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette lists secboard's own commands for the screen in view."""
        scopes = ["app", *getattr(screen, "COMMAND_SCOPES", ())]
        for command in palette_commands(scopes):
            # Palette help text is parsed as markup: no square brackets around the key, and
            # a bracket in a remapped key (keys.toml) escaped, or "[/]" would crash it.
            label = printable(current_key(command.id, self.keymap)).replace("[", "\\[")
            help_text = f"{command.help} · key {label}" if label else command.help
            yield SystemCommand(
                command.description, help_text, partial(self._run_command, screen, command.id)
            )
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)

    async def _run_command(self, screen: Screen[Any], command_id: str) -> None:
        command = COMMANDS_BY_ID[command_id]
        target = self if command.action.startswith("app.") else screen
        await target.run_action(command.action.removeprefix("app."))

    async def _check_external_changes(self) -> None:
        try:
            changed = await self.call(self.workspace.has_external_changes)
        except SecboardError:
            return
        if changed:
            self.external_serial += 1
            self.changed()
