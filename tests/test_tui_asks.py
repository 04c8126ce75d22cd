"""Asks on the board and the request screen, driven with the real keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from secboard.domain.asks import Importance
from secboard.domain.board import SortOrder
from secboard.domain.model import Request, Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.ask_form import AskFormScreen
from secboard.tui.screens.confirm import ConfirmScreen
from secboard.tui.screens.merge_into import MergeIntoScreen
from secboard.tui.screens.request import RequestScreen
from secboard.workspace import Workspace
from tests.conftest import FakeClock
from tests.tui_helpers import board, column_ids, notifications, press, screen_text, settle

SIZE = (160, 45)


@pytest.fixture
def asked(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """One request asked for by Acme ($100k), and Globex ($1.2M) known but not asking."""
    workspace = Workspace.open(tmp_path / "asks.db", clock=clock)
    workspace.add({"title": "SSO for the admin console", "customer": "Acme", "arr": "100k"})
    workspace.add_account({"name": "Globex", "arr": "1.2m"})
    yield workspace
    workspace.close()


def only_request(workspace: Workspace) -> Request:
    return workspace.request(workspace.cards()[0].id)


async def open_request(pilot: Pilot[None], app: SecboardApp) -> RequestScreen:
    await settle(pilot)
    await press(pilot, "enter")
    assert isinstance(app.screen, RequestScreen)
    return app.screen


async def tab_to(pilot: Pilot[None], app: SecboardApp, field: str) -> None:
    """Press Tab until the control of the form field ``field`` has the focus."""
    for _ in range(12):
        parent = None if app.focused is None else app.focused.parent
        if parent is not None and parent.id == f"field-{field}":
            return
        await press(pilot, "tab")
    raise AssertionError(f"Tab never reached the {field} field")


async def test_the_card_shows_the_one_account_then_the_count_of_accounts(
    asked: Workspace,
) -> None:
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Acme · $100k · important" in screen_text(app)
        request = only_request(asked)
        asked.add_ask(request.id, {"account": "Globex", "importance": "blocker"})
        asked.add_ask(request.id, {"account": "Initech"}, create_account=True)
        await press(pilot, "r")
        assert "3 accounts · $1.3M · blocker" in screen_text(app)


async def test_a_new_ask_takes_the_account_offered_as_it_is_typed(asked: Workspace) -> None:
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await open_request(pilot, app)
        await press(pilot, "A")
        assert isinstance(app.screen, AskFormScreen)
        await pilot.press(*"glo", "right")
        assert app.screen.query_one("#field-account Input", Input).value == "Globex"
        await tab_to(pilot, app, "quote")
        await pilot.press(*"We cannot renew without SAML.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, RequestScreen)
        request = only_request(asked)
        assert [ask.account for ask in request.asks] == ["Acme", "Globex"]
        assert request.asks[1].quote == "We cannot renew without SAML."
        text = screen_text(app)
        assert "We cannot renew without SAML." in text
        assert "Asks  2 · 2 accounts · $1.3M · important" in text
        await press(pilot, "u")
        assert [ask.account for ask in only_request(asked).asks] == ["Acme"]


async def test_a_bad_date_shows_one_line_on_its_field_and_nothing_is_saved(
    asked: Workspace,
) -> None:
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await open_request(pilot, app)
        await press(pilot, "A")
        await tab_to(pilot, app, "due")
        await pilot.press(*"someday", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AskFormScreen)
        field = app.screen.query_one("#field-due")
        assert field.has_class("-invalid")
        assert "due:" not in screen_text(app)
        assert len(only_request(asked).asks) == 1


async def test_an_unknown_account_is_added_only_when_the_user_says_so(asked: Workspace) -> None:
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await open_request(pilot, app)
        await press(pilot, "A")
        await pilot.press(*"Initech", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "No account called Initech yet" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, AskFormScreen)
        assert app.screen.query_one("#field-account").has_class("-invalid")
        assert len(only_request(asked).asks) == 1
        assert [account.name for account in asked.accounts()] == ["Acme", "Globex"]
        await press(pilot, "ctrl+s", "y")
        assert isinstance(app.screen, RequestScreen)
        assert [ask.account for ask in only_request(asked).asks] == ["Acme", "Initech"]
        assert "Initech" in [account.name for account in asked.accounts()]


async def test_the_selected_ask_is_edited_and_removed_and_undo_brings_it_back(
    asked: Workspace,
) -> None:
    request = only_request(asked)
    asked.add_ask(request.id, {"account": "Globex", "quote": "Needed by Q1"})
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_request(pilot, app)
        await press(pilot, "tab", "j")
        assert screen.query_one("#asks", OptionList).highlighted == 1
        await press(pilot, "E")
        assert isinstance(app.screen, AskFormScreen)
        area = app.screen.query_one("#field-quote TextArea", TextArea)
        assert area.text == "Needed by Q1"
        await tab_to(pilot, app, "quote")
        await pilot.press("end", *", or we walk")
        await press(pilot, "ctrl+s")
        globex = only_request(asked).asks[1]
        assert globex.quote == "Needed by Q1, or we walk"
        await press(pilot, "X")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Take the ask of Globex off" in screen_text(app)
        await press(pilot, "y")
        assert [ask.account for ask in only_request(asked).asks] == ["Acme"]
        assert any("ask removed" in line for line in notifications(app))
        await press(pilot, "u")
        assert [ask.account for ask in only_request(asked).asks] == ["Acme", "Globex"]
        assert "Needed by Q1, or we walk" in screen_text(app)


async def test_a_quote_shows_literally_wrapped_never_as_markup(asked: Workspace) -> None:
    quote = "[bold red]We need[/] SAML " + "and SCIM " * 20 + "\x1b[2J by March."
    request = only_request(asked)
    asked.add_ask(request.id, {"account": "Globex", "quote": quote, "importance": "critical"})
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await open_request(pilot, app)
        text = screen_text(app)
        assert "“[bold red]We need[/] SAML and SCIM" in text
        assert "\x1b" not in text
        assert "␛[2J" in text
        assert "March.”" in text
        assert "critical · other · asked 2026-11-30" in text


async def test_at_80_by_24_tab_brings_the_asks_into_view_and_a_still_answers(
    asked: Workspace,
) -> None:
    request = only_request(asked)
    asked.add_ask(request.id, {"account": "Globex", "quote": "SAML or we walk"})
    asked.step(request.id, forward=True)
    app = SecboardApp(asked)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "l", "enter")
        assert isinstance(app.screen, RequestScreen)
        assert "SAML or we walk" not in screen_text(app)
        await press(pilot, "tab")
        text = screen_text(app)
        assert "“SAML or we walk”" in text
        key = only_request(asked).checklist[0].key
        await press(pilot, "a")
        assert not isinstance(app.screen, AskFormScreen)
        answered = {item.key: item.answer for item in only_request(asked).checklist}
        assert answered[key].value == "na"


async def test_a_changed_importance_raises_the_cards_demand(asked: Workspace) -> None:
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await open_request(pilot, app)
        await press(pilot, "tab", "E")
        assert isinstance(app.screen, AskFormScreen)
        await tab_to(pilot, app, "importance")
        await press(pilot, "enter")
        await pilot.press("end", "enter")
        await press(pilot, "ctrl+s")
        assert only_request(asked).asks[0].importance is Importance.BLOCKER
        await press(pilot, "escape")
        assert "Acme · $100k · blocker" in screen_text(app)


async def test_s_sorts_by_arr_at_stake_then_by_how_many_accounts_ask(asked: Workspace) -> None:
    many = asked.add({"title": "Audit log export", "customer": "Initech", "arr": "10k"})
    asked.add_ask(many.id, {"account": "Acme"})
    asked.add_ask(many.id, {"account": "Umbrella"}, create_account=True)
    rich = asked.add({"title": "Data residency", "customer": "Globex"})
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s", "s")
        assert board(app).model.order is SortOrder.ARR
        assert column_ids(app, Status.INTAKE) == [rich.id, many.id, 1]
        assert "sort: ARR at stake" in screen_text(app)
        await press(pilot, "s")
        assert board(app).model.order is SortOrder.ACCOUNTS
        assert column_ids(app, Status.INTAKE) == [many.id, rich.id, 1]
        assert "sort: accounts asking" in screen_text(app)


async def test_merge_and_add_ask_are_in_the_palette(asked: Workspace) -> None:
    app = SecboardApp(asked)
    async with app.run_test(size=SIZE) as pilot:
        await open_request(pilot, app)
        await press(pilot, "ctrl+p")
        await pilot.press(*"Add ask")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, AskFormScreen)
        await press(pilot, "escape", "ctrl+p")
        await pilot.press(*"Merge into")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, MergeIntoScreen)
