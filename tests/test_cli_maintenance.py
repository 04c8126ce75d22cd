"""Whole-workspace commands: demo data, backups, restore; plus --version and --help."""

from __future__ import annotations

import json
import stat
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from secboard import __version__
from secboard.cli import cli as secboard_cli
from secboard.workspace import Workspace
from tests.cli_support import Cli
from tests.conftest import FakeClock


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "workspace.db")


@pytest.fixture
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Make every workspace the command line opens run on one fixed clock."""
    clock = FakeClock()

    class ClockedWorkspace(Workspace):
        @classmethod
        def open(cls, path: Path, *, clock=clock) -> Workspace:
            return Workspace.open(path, clock=clock)

    monkeypatch.setattr("secboard.cli.base.Workspace", ClockedWorkspace)
    return clock


# Demo ---------------------------------------------------------------------------------------


def test_demo_fills_an_empty_workspace(cli: Cli):
    result = cli.ok("demo", "--count", "40")

    assert "demo workspace with 40 requests" in result.stderr
    rows = cli.listing()
    assert [row["id"] for row in rows] == list(range(1, 41))
    assert {row["status"] for row in rows} >= {"intake", "discovery", "closed"}
    objectives = json.loads(cli.ok("objective", "list", "--format", "json").stdout)
    assert len(objectives) >= 3
    assert cli.ok("vision").stdout.strip()


def test_demo_refuses_a_non_empty_workspace(cli: Cli):
    cli.ok("add", "My real request")
    before = cli.state()

    message = cli.refused("demo", "--count", "5")

    assert message == (
        f"error: {cli.db} is not empty; use --replace to overwrite it (backed up first)"
    )
    assert cli.state() == before


def test_demo_with_replace_backs_up_the_workspace_first(cli: Cli):
    cli.ok("add", "My real request")

    result = cli.ok("demo", "--count", "5", "--replace")

    assert "previous workspace backed up to " in result.stderr
    assert len(cli.listing()) == 5
    backups = cli.ok("backups").stdout.splitlines()
    assert len(backups) == 2
    assert "before-replace" in backups[1]


def test_demo_is_deterministic_for_the_same_seed_and_clock(tmp_path: Path, fixed_clock):
    first = Cli(tmp_path / "first.db")
    second = Cli(tmp_path / "second.db")
    third = Cli(tmp_path / "third.db")

    first.ok("demo", "--count", "60", "--seed", "7")
    second.ok("demo", "--count", "60", "--seed", "7")
    third.ok("demo", "--count", "60", "--seed", "8")

    def everything(cli: Cli) -> list:
        return [cli.shown(row["id"]) for row in cli.listing()]

    assert everything(first) == everything(second)
    assert everything(first) != everything(third)


def test_demo_history_never_runs_past_the_clock(tmp_path: Path, fixed_clock):
    cli = Cli(tmp_path / "demo.db")
    cli.ok("demo", "--count", "120", "--seed", "3")

    for row in cli.listing():
        record = cli.shown(row["id"])
        moments = [datetime.fromisoformat(event["at"]) for event in record["history"]]
        assert moments == sorted(moments)
        assert moments[0] == datetime.fromisoformat(record["created_at"])
        assert moments[-1] <= fixed_clock.moment
        assert record["history"][-1]["to"] == record["status"]


def test_demo_of_two_thousand_requests_lists_as_json(cli: Cli):
    cli.ok("demo", "--count", "2000", "--seed", "5")

    rows = cli.listing()

    assert len(rows) == 2000
    assert rows[-1]["id"] == 2000


@pytest.mark.parametrize("count", ["0", "-1", "many"])
def test_demo_count_must_be_a_positive_number(cli: Cli, count):
    assert cli("demo", "--count", count).exit_code == 2


# Backups and restore -------------------------------------------------------------------------


def test_backups_when_there_are_none(cli: Cli):
    result = cli.ok("backups")

    assert result.stdout == ""
    assert "no backups yet" in result.stderr


def test_restore_brings_back_a_backup_and_saves_the_current_state(cli: Cli):
    cli.ok("add", "Original")
    cli.ok("demo", "--count", "3", "--replace")
    backup = next((cli.db.parent / "backups").glob("*.before-replace.db"))

    result = cli.ok("restore", str(backup), "--yes")

    assert [row["title"] for row in cli.listing()] == ["Original"]
    assert f"restored {backup}; the previous state was backed up to " in result.stderr
    listed = cli.ok("backups").stdout
    assert "before-restore" in listed
    assert "before-replace" in listed
    for path in (cli.db.parent / "backups").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_restore_without_a_terminal_is_refused(cli: Cli):
    cli.ok("add", "Original")
    cli.ok("demo", "--count", "3", "--replace")
    backup = next((cli.db.parent / "backups").glob("*.db"))
    before = cli.state()

    assert cli.refused("restore", str(backup)) == "error: restoring needs confirmation; add --yes"
    assert cli.state() == before


def test_restore_refuses_a_file_that_is_not_a_backup(cli: Cli, tmp_path: Path):
    cli.ok("add", "Original")
    other = tmp_path / "notes.txt"
    other.write_text("not a database")
    before = cli.state()

    message = cli.refused("restore", str(other), "--yes")

    assert message == f"error: {other} is not a secboard backup (not a SQLite file)"
    assert cli.state() == before


def test_restore_refuses_a_missing_file(cli: Cli, tmp_path: Path):
    cli.ok("add", "Original")

    assert cli.refused("restore", str(tmp_path / "gone.db"), "--yes") == (
        f"error: {tmp_path / 'gone.db'} does not exist"
    )


@pytest.mark.parametrize("name", ["gone.db", "notes.txt"])
def test_restore_without_yes_reports_an_unusable_file_before_asking(
    cli: Cli, tmp_path: Path, name: str
):
    cli.ok("add", "Original")
    (tmp_path / "notes.txt").write_text("not a database")
    before = cli.state()

    message = cli.refused("restore", str(tmp_path / name))

    assert message.startswith(f"error: {tmp_path / name} ")
    assert "--yes" not in message
    assert cli.state() == before


def test_restore_of_a_missing_file_does_not_create_the_workspace(cli: Cli, tmp_path: Path):
    cli.refused("restore", str(tmp_path / "gone.db"), "--yes")

    assert not cli.db.exists()


# --version and --help ------------------------------------------------------------------------

COMMANDS = [
    [],
    ["add"],
    ["list"],
    ["show"],
    ["move"],
    ["check"],
    ["decide"],
    ["edit"],
    ["link"],
    ["delete"],
    ["objective"],
    ["objective", "add"],
    ["objective", "list"],
    ["objective", "edit"],
    ["vision"],
    ["demo"],
    ["backups"],
    ["restore"],
]


def test_version():
    result = CliRunner().invoke(secboard_cli, ["--version"])

    assert result.exit_code == 0
    assert result.stdout == f"secboard, version {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "secboard")
def test_help_on_every_command(command, tmp_path: Path):
    db = tmp_path / "never-created.db"

    result = CliRunner().invoke(secboard_cli, ["--db", str(db), *command, "--help"])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    assert "--help" in result.stdout
    assert not db.exists()
