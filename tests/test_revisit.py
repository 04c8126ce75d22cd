"""Deferred requests come back when their revisit date comes: a badge, a filter, a list.

A deferral is a promise to look again; when its day has come the card says "↻ revisit",
the board's filter finds it by that word, ``list --revisit`` lists it, and a revisit date
already past when it is given is saved with a warning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from secboard.domain.board import BoardModel, due_for_revisit, revisit_warning
from secboard.domain.model import Decision, Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.decide import DecideScreen
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.conftest import NOW, FakeClock
from tests.test_domain_board import card
from tests.tui_helpers import board, column_ids, notifications, press, screen_text, settle

TODAY = NOW.date()


def deferred(card_id: int, revisit: date | None, status: Status = Status.CLOSED):
    return card(card_id, status, decision=Decision.DEFER, revisit=revisit)


def test_a_deferral_is_due_for_revisit_from_its_date_on() -> None:
    assert due_for_revisit(deferred(1, TODAY), TODAY)
    assert due_for_revisit(deferred(1, TODAY - timedelta(days=30)), TODAY)
    assert not due_for_revisit(deferred(1, TODAY + timedelta(days=1)), TODAY)
    assert not due_for_revisit(deferred(1, None), TODAY)


def test_only_a_deferral_not_shipped_is_due_for_revisit() -> None:
    past = TODAY - timedelta(days=1)
    declined = card(1, Status.CLOSED, decision=Decision.DECLINE, revisit=past)
    assert not due_for_revisit(declined, TODAY)
    assert not due_for_revisit(deferred(2, past, Status.SHIPPED), TODAY)
    assert due_for_revisit(deferred(3, past, Status.DISCOVERY), TODAY)


def test_a_revisit_date_in_the_past_is_warned_about() -> None:
    warning = revisit_warning(TODAY - timedelta(days=3), TODAY)
    assert warning is not None
    assert "in the past" in warning
    assert (TODAY - timedelta(days=3)).isoformat() in warning
    assert revisit_warning(TODAY, TODAY) is None
    assert revisit_warning(None, TODAY) is None


def test_the_board_filter_finds_cards_due_for_revisit_by_their_badge_word() -> None:
    cards = [
        deferred(1, TODAY - timedelta(days=2)),
        deferred(2, TODAY + timedelta(days=20)),
        card(3, Status.CLOSED, decision=Decision.DECLINE),
    ]
    model = BoardModel(cards, today=TODAY)
    model.set_filter("revisit")
    assert [c.id for c in model.columns[Status.CLOSED]] == [1]

    model.set_today(TODAY + timedelta(days=30))
    assert sorted(c.id for c in model.columns[Status.CLOSED]) == [1, 2]


@pytest.fixture
def workspace(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """Two deferred requests: one due for revisit today, one next quarter."""
    workspace = Workspace.open(tmp_path / "ws.db", clock=clock)
    for title, revisit in (("Bug bounty programme", "+0d"), ("SOC 2 Type II", "+90d")):
        request = workspace.add({"title": title})
        workspace.decide(request.id, Decision.DEFER, rationale="Not this half", revisit=revisit)
    yield workspace
    workspace.close()


def test_list_revisit_lists_only_what_is_due(workspace: Workspace) -> None:
    cli = Cli(workspace.path)  # type: ignore[arg-type]
    rows = json.loads(cli.ok("list", "--revisit", "--format", "json").stdout)
    assert [row["title"] for row in rows] == ["Bug bounty programme"]


def test_deciding_with_a_past_revisit_date_saves_and_warns(workspace: Workspace) -> None:
    cli = Cli(workspace.path)  # type: ignore[arg-type]
    result = cli.ok("decide", "2", "defer", "--rationale", "Later", "--revisit", "2020-01-01")
    assert "#2: decided defer" in result.stderr
    assert "warning: the revisit date 2020-01-01 is in the past" in result.stderr
    assert cli.shown(2)["revisit"] == "2020-01-01"


async def test_a_card_due_for_revisit_has_a_badge_and_the_filter_finds_it(
    workspace: Workspace,
) -> None:
    app = SecboardApp(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert screen_text(app).count("↻ revisit") == 1
        await press(pilot, "slash", *"revisit", "enter")
        assert column_ids(app, Status.INTAKE) == [1]


async def test_the_decide_dialog_warns_of_a_past_revisit_date_and_saves(
    workspace: Workspace,
) -> None:
    app = SecboardApp(workspace)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        assert isinstance(app.screen, DecideScreen)
        revisit = app.screen.query_one("#field-revisit Input")
        revisit.focus()
        await press(pilot, "ctrl+a", "ctrl+k", *"2020-01-01", "ctrl+s")
        assert not isinstance(app.screen, DecideScreen)
        decided = board(app).selected_card()
        notices = notifications(app)
    assert any("the revisit date 2020-01-01 is in the past" in notice for notice in notices)
    assert decided is not None
    assert workspace.request(decided.id).revisit == date(2020, 1, 1)
