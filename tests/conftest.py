"""Shared fixtures: a fixed clock, a workspace in a temporary folder, isolated config."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from secboard.workspace import Workspace

# Snapshot tests compare colours; a NO_COLOR in the environment would strip them.
os.environ.pop("NO_COLOR", None)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


class FakeClock:
    """A clock that stands still until told to move."""

    def __init__(self, start: datetime = NOW) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.moment += timedelta(**delta)


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real user's data and config folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("SECBOARD_STATE_DIR", str(home / "state"))
    monkeypatch.delenv("SECBOARD_DB", raising=False)
    monkeypatch.setenv("SECBOARD_USER", "pm")


@pytest.fixture(autouse=True)
def local_zone() -> Iterator[Callable[[str], None]]:
    """Run every test in UTC, whatever the machine's zone; call it to switch to another.

    The user's "today" is their local date, so a test that means another zone says so:
    ``local_zone("JST-9")`` (POSIX zone strings need no time zone database).
    """
    before = os.environ.get("TZ")

    def switch(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    switch("UTC")
    yield switch
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def clock() -> FakeClock:
    """A fixed clock at 2026-11-30 09:00 UTC."""
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's workspace file lives."""
    return tmp_path / "workspace.db"


@pytest.fixture
def workspace(db_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """An empty workspace on disk with a fixed clock."""
    opened = Workspace.open(db_path, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def demo(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """A demo workspace of 40 requests (seed 3) with the fixed clock."""
    from secboard.demo import generate

    opened = Workspace.open(tmp_path / "demo.db", clock=clock)
    opened.load(generate(40, 3, clock()))
    yield opened
    opened.close()
