"""What is written reads back identically, through the lean sqlite3 path and through SQLAlchemy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from secboard.demo import generate
from secboard.domain.errors import NotEmpty
from secboard.domain.model import (
    Answer,
    Decision,
    Horizon,
    Request,
    Source,
    Status,
    StatusEvent,
)
from secboard.domain.scoring import breakdown
from secboard.domain.text import has_visible_characters
from secboard.store.postgres import ConnectionSession
from secboard.store.unit import UnitOfWork
from secboard.workspace import Workspace
from tests.builders import as_loaded, content
from tests.conftest import NOW, FakeClock
from tests.postgres_support import engine_url

FULL = {
    "title": "SSO/SAML for the admin console — Acme [bold]x[/]",
    "description": "Asked during the renewal.\n\n* admin console only\n* `[/]` literally",
    "source": "sales",
    "requester": "Dana Reyes (AE, EMEA)",
    "customer": "Acme Corp",
    "arr": "$1.2m",
    "due": "2027-01-15",
    "frameworks": ["SOC 2 CC6.1", "ISO 27001 A.8.24"],
    "tags": ["identity", "sso", "暗号"],
    "estimate_weeks": "6.5",
    "planned_weeks": "2.5",
    "reach": "400",
    "impact": "0.25",
    "confidence": "80%",
    "horizon": "next",
    "objective": "O1",
}

OPTIONAL_CLEARED = {
    "description": "",
    "requester": "",
    "customer": "",
    "arr": "",
    "due": "",
    "frameworks": [],
    "tags": [],
    "estimate_weeks": "",
    "planned_weeks": "",
    "reach": "",
    "impact": "",
    "confidence": "",
    "horizon": "none",
    "objective": "none",
}


@pytest.fixture
def orm(database_url: Path | str, workspace: Workspace) -> Iterator[Engine]:
    """A second, independent way in: a SQLAlchemy engine of its own on the same database."""
    engine = create_engine(engine_url(database_url))
    yield engine
    engine.dispose()


def read_by_orm(orm: Engine, request_id: int) -> tuple[Request, tuple[StatusEvent, ...]]:
    with orm.connect() as connection:
        uow = UnitOfWork(ConnectionSession(connection), "pm")
        return uow.request(request_id), uow.history(request_id)


def assert_reads_back(workspace: Workspace, orm: Engine, expected: Request) -> None:
    """Every read path returns ``expected`` exactly."""
    assert workspace.request(expected.id) == expected
    assert [r for r in workspace.requests() if r.id == expected.id] == [expected]
    assert read_by_orm(orm, expected.id)[0] == expected
    assert workspace.record(expected.id).history == read_by_orm(orm, expected.id)[1]


def test_add_with_every_field_reads_back_identically(workspace: Workspace, orm: Engine):
    workspace.add_objective("Unblock enterprise deals", key="O1")

    added = workspace.add(FULL)

    assert added.id == 1
    assert added.title == FULL["title"]
    assert added.description == FULL["description"]
    assert (added.source, added.status) == (Source.SALES, Status.INTAKE)
    assert (added.requester, added.customer) == ("Dana Reyes (AE, EMEA)", "Acme Corp")
    assert (added.arr, added.due) == (1_200_000, date(2027, 1, 15))
    assert added.frameworks == ("SOC 2 CC6.1", "ISO 27001 A.8.24")
    assert added.tags == ("identity", "sso", "暗号")
    assert (added.estimate_weeks, added.planned_weeks) == (6.5, 2.5)
    assert (added.reach, added.impact, added.confidence) == (400, 0.25, 80)
    assert (added.horizon, added.objective) == (Horizon.NEXT, "O1")
    assert (added.created_at, added.updated_at, added.version) == (NOW, NOW, 1)
    assert_reads_back(workspace, orm, added)


def test_a_request_names_its_lead_account_as_the_account_is_named(workspace: Workspace):
    workspace.add_account({"name": "Acme Corp", "arr": "120k"})

    added = workspace.add({"title": "SSO", "customer": "ACME corp"})

    assert (added.customer, added.arr, added.asks[0].account) == ("Acme Corp", 120_000, "Acme Corp")
    assert workspace.cards()[0].customer == "Acme Corp"
    assert workspace.request(added.id) == added


def test_new_request_history_starts_with_its_creation(workspace: Workspace):
    added = workspace.add({"title": "SSO"})

    assert workspace.record(added.id).history == (
        StatusEvent(at=NOW, to_status=Status.INTAKE, actor=workspace.actor),
    )


def test_add_defaults_the_source_to_customer(workspace: Workspace):
    assert workspace.add({"title": "SSO"}).source is Source.CUSTOMER


def test_editing_each_field_reads_back_identically(
    workspace: Workspace, orm: Engine, clock: FakeClock
):
    workspace.add_objective("Unblock enterprise deals", key="O1")
    request = workspace.add({"title": "Placeholder", "source": "internal"})

    for name, value in FULL.items():
        clock.advance(minutes=1)
        edited = workspace.edit(request.id, {name: value})
        assert edited.updated_at == clock.moment
        assert_reads_back(workspace, orm, edited)

    final = workspace.request(request.id)
    assert final.version == 1 + len(FULL)
    assert (final.title, final.arr, final.objective) == (FULL["title"], 1_200_000, "O1")


def test_clearing_every_optional_field_reads_back_as_empty(workspace: Workspace, orm: Engine):
    workspace.add_objective("Unblock enterprise deals", key="O1")
    request = workspace.add(FULL)

    cleared = workspace.edit(request.id, OPTIONAL_CLEARED)

    assert cleared.description == ""
    assert (cleared.requester, cleared.customer, cleared.arr, cleared.due) == (None,) * 4
    assert (cleared.frameworks, cleared.tags) == ((), ())
    assert (cleared.estimate_weeks, cleared.planned_weeks) == (None, None)
    assert (cleared.reach, cleared.impact, cleared.confidence) == (None, None, None)
    assert (cleared.horizon, cleared.objective) == (None, None)
    assert cleared.title == FULL["title"]
    assert_reads_back(workspace, orm, cleared)


def test_checklist_decision_and_history_read_back_identically(
    workspace: Workspace, orm: Engine, clock: FakeClock
):
    request = workspace.add({"title": "EU data residency", "source": "sales"})
    clock.advance(days=1)
    workspace.move(request.id, Status.DISCOVERY)
    clock.advance(hours=3, microseconds=123)
    workspace.answer(request.id, "revenue_tied", Answer.YES, note="Globex renewal — 450k")
    workspace.answer(request.id, "scope_reduced", Answer.NA)
    decided = workspace.decide(
        request.id,
        Decision.DEFER,
        rationale="Only one deal; revisit when a second customer asks.",
        revisit="2027-02-01",
    )

    assert decided.revisit == date(2027, 2, 1)
    assert decided.planned_weeks == 0.0
    assert decided.checklist_done == 2
    assert_reads_back(workspace, orm, decided)
    assert [e.to_status for e in workspace.record(request.id).history] == [
        Status.INTAKE,
        Status.DISCOVERY,
    ]


def test_moments_keep_microseconds_and_come_back_in_utc(workspace: Workspace, clock: FakeClock):
    clock.moment = datetime(2026, 11, 30, 9, 0, 0, 654321, tzinfo=UTC)

    added = workspace.add({"title": "SSO"})
    stored = workspace.request(added.id)

    assert stored.created_at == clock.moment
    assert stored.created_at.utcoffset().total_seconds() == 0


def test_cards_carry_the_board_fields_score_and_checklist_progress(workspace: Workspace):
    workspace.add_objective("Unblock enterprise deals", key="O1")
    request = workspace.add(FULL)
    workspace.move(request.id, Status.DISCOVERY)
    stored = workspace.answer(request.id, "need_confirmed", Answer.NO)

    (card,) = workspace.cards()

    assert (card.id, card.title, card.source, card.status) == (
        stored.id,
        stored.title,
        stored.source,
        stored.status,
    )
    assert (card.customer, card.requester, card.arr, card.due) == (
        "Acme Corp",
        "Dana Reyes (AE, EMEA)",
        1_200_000,
        date(2027, 1, 15),
    )
    assert card.tags == stored.tags
    assert (card.estimate_weeks, card.planned_weeks) == (6.5, 2.5)
    assert card.score == pytest.approx(breakdown(stored).score)
    assert card.score == pytest.approx(400 * 0.25 * 0.8 / 2.5)
    assert (card.checklist_done, card.checklist_total) == (1, 9)
    assert (card.horizon, card.objective, card.version) == (Horizon.NEXT, "O1", stored.version)
    assert workspace.cards([request.id, 999]) == [card]


def test_requests_filter_by_status_and_source(workspace: Workspace):
    first = workspace.add({"title": "A", "source": "sales"})
    workspace.add({"title": "B", "source": "incident"})
    workspace.move(first.id, Status.DISCOVERY)

    assert [r.title for r in workspace.requests(status=Status.DISCOVERY)] == ["A"]
    assert [r.title for r in workspace.requests(source=Source.INCIDENT)] == ["B"]
    assert workspace.requests(status=Status.INTAKE, source=Source.SALES) == []


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    title=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1).filter(
        lambda text: 0 < len(text.strip()) <= 200 and has_visible_characters(text)
    ),
    tags=st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters="\x00\n\r\t"), max_size=20),
        max_size=4,
    ),
    weeks=st.none() | st.floats(min_value=0, max_value=1000, allow_nan=False),
)
def test_any_valid_text_and_numbers_round_trip(
    workspace: Workspace, orm: Engine, title, tags, weeks
):
    added = workspace.add({"title": title, "tags": tags, "estimate_weeks": weeks})

    assert added.title == title.strip()
    assert_reads_back(workspace, orm, added)


# Whole-workspace loads -------------------------------------------------------------------------


def test_bulk_load_reads_back_identically(workspace: Workspace, orm: Engine):
    data = as_loaded(generate(80, seed=3, now=NOW))

    assert workspace.load(data) is None

    assert workspace.data() == data
    for record in data.records[:10]:
        assert read_by_orm(orm, record.request.id) == (record.request, record.history)


def test_bulk_load_refuses_a_non_empty_workspace_without_replace(workspace: Workspace):
    workspace.add({"title": "Mine, keep it"})
    before = workspace.data()

    with pytest.raises(NotEmpty) as caught:
        workspace.load(generate(5, seed=1, now=NOW))

    assert str(caught.value) == (
        f"{workspace.label} is not empty; use --replace to overwrite it (backed up first)"
    )
    assert workspace.data() == before
    assert workspace.backups() == []


def test_an_objective_alone_makes_the_workspace_non_empty(workspace: Workspace):
    workspace.add_objective("Unblock enterprise deals")

    assert not workspace.is_empty()
    with pytest.raises(NotEmpty, match="is not empty"):
        workspace.load(generate(5, seed=1, now=NOW))


@pytest.mark.sqlite_only
def test_bulk_load_with_replace_backs_up_first(workspace: Workspace, db_path: Path):
    workspace.add({"title": "Mine, keep it"})
    data = generate(20, seed=2, now=NOW)

    backup = workspace.load(data, replace=True)

    assert backup is not None
    assert content(workspace.data()) == content(as_loaded(data))
    assert [info.path for info in workspace.backups()] == [backup]
    assert workspace.backups()[0].reason == "before-replace"
    saved = sqlite3.connect(backup)
    try:
        assert saved.execute("SELECT title FROM request").fetchall() == [("Mine, keep it",)]
    finally:
        saved.close()


def test_bulk_load_clears_the_undo_history(workspace: Workspace):
    workspace.add({"title": "Mine"})

    workspace.load(generate(5, seed=1, now=NOW), replace=True)

    assert workspace.undo_label is None


def test_a_workspace_from_data_in_memory_reads_like_the_file(workspace: Workspace):
    data = generate(30, seed=4, now=NOW)
    workspace.load(data)

    in_memory = Workspace.from_data(data, read_only=True)
    try:
        assert in_memory.data() == workspace.data()
        assert in_memory.cards() == workspace.cards()
        assert in_memory.path is None
        assert in_memory.read_only
    finally:
        in_memory.close()
