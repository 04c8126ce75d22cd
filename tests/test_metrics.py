"""The metrics of SPEC §3 on hand-built histories, every figure worked out by hand."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from secboard.domain.asks import Channel
from secboard.domain.flow import FlowAsk, FlowCard
from secboard.domain.metrics import Metrics, compute_metrics
from secboard.domain.model import Decision, Source, Status, StatusEvent
from tests.metrics_scenario import (
    AS_OF,
    EXPECTED,
    EXPECTED_AGING,
    EXPECTED_ASKS,
    EXPECTED_LITTLES_LAW,
    domain_objects,
    moment,
)

Built = tuple[FlowCard, list[StatusEvent]]


def request(number: int, created: str, *moves: tuple[str, Status], **fields: Any) -> Built:
    """A request created at ``created`` (in intake) that then made ``moves``."""
    events = [StatusEvent(at=moment(created), to_status=Status.INTAKE)]
    for when, status in moves:
        events.append(StatusEvent(moment(when), status, from_status=events[-1].to_status))
    card = FlowCard(
        id=number,
        title=f"#{number}",
        source=fields.pop("source", Source.CUSTOMER),
        status=events[-1].to_status,
        created_at=moment(created),
        decision=fields.pop("decision", None),
        estimate_weeks=fields.pop("estimate_weeks", None),
        planned_weeks=fields.pop("planned_weeks", None),
        asks=tuple(fields.pop("asks", ())),
    )
    assert not fields, fields
    return card, events


def report(*built: Built, as_of: datetime = AS_OF) -> Metrics:
    """The metrics of ``built`` requests as of ``as_of``."""
    return compute_metrics([card for card, _ in built], {c.id: h for c, h in built}, as_of)


def ask(
    account: int | None,
    arr: int | None = None,
    due: date | None = None,
    *,
    channel: Channel = Channel.EMAIL,
    asked_on: date = date(2026, 11, 2),
) -> FlowAsk:
    """An ask of the account numbered ``account`` (None: a team), worth ``arr``."""
    return FlowAsk(account, arr, due, channel, asked_on)


SHIPPED_IN_A_WEEK = (
    ("11-03 00:00", Status.DISCOVERY),
    ("11-05 00:00", Status.COMMITTED),
    ("11-10 00:00", Status.SHIPPED),
)


# The hand-computed scenario -----------------------------------------------------------


def test_scenario_gives_the_hand_computed_headline_figures() -> None:
    cards, histories = domain_objects()

    figures = compute_metrics(cards, histories, AS_OF).to_dict()

    assert {key: figures[key] for key in EXPECTED} == EXPECTED


def test_scenario_gives_the_hand_computed_figures_of_the_asks() -> None:
    figures = compute_metrics(*domain_objects(), AS_OF).to_dict()

    assert {key: figures[key] for key in EXPECTED_ASKS} == EXPECTED_ASKS


def test_scenario_counts_every_account_once() -> None:
    # Acme asked on two shipped requests, Initech on two open ones due soon; counted on
    # every ask, the figures would be 200k and 430k.
    figures = compute_metrics(*domain_objects(), AS_OF).to_dict()

    assert figures["revenue_unblocked"] == 100_000
    assert figures["arr_at_risk"] == 200_000 + 30_000


def test_scenario_gives_the_hand_computed_littles_law_and_aging_list() -> None:
    figures = compute_metrics(*domain_objects(), AS_OF).to_dict()

    assert figures["littles_law"] == EXPECTED_LITTLES_LAW
    assert figures["aging_wip"] == EXPECTED_AGING


def test_scenario_keeps_every_cycle_time_for_a_histogram_outside_the_json() -> None:
    metrics = compute_metrics(*domain_objects(), AS_OF)

    assert metrics.cycle_time_values == (0.25, 5.0, 13.0)
    assert "cycle_time_values" not in metrics.to_dict()


def test_scenario_intake_by_week_counts_new_requests_per_source() -> None:
    weeks = compute_metrics(*domain_objects(), AS_OF).to_dict()["intake_by_week"]

    counted = {week["week"]: week for week in weeks if week["count"]}
    assert list(counted) == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert counted["2026-W45"]["by_source"] == {
        "customer": 1,
        "sales": 1,
        "compliance": 0,
        "internal": 0,
        "incident": 0,
    }
    assert [week["count"] for week in counted.values()] == [2, 1, 2, 1]
    assert len(weeks) == 12


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        ("2026-10-02", (0, 0, 0, 0, 0, 0)),  # first of the 56 days: nothing yet
        ("2026-11-02", (1, 0, 0, 0, 0, 0)),
        ("2026-11-16", (0, 0, 0, 1, 2, 1)),  # #4 shipped at 22:00 counts as shipped
        ("2026-11-20", (1, 0, 0, 0, 3, 1)),  # #3 shipped, #5 arrived
        ("2026-11-26", (1, 1, 0, 1, 2, 1)),  # #3 reopened, #6 in discovery
    ],
)
def test_scenario_cumulative_flow_counts_the_status_at_the_end_of_each_day(
    day: str, counts: tuple[int, ...]
) -> None:
    flow = compute_metrics(*domain_objects(), AS_OF).to_dict()["cumulative_flow"]

    by_day = {row["date"]: row for row in flow}
    assert len(flow) == 56
    assert flow[-1]["date"] == "2026-11-26"
    statuses = ("intake", "discovery", "committed", "in_progress", "shipped", "closed")
    assert tuple(by_day[day][status] for status in statuses) == counts


# Edge cases ---------------------------------------------------------------------------


def test_empty_workspace_has_no_statistics_and_zero_totals() -> None:
    figures = report().to_dict()

    assert figures["requests"] == figures["wip"] == figures["decided"] == 0
    assert figures["wip_age_days"] == {"p50": None, "p85": None, "p95": None}
    assert figures["cycle_time_days"] == {"p50": None, "p85": None, "p95": None, "mean": None}
    assert figures["lead_time_days"] == figures["cycle_time_days"]
    assert figures["time_to_triage_days"] is None
    assert figures["declined_or_deferred_rate"] is None
    assert figures["effort_avoided_weeks"] == 0
    assert figures["revenue_unblocked"] == figures["arr_at_risk"] == 0
    assert figures["multi_account_share"] is None
    assert figures["declined_without_account"] == 0
    assert [week["count"] for week in figures["asks_by_week"]] == [0] * 12
    assert [week["count"] for week in figures["throughput"]] == [0] * 12
    assert set(figures["intake_by_source"].values()) == {0}
    assert figures["littles_law"]["average_wip"] == 0
    assert figures["littles_law"]["predicted_cycle_time_days"] is None
    assert figures["littles_law"]["measured_cycle_time_days"] is None
    assert figures["aging_wip"] == []
    assert all(set(day.values()) == {0, day["date"]} for day in figures["cumulative_flow"])


def test_one_finished_request_is_every_percentile_of_its_cycle_time() -> None:
    figures = report(request(1, "11-02 00:00", *SHIPPED_IN_A_WEEK)).to_dict()

    assert figures["cycle_time_days"] == {"p50": 7.0, "p85": 7.0, "p95": 7.0, "mean": 7.0}
    assert figures["lead_time_days"] == {"p50": 8.0, "p85": 8.0, "p95": 8.0, "mean": 8.0}
    assert figures["time_to_triage_days"] == 1.0
    assert figures["wip"] == 0
    assert figures["wip_age_days"] == {"p50": None, "p85": None, "p95": None}


def test_reopened_request_counts_as_wip_again_and_not_in_throughput() -> None:
    reopened = request(
        1,
        "11-02 00:00",
        *SHIPPED_IN_A_WEEK,
        ("11-20 00:00", Status.IN_PROGRESS),
        asks=[ask(1, 40_000, date(2026, 12, 1))],
    )

    figures = report(reopened).to_dict()

    assert figures["wip"] == 1
    # Still started when it first left intake: 11-03 to as-of 11-26 12:00.
    assert figures["wip_age_days"]["p50"] == 23.5
    assert [week["count"] for week in figures["throughput"]] == [0] * 12
    assert figures["cycle_time_days"]["p50"] is None
    assert figures["revenue_unblocked"] == 0
    assert figures["arr_at_risk"] == 40_000


def test_reshipped_request_is_finished_when_it_last_shipped() -> None:
    reshipped = request(
        1,
        "11-02 00:00",
        *SHIPPED_IN_A_WEEK,
        ("11-20 00:00", Status.IN_PROGRESS),
        ("11-24 00:00", Status.SHIPPED),
    )

    figures = report(reshipped).to_dict()

    assert figures["cycle_time_days"]["p50"] == 21.0
    assert figures["throughput"][-1] == {"week": "2026-W48", "count": 1}
    assert sum(week["count"] for week in figures["throughput"]) == 1


def test_forced_move_counts_like_any_other_move() -> None:
    card, events = request(1, "11-02 00:00", *SHIPPED_IN_A_WEEK)
    forced = [dataclasses.replace(e, forced=True, note="exec ask") for e in events]

    assert report((card, forced)) == report((card, events))


def test_request_moved_back_to_intake_after_discovery_is_still_in_progress() -> None:
    figures = report(
        request(1, "11-20 00:00", ("11-21 00:00", Status.DISCOVERY), ("11-22 00:00", Status.INTAKE))
    ).to_dict()

    assert figures["wip"] == 1
    assert figures["wip_age_days"]["p50"] == 5.5
    assert figures["cumulative_flow"][-1]["intake"] == 1


def test_request_declined_straight_from_intake_starts_and_finishes_at_once() -> None:
    figures = report(
        request(1, "11-20 00:00", ("11-22 00:00", Status.CLOSED), decision=Decision.DECLINE)
    ).to_dict()

    assert figures["cycle_time_days"]["p50"] == 0.0
    assert figures["lead_time_days"]["p50"] == 2.0
    assert figures["time_to_triage_days"] == 2.0
    assert figures["declined_or_deferred_rate"] == 1.0


def test_request_created_and_shipped_the_same_day_has_fractional_times() -> None:
    same_day = request(
        1,
        "11-25 08:00",
        ("11-25 09:00", Status.DISCOVERY),
        ("11-25 14:00", Status.COMMITTED),
        ("11-25 20:00", Status.SHIPPED),
    )

    figures = report(same_day).to_dict()

    assert figures["cycle_time_days"]["p50"] == round(11 / 24, 2)
    assert figures["lead_time_days"]["p50"] == 0.5
    assert figures["time_to_triage_days"] == round(1 / 24, 2)
    last_days = {row["date"]: row["shipped"] for row in figures["cumulative_flow"][-3:]}
    assert last_days == {"2026-11-24": 0, "2026-11-25": 1, "2026-11-26": 1}
    assert figures["littles_law"]["average_wip"] == 0


def test_week_without_throughput_is_listed_with_a_zero_count() -> None:
    figures = report(
        request(
            1, "11-02 00:00", ("11-03 00:00", Status.DISCOVERY), ("11-10 00:00", Status.SHIPPED)
        ),
        request(
            2, "11-02 00:00", ("11-03 00:00", Status.DISCOVERY), ("11-24 00:00", Status.SHIPPED)
        ),
    ).to_dict()

    assert figures["throughput"][-3:] == [
        {"week": "2026-W46", "count": 1},
        {"week": "2026-W47", "count": 0},
        {"week": "2026-W48", "count": 1},
    ]


def test_as_of_in_the_past_ignores_later_events_and_later_requests() -> None:
    cards, histories = domain_objects()
    past = moment("11-18 00:00")
    then_known = [card for card in cards if card.created_at <= past]
    then_histories = {
        card.id: [event for event in histories[card.id] if event.at <= past] for card in then_known
    }

    then = compute_metrics(cards, histories, past)

    assert then == compute_metrics(then_known, then_histories, past)
    figures = then.to_dict()
    assert figures["requests"] == 4
    # #3 was in progress on 11-18 and had not been reopened yet: it had never shipped.
    assert figures["wip"] == 1
    assert figures["wip_age_days"]["p50"] == 7.0
    assert figures["throughput"][-2:] == [
        {"week": "2026-W46", "count": 1},
        {"week": "2026-W47", "count": 2},
    ]
    assert figures["throughput"][0]["week"] == "2026-W36"


def test_events_after_as_of_do_not_change_the_status_then() -> None:
    # #6 was closed on 11-27, after as-of: on 11-26 it was still in discovery.
    figures = compute_metrics(*domain_objects(), AS_OF).to_dict()

    assert figures["cumulative_flow"][-1]["closed"] == 1
    assert {item["id"] for item in figures["aging_wip"]} == {3, 6}


def test_arr_at_risk_counts_open_asks_due_within_90_days_or_overdue() -> None:
    def open_request(number: int, due: date | None) -> Built:
        return request(number, "11-02 00:00", asks=[ask(number, 1_000 * number, due)])

    today = AS_OF.date()
    figures = report(
        open_request(1, today + timedelta(days=90)),
        open_request(2, today + timedelta(days=91)),
        open_request(3, today - timedelta(days=400)),
        open_request(4, None),
        request(5, "11-02 00:00", *SHIPPED_IN_A_WEEK, asks=[ask(5, 5_000, today)]),
    ).to_dict()

    assert figures["arr_at_risk"] == 1_000 + 3_000
    assert figures["revenue_unblocked"] == 5_000


def test_an_account_on_two_shipped_requests_is_unblocked_once() -> None:
    figures = report(
        request(1, "11-02 00:00", *SHIPPED_IN_A_WEEK, asks=[ask(7, 300_000)]),
        request(2, "11-02 00:00", *SHIPPED_IN_A_WEEK, asks=[ask(7, 300_000), ask(8, 20_000)]),
        request(3, "11-02 00:00", asks=[ask(9, 5_000)]),  # still open: not unblocked
    ).to_dict()

    assert figures["revenue_unblocked"] == 300_000 + 20_000


def test_an_account_with_two_open_asks_due_soon_is_at_risk_once() -> None:
    soon, later = date(2026, 12, 10), date(2027, 1, 20)
    figures = report(
        request(1, "11-02 00:00", asks=[ask(7, 300_000, soon), ask(7, 300_000, later)]),
        request(2, "11-02 00:00", ("11-03 00:00", Status.DISCOVERY), asks=[ask(7, 300_000, soon)]),
        # Due far off on one request, soon on another: at risk, once.
        request(3, "11-02 00:00", asks=[ask(8, 20_000, date(2027, 9, 1))]),
        request(4, "11-02 00:00", asks=[ask(8, 20_000, soon)]),
    ).to_dict()

    assert figures["arr_at_risk"] == 300_000 + 20_000


def test_internal_asks_and_asks_not_made_yet_bring_no_arr() -> None:
    after = AS_OF.date() + timedelta(days=1)
    figures = report(
        request(
            1, "11-02 00:00", *SHIPPED_IN_A_WEEK, asks=[ask(None), ask(7, 50_000, asked_on=after)]
        ),
        request(
            2,
            "11-02 00:00",
            asks=[ask(None, due=AS_OF.date()), ask(8, 9_000, AS_OF.date(), asked_on=after)],
        ),
    ).to_dict()

    assert figures["revenue_unblocked"] == figures["arr_at_risk"] == 0
    assert figures["multi_account_share"] == 0
    assert sum(week["count"] for week in figures["asks_by_week"]) == 2


def test_share_of_requests_asked_for_by_more_than_one_account() -> None:
    figures = report(
        request(1, "11-02 00:00", asks=[ask(1), ask(2)]),
        request(2, "11-02 00:00", asks=[ask(1), ask(1)]),  # one account, twice
        request(3, "11-02 00:00", asks=[ask(None), ask(3)]),
        request(4, "11-02 00:00"),
    ).to_dict()

    assert figures["multi_account_share"] == 0.25


def test_declined_with_no_account_counts_closed_declines_that_no_account_asked_for() -> None:
    closed = ("11-05 00:00", Status.CLOSED)
    decline, defer = Decision.DECLINE, Decision.DEFER
    figures = report(
        request(1, "11-02 00:00", closed, decision=decline, asks=[ask(None)]),
        request(2, "11-02 00:00", closed, decision=decline),
        request(3, "11-02 00:00", closed, decision=decline, asks=[ask(None), ask(4)]),
        request(4, "11-02 00:00", closed, decision=defer, asks=[ask(None)]),
        # Decided, not closed yet as of the report.
        request(5, "11-02 00:00", ("11-30 00:00", Status.CLOSED), decision=decline),
    ).to_dict()

    assert figures["declined_without_account"] == 2


def test_asks_per_week_count_each_channel_in_the_window_only() -> None:
    figures = report(
        request(
            1,
            "11-02 00:00",
            asks=[
                ask(1, channel=Channel.CALL, asked_on=date(2026, 11, 23)),  # Mon, W48
                ask(2, channel=Channel.CALL, asked_on=date(2026, 11, 22)),  # Sun, W47
                ask(3, channel=Channel.QUESTIONNAIRE, asked_on=date(2026, 11, 26)),
                ask(4, channel=Channel.CHAT, asked_on=date(2026, 9, 6)),  # before W37
            ],
        )
    ).to_dict()

    weeks = {week["week"]: week for week in figures["asks_by_week"]}
    assert list(weeks) == [f"2026-W{number}" for number in range(37, 49)]
    assert weeks["2026-W48"]["count"] == 2
    assert weeks["2026-W48"]["by_channel"]["call"] == 1
    assert weeks["2026-W48"]["by_channel"]["questionnaire"] == 1
    assert weeks["2026-W47"]["by_channel"] == {c.value: int(c is Channel.CALL) for c in Channel}
    assert sum(week["count"] for week in weeks.values()) == 3


def test_declined_or_deferred_rate_and_effort_avoided_cover_decided_requests_only() -> None:
    figures = report(
        request(1, "11-02 00:00", decision=Decision.DEFER, estimate_weeks=4, planned_weeks=0),
        request(2, "11-02 00:00", decision=Decision.BUY, estimate_weeks=6, planned_weeks=2.5),
        request(3, "11-02 00:00", decision=Decision.POLICY, estimate_weeks=2),
        request(4, "11-02 00:00", estimate_weeks=9, planned_weeks=1),
    ).to_dict()

    assert figures["decided"] == 3
    assert figures["declined_or_deferred_rate"] == round(1 / 3, 4)
    assert figures["effort_avoided_weeks"] == 4 + 3.5


def test_request_without_any_history_stays_in_its_current_status_since_creation() -> None:
    card, _ = request(1, "11-02 00:00")
    shipped = card._replace(status=Status.SHIPPED, asks=(ask(1, 7_000),))

    figures = compute_metrics([shipped], {}, AS_OF).to_dict()

    assert figures["revenue_unblocked"] == 7_000
    assert figures["cycle_time_days"]["p50"] == 0.0
    assert figures["throughput"][-4] == {"week": "2026-W45", "count": 1}


def test_weeks_are_iso_weeks_across_a_new_year() -> None:
    figures = report(as_of=datetime(2027, 1, 1, 12, 0, tzinfo=UTC)).to_dict()

    assert [week["week"] for week in figures["throughput"][-3:]] == [
        "2026-W51",
        "2026-W52",
        "2026-W53",
    ]


def test_naive_as_of_is_taken_as_utc() -> None:
    built = request(1, "11-02 00:00", *SHIPPED_IN_A_WEEK)

    assert report(built, as_of=AS_OF.replace(tzinfo=None)) == report(built)


def test_as_of_in_another_time_zone_is_converted_to_utc() -> None:
    built = request(1, "11-02 00:00", *SHIPPED_IN_A_WEEK)
    tokyo = AS_OF.astimezone(timezone(timedelta(hours=9)))

    assert report(built, as_of=tokyo).to_dict()["as_of"] == "2026-11-26T12:00:00Z"


def test_aging_list_keeps_the_oldest_items_first_up_to_its_limit() -> None:
    built = [
        request(n, "11-01 00:00", (f"11-{n + 1:02d} 00:00", Status.DISCOVERY)) for n in range(1, 15)
    ]

    aging = report(*built).aging_wip

    assert [item.id for item in aging] == list(range(1, 11))
    assert aging[0].age_days == 24.5
    assert not any(item.over_p85 for item in aging)  # nothing finished: no p85 to compare


def test_decline_rate_is_kept_in_json_as_the_first_name_of_declined_or_deferred() -> None:
    figures = compute_metrics(*domain_objects(), AS_OF).to_dict()

    assert figures["decline_rate"] == figures["declined_or_deferred_rate"] == 0.4


def test_report_keys_come_in_a_stable_order() -> None:
    assert list(report().to_dict()) == [
        "as_of",
        "requests",
        "wip",
        "wip_age_days",
        "throughput",
        "cycle_time_days",
        "lead_time_days",
        "time_to_triage_days",
        "decided",
        "declined_or_deferred_rate",
        "decline_rate",
        "effort_avoided_weeks",
        "revenue_unblocked",
        "arr_at_risk",
        "intake_by_source",
        "intake_by_week",
        "asks_by_week",
        "multi_account_share",
        "declined_without_account",
        "cumulative_flow",
        "littles_law",
        "aging_wip",
    ]


def test_metrics_math_imports_neither_the_ui_nor_the_database() -> None:
    probe = (
        "import sys, secboard.domain.metrics\n"
        "banned = {'textual', 'sqlmodel', 'sqlalchemy', 'sqlite3'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )

    assert done.stdout.strip() == "[]"


def test_redacted_arr_sums_are_unknown_not_zero() -> None:
    figures = compute_metrics([], {}, AS_OF, arr_redacted=True).to_dict()

    assert figures["revenue_unblocked"] is None
    assert figures["arr_at_risk"] is None
