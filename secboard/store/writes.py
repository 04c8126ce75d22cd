"""Every write to a workspace: SQL that SQLite and PostgreSQL both run, on a
:class:`~secboard.store.session.Session`.

One writer for both databases and for every size of change: a single edit and a
100,000-request import store a request through the same :func:`insert_requests`. All of
it runs inside the caller's transaction (see ``Database.transaction``). Column lists
come from the database (the tables are created from :mod:`secboard.store.tables`), so a
new column needs no change here; values are stored as :mod:`secboard.store.rows` encodes
them, the same on both databases.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from secboard.domain.asks import Account, Ask, account_key, demand_of
from secboard.domain.collector import collector_paused
from secboard.domain.first_asks import with_first_asks
from secboard.domain.model import (
    ChecklistItem,
    Objective,
    Request,
    StatusEvent,
    WorkspaceData,
    with_demand,
)
from secboard.store import queries
from secboard.store.queries import (
    GENERATION_KEY,
    REDACTED_KEY,
    TEMPLATE_KEY,
    VERSION_FLOOR_KEY,
    VISION_KEY,
    encode_template,
    first,
)
from secboard.store.rows import account_values, ask_values, encode_moment, request_values
from secboard.store.session import Session

WORKSPACE_TABLES_CHILDREN_FIRST = (
    "ask",
    "checklist_item",
    "status_event",
    "request",
    "account",
    "objective",
    "setting",
)
"""The tables holding a workspace, each before the tables it refers to (so rows can be
deleted in this order); a test holds it to the definitions in :mod:`.tables`."""
_BATCH = 5_000
"""Rows per executemany: big enough to be fast, small enough to keep memory flat."""

ObjectiveIds = Callable[[str | None], int | None]
"""Gives the row id of an objective key (None for None)."""
AccountIds = Callable[[str], tuple[int, int | None, str]]
"""Gives the row id, ARR and name of an account by its key (every account an ask names exists:
the caller checked)."""


def _insert(table: str, columns: Iterable[str], *, returning: str | None = None) -> str:
    """``INSERT INTO table (…) VALUES (:…)``, each value a parameter named as its column."""
    names = list(columns)
    listed = ", ".join(f'"{name}"' for name in names)
    values = ", ".join(f":{name}" for name in names)
    tail = f" RETURNING {returning}" if returning else ""
    return f"INSERT INTO {table} ({listed}) VALUES ({values}){tail}"


def _insert_rows(session: Session, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table``."""
    if rows:
        session.run_many(_insert(table, rows[0]), rows)


# Requests ------------------------------------------------------------------------------


def insert_requests(
    session: Session,
    requests: Iterable[tuple[Request, Sequence[StatusEvent]]],
    objective_ids: ObjectiveIds,
    account_ids: AccountIds,
) -> None:
    """Store requests (keeping their ids) with their checklists, asks and histories; each
    request's demand is derived from its asks."""
    columns = session.columns("request")
    statement = _insert("request", columns)
    for batch in _batches(requests):
        session.run_many(
            statement,
            [
                request_values(
                    _with_demand(request, account_ids), columns, objective_ids(request.objective)
                )
                for request, _history in batch
            ],
        )
        _insert_rows(
            session,
            "checklist_item",
            [
                row
                for request, _history in batch
                for row in _checklist_rows(request.id, request.checklist)
            ],
        )
        _insert_asks(
            session, [(request.id, request.asks) for request, _history in batch], account_ids
        )
        _insert_rows(
            session,
            "status_event",
            [_event_row(request.id, event) for request, history in batch for event in history],
        )


def insert_new_request(
    session: Session,
    request: Request,
    history: Sequence[StatusEvent],
    objective_id: int | None,
    account_ids: AccountIds,
) -> Request:
    """Store a request under a new id, with its checklist, asks and history; returns it
    as stored (its id and demand set)."""
    stored = _with_demand(request, account_ids)
    values = request_values(stored, session.columns("request"), objective_id)
    del values["id"]
    (row,) = session(_insert("request", values, returning="id"), values)
    request_id = int(row["id"])
    _insert_rows(session, "checklist_item", _checklist_rows(request_id, request.checklist))
    _insert_asks(session, [(request_id, request.asks)], account_ids)
    for event in history:
        append_event(session, request_id, event)
    return dataclasses.replace(stored, id=request_id, asks=queries.asks(session, request_id))


