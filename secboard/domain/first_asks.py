"""Requests written before asks: their customer, ARR, requester and due date as a first ask.

Before asks, a request held one customer, one ARR, one requester and one due date. Such
a request (from an older snapshot, or built that way) becomes a request with one ask:
the customer is its account, the requester and due date its own. Accounts are made one
per customer name (compared without case and surrounding space, spelled as the first
request spells it); where requests gave one account different ARRs, it keeps the largest
and a note says so. The database upgrade applies the same rule.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from secboard.domain.asks import Account, Ask, Importance, account_key
from secboard.domain.model import Request, RequestRecord, WorkspaceData


def dropped_arr_note(request_id: int, arr: int) -> str:
    """What the user is told of a request whose ARR had no customer to belong to."""
    return (
        f"#{request_id} had an ARR ({arr:,}) but no customer: an ARR belongs to an account, "
        "so it was left out"
    )


def differing_arrs_note(name: str, arrs: Iterable[int]) -> str:
    """What the user is told of an account that requests gave different ARRs."""
    given = sorted(arrs)
    listed = ", ".join(f"{arr:,}" for arr in given)
    return f"account {name!r} was given different ARRs ({listed}); it keeps {given[-1]:,}"


class FirstAsks:
    """Collects the accounts of requests turned into first asks, in the order met."""

    def __init__(self, known: Iterable[Account] = ()) -> None:
        self._accounts = {account.key: account for account in known}
        self._arrs: dict[str, set[int]] = {}
        self._dropped: list[tuple[int, int]] = []

    @staticmethod
    def applies(request: Request) -> bool:
        """True when ``request`` was written before asks (and is changed by :meth:`convert`)."""
        r = request
        return not r.asks and (
            r.customer is not None or r.requester is not None or r.due is not None
        )

    def convert(self, request: Request) -> Request:
        """``request`` with its customer, ARR, requester and due date as its first ask
        (unchanged when it has asks already or none of these)."""
        r = request
        if not r.asks and r.customer is None and r.arr is not None:
            self._dropped.append((r.id, r.arr))
        if not self.applies(r):
            return request
        if r.customer is not None:
            key = account_key(r.customer)
            self._accounts.setdefault(key, Account(r.customer.strip()))
            if r.arr is not None:
                self._arrs.setdefault(key, set()).add(r.arr)
        ask = Ask(
            asked_on=r.created_at.date(),
            account=r.customer,
            requester=r.requester,
            importance=Importance.IMPORTANT,
            due=r.due,
        )
        return dataclasses.replace(request, asks=(ask,))

    def accounts(self) -> tuple[Account, ...]:
        """Every account met, each with the largest ARR any request gave it."""
        return tuple(
            dataclasses.replace(account, arr=max(self._arrs[key]))
            if key in self._arrs and account.arr is None
            else account
            for key, account in self._accounts.items()
        )

    def notes(self) -> list[str]:
        """One line per account that requests gave different ARRs, and one per ARR that
        had no account to belong to (it was left out)."""
        return [dropped_arr_note(request_id, arr) for request_id, arr in self._dropped] + [
            differing_arrs_note(self._accounts[key].name, arrs)
            for key, arrs in self._arrs.items()
            if len(arrs) > 1
        ]


def with_first_asks(data: WorkspaceData) -> WorkspaceData:
    """``data`` with every request written before asks given its first ask, and the
    accounts those asks name added (``data`` itself when there is none)."""
    if not any(FirstAsks.applies(record.request) for record in data.records):
        return data
    first = FirstAsks(data.accounts)
    records = tuple(
        RequestRecord(first.convert(record.request), record.history) for record in data.records
    )
    return dataclasses.replace(data, records=records, accounts=first.accounts())
