"""The child process of the benchmark: runs one app headless and reports when it got there.

Run as a file by ``benchmarks/run.py``; each mode prints one line, ``PROBE {json}``, once
the app has exited::

    python benchmarks/probe.py bare                 # a bare Textual app: first frame
    python benchmarks/probe.py frame --db PATH      # secboard: first frame
    python benchmarks/probe.py board --db PATH      # secboard: board ready, peak RSS
    python benchmarks/probe.py interact --db PATH --presses N
    python benchmarks/probe.py asks --db PATH --presses N   # similar titles, accounts
    python benchmarks/probe.py where                # which secboard it imports

The timestamps in the report are ``time.monotonic()`` readings (CLOCK_MONOTONIC, shared
by every process on Linux), so the parent subtracts the moment it spawned this process.
Beside each, ``cpu_marks`` holds the CPU seconds the process had used by then
(``time.process_time()``, which counts from the process's start), and the report names
the file secboard was imported from, so the parent can tell which tree ran.

Both apps carry the same two hooks (the :class:`Probe` mixin):

* ``first_paint``: the first time the app hands a frame to the terminal driver
  (``App._display`` with a compositor update), i.e. the first frame a person would see;
* ``first_frame``: the app's mount handler asks for a callback after the next refresh
  (``call_after_refresh``), which Textual runs once the screen has been painted and has
  nothing left to redraw: the first *settled* frame.

In the secboard modes the app is started the way the ``secboard`` command starts it
(``secboard.cli`` → ``Workspace.open`` → ``run_tui``); only the app class is swapped
for a subclass that carries the hooks and runs headless.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, ComposeResult

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.pilot import Pilot
    from textual.screen import Screen

    from secboard.tui.app import SecboardApp
    from secboard.tui.messages import BoardReady
    from secboard.tui.screens.board import BoardScreen

MARKER = "PROBE "
"""Prefix of the report line on standard output."""

SIZE = (160, 45)
"""Terminal size of every headless run (the size the project's TUI tests use)."""


def peak_rss_bytes() -> int:
    """The peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def emit(report: dict[str, Any]) -> None:
    """Print the report line for the parent, with this process's peak RSS and the file
    secboard was imported from (None when it was not)."""
    report["peak_rss_bytes"] = peak_rss_bytes()
    report["secboard_file"] = getattr(sys.modules.get("secboard"), "__file__", None)
    print(MARKER + json.dumps(report), flush=True)


class Probe(App[None]):
    """An app that records when its first frames are painted, then acts on ``stop``.

    Mixed into secboard's app by :func:`probed_secboard_app`; the bare app derives from it.

    ``stop`` is ``"frame"`` (exit as soon as the first frame is painted) or ``"board"``
    (exit once secboard's board is ready and its background warm-up is done).
    """

    stop = "frame"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks: dict[str, float] = {}
        """Event name → ``time.monotonic()`` when it happened."""
        self.cpu_marks: dict[str, float] = {}
        """Event name → CPU seconds the process had used when it happened."""
        self.cards: int | None = None
        """How many cards the board reported when it was ready."""
        self.awaited: Callable[[], bool] | None = None
        """A condition on the app's state; the first frame painted while it holds is
        recorded in :attr:`shown_at` (and the condition cleared)."""
        self.shown_at: float | None = None
        """When the first frame showing :attr:`awaited` was handed to the driver."""
        self.shown_cpu = 0.0
        """The process's CPU seconds at :attr:`shown_at`."""

    def mark(self, name: str) -> None:
        """Record the event ``name`` now (only its first time)."""
        if name not in self.marks:
            self.marks[name] = time.monotonic()
            self.cpu_marks[name] = time.process_time()

    def on_mount(self) -> None:
        self.call_after_refresh(self._first_frame)

    def _display(self, screen: Screen[Any], renderable: RenderableType | None) -> None:
        # Every frame goes through here on its way to the driver (which, headless,
        # discards it); the first one is what appears on screen first.
        painted = renderable is not None and not self._batch_count
        if painted:
            painted_at = time.monotonic()
            self.mark("first_paint")
            # The frame was composed from the state as it is now (rendering runs on the
            # event loop, so nothing changed it meanwhile): it shows what is awaited.
            if self.awaited is not None and self.awaited():
                self.shown_at = painted_at
                self.shown_cpu = time.process_time()
                self.awaited = None
        super()._display(screen, renderable)

    def _first_frame(self) -> None:
        self.mark("first_frame")
        if self.stop == "frame":
            self.exit()

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run headless at :data:`SIZE`, whatever the caller asked, then report."""
        super().run(headless=True, size=SIZE)
        emit({"marks": self.marks, "cpu_marks": self.cpu_marks, "cards": self.cards})


class BareApp(Probe):
    """The reference: a header, one line of text and a footer."""

    def compose(self) -> ComposeResult:
        # Imported here so the secboard modes pay only for the widgets secboard uses.
        from textual.widgets import Footer, Header, Static

        yield Header()
        yield Static("Hello")
        yield Footer()


def absolute_css_path(app_class: type[SecboardApp]) -> str:
    """The stylesheet of ``app_class`` as an absolute path.

    Textual reads a relative ``CSS_PATH`` next to the file defining the class, and the
    probed subclass is defined here, not next to secboard's stylesheet.
    """
    return str(Path(inspect.getfile(app_class)).with_name(app_class.CSS_PATH))


def probed_secboard_app(stop: str) -> type[SecboardApp]:
    """SecboardApp with the probe mixed in (built on demand: the bare mode never imports it)."""
    from secboard.tui.app import SecboardApp

    class ProbedSecboardApp(Probe, SecboardApp):
        """secboard's app, reporting its first frame and when the board is ready."""

        CSS_PATH = absolute_css_path(SecboardApp)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.warmed_up = asyncio.Event()
            """Set once the warm-up has run (it may end before anyone looks for it)."""

        async def _warm_up(self) -> None:
            await super()._warm_up()
            self.warmed_up.set()

        def on_board_ready(self, message: BoardReady) -> None:
            self.mark("board_ready")
            self.cards = message.cards
            if self.stop == "board":
                self.run_worker(self._exit_after_warm_up(), group="probe")

        async def _exit_after_warm_up(self) -> None:
            # The peak memory of a session includes what the warm-up loads; the app
            # starts it a moment after the board is ready.
            await self.warmed_up.wait()
            self.exit()

    ProbedSecboardApp.stop = stop
    return ProbedSecboardApp


def run_secboard_cli(database: Path, stop: str) -> None:
    """Start secboard as its command does, with the probed app in place of the real one."""
    import secboard.tui.app
    from secboard.cli import main

    secboard.tui.app.SecboardApp = probed_secboard_app(stop)  # type: ignore[misc]
    sys.argv = ["secboard", "--db", str(database)]
    main()


# Key press to repaint, inside one app ---------------------------------------------------


async def until_drawn(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and the screen has repainted what changed."""
    app = pilot.app
    while pending := [worker for worker in app.workers if not worker.is_finished]:
        await app.workers.wait_for_complete(pending)
    await app.screen.wait_for_refresh()


KEY_EVENTS = {">": ("greater_than_sign", ">"), "enter": ("enter", "\r")}
"""The keys timed, as the terminal driver reports them."""
POLL_SECONDS = 0.001
TIMEOUT_SECONDS = 10.0


async def timed(pilot: Pilot[None], key: str, done: Callable[[], bool]) -> tuple[float, float]:
    """Seconds from a key event until the first frame showing its result is painted, and
    the CPU seconds the process spent meanwhile.

    The key goes straight to the driver's queue, as a terminal would send it (Pilot's
    own ``press`` also waits for the process to go idle, which is not part of the
    latency a person sees); ``done`` says when the app has applied the change. It is
    checked by the app itself as each frame is handed to the driver, not by polling
    here: a poll waits for the event loop, which is busy painting that very frame.
    """
    from textual import events

    app = pilot.app
    assert isinstance(app, Probe)
    assert app._driver is not None
    name, character = KEY_EVENTS[key]
    event = events.Key(name, character)
    event.set_sender(app)
    app.shown_at = None
    app.awaited = done
    start, cpu_start = time.monotonic(), time.process_time()
    app._driver.send_message(event)
    while app.shown_at is None:
        if time.monotonic() - start > TIMEOUT_SECONDS:
            app.awaited = None
            raise RuntimeError(f"pressing {key!r} did not have the expected effect")
        await asyncio.sleep(POLL_SECONDS)
    return app.shown_at - start, app.shown_cpu - cpu_start


def board_screen(pilot: Pilot[None]) -> BoardScreen:
    """The board screen (the base of the board mode)."""
    from secboard.tui.screens.board import BoardScreen

    screen = pilot.app.get_screen_stack("board")[0]
    if not isinstance(screen, BoardScreen):
        raise RuntimeError(f"expected the board, found {screen!r}")
    return screen


async def time_move(pilot: Pilot[None]) -> tuple[float, float]:
    """Time ``>`` on the selected intake card, then undo it and come back to the intake
    column (so that a small board does not run out of intake cards)."""
    from secboard.domain.model import Status

    board = board_screen(pilot)
    card = board.selected_card()
    if board.active is not Status.INTAKE or card is None:
        raise RuntimeError("the board's cursor is not on an intake card")

    def moved() -> bool:
        shown = [c.id for c in board.columns[Status.DISCOVERY].cards.cards]
        return card.id in shown and board.active is Status.DISCOVERY

    elapsed = await timed(pilot, ">", moved)
    await pilot.press("ctrl+z")
    await until_drawn(pilot)
    await pilot.press("left")
    await until_drawn(pilot)
    return elapsed


async def time_open(pilot: Pilot[None]) -> tuple[float, float]:
    """Time ``enter`` until the request screen shows its request, then go back."""
    from secboard.tui.screens.request import RequestScreen

    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, RequestScreen) and screen.record is not None

    elapsed = await timed(pilot, "enter", shown)
    await pilot.press("escape")
    await pilot.press("down")  # open a different request next time
    await until_drawn(pilot)
    return elapsed


async def interact(database: Path, presses: int) -> dict[str, list[float]]:
    """Press ``>`` and ``enter`` ``presses`` times each on the board of ``database``.

    ``move`` and ``open`` are the seconds of each press; ``move_cpu`` and ``open_cpu``
    the CPU seconds of each."""
    from secboard.workspace import Workspace

    workspace = Workspace.open(database)
    try:
        app = probed_secboard_app("never")(workspace)
        async with app.run_test(size=SIZE) as pilot:
            await until_drawn(pilot)
            moves = [await time_move(pilot) for _ in range(presses)]
            opens = [await time_open(pilot) for _ in range(presses)]
            return {
                "move": [wall for wall, _ in moves],
                "move_cpu": [cpu for _, cpu in moves],
                "open": [wall for wall, _ in opens],
                "open_cpu": [cpu for _, cpu in opens],
            }
    finally:
        workspace.close()


# The asks, in process --------------------------------------------------------------------


def asks(database: Path, suggestions: int) -> dict[str, Any]:
    """Time what capture and the accounts screen ask of the workspace, in this process.

    ``accounts`` is the seconds of ``Workspace.account_summaries()`` (what the accounts
    screen shows), the first call after opening, as when the screen is first opened;
    ``similar`` the seconds of each of ``suggestions`` + 1 calls of
    ``Workspace.similar_requests`` with the title of a request spread over the board
    (the first one, which imports the matcher, is for the parent to leave out). A
    secboard without asks reports ``unavailable`` instead.
    """
    from secboard.workspace import Workspace

    workspace = Workspace.open(database)
    try:
        if not hasattr(workspace, "similar_requests"):
            return {"unavailable": "this secboard has no asks"}
        start, cpu = time.monotonic(), time.process_time()
        workspace.account_summaries()
        accounts, accounts_cpu = time.monotonic() - start, time.process_time() - cpu
        cards = workspace.cards()
        step = max(1, len(cards) // (suggestions + 1))
        similar, similar_cpu = [], []
        for card in cards[::step][: suggestions + 1]:
            start, cpu = time.monotonic(), time.process_time()
            workspace.similar_requests(card.title)
            similar.append(time.monotonic() - start)
            similar_cpu.append(time.process_time() - cpu)
        return {
            "accounts": accounts,
            "accounts_cpu": accounts_cpu,
            "similar": similar,
            "similar_cpu": similar_cpu,
        }
    finally:
        workspace.close()


# Entry point ----------------------------------------------------------------------------


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The mode and its options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("bare", "frame", "board", "interact", "asks", "where"))
    parser.add_argument("--db", type=Path, help="the secboard workspace file")
    parser.add_argument(
        "--presses", type=int, default=3, help="key presses (interact) or suggestions (asks)"
    )
    arguments = parser.parse_args(argv)
    if arguments.mode not in {"bare", "where"} and arguments.db is None:
        parser.error(f"{arguments.mode} needs --db")
    return arguments


def main(argv: list[str]) -> None:
    """Run the probe the arguments ask for."""
    arguments = parse_arguments(argv)
    modes: dict[str, Callable[[], object]] = {
        "bare": lambda: BareApp().run(),
        "frame": lambda: run_secboard_cli(arguments.db, "frame"),
        "board": lambda: run_secboard_cli(arguments.db, "board"),
        "interact": lambda: emit(dict(asyncio.run(interact(arguments.db, arguments.presses)))),
        "asks": lambda: emit(asks(arguments.db, arguments.presses)),
        "where": lambda: emit({"secboard_file": importlib.import_module("secboard").__file__}),
    }
    modes[arguments.mode]()


if __name__ == "__main__":
    main(sys.argv[1:])
