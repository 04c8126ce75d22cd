"""What changed between two snapshots: the weekly report for a stakeholder.

Requests are matched by id. A request appears in every group it belongs to — moved,
decided, checklist answered, other fields edited — so each group reads on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from secboard.domain.model import (
    STATUS_ORDER,
    Answer,
    ChecklistItem,
    Objective,
    Request,
    Status,
    StatusEvent,
)
from secboard.snapshot.layout import REQUEST_KEYS
from secboard.snapshot.model import Snapshot

EDIT_FIELDS: tuple[str, ...] = tuple(
    name
    for name in REQUEST_KEYS
    if name not in {"id", "status", "decision", "updated_at", "updated_by"}
)
"""Request fields reported as edits (status and decision have their own groups; when and
by whom a request was last changed is bookkeeping, not an edit)."""

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
    moved: tuple[RequestChanges, ...]
    decided: tuple[RequestChanges, ...]
    checklist: tuple[RequestChanges, ...]
    edited: tuple[RequestChanges, ...]
    objectives_added: tuple[Objective, ...]
    objectives_removed: tuple[Objective, ...]
    objectives_changed: tuple[ObjectiveChanges, ...]
    vision: Change | None
    template: Change | None
    redaction_differs: bool
    """One snapshot is redacted and the other is not: names and ARR differ for that reason."""

    def counts(self) -> dict[str, int]:
        """How many entries each group has, in report order."""
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "moved": len(self.moved),
            "decided": len(self.decided),
            "checklist": len(self.checklist),
            "edited": len(self.edited),
            "objectives_added": len(self.objectives_added),
            "objectives_removed": len(self.objectives_removed),
            "objectives_changed": len(self.objectives_changed),
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
        fields = tuple(
            Change(name, getattr(was, name), getattr(now, name))
            for name in EDIT_FIELDS
            if name not in skip and getattr(was, name) != getattr(now, name)
        )
        if fields:
            edited.append(RequestChanges(ref, fields))
    moved.sort(key=lambda item: (STATUS_ORDER.index(item.changes[0].new), item.request.id))
    objectives_before = {o.key: o for o in old.data.objectives}
    objectives_after = {o.key: o for o in new.data.objectives}
    return SnapshotDiff(
        old_exported_at=old.exported_at,
        new_exported_at=new.exported_at,
        added=tuple(_ref(after[i].request) for i in sorted(after.keys() - before.keys())),
        removed=tuple(_ref(before[i].request) for i in sorted(before.keys() - after.keys())),
        moved=tuple(moved),
        decided=tuple(decided),
        checklist=tuple(checklist),
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
        redaction_differs=old.redacted != new.redacted,
    )


def _ref(request: Request) -> RequestRef:
    return RequestRef(request.id, request.title, request.status.value)


def _path(was: tuple[StatusEvent, ...], now: tuple[StatusEvent, ...]) -> tuple[Status, ...]:
    """The statuses entered since ``was``; empty when nothing moved or history was rewritten."""
    if len(now) <= len(was) or now[: len(was)] != was:
        return ()
    return tuple(event.to_status for event in now[len(was) :])


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
        fields = tuple(
            Change(name, getattr(was, name), getattr(now, name))
            for name in OBJECTIVE_FIELDS
            if getattr(was, name) != getattr(now, name)
        )
        changed.append(ObjectiveChanges(key, now.title, fields))
    return tuple(changed)
