"""The metrics screen, the snapshot dialogs of the palette, and the read-only viewer."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Checkbox, Input
from textual_plotext import PlotextPlot

from secboard.demo import generate
from secboard.domain.metrics import compute_metrics
from secboard.domain.model import Status
from secboard.snapshot import export_snapshot, read_snapshot
from secboard.tui.app import SecboardApp
from secboard.tui.screens.metrics import MetricsScreen
from secboard.tui.screens.objectives import ObjectivesScreen
from secboard.tui.screens.request import RequestScreen
from secboard.tui.screens.snapshot_dialog import ExportDialog, ImportDialog
from secboard.tui.widgets.metric_charts import draw_cycle_time
from secboard.workspace import Workspace
from tests.conftest import NOW
from tests.metrics_scenario import AS_OF, domain_objects
from tests.snapshot_samples import gate_skipping_data
from tests.tui_helpers import board, column_ids, notifications, press, screen_text, settle

SIZE = (160, 45)


async def test_metrics_screen_tells_the_story_at_a_glance(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        assert isinstance(app.screen, MetricsScreen)
        metrics = demo.metrics()
        text = screen_text(app)
        assert f"{metrics.wip}" in text
        assert "avoided" in text
        assert "saved" not in text
        assert "ARR unblocked" in text
        assert "Little's law" in text
        assert "Throughput: finished per week" in text
        assert "Cumulative flow" in text
        assert "Aging work in progress" in text
        oldest = metrics.aging_wip[0]
        assert f"#{oldest.id}" in text


def test_the_cycle_time_chart_counts_days_from_zero() -> None:
    # The shortest cycle time is 0.25 days: a bar centred on it would start the axis at -1.
    plot = PlotextPlot()
    draw_cycle_time(plot, compute_metrics(*domain_objects(), AS_OF))
    plot.plt.plotsize(70, 16)
    plot.plt.theme("clear")

    lines = plot.plt.uncolorize(plot.plt.build()).splitlines()

    frame = next(number for number, line in enumerate(lines) if "└" in line)
    days = lines[frame + 1].split()
    assert days[0] == "0"
    assert all(float(day) >= 0 for day in days)
    assert lines[frame - 1].lstrip().startswith("0┤")


def tile_below(lines: list[str], label: str) -> str:
    """What the tile labelled ``label`` says on its next line."""
    row = next(number for number, line in enumerate(lines) if label in line)
    return lines[row + 1][lines[row].index(label) :].split("▌")[0].strip()


async def test_tiles_say_what_they_count_in_80_columns(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        lines = screen_text(app).splitlines()
        assert tile_below(lines, "stuck > p85") == "cycle time"
        assert tile_below(lines, "declined or") == "deferred"
        assert tile_below(lines, "avoided") == "by discovery"


async def test_metrics_screen_catches_up_after_a_change_on_the_board(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        screen = app.screen
        assert isinstance(screen, MetricsScreen)
        assert screen.metrics is not None
        wip_before = screen.metrics.wip
        await pilot.press("1")
        intake = column_ids(app, Status.INTAKE)
        assert intake
        await press(pilot, "greater_than_sign", "3")
        assert screen.metrics.wip == wip_before + 1


async def test_enter_on_the_aging_list_opens_the_request(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "enter")
        assert isinstance(app.screen, RequestScreen)


async def test_export_through_the_palette_writes_a_private_snapshot(
    demo: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "shared.toml"
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await pilot.press(*"Export snapshot")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#field-path Input", Input).value = str(target)
        app.screen.query_one(Checkbox).value = True
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ExportDialog)
    document = tomllib.loads(target.read_text(encoding="utf-8"))
    assert document["redacted"] is True
    assert len(document["requests"]) == 40
    assert target.stat().st_mode & 0o777 == 0o600


async def open_export_dialog(pilot: Pilot[None], target: Path) -> ExportDialog:
    """Open the export dialog through the palette and type ``target`` as its file."""
    await press(pilot, "ctrl+p")
    await pilot.press(*"Export snapshot")
    await settle(pilot)
    await press(pilot, "enter")
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    dialog.query_one("#field-path Input", Input).value = str(target)
    return dialog


async def test_enter_on_the_redact_option_exports_redacted(demo: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "shared.toml"
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_export_dialog(pilot, target)
        assert "Redact: off" in screen_text(app)
        await press(pilot, "tab", "space")
        assert "Redact: on — customers, requesters and amounts replaced" in screen_text(app)
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportDialog)
        assert f"Exported 40 requests to {target} (redacted)" in notifications(app)
    assert tomllib.loads(target.read_text(encoding="utf-8"))["redacted"] is True


async def test_space_switches_the_redact_option_back_off_and_the_notice_says_so(
    demo: Workspace, tmp_path: Path
) -> None:
    target = tmp_path / "internal.toml"
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_export_dialog(pilot, target)
        await press(pilot, "tab", "space", "space")
        assert "Redact: off — real customer names, requesters and ARR" in screen_text(app)
        await press(pilot, "shift+tab", "enter")
        assert f"Exported 40 requests to {target} (not redacted)" in notifications(app)
    assert tomllib.loads(target.read_text(encoding="utf-8"))["redacted"] is False


async def test_a_redacted_workspace_offers_only_a_redacted_export(
    demo: Workspace, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.toml"
    demo.export_to(shared, redact=True)
    demo.load(read_snapshot(shared), replace=True)
    target = tmp_path / "again.toml"
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = await open_export_dialog(pilot, target)
        assert "Redact: on — always: this workspace came redacted" in screen_text(app)
        assert dialog.query_one(Checkbox).disabled
        await press(pilot, "enter")
        assert f"Exported 40 requests to {target} (redacted)" in notifications(app)
    assert tomllib.loads(target.read_text(encoding="utf-8"))["redacted"] is True


async def open_import_dialog(pilot: Pilot[None], app: SecboardApp, path: Path) -> None:
    """Open the import dialog from the palette, as a person would, with ``path`` typed in."""
    await press(pilot, "ctrl+p")
    await pilot.press(*"Import snapshot")
    await settle(pilot)
    await press(pilot, "enter")
    app.screen.query_one("#field-path Input", Input).value = str(path)


async def test_import_of_a_broken_file_lists_the_problems_and_changes_nothing(
    demo: Workspace, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(
        'format = "secboard-snapshot"\nversion = 1\n[[requests]]\nid = 1\ntitle = ""\n'
        'source = "partner"\nstatus = "intake"\narr = -5\n',
        encoding="utf-8",
    )
    before = demo.data()
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_import_dialog(pilot, app, broken)
        assert isinstance(app.screen, ImportDialog)
        app.screen.query_one(Checkbox).value = True
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ImportDialog)
        text = screen_text(app)
        assert "nothing changed" in text
        assert "requests[0]" in text
    assert demo.data() == before


async def test_import_through_the_palette_replaces_the_workspace_after_a_backup(
    demo: Workspace, tmp_path: Path
) -> None:
    other = Workspace.open(tmp_path / "other.db", clock=lambda: NOW)
    other.load(generate(7, 9, NOW))
    source = tmp_path / "seven.toml"
    other.export_to(source)
    other.close()
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_import_dialog(pilot, app, source)
        assert "Replace: off" in screen_text(app)
        await press(pilot, "tab", "space", "enter")
        assert board(app).model.total == 7
    assert len(demo.cards()) == 7
    assert len(demo.backups()) == 1


async def test_import_warns_of_a_move_that_skipped_the_commit_gate(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "skips.toml"
    source.write_text(export_snapshot(gate_skipping_data(), exported_at=NOW), encoding="utf-8")
    app = SecboardApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_import_dialog(pilot, app, source)
        await press(pilot, "enter")
        assert board(app).model.total == 3
        assert (
            "1 recorded move skips a lifecycle gate (imported as recorded); first: "
            "requests[2] (#14).history[1]: intake → shipped is not forced"
        ) in notifications(app)[-1]


async def test_the_viewer_is_read_only_and_says_so(demo: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "snap.toml"
    demo.export_to(source)
    viewer = Workspace.from_data(read_snapshot(source), read_only=True, clock=lambda: NOW)
    app = SecboardApp(viewer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert board(app).model.total == 40
        for key in ("n", "greater_than_sign", "d", "e", "x", "u"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is board(app)
        messages = notifications(app)
        assert any("read-only snapshot" in m for m in messages)
        await press(pilot, "2", "3")
        assert "Aging work in progress" in screen_text(app)
    assert viewer.path is None
    assert len(viewer.cards()) == 40


async def test_the_aging_list_moves_with_j_and_k(demo: Workspace) -> None:
    app = SecboardApp(demo)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3", "j", "j", "k", "enter")
        screen = app.screen
        assert isinstance(screen, RequestScreen)
        assert screen.request_id == demo.metrics().aging_wip[1].id


async def test_viewing_a_redacted_snapshot_shows_arr_as_redacted_not_zero(
    demo: Workspace, tmp_path: Path
) -> None:
    source = tmp_path / "shared.toml"
    demo.export_to(source, redact=True)
    viewer = Workspace.from_data(read_snapshot(source), read_only=True, clock=lambda: NOW)
    app = SecboardApp(viewer)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        metrics = screen_text(app)
        await press(pilot, "2")
        roadmap = screen_text(app)
        await press(pilot, "O")
        assert isinstance(app.screen, ObjectivesScreen)
        objectives = screen_text(app)

    assert "$0" not in metrics
    assert metrics.count("redacted") == 2
    assert "ARR unblocked" in metrics
    assert "ARR redacted" in roadmap
    assert "$0" not in roadmap
    assert "ARR redacted" in objectives
    assert "$0" not in objectives
