"""Diff: what changed between two snapshots, for a stakeholder's weekly read."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from secboard.domain.model import (
    Answer,
    ChecklistItem,
    Decision,
    Objective,
    ObjectiveStatus,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    WorkspaceData,
)
from secboard.snapshot import Snapshot, diff_json, diff_snapshots, diff_text
from tests.snapshot_samples import CREATED, EXPORTED, sample_data

LATER = EXPORTED + timedelta(days=7)


def next_week() -> WorkspaceData:
    """The sample workspace a week on: #12 committed and re-decided, #13 gone, #14 new."""
    data = sample_data()
    record = data.records[0]
    checklist = list(record.request.checklist)
    checklist[1] = dataclasses.replace(checklist[1], answer=Answer.YES, note="Renewal blocked")
    moved = dataclasses.replace(
        record.request,
        title="SSO for the admin console (SAML only) — Acme Corp",
        status=Status.COMMITTED,
        decision=Decision.BUY,
        rationale="A vendor covers it.",
        due=date(2027, 2, 1),
        arr=150_000,
        checklist=tuple(checklist),
        updated_at=EXPORTED,
    )
    history = (
        *record.history,
        StatusEvent(EXPORTED, Status.COMMITTED, Status.DISCOVERY, "CEO escalation", forced=True),
    )
    added = Request(
        id=14,
        title="[bold]Bug bounty[/bold] \x1b[31m",
        source=Source.INTERNAL,
        status=Status.INTAKE,
        created_at=EXPORTED,
        updated_at=EXPORTED,
    )
    return WorkspaceData(
        vision="Security that sales can sell, within a week.",
        template=data.template,
        objectives=(
            dataclasses.replace(data.objectives[0], status=ObjectiveStatus.DONE),
            Objective("O3", "FedRAMP Moderate readiness"),
        ),
        records=(
            RequestRecord(moved, history),
            RequestRecord(added, (StatusEvent(EXPORTED, Status.INTAKE),)),
        ),
        accounts=data.accounts,
    )


def weekly_diff() -> dict[str, Any]:
    """The JSON diff between the sample and :func:`next_week`."""
    return diff_json(
        diff_snapshots(
            Snapshot(sample_data(), EXPORTED, False), Snapshot(next_week(), LATER, False)
        )
    )


def test_diff_of_identical_snapshots_says_no_changes() -> None:
    same = Snapshot(sample_data(), EXPORTED, False)

    result = diff_snapshots(same, same)

    assert result.is_empty
    assert diff_text(result) == (
        "Changes from 2026-11-30 09:00 UTC to 2026-11-30 09:00 UTC\nNo changes."
    )


def test_diff_counts_every_kind_of_change() -> None:
    assert weekly_diff()["counts"] == {
        "added": 1,
        "removed": 1,
        "moved": 1,
        "decided": 1,
        "checklist": 1,
        "edited": 1,
        "objectives_added": 1,
        "objectives_removed": 1,
        "objectives_changed": 1,
    }


def test_diff_json_lists_requests_added_removed_and_moved() -> None:
    result = weekly_diff()

    assert result["added"] == [
        {"id": 14, "title": "[bold]Bug bounty[/bold] \x1b[31m", "status": "intake"}
    ]
    assert result["removed"] == [{"id": 13, "title": "Pen-test letter", "status": "intake"}]
    assert result["moved"] == [
        {
            "id": 12,
            "title": "SSO for the admin console (SAML only) — Acme Corp",
            "status": "committed",
            "from": "discovery",
            "to": "committed",
            "path": ["committed"],
        }
    ]


