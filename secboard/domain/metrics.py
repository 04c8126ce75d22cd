"""The metrics of the security program (SPEC §3), computed from the status history.

:func:`compute_metrics` takes the requests (the lean :class:`~.flow.FlowCard` with its
asks, as the store reads it or :func:`~.flow.flow_cards_of` makes it of a snapshot's
data), their histories and the report moment, and returns a frozen :class:`Metrics`. It
is pure and linear in the number of requests, asks and events.

Conventions:
    * "Started" is the first time a request left ``intake``; "finished" is the last
      time it entered ``shipped`` or ``closed``, counted only while it is still there.
      Work in progress is started and not finished, so a request moved back to intake
      after discovery is still in progress, and a reopened one is again.
    * Nothing after ``as_of`` exists: later events are ignored and later requests left
      out. Field values with no history of their own (decision, ARR, due date, effort)
      are the current ones.
    * Throughput, the intake mix (per week, and the per-source totals), asks per week
      and the Little's law check cover the same window: the last 12 ISO weeks, the week
      of ``as_of`` last and partial. Cumulative flow covers the last 56 days. Days and
      weeks are UTC.
    * Little's law compares the average of the daily WIP ÷ throughput per day over that
      window with the mean cycle time of the requests finished in it (not of all time,
      so that both sides describe the same period).
    * Cycle time, lead time and time to triage cover every request finished (or started)
      by ``as_of``, whenever that was.
    * Money counts each account once: revenue unblocked is the ARR of the distinct
      accounts with an ask on a shipped request, ARR at risk that of the distinct
      accounts with an ask due within 90 days (or overdue) on a request not finished. An
      ask exists from the day it was asked on; an internal ask (no account) has no ARR.
    * Durations are fractional days. Statistics with no data are None; sums and counts
      of nothing are 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from heapq import nsmallest
from math import fsum
from typing import Any, NamedTuple

from secboard.domain.asks import Channel
from secboard.domain.flow import (
    AskTotals,
    DailySeries,
    Flow,
    FlowTracer,
    MetricsCard,
    MetricsEvent,
    days_between,
    iso_week,
    week_mondays,
)
from secboard.domain.model import CLOSE_DECISIONS, OPEN_STATUSES, Decision, Source, Status
from secboard.domain.stats import Distribution, mean, median

THROUGHPUT_WEEKS = 12
"""ISO weeks of throughput and intake mix, the current (partial) week included."""

FLOW_DAYS = 56
"""Days of cumulative flow (8 weeks)."""

RISK_HORIZON = timedelta(days=90)
"""Open asks due within this long, or overdue, put their account's ARR at risk."""

AGING_LIMIT = 10
"""How many of the oldest work-in-progress items the aging list keeps."""

# Looking a member up on an enum class is slow enough to matter once per request.
_SHIPPED, _CLOSED, _DECLINE = Status.SHIPPED, Status.CLOSED, Decision.DECLINE


@dataclass(frozen=True, slots=True)
class WeekCount:
    """Requests finished in one ISO week."""

    week: str
    count: int


@dataclass(frozen=True, slots=True)
class IntakeWeek:
    """New requests in one ISO week, in total and by source."""

    week: str
    count: int
    by_source: Mapping[Source, int]


@dataclass(frozen=True, slots=True)
class AskWeek:
    """Asks made in one ISO week, in total and by channel."""

    week: str
    count: int
    by_channel: Mapping[Channel, int]


@dataclass(frozen=True, slots=True)
class FlowDay:
    """How many requests were in each status at the end of one day."""

    day: date
    counts: Mapping[Status, int]


@dataclass(frozen=True, slots=True)
class LittlesLaw:
    """Little's law over the throughput window: WIP ÷ throughput predicts cycle time."""

    window_days: int
    average_wip: float
    throughput_per_day: float
    predicted_cycle_time_days: float | None
    """Average WIP ÷ throughput per day; None when nothing finished in the window."""
    measured_cycle_time_days: float | None
    """Mean cycle time of the requests finished in the window."""


@dataclass(frozen=True, slots=True)
class AgingItem:
    """One request in progress, with how long since it started."""

    id: int
    title: str
    status: Status
    age_days: float
    over_p85: bool
    """Older than the 85th percentile of cycle time: the ones to chase."""


