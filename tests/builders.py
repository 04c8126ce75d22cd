"""Small builders for domain objects, so each test states only what it is about."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from secboard.domain.asks import account_key, demand_of
from secboard.domain.checklist import DEFAULT_TEMPLATE, instantiate
from secboard.domain.first_asks import with_first_asks
from secboard.domain.model import (
    Answer,
    ChecklistItem,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
    WorkspaceData,
    with_demand,
)

CREATED = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)

DEFAULT_KEYS: tuple[str, ...] = (
    "need_confirmed",
    "revenue_tied",
    "marketing_consulted",
    "scope_specific",
    "scope_reduced",
    "policy_carveout",
    "buy_vs_build",
    "success_metric",
    "stakeholders_aligned",
)
"""The default checklist's keys, as the specification fixes them."""


def make_request(**fields: Any) -> Request:
    """A request in intake with only the given fields changed."""
    base = Request(
        id=7,
        title="SSO for the admin console",
        source=Source.CUSTOMER,
        status=Status.INTAKE,
        created_at=CREATED,
        updated_at=CREATED,
    )
    return dataclasses.replace(base, **fields)


def open_checklist() -> tuple[ChecklistItem, ...]:
    """The default checklist with every question still open."""
    return instantiate(DEFAULT_TEMPLATE)


def answered_checklist(
    answer: Answer = Answer.YES, *, leave_open: int = 0
) -> tuple[ChecklistItem, ...]:
    """The default checklist answered with ``answer``, except the last ``leave_open`` items."""
    items = open_checklist()
    cut = len(items) - leave_open
    return tuple(
        dataclasses.replace(item, answer=answer) if index < cut else item
        for index, item in enumerate(items)
    )


def event(to: Status, frm: Status | None = None, *, days: float = 0) -> StatusEvent:
    """A history event ``days`` after the request was created."""
    return StatusEvent(at=CREATED + timedelta(days=days), to_status=to, from_status=frm)


def content(data: WorkspaceData) -> WorkspaceData:
    """``data`` without its request versions, which a whole-workspace replace lifts.

    A version says which change of a request someone last saw, not what it holds: after
    an import over a non-empty workspace the same requests carry higher versions.
    """
    return dataclasses.replace(
        data,
        records=tuple(
            dataclasses.replace(record, request=dataclasses.replace(record.request, version=0))
            for record in data.records
        ),
    )


def as_stored(data: WorkspaceData) -> WorkspaceData:
    """``data`` as the store gives it back: each request's customer, requester, ARR, due
    date, account count and importance derived from its asks and its accounts' ARRs (the
    lead account named as its account is), the accounts by name without case.

    A snapshot carries none of these (they are not data, only a view of the asks), so a
    workspace built for a file leaves them unset and the store is expected to fill them.
    """
    accounts = {account.key: account for account in data.accounts}

    def derived(request: Request) -> Request:
        demand = demand_of(request.asks, lambda key: accounts[key].arr)
        if demand.lead_account is not None:
            lead = accounts[account_key(demand.lead_account)]
            demand = demand._replace(lead_account=lead.name)
        return with_demand(request, demand)

    return dataclasses.replace(
        data,
        records=tuple(
            RequestRecord(derived(record.request), record.history) for record in data.records
        ),
        accounts=tuple(sorted(data.accounts, key=lambda account: account.key)),
    )


def as_loaded(data: WorkspaceData) -> WorkspaceData:
    """``data`` as a load into an empty workspace stores it: requests written before asks
    given their first ask (see :mod:`secboard.domain.first_asks`), asks without an id
    numbered from 1 in the order loaded, and then :func:`as_stored`."""
    data = with_first_asks(data)
    numbers = itertools.count(1)

    def numbered(request: Request) -> Request:
        asks = tuple(
            ask if ask.id else dataclasses.replace(ask, id=next(numbers)) for ask in request.asks
        )
        return dataclasses.replace(request, asks=asks)

    records = tuple(
        RequestRecord(numbered(record.request), record.history) for record in data.records
    )
    return as_stored(dataclasses.replace(data, records=records))
