"""Turning stored values into text that is safe and readable on a terminal.

User text is stored exactly as typed. Before it reaches a terminal, control characters
(ANSI escapes, backspaces, C1 codes) and invisible formatting characters (bidirectional
overrides, zero-width characters) are replaced with visible stand-ins, so a title can
neither move the cursor, recolour the screen, nor hide or reorder what it says.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime

_VISIBLE_CONTROL = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE_CONTROL[0x7F] = "\u2421"
_VISIBLE_CONTROL.update(dict.fromkeys(range(128, 160), "�"))


def _invisible_format_characters() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070)):
        if unicodedata.category(chr(code)) == "Cf":
            table[code] = f"<U+{code:04X}>"
    extra = (0x00AD, 0x061C, 0x180E, 0x2028, 0x2029, 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB)
    for code in (*extra, *range(0xE0000, 0xE0080)):
        table[code] = f"<U+{code:04X}>"
    return table


_PRINTABLE = {**_VISIBLE_CONTROL, **_invisible_format_characters()}
_PRINTABLE_MULTILINE = {k: v for k, v in _PRINTABLE.items() if k not in (0x0A, 0x09)}
_PRINTABLE_MULTILINE[0x09] = "    "


UNSAFE_CHARACTERS = frozenset(_PRINTABLE)
"""The code points that can drive a terminal or hide, reorder or fake what text says.

C0 and C1 controls, DEL, and invisible formatting characters: bidirectional controls,
zero-width characters, the line and paragraph separators, tag characters. On screen
:func:`printable` shows each as a visible stand-in; in JSON and TOML output each is
written as an escape (:func:`escape_unsafe`), which reads back as the character itself.
"""


@functools.cache
def _unsafe_pattern() -> re.Pattern[str]:
    # Compiled on first use: the board's start-up never needs it. Newline and tab lay
    # out JSON and TOML themselves, and both writers escape them inside strings.
    # Written as ranges: a class of some 250 single characters matches 50 times slower.
    ranges: list[list[int]] = []
    for code in sorted(UNSAFE_CHARACTERS - {0x09, 0x0A}):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    spans = (re.escape(chr(first)) + "-" + re.escape(chr(last)) for first, last in ranges)
    return re.compile("[" + "".join(spans) + "]")


def escape_unsafe(text: str, escape: Callable[[int], str]) -> str:
    """``text`` with each unsafe character but newline and tab replaced by ``escape(code)``.

    For a serialised document (JSON, TOML), whose newlines and tabs are its layout.
    """
    return _unsafe_pattern().sub(lambda match: escape(ord(match.group())), text)


def has_visible_characters(text: str) -> bool:
    """True when ``text`` shows something: not only spaces, control and invisible characters."""
    return any(not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")) for ch in text)


def printable(text: str) -> str:
    """``text`` on one line with every control or invisible character made visible."""
    return text.translate(_PRINTABLE)


def printable_block(text: str) -> str:
    """Like :func:`printable`, but keeping line breaks (tabs become spaces)."""
    return text.translate(_PRINTABLE_MULTILINE)


_SAME_WIDTH = {code: chr(0x2400 + code) for code in range(0x20)}
_SAME_WIDTH[0x7F] = "\u2421"
_SAME_WIDTH.update({code: "\ufffd" for code in _PRINTABLE if code >= 0x80})
_SAME_WIDTH_MULTILINE = {k: v for k, v in _SAME_WIDTH.items() if k not in (0x0A, 0x09)}


def editable(text: str, *, multiline: bool = False) -> str:
    """``text`` for an edit box: each hidden character becomes one visible character.

    Unlike :func:`printable` the length stays the same, so a cursor moving over the
    text lands where the eye expects; what is then saved is what was shown.
    """
    return text.translate(_SAME_WIDTH_MULTILINE if multiline else _SAME_WIDTH)


_MONEY_UNITS = ((10**3, "k", 0), (10**6, "M", 1), (10**9, "B", 1), (10**12, "T", 1))
"""Each unit of a compact amount: its size, its letter and how many decimals it shows."""


def format_money(amount: int | None) -> str:
    """A compact amount: ``$950``, ``$120k``, ``$1.2M``, ``$3B``; ``–`` when absent.

    The amount is rounded half up to what is shown, and a rounding that reaches 1000 of
    a unit is written in the next one: 999,500 is ``$1.0M``, never ``$1000k``. A ``.0``
    says the amount was rounded: ``$1M`` is exactly a million.
    """
    if amount is None:
        return "–"
    if amount < 1_000:
        return f"${amount}"
    for size, unit, decimals in _MONEY_UNITS:
        step = size // 10**decimals
        # Integers throughout: a float would round sums of large amounts wrongly.
        steps = (amount + step // 2) // step
        if steps < 1_000 * 10**decimals or unit == _MONEY_UNITS[-1][1]:
            break
    if decimals == 0:
        return f"${steps}{unit}"
    whole, tenths = divmod(steps, 10)
    if tenths == 0 and amount % size == 0:
        return f"${whole}{unit}"
    return f"${whole}.{tenths}{unit}"


REDACTED = "redacted"
"""What a sum of ARR reads when the ARR was redacted: unknown, not zero."""


def format_arr_sum(amount: int | None) -> str:
    """A sum of ARR as :func:`format_money` writes it; None (redacted) is ``redacted``."""
    return REDACTED if amount is None else format_money(amount)


def format_weeks(weeks: float | None) -> str:
    """An effort such as ``3w`` or ``0.5w``; ``–`` when absent."""
    return "–" if weeks is None else f"{weeks:g}w"


def format_day(day: date | None) -> str:
    """A date as ``YYYY-MM-DD``; ``–`` when absent."""
    return "–" if day is None else day.isoformat()


def format_moment(moment: datetime) -> str:
    """A UTC moment as ``YYYY-MM-DD HH:MM``."""
    return moment.strftime("%Y-%m-%d %H:%M")
