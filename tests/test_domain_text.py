"""Text shown on a terminal: user text can neither drive the terminal nor hide what it says."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secboard.domain.text import (
    format_day,
    format_moment,
    format_money,
    format_weeks,
    printable,
    printable_block,
)

# Characters that reorder or hide text: bidirectional controls, zero-width characters.
HIDING = frozenset(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)

terminal_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(sorted(HIDING)),
        st.characters(min_codepoint=0, max_codepoint=0x9F),
    ),
    max_size=80,
)


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


@given(terminal_text)
def test_printable_output_never_contains_control_or_hiding_characters(text):
    shown = printable(text)

    assert not any(is_control(ch) or ch in HIDING for ch in shown)


@given(terminal_text)
def test_printable_block_keeps_only_line_breaks_as_controls(text):
    shown = printable_block(text)

    assert not any((is_control(ch) and ch != "\n") or ch in HIDING for ch in shown)
    assert shown.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"])))
def test_printable_leaves_ordinary_text_alone(text):
    assert printable(text) == text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\u241b[31mred"),
        ("a\x07b", "a\u2407b"),
        ("back\x08space", "back\u2408space"),
        ("two\nlines", "two\u240alines"),
        ("\x7f", "\u2421"),
        ("\x9b31m", "�31m"),
        ("abc\u202eevil", "abc<U+202E>evil"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("\ufeffbom", "<U+FEFF>bom"),
        ("[bold]x[/]", "[bold]x[/]"),
    ],
)
def test_printable_makes_each_kind_of_control_visible(raw, shown):
    assert printable(raw) == shown


def test_printable_block_turns_tabs_into_spaces():
    assert printable_block("a\tb\nc\x1b") == "a    b\nc\u241b"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (None, "–"),
        (0, "$0"),
        (950, "$950"),
        (120_000, "$120k"),
        (1_000_000, "$1M"),
        (1_200_000, "$1.2M"),
        (999, "$999"),
        (1_000, "$1k"),
        (1_499, "$1k"),
        (1_500, "$2k"),
        (999_499, "$999k"),
        (999_500, "$1.0M"),
        (1_000_400, "$1.0M"),
        (1_250_000, "$1.3M"),
        (999_949_999, "$999.9M"),
        (999_950_000, "$1.0B"),
        (1_000_000_000, "$1B"),
        (999_950_000_000, "$1.0T"),
        (10**12, "$1T"),
        (1_234 * 10**12, "$1234T"),
    ],
)
def test_format_money(amount, shown):
    assert format_money(amount) == shown


MONEY = re.compile(r"\$(\d+)(?:\.(\d))?([kMBT]?)")
UNIT_SIZES = {"": 1, "k": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
near_a_unit_boundary = st.sampled_from([1, 10**3, 10**6, 10**9]).flatmap(
    lambda size: st.integers(min_value=999 * size, max_value=1_001 * size)
)


@given(st.integers(min_value=0, max_value=999_949_999_999_999) | near_a_unit_boundary)
def test_format_money_never_shows_1000_of_a_unit_and_stays_close(amount: int):
    shown = format_money(amount)

    match = MONEY.fullmatch(shown)
    assert match, shown
    whole, tenths, unit = match.groups()
    assert int(whole) < 1_000, shown
    value = int(whole) * UNIT_SIZES[unit] + int(tenths or 0) * UNIT_SIZES[unit] // 10
    step = UNIT_SIZES[unit] // (1 if unit in ("", "k") else 10)
    assert abs(value - amount) <= step // 2, shown


def test_small_formatters():
    assert format_weeks(None) == "–"
    assert format_weeks(0.5) == "0.5w"
    assert format_weeks(3.0) == "3w"
    assert format_day(None) == "–"
    assert format_day(date(2026, 2, 1)) == "2026-02-01"
    assert format_moment(datetime(2026, 11, 30, 9, 5, tzinfo=UTC)) == "2026-11-30 09:05"
