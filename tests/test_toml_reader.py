"""tomli and tomllib read every snapshot and config file alike.

secboard parses TOML with tomli where it is installed and with the standard library's
tomllib otherwise. Whichever reads, a text gives the same document, the same snapshot, and
the same one error line (in import, diff and view, and for checklist.toml).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secboard import config
from secboard.domain import tomltext
from secboard.domain.errors import SecboardError
from secboard.domain.model import WorkspaceData
from secboard.domain.tomltext import TomlError, TomlReader, parse_toml
from secboard.snapshot import export_snapshot
from secboard.snapshot.files import parse_snapshot
from tests.cli_support import Cli
from tests.snapshot_samples import (
    EXPORTED,
    HOSTILE,
    every_free_text,
    gate_skipping_data,
    sample_data,
    workspaces,
)

READERS: dict[str, Callable[[], TomlReader]] = {
    "tomli": tomltext.fastest_reader,
    "tomllib": tomltext.standard_reader,
}


@pytest.fixture(params=READERS.keys())
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> TomlReader:
    """Each parser in turn as the one secboard reads with."""
    chosen = READERS[request.param]()
    assert chosen.name == request.param
    monkeypatch.setattr(tomltext, "reader", chosen)
    return chosen


def each_reader(read: Callable[[], object]) -> Iterator[str]:
    """What ``read`` gives (the repr of its result, or its error) under each parser."""
    saved = tomltext.reader
    try:
        for choose in READERS.values():
            tomltext.reader = choose()
            try:
                yield repr(read())
            except SecboardError as error:
                yield f"{type(error).__name__}: {error}"
    finally:
        tomltext.reader = saved


def alike(read: Callable[[], object]) -> str:
    """The one outcome ``read`` has under both parsers."""
    fast, standard = each_reader(read)
    assert fast == standard
    return fast


def exported(data: WorkspaceData) -> str:
    return export_snapshot(data, exported_at=EXPORTED)


# Which parser reads ------------------------------------------------------------------------


def test_tomli_reads_where_it_is_installed() -> None:
    assert tomltext.reader.name == "tomli"


def test_the_standard_library_reads_without_tomli(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes ``import tomli`` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "tomli", None)

    assert tomltext.fastest_reader().name == "tomllib"


def test_a_parser_error_is_a_toml_error_under_each_parser(reader: TomlReader) -> None:
    with pytest.raises(TomlError) as caught:
        parse_toml("a = \n")

    assert str(caught.value) == "Invalid value (at line 1, column 5)"
    assert not isinstance(caught.value, reader.error)


# Valid snapshots ---------------------------------------------------------------------------

VALID = {"sample": sample_data(), "gate skipped": gate_skipping_data()}


@pytest.mark.parametrize("data", VALID.values(), ids=VALID.keys())
def test_a_valid_snapshot_reads_alike(data: WorkspaceData) -> None:
    text = exported(data)

    alike(lambda: parse_toml(text))
    outcome = alike(lambda: parse_snapshot(text.encode()).data)

    assert outcome == repr(data)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_every_field_reads_alike(text: str) -> None:
    exported_text = exported(every_free_text(text))

    document = alike(lambda: parse_toml(exported_text))

    assert repr(text) in document
    alike(lambda: parse_snapshot(exported_text.encode()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_any_exported_workspace_reads_alike(data: WorkspaceData) -> None:
    text = exported(data)
    read: list[WorkspaceData] = []

    alike(lambda: read.append(parse_snapshot(text.encode()).data))

    # Compared as values: repr would tell apart datetimes that differ only in ``fold``.
    assert read == [data, data]


# Broken snapshots --------------------------------------------------------------------------

DEEP_ARRAYS = "a = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_TABLES = "a = " + "{b = " * 5000 + "1" + "}" * 5000 + "\n"
SAMPLE = exported(sample_data())

BROKEN = {
    "no value": (
        'format = "secboard-snapshot"\nversion = \n',
        "Invalid value (at line 2, column 11)",
    ),
    "unclosed array": ("a = [1, 2", "Unclosed array (at end of document)"),
    "duplicate key": ("a = 1\na = 2\n", "Cannot overwrite a value (at line 2, column 6)"),
    "unclosed string": ('a = "open\n', "Illegal character '\\n' (at line 1, column 10)"),
    "bad header": (
        "[requests\n",
        "Expected ']' at the end of a table declaration (at line 1, column 10)",
    ),
    "truncated sample": (SAMPLE[: SAMPLE.index("[[requests]]") + 5], None),
    "sample with a stray quote": (SAMPLE.replace("title = ", 'title = "', 1), None),
    "sample with a table twice": (SAMPLE + "\n[workspace]\n", None),
    # TOML 1.1 syntax, which tomli reads from 2.4 on and tomllib refuses.
    "1.1 escape \\e": ('a = "\\e"\n', "Unescaped '\\' in a string (at line 1, column 8)"),
    "1.1 escape \\x": ('a = "\\x41"\n', "Unescaped '\\' in a string (at line 1, column 8)"),
    "1.1 multi-line inline table": (
        "a = {\n  b = 1,\n}\n",
        "Invalid initial character for a key part (at line 1, column 6)",
    ),
    "1.1 time without seconds": (
        "a = 12:30\n",
        "Expected newline or end of document after a statement (at line 1, column 7)",
    ),
    "arrays nested 5000 deep": (DEEP_ARRAYS, "values nested too deeply to read"),
    "inline tables nested 5000 deep": (DEEP_TABLES, "values nested too deeply to read"),
}


@pytest.mark.parametrize(("text", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_gives_the_same_error_line(text: str, reason: str | None) -> None:
    outcome = alike(lambda: parse_snapshot(text.encode(), "s.toml"))

    assert outcome.startswith("SnapshotError: s.toml is not valid TOML: ")
    if reason is not None:
        assert outcome == f"SnapshotError: s.toml is not valid TOML: {reason}"


MARKS = "[]{}=\"'\\,.#:-+ \t\n\r\x00\x7f\u00e9\u202e"


@settings(max_examples=300, deadline=None)
@given(
    text=st.sampled_from([SAMPLE, exported(every_free_text(HOSTILE[3]))]),
    cut=st.integers(min_value=0),
    length=st.integers(min_value=0, max_value=3),
    inserted=st.text(st.sampled_from(MARKS), max_size=2),
)
def test_a_spoilt_snapshot_reads_alike(text: str, cut: int, length: int, inserted: str) -> None:
    at = cut % len(text)
    spoilt = text[:at] + inserted + text[at + length :]

    alike(lambda: parse_snapshot(spoilt.encode(), "s.toml"))


# What the user sees ------------------------------------------------------------------------

COMMANDS = {
    "import": ("import", "{path}"),
    "diff": ("diff", "{path}", "{path}"),
    "view": ("view", "{path}"),
}

FILES = {
    "not TOML": (
        'format = "secboard-snapshot"\nversion = \n',
        "Invalid value (at line 2, column 11)",
    ),
    "nested too deep": (DEEP_ARRAYS, "values nested too deeply to read"),
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
@pytest.mark.parametrize(("content", "reason"), FILES.values(), ids=FILES.keys())
def test_the_commands_say_the_same_line_under_each_parser(
    reader: TomlReader, tmp_path: Path, command: tuple[str, ...], content: str, reason: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    cli = Cli(tmp_path / "workspace.db")

    message = cli.refused(*(part.format(path=path) for part in command))

    assert message == f"error: {path} is not valid TOML: {reason}"
    assert not cli.db.exists()


def test_a_checklist_that_is_not_toml_says_the_same_line_under_each_parser(
    reader: TomlReader, tmp_path: Path
) -> None:
    folder = config.config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / config.TEMPLATE_FILE
    path.write_text("[[checklist]\nkey = 'a'\n", encoding="utf-8")

    result = Cli(tmp_path / "workspace.db").ok("add", "SSO")

    assert result.stderr == (
        f"warning: {path}: is not valid TOML: Expected ']]' at the end of an array declaration"
        " (at line 1, column 12); the checklist in use was kept\n"
    )
