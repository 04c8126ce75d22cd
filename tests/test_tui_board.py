"""The board, driven with the real keys; every change is checked in the store."""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from secboard.domain.board import SortOrder
from secboard.domain.model import Answer, Decision, Status
from secboard.tui import app as app_module
from secboard.tui.app import SecboardApp
from secboard.tui.screens.capture import CaptureScreen
from secboard.tui.screens.confirm import ConfirmScreen
from secboard.tui.screens.decide import DecideScreen
from secboard.tui.screens.edit_request import EditRequestScreen
from secboard.tui.screens.force_move import ForceMoveScreen
from secboard.tui.screens.help import HelpScreen
from secboard.tui.screens.request import RequestScreen
from secboard.tui.screens.roadmap import RoadmapScreen
from secboard.tui.widgets.card_list import CARD_HEIGHT
from secboard.workspace import Workspace
from tests.conftest import FakeClock
from tests.tui_helpers import (
    SETTLE_SECONDS,
    board,
    column_ids,
    highlighted,
    notifications,
    press,
    screen_text,
    selected_id,
    settle,
)

SIZE = (160, 45)


@pytest.fixture
def small(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """A workspace with three requests in intake."""
    workspace = Workspace.open(tmp_path / "small.db", clock=clock)
    for title in ("SSO for the admin console", "Pen-test letter", "SCIM provisioning"):
        clock.advance(minutes=1)
        workspace.add({"title": title, "customer": "Acme", "arr": "100k"})
    yield workspace
    workspace.close()


async def test_board_shows_every_request_in_the_column_of_its_status(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for status in Status:
            expected = {card.id for card in demo.cards() if card.status is status}
            assert set(column_ids(app, status)) == expected
        text = screen_text(app)
        assert "Intake" in text
        assert "Closed" in text
        assert f"{len(demo.cards())} requests" in text


async def test_quick_capture_adds_a_request_to_intake(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, CaptureScreen)
        await pilot.press(*"Audit log export")
        await press(pilot, "enter")
        assert not isinstance(app.screen, CaptureScreen)
        added = [card for card in small.cards() if card.title == "Audit log export"]
        assert len(added) == 1
        assert added[0].status is Status.INTAKE
        assert board(app).selected_card() == added[0]


async def test_capture_refuses_a_blank_title_and_keeps_the_form_open(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await pilot.press("space", "space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaptureScreen)
        assert "must not be empty" in screen_text(app)
        assert len(small.cards()) == 3


async def test_capture_refuses_an_over_long_title_and_keeps_every_character(
    small: Workspace,
) -> None:
    typed = "word " * 50
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#field-title Input", Input).value == typed
        assert "is 249 characters long; at most 200" in screen_text(app)
        assert len(small.cards()) == 3


async def test_the_edit_form_opens_with_the_title_ready_for_typing(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, EditRequestScreen)
        await pilot.press("end", *" (EU)", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EditRequestScreen)
        assert small.request(selected_id(app)).title.endswith(" (EU)")


async def test_the_decide_dialog_scrolls_to_its_last_fields_on_a_small_terminal(
    small: Workspace,
) -> None:
    for card in small.cards():
        small.decide(card.id, Decision.DEFER, rationale="Not this quarter")
    app = SecboardApp(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        assert isinstance(app.screen, DecideScreen)
        await press(pilot, "tab", "tab", "tab")
        assert app.focused is app.screen.query_one("#field-revisit Input", Input)
        assert "Revisit on (defer only)" in screen_text(app)
        await pilot.press(*"2026-02-30", "ctrl+s")
        await settle(pilot)
        assert "is not a real calendar date" in screen_text(app)
        await press(pilot, "tab")
        assert "Close it now (decline or defer)" in screen_text(app)


async def test_number_keys_show_the_main_screens_even_from_an_open_request(
    small: Workspace,
) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RequestScreen)
        await press(pilot, "1")
        assert app.screen is board(app)
        await press(pilot, "enter", "2")
        assert isinstance(app.screen, RoadmapScreen)
        await press(pilot, "1")
        assert app.screen is board(app)


async def test_the_request_screen_shows_a_long_title_whole(small: Workspace) -> None:
    title = "L" * 200
    request = small.add({"title": title})
    app = SecboardApp(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_request(request.id)
        await settle(pilot)
        shown = "".join(line.strip() for line in screen_text(app).splitlines()[:4])
        assert f"#{request.id}{title}" in shown


async def test_move_forward_then_back_applies_the_lifecycle(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        selected = board(app).selected_card()
        assert selected is not None
        await press(pilot, "greater_than_sign")
        moved = small.request(selected.id)
        assert moved.status is Status.DISCOVERY
        assert len(moved.checklist) == 9
        assert board(app).active is Status.DISCOVERY
        assert board(app).selected_card() is not None
        await press(pilot, "less_than_sign")
        assert small.request(selected.id).status is Status.INTAKE
        events = [event.to_status for event in small.record(selected.id).history]
        assert events == [Status.INTAKE, Status.DISCOVERY, Status.INTAKE]


async def test_refused_move_shows_what_is_missing_and_force_records_the_reason(
    small: Workspace,
) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = board(app).selected_card()
        assert card is not None
        await press(pilot, "greater_than_sign", "greater_than_sign")
        assert isinstance(app.screen, ForceMoveScreen)
        text = screen_text(app)
        assert "no decision yet" in text
        assert "9 checklist questions are open" in text
        await pilot.press(*"CEO escalation")
        await press(pilot, "enter")
        assert small.request(card.id).status is Status.COMMITTED
        last = small.record(card.id).history[-1]
        assert last.forced
        assert last.note == "CEO escalation"


async def test_escape_on_a_refused_move_leaves_the_request_where_it_was(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = board(app).selected_card()
        assert card is not None
        await press(pilot, "greater_than_sign", "greater_than_sign", "escape")
        assert small.request(card.id).status is Status.DISCOVERY


async def test_delete_asks_first_and_undo_brings_it_back(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = board(app).selected_card()
        assert card is not None
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Delete #{card.id} {card.title} with its checklist" in screen_text(app)
        await press(pilot, "n")
        assert len(small.cards()) == 3
        await press(pilot, "x", "y")
        assert card.id not in {c.id for c in small.cards()}
        assert card.id not in column_ids(app, Status.INTAKE)
        await press(pilot, "u")
        assert small.request(card.id).title == card.title
        assert card.id in column_ids(app, Status.INTAKE)


async def test_undo_takes_back_a_move(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = board(app).selected_card()
        assert card is not None
        await press(pilot, "greater_than_sign", "u")
        assert small.request(card.id).status is Status.INTAKE
        assert card.id in column_ids(app, Status.INTAKE)


async def test_filter_narrows_every_column_and_escape_clears_it(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"incident")
        await pilot.pause()
        shown = [i for status in Status for i in column_ids(app, status)]
        expected = {c.id for c in demo.cards() if "incident" in (c.source.value, *c.tags)}
        assert shown
        assert set(shown) <= expected | {
            c.id for c in demo.cards() if "incident" in c.title.lower()
        }
        assert "filter: incident" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert sum(len(column_ids(app, s)) for s in Status) == len(demo.cards())


async def test_filter_by_id_finds_one_card(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"#17", "enter")
        await pilot.pause()
        shown = [i for status in Status for i in column_ids(app, status)]
        assert shown == [17]


async def test_sort_cycles_through_the_orders(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board(app).model.order is SortOrder.UPDATED
        await pilot.press("s")
        assert board(app).model.order is SortOrder.SCORE
        cards = board(app).columns[Status.SHIPPED].cards.cards
        scores = [card.score for card in cards if card.score is not None]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("s")
        assert board(app).model.order is SortOrder.ARR


async def test_arrow_and_vim_keys_move_the_cursor(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = board(app)
        await pilot.press("l")
        assert screen.active is Status.DISCOVERY
        await pilot.press("right", "h")
        assert screen.active is Status.DISCOVERY
        await pilot.press("j", "down")
        assert screen.cards.cursor == 2
        await pilot.press("k")
        assert screen.cards.cursor == 1
        await pilot.press("G")
        assert screen.cards.cursor == len(screen.cards.cards) - 1
        await pilot.press("g")
        assert screen.cards.cursor == 0


async def test_tab_moves_to_another_column_and_every_key_then_acts_on_that_one(
    demo: Workspace,
) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        assert highlighted(screen) == [screen.active]
        await press(pilot, "tab", "tab", "G")
        assert screen.active is Status.COMMITTED
        assert highlighted(screen) == [screen.active]
        assert screen.cards.cursor == len(screen.cards.cards) - 1 > 0
        await press(pilot, "home")
        assert screen.cards.cursor == 0
        await press(pilot, "shift+tab", "shift+tab", "end", "pageup")
        assert screen.active is Status.INTAKE
        assert highlighted(screen) == [screen.active]
        assert screen.cards.cursor == len(screen.cards.cards) - 1 - screen.cards.page_size()
        await press(pilot, "l", "l", "l")
        assert screen.active is Status.IN_PROGRESS
        assert highlighted(screen) == [screen.active]


async def test_enter_opens_the_request_and_escape_returns(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = board(app).selected_card()
        assert card is not None
        await press(pilot, "enter")
        assert isinstance(app.screen, RequestScreen)
        assert card.title in screen_text(app)
        await pilot.press("escape")
        assert app.screen is board(app)


async def test_checklist_is_answered_with_single_keys(small: Workspace) -> None:
    card_id = small.cards()[0].id
    small.move(card_id, Status.DISCOVERY)
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "enter")
        await settle(pilot)
        await press(pilot, "y", "n", "a")
        answers = [item.answer for item in small.request(card_id).checklist[:4]]
        assert answers == [Answer.YES, Answer.NO, Answer.NA, Answer.OPEN]
        await pilot.press("k", "o")
        await settle(pilot)
        assert small.request(card_id).checklist[2].answer is Answer.OPEN


async def test_a_note_on_a_checklist_answer_is_saved(small: Workspace) -> None:
    card_id = small.cards()[0].id
    small.move(card_id, Status.DISCOVERY)
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "enter")
        await settle(pilot)
        await press(pilot, "t")
        await pilot.press(*"Contract clause 7.2", "ctrl+s")
        await settle(pilot)
        assert small.request(card_id).checklist[0].note == "Contract clause 7.2"


async def test_decide_records_the_decision_and_closes_a_decline(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card_id = selected_id(app)
        await press(pilot, "d", "enter")
        await pilot.press("down", "down", "down", "down", "enter")
        await pilot.press("tab", *"No evidence of need", "ctrl+s")
        await settle(pilot)
        request = small.request(card_id)
        assert request.decision is Decision.DECLINE
        assert request.rationale == "No evidence of need"
        assert request.status is Status.CLOSED
        assert request.planned_weeks == 0


async def test_edit_form_saves_changes_and_keeps_typing_on_a_bad_value(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card_id = selected_id(app)
        await press(pilot, "e")
        form = app.screen
        arr = form.query_one("#field-arr Input", Input)
        arr.value = "-5"
        customer = form.query_one("#field-customer Input", Input)
        customer.value = "Globex"
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "must be ≥ 0" in screen_text(app)
        assert customer.value == "Globex"
        assert small.request(card_id).customer == "Acme"
        arr.value = "250k"
        await press(pilot, "ctrl+s")
        assert app.screen is not form
        edited = small.request(card_id)
        assert (edited.customer, edited.arr) == ("Globex", 250_000)


async def test_help_lists_every_key_including_remapped_ones(small: Workspace) -> None:
    app = SecboardApp(small, keymap={"board.capture": "c"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Quick capture" in text
        assert "Undo" in text
        await pilot.press("escape")
        await pilot.press("c")
        assert isinstance(app.screen, CaptureScreen)


async def test_unknown_ids_in_the_keymap_are_reported_not_fatal(small: Workspace) -> None:
    app = SecboardApp(small, keymap={"board.nope": "c"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = notifications(app)
        assert any("board.nope" in str(m) for m in messages)


async def test_number_keys_switch_between_the_main_screens(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        assert app.current_mode == "roadmap"
        await press(pilot, "3")
        assert app.current_mode == "metrics"
        await pilot.press("1")
        assert app.current_mode == "board"


async def test_changes_made_elsewhere_show_after_refresh(small: Workspace, tmp_path: Path) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        other = Workspace.open(tmp_path / "small.db")
        added = other.add({"title": "Added by another process"})
        other.close()
        await press(pilot, "r")
        assert added.id in column_ids(app, Status.INTAKE)


async def test_narrow_terminal_shows_fewer_columns_around_the_active_one(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board(app)
        shown = [s for s, column in screen.columns.items() if column.display]
        assert shown == [Status.INTAKE, Status.DISCOVERY, Status.COMMITTED]
        await pilot.press("l", "l", "l", "l")
        shown = [s for s, column in screen.columns.items() if column.display]
        assert Status.SHIPPED in shown
        assert Status.INTAKE not in shown
        assert "more" in screen_text(app)


async def test_at_80_columns_the_hint_of_columns_off_screen_is_shown_whole(
    demo: Workspace,
) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = screen_text(app).splitlines()[0]
        assert "3 more ▶" in bar
        await press(pilot, "l", "l", "l")
        bar = screen_text(app).splitlines()[0]
        assert "◀ 1 more" in bar
        assert "2 more ▶" in bar


async def test_the_palette_finds_a_request_by_its_words_and_opens_it(demo: Workspace) -> None:
    target = next(card for card in demo.cards() if card.customer)
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*f"#{target.id} ")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, RequestScreen)
        assert app.screen.request_id == target.id


async def test_an_empty_workspace_says_how_to_start(workspace: Workspace) -> None:
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "press n to capture one" in screen_text(app)


async def test_a_database_call_made_once_the_app_closed_is_cancelled_quietly(
    small: Workspace,
) -> None:
    # A timer can start a worker (the warm-up, the check for other processes' changes)
    # in the moment the user quits: it must end quietly, not crash the exit.
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

    with pytest.raises(asyncio.CancelledError):
        await app.call(small.cards)


async def test_move_to_picks_any_status_and_applies_the_lifecycle(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        request_id = selected_id(app)
        await press(pilot, "m", "j", "enter")
        assert small.request(request_id).status is Status.DISCOVERY
        assert board(app).active is Status.DISCOVERY
        await press(pilot, "m", "j", "j", "enter")
        assert small.request(request_id).status is Status.DISCOVERY
        assert isinstance(app.screen, ForceMoveScreen)


async def test_z_hides_and_shows_the_closed_column(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        closed = board(app).columns[Status.CLOSED]
        assert closed.display
        await press(pilot, "z")
        assert not closed.display
        assert "closed hidden (z shows it)" in screen_text(app)
        await press(pilot, "z")
        assert closed.display
        assert "closed hidden" not in screen_text(app)


@pytest.fixture
def thirty_asks(workspace: Workspace, clock: FakeClock) -> Workspace:
    """The workspace with 30 more requests in intake: more than a screen of cards."""
    for number in range(30):
        clock.advance(minutes=1)
        workspace.add({"title": f"Ask {number}"})
    return workspace


async def test_page_keys_move_the_cursor_a_page_of_cards(thirty_asks: Workspace) -> None:
    app = SecboardApp(thirty_asks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        cards = board(app).cards
        page = cards.page_size()
        assert page > 1
        await press(pilot, "pagedown")
        assert cards.cursor == page
        await press(pilot, "pageup")
        assert cards.cursor == 0


async def test_the_scrollbar_and_offset_follow_a_column_that_shrinks_or_grows(
    thirty_asks: Workspace,
) -> None:
    workspace = thirty_asks
    app = SecboardApp(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cards = board(app).cards
        await press(pilot, "G")
        assert cards.scroll_y == cards.max_scroll_y > 0
        # Checked at once, before any layout could put things right.
        cards.set_cards(cards.cards[:25])
        assert cards.vertical_scrollbar.window_virtual_size == 25 * CARD_HEIGHT
        assert cards.scroll_y == cards.max_scroll_y
        workspace.add({"title": "One more"})
        await press(pilot, "r")
        assert cards.vertical_scrollbar.window_virtual_size == 31 * CARD_HEIGHT


async def test_q_quits(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_back_from_a_request_the_cursor_is_still_on_it_wherever_it_moved(
    small: Workspace,
) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        request_id = selected_id(app)
        await press(pilot, "enter", "greater_than_sign", "escape")
        assert small.request(request_id).status is Status.DISCOVERY
        assert board(app).active is Status.DISCOVERY
        assert selected_id(app) == request_id
        await press(pilot, "h", "enter", "escape")
        assert board(app).active is Status.INTAKE


async def test_escape_asks_before_throwing_away_what_was_typed(small: Workspace) -> None:
    app = SecboardApp(small)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n", "escape")
        assert not isinstance(app.screen, CaptureScreen)
        await press(pilot, "n")
        await pilot.press(*"Pen-test letter for Acme")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, CaptureScreen)
        assert app.screen.query_one("#field-title Input", Input).value == (
            "Pen-test letter for Acme"
        )
        await press(pilot, "escape", "y")
        assert app.screen is board(app)
        assert len(small.cards()) == 3


async def test_the_warm_up_sets_start_up_objects_aside_until_the_app_ends(
    small: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "WARM_UP_DELAY", 0.001)
    app = SecboardApp(small)
    async with app.run_test() as pilot:
        deadline = time.monotonic() + SETTLE_SECONDS
        # The warm-up runs a moment after the board shows: waited for.
        while gc.get_freeze_count() == 0:
            assert time.monotonic() < deadline, "the warm-up never set anything aside"
            await pilot.pause()
        await settle(pilot)

    assert gc.get_freeze_count() == 0
