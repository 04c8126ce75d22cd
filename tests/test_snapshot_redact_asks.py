"""Redaction of accounts and asks: a shared snapshot names no account, requester or
account executive, carries no ARR and no account notes, and still imports."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime
from pathlib import Path

from secboard.domain.asks import Account, AccountKind, Ask, Channel, Importance, demand_of
from secboard.domain.checklist import DEFAULT_TEMPLATE, instantiate
from secboard.domain.model import (
    Answer,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    WorkspaceData,
    with_demand,
)
from secboard.snapshot import export_snapshot, parse_snapshot, redact
from secboard.workspace import Workspace

EXPORTED = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CREATED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)

ACCOUNTS = (
    Account(
        "Acme Corp",
        AccountKind.CUSTOMER,
        arr=120_000,
        tier="Acme Corp Platinum",
        renewal=date(2027, 3, 1),
        owner="Dana Reyes",
        notes="Renewal at risk; their CISO Zebulon Quark wants SSO first.",
    ),
    Account(
        "Globex Corporation",
        AccountKind.PROSPECT,
        arr=85_000,
        owner="Viktor Hale",
        notes="Pricing agreed off the record.",
    ),
    Account("Initech", AccountKind.PARTNER, arr=40_000, notes="Reseller in the Nordics."),
)
REQUESTERS = ("Ola Nordmann", "Mira Chen", "Sam Ito")
OWNERS = ("Dana Reyes", "Viktor Hale")
NOTES = ("Zebulon Quark", "off the record", "Reseller in the Nordics")
ARRS = (120_000, 85_000, 40_000)

SSO_ASKS = (
    Ask(
        date(2026, 10, 1),
        "Acme Corp",
        "Ola Nordmann",
        Channel.EMAIL,
        Importance.BLOCKER,
        due=date(2027, 1, 15),
        reference="ACME-CORP-MSA clause 7.2",
        quote="Acme Corp cannot renew its $120k without SAML. Ask Dana Reyes or Viktor Hale.",
        id=1,
    ),
    Ask(
        date(2026, 10, 9),
        "  ACME corp ",
        "ola NORDMANN",
        Channel.CALL,
        quote="Asked again: Ola wants it before the 120,000 renewal.",
        id=2,
    ),
    Ask(
        date(2026, 10, 20),
        "globex corporation",
        "Mira Chen",
        Channel.QUESTIONNAIRE,
        Importance.CRITICAL,
        reference="Globex security questionnaire Q-17 (Mira)",
        quote="Globex needs SSO in the pilot; Nordmann from Acme Corp told us.",
        id=3,
    ),
)
AUDIT_ASKS = (
    Ask(
        date(2026, 11, 2),
        "Initech",
        "Sam Ito",
        Channel.MEETING,
        quote="Initech resells to Globex Corporation, worth 40,000 a year.",
        id=4,
    ),
    Ask(date(2026, 11, 3), None, "Platform team", Channel.CHAT, quote="We need it too.", id=5),
)


def request(request_id: int, title: str, asks: tuple[Ask, ...], **fields: object) -> Request:
    """A request holding ``asks``, its demand derived as the store derives it."""
    arr = {account.key: account.arr for account in ACCOUNTS}
    made = Request(
        id=request_id,
        title=title,
        source=Source.CUSTOMER,
        status=Status.DISCOVERY,
        created_at=CREATED,
        updated_at=CREATED,
        asks=asks,
        **fields,  # type: ignore[arg-type]
    )
    return with_demand(made, demand_of(asks, arr.get))


def asked_data() -> WorkspaceData:
    """Two requests asked for by three accounts; names and ARR in every free text."""
    checklist = list(instantiate(DEFAULT_TEMPLATE))
    checklist[0] = dataclasses.replace(
        checklist[0], answer=Answer.YES, note="Mira Chen confirmed for Globex."
    )
    sso = request(
        1,
        "SSO for Acme Corp and globex",
        SSO_ASKS,
        description="Dana Reyes says ACME CORP and Initech both need it; $205k at stake.",
        rationale="Sam Ito and Ola Nordmann agree.",
        tags=("acme corp", "sso"),
        checklist=tuple(checklist),
    )
    audit = request(2, "Audit log export (Initech)", AUDIT_ASKS)
    history = (
        StatusEvent(CREATED, Status.INTAKE),
        StatusEvent(CREATED, Status.DISCOVERY, Status.INTAKE, "Viktor Hale escalated for Globex"),
    )
    return WorkspaceData(
        vision="Win Acme Corp's renewal.",
        template=DEFAULT_TEMPLATE,
        accounts=ACCOUNTS,
        records=(RequestRecord(sso, history), RequestRecord(audit, history)),
    )


def leaks(text: str) -> list[str]:
    """The names, notes and amounts of :func:`asked_data` still in ``text``."""
    words = [
        *(account.name for account in ACCOUNTS),
        "Acme",
        "Globex",
        *REQUESTERS,
        *(part for name in (*REQUESTERS, *OWNERS) for part in name.split()),
        *OWNERS,
        *NOTES,
    ]
    found = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]
    for arr in ARRS:
        spellings = (str(arr), f"{arr:,}", f"{arr // 1000}k")
        found += [s for s in spellings if re.search(rf"(?<![\w,]){s}(?![\w,])", text)]
    return found


def test_the_sample_names_everyone_it_should_hide() -> None:
    text = export_snapshot(asked_data(), exported_at=EXPORTED)

    assert sorted(set(leaks(text))) == sorted(
        {
            *(a.name for a in ACCOUNTS),
            "Acme",
            "Globex",
            *REQUESTERS,
            *OWNERS,
            "Ola",
            "Nordmann",
            "Mira",
            "Chen",
            "Sam",
            "Ito",
            "Dana",
            "Reyes",
            "Viktor",
            "Hale",
            *NOTES,
            "120000",
            "85000",
            "40000",
            "120k",
            "120,000",
            "40,000",
        }
    )


def test_a_redacted_export_names_no_account_requester_or_owner_and_has_no_arr() -> None:
    text = export_snapshot(asked_data(), exported_at=EXPORTED, redact=True)

    assert leaks(text) == []
    assert "arr =" not in text
    assert "notes =" not in text


def test_mentions_inside_quotes_references_and_texts_become_placeholders() -> None:
    data = redact(asked_data())
    sso, audit = (record.request for record in data.records)

    assert sso.title == "SSO for customer-1 and customer-2"
    assert sso.description == (
        "ae-1 says customer-1 and customer-3 both need it; [amount] at stake."
    )
    assert [ask.quote for ask in sso.asks] == [
        "customer-1 cannot renew its [amount] without SAML. Ask ae-1 or ae-2.",
        "Asked again: requester-1 wants it before the [amount] renewal.",
        "customer-2 needs SSO in the pilot; requester-1 from customer-1 told us.",
    ]
    assert [ask.reference for ask in sso.asks] == [
        "customer-1-MSA clause 7.2",
        "",
        "customer-2 security questionnaire Q-17 (requester-2)",
    ]
    assert audit.asks[0].quote == "customer-3 resells to customer-2, worth [amount] a year."
    assert data.records[0].history[1].note == "ae-2 escalated for customer-2"
    assert sso.checklist[0].note == "requester-2 confirmed for customer-2."
    assert sso.tags == ("customer-1", "sso")


def test_an_account_asking_twice_is_one_placeholder_however_it_is_spelled() -> None:
    data = redact(asked_data())
    sso, audit = (record.request for record in data.records)

    assert [(ask.account, ask.requester) for ask in (*sso.asks, *audit.asks)] == [
        ("customer-1", "requester-1"),
        ("customer-1", "requester-1"),
        ("customer-2", "requester-2"),
        ("customer-3", "requester-3"),
        (None, "requester-4"),
    ]
    assert (sso.customer, sso.requester, sso.arr, sso.accounts) == (
        "customer-1",
        "requester-1",
        None,
        2,
    )


def test_accounts_keep_their_kind_and_renewal_but_lose_arr_owner_name_and_notes() -> None:
    accounts = redact(asked_data()).accounts

    assert accounts == (
        Account(
            "customer-1",
            AccountKind.CUSTOMER,
            arr=None,
            tier="customer-1 Platinum",
            renewal=date(2027, 3, 1),
            owner="ae-1",
        ),
        Account("customer-2", AccountKind.PROSPECT, owner="ae-2"),
        Account("customer-3", AccountKind.PARTNER),
    )


def test_a_redacted_file_imports_with_every_ask_and_account(tmp_path: Path) -> None:
    text = export_snapshot(asked_data(), exported_at=EXPORTED, redact=True)

    loaded = parse_snapshot(text.encode())
    workspace = Workspace.open(tmp_path / "shared.db")
    try:
        workspace.load(loaded.data)
        data = workspace.data()
    finally:
        workspace.close()

    assert loaded.redacted
    assert data.redacted
    assert [a.name for a in data.accounts] == ["customer-1", "customer-2", "customer-3"]
    assert all(a.arr is None and a.notes == "" for a in data.accounts)
    sso, audit = (record.request for record in data.records)
    assert [ask.account for ask in sso.asks] == ["customer-1", "customer-1", "customer-2"]
    assert (sso.accounts, sso.arr, sso.due, sso.importance) == (
        2,
        None,
        date(2027, 1, 15),
        Importance.BLOCKER,
    )
    assert [ask.requester for ask in audit.asks] == ["requester-3", "requester-4"]
    assert leaks(export_snapshot(data, exported_at=EXPORTED)) == []


def test_a_name_written_without_its_accents_is_hidden_too() -> None:
    data = asked_data()
    record = data.records[1]
    ask = Ask(
        date(2026, 11, 4),
        "Société Générale",
        "José Núñez",
        reference="ticket from jose.nunez@societegenerale.com",
        quote="Societe Generale (SOCIÉTÉ GÉNÉRALE) wants it; Jose Nunez and Núñez agree.",
        id=6,
    )
    asked = dataclasses.replace(
        data,
        accounts=(*data.accounts, Account("Société Générale")),
        records=(
            data.records[0],
            RequestRecord(
                dataclasses.replace(record.request, asks=(*record.request.asks, ask)),
                record.history,
            ),
        ),
    )

    hidden = redact(asked).records[1].request.asks[-1]

    assert (hidden.account, hidden.requester) == ("customer-4", "requester-5")
    assert hidden.reference == "ticket from requester-5@customer-4.com"
    assert hidden.quote == ("customer-4 (customer-4) wants it; requester-5 and requester-5 agree.")
