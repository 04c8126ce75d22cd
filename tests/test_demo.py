"""The demo workspace: accounts, asks in the askers' words, and duplicates left to merge."""

from __future__ import annotations

from collections import Counter

from secboard.demo import generate
from secboard.demo.catalogue import DUPLICATES
from secboard.domain.asks import AccountKind, account_key
from secboard.domain.model import FINISHED_STATUSES, Source
from secboard.workspace import Workspace
from tests.conftest import NOW


def test_demo_has_customers_prospects_and_a_partner_with_arr_and_renewals() -> None:
    accounts = generate(60, 1, NOW).accounts

    assert 25 <= len(accounts) <= 40
    kinds = Counter(account.kind for account in accounts)
    assert kinds[AccountKind.CUSTOMER] > kinds[AccountKind.PROSPECT] > kinds[AccountKind.PARTNER]
    assert kinds[AccountKind.PARTNER] >= 1
    assert all(account.arr and account.tier and account.owner for account in accounts)
    customers = [a for a in accounts if a.kind is AccountKind.CUSTOMER]
    assert all(a.renewal is not None and a.renewal > NOW.date() for a in customers)


def test_every_request_holds_one_to_six_asks_from_known_accounts_or_teams() -> None:
    data = generate(60, 1, NOW)
    known = {account.key for account in data.accounts}

    for record in data.records:
        request = record.request
        assert 1 <= len(request.asks) <= 6, request.title
        for ask in request.asks:
            assert ask.requester
            assert ask.asked_on <= NOW.date()
            if request.source in (Source.CUSTOMER, Source.SALES):
                assert ask.account is not None
                assert account_key(ask.account) in known
            else:
                assert ask.account is None, "an internal ask comes from a team"
        # The first ask came before (or when) the request was captured.
        assert request.asks[0].asked_on <= request.created_at.date()
    asks = [ask for record in data.records for ask in record.request.asks]
    assert len({ask.quote for ask in asks if ask.quote}) > 40
    assert len({ask.channel for ask in asks}) >= 5
    assert len({ask.importance for ask in asks}) == 4
    assert any(ask.due for ask in asks)
    assert any(record.request.accounts > 1 for record in data.records)


def test_duplicates_are_left_open_for_capture_to_find(workspace: Workspace) -> None:
    workspace.load(generate(60, 1, NOW))
    by_title = {card.title: card for card in workspace.cards()}

    for original, duplicate in DUPLICATES:
        first, second = by_title[original], by_title[duplicate]
        assert first.status not in FINISHED_STATUSES
        assert second.status not in FINISHED_STATUSES
        assert second.asks <= 2, "a duplicate is caught after an ask or two"
        assert first.id in [similar.id for similar in workspace.similar_requests(duplicate)]
        assert second.id in [similar.id for similar in workspace.similar_requests(original)]


def test_the_same_seed_and_clock_give_the_same_workspace() -> None:
    assert generate(60, 7, NOW) == generate(60, 7, NOW)
    assert generate(60, 7, NOW) != generate(60, 8, NOW)


def test_a_large_demo_has_about_three_asks_per_request_and_an_account_per_five() -> None:
    data = generate(10_000, 1, NOW)

    asks = sum(len(record.request.asks) for record in data.records)
    assert 2.8 <= asks / len(data.records) <= 3.2
    assert len(data.accounts) == 2_000
    assert len({account.key for account in data.accounts}) == 2_000
