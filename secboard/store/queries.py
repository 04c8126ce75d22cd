"""Reads, written once as SQL that SQLite and PostgreSQL both understand.

Every function takes a :class:`Reader`: on a SQLite file, the lean path straight on
Python's own driver (reading the board must not wait the better part of a second for
SQLAlchemy to import); on PostgreSQL a SQLAlchemy connection; inside a write
transaction, its :class:`~secboard.store.session.Session`. Rows are read by column
name (:mod:`secboard.store.rows`), and parameters are named (``:name``), a style both
drivers take.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from secboard.domain.accounts import AccountAsk
from secboard.domain.asks import Account, Ask, Channel
from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.collector import collector_paused
from secboard.domain.flow import AskTotals, FlowAsk, FlowCard, Move
from secboard.domain.model import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Card,
    Decision,
    Objective,
    Request,
    RequestRecord,
    RequestSummary,
    Source,
    Status,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.store.rows import (
    ACCOUNT_NAME,
    CARD_COLUMNS,
    OBJECTIVE_KEY,
    Row,
    account_from_row,
    ask_from_row,
    cards_from_rows,
    checklist_from_row,
    decode_moment,
    event_from_row,
    objective_from_row,
    optional_date,
    request_from_row,
    stored_date,
    summary_from_row,
    values_by_name,
)


class Reader(Protocol):
    """Runs one query and gives its rows, each read by column name."""

    def __call__(self, sql: str, params: Mapping[str, Any] = ..., /) -> Iterable[Row]: ...


REQUEST_SELECT = (
    f"SELECT r.*, o.key AS {OBJECTIVE_KEY} FROM request r "
    "LEFT JOIN objective o ON o.id = r.objective_id"
)
"""Every column of a request (as the database has them) and its objective's key."""

CARD_SELECT = (
    "SELECT "
    + ", ".join(f"r.{name}" for name in CARD_COLUMNS if name != OBJECTIVE_KEY)
    + f", o.key AS {OBJECTIVE_KEY} FROM request r LEFT JOIN objective o ON o.id = r.objective_id"
)
"""The columns of a request that make its card (the long texts are left out)."""

ON_BOARD = "r.merged_into IS NULL"
"""The requests the board, the roadmap and the metrics see: all but the merged ones."""

ASK_SELECT = (
    f"SELECT k.*, a.name AS {ACCOUNT_NAME} FROM ask k LEFT JOIN account a ON a.id = k.account_id"
)
"""Every column of an ask and its account's name."""

VISION_KEY = "vision"
TEMPLATE_KEY = "checklist_template"
REDACTED_KEY = "redacted"
"""Set when the workspace was loaded from a redacted snapshot."""
GENERATION_KEY = "generation"
"""Changes with every whole-workspace replace (import, demo, restore): undo steps and
versions from before it refer to requests that are gone, even where an id is reused."""
VERSION_FLOOR_KEY = "version_floor"
"""At least every request version this workspace has ever held, deleted ones included:
a replace lifts every version above it, so no version read before the replace matches."""
DEFAULT_VISION = ""

_T = TypeVar("_T")


def first(read: Reader, sql: str, params: Mapping[str, Any] | None = None) -> Row | None:
    """The first row of a query, or None."""
    return next(iter(read(sql, params or {})), None)


def is_empty(read: Reader) -> bool:
    """True when the workspace holds no request, no objective and no vision."""
    row = first(
        read,
        "SELECT (EXISTS (SELECT 1 FROM request) OR EXISTS (SELECT 1 FROM objective)"
        " OR EXISTS (SELECT 1 FROM setting WHERE key = :key AND value != '')) AS held",
        {"key": VISION_KEY},
    )
    return row is None or not row["held"]


