"""Redaction: a shared snapshot names no customer or requester and carries no ARR."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from secboard.demo import COMPANIES, SALES_PEOPLE, TEAMS, generate
from secboard.domain.asks import Account
from secboard.domain.model import ChecklistItem, RequestRecord, TemplateItem, WorkspaceData
from secboard.snapshot import export_snapshot, parse_snapshot, redact
from secboard.snapshot.names import COMMON_WORDS, name_parts, placeholders
from secboard.snapshot.redact import Scrubber, hide_amounts
from tests.builders import as_stored
from tests.snapshot_samples import (
    EXPORTED,
    FREE_TEXT_FIELDS,
    asked_by,
    every_free_text,
    sample_data,
)


def test_redacted_demo_snapshot_leaks_no_customer_requester_or_arr() -> None:
    data = generate(120, 3, EXPORTED)
    amounts = {r.request.arr for r in data.records if r.request.arr is not None}
    assert amounts

    text = export_snapshot(data, exported_at=EXPORTED, redact=True)

    names = [
        *(c.name for c in COMPANIES),
        *SALES_PEOPLE,
        *(team for teams in TEAMS.values() for team in teams),
    ]
    assert [name for name in names if name in text] == []
    # Ignoring case too, wherever the name starts a word ("CTO" may hide in "sector").
    leaked = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}", text, re.IGNORECASE)]
    assert leaked == []
    assert "arr =" not in text
    assert [a for a in amounts if re.search(rf"= {a}$", text, re.MULTILINE)] == []
    assert "redacted = true\n" in text


def test_redaction_replaces_names_inside_titles_and_descriptions() -> None:
    data = redact(as_stored(sample_data()))
    request = data.records[0].request

    assert request.title == "SSO for the admin console — customer-1"
    assert request.description == "customer-1 asked twice.\nSee the thread."
    assert request.rationale == "Two renewals name it; customer-1 first."
    assert (request.customer, request.requester, request.arr) == (
        "customer-1",
        "requester-1",
        None,
    )
    assert [(ask.account, ask.requester) for ask in request.asks] == [
        ("customer-1", "requester-1"),
        (None, "requester-2"),
    ]


def test_placeholders_are_numbered_by_first_appearance() -> None:
    mapping = placeholders(["Globex", None, "Acme", "globex", "Initech", "Acme"], "customer")

    assert mapping == {
        "Globex": "customer-1",
        "Acme": "customer-2",
        "globex": "customer-1",
        "Initech": "customer-3",
    }


def test_scrubber_ignores_case_and_prefers_the_longest_name() -> None:
    scrub = Scrubber({"Acme": "customer-1", "Acme Corp": "customer-2"})

    assert scrub("ACME CORP and acme") == "customer-2 and customer-1"


def test_scrubber_hides_a_name_that_runs_into_a_longer_word() -> None:
    scrub = Scrubber({"Acme Corp": "customer-1"})

    assert scrub("Acme Corporation") == "customer-1oration"


def test_scrubber_does_not_touch_a_name_inside_another_word() -> None:
    scrub = Scrubber({"Legal": "requester-1"})

    assert scrub("illegal, but Legal agreed") == "illegal, but requester-1 agreed"


def test_scrubber_also_hides_a_person_named_without_their_role() -> None:
    scrub = Scrubber({"Dana Reyes (AE, EMEA)": "requester-1"})

    assert scrub("Spoke to Dana Reyes today") == "Spoke to requester-1 today"


def test_scrubber_handles_names_with_pattern_characters() -> None:
    scrub = Scrubber({"A+B (UK) [Ltd]": "customer-1", "(parens)": "customer-2"})

    assert scrub("x A+B (UK) [Ltd] y x(parens)") == "x customer-1 y xcustomer-2"


def with_request(**changes: object) -> WorkspaceData:
    """The sample workspace with request #12 changed."""
    data = sample_data()
    record = data.records[0]
    request = dataclasses.replace(record.request, **changes)
    return dataclasses.replace(data, records=(RequestRecord(request, record.history),))


def test_redaction_keeps_titles_within_their_limit() -> None:
    title = " ".join(["Acme Corp"] * 20)

    shared = redact(with_request(title=title))

    assert len(shared.records[0].request.title) <= 200
    assert parse_snapshot(export_snapshot(shared, exported_at=EXPORTED).encode())


def test_redaction_merges_labels_that_become_equal() -> None:
    shared = redact(with_request(tags=("Acme Corp", "ACME CORP", "identity")))

    assert shared.records[0].request.tags == ("customer-1", "identity")


def test_accounts_whose_names_fold_alike_keep_distinct_placeholders() -> None:
    # Distinct accounts (their names differ by more than case) that redaction's folding
    # would take for one name: the redacted file must still hold two accounts.
    data = dataclasses.replace(
        sample_data(), accounts=(Account("Acme Corp"), Account("Ａｃｍｅ Corp"))
    )

    shared = redact(data)

    assert [account.name for account in shared.accounts] == ["customer-1", "customer-2"]
    assert parse_snapshot(export_snapshot(shared, exported_at=EXPORTED).encode())


