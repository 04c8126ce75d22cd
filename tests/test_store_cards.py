"""Board cards as the store reads them: every field, by column name, on each database."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from secboard.demo import generate
from secboard.domain.collector import collector_paused
from secboard.domain.flow import flow_cards_of
from secboard.domain.metrics import compute_metrics
from secboard.domain.model import Card, Request
from secboard.domain.scoring import breakdown
from secboard.store.rows import CARD_COLUMNS, cards_from_rows, values_by_name
from secboard.workspace import Workspace
from tests.conftest import NOW
from tests.postgres_support import engine_url


def expected_card(request: Request) -> Card:
    """The card of ``request``, field by field from the full request."""
    return Card(
        id=request.id,
        title=request.title,
        source=request.source,
        status=request.status,
        created_at=request.created_at,
        updated_at=request.updated_at,
        requester=request.requester,
        customer=request.customer,
        arr=request.arr,
        due=request.due,
        tags=request.tags,
        estimate_weeks=request.estimate_weeks,
        planned_weeks=request.planned_weeks,
        reach=request.reach,
        impact=request.impact,
        confidence=request.confidence,
        score=breakdown(request).score,
        decision=request.decision,
        horizon=request.horizon,
        objective=request.objective,
        checklist_done=request.checklist_done,
        checklist_total=request.checklist_total,
        version=request.version,
        revisit=request.revisit,
        owner=request.owner,
        asks=request.ask_count,
        accounts=request.accounts,
        importance=request.importance,
    )


def test_every_card_holds_the_fields_of_its_request(workspace: Workspace) -> None:
    # 300 demo requests cover every status, decision, horizon and missing value.
    workspace.load(generate(300, seed=5, now=NOW))
    for request_id in (3, 150):
        workspace.edit(request_id, {"owner": "Sam Okafor"})
    requests = workspace.requests()

    cards = workspace.cards()

    assert cards == [expected_card(request) for request in requests]
    for field in ("decision", "horizon", "due", "revisit", "objective", "score", "owner"):
        values = {getattr(card, field) is None for card in cards}
        assert values == {True, False}, f"the demo should hold cards with and without {field}"
    some = [requests[4].id, requests[120].id, 10_000]
    assert workspace.cards(some) == [expected_card(requests[4]), expected_card(requests[120])]


@pytest.fixture
def rows_database(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(tmp_path / "rows.db")
    connection.execute("CREATE TABLE t (a INTEGER, b TEXT, c REAL)")
    connection.executemany("INSERT INTO t VALUES (?, ?, ?)", [(1, "one", 1.5), (2, "two", None)])
    yield connection
    connection.close()


def _rows(connection: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
    cursor = connection.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql)


def test_values_are_read_by_name_whatever_the_order_of_the_columns(
    rows_database: sqlite3.Connection,
) -> None:
    names = ["c", "a", "b"]
    expected = [(1.5, 1, "one"), (None, 2, "two")]

    assert list(values_by_name(_rows(rows_database, "SELECT a, b, c FROM t"), names)) == expected
    assert list(values_by_name(_rows(rows_database, "SELECT b, c, a FROM t"), names)) == expected
    assert list(values_by_name(_rows(rows_database, "SELECT b, a FROM t"), ["a"])) == [(1,), (2,)]
    assert list(values_by_name(_rows(rows_database, "SELECT * FROM t WHERE a > 5"), names)) == []


def test_mapping_rows_are_read_by_name(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'mapped.db'}")
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE t (a INTEGER, b TEXT)"))
            connection.execute(text("INSERT INTO t VALUES (1, 'one'), (2, 'two')"))
            rows = connection.execute(text("SELECT b, a FROM t ORDER BY a")).mappings().all()
    finally:
        engine.dispose()

    assert list(values_by_name(rows, ["a", "b"])) == [(1, "one"), (2, "two")]
    assert list(values_by_name(rows, ["b"])) == [("one",), ("two",)]


def test_a_card_query_with_its_columns_in_another_order_reads_the_same(
    database_url: Path | str, workspace: Workspace
) -> None:
    workspace.load(generate(60, seed=2, now=NOW))
    shuffled = ", ".join(f"r.{name}" for name in reversed(CARD_COLUMNS) if name != "objective_key")
    sql = (
        f"SELECT o.key AS objective_key, r.description, {shuffled} FROM request r"
        " LEFT JOIN objective o ON o.id = r.objective_id ORDER BY r.id"
    )
    engine = create_engine(engine_url(database_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text(sql)).mappings().all()
    finally:
        engine.dispose()

    assert cards_from_rows(rows) == workspace.cards()


def test_the_collector_is_paused_only_while_reading_and_left_off_if_it_was() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(LookupError, match="mid-read"), collector_paused():
        raise LookupError("mid-read")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_metrics_read_what_the_full_requests_and_histories_hold(
    workspace: Workspace,
) -> None:
    # The lean reads behind the metrics (fields and moves only) against the full records.
    workspace.load(generate(200, seed=6, now=NOW))
    records = workspace.data().records
    histories = {record.request.id: record.history for record in records}
    assert sum(map(len, histories.values())) > len(records)

    full = compute_metrics(flow_cards_of(workspace.data()), histories, NOW)

    assert workspace.metrics(NOW) == full


@pytest.mark.parametrize("days_before_now", [0, 20], ids=["after everything", "in the past"])
def test_the_ask_figures_summed_by_the_database_equal_those_of_every_ask(
    workspace: Workspace, days_before_now: int
) -> None:
    # After every change and ask the database sums the asks' figures; before, the
    # metrics go through every ask. Both must say the same as the full records.
    workspace.load(generate(300, seed=11, now=NOW))
    as_of = NOW - timedelta(days=days_before_now)
    records = workspace.data().records
    histories = {record.request.id: record.history for record in records}
    assert sum(len(record.request.asks) for record in records) > len(records)

    full = compute_metrics(flow_cards_of(workspace.data()), histories, as_of)

    assert workspace.metrics(as_of) == full
    assert full.revenue_unblocked
    assert full.arr_at_risk