def cards(read: Reader, ids: Iterable[int] | None = None) -> list[Card]:
    """Cards for every request on the board (or only those of ``ids``), in id order."""
    if ids is None:
        return cards_from_rows(read(CARD_SELECT + f" WHERE {ON_BOARD} ORDER BY r.id"))
    wanted = sorted(set(ids))
    found: list[Card] = []
    # In slices: SQLite takes at most 32,766 parameters in one statement.
    for start in range(0, len(wanted), _ID_SLICE):
        chunk = wanted[start : start + _ID_SLICE]
        names = {f"id{number}": value for number, value in enumerate(chunk)}
        listed = ", ".join(f":{name}" for name in names)
        found += cards_from_rows(
            read(CARD_SELECT + f" WHERE r.id IN ({listed}) AND {ON_BOARD} ORDER BY r.id", names)
        )
    return found


def request(read: Reader, request_id: int) -> Request | None:
    """One request with its checklist, or None."""
    row = first(read, REQUEST_SELECT + " WHERE r.id = :id", {"id": request_id})
    if row is None:
        return None
    items = read(
        "SELECT * FROM checklist_item WHERE request_id = :id ORDER BY position", {"id": request_id}
    )
    return request_from_row(
        row, tuple(checklist_from_row(item) for item in items), asks(read, request_id)
    )


def asks(read: Reader, request_id: int) -> tuple[Ask, ...]:
    """The asks of one request, oldest first."""
    rows = read(ASK_SELECT + " WHERE k.request_id = :id ORDER BY k.id", {"id": request_id})
    return tuple(ask_from_row(row) for row in rows)


def ask_request_id(read: Reader, ask_id: int) -> int | None:
    """The id of the request that holds ask ``ask_id``, or None."""
    row = first(read, "SELECT request_id FROM ask WHERE id = :id", {"id": ask_id})
    return None if row is None else int(row["request_id"])


def exists(read: Reader, request_id: int) -> bool:
    """True when a request with this id is stored."""
    return first(read, "SELECT id FROM request WHERE id = :id", {"id": request_id}) is not None


def merged_into(read: Reader, target_id: int) -> list[int]:
    """The ids of the requests merged into request ``target_id``, in id order."""
    rows = read("SELECT id FROM request WHERE merged_into = :id ORDER BY id", {"id": target_id})
    return [int(row["id"]) for row in rows]


def history(read: Reader, request_id: int) -> tuple[StatusEvent, ...]:
    """The status history of one request, oldest first."""
    rows = read("SELECT * FROM status_event WHERE request_id = :id ORDER BY id", {"id": request_id})
    return tuple(event_from_row(row) for row in rows)


def requests(
    read: Reader,
    *,
    status: Status | None = None,
    source: Source | None = None,
) -> list[Request]:
    """Requests with their checklists, filtered by status and source, in id order."""
    where, params = _filters(status, source)
    checklists = _grouped(
        read,
        "SELECT c.* FROM checklist_item c JOIN request r ON r.id = c.request_id"
        f"{where} ORDER BY c.request_id, c.position",
        params,
        checklist_from_row,
    )
    asked = _grouped(
        read,
        ASK_SELECT + f" JOIN request r ON r.id = k.request_id{where} ORDER BY k.request_id, k.id",
        params,
        ask_from_row,
    )
    rows = read(REQUEST_SELECT + where + " ORDER BY r.id", params)
    return [
        request_from_row(row, tuple(checklists.get(row["id"], ())), tuple(asked.get(row["id"], ())))
        for row in rows
    ]


def request_summaries(
    read: Reader,
    *,
    status: Status | None = None,
    source: Source | None = None,
    merged: bool = False,
    page: int = 2_000,
) -> Iterator[RequestSummary]:
    """Requests without their checklists (their progress counts come with the row),
    filtered by status and source, in id order, read ``page`` rows at a time. Merged
    requests are left out unless ``merged``.

    Pages follow the id, so only one page of rows is held at once whichever driver
    reads them. On PostgreSQL the reader's snapshot holds every page to one moment; on
    a SQLite file each page is a read of its own, as each query of a reader is there.
    """
    if page < 1:
        raise ValueError(f"a page holds at least one row, not {page}")
    where, params = _filters(status, source, on_board=not merged)
    order = " ORDER BY r.id LIMIT :page"
    first_page = REQUEST_SELECT + where + order
    # The next page starts after the last id read: an index range, however deep.
    later = "r.id > :after"
    later_pages = REQUEST_SELECT + (f"{where} AND {later}" if where else f" WHERE {later}") + order
    sql, values = first_page, {**params, "page": page}
    while True:
        count = 0
        for row in read(sql, values):
            summary = summary_from_row(row)
            count += 1
            yield summary
        if count < page:
            return
        sql, values = later_pages, {**params, "page": page, "after": summary.id}


