"""Asks and accounts: who asked for each request, and what they are worth."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING

from secboard.domain.accounts import AccountAsk, AccountSummary, by_arr, summarize
from secboard.domain.ask_fields import (
    changed,
    new_account,
    new_ask,
    parse_account_changes,
    parse_ask_changes,
)
from secboard.domain.asks import Account, Ask, account_key
from secboard.domain.errors import InvalidInput, NotFound
from secboard.domain.fields import RawValue
from secboard.domain.model import Request, history_note
from secboard.domain.similar import Similar, similar_titles
from secboard.store import queries
from secboard.workspace.base import Written
from secboard.workspace.requests import RequestChanges

if TYPE_CHECKING:
    from secboard.store.unit import UnitOfWork


class AskChanges(RequestChanges):
    """Adding, editing and removing asks and accounts, each undoable."""

    # Reads ----------------------------------------------------------------------------

    def accounts(self) -> list[Account]:
        """Every account, by name."""
        with self._db.reading() as read:
            return queries.accounts(read)

    def account(self, name: str) -> Account:
        """The account called ``name`` (without case and surrounding space).

        Raises:
            NotFound: no account has this name.
        """
        with self._db.reading() as read:
            found = queries.account(read, account_key(name))
        if found is None:
            raise NotFound(f"no account {name!r}; see 'secboard account list'")
        return found

    def account_summaries(self) -> list[AccountSummary]:
        """Every account with counts of where its asks stand, by ARR (largest first)."""
        with self._db.reading() as read:
            accounts = queries.accounts(read)
            asks = queries.account_asks(read)
        return by_arr([summarize(account, asks.get(account.key, ())) for account in accounts])

    def account_page(self, name: str) -> tuple[AccountSummary, list[AccountAsk]]:
        """The account called ``name``, summarized, with every ask it made (oldest first).

        Raises:
            NotFound: no account has this name.
        """
        key = account_key(name)
        with self._db.reading() as read:
            account = queries.account(read, key)
            asks = queries.account_asks(read, key).get(key, []) if account else []
        if account is None:
            raise NotFound(f"no account {name!r}; see 'secboard account list'")
        return summarize(account, asks), asks

    def similar_requests(self, title: str, *, limit: int = 3) -> list[Similar]:
        """The open requests whose title is close to ``title``, closest first."""
        with self._db.reading() as read:
            candidates = queries.open_titles(read)
        return similar_titles(title, candidates, limit=limit)

    def ask_request_id(self, ask_id: int) -> int:
        """The id of the request that holds ask ``ask_id``.

        Raises:
            NotFound: no ask has this id.
        """
        with self._db.reading() as read:
            request_id = queries.ask_request_id(read, ask_id)
        if request_id is None:
            raise NotFound(f"no ask {ask_id}; 'secboard show ID' lists a request's asks")
        return request_id

    # Asks -----------------------------------------------------------------------------

    def add_ask(
        self,
        request_id: int,
        fields: Mapping[str, RawValue],
        *,
        create_account: bool = False,
        expected_version: int | None = None,
    ) -> Request:
        """Add an ask to a request; with ``create_account``, an unknown account is added
        (as a customer) in the same change."""
        ask = new_ask(fields, today=self.today())

        def change(request: Request, uow: UnitOfWork) -> Request:
            self._ensure_account(uow, ask, create_account)
            return dataclasses.replace(request, asks=(*request.asks, ask), updated_at=self.now())

        return self._change(request_id, "add an ask to", change, expected_version)

    def edit_ask(
        self,
        ask_id: int,
        fields: Mapping[str, RawValue],
        *,
        create_account: bool = False,
        expected_version: int | None = None,
    ) -> Request:
        """Change fields of one ask (found by its id)."""
        values = parse_ask_changes(fields, today=self.today())
        request_id = self.ask_request_id(ask_id)

        def change(request: Request, uow: UnitOfWork) -> Request:
            asks = []
            for ask in request.asks:
                if ask.id == ask_id:
                    ask = changed(ask, values)
                    self._ensure_account(uow, ask, create_account)
                asks.append(ask)
            return dataclasses.replace(request, asks=tuple(asks), updated_at=self.now())

        return self._change(request_id, f"edit ask {ask_id} of", change, expected_version)

    def remove_ask(self, ask_id: int, *, expected_version: int | None = None) -> Request:
        """Take one ask off its request."""
        request_id = self.ask_request_id(ask_id)

        def change(request: Request, _uow: UnitOfWork) -> Request:
            asks = tuple(ask for ask in request.asks if ask.id != ask_id)
            return dataclasses.replace(request, asks=asks, updated_at=self.now())

        return self._change(request_id, f"remove ask {ask_id} from", change, expected_version)

    def _ensure_account(self, uow: UnitOfWork, ask: Ask, create: bool) -> None:
        """Check that the account ``ask`` names exists; add it when ``create``."""
        if ask.account is None or uow.find_account(ask.account) is not None:
            return
        if not create:
            raise NotFound(
                f"no account {ask.account!r}; add it with 'secboard account add', "
                "or pass --create-account"
            )
        uow.save_account(Account(ask.account))

    # Merging --------------------------------------------------------------------------

    def merge(
        self,
        source_id: int,
        target_id: int,
        *,
        expected_versions: Mapping[int, int] | None = None,
    ) -> Request:
        """Merge request ``source_id`` into ``target_id``: its asks, frameworks and tags
        move to the target (whose checklist answers stay), it leaves the board and its
        record says where it went. One undo step takes the whole merge back.

        Raises:
            InvalidInput: a request merged into itself, or a merged request on either side.
        """
        if source_id == target_id:
            raise InvalidInput("merge", f"#{source_id} cannot be merged into itself")
        expected = expected_versions or {}
        now = self.now()
        with self._unit_of_work() as uow:
            source, target = uow.request(source_id), uow.request(target_id)
            for request in (source, target):
                self._check_version(request, expected.get(request.id))
            if source.merged_into is not None:
                raise InvalidInput(
                    "merge", f"#{source_id} was already merged into #{source.merged_into}"
                )
            if target.merged_into is not None:
                raise InvalidInput(
                    "merge",
                    f"#{target_id} was merged into #{target.merged_into}; "
                    f"merge into #{target.merged_into} instead",
                )
            histories = {source_id: uow.history(source_id), target_id: uow.history(target_id)}
            # What was merged into the source goes where the source goes: a merged
            # request always names one still on the board.
            followers = [uow.request(i) for i in uow.merged_into(source_id)]
            repointed = {
                follower.id: uow.update_request(
                    dataclasses.replace(
                        follower, merged_into=target_id, version=follower.version + 1
                    ),
                    checklist_changed=False,
                ).version
                for follower in followers
            }
            emptied = uow.update_request(
                dataclasses.replace(
                    source,
                    asks=(),
                    merged_into=target_id,
                    updated_at=now,
                    version=source.version + 1,
                ),
                checklist_changed=False,
                asks_changed=True,
            )
            merged = uow.update_request(
                dataclasses.replace(
                    target,
                    asks=(*target.asks, *source.asks),
                    frameworks=_union(target.frameworks, source.frameworks),
                    tags=_union(target.tags, source.tags),
                    updated_at=now,
                    version=target.version + 1,
                ),
                checklist_changed=False,
                asks_changed=True,
            )
            uow.append_event(
                target_id,
                history_note(now, target, f"merged #{source_id} into this: {source.title}"),
            )
            uow.append_event(source_id, history_note(now, source, f"merged into #{target_id}"))

            def revert(u: UnitOfWork) -> Written:
                stored = {id_: self._check_untouched(u, id_) for id_ in (target_id, source_id)}
                written: Written = {}
                for id_ in stored:
                    u.delete_request(id_)
                for before in (source, target):
                    version = (stored[before.id] or before).version + 1
                    u.insert_request(
                        dataclasses.replace(before, version=version), histories[before.id]
                    )
                    written[before.id] = version
                for follower in followers:
                    now_stored = self._check_untouched(u, follower.id)
                    assert now_stored is not None
                    version = now_stored.version + 1
                    u.update_request(
                        dataclasses.replace(follower, version=version), checklist_changed=False
                    )
                    written[follower.id] = version
                return written

            self._remember(
                f"merge #{source_id} into #{target_id}",
                revert,
                {source_id: emptied.version, target_id: merged.version, **repointed},
                {
                    source_id: source.version,
                    target_id: target.version,
                    **{follower.id: follower.version for follower in followers},
                },
            )
        return merged

    # Accounts -------------------------------------------------------------------------

    def add_account(self, fields: Mapping[str, RawValue]) -> Account:
        """Add an account (``name`` required, unique without case).

        Raises:
            InvalidInput: an account with this name exists already.
        """
        account = new_account(fields, today=self.today())
        with self._unit_of_work() as uow:
            if uow.find_account(account.name) is not None:
                raise InvalidInput("name", f"an account called {account.name!r} exists already")
            uow.save_account(account)

            def revert(u: UnitOfWork) -> Written:
                u.delete_account(account.name)
                return {}

            self._remember(f"add account {account.name}", revert, {}, {})
        return account

    def edit_account(self, name: str, fields: Mapping[str, RawValue]) -> Account:
        """Change fields of the account ``name``; its requests' demand follows."""
        values = parse_account_changes(fields, today=self.today())
        with self._unit_of_work() as uow:
            before = uow.account(name)
            after = changed(before, values)
            uow.save_account(after, previous_name=before.name)

            def revert(u: UnitOfWork) -> Written:
                u.save_account(before, previous_name=after.name)
                return {}

            self._remember(f"edit account {before.name}", revert, {}, {})
        return after

    def remove_account(self, name: str) -> Account:
        """Remove an account that no ask comes from."""
        with self._unit_of_work() as uow:
            account = uow.account(name)
            uow.delete_account(account.name)

            def revert(u: UnitOfWork) -> Written:
                u.save_account(account)
                return {}

            self._remember(f"remove account {account.name}", revert, {}, {})
        return account


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    """The labels of ``first`` then those of ``second`` it lacks (without case)."""
    seen = {label.casefold() for label in first}
    extra = []
    for label in second:
        if label.casefold() not in seen:
            seen.add(label.casefold())
            extra.append(label)
    return (*first, *extra)
