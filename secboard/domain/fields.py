"""The editable fields of a request, each with the parser that validates it.

``parse_changes`` turns raw form or command-line values into typed ones; ``apply_changes``
makes the new request. An empty value clears an optional field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from secboard.domain.errors import InvalidInput
from secboard.domain.model import Horizon, Request, Source
from secboard.domain.validation import (
    parse_arr,
    parse_choice,
    parse_confidence,
    parse_date,
    parse_impact,
    parse_labels,
    parse_long_text,
    parse_name,
    parse_objective_key,
    parse_reach,
    parse_title,
    parse_weeks,
)

RawValue = str | int | float | date | list[str] | tuple[str, ...] | None
"""A value as typed by the user: text, or a list of labels."""

_NONE_WORDS = frozenset({"", "none", "-"})


def _optional_choice(enum: type[Horizon]) -> Callable[[Any, str], Horizon | None]:
    def parse(value: Any, field: str) -> Horizon | None:
        if value is None or str(value).strip().lower() in _NONE_WORDS:
            return None
        return parse_choice(enum, value, field)

    return parse


def _optional_objective(value: Any, field: str) -> str | None:
    if value is None or str(value).strip().lower() in _NONE_WORDS:
        return None
    return parse_objective_key(str(value), field)


def _labels(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    return parse_labels(value, field)


def _text(value: Any, field: str) -> str:
    return parse_long_text("" if value is None else str(value), field)


_PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "title": lambda v, f: parse_title(str(v or ""), f),
    "description": _text,
    "source": lambda v, f: parse_choice(Source, str(v or ""), f),
    "requester": parse_name,
    "customer": parse_name,
    "arr": parse_arr,
    "due": parse_date,
    "frameworks": _labels,
    "tags": _labels,
    "estimate_weeks": parse_weeks,
    "planned_weeks": parse_weeks,
    "reach": parse_reach,
    "impact": parse_impact,
    "confidence": parse_confidence,
    "horizon": _optional_choice(Horizon),
    "objective": _optional_objective,
    "owner": parse_name,
}

EDITABLE_FIELDS: tuple[str, ...] = tuple(_PARSERS)
"""Fields that ``edit`` may change, in the order forms show them."""

FIRST_ASK_FIELDS: tuple[str, ...] = ("customer", "arr", "requester", "due")
"""Fields of ``add`` and ``edit`` that are not the request's own but its first ask's: a
request's customer, ARR, requester and due date are derived from its asks. ``customer``
is the ask's account (added if new), ``arr`` that account's ARR."""


def parse_field(name: str, value: RawValue, *, today: date | None = None) -> Any:
    """Validate one field's raw value and return it typed.

    ``today`` anchors relative dates such as ``+3w`` (default: the user's date today).
    """
    parser = _PARSERS.get(name)
    if parser is None:
        raise InvalidInput(name, "is not an editable field")
    if parser is parse_date:
        return parse_date(value, name, today=today)  # type: ignore[arg-type]
    return parser(value, name)


def parse_changes(raw: Mapping[str, RawValue], *, today: date | None = None) -> dict[str, Any]:
    """Validate every raw value; the first bad one raises :class:`InvalidInput`."""
    return {name: parse_field(name, value, today=today) for name, value in raw.items()}


def collect_problems(raw: Mapping[str, RawValue]) -> dict[str, str]:
    """Validate every raw value and return the message for each bad one (for forms)."""
    problems: dict[str, str] = {}
    for name, value in raw.items():
        try:
            parse_field(name, value)
        except InvalidInput as error:
            problems[name] = error.message
    return problems


def apply_changes(request: Request, changes: Mapping[str, Any], now: datetime) -> Request:
    """``request`` with the parsed ``changes`` applied and ``updated_at`` moved to ``now``."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "is not an editable field")
    return dataclasses.replace(request, **changes, updated_at=now)
