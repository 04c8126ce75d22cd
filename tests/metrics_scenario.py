"""A small workspace history whose metrics were worked out by hand.

The same stories are built two ways: as plain domain objects for the pure metrics tests,
and through the workspace API (with a fake clock) for the service and command tests.
As of Thursday 2026-11-26 12:00 UTC (ISO week 2026-W48):

====  ==========  =====================================================================
#     source      story
====  ==========  =====================================================================
1     customer    created Mon 11-02 09:00, discovery 11-03 09:00, committed 11-05,
                  in progress 11-09, shipped Mon 11-16 09:00; build, 10 → 6 weeks;
                  asked by Acme on Sun 11-01 (email)
                                                → cycle 13, lead 14, triage 1
2     sales       created 11-04 12:00, discovery 11-05 12:00, declined and closed Tue
                  11-10 12:00; 8 → 0 weeks; asked by the sales team on 11-04 (call),
                  due 12-15, no account         → cycle 5, lead 6, triage 1
3     compliance  created 11-09 00:00, discovery 11-11 00:00, *forced* commit 11-12,
                  in progress 11-13, shipped 11-20 00:00, reopened (in progress) Mon
                  11-23 00:00; build, 4 → 5 weeks; asked by Initech on 11-09
                  (meeting), due 12-01          → WIP, age 15.5, triage 2
4     internal    created Mon 11-16 10:00, discovery 16:00, committed 20:00, in progress
                  21:00, shipped 22:00 the same day; policy; asked that day by the
                  platform team (chat) and by Acme again (email)
                                                → cycle 0.25, lead 0.5, triage 0.25
5     incident    created 11-20 08:00, still in intake; asked by Umbrella on 11-20
                  (ticket), due 11-01 (overdue), and by Initech again on Sat 11-21
                  (call), due 12-10
6     customer    created 11-24 00:00, discovery 11-25 00:00, deferred (3 → 0 weeks);
                  closed 11-27, *after* as-of; asked by Hooli on 11-24 (email), due
                  2027-06-01                    → WIP, age 1.5, triage 1
7     sales       created 12-01, after as-of: does not exist yet; asked by Late (email)
====  ==========  =====================================================================

Accounts: Acme 100k, Initech 200k, Umbrella 30k, Hooli 10k, Late 999. Acme asked on two
shipped requests and Initech twice with open asks due soon: each counts once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from secboard.domain.asks import Channel
from secboard.domain.flow import FlowAsk, FlowCard
from secboard.domain.model import Answer, Decision, Source, Status, StatusEvent
from secboard.workspace import Workspace
from tests.conftest import FakeClock

AS_OF = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def moment(text: str) -> datetime:
    """``"11-16 09:00"`` as a 2026 UTC moment, or a full ISO date-time."""
    if len(text) == len("11-16 09:00"):
        text = f"2026-{text}"
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


ACCOUNTS = {"Acme": 100_000, "Initech": 200_000, "Umbrella": 30_000, "Hooli": 10_000}
ACCOUNTS["Late"] = 999
"""The accounts of the stories and their ARR."""


@dataclass(frozen=True)
class Asked:
    """One ask of a story: from an account (None: a team), when, how, needed by when."""

    account: str | None
    asked_on: date
    channel: Channel
    due: date | None = None


def day(text: str) -> date:
    """``"11-16"`` as a day of 2026."""
    return date.fromisoformat(f"2026-{text}")


@dataclass(frozen=True)
class Story:
    """One request: its fields, decision and dated moves (forced ones marked)."""

    created: str
    source: Source
    moves: tuple[tuple[str, Status], ...] = ()
    asks: tuple[Asked, ...] = ()
    estimate: float | None = None
    decision: Decision | None = None
    planned: float | None = None
    forced: frozenset[Status] = field(default_factory=frozenset)


STORIES: tuple[Story, ...] = (
    Story(
        "11-02 09:00",
        Source.CUSTOMER,
        (
            ("11-03 09:00", Status.DISCOVERY),
            ("11-05 09:00", Status.COMMITTED),
            ("11-09 09:00", Status.IN_PROGRESS),
            ("11-16 09:00", Status.SHIPPED),
        ),
        asks=(Asked("Acme", day("11-01"), Channel.EMAIL),),
        estimate=10,
        decision=Decision.BUILD,
        planned=6,
    ),
    Story(
        "11-04 12:00",
        Source.SALES,
        (("11-05 12:00", Status.DISCOVERY), ("11-10 12:00", Status.CLOSED)),
        asks=(Asked(None, day("11-04"), Channel.CALL, day("12-15")),),
        estimate=8,
        decision=Decision.DECLINE,
        planned=0,
    ),
    Story(
        "11-09 00:00",
        Source.COMPLIANCE,
        (
            ("11-11 00:00", Status.DISCOVERY),
            ("11-12 00:00", Status.COMMITTED),
            ("11-13 00:00", Status.IN_PROGRESS),
            ("11-20 00:00", Status.SHIPPED),
            ("11-23 00:00", Status.IN_PROGRESS),
        ),
        asks=(Asked("Initech", day("11-09"), Channel.MEETING, day("12-01")),),
        estimate=4,
        decision=Decision.BUILD,
        planned=5,
        forced=frozenset({Status.COMMITTED}),
    ),
    Story(
        "11-16 10:00",
        Source.INTERNAL,
        (
            ("11-16 16:00", Status.DISCOVERY),
            ("11-16 20:00", Status.COMMITTED),
            ("11-16 21:00", Status.IN_PROGRESS),
            ("11-16 22:00", Status.SHIPPED),
        ),
        asks=(
            Asked(None, day("11-16"), Channel.CHAT),
            Asked("Acme", day("11-16"), Channel.EMAIL),
        ),
        decision=Decision.POLICY,
    ),
    Story(
        "11-20 08:00",
        Source.INCIDENT,
        asks=(
            Asked("Umbrella", day("11-20"), Channel.TICKET, day("11-01")),
            Asked("Initech", day("11-21"), Channel.CALL, day("12-10")),
        ),
    ),
    Story(
        "11-24 00:00",
        Source.CUSTOMER,
        (("11-25 00:00", Status.DISCOVERY), ("11-27 12:00", Status.CLOSED)),
        asks=(Asked("Hooli", day("11-24"), Channel.EMAIL, date(2027, 6, 1)),),
        estimate=3,
        decision=Decision.DEFER,
        planned=0,
    ),
    Story(
        "12-01 09:00",
        Source.SALES,
        (("12-02 09:00", Status.DISCOVERY),),
        asks=(Asked("Late", day("12-01"), Channel.EMAIL),),
    ),
)


def domain_objects() -> tuple[list[FlowCard], dict[int, list[StatusEvent]]]:
    """The stories as cards and histories, ids from 1, current status from the last move."""
    cards: list[FlowCard] = []
    histories: dict[int, list[StatusEvent]] = {}
    for number, story in enumerate(STORIES, start=1):
        events = [StatusEvent(at=moment(story.created), to_status=Status.INTAKE)]
        for when, status in story.moves:
            events.append(
                StatusEvent(
                    at=moment(when),
                    to_status=status,
                    from_status=events[-1].to_status,
                    forced=status in story.forced,
                )
            )
        histories[number] = events
        cards.append(
            FlowCard(
                id=number,
                title=f"Story {number}",
                source=story.source,
                status=events[-1].to_status,
                created_at=moment(story.created),
                decision=story.decision,
                estimate_weeks=story.estimate,
                planned_weeks=story.planned,
                asks=tuple(flow_ask(asked) for asked in story.asks),
            )
        )
    return cards, histories


def flow_ask(asked: Asked) -> FlowAsk:
    """An ask as the metrics read it: accounts numbered from 1 in :data:`ACCOUNTS` order."""
    if asked.account is None:
        return FlowAsk(None, None, asked.due, asked.channel, asked.asked_on)
    number = list(ACCOUNTS).index(asked.account) + 1
    return FlowAsk(number, ACCOUNTS[asked.account], asked.due, asked.channel, asked.asked_on)


def build_workspace(workspace: Workspace, clock: FakeClock) -> None:
    """Tell the stories through the workspace API, the clock set to each moment."""
    clock.moment = moment(STORIES[0].created)
    for name, arr in ACCOUNTS.items():
        workspace.add_account({"name": name, "arr": arr})
    for number, story in enumerate(STORIES, start=1):
        clock.moment = moment(story.created)
        fields: dict[str, Any] = {"title": f"Story {number}", "source": story.source.value}
        if story.estimate is not None:
            fields["estimate_weeks"] = story.estimate
        request_id = workspace.add(fields).id
        assert request_id == number
        for asked in story.asks:
            ask: dict[str, Any] = {
                "account": asked.account,
                "requester": "Sales team" if asked.account is None else None,
                "channel": asked.channel.value,
                "asked_on": asked.asked_on.isoformat(),
                "due": None if asked.due is None else asked.due.isoformat(),
            }
            workspace.add_ask(request_id, ask)
        for when, status in story.moves:
            clock.moment = moment(when)
            forced = status in story.forced
            workspace.move(request_id, status, force=forced, reason="exec ask" if forced else "")
            if status is Status.DISCOVERY:
                _discover(workspace, request_id, story)


def _discover(workspace: Workspace, request_id: int, story: Story) -> None:
    """Answer the checklist (unless a forced commit is coming) and record the decision."""
    if not story.forced:
        for item in workspace.request(request_id).checklist:
            workspace.answer(request_id, item.key, Answer.YES)
    if story.decision is not None:
        workspace.decide(
            request_id, story.decision, rationale="hand-made", planned_weeks=story.planned
        )


WEEKS = tuple(f"2026-W{week}" for week in range(37, 49))
"""The 12 ISO weeks up to as-of: Mon 2026-09-07 to Sun 11-29 (the window is 81 days)."""

WEEK_ASKS: dict[str, dict[Channel, int]] = {
    "2026-W44": {Channel.EMAIL: 1},
    "2026-W45": {Channel.CALL: 1},
    "2026-W46": {Channel.MEETING: 1},
    "2026-W47": {Channel.CHAT: 1, Channel.EMAIL: 1, Channel.TICKET: 1, Channel.CALL: 1},
    "2026-W48": {Channel.EMAIL: 1},
}
"""The asks of each week up to as-of, by channel."""

EXPECTED: dict[str, Any] = {
    "as_of": "2026-11-26T12:00:00Z",
    "requests": 6,
    # #3 (15.5 days) and #6 (1.5); p85 = (1.5·15 + 15.5·85) / 100
    "wip": 2,
    "wip_age_days": {"p50": 8.5, "p85": 13.4, "p95": 14.8},
    # #2 closed in W46; #1 and #4 shipped in W47; #3 shipped in W47 but was reopened
    "throughput": [
        {"week": week, "count": {"2026-W46": 1, "2026-W47": 2}.get(week, 0)} for week in WEEKS
    ],
    # cycle [0.25, 5, 13]: p85 = (5·30 + 13·70) / 100, mean 18.25 / 3
    "cycle_time_days": {"p50": 5.0, "p85": 10.6, "p95": 12.2, "mean": 6.08},
    # lead [0.5, 6, 14]: p85 = (6·30 + 14·70) / 100, mean 20.5 / 3
    "lead_time_days": {"p50": 6.0, "p85": 11.6, "p95": 13.2, "mean": 6.83},
    # triage [0.25, 1, 1, 1, 2]
    "time_to_triage_days": 1.0,
    # build, decline, build, policy, defer
    "decided": 5,
    "declined_or_deferred_rate": 0.4,
    # (10 − 6) + (8 − 0) + (4 − 5) + (3 − 0); #4 has no estimate
    "effort_avoided_weeks": 14.0,
    # Acme, once though it asked on #1 and #4 (twice: 200k); #3 was reopened
    "revenue_unblocked": 100_000,
    # Initech once though it asked on #3 (due in 5 days) and #5 (due in 14; twice: 430k),
    # and Umbrella (#5, overdue); #6 is due in 187 days, #2 is closed
    "arr_at_risk": 230_000,
    "intake_by_source": {
        "customer": 2,
        "sales": 1,
        "compliance": 1,
        "internal": 1,
        "incident": 1,
    },
}
"""The hand-computed report, as ``metrics --format json`` gives its first keys."""

EXPECTED_ASKS: dict[str, Any] = {
    # Sun 11-01 is in W44; #7's ask belongs to a request that does not exist yet
    "asks_by_week": [
        {
            "week": week,
            "count": sum(channels.values()),
            "by_channel": {channel.value: channels.get(channel, 0) for channel in Channel},
        }
        for week, channels in ((week, WEEK_ASKS.get(week, {})) for week in WEEKS)
    ],
    # #5 (Umbrella and Initech) of 6 requests
    "multi_account_share": round(1 / 6, 4),
    # #2: declined, asked by the sales team alone
    "declined_without_account": 1,
}
"""The hand-computed figures of the asks."""

EXPECTED_LITTLES_LAW = {
    # WIP-days in the window: #1 13 (11-03…11-15), #2 5, #3 9 + 4, #6 2 = 33 over 81 days;
    # 3 finished in 81 days; predicted 33 / 3 = 11 days against a mean cycle of 6.08.
    "window_days": 81,
    "average_wip": 0.41,
    "throughput_per_day": 0.037,
    "predicted_cycle_time_days": 11.0,
    "measured_cycle_time_days": 6.08,
}

EXPECTED_AGING = [
    {"id": 3, "title": "Story 3", "status": "in_progress", "age_days": 15.5, "over_p85": True},
    {"id": 6, "title": "Story 6", "status": "discovery", "age_days": 1.5, "over_p85": False},
]
