"""Accounts on the command line: the companies asks come from, by what they are worth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import Cli
from tests.test_cli_hostile import HOSTILE, RAW_DANGER

ACCOUNT_KEYS = [
    "name",
    "kind",
    "arr",
    "tier",
    "renewal",
    "owner",
    "notes",
    "asks",
    "open",
    "committed",
    "shipped",
    "declined",
    "next_due",
]


@pytest.fixture
def cli(database_url: Path | str) -> Cli:
    return Cli(database_url)


def accounts(cli: Cli) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(cli.ok("account", "list", "--format", "json").stdout)
    return listed


def ask(cli: Cli, request_id: int, account: str, *extra: str) -> None:
    cli.ok(
        "ask", str(request_id), "--account", account, "--channel", "email",
        "--importance", "important", "--quote", "Please.", *extra,
    )  # fmt: skip


@pytest.fixture
def book(cli: Cli) -> Cli:
    """Three accounts and four requests, one in each standing, all asked for by Acme."""
    cli.ok(
        "account", "add", "Acme", "--kind", "customer", "--arr", "120k", "--tier", "enterprise",
        "--renewal", "2027-03-31", "--owner", "Jo Park", "--notes", "Renewal at risk.",
    )  # fmt: skip
    cli.ok("account", "add", "Globex", "--kind", "prospect", "--arr", "1.5m")
    cli.ok("account", "add", "Initech", "--kind", "partner")
    for title in ("SSO", "Audit log export", "Data residency", "Custom crypto"):
        cli.ok("add", title, "--no-similar")
        ask(cli, int(cli.listing()[-1]["id"]), "Acme", "--due", "2027-01-15")
    ask(cli, 1, "Globex", "--due", "2027-02-01")
    cli.ok("move", "2", "committed", "--force", "--reason", "board decision")
    cli.ok("move", "3", "shipped", "--force", "--reason", "done")
    cli.ok("decide", "4", "decline", "--rationale", "not our core", "--close")
    return cli


def test_account_add_prints_the_name_and_keeps_every_field(cli: Cli):
    result = cli.ok(
        "account", "add", "  Acme Corp ", "--kind", "Prospect", "--arr", "$1.2m", "--tier",
        "enterprise", "--renewal", "2027-03-31", "--owner", "Jo Park", "--notes", "Big deal.",
    )  # fmt: skip

    assert (result.stdout, result.stderr) == ("Acme Corp\n", "")
    assert accounts(cli) == [
        {
            "name": "Acme Corp",
            "kind": "prospect",
            "arr": 1_200_000,
            "tier": "enterprise",
            "renewal": "2027-03-31",
            "owner": "Jo Park",
            "notes": "Big deal.",
            "asks": 0,
            "open": 0,
            "committed": 0,
            "shipped": 0,
            "declined": 0,
            "next_due": None,
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("account", "add", "acme"), "error: name: an account called 'acme' exists already"),
        (("account", "add", "Hooli", "--arr", "-5"), "error: arr: must be ≥ 0"),
        (("account", "add", "Hooli", "--arr", "lots"), "error: arr: 'lots' is not an amount"),
        (("account", "add", "Hooli", "--kind", "vendor"), "error: kind: unknown value 'vendor'"),
        (("account", "add", "Hooli", "--renewal", "someday"), "error: renewal:"),
        (("account", "add", "Hooli", "--tier", "t" * 81), "error: tier:"),
        (("account", "add", " "), "error: name: must not be empty"),
        (("account", "edit", "Acme", "--arr", "-1"), "error: arr: must be ≥ 0"),
        (("account", "edit", "Acme", "--name", "GLOBEX"), "error: an account called 'GLOBEX'"),
        (("account", "edit", "Acme"), "error: nothing to change; see 'secboard account edit"),
        (("account", "edit", "Hooli", "--arr", "1"), "error: no account 'Hooli'"),
        (("account", "remove", "Hooli"), "error: no account 'Hooli'"),
        (("account", "remove", "Acme"), "error: account 'Acme' has asks (on #1); not removed"),
        (("account", "show", "Hooli"), "error: no account 'Hooli'; see 'secboard account list'"),
    ],
)
def test_bad_account_commands_are_refused_and_nothing_is_written(cli: Cli, args, message):
    cli.ok("account", "add", "Acme", "--arr", "120k")
    cli.ok("account", "add", "Globex")
    cli.ok("add", "SSO")
    ask(cli, 1, "Acme")
    before = cli.state()

    line = cli.refused(*args)

    assert line.startswith(message), line
    assert cli.state() == before


def test_account_edit_changes_the_given_fields_and_the_demand_follows(cli: Cli):
    cli.ok("account", "add", "Acme", "--arr", "120k", "--tier", "mid")
    cli.ok("add", "SSO")
    ask(cli, 1, "Acme")

    result = cli.ok("account", "edit", "ACME", "--arr", "200k", "--owner", "Jo")

    assert result.stderr == "account Acme updated (arr, owner)\n"
    (acme,) = accounts(cli)
    assert (acme["arr"], acme["owner"], acme["tier"]) == (200_000, "Jo", "mid")
    assert cli.shown(1)["demand"]["arr"] == 200_000


def test_account_edit_with_an_empty_value_clears_an_optional_field(cli: Cli):
    cli.ok("account", "add", "Acme", "--arr", "120k", "--tier", "mid", "--renewal", "2027-01-01")

    cli.ok("account", "edit", "Acme", "--arr", "", "--tier", "", "--renewal", "")

    (acme,) = accounts(cli)
    assert (acme["arr"], acme["tier"], acme["renewal"]) == (None, "", None)


def test_renaming_an_account_renames_it_on_every_ask(cli: Cli):
    cli.ok("account", "add", "Acme")
    cli.ok("add", "SSO")
    ask(cli, 1, "Acme")

    cli.ok("account", "edit", "Acme", "--name", "Acme Corporation")

    assert [account["name"] for account in accounts(cli)] == ["Acme Corporation"]
    assert cli.shown(1)["asks"][0]["account"] == "Acme Corporation"
    assert cli.shown(1)["customer"] == "Acme Corporation"


def test_account_remove_removes_an_account_nobody_asked_through(cli: Cli):
    cli.ok("account", "add", "Acme")

    result = cli.ok("account", "remove", " acme ")

    assert result.stderr == "account Acme removed\n"
    assert accounts(cli) == []


def test_account_list_is_by_arr_with_where_the_asks_stand(book: Cli):
    listed = accounts(book)

    assert [list(row) for row in listed] == [ACCOUNT_KEYS] * 3
    assert [row["name"] for row in listed] == ["Globex", "Acme", "Initech"]
    acme = listed[1]
    assert (acme["asks"], acme["open"], acme["committed"], acme["shipped"], acme["declined"]) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert acme["next_due"] == "2027-01-15"
    assert listed[2]["next_due"] is None


def test_account_list_table(book: Cli):
    lines = book.ok("account", "list").stdout.splitlines()

    assert lines[0].split() == [
        "NAME", "KIND", "ARR", "TIER", "RENEWAL", "OWNER", "OPEN", "COMMITTED", "SHIPPED",
        "DECLINED", "NEXT", "DUE",
    ]  # fmt: skip
    assert lines[1].split() == [
        "Globex", "prospect", "$1.5M", "–", "–", "–", "1", "0", "0", "0", "2027-02-01",
    ]  # fmt: skip
    assert lines[2].split() == [
        "Acme", "customer", "$120k", "enterprise", "2027-03-31", "Jo", "Park", "1", "1", "1",
        "1", "2027-01-15",
    ]  # fmt: skip
    assert len(lines) == 4


def test_account_list_of_a_workspace_without_accounts(cli: Cli):
    result = cli.ok("account", "list")

    assert result.stdout == ""
    assert result.stderr == "no accounts yet; add one with 'secboard account add NAME'\n"
    assert accounts(cli) == []


def test_account_show_has_the_account_and_every_ask_with_its_standing(book: Cli):
    report = book.ok("account", "show", "acme").stdout.splitlines()

    assert report[:9] == [
        "Acme",
        "  kind         customer",
        "  arr          $120k",
        "  tier         enterprise",
        "  renewal      2027-03-31",
        "  owner        Jo Park",
        "  asks         4 (1 open, 1 committed, 1 shipped, 1 declined)",
        "  next due     2027-01-15",
        "",
    ]
    assert report[9:12] == ["Notes:", "  Renewal at risk.", ""]
    assert report[12] == "Asks:"
    assert report[13].split() == [
        "ASK",
        "REQUEST",
        "STANDING",
        "STATUS",
        "IMPORTANCE",
        "DUE",
        "TITLE",
    ]
    assert [line.split()[:4] for line in report[14:]] == [
        ["1", "#1", "open", "intake"],
        ["2", "#2", "committed", "committed"],
        ["3", "#3", "shipped", "shipped"],
        ["4", "#4", "declined", "closed"],
    ]


def test_account_show_json(book: Cli):
    page = json.loads(book.ok("account", "show", "ACME", "--format", "json").stdout)

    assert list(page) == ["account", "asks"]
    assert list(page["account"]) == ACCOUNT_KEYS
    assert page["account"]["name"] == "Acme"
    assert [
        (item["id"], item["request_id"], item["title"], item["status"], item["standing"])
        for item in page["asks"]
    ] == [
        (1, 1, "SSO", "intake", "open"),
        (2, 2, "Audit log export", "committed", "committed"),
        (3, 3, "Data residency", "shipped", "shipped"),
        (4, 4, "Custom crypto", "closed", "declined"),
    ]
    assert page["asks"][0]["quote"] == "Please."
    assert page["asks"][0]["channel"] == "email"


def test_an_account_nobody_asked_through_shows_no_asks(cli: Cli):
    cli.ok("account", "add", "Initech", "--kind", "partner")

    report = cli.ok("account", "show", "Initech").stdout

    assert report.endswith("Asks:\n  none yet\n")
    assert json.loads(cli.ok("account", "show", "Initech", "--format", "json").stdout)["asks"] == []


@pytest.mark.parametrize(("raw", "shown"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_in_every_account_field_prints_literally_and_is_kept_in_json(
    cli: Cli, raw: str, shown: str
):
    name = f"Evil {raw}"
    cli.ok(
        "account", "add", name, "--tier", raw, "--owner", f"AE {raw}", "--notes", raw,
    )  # fmt: skip
    cli.ok("add", "SSO")
    ask(cli, 1, name)

    listed = cli.ok("account", "list").stdout
    report = cli.ok("account", "show", name).stdout
    listed_json = cli.ok("account", "list", "--format", "json").stdout
    page_json = cli.ok("account", "show", name, "--format", "json").stdout

    assert f"Evil {shown}" in listed.splitlines()[1]
    assert report.splitlines()[0] == f"Evil {shown}"
    assert f"  tier         {shown}" in report
    assert f"  owner        AE {shown}" in report
    (account,) = json.loads(listed_json)
    assert (account["name"], account["tier"], account["owner"], account["notes"]) == (
        name,
        raw,
        f"AE {raw}",
        raw,
    )
    assert json.loads(page_json)["asks"][0]["account"] == name
    for output in (listed, report, listed_json, page_json):
        assert not any(character in output for character in RAW_DANGER)
