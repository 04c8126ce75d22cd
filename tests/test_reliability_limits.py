"""Files and streams too large, names too long, values nested too deep: one line each.

A snapshot read from a pipe (``import <(cat /dev/zero)``), standard input or a file is
refused once it passes the size a snapshot may be, instead of filling the memory; the
limit is patched small here so a test writes kilobytes, not a gigabyte.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input, Static

from secboard.cli import cli as cli_command
from secboard.snapshot import files
from secboard.tui.app import SecboardApp
from secboard.tui.screens.snapshot_dialog import ExportDialog, ImportDialog
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.tui_helpers import notifications, press, settle

LIMIT = 10_000
"""The size a snapshot may be while these tests run."""

WRITTEN = 50 * LIMIT
"""How much a writer offers at most: well past the limit, yet harmless if all read."""


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr(files, "MAX_SNAPSHOT_BYTES", LIMIT)
    return Cli(tmp_path / "workspace.db")


def _feed(fifo: Path, opened: threading.Event) -> None:
    """Write to ``fifo`` until the reader goes away or ``WRITTEN`` bytes are out."""
    block = b"# endless\n" * 100
    try:
        with fifo.open("wb") as pipe:
            opened.set()
            for _ in range(WRITTEN // len(block)):
                pipe.write(block)
    except BrokenPipeError:
        pass  # the reader stopped reading: what a refusal does


@pytest.fixture
def endless(tmp_path: Path) -> Iterator[Path]:
    """A FIFO with a writer behind it offering far more than a snapshot may be."""
    fifo = tmp_path / "endless.toml"
    os.mkfifo(fifo)
    opened = threading.Event()
    writer = threading.Thread(target=_feed, args=(fifo, opened), daemon=True)
    writer.start()
    yield fifo
    # A command that never opened the FIFO leaves the writer waiting for a reader: be
    # one until the writer is surely past its open (on a busy machine it may not have
    # got there yet), then go away, so that its next write ends it.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert opened.wait(timeout=30), "the writer never opened the FIFO"
    finally:
        os.close(reader)
    writer.join(timeout=30)
    assert not writer.is_alive()


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "command",
    [("import", "{fifo}"), ("diff", "{fifo}", "{fifo}"), ("view", "{fifo}")],
    ids=["import", "diff", "view"],
)
def test_an_endless_pipe_is_refused_at_the_size_limit(
    cli: Cli, endless: Path, command: tuple[str, ...]
) -> None:
    message = cli.refused(*(part.format(fifo=endless) for part in command))

    assert message == f"error: {endless} is larger than 10 kB, more than a snapshot may be"
    assert not cli.db.exists()


def test_too_much_on_standard_input_is_refused_at_the_size_limit(cli: Cli) -> None:
    result = cli("import", "-", input="# padding\n" * (LIMIT // 5))

    assert result.exit_code == 1, result.output
    assert (
        result.stderr == "error: standard input is larger than 10 kB, more than a snapshot may be\n"
    )


def test_a_file_over_the_size_limit_is_refused_without_reading_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(LIMIT + 1)
    monkeypatch.setattr(files, "read_stream", None)  # reading would fail loudly

    message = cli.refused("diff", str(big), str(big))

    assert message == f"error: {big} is larger than 10 kB, more than a snapshot may be"


def test_a_snapshot_at_the_size_limit_is_still_read(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "SSO")
    exported = tmp_path / "exported.toml"
    cli.ok("export", str(exported))
    text = exported.read_text()
    padded = tmp_path / "padded.toml"
    padded.write_text(text + "#" * (LIMIT - len(text.encode()) - 1) + "\n")

    assert padded.stat().st_size == LIMIT
    assert cli.ok("diff", str(exported), str(padded)).stdout.endswith("No changes.\n")


@pytest.mark.timeout(60)
def test_restore_refuses_a_pipe_in_one_line(cli: Cli, endless: Path) -> None:
    message = cli.refused("restore", str(endless), "--yes")

    assert message == f"error: {endless} is not a file"


# Names too long and values nested too deep ------------------------------------------------

LONG_NAME = "a" * 300 + ".toml"
"""Longer than a file name may be on any common file system (255 bytes)."""

DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"
"""Valid TOML nested deeper than a parser's recursion can follow."""


@pytest.fixture
def unlimited(tmp_path: Path) -> Cli:
    """The command line with the real size limit."""
    return Cli(tmp_path / "workspace.db")


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (("export", "{long}"), "cannot write {long}: file name too long; it was left as it was"),
        (("import", "{long}"), "cannot read {long}: file name too long"),
        (("diff", "{long}", "{long}"), "cannot read {long}: file name too long"),
        (("view", "{long}"), "cannot read {long}: file name too long"),
        (("restore", "{long}", "--yes"), "cannot read {long}: file name too long"),
        (("--db", "{long}", "list"), "cannot use {long}: file name too long"),
    ],
    ids=["export", "import", "diff", "view", "restore", "--db"],
)
def test_a_file_name_too_long_is_one_error_line(
    unlimited: Cli, tmp_path: Path, command: tuple[str, ...], said: str
) -> None:
    long = str(tmp_path / LONG_NAME)

    message = unlimited.refused(*(part.format(long=long) for part in command))

    assert message == "error: " + said.format(long=long)


def test_a_workspace_name_too_long_in_the_environment_is_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long = tmp_path / LONG_NAME
    monkeypatch.setenv("SECBOARD_DB", str(long))

    result = CliRunner().invoke(cli_command, ["list"])

    assert result.exit_code == 1
    assert result.stderr == f"error: cannot use {long}: file name too long\n"


@pytest.mark.parametrize(
    "command",
    [("import", "{deep}"), ("diff", "{deep}", "{deep}"), ("view", "{deep}")],
    ids=["import", "diff", "view"],
)
def test_values_nested_too_deep_are_one_error_line(
    unlimited: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP)

    message = unlimited.refused(*(part.format(deep=deep) for part in command))

    assert message == f"error: {deep} is not valid TOML: values nested too deeply to read"
    assert not unlimited.db.exists()


async def _open_dialog(pilot: Pilot[None], command: str, path: Path) -> None:
    """Open a snapshot dialog through the palette and give it ``path``."""
    await press(pilot, "ctrl+p")
    await pilot.press(*command)
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, ExportDialog | ImportDialog)
    pilot.app.screen.query_one("#field-path Input", Input).value = str(path)


async def test_export_dialog_says_a_file_name_is_too_long(
    workspace: Workspace, tmp_path: Path
) -> None:
    long = tmp_path / LONG_NAME
    app = SecboardApp(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await _open_dialog(pilot, "Export snapshot", long)
        await press(pilot, "ctrl+s")

        assert isinstance(app.screen, ExportDialog)
        assert notifications(app) == [
            f"cannot write {long}: file name too long; it was left as it was"
        ]


@pytest.mark.parametrize(
    ("content", "said"),
    [(None, "cannot read {path}: file name too long"), (DEEP, "values nested too deeply")],
    ids=["name too long", "nested too deep"],
)
async def test_import_dialog_says_what_is_wrong_beside_the_file(
    workspace: Workspace, tmp_path: Path, content: str | None, said: str
) -> None:
    path = tmp_path / (LONG_NAME if content is None else "deep.toml")
    if content is not None:
        path.write_text(content)
    app = SecboardApp(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await _open_dialog(pilot, "Import snapshot", path)
        await press(pilot, "ctrl+s")

        assert isinstance(app.screen, ImportDialog)
        error = app.screen.query_one("#field-path .field-error", Static)
        assert said.format(path=path) in str(error.content)
