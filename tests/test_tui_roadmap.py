"""The roadmap screen, driven with the real keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from secboard.domain.model import Horizon, Status
from secboard.tui.app import SecboardApp
from secboard.tui.screens.link_objective import LinkObjectiveScreen
from secboard.tui.screens.objective_form import ObjectiveForm
from secboard.tui.screens.objectives import ObjectivesScreen
from secboard.tui.screens.request import RequestScreen
from secboard.tui.screens.roadmap import RoadmapScreen
from secboard.workspace import Workspace
from tests.conftest import FakeClock
from tests.tui_helpers import press, screen_text, settle

SIZE = (160, 45)


@pytest.fixture
def planned(tmp_path: Path, clock: FakeClock) -> Iterator[Workspace]:
    """Two committed requests in Next (one linked to O1) and one in progress in Now."""
    workspace = Workspace.open(tmp_path / "roadmap.db", clock=clock)
    workspace.add_objective("Unblock EMEA deals", key="O1")
    workspace.set_vision("Security that sales can sell [bold].")
    for title, horizon, objective in (
        ("SSO for admins", "next", "O1"),
        ("Audit log export", "next", None),
        ("SCIM", "now", None),
    ):
        request = workspace.add(
            {
                "title": title,
                "reach": "10",
                "impact": "2",
                "confidence": "80",
                "estimate_weeks": "2",
            }
        )
        workspace.move(request.id, Status.COMMITTED, force=True, reason="test setup")
        workspace.edit(request.id, {"horizon": horizon, "objective": objective})
    yield workspace
    workspace.close()


def roadmap(app: SecboardApp) -> RoadmapScreen:
    screen = app.screen
    assert isinstance(screen, RoadmapScreen)
    return screen


async def open_roadmap(pilot: object, app: SecboardApp) -> RoadmapScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("2")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    return roadmap(app)


async def test_roadmap_shows_vision_lanes_and_the_unlinked_group(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, app)
        text = screen_text(app)
        assert "Security that sales can sell [bold]." in text
        assert "Now  1" in text
        assert "Next  2" in text
        assert "No objective" in text
        assert "O1 Unblock EMEA deals" in text


async def test_moving_a_request_from_next_to_now(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_roadmap(pilot, app)
        await pilot.press("l")
        assert screen.focused is screen.lane_list(Horizon.NEXT)
        selected = screen.selected_ref()
        assert selected is not None
        await press(pilot, "less_than_sign")
        assert planned.request(selected[0]).horizon is Horizon.NOW
        assert screen.focused is screen.lane_list(Horizon.NOW)
        assert screen.selected_ref() is not None
        assert screen.selected_ref()[0] == selected[0]  # type: ignore[index]


async def test_linking_a_request_to_an_objective_with_the_keyboard(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_roadmap(pilot, app)
        selected = screen.selected_ref()
        assert selected is not None
        assert planned.request(selected[0]).objective is None
        await pilot.press("o")
        assert isinstance(app.screen, LinkObjectiveScreen)
        await press(pilot, "enter")
        assert planned.request(selected[0]).objective == "O1"


async def test_score_breakdown_of_the_selected_request_is_shown(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, app)
        assert "10 × 2 × 80% ÷ 2w (estimate) = 8.0" in screen_text(app)


async def test_objectives_can_be_added_and_closed_from_the_roadmap(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, app)
        await press(pilot, "O")
        assert isinstance(app.screen, ObjectivesScreen)
        await pilot.press("a")
        assert isinstance(app.screen, ObjectiveForm)
        await pilot.press(*"Pass SOC 2", "ctrl+s")
        await settle(pilot)
        assert [o.title for o in planned.objectives()] == ["Unblock EMEA deals", "Pass SOC 2"]
        listing = app.screen.query_one(OptionList)
        assert listing.highlighted == 1
        await press(pilot, "c")
        assert planned.objectives()[1].status.value == "done"
        await pilot.press("escape")
        assert isinstance(app.screen, RoadmapScreen)


async def test_vision_is_edited_from_the_roadmap(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, app)
        await press(pilot, "v")
        await pilot.press("end")
        await pilot.press(*" Every ask answered in a week.", "ctrl+s")
        await settle(pilot)
        assert planned.vision().endswith("Every ask answered in a week.")
        assert "Every ask answered in a week." in screen_text(app)


async def test_enter_opens_the_selected_request(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, app)
        await press(pilot, "enter")
        assert isinstance(app.screen, RequestScreen)


async def test_the_line_under_the_lanes_follows_the_lane_change(planned: Workspace) -> None:
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_roadmap(pilot, app)
        for key in ("l", "h", "right"):
            await press(pilot, key)
            selected = screen.selected_ref()
            assert selected is not None
            detail = str(screen.query_one("#roadmap-detail").render())
            assert detail.startswith(f"#{selected[0]} RICE"), key


async def test_the_objectives_list_moves_with_j_and_k(planned: Workspace) -> None:
    planned.add_objective("Pass SOC 2", key="O2")
    app = SecboardApp(planned)
    async with app.run_test(size=SIZE) as pilot:
        await open_roadmap(pilot, app)
        await press(pilot, "O")
        listing = app.screen.query_one(OptionList)
        assert listing.highlighted == 0
        await press(pilot, "j")
        assert listing.highlighted == 1
        await press(pilot, "e")
        assert isinstance(app.screen, ObjectiveForm)
        assert app.screen.objective is not None
        assert app.screen.objective.key == "O2"
        await press(pilot, "escape", "k")
        assert listing.highlighted == 0
