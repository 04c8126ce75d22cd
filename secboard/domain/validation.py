"""Parsing and validation of every user-supplied value.

The CLI, the TUI forms and the snapshot importer all go through these functions, so a
value refused in one place is refused everywhere with the same words. Each parser takes
the raw text (or an already-typed value), returns the typed value, and raises
:class:`InvalidInput` naming the field otherwise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from secboard.domain.errors import InvalidInput
from secboard.domain.model import IMPACT_VALUES
from secboard.domain.text import has_visible_characters

TITLE_MAX = 200
NAME_MAX = 200
LONG_TEXT_MAX = 100_000
LABEL_MAX = 80
LABELS_MAX = 50
OBJECTIVE_KEY_MAX = 24
ARR_MAX = 10**12
WEEKS_MAX = 1_000.0
REACH_MAX = 10**9
REQUEST_ID_MAX = 2**63 - 1
"""The largest id SQLite can store."""
MOMENT_MIN = datetime(1970, 1, 1, tzinfo=UTC)
MOMENT_MAX = datetime(9000, 12, 31, 23, 59, 59, tzinfo=UTC)
"""Moments given as text (``--as-of``): far enough from year 1 and 9999 that the weeks
and days counted around them stay valid dates."""

_E = TypeVar("_E", bound=StrEnum)
_RELATIVE_DATE = re.compile(r"^\+(\d{1,4})([dw])$")
_MONEY = re.compile(r"^\$?\s*([0-9][0-9,_]*(?:\.[0-9]+)?)\s*([kmb]?)$", re.IGNORECASE)
_MONEY_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_OBJECTIVE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def ensure_text(field: str, value: str, *, max_length: int) -> str:
    """Check that ``value`` is storable Unicode text of at most ``max_length`` characters."""
    if len(value) > max_length:
        raise InvalidInput(field, f"is {len(value):,} characters long; at most {max_length:,}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(field, "contains characters that are not valid Unicode") from None
    if "\x00" in value:
        raise InvalidInput(field, "contains a NUL character")
    return value


def parse_title(value: str, field: str = "title") -> str:
    """A request or objective title: 1 to 200 characters after trimming."""
    title = value.strip()
    if not title:
        raise InvalidInput(field, "must not be empty")
    if not has_visible_characters(title):
        raise InvalidInput(field, "has no visible characters (only control or invisible ones)")
    return ensure_text(field, title, max_length=TITLE_MAX)


def parse_long_text(value: str, field: str) -> str:
    """Free text such as a description, rationale or note (kept as typed)."""
    return ensure_text(field, value, max_length=LONG_TEXT_MAX)


def parse_name(value: str | None, field: str) -> str | None:
    """An optional short name (customer, requester): blank means none."""
    if value is None or not value.strip():
        return None
    return ensure_text(field, value.strip(), max_length=NAME_MAX)


def parse_labels(values: Iterable[str], field: str) -> tuple[str, ...]:
    """Tags or frameworks: trimmed, blank ones dropped, duplicates removed in order."""
    labels: list[str] = []
    for raw in values:
        label = raw.strip()
        if not label:
            continue
        ensure_text(field, label, max_length=LABEL_MAX)
        if any(ch in label for ch in "\n\r\t"):
            raise InvalidInput(field, f"{label!r} must be on one line")
        if label not in labels:
            labels.append(label)
    if len(labels) > LABELS_MAX:
        raise InvalidInput(field, f"has {len(labels)} entries; at most {LABELS_MAX}")
    return tuple(labels)


def parse_choice(enum: type[_E], value: str | _E, field: str) -> _E:
    """One value of ``enum``, by its name, case-insensitively."""
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    if enum.__name__ == "Answer" and text in {"n/a", "n_a"}:
        text = "na"
    try:
        return enum(text)
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise InvalidInput(
            field, f"unknown value {str(value)!r}; choose one of: {choices}"
        ) from None


def parse_arr(value: str | int | None, field: str = "arr") -> int | None:
    """Annual revenue in whole currency units; accepts ``120000``, ``120k``, ``$1.2m``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InvalidInput(field, "must be a whole number")
    if isinstance(value, int):
        amount = value
    else:
        text = value.strip()
        if not text:
            return None
        if text.startswith("-"):
            raise InvalidInput(field, "must be ≥ 0")
        match = _MONEY.match(text)
        if not match:
            raise InvalidInput(field, f"{text!r} is not an amount (examples: 120000, 120k, 1.5m)")
        number = float(match.group(1).replace(",", "").replace("_", ""))
        number *= _MONEY_SCALE[match.group(2).lower()]
        if number > ARR_MAX:  # checked before rounding: a huge amount may be infinite here
            raise InvalidInput(field, f"must be at most {ARR_MAX:,}")
        amount = round(number)
    if amount < 0:
        raise InvalidInput(field, "must be ≥ 0")
    if amount > ARR_MAX:
        raise InvalidInput(field, f"must be at most {ARR_MAX:,}")
    return amount