def histories(read: Reader) -> dict[int, list[StatusEvent]]:
    """Every request's history, oldest first, by request id."""
    return _grouped(read, "SELECT * FROM status_event ORDER BY request_id, id", {}, event_from_row)


_FLOW_COLUMNS = (
    "id",
    "title",
    "source",
    "status",
    "created_at",
    "decision",
    "estimate_weeks",
    "planned_weeks",
)
_FLOW_ASK_COLUMNS = ("request_id", "account_id", "due", "channel", "asked_on")


def flow_cards(read: Reader, *, with_asks: bool = True) -> list[FlowCard]:
    """The fields of every request that the metrics read, in id order, with its asks
    (unless ``with_asks`` is False: the figures of the asks then come from
    :func:`ask_totals`)."""
    sources = {source.value: source for source in Source}
    statuses = {status.value: status for status in Status}
    decisions: dict[str | None, Decision | None] = {d.value: d for d in Decision}
    decisions[None] = None
    with collector_paused():
        asks = flow_asks(read) if with_asks else {}
        rows = read(
            f"SELECT {', '.join(_FLOW_COLUMNS)} FROM request r WHERE {ON_BOARD} ORDER BY id"
        )
        # Made as the tuples they are, in FlowCard's field order: this runs once per request.
        new, card, moment, none = tuple.__new__, FlowCard, decode_moment, ()
        return [
            new(
                card,
                (
                    id_,
                    title,
                    sources[source],
                    statuses[status],
                    moment(created_at),
                    decisions[decision],
                    estimate,
                    planned,
                    asks.get(id_, none),
                ),
            )
            for (
                id_,
                title,
                source,
                status,
                created_at,
                decision,
                estimate,
                planned,
            ) in values_by_name(rows, _FLOW_COLUMNS)
        ]


def ask_totals(read: Reader, as_of: datetime, horizon: date, since: date) -> AskTotals | None:
    """The figures of the asks as of ``as_of``, summed here, when the moment is after every
    recorded change and every ask (else None: the metrics then go through every ask).

    ``horizon`` is the last due date an ask at risk may have; ``since`` the first day asks
    are counted by.
    """
    latest = first(read, "SELECT max(at) AS at FROM status_event")
    if latest is not None and latest["at"] is not None and decode_moment(latest["at"]) > as_of:
        return None
    asked_last = first(read, "SELECT max(asked_on) AS day FROM ask")
    if asked_last is not None and (optional_date(asked_last["day"]) or since) > as_of.date():
        return None
    opened = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)

    def arr_of_accounts(where: str, params: Mapping[str, Any]) -> int:
        row = first(
            read,
            "SELECT coalesce(sum(arr), 0) AS arr FROM account WHERE id IN (SELECT k.account_id "
            f"FROM ask k JOIN request r ON r.id = k.request_id WHERE {ON_BOARD} AND {where})",
            params,
        )
        return 0 if row is None else int(row["arr"])

    def requests_where(where: str) -> int:
        row = first(read, f"SELECT count(*) AS n FROM request r WHERE {ON_BOARD} AND {where}")
        return 0 if row is None else int(row["n"])

    channels = {channel.value: channel for channel in Channel}
    days = read(
        "SELECT asked_on, channel, count(*) AS n FROM ask WHERE asked_on >= :since "
        "GROUP BY asked_on, channel ORDER BY asked_on, channel",
        {"since": since.isoformat()},
    )
    return AskTotals(
        revenue_unblocked=arr_of_accounts("r.status = 'shipped'", {}),
        arr_at_risk=arr_of_accounts(
            f"r.status IN ({opened}) AND k.due IS NOT NULL AND k.due <= :horizon",
            {"horizon": horizon.isoformat()},
        ),
        multi_account=requests_where("r.accounts > 1"),
        declined_without_account=requests_where(
            "r.accounts = 0 AND r.status = 'closed' AND r.decision = 'decline'"
        ),
        asked=tuple(
            (stored_date(row["asked_on"]), channels[row["channel"]], int(row["n"])) for row in days
        ),
    )


