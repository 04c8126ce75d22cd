"""The linear flow computations agree with a slow, obvious day-by-day recount."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from secboard.domain.flow import FlowCard, FlowTracer, Move, trace
from secboard.domain.metrics import compute_metrics
from secboard.domain.model import FINISHED_STATUSES, Source, Status

AS_OF = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
FIRST_DAY = date(2026, 9, 7)

History = list[Move]

histories = st.lists(
    st.tuples(
        st.integers(min_value=-120 * 24 * 60, max_value=3 * 24 * 60),
        st.lists(
            st.tuples(st.integers(min_value=0, max_value=6 * 24 * 60), st.sampled_from(Status)),
            max_size=7,
        ),
    ),
    max_size=12,
)
"""Requests as (minutes from as-of to creation, [(minutes to the next move, status)])."""


def build(drawn: list[tuple[int, list[tuple[int, Status]]]]) -> dict[FlowCard, History]:
    requests: dict[FlowCard, History] = {}
    for number, (offset, moves) in enumerate(drawn, start=1):
        created = AS_OF + timedelta(minutes=offset)
        history = [Move(created, Status.INTAKE)]
        for gap, status in moves:
            # An entry into the status it is already in is a note (a merge), not a move.
            if status is not history[-1].to_status:
                history.append(Move(history[-1].at + timedelta(minutes=gap), status))
        card = FlowCard(
            number,
            f"#{number}",
            Source.SALES,
            history[-1].to_status,
            created,
            None,
            None,
            None,
        )
        requests[card] = history
    return requests


def status_at(history: History, moment: datetime) -> Status | None:
    """The slow way: the last status entered at or before ``moment``."""
    entered = [move.to_status for move in history if move.at <= moment]
    return entered[-1] if entered else None


def in_progress_at(history: History, moment: datetime) -> bool:
    status = status_at(history, moment)
    started = any(m.to_status is not Status.INTAKE for m in history if m.at <= moment)
    return started and status is not None and status not in FINISHED_STATUSES


def end_of(day: date) -> datetime:
    """The last moment of ``day`` that the report can know about."""
    midnight = datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)
    return min(midnight - timedelta(microseconds=1), AS_OF)


@settings(max_examples=150, deadline=None)
@given(histories)
def test_daily_counts_equal_a_day_by_day_recount(
    drawn: list[tuple[int, list[tuple[int, Status]]]],
) -> None:
    requests = build(drawn)
    tracer = FlowTracer(FIRST_DAY, AS_OF)
    for card, history in requests.items():
        if card.created_at <= AS_OF:
            tracer.trace(card, history)

    series = tracer.series()

    for index, day in enumerate(series.days):
        moment = end_of(day)
        for status in Status:
            expected = sum(status_at(h, moment) is status for h in requests.values())
            assert series.counts[status][index] == expected, (day, status)
        assert series.wip[index] == sum(in_progress_at(h, moment) for h in requests.values())
    assert series.days[-1] == AS_OF.date()


@settings(max_examples=150, deadline=None)
@given(histories)
def test_wip_and_throughput_equal_a_recount(
    drawn: list[tuple[int, list[tuple[int, Status]]]],
) -> None:
    requests = build(drawn)

    report = compute_metrics(list(requests), {c.id: h for c, h in requests.items()}, AS_OF)

    known = [h for c, h in requests.items() if c.created_at <= AS_OF]
    assert report.requests == len(known)
    assert report.wip == sum(in_progress_at(h, AS_OF) for h in known)
    finished_days = [
        [m.at for m in h if m.at <= AS_OF][-1].date()
        for h in known
        if status_at(h, AS_OF) in FINISHED_STATUSES
    ]
    this_monday = AS_OF.date() - timedelta(days=AS_OF.weekday())
    for back, week in enumerate(reversed(report.throughput)):
        monday = this_monday - timedelta(weeks=back)
        expected = sum(monday <= day < monday + timedelta(days=7) for day in finished_days)
        assert week.count == expected, week


def test_several_moves_in_one_day_count_only_the_last_status() -> None:
    created = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    card = FlowCard(1, "#1", Source.SALES, Status.COMMITTED, created, None, None, None)
    tracer = FlowTracer(date(2026, 11, 19), AS_OF)

    tracer.trace(
        card,
        [
            Move(created, Status.INTAKE),
            Move(created + timedelta(hours=1), Status.DISCOVERY),
            Move(created + timedelta(hours=2), Status.CLOSED),
            Move(created + timedelta(days=1), Status.DISCOVERY),
            Move(created + timedelta(days=1, hours=3), Status.COMMITTED),
        ],
    )
    series = tracer.series()

    assert series.counts[Status.CLOSED] == [0, 1, 0, 0, 0, 0, 0, 0]
    assert series.counts[Status.DISCOVERY] == [0] * 8
    assert series.counts[Status.COMMITTED] == [0, 0, 1, 1, 1, 1, 1, 1]
    assert series.wip == [0, 0, 1, 1, 1, 1, 1, 1]


def test_trace_of_one_request_gives_started_finished_and_status() -> None:
    created = datetime(2026, 11, 2, tzinfo=UTC)
    card = FlowCard(1, "#1", Source.SALES, Status.SHIPPED, created, None, None, None)
    history = [
        Move(created, Status.INTAKE),
        Move(created + timedelta(days=1), Status.DISCOVERY),
        Move(created + timedelta(days=3), Status.SHIPPED),
        Move(AS_OF + timedelta(days=1), Status.IN_PROGRESS),
    ]

    flow = trace(card, history, AS_OF)

    assert flow.status is Status.SHIPPED
    assert flow.started == created + timedelta(days=1)
    assert flow.finished == created + timedelta(days=3)
    assert not flow.in_progress