def test_diff_json_shows_decisions_answers_and_edits() -> None:
    result = weekly_diff()

    assert result["decided"][0]["fields"] == {
        "decision": {"from": "build", "to": "buy"},
        "rationale": {
            "from": "Two renewals name it; Acme Corp first.",
            "to": "A vendor covers it.",
        },
    }
    assert result["checklist"][0]["answers"] == [
        {"key": "revenue_tied", "from": "open", "to": "yes", "note": "Renewal blocked"}
    ]
    assert result["edited"][0]["fields"] == {
        "title": {
            "from": "SSO for the admin console — Acme Corp",
            "to": "SSO for the admin console (SAML only) — Acme Corp",
        },
        "arr": {"from": 120000, "to": 150000},
        "due": {"from": "2027-01-15", "to": "2027-02-01"},
    }


def test_diff_json_covers_objectives_vision_and_template() -> None:
    result = weekly_diff()

    assert result["objectives"] == {
        "added": [{"key": "O3", "title": "FedRAMP Moderate readiness", "status": "active"}],
        "removed": [{"key": "O2", "title": "Pass SOC 2", "status": "done"}],
        "changed": [
            {
                "key": "O1",
                "title": "Unblock enterprise deals",
                "fields": {"status": {"from": "active", "to": "done"}},
            }
        ],
    }
    assert result["vision"] == {
        "from": "Security that sales can sell.",
        "to": "Security that sales can sell, within a week.",
    }
    assert result["template"] is None
    assert list(result) == [
        "old_exported_at",
        "new_exported_at",
        "counts",
        "added",
        "removed",
        "moved",
        "decided",
        "checklist",
        "edited",
        "objectives",
        "vision",
        "template",
        "redaction_differs",
    ]


def test_diff_text_reads_as_a_weekly_report() -> None:
    text = diff_text(
        diff_snapshots(
            Snapshot(sample_data(), EXPORTED, False), Snapshot(next_week(), LATER, False)
        )
    )

    assert text.splitlines() == [
        "Changes from 2026-11-30 09:00 UTC to 2026-12-07 09:00 UTC",
        "1 added; 1 removed; 1 moved; 1 decided; 1 checklist updated; 1 edited; "
        "objectives: 1 added, 1 removed, 1 changed; vision changed",
        "",
        "Added (1)",
        "  #14  [bold]Bug bounty[/bold] ␛[31m  [intake]",
        "",
        "Removed (1)",
        "  #13  Pen-test letter  [was intake]",
        "",
        "Moved (1)",
        "  #12  SSO for the admin console (SAML only) — Acme Corp: discovery → committed",
        "",
        "Decided (1)",
        "  #12  SSO for the admin console (SAML only) — Acme Corp: build → buy — "
        "A vendor covers it.",
        "",
        "Checklist answers (1)",
        "  #12  SSO for the admin console (SAML only) — Acme Corp",
        "      revenue_tied: open → yes — Renewal blocked",
        "",
        "Other changes (1)",
        "  #12  SSO for the admin console (SAML only) — Acme Corp: title edited "
        "(was “SSO for the admin console — Acme Corp”); arr $120k → $150k; "
        "due 2027-01-15 → 2027-02-01",
        "",
        "Objectives",
        "  added    O3  FedRAMP Moderate readiness",
        "  removed  O2  Pass SOC 2",
        "  changed  O1  Unblock enterprise deals: status active → done",
        "",
        "Vision",
        "  was: Security that sales can sell.",
        "  now: Security that sales can sell, within a week.",
    ]


def test_diff_reports_a_question_added_to_a_checklist_and_a_note_edited() -> None:
    old = sample_data()
    record = old.records[0]
    items = (
        dataclasses.replace(record.request.checklist[0], note="Clause 7.3"),
        *record.request.checklist[1:],
        ChecklistItem("dpa_signed", "Is the DPA signed?"),
    )
    new = dataclasses.replace(
        old,
        records=(
            RequestRecord(dataclasses.replace(record.request, checklist=items), record.history),
            *old.records[1:],
        ),
    )

    result = diff_snapshots(Snapshot(old, None, False), Snapshot(new, None, False))

    assert [line.strip() for line in diff_text(result).splitlines()[-2:]] == [
        "need_confirmed: yes → yes — Clause 7.3",
        "dpa_signed: new question → open",
    ]
    assert diff_text(result).startswith(
        "Changes from an undated snapshot to an undated snapshot\n1 checklist updated"
    )