def update_request(
    session: Session,
    request: Request,
    objective_id: int | None,
    account_ids: AccountIds,
    *,
    checklist_changed: bool,
    asks_changed: bool,
) -> Request | None:
    """Overwrite the stored fields (and checklist and asks, if changed); returns the
    request as stored (its demand derived), None if it is gone."""
    stored = _with_demand(request, account_ids)
    values = request_values(stored, session.columns("request"), objective_id)
    assignments = ", ".join(f'"{name}" = :{name}' for name in values if name != "id")
    if session.run(f"UPDATE request SET {assignments} WHERE id = :id", values) == 0:
        return None
    if checklist_changed:
        session.run("DELETE FROM checklist_item WHERE request_id = :id", {"id": request.id})
        _insert_rows(session, "checklist_item", _checklist_rows(request.id, request.checklist))
    if asks_changed:
        session.run("DELETE FROM ask WHERE request_id = :id", {"id": request.id})
        _insert_asks(session, [(request.id, request.asks)], account_ids)
        stored = dataclasses.replace(stored, asks=queries.asks(session, request.id))
    return stored


def _with_demand(request: Request, account_ids: AccountIds) -> Request:
    """``request`` with the demand its asks give (each account's ARR as stored).

    The lead account is named as the account is, as the asks read back: an ask may
    spell it otherwise ("ACME corp" for "Acme Corp").
    """
    demand = demand_of(request.asks, lambda key: account_ids(key)[1])
    if demand.lead_account is not None:
        demand = demand._replace(lead_account=account_ids(account_key(demand.lead_account))[2])
    return with_demand(request, demand)


def _insert_asks(
    session: Session,
    asks: Sequence[tuple[int, Sequence[Ask]]],
    account_ids: AccountIds,
) -> None:
    """Insert the asks of each request: stored ones keep their ids, new ones get one."""
    rows = [
        ask_values(
            request_id,
            ask,
            None if ask.account is None else account_ids(account_key(ask.account))[0],
        )
        for request_id, request_asks in asks
        for ask in request_asks
    ]
    _insert_rows(session, "ask", [row for row in rows if "id" in row])
    _insert_rows(session, "ask", [row for row in rows if "id" not in row])


def delete_request(session: Session, request_id: int) -> int | None:
    """Remove a request with its checklist and history; returns the version it had."""
    found = first(session, "SELECT version FROM request WHERE id = :id", {"id": request_id})
    if found is None:
        return None
    version = int(found["version"])
    floor = _setting(session, VERSION_FLOOR_KEY)
    if floor is None or int(floor) < version:
        # A replace lifts versions above the floor; a deleted request's last version
        # must stay below it too, or a snapshot bringing its id back could match it.
        set_setting(session, VERSION_FLOOR_KEY, str(version))
    # Children first: a SQLite file opened elsewhere without foreign keys still cascades.
    parameters = {"id": request_id}
    session.run("DELETE FROM ask WHERE request_id = :id", parameters)
    session.run("DELETE FROM checklist_item WHERE request_id = :id", parameters)
    session.run("DELETE FROM status_event WHERE request_id = :id", parameters)
    session.run("DELETE FROM request WHERE id = :id", parameters)
    return version


def append_event(session: Session, request_id: int, event: StatusEvent) -> None:
    """Add one status change to the history of a request."""
    _insert_rows(session, "status_event", [_event_row(request_id, event)])


def _checklist_rows(request_id: int, items: Sequence[ChecklistItem]) -> list[dict[str, Any]]:
    return [
        {
            "request_id": request_id,
            "position": position,
            "key": item.key,
            "question": item.question,
            "answer": item.answer.value,
            "note": item.note,
        }
        for position, item in enumerate(items)
    ]


def _event_row(request_id: int, event: StatusEvent) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "at": encode_moment(event.at),
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value,
        "note": event.note,
        "forced": event.forced,
        "actor": event.actor,
    }


# Accounts --------------------------------------------------------------------------------


