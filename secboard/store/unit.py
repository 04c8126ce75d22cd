"""The unit of work: domain-level reads and writes inside one write transaction.

The service (:mod:`secboard.workspace`) decides; the unit of work reads the current
rows under the write lock and stores the result. Reads use the same queries and row
converters as every other read (:mod:`.queries`); writes go through :mod:`.writes`.
Every change it stores is signed with :attr:`UnitOfWork.actor`.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence

from secboard.domain.asks import Account, account_key
from secboard.domain.errors import Conflict, NotFound
from secboard.domain.model import NEW_ID, Objective, Request, StatusEvent
from secboard.store import queries, writes
from secboard.store.session import Session


class UnitOfWork:
    """Domain-level reads and writes inside one transaction, signed by ``actor``."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session = session
        self.read = session
        self.actor = actor
        """Who is making the change: recorded on each request and event written."""
        self.accounts_before: dict[str, Account | None] = {}
        """Each account this unit saved, by key, as it was before (None: it was new), so
        that taking the change back can put the accounts back too."""

    # Requests -------------------------------------------------------------------------

    def request(self, request_id: int) -> Request:
        """The request with its checklist.

        Raises:
            NotFound: no request has this id.
        """
        found = queries.request(self.read, request_id)
        if found is None:
            raise NotFound(f"no request #{request_id}")
        return found

    def exists(self, request_id: int) -> bool:
        """True when a request with this id is stored."""
        return queries.exists(self.read, request_id)

    def merged_into(self, request_id: int) -> list[int]:
        """The ids of the requests merged into request ``request_id``."""
        return queries.merged_into(self.read, request_id)

    def history(self, request_id: int) -> tuple[StatusEvent, ...]:
        """The status history of a request, oldest first."""
        return queries.history(self.read, request_id)

    def insert_request(self, request: Request, history: Sequence[StatusEvent]) -> Request:
        """Store a request (a new id when its id is :data:`NEW_ID`) with its history;
        returns the request as stored.

        The request is signed by this unit's actor (the one place changes are signed);
        a new one's history too, while a request brought back (an undo) keeps the events
        it had, each with its signer.
        """
        objective_id = self.objective_id(request.objective)
        accounts = self.account_ids(request)
        signed = dataclasses.replace(request, updated_by=self.actor)
        if request.id == NEW_ID:
            events = [dataclasses.replace(event, actor=self.actor) for event in history]
            return writes.insert_new_request(self.session, signed, events, objective_id, accounts)
        writes.insert_requests(
            self.session, [(signed, history)], lambda _key: objective_id, accounts
        )
        return self.request(request.id)

    def update_request(
        self, request: Request, *, checklist_changed: bool, asks_changed: bool = False
    ) -> Request:
        """Overwrite the stored fields (and checklist and asks, if changed) of
        ``request``, signed; returns the request as stored (its demand derived)."""
        signed = dataclasses.replace(request, updated_by=self.actor)
        stored = writes.update_request(
            self.session,
            signed,
            self.objective_id(request.objective),
            self.account_ids(request),
            checklist_changed=checklist_changed,
            asks_changed=asks_changed,
        )
        if stored is None:
            raise NotFound(f"no request #{request.id}")
        return stored

    def append_event(self, request_id: int, history_event: StatusEvent) -> None:
        """Add one status change to the history of a request, signed."""
        writes.append_event(
            self.session, request_id, dataclasses.replace(history_event, actor=self.actor)
        )

    def delete_request(self, request_id: int) -> None:
        """Remove a request with its checklist and history."""
        if writes.delete_request(self.session, request_id) is None:
            raise NotFound(f"no request #{request_id}")

    # Objectives -----------------------------------------------------------------------

    def objective_id(self, key: str | None) -> int | None:
        """The row id of the objective ``key``.

        Raises:
            NotFound: no objective has this key.
        """
        if key is None:
            return None
        found = queries.objective_id(self.read, key)
        if found is None:
            raise NotFound(f"no objective {key!r}; see 'secboard objective list'")
        return found

    def objective(self, key: str) -> Objective:
        """The objective ``key``."""
        found = queries.objective(self.read, key)
        if found is None:
            raise NotFound(f"no objective {key!r}; see 'secboard objective list'")
        return found

    def objective_keys(self) -> list[str]:
        """Keys of every objective."""
        return [objective.key for objective in queries.objectives(self.read)]

    def save_objective(self, objective: Objective) -> None:
        """Insert or overwrite the objective with this key."""
        writes.save_objective(self.session, objective)

    def delete_objective(self, key: str) -> None:
        """Remove an objective that no request is linked to.

        Raises:
            Conflict: requests are still linked to it.
        """
        objective_id = self.objective_id(key)
        linked = queries.first(
            self.read,
            "SELECT id FROM request WHERE objective_id = :id ORDER BY id",
            {"id": objective_id},
        )
        if linked is not None:
            raise Conflict(f"objective {key!r} has linked requests (#{linked['id']}); not removed")
        writes.delete_objective(self.session, key)

    # Accounts -------------------------------------------------------------------------

    def account_ids(self, request: Request) -> writes.AccountIds:
        """Where the accounts the asks of ``request`` name are stored.

        Raises:
            NotFound: an ask names an account that does not exist.
        """
        names = {account_key(ask.account): ask.account for ask in request.asks if ask.account}
        known = queries.account_ids(self.read, names)
        for key, name in names.items():
            if key not in known:
                raise NotFound(
                    f"no account {name!r}; add it with 'secboard account add' "
                    "(or pass --create-account)"
                )
        return known.__getitem__

    def account(self, name: str) -> Account:
        """The account called ``name`` (compared without case and surrounding space).

        Raises:
            NotFound: no account has this name.
        """
        found = queries.account(self.read, account_key(name))
        if found is None:
            raise NotFound(f"no account {name!r}; see 'secboard account list'")
        return found

    def find_account(self, name: str) -> Account | None:
        """The account called ``name``, or None."""
        return queries.account(self.read, account_key(name))

    def save_account(self, account: Account, *, previous_name: str | None = None) -> None:
        """Insert the account, or overwrite the one called ``previous_name`` (default its
        own name); the demand of the requests it asked for follows.

        Raises:
            Conflict: another account already has the new name.
        """
        before_key = account_key(previous_name) if previous_name is not None else account.key
        if before_key not in self.accounts_before:
            self.accounts_before[before_key] = queries.account(self.read, before_key)
        renamed = previous_name is not None and account_key(previous_name) != account.key
        if renamed and queries.account(self.read, account.key) is not None:
            raise Conflict(f"an account called {account.name!r} already exists")
        writes.save_account(
            self.session,
            account,
            previous_key=None if previous_name is None else account_key(previous_name),
        )

    def restore_accounts(self, before: dict[str, Account | None]) -> None:
        """Put back the accounts a unit of work saved (its :attr:`accounts_before`): those
        it changed as they were, those it added removed unless an ask names them now."""
        for key, account in before.items():
            if account is not None:
                self.save_account(account, previous_name=account.name)
                continue
            created = queries.account(self.read, key)
            if created is not None:
                with contextlib.suppress(Conflict):
                    self.delete_account(created.name)

    def delete_account(self, name: str) -> None:
        """Remove an account no ask comes from.

        Raises:
            Conflict: asks still come from it.
        """
        account = self.account(name)
        asked = queries.first(
            self.read,
            "SELECT k.request_id FROM ask k JOIN account a ON a.id = k.account_id "
            "WHERE a.name_key = :key ORDER BY k.request_id",
            {"key": account.key},
        )
        if asked is not None:
            raise Conflict(
                f"account {account.name!r} has asks (on #{asked['request_id']}); not removed"
            )
        writes.delete_account(self.session, account.key)

    # Settings -------------------------------------------------------------------------

    def generation(self) -> str:
        """Which whole-workspace replace the stored requests come from ("" before any)."""
        return queries.setting(self.read, queries.GENERATION_KEY) or ""

    def set_setting(self, key: str, value: str) -> None:
        """Store a workspace setting."""
        writes.set_setting(self.session, key, value)
