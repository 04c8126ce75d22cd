"""Diff: what changed between two snapshots, for a stakeholder's weekly read."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

from secboard.domain.asks import Account, AccountKind, Ask, Channel, Importance
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
    history_note,
)
from secboard.snapshot import (
    Snapshot,
    SnapshotDiff,
    diff_json,
    diff_snapshots,
    diff_text,
    export_snapshot,
    parse_snapshot,
)
from tests.snapshot_samples import CREATED, EXPORTED, sample_data

LATER = EXPORTED + timedelta(days=7)

ACME = Account("Acme Corp", arr=120_000, owner="Dana Reyes")
INITECH = Account("Initech", AccountKind.PROSPECT, arr=40_000)
ACME_ASK = Ask(
    date(2026, 10, 1),
    "Acme Corp",
    "Dana Reyes (AE, EMEA)",
    Channel.EMAIL,
    Importance.CRITICAL,
    due=date(2027, 1, 15),
    quote="We need SAML before the renewal.",
    id=1,
)
INITECH_ASK = Ask(date(2026, 10, 20), "Initech", "Ola", Channel.CALL, Importance.NICE, id=2)


def asked(
    data: WorkspaceData, *asks: tuple[Ask, ...], accounts: tuple[Account, ...]
) -> WorkspaceData:
    """``data`` with these accounts, and each request given the asks in the same place."""
    records = tuple(
        RequestRecord(dataclasses.replace(record.request, asks=own), record.history)
        for record, own in zip(data.records, asks, strict=True)
    )
    return dataclasses.replace(data, records=records, accounts=accounts)


def last_week() -> WorkspaceData:
    """The sample workspace with its asks: #12 asked by Acme Corp, #13 by Initech."""
    return asked(sample_data(), (ACME_ASK,), (INITECH_ASK,), accounts=(ACME, INITECH))


def next_week() -> WorkspaceData:
    """The sample workspace a week on: #12 committed, re-decided and asked by Globex too,
    #13 gone, #14 new; Acme Corp's ARR up, Initech gone and Globex new."""
    data = last_week()
    record = data.records[0]
    checklist = list(record.request.checklist)
    checklist[1] = dataclasses.replace(checklist[1], answer=Answer.YES, note="Renewal blocked")
    moved = dataclasses.replace(
        record.request,
        title="SSO for the admin console (SAML only) — Acme Corp",
        status=Status.COMMITTED,
        decision=Decision.BUY,
        rationale="A vendor covers it.",
        checklist=tuple(checklist),
        asks=(
            ACME_ASK,
            Ask(
                date(2026, 12, 2),
                "Globex",
                channel=Channel.MEETING,
                importance=Importance.BLOCKER,
                quote="No SAML,\nno deal. [b]Really[/b] \x1b[2J",
                id=3,
            ),
        ),
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
        accounts=(dataclasses.replace(ACME, arr=150_000), Account("Globex", arr=80_000)),
        records=(
            RequestRecord(moved, history),
            RequestRecord(added, (StatusEvent(EXPORTED, Status.INTAKE),)),
        ),
    )


def weekly_diff() -> dict[str, Any]:
    """The JSON diff between the sample and :func:`next_week`."""
    return diff_json(
        diff_snapshots(Snapshot(last_week(), EXPORTED, False), Snapshot(next_week(), LATER, False))
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
        "merged": 0,
        "moved": 1,
        "decided": 1,
        "checklist": 1,
        "asks_added": 1,
        "asks_removed": 0,
        "asks_edited": 0,
        "edited": 1,
        "objectives_added": 1,
        "objectives_removed": 1,
        "objectives_changed": 1,
        "accounts_added": 1,
        "accounts_removed": 1,
        "accounts_changed": 1,
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
        "merged",
        "moved",
        "decided",
        "checklist",
        "asks",
        "edited",
        "objectives",
        "accounts",
        "vision",
        "template",
        "redaction_differs",
    ]