def flow_asks(read: Reader) -> dict[int, tuple[FlowAsk, ...]]:
    """Every ask as the metrics read it (its account's id and ARR, due date, channel and
    day), oldest first, by request id."""
    channels = {channel.value: channel for channel in Channel}
    # The ARRs looked up here rather than joined: SQLite's join costs more than the dict.
    arrs = {row["id"]: row["arr"] for row in read("SELECT id, arr FROM account")}
    rows = read(f"SELECT {', '.join(_FLOW_ASK_COLUMNS)} FROM ask ORDER BY request_id, id")
    # Three asks a request: read by position, made as tuples, grouped as they come (the
    # rows come in request order); the few hundred distinct days parsed once each.
    new, ask = tuple.__new__, FlowAsk
    days: dict[Any, date | None] = {None: None}
    grouped: dict[int, tuple[FlowAsk, ...]] = {}
    current: list[FlowAsk] = []
    current_id = 0  # no request has id 0
    with collector_paused():
        for request_id, account, due, channel, asked_on in values_by_name(rows, _FLOW_ASK_COLUMNS):
            if request_id != current_id:
                if current:
                    grouped[current_id] = tuple(current)
                current, current_id = [], request_id
            if due not in days:
                days[due] = optional_date(due)
            if asked_on not in days:
                days[asked_on] = stored_date(asked_on)
            arr = arrs.get(account)  # None for an internal ask
            current.append(new(ask, (account, arr, days[due], channels[channel], days[asked_on])))
        if current:
            grouped[current_id] = tuple(current)
    return grouped


def moves(read: Reader) -> dict[int, list[Move]]:
    """Every request's status changes as (moment, status entered), oldest first, by id."""
    statuses = {status.value: status for status in Status}
    grouped: dict[int, list[Move]] = defaultdict(list)
    # Hundreds of thousands of rows: names bound locally, the moment parsed in place.
    parse, new, move = datetime.fromisoformat, tuple.__new__, Move
    rows = read("SELECT request_id, at, to_status FROM status_event ORDER BY id")
    with collector_paused():
        for request_id, at, to_status in values_by_name(rows, ("request_id", "at", "to_status")):
            grouped[request_id].append(new(move, (parse(at), statuses[to_status])))
    return grouped


def objectives(read: Reader) -> list[Objective]:
    """Every objective, in the order they were added."""
    return [objective_from_row(row) for row in read("SELECT * FROM objective ORDER BY id")]


def objective(read: Reader, key: str) -> Objective | None:
    """The objective ``key``, or None."""
    row = first(read, "SELECT * FROM objective WHERE key = :key", {"key": key})
    return None if row is None else objective_from_row(row)


def objective_id(read: Reader, key: str) -> int | None:
    """The row id of the objective ``key``, or None."""
    row = first(read, "SELECT id FROM objective WHERE key = :key", {"key": key})
    return None if row is None else int(row["id"])


def accounts(read: Reader) -> list[Account]:
    """Every account, by name (without case)."""
    return [account_from_row(row) for row in read("SELECT * FROM account ORDER BY name_key")]


def account(read: Reader, key: str) -> Account | None:
    """The account whose :func:`~secboard.domain.asks.account_key` is ``key``, or None."""
    row = first(read, "SELECT * FROM account WHERE name_key = :key", {"key": key})
    return None if row is None else account_from_row(row)


def open_titles(read: Reader) -> list[tuple[int, str]]:
    """The id and title of every request still open on the board, in id order."""
    finished = ", ".join(f"'{status.value}'" for status in FINISHED_STATUSES)
    rows = read(
        f"SELECT id, title FROM request r WHERE {ON_BOARD} AND status NOT IN ({finished}) "
        "ORDER BY id"
    )
    return [(int(row["id"]), str(row["title"])) for row in rows]


