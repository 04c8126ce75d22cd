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

from secboard.snapshot import files
from tests.cli_support import Cli

LIMIT = 10_000
"""The size a snapshot may be while these tests run."""

WRITTEN = 50 * LIMIT
"""How much a writer offers at most: well past the limit, yet harmless if all read."""


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setattr(files, "MAX_SNAPSHOT_BYTES", LIMIT)
    return Cli(tmp_path / "workspace.db")


def _feed(fifo: Path) -> None:
    """Write to ``fifo`` until the reader goes away or ``WRITTEN`` bytes are out."""
    block = b"# endless\n" * 100
    try:
        with fifo.open("wb") as pipe:
            for _ in range(WRITTEN // len(block)):
                pipe.write(block)
    except BrokenPipeError:
        pass  # the reader stopped reading: what a refusal does


@pytest.fixture
def endless(tmp_path: Path) -> Iterator[Path]:
    """A FIFO with a writer behind it offering far more than a snapshot may be."""
    fifo = tmp_path / "endless.toml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=_feed, args=(fifo,), daemon=True)
    writer.start()
    yield fifo
    # A command that never opened the FIFO leaves the writer waiting for a reader.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    os.close(reader)
    writer.join(timeout=10)
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
