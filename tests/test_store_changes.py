"""Changes: versions, stale writes refused, undo of every kind of change, cascading deletes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from secboard.demo import generate
from secboard.domain.errors import Conflict, InvalidInput, NotFound
from secboard.domain.model import Answer, Decision, ObjectiveStatus, Status
from secboard.workspace import Workspace
from tests.conftest import NOW, FakeClock
from tests.postgres_support import engine_url

STALE = (
    "#1 was changed elsewhere since you opened it; refresh to see the latest, "
    "nothing was overwritten"
)


@pytest.fixture
def other(database_url: Path | str, workspace: Workspace, clock: FakeClock) -> Iterator[Workspace]:
    """A second workspace on the same database: another secboard window or process."""
    opened = Workspace.open(database_url, clock=clock)
    yield opened
    opened.close()


def count(database_url: Path | str, table: str, request_id: int) -> int:
    engine = create_engine(engine_url(database_url), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(
                    text(f"SELECT count(*) FROM {table} WHERE request_id = :id"),
                    {"id": request_id},
                ).scalar_one()
            )
    finally:
        engine.dispose()


def in_discovery(workspace: Workspace, title: str = "SSO") -> int:
    request = workspace.add({"title": title})
    workspace.move(request.id, Status.DISCOVERY)
    return request.id


# Versions ---------------------------------------------------------------------------------


def test_every_change_increments_the_version(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    assert request.version == 1

    versions = [
        workspace.edit(request.id, {"customer": "Acme", "arr": "120k"}).version,
        workspace.move(request.id, Status.DISCOVERY).version,
        workspace.answer(request.id, "need_confirmed", Answer.YES).version,
        workspace.decide(request.id, Decision.BUILD, rationale="renewal").version,
        workspace.link(request.id, None).version,
    ]

    assert versions == [2, 3, 4, 5, 6]
    assert workspace.request(request.id).version == 6
    assert workspace.cards()[0].version == 6


def test_change_with_the_current_expected_version_is_applied(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    edited = workspace.edit(request.id, {"customer": "Acme"}, expected_version=1)

    assert (edited.customer, edited.version) == ("Acme", 2)


@pytest.mark.parametrize(
    "change",
    [
        lambda w, v: w.edit(1, {"customer": "Globex"}, expected_version=v),
        lambda w, v: w.move(1, Status.INTAKE, expected_version=v),
        lambda w, v: w.answer(1, "need_confirmed", Answer.NO, expected_version=v),
        lambda w, v: w.decide(1, Decision.BUY, expected_version=v),
        lambda w, v: w.link(1, None, expected_version=v),
        lambda w, v: w.delete(1, expected_version=v),
    ],
    ids=["edit", "move", "answer", "decide", "link", "delete"],
)
def test_stale_expected_version_is_refused_and_nothing_is_written(
    workspace: Workspace, other: Workspace, change
):
    request_id = in_discovery(workspace)
    seen = workspace.request(request_id).version
    other.edit(request_id, {"customer": "Acme"})
    before = workspace.record(request_id)

    with pytest.raises(Conflict) as caught:
        change(workspace, seen)

    assert str(caught.value) == STALE
    assert workspace.record(request_id) == before


def test_two_quick_changes_from_one_card_are_not_a_conflict_with_yourself(
    workspace: Workspace,
):
    request_id = in_discovery(workspace)
    shown = workspace.request(request_id).version

    workspace.answer(request_id, "need_confirmed", Answer.YES, expected_version=shown)
    answered = workspace.answer(request_id, "revenue_tied", Answer.NO, expected_version=shown)

    assert answered.version == shown + 2
    assert [item.answer for item in answered.checklist[:2]] == [Answer.YES, Answer.NO]


def test_a_version_seen_before_another_workspace_saved_is_stale_even_after_own_changes(
    workspace: Workspace, other: Workspace
):
    request_id = in_discovery(workspace)
    shown = workspace.request(request_id).version
    other.edit(request_id, {"customer": "Acme"})
    latest = workspace.request(request_id).version
    workspace.edit(request_id, {"arr": "10k"}, expected_version=latest)

    with pytest.raises(Conflict) as caught:
        workspace.edit(request_id, {"customer": "Globex"}, expected_version=shown)

    assert str(caught.value) == STALE
    assert workspace.request(request_id).customer == "Acme"


def test_change_of_an_unknown_request_is_refused(workspace: Workspace):
    with pytest.raises(NotFound, match="no request #42"):
        workspace.edit(42, {"title": "x"})
    with pytest.raises(NotFound, match="no request #42"):
        workspace.request(42)
    with pytest.raises(NotFound, match="no request #42"):
        workspace.delete(42)


def test_refused_change_writes_nothing(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    before = workspace.record(request.id)

    with pytest.raises(InvalidInput):
        workspace.edit(request.id, {"arr": "-5"})
    with pytest.raises(NotFound):
        workspace.edit(request.id, {"objective": "O9"})

    assert workspace.record(request.id) == before
    assert workspace.undo_label == "add #1"


# Undo ---------------------------------------------------------------------------------


def test_nothing_to_undo_on_a_fresh_workspace(workspace: Workspace):
    assert workspace.undo_label is None
    with pytest.raises(InvalidInput, match="undo: nothing to undo"):
        workspace.undo()


def test_undo_add_removes_the_request(workspace: Workspace, database_url: Path | str):
    request = workspace.add({"title": "SSO"})

    assert workspace.undo() == "add #1"

    with pytest.raises(NotFound):
        workspace.request(request.id)
    assert count(database_url, "status_event", request.id) == 0
    assert workspace.undo_label is None


def test_undo_edit_restores_every_previous_value(workspace: Workspace, clock: FakeClock):
    request = workspace.add(
        {"title": "SSO", "customer": "Acme", "arr": "120k", "tags": ["identity"]}
    )
    clock.advance(hours=1)
    workspace.edit(request.id, {"title": "SAML", "arr": "", "tags": [], "reach": "5"})

    assert workspace.undo() == "edit #1"

    restored = workspace.request(request.id)
    assert (restored.title, restored.arr, restored.tags, restored.reach) == (
        "SSO",
        120_000,
        ("identity",),
        None,
    )
    assert restored.updated_at == request.updated_at
    assert restored.version == 3


def test_undo_move_restores_status_checklist_and_history(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.move(request.id, Status.DISCOVERY)

    assert workspace.undo() == "move to discovery #1"

    record = workspace.record(request.id)
    assert record.request.status is Status.INTAKE
    assert record.request.checklist == ()
    assert [e.to_status for e in record.history] == [Status.INTAKE]


def test_undo_answer_reopens_the_question(workspace: Workspace):
    request_id = in_discovery(workspace)
    workspace.answer(request_id, "need_confirmed", Answer.YES, note="contract 7.2")

    assert workspace.undo() == "answer need_confirmed #1"

    item = workspace.request(request_id).checklist[0]
    assert (item.key, item.answer, item.note) == ("need_confirmed", Answer.OPEN, "")


def test_undo_decide_removes_the_decision(workspace: Workspace):
    request_id = in_discovery(workspace)
    workspace.decide(request_id, Decision.DEFER, rationale="one deal", revisit="2027-02-01")

    assert workspace.undo() == "decide defer #1"

    restored = workspace.request(request_id)
    assert (restored.decision, restored.rationale, restored.revisit, restored.planned_weeks) == (
        None,
        "",
        None,
        None,
    )


def test_undo_decide_and_close_reopens_the_request(workspace: Workspace):
    request_id = in_discovery(workspace)
    workspace.decide(request_id, Decision.DECLINE, rationale="no evidence", close=True)

    workspace.undo()

    record = workspace.record(request_id)
    assert record.request.status is Status.DISCOVERY
    assert [e.to_status for e in record.history] == [Status.INTAKE, Status.DISCOVERY]


def test_undo_delete_brings_back_checklist_and_history(workspace: Workspace):
    request_id = in_discovery(workspace)
    workspace.answer(request_id, "revenue_tied", Answer.YES, note="renewal")
    before = workspace.record(request_id)
    workspace.delete(request_id)

    assert workspace.undo() == "delete #1"

    after = workspace.record(request_id)
    assert after.history == before.history
    assert after.request.checklist == before.request.checklist
    assert after.request.title == before.request.title
    assert after.request.version == before.request.version + 1


def test_undo_takes_changes_back_newest_first(workspace: Workspace):
    request = workspace.add({"title": "v1"})
    workspace.edit(request.id, {"title": "v2"})
    workspace.edit(request.id, {"title": "v3"})

    workspace.undo()
    assert workspace.request(request.id).title == "v2"
    workspace.undo()
    assert workspace.request(request.id).title == "v1"
    workspace.undo()
    assert workspace.requests() == []


def test_undo_objective_add_removes_it(workspace: Workspace):
    workspace.add_objective("Unblock enterprise deals")

    assert workspace.undo() == "add objective O1"

    assert workspace.objectives() == []


def test_undo_objective_add_is_refused_while_requests_are_linked(
    workspace: Workspace, other: Workspace
):
    request = workspace.add({"title": "SSO"})
    workspace.add_objective("Unblock enterprise deals", key="O1")
    other.link(request.id, "O1")

    with pytest.raises(Conflict, match=r"objective 'O1' has linked requests \(#1\); not removed"):
        workspace.undo()

    assert [o.key for o in workspace.objectives()] == ["O1"]


def test_undo_objective_edit_restores_it(workspace: Workspace):
    workspace.add_objective("Unblock deals", key="O1", target="2027-03-31")
    workspace.edit_objective(
        "O1", title="Unblock EMEA deals", status=ObjectiveStatus.DONE, clear_target=True
    )

    assert workspace.undo() == "edit objective O1"

    (objective,) = workspace.objectives()
    assert (objective.title, objective.status, str(objective.target)) == (
        "Unblock deals",
        ObjectiveStatus.ACTIVE,
        "2027-03-31",
    )


def test_undo_vision_restores_the_previous_text(workspace: Workspace):
    workspace.set_vision("Security that sales can sell.")
    workspace.set_vision("Something else")

    assert workspace.undo() == "edit vision"

    assert workspace.vision() == "Security that sales can sell."


def test_undo_is_refused_when_another_workspace_changed_the_request(
    workspace: Workspace, other: Workspace
):
    request = workspace.add({"title": "SSO"})
    workspace.edit(request.id, {"customer": "Acme"})
    other.edit(request.id, {"arr": "50k"})

    with pytest.raises(Conflict, match="#1 was changed elsewhere since; nothing was undone"):
        workspace.undo()

    stored = workspace.request(request.id)
    assert (stored.customer, stored.arr) == ("Acme", 50_000)
    # That step can never be undone now: it is dropped so that older ones stay reachable.
    assert workspace.undo_label == "add #1"


def test_after_a_refused_undo_older_changes_of_other_requests_can_still_be_undone(
    workspace: Workspace, other: Workspace
):
    first = workspace.add({"title": "SSO"})
    second = workspace.add({"title": "SCIM"})
    other.edit(second.id, {"reach": "50"})

    with pytest.raises(Conflict):
        workspace.undo()

    assert workspace.undo() == f"add #{first.id}"
    assert [r.title for r in workspace.requests()] == ["SCIM"]


def test_undo_add_is_refused_when_another_workspace_changed_the_request(
    workspace: Workspace, other: Workspace
):
    request = workspace.add({"title": "SSO"})
    other.move(request.id, Status.DISCOVERY)

    with pytest.raises(Conflict):
        workspace.undo()

    assert workspace.request(request.id).status is Status.DISCOVERY


def test_undo_delete_is_refused_when_the_id_exists_again(workspace: Workspace, other: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.delete(request.id)
    other.load(generate(3, seed=1, now=NOW), replace=True)

    with pytest.raises(Conflict, match=r"the workspace was replaced .* since delete #1"):
        workspace.undo()

    assert workspace.request(request.id).title != "SSO"


def test_changes_made_elsewhere_are_visible_and_counted(workspace: Workspace, other: Workspace):
    before = workspace.external_version()

    other.add({"title": "From another window"})

    assert workspace.external_version() != before
    assert [r.title for r in workspace.requests()] == ["From another window"]


def test_changes_since_reports_the_requests_changed_through_this_workspace(
    workspace: Workspace,
):
    start = workspace.revision
    first = workspace.add({"title": "A"})
    second = workspace.add({"title": "B"})
    middle = workspace.revision
    workspace.edit(second.id, {"reach": "1"})

    assert workspace.changes_since(start) == {first.id, second.id}
    assert workspace.changes_since(middle) == {second.id}
    assert workspace.changes_since(workspace.revision) == frozenset()


# Deleting -------------------------------------------------------------------------------


def test_delete_removes_the_request_with_its_checklist_and_history(
    workspace: Workspace, database_url: Path | str
):
    kept = in_discovery(workspace, "Kept")
    gone = in_discovery(workspace, "Gone")
    assert count(database_url, "checklist_item", gone) == 9
    assert count(database_url, "status_event", gone) == 2

    record = workspace.delete(gone)

    assert record.request.title == "Gone"
    assert len(record.history) == 2
    assert count(database_url, "checklist_item", gone) == 0
    assert count(database_url, "status_event", gone) == 0
    assert count(database_url, "checklist_item", kept) == 9
    assert count(database_url, "status_event", kept) == 2
    assert [r.id for r in workspace.requests()] == [kept]
    assert gone not in workspace.histories()


def test_own_changes_are_not_reported_as_changes_from_elsewhere(
    workspace: Workspace, other: Workspace
):
    assert not workspace.has_external_changes()
    workspace.add({"title": "Mine"})
    assert not workspace.has_external_changes()
    other.add({"title": "Theirs"})
    assert workspace.has_external_changes()
    assert not workspace.has_external_changes()


def test_undo_of_an_ask_that_added_its_account_removes_the_account(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.add_ask(request.id, {"account": "Initech", "quote": "Need it"}, create_account=True)
    assert [account.name for account in workspace.accounts()] == ["Initech"]

    assert workspace.undo() == f"add an ask to #{request.id}"

    assert workspace.accounts() == []
    assert workspace.request(request.id).asks == ()


def test_undo_keeps_an_account_another_request_asks_from_since(workspace: Workspace):
    first = workspace.add({"title": "SSO", "customer": "Initech"})
    second = workspace.add({"title": "SCIM"})
    workspace.add_ask(second.id, {"account": "Initech", "quote": "Us too"})

    workspace.undo()  # the ask on the second request
    workspace.undo()  # the second request

    assert [account.name for account in workspace.accounts()] == ["Initech"]
    assert workspace.request(first.id).customer == "Initech"
