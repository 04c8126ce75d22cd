"""What changed between two snapshots: the weekly report for a stakeholder.

Requests are matched by id. A request appears in every group it belongs to — merged,
moved, decided, checklist answered, asks added or removed, other fields edited — so each
group reads on its own. Asks are matched by id (by their content when a file gives them
none); accounts by name, compared without case and surrounding space.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from secboard.domain.asks import NEW_ASK_ID, Account, Ask
from secboard.domain.model import (
    STATUS_ORDER,
    Answer,
    ChecklistItem,
    Objective,
    Request,
    RequestRecord,
    Status,
    StatusEvent,
)
from secboard.snapshot.layout import ACCOUNT_KEYS, ASK_KEYS, REQUEST_KEYS
from secboard.snapshot.model import Snapshot

EDIT_FIELDS: tuple[str, ...] = tuple(
    name
    for name in REQUEST_KEYS
    if name not in {"id", "status", "decision", "merged_into", "updated_at", "updated_by"}
)
"""Request fields reported as edits (status, decision and merges have their own groups;
when and by whom a request was last changed is bookkeeping, not an edit). Who asked, for
how much and by when are the asks' own changes, never the request's."""

ASK_FIELDS: tuple[str, ...] = tuple(name for name in ASK_KEYS if name != "id")
"""Ask fields compared for an edited ask."""

ACCOUNT_FIELDS: tuple[str, ...] = tuple(name for name in ACCOUNT_KEYS if name != "name")
"""Account fields compared for a changed account (the name is what matches them)."""

OBJECTIVE_FIELDS: tuple[str, ...] = ("title", "description", "target", "status")


@dataclass(frozen=True, slots=True)
class RequestRef:
    """A request as a report line names it: id, title (as it is now) and status."""

    id: int
    title: str
    status: str


@dataclass(frozen=True, slots=True)
class Change:
    """One value that differs: its name, the old value and the new one."""

    name: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """A checklist question answered differently (or added to, or dropped from, the list)."""

    key: str
    old: Answer | None
    """None when the question was not in the old checklist."""
    new: Answer | None
    """None when the question is no longer in the checklist."""
    note: str | None
    """The new note, when it changed."""


@dataclass(frozen=True, slots=True)
class RequestChanges:
    """The changes of one group for one request."""

    request: RequestRef
    changes: tuple[Change, ...] = ()
    answers: tuple[AnswerChange, ...] = ()
    path: tuple[Status, ...] = ()
    """For a move: every status entered since the old snapshot, the current one last."""


@dataclass(frozen=True, slots=True)
class AskEdit:
    """An ask still there whose fields changed: the ask as it is now, and what changed."""

    ask: Ask
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class AskChanges:
    """The asks of one request added, removed or edited since the old snapshot.

    Asks that a merge moved are told by the merge, not here.
    """

    request: RequestRef
    added: tuple[Ask, ...] = ()
    removed: tuple[Ask, ...] = ()
    edited: tuple[AskEdit, ...] = ()


@dataclass(frozen=True, slots=True)
class Merge:
    """A request merged into another since the old snapshot (or a merge taken back)."""

    request: RequestRef
    into: int | None
    """The request it is merged into now; None when a merge was taken back."""
    was_into: int | None
    """The request it was merged into before, if any."""
    asks: int
    """How many asks moved with it."""


@dataclass(frozen=True, slots=True)
class AccountChanges:
    """An account whose fields changed (ARR, owner, renewal, ...)."""

    name: str
    """The account's name as it is now."""
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class ObjectiveChanges:
    """An objective whose fields changed."""

    key: str
    title: str
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    """Everything that differs between an old and a new snapshot."""

    old_exported_at: datetime | None
    new_exported_at: datetime | None
    added: tuple[RequestRef, ...]
    removed: tuple[RequestRef, ...]
    merged: tuple[Merge, ...]
    moved: tuple[RequestChanges, ...]
    decided: tuple[RequestChanges, ...]
    checklist: tuple[RequestChanges, ...]
    asks: tuple[AskChanges, ...]
    edited: tuple[RequestChanges, ...]
    objectives_added: tuple[Objective, ...]
    objectives_removed: tuple[Objective, ...]
    objectives_changed: tuple[ObjectiveChanges, ...]
    vision: Change | None
    template: Change | None
    accounts_added: tuple[Account, ...]
    accounts_removed: tuple[Account, ...]
    accounts_changed: tuple[AccountChanges, ...]
    redaction_differs: bool
    """One snapshot is redacted and the other is not: names and ARR differ for that reason."""

    def counts(self) -> dict[str, int]:
        """How many entries each group has, in report order."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "merged": len(self.merged),
            "moved": len(self.moved),
            "decided": len(self.decided),
            "checklist": len(self.checklist),
            "asks_added": sum(len(item.added) for item in self.asks),
            "asks_removed": sum(len(item.removed) for item in self.asks),
            "asks_edited": sum(len(item.edited) for item in self.asks),
            "edited": len(self.edited),
            "objectives_added": len(self.objectives_added),
            "objectives_removed": len(self.objectives_removed),
            "objectives_changed": len(self.objectives_changed),
            "accounts_added": len(self.accounts_added),
            "accounts_removed": len(self.accounts_removed),
            "accounts_changed": len(self.accounts_changed),
        }

    @property
    def is_empty(self) -> bool:
        """True when the two snapshots hold the same workspace."""
        return not any(self.counts().values()) and self.vision is None and self.template is None


def diff_snapshots(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    """Compare two validated snapshots."""
    before = {record.request.id: record for record in old.data.records}
    after = {record.request.id: record for record in new.data.records}
    moved: list[RequestChanges] = []
    decided: list[RequestChanges] = []
    checklist: list[RequestChanges] = []
    edited: list[RequestChanges] = []
    for request_id in sorted(before.keys() & after.keys()):
        if before[request_id] == after[request_id]:
            continue
        was, now = before[request_id].request, after[request_id].request
        ref = _ref(now)
        path = _path(before[request_id].history, after[request_id].history)
        if was.status is not now.status or path:
            status = Change("status", was.status, now.status)
            moved.append(RequestChanges(ref, (status,), path=path or (now.status,)))
        if was.decision is not now.decision:
            decided.append(RequestChanges(ref, _decision_changes(was, now)))
        answers = _answer_changes(was.checklist, now.checklist)
        if answers:
            checklist.append(RequestChanges(ref, answers=answers))
        skip = {"rationale"} if was.decision is not now.decision else set()
        fields = _field_changes(was, now, (name for name in EDIT_FIELDS if name not in skip))
        if fields:
            edited.append(RequestChanges(ref, fields))
    moved.sort(key=lambda item: (STATUS_ORDER.index(item.changes[0].new), item.request.id))
    merges, moved_by_merge = _merges(before, after)
    accounts_added, accounts_removed, accounts_changed = _account_changes(
        old.data.accounts, new.data.accounts
    )
    objectives_before = {o.key: o for o in old.data.objectives}
    objectives_after = {o.key: o for o in new.data.objectives}
    return SnapshotDiff(
        old_exported_at=old.exported_at,
        new_exported_at=new.exported_at,
        added=tuple(_ref(after[i].request) for i in sorted(after.keys() - before.keys())),
        removed=tuple(_ref(before[i].request) for i in sorted(before.keys() - after.keys())),
        merged=merges,
        moved=tuple(moved),
        decided=tuple(decided),
        checklist=tuple(checklist),
        asks=_ask_changes(before, after, moved_by_merge),
        edited=tuple(edited),
        objectives_added=tuple(
            o for key, o in objectives_after.items() if key not in objectives_before
        ),
        objectives_removed=tuple(
            o for key, o in objectives_before.items() if key not in objectives_after
        ),
        objectives_changed=_objective_changes(objectives_before, objectives_after),
        vision=_change("vision", old.data.vision, new.data.vision),
        template=_change("template", old.data.template, new.data.template),
        accounts_added=accounts_added,
        accounts_removed=accounts_removed,
        accounts_changed=accounts_changed,
        redaction_differs=old.redacted != new.redacted,
    )


def _ref(request: Request) -> RequestRef:
    return RequestRef(request.id, request.title, request.status.value)


def _path(was: tuple[StatusEvent, ...], now: tuple[StatusEvent, ...]) -> tuple[Status, ...]:
    """The statuses entered since ``was``; empty when nothing moved or history was rewritten.

    A note that changed no status (such as a merge's) is no step of a move.
    """
    if len(now) <= len(was) or now[: len(was)] != was:
        return ()
    return tuple(
        event.to_status for event in now[len(was) :] if event.from_status is not event.to_status
    )


def _field_changes(was: object, now: object, names: Iterable[str]) -> tuple[Change, ...]:
    """Each of the fields ``names`` whose value differs from ``was`` to ``now``."""
    return tuple(
        Change(name, getattr(was, name), getattr(now, name))
        for name in names
        if getattr(was, name) != getattr(now, name)
    )


def _change(name: str, old: Any, new: Any) -> Change | None:
    return None if old == new else Change(name, old, new)


def _decision_changes(was: Request, now: Request) -> tuple[Change, ...]:
    changes = [Change("decision", was.decision, now.decision)]
    if was.rationale != now.rationale:
        changes.append(Change("rationale", was.rationale, now.rationale))
    return tuple(changes)


def _answer_changes(
    was: tuple[ChecklistItem, ...], now: tuple[ChecklistItem, ...]
) -> tuple[AnswerChange, ...]:
    if was == now:
        return ()
    old = {item.key: item for item in was}
    new = {item.key: item for item in now}
    changes: list[AnswerChange] = []
    for key in [*new, *(key for key in old if key not in new)]:
        before, after = old.get(key), new.get(key)
        if not old and after is not None and after.answer is Answer.OPEN and not after.note:
            # A checklist just started is news of the move to discovery, not of answers.
            continue
        old_answer = before.answer if before else None
        new_answer = after.answer if after else None
        old_note = before.note if before else ""
        new_note = after.note if after else ""
        if old_answer is not new_answer or old_note != new_note:
            note = new_note if new_note != old_note else None
            changes.append(AnswerChange(key, old_answer, new_answer, note))
    return tuple(changes)


def _objective_changes(
    before: dict[str, Objective], after: dict[str, Objective]
) -> tuple[ObjectiveChanges, ...]:
    changed: list[ObjectiveChanges] = []
    for key, now in after.items():
        was = before.get(key)
        if was is None or was == now:
            continue
        fields = _field_changes(was, now, OBJECTIVE_FIELDS)
        changed.append(ObjectiveChanges(key, now.title, fields))
    return tuple(changed)


_Records = Mapping[int, RequestRecord]


def _merges(before: _Records, after: _Records) -> tuple[tuple[Merge, ...], frozenset[int]]:
    """The merges made (or taken back) between the snapshots, and the ids of the requests
    whose asks a merge moved: their asks are not news of their own."""
    merges: list[Merge] = []
    involved: set[int] = set()
    for request_id in sorted(before.keys() & after.keys()):
        was, now = before[request_id].request, after[request_id].request
        if was.merged_into == now.merged_into:
            continue
        moved = len(was.asks) if now.merged_into is not None else len(now.asks)
        merges.append(Merge(_ref(now), now.merged_into, was.merged_into, moved))
        involved.add(request_id)
        involved.update(i for i in (was.merged_into, now.merged_into) if i is not None)
    return tuple(merges), frozenset(involved)


def _ask_changes(
    before: _Records, after: _Records, merged: frozenset[int]
) -> tuple[AskChanges, ...]:
    """Asks added, removed and edited per request kept in both snapshots.

    Among the requests a merge joined (``merged``), asks are compared over the group, so
    an ask that merely moved with its request is neither added nor removed.
    """
    kept = sorted(before.keys() & after.keys())
    groups: list[list[int]] = [[i] for i in kept if i not in merged]
    if merged:
        groups.append([i for i in kept if i in merged])
    found: dict[int, tuple[list[Ask], list[Ask], list[AskEdit]]] = {}
    for group in groups:
        old = [(i, ask) for i in group for ask in before[i].request.asks]
        new = [(i, ask) for i in group for ask in after[i].request.asks]
        pairs, removed, added = _match_asks(old, new)
        for i, ask in added:
            found.setdefault(i, ([], [], []))[0].append(ask)
        for i, ask in removed:
            found.setdefault(i, ([], [], []))[1].append(ask)
        for was, (i, now) in pairs:
            fields = _field_changes(was, now, ASK_FIELDS)
            if fields:
                found.setdefault(i, ([], [], []))[2].append(AskEdit(now, fields))
    return tuple(
        AskChanges(_ref(after[i].request), tuple(add), tuple(drop), tuple(edit))
        for i, (add, drop, edit) in sorted(found.items())
    )


_Placed = tuple[int, Ask]
"""An ask and the id of the request holding it."""


def _match_asks(
    old: list[_Placed], new: list[_Placed]
) -> tuple[list[tuple[Ask, _Placed]], list[_Placed], list[_Placed]]:
    """The asks of both snapshots paired (old ask, new placed ask), then those only in the
    old and those only in the new.

    Asks pair by id; an ask a file gives no id (one written before asks had any) pairs
    with an ask of the same content.
    """
    by_id = {ask.id: (i, ask) for i, ask in new if ask.id != NEW_ASK_ID}
    pairs: list[tuple[Ask, _Placed]] = []
    unpaired: list[_Placed] = []
    for i, ask in old:
        if ask.id != NEW_ASK_ID and ask.id in by_id:
            pairs.append((ask, by_id.pop(ask.id)))
        else:
            unpaired.append((i, ask))
    # What is left in by_id are the new asks no old one paired with by id.
    left = [(i, ask) for i, ask in new if ask.id == NEW_ASK_ID or ask.id in by_id]
    removed: list[_Placed] = []
    for i, ask in unpaired:
        same = next(
            (
                placed
                for placed in left
                if NEW_ASK_ID in (ask.id, placed[1].id)
                and dataclasses.replace(placed[1], id=ask.id) == ask
            ),
            None,
        )
        if same is None:
            removed.append((i, ask))
        else:
            left.remove(same)
            pairs.append((ask, same))
    return pairs, removed, left


def _account_changes(
    old: tuple[Account, ...], new: tuple[Account, ...]
) -> tuple[tuple[Account, ...], tuple[Account, ...], tuple[AccountChanges, ...]]:
    """Accounts added, removed and changed (a name only spelled anew is no change)."""
    before = {account.key: account for account in old}
    after = {account.key: account for account in new}
    changed = []
    for key, now in after.items():
        was = before.get(key)
        if was is None or was == now:
            continue
        fields = _field_changes(was, now, ACCOUNT_FIELDS)
        if fields:
            changed.append(AccountChanges(now.name, fields))
    return (
        tuple(a for key, a in after.items() if key not in before),
        tuple(a for key, a in before.items() if key not in after),
        tuple(changed),
    )
