"""Asks and merges on the command line: who asked, in their words, and duplicates joined."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.cli_support import Cli
from tests.test_cli_hostile import HOSTILE, RAW_DANGER

ASK_KEYS = [
    "id",
    "account",
    "requester",
    "channel",
    "asked_on",
    "importance",
    "due",
    "reference",
    "quote",
]


@pytest.fixture
def cli(database_url: Path | str) -> Cli:
    return Cli(database_url)


@pytest.fixture
def sso(cli: Cli) -> Cli:
    """Request #1 asked for by Acme ($120k, ask 1), and the account Globex ($50k)."""
    cli.ok("add", "SSO for the admin console", "--customer", "Acme", "--arr", "120k")
    cli.ok("account", "add", "Globex", "--arr", "50k")
    return cli


def ask_globex(cli: Cli, *extra: str) -> str:
    return cli.ok(
        "ask",
        "1",
        "--account",
        "globex",
        "--channel",
        "email",
        "--importance",
        "blocker",
        "--quote",
        "We cannot renew without SAML.",
        *extra,
    ).stdout


def test_ask_adds_an_ask_and_prints_its_id(sso: Cli):
    result = sso.ok(
        "ask",
        "#1",
        "--account",
        " GLOBEX ",
        "--requester",
        "Pat Lee",
        "--channel",
        "Questionnaire",
        "--importance",
        "blocker",
        "--due",
        "2027-02-01",
        "--reference",
        "SIG Lite 4.2",
        "--asked-on",
        "2026-11-20",
        "--quote",
        "Do you support SAML 2.0?",
    )

    assert result.stdout == "2\n"
    assert result.stderr == "#1: ask 2 added (2 asks, 2 accounts, $170k at stake)\n"
    record = sso.shown(1)
    assert [list(ask) for ask in record["asks"]] == [ASK_KEYS, ASK_KEYS]
    assert record["asks"][1] == {
        "id": 2,
        "account": "Globex",
        "requester": "Pat Lee",
        "channel": "questionnaire",
        "asked_on": "2026-11-20",
        "importance": "blocker",
        "due": "2027-02-01",
        "reference": "SIG Lite 4.2",
        "quote": "Do you support SAML 2.0?",
    }
    assert record["demand"] == {
        "asks": 2,
        "accounts": 2,
        "arr": 170_000,
        "due": "2027-02-01",
        "importance": "blocker",
    }


def test_show_text_has_the_demand_and_every_ask_with_its_quote(sso: Cli):
    ask_globex(sso, "--requester", "Pat", "--due", "2027-02-01", "--asked-on", "2026-11-20")

    report = sso.ok("show", "1").stdout

    assert "\nDemand:\n" in report
    assert "  asks         2\n" in report
    assert "  accounts     2\n" in report
    assert "  arr at stake $170k\n" in report
    assert "  earliest due 2027-02-01\n" in report
    assert "  importance   blocker\n" in report
    assert "\nAsks (2):\n" in report
    assert (
        "  ask 2  Globex · Pat  email  2026-11-20  blocker  due 2027-02-01\n"
        "      We cannot renew without SAML.\n"
    ) in report


def test_a_request_nobody_asked_for_shows_no_demand(cli: Cli):
    cli.ok("add", "Rotate the signing keys")

    record = cli.shown(1)
    report = cli.ok("show", "1").stdout

    assert record["asks"] == []
    assert record["demand"] == {
        "asks": 0,
        "accounts": 0,
        "arr": None,
        "due": None,
        "importance": None,
    }
    assert "Asks (0):\n  nobody has asked yet" in report


def test_an_account_asking_twice_counts_once(sso: Cli):
    ask_globex(sso)
    ask_globex(sso)

    assert sso.shown(1)["demand"]["accounts"] == 2
    assert sso.shown(1)["demand"]["arr"] == 170_000
    assert sso.listing()[0]["ask_count"] == 3