def test_diff_notes_when_only_one_snapshot_is_redacted() -> None:
    result = diff_snapshots(
        Snapshot(sample_data(), EXPORTED, False), Snapshot(sample_data(), EXPORTED, True)
    )

    assert "note: only one of the snapshots is redacted" in diff_text(result)
    assert diff_json(result)["redaction_differs"] is True


def test_diff_moves_are_ordered_by_board_column() -> None:
    old = sample_data()
    new_records = []
    for record, target in zip(old.records, (Status.CLOSED, Status.DISCOVERY), strict=True):
        request = dataclasses.replace(record.request, status=target)
        event = StatusEvent(CREATED + timedelta(days=3), target, record.history[-1].to_status)
        new_records.append(RequestRecord(request, (*record.history, event)))
    new = dataclasses.replace(old, records=tuple(new_records))

    moved = diff_json(diff_snapshots(Snapshot(old, None, False), Snapshot(new, None, False)))[
        "moved"
    ]

    assert [(m["id"], m["to"]) for m in moved] == [(13, "discovery"), (12, "closed")]


def test_diff_shows_every_step_of_a_move_including_a_return() -> None:
    old = sample_data()
    record = old.records[1]
    later = CREATED + timedelta(days=2)
    history = (
        *record.history,
        StatusEvent(later, Status.DISCOVERY, Status.INTAKE),
        StatusEvent(later, Status.INTAKE, Status.DISCOVERY, "Wrong column"),
    )
    new = dataclasses.replace(old, records=(old.records[0], RequestRecord(record.request, history)))

    result = diff_snapshots(Snapshot(old, None, False), Snapshot(new, None, False))

    assert "  #13  Pen-test letter: intake → discovery → intake" in diff_text(result).splitlines()
    assert diff_json(result)["moved"][0]["path"] == ["discovery", "intake"]


def test_a_checklist_just_started_is_not_listed_as_answer_changes() -> None:
    old = sample_data()
    record = old.records[0]
    started = dataclasses.replace(record.request, checklist=())
    before = dataclasses.replace(
        old, records=(RequestRecord(started, record.history), *old.records[1:])
    )
    opened = tuple(
        dataclasses.replace(item, answer=Answer.OPEN, note="") for item in record.request.checklist
    )
    after = dataclasses.replace(
        old,
        records=(
            RequestRecord(dataclasses.replace(record.request, checklist=opened), record.history),
            *old.records[1:],
        ),
    )

    result = diff_snapshots(Snapshot(before, None, False), Snapshot(after, None, False))

    assert result.checklist == ()


def test_a_new_owner_is_an_edit_but_who_changed_it_last_is_not() -> None:
    data = sample_data()
    record = data.records[0]
    handed_over = dataclasses.replace(record.request, owner="Lee Park", updated_by="Lee Park")
    later = dataclasses.replace(
        data, records=(RequestRecord(handed_over, record.history), data.records[1])
    )

    result = diff_snapshots(Snapshot(data, EXPORTED, False), Snapshot(later, LATER, False))

    [edit] = result.edited
    assert [(c.name, c.old, c.new) for c in edit.changes] == [("owner", "Sam Okafor", "Lee Park")]


def test_only_a_new_updated_by_is_no_change_to_report() -> None:
    data = sample_data()
    record = data.records[0]
    touched = dataclasses.replace(record.request, updated_by="Lee Park")
    later = dataclasses.replace(
        data, records=(RequestRecord(touched, record.history), data.records[1])
    )

    result = diff_snapshots(Snapshot(data, EXPORTED, False), Snapshot(later, LATER, False))

    assert result.edited == ()
