"""The fields of an ask and of an account, each with the parser that validates it.

As for a request's fields (:mod:`secboard.domain.fields`): the command line and the TUI
forms pass raw values, these parsers type them or raise :class:`InvalidInput` naming the
field, and an empty value clears an optional field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from secboard.domain.asks import Account, AccountKind, Ask, Channel, Importance
from secboard.domain.errors import InvalidInput
from secboard.domain.fields import RawValue
from secboard.domain.validation import (
    ensure_text,
    parse_arr,
    parse_choice,
    parse_date,
    parse_long_text,
    parse_name,
)

QUOTE_MAX = 10_000
"""A quote is what someone said, verbatim: a paragraph or a few, never a document."""
REFERENCE_MAX = 200
TIER_MAX = 80

_T = TypeVar("_T")
Parser = Callable[[Any, str, date | None], Any]


def _choice(enum: type[Any]) -> Parser:
    return lambda value, field, _today: parse_choice(enum, str(value or ""), field)


def _short(limit: int) -> Parser:
    def parse(value: Any, field: str, _today: date | None) -> str:
        return ensure_text(field, "" if value is None else str(value).strip(), max_length=limit)

    return parse


def _required_date(value: Any, field: str, today: date | None) -> date:
    parsed = parse_date(value, field, today=today)
    if parsed is None:
        raise InvalidInput(field, "must be a date (YYYY-MM-DD, today, +3d)")
    return parsed


def _arr(value: Any, field: str, _today: date | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_arr(value, field)


def _name(value: Any, field: str, _today: date | None) -> str | None:
    return parse_name(None if value is None else str(value), field)


def _date(value: Any, field: str, today: date | None) -> date | None:
    if isinstance(value, str) and value.strip().lower() in {"", "none", "-"}:
        return None
    return parse_date(value, field, today=today)


def _quote(value: Any, field: str, _today: date | None) -> str:
    return ensure_text(
        field, parse_long_text("" if value is None else str(value), field), max_length=QUOTE_MAX
    )


def _account_name(value: Any, field: str, _today: date | None) -> str:
    name = parse_name(None if value is None else str(value), field)
    if name is None:
        raise InvalidInput(field, "must not be empty")
    return name


ASK_PARSERS: dict[str, Parser] = {
    "account": _name,
    "requester": _name,
    "channel": _choice(Channel),
    "asked_on": _required_date,
    "importance": _choice(Importance),
    "due": _date,
    "reference": _short(REFERENCE_MAX),
    "quote": _quote,
}
"""An ask's editable fields, in the order forms show them."""

ACCOUNT_PARSERS: dict[str, Parser] = {
    "name": _account_name,
    "kind": _choice(AccountKind),
    "arr": _arr,
    "tier": _short(TIER_MAX),
    "renewal": _date,
    "owner": _name,
    "notes": lambda value, field, _today: parse_long_text(
        "" if value is None else str(value), field
    ),
}
"""An account's editable fields, in the order forms show them."""


def _parse(
    parsers: Mapping[str, Parser], raw: Mapping[str, RawValue], today: date | None, what: str
) -> dict[str, Any]:
    values = {}
    for name, value in raw.items():
        parser = parsers.get(name)
        if parser is None:
            raise InvalidInput(name, f"is not a field of an {what}")
        values[name] = parser(value, name, today)
    return values


def parse_ask_changes(raw: Mapping[str, RawValue], *, today: date | None = None) -> dict[str, Any]:
    """Validate raw ask field values; the first bad one raises :class:`InvalidInput`."""
    return _parse(ASK_PARSERS, raw, today, "ask")


def parse_account_changes(
    raw: Mapping[str, RawValue], *, today: date | None = None
) -> dict[str, Any]:
    """Validate raw account field values; the first bad one raises :class:`InvalidInput`."""
    return _parse(ACCOUNT_PARSERS, raw, today, "account")


def new_ask(raw: Mapping[str, RawValue], *, today: date) -> Ask:
    """An ask from raw values (asked today unless ``asked_on`` says otherwise)."""
    values = parse_ask_changes(raw, today=today)
    return Ask(**{"asked_on": today, **values})


def new_account(raw: Mapping[str, RawValue], *, today: date | None = None) -> Account:
    """An account from raw values (``name`` required)."""
    values = parse_account_changes(raw, today=today)
    if "name" not in values:
        raise InvalidInput("name", "must not be empty")
    return Account(**values)


def changed(item: _T, values: Mapping[str, Any]) -> _T:
    """``item`` (an ask or an account) with parsed ``values`` applied."""
    return dataclasses.replace(item, **values)  # type: ignore[type-var]
