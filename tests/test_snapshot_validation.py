"""Import validation: every rule refuses with the exact place of the problem.

Places count rows from 0 in file order: ``requests[0] (#12)`` is the first request, id 12.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from secboard.domain.asks import Account, Ask
from secboard.snapshot import (
    SnapshotError,
    SnapshotFileInvalid,
    export_snapshot,
    load_snapshot,
    parse_snapshot,
)
from secboard.workspace import Workspace
from tests.snapshot_samples import (
    EXPORTED,
    before_asks,
    dump,
    older_document,
    sample_data,
    sample_document,
)

Document = dict[str, Any]
FULL = "requests[0] (#12)"
BARE = "requests[1] (#13)"


def problems_after(change: Callable[[Document], None]) -> tuple[str, ...]:
    """The problems import reports once ``change`` has spoiled the sample snapshot."""
    document = sample_document()
    change(document)
    with pytest.raises(SnapshotFileInvalid) as caught:
        parse_snapshot(dump(document), "s.toml")
    return caught.value.problems


def refusal(change: Callable[[Document], None]) -> str:
    """The single problem ``change`` causes."""
    problems = problems_after(change)
    assert len(problems) == 1, problems
    return problems[0]


def full(document: Document) -> Document:
    """The first request (#12, every field set)."""
    request: Document = document["requests"][0]
    return request


def history(document: Document) -> list[Document]:
    """The history rows of request #12 (intake, then discovery)."""
    rows: list[Document] = full(document)["history"]
    return rows


def test_sample_snapshot_is_valid() -> None:
    assert parse_snapshot(dump(sample_document())).data == sample_data()


# The file as a whole ----------------------------------------------------------------


def test_import_refuses_a_file_that_is_not_toml() -> None:
    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(b'format = "secboard-snapshot"\nversion = \n', "s.toml")

    assert str(caught.value) == "s.toml is not valid TOML: Invalid value (at line 2, column 11)"


def test_import_refuses_a_file_that_is_not_utf8() -> None:
    with pytest.raises(SnapshotError, match=r"s.toml is not UTF-8 text \(byte 0xff on line 2\)"):
        parse_snapshot(b"format = 1\n\xff\n", "s.toml")


def test_import_accepts_a_byte_order_mark() -> None:
    assert parse_snapshot(b"\xef\xbb\xbf" + dump(sample_document())).data == sample_data()


def test_import_refuses_another_kind_of_toml_file() -> None:
    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(b"[tool.ruff]\nline-length = 100\n", "pyproject.toml")

    assert str(caught.value) == (
        "pyproject.toml is not a secboard snapshot (it has no format key; "
        'expected format = "secboard-snapshot")'
    )


def test_import_refuses_a_snapshot_from_a_newer_secboard() -> None:
    document = sample_document()
    document["version"] = 4

    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(dump(document), "s.toml")

    assert "s.toml was written by a newer secboard (snapshot version 4" in str(caught.value)
    assert "upgrade secboard" in str(caught.value)


def test_import_refuses_a_version_that_is_not_a_number() -> None:
    document = sample_document()
    document["version"] = "1"

    with pytest.raises(SnapshotError, match="version must be a whole number from 1, not '1'"):
        parse_snapshot(dump(document), "s.toml")


def test_import_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match=r"nope.toml does not exist"):
        load_snapshot(tmp_path / "nope.toml")


def test_import_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="is a directory, not a snapshot file"):
        load_snapshot(tmp_path)


def test_import_refuses_unknown_top_level_key() -> None:
    assert refusal(lambda d: d.update(owner="me")) == "top level: unknown key 'owner'"


def test_import_refuses_exported_at_without_offset() -> None:
    message = refusal(lambda d: d.update(exported_at=datetime(2026, 11, 30, 9, 0)))

    assert message == "exported_at: needs a UTC offset, e.g. 2026-10-01T12:00:00Z"