@dataclass(frozen=True, slots=True)
class Metrics:
    """Every figure of the metrics report as of one moment."""

    as_of: datetime
    """The report moment, UTC."""
    requests: int
    """Requests that existed at the report moment."""
    wip: int
    """Requests started and not finished."""
    wip_age_days: Distribution
    """How long since each request in progress started."""
    throughput: tuple[WeekCount, ...]
    """Requests finished (and still finished) per ISO week, oldest first."""
    cycle_time_days: Distribution
    cycle_time_values: tuple[float, ...]
    """Every finished request's cycle time, ascending (for a histogram; not in JSON)."""
    lead_time_days: Distribution
    time_to_triage_days: float | None
    decided: int
    """Requests with a decision."""
    declined_or_deferred_rate: float | None
    """Decided ``decline`` or ``defer`` ÷ all decided."""
    effort_avoided_weeks: float
    revenue_unblocked: int | None
    """ARR of the distinct accounts with an ask on a shipped request, each once; None
    when the workspace's ARR was redacted."""
    arr_at_risk: int | None
    """ARR of the distinct accounts with an open ask due within 90 days or overdue, each
    once; None when the ARR was redacted."""
    intake_by_source: Mapping[Source, int]
    intake_by_week: tuple[IntakeWeek, ...]
    asks_by_week: tuple[AskWeek, ...]
    """Asks made per ISO week, by channel, oldest first."""
    multi_account_share: float | None
    """Requests asked for by more than one account ÷ all requests."""
    declined_without_account: int
    """Requests closed as declined that no account asked for."""
    cumulative_flow: tuple[FlowDay, ...]
    littles_law: LittlesLaw
    aging_wip: tuple[AgingItem, ...]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values, keys in a stable order.

        Moments are ISO 8601 UTC with ``Z``, days ``YYYY-MM-DD``. Durations in days,
        efforts in weeks and average WIP are rounded to 2 decimals; rates
        (``declined_or_deferred_rate``, ``throughput_per_day``) to 4; money is whole
        units. A statistic with no data is None, and so is ARR that was redacted.
        ``multi_account_share`` is a rate, rounded to 4.
        ``decline_rate`` is the same figure under its first name, kept for scripts.
        """
        return {
            "as_of": self.as_of.isoformat().replace("+00:00", "Z"),
            "requests": self.requests,
            "wip": self.wip,
            "wip_age_days": _spread(self.wip_age_days, with_mean=False),
            "throughput": [{"week": w.week, "count": w.count} for w in self.throughput],
            "cycle_time_days": _spread(self.cycle_time_days, with_mean=True),
            "lead_time_days": _spread(self.lead_time_days, with_mean=True),
            "time_to_triage_days": _round(self.time_to_triage_days, 2),
            "decided": self.decided,
            "declined_or_deferred_rate": _round(self.declined_or_deferred_rate, 4),
            "decline_rate": _round(self.declined_or_deferred_rate, 4),
            "effort_avoided_weeks": round(self.effort_avoided_weeks, 2),
            "revenue_unblocked": self.revenue_unblocked,
            "arr_at_risk": self.arr_at_risk,
            "intake_by_source": {s.value: n for s, n in self.intake_by_source.items()},
            "intake_by_week": [
                {
                    "week": w.week,
                    "count": w.count,
                    "by_source": {s.value: n for s, n in w.by_source.items()},
                }
                for w in self.intake_by_week
            ],
            "asks_by_week": [
                {
                    "week": w.week,
                    "count": w.count,
                    "by_channel": {c.value: n for c, n in w.by_channel.items()},
                }
                for w in self.asks_by_week
            ],
            "multi_account_share": _round(self.multi_account_share, 4),
            "declined_without_account": self.declined_without_account,
            "cumulative_flow": [
                {"date": d.day.isoformat(), **{s.value: n for s, n in d.counts.items()}}
                for d in self.cumulative_flow
            ],
            "littles_law": {
                "window_days": self.littles_law.window_days,
                "average_wip": round(self.littles_law.average_wip, 2),
                "throughput_per_day": round(self.littles_law.throughput_per_day, 4),
                "predicted_cycle_time_days": _round(self.littles_law.predicted_cycle_time_days, 2),
                "measured_cycle_time_days": _round(self.littles_law.measured_cycle_time_days, 2),
            },
            "aging_wip": [
                {
                    "id": item.id,
                    "title": item.title,
                    "status": item.status.value,
                    "age_days": round(item.age_days, 2),
                    "over_p85": item.over_p85,
                }
                for item in self.aging_wip
            ],
        }


def compute_metrics(
    cards: Iterable[MetricsCard],
    histories: Mapping[int, Sequence[MetricsEvent]],
    as_of: datetime,
    *,
    aging_limit: int = AGING_LIMIT,
    arr_redacted: bool = False,
    ask_totals: AskTotals | None = None,
) -> Metrics:
    """Compute every metric as of ``as_of`` (SPEC §3).

    Args:
        cards: Every request of the workspace.
        histories: Each request's status events by request id, oldest first.
        as_of: The report moment; a naive value is taken as UTC.
        aging_limit: How many of the oldest work-in-progress items to list.
        arr_redacted: The ARR was left out (a redacted snapshot): its sums are unknown,
            not zero, and are None.
        ask_totals: The figures of the asks as the store summed them (see
            :class:`~.flow.AskTotals`); None to take them from each card's asks.

    Returns:
        The metrics, as the report would have said them at ``as_of``.
    """
    moment = as_of.astimezone(UTC) if as_of.tzinfo else as_of.replace(tzinfo=UTC)
    mondays = week_mondays(moment.date(), THROUGHPUT_WEEKS)
    tracer = FlowTracer(mondays[0], moment)
    flows = [
        tracer.trace(card, histories.get(card.id, ()))
        for card in cards
        if card.created_at <= moment
    ]
    series = tracer.series()
    finished = [flow for flow in flows if flow.finished is not None]
    in_progress = [flow for flow in flows if flow.in_progress]
    cycle_times = [days_between(_started(flow), _finished(flow)) for flow in finished]
    cycle = Distribution.of(cycle_times)
    throughput = _throughput(finished, mondays)
    intake = _intake_by_week(flows, mondays)
    decided = [flow.card for flow in flows if flow.card.decision is not None]
    if ask_totals is None:
        demand = _demand(flows, moment.date(), mondays)
    else:
        demand = _demand_of_totals(ask_totals, mondays)
    return Metrics(
        as_of=moment,
        requests=len(flows),
        wip=len(in_progress),
        wip_age_days=Distribution.of(days_between(_started(f), moment) for f in in_progress),
        throughput=throughput,
        cycle_time_days=cycle,
        cycle_time_values=tuple(sorted(cycle_times)),
        lead_time_days=Distribution.of(
            days_between(flow.card.created_at, _finished(flow)) for flow in finished
        ),
        time_to_triage_days=median(
            days_between(flow.card.created_at, flow.started)
            for flow in flows
            if flow.started is not None
        ),
        decided=len(decided),
        declined_or_deferred_rate=_declined_or_deferred_rate(decided),
        effort_avoided_weeks=_effort_avoided(decided),
        revenue_unblocked=None if arr_redacted else demand.revenue_unblocked,
        arr_at_risk=None if arr_redacted else demand.arr_at_risk,
        intake_by_source=_total_by_source(intake),
        intake_by_week=intake,
        asks_by_week=demand.asks_by_week,
        multi_account_share=demand.multi_account / len(flows) if flows else None,
        declined_without_account=demand.declined_without_account,
        cumulative_flow=_cumulative_flow(series, FLOW_DAYS),
        littles_law=_littles_law(series, throughput, finished, cycle_times),
        aging_wip=_aging(in_progress, moment, cycle.p85, aging_limit),
    )


def _started(flow: Flow) -> datetime:
    assert flow.started is not None
    return flow.started


def _finished(flow: Flow) -> datetime:
    # A finished request has left intake, so it has started too.
    assert flow.finished is not None
    return flow.finished


def _week_index(moment: datetime, first_monday: date) -> int:
    """The week of ``moment`` counted from ``first_monday`` (negative before it)."""
    return (moment.toordinal() - first_monday.toordinal()) // 7


def _throughput(finished: Iterable[Flow], mondays: Sequence[date]) -> tuple[WeekCount, ...]:
    counts = [0] * len(mondays)
    for flow in finished:
        index = _week_index(_finished(flow), mondays[0])
        if 0 <= index < len(counts):
            counts[index] += 1
    return tuple(
        WeekCount(iso_week(monday), count) for monday, count in zip(mondays, counts, strict=True)
    )


def _intake_by_week(flows: Iterable[Flow], mondays: Sequence[date]) -> tuple[IntakeWeek, ...]:
    weeks = [dict.fromkeys(Source, 0) for _ in mondays]
    for flow in flows:
        index = _week_index(flow.card.created_at, mondays[0])
        if 0 <= index < len(weeks):
            weeks[index][flow.card.source] += 1
    return tuple(
        IntakeWeek(iso_week(monday), sum(by_source.values()), by_source)
        for monday, by_source in zip(mondays, weeks, strict=True)
    )


def _total_by_source(weeks: Iterable[IntakeWeek]) -> dict[Source, int]:
    totals = dict.fromkeys(Source, 0)
    for week in weeks:
        for source, count in week.by_source.items():
            totals[source] += count
    return totals


def _declined_or_deferred_rate(decided: Sequence[MetricsCard]) -> float | None:
    if not decided:
        return None
    return sum(card.decision in CLOSE_DECISIONS for card in decided) / len(decided)


def _effort_avoided(decided: Iterable[MetricsCard]) -> float:
    return fsum(
        card.estimate_weeks - card.planned_weeks
        for card in decided
        if card.estimate_weeks is not None and card.planned_weeks is not None
    )


class _Demand(NamedTuple):
    """The figures that come from the asks."""

    revenue_unblocked: int
    arr_at_risk: int
    asks_by_week: tuple[AskWeek, ...]
    multi_account: int
    """Requests more than one account asked for."""
    declined_without_account: int


def _demand(flows: Iterable[Flow], today: date, mondays: Sequence[date]) -> _Demand:
    """Every figure of the asks, in one pass over them (a large workspace has 300,000).

    Accounts are gathered in dicts by id, so an account on two shipped requests, or with
    two open asks due soon, adds its ARR once.
    """
    horizon = today + RISK_HORIZON
    origin = mondays[0].toordinal()
    weeks = [dict.fromkeys(Channel, 0) for _ in mondays]
    week_of: dict[date, int] = {}  # the week of each day asked on: a few hundred days
    shipped: dict[int, int] = {}
    at_risk: dict[int, int] = {}
    multi_account = declined_without_account = 0
    for flow in flows:
        status = flow.status
        is_open = status in OPEN_STATUSES
        first: int | None = None
        several = False
        for account, arr, due, channel, asked_on in flow.card.asks:
            if asked_on > today:
                continue  # not asked yet at the report moment
            week = week_of.get(asked_on)
            if week is None:
                week = week_of[asked_on] = (asked_on.toordinal() - origin) // 7
            if 0 <= week < len(weeks):
                weeks[week][channel] += 1
            if account is None:
                continue
            if first is None:
                first = account
            elif account != first:
                several = True
            if status is _SHIPPED:
                shipped[account] = arr or 0
            elif is_open and due is not None and due <= horizon:
                at_risk[account] = arr or 0
        if several:
            multi_account += 1
        elif first is None and status is _CLOSED and flow.card.decision is _DECLINE:
            declined_without_account += 1
    return _Demand(
        revenue_unblocked=sum(shipped.values()),
        arr_at_risk=sum(at_risk.values()),
        asks_by_week=_ask_weeks(mondays, weeks),
        multi_account=multi_account,
        declined_without_account=declined_without_account,
    )


def _demand_of_totals(totals: AskTotals, mondays: Sequence[date]) -> _Demand:
    """The figures of the asks from what the store summed (the same as :func:`_demand`
    gives when every ask and change is before the report moment)."""
    origin = mondays[0].toordinal()
    weeks = [dict.fromkeys(Channel, 0) for _ in mondays]
    for asked_on, channel, count in totals.asked:
        week = (asked_on.toordinal() - origin) // 7
        if 0 <= week < len(weeks):
            weeks[week][channel] += count
    return _Demand(
        revenue_unblocked=totals.revenue_unblocked,
        arr_at_risk=totals.arr_at_risk,
        asks_by_week=_ask_weeks(mondays, weeks),
        multi_account=totals.multi_account,
        declined_without_account=totals.declined_without_account,
    )


def _ask_weeks(
    mondays: Sequence[date], weeks: Sequence[Mapping[Channel, int]]
) -> tuple[AskWeek, ...]:
    return tuple(
        AskWeek(iso_week(monday), sum(by_channel.values()), dict(by_channel))
        for monday, by_channel in zip(mondays, weeks, strict=True)
    )


def _cumulative_flow(series: DailySeries, days: int) -> tuple[FlowDay, ...]:
    dates = series.days
    first = max(len(dates) - days, 0)
    return tuple(
        FlowDay(dates[index], {status: series.counts[status][index] for status in Status})
        for index in range(first, len(dates))
    )


def _littles_law(
    series: DailySeries,
    throughput: Sequence[WeekCount],
    finished: Sequence[Flow],
    cycle_times: Sequence[float],
) -> LittlesLaw:
    window_days = len(series.wip)
    average_wip = sum(series.wip) / window_days
    per_day = sum(week.count for week in throughput) / window_days
    in_window = [
        cycle
        for flow, cycle in zip(finished, cycle_times, strict=True)
        if _finished(flow).date() >= series.first_day
    ]
    return LittlesLaw(
        window_days=window_days,
        average_wip=average_wip,
        throughput_per_day=per_day,
        predicted_cycle_time_days=average_wip / per_day if per_day else None,
        measured_cycle_time_days=mean(in_window),
    )


def _aging(
    in_progress: Iterable[Flow], moment: datetime, p85: float | None, limit: int
) -> tuple[AgingItem, ...]:
    oldest = nsmallest(limit, in_progress, key=lambda flow: (_started(flow), flow.card.id))
    items = []
    for flow in oldest:
        age = days_between(_started(flow), moment)
        over = p85 is not None and age > p85
        items.append(AgingItem(flow.card.id, flow.card.title, flow.status, age, over))
    return tuple(items)


def _spread(distribution: Distribution, *, with_mean: bool) -> dict[str, float | None]:
    spread = {
        "p50": _round(distribution.p50, 2),
        "p85": _round(distribution.p85, 2),
        "p95": _round(distribution.p95, 2),
    }
    if with_mean:
        spread["mean"] = _round(distribution.mean, 2)
    return spread


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
