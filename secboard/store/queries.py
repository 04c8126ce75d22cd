"""Fast reads with the standard library's ``sqlite3``, for the screens and reports.

The board, lists, metrics and exports read thousands of rows; going through plain
``sqlite3`` keeps a 10,000-request workspace loading in tens of milliseconds and keeps
SQLModel's import off the start-up path.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.flow import FlowCard, Move
from secboard.domain.model import (
    Card,
    Decision,
    Objective,
    ObjectiveStatus,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.store.rows import (
    CARD_SELECT,
    REQUEST_SELECT,
    card_from_row,
    checklist_from_row,
    decode_moment,
    event_from_row,
    optional_date,
    request_from_row,
)

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
_CHECKLIST_COLUMNS = "key, question, answer, note"
_EVENT_COLUMNS = "at, from_status, to_status, note, forced"


def is_empty(connection: sqlite3.Connection) -> bool:
    """True when the workspace holds no request, no objective and no vision."""
    row = connection.execute(
        "SELECT EXISTS (SELECT 1 FROM request) OR EXISTS (SELECT 1 FROM objective)"
        " OR EXISTS (SELECT 1 FROM setting WHERE key = ? AND value != '')",
        (VISION_KEY,),
    ).fetchone()
    return not row[0]


def cards(connection: sqlite3.Connection, ids: Iterable[int] | None = None) -> list[Card]:
    """Cards for every request (or only ``ids``), in id order."""
    if ids is None:
        rows = connection.execute(CARD_SELECT + " ORDER BY r.id")
    else:
        wanted = sorted(set(ids))
        placeholders = ",".join("?" * len(wanted))
        rows = connection.execute(
            CARD_SELECT + f" WHERE r.id IN ({placeholders}) ORDER BY r.id", wanted
        )
    return [card_from_row(row) for row in rows]


def request(connection: sqlite3.Connection, request_id: int) -> Request | None:
    """One request with its checklist, or None."""
    row = connection.execute(REQUEST_SELECT + " WHERE r.id = ?", (request_id,)).fetchone()
    if row is None:
        return None
    items = connection.execute(
        f"SELECT {_CHECKLIST_COLUMNS} FROM checklist_item WHERE request_id = ? ORDER BY position",
        (request_id,),
    )
    return request_from_row(row, tuple(checklist_from_row(item) for item in items))


def history(connection: sqlite3.Connection, request_id: int) -> tuple[StatusEvent, ...]:
    """The status history of one request, oldest first."""
    rows = connection.execute(
        f"SELECT {_EVENT_COLUMNS} FROM status_event WHERE request_id = ? ORDER BY id",
        (request_id,),
    )
    return tuple(event_from_row(row) for row in rows)


def requests(
    connection: sqlite3.Connection,
    *,
    status: Status | None = None,
    source: Source | None = None,
) -> list[Request]:
    """Requests with their checklists, filtered by status and source, in id order."""
    where, params = _filters(status, source)
    checklists = _grouped(
        connection,
        f"SELECT c.request_id, {_prefixed('c', _CHECKLIST_COLUMNS)} FROM checklist_item c "
        f"JOIN request r ON r.id = c.request_id{where} ORDER BY c.request_id, c.position",
        params,
        checklist_from_row,
    )
    rows = connection.execute(REQUEST_SELECT + where + " ORDER BY r.id", params)
    return [request_from_row(row, tuple(checklists.get(row[0], ()))) for row in rows]


def histories(connection: sqlite3.Connection) -> dict[int, list[StatusEvent]]:
    """Every request's history, oldest first, by request id."""
    return _grouped(
        connection,
        f"SELECT request_id, {_EVENT_COLUMNS} FROM status_event ORDER BY request_id, id",
        (),
        event_from_row,
    )