def save_account(session: Session, account: Account, *, previous_key: str | None = None) -> int:
    """Insert the account, or overwrite the one stored under ``previous_key`` (its key
    before a rename; default its own); returns its row id.

    A changed ARR or name is carried into the demand of every request it asked for.
    """
    values = account_values(account)
    existing = first(
        session,
        "SELECT id FROM account WHERE name_key = :key",
        {"key": previous_key or account.key},
    )
    if existing is None:
        (row,) = session(_insert("account", values, returning="id"), values)
        return int(row["id"])
    account_id = int(existing["id"])
    assignments = ", ".join(f'"{name}" = :{name}' for name in values)
    session.run(f"UPDATE account SET {assignments} WHERE id = :id", {**values, "id": account_id})
    refresh_demand(session, account_id)
    return account_id


def delete_account(session: Session, key: str) -> None:
    """Remove the account ``key`` (the caller checked that no ask names it)."""
    session.run("DELETE FROM account WHERE name_key = :key", {"key": key})


DEMAND_COLUMNS = ("customer", "requester", "arr", "due", "ask_count", "accounts", "importance")
"""The columns of a request derived from its asks (see :func:`_with_demand`)."""


def refresh_demand(session: Session, account_id: int) -> None:
    """Derive again the demand of every request with an ask from account ``account_id``."""
    rows = session(
        "SELECT DISTINCT request_id FROM ask WHERE account_id = :id ORDER BY request_id",
        {"id": account_id},
    )
    assignments = ", ".join(f'"{name}" = :{name}' for name in DEMAND_COLUMNS)
    for row in rows:
        request = queries.request(session, row["request_id"])
        assert request is not None  # its ask was just read
        known = queries.account_ids(
            session, [account_key(ask.account) for ask in request.asks if ask.account]
        )
        values = request_values(_with_demand(request, known.__getitem__), DEMAND_COLUMNS, None)
        session.run(
            f"UPDATE request SET {assignments} WHERE id = :id", {**values, "id": request.id}
        )


# Objectives and settings -----------------------------------------------------------------


def save_objective(session: Session, objective: Objective) -> int:
    """Insert or overwrite the objective with this key; returns its row id."""
    values = {
        "key": objective.key,
        "title": objective.title,
        "description": objective.description,
        "target": objective.target.isoformat() if objective.target else None,
        "status": objective.status.value,
    }
    existing = first(session, "SELECT id FROM objective WHERE key = :key", values)
    if existing is not None:
        session.run(
            "UPDATE objective SET title = :title, description = :description, "
            "target = :target, status = :status WHERE key = :key",
            values,
        )
        return int(existing["id"])
    (row,) = session(_insert("objective", values, returning="id"), values)
    return int(row["id"])


def delete_objective(session: Session, key: str) -> None:
    """Remove the objective ``key``."""
    session.run("DELETE FROM objective WHERE key = :key", {"key": key})


def set_setting(session: Session, key: str, value: str) -> None:
    """Store a workspace setting."""
    values = {"key": key, "value": value}
    if not session.run("UPDATE setting SET value = :value WHERE key = :key", values):
        session.run(_insert("setting", values), values)


def _setting(session: Session, key: str) -> str | None:
    found = first(session, "SELECT value FROM setting WHERE key = :key", {"key": key})
    return None if found is None else str(found["value"])


# The whole workspace ---------------------------------------------------------------------


def load(session: Session, data: WorkspaceData) -> None:
    """Insert everything in ``data``, keeping request ids (inside the caller's transaction).

    Requests written before asks (a customer but no asks) get their first ask here, as
    an upgraded database gives them (see :mod:`secboard.domain.first_asks`).
    """
    data = with_first_asks(data)
    set_setting(session, VISION_KEY, data.vision)
    set_setting(session, TEMPLATE_KEY, encode_template(data.template))
    if data.redacted:
        set_setting(session, REDACTED_KEY, "true")
    ids = {objective.key: save_objective(session, objective) for objective in data.objectives}
    accounts = {}
    for account in data.accounts:
        values = account_values(account)
        (row,) = session(_insert("account", values, returning="id"), values)
        accounts[account.key] = (int(row["id"]), account.arr, account.name)
    # Every batch of rows is made and let go while the whole workspace is held: the
    # collector would walk all of it again and again, finding nothing.
    with collector_paused():
        insert_requests(
            session,
            ((record.request, record.history) for record in data.records),
            lambda key: None if key is None else ids[key],
            accounts.__getitem__,
        )


