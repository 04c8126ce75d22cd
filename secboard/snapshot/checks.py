"""Checkers for the values of a snapshot: the TOML type first, then the domain rule.

Each checker takes the parsed value and the field name and returns the typed value, or
raises :class:`InvalidInput`. The type test comes first and costs one comparison, so a
valid file is checked without any exception being raised; the domain rules are the
same parsers the command line and the forms use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, TypeVar

from secboard.domain.ask_fields import ACCOUNT_PARSERS, ASK_PARSERS
from secboard.domain.asks import AccountKind, Channel, Importance
from secboard.domain.checklist import QUESTION_MAX, parse_template_key
from secboard.domain.errors import InvalidInput
from secboard.domain.model import (
    Answer,
    Decision,
    Horizon,
    ObjectiveStatus,
    Source,
    Status,
)
from secboard.domain.validation import (
    ensure_text,
    parse_arr,
    parse_choice,
    parse_confidence,
    parse_impact,
    parse_labels,
    parse_long_text,
    parse_name,
    parse_objective_key,
    parse_reach,
    parse_title,
    parse_weeks,
)
from secboard.snapshot.layout import ADDED_IN_VERSION_2

Check = Callable[[Any, str], Any]
"""A checker: ``(value, field) -> typed value``, raising :class:`InvalidInput`."""

ID_MAX = 2**53 - 1
"""The largest request id: beyond it JSON readers lose precision."""

_T = TypeVar("_T")
_E = TypeVar("_E", bound=StrEnum)
_EXAMPLE_MOMENT = "2026-10-01T12:00:00Z"


def kind(value: object) -> str:
    """The TOML name of a value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    return "a table"


def wrong_type(field: str, expected: str, value: object) -> InvalidInput:
    """The error for a value of the wrong TOML type."""
    return InvalidInput(field, f"must be {expected}, not {kind(value)}")


def text(parse: Callable[[str, str], _T]) -> Callable[[Any, str], _T]:
    """A checker for quoted text, validated by ``parse``."""

    def check(value: Any, field: str) -> _T:
        if type(value) is not str:
            raise wrong_type(field, "text in quotes", value)
        return parse(value, field)

    return check


def choice(enum: type[_E]) -> Callable[[Any, str], _E]:
    """A checker for one value of ``enum``, written as text."""
    members = {member.value: member for member in enum}

    def check(value: Any, field: str) -> _E:
        if type(value) is not str:
            raise wrong_type(field, "text in quotes", value)
        member = members.get(value)
        return member if member is not None else parse_choice(enum, value, field)

    return check


def whole(parse: Callable[[int, str], int | None]) -> Callable[[Any, str], int]:
    """A checker for an integer, validated by ``parse``."""

    def check(value: Any, field: str) -> int:
        if type(value) is not int:
            raise wrong_type(field, "a whole number", value)
        parsed = parse(value, field)
        assert parsed is not None
        return parsed

    return check


def number(parse: Callable[[float, str], float | None]) -> Callable[[Any, str], float]:
    """A checker for an integer or float, validated by ``parse``; always returns a float."""

    def check(value: Any, field: str) -> float:
        if type(value) is not float and type(value) is not int:
            raise wrong_type(field, "a number", value)
        parsed = parse(value, field)
        assert parsed is not None
        # + 0.0 turns -0.0 into 0.0, as the database would.
        return float(parsed) + 0.0

    return check


def day(value: Any, field: str) -> date:
    """A TOML local date, e.g. ``2027-03-31`` (no quotes)."""
    if type(value) is not date:
        raise wrong_type(field, "a date like 2027-03-31 (no quotes)", value)
    return value


def moment(value: Any, field: str) -> datetime:
    """A TOML offset date-time, returned in UTC."""
    if type(value) is not datetime:
        raise wrong_type(field, f"a date-time like {_EXAMPLE_MOMENT} (no quotes)", value)
    if value.tzinfo is UTC:
        return value
    if value.tzinfo is None:
        raise InvalidInput(field, f"needs a UTC offset, e.g. {_EXAMPLE_MOMENT}")
    return value.astimezone(UTC)


def flag(value: Any, field: str) -> bool:
    """``true`` or ``false``."""
    if type(value) is not bool:
        raise wrong_type(field, "true or false", value)
    return value


