"""The workspace API as the CLI and TUI use it: the lifecycle applied to stored requests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.errors import InvalidInput, MoveRefused, NotFound, ReadOnly
from secboard.domain.model import (
    Answer,
    Decision,
    ObjectiveStatus,
    Status,
    StatusEvent,
    TemplateItem,
)
from secboard.workspace import Workspace
from tests.builders import DEFAULT_KEYS
from tests.conftest import NOW, FakeClock


def answer_all(workspace: Workspace, request_id: int, answer: Answer = Answer.YES) -> None:
    for key in DEFAULT_KEYS:
        workspace.answer(request_id, key, answer)


def test_moving_into_discovery_starts_the_checklist_and_records_the_move(
    workspace: Workspace, clock: FakeClock
):
    request = workspace.add({"title": "SSO"})
    clock.advance(days=2)

    moved = workspace.move(request.id, Status.DISCOVERY)

    assert moved.status is Status.DISCOVERY
    assert tuple(item.key for item in moved.checklist) == DEFAULT_KEYS
    assert workspace.record(request.id).history[-1] == StatusEvent(
        at=NOW + timedelta(days=2),
        from_status=Status.INTAKE,
        to_status=Status.DISCOVERY,
        actor=workspace.actor,
    )


def test_a_custom_template_applies_to_requests_entering_discovery_from_then_on(
    workspace: Workspace,
):
    early = workspace.add({"title": "Early"})
    workspace.move(early.id, Status.DISCOVERY)
    template = (TemplateItem("threat_model", "Is there a threat model?"),)

    assert workspace.use_template(template) is True
    assert workspace.use_template(template) is False

    late = workspace.add({"title": "Late"})
    assert [i.key for i in workspace.move(late.id, Status.DISCOVERY).checklist] == ["threat_model"]
    assert len(workspace.request(early.id).checklist) == len(DEFAULT_TEMPLATE)
    assert workspace.template() == template


def test_commit_is_refused_until_the_decision_and_checklist_are_done(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.move(request.id, Status.DISCOVERY)
    for key in DEFAULT_KEYS[:6]:
        workspace.answer(request.id, key, Answer.YES)
    before = workspace.record(request.id)

    with pytest.raises(MoveRefused) as caught:
        workspace.move(request.id, Status.COMMITTED)

    assert str(caught.value) == (
        "no decision yet; committing needs build, buy or policy; "
        "3 checklist questions are open: buy_vs_build, success_metric, stakeholders_aligned"
        " (use force with a reason to override)"
    )
    assert workspace.record(request.id) == before


def test_commit_succeeds_once_decided_and_every_question_is_answered(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.move(request.id, Status.DISCOVERY)
    answer_all(workspace, request.id, Answer.NA)
    workspace.decide(request.id, Decision.POLICY, rationale="carve-out in the DPA")

    committed = workspace.move(request.id, Status.COMMITTED)

    assert committed.status is Status.COMMITTED
    last = workspace.record(request.id).history[-1]
    assert (last.from_status, last.to_status, last.forced) == (
        Status.DISCOVERY,
        Status.COMMITTED,
        False,
    )


def test_forced_commit_is_recorded_as_forced_with_its_reason(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.move(request.id, Status.DISCOVERY)

    workspace.move(request.id, Status.COMMITTED, force=True, reason="CEO escalation")

    last = workspace.record(request.id).history[-1]
    assert (last.to_status, last.forced, last.note) == (Status.COMMITTED, True, "CEO escalation")


def test_forced_move_without_a_reason_is_refused_and_writes_nothing(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    before = workspace.record(request.id)

    with pytest.raises(InvalidInput, match="reason: a forced move needs a reason"):
        workspace.move(request.id, Status.COMMITTED, force=True)

    assert workspace.record(request.id) == before


def test_forcing_a_move_that_needed_nothing_is_recorded_as_not_forced(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.move(request.id, Status.DISCOVERY)
    answer_all(workspace, request.id)
    workspace.decide(request.id, Decision.BUY)

    workspace.move(request.id, Status.COMMITTED, force=True, reason="belt and braces")

    last = workspace.record(request.id).history[-1]
    assert (last.forced, last.note) == (False, "belt and braces")


def test_reopening_a_closed_request_is_recorded(workspace: Workspace, clock: FakeClock):
    request = workspace.add({"title": "EU residency"})
    workspace.move(request.id, Status.DISCOVERY)
    workspace.decide(request.id, Decision.DEFER, rationale="one deal", close=True)
    clock.advance(days=30)

    reopened = workspace.move(request.id, Status.DISCOVERY, reason="second customer asked")

    assert reopened.status is Status.DISCOVERY
    assert [(e.from_status, e.to_status, e.note) for e in workspace.record(request.id).history] == [
        (None, Status.INTAKE, ""),
        (Status.INTAKE, Status.DISCOVERY, ""),
        (Status.DISCOVERY, Status.CLOSED, ""),
        (Status.CLOSED, Status.DISCOVERY, "second customer asked"),
    ]


def test_same_status_move_is_refused(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(MoveRefused, match="#1 is already in intake"):
        workspace.move(request.id, Status.INTAKE)


def test_step_moves_one_column_and_back_to_where_a_request_was_closed_from(
    workspace: Workspace,
):
    request = workspace.add({"title": "SSO"})
    assert workspace.step(request.id, forward=True).status is Status.DISCOVERY
    workspace.decide(request.id, Decision.DECLINE, rationale="no evidence", close=True)

    assert workspace.step(request.id, forward=False).status is Status.DISCOVERY


def test_step_past_either_end_of_the_flow_is_refused(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(InvalidInput, match="#1 is at the start of the flow"):
        workspace.step(request.id, forward=False)
    workspace.move(request.id, Status.SHIPPED, force=True, reason="shipped before triage")
    with pytest.raises(InvalidInput, match="#1 is at the end of the flow"):
        workspace.step(request.id, forward=True)


def test_answering_before_discovery_is_refused(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(NotFound, match="move it to discovery first"):
        workspace.answer(request.id, "need_confirmed", Answer.YES)


def test_answering_an_unknown_question_lists_the_keys(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.move(request.id, Status.DISCOVERY)

    with pytest.raises(NotFound) as caught:
        workspace.answer(request.id, "budget", Answer.YES)

    assert str(caught.value).endswith("this checklist has: " + ", ".join(DEFAULT_KEYS))


def test_decide_and_close_needs_decline_or_defer_and_a_rationale(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(MoveRefused, match="closing needs a rationale for the decision"):
        workspace.decide(request.id, Decision.DECLINE, close=True)
    with pytest.raises(MoveRefused, match="decision is build; closing needs decline or defer"):
        workspace.decide(request.id, Decision.BUILD, rationale="yes", close=True)

    assert workspace.request(request.id).decision is None
    closed = workspace.decide(request.id, Decision.DECLINE, rationale="no evidence", close=True)
    assert (closed.status, closed.planned_weeks) == (Status.CLOSED, 0.0)
    assert workspace.record(request.id).history[-1].to_status is Status.CLOSED


def test_deciding_a_closed_request_again_does_not_add_history(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.decide(request.id, Decision.DECLINE, rationale="no", close=True)

    workspace.decide(request.id, Decision.DEFER, rationale="later", close=True)

    assert len(workspace.record(request.id).history) == 2


def test_revisit_dates_are_relative_to_the_workspace_clock(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    decided = workspace.decide(request.id, Decision.DEFER, revisit="+6w")

    assert decided.revisit == NOW.date() + timedelta(weeks=6)


def test_revisit_is_refused_for_a_build_decision(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(InvalidInput, match="revisit: a revisit date only applies to defer"):
        workspace.decide(request.id, Decision.BUILD, revisit="2027-01-01")


def test_decide_validates_planned_weeks_and_dates(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(InvalidInput, match="planned: must be ≥ 0"):
        workspace.decide(request.id, Decision.BUILD, planned_weeks="-1")
    with pytest.raises(InvalidInput, match="revisit: 2027-02-30 is not a real calendar date"):
        workspace.decide(request.id, Decision.DEFER, revisit="2027-02-30")
    assert workspace.request(request.id).version == 1


def test_add_requires_a_title(workspace: Workspace):
    with pytest.raises(InvalidInput, match="title: must not be empty"):
        workspace.add({"customer": "Acme"})
    assert workspace.requests() == []


# Objectives and vision ---------------------------------------------------------------------


def test_objective_keys_default_to_the_next_free_number(workspace: Workspace):
    workspace.add_objective("First")
    workspace.add_objective("Named", key="O3")
    workspace.add_objective("Second")
    workspace.add_objective("Third")

    # Counting on from the number of objectives, skipping a key already taken.
    assert [o.key for o in workspace.objectives()] == ["O1", "O3", "O4", "O5"]


def test_objective_with_an_existing_key_is_refused(workspace: Workspace):
    workspace.add_objective("First", key="emea")

    with pytest.raises(InvalidInput, match="key: objective 'emea' already exists"):
        workspace.add_objective("Again", key="emea")


def test_objective_fields_are_validated(workspace: Workspace):
    with pytest.raises(InvalidInput, match="title: must not be empty"):
        workspace.add_objective("  ")
    with pytest.raises(InvalidInput, match="target: 2027-02-30 is not a real calendar date"):
        workspace.add_objective("Deals", target="2027-02-30")
    with pytest.raises(InvalidInput, match="must be 1–24 letters"):
        workspace.add_objective("Deals", key="has space")
    assert workspace.objectives() == []


def test_objective_target_relative_to_the_workspace_clock(workspace: Workspace):
    objective = workspace.add_objective("Deals", target="+12w")

    assert objective.target == NOW.date() + timedelta(weeks=12)


def test_editing_an_objective(workspace: Workspace):
    workspace.add_objective("Deals", key="O1", target="2027-03-31")

    edited = workspace.edit_objective(
        "O1", title="EMEA deals", description="No stalls", status=ObjectiveStatus.DROPPED
    )

    assert (edited.title, edited.description, edited.status, edited.target) == (
        "EMEA deals",
        "No stalls",
        ObjectiveStatus.DROPPED,
        date(2027, 3, 31),
    )
    assert workspace.objectives() == [edited]
    assert workspace.edit_objective("O1", clear_target=True).target is None
    with pytest.raises(NotFound, match="no objective 'O9'"):
        workspace.edit_objective("O9", title="x")


def test_linking_to_an_unknown_objective_is_refused(workspace: Workspace):
    request = workspace.add({"title": "SSO"})

    with pytest.raises(NotFound, match="no objective 'O9'; see 'secboard objective list'"):
        workspace.link(request.id, "O9")


def test_link_and_unlink(workspace: Workspace):
    request = workspace.add({"title": "SSO"})
    workspace.add_objective("Deals", key="O1")

    assert workspace.link(request.id, "O1").objective == "O1"
    assert workspace.request(request.id).objective == "O1"
    assert workspace.link(request.id, None).objective is None


def test_vision_is_trimmed_and_validated(workspace: Workspace):
    assert workspace.vision() == ""

    workspace.set_vision("  Security that sales can sell.\n")

    assert workspace.vision() == "Security that sales can sell."
    with pytest.raises(InvalidInput, match="vision: contains a NUL character"):
        workspace.set_vision("bad\x00")


# Read-only workspaces ---------------------------------------------------------------------


def test_a_read_only_workspace_refuses_every_change(workspace: Workspace):
    workspace.add({"title": "SSO"})
    viewer = Workspace.from_data(workspace.data(), read_only=True)
    try:
        for change in (
            lambda: viewer.add({"title": "x"}),
            lambda: viewer.edit(1, {"title": "x"}),
            lambda: viewer.move(1, Status.DISCOVERY),
            lambda: viewer.delete(1),
            lambda: viewer.add_objective("x"),
            lambda: viewer.set_vision("x"),
            lambda: viewer.load(workspace.data(), replace=True),
        ):
            with pytest.raises(ReadOnly):
                change()
        assert [r.title for r in viewer.requests()] == ["SSO"]
    finally:
        viewer.close()


def test_relative_due_dates_count_from_the_workspace_clock(workspace: Workspace, clock: FakeClock):
    clock.moment = NOW - timedelta(days=400)
    today = clock.moment.date()

    added = workspace.add({"title": "SSO", "due": "+3w"})
    edited = workspace.edit(added.id, {"due": "tomorrow"})

    assert added.due == today + timedelta(weeks=3)
    assert edited.due == today + timedelta(days=1)


def test_today_and_relative_dates_are_the_user_s_local_date(
    workspace: Workspace, clock: FakeClock, local_zone
):
    local_zone("JST-9")
    clock.moment = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)  # Dec 1, 05:00 in Tokyo

    added = workspace.add({"title": "SSO", "due": "today"})
    edited = workspace.edit(added.id, {"due": "+7d"})
    objective = workspace.add_objective("Pass SOC 2", target="tomorrow")

    assert workspace.today() == date(2026, 12, 1)
    assert added.due == date(2026, 12, 1)
    assert edited.due == date(2026, 12, 8)
    assert objective.target == date(2026, 12, 2)


def test_a_revisit_date_of_today_west_of_utc_is_the_local_today(
    workspace: Workspace, clock: FakeClock, local_zone
):
    local_zone("HST10")
    clock.moment = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # Nov 30, 19:00 in Honolulu
    request = workspace.add({"title": "SSO"})

    deferred = workspace.decide(request.id, Decision.DEFER, revisit="today")

    assert deferred.revisit == date(2026, 11, 30)
