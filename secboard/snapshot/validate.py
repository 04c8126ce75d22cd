"""Checking a parsed snapshot document completely and turning it into a workspace.

Nothing is written while this runs. Every problem is collected with its place —
``requests[3] (#12).arr: must be ≥ 0`` — so one pass tells the user everything to fix;
rows are counted from 0 in file order.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from secboard.domain import lifecycle
from secboard.domain.asks import Account, Ask, account_key
from secboard.domain.checklist import DEFAULT_TEMPLATE, TEMPLATE_MAX
from secboard.domain.errors import InvalidInput
from secboard.domain.first_asks import FirstAsks
from secboard.domain.model import (
    ChecklistItem,
    Objective,
    Request,
    RequestRecord,
    Status,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.snapshot.checks import (
    ACCOUNT_CHECKS,
    ASK_CHECKS,
    CHECKLIST_CHECKS,
    HISTORY_CHECKS,
    OBJECTIVE_CHECKS,
    REQUEST_CHECKS,
    TEMPLATE_CHECKS,
    VERSION_1_HISTORY_CHECKS,
    VERSION_1_REQUEST_CHECKS,
    VERSION_2_REQUEST_CHECKS,
    Check,
    flag,
    kind,
    long_text,
    moment,
)
from secboard.snapshot.layout import (
    ASK_KEYS,
    FORMAT_NAME,
    FORMAT_VERSION,
    REQUEST_TABLES,
    REQUIRED_ACCOUNT_KEYS,
    REQUIRED_ASK_KEYS,
    REQUIRED_CHECKLIST_KEYS,
    REQUIRED_OBJECTIVE_KEYS,
    REQUIRED_REQUEST_KEYS,
    TEMPLATE_KEYS,
    TOP_KEYS,
    WORKSPACE_KEYS,
)
from secboard.snapshot.model import Snapshot, SnapshotError, SnapshotFileInvalid

_T = TypeVar("_T")
_TOP_CHECKS: dict[str, Check] = {"exported_at": moment, "redacted": flag}
_WORKSPACE_CHECKS: dict[str, Check] = {"vision": long_text}


def validate_document(
    document: Mapping[str, Any], source: str, request_rows: Iterable[Any] | None = None
) -> Snapshot:
    """The snapshot held by a parsed TOML ``document``.

    Args:
        document: what :func:`~secboard.domain.tomltext.parse_toml` returned.
        source: how messages name the file.
        request_rows: the ``[[requests]]`` tables, when they were parsed apart from
            ``document`` (then each is checked as it comes and can be let go of).

    Raises:
        SnapshotError: the document is not a snapshot, or one from a newer secboard.
        SnapshotFileInvalid: the content has problems; all of them are listed.
    """
    version = _check_format(document, source)
    problems: list[str] = []
    header, _ = _row(document, _TOP_CHECKS, (), "", problems, TOP_KEYS)
    vision, template = _workspace(document.get("workspace"), problems)
    objectives, objective_keys = _keyed_rows(
        document.get("objectives"),
        "objectives",
        OBJECTIVE_CHECKS,
        REQUIRED_OBJECTIVE_KEYS,
        Objective,
        problems,
    )
    book = _AccountBook(*_accounts(document.get("accounts"), version, problems), version)
    if request_rows is None:
        rows = document.get("requests")
        request_rows = [] if rows is None else _table_array(rows, "requests", "requests", problems)
    context = _Context(
        objective_keys, version, book, {item.key: item.question for item in template}
    )
    records, places = _requests(request_rows or (), context, problems)
    if problems:
        raise SnapshotFileInvalid(source, problems)
    redacted = bool(header.get("redacted", False))
    data = WorkspaceData(
        vision,
        template,
        tuple(objectives),
        tuple(records),
        redacted=redacted,
        accounts=book.accounts(),
    )
    warnings = (*book.warnings(), *_gate_warnings(records, places))
    return Snapshot(data, header.get("exported_at"), redacted, warnings)


def _accounts(rows: Any, version: int, problems: list[str]) -> tuple[list[Account], set[str]]:
    """The valid ``[[accounts]]`` rows (a version 3 table), each name once without case,
    and the keys of the named rows refused for another problem (an ask may name them:
    the row's own problem is the one to fix)."""
    refused: set[str] = set()
    if rows is None:
        return [], refused
    if version < 3:
        problems.append(f"accounts: a version {version} snapshot has no [[accounts]] (from 3 on)")
        return [], refused
    table = _table_array(rows, "accounts", "accounts", problems) or []
    accounts: list[Account] = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(table):
        place = f"accounts[{index}]"
        values, ok = _row(row, ACCOUNT_CHECKS, REQUIRED_ACCOUNT_KEYS, place, problems)
        name = values.get("name")
        if name is not None:
            key = account_key(name)
            if key in first_row:
                problems.append(
                    f"{place}.name: {name!r} is already an account (accounts[{first_row[key]}]); "
                    "names are compared without case"
                )
                ok = False
            else:
                first_row[key] = index
        if ok:
            accounts.append(Account(**values))
        elif name is not None:
            refused.add(account_key(name))
    return accounts, refused


class _AccountBook:
    """The accounts of a snapshot: those of its ``[[accounts]]`` table (version 3), or,
    in an older file, those its requests' customers name (see :mod:`.first_asks`)."""

    def __init__(self, accounts: list[Account], refused: set[str], version: int) -> None:
        self._listed = {account.key: account for account in accounts}
        self._refused = refused
        self.first_asks = FirstAsks() if version < 3 else None
        """Turns an older file's requests into requests with asks."""
        self.ask_ids: dict[int, str] = {}
        """Each ask id met so far, with its place (ids are unique in a file)."""

    def check(self, ask: Ask, place: str, problems: list[str]) -> bool:
        """True when the account ``ask`` names is in the file (or it names none); an
        account whose own row was refused is not reported again."""
        key = None if ask.account is None else account_key(ask.account)
        if key is None or key in self._listed:
            return True
        if key in self._refused:
            return False
        problems.append(f"{place}.account: no account {ask.account!r} in [[accounts]]")
        return False

    def accounts(self) -> tuple[Account, ...]:
        """Every account of the snapshot."""
        if self.first_asks is not None:
            return self.first_asks.accounts()
        return tuple(self._listed.values())

    def warnings(self) -> list[str]:
        """What turning an older file's requests into asks had to say."""
        return [] if self.first_asks is None else self.first_asks.notes()


@dataclass(frozen=True, slots=True)
class _Context:
    """What checking one request needs from the rest of the file."""

    objective_keys: set[str]
    version: int
    accounts: _AccountBook
    questions: Mapping[str, str]
    """The template's question by key: a version 3 checklist row may leave it out."""


def _gate_warnings(records: Sequence[RequestRecord], places: Sequence[str]) -> tuple[str, ...]:
    """One line for each recorded move that skipped a lifecycle gate."""
    return tuple(
        f"{place}.history[{skip.index}]: {skip.event.from_status} → {skip.event.to_status} "
        f"is not forced, but the rules refuse it: {'; '.join(skip.problems)}"
        for record, place in zip(records, places, strict=True)
        for skip in lifecycle.gate_skips(record.request, record.history)
    )


def _check_format(document: Mapping[str, Any], source: str) -> int:
    """The snapshot version of ``document``, once it is one this secboard reads."""
    found = document.get("format")
    if found != FORMAT_NAME:
        detail = "it has no format key" if found is None else f"its format is {found!r}"
        raise SnapshotError(
            f'{source} is not a secboard snapshot ({detail}; expected format = "{FORMAT_NAME}")'
        )
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise SnapshotError(f"{source}: version must be a whole number from 1, not {version!r}")
    if version > FORMAT_VERSION:
        raise SnapshotError(
            f"{source} was written by a newer secboard (snapshot version {version}; this one "
            f"reads up to version {FORMAT_VERSION}); upgrade secboard to open it"
        )
    return version


def _row(
    row: Any,
    checks: Mapping[str, Check],
    required: Sequence[str],
    place: str,
    problems: list[str],
    known: Collection[str] = (),
) -> tuple[dict[str, Any], bool]:
    """The checked values of one table, and whether all of it was valid.

    Keys in ``known`` but not in ``checks`` (nested tables) are left to the caller.
    """
    if type(row) is not dict:
        problems.append(f"{place}: must be a table, not {kind(row)}")
        return {}, False
    before = len(problems)
    values: dict[str, Any] = {}
    for key, value in row.items():
        check = checks.get(key)
        if check is not None:
            try:
                values[key] = check(value, key)
            except InvalidInput as error:
                problems.append(f"{_field(place, key)}: {error.message}")
        elif key not in known:
            problems.append(f"{place or 'top level'}: {_unknown_key(key, [*checks, *known])}")
    for key in required:
        if key not in row:
            problems.append(f"{_field(place, key)}: is required")
    return values, len(problems) == before


def _field(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key


def _unknown_key(key: str, expected: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, expected, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key {key!r}{hint}"


def _table_array(rows: Any, place: str, header: str, problems: list[str]) -> list[Any] | None:
    if type(rows) is not list:
        problems.append(f"{place}: must be [[{header}]] tables, not {kind(rows)}")
        return None
    return rows


def _keyed_rows(
    rows: Any,
    place: str,
    checks: Mapping[str, Check],
    required: Sequence[str],
    build: Callable[..., _T],
    problems: list[str],
    *,
    limit: int | None = None,
    header: str | None = None,
    seen: dict[tuple[tuple[str, Any], ...], tuple[Any, _T]] | None = None,
) -> tuple[list[_T], set[str]]:
    """Rows identified by a ``key`` unique among them: objectives and checklists.

    Returns the rows that are valid and every key seen (also in rows with other
    problems, so that references to them are not reported a second time). ``seen``
    keeps the valid rows built so far by their content: a row met again (the same
    question with the same answer on another request) is that same, immutable item.
    """
    items: list[_T] = []
    first_row: dict[str, int] = {}
    table = [] if rows is None else _table_array(rows, place, header or place, problems)
    if not table:
        return items, set()
    if limit is not None and len(table) > limit:
        problems.append(f"{place}: has {len(table)} rows; at most {limit}")
    for index, row in enumerate(table):
        content = _content(row) if seen is not None else None
        known = seen.get(content) if seen is not None and content is not None else None
        item: _T | None
        if known is not None:
            (key, item), ok = known, True
        else:
            row_place = f"{place}[{index}]"
            values, ok = _row(row, checks, required, row_place, problems)
            key = values.get("key")
            item = build(**values) if ok else None
            if item is not None and seen is not None and content is not None:
                seen[content] = (key, item)
        if key is not None:
            if key in first_row:
                problems.append(
                    f"{place}[{index}].key: duplicate key {key!r} "
                    f"(also in {place}[{first_row[key]}])"
                )
                ok = False
            else:
                first_row[key] = index
        if ok and item is not None:
            items.append(item)
    return items, set(first_row)


def _content(row: Any) -> tuple[tuple[str, Any], ...] | None:
    """A row's keys and values, to look it up by (None when it cannot be: not a table, or
    a value such as an array that has no hash). Only valid rows are kept, and a valid row
    holds only text, so no other row compares equal to one (``1`` never meets ``"1"``)."""
    if type(row) is not dict:
        return None
    content = tuple(row.items())
    try:
        hash(content)
    except TypeError:
        return None
    return content


def _workspace(table: Any, problems: list[str]) -> tuple[str, tuple[TemplateItem, ...]]:
    if table is None:
        return "", DEFAULT_TEMPLATE
    values, _ = _row(table, _WORKSPACE_CHECKS, (), "workspace", problems, WORKSPACE_KEYS)
    rows = table.get("checklist") if type(table) is dict else None
    if rows is None:
        return values.get("vision", ""), DEFAULT_TEMPLATE
    if rows == []:
        problems.append("workspace.checklist: must have at least one question")
    template, _ = _keyed_rows(
        rows,
        "workspace.checklist",
        TEMPLATE_CHECKS,
        TEMPLATE_KEYS,
        TemplateItem,
        problems,
        limit=TEMPLATE_MAX,
    )
    return values.get("vision", ""), tuple(template)


def _requests(
    rows: Iterable[Any], context: _Context, problems: list[str]
) -> tuple[list[RequestRecord], list[str]]:
    """The valid requests, each with its place in the file for later messages.

    A version 1 file has no owner, updated_by nor history ``by``: there they are
    unknown keys, like any other key the version does not define.
    """
    version = context.version
    if version >= 3:
        checks = REQUEST_CHECKS
    else:
        checks = VERSION_2_REQUEST_CHECKS if version == 2 else VERSION_1_REQUEST_CHECKS
    history_checks = HISTORY_CHECKS if version >= 2 else VERSION_1_HISTORY_CHECKS
    records: list[RequestRecord] = []
    places: list[str] = []
    seen_items: dict[tuple[tuple[str, Any], ...], tuple[Any, ChecklistItem]] = {}
    first_row: dict[int, int] = {}
    for index, row in enumerate(rows):
        raw_id = row.get("id") if type(row) is dict else None
        known_id = raw_id if type(raw_id) is int else None
        place = f"requests[{index}]" if known_id is None else f"requests[{index}] (#{known_id})"
        record = _request(row, place, context, (checks, history_checks), problems, seen_items)
        if known_id is not None:
            if known_id in first_row:
                problems.append(
                    f"{place}.id: duplicate id {known_id} (also in requests[{first_row[known_id]}])"
                )
            else:
                first_row[known_id] = index
        if record is not None:
            records.append(record)
            places.append(place)
    _check_merges(records, places, problems)
    return records, places


def _check_merges(
    records: Sequence[RequestRecord], places: Sequence[str], problems: list[str]
) -> None:
    """Each merged request names a request of the file that was not merged itself."""
    merged = {record.request.id: record.request.merged_into for record in records}
    for record, place in zip(records, places, strict=True):
        target = record.request.merged_into
        if target is None:
            continue
        if target == record.request.id:
            problems.append(f"{place}.merged_into: a request cannot be merged into itself")
        elif target not in merged:
            problems.append(f"{place}.merged_into: no request #{target} in the file")
        elif merged[target] is not None:
            problems.append(
                f"{place}.merged_into: #{target} was merged itself (into #{merged[target]})"
            )


def _request(
    row: Any,
    place: str,
    context: _Context,
    checks: tuple[Mapping[str, Check], Mapping[str, Check]],
    problems: list[str],
    seen_items: dict[tuple[tuple[str, Any], ...], tuple[Any, ChecklistItem]],
) -> RequestRecord | None:
    """One request, or None when it has problems; ``checks`` are for it and its history,
    ``seen_items`` the checklist items met so far (see :func:`_keyed_rows`)."""
    request_checks, history_checks = checks
    values, ok = _row(row, request_checks, REQUIRED_REQUEST_KEYS, place, problems, REQUEST_TABLES)
    if type(row) is not dict:
        return None
    objective = values.get("objective")
    if objective is not None and objective not in context.objective_keys:
        problems.append(f"{place}.objective: no objective {objective!r} in [[objectives]]")
        ok = False
    created, updated = values.get("created_at"), values.get("updated_at")
    if created is not None and updated is not None and updated < created:
        problems.append(f"{place}.updated_at: is before created_at")
        ok = False
    before = len(problems)
    checklist = _checklist(row.get("checklist"), place, context, problems, seen_items)
    history = _history(row.get("history"), place, values.get("status"), history_checks, problems)
    book = context.accounts
    asks: tuple[Ask, ...] = ()
    if book.first_asks is None:
        asks = _asks(row.get("asks"), place, book, problems)
    elif "asks" in row:
        problems.append(f"{place}.asks: a version {context.version} snapshot has no asks")
    if not ok or history is None or len(problems) != before:
        return None
    request = Request(**values, checklist=checklist, asks=asks)
    if book.first_asks is not None:
        request = book.first_asks.convert(request)
    return RequestRecord(request, history)


def _checklist(
    rows: Any,
    place: str,
    context: _Context,
    problems: list[str],
    seen_items: dict[tuple[tuple[str, Any], ...], tuple[Any, ChecklistItem]],
) -> tuple[ChecklistItem, ...]:
    """A request's checklist; from version 3 on, a question left out is the template's."""
    questions = context.questions if context.version >= 3 else {}

    def item(**values: Any) -> ChecklistItem:
        return ChecklistItem(**{"question": questions.get(values["key"], ""), **values})

    required = REQUIRED_CHECKLIST_KEYS
    if questions:
        required = tuple(key for key in required if key != "question")
    items, _ = _keyed_rows(
        rows,
        f"{place}.checklist",
        CHECKLIST_CHECKS,
        required,
        item,
        problems,
        limit=TEMPLATE_MAX,
        header="requests.checklist",
        seen=seen_items,
    )
    for entry in items:
        if not entry.question:
            problems.append(
                f"{place}.checklist: {entry.key!r} needs its question "
                "(the template in [workspace.checklist] has no such key)"
            )
    return tuple(items)


def _asks(rows: Any, place: str, book: _AccountBook, problems: list[str]) -> tuple[Ask, ...]:
    """A version 3 request's asks, each account found in ``[[accounts]]``."""
    if rows is None:
        return ()
    table = _table_array(rows, f"{place}.asks", "requests.asks", problems) or []
    asks: list[Ask] = []
    for index, row in enumerate(table):
        row_place = f"{place}.asks[{index}]"
        values, ok = _row(row, ASK_CHECKS, REQUIRED_ASK_KEYS, row_place, problems, ASK_KEYS)
        if not ok:
            continue
        ask = Ask(**values)
        if not book.check(ask, row_place, problems):
            continue
        if ask.id in book.ask_ids:
            problems.append(
                f"{row_place}.id: duplicate ask id {ask.id} (also in {book.ask_ids[ask.id]})"
            )
            continue
        book.ask_ids[ask.id] = row_place
        asks.append(ask)
    return tuple(asks)


def _history(
    rows: Any,
    place: str,
    status: Status | None,
    checks: Mapping[str, Check],
    problems: list[str],
) -> tuple[StatusEvent, ...] | None:
    """The status history, checked as a chain: each row leaves the status the last entered."""
    if rows is None or rows == []:
        problems.append(f"{place}.history: is required; its first row records the creation")
        return None
    table = _table_array(rows, f"{place}.history", "requests.history", problems)
    if table is None:
        return None
    events: list[StatusEvent] = []
    previous: StatusEvent | None = None
    ok = True
    for index, row in enumerate(table):
        row_place = f"{place}.history[{index}]"
        values, row_ok = _row(row, checks, ("at", "to"), row_place, problems)
        if not row_ok:
            ok, previous = False, None
            continue
        event = StatusEvent(
            at=values["at"],
            to_status=values["to"],
            from_status=values.get("from"),
            note=values.get("note", ""),
            forced=values.get("forced", False),
            actor=values.get("by"),
        )
        ok = _check_step(event, index, previous, row_place, problems) and ok
        events.append(event)
        previous = event
    if ok and status is not None and events[-1].to_status is not status:
        problems.append(
            f"{place}.status: is {status.value!r} but the history ends in "
            f"{events[-1].to_status.value!r}"
        )
        ok = False
    return tuple(events) if ok else None


def _check_step(
    event: StatusEvent,
    index: int,
    previous: StatusEvent | None,
    place: str,
    problems: list[str],
) -> bool:
    before = len(problems)
    if index == 0:
        if event.from_status is not None:
            problems.append(f"{place}.from: the first row records the creation and has no from")
    elif event.from_status is None:
        problems.append(f"{place}.from: is required after the first row")
    elif previous is not None and event.from_status is not previous.to_status:
        problems.append(
            f"{place}.from: is {event.from_status.value!r} but the row before went to "
            f"{previous.to_status.value!r}"
        )
    if previous is not None and event.at < previous.at:
        problems.append(f"{place}.at: is earlier than the row before ({_iso(previous.at)})")
    if event.forced and not event.note.strip():
        problems.append(f"{place}.note: a forced move needs its reason here")
    return len(problems) == before


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
