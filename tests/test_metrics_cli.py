"""``secboard metrics`` and ``Workspace.metrics`` on a workspace built through the API."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from secboard.domain.flow import flow_cards_of
from secboard.domain.metrics import compute_metrics
from secboard.domain.model import Status
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.conftest import FakeClock
from tests.metrics_scenario import (
    AS_OF,
    EXPECTED,
    EXPECTED_AGING,
    EXPECTED_ASKS,
    EXPECTED_LITTLES_LAW,
    build_workspace,
    domain_objects,
    moment,
)


@pytest.fixture
def scenario(workspace: Workspace, clock: FakeClock) -> Workspace:
    """The hand-computed scenario, told through the workspace API."""
    build_workspace(workspace, clock)
    return workspace


def test_metrics_json_as_of_gives_the_hand_computed_figures(
    scenario: Workspace, database_url: Path | str
) -> None:
    output = Cli(database_url).ok("metrics", "--format", "json", "--as-of", "2026-11-26T12:00:00Z")

    figures = json.loads(output.stdout)
    assert {key: figures[key] for key in EXPECTED} == EXPECTED
    assert {key: figures[key] for key in EXPECTED_ASKS} == EXPECTED_ASKS
    assert figures["littles_law"] == EXPECTED_LITTLES_LAW
    assert figures["aging_wip"] == EXPECTED_AGING


def test_forced_commit_through_the_workspace_is_recorded_and_counted(scenario: Workspace) -> None:
    forced = [event for event in scenario.record(3).history if event.forced]

    assert [event.to_status.value for event in forced] == ["committed"]
    assert scenario.metrics(AS_OF).to_dict()["wip"] == EXPECTED["wip"]


def test_workspace_metrics_equal_the_domain_objects(scenario: Workspace) -> None:
    assert scenario.metrics(AS_OF) == compute_metrics(*domain_objects(), AS_OF)


def test_a_snapshot_of_the_workspace_gives_the_same_metrics(scenario: Workspace) -> None:
    data = scenario.data()
    snapshot = Workspace.from_data(data, read_only=True)

    assert snapshot.metrics(AS_OF) == scenario.metrics(AS_OF)
    histories = {record.request.id: record.history for record in data.records}
    assert compute_metrics(flow_cards_of(data), histories, AS_OF) == scenario.metrics(AS_OF)


def test_an_account_that_asked_twice_counts_once_through_the_workspace(
    scenario: Workspace, clock: FakeClock
) -> None:
    # Initech asks on #6 too, due soon: it was at risk already and adds nothing.
    clock.moment = moment("11-24 00:00")
    scenario.add_ask(6, {"account": "Initech", "asked_on": "2026-11-24", "due": "2026-12-20"})
    # Umbrella's ARR grows: at risk once, at its new ARR.
    scenario.edit_account("Umbrella", {"arr": 45_000})

    figures = scenario.metrics(AS_OF).to_dict()
    assert figures["arr_at_risk"] == 200_000 + 45_000
    assert figures["multi_account_share"] == round(2 / 6, 4)


def test_workspace_metrics_default_to_the_workspace_clock(
    scenario: Workspace, clock: FakeClock
) -> None:
    clock.moment = AS_OF

    assert scenario.metrics() == scenario.metrics(AS_OF)


def test_as_of_a_date_means_the_end_of_that_day(
    scenario: Workspace, database_url: Path | str
) -> None:
    output = Cli(database_url).ok("metrics", "--format", "json", "--as-of", "2026-11-26")

    figures = json.loads(output.stdout)
    assert figures["as_of"] == "2026-11-26T23:59:59Z"
    assert figures == scenario.metrics(moment("2026-11-26T23:59:59")).to_dict()


@pytest.mark.parametrize("value", ["yesterday-ish", "2026-13-01", "26/11/2026"])
def test_bad_as_of_is_refused_in_one_line(database_url: Path | str, value: str) -> None:
    error = Cli(database_url).refused("metrics", "--as-of", value)

    assert error.startswith("error: --as-of: ")
    assert value in error


def test_text_report_shows_headline_flow_and_throughput(
    scenario: Workspace, database_url: Path | str
) -> None:
    text = Cli(database_url).ok("metrics", "--as-of", "2026-11-26T12:00:00Z").stdout

    assert "Metrics as of 2026-11-26 12:00 UTC (6 requests)" in text
    assert "$100k" in text  # revenue unblocked
    assert "$230k" in text  # ARR at risk
    assert "  Declined or deferred 40.0%  of 5 decided\n" in text
    assert "  Several accounts     16.7%  of requests asked for by more than one account" in text
    assert "  Declined, no account     1  declined requests that no account asked for" in text
    assert "Asks per ISO week, by channel" in text
    assert "  2026-W47      4      1      1       0      1             0      1      0\n" in text
    assert "2026-W47      2  " + "#" * 30 in text
    assert "  2026-W48      0\n" in text
    assert "#3  in_progress    15.5d ! Story 3" in text
    cycle_line = next(line for line in text.splitlines() if "Cycle time" in line)
    assert cycle_line.split()[2:] == ["5.0d", "10.6d", "12.2d", "6.1d"]
    assert "0.41 avg WIP ÷ 0.037/day = 11.0d predicted vs 6.1d measured (81 days)" in text


def test_text_report_of_an_empty_workspace_shows_dashes(database_url: Path | str) -> None:
    text = Cli(database_url).ok("metrics").stdout

    assert "(0 requests)" in text
    assert "Cycle time" in text
    cycle_line = next(line for line in text.splitlines() if "Cycle time" in line)
    assert cycle_line.split()[2:] == ["–", "–", "–", "–"]
    assert "nothing finished in the window" in text


def test_json_report_of_an_empty_workspace_has_nulls(database_url: Path | str) -> None:
    figures = json.loads(Cli(database_url).ok("metrics", "--format", "json").stdout)

    assert figures["cycle_time_days"] == {"p50": None, "p85": None, "p95": None, "mean": None}
    assert figures["declined_or_deferred_rate"] is None
    assert len(figures["throughput"]) == 12


@pytest.mark.sqlite_only
def test_metrics_command_does_not_load_the_orm(
    scenario: Workspace, database_url: Path | str
) -> None:
    probe = (
        "import sys\n"
        "from secboard.cli import cli\n"
        f"cli(['--db', {str(database_url)!r}, 'metrics', '--format', 'json'],"
        " standalone_mode=False)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'sqlmodel', 'sqlalchemy'})\n"
        "print('ORM:', loaded, file=sys.stderr)\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )

    assert "ORM: []" in done.stderr


def test_metrics_of_a_workspace_from_a_redacted_snapshot_say_redacted_not_zero(
    scenario: Workspace, tmp_path: Path
) -> None:
    shared = tmp_path / "shared.toml"
    scenario.export_to(shared, redact=True)
    imported = Cli(tmp_path / "imported.db")
    imported.ok("import", str(shared))
    imported.ok("objective", "add", "Unblock enterprise deals", "--key", "O9")

    text = imported.ok("metrics", "--as-of", "2026-11-26T12:00:00Z").stdout
    figures = json.loads(imported.ok("metrics", "--format", "json").stdout)
    objectives = imported.ok("objective", "list").stdout
    listed = json.loads(imported.ok("objective", "list", "--format", "json").stdout)

    assert "$0" not in text
    assert "  Revenue unblocked    redacted" in text
    assert "  ARR at risk          redacted" in text
    assert figures["revenue_unblocked"] is None
    assert figures["arr_at_risk"] is None
    assert "$0" not in objectives
    assert "redacted" in objectives
    assert {row["key"]: row["arr"] for row in listed}["O9"] is None


def test_figures_of_any_size_stay_apart_and_under_their_headers(
    workspace: Workspace, clock: FakeClock, database_url: Path | str
) -> None:
    def shipped(title: str, start: datetime, finish: datetime) -> None:
        clock.moment = start
        request = workspace.add({"title": title})
        workspace.move(request.id, Status.COMMITTED, force=True, reason="scenario")
        clock.moment = finish
        workspace.move(request.id, Status.SHIPPED)

    end = datetime(2299, 12, 1, tzinfo=UTC)
    for number in range(3):
        shipped(f"Quick {number}", end - timedelta(days=74.4), end)
    shipped("Slow", datetime(1970, 1, 2, tzinfo=UTC), end)
    clock.moment = datetime(1970, 1, 2, tzinfo=UTC)
    workspace.move(workspace.add({"title": "Ancient"}).id, Status.DISCOVERY)

    text = Cli(database_url).ok("metrics", "--as-of", "2299-12-02").stdout

    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("Flow"))
    cycle = next(line for line in lines if "Cycle time" in line)
    figures = cycle.split()[2:]
    assert len(figures) == 4
    assert all(figure.endswith("d") for figure in figures)
    assert figures[0] == "74.4d"
    assert max(len(figure) for figure in figures) >= len("100000.0d")
    ends = [cycle.index(figure) + len(figure) for figure in figures]
    assert ends == [header.index(name) + len(name) for name in ("p50", "p85", "p95", "mean")]
    ancient = next(line for line in lines if "Ancient" in line)
    assert ancient.split()[:3] == ["#5", "discovery", "120500.0d"]