def test_list_json_carries_the_demand(sso: Cli):
    ask_globex(sso)

    row = sso.listing()[0]

    assert list(row)[-4:] == ["ask_count", "accounts", "importance", "merged_into"]
    assert (row["ask_count"], row["accounts"], row["importance"], row["merged_into"]) == (
        2,
        2,
        "blocker",
        None,
    )
    assert row["arr"] == 170_000


def test_an_unknown_account_is_refused_naming_the_flag(sso: Cli):
    before = sso.state()

    line = sso.refused(
        "ask", "1", "--account", "Initech", "--channel", "call", "--importance", "nice",
        "--quote", "x",
    )  # fmt: skip

    assert line == (
        "error: no account 'Initech'; add it with 'secboard account add', or pass --create-account"
    )
    assert sso.state() == before


def test_create_account_adds_an_unknown_account_with_the_ask(sso: Cli):
    sso.ok(
        "ask", "1", "--account", "Initech", "--channel", "call", "--importance", "nice",
        "--quote", "x", "--create-account",
    )  # fmt: skip

    accounts = json.loads(sso.ok("account", "list", "--format", "json").stdout)
    initech = next(account for account in accounts if account["name"] == "Initech")
    assert (initech["kind"], initech["arr"], initech["open"]) == ("customer", None, 1)
    assert sso.shown(1)["demand"]["accounts"] == 2


def test_an_internal_ask_has_a_requester_and_no_account(sso: Cli):
    sso.ok(
        "ask", "1", "--requester", "GRC team", "--channel", "chat", "--importance", "important",
        "--quote", "Auditors will ask.",
    )  # fmt: skip

    ask = sso.shown(1)["asks"][1]
    assert (ask["account"], ask["requester"]) == (None, "GRC team")
    assert ask["asked_on"] == date.today().isoformat()
    assert sso.shown(1)["demand"]["accounts"] == 1


def test_an_ask_from_nobody_is_refused(sso: Cli):
    before = sso.state()

    line = sso.refused(
        "ask", "1", "--account", " ", "--channel", "chat", "--importance", "nice", "--quote", "x"
    )

    assert line == "error: an ask needs --account, or --requester for an internal ask"
    assert sso.state() == before


def test_an_ask_without_its_channel_is_a_usage_error(sso: Cli):
    result = sso("ask", "1", "--account", "Globex", "--importance", "nice", "--quote", "x")

    assert result.exit_code == 2
    assert "Missing option '--channel'" in result.stderr
    assert "ask REQUEST_ID [OPTIONS]\n" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--channel", "fax", "error: channel: unknown value 'fax'; choose one of: email, call"),
        ("--importance", "urgent", "error: importance: unknown value 'urgent'; choose one of:"),
        ("--due", "soonish", "error: due:"),
        ("--asked-on", "yesterday-ish", "error: asked_on:"),
        ("--quote", "x" * 100_000, "error: quote:"),
        ("--reference", "r" * 201, "error: reference:"),
    ],
)
def test_bad_ask_fields_are_refused_and_nothing_is_written(sso: Cli, option, value, message):
    options = {"--channel": "email", "--importance": "nice", "--quote": "x", option: value}
    before = sso.state()

    line = sso.refused(
        "ask", "1", "--account", "Globex", *(part for pair in options.items() for part in pair)
    )

    assert line.startswith(message), line
    assert len(line) < 200
    assert sso.state() == before


def test_an_ask_on_an_unknown_request_is_refused(sso: Cli):
    before = sso.state()

    line = sso.refused(
        "ask", "99", "--account", "Globex", "--channel", "call", "--importance", "nice",
        "--quote", "x",
    )  # fmt: skip

    assert line == "error: no request #99"
    assert sso.state() == before


def test_ask_help_lists_the_options_of_the_add_form_and_the_subcommands(cli: Cli):
    shown = cli.ok("ask", "--help").stdout

    assert "Options of 'ask ID':" in shown
    for option in ("--account", "--channel", "--importance", "--quote", "--create-account"):
        assert option in shown
    assert "edit " in shown
    assert "remove " in shown