def test_diff_text_reads_as_a_weekly_report() -> None:
    text = diff_text(
        diff_snapshots(Snapshot(last_week(), EXPORTED, False), Snapshot(next_week(), LATER, False))
    )

    assert text.splitlines() == [
        "Changes from 2026-11-30 09:00 UTC to 2026-12-07 09:00 UTC",
        "1 added; 1 removed; 1 moved; 1 decided; 1 checklist updated; asks: 1 added; "
        "1 edited; objectives: 1 added, 1 removed, 1 changed; "
        "accounts: 1 added, 1 removed, 1 changed; vision changed",
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
        "Asks (1)",
        "  #12  SSO for the admin console (SAML only) — Acme Corp",
        "      added    Globex · blocker — “No SAML, no deal. [b]Really[/b] ␛[2J”",
        "",
        "Other changes (1)",
        "  #12  SSO for the admin console (SAML only) — Acme Corp: title edited "
        "(was “SSO for the admin console — Acme Corp”)",
        "",
        "Objectives",
        "  added    O3  FedRAMP Moderate readiness",
        "  removed  O2  Pass SOC 2",
        "  changed  O1  Unblock enterprise deals: status active → done",
        "",
        "Accounts",
        "  added    Globex (customer)  ARR 80,000",
        "  removed  Initech (prospect)  ARR 40,000",
        "  changed  Acme Corp: ARR 120,000 → 150,000",
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


def merged_week() -> WorkspaceData:
    """:func:`last_week` after ``merge 13 into 12``: #13's ask moved to #12, a note each."""
    data = last_week()
    target, source = data.records
    at = CREATED + timedelta(days=5)
    joined = RequestRecord(
        dataclasses.replace(target.request, asks=(ACME_ASK, INITECH_ASK)),
        (*target.history, history_note(at, target.request, "merged #13 into this")),
    )
    emptied = RequestRecord(
        dataclasses.replace(source.request, asks=(), merged_into=12),
        (*source.history, history_note(at, source.request, "merged into #12")),
    )
    return dataclasses.replace(data, records=(joined, emptied))


def diff_of(old: WorkspaceData, new: WorkspaceData) -> SnapshotDiff:
    """The diff of two undated snapshots of ``old`` and ``new``."""
    return diff_snapshots(Snapshot(old, None, False), Snapshot(new, None, False))


def test_a_merge_is_one_line_and_the_asks_it_moved_are_no_news() -> None:
    result = diff_of(last_week(), merged_week())

    assert diff_text(result).splitlines()[1:] == [
        "1 merged",
        "",
        "Merged (1)",
        "  #13  Pen-test letter: merged into #12 (1 ask moved)",
    ]
    assert diff_json(result)["merged"] == [
        {
            "id": 13,
            "title": "Pen-test letter",
            "status": "intake",
            "into": 12,
            "was_into": None,
            "asks": 1,
        }
    ]
    assert result.asks == ()
    assert result.moved == ()


def test_a_merge_taken_back_is_reported_as_such() -> None:
    result = diff_of(merged_week(), last_week())

    assert "  #13  Pen-test letter: merge into #12 taken back (1 ask back)" in (
        diff_text(result).splitlines()
    )
    assert diff_json(result)["merged"][0]["into"] is None
    assert result.asks == ()


def test_an_ask_added_alongside_a_merge_is_still_reported() -> None:
    merged = merged_week()
    target, source = merged.records
    newcomer = Ask(date(2026, 11, 2), None, "Platform team", Channel.CHAT, id=9)
    later = dataclasses.replace(
        merged,
        records=(
            RequestRecord(
                dataclasses.replace(target.request, asks=(*target.request.asks, newcomer)),
                target.history,
            ),
            source,
        ),
    )

    result = diff_of(last_week(), later)

    [asks] = result.asks
    assert (asks.request.id, asks.added, asks.removed) == (12, (newcomer,), ())
    assert "      added    Platform team (internal) · important" in diff_text(result).splitlines()


def test_asks_removed_and_edited_are_listed_under_their_request() -> None:
    data = last_week()
    record, other = data.records
    escalated = dataclasses.replace(
        ACME_ASK, importance=Importance.BLOCKER, due=date(2026, 12, 20), quote="Now or never."
    )
    quote = "We will not sign the questionnaire until the admin console supports SAML SSO."
    anonymous = Ask(date(2026, 11, 3), quote=quote, id=7)
    later = dataclasses.replace(
        data,
        records=(
            RequestRecord(dataclasses.replace(record.request, asks=(escalated,)), record.history),
            RequestRecord(dataclasses.replace(other.request, asks=(anonymous,)), other.history),
        ),
    )

    result = diff_of(data, later)

    assert diff_text(result).splitlines()[1:] == [
        "asks: 1 added, 1 removed, 1 edited",
        "",
        "Asks (2)",
        "  #12  SSO for the admin console — Acme Corp",
        "      edited   Acme Corp: importance critical → blocker; due 2027-01-15 → 2026-12-20; "
        "quote edited",
        "  #13  Pen-test letter",
        "      added    internal · important — “We will not sign the questionnaire until the "
        "admin console…”",
        "      removed  Initech · nice",
    ]
    [first, second] = diff_json(result)["asks"]
    assert first["edited"] == [
        {
            "id": 1,
            "account": "Acme Corp",
            "requester": "Dana Reyes (AE, EMEA)",
            "channel": "email",
            "asked_on": "2026-10-01",
            "importance": "blocker",
            "due": "2026-12-20",
            "reference": "",
            "quote": "Now or never.",
            "fields": {
                "importance": {"from": "critical", "to": "blocker"},
                "due": {"from": "2027-01-15", "to": "2026-12-20"},
                "quote": {"from": "We need SAML before the renewal.", "to": "Now or never."},
            },
        }
    ]
    assert [ask["quote"] for ask in second["added"]] == [quote]
    assert [ask["account"] for ask in second["removed"]] == ["Initech"]


def test_asks_a_file_gave_no_id_are_matched_by_what_they_say() -> None:
    numbered = last_week()
    unnumbered = asked(
        sample_data(),
        (dataclasses.replace(ACME_ASK, id=0),),
        (dataclasses.replace(INITECH_ASK, id=0),),
        accounts=(ACME, INITECH),
    )

    assert diff_of(unnumbered, numbered).is_empty
    assert diff_of(numbered, unnumbered).is_empty


def test_every_account_field_is_reported_but_a_name_spelled_anew_is_not() -> None:
    data = last_week()
    later = dataclasses.replace(
        data,
        accounts=(
            Account(
                " ACME corp",
                AccountKind.PARTNER,
                arr=None,
                tier="Enterprise",
                renewal=date(2027, 6, 30),
                owner="Lee Park",
                notes="Escalated by their CISO.",
            ),
            Account("initech", AccountKind.PROSPECT, arr=40_000),
        ),
    )

    result = diff_of(data, later)

    assert diff_text(result).splitlines()[1:] == [
        "accounts: 1 changed",
        "",
        "Accounts",
        "  changed   ACME corp: kind customer → partner; ARR 120,000 → –; tier – → Enterprise; "
        "renewal – → 2027-06-30; owner Dana Reyes → Lee Park; notes edited",
    ]
    assert diff_json(result)["accounts"]["changed"] == [
        {
            "name": " ACME corp",
            "fields": {
                "kind": {"from": "customer", "to": "partner"},
                "arr": {"from": 120000, "to": None},
                "tier": {"from": "", "to": "Enterprise"},
                "renewal": {"from": None, "to": "2027-06-30"},
                "owner": {"from": "Dana Reyes", "to": "Lee Park"},
                "notes": {"from": "", "to": "Escalated by their CISO."},
            },
        }
    ]


def test_names_and_quotes_in_asks_and_accounts_are_printed_as_data() -> None:
    hostile = "[red]Evil[/red] \x1b]8;;https://x\x07 Corp\u202e"
    data = last_week()
    record, other = data.records
    ask = dataclasses.replace(
        INITECH_ASK, account=hostile, quote="\x1b[2J[link=https://x]hi[/link]\x9b", id=5
    )
    later = dataclasses.replace(
        data,
        accounts=(*data.accounts, Account(hostile, arr=1, owner="\x1b[31m", notes="\x07")),
        records=(
            RequestRecord(
                dataclasses.replace(record.request, asks=(ACME_ASK, ask)), record.history
            ),
            other,
        ),
    )

    text = diff_text(diff_of(data, later))

    assert not any(code in text for code in ("\x1b", "\x07", "\x9b", "\u202e"))
    assert "      added    [red]Evil[/red] ␛]8;;https://x␇ Corp<U+202E> · nice — " in text
    assert "“␛[2J[link=https://x]hi[/link]�”" in text
    assert "  added    [red]Evil[/red] ␛]8;;https://x␇ Corp<U+202E> (customer)  ARR 1" in text


def test_the_diff_of_two_files_is_the_diff_of_the_workspaces_they_hold() -> None:
    def through_a_file(data: WorkspaceData, at: datetime) -> Snapshot:
        return parse_snapshot(export_snapshot(data, exported_at=at).encode())

    from_files = diff_snapshots(
        through_a_file(merged_week(), EXPORTED), through_a_file(next_week(), LATER)
    )

    assert diff_json(from_files) == diff_json(
        diff_snapshots(
            Snapshot(merged_week(), EXPORTED, False), Snapshot(next_week(), LATER, False)
        )
    )
    assert from_files.asks[0].added[0].id == 3