def account_asks(read: Reader, key: str | None = None) -> dict[str, list[AccountAsk]]:
    """The asks of every account (or of the account ``key`` only) on requests still on
    the board, oldest first, by account key."""
    where = f"WHERE {ON_BOARD}" + (" AND a.name_key = :key" if key is not None else "")
    rows = read(
        f"SELECT k.*, a.name AS {ACCOUNT_NAME}, a.name_key AS account_key, r.title AS "
        "request_title, r.status AS request_status, r.decision AS request_decision "
        "FROM ask k JOIN account a ON a.id = k.account_id JOIN request r ON r.id = k.request_id "
        f"{where} ORDER BY a.name_key, k.id",
        {} if key is None else {"key": key},
    )
    grouped: dict[str, list[AccountAsk]] = defaultdict(list)
    statuses = {status.value: status for status in Status}
    for row in rows:
        decision = row["request_decision"]
        grouped[row["account_key"]].append(
            AccountAsk(
                ask_from_row(row),
                row["request_id"],
                row["request_title"],
                statuses[row["request_status"]],
                None if decision is None else Decision(decision),
            )
        )
    return grouped


def account_ids(read: Reader, keys: Iterable[str]) -> dict[str, tuple[int, int | None, str]]:
    """The row id, ARR and name of each account among ``keys`` that exists, by key."""
    found: dict[str, tuple[int, int | None, str]] = {}
    for key in set(keys):
        row = first(read, "SELECT id, arr, name FROM account WHERE name_key = :key", {"key": key})
        if row is not None:
            found[key] = (int(row["id"]), row["arr"], str(row["name"]))
    return found


def setting(read: Reader, key: str) -> str | None:
    """A workspace setting, or None when it was never set."""
    row = first(read, "SELECT value FROM setting WHERE key = :key", {"key": key})
    return None if row is None else str(row["value"])


def is_redacted(read: Reader) -> bool:
    """True when the workspace was loaded from a redacted snapshot."""
    return setting(read, REDACTED_KEY) == "true"


def vision(read: Reader) -> str:
    """The workspace's one-paragraph vision."""
    return setting(read, VISION_KEY) or DEFAULT_VISION


def template(read: Reader) -> tuple[TemplateItem, ...]:
    """The checklist template in use (the default one until another is stored)."""
    stored = setting(read, TEMPLATE_KEY)
    if stored is None:
        return DEFAULT_TEMPLATE
    return tuple(TemplateItem(item["key"], item["question"]) for item in json.loads(stored))


def encode_template(items: Sequence[TemplateItem]) -> str:
    """A template as stored in the settings table."""
    return json.dumps([{"key": i.key, "question": i.question} for i in items], ensure_ascii=False)


def workspace_data(read: Reader) -> WorkspaceData:
    """Everything in the workspace, requests in id order, for export."""
    events = histories(read)
    return WorkspaceData(
        vision=vision(read),
        template=template(read),
        objectives=tuple(objectives(read)),
        records=tuple(
            RequestRecord(item, tuple(events.get(item.id, ()))) for item in requests(read)
        ),
        redacted=is_redacted(read),
        accounts=tuple(accounts(read)),
    )


_ID_SLICE = 10_000


def _filters(
    status: Status | None, source: Source | None, *, on_board: bool = False
) -> tuple[str, dict[str, str]]:
    clauses: list[str] = [ON_BOARD] if on_board else []
    params: dict[str, str] = {}
    if status is not None:
        clauses.append("r.status = :status")
        params["status"] = status.value
    if source is not None:
        clauses.append("r.source = :source")
        params["source"] = source.value
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _grouped(
    read: Reader,
    sql: str,
    params: Mapping[str, Any],
    convert: Callable[[Row], _T],
) -> dict[int, list[_T]]:
    grouped: dict[int, list[_T]] = defaultdict(list)
    for row in read(sql, params):
        grouped[row["request_id"]].append(convert(row))
    return grouped