def test_import_reports_every_problem_with_rows_counted_from_zero() -> None:
    def spoil(document: Document) -> None:
        document["accounts"][0]["arr"] = -5
        document["requests"][1]["title"] = "   "
        document["objectives"][1]["status"] = "paused"
        full(document)["asks"][1]["channel"] = "fax"

    with pytest.raises(SnapshotFileInvalid) as caught:
        parse_snapshot(dump(_spoiled(spoil)), "s.toml")

    assert str(caught.value).splitlines() == [
        "s.toml has 4 problems (rows counted from 0; nothing was changed):",
        "objectives[1].status: unknown value 'paused'; choose one of: active, done, dropped",
        "accounts[0].arr: must be ≥ 0",
        f"{FULL}.asks[1].channel: unknown value 'fax'; choose one of: email, call, meeting, "
        "ticket, questionnaire, chat, other",
        f"{BARE}.title: must not be empty",
    ]


def _spoiled(change: Callable[[Document], None]) -> Document:
    document = sample_document()
    change(document)
    return document


# Workspace and objectives --------------------------------------------------------------


def test_import_refuses_vision_that_is_not_text() -> None:
    message = refusal(lambda d: d["workspace"].update(vision=3))

    assert message == "workspace.vision: must be text in quotes, not an integer"


def test_import_refuses_duplicate_template_keys() -> None:
    def spoil(document: Document) -> None:
        document["workspace"]["checklist"][1]["key"] = "need_confirmed"

    # #12's rows leave their questions to the template, which now lacks 'revenue_tied'.
    assert problems_after(spoil) == (
        "workspace.checklist[1].key: duplicate key 'need_confirmed' "
        "(also in workspace.checklist[0])",
        f"{FULL}.checklist: 'revenue_tied' needs its question "
        "(the template in [workspace.checklist] has no such key)",
    )


def test_import_refuses_an_empty_template() -> None:
    def spoil(document: Document) -> None:
        document["workspace"]["checklist"] = []
        # #12's rows leave their questions to the template; without one they would be
        # reported too.
        del full(document)["checklist"]

    assert refusal(spoil) == "workspace.checklist: must have at least one question"


def test_import_uses_the_default_template_when_none_is_given() -> None:
    document = sample_document()
    del document["workspace"]

    data = parse_snapshot(dump(document)).data

    assert data.template == sample_data().template
    assert data.vision == ""


def test_import_refuses_duplicate_objective_keys() -> None:
    message = refusal(lambda d: d["objectives"][1].update(key="O1"))

    assert message == "objectives[1].key: duplicate key 'O1' (also in objectives[0])"


def test_import_refuses_an_objective_key_with_spaces() -> None:
    def spoil(document: Document) -> None:
        document["objectives"][1]["key"] = "two words"

    assert refusal(spoil) == (
        "objectives[1].key: 'two words' must be 1–24 letters, digits, '-', '_' or '.'"
    )


def test_import_refuses_objective_without_title() -> None:
    assert refusal(lambda d: d["objectives"][0].pop("title")) == "objectives[0].title: is required"


def test_import_refuses_objective_target_written_as_text() -> None:
    message = refusal(lambda d: d["objectives"][0].update(target="2027-03-31"))

    assert message == "objectives[0].target: must be a date like 2027-03-31 (no quotes), not text"


def test_import_refuses_unknown_objective_reference() -> None:
    message = refusal(lambda d: full(d).update(objective="O9"))

    assert message == f"{FULL}.objective: no objective 'O9' in [[objectives]]"


# Request fields ------------------------------------------------------------------------


def test_import_refuses_missing_required_request_field() -> None:
    assert refusal(lambda d: d["requests"][1].pop("status")) == f"{BARE}.status: is required"


def test_import_refuses_unknown_request_field_and_suggests_the_right_one() -> None:
    def spoil(document: Document) -> None:
        document["requests"][1]["titel"] = document["requests"][1].pop("title")

    assert problems_after(spoil) == (
        f"{BARE}: unknown key 'titel' (did you mean 'title'?)",
        f"{BARE}.title: is required",
    )


def _version_1(document: Document) -> None:
    """``document`` as secboard wrote it before asks, owners and signed changes."""
    document.clear()
    document.update(older_document(before_asks(), 1))