def test_redaction_of_an_empty_workspace_changes_nothing() -> None:
    data = dataclasses.replace(sample_data(), records=(), accounts=())

    assert redact(data) == data


# Amounts and name parts inside free text ---------------------------------------------------

AMOUNTS = ("$250k", "250,000", "250000 ARR", "$1.2M", "€40k", "USD 250,000", "£3.5bn", "75k")


@pytest.mark.parametrize("amount", AMOUNTS)
def test_amounts_in_every_free_text_field_are_hidden(amount: str) -> None:
    text = f"Blocks a renewal: {amount} at stake"

    shared = export_snapshot(every_free_text(text), exported_at=EXPORTED, redact=True)

    assert amount not in shared
    assert shared.count("Blocks a renewal: [amount]") == FREE_TEXT_FIELDS


def test_ordinary_numbers_are_kept() -> None:
    text = (
        "Due 2026-03-01, see #12 and #1200; 3 weeks of work in 2027; 90% of 2,000% "
        "uptime; TLS 1.2 and v10.4.1; SOC 2 CC6.1; a 5m outage; 1500 seats"
    )

    assert redact(every_free_text(text)).records[0].request.description == text


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("ARR of 250000 from them", "ARR of [amount] from them"),
        ("revenue: 1200000", "revenue: [amount]"),
        ("a deal worth 40000 in total", "a deal worth [amount] in total"),
        ("1.5m ARR", "[amount] ARR"),
        ("250 € or 40k EUR", "[amount] or [amount]"),
        ("ARR 250000 and 300000 ARR", "ARR [amount] and [amount] ARR"),
        ("renewal in 2027, ARR 999", "renewal in 2027, ARR 999"),
    ],
)
def test_plain_numbers_next_to_money_words_are_hidden(text: str, hidden: str) -> None:
    assert hide_amounts(text) == hidden


def test_a_first_or_last_name_alone_is_hidden_in_any_case() -> None:
    shared = redact(
        asked_by(every_free_text("Email from Dana; SCULLY agreed, dana too"), "Dana Scully")
    )

    request = shared.records[0].request
    assert request.asks[0].requester == "requester-1"
    assert request.description == "Email from requester-1; requester-1 agreed, requester-1 too"
    assert shared.vision == request.description


def test_a_name_part_is_hidden_only_as_a_whole_word() -> None:
    shared = redact(asked_by(every_free_text("Danae asked about the Danube"), "Dana Scully"))

    assert shared.records[0].request.description == "Danae asked about the Danube"


def test_short_name_parts_and_common_words_stay() -> None:
    scrub = Scrubber({}, name_parts({"Will Ng": "requester-1", "Platform team": "requester-2"}))

    assert scrub("The platform team will ship; Ng and Will agreed") == (
        "The platform team will ship; Ng and Will agreed"
    )
    assert scrub("Platform team and Will Ng") == "Platform team and Will Ng"


def test_a_name_part_two_people_share_names_both() -> None:
    parts = name_parts({"Dana Scully": "requester-1", "Dana Reyes (AE, EMEA)": "requester-2"})

    assert parts == {
        "dana": "requester-1/requester-2",
        "scully": "requester-1",
        "reyes": "requester-2",
    }


def test_hyphenated_and_apostrophe_names_are_hidden_whole_and_in_pieces() -> None:
    parts = name_parts({"Mary-Jane O'Neil": "requester-1", "Sam Li (SRE on-call)": "requester-2"})

    assert parts == {
        "mary-jane": "requester-1",
        "mary": "requester-1",
        "jane": "requester-1",
        "o'neil": "requester-1",
        "sam": "requester-2",
    }


def test_a_customer_is_hidden_without_its_legal_form_too() -> None:
    scrub = Scrubber({"Acme Corp": "customer-1", "Nordic Telecom AB": "customer-2"})

    assert scrub("Acme and Nordic Telecom asked") == "customer-1 and customer-2 asked"


_letters = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=3, max_size=9)
person_names = st.lists(
    _letters.filter(lambda part: part not in COMMON_WORDS).map(str.capitalize),
    min_size=2,
    max_size=3,
).map(" ".join)
_spelling = st.sampled_from([str.lower, str.upper, str.capitalize, str])
_SKELETON = export_snapshot(every_free_text("Email from"), exported_at=EXPORTED, redact=True)
VOCABULARY = set(re.findall(r"\w+", _SKELETON.lower()))
"""The words of a redacted export without names: a name made of them would seem to leak."""