def test_ask_edit_changes_the_given_fields_only(sso: Cli):
    ask_globex(sso, "--due", "2027-02-01", "--reference", "SF-1")

    result = sso.ok("ask", "edit", "2", "--importance", "critical", "--quote", "Now or never.")

    assert result.stderr == "#1: ask 2 updated (importance, quote)\n"
    ask = sso.shown(1)["asks"][1]
    assert (ask["importance"], ask["quote"], ask["due"], ask["reference"]) == (
        "critical",
        "Now or never.",
        "2027-02-01",
        "SF-1",
    )


def test_ask_edit_with_an_empty_value_clears_an_optional_field(sso: Cli):
    ask_globex(sso, "--due", "2027-02-01", "--reference", "SF-1")

    sso.ok("ask", "edit", "2", "--due", "", "--reference", "")

    ask = sso.shown(1)["asks"][1]
    assert (ask["due"], ask["reference"]) == (None, "")
    assert sso.shown(1)["demand"]["due"] is None


def test_ask_edit_to_an_unknown_account_needs_create_account(sso: Cli):
    ask_globex(sso)
    before = sso.state()

    line = sso.refused("ask", "edit", "2", "--account", "Initech")

    assert "--create-account" in line
    assert sso.state() == before
    sso.ok("ask", "edit", "2", "--account", "Initech", "--create-account")
    assert sso.shown(1)["asks"][1]["account"] == "Initech"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ask", "edit", "2"), "error: nothing to change; see 'secboard ask edit --help'"),
        (("ask", "edit", "99", "--quote", "x"), "error: no ask 99;"),
        (("ask", "edit", str(2**70), "--quote", "x"), f"error: no ask {2**70};"),
        (("ask", "edit", "2", "--channel", "fax"), "error: channel: unknown value 'fax'"),
        (("ask", "edit", "2", "--quote", "q" * 100_000), "error: quote:"),
        (("ask", "remove", "99"), "error: no ask 99;"),
    ],
)
def test_bad_ask_edits_and_removals_are_refused(sso: Cli, args, message):
    ask_globex(sso)
    before = sso.state()

    line = sso.refused(*args)

    assert line.startswith(message), line
    assert sso.state() == before


def test_ask_remove_takes_the_ask_off_and_the_demand_follows(sso: Cli):
    ask_globex(sso)

    result = sso.ok("ask", "remove", "2")

    assert result.stderr == "#1: ask 2 removed (1 ask, 1 account, $120k at stake)\n"
    assert [ask["id"] for ask in sso.shown(1)["asks"]] == [1]
    assert sso.shown(1)["demand"]["importance"] == "important"