def test_import_still_reads_a_version_1_snapshot() -> None:
    document = sample_document()
    _version_1(document)

    data = parse_snapshot(dump(document)).data

    request = data.records[0].request
    assert (request.owner, request.updated_by) == (None, None)
    assert [event.actor for event in data.records[0].history] == [None, None]
    assert data.records[0].request.title == sample_data().records[0].request.title


ASKED = date(2026, 10, 1)
"""When the requests of :func:`before_asks` were created: the day their first ask is dated."""


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_snapshot_s_customers_become_first_asks_and_accounts(version: int) -> None:
    snapshot = parse_snapshot(dump(older_document(before_asks(), version)))

    assert snapshot.data.accounts == (Account("Acme Corp", arr=120_000),)
    assert [record.request.asks for record in snapshot.data.records] == [
        (Ask(ASKED, "Acme Corp", "Dana Reyes (AE, EMEA)", due=date(2027, 1, 15)),),
        (),
        (Ask(ASKED, "ACME corp", "Sam Lee", due=date(2026, 12, 20)),),
        (Ask(ASKED, None, "Platform team"),),
        (),
    ]
    assert snapshot.warnings == (
        "#16 had an ARR (50,000) but no customer: an ARR belongs to an account, so it was left out",
        "account 'Acme Corp' was given different ARRs (90,000, 120,000); it keeps 120,000",
    )


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_snapshot_imported_then_exported_as_version_3_reads_back_the_same(
    version: int,
) -> None:
    first = Workspace.from_data(
        parse_snapshot(dump(older_document(before_asks(), version))).data, read_only=True
    )
    try:
        stored = first.data()
    finally:
        first.close()
    exported = export_snapshot(stored, exported_at=EXPORTED)
    again = Workspace.from_data(parse_snapshot(exported.encode()).data, read_only=True)
    try:
        reread = again.data()
    finally:
        again.close()

    assert reread == stored
    assert export_snapshot(reread, exported_at=EXPORTED) == exported
    derived = {
        record.request.id: (
            record.request.customer,
            record.request.requester,
            record.request.arr,
            record.request.due,
        )
        for record in stored.records
    }
    # #14 is Acme Corp's too: its ARR at stake is the account's, the largest given.
    assert derived == {
        12: ("Acme Corp", "Dana Reyes (AE, EMEA)", 120_000, date(2027, 1, 15)),
        13: (None, None, None, None),
        14: ("Acme Corp", "Sam Lee", 120_000, date(2026, 12, 20)),
        15: (None, "Platform team", None, None),
        16: (None, None, None, None),
    }
    assert "customer =" not in exported
    assert "\narr =" not in exported.split("[[requests]]", 1)[1]


def test_import_refuses_owner_and_signatures_in_a_version_1_snapshot() -> None:
    def spoil(document: Document) -> None:
        _version_1(document)
        full(document)["owner"] = "Sam Okafor"
        history(document)[1]["by"] = "Sam Okafor"

    assert problems_after(spoil) == (
        f"{FULL}: unknown key 'owner'",
        f"{FULL}.history[1]: unknown key 'by'",
    )


@pytest.mark.parametrize("key", ["owner", "updated_by"])
def test_import_refuses_a_bad_owner_or_updated_by(key: str) -> None:
    too_long = refusal(lambda d: full(d).update({key: "x" * 201}))
    assert too_long == f"{FULL}.{key}: is 201 characters long; at most 200"
    assert refusal(lambda d: full(d).update({key: 7})) == (
        f"{FULL}.{key}: must be text in quotes, not an integer"
    )


def test_import_refuses_a_history_actor_that_is_not_text() -> None:
    message = refusal(lambda d: history(d)[1].update(by=True))

    assert message == f"{FULL}.history[1].by: must be text in quotes, not a boolean"


# Accounts, asks and merges -----------------------------------------------------------------


def test_import_refuses_an_ask_naming_an_account_the_file_does_not_have() -> None:
    message = refusal(lambda d: full(d)["asks"][0].update(account="Globex"))

    assert message == f"{FULL}.asks[0].account: no account 'Globex' in [[accounts]]"


