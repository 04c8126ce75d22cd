"""The accounts screen, an account's page, and quick capture finding a duplicate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from secboard.tui.app import SecboardApp
from secboard.tui.screens.account_page import AccountPageScreen
from secboard.tui.screens.accounts import AccountsScreen
from secboard.tui.screens.capture import CaptureScreen
from secboard.tui.screens.confirm import ConfirmScreen
from secboard.tui.screens.request import RequestScreen
from secboard.tui.widgets.item_table import ItemTable
from secboard.workspace import Workspace
from tests.conftest import FakeClock
from tests.tui_helpers import board, notifications, press, screen_text, settle, until

SIZE = (160, 45)


@pytest.fixture
def accounts(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """Globex ($1.2M) asked twice, Acme ($100k) once; Initech has no ARR and no asks."""
    workspace = Workspace.open(tmp_path / "accounts.db", clock=clock)
    sso = workspace.add({"title": "SSO/SAML for the admin console", "customer": "Acme"})
    letter = workspace.add({"title": "Pen-test letter", "customer": "Globex", "arr": "1.2m"})
    workspace.edit_account("Acme", {"arr": "100k"})
    workspace.add_ask(
        sso.id,
        {"account": "Globex", "importance": "blocker", "due": "2026-12-20", "quote": "[b]now[/b]"},
    )
    workspace.step(letter.id, forward=True)
    workspace.add_account({"name": "Initech", "kind": "prospect"})
    yield workspace
    workspace.close()


def rows(app: SecboardApp) -> list[list[str]]:
    table = app.screen.query_one("#accounts-table", ItemTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


async def test_4_shows_the_accounts_by_arr_with_where_their_asks_stand(
    accounts: Workspace,
) -> None:
    app = SecboardApp(accounts)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        assert isinstance(app.screen, AccountsScreen)
        assert rows(app) == [
            ["Globex", "customer", "$1.2M", "2", "0", "0", "0", "2026-12-20"],
            ["Acme", "customer", "$100k", "1", "0", "0", "0", "–"],
            ["Initech", "prospect", "–", "0", "0", "0", "0", "–"],
        ]
        assert "4 Accounts" in screen_text(app)
        await press(pilot, "1")
        assert app.screen is board(app)


async def test_enter_shows_every_ask_of_the_account_and_then_its_request(
    accounts: Workspace,
) -> None:
    app = SecboardApp(accounts)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "4", "enter")
        assert isinstance(app.screen, AccountPageScreen)
        text = screen_text(app)
        assert "Globex" in text
        assert "2 asks: 2 open" in text
        assert "#2 Pen-test letter" in text
        assert "#1 SSO/SAML for the admin console" in text
        assert "open (discovery) · important" in text
        assert "blocker · asked 2026-11-30 · due 2026-12-20" in text
        assert "“[b]now[/b]”" in text
        await press(pilot, "j", "enter")
        assert isinstance(app.screen, RequestScreen)
        assert app.screen.request_id == 1
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, AccountsScreen)


async def test_an_ask_removed_from_its_request_leaves_the_page_and_undo_brings_it_back(
    accounts: Workspace,
) -> None:
    app = SecboardApp(accounts)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "4", "enter", "j", "enter")
        assert isinstance(app.screen, RequestScreen)
        await press(pilot, "tab", "j", "X", "y", "escape")
        assert isinstance(app.screen, AccountPageScreen)
        assert "#1 SSO/SAML" not in screen_text(app)
        assert "1 ask: 1 open" in screen_text(app)
        await press(pilot, "u")
        assert "#1 SSO/SAML" in screen_text(app)


async def test_no_accounts_says_how_to_add_them_at_80_by_24(workspace: Workspace) -> None:
    app = SecboardApp(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        text = " ".join(line.strip() for line in screen_text(app).splitlines())
        assert "No accounts yet." in text
        assert "press A to add who asked" in text
        assert "secboard account add NAME" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, AccountsScreen)


async def test_capture_of_a_duplicate_offers_to_add_an_ask_there(accounts: Workspace) -> None:
    app = SecboardApp(accounts)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await pilot.press(*"SAML SSO for the admin console", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert isinstance(app.screen, ConfirmScreen)
        question = "Looks like #1 SSO/SAML for the admin console — add as an ask there?"
        assert app.screen.question == question
        assert "Add as an ask (y)" in screen_text(app)
        await press(pilot, "y")
        assert not isinstance(app.screen, CaptureScreen)
        assert len(accounts.cards()) == 2
        assert len(accounts.request(1).asks) == 3
        assert accounts.request(1).asks[-1].quote == "SAML SSO for the admin console"
        assert "Added an ask to #1 — open it to say who asked" in notifications(app)
        await press(pilot, "u")
        assert len(accounts.request(1).asks) == 2


async def test_capture_of_a_duplicate_can_still_be_a_new_request(accounts: Workspace) -> None:
    app = SecboardApp(accounts)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await pilot.press(*"SAML SSO for the admin console", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await press(pilot, "n")
        assert not isinstance(app.screen, CaptureScreen)
        titles = [card.title for card in accounts.cards()]
        assert "SAML SSO for the admin console" in titles
        assert len(accounts.request(1).asks) == 2


async def test_account_names_with_markup_and_escapes_show_literally(workspace: Workspace) -> None:
    name = "[red]Evil[/red] Corp\x1b[31m"
    workspace.add({"title": "Hostile names", "customer": name, "arr": "5k"})
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "[red]Evil[/red] Corp␛[31m · $5k" in screen_text(app)
        await press(pilot, "4")
        assert rows(app)[0][0] == "[red]Evil[/red] Corp␛[31m"
        await press(pilot, "enter")
        text = screen_text(app)
        assert "[red]Evil[/red] Corp␛[31m  customer · ARR $5k" in text
        assert "\x1b" not in text
