"""Changes to requests: add, edit, move, answer, decide, delete."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from secboard.domain import checklist as checklists
from secboard.domain import lifecycle
from secboard.domain.asks import Account, Ask
from secboard.domain.errors import InvalidInput
from secboard.domain.fields import FIRST_ASK_FIELDS, RawValue, apply_changes, parse_changes
from secboard.domain.model import (
    NEW_ID,
    Answer,
    Decision,
    Request,
    RequestRecord,
    Source,
    Status,
    StatusEvent,
)
from secboard.domain.validation import (
    local_today,
    parse_date,
    parse_long_text,
    parse_weeks,
)

if TYPE_CHECKING:
    from secboard.store.unit import UnitOfWork

from secboard.workspace.base import WorkspaceBase, Written


class RequestChanges(WorkspaceBase):
    """Adding and changing requests, each in one transaction with its undo step."""

    def add(self, fields: Mapping[str, RawValue]) -> Request:
        """Create a request in intake from raw field values (title required)."""
        if "title" not in fields:
            raise InvalidInput("title", "must not be empty")
        now = self.now()
        values = parse_changes({"source": Source.CUSTOMER.value, **fields}, today=local_today(now))
        first_ask = _split_first_ask(values)
        draft = apply_changes(
            Request(
                id=NEW_ID,
                title=values["title"],
                source=values["source"],
                status=Status.INTAKE,
                created_at=now,
                updated_at=now,
            ),
            values,
            now,
        )
        created = StatusEvent(at=now, to_status=Status.INTAKE)
        with self._unit_of_work() as uow:
            if first_ask:
                draft = _with_first_ask(uow, draft, first_ask, local_today(now))
            stored = uow.insert_request(draft, [created])
            request_id = stored.id
            accounts_before = dict(uow.accounts_before)

            def revert(u: UnitOfWork) -> Written:
                self._check_untouched(u, request_id)
                u.delete_request(request_id)
                u.restore_accounts(accounts_before)
                return {request_id: None}

            self._remember(
                f"add #{request_id}", revert, {request_id: stored.version}, {request_id: None}
            )
        return stored

    def edit(
        self,
        request_id: int,
        fields: Mapping[str, RawValue],
        *,
        expected_version: int | None = None,
    ) -> Request:
        """Change fields of a request; values are validated as for :meth:`add`."""
        values = parse_changes(fields, today=self.today())
        first_ask = _split_first_ask(values)

        def change(request: Request, uow: UnitOfWork) -> Request:
            if first_ask:
                request = _with_first_ask(uow, request, first_ask, self.today())
            return apply_changes(request, values, self.now())

        return self._change(request_id, "edit", change, expected_version)

    def link(
        self, request_id: int, objective: str | None, *, expected_version: int | None = None
    ) -> Request:
        """Tie a request to an objective (or untie it with None)."""
        return self.edit(request_id, {"objective": objective}, expected_version=expected_version)

    def move(
        self,
        request_id: int,
        target: Status,
        *,
        force: bool = False,
        reason: str = "",
        expected_version: int | None = None,
    ) -> Request:
        """Move a request to another status, applying the lifecycle rules."""
        parse_long_text(reason, "reason")
        template = self.template()
        now = self.now()

        def change(request: Request, uow: UnitOfWork) -> Request:
            plan = lifecycle.plan_move(request, target, template, force=force, reason=reason)
            uow.append_event(
                request.id,
                StatusEvent(
                    at=now,
                    from_status=request.status,
                    to_status=target,
                    note=plan.note,
                    forced=plan.forced,
                ),
            )
            return dataclasses.replace(
                request, status=target, checklist=plan.checklist, updated_at=now
            )

        return self._change(request_id, f"move to {target.value}", change, expected_version)

    def step(
        self,
        request_id: int,
        *,
        forward: bool,
        force: bool = False,
        reason: str = "",
        expected_version: int | None = None,
    ) -> Request:
        """Move a request one column right (``forward``) or left on the board."""
        record = self.record(request_id)
        target = (
            lifecycle.next_status(record.request)
            if forward
            else lifecycle.previous_status(record.request, record.history)
        )
        if target is None:
            where = "the end" if forward else "the start"
            raise InvalidInput("status", f"#{request_id} is at {where} of the flow")
        return self.move(
            request_id, target, force=force, reason=reason, expected_version=expected_version
        )

    def answer(
        self,
        request_id: int,
        key: str,
        answer: Answer,
        *,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> Request:
        """Answer one discovery checklist question (and optionally note why)."""
        if note is not None:
            parse_long_text(note, "note")

        def change(request: Request, _uow: UnitOfWork) -> Request:
            items = checklists.answer_item(request.checklist, key, answer, note)
            return dataclasses.replace(request, checklist=items, updated_at=self.now())

        return self._change(request_id, f"answer {key}", change, expected_version)

    def decide(
        self,
        request_id: int,
        decision: Decision,
        *,
        rationale: str | None = None,
        planned_weeks: str | float | None = None,
        revisit: str | date | None = None,
        close: bool = False,
        expected_version: int | None = None,
    ) -> Request:
        """Record a decision; with ``close``, a decline or defer also closes the request."""
        if rationale is not None:
            parse_long_text(rationale, "rationale")
        planned = parse_weeks(planned_weeks, "planned")
        revisit_on = parse_date(revisit, "revisit", today=self.today())
        now = self.now()

        def change(request: Request, uow: UnitOfWork) -> Request:
            decided = lifecycle.apply_decision(
                request,
                decision,
                rationale=rationale,
                planned_weeks=planned,
                revisit=revisit_on,
                now=now,
            )
            if not close or decided.status is Status.CLOSED:
                return decided
            plan = lifecycle.plan_move(decided, Status.CLOSED, ())
            uow.append_event(
                request.id,
                StatusEvent(
                    at=now, from_status=request.status, to_status=Status.CLOSED, note=plan.note
                ),
            )
            return dataclasses.replace(decided, status=Status.CLOSED)

        return self._change(request_id, f"decide {decision.value}", change, expected_version)

    def delete(self, request_id: int, *, expected_version: int | None = None) -> RequestRecord:
        """Delete a request with its checklist and history; undoable while this runs.

        Raises:
            InvalidInput: requests were merged into this one (it holds their asks).
        """
        with self._unit_of_work() as uow:
            current = uow.request(request_id)
            self._check_version(current, expected_version)
            merged = uow.merged_into(request_id)
            if merged:
                # It holds their asks, and their records say where they went.
                raise InvalidInput(
                    "delete",
                    f"#{request_id} holds what was merged into it "
                    f"({', '.join(f'#{i}' for i in merged)}); it cannot be deleted",
                )
            record = RequestRecord(current, uow.history(request_id))
            uow.delete_request(request_id)

            def revert(u: UnitOfWork) -> Written:
                self._check_untouched(u, request_id)
                restored = dataclasses.replace(record.request, version=record.request.version + 1)
                u.insert_request(restored, record.history)
                return {request_id: restored.version}

            self._remember(
                f"delete #{request_id}", revert, {request_id: None}, {request_id: current.version}
            )
        return record

    def _change(
        self,
        request_id: int,
        label: str,
        change: Callable[[Request, UnitOfWork], Request],
        expected_version: int | None,
    ) -> Request:
        """Load, check the version, apply ``change``, store with version + 1, remember undo."""
        with self._unit_of_work() as uow:
            current = uow.request(request_id)
            self._check_version(current, expected_version)
            if current.merged_into is not None:
                raise InvalidInput(
                    "request",
                    f"#{request_id} was merged into #{current.merged_into}; "
                    f"change #{current.merged_into} instead",
                )
            history_before = uow.history(request_id)
            changed = dataclasses.replace(change(current, uow), version=current.version + 1)
            updated = uow.update_request(
                changed,
                checklist_changed=changed.checklist != current.checklist,
                asks_changed=changed.asks != current.asks,
            )
            # An edit of the customer or ARR, or an ask naming a new account, saves
            # accounts too: taking the change back puts them back.
            accounts_before = dict(uow.accounts_before)

            def revert(u: UnitOfWork) -> Written:
                now_stored = self._check_untouched(u, request_id)
                assert now_stored is not None
                restored = dataclasses.replace(current, version=now_stored.version + 1)
                u.delete_request(request_id)
                u.insert_request(restored, history_before)
                u.restore_accounts(accounts_before)
                return {request_id: restored.version}

            self._remember(
                f"{label} #{request_id}",
                revert,
                {request_id: updated.version},
                {request_id: current.version},
            )
        return updated


def _split_first_ask(values: dict[str, Any]) -> dict[str, Any]:
    """Take the :data:`FIRST_ASK_FIELDS` out of parsed ``values`` (and return them)."""
    return {name: values.pop(name) for name in FIRST_ASK_FIELDS if name in values}


def _with_first_ask(
    uow: UnitOfWork, request: Request, values: Mapping[str, Any], today: date
) -> Request:
    """``request`` with its first ask changed by ``values`` (customer, ARR, requester, due;
    the ask is made if it has none): the account is added if new, and given the ARR."""
    first = request.asks[0] if request.asks else Ask(asked_on=today)
    account = values.get("customer", first.account)
    if "arr" in values and account is not None:
        # An empty ARR clears the account's, as an empty value clears any optional field.
        base = uow.find_account(account) or Account(account)
        uow.save_account(dataclasses.replace(base, arr=values["arr"]), previous_name=base.name)
    elif values.get("arr") is not None:
        raise InvalidInput("arr", "belongs to an account: give a customer too")
    elif account is not None and uow.find_account(account) is None:
        uow.save_account(Account(account))
    ask = dataclasses.replace(
        first,
        account=account,
        requester=values.get("requester", first.requester),
        due=values.get("due", first.due),
    )
    return dataclasses.replace(request, asks=(ask, *request.asks[1:]))
