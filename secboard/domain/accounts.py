"""An account's page: every ask it made and where each request stands.

What a PM opens before a call with a customer: the account, its asks with the status of
the request each one is on, and counts of where they stand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from secboard.domain.asks import Account, Ask
from secboard.domain.model import Decision, Status


class Standing(StrEnum):
    """Where an ask stands, as an account executive would tell the customer."""

    OPEN = "open"
    """Not decided yet (or deferred, to be looked at again)."""
    COMMITTED = "committed"
    """Decided and planned or being built."""
    SHIPPED = "shipped"
    DECLINED = "declined"


def standing(status: Status, decision: Decision | None) -> Standing:
    """Where an ask on a request in ``status`` with ``decision`` stands."""
    if status is Status.SHIPPED:
        return Standing.SHIPPED
    if status in (Status.COMMITTED, Status.IN_PROGRESS):
        return Standing.COMMITTED
    if status is Status.CLOSED and decision is not Decision.DEFER:
        return Standing.DECLINED
    return Standing.OPEN


class AccountAsk(NamedTuple):
    """One ask of an account, with the request it is on."""

    ask: Ask
    request_id: int
    title: str
    status: Status
    decision: Decision | None

    @property
    def standing(self) -> Standing:
        """Where this ask stands."""
        return standing(self.status, self.decision)


class AccountSummary(NamedTuple):
    """An account with counts of where its asks stand and its next due date."""

    account: Account
    open: int
    committed: int
    shipped: int
    declined: int
    next_due: date | None
    """The earliest due date of its asks still open or committed."""

    @property
    def asks(self) -> int:
        """How many asks the account made (on requests still on the board)."""
        return self.open + self.committed + self.shipped + self.declined


def summarize(account: Account, asks: Iterable[AccountAsk]) -> AccountSummary:
    """The summary of ``account`` from its ``asks``."""
    counts = dict.fromkeys(Standing, 0)
    dues: list[date] = []
    for item in asks:
        where = item.standing
        counts[where] += 1
        if item.ask.due is not None and where in (Standing.OPEN, Standing.COMMITTED):
            dues.append(item.ask.due)
    return AccountSummary(
        account,
        counts[Standing.OPEN],
        counts[Standing.COMMITTED],
        counts[Standing.SHIPPED],
        counts[Standing.DECLINED],
        min(dues, default=None),
    )


def by_arr(summaries: Sequence[AccountSummary]) -> list[AccountSummary]:
    """Accounts by ARR, largest first (those without one last), then by name."""
    return sorted(
        summaries,
        key=lambda item: (item.account.arr is None, -(item.account.arr or 0), item.account.key),
    )
