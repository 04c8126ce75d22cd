"""Timing child processes: the secboard command and the headless app probe.

Every child runs in an environment of its own (config and data folders inside the
benchmark's temporary folder), so a user's ``keys.toml`` or ``checklist.toml`` cannot
change the figures. Children keep their bytecode cache in that folder too, even where
``PYTHONDONTWRITEBYTECODE`` is set: an installed secboard starts from cached bytecode,
and compiling its sources on every start would count against secboard only (Textual's
own cache comes with its installation).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure
from benchmarks.probe import MARKER

PROBE = Path(__file__).with_name("probe.py")
TIMEOUT_SECONDS = 600
"""A child that takes longer than this is stuck."""
MISSING_COMMAND = "No such command"
"""What click says about a command that does not exist (yet)."""


class Unavailable(Exception):
    """A figure cannot be measured: a command is missing or fails."""


class ProbeFailed(RuntimeError):
    """The headless app did not report (it crashed or never got there)."""


def _tail(text: str, lines: int = 1) -> str:
    return " / ".join(text.strip().splitlines()[-lines:])


@dataclass(frozen=True)
class ProbeRun:
    """What one probe process reported, and when the parent started it."""

    started: float
    """``time.monotonic()`` just before the process was spawned."""
    report: dict[str, Any]
    """The probe's report (see probe.py)."""

    def since_start(self, mark: str) -> float:
        """Seconds from spawning the process to the event ``mark``."""
        marks = self.report["marks"]
        if mark not in marks:
            raise ProbeFailed(f"the probe never reached {mark!r} (it saw {sorted(marks)})")
        return float(marks[mark]) - self.started

    @property
    def peak_rss_megabytes(self) -> float:
        """The probe process's peak resident set size, in MB (10⁶ bytes)."""
        return float(self.report["peak_rss_bytes"]) / 1e6


class Lab:
    """A temporary folder of workspaces, and the way to time children working on them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        """Where workspaces, exports and the children's config folders live."""
        self.env = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config")}
        """The children's environment."""
        self.env["XDG_DATA_HOME"] = str(folder / "data")
        # The board remembers its sort and filters there: a user's own board state (a
        # "mine" filter left on) must not empty the board the benchmark presses keys on.
        self.env["XDG_STATE_HOME"] = str(folder / "state")
        self.env["SECBOARD_STATE_DIR"] = str(folder / "state")
        self.env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env.pop("SECBOARD_DB", None)
        self.command = secboard_command()
        """How to run the ``secboard`` command."""

    def path(self, name: str) -> Path:
        """A file in the lab folder."""
        return self.folder / name

    def demo_workspace(self, size: int) -> Path:
        """A demo workspace of ``size`` requests (0: empty), built on first use."""
        path = self.path(f"demo-{size}.db")
        if not path.exists():
            arguments = ["demo", "--count", str(size), "--seed", "1"] if size else ["list"]
            completed = self._run_secboard(["--db", str(path), *arguments])
            if completed.returncode != 0:
                raise RuntimeError(f"cannot build {path.name}: {_tail(completed.stderr, 5)}")
        return path

    def copy(self, source: Path, name: str) -> Path:
        """A copy of the workspace ``source`` (through SQLite, so nothing half-written)."""
        target = self.path(name)
        target.unlink(missing_ok=True)
        with (
            closing(sqlite3.connect(source)) as original,
            closing(sqlite3.connect(target)) as duplicate,
        ):
            original.backup(duplicate)
        return target

    def time_secboard(self, *arguments: str) -> float:
        """Seconds that ``secboard ARGUMENTS`` takes, from spawn to exit.

        Raises:
            Unavailable: the command does not exist (yet) or fails.
        """
        start = time.monotonic()
        completed = self._run_secboard(list(arguments))
        elapsed = time.monotonic() - start
        if completed.returncode != 0:
            if MISSING_COMMAND in completed.stderr:
                raise Unavailable("command not available")
            raise Unavailable(f"failed: {_tail(completed.stderr)}")
        return elapsed

    def probe(self, *arguments: str) -> ProbeRun:
        """Run the headless probe with ``arguments`` and return what it reported."""
        start = time.monotonic()
        completed = subprocess.run(
            [sys.executable, str(PROBE), *arguments],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        reports = [line for line in completed.stdout.splitlines() if line.startswith(MARKER)]
        if completed.returncode != 0 or not reports:
            raise ProbeFailed(
                f"probe {' '.join(arguments)} exited with {completed.returncode}: "
                f"{_tail(completed.stderr, 10)}"
            )
        return ProbeRun(start, json.loads(reports[-1].removeprefix(MARKER)))

    def _run_secboard(self, arguments: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.command, *arguments],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )


def secboard_command() -> list[str]:
    """The installed ``secboard`` script next to this Python, else ``python -m secboard``."""
    script = Path(sys.executable).with_name("secboard")
    if script.exists():
        return [str(script)]
    found = shutil.which("secboard")
    return [found] if found else [sys.executable, "-m", "secboard"]


# Interleaved runs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One thing to time: how to run it once, and the figures each run adds a sample to."""

    figures: tuple[Figure, ...]
    """The figures, in the order ``run`` returns their values."""
    run: Callable[[], Sequence[float]]
    """Runs once and returns one value per figure; raises :class:`Unavailable` if it can't."""


def run_rounds(cases: Sequence[Case], repeat: int, progress: Callable[[str], None]) -> None:
    """Run every case once per round, for ``repeat`` rounds.

    Interleaving the cases spreads a burst of load from other processes over all of them
    instead of one. A case that is unavailable is noted on its figures and dropped.
    """
    live = list(cases)
    for round_number in range(1, repeat + 1):
        progress(f"round {round_number}/{repeat}")
        for case in list(live):
            try:
                values = case.run()
            except Unavailable as reason:
                for figure in case.figures:
                    figure.note = str(reason)
                live.remove(case)
                continue
            for figure, value in zip(case.figures, values, strict=True):
                figure.samples.append(value)