def _parse_number(value: str | float | int, field: str) -> float:
    if isinstance(value, bool):
        raise InvalidInput(field, "must be a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(value.strip())
        except ValueError:
            raise InvalidInput(field, f"{value.strip()!r} is not a number") from None
    if not math.isfinite(number):
        raise InvalidInput(field, "must be a finite number")
    return number


def parse_weeks(value: str | float | int | None, field: str) -> float | None:
    """An effort in weeks, ≥ 0 (estimate or planned)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    weeks = _parse_number(value, field)
    if weeks < 0:
        raise InvalidInput(field, "must be ≥ 0")
    if weeks > WEEKS_MAX:
        raise InvalidInput(field, f"must be at most {WEEKS_MAX:g} weeks")
    return weeks


def parse_reach(value: str | int | None, field: str = "reach") -> int | None:
    """RICE reach: a whole number ≥ 0 (customers, deals or users affected)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _parse_number(value, field)
    if number != int(number):
        raise InvalidInput(field, "must be a whole number")
    if number < 0:
        raise InvalidInput(field, "must be ≥ 0")
    if number > REACH_MAX:
        raise InvalidInput(field, f"must be at most {REACH_MAX:,}")
    return int(number)


def parse_impact(value: str | float | None, field: str = "impact") -> float | None:
    """RICE impact: one of 0.25, 0.5, 1, 2, 3."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number = _parse_number(value, field)
    if number not in IMPACT_VALUES:
        allowed = ", ".join(f"{v:g}" for v in IMPACT_VALUES)
        raise InvalidInput(field, f"must be one of {allowed}")
    return number


def parse_confidence(value: str | int | None, field: str = "confidence") -> int | None:
    """RICE confidence in percent, 0 to 100; a trailing ``%`` is allowed."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip().removesuffix("%") if isinstance(value, str) else value
    number = _parse_number(text, field)
    if number != int(number) or not 0 <= number <= 100:
        raise InvalidInput(field, "must be a whole percentage from 0 to 100")
    return int(number)


def local_today(now: datetime | None = None) -> date:
    """The user's date at ``now`` (by default this moment): what ``today`` and ``+7d`` mean.

    Moments are kept in UTC, but a person's today is the date on their own clock: just
    after midnight in Tokyo it is already tomorrow there, while UTC is still on today.
    """
    return (now if now is not None else datetime.now(UTC)).astimezone().date()


def parse_date(value: str | date | None, field: str, *, today: date | None = None) -> date | None:
    """A calendar date: ``YYYY-MM-DD``, ``today``, ``tomorrow``, ``+10d`` or ``+3w``.

    Relative dates count from ``today``, by default :func:`local_today`.
    """
    if value is None or isinstance(value, date):
        return value
    text = value.strip().lower()
    if not text:
        return None
    base = today or local_today()
    if text == "today":
        return base
    if text == "tomorrow":
        return base + timedelta(days=1)
    relative = _RELATIVE_DATE.match(text)
    if relative:
        amount = int(relative.group(1)) * (7 if relative.group(2) == "w" else 1)
        return base + timedelta(days=amount)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InvalidInput(field, f"{value.strip()!r} is not a date; use YYYY-MM-DD, +10d or +3w")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"{text} is not a real calendar date") from None


def parse_datetime(value: str | datetime, field: str) -> datetime:
    """A moment in time, as UTC; a date alone means its end (23:59:59 UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = parse_date(text, field)
        assert day is not None
        moment = datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
    else:
        try:
            moment = parse_datetime(datetime.fromisoformat(text), field)
        except ValueError:
            raise InvalidInput(
                field, f"{text!r} is not a date-time; use e.g. 2026-11-30T09:00:00Z"
            ) from None
    if not MOMENT_MIN <= moment <= MOMENT_MAX:
        raise InvalidInput(
            field,
            f"{text} is out of range; use a moment from {MOMENT_MIN.year} to {MOMENT_MAX.year}",
        )
    return moment


def parse_objective_key(value: str, field: str = "key") -> str:
    """A short objective key such as ``O1`` or ``emea-deals``."""
    key = value.strip()
    if not key:
        raise InvalidInput(field, "must not be empty")
    if len(key) > OBJECTIVE_KEY_MAX or not _OBJECTIVE_KEY.match(key):
        raise InvalidInput(
            field,
            f"{key!r} must be 1–{OBJECTIVE_KEY_MAX} letters, digits, '-', '_' or '.'",
        )
    return key
