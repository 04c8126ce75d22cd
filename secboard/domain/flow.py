"""The flow of requests through the lifecycle, as the metrics see it.

Each request's status history is reduced, as of one moment, to its moves (the statuses it
entered, oldest first), when it *started* (first left ``intake``) and when it *finished*
(last entered ``shipped`` or ``closed``, counted only while it is still there). Daily
counts per status come from difference arrays over day indices, so building them is linear
in the number of events, whatever the number of days.

Days and ISO weeks are UTC calendar days and weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import NamedTuple, Protocol

from secboard.domain.asks import Channel, account_key
from secboard.domain.model import FINISHED_STATUSES, Decision, Source, Status, WorkspaceData

SECONDS_PER_DAY = 86_400

# Looking a member up on an enum class is slow enough to matter once per event.
_INTAKE = Status.INTAKE


class MetricsCard(Protocol):
    """What the metrics read of a request (a :class:`FlowCard` has all of it)."""

    @property
    def id(self) -> int:
        """The request id."""

    @property
    def title(self) -> str:
        """The request title."""

    @property
    def source(self) -> Source:
        """Where the request came from."""

    @property
    def status(self) -> Status:
        """The current status (used only when the request has no history at all)."""

    @property
    def created_at(self) -> datetime:
        """When the request arrived (UTC)."""

    @property
    def decision(self) -> Decision | None:
        """What was decided after discovery."""

    @property
    def estimate_weeks(self) -> float | None:
        """Effort as asked."""

    @property
    def planned_weeks(self) -> float | None:
        """Effort after discovery and scoping."""

    @property
    def asks(self) -> Sequence[FlowAsk]:
        """Who asked for it, oldest first."""


class MetricsEvent(Protocol):
    """What the metrics read of a status change; a :class:`~.model.StatusEvent` has it."""

    @property
    def at(self) -> datetime:
        """When the change happened (UTC)."""

    @property
    def to_status(self) -> Status:
        """The status entered."""


class FlowAsk(NamedTuple):
    """Just what the metrics read of one ask: whose, worth what, needed by when, how and
    when it came."""

    account: int | None
    """The account's id (the same id, the same account); None for an internal ask."""
    arr: int | None
    """The account's ARR."""
    due: date | None
    channel: Channel
    asked_on: date


class AskTotals(NamedTuple):
    """The figures of the asks, summed by the store where that gives the same numbers as
    going through every ask: when the report moment is after every recorded change and
    every ask, so each request's status then is its status now."""

    revenue_unblocked: int
    """ARR over distinct accounts with an ask on a shipped request."""
    arr_at_risk: int
    """ARR over distinct accounts with an ask due by the risk horizon on an open request."""
    multi_account: int
    """Requests that more than one account asked for."""
    declined_without_account: int
    """Requests declined and closed that no account asked for."""
    asked: tuple[tuple[date, Channel, int], ...]
    """How many asks came in on each day, by channel, from the window's first day on."""


class FlowCard(NamedTuple):
    """Just the fields of a request the metrics need, as a lean read returns them."""

    id: int
    title: str
    source: Source
    status: Status
    created_at: datetime
    decision: Decision | None
    estimate_weeks: float | None
    planned_weeks: float | None
    asks: tuple[FlowAsk, ...] = ()


def flow_cards_of(data: WorkspaceData) -> list[FlowCard]:
    """What the metrics read of a workspace's data (a snapshot's, say), as the store's
    lean read gives it: the requests on the board in id order, accounts numbered by
    their place in ``data.accounts``."""
    accounts = {
        account.key: (number, account.arr) for number, account in enumerate(data.accounts, start=1)
    }
    cards = []
    for record in sorted(data.records, key=lambda record: record.request.id):
        request = record.request
        if request.merged_into is not None:
            continue
        asks = []
        for ask in request.asks:
            number: int | None = None
            arr: int | None = None
            if ask.account is not None:
                number, arr = accounts[account_key(ask.account)]
            asks.append(FlowAsk(number, arr, ask.due, ask.channel, ask.asked_on))
        cards.append(
            FlowCard(
                id=request.id,
                title=request.title,
                source=request.source,
                status=request.status,
                created_at=request.created_at,
                decision=request.decision,
                estimate_weeks=request.estimate_weeks,
                planned_weeks=request.planned_weeks,
                asks=tuple(asks),
            )
        )
    return cards


