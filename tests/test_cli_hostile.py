"""Hostile text: printed literally and harmlessly in tables and reports, kept exactly in JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secboard.domain.text import UNSAFE_CHARACTERS
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
def cli(database_url: Path | str) -> Cli:
    return Cli(database_url)


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


EVERY_UNSAFE = "".join(chr(code) for code in sorted(UNSAFE_CHARACTERS) if code)
"""Every character that must never reach a file or terminal raw, in one string (NUL is
refused on input)."""

RAW_ALLOWED = {"\n", "\t"}
"""Layout of JSON and TOML themselves; inside strings both writers escape them."""


def raw_unsafe(output: str) -> set[str]:
    return {ch for ch in output if ord(ch) in UNSAFE_CHARACTERS} - RAW_ALLOWED


def test_the_unsafe_set_holds_c1_bidi_separators_and_tags():
    expected = [
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x200E,
        0x200F,
        0x061C,
        0x2028,
        0x2029,
        *range(0xE0000, 0xE0080),
    ]
    assert set(expected) <= UNSAFE_CHARACTERS


def test_export_escapes_every_unsafe_character_and_import_reads_it_back(cli: Cli, tmp_path: Path):
    cli.ok("add", f"SSO {EVERY_UNSAFE[-40:]}", "--description", EVERY_UNSAFE)
    cli.ok("objective", "add", f"Trust {EVERY_UNSAFE[:40]}", "--key", "O1")
    before = cli.state()

    exported = cli.ok("export", "-").stdout
    again = Cli(tmp_path / "again.db")
    imported = again("import", "-", input=exported)

    assert imported.exit_code == 0, imported.output
    assert raw_unsafe(exported) == set()
    assert "\\u202E" in exported
    assert "\\U000E0041" in exported
    assert again.state() == before
    assert again.shown(1)["description"] == EVERY_UNSAFE


@pytest.mark.parametrize(
    "command",
    [
        ("list", "--format", "json"),
        ("show", "1", "--format", "json"),
        ("objective", "list", "--format", "json"),
    ],
    ids=["list", "show", "objective list"],
)
def test_json_escapes_every_unsafe_character_and_keeps_it(cli: Cli, command: tuple[str, ...]):
    cli.ok("add", "SSO", "--description", EVERY_UNSAFE, "--customer", EVERY_UNSAFE[-100:])
    cli.ok("objective", "add", f"Trust {EVERY_UNSAFE[-100:]}", "--key", "O1")

    output = cli.ok(*command).stdout

    assert raw_unsafe(output) == set()
    assert "\\u061c" in output or "\\udb40\\udc41" in output
    assert EVERY_UNSAFE[-100:] in json.dumps(json.loads(output), ensure_ascii=False)
