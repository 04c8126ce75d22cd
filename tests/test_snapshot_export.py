"""Export: the exact layout of a snapshot file, and writing it safely."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from secboard.domain.model import RequestRecord, StatusEvent, WorkspaceData
from secboard.snapshot import SnapshotError, export_snapshot, write_snapshot
from secboard.snapshot.checks import REQUEST_CHECKS
from secboard.snapshot.layout import (
    ACCOUNT_KEYS,
    ASK_KEYS,
    DERIVED_REQUEST_KEYS,
    REQUEST_KEYS,
    REQUEST_TABLES,
)
from tests.snapshot_samples import EXPORTED, bare_request, full_request, sample_data

BARE_REQUEST_TOML = """\
[[requests]]
id = 13
title = "Pen-test letter"
source = "sales"
status = "intake"
created_at = 2026-10-01T12:00:00Z
updated_at = 2026-10-01T12:00:00Z

[[requests.history]]
at = 2026-10-01T12:00:00Z
to = "intake"
"""


def test_export_starts_with_the_header_then_the_workspace_table() -> None:
    text = export_snapshot(sample_data(), exported_at=EXPORTED)

    assert text.startswith(
        'format = "secboard-snapshot"\n'
        "version = 3\n"
        "exported_at = 2026-11-30T09:00:00Z\n"
        "redacted = false\n"
        "\n"
        "[workspace]\n"
        'vision = "Security that sales can sell."\n'
        "\n"
        "[[workspace.checklist]]\n"
        'key = "need_confirmed"\n'
    )


def test_export_omits_absent_optional_request_fields() -> None:
    text = export_snapshot(sample_data(), exported_at=EXPORTED)

    assert text.endswith(BARE_REQUEST_TOML)


def test_export_writes_every_set_request_field_in_specification_order() -> None:
    document = tomllib.loads(export_snapshot(sample_data(), exported_at=EXPORTED))

    written = [key for key in document["requests"][0] if key not in REQUEST_TABLES]

    # #12 is not deferred nor merged; its customer, ARR, requester and due date are its
    # asks' and are not written.
    assert written == [key for key in REQUEST_KEYS if key not in {"revisit", "merged_into"}]
    assert tuple(REQUEST_CHECKS) == REQUEST_KEYS
    assert "version" not in document["requests"][0]
    assert DERIVED_REQUEST_KEYS.isdisjoint(document["requests"][0])


def test_export_writes_accounts_then_each_request_s_asks_in_layout_order() -> None:
    document = tomllib.loads(export_snapshot(sample_data(), exported_at=EXPORTED))

    assert document["accounts"] == [
        {
            "name": "Acme Corp",
            "kind": "customer",
            "arr": 120_000,
            "tier": "Enterprise",
            "renewal": date(2027, 2, 1),
            "owner": "Lee Okonkwo (AE)",
            "notes": "Renewal at risk without SSO.",
        }
    ]
    assert list(document["accounts"][0]) == list(ACCOUNT_KEYS)
    blocker, internal = document["requests"][0]["asks"]
    assert list(blocker) == list(ASK_KEYS)
    assert internal == {
        "id": 2,
        "requester": "IT helpdesk",
        "channel": "chat",
        "asked_on": date(2026, 9, 30),
        "importance": "nice",
    }
    assert "asks" not in document["requests"][1]


def test_export_writes_merged_into_after_the_other_request_keys() -> None:
    data = sample_data()
    bare = bare_request()
    merged = dataclasses.replace(bare.request, merged_into=12)
    data = dataclasses.replace(data, records=(data.records[0], RequestRecord(merged, bare.history)))

    document = tomllib.loads(export_snapshot(data, exported_at=EXPORTED))

    assert list(document["requests"][1])[-2:] == ["merged_into", "history"]
    assert document["requests"][1]["merged_into"] == 12


def test_export_objectives_leave_out_empty_description_and_target() -> None:
    document = tomllib.loads(export_snapshot(sample_data(), exported_at=EXPORTED))

    assert document["objectives"] == [
        {
            "key": "O1",
            "title": "Unblock enterprise deals",
            "target": date(2027, 3, 31),
            "status": "active",
        },
        {"key": "O2", "title": "Pass SOC 2", "description": "No exceptions.", "status": "done"},
    ]


def test_export_checklist_rows_carry_key_question_answer_and_note() -> None:
    document = tomllib.loads(export_snapshot(sample_data(), exported_at=EXPORTED))

    first = document["requests"][0]["checklist"][0]

    # The question is the template's, which [workspace.checklist] already holds.
    assert list(first) == ["key", "answer", "note"]
    assert (first["answer"], first["note"]) == ("yes", "Contract clause 7.2")


def test_export_checklist_rows_write_a_question_that_differs_from_the_template() -> None:
    data = sample_data()
    record = data.records[0]
    first = dataclasses.replace(record.request.checklist[0], question="Who confirmed it?")
    request = dataclasses.replace(record.request, checklist=(first,))
    data = dataclasses.replace(data, records=(RequestRecord(request, record.history),))

    document = tomllib.loads(export_snapshot(data, exported_at=EXPORTED))

    row = document["requests"][0]["checklist"][0]
    assert list(row) == ["key", "question", "answer", "note"]
    assert row["question"] == "Who confirmed it?"


def test_export_history_first_row_has_no_from_and_later_rows_leave_out_what_is_absent() -> None:
    document = tomllib.loads(export_snapshot(sample_data(), exported_at=EXPORTED))

    first, second = document["requests"][0]["history"]

    # An empty note and a move that was not forced are absent values: left out.
    assert list(first) == ["at", "to", "by"]
    assert list(second) == ["at", "from", "to", "by"]
    assert (first["by"], second["by"]) == ("Priya Nair", "Sam Okafor")


def test_export_history_first_row_keeps_a_note_or_force() -> None:
    record = bare_request()
    created = StatusEvent(record.history[0].at, record.history[0].to_status, note="Imported")
    data = WorkspaceData(
        "", sample_data().template, (), (type(record)(record.request, (created,)),)
    )

    document = tomllib.loads(export_snapshot(data, exported_at=EXPORTED))

    assert document["requests"][0]["history"] == [
        {"at": created.at, "to": "intake", "note": "Imported"}
    ]


def test_export_datetimes_are_utc_with_z_and_dates_are_local_dates() -> None:
    text = export_snapshot(sample_data(), exported_at=EXPORTED)

    assert "updated_at = 2026-10-03T09:30:00Z\n" in text
    assert "due = 2027-01-15\n" in text
    assert "+00:00" not in text


def test_export_order_is_stable_for_clean_git_diffs() -> None:
    data = sample_data()
    reordered = WorkspaceData(
        data.vision, data.template, data.objectives, data.records, accounts=data.accounts
    )

    assert export_snapshot(data, exported_at=EXPORTED) == export_snapshot(
        reordered, exported_at=EXPORTED
    )


def test_export_keeps_hostile_text_inside_quoted_strings() -> None:
    record = full_request()
    hostile = 'x"\n[[requests]]\nid = 99\n\x1b[31m[bold]'
    data = WorkspaceData(hostile, sample_data().template, sample_data().objectives, (record,))

    document = tomllib.loads(export_snapshot(data, exported_at=EXPORTED))

    assert document["workspace"]["vision"] == hostile
    assert len(document["requests"]) == 1


def test_write_snapshot_creates_a_file_only_the_owner_can_read(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"

    write_snapshot(target, "format = 1\n")

    assert target.read_text("utf-8") == "format = 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_write_snapshot_replaces_an_existing_file_and_tightens_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old")
    target.chmod(0o644)

    write_snapshot(target, "new")

    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.toml"]


def test_write_snapshot_failure_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)

    with pytest.raises(SnapshotError, match=r"cannot write .*out.toml: no space left on device"):
        write_snapshot(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.toml"]


def test_write_snapshot_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match=r"folder .*missing does not exist"):
        write_snapshot(tmp_path / "missing" / "out.toml", "x")


def test_write_snapshot_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="is a directory"):
        write_snapshot(tmp_path, "x")


def test_snapshot_package_imports_no_ui_or_database_code() -> None:
    code = "import sys, secboard.snapshot; print('\\n'.join(sorted(sys.modules)))"
    modules = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()

    forbidden = ("textual", "sqlmodel", "sqlalchemy", "secboard.store", "secboard.workspace")
    assert [m for m in modules if m.startswith(forbidden)] == []
