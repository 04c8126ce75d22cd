"""``list --format json`` streams its listing and stays the text ``json.dumps`` would write.

The listing is read page by page and written piece by piece with a layout of its own;
each test holds it to the reference it replaced: every request loaded with its checklist,
``json.dumps(indent=2, ensure_ascii=False)`` over the lot, then the unsafe-character pass.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secboard.cli.output import json_listing, request_json, summary_json, to_json
from secboard.domain.checklist import DEFAULT_TEMPLATE
from secboard.domain.model import (
    Answer,
    Decision,
    Horizon,
    Objective,
    Request,
    RequestRecord,
    RequestSummary,
    Source,
    Status,
    WorkspaceData,
)
from secboard.store import queries
from secboard.store.database import open_database
from secboard.workspace import Workspace
from tests.builders import CREATED, answered_checklist, make_request
from tests.cli_support import Cli

HOSTILE = (
    "\x1b[31mred\x1b[0m",
    "bidi \u202eevil\u202c",
    "zero\u200bwidth",
    "tag \U000e0041",
    "line\u2028separator",
    "del \x7f c1 \x85",
    'quote " back\\slash',
    "tab\tand\nnewline",
    "emoji 🔐 and 日本語",
    "soft\xadhyphen",
    "",
)

TEXT = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE))
LABELS = st.lists(TEXT, max_size=3).map(tuple)
MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
)
WEEKS = st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False), st.sampled_from([0.0, 2.5]))
OBJECTIVES = (Objective(key="O1", title="Objective \u202e one"),)


@st.composite
def requests(draw: st.DrawFn, request_id: int) -> Request:
    """A request with any text, any numbers the store keeps, and a part-answered checklist."""
    template = DEFAULT_TEMPLATE[: draw(st.integers(0, len(DEFAULT_TEMPLATE)))]
    checklist = tuple(
        dataclasses.replace(
            item,
            answer=draw(st.sampled_from(Answer)),
            note=draw(TEXT),
        )
        for item in answered_checklist()[: len(template)]
    )
    created = draw(MOMENTS)
    return make_request(
        id=request_id,
        title=draw(TEXT),
        description=draw(TEXT),
        source=draw(st.sampled_from(Source)),
        requester=draw(st.one_of(st.none(), TEXT)),
        customer=draw(st.one_of(st.none(), TEXT)),
        arr=draw(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
        due=draw(st.one_of(st.none(), st.dates())),
        frameworks=draw(LABELS),
        tags=draw(LABELS),
        estimate_weeks=draw(WEEKS),
        planned_weeks=draw(WEEKS),
        reach=draw(st.one_of(st.none(), st.integers(0, 10**9))),
        impact=draw(st.one_of(st.none(), st.sampled_from([0.25, 0.5, 1.0, 2.0, 3.0]))),
        confidence=draw(st.one_of(st.none(), st.integers(0, 100))),
        status=draw(st.sampled_from(Status)),
        decision=draw(st.one_of(st.none(), st.sampled_from(Decision))),
        rationale=draw(TEXT),
        revisit=draw(st.one_of(st.none(), st.dates())),
        horizon=draw(st.one_of(st.none(), st.sampled_from(Horizon))),
        objective=draw(st.sampled_from([None, "O1"])),
        owner=draw(st.one_of(st.none(), TEXT)),
        created_at=created,
        updated_at=created + timedelta(microseconds=draw(st.integers(0, 10**12))),
        updated_by=draw(st.one_of(st.none(), TEXT)),
        version=draw(st.integers(1, 2**31)),
        checklist=checklist,
    )


@st.composite
def workspaces(draw: st.DrawFn) -> WorkspaceData:
    """A workspace of up to a few dozen such requests."""
    count = draw(st.integers(0, 30))
    return WorkspaceData(
        vision="",
        template=DEFAULT_TEMPLATE,
        objectives=OBJECTIVES,
        records=tuple(RequestRecord(draw(requests(number + 1))) for number in range(count)),
    )


def reference(workspace: Workspace, **filters: Any) -> str:
    """The listing as it was written before it streamed: whole requests, one dumps."""
    return to_json([request_json(request) for request in workspace.requests(**filters)])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=workspaces(), batch=st.integers(1, 7))
def test_the_streamed_listing_is_the_reference_text_to_the_byte(data: WorkspaceData, batch: int):
    workspace = Workspace.from_data(data, read_only=True)
    try:
        streamed = "".join(json_listing(workspace.request_summaries(), batch=batch))
        assert streamed == reference(workspace)
    finally:
        workspace.close()


def test_a_summary_has_the_keys_of_a_request_in_the_same_order():
    request = make_request(checklist=answered_checklist(leave_open=4))
    summary = RequestSummary(
        **{name: getattr(request, name) for name in RequestSummary._fields if name != "score"},
        score=None,
    )

    assert list(summary_json(summary)) == list(request_json(request))
    assert to_json(summary_json(summary)) == to_json(request_json(request))


ODD_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.dates(),
    MOMENTS,
)
NESTED = st.recursive(
    ODD_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.lists(ODD_SCALARS, min_size=27, max_size=27),
            st.lists(NESTED, max_size=3),
            st.lists(ODD_SCALARS, max_size=3),
        ),
        max_size=6,
    ),
    batch=st.integers(1, 4),
)
def test_any_values_nested_ones_too_are_laid_out_as_json_dumps_lays_them_out(
    rows: list[tuple[list[Any], list[Any], list[Any]]], batch: int
):
    # Whatever a foreign file holds comes out as json.dumps would write it, lists and
    # tables inside the labels included.
    summaries = [
        RequestSummary(*scalars[:8], tuple(frameworks), tuple(tags), *scalars[8:])
        for scalars, frameworks, tags in rows
    ]

    streamed = "".join(json_listing(summaries, batch=batch))

    assert streamed == to_json([summary_json(summary) for summary in summaries])
    if summaries:
        json.loads(streamed)


def test_labels_that_are_equal_numbers_keep_their_own_spelling():
    base = RequestSummary(*([None] * 8), (), (), *([None] * 19))
    summaries = [base._replace(tags=(value,), frameworks=(value, "x")) for value in (1, True, 1.0)]

    streamed = "".join(json_listing(summaries))

    assert streamed == to_json([summary_json(summary) for summary in summaries])
    assert [row["tags"] for row in json.loads(streamed)] == [[1], [True], [1.0]]


def test_the_listing_is_written_before_the_requests_are_all_read():
    read: list[int] = []

    def summaries() -> Iterator[RequestSummary]:
        base = RequestSummary(*([None] * 8), (), (), *([None] * 19))
        for number in range(10):
            read.append(number)
            yield base._replace(id=number)

    pieces = json_listing(summaries(), batch=3)

    assert next(pieces).count('"id"') == 3
    assert len(read) == 3
    assert len(list(pieces)) == 4  # three more pieces of requests, then the closing


def test_an_empty_listing_is_an_empty_list():
    assert "".join(json_listing([])) == to_json([]) == "[]"


@pytest.fixture
def listed(database_url: str | Path) -> Cli:
    """A workspace of a dozen requests with hostile text, owners and revisit dates."""
    records = []
    for number in range(1, 13):
        request = make_request(
            id=number,
            title=f"{HOSTILE[number % len(HOSTILE)]} #{number}",
            source=list(Source)[number % len(Source)],
            status=list(Status)[number % len(Status)],
            decision=Decision.DEFER if number % 3 == 0 else None,
            revisit=date(2026, 11, number) if number % 3 == 0 else None,
            owner=["Ana", " ana ", None, "Bo"][number % 4],
            tags=("a\u202e", "b") if number % 2 else (),
            created_at=CREATED + timedelta(hours=number),
            updated_at=CREATED + timedelta(hours=number, microseconds=number % 2),
            checklist=answered_checklist(leave_open=number % 5) if number % 4 else (),
        )
        records.append(RequestRecord(request))
    workspace = Workspace.open(database_url)
    try:
        workspace.load(WorkspaceData(vision="", template=DEFAULT_TEMPLATE, records=tuple(records)))
    finally:
        workspace.close()
    return Cli(database_url)


def _owned_by_ana(row: dict[str, Any]) -> bool:
    return row["owner"] is not None and row["owner"].strip().casefold() == "ana"


def _due_for_revisit(row: dict[str, Any]) -> bool:
    return (
        row["decision"] == "defer"
        and row["revisit"] is not None
        and date.fromisoformat(row["revisit"]) <= date.today()
        and row["status"] != "shipped"
    )


FILTERS: dict[tuple[str, ...], Callable[[dict[str, Any]], bool]] = {
    (): lambda row: True,
    ("--status", "discovery"): lambda row: row["status"] == "discovery",
    ("--source", "sales"): lambda row: row["source"] == "sales",
    ("--status", "shipped", "--source", "incident"): lambda row: (
        (row["status"], row["source"]) == ("shipped", "incident")
    ),
    ("--owner", "ANA"): _owned_by_ana,
    ("--owner", "none"): lambda row: row["owner"] is None,
    ("--revisit",): _due_for_revisit,
}


@pytest.mark.parametrize("options", FILTERS)
def test_the_command_prints_the_reference_listing_under_every_filter(
    listed: Cli, options: tuple[str, ...]
):
    workspace = Workspace.open(listed.db)
    try:
        whole = reference(workspace)
    finally:
        workspace.close()
    wanted = [row for row in json.loads(whole) if FILTERS[options](row)]

    output = listed.ok("list", *options, "--format", "json").stdout

    assert output == to_json(wanted) + "\n"


def test_pages_follow_the_id_under_a_filter(database_url: str | Path, listed: Cli):
    database = open_database(database_url)
    try:
        with database.reading() as read:
            whole = list(queries.request_summaries(read, status=Status.INTAKE))
            whole_all = list(queries.request_summaries(read))
            paged = list(queries.request_summaries(read, status=Status.INTAKE, page=1))
            paged_all = list(queries.request_summaries(read, page=5))
    finally:
        database.close()

    assert [summary.id for summary in whole] == [6, 12]
    assert paged == whole
    assert paged_all == whole_all
    assert [summary.id for summary in whole_all] == list(range(1, 13))


def test_the_benchmark_floor_prints_what_the_command_prints(
    db_path: Path, capsys: pytest.CaptureFixture[str]
):
    # The floor stands for the same listing: merged requests left out, demand included.
    from benchmarks.list_floor import main as floor

    cli = Cli(db_path)
    cli.ok("add", f"SSO {HOSTILE[0]}", "--customer", "Acme", "--arr", "120k", "--tag", "x")
    cli.ok("add", "SAML single sign-on", "--customer", HOSTILE[1], "--no-similar")
    cli.ok(
        "ask", "2", "--account", "acme", "--channel", "call", "--importance", "blocker",
        "--quote", HOSTILE[4],
    )  # fmt: skip
    cli.ok("add", "Data residency", "--due", "2027-01-01", "--requester", "GRC")
    cli.ok("add", "Rotate keys")
    cli.ok("merge", "4", "into", "3")
    listed = cli.ok("list", "--format", "json").stdout

    floor(str(db_path))

    assert capsys.readouterr().out == listed
    assert [row["id"] for row in json.loads(listed)] == [1, 2, 3]


def test_merged_requests_are_listed_only_when_asked_for(database_url: str | Path, listed: Cli):
    listed.ok("merge", "5", "into", "6")
    workspace = Workspace.open(listed.db)
    try:
        whole = json.loads(reference(workspace))
    finally:
        workspace.close()

    default = json.loads(listed.ok("list", "--format", "json").stdout)
    merged = json.loads(listed.ok("list", "--merged", "--format", "json").stdout)

    assert merged == whole
    assert default == [row for row in whole if row["id"] != 5]
    assert merged[4]["merged_into"] == 6