@dataclass(frozen=True, slots=True)
class GenerationMark:
    """What a replaced workspace handed out: its highest version and its id counters."""

    floor: int
    counters: tuple[tuple[str, int], ...]


UNREADABLE_FLOOR = 1_000_000
"""The floor used when a damaged workspace's versions cannot be read: far above any
version a request reaches by edits, so nothing read from the damaged file matches."""


def generation_mark(session: Session) -> GenerationMark:
    """The versions and ids the workspace on ``session`` has handed out so far."""
    stored_floor = _setting(session, VERSION_FLOOR_KEY)
    (highest,) = session("SELECT coalesce(max(version), 0) AS highest FROM request")
    floor = max(int(stored_floor or 0), int(highest["highest"]))
    return GenerationMark(floor, id_counters(session))


def id_counters(session: Session) -> tuple[tuple[str, int], ...]:
    """The last id handed out per table (by SQLite's counters or PostgreSQL's sequences)."""
    if session.dialect == "sqlite":
        rows = session("SELECT name, seq FROM sqlite_sequence")
        return tuple((str(row["name"]), int(row["seq"])) for row in rows)
    counters = []
    for table, sequence in _sequences(session):
        # A sequence's last value, or 0 before its first use (is_called false).
        (row,) = session(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS v FROM {sequence}"
        )
        counters.append((table, int(row["v"])))
    return tuple(counters)


def keep_counters_ahead(session: Session, counters: Iterable[tuple[str, int]]) -> None:
    """Move every id counter to at least its value in ``counters`` and past every stored id.

    Explicit ids (an import keeps the snapshot's) move SQLite's counters but not
    PostgreSQL's sequences, which would otherwise hand out an id already taken.
    """
    before = dict(counters)
    if session.dialect == "sqlite":
        for name, seq in before.items():
            parameters = {"seq": seq, "name": name}
            session.run(
                "UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = :name", parameters
            )
            session.run(
                "INSERT INTO sqlite_sequence (name, seq) SELECT :name, :seq "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = :name)",
                parameters,
            )
        return
    for table, sequence in _sequences(session):
        (row,) = session(f"SELECT coalesce(max(id), 0) AS highest FROM {table}")
        value = max(int(row["highest"]), before.get(table, 0))
        if value > 0:
            session(f"SELECT setval('{sequence}', :value)", {"value": value})


def _sequences(session: Session) -> list[tuple[str, str]]:
    """Each workspace table whose ids a PostgreSQL sequence hands out, with the sequence."""
    rows = session(
        "SELECT table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') AS sequence "
        "FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'id' ORDER BY table_name"
    )
    return [
        (str(row["table_name"]), str(row["sequence"]))
        for row in rows
        if row["sequence"] and row["table_name"] in WORKSPACE_TABLES_CHILDREN_FIRST
    ]


def start_generation(session: Session, before: GenerationMark) -> None:
    """Make the rows just written a new generation, above everything in ``before``.

    Inside the caller's transaction. Whatever another process (or an open board) read
    before must not match what is there after, even where a request id comes back:
    every request version is lifted above every version the workspace held before,
    the id counters never go back (a new request never takes an id once handed out),
    and the generation changes (so undo steps from before are refused).
    """
    session.run("UPDATE request SET version = version + :floor", {"floor": before.floor})
    keep_counters_ahead(session, before.counters)
    set_setting(session, VERSION_FLOOR_KEY, str(before.floor))
    set_setting(session, GENERATION_KEY, uuid.uuid4().hex)


def replace(
    session: Session,
    write: Callable[[Session], None],
    before: GenerationMark | None = None,
) -> None:
    """Replace everything in the workspace by what ``write`` inserts, as a new generation
    (see :func:`start_generation`), inside the caller's transaction.

    ``before`` is the mark of the workspace being replaced, when it was taken already.
    """
    mark = before or generation_mark(session)
    for table in WORKSPACE_TABLES_CHILDREN_FIRST:
        session.run(f"DELETE FROM {table}")
    write(session)
    start_generation(session, mark)


def _batches(
    rows: Iterable[tuple[Request, Sequence[StatusEvent]]],
) -> Iterable[list[tuple[Request, Sequence[StatusEvent]]]]:
    batch: list[tuple[Request, Sequence[StatusEvent]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
