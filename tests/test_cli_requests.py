"""The request commands, used the way a script or a person at a shell uses them."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len

from secboard.workspace import Workspace
from tests.builders import DEFAULT_KEYS
from tests.cli_support import Cli

REQUEST_FIELDS = {
    "id",
    "title",
    "description",
    "source",
    "requester",
    "customer",
    "arr",
    "due",
    "frameworks",
    "tags",
    "estimate_weeks",
    "planned_weeks",
    "reach",
    "impact",
    "confidence",
    "status",
    "decision",
    "rationale",
    "revisit",
    "horizon",
    "objective",
    "owner",
    "created_at",
    "updated_at",
    "updated_by",
    "score",
    "checklist_done",
    "checklist_total",
}


@pytest.fixture
def cli(database_url: Path | str) -> Cli:
    return Cli(database_url)


def add_full(cli: Cli) -> str:
    return cli.ok(
        "add",
        "SSO for the admin console",
        "--source",
        "sales",
        "--customer",
        "Acme Corp",
        "--requester",
        "Dana Reyes",
        "--arr",
        "120k",
        "--due",
        "2027-01-15",
        "--estimate",
        "6",
        "--framework",
        "SOC 2 CC6.1",
        "--framework",
        "ISO 27001 A.8.24",
        "--tag",
        "identity",
        "--description",
        "Renewal blocker.",
    ).stdout.strip()


def in_discovery(cli: Cli, title: str = "SSO") -> str:
    request_id = cli.ok("add", title).stdout.strip()
    cli.ok("move", request_id, "discovery")
    return request_id


def test_add_prints_the_new_id_and_nothing_else(cli: Cli):
    first = cli.ok("add", "SSO")
    second = cli.ok("add", "SCIM")

    assert (first.stdout, second.stdout) == ("1\n", "2\n")


def test_add_with_every_option_is_listed_as_json_with_every_field(cli: Cli):
    assert add_full(cli) == "1"

    (row,) = cli.listing()

    assert set(row) >= REQUEST_FIELDS
    assert row["id"] == 1
    assert row["title"] == "SSO for the admin console"
    assert row["description"] == "Renewal blocker."
    assert (row["source"], row["status"]) == ("sales", "intake")
    assert (row["customer"], row["requester"]) == ("Acme Corp", "Dana Reyes")
    assert (row["arr"], row["due"]) == (120_000, "2027-01-15")
    assert row["frameworks"] == ["SOC 2 CC6.1", "ISO 27001 A.8.24"]
    assert row["tags"] == ["identity"]
    assert (row["estimate_weeks"], row["planned_weeks"]) == (6.0, None)
    assert (row["reach"], row["impact"], row["confidence"], row["score"]) == (None,) * 4
    assert (row["decision"], row["rationale"], row["revisit"]) == (None, "", None)
    assert (row["horizon"], row["objective"]) == (None, None)
    assert (row["checklist_done"], row["checklist_total"]) == (0, 0)
    assert row["created_at"].endswith("Z")
    assert row["created_at"] == row["updated_at"]


def test_list_table_shows_one_row_per_request(cli: Cli):
    add_full(cli)
    cli.ok("add", "Rotate leaked CI token", "--source", "incident")

    lines = cli.ok("list").stdout.splitlines()

    assert lines[0].split() == [
        "ID",
        "STATUS",
        "SOURCE",
        "TITLE",
        "CUSTOMER",
        "ARR",
        "DUE",
        "SCORE",
        "CHECK",
    ]
    assert lines[1].startswith("#1  intake  sales     SSO for the admin console")
    assert lines[1].split()[-6:] == ["Acme", "Corp", "$120k", "2027-01-15", "–", "–"]
    assert lines[2].startswith("#2  intake  incident  Rotate leaked CI token")
    assert len(lines) == 3


def test_list_columns_line_up_with_wide_and_combining_characters(cli: Cli):
    titles = ["SSO", "日本語のタイトル", "🙂 👍 rollout", "e\u0301cole de ski", "x" * 70, "鍵" * 40]
    for title in titles:
        cli.ok("add", title, "--customer", "Acme")

    lines = cli.ok("list").stdout.splitlines()

    starts = {cell_len(line[: line.index("Acme")]) for line in lines[1:]}
    assert starts == {cell_len(lines[0][: lines[0].index("CUSTOMER")])}
    assert max(cell_len(line.split("  ")[3]) for line in lines[1:]) == 60
    assert "鍵" * 29 + "…" in lines[-1]


def test_list_filters_by_status_and_source(cli: Cli):
    cli.ok("add", "A", "--source", "sales")
    cli.ok("add", "B", "--source", "incident")
    cli.ok("move", "1", "discovery")

    def titles(*options: str) -> list[str]:
        result = cli.ok("list", *options, "--format", "json")
        return [row["title"] for row in json.loads(result.stdout)]

    assert titles("--status", "discovery") == ["A"]
    assert titles("--source", "INCIDENT") == ["B"]
    assert titles("--status", "intake", "--source", "sales") == []


@pytest.mark.sqlite_only  # signed by $SECBOARD_USER; on a server, by the role
def test_add_with_an_owner_and_list_by_owner(cli: Cli):
    cli.ok("add", "A", "--owner", "Sam Okafor")
    cli.ok("add", "B", "--owner", "pm")
    cli.ok("add", "C")

    def titles(owner: str) -> list[str]:
        result = cli.ok("list", "--owner", owner, "--format", "json")
        return [row["title"] for row in json.loads(result.stdout)]

    assert titles("  sam OKAFOR ") == ["A"]
    assert titles("me") == ["B"]
    assert titles("None") == ["C"]
    assert titles("nobody") == []
    assert [(row["owner"], row["updated_by"]) for row in cli.listing()] == [
        ("Sam Okafor", "pm"),
        ("pm", "pm"),
        (None, "pm"),
    ]


def test_a_bad_owner_is_refused_like_any_name(cli: Cli):
    message = cli.refused("add", "A", "--owner", "x" * 201)

    assert "owner" in message
    assert "at most 200" in message


@pytest.mark.sqlite_only  # signed by $SECBOARD_USER; on a server, by the role
def test_show_names_the_owner_who_changed_it_and_who_moved_it(cli: Cli):
    request_id = in_discovery(cli)
    cli.ok("edit", request_id, "--owner", "Sam\x1b[31m Okafor")

    text = cli.ok("show", request_id).stdout
    record = cli.shown(int(request_id))

    assert "\x1b" not in text
    assert "  owner        Sam" in text
    assert "  updated by   pm" in text
    history = text.split("History:\n")[1].splitlines()
    assert len(history) == 2
    assert all(line.endswith("  by pm") for line in history)
    assert [event["by"] for event in record["history"]] == ["pm", "pm"]
    assert record["owner"] == "Sam\x1b[31m Okafor"


def test_list_of_an_empty_workspace(cli: Cli):
    result = cli.ok("list")

    assert result.stdout == ""
    assert result.stderr == "no requests match\n"
    assert cli.listing() == []


def test_score_and_checklist_progress_are_in_the_json(cli: Cli):
    request_id = in_discovery(cli)
    cli.ok("check", request_id, "need_confirmed", "yes")
    cli.ok("check", request_id, "revenue_tied", "n/a")
    cli.ok("edit", request_id, "--reach", "400", "--impact", "2", "--confidence", "80")
    cli.ok("edit", request_id, "--estimate", "4")

    (row,) = cli.listing()

    assert row["score"] == pytest.approx(160.0)
    assert (row["checklist_done"], row["checklist_total"]) == (2, 9)


def test_show_text_has_fields_checklist_decision_and_history(cli: Cli):
    request_id = in_discovery(cli, "SSO for the admin console")
    cli.ok("check", request_id, "need_confirmed", "yes", "--note", "contract clause 7.2")
    cli.ok("decide", request_id, "build", "--rationale", "Two renewals blocked")

    text = cli.ok("show", request_id).stdout

    assert text.startswith("#1  SSO for the admin console\n")
    assert "  status       discovery" in text
    assert "  decision     build" in text
    assert "  rationale    Two renewals blocked" in text
    assert "Checklist (1/9 answered):" in text
    assert "  [ yes] need_confirmed: Is it confirmed" in text
    assert "— contract clause 7.2" in text
    assert "created in intake" in text
    assert "intake → discovery" in text


def test_show_json_has_checklist_history_and_score_breakdown(cli: Cli):
    request_id = in_discovery(cli)
    cli.ok("move", request_id, "committed", "--force", "--reason", "CEO escalation")

    record = cli.shown(int(request_id))

    assert set(record) >= REQUEST_FIELDS | {"checklist", "history", "score_breakdown"}
    assert [item["key"] for item in record["checklist"]] == list(DEFAULT_KEYS)
    assert record["checklist"][0] == {
        "key": "need_confirmed",
        "question": "Is it confirmed that the requester requires this (evidence, not belief)?",
        "answer": "open",
        "note": "",
    }
    assert [(e["from"], e["to"], e["forced"], e["note"]) for e in record["history"]] == [
        (None, "intake", False, ""),
        ("intake", "discovery", False, ""),
        ("discovery", "committed", True, "CEO escalation"),
    ]
    assert record["score_breakdown"].endswith(
        "= no score (needs reach, impact, confidence, effort)"
    )


def test_move_reports_the_new_status(cli: Cli):
    cli.ok("add", "SSO")

    result = cli.ok("move", "1", "DISCOVERY")

    assert result.stderr == "#1 is now in discovery\n"
    assert cli.listing()[0]["status"] == "discovery"


def test_move_refused_says_exactly_what_is_missing(cli: Cli):
    request_id = in_discovery(cli)
    before = cli.state()

    message = cli.refused("move", request_id, "committed")

    assert message == (
        "error: no decision yet; committing needs build, buy or policy; "
        "9 checklist questions are open: "
        + ", ".join(DEFAULT_KEYS)
        + " (use force with a reason to override)"
    )
    assert cli.state() == before


def test_forced_move_needs_a_reason(cli: Cli):
    request_id = in_discovery(cli)

    assert cli.refused("move", request_id, "committed", "--force") == (
        "error: reason: a forced move needs a reason"
    )


def test_full_lifecycle_through_the_command_line(cli: Cli):
    request_id = in_discovery(cli)
    for key in DEFAULT_KEYS:
        cli.ok("check", request_id, key, "yes")
    cli.ok("decide", request_id, "buy", "--rationale", "vendor covers it", "--planned", "1.5")
    for status in ("committed", "in_progress", "shipped"):
        cli.ok("move", request_id, status)

    record = cli.shown(int(request_id))

    assert (record["status"], record["decision"], record["planned_weeks"]) == (
        "shipped",
        "buy",
        1.5,
    )
    assert [e["to"] for e in record["history"]] == [
        "intake",
        "discovery",
        "committed",
        "in_progress",
        "shipped",
    ]
    assert not any(e["forced"] for e in record["history"])


def test_check_answers_and_notes_a_question(cli: Cli):
    request_id = in_discovery(cli)

    result = cli.ok("check", request_id, "revenue_tied", "No", "--note", "no deal attached")

    assert result.stderr == "#1: 1/9 answered\n"
    item = cli.shown(int(request_id))["checklist"][1]
    assert (item["answer"], item["note"]) == ("no", "no deal attached")


def test_decide_records_decision_rationale_planned_and_revisit(cli: Cli):
    request_id = in_discovery(cli)

    result = cli.ok(
        "decide", request_id, "defer", "--rationale", "one deal only", "--revisit", "2027-02-01"
    )

    assert result.stderr == "#1: decided defer\n"
    record = cli.shown(int(request_id))
    assert (record["decision"], record["rationale"], record["revisit"]) == (
        "defer",
        "one deal only",
        "2027-02-01",
    )
    assert (record["planned_weeks"], record["status"]) == (0.0, "discovery")


def test_decide_with_close_closes_the_request(cli: Cli):
    request_id = in_discovery(cli)

    result = cli.ok("decide", request_id, "decline", "--rationale", "no evidence", "--close")

    assert result.stderr == "#1: decided decline, closed\n"
    record = cli.shown(int(request_id))
    assert record["status"] == "closed"
    assert record["history"][-1]["from"] == "discovery"


def test_decide_relative_revisit_date(cli: Cli):
    request_id = in_discovery(cli)
    cli.ok("decide", request_id, "defer", "--revisit", "+6w")

    revisit = date.fromisoformat(cli.shown(int(request_id))["revisit"])
    created = date.fromisoformat(cli.shown(int(request_id))["created_at"][:10])

    assert revisit - created in {timedelta(weeks=6), timedelta(weeks=6, days=1)}


def test_relative_dates_count_from_the_user_s_date_not_utc_s(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, local_zone
):
    local_zone("JST-9")
    tokyo_morning = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)  # Dec 1, 05:00 in Tokyo
    monkeypatch.setattr(Workspace, "now", lambda _self: tokyo_morning)

    request_id = cli.ok("add", "SSO", "--due", "+7d").stdout.strip()
    cli.ok("decide", request_id, "defer", "--revisit", "today")

    shown = cli.shown(int(request_id))
    assert (shown["due"], shown["revisit"]) == ("2026-12-08", "2026-12-01")


@pytest.mark.parametrize(
    ("option", "value", "field", "expected"),
    [
        ("--title", "  SAML for the console ", "title", "SAML for the console"),
        ("--description", "line one\nline two", "description", "line one\nline two"),
        ("--source", "compliance", "source", "compliance"),
        ("--requester", "GRC team", "requester", "GRC team"),
        ("--customer", "Globex", "customer", "Globex"),
        ("--arr", "$1.5m", "arr", 1_500_000),
        ("--due", "2027-06-30", "due", "2027-06-30"),
        ("--estimate", "3.5", "estimate_weeks", 3.5),
        ("--planned", "2", "planned_weeks", 2.0),
        ("--reach", "250", "reach", 250),
        ("--impact", "0.5", "impact", 0.5),
        ("--confidence", "70%", "confidence", 70),
        ("--horizon", "later", "horizon", "later"),
        ("--framework", "PCI DSS 6.4.3", "frameworks", ["PCI DSS 6.4.3"]),
        ("--tag", "pci", "tags", ["pci"]),
        ("--owner", "  Sam Okafor ", "owner", "Sam Okafor"),
    ],
)
def test_edit_changes_each_field(cli: Cli, option, value, field, expected):
    add_full(cli)

    result = cli.ok("edit", "1", option, value)

    assert result.stderr.startswith("#1 updated (")
    row = cli.listing()[0]
    assert row[field] == expected
    assert row["version"] == 2


@pytest.mark.parametrize(
    ("option", "field", "cleared"),
    [
        ("--description", "description", ""),
        ("--requester", "requester", None),
        ("--customer", "customer", None),
        ("--owner", "owner", None),
        ("--arr", "arr", None),
        ("--due", "due", None),
        ("--estimate", "estimate_weeks", None),
        ("--planned", "planned_weeks", None),
        ("--reach", "reach", None),
        ("--impact", "impact", None),
        ("--confidence", "confidence", None),
        ("--framework", "frameworks", []),
        ("--tag", "tags", []),
    ],
)
def test_edit_with_an_empty_value_clears_an_optional_field(cli: Cli, option, field, cleared):
    add_full(cli)
    cli.ok("edit", "1", "--planned", "2", "--reach", "5", "--impact", "1", "--confidence", "50")

    cli.ok("edit", "1", option, "")

    assert cli.listing()[0][field] == cleared


@pytest.mark.parametrize("word", ["none", "-", ""])
def test_edit_clears_horizon_and_objective_with_none(cli: Cli, word):
    add_full(cli)
    cli.ok("objective", "add", "Deals", "--key", "O1")
    cli.ok("edit", "1", "--horizon", "now", "--objective", "O1")

    cli.ok("edit", "1", "--horizon", word, "--objective", word)

    row = cli.listing()[0]
    assert (row["horizon"], row["objective"]) == (None, None)


def test_edit_several_fields_at_once_is_one_change(cli: Cli):
    add_full(cli)

    result = cli.ok("edit", "1", "--customer", "Globex", "--arr", "50k", "--tag", "a", "--tag", "b")

    assert result.stderr == "#1 updated (arr, customer, tags)\n"
    row = cli.listing()[0]
    assert (row["customer"], row["arr"], row["tags"], row["version"]) == (
        "Globex",
        50_000,
        ["a", "b"],
        2,
    )


def test_edit_without_any_option_is_refused(cli: Cli):
    cli.ok("add", "SSO")

    assert cli.refused("edit", "1").startswith("error: nothing to change")


def test_link_and_unlink_an_objective(cli: Cli):
    cli.ok("add", "SSO")
    cli.ok("objective", "add", "Unblock deals", "--key", "emea")

    assert cli.ok("link", "1", "emea").stderr == "#1 → emea\n"
    assert cli.listing()[0]["objective"] == "emea"
    assert cli.ok("link", "1", "none").stderr == "#1 → no objective\n"
    assert cli.listing()[0]["objective"] is None


def test_delete_with_yes_removes_the_request(cli: Cli):
    cli.ok("add", "Keep")
    cli.ok("add", "Drop")

    result = cli.ok("delete", "2", "--yes")

    assert result.stderr == "#2 deleted\n"
    assert [row["title"] for row in cli.listing()] == ["Keep"]


def test_delete_without_a_terminal_is_refused_and_keeps_the_request(cli: Cli):
    cli.ok("add", "Keep")
    before = cli.state()

    assert cli.refused("delete", "1") == "error: deleting needs confirmation; add --yes"
    assert cli.state() == before


def test_delete_of_an_unknown_request_is_refused(cli: Cli):
    assert cli.refused("delete", "9", "--yes") == "error: no request #9"


@pytest.mark.parametrize("spelling", ["in_progress", "in-progress", "In Progress", "IN_PROGRESS"])
def test_status_names_are_read_forgivingly(cli: Cli, spelling):
    cli.ok("add", "SSO")

    cli.ok("move", "1", spelling, "--force", "--reason", "started before triage")

    assert cli.listing()[0]["status"] == "in_progress"
    assert len(json.loads(cli.ok("list", "--status", spelling, "--format", "json").stdout)) == 1


def test_custom_checklist_from_the_config_folder_is_used(cli: Cli):
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "secboard"
    folder.mkdir(parents=True)
    (folder / "checklist.toml").write_text(
        '[[checklist]]\nkey = "threat_model"\nquestion = "Is there a threat model?"\n'
    )
    cli.ok("add", "SSO")

    result = cli.ok("move", "1", "discovery")

    assert result.stderr == "#1 is now in discovery\n"
    assert [item["key"] for item in cli.shown(1)["checklist"]] == ["threat_model"]


def test_bad_checklist_file_warns_naming_file_and_line_and_keeps_the_default(cli: Cli):
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "secboard"
    folder.mkdir(parents=True)
    (folder / "checklist.toml").write_text('[[checklist]]\nkey = "a"\nquestion = \n')

    result = cli.ok("add", "SSO")

    assert result.stdout == "1\n"
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(f"warning: {folder / 'checklist.toml'}: is not valid TOML")
    assert "line 3" in warning
    assert warning.endswith("the checklist in use was kept")
    cli.ok("move", "1", "discovery")
    assert [item["key"] for item in cli.shown(1)["checklist"]] == list(DEFAULT_KEYS)
