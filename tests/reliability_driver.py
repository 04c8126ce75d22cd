"""A second secboard process for the reliability tests: edits, writers and lock holders.

Run as ``python -m tests.reliability_driver COMMAND DB [ARGS]``. Progress goes straight
to file descriptor 1 (Textual redirects ``sys.stdout`` while an app runs), one line per
event, so the test reading it knows exactly what was acknowledged before it killed us.

Commands:
    tui-edits DB             open the TUI headless and, until killed, move the first card
                             forward and back and retitle it ``Edit N`` through the edit
                             form, printing ``done K`` after the K-th saved change.
    add DB N LABEL           after a ``go`` line on stdin, add N requests titled LABEL-i.
    toggle DB ID K           after ``go``, make K moves of request ID between intake and
                             discovery (retrying when the other writer got there first).
    add-one DB TITLE         add one request at once, giving up on a held lock after
                             0.2 s; print ``added`` or ``refused: MESSAGE``.
    hold-lock DB             take the write lock (BEGIN IMMEDIATE), print ``locked`` and
                             keep it until stdin closes.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

TUI_SIZE = (120, 36)


def say(line: str) -> None:
    """One line on the real standard output, unbuffered."""
    os.write(1, (line + "\n").encode())


def wait_for_go() -> None:
    """Tell the test we are ready, then block until it says go."""
    say("ready")
    if sys.stdin.readline().strip() != "go":
        raise SystemExit(3)


async def tui_edits(db: Path) -> None:
    """Move and retitle the first card through the TUI forever (until killed)."""
    from textual.widgets import Input

    from secboard.tui.app import SecboardApp
    from secboard.workspace import Workspace
    from tests.tui_helpers import settle

    workspace = Workspace.open(db)
    app = SecboardApp(workspace)
    async with app.run_test(size=TUI_SIZE) as pilot:
        await settle(pilot)
        say("ready")
        done = 0
        edits = 0
        while True:
            for key in ("greater_than_sign", "less_than_sign"):
                await pilot.press(key)
                await settle(pilot)
                done += 1
                say(f"done {done}")
            await pilot.press("e")
            await settle(pilot)
            edits += 1
            app.screen.query_one("#field-title Input", Input).value = f"Edit {edits}"
            await pilot.press("ctrl+s")
            await settle(pilot)
            done += 1
            say(f"done {done}")


def add(db: Path, count: int, label: str) -> None:
    """Add ``count`` requests, one transaction each."""
    from secboard.workspace import Workspace

    workspace = Workspace.open(db)
    workspace.warm_up()
    wait_for_go()
    for number in range(count):
        workspace.add({"title": f"{label}-{number}"})
    workspace.close()
    say("done")


def add_one(db: Path, title: str) -> None:
    """Add one request now, or say why not (a held lock is given up on quickly)."""
    from secboard.domain.errors import WorkspaceUnavailable
    from secboard.store import sqlite as database
    from secboard.workspace import Workspace

    database.BUSY_TIMEOUT_MS = 200
    workspace = Workspace.open(db)
    try:
        workspace.add({"title": title})
    except WorkspaceUnavailable as error:
        say(f"refused: {error}")
    else:
        say("added")
    finally:
        workspace.close()


def toggle(db: Path, request_id: int, moves: int) -> None:
    """Move one request back and forth, ``moves`` times, as the TUI does (with versions)."""
    from secboard.domain.errors import Conflict, MoveRefused
    from secboard.domain.model import Status
    from secboard.workspace import Workspace

    workspace = Workspace.open(db)
    workspace.warm_up()
    wait_for_go()
    made = retried = 0
    while made < moves:
        current = workspace.request(request_id)
        target = Status.DISCOVERY if current.status is Status.INTAKE else Status.INTAKE
        try:
            workspace.move(request_id, target, expected_version=current.version)
        except (Conflict, MoveRefused):
            retried += 1
            continue
        made += 1
    workspace.close()
    say(f"done {made} {retried}")


def hold_lock(db: Path) -> None:
    """Hold the write lock of ``db`` until standard input closes."""
    connection = sqlite3.connect(db, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    say("locked")
    sys.stdin.read()
    connection.execute("ROLLBACK")
    connection.close()


def main(argv: list[str]) -> None:
    """Dispatch one command."""
    command, db, *rest = argv
    path = Path(db)
    if command == "tui-edits":
        asyncio.run(tui_edits(path))
    elif command == "add":
        add(path, int(rest[0]), rest[1])
    elif command == "add-one":
        add_one(path, rest[0])
    elif command == "toggle":
        toggle(path, int(rest[0]), int(rest[1]))
    elif command == "hold-lock":
        hold_lock(path)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