def flow_cards(connection: sqlite3.Connection) -> list[FlowCard]:
    """The fields of every request that the metrics read, in id order."""
    sources = {source.value: source for source in Source}
    statuses = {status.value: status for status in Status}
    decisions: dict[str | None, Decision | None] = {d.value: d for d in Decision}
    decisions[None] = None
    rows = connection.execute(
        "SELECT id, title, source, status, created_at, arr, due, decision, estimate_weeks,"
        " planned_weeks FROM request ORDER BY id"
    )
    # Positional arguments: this runs once per request, and keywords cost twice as much.
    return [
        FlowCard(
            row[0],
            row[1],
            sources[row[2]],
            statuses[row[3]],
            decode_moment(row[4]),
            row[5],
            optional_date(row[6]),
            decisions[row[7]],
            row[8],
            row[9],
        )
        for row in rows
    ]


def moves(connection: sqlite3.Connection) -> dict[int, list[Move]]:
    """Every request's status changes as (moment, status entered), oldest first, by id."""
    statuses = {status.value: status for status in Status}
    grouped: dict[int, list[Move]] = defaultdict(list)
    # Tens of thousands of rows: names bound locally, the moment parsed in place.
    parse, move = datetime.fromisoformat, Move
    for request_id, at, to_status in connection.execute(
        "SELECT request_id, at, to_status FROM status_event ORDER BY id"
    ):
        grouped[request_id].append(move(parse(at), statuses[to_status]))
    return grouped


def objectives(connection: sqlite3.Connection) -> list[Objective]:
    """Every objective, in the order they were added."""
    rows = connection.execute(
        "SELECT key, title, description, target, status FROM objective ORDER BY id"
    )
    return [
        Objective(
            key=row[0],
            title=row[1],
            description=row[2],
            target=optional_date(row[3]),
            status=ObjectiveStatus(row[4]),
        )
        for row in rows
    ]


def setting(connection: sqlite3.Connection, key: str) -> str | None:
    """A workspace setting, or None when it was never set."""
    row = connection.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def is_redacted(connection: sqlite3.Connection) -> bool:
    """True when the workspace was loaded from a redacted snapshot."""
    return setting(connection, REDACTED_KEY) == "true"


def vision(connection: sqlite3.Connection) -> str:
    """The workspace's one-paragraph vision."""
    return setting(connection, VISION_KEY) or DEFAULT_VISION


def template(connection: sqlite3.Connection) -> tuple[TemplateItem, ...]:
    """The checklist template in use (the default one until another is stored)."""
    stored = setting(connection, TEMPLATE_KEY)
    if stored is None:
        return DEFAULT_TEMPLATE
    return tuple(TemplateItem(item["key"], item["question"]) for item in json.loads(stored))


def encode_template(items: Sequence[TemplateItem]) -> str:
    """A template as stored in the settings table."""
    return json.dumps([{"key": i.key, "question": i.question} for i in items], ensure_ascii=False)


def workspace_data(connection: sqlite3.Connection) -> WorkspaceData:
    """Everything in the workspace, requests in id order, for export."""
    events = histories(connection)
    return WorkspaceData(
        vision=vision(connection),
        template=template(connection),
        objectives=tuple(objectives(connection)),
        records=tuple(
            RequestRecord(item, tuple(events.get(item.id, ()))) for item in requests(connection)
        ),
        redacted=is_redacted(connection),
    )


def _filters(status: Status | None, source: Source | None) -> tuple[str, tuple[str, ...]]:
    clauses: list[str] = []
    params: list[str] = []
    if status is not None:
        clauses.append("r.status = ?")
        params.append(status.value)
    if source is not None:
        clauses.append("r.source = ?")
        params.append(source.value)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{name.strip()}" for name in columns.split(","))


def _grouped(
    connection: sqlite3.Connection,
    sql: str,
    params: Sequence[str],
    convert: Callable[[Sequence[Any]], _T],
) -> dict[int, list[_T]]:
    grouped: dict[int, list[_T]] = defaultdict(list)
    for row in connection.execute(sql, params):
        grouped[row[0]].append(convert(row[1:]))
    return grouped
