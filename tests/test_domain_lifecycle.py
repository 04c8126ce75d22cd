"""The lifecycle rules: every move the board allows, and every move it refuses and why."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from secboard.demo import generate
from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.errors import InvalidInput, MoveRefused
from secboard.domain.lifecycle import gate_skips, next_status, plan_move, previous_status
from secboard.domain.model import (
    Answer,
    ChecklistItem,
    Decision,
    Status,
    TemplateItem,
)
from tests.builders import (
    CREATED,
    DEFAULT_KEYS,
    answered_checklist,
    event,
    make_request,
    open_checklist,
)

COMMIT_DECISIONS = (Decision.BUILD, Decision.BUY, Decision.POLICY)
CLOSE_DECISIONS = (Decision.DECLINE, Decision.DEFER)


def ready_to_commit(status: Status = Status.DISCOVERY, decision: Decision = Decision.BUILD):
    """A request with a commit decision and a complete checklist."""
    return make_request(status=status, decision=decision, checklist=answered_checklist())


def refusal(request, target: Status, **options: object) -> MoveRefused:
    with pytest.raises(MoveRefused) as caught:
        plan_move(request, target, DEFAULT_TEMPLATE, **options)
    return caught.value


# Entering discovery ------------------------------------------------------------------


def test_entering_discovery_creates_the_checklist_from_the_template_all_open():
    plan = plan_move(make_request(), Status.DISCOVERY, DEFAULT_TEMPLATE)

    assert plan.target is Status.DISCOVERY
    assert tuple(item.key for item in plan.checklist) == DEFAULT_KEYS
    assert {item.answer for item in plan.checklist} == {Answer.OPEN}
    assert plan.checklist[0].question == DEFAULT_TEMPLATE[0].question
    assert plan.forced is False


def test_entering_discovery_uses_a_custom_template_when_one_is_active():
    template = (TemplateItem("threat_model", "Is there a threat model?"),)

    plan = plan_move(make_request(), Status.DISCOVERY, template)

    assert plan.checklist == (ChecklistItem("threat_model", "Is there a threat model?"),)


def test_reentering_discovery_keeps_the_answers_already_given():
    checklist = answered_checklist(Answer.NO, leave_open=4)
    request = make_request(status=Status.INTAKE, checklist=checklist)

    plan = plan_move(request, Status.DISCOVERY, DEFAULT_TEMPLATE)

    assert plan.checklist == checklist


def test_moving_to_intake_or_closed_does_not_start_a_checklist():
    closable = make_request(decision=Decision.DECLINE, rationale="no evidence")

    assert plan_move(closable, Status.CLOSED, DEFAULT_TEMPLATE).checklist == ()
    back = make_request(status=Status.DISCOVERY)
    assert plan_move(back, Status.INTAKE, DEFAULT_TEMPLATE).checklist == ()


# Committing ------------------------------------------------------------------------------


@pytest.mark.parametrize("decision", COMMIT_DECISIONS)
@pytest.mark.parametrize("answer", [Answer.YES, Answer.NO, Answer.NA])
def test_commit_allowed_with_build_buy_or_policy_and_every_question_answered(decision, answer):
    request = make_request(
        status=Status.DISCOVERY, decision=decision, checklist=answered_checklist(answer)
    )

    plan = plan_move(request, Status.COMMITTED, DEFAULT_TEMPLATE)

    assert plan.target is Status.COMMITTED
    assert plan.forced is False
    assert plan.note == ""
    assert plan.checklist == request.checklist


def test_commit_refused_without_a_decision():
    request = make_request(status=Status.DISCOVERY, checklist=answered_checklist())

    refused = refusal(request, Status.COMMITTED)

    assert refused.problems == ("no decision yet; committing needs build, buy or policy",)
    assert refused.forceable is True
    assert str(refused) == (
        "no decision yet; committing needs build, buy or policy"
        " (use force with a reason to override)"
    )


@pytest.mark.parametrize("decision", CLOSE_DECISIONS)
def test_commit_refused_when_the_decision_was_to_decline_or_defer(decision):
    request = make_request(
        status=Status.DISCOVERY, decision=decision, checklist=answered_checklist()
    )

    refused = refusal(request, Status.COMMITTED)

    assert refused.problems == (
        f"decision is {decision.value}; committing needs build, buy or policy",
    )


def test_commit_refused_lists_open_checklist_questions():
    request = make_request(
        status=Status.DISCOVERY,
        decision=Decision.BUILD,
        checklist=answered_checklist(leave_open=3),
    )

    refused = refusal(request, Status.COMMITTED)

    assert refused.problems == (
        "3 checklist questions are open: buy_vs_build, success_metric, stakeholders_aligned",
    )
    assert str(refused) == (
        "3 checklist questions are open: buy_vs_build, success_metric, stakeholders_aligned"
        " (use force with a reason to override)"
    )


def test_commit_refused_names_a_single_open_question_in_the_singular():
    request = make_request(
        status=Status.DISCOVERY,
        decision=Decision.BUY,
        checklist=answered_checklist(leave_open=1),
    )

    assert refusal(request, Status.COMMITTED).problems == (
        "1 checklist question is open: stakeholders_aligned",
    )


def test_commit_refused_lists_every_missing_item_at_once():
    request = make_request(status=Status.DISCOVERY, checklist=open_checklist())

    refused = refusal(request, Status.COMMITTED)

    assert refused.problems == (
        "no decision yet; committing needs build, buy or policy",
        "9 checklist questions are open: " + ", ".join(DEFAULT_KEYS),
    )
    assert str(refused).startswith("no decision yet; committing needs build, buy or policy; 9 ")


def test_commit_straight_from_intake_says_discovery_has_not_started():
    request = make_request(decision=Decision.BUILD)

    assert refusal(request, Status.COMMITTED).problems == (
        "the discovery checklist has not been started (move it to discovery)",
    )


@pytest.mark.parametrize("target", [Status.COMMITTED, Status.IN_PROGRESS, Status.SHIPPED])
def test_skipping_ahead_from_intake_goes_through_the_commit_gate(target):
    refused = refusal(make_request(), target)

    assert "no decision yet; committing needs build, buy or policy" in refused.problems


# Forcing --------------------------------------------------------------------------------


def test_forced_commit_is_allowed_with_a_reason_and_recorded_as_forced():
    request = make_request(status=Status.DISCOVERY, checklist=open_checklist())

    plan = plan_move(
        request,
        Status.COMMITTED,
        DEFAULT_TEMPLATE,
        force=True,
        reason="  CEO escalation: renewal at risk  ",
    )

    assert plan.forced is True
    assert plan.note == "CEO escalation: renewal at risk"
    assert plan.checklist == request.checklist


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_force_needs_a_reason(reason):
    request = make_request(status=Status.DISCOVERY, checklist=open_checklist())

    with pytest.raises(InvalidInput) as caught:
        plan_move(request, Status.COMMITTED, DEFAULT_TEMPLATE, force=True, reason=reason)

    assert caught.value.field == "reason"
    assert str(caught.value) == "reason: a forced move needs a reason"


def test_forcing_when_nothing_is_missing_is_recorded_as_not_forced():
    plan = plan_move(
        ready_to_commit(), Status.COMMITTED, DEFAULT_TEMPLATE, force=True, reason="just in case"
    )

    assert plan.forced is False
    assert plan.note == "just in case"


def test_forced_commit_from_intake_starts_the_checklist():
    plan = plan_move(
        make_request(), Status.COMMITTED, DEFAULT_TEMPLATE, force=True, reason="audit date fixed"
    )

    assert plan.forced is True
    assert tuple(item.key for item in plan.checklist) == DEFAULT_KEYS


# Closing -----------------------------------------------------------------------------


@pytest.mark.parametrize("decision", CLOSE_DECISIONS)
@pytest.mark.parametrize(
    "origin", [Status.INTAKE, Status.DISCOVERY, Status.COMMITTED, Status.IN_PROGRESS]
)
def test_close_allowed_with_decline_or_defer_and_a_rationale(decision, origin):
    request = make_request(status=origin, decision=decision, rationale="one deal only")

    plan = plan_move(request, Status.CLOSED, DEFAULT_TEMPLATE)

    assert plan.target is Status.CLOSED
    assert plan.forced is False


def test_close_refused_without_a_decision_or_rationale_lists_both():
    refused = refusal(make_request(status=Status.DISCOVERY), Status.CLOSED)

    assert refused.problems == (
        "no decision yet; closing needs decline or defer",
        "closing needs a rationale for the decision",
    )
    assert refused.forceable is False
    assert "force" not in str(refused)


@pytest.mark.parametrize("decision", COMMIT_DECISIONS)
def test_close_refused_with_a_commit_decision(decision):
    request = make_request(status=Status.DISCOVERY, decision=decision, rationale="worth it")

    assert refusal(request, Status.CLOSED).problems == (
        f"decision is {decision.value}; closing needs decline or defer",
    )


@pytest.mark.parametrize("rationale", ["", "   \n"])
def test_close_refused_without_a_rationale(rationale):
    request = make_request(status=Status.DISCOVERY, decision=Decision.DECLINE, rationale=rationale)

    assert refusal(request, Status.CLOSED).problems == (
        "closing needs a rationale for the decision",
    )


def test_close_cannot_be_forced():
    request = make_request(status=Status.DISCOVERY, decision=Decision.BUILD)

    refused = refusal(request, Status.CLOSED, force=True, reason="please")

    assert refused.forceable is False
    assert refused.problems == (
        "decision is build; closing needs decline or defer",
        "closing needs a rationale for the decision",
    )


# Backwards, sideways and same-status moves --------------------------------------------------


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        (Status.DISCOVERY, Status.INTAKE),
        (Status.COMMITTED, Status.DISCOVERY),
        (Status.COMMITTED, Status.INTAKE),
        (Status.IN_PROGRESS, Status.COMMITTED),
        (Status.IN_PROGRESS, Status.DISCOVERY),
        (Status.SHIPPED, Status.IN_PROGRESS),
        (Status.SHIPPED, Status.COMMITTED),
        (Status.CLOSED, Status.DISCOVERY),
        (Status.CLOSED, Status.INTAKE),
    ],
)
def test_backwards_moves_are_always_allowed(origin, target):
    # No decision, open questions: nothing a forward move would need.
    request = make_request(status=origin, checklist=open_checklist())

    plan = plan_move(request, target, DEFAULT_TEMPLATE)

    assert plan.target is target
    assert plan.forced is False
    assert plan.checklist == request.checklist


def test_reopening_with_a_note_keeps_the_note():
    request = make_request(status=Status.CLOSED, decision=Decision.DEFER, rationale="later")

    plan = plan_move(request, Status.DISCOVERY, DEFAULT_TEMPLATE, reason=" came back ")

    assert plan.note == "came back"


@pytest.mark.parametrize("status", list(Status))
def test_moving_to_the_same_status_is_refused(status):
    request = make_request(status=status, decision=Decision.DEFER, rationale="r")

    refused = refusal(request, status)

    assert refused.problems == (f"#7 is already in {status.value}",)
    assert refused.forceable is False


def test_moving_to_the_same_status_is_refused_even_when_forced():
    request = make_request(status=Status.DISCOVERY)

    refused = refusal(request, Status.DISCOVERY, force=True, reason="x")

    assert refused.problems == ("#7 is already in discovery",)


def test_closed_to_committed_goes_through_the_commit_gate():
    request = make_request(
        status=Status.CLOSED,
        decision=Decision.DEFER,
        rationale="one deal",
        checklist=answered_checklist(leave_open=2),
    )

    refused = refusal(request, Status.COMMITTED)

    assert refused.problems == (
        "decision is defer; committing needs build, buy or policy",
        "2 checklist questions are open: success_metric, stakeholders_aligned",
    )
    assert refused.forceable is True


def test_closed_to_committed_is_allowed_once_the_gate_is_satisfied():
    request = ready_to_commit(status=Status.CLOSED)

    assert plan_move(request, Status.COMMITTED, DEFAULT_TEMPLATE).forced is False


def test_closed_to_in_progress_also_goes_through_the_commit_gate():
    request = make_request(status=Status.CLOSED, decision=Decision.DECLINE, rationale="no")

    assert refusal(request, Status.IN_PROGRESS).forceable is True


@pytest.mark.parametrize(
    ("origin", "target"),
    [
        (Status.SHIPPED, Status.IN_PROGRESS),
        (Status.COMMITTED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.SHIPPED),
        (Status.COMMITTED, Status.SHIPPED),
    ],
)
def test_moves_among_committed_statuses_skip_the_gate(origin, target):
    # A forced commit can leave questions open and no decision; later moves are not gated.
    request = make_request(status=origin, checklist=open_checklist())

    plan = plan_move(request, target, DEFAULT_TEMPLATE)

    assert plan.target is target
    assert plan.forced is False


# Next and previous columns ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.INTAKE, Status.DISCOVERY),
        (Status.DISCOVERY, Status.COMMITTED),
        (Status.COMMITTED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.SHIPPED),
        (Status.SHIPPED, None),
        (Status.CLOSED, None),
    ],
)
def test_next_status_follows_the_flow(status, expected):
    assert next_status(make_request(status=status)) is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.INTAKE, None),
        (Status.DISCOVERY, Status.INTAKE),
        (Status.COMMITTED, Status.DISCOVERY),
        (Status.IN_PROGRESS, Status.COMMITTED),
        (Status.SHIPPED, Status.IN_PROGRESS),
    ],
)
def test_previous_status_steps_back_along_the_flow(status, expected):
    assert previous_status(make_request(status=status), ()) is expected


@pytest.mark.parametrize("closed_from", [Status.INTAKE, Status.COMMITTED, Status.IN_PROGRESS])
def test_previous_status_of_a_closed_request_is_where_it_was_closed_from(closed_from):
    history = (
        event(Status.INTAKE),
        event(Status.DISCOVERY, Status.INTAKE, days=1),
        event(Status.CLOSED, closed_from, days=2),
    )

    assert previous_status(make_request(status=Status.CLOSED), history) is closed_from


def test_previous_status_of_a_request_closed_twice_uses_the_last_closing():
    history = (
        event(Status.INTAKE),
        event(Status.CLOSED, Status.INTAKE, days=1),
        event(Status.DISCOVERY, Status.CLOSED, days=2),
        event(Status.CLOSED, Status.DISCOVERY, days=3),
    )

    assert previous_status(make_request(status=Status.CLOSED), history) is Status.DISCOVERY


def test_previous_status_of_a_closed_request_without_history_is_discovery():
    assert previous_status(make_request(status=Status.CLOSED), ()) is Status.DISCOVERY


# Recorded histories that skip a gate ----------------------------------------------------


def test_a_history_from_intake_straight_to_shipped_unforced_skips_the_commit_gate():
    shipped = make_request(status=Status.SHIPPED, checklist=open_checklist())
    history = (event(Status.INTAKE), event(Status.SHIPPED, Status.INTAKE, days=1))

    (skip,) = gate_skips(shipped, history)

    assert skip.index == 1
    assert skip.event == history[1]
    assert "no decision yet; committing needs build, buy or policy" in skip.problems
    assert any("checklist has not been started" in problem for problem in skip.problems)


def test_a_forced_move_past_the_gate_is_no_skip():
    committed = make_request(status=Status.COMMITTED, checklist=open_checklist())
    forced = dataclasses.replace(
        event(Status.COMMITTED, Status.INTAKE, days=1), forced=True, note="CEO call"
    )

    assert gate_skips(committed, (event(Status.INTAKE), forced)) == []


def test_a_commit_without_any_decision_is_a_skip_even_after_discovery():
    committed = make_request(status=Status.COMMITTED, checklist=answered_checklist())
    history = (
        event(Status.INTAKE),
        event(Status.DISCOVERY, Status.INTAKE, days=1),
        event(Status.COMMITTED, Status.DISCOVERY, days=2),
    )

    (skip,) = gate_skips(committed, history)

    assert skip.index == 2
    assert skip.problems == ("no decision yet; committing needs build, buy or policy",)


def test_a_decision_or_answer_that_may_have_changed_since_the_commit_is_no_skip():
    # Committed with build and every answer given, then declined and closed: as it stands
    # now the commit would be refused, but it need not have been then.
    closed = make_request(
        status=Status.CLOSED,
        decision=Decision.DECLINE,
        rationale="Not worth it after all",
        checklist=answered_checklist(leave_open=2),
    )
    history = (
        event(Status.INTAKE),
        event(Status.DISCOVERY, Status.INTAKE, days=1),
        event(Status.COMMITTED, Status.DISCOVERY, days=2),
        event(Status.CLOSED, Status.COMMITTED, days=3),
    )

    assert gate_skips(closed, history) == []


def test_the_demo_workspace_skips_no_gate():
    data = generate(400, seed=7, now=CREATED + timedelta(days=365))

    assert [
        skip for record in data.records for skip in gate_skips(record.request, record.history)
    ] == []
