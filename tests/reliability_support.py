"""What the reliability tests share: real secboard processes, and checking a file after them."""

from __future__ import annotations

import os
import select
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from secboard.snapshot import export_snapshot
from secboard.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
STAMP = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
"""The ``exported_at`` of every snapshot these tests write and compare."""

DEADLINE_SECONDS = 60.0
"""How long a helper process may take to say it is ready (never reached when healthy)."""


def environment() -> dict[str, str]:
    """The environment of a child process: this one's (isolated folders included)."""
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}


def start_secboard(*args: str) -> subprocess.Popen[bytes]:
    """``python -m secboard ARGS`` as a separate process."""
    return subprocess.Popen(
        [sys.executable, "-m", "secboard", *args],
        cwd=ROOT,
        env=environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def start_driver(*args: str) -> subprocess.Popen[bytes]:
    """``python -m tests.reliability_driver ARGS`` (see that module)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability_driver", *args],
        cwd=ROOT,
        env=environment(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def read_line(process: subprocess.Popen[bytes]) -> str:
    """The next line the process prints; fails the test if it dies or stalls instead."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], DEADLINE_SECONDS)
    assert ready, "the helper process printed nothing"
    line = process.stdout.readline().decode()
    if not line:
        stderr = process.stderr.read().decode() if process.stderr else ""
        raise AssertionError(f"the helper process ended early: {stderr}")
    return line.strip()


@dataclass(frozen=True)
class Ended:
    """How a process ended: killed or not, and what it printed."""

    killed: bool
    returncode: int
    stdout: str
    stderr: str


def kill(process: subprocess.Popen[bytes]) -> Ended:
    """SIGKILL the process (if it still runs) and collect what it printed."""
    killed = process.poll() is None
    if killed:
        process.kill()
    if process.stdin is not None and process.stdin.closed:
        process.stdin = None
    stdout, stderr = process.communicate(timeout=DEADLINE_SECONDS)
    return Ended(killed, process.returncode, stdout.decode(), stderr.decode())


def finish(process: subprocess.Popen[bytes]) -> Ended:
    """Wait for the process to end by itself and collect what it printed."""
    if process.stdin is not None and not process.stdin.closed:
        process.stdin.close()
    process.wait(timeout=DEADLINE_SECONDS)
    return kill(process)


def send(process: subprocess.Popen[bytes], line: str) -> None:
    """Write one line to the process's standard input."""
    assert process.stdin is not None
    process.stdin.write(line.encode() + b"\n")
    process.stdin.flush()


def wait_for_write(db: Path, process: subprocess.Popen[bytes]) -> None:
    """Block until the write-ahead log of ``db`` holds data (a write is under way) or
    the process ended; the caller then kills it a (seeded) random moment later."""
    wal = db.with_name(db.name + "-wal")
    deadline = time.monotonic() + DEADLINE_SECONDS
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 0:
            return
        time.sleep(0.002)


def integrity_problems(db: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty when sound)."""
    connection = sqlite3.connect(db)
    try:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    problems = [] if verdict == ["ok"] else verdict
    return problems + [f"foreign key: {row}" for row in foreign]


def row_counts(db: Path) -> dict[str, int]:
    """How many rows each secboard table holds."""
    connection = sqlite3.connect(db)
    try:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("request", "status_event", "checklist_item", "objective", "setting")
        }
    finally:
        connection.close()


def state(db: Path) -> str:
    """Everything the workspace at ``db`` holds, as snapshot text (to compare states)."""
    workspace = Workspace.open(db)
    try:
        return export_snapshot(workspace.data(), exported_at=STAMP)
    finally:
        workspace.close()


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """Make ``path`` immutable with ``chattr +i`` (stops even the superuser) meanwhile."""
    try:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    except FileNotFoundError:
        pytest.skip("chattr is not available")
    if made.returncode != 0:
        pytest.skip(f"cannot make a file immutable here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
