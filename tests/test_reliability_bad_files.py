"""Bad files give one clear line and are never written to.

The workspace file (a folder, another program's file, a damaged or read-only file, one
from a newer secboard) and the config files (``checklist.toml``, ``keys.toml``): the
command line prints one ``error:`` or ``warning:`` line without a traceback, the TUI
shows a notification, and every file is left byte for byte and time for time as it was.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from textual.pilot import Pilot

from secboard import config
from secboard.cli import cli
from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.store.schema import SCHEMA_VERSION
from secboard.tui.app import SecboardApp
from secboard.tui.screens.capture import CaptureScreen
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.reliability_support import immutable
from tests.tui_helpers import notifications, settle

SIZE = (160, 45)
ROOT_BYPASSES_PERMISSIONS = hasattr(os, "geteuid") and os.geteuid() == 0


def fingerprint(path: Path) -> tuple:
    """Bytes and modification time of a file, or of every file under a folder."""
    if path.is_fifo():
        # Reading a FIFO would wait for a writer: its modification time stands for it.
        return (str(path), path.stat().st_mtime_ns)
    if path.is_dir():
        files = [child for child in sorted(path.rglob("*")) if child.is_file()]
        return (
            *((str(child), child.read_bytes(), child.stat().st_mtime_ns) for child in files),
            (str(path), path.stat().st_mtime_ns),
        )
    return (path.read_bytes(), path.stat().st_mtime_ns)


# The workspace file ------------------------------------------------------------------------


def a_folder(path: Path) -> tuple[Path, str]:
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    return path, f"{path} is a directory, not a workspace file"


def a_fifo(path: Path) -> tuple[Path, str]:
    os.mkfifo(path)
    return path, f"{path} is a FIFO (named pipe), not a workspace file"


def not_sqlite(path: Path) -> tuple[Path, str]:
    path.write_bytes(b"%PDF-1.7 a contract someone needs")
    return path, f"{path} is not a secboard workspace (not a SQLite file); it was left untouched"


def newer_schema(path: Path) -> tuple[Path, str]:
    Workspace.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    connection.close()
    return path, (
        f"{path} was written by a newer secboard (schema {SCHEMA_VERSION + 3}; this one "
        f"reads up to {SCHEMA_VERSION}); upgrade secboard to open it"
    )


def another_programs_database(path: Path) -> tuple[Path, str]:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE bookmarks (url TEXT)")
    connection.commit()
    connection.close()
    return path, f"{path} is a SQLite database but not a secboard workspace; it was left untouched"


def damaged(path: Path) -> tuple[Path, str]:
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 20)
    return path, f"{path} is damaged or not a SQLite database (file is not a database)"


BAD_WORKSPACES: dict[str, Callable[[Path], tuple[Path, str]]] = {
    "a folder": a_folder,
    "a FIFO": a_fifo,
    "not sqlite": not_sqlite,
    "newer schema": newer_schema,
    "another program's database": another_programs_database,
    "damaged": damaged,
}
COMMANDS = {"add": ["add", "SSO"], "list": ["list"], "the TUI": []}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize("make", BAD_WORKSPACES.values(), ids=BAD_WORKSPACES.keys())
def test_bad_workspace_file_is_one_error_line_and_left_untouched(
    tmp_path: Path, make, command, monkeypatch: pytest.MonkeyPatch
):
    path, expected = make(tmp_path / "workspace.db")
    before = fingerprint(path)
    siblings = sorted(tmp_path.iterdir())
    monkeypatch.setattr(SecboardApp, "run", lambda self: pytest.fail("the TUI was opened"))

    assert Cli(path).refused(*command) == f"error: {expected}"
    assert fingerprint(path) == before
    assert sorted(tmp_path.iterdir()) == siblings


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_character_device_as_the_workspace_is_one_error_line(device: str):
    if not Path(device).exists():
        pytest.skip(f"{device} is not available")

    assert Cli(Path(device)).refused("list") == (
        f"error: {device} is a character device, not a workspace file"
    )


@pytest.mark.skipif(ROOT_BYPASSES_PERMISSIONS, reason="permission bits do not stop the superuser")
def test_read_only_workspace_file_is_one_error_line(db_path: Path):
    Cli(db_path).ok("add", "SSO")
    db_path.chmod(0o400)
    before = fingerprint(db_path)

    message = Cli(db_path).refused("add", "Another")

    assert message == f"error: {db_path} is not readable and writable by you; check its permissions"
    assert fingerprint(db_path) == before


def test_immutable_workspace_file_is_one_error_line_even_for_the_superuser(db_path: Path):
    Cli(db_path).ok("add", "SSO")
    before = fingerprint(db_path)

    with immutable(db_path):
        message = Cli(db_path).refused("add", "Another")

    assert message == f"error: {db_path} is not readable and writable by you; check its permissions"
    assert fingerprint(db_path) == before


def test_workspace_in_a_folder_that_cannot_be_written_is_one_clear_error_line(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "workspace.db"
    Cli(db).ok("add", "SSO")
    before = fingerprint(folder)

    with immutable(folder):
        message = Cli(db).refused("add", "Another")

    # SQLite must create its write-ahead log beside the file: say so, not "unable to open".
    assert message == (
        f"error: folder {folder} is read-only, so the workspace was opened for reading only; "
        "make it writable to make changes"
    )
    assert fingerprint(folder) == before


# Config files ------------------------------------------------------------------------------


def config_file(name: str, content: str) -> Path:
    """Write ``name`` into the (isolated) user config folder."""
    folder = config.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


BAD_CHECKLISTS = {
    "not toml": (
        '[[checklist]]\nkey = "need_confirmed"\nquestion = "Unclosed\n',
        "checklist.toml: is not valid TOML: ",
        "(at line 3, column 21); the checklist in use was kept",
    ),
    "nested too deep": (
        "checklist = " + "[" * 5000 + "]" * 5000 + "\n",
        "checklist.toml: is not valid TOML: values nested too deeply to read",
        "; the checklist in use was kept",
    ),
    "wrong shape": (
        'checklist = "everything"\n',
        "checklist.toml: checklist: must be a non-empty list of {key, question} tables",
        "; the checklist in use was kept",
    ),
    "bad key": (
        '[[checklist]]\nkey = "Need Confirmed"\nquestion = "Really?"\n',
        "checklist.toml, line 1: checklist[0].key: 'Need Confirmed' must be lower_snake_case",
        ", 1–40 characters; the checklist in use was kept",
    ),
    "bad question in the second row": (
        '[[checklist]]\nkey = "need_confirmed"\nquestion = "Really?"\n\n'
        '[[checklist]]\nkey = "budget"\nquestion = 42\n',
        "checklist.toml, line 5: checklist[1].question: ",
        "; the checklist in use was kept",
    ),
}


@pytest.mark.parametrize(
    ("content", "start", "end"), BAD_CHECKLISTS.values(), ids=BAD_CHECKLISTS.keys()
)
def test_bad_checklist_file_is_one_warning_line_and_the_command_still_works(
    db_path: Path, content: str, start: str, end: str
):
    path = config_file("checklist.toml", content)
    before = fingerprint(path)
    runner = Cli(db_path)

    result = runner.ok("add", "SSO")
    moved = runner.ok("move", "1", "discovery")

    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"warning: {path.parent}/{start}")
    assert lines[0].endswith(end)
    assert "Traceback" not in result.output
    assert result.stdout == "1\n"
    assert [line for line in moved.stderr.splitlines() if "warning" in line] == lines
    assert [item["key"] for item in runner.shown(1)["checklist"]] == [
        item.key for item in DEFAULT_TEMPLATE
    ]
    assert fingerprint(path) == before


def test_bad_keys_file_does_not_disturb_the_command_line(db_path: Path):
    path = config_file("keys.toml", "[keys\nboard.capture = 'c'\n")
    before = fingerprint(path)

    result = Cli(db_path).ok("add", "SSO")

    assert result.stderr == ""
    assert fingerprint(path) == before


Script = Callable[[SecboardApp, Pilot[None]], Awaitable[None]]


@pytest.fixture
def run_tui_with(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, Script], Result]:
    """Run ``secboard --db PATH`` (the TUI) with ``script`` pressing its keys headless."""

    def run(db: Path, script: Script) -> Result:
        async def drive(app: SecboardApp) -> None:
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                await script(app, pilot)

        opened: list[SecboardApp] = []

        def headless(app: SecboardApp) -> None:
            opened.append(app)
            asyncio.run(drive(app))

        monkeypatch.setattr(SecboardApp, "run", headless)
        result = CliRunner().invoke(cli, ["--db", str(db)])
        assert result.exit_code == 0, (result.output, result.exception)
        assert len(opened) == 1
        return result

    return run


def test_bad_keys_file_is_a_notification_in_the_tui_and_default_keys_work(
    db_path: Path, run_tui_with
):
    path = config_file("keys.toml", "[keys]\nboard.capture = \n")
    before = fingerprint(path)
    shown: list[str] = []

    async def script(app: SecboardApp, pilot: Pilot[None]) -> None:
        shown.extend(notifications(app))
        await pilot.press("n")
        assert isinstance(app.screen, CaptureScreen)

    run_tui_with(db_path, script)

    assert len(shown) == 1
    assert shown[0].startswith(f"{path}: is not valid TOML: ")
    assert shown[0].endswith("(at line 2, column 17); default keys are used")
    assert fingerprint(path) == before


def test_keys_file_of_the_wrong_shape_is_a_notification_in_the_tui(db_path: Path, run_tui_with):
    path = config_file("keys.toml", 'keys = ["n", "c"]\n')
    before = fingerprint(path)
    shown: list[str] = []

    async def script(app: SecboardApp, pilot: Pilot[None]) -> None:
        shown.extend(notifications(app))

    run_tui_with(db_path, script)

    assert shown == [f"{path}: [keys] must map command ids to key names; default keys are used"]
    assert fingerprint(path) == before


def test_a_huge_keys_file_is_not_read_and_gives_one_line(db_path: Path, run_tui_with):
    entries = "".join(f'"board.nope{index}" = "c"\n' for index in range(40_000))
    path = config_file("keys.toml", f'[keys]\n"board.sort" = "c"\n{entries}')
    shown: list[str] = []

    async def script(app: SecboardApp, pilot: Pilot[None]) -> None:
        shown.extend(notifications(app))
        assert app.keymap == {}

    run_tui_with(db_path, script)

    assert shown == [f"{path}: is larger than 64 KB, so not read; default keys are used"]


def test_a_huge_checklist_file_is_not_read():
    path = config_file("checklist.toml", "# padding\n" * 10_000)

    loaded = config.load_template()

    assert loaded.value is None
    assert loaded.problem == (
        f"{path}: is larger than 64 KB, so not read; the checklist in use was kept"
    )


def test_bad_checklist_file_is_a_notification_in_the_tui(db_path: Path, run_tui_with):
    # On a terminal the warning line would vanish behind the TUI at once: it must show inside.
    path = config_file("checklist.toml", "[[checklist]\n")
    before = fingerprint(path)
    shown: list[str] = []

    async def script(app: SecboardApp, pilot: Pilot[None]) -> None:
        shown.extend(notifications(app))

    result = run_tui_with(db_path, script)

    (line,) = result.stderr.splitlines()
    assert line.startswith(f"warning: {path}: is not valid TOML: ")
    assert line.endswith("(at line 1, column 12); the checklist in use was kept")
    assert shown == [line]
    assert fingerprint(path) == before
