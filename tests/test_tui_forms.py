"""Forms never show hidden characters raw, and never change what was not edited."""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.widgets import Input

from secboard.tui.app import SecboardApp
from secboard.tui.screens.capture import CaptureScreen
from secboard.tui.screens.request import RequestScreen
from secboard.workspace import Workspace
from tests.tui_helpers import press, screen_text, settle

SIZE = (160, 45)
HIDDEN_TITLE = "Audit \x1b[31mred\x1b[0m \u202eevil\u200b"


async def test_editing_one_field_leaves_hidden_characters_elsewhere_exactly_as_stored(
    workspace: Workspace,
) -> None:
    request = workspace.add({"title": HIDDEN_TITLE, "customer": "Acme"})
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "e")
        title_box = app.screen.query_one("#field-title Input", Input)
        assert "\x1b" not in title_box.value
        assert "␛" in title_box.value
        app.screen.query_one("#field-customer Input", Input).value = "Globex"
        await press(pilot, "ctrl+s")
    edited = workspace.request(request.id)
    assert edited.customer == "Globex"
    assert edited.title == HIDDEN_TITLE


async def test_pasted_control_characters_become_visible_and_are_saved_as_shown(
    workspace: Workspace,
) -> None:
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, CaptureScreen)
        box = app.screen.query_one("#field-title Input", Input)
        box.post_message(events.Paste("Evil\x1b[2J title\u202e"))
        await settle(pilot)
        assert box.value == "Evil␛[2J title\ufffd"
        await press(pilot, "enter")
    assert [card.title for card in workspace.cards()] == ["Evil␛[2J title\ufffd"]


async def test_text_pasted_into_a_text_area_keeps_line_breaks_but_shows_escapes(
    workspace: Workspace,
) -> None:
    from textual.widgets import TextArea

    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2", "v")
        area = app.screen.query_one(TextArea)
        area.post_message(events.Paste("line one\n\x1b]0;pwned\x07line two"))
        await settle(pilot)
        assert area.text == "line one\n␛]0;pwned␇line two"
        await press(pilot, "ctrl+s")
    assert workspace.vision() == "line one\n␛]0;pwned␇line two"


@pytest.mark.sqlite_only  # signed by $SECBOARD_USER; on a server, by the role
async def test_the_owner_typed_in_the_edit_form_shows_on_the_request_screen(
    workspace: Workspace,
) -> None:
    request = workspace.add({"title": "SSO for the admin console", "requester": "Dana"})
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "e")
        app.screen.query_one("#field-owner Input", Input).focus()
        await press(pilot, *"Ana", "ctrl+s")
        assert isinstance(app.screen, RequestScreen)
        text = screen_text(app)
        assert re.search(r"Owner +Ana\b", text)
        assert re.search(r"Updated by +pm\b", text)
    assert workspace.request(request.id).owner == "Ana"


@pytest.mark.sqlite_only  # signed by $SECBOARD_USER; on a server, by the role
async def test_the_history_says_who_made_each_change(workspace: Workspace) -> None:
    workspace.add({"title": "Audit log export"})
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "greater_than_sign")
        assert isinstance(app.screen, RequestScreen)
        text = screen_text(app)
        assert re.search(r"Intake → \w+.* by pm\b", text)
        assert re.search(r"created in Intake +by pm\b", text)


async def test_an_owner_is_shown_as_text_never_as_markup(workspace: Workspace) -> None:
    request = workspace.add({"title": "Key rotation"})
    workspace.edit(request.id, {"owner": "[bold]Eve[/bold]"})
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert "Owner        [bold]Eve[/bold]" in screen_text(app)
