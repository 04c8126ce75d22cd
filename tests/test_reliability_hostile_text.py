"""Hostile text is stored exactly, shown literally, and never drives the terminal.

Markup (``[/]``, ``[@click=app.quit]``), terminal escapes (ANSI colours, OSC window
titles, a C1 CSI), backspaces, bidirectional overrides and zero-width characters are
put in every kind of text a user can type. They must come back from the store exactly;
every screen must show their visible form (the app still running, no action run); and
no raw control byte from them may reach the terminal — checked on the text Textual
composes and on the very bytes a real ``secboard`` writes to a pseudo-terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from secboard.domain.model import Answer, Decision, Status, TemplateItem
from secboard.domain.text import printable
from secboard.snapshot import export_snapshot
from secboard.tui.app import SecboardApp
from secboard.tui.screens.confirm import ConfirmScreen
from secboard.tui.screens.help import HelpScreen
from secboard.tui.screens.request import RequestScreen
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.reliability_support import ROOT, STAMP, environment
from tests.tui_helpers import board, notifications, screen_text, settle, until

HOSTILE = {
    "closing tag": "[/]",
    "bold": "[bold]x",
    "action": "[@click=app.quit]",
    "unclosed": "[/",
    "link": "[link=https://x]",
    "ansi": "\x1b[31mRED",
    "osc title": "\x1b]0;PWNED\x07",
    "c1 csi": "\x9bC1",
    "backspace": "bs\x08\x08",
    "rtl override": "\u202efdp.exe",
    "zero width": "zero\u200bwidth",
}
ALL = " ".join(HOSTILE.values())
LONG_NOTE = ("0123456789" * 1_000)[: -len(ALL)] + ALL
RAW = ("\x1b", "\x9b", "\x07", "\x08", "\u202e", "\u200b")
"""Characters that must never be on screen as themselves (only their visible stand-ins)."""

RAW_BYTES = {
    "OSC title": b"\x1b]0;PWNED",
    "ANSI red": b"\x1b[31mRED",
    "C1 CSI": b"\xc2\x9b",
    "backspace": b"\x08",
    "RTL override": "\u202e".encode(),
    "zero width": "\u200b".encode(),
}
"""Byte sequences from the hostile text that a terminal would obey."""

SIZE = (230, 70)
ESCAPE = b"\x1b[27u"
"""The Esc key as the terminal sends it once Textual asked for unambiguous keys (CSI u)."""
HOSTILE_KEYMAP = {f"board.{ALL}": "c", "app.undo": "[", "app.refresh": "[/]"}
"""An unknown command id full of markup and escapes, a remapped key that opens markup, and
a key that is markup (and no key)."""


def build(path: Path) -> Path:
    """A workspace where every text field of every request, objective and vision is hostile.

    Request 1 carries everything at once, with a 10,000-character checklist note; each
    other request is titled with one hostile string. All are committed, on the roadmap
    under objective O1, and in progress for the metrics.
    """
    workspace = Workspace.open(path)
    try:
        workspace.add_objective(f"Objective {ALL}", key="O1", description=ALL)
        workspace.set_vision(f"Vision {ALL}")
        for number, text in enumerate([ALL, *HOSTILE.values()], start=1):
            workspace.add(
                {
                    "title": f"{text} end" if number > 1 else "Everything at once",
                    "customer": text,
                    "requester": text,
                    "description": f"First line\n{ALL}\nLast line",
                    "tags": "plain",
                    "arr": "50k",
                }
            )
            workspace.move(number, Status.DISCOVERY, reason=ALL)
            workspace.decide(number, Decision.BUILD, rationale=ALL)
            if number == 1:
                for index, item in enumerate(workspace.request(1).checklist):
                    note = LONG_NOTE if index == 0 else list(HOSTILE.values())[index]
                    workspace.answer(1, item.key, Answer.YES, note=note)
                workspace.move(1, Status.COMMITTED)
            else:
                workspace.move(number, Status.COMMITTED, force=True, reason=text)
            workspace.edit(number, {"horizon": "now", "objective": "O1"})
    finally:
        workspace.close()
    return path


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile workspace, built once; tests work on copies."""
    return build(tmp_path_factory.mktemp("hostile") / "workspace.db")