@given(st.lists(person_names, min_size=1, max_size=4), st.data())
def test_no_part_of_a_requester_name_survives_a_redacted_export(
    people: list[str], data: st.DataObject
) -> None:
    parts = {part for person in people for part in person.split()}
    assume(not {part.lower() for part in parts} & (VOCABULARY | {"amount"}))
    mentions = [
        data.draw(_spelling)(part) + data.draw(st.sampled_from(["", ",", "'s", ".", ":"]))
        for part in sorted(parts)
    ]
    text = " and ".join(["Email from", *mentions])
    workspace = asked_by(every_free_text(text), *people)

    shared = export_snapshot(workspace, exported_at=EXPORTED, redact=True)

    survivors = [p for p in parts if re.search(rf"(?<!\w){p}(?!\w)", shared, re.IGNORECASE)]
    assert survivors == []


amounts_written = st.integers(1000, 10**9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.sampled_from(
            [f"${n:,}", f"{n:,}", f"{n} ARR", f"ARR of {n}", f"USD {n:,}", f"€{n}", f"{n:,} EUR"]
        ),
    )
)


@given(amounts_written)
def test_no_amount_survives_a_redacted_export(written: tuple[int, str]) -> None:
    number, amount = written
    # A plain year next to a money word is kept ("renewal in 2027").
    assume(not (1900 <= number <= 2099 and amount in (f"{number} ARR", f"ARR of {number}")))

    shared = export_snapshot(
        every_free_text(f"renewal risk: {amount}."), exported_at=EXPORTED, redact=True
    )

    assert re.search(rf"(?<![0-9,.])(?:{number}|{number:,})(?![0-9,])", shared) is None
    assert shared.count("[amount]") == FREE_TEXT_FIELDS


def test_keys_that_name_a_customer_or_requester_are_renamed_everywhere() -> None:
    data = sample_data()
    record = data.records[0]
    objective = dataclasses.replace(data.objectives[0], key="Acme-renewal")
    template = (*data.template, TemplateItem("dana_reyes_signoff", "Signed off?"))
    checklist = (*record.request.checklist, ChecklistItem("dana_reyes_signoff", "Signed off?"))
    request = dataclasses.replace(record.request, objective="Acme-renewal", checklist=checklist)
    data = dataclasses.replace(
        data,
        template=template,
        objectives=(objective, *data.objectives[1:]),
        records=(RequestRecord(request, record.history), *data.records[1:]),
    )

    shared = redact(data)

    assert shared.objectives[0].key == "customer-1-renewal"
    assert shared.records[0].request.objective == "customer-1-renewal"
    assert shared.template[-1].key == "requester_1_signoff"
    assert shared.records[0].request.checklist[-1].key == "requester_1_signoff"
    assert [item.key for item in shared.template[:-1]] == [item.key for item in data.template[:-1]]
    text = export_snapshot(shared, exported_at=EXPORTED)
    assert parse_snapshot(text.encode()).data.objectives[0].key == "customer-1-renewal"


def test_a_renamed_key_that_would_be_too_long_or_taken_is_numbered() -> None:
    data = sample_data()
    keys = ("Acme-x", "customer-1-x", "Acme-Corp-and-Acme-Corp-1")
    objectives = tuple(
        dataclasses.replace(data.objectives[0], key=key, title=f"Objective {key}") for key in keys
    )
    record = data.records[0]
    request = dataclasses.replace(record.request, objective="Acme-x")
    data = dataclasses.replace(
        data, objectives=objectives, records=(RequestRecord(request, record.history),)
    )

    shared = redact(data)

    assert [o.key for o in shared.objectives] == ["objective-1", "customer-1-x", "objective-2"]
    assert shared.records[0].request.objective == "objective-1"
    assert parse_snapshot(export_snapshot(shared, exported_at=EXPORTED).encode())


def test_owners_and_who_made_each_change_become_pm_placeholders() -> None:
    data = sample_data()
    record = data.records[0]
    noted = dataclasses.replace(record.history[1], note="Sam asked Priya Nair to look.")
    records = (RequestRecord(record.request, (record.history[0], noted)), data.records[1])

    redacted = redact(dataclasses.replace(data, records=records))

    request = redacted.records[0].request
    assert (request.owner, request.updated_by) == ("pm-1", "pm-2")
    assert [event.actor for event in redacted.records[0].history] == ["pm-2", "pm-1"]
    assert redacted.records[0].history[1].note == "pm-1 asked pm-2 to look."
    assert redacted.records[1].history[0].actor is None


def test_no_pm_name_survives_a_redacted_export() -> None:
    data = sample_data()
    record = data.records[0]
    described = dataclasses.replace(
        record.request, description="Owned by Sam Okafor; Priya Nair reviews."
    )
    data = dataclasses.replace(data, records=(RequestRecord(described, record.history),))

    text = export_snapshot(data, exported_at=EXPORTED, redact=True)

    assert [n for n in ("Sam", "Okafor", "Priya", "Nair") if n.casefold() in text.casefold()] == []
    assert 'owner = "pm-1"\n' in text
    assert 'updated_by = "pm-2"\n' in text
    assert 'by = "pm-1"\n' in text
    assert parse_snapshot(text.encode()).data.records[0].request.owner == "pm-1"