def test_an_ask_names_its_account_without_regard_to_case() -> None:
    document = sample_document()
    full(document)["asks"][0]["account"] = "ACME corp"

    assert parse_snapshot(dump(document)).data.records[0].request.asks[0].account == "ACME corp"


def test_import_refuses_an_account_named_twice() -> None:
    message = refusal(lambda d: d["accounts"].append({"name": " ACME corp"}))

    assert message == (
        "accounts[1].name: 'ACME corp' is already an account (accounts[0]); "
        "names are compared without case"
    )


def test_import_refuses_a_duplicate_ask_id() -> None:
    message = refusal(lambda d: d["requests"][1].update(asks=[{"id": 1, "asked_on": ASKED}]))

    assert message == f"{BARE}.asks[0].id: duplicate ask id 1 (also in {FULL}.asks[0])"


def test_import_refuses_an_ask_without_its_date() -> None:
    message = refusal(lambda d: full(d)["asks"][1].pop("asked_on"))

    assert message == f"{FULL}.asks[1].asked_on: is required"


def test_import_keeps_a_merge() -> None:
    document = sample_document()
    document["requests"][1]["merged_into"] = 12

    assert parse_snapshot(dump(document)).data.records[1].request.merged_into == 12


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (99, "no request #99 in the file"),
        (13, "a request cannot be merged into itself"),
    ],
)
def test_import_refuses_a_merge_into_no_request_or_into_itself(target: int, problem: str) -> None:
    assert refusal(lambda d: d["requests"][1].update(merged_into=target)) == (
        f"{BARE}.merged_into: {problem}"
    )


def test_import_refuses_a_merge_into_a_merged_request() -> None:
    def spoil(document: Document) -> None:
        third = {**document["requests"][1], "id": 14, "merged_into": 13}
        document["requests"][1]["merged_into"] = 12
        document["requests"].append(third)

    assert refusal(spoil) == "requests[2] (#14).merged_into: #13 was merged itself (into #12)"


def test_import_refuses_duplicate_request_ids() -> None:
    message = refusal(lambda d: d["requests"][1].update(id=12))

    assert message == "requests[1] (#12).id: duplicate id 12 (also in requests[0])"


def test_import_refuses_request_id_zero() -> None:
    message = refusal(lambda d: d["requests"][1].update(id=0))

    assert message == "requests[1] (#0).id: must be from 1 to 9,007,199,254,740,991"


def test_import_names_the_row_only_when_the_id_is_unusable() -> None:
    message = refusal(lambda d: d["requests"][1].update(id="13"))

    assert message == "requests[1].id: must be a whole number, not text"


def test_import_refuses_negative_arr() -> None:
    assert refusal(lambda d: d["accounts"][0].update(arr=-1)) == "accounts[0].arr: must be ≥ 0"


def test_import_refuses_arr_written_as_text() -> None:
    message = refusal(lambda d: d["accounts"][0].update(arr="120k"))

    assert message == "accounts[0].arr: must be a whole number, not text"


def test_import_refuses_a_negative_arr_on_a_request_of_a_version_2_snapshot() -> None:
    def spoil(document: Document) -> None:
        document.clear()
        document.update(older_document(before_asks(), 2))
        full(document)["arr"] = -1

    assert refusal(spoil) == f"{FULL}.arr: must be ≥ 0"


@pytest.mark.parametrize("key", ["customer", "arr", "requester", "due"])
def test_a_version_3_request_has_no_customer_arr_requester_or_due(key: str) -> None:
    value = {"arr": 5, "due": date(2027, 1, 1)}.get(key, "Acme Corp")

    assert refusal(lambda d: full(d).update({key: value})) == f"{FULL}: unknown key {key!r}"


def test_import_refuses_a_boolean_where_a_number_belongs() -> None:
    message = refusal(lambda d: full(d).update(reach=True))

    assert message == f"{FULL}.reach: must be a whole number, not a boolean"


def test_import_refuses_unknown_source() -> None:
    message = refusal(lambda d: full(d).update(source="partner"))

    assert message == (
        f"{FULL}.source: unknown value 'partner'; "
        "choose one of: customer, sales, compliance, internal, incident"
    )


