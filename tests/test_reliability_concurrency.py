"""Two secboards on one workspace: no write is lost, a busy file is reported, a stale edit
never overwrites a newer one, and what one process saves shows in the other."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input

from secboard.cli import cli
from secboard.domain.errors import Conflict, WorkspaceUnavailable
from secboard.domain.model import Status
from secboard.store import sqlite as database
from secboard.tui.app import SecboardApp
from secboard.tui.screens.capture import CaptureScreen
from secboard.tui.screens.edit_request import EditRequestScreen
from secboard.tui.screens.request import RequestScreen
from secboard.workspace import Workspace
from tests.cli_support import run_process
from tests.conftest import FakeClock
from tests.reliability_support import (
    finish,
    integrity_problems,
    read_line,
    send,
    start_driver,
    state,
)
from tests.tui_helpers import board, column_ids, notifications, screen_text, selected_id, settle

SIZE = (160, 45)
BUSY = "the workspace is busy: another secboard is writing to it; nothing was changed, try again"
STALE = (
    "was changed elsewhere since you opened it; refresh to see the latest, nothing was overwritten"
)


def secboard(db: Path, *args: str) -> None:
    """``secboard --db DB ARGS`` in a separate process, which must succeed."""
    process = run_process("--db", str(db), *args)
    assert process.returncode == 0, process.stderr


@pytest.fixture
def no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the app from noticing outside changes by itself (tests call the check)."""
    monkeypatch.setattr("secboard.tui.app.EXTERNAL_POLL_SECONDS", 3_600.0)


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give up on a held lock after 0.2 s instead of 5 s (read when a connection opens)."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)


@pytest.fixture
def lock_holder(db_path: Path) -> Iterator[None]:
    """Another process holding the workspace's write lock (BEGIN IMMEDIATE) meanwhile."""
    Workspace.open(db_path).close()
    holder = start_driver("hold-lock", str(db_path))
    assert read_line(holder) == "locked"
    yield
    assert finish(holder).returncode == 0


# No write is lost --------------------------------------------------------------------------


def test_two_processes_adding_at_once_lose_no_request(db_path: Path):
    Workspace.open(db_path).close()
    writers = [start_driver("add", str(db_path), "40", label) for label in ("left", "right")]
    for writer in writers:
        assert read_line(writer) == "ready"
    for writer in writers:
        send(writer, "go")
    for writer in writers:
        assert read_line(writer) == "done"
        assert finish(writer).returncode == 0

    workspace = Workspace.open(db_path)
    try:
        titles = sorted(card.title for card in workspace.cards())
        ids = [card.id for card in workspace.cards()]
    finally:
        workspace.close()
    expected = sorted(f"{label}-{n}" for label in ("left", "right") for n in range(40))
    assert titles == expected
    assert sorted(ids) == list(range(1, 81))
    assert integrity_problems(db_path) == []


def test_two_processes_moving_one_request_record_every_move(db_path: Path):
    workspace = Workspace.open(db_path)
    request_id = workspace.add({"title": "SSO for the admin console"}).id
    workspace.close()
    movers = [start_driver("toggle", str(db_path), str(request_id), "15") for _ in range(2)]
    for mover in movers:
        assert read_line(mover) == "ready"
    for mover in movers:
        send(mover, "go")
    made = 0
    for mover in movers:
        _done, count, _retried = read_line(mover).split()
        made += int(count)
        assert finish(mover).returncode == 0

    workspace = Workspace.open(db_path)
    try:
        record = workspace.record(request_id)
    finally:
        workspace.close()
    assert made == 30
    assert len(record.history) == 1 + made
    assert record.request.version == 1 + made
    for earlier, later in zip(record.history, record.history[1:], strict=False):
        assert later.from_status is earlier.to_status
    assert record.history[-1].to_status is record.request.status