@pytest.mark.parametrize(("raw", "shown"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_in_every_ask_field_prints_literally_and_is_kept_in_json(
    sso: Cli, raw: str, shown: str
):
    sso.ok(
        "ask", "1", "--account", f"Evil {raw}", "--create-account", "--requester", raw,
        "--reference", raw, "--quote", raw, "--channel", "chat", "--importance", "nice",
    )  # fmt: skip

    report = sso.ok("show", "1").stdout
    record = sso.ok("show", "1", "--format", "json").stdout

    assert f"  ask 2  Evil {shown} · {shown}  chat" in report
    assert f"ref {shown}\n      {shown}" in report
    ask = json.loads(record)["asks"][1]
    assert (ask["account"], ask["requester"], ask["reference"], ask["quote"]) == (
        f"Evil {raw}",
        raw,
        raw,
        raw,
    )
    for output in (report, record):
        assert not any(character in output for character in RAW_DANGER)


# Merging ------------------------------------------------------------------------------


@pytest.fixture
def duplicates(sso: Cli) -> Cli:
    """#1 (Acme) and its duplicate #2 (Globex twice, framework and tag), #3 unrelated."""
    sso.ok(
        "add", "SAML single sign-on", "--customer", "Globex", "--framework", "SOC 2 CC6.1",
        "--tag", "identity", "--no-similar",
    )  # fmt: skip
    sso.ok(
        "ask", "2", "--account", "Globex", "--channel", "call", "--importance", "critical",
        "--quote", "Still waiting.",
    )  # fmt: skip
    sso.ok("add", "Data residency in the EU", "--no-similar")
    return sso


def test_merge_moves_the_asks_and_says_how_many(duplicates: Cli):
    result = duplicates.ok("merge", "2", "into", "1")

    assert result.stdout == ""
    assert result.stderr == (
        "#2 merged into #1 (2 asks moved; now 3 asks, 2 accounts, $170k at stake)\n"
    )
    target = duplicates.shown(1)
    assert [ask["account"] for ask in target["asks"]] == ["Acme", "Globex", "Globex"]
    assert target["frameworks"] == ["SOC 2 CC6.1"]
    assert target["tags"] == ["identity"]
    assert target["history"][-1]["note"] == "merged #2 into this: SAML single sign-on"


def test_a_merged_request_leaves_the_list_and_says_where_it_went(duplicates: Cli):
    duplicates.ok("merge", "#2", "INTO", "#1")

    assert [row["id"] for row in duplicates.listing()] == [1, 3]
    table = duplicates.ok("list").stdout
    assert "SAML single sign-on" not in table
    merged = json.loads(duplicates.ok("list", "--merged", "--format", "json").stdout)
    assert [(row["id"], row["merged_into"]) for row in merged] == [(1, None), (2, 1), (3, None)]
    assert "#2  merged into #1" in duplicates.ok("list", "--merged").stdout
    report = duplicates.ok("show", "2").stdout
    assert report.splitlines()[:2] == ["#2  SAML single sign-on", "  merged into #1"]
    assert duplicates.shown(2)["merged_into"] == 1
    assert duplicates.shown(2)["asks"] == []


def test_the_merge_note_in_the_history_is_not_shown_as_a_move(duplicates: Cli):
    duplicates.ok("merge", "2", "into", "1")

    history = duplicates.ok("show", "1").stdout.split("History:\n")[1]

    assert "merged #2 into this: SAML single sign-on  by " in history
    assert "intake → intake" not in history


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("merge", "1", "into", "1"), "error: merge: #1 cannot be merged into itself"),
        (("merge", "2", "into", "1"), "error: merge: #2 was already merged into #1"),
        (
            ("merge", "3", "into", "2"),
            "error: merge: #2 was merged into #1; merge into #1 instead",
        ),
        (("merge", "1", "into", "99"), "error: no request #99"),
        (
            ("ask", "2", "--account", "Acme", "--channel", "call", "--importance", "nice",
             "--quote", "x"),
            "error: request: #2 was merged into #1; change #1 instead",
        ),
    ],
)  # fmt: skip
def test_merges_that_make_no_sense_are_refused(duplicates: Cli, args, message):
    duplicates.ok("merge", "2", "into", "1")
    before = duplicates.state()

    line = duplicates.refused(*args)

    assert line.startswith(message), line
    assert duplicates.state() == before


@pytest.mark.parametrize("word", ["to", "onto", "in"])
def test_merge_needs_the_word_into(duplicates: Cli, word: str):
    before = duplicates.state()

    result = duplicates("merge", "2", word, "1")

    assert result.exit_code == 2
    assert f"Error: write it as 'secboard merge 2 into 1' (not '{word}')" in result.stderr
    assert "merge [OPTIONS] SRC into DST\n" in result.stderr
    assert duplicates.state() == before


# Similar requests at capture ----------------------------------------------------------


def test_add_off_a_terminal_adds_the_request_and_names_similar_ones(sso: Cli):
    result = sso.ok("add", "SSO for admin console")

    assert result.stdout == "2\n"
    assert result.stderr == (
        "note: similar open requests: #1 'SSO for the admin console'; 'secboard merge 2 into ID'\n"
    )


