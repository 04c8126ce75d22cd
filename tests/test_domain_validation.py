"""Validation of every value a user can type: accepted forms, and refusals that name the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secboard.domain.errors import InvalidInput
from secboard.domain.fields import (
    EDITABLE_FIELDS,
    apply_changes,
    collect_problems,
    parse_changes,
    parse_field,
)
from secboard.domain.model import Answer, Decision, Horizon, Source, Status
from secboard.domain.validation import (
    local_today,
    parse_arr,
    parse_choice,
    parse_confidence,
    parse_date,
    parse_datetime,
    parse_impact,
    parse_labels,
    parse_long_text,
    parse_name,
    parse_objective_key,
    parse_reach,
    parse_title,
    parse_weeks,
)
from tests.builders import make_request

TODAY = date(2026, 11, 30)


def message(call, *args, **kwargs) -> str:
    """The full message of the InvalidInput that ``call`` raises."""
    with pytest.raises(InvalidInput) as caught:
        call(*args, **kwargs)
    return str(caught.value)


def attempt(call, *args, **kwargs):
    """``(value, None)`` when ``call`` accepts its input, ``(None, error)`` when it refuses."""
    try:
        return call(*args, **kwargs), None
    except InvalidInput as error:
        return None, error


# Titles and text --------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", " ", "   \t\n  ", "\u3000"])
def test_empty_or_whitespace_title_is_refused(title):
    assert message(parse_title, title) == "title: must not be empty"


def test_title_of_201_characters_is_refused():
    assert message(parse_title, "x" * 201) == "title: is 201 characters long; at most 200"


def test_title_of_200_characters_is_accepted_and_surrounding_space_is_not_counted():
    assert parse_title("  " + "x" * 200 + "\n") == "x" * 200


@pytest.mark.parametrize(
    "title",
    ["SSO [bold]x[/]", "Zugriffsprotokolle für Prüfer", "暗号鍵の管理", "مفتاح 🔐", "[/]"],
)
def test_any_unicode_title_is_kept_exactly(title):
    assert parse_title(title) == title


def test_title_with_a_nul_character_is_refused():
    assert message(parse_title, "SSO\x00") == "title: contains a NUL character"


def test_title_with_a_lone_surrogate_is_refused():
    assert message(parse_title, "SSO \ud800") == (
        "title: contains characters that are not valid Unicode"
    )


@pytest.mark.parametrize("call", [parse_long_text, parse_name])
def test_other_text_refuses_nul_and_lone_surrogates(call):
    assert message(call, "a\x00b", "description").endswith("contains a NUL character")
    assert message(call, "a\udfffb", "description").endswith("not valid Unicode")


def test_long_text_keeps_whitespace_and_has_a_generous_limit():
    assert parse_long_text("  line one\n\tline two  ", "description") == (
        "  line one\n\tline two  "
    )
    assert message(parse_long_text, "x" * 100_001, "description") == (
        "description: is 100,001 characters long; at most 100,000"
    )


def test_blank_name_means_none_and_names_are_trimmed():
    assert parse_name("   ", "customer") is None
    assert parse_name(None, "customer") is None
    assert parse_name("  Acme Corp ", "customer") == "Acme Corp"
    assert message(parse_name, "x" * 201, "customer").startswith("customer: is 201 characters")


@given(st.text(max_size=300))
def test_title_validation_never_crashes_on_arbitrary_text(text):
    title, error = attempt(parse_title, text)

    if error is not None:
        assert error.field == "title"
    else:
        assert title == text.strip()
        assert 1 <= len(title) <= 200


# Revenue --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "amount"),
    [
        ("120000", 120_000),
        ("120k", 120_000),
        ("120K", 120_000),
        ("$1.2m", 1_200_000),
        ("$ 950", 950),
        ("1,500,000", 1_500_000),
        ("2_000", 2_000),
        ("1.5M", 1_500_000),
        ("3b", 3_000_000_000),
        ("0", 0),
        (120_000, 120_000),
    ],
)
def test_arr_accepts_plain_and_abbreviated_amounts(raw, amount):
    assert parse_arr(raw) == amount


@pytest.mark.parametrize("raw", ["-1", "-120k", " -5", -1])
def test_negative_arr_is_refused(raw):
    assert message(parse_arr, raw) == "arr: must be ≥ 0"


@pytest.mark.parametrize("raw", ["abc", "12x", "1e6", "120 k€", "k", "$", "1.2.3"])
def test_arr_that_is_not_an_amount_is_refused_with_examples(raw):
    assert message(parse_arr, raw) == (
        f"arr: {raw!r} is not an amount (examples: 120000, 120k, 1.5m)"
    )


def test_arr_above_the_limit_is_refused():
    assert message(parse_arr, "1001b") == "arr: must be at most 1,000,000,000,000"


def test_absurdly_long_arr_is_refused_not_crashing():
    assert message(parse_arr, "9" * 400) == "arr: must be at most 1,000,000,000,000"


def test_blank_arr_means_none_and_booleans_are_not_amounts():
    assert parse_arr("  ") is None
    assert parse_arr(None) is None
    assert message(parse_arr, True) == "arr: must be a whole number"


@given(st.text(max_size=40))
def test_arr_parsing_never_crashes_and_is_never_negative(text):
    amount, error = attempt(parse_arr, text)

    if error is not None:
        assert error.field == "arr"
    else:
        assert amount is None or 0 <= amount <= 10**12


# Dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29"])
def test_impossible_calendar_dates_are_refused(raw):
    assert message(parse_date, raw, "due") == f"due: {raw} is not a real calendar date"


@pytest.mark.parametrize("raw", ["30/02/2026", "next week", "2026-2-3", "-3w", "+3m", "20261130"])
def test_text_that_is_not_a_date_is_refused_with_the_accepted_forms(raw):
    assert message(parse_date, raw, "due") == (
        f"due: {raw!r} is not a date; use YYYY-MM-DD, +10d or +3w"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2028-02-29", date(2028, 2, 29)),
        ("today", TODAY),
        ("Tomorrow", TODAY + timedelta(days=1)),
        ("+10d", TODAY + timedelta(days=10)),
        ("+3w", TODAY + timedelta(weeks=3)),
        (" +0d ", TODAY),
        (date(2027, 1, 1), date(2027, 1, 1)),
        ("", None),
        (None, None),
    ],
)
def test_dates_absolute_and_relative_to_today(raw, expected):
    assert parse_date(raw, "due", today=TODAY) == expected


def test_relative_dates_without_a_given_today_count_from_the_user_s_date(local_zone):
    local_zone("JST-9")
    before = local_today()
    parsed = parse_date("+3w", "due")
    after = local_today()

    assert parsed in {before + timedelta(weeks=3), after + timedelta(weeks=3)}


@pytest.mark.parametrize(
    ("zone", "moment", "day"),
    [
        ("JST-9", datetime(2026, 11, 30, 20, 0, tzinfo=UTC), date(2026, 12, 1)),
        ("HST10", datetime(2026, 12, 1, 5, 0, tzinfo=UTC), date(2026, 11, 30)),
        ("UTC", datetime(2026, 12, 1, 5, 0, tzinfo=UTC), date(2026, 12, 1)),
    ],
)
def test_today_is_the_date_on_the_user_s_clock_not_utc_s(local_zone, zone, moment, day):
    local_zone(zone)

    assert local_today(moment) == day


@given(st.text(max_size=30))
def test_date_parsing_never_crashes_on_arbitrary_text(text):
    day, error = attempt(parse_date, text, "due", today=TODAY)

    if error is not None:
        assert error.field == "due"
    else:
        assert day is None or isinstance(day, date)


def test_datetimes_are_read_as_utc():
    assert parse_datetime("2026-11-30T09:00:00Z", "as_of") == datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert parse_datetime("2026-11-30T10:00:00+01:00", "as_of") == datetime(
        2026, 11, 30, 9, tzinfo=UTC
    )
    assert parse_datetime("2026-11-30T09:00", "as_of").tzinfo == UTC
    assert parse_datetime(
        datetime(2026, 11, 30, 11, tzinfo=timezone(timedelta(hours=2))), "as_of"
    ) == datetime(2026, 11, 30, 9, tzinfo=UTC)


def test_a_date_alone_as_datetime_means_the_end_of_that_day():
    assert parse_datetime("2026-11-30", "as_of") == datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["yesterday", "2026-02-30T10:00", "2026-02-30"])
def test_bad_datetimes_are_refused(raw):
    assert message(parse_datetime, raw, "as_of").startswith("as_of: ")


# Choices --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("enum", "raw", "choices"),
    [
        (Source, "partner", "customer, sales, compliance, internal, incident"),
        (Status, "done", "intake, discovery, committed, in_progress, shipped, closed"),
        (Decision, "approve", "build, buy, policy, decline, defer"),
        (Answer, "maybe", "open, yes, no, na"),
        (Horizon, "soon", "now, next, later"),
    ],
)
def test_unknown_choice_is_refused_listing_the_valid_values(enum, raw, choices):
    assert message(parse_choice, enum, raw, "field") == (
        f"field: unknown value {raw!r}; choose one of: {choices}"
    )


@pytest.mark.parametrize(
    ("enum", "raw", "expected"),
    [
        (Source, " Customer ", Source.CUSTOMER),
        (Status, "in-progress", Status.IN_PROGRESS),
        (Status, "In Progress", Status.IN_PROGRESS),
        (Answer, "N/A", Answer.NA),
        (Answer, "n_a", Answer.NA),
        (Decision, "DEFER", Decision.DEFER),
        (Decision, Decision.BUY, Decision.BUY),
    ],
)
def test_choices_are_read_case_insensitively(enum, raw, expected):
    assert parse_choice(enum, raw, "field") is expected


# RICE inputs and effort ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"), [("0.25", 0.25), ("0.5", 0.5), ("1", 1.0), (2, 2.0), ("3", 3.0)]
)
def test_impact_on_the_scale_is_accepted(raw, value):
    assert parse_impact(raw) == value


@pytest.mark.parametrize("raw", ["0", "1.5", "4", "-1", 0.3])
def test_impact_not_on_the_scale_is_refused(raw):
    assert message(parse_impact, raw) == "impact: must be one of 0.25, 0.5, 1, 2, 3"


@pytest.mark.parametrize(
    ("raw", "value"), [("0", 0), ("80", 80), ("80%", 80), (" 100 ", 100), (55, 55)]
)
def test_confidence_in_percent_is_accepted(raw, value):
    assert parse_confidence(raw) == value


@pytest.mark.parametrize("raw", ["101", "-1", "50.5", "150%", 101])
def test_confidence_out_of_range_is_refused(raw):
    assert message(parse_confidence, raw) == (
        "confidence: must be a whole percentage from 0 to 100"
    )


@pytest.mark.parametrize(("raw", "value"), [("0", 0), ("400", 400), ("1e3", 1000), (12, 12)])
def test_reach_as_a_whole_number_is_accepted(raw, value):
    assert parse_reach(raw) == value


def test_negative_reach_is_refused():
    assert message(parse_reach, "-3") == "reach: must be ≥ 0"


@pytest.mark.parametrize("raw", ["2.5", 0.5])
def test_reach_that_is_not_a_whole_number_is_refused(raw):
    assert message(parse_reach, raw) == "reach: must be a whole number"


@pytest.mark.parametrize(
    ("call", "field"),
    [(parse_reach, "reach"), (parse_impact, "impact"), (parse_confidence, "confidence")],
)
def test_rice_inputs_refuse_words_and_non_finite_numbers(call, field):
    assert message(call, "lots") == f"{field}: 'lots' is not a number"
    assert message(call, "nan") == f"{field}: must be a finite number"
    assert message(call, "inf") == f"{field}: must be a finite number"
    assert message(call, True) == f"{field}: must be a number"


@pytest.mark.parametrize("call", [parse_reach, parse_impact, parse_confidence])
def test_blank_rice_inputs_mean_none(call):
    assert call("") is None
    assert call(None) is None


def test_weeks_accept_fractions_and_refuse_negative_or_huge_effort():
    assert parse_weeks("2.5", "estimate_weeks") == 2.5
    assert parse_weeks("0", "planned_weeks") == 0.0
    assert parse_weeks(" ", "planned_weeks") is None
    assert message(parse_weeks, "-1", "estimate_weeks") == "estimate_weeks: must be ≥ 0"
    assert message(parse_weeks, "1001", "estimate_weeks") == (
        "estimate_weeks: must be at most 1000 weeks"
    )
    assert message(parse_weeks, "three", "estimate_weeks") == (
        "estimate_weeks: 'three' is not a number"
    )


# Labels and objective keys ------------------------------------------------------------------


def test_labels_are_trimmed_deduplicated_and_blank_ones_dropped():
    assert parse_labels([" SOC 2 CC6.1", "", "SOC 2 CC6.1 ", "FedRAMP AC-2"], "frameworks") == (
        "SOC 2 CC6.1",
        "FedRAMP AC-2",
    )


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["two\nlines"], "frameworks: 'two\\nlines' must be on one line"),
        (["x" * 81], "frameworks: is 81 characters long; at most 80"),
        ([f"l{i}" for i in range(51)], "frameworks: has 51 entries; at most 50"),
        (["bad\x00"], "frameworks: contains a NUL character"),
    ],
)
def test_bad_labels_are_refused(labels, expected):
    assert message(parse_labels, labels, "frameworks") == expected


@pytest.mark.parametrize("key", ["O1", "emea-deals", "q3.soc2", "A_b"])
def test_objective_keys_accepted(key):
    assert parse_objective_key(f" {key} ") == key


@pytest.mark.parametrize("key", ["has space", "-leading", "O1!", "x" * 25])
def test_bad_objective_keys_are_refused(key):
    assert "must be 1–24 letters, digits, '-', '_' or '.'" in message(parse_objective_key, key)


def test_empty_objective_key_is_refused():
    assert message(parse_objective_key, "  ") == "key: must not be empty"


# Fields as edited ---------------------------------------------------------------------------


def test_every_editable_field_has_a_parser_and_status_is_not_editable():
    assert set(EDITABLE_FIELDS) >= {
        "title",
        "description",
        "source",
        "requester",
        "customer",
        "arr",
        "due",
        "frameworks",
        "tags",
        "estimate_weeks",
        "planned_weeks",
        "reach",
        "impact",
        "confidence",
        "horizon",
        "objective",
    }
    assert message(parse_field, "status", "shipped") == "status: is not an editable field"
    assert message(parse_field, "decision", "build") == "decision: is not an editable field"


@pytest.mark.parametrize("empty", ["", "none", "None", "-", None])
@pytest.mark.parametrize("name", ["horizon", "objective"])
def test_empty_values_clear_optional_choices(name, empty):
    assert parse_field(name, empty) is None


def test_labels_may_be_typed_comma_separated():
    assert parse_field("tags", "identity, sso,,identity") == ("identity", "sso")
    assert parse_field("tags", None) == ()


def test_parse_changes_stops_at_the_first_bad_value():
    with pytest.raises(InvalidInput) as caught:
        parse_changes({"title": "ok", "arr": "-1", "impact": "9"})

    assert caught.value.field == "arr"


def test_collect_problems_reports_every_bad_field_for_a_form():
    problems = collect_problems(
        {"title": " ", "arr": "120k", "due": "2026-02-30", "confidence": "101"}
    )

    assert problems == {
        "title": "must not be empty",
        "due": "2026-02-30 is not a real calendar date",
        "confidence": "must be a whole percentage from 0 to 100",
    }


def test_apply_changes_sets_fields_and_the_update_time():
    moment = datetime(2026, 12, 1, tzinfo=UTC)

    changed = apply_changes(make_request(), parse_changes({"arr": "120k"}), moment)

    assert (changed.arr, changed.updated_at) == (120_000, moment)
    with pytest.raises(InvalidInput, match="status: is not an editable field"):
        apply_changes(make_request(), {"status": Status.SHIPPED}, moment)


@pytest.mark.parametrize("name", EDITABLE_FIELDS)
@given(raw=st.text(max_size=60))
def test_no_field_crashes_on_arbitrary_text(name, raw):
    _value, error = attempt(parse_field, name, raw)

    assert error is None or error.field == name
