"""Objectives and the vision from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import Cli


@pytest.fixture
def cli(database_url: Path | str) -> Cli:
    return Cli(database_url)


def objectives(cli: Cli) -> list[dict]:
    return json.loads(cli.ok("objective", "list", "--format", "json").stdout)


def test_objective_add_prints_its_key(cli: Cli):
    assert cli.ok("objective", "add", "Unblock enterprise deals").stdout == "O1\n"
    assert cli.ok("objective", "add", "SOC 2", "--key", "soc2").stdout == "soc2\n"
    assert cli.ok("objective", "add", "FedRAMP").stdout == "O3\n"


def test_objective_list_json_has_progress_over_linked_requests(cli: Cli):
    cli.ok("objective", "add", "Unblock deals", "--target", "2027-03-31", "--description", "EMEA")
    cli.ok("add", "SSO", "--customer", "Acme", "--arr", "120k")
    cli.ok("add", "SCIM", "--customer", "Globex", "--arr", "30k")
    cli.ok("add", "Unrelated")
    cli.ok("link", "1", "O1")
    cli.ok("link", "2", "O1")
    cli.ok("move", "2", "shipped", "--force", "--reason", "done before triage")

    assert objectives(cli) == [
        {
            "key": "O1",
            "title": "Unblock deals",
            "description": "EMEA",
            "target": "2027-03-31",
            "status": "active",
            "linked": 2,
            "shipped": 1,
            "arr": 150_000,
        }
    ]


def test_objective_list_table(cli: Cli):
    cli.ok("objective", "add", "Unblock deals", "--target", "2027-03-31")

    lines = cli.ok("objective", "list").stdout.splitlines()

    assert lines[0].split() == ["KEY", "STATUS", "TARGET", "PROGRESS", "ARR", "TITLE"]
    assert lines[1].split() == [
        "O1",
        "active",
        "2027-03-31",
        "0/0",
        "shipped",
        "$0",
        "Unblock",
        "deals",
    ]


def test_objective_list_when_there_are_none(cli: Cli):
    result = cli.ok("objective", "list")

    assert result.stdout == ""
    assert "no objectives yet" in result.stderr
    assert objectives(cli) == []


def test_objective_edit_each_field(cli: Cli):
    cli.ok("objective", "add", "Unblock deals", "--target", "2027-03-31")

    result = cli.ok(
        "objective",
        "edit",
        "O1",
        "--title",
        "Unblock EMEA deals",
        "--description",
        "No stalls",
        "--status",
        "DONE",
        "--target",
        "2027-06-30",
    )

    assert result.stderr == "objective O1 updated\n"
    (row,) = objectives(cli)
    assert (row["title"], row["description"], row["status"], row["target"]) == (
        "Unblock EMEA deals",
        "No stalls",
        "done",
        "2027-06-30",
    )


def test_objective_edit_with_an_empty_target_clears_it(cli: Cli):
    cli.ok("objective", "add", "Unblock deals", "--target", "2027-03-31")

    cli.ok("objective", "edit", "O1", "--target", "")

    assert objectives(cli)[0]["target"] is None


def test_objective_edit_without_a_target_keeps_it(cli: Cli):
    cli.ok("objective", "add", "Unblock deals", "--target", "2027-03-31")

    cli.ok("objective", "edit", "O1", "--title", "Deals")

    assert objectives(cli)[0]["target"] == "2027-03-31"


def test_unknown_objective_is_refused(cli: Cli):
    cli.ok("add", "SSO")

    assert cli.refused("objective", "edit", "O9", "--title", "x") == (
        "error: no objective 'O9'; see 'secboard objective list'"
    )
    assert cli.refused("link", "1", "O9") == (
        "error: no objective 'O9'; see 'secboard objective list'"
    )
    assert cli.refused("edit", "1", "--objective", "O9") == (
        "error: no objective 'O9'; see 'secboard objective list'"
    )
    assert cli.listing()[0]["objective"] is None


def test_vision_set_and_shown(cli: Cli):
    assert "no vision yet" in cli.ok("vision").stdout

    assert cli.ok("vision", "Security that sales can sell.").stderr == "vision updated\n"

    assert cli.ok("vision").stdout == "Security that sales can sell.\n"