def labels(value: Any, field: str) -> tuple[str, ...]:
    """An array of short texts (tags, frameworks)."""
    if type(value) is not list or any(type(item) is not str for item in value):
        raise wrong_type(field, 'an array of texts, e.g. ["SOC 2 CC6.1"]', value)
    return parse_labels(value, field)


def request_id(value: Any, field: str) -> int:
    """A request id: a whole number from 1."""
    if type(value) is not int:
        raise wrong_type(field, "a whole number", value)
    if not 1 <= value <= ID_MAX:
        raise InvalidInput(field, f"must be from 1 to {ID_MAX:,}")
    return value


def question(value: str, field: str) -> str:
    """A checklist question: non-empty text of at most 500 characters."""
    stripped = value.strip()
    if not stripped:
        raise InvalidInput(field, "must not be empty")
    return ensure_text(field, stripped, max_length=QUESTION_MAX)


long_text = text(parse_long_text)

TEMPLATE_CHECKS: dict[str, Check] = {
    "key": text(parse_template_key),
    "question": text(question),
}
CHECKLIST_CHECKS: dict[str, Check] = {
    **TEMPLATE_CHECKS,
    "answer": choice(Answer),
    "note": long_text,
}
HISTORY_CHECKS: dict[str, Check] = {
    "at": moment,
    "from": choice(Status),
    "to": choice(Status),
    "note": long_text,
    "forced": flag,
    "by": text(parse_name),
}
OBJECTIVE_CHECKS: dict[str, Check] = {
    "key": text(parse_objective_key),
    "title": text(parse_title),
    "description": long_text,
    "target": day,
    "status": choice(ObjectiveStatus),
}
REQUEST_CHECKS: dict[str, Check] = {
    "id": request_id,
    "title": text(parse_title),
    "description": long_text,
    "source": choice(Source),
    "frameworks": labels,
    "tags": labels,
    "estimate_weeks": number(parse_weeks),
    "planned_weeks": number(parse_weeks),
    "reach": whole(parse_reach),
    "impact": number(parse_impact),
    "confidence": whole(parse_confidence),
    "status": choice(Status),
    "decision": choice(Decision),
    "rationale": long_text,
    "revisit": day,
    "horizon": choice(Horizon),
    "objective": text(parse_objective_key),
    "owner": text(parse_name),
    "created_at": moment,
    "updated_at": moment,
    "updated_by": text(parse_name),
    "merged_into": request_id,
}
"""Checkers for every request field of a version 3 file."""

VERSION_2_REQUEST_CHECKS: dict[str, Check] = {
    **{key: check for key, check in REQUEST_CHECKS.items() if key != "merged_into"},
    "requester": text(parse_name),
    "customer": text(parse_name),
    "arr": whole(parse_arr),
    "due": day,
}
"""The request checkers of a version 2 file: its customer, ARR, requester and due date
become the request's first ask."""
VERSION_1_REQUEST_CHECKS: dict[str, Check] = {
    key: check for key, check in VERSION_2_REQUEST_CHECKS.items() if key not in ADDED_IN_VERSION_2
}
"""The request checkers of a version 1 file, which has no owner nor updated_by."""
VERSION_1_HISTORY_CHECKS: dict[str, Check] = {
    key: check for key, check in HISTORY_CHECKS.items() if key not in ADDED_IN_VERSION_2
}
"""The history checkers of a version 1 file, which does not say who made a change."""


def _field_rule(parsers: dict[str, Any], name: str) -> Callable[[Any, str], Any]:
    """The rule the forms apply to ``name``, for a value already of the right type."""
    parse = parsers[name]
    return lambda value, field: parse(value, field, None)


ACCOUNT_CHECKS: dict[str, Check] = {
    "name": text(_field_rule(ACCOUNT_PARSERS, "name")),
    "kind": choice(AccountKind),
    "arr": whole(parse_arr),
    "tier": text(_field_rule(ACCOUNT_PARSERS, "tier")),
    "renewal": day,
    "owner": text(parse_name),
    "notes": long_text,
}
"""Checkers for every key of an ``[[accounts]]`` row."""
ASK_CHECKS: dict[str, Check] = {
    "id": request_id,
    "account": text(parse_name),
    "requester": text(parse_name),
    "channel": choice(Channel),
    "asked_on": day,
    "importance": choice(Importance),
    "due": day,
    "reference": text(_field_rule(ASK_PARSERS, "reference")),
    "quote": text(_field_rule(ASK_PARSERS, "quote")),
}
"""Checkers for every key of a ``[[requests.asks]]`` row."""
