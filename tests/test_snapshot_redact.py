"""Redaction: a shared snapshot names no customer or requester and carries no ARR."""

from __future__ import annotations

import dataclasses
import re

from secboard.demo import CUSTOMERS, SALES_PEOPLE, TEAMS, generate
from secboard.domain.model import RequestRecord, WorkspaceData
from secboard.snapshot import export_snapshot, parse_snapshot, redact
from secboard.snapshot.redact import Scrubber, placeholders
from tests.snapshot_samples import EXPORTED, sample_data


def test_redacted_demo_snapshot_leaks_no_customer_requester_or_arr() -> None:
    data = generate(120, 3, EXPORTED)
    amounts = {r.request.arr for r in data.records if r.request.arr is not None}
    assert amounts

    text = export_snapshot(data, exported_at=EXPORTED, redact=True)

    names = [*CUSTOMERS, *SALES_PEOPLE, *(team for teams in TEAMS.values() for team in teams)]
    assert [name for name in names if name in text] == []
    # Ignoring case too, wherever the name starts a word ("CTO" may hide in "sector").
    leaked = [n for n in names if re.search(rf"(?<!\w){re.escape(n)}", text, re.IGNORECASE)]
    assert leaked == []
    assert "arr =" not in text
    assert [a for a in amounts if re.search(rf"= {a}$", text, re.MULTILINE)] == []
    assert "redacted = true\n" in text


def test_redaction_replaces_names_inside_titles_and_descriptions() -> None:
    data = redact(sample_data())
    request = data.records[0].request

    assert request.title == "SSO for the admin console — customer-1"
    assert request.description == "customer-1 asked twice.\nSee the thread."
    assert request.rationale == "Two renewals name it; customer-1 first."
    assert (request.customer, request.requester, request.arr) == (
        "customer-1",
        "requester-1",
        None,
    )


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


def test_redaction_of_an_empty_workspace_changes_nothing() -> None:
    data = dataclasses.replace(sample_data(), records=())

    assert redact(data) == data