class Move(NamedTuple):
    """One status change, reduced to when it happened and the status entered."""

    at: datetime
    to_status: Status


class Flow(NamedTuple):
    """One request as of the report moment."""

    card: MetricsCard
    status: Status
    """The status it was in at the report moment."""
    started: datetime | None
    """The first time it left intake, if it has."""
    finished: datetime | None
    """When it last entered shipped or closed, if it is still there."""

    @property
    def in_progress(self) -> bool:
        """Started and not finished: work in progress."""
        return self.started is not None and self.finished is None


@dataclass(frozen=True, slots=True)
class DailySeries:
    """Status counts and work in progress at the end of each day of a window."""

    first_day: date
    counts: dict[Status, list[int]]
    """Per status, the number of requests in it at the end of each day."""
    wip: list[int]
    """Requests started and not finished at the end of each day."""

    @property
    def days(self) -> list[date]:
        """The calendar days of the window, oldest first."""
        return [self.first_day + timedelta(days=offset) for offset in range(len(self.wip))]


class FlowTracer:
    """Reduces histories to flows as of one moment, counting days in the same pass.

    Each request counts, for every day from ``first_day`` to the day of ``as_of``, in the
    status it had at the end of that day (the last move of the day wins); before its
    creation it counts nowhere. Entering a status adds one from the event's day on,
    leaving it takes one away from the same day: a difference array per status, so the
    cost is one step per event whatever the number of days.
    """

    def __init__(self, first_day: date, as_of: datetime) -> None:
        if first_day > as_of.date():
            raise ValueError(f"the window starts on {first_day}, after {as_of:%Y-%m-%d}")
        self.first_day = first_day
        self.as_of = as_of
        self._origin = first_day.toordinal()
        self._length = as_of.toordinal() - self._origin + 1
        self._steps = {status: [0] * self._length for status in Status}
        self._wip_steps = [0] * self._length

    def trace(self, card: MetricsCard, history: Sequence[MetricsEvent]) -> Flow:
        """Reduce one request's history (oldest first) to its flow as of ``as_of``.

        Events after ``as_of`` are ignored. A request without any recorded event is taken
        to have been in its current status since it was created; one whose events all
        come later, to have been in intake.
        """
        as_of = self.as_of
        if not history or history[0].at > as_of:
            history = (Move(card.created_at, _INTAKE if history else card.status),)
        steps, wip_steps, origin = self._steps, self._wip_steps, self._origin
        status: Status | None = None
        started: datetime | None = None
        last = card.created_at
        was_wip = False
        for event in history:
            at = event.at
            if at > as_of:
                break
            if event.to_status is status:
                continue  # a note in the history (a merge, say), not a move
            last = at
            day = at.toordinal() - origin
            if day < 0:
                day = 0
            if status is not None:
                steps[status][day] -= 1
            status = event.to_status
            steps[status][day] += 1
            if started is None and status is not _INTAKE:
                started = at
            is_wip = started is not None and status not in FINISHED_STATUSES
            if is_wip is not was_wip:
                wip_steps[day] += 1 if is_wip else -1
                was_wip = is_wip
        assert status is not None
        finished = last if status in FINISHED_STATUSES else None
        return Flow(card, status, started, finished)

    def series(self) -> DailySeries:
        """The daily counts of every request traced so far."""
        return DailySeries(
            first_day=self.first_day,
            counts={status: list(accumulate(steps)) for status, steps in self._steps.items()},
            wip=list(accumulate(self._wip_steps)),
        )


def trace(card: MetricsCard, history: Sequence[MetricsEvent], as_of: datetime) -> Flow:
    """One request's flow as of ``as_of`` (see :meth:`FlowTracer.trace`)."""
    return FlowTracer(as_of.date(), as_of).trace(card, history)


def days_between(start: datetime, end: datetime) -> float:
    """A duration in fractional days."""
    return (end - start).total_seconds() / SECONDS_PER_DAY


def iso_week(day: date) -> str:
    """The ISO week of ``day``, as ``2026-W47``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_mondays(last_day: date, count: int) -> list[date]:
    """The Mondays of ``count`` ISO weeks, oldest first, the week of ``last_day`` last."""
    this_monday = last_day - timedelta(days=last_day.weekday())
    return [this_monday - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
