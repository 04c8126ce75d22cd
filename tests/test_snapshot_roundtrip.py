"""Round trips: a snapshot imported and exported again is the same file."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from secboard.cli import cli
from secboard.domain.model import WorkspaceData
from secboard.snapshot import export_snapshot, parse_snapshot, read_snapshot
from secboard.workspace import Workspace
from tests.builders import as_stored
from tests.snapshot_samples import EXPORTED, sample_data, workspaces

_EXPORTED_AT = re.compile(r"^exported_at = .*$", re.MULTILINE)


def without_timestamp(text: str) -> str:
    """A snapshot's text with its ``exported_at`` line blanked."""
    return _EXPORTED_AT.sub("exported_at = …", text)


@settings(max_examples=40, deadline=None)
@given(workspaces())
def test_export_then_import_gives_back_the_same_workspace(data: WorkspaceData) -> None:
    text = export_snapshot(data, exported_at=EXPORTED)

    snapshot = parse_snapshot(text.encode(), "roundtrip.toml")

    assert snapshot.data == data
    assert snapshot.exported_at == EXPORTED
    assert snapshot.redacted is False


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_snapshot_stored_and_exported_again_is_byte_identical(data: WorkspaceData) -> None:
    text = export_snapshot(data, exported_at=EXPORTED)
    stored = Workspace.from_data(parse_snapshot(text.encode()).data, read_only=True)
    try:
        again = export_snapshot(stored.data(), exported_at=EXPORTED)
    finally:
        stored.close()

    assert again == text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_a_stored_workspace_reads_back_with_each_request_s_demand_derived(
    data: WorkspaceData,
) -> None:
    stored = Workspace.from_data(data, read_only=True)
    try:
        assert stored.data() == as_stored(data)
    finally:
        stored.close()


@settings(max_examples=30, deadline=None)
@given(workspaces())
def test_redacted_snapshot_is_still_a_valid_snapshot(data: WorkspaceData) -> None:
    text = export_snapshot(data, exported_at=EXPORTED, redact=True)

    snapshot = parse_snapshot(text.encode())

    assert snapshot.redacted is True
    assert all(record.request.arr is None for record in snapshot.data.records)


def test_whole_numbers_of_weeks_stay_floats() -> None:
    text = export_snapshot(sample_data(), exported_at=EXPORTED)

    assert "estimate_weeks = 3.0\n" in text
    assert "impact = 2.0\n" in text
    assert parse_snapshot(text.encode()).data == sample_data()


def test_demo_workspace_round_trips_through_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    exported, again = tmp_path / "first.toml", tmp_path / "second.toml"

    for args in (
        ["--db", str(first), "demo", "--count", "40"],
        ["--db", str(first), "export", str(exported)],
        ["--db", str(second), "import", str(exported)],
        ["--db", str(second), "export", str(again)],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert "warning" not in result.output

    assert without_timestamp(again.read_text("utf-8")) == without_timestamp(
        exported.read_text("utf-8")
    )
    assert read_snapshot(again) == read_snapshot(exported)


def test_imported_workspace_equals_the_exported_one(workspace: Workspace) -> None:
    workspace.load(sample_data())
    text = export_snapshot(workspace.data(), exported_at=EXPORTED)

    assert parse_snapshot(text.encode()).data == sample_data()


def test_owner_and_signatures_survive_export_and_import_through_a_workspace() -> None:
    text = export_snapshot(sample_data(), exported_at=EXPORTED)
    stored = Workspace.from_data(parse_snapshot(text.encode()).data, read_only=True)
    try:
        data = stored.data()
    finally:
        stored.close()

    assert data == as_stored(sample_data())
    assert data.records[0].request.owner == "Sam Okafor"
    assert data.records[0].request.updated_by == "Priya Nair"
    assert [event.actor for event in data.records[0].history] == ["Priya Nair", "Sam Okafor"]
