"""Asks and accounts: who asked for a request, what they said, and what they are worth.

A request holds one or more asks; an ask comes from an account (a customer, prospect or
partner) or, for an internal ask, from a team with no account. What a request is worth
is its *demand*, derived from its asks and never typed: how many asked, how many
distinct accounts, the ARR at stake (each account once, however often it asked), the
earliest due date and the highest importance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class AccountKind(StrEnum):
    """What relation an account has with the company."""

    CUSTOMER = "customer"
    PROSPECT = "prospect"
    """Not yet a customer: its ARR is the deal's expected ARR."""
    PARTNER = "partner"


class Channel(StrEnum):
    """How an ask reached security."""

    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    TICKET = "ticket"
    QUESTIONNAIRE = "questionnaire"
    CHAT = "chat"
    OTHER = "other"


class Importance(StrEnum):
    """How much the asker needs it, lowest first."""

    NICE = "nice"
    IMPORTANT = "important"
    CRITICAL = "critical"
    BLOCKER = "blocker"

    @property
    def rank(self) -> int:
        """0 for ``nice`` up to 3 for ``blocker``: the order of importance."""
        return IMPORTANCE_ORDER.index(self)


IMPORTANCE_ORDER: tuple[Importance, ...] = tuple(Importance)
"""Importances from the lowest to the highest."""


def account_key(name: str) -> str:
    """What makes two account names the same account: compared without case and
    surrounding space (``" ACME "`` is ``"acme"``)."""
    return name.strip().casefold()


@dataclass(frozen=True, slots=True)
class Account:
    """A company asks come from."""

    name: str
    kind: AccountKind = AccountKind.CUSTOMER
    arr: int | None = None
    """Annual recurring revenue; for a prospect, the deal's expected ARR."""
    tier: str = ""
    renewal: date | None = None
    owner: str | None = None
    """The account executive."""
    notes: str = ""

    @property
    def key(self) -> str:
        """The account's identity (see :func:`account_key`)."""
        return account_key(self.name)


NEW_ASK_ID = 0
"""The id of an ask that has not been stored yet; the store assigns the real one."""


@dataclass(frozen=True, slots=True)
class Ask:
    """One asker's request for a request: who, how, when, how badly, and their words."""

    asked_on: date
    account: str | None = None
    """The account's name; None for an internal ask (the requester is a team)."""
    requester: str | None = None
    channel: Channel = Channel.OTHER
    importance: Importance = Importance.IMPORTANT
    due: date | None = None
    """When this asker needs it."""
    reference: str = ""
    """A ticket id, questionnaire id or contract clause."""
    quote: str = ""
    """What they actually said, verbatim."""
    id: int = NEW_ASK_ID


class Demand(NamedTuple):
    """What a request is worth, derived from its asks."""

    asks: int
    accounts: int
    """Distinct accounts among the asks."""
    arr: int | None
    """ARR at stake: the sum over distinct accounts (None when no account has an ARR)."""
    due: date | None
    """The earliest due date of the asks."""
    importance: Importance | None
    """The highest importance of the asks."""
    lead_account: str | None
    """The account most at stake (highest ARR, then the first to ask), for a one-line view."""
    lead_requester: str | None
    """The requester of the first ask that names one."""


NO_DEMAND = Demand(0, 0, None, None, None, None, None)
"""The demand of a request nobody asked for."""


def demand_of(asks: Iterable[Ask], arr_of: Callable[[str], int | None]) -> Demand:
    """The demand of ``asks``; ``arr_of`` gives an account's ARR by its :func:`account_key`.

    An account that asked twice counts once, in the number of accounts and in the ARR.
    """
    asks = tuple(asks)
    if not asks:
        return NO_DEMAND
    names: dict[str, str] = {}
    for ask in asks:
        if ask.account is not None:
            names.setdefault(account_key(ask.account), ask.account)
    arrs = {key: arr_of(key) for key in names}
    known = [arr for arr in arrs.values() if arr is not None]
    # Highest ARR first; among equals, the first to ask (dicts keep insertion order).
    lead = max(names, key=lambda key: arrs[key] or 0, default=None)
    dues = [ask.due for ask in asks if ask.due is not None]
    return Demand(
        asks=len(asks),
        accounts=len(names),
        arr=sum(known) if known else None,
        due=min(dues, default=None),
        importance=max((ask.importance for ask in asks), key=lambda level: level.rank),
        lead_account=None if lead is None else names[lead],
        lead_requester=next((ask.requester for ask in asks if ask.requester), None),
    )
