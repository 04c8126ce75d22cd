"""Timing child processes: the secboard command and the headless app probe.

Every child runs in an environment of its own (config and data folders inside the
benchmark's temporary folder), so a user's ``keys.toml`` or ``checklist.toml`` cannot
change the figures. Children keep their bytecode cache in that folder too, even where
``PYTHONDONTWRITEBYTECODE`` is set: an installed secboard starts from cached bytecode,
and compiling its sources on every start would count against secboard only (Textual's
own cache comes with its installation).

A child is started by a small process of its own (spawner.py) and reaped with
``os.wait4``, which hands back its resource usage: the CPU time it spent (user + system)
beside the wall time, and its peak resident set size.

A :class:`Lab` runs one tree of secboard: the installed one, or a source tree put first
on ``PYTHONPATH`` (run from the lab's own folder, so that no checkout in the current
directory is imported instead). Comparing two trees takes one lab each.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.figures import Figure, Results, Sample
from benchmarks.probe import MARKER

PROBE = Path(__file__).with_name("probe.py")
SPAWNER = Path(__file__).with_name("spawner.py")
TIMEOUT_SECONDS = 900
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
class ChildRun:
    """How one child process went: its exit code, times, memory and output."""

    returncode: int
    started: float
    """``time.monotonic()`` just before it was spawned."""
    wall: float
    """Seconds from spawn to exit."""
    cpu: float
    """Seconds of CPU it used (user + system)."""
    peak_rss_megabytes: float
    """Its peak resident set size, in MB (10⁶ bytes)."""
    stdout: str
    """What it printed (empty unless asked for)."""
    stderr: str

    @property
    def timed(self) -> Sample:
        """Its wall time, with its CPU time beside it."""
        return Sample(self.wall, self.cpu)


class Spawner:
    """The small process that starts every child and reports how it went (spawner.py)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(SPAWNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        """Have one command run; what the spawner answered."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the spawner exited with {self.process.wait()}")
        reply: dict[str, Any] = json.loads(answer)
        return reply

    def close(self) -> None:
        """Let the spawner end (its input closes) and reap it."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


@functools.cache
def spawner() -> Spawner:
    """The benchmark's one spawner, started on first use and ended at exit."""
    started = Spawner()
    atexit.register(started.close)
    return started


def run_child(
    command: Sequence[str],
    *,
    env: dict[str, str],
    cwd: Path,
    stdout: Path | None = None,
    capture: bool = False,
) -> ChildRun:
    """Run ``command`` to its end, through the spawner, and say how it went.

    Its output goes to files, not pipes (a pipe that fills up would stall it):
    ``stdout`` sends its standard output to that file; ``capture`` keeps it as text.
    """
    with tempfile.TemporaryDirectory(prefix="child-") as folder:
        errors = Path(folder) / "stderr"
        output = Path(folder) / "stdout" if capture and stdout is None else stdout
        reply = spawner().run(
            {
                "command": list(command),
                "env": env,
                "cwd": str(cwd),
                "stdout": None if output is None else str(output),
                "stderr": str(errors),
                "timeout": TIMEOUT_SECONDS,
            }
        )
        printed = output.read_text("utf-8", "replace") if capture and output else ""
        return ChildRun(
            returncode=reply["returncode"],
            started=reply["started"],
            wall=reply["wall"],
            cpu=reply["cpu"],
            peak_rss_megabytes=reply["peak_rss_megabytes"],
            stdout=printed,
            stderr=errors.read_text("utf-8", "replace"),
        )


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

    def timed(self, mark: str) -> Sample:
        """Seconds to the event ``mark``, with the CPU seconds the process had used by then."""
        return Sample(self.since_start(mark), float(self.report["cpu_marks"][mark]))

    @property
    def peak_rss_megabytes(self) -> float:
        """The probe process's peak resident set size, in MB (10⁶ bytes)."""
        return float(self.report["peak_rss_bytes"]) / 1e6


class Lab:
    """A folder of workspaces, and the way to time children of one secboard tree on them."""

    def __init__(self, folder: Path, source: Path | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        """Where workspaces, exports and the children's config folders live; the
        children's working directory."""
        self.source = source
        """The source tree the children import secboard from (None: the installed one)."""
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
        if source is not None:
            self.env["PYTHONPATH"] = str(source)
            self.command = [sys.executable, "-m", "secboard"]

    def path(self, name: str) -> Path:
        """A file in the lab folder."""
        return self.folder / name

    def demo_workspace(self, size: int) -> Path:
        """A demo workspace of ``size`` requests (0: empty), built on first use by the
        lab's own secboard (another tree may have another schema)."""
        path = self.path(f"demo-{size}.db")
        if not path.exists():
            arguments = ["demo", "--count", str(size), "--seed", "1"] if size else ["list"]
            completed = self.run_secboard(["--db", str(path), *arguments])
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

    def time_secboard(self, *arguments: str) -> ChildRun:
        """How ``secboard ARGUMENTS`` went, from spawn to exit.

        Raises:
            Unavailable: the command does not exist (yet) or fails.
        """
        return self.checked(self.run_secboard(list(arguments)))

    def checked(self, completed: ChildRun) -> ChildRun:
        """``completed`` if it succeeded, else :class:`Unavailable` saying why."""
        if completed.returncode != 0:
            if MISSING_COMMAND in completed.stderr:
                raise Unavailable("command not available")
            raise Unavailable(f"failed: {_tail(completed.stderr)}")
        return completed

    def run_secboard(self, arguments: Iterable[str], stdout: Path | None = None) -> ChildRun:
        """Run ``secboard ARGUMENTS`` (its output to ``stdout``, else nowhere)."""
        return self.run([*self.command, *arguments], stdout=stdout)

    def run(self, command: Sequence[str], stdout: Path | None = None) -> ChildRun:
        """Run ``command`` in the lab's environment and folder."""
        return run_child(command, env=self.env, cwd=self.folder, stdout=stdout)

    def probe(self, *arguments: str) -> ProbeRun:
        """Run the headless probe with ``arguments`` and return what it reported.

        Raises:
            ProbeFailed: it crashed, or it ran another secboard than the lab's.
        """
        completed = run_child(
            [sys.executable, str(PROBE), *arguments], env=self.env, cwd=self.folder, capture=True
        )
        reports = [line for line in completed.stdout.splitlines() if line.startswith(MARKER)]
        if completed.returncode != 0 or not reports:
            raise ProbeFailed(
                f"probe {' '.join(arguments)} exited with {completed.returncode}: "
                f"{_tail(completed.stderr, 10)}"
            )
        run = ProbeRun(completed.started, json.loads(reports[-1].removeprefix(MARKER)))
        self._check_imported(run.report.get("secboard_file"))
        return run

    def _check_imported(self, imported: str | None) -> None:
        if imported is None or self.source is None:
            return
        if not Path(imported).resolve().is_relative_to(self.source.resolve()):
            raise ProbeFailed(f"the child imported {imported}, not secboard from {self.source}")

    def imported_secboard(self) -> str:
        """The file the lab's children import secboard from (checked against the source)."""
        report = self.probe("where").report
        return str(report["secboard_file"])


@dataclass
class Tree:
    """One secboard tree being measured: its lab and its figures."""

    name: str
    """``this`` (the tree the benchmark is in) or ``other`` (``--against``)."""
    lab: Lab
    results: Results
    imported: str = ""
    """The file its children import secboard from (checked before measuring)."""


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
    run: Callable[[], Sequence[float | Sample]]
    """Runs once and returns one value per figure; raises :class:`Unavailable` if it can't."""


def alternate(*case_lists: Sequence[Case]) -> list[Case]:
    """The cases of several trees, each case of one beside the same case of the others.

    Given the same cases for tree A and tree B, the order is A₁ B₁ A₂ B₂ …, so that each
    pair of figures is measured back to back, under the same load.
    """
    lengths = {len(cases) for cases in case_lists}
    if len(lengths) > 1:
        raise ValueError(f"the trees have different numbers of cases: {sorted(lengths)}")
    return [case for paired in zip(*case_lists, strict=True) for case in paired]


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
                figure.add(value)