def test_import_refuses_unknown_decision() -> None:
    message = refusal(lambda d: full(d).update(decision="maybe"))

    assert message.startswith(f"{FULL}.decision: unknown value 'maybe'; choose one of: build")


def test_import_refuses_impact_off_the_scale() -> None:
    message = refusal(lambda d: full(d).update(impact=1.5))

    assert message == f"{FULL}.impact: must be one of 0.25, 0.5, 1, 2, 3"


def test_import_refuses_confidence_above_100() -> None:
    message = refusal(lambda d: full(d).update(confidence=101))

    assert message == f"{FULL}.confidence: must be a whole percentage from 0 to 100"


def test_import_refuses_negative_weeks() -> None:
    message = refusal(lambda d: full(d).update(planned_weeks=-0.5))

    assert message == f"{FULL}.planned_weeks: must be ≥ 0"


def test_import_refuses_infinite_weeks() -> None:
    message = refusal(lambda d: full(d).update(estimate_weeks=float("inf")))

    assert message == f"{FULL}.estimate_weeks: must be a finite number"


def test_import_accepts_whole_weeks_written_as_integers() -> None:
    document = sample_document()
    full(document)["estimate_weeks"] = 3

    data = parse_snapshot(dump(document)).data

    assert data.records[0].request.estimate_weeks == 3.0
    assert isinstance(data.records[0].request.estimate_weeks, float)


def test_import_refuses_title_longer_than_200_characters() -> None:
    message = refusal(lambda d: full(d).update(title="x" * 201))

    assert message == f"{FULL}.title: is 201 characters long; at most 200"


def test_import_refuses_a_nul_character_in_text() -> None:
    message = refusal(lambda d: full(d).update(description="a\x00b"))

    assert message == f"{FULL}.description: contains a NUL character"


def test_import_refuses_tags_that_are_not_a_list() -> None:
    message = refusal(lambda d: full(d).update(tags="identity"))

    assert message == f'{FULL}.tags: must be an array of texts, e.g. ["SOC 2 CC6.1"], not text'


def test_import_refuses_a_multi_line_tag() -> None:
    message = refusal(lambda d: full(d).update(tags=["one\ntwo"]))

    assert message == f"{FULL}.tags: 'one\\ntwo' must be on one line"


def test_import_refuses_due_date_written_as_text() -> None:
    message = refusal(lambda d: full(d)["asks"][0].update(due="2027-01-15"))

    assert message == (f"{FULL}.asks[0].due: must be a date like 2027-03-31 (no quotes), not text")


def test_import_refuses_revisit_given_as_a_date_time() -> None:
    message = refusal(lambda d: full(d).update(revisit=datetime(2027, 1, 1, tzinfo=UTC)))

    assert message == (
        f"{FULL}.revisit: must be a date like 2027-03-31 (no quotes), not a date-time"
    )


def test_import_refuses_a_local_date_time() -> None:
    message = refusal(lambda d: full(d).update(created_at=datetime(2026, 10, 1, 12, 0)))

    assert message == f"{FULL}.created_at: needs a UTC offset, e.g. 2026-10-01T12:00:00Z"


def test_import_converts_other_offsets_to_utc() -> None:
    document = sample_document()
    paris = timezone(timedelta(hours=2))
    document["requests"][1]["updated_at"] = datetime(2026, 10, 1, 16, 0, tzinfo=paris)

    updated = parse_snapshot(dump(document)).data.records[1].request.updated_at

    assert updated == datetime(2026, 10, 1, 14, 0, tzinfo=UTC)
    assert updated.tzinfo is UTC


# Checklists ----------------------------------------------------------------------------


def test_import_refuses_duplicate_checklist_keys() -> None:
    message = refusal(lambda d: full(d)["checklist"][1].update(key="need_confirmed"))

    assert message == (
        f"{FULL}.checklist[1].key: duplicate key 'need_confirmed' (also in {FULL}.checklist[0])"
    )