@pytest.fixture
def hostile(hostile_file: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A private copy of the hostile workspace, open."""
    copy = tmp_path / "workspace.db"
    copy.write_bytes(hostile_file.read_bytes())
    workspace = Workspace.open(copy)
    yield workspace
    workspace.close()


def assert_shown_literally(app: SecboardApp, *texts: str) -> str:
    """The screen shows each text's visible form and no raw control character."""
    shown = screen_text(app)
    for text in texts:
        assert printable(text) in shown, text
    leaked = [char for char in RAW if char in shown]
    assert leaked == [], leaked
    assert app.is_running
    assert app.return_code is None
    return shown


# Stored exactly ---------------------------------------------------------------------------


def test_hostile_text_is_stored_exactly(hostile: Workspace):
    record = hostile.record(1)
    request = record.request

    assert (request.customer, request.requester, request.rationale) == (ALL, ALL, ALL)
    assert request.description == f"First line\n{ALL}\nLast line"
    assert request.checklist[0].note == LONG_NOTE
    assert len(request.checklist[0].note) == 10_000
    assert [item.note for item in request.checklist[1:]] == list(HOSTILE.values())[1:9]
    assert [event.note for event in record.history][1] == ALL
    assert [hostile.request(n).title for n in range(2, 2 + len(HOSTILE))] == [
        f"{text} end" for text in HOSTILE.values()
    ]
    assert hostile.vision() == f"Vision {ALL}"
    (objective,) = hostile.objectives()
    assert (objective.title, objective.description) == (f"Objective {ALL}", ALL)


def test_hostile_text_survives_a_snapshot_round_trip(hostile: Workspace, tmp_path: Path):
    path = tmp_path / "hostile.toml"
    hostile.export_to(path)
    copy = Workspace.open(tmp_path / "copy.db")
    try:
        copy.import_from(path)
        assert export_snapshot(copy.data(), exported_at=STAMP) == export_snapshot(
            hostile.data(), exported_at=STAMP
        )
    finally:
        copy.close()


# Shown literally in every screen ------------------------------------------------------------


async def test_board_shows_hostile_titles_and_customers_literally(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "l")
        await settle(pilot)
        assert board(app).active is Status.COMMITTED
        assert_shown_literally(app, *HOSTILE.values())
        for _ in HOSTILE:
            await pilot.press("j")
        await pilot.click("#cards-committed")
        await settle(pilot)
        assert_shown_literally(app, *HOSTILE.values())


async def test_request_screen_shows_every_hostile_field_literally(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(RequestScreen(1))
        await settle(pilot)
        shown = assert_shown_literally(app, *HOSTILE.values(), "Everything at once")
        assert "First line" in shown
        assert "Last line" in shown
        await pilot.click("#description")
        await pilot.click("#facts")
        await settle(pilot)
        assert_shown_literally(app, *HOSTILE.values())
        for number in range(2, 2 + len(HOSTILE)):
            app.push_screen(RequestScreen(number))
            await settle(pilot)
            title = hostile.request(number).title
            assert_shown_literally(app, title)


async def test_roadmap_shows_hostile_vision_objective_and_titles_literally(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.current_mode == "roadmap"
        assert_shown_literally(app, *HOSTILE.values())
        assert f"Vision  Vision {printable(ALL)}" in screen_text(app)
        assert "◆ O1 Objective [/] [bold]x [@click=app.quit]" in screen_text(app)
        await pilot.click("#roadmap-vision")
        await settle(pilot)
        assert_shown_literally(app, *HOSTILE.values())


async def test_metrics_aging_list_shows_hostile_titles_literally(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.current_mode == "metrics"
        top = assert_shown_literally(app)
        app.screen.query_one("#aging-list", OptionList).focus()
        await pilot.press("end")
        await settle(pilot)
        bottom = assert_shown_literally(app)
        listed = [item.title for item in hostile.metrics().aging_wip]
        assert len(listed) == 10
        for title in listed:
            assert printable(title) in top + bottom


async def test_help_palette_and_notices_show_hostile_key_names_literally(hostile: Workspace):
    app = SecboardApp(hostile, keymap=HOSTILE_KEYMAP)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        notices = notifications(app)
        shown_id = printable(f"board.{ALL}")[:39]
        assert notices == [
            "2 problems in keys.toml (default keys kept for them); "
            f"first: '{shown_id}…' is not a command id"
        ]
        on_screen = assert_shown_literally(app)
        assert "2 problems in keys.toml" in on_screen
        assert "'board.[/] [bold]x" in on_screen

        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "[  Undo" in assert_shown_literally(app)
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"undo")
        await settle(pilot)
        assert "Take back the last change · key [" in assert_shown_literally(app)
        await pilot.press(*"[@click=app.quit] [/]")
        await settle(pilot)
        assert_shown_literally(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


async def test_forms_show_hostile_values_being_edited_literally(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "v")
        await settle(pilot)
        assert type(app.screen).__name__ == "VisionScreen"
        assert_shown_literally(app)


async def test_hostile_text_typed_into_the_tui_is_saved_exactly(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#field-title Input", Input).value = "[@click=app.quit] \x1b[2J"
        await pilot.press("enter")
        # The workspace holds a request of that title already: capture asks first.
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
        assert_shown_literally(app, "[@click=app.quit] \x1b[2J")
    added = max(card.id for card in hostile.cards())
    assert hostile.request(added).title == "[@click=app.quit] \x1b[2J"


# The bytes a real terminal receives --------------------------------------------------------


def settle_terminal(fd: int, seen: bytearray) -> bool:
    """Read the terminal's output into ``seen`` until it pauses (a screen is drawn), the
    way a person waits before the next key; False once the program closed the terminal.

    Blinking cursors never stop writing, so a pause is a third of a second of quiet,
    and three seconds is long enough for any screen.
    """
    give_up = time.monotonic() + 3
    while time.monotonic() < give_up:
        ready, _, _ = select.select([fd], [], [], 0.3)
        if not ready:
            return True
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return False
        if not chunk:
            return False
        seen += chunk
    return True


TERMINAL_COMMAND = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
"""A cursor move or colour change, as the app itself writes them (CSI sequences)."""


def drawn_text(output: bytes) -> bytes:
    """The terminal output without the app's cursor moves and colours.

    A partial repaint can write one word in pieces, each behind a cursor move; without
    those the pieces join up as they do on screen. (Raw bytes are checked separately.)
    """
    return TERMINAL_COMMAND.sub(b"", output)


def wait_for_text(fd: int, seen: bytearray, text: bytes, since: int) -> None:
    """Read until ``text`` has been drawn after offset ``since``, then until a pause.

    A loaded machine can take longer than any pause to draw a screen; waiting for what
    the screen shows means the next key lands on that screen, not on the one before.
    """
    deadline = time.monotonic() + 60
    while text not in drawn_text(bytes(seen[since:])):
        assert settle_terminal(fd, seen), bytes(seen[-2000:])
        assert time.monotonic() < deadline, (text, bytes(seen[-2000:]))
    settle_terminal(fd, seen)


SCREENS = {
    "board": b"Committed",
    "request": b"Discovery checklist",
    "roadmap": b"Vision",
    "metrics": b"Aging work in progress",
    "help": b"Quick capture",
    "palette": b"earch for commands",
    "palette hit": b"Take back the last change",
    "notice": b"problems in keys.toml",
}
"""Text that shows each screen was drawn (so its bytes were checked)."""

KEYS_PRESSED = [
    (b"l", None),
    (b"l", None),
    (b"\r", "request"),
    (ESCAPE, None),
    (b"2", "roadmap"),
    (b"3", "metrics"),
    (b"?", "help"),
    (ESCAPE, None),
    (b"\x10", "palette"),
    (b"undo", "palette hit"),
    (ESCAPE, None),
]
"""The keys a person presses, each with the screen to wait for before the next one."""


def test_no_control_byte_from_user_text_reaches_a_real_terminal(hostile_file: Path, tmp_path: Path):
    db = tmp_path / "workspace.db"
    db.write_bytes(hostile_file.read_bytes())
    keys = Path(os.environ["XDG_CONFIG_HOME"]) / "secboard" / "keys.toml"
    keys.parent.mkdir(parents=True, exist_ok=True)
    keys.write_text('[keys]\n"app.undo" = "[/]"\n"board.\\u001b]0;PWNED\\u0007" = "c"\n')
    env = {**environment(), "TERM": "xterm-256color"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: a user's terminal running secboard
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "secboard", "--db", str(db)], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
    seen = bytearray()
    try:
        wait_for_text(fd, seen, SCREENS["board"], 0)
        wait_for_text(fd, seen, SCREENS["notice"], 0)
        for pressed, screen in KEYS_PRESSED:
            since = len(seen)
            os.write(fd, pressed)
            if screen is None:
                assert settle_terminal(fd, seen), bytes(seen[-2000:])
            else:
                wait_for_text(fd, seen, SCREENS[screen], since)
        os.write(fd, b"q")
        deadline = time.monotonic() + 30
        while settle_terminal(fd, seen) and time.monotonic() < deadline:
            pass
    finally:
        status = ended(pid)
        os.close(fd)

    output = bytes(seen)
    assert status == 0, output[-2000:]
    drawn = drawn_text(output)
    assert [screen for screen, text in SCREENS.items() if text not in drawn] == []
    assert printable(HOSTILE["osc title"]).encode() in output
    leaked = [name for name, raw in RAW_BYTES.items() if raw in output]
    assert leaked == []


def ended(pid: int) -> int:
    """The exit code of the child ``pid``, killing it if it has not quit within seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


# The command line ------------------------------------------------------------------------


def test_diff_prints_hostile_changes_harmlessly(hostile: Workspace, tmp_path: Path):
    old = tmp_path / "old.toml"
    new = tmp_path / "new.toml"
    hostile.export_to(old)
    hostile.edit(2, {"title": f"{ALL} renamed"})
    hostile.move(3, Status.IN_PROGRESS, reason=ALL)
    hostile.decide(4, Decision.DECLINE, rationale=f"no {ALL}", close=True)
    hostile.answer(1, "revenue_tied", Answer.NO, note=f"changed {ALL}")
    hostile.add({"title": f"new {ALL}"})
    hostile.set_vision(f"New vision {ALL}")
    hostile.export_to(new)
    cli = Cli(tmp_path / "unused.db")

    text = cli.ok("diff", str(old), str(new)).stdout
    as_json = cli.ok("diff", str(old), str(new), "--format", "json").stdout

    assert printable(f"{ALL} renamed") in text
    for output in (text, as_json):
        assert [char for char in RAW if char in output] == []
    assert "\\u001b]0;PWNED\\u0007" in as_json


def test_list_and_show_print_every_hostile_field_harmlessly(hostile: Workspace):
    cli = Cli(hostile.path)

    outputs = [cli.ok("list").stdout, cli.ok("list", "--format", "json").stdout]
    outputs += [cli.ok("show", str(n)).stdout for n in range(1, 2 + len(HOSTILE))]
    outputs.append(cli.ok("objective", "list").stdout)
    outputs.append(cli.ok("vision").stdout)

    for output in outputs:
        assert [char for char in RAW if char in output] == []
    assert printable(ALL) in outputs[2]
    assert printable(LONG_NOTE) in outputs[2]


async def test_dialogs_name_hostile_titles_literally(hostile: Workspace):
    app = SecboardApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "l")
        await settle(pilot)
        for _ in HOSTILE:
            title = hostile.request(board(app).selected_card().id).title  # type: ignore[union-attr]
            for key in ("d", "x"):
                await pilot.press(key)
                await settle(pilot)
                assert_shown_literally(app, title)
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one("#field-objective Select").focus()
            await settle(pilot)
            await pilot.wait_for_scheduled_animations()
            assert "O1 — Objective [/] [bold]x [@click=app.quit]" in assert_shown_literally(app)
            await pilot.press("escape", "j")
            await settle(pilot)


async def test_a_hostile_checklist_question_is_shown_literally_everywhere(tmp_path: Path):
    # Questions come from checklist.toml or an imported snapshot: file text, not typed.
    workspace = Workspace.open(tmp_path / "workspace.db")
    question = "Required? " + " ".join(HOSTILE[name] for name in ("osc title", "action", "ansi"))
    question += f" {HOSTILE['rtl override']}"
    workspace.use_template([TemplateItem("required", question)])
    workspace.add({"title": "SSO for the admin console"})
    workspace.move(1, Status.DISCOVERY)
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RequestScreen)
        assert_shown_literally(app, question)
        await pilot.press("t")
        await settle(pilot)
        assert type(app.screen).__name__ == "NoteScreen"
        assert_shown_literally(app, question)
    workspace.close()