def test_add_with_no_similar_does_not_look(sso: Cli):
    result = sso.ok("add", "SSO for admin console", "--no-similar")

    assert (result.stdout, result.stderr) == ("2\n", "")


def test_add_of_an_unlike_title_says_nothing_more(sso: Cli):
    result = sso.ok("add", "Data residency in the EU")

    assert (result.stdout, result.stderr) == ("2\n", "")


def test_add_on_a_terminal_can_add_an_ask_to_the_similar_request_instead(
    sso: Cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("secboard.cli.requests.on_terminal", lambda: True)

    result = sso(
        "add", "SSO for admin console", "--customer", "Hooli", "--arr", "80k",
        "--requester", "Kim", "--due", "2027-03-01", "--tag", "sso", input="y\n",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.stdout == "1\n"
    assert result.stderr.endswith("note: not used for an ask: tags\n")
    assert sso.shown(1)["tags"] == []
    assert "Looks like #1 SSO for the admin console — add as an ask there instead? [y/N]" in (
        result.stderr
    )
    assert [row["id"] for row in sso.listing()] == [1]
    ask = sso.shown(1)["asks"][1]
    assert (ask["account"], ask["requester"], ask["due"]) == ("Hooli", "Kim", "2027-03-01")
    assert sso.shown(1)["demand"]["arr"] == 200_000


def test_add_on_a_terminal_answered_no_adds_a_new_request(
    sso: Cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("secboard.cli.requests.on_terminal", lambda: True)

    result = sso("add", "SSO for admin console", "--customer", "Hooli", input="\n")

    assert result.exit_code == 0, result.output
    assert result.stdout == "2\n"
    assert "note:" not in result.stderr
    assert [ask["account"] for ask in sso.shown(1)["asks"]] == ["Acme"]
    assert [ask["account"] for ask in sso.shown(2)["asks"]] == ["Hooli"]


def test_arr_without_a_customer_is_refused_before_an_ask_is_added(
    sso: Cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("secboard.cli.requests.on_terminal", lambda: True)
    before = sso.state()

    result = sso("add", "SSO for admin console", "--requester", "Kim", "--arr", "80k", input="y\n")

    assert result.exit_code == 1
    assert (
        result.stderr.splitlines()[-1] == "error: arr: belongs to an account: give a customer too"
    )
    assert sso.state() == before


def test_add_on_a_terminal_without_anyone_asking_only_notes_the_similar_request(
    sso: Cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("secboard.cli.requests.on_terminal", lambda: True)

    result = sso("add", "SSO for admin console", "--tag", "identity")

    assert result.exit_code == 0, result.output
    assert result.stdout == "2\n"
    assert "Looks like" not in result.stderr
    assert result.stderr.startswith("note: similar open requests: #1 ")


def test_several_similar_requests_are_offered_in_turn(sso: Cli, monkeypatch: pytest.MonkeyPatch):
    sso.ok("add", "SSO for the admin portal", "--no-similar")
    monkeypatch.setattr("secboard.cli.requests.on_terminal", lambda: True)

    result = sso("add", "SSO for the admin console", "--customer", "Hooli", input="n\ny\n")

    assert result.exit_code == 0, result.output
    assert result.stderr.count("Looks like #") == 2
    assert result.stdout == "2\n"
    assert [ask["account"] for ask in sso.shown(2)["asks"]] == ["Hooli"]
    assert [row["id"] for row in sso.listing()] == [1, 2]


@pytest.mark.parametrize("command", ["add", "edit"])
def test_help_says_the_first_ask_options_set_the_first_ask(cli: Cli, command: str):
    shown = " ".join(cli.ok(command, "--help").stdout.split())

    assert "--customer TEXT Account name: sets the first ask" in shown
    assert "--requester TEXT Person or team who asked: sets the first ask" in shown
    assert "--arr TEXT The first ask's account's ARR" in shown
    assert "--due TEXT Deal close or audit date of the first ask" in shown