def test_two_workspaces_in_threads_lose_no_change(db_path: Path, clock: FakeClock):
    shared = Workspace.open(db_path, clock=clock)
    request_id = shared.add({"title": "Pen-test letter"}).id
    shared.close()
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def work(label: str) -> None:
        workspace = Workspace.open(db_path, clock=clock)
        try:
            start.wait()
            for number in range(20):
                workspace.add({"title": f"{label}-{number}"})
                workspace.edit(request_id, {"tags": f"{label}-{number}"})
        except BaseException as error:  # reported below, in the test's own thread
            failures.append(error)
        finally:
            workspace.close()

    threads = [threading.Thread(target=work, args=(label,)) for label in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    workspace = Workspace.open(db_path, clock=clock)
    try:
        titles = {card.title for card in workspace.cards()} - {"Pen-test letter"}
        assert titles == {f"{label}-{n}" for label in "ab" for n in range(20)}
        assert workspace.request(request_id).version == 1 + 40
    finally:
        workspace.close()


# A held lock is reported, not waited on forever ---------------------------------------------


@pytest.mark.usefixtures("short_busy_timeout", "lock_holder")
def test_a_write_that_cannot_get_the_lock_says_busy_and_changes_nothing(
    db_path: Path, clock: FakeClock
):
    workspace = Workspace.open(db_path, clock=clock)
    try:
        attempts = [
            lambda: workspace.add({"title": "Blocked"}),
            lambda: workspace.set_vision("Blocked vision"),
            lambda: workspace.load(workspace.data(), replace=True),
        ]
        for attempt in attempts:
            with pytest.raises(WorkspaceUnavailable) as caught:
                attempt()
            assert str(caught.value) == BUSY
        assert workspace.undo_label is None
    finally:
        workspace.close()

    result = CliRunner().invoke(cli, ["--db", str(db_path), "add", "Blocked too"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {BUSY}\n"


def test_after_the_lock_is_released_the_workspace_is_sound_and_writable(
    db_path: Path, clock: FakeClock, short_busy_timeout: None
):
    workspace = Workspace.open(db_path, clock=clock)
    workspace.add({"title": "Kept"})
    workspace.close()
    before = state(db_path)
    holder = start_driver("hold-lock", str(db_path))
    assert read_line(holder) == "locked"
    workspace = Workspace.open(db_path, clock=clock)
    with pytest.raises(WorkspaceUnavailable):
        workspace.edit(1, {"title": "Lost?"})
    assert finish(holder).returncode == 0

    assert state(db_path) == before
    assert integrity_problems(db_path) == []
    workspace.edit(1, {"title": "Now it works"})
    assert workspace.request(1).title == "Now it works"
    workspace.close()


@pytest.mark.usefixtures("short_busy_timeout")
async def test_tui_capture_while_another_process_holds_the_lock_keeps_the_form(
    db_path: Path, lock_holder: None
):
    workspace = Workspace.open(db_path)
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("n", *"Blocked request", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CaptureScreen)
            assert app.screen.query_one("#field-title Input", Input).value == "Blocked request"
            assert BUSY in notifications(app)
        assert workspace.cards() == []
    finally:
        workspace.close()


# Changes made elsewhere show up ----------------------------------------------------------


def test_a_change_saved_by_another_process_is_read_by_this_one(db_path: Path):
    workspace = Workspace.open(db_path)
    try:
        seen = workspace.external_version()
        secboard(db_path, "add", "From the other terminal", "--customer", "Globex")
        assert workspace.external_version() != seen
        assert [(c.title, c.customer) for c in workspace.cards()] == [
            ("From the other terminal", "Globex")
        ]
    finally:
        workspace.close()


@pytest.mark.usefixtures("no_polling")
async def test_board_shows_another_process_change_on_r(db_path: Path):
    workspace = Workspace.open(db_path)
    workspace.add({"title": "Here first"})
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            secboard(db_path, "add", "Added by another process")
            await pilot.press("r")
            await settle(pilot)
            assert 2 in column_ids(app, Status.INTAKE)
            assert "Added by another" in screen_text(app)
    finally:
        workspace.close()


@pytest.mark.usefixtures("no_polling")
async def test_the_automatic_check_brings_another_process_change_to_the_board(db_path: Path):
    workspace = Workspace.open(db_path)
    workspace.add({"title": "Here first"})
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await app._check_external_changes()
            secboard(db_path, "move", "1", "discovery")
            await app._check_external_changes()
            await settle(pilot)
            assert column_ids(app, Status.INTAKE) == []
            assert column_ids(app, Status.DISCOVERY) == [1]
    finally:
        workspace.close()


@pytest.mark.usefixtures("no_polling")
async def test_the_open_request_shows_another_process_edit_after_the_check(db_path: Path):
    workspace = Workspace.open(db_path)
    workspace.add({"title": "SSO for the admin console"})
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, RequestScreen)
            await app._check_external_changes()
            secboard(db_path, "edit", "1", "--title", "SAML SSO for the admin console")
            await app._check_external_changes()
            await settle(pilot)
            assert "SAML SSO for the admin console" in screen_text(app)
    finally:
        workspace.close()


# A stale edit never overwrites a newer one ----------------------------------------------------


def test_service_edit_based_on_a_stale_version_is_refused_after_another_process_saved(
    db_path: Path,
):
    workspace = Workspace.open(db_path)
    try:
        seen = workspace.add({"title": "SSO", "customer": "Acme"})
        secboard(db_path, "edit", "1", "--customer", "Globex")
        before = workspace.record(1)

        with pytest.raises(Conflict) as caught:
            workspace.edit(1, {"customer": "Initech"}, expected_version=seen.version)

        assert str(caught.value) == f"#1 {STALE}"
        assert workspace.record(1) == before
        assert before.request.customer == "Globex"
    finally:
        workspace.close()


@pytest.mark.usefixtures("no_polling")
async def test_tui_edit_form_saved_after_another_process_changed_the_request(db_path: Path):
    workspace = Workspace.open(db_path)
    workspace.add({"title": "SSO for the admin console", "customer": "Acme"})
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, EditRequestScreen)
            secboard(db_path, "edit", "1", "--customer", "Globex")
            customer = form.query_one("#field-customer Input", Input)
            customer.value = "Initech"
            await pilot.press("ctrl+s")
            await settle(pilot)

            assert app.screen is form
            assert customer.value == "Initech"
            assert f"#1 {STALE}" in notifications(app)
        stored = workspace.request(1)
        assert (stored.customer, stored.version) == ("Globex", 2)
    finally:
        workspace.close()


@pytest.mark.usefixtures("no_polling")
async def test_tui_move_of_a_card_changed_by_another_process_is_refused(db_path: Path):
    workspace = Workspace.open(db_path)
    workspace.add({"title": "SSO for the admin console"})
    app = SecboardApp(workspace)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert selected_id(app) == 1
            secboard(db_path, "edit", "1", "--title", "Changed meanwhile")
            await pilot.press("greater_than_sign")
            await settle(pilot)
            assert f"#1 {STALE}" in notifications(app)
            assert board(app).selected_card() is not None
        record = workspace.record(1)
        assert record.request.status is Status.INTAKE
        assert record.request.title == "Changed meanwhile"
        assert len(record.history) == 1
    finally:
        workspace.close()
