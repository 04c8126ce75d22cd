"""Hostile text: printed literally and harmlessly in tables and reports, kept exactly in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_support import Cli, run_process

HOSTILE = {
    "markup": ("[bold]x[/]", "[bold]x[/]"),
    "closing tag": ("[/]", "[/]"),
    "action link": ("[@click=app.quit]quit[/]", "[@click=app.quit]quit[/]"),
    "ansi colour": ("\x1b[31mred\x1b[0m", "\u241b[31mred\u241b[0m"),
    "c1 csi": ("\x9b31mred", "�31mred"),
    "rtl override": ("invoice\u202efdp.exe", "invoice<U+202E>fdp.exe"),
    "bell and backspace": ("ding\x07\x08", "ding\u2407\u2408"),
    "carriage return": ("safe\roverwritten", "safe\u240doverwritten"),
}

RAW_DANGER = ("\x1b", "\x9b", "\u202e", "\x07", "\x08", "\r")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "workspace.db")


@pytest.mark.parametrize(("raw", "shown"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_title_prints_literally_in_list_and_show(cli: Cli, raw, shown):
    cli.ok("add", raw, "--customer", raw)

    listed = cli.ok("list").stdout
    report = cli.ok("show", "1").stdout

    assert shown in listed.splitlines()[1]
    assert report.splitlines()[0] == f"#1  {shown}"
    assert f"  customer     {shown}" in report
    for output in (listed, report):
        assert not any(ch in output for ch in RAW_DANGER)


@pytest.mark.parametrize(("raw", "shown"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_title_is_kept_exactly_in_json(cli: Cli, raw, shown):
    cli.ok("add", raw, "--customer", raw)

    listed = cli.ok("list", "--format", "json").stdout
    report = cli.ok("show", "1", "--format", "json").stdout

    assert json.loads(listed)[0]["title"] == raw
    assert json.loads(report)["customer"] == raw
    for output in (listed, report):
        assert not any(ch in output for ch in RAW_DANGER)


def test_hostile_text_in_descriptions_notes_and_history_is_made_visible(cli: Cli):
    evil = "\x1b]0;owned\x07\u202e"
    cli.ok("add", "SSO", "--description", f"first line\n{evil}")
    cli.ok("move", "1", "discovery", "--reason", evil)
    cli.ok("check", "1", "need_confirmed", "yes", "--note", evil)
    cli.ok("decide", "1", "build", "--rationale", evil)

    report = cli.ok("show", "1").stdout

    assert "  first line\n" in report
    assert "\u241b]0;owned\u2407<U+202E>" in report
    assert not any(ch in report for ch in RAW_DANGER)
    record = cli.shown(1)
    assert record["description"] == f"first line\n{evil}"
    assert record["history"][-1]["note"] == evil
    assert record["checklist"][0]["note"] == evil


def test_hostile_error_message_is_printed_harmlessly(cli: Cli):
    message = cli.refused("objective", "edit", "\x1b[2J", "--title", "x")

    assert "\x1b" not in message
    assert "\u241b[2J" in message or "\\x1b[2J" in message


def test_hostile_title_through_a_real_terminal_pipe(tmp_path: Path):
    db = tmp_path / "workspace.db"
    title = "[bold]x[/] \x1b[31mred \x9b \u202eevil"
    assert run_process("--db", str(db), "add", title).returncode == 0

    listed = run_process("--db", str(db), "list")
    as_json = run_process("--db", str(db), "list", "--format", "json")

    assert listed.returncode == 0
    assert "[bold]x[/] \u241b[31mred � <U+202E>evil" in listed.stdout
    assert not any(ch in listed.stdout for ch in RAW_DANGER)
    assert json.loads(as_json.stdout)[0]["title"] == title
    assert "\\u001b" in as_json.stdout
    assert "\\u009b" in as_json.stdout
    assert "\\u202e" in as_json.stdout
