"""Shared fixtures: a fixed clock, a workspace in a temporary folder, isolated config."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from secboard.workspace import Workspace
from tests import postgres_support

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


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str | Path]:
    """Where the test's workspace lives, once per database: a SQLite file, then a
    schema of its own on the PostgreSQL test server (skipped without one)."""
    if request.param == "sqlite":
        yield db_path
        return
    base = postgres_support.server_url()
    if base is None:
        pytest.skip(postgres_support.SKIP_REASON)
    with postgres_support.private_schema(base) as url:
        yield url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test marked ``sqlite_only`` (it is about the file itself) runs on SQLite alone."""
    items[:] = [
        item
        for item in items
        if not (
            item.get_closest_marker("sqlite_only")
            and getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
            == "postgresql"
        )
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """In CI a PostgreSQL case must run: a skipped one counts as failed there."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("postgresql") and postgres_support.required():
        report.outcome = "failed"
        report.longrepr = f"PostgreSQL case skipped in CI: {report.longrepr}"
    if report.when == "call" or (report.when == "setup" and not report.passed):
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
        if backend and not report.skipped:
            _RAN[backend] = _RAN.get(backend, 0) + 1


_RAN: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many tests ran on each database (CI's log shows both ran)."""
    if _RAN:
        terminalreporter.write_line(
            f"database backends: {_RAN.get('sqlite', 0)} tests ran on SQLite, "
            f"{_RAN.get('postgresql', 0)} on PostgreSQL"
        )


@pytest.fixture
def workspace(database_url: str | Path, clock: FakeClock) -> Iterator[Workspace]:
    """An empty workspace with a fixed clock, on each database."""
    opened = Workspace.open(database_url, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def demo(tmp_path: Path, database_url: str | Path, clock: FakeClock) -> Iterator[Workspace]:
    """A demo workspace of 40 requests (seed 3) with the fixed clock, on each database."""
    from secboard.demo import generate

    target = tmp_path / "demo.db" if isinstance(database_url, Path) else database_url
    opened = Workspace.open(target, clock=clock)
    opened.load(generate(40, 3, clock()))
    yield opened
    opened.close()