def test_import_refuses_unknown_checklist_answer() -> None:
    message = refusal(lambda d: full(d)["checklist"][2].update(answer="perhaps"))

    assert message == (
        f"{FULL}.checklist[2].answer: unknown value 'perhaps'; choose one of: open, yes, no, na"
    )


def test_import_refuses_a_checklist_key_that_is_not_snake_case() -> None:
    message = refusal(lambda d: full(d)["checklist"][0].update(key="Need Confirmed"))

    assert message == (
        f"{FULL}.checklist[0].key: 'Need Confirmed' must be lower_snake_case, 1–40 characters"
    )


def test_import_refuses_a_checklist_that_is_not_an_array_of_tables() -> None:
    message = refusal(lambda d: full(d).update(checklist="all done"))

    assert message == f"{FULL}.checklist: must be [[requests.checklist]] tables, not text"


def test_import_accepts_a_checklist_row_without_note() -> None:
    document = sample_document()
    checklist = full(document)["checklist"]
    with_note = next(index for index, row in enumerate(checklist) if row.get("note"))
    del checklist[with_note]["note"]

    items = parse_snapshot(dump(document)).data.records[0].request.checklist
    assert items[with_note].note == ""


# History -------------------------------------------------------------------------------


def test_import_refuses_a_request_without_history() -> None:
    message = refusal(lambda d: d["requests"][1].pop("history"))

    assert message == f"{BARE}.history: is required; its first row records the creation"


def test_import_refuses_a_from_on_the_first_history_row() -> None:
    message = refusal(lambda d: history(d)[0].update({"from": "intake"}))

    assert message == f"{FULL}.history[0].from: the first row records the creation and has no from"


def test_import_refuses_a_later_history_row_without_from() -> None:
    message = refusal(lambda d: history(d)[1].pop("from"))

    assert message == f"{FULL}.history[1].from: is required after the first row"


def test_import_refuses_history_that_leaves_a_status_it_was_not_in() -> None:
    message = refusal(lambda d: history(d)[1].update({"from": "committed"}))

    assert message == (
        f"{FULL}.history[1].from: is 'committed' but the row before went to 'intake'"
    )


def test_import_refuses_history_that_goes_back_in_time() -> None:
    message = refusal(lambda d: history(d)[1].update(at=datetime(2026, 9, 30, tzinfo=UTC)))

    assert message == (
        f"{FULL}.history[1].at: is earlier than the row before (2026-10-01T12:00:00Z)"
    )


def test_import_refuses_history_that_ends_elsewhere_than_the_status() -> None:
    message = refusal(lambda d: full(d).update(status="committed"))

    assert message == f"{FULL}.status: is 'committed' but the history ends in 'discovery'"


def test_import_refuses_a_forced_move_without_reason() -> None:
    message = refusal(lambda d: history(d)[1].update(forced=True))

    assert message == f"{FULL}.history[1].note: a forced move needs its reason here"


def test_import_refuses_unknown_history_key() -> None:
    message = refusal(lambda d: history(d)[1].update(who="dana"))

    assert message == f"{FULL}.history[1]: unknown key 'who'"


def test_import_accepts_equal_history_times() -> None:
    document = sample_document()
    history(document)[1]["at"] = history(document)[0]["at"]

    events = parse_snapshot(dump(document)).data.records[0].history

    assert events[0].at == events[1].at


def test_import_keeps_dates_as_dates() -> None:
    data = parse_snapshot(dump(sample_document())).data

    assert data.records[0].request.asks[0].due == date(2027, 1, 15)
    assert data.accounts[0].renewal == date(2027, 2, 1)


def test_import_refuses_a_request_updated_before_it_was_created() -> None:
    def spoil(document: Document) -> None:
        full(document)["updated_at"] = full(document)["created_at"] - timedelta(seconds=1)

    assert refusal(spoil) == f"{FULL}.updated_at: is before created_at"


def test_import_refuses_a_title_with_no_visible_character() -> None:
    message = refusal(lambda d: full(d).update(title="\u200b\u202e"))

    assert message == f"{FULL}.title: has no visible characters (only control or invisible ones)"
