"""The diff of two snapshots as a readable text report and as stable JSON-ready data.

User text is printed as data: through :func:`printable`, never through a markup parser.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from secboard.domain.asks import Account, Ask
from secboard.domain.model import Objective, TemplateItem
from secboard.domain.text import format_money, printable
from secboard.snapshot.diff import (
    ACCOUNT_FIELDS,
    ASK_FIELDS,
    AccountChanges,
    AnswerChange,
    AskChanges,
    Change,
    Merge,
    RequestChanges,
    RequestRef,
    SnapshotDiff,
)

_LONG_TEXT = frozenset({"title", "description", "rationale", "quote", "notes"})
_QUOTE_EXCERPT = 60
"""How many characters of a quote an ask's line shows."""
_COUNT_LABELS: tuple[tuple[str, str, str] | tuple[str, tuple[str, ...]], ...] = (
    ("added", "added", "added"),
    ("removed", "removed", "removed"),
    ("merged", "merged", "merged"),
    ("moved", "moved", "moved"),
    ("decided", "decided", "decided"),
    ("checklist", "checklist updated", "checklists updated"),
    ("asks", ("added", "removed", "edited")),
    ("edited", "edited", "edited"),
    ("objectives", ("added", "removed", "changed")),
    ("accounts", ("added", "removed", "changed")),
)
"""The summary, in report order: a group's key and its words for one and for several,
or a family's name and its kinds (counted as ``family_kind``)."""


def plain(value: Any) -> Any:
    """``value`` as JSON data: enums by value, dates in ISO 8601, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, TemplateItem):
        return {"key": value.key, "question": value.question}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def diff_json(diff: SnapshotDiff) -> dict[str, Any]:
    """The diff as JSON-ready data with a fixed set of keys."""
    return {
        "old_exported_at": plain(diff.old_exported_at),
        "new_exported_at": plain(diff.new_exported_at),
        "counts": diff.counts(),
        "added": [_ref_json(ref) for ref in diff.added],
        "removed": [_ref_json(ref) for ref in diff.removed],
        "merged": [_merge_json(item) for item in diff.merged],
        "moved": [_moved_json(item) for item in diff.moved],
        "decided": [_changes_json(item) for item in diff.decided],
        "checklist": [_answers_json(item) for item in diff.checklist],
        "asks": [_asks_json(item) for item in diff.asks],
        "edited": [_changes_json(item) for item in diff.edited],
        "objectives": {
            "added": [_objective_json(o) for o in diff.objectives_added],
            "removed": [_objective_json(o) for o in diff.objectives_removed],
            "changed": [
                {"key": o.key, "title": o.title, "fields": _fields_json(o.changes)}
                for o in diff.objectives_changed
            ],
        },
        "accounts": {
            "added": [_account_json(a) for a in diff.accounts_added],
            "removed": [_account_json(a) for a in diff.accounts_removed],
            "changed": [
                {"name": a.name, "fields": _fields_json(a.changes)} for a in diff.accounts_changed
            ],
        },
        "vision": _change_json(diff.vision),
        "template": _change_json(diff.template),
        "redaction_differs": diff.redaction_differs,
    }


def _ref_json(ref: RequestRef) -> dict[str, Any]:
    return {"id": ref.id, "title": ref.title, "status": ref.status}


def _merge_json(item: Merge) -> dict[str, Any]:
    return {
        **_ref_json(item.request),
        "into": item.into,
        "was_into": item.was_into,
        "asks": item.asks,
    }


def _asks_json(item: AskChanges) -> dict[str, Any]:
    return {
        **_ref_json(item.request),
        "added": [_ask_json(ask) for ask in item.added],
        "removed": [_ask_json(ask) for ask in item.removed],
        "edited": [
            {**_ask_json(edit.ask), "fields": _fields_json(edit.changes)} for edit in item.edited
        ],
    }


def _ask_json(ask: Ask) -> dict[str, Any]:
    return {"id": ask.id or None, **{name: plain(getattr(ask, name)) for name in ASK_FIELDS}}


def _account_json(account: Account) -> dict[str, Any]:
    return {
        "name": account.name,
        **{name: plain(getattr(account, name)) for name in ACCOUNT_FIELDS},
    }


def _moved_json(item: RequestChanges) -> dict[str, Any]:
    change = item.changes[0]
    return {
        **_ref_json(item.request),
        "from": plain(change.old),
        "to": plain(change.new),
        "path": plain(item.path),
    }


def _changes_json(item: RequestChanges) -> dict[str, Any]:
    return {**_ref_json(item.request), "fields": _fields_json(item.changes)}


def _answers_json(item: RequestChanges) -> dict[str, Any]:
    return {
        **_ref_json(item.request),
        "answers": [
            {"key": a.key, "from": plain(a.old), "to": plain(a.new), "note": a.note}
            for a in item.answers
        ],
    }


def _fields_json(changes: Sequence[Change]) -> dict[str, Any]:
    return {c.name: {"from": plain(c.old), "to": plain(c.new)} for c in changes}


def _change_json(change: Change | None) -> dict[str, Any] | None:
    return None if change is None else {"from": plain(change.old), "to": plain(change.new)}


def _objective_json(objective: Objective) -> dict[str, Any]:
    return {"key": objective.key, "title": objective.title, "status": objective.status.value}


def diff_text(diff: SnapshotDiff) -> str:
    """The diff as a report: counts first, then one section per kind of change."""
    lines = [_period(diff), _summary(diff)]
    if diff.redaction_differs:
        lines.append("note: only one of the snapshots is redacted, so names and ARR differ")
    counted = (
        ("Added", diff.added, [_ref_line(ref) for ref in diff.added]),
        ("Removed", diff.removed, [_ref_line(ref, was=True) for ref in diff.removed]),
        ("Merged", diff.merged, [_merge_line(item) for item in diff.merged]),
        ("Moved", diff.moved, [_moved_line(item) for item in diff.moved]),
        ("Decided", diff.decided, [_decided_line(item) for item in diff.decided]),
        (
            "Checklist answers",
            diff.checklist,
            [line for item in diff.checklist for line in _answer_lines(item)],
        ),
        ("Asks", diff.asks, [line for item in diff.asks for line in _ask_lines(item)]),
        ("Other changes", diff.edited, [_edited_line(item) for item in diff.edited]),
    )
    for heading, items, body in counted:
        if items:
            lines += ["", f"{heading} ({len(items)})", *body]
    for heading, body in (
        ("Objectives", _objective_lines(diff)),
        ("Accounts", _account_lines(diff)),
        ("Vision", _vision_lines(diff.vision)),
        ("Discovery checklist template", _template_lines(diff.template)),
    ):
        if body:
            lines += ["", heading, *body]
    return "\n".join(lines)


def _period(diff: SnapshotDiff) -> str:
    def moment(value: datetime | None) -> str:
        return f"{value:%Y-%m-%d %H:%M} UTC" if value else "an undated snapshot"

    return f"Changes from {moment(diff.old_exported_at)} to {moment(diff.new_exported_at)}"


def _summary(diff: SnapshotDiff) -> str:
    if diff.is_empty:
        return "No changes."
    counts = diff.counts()
    parts: list[str] = []
    for label in _COUNT_LABELS:
        if len(label) == 3:
            key, one, many = label
            if count := counts[key]:
                parts.append(f"{count} {one if count == 1 else many}")
            continue
        family, kinds = label
        family_parts = [
            f"{counts[f'{family}_{kind}']} {kind}" for kind in kinds if counts[f"{family}_{kind}"]
        ]
        if family_parts:
            parts.append(f"{family}: " + ", ".join(family_parts))
    if diff.vision:
        parts.append("vision changed")
    if diff.template:
        parts.append("checklist template changed")
    return "; ".join(parts)


def _ref_line(ref: RequestRef, *, was: bool = False) -> str:
    status = f"was {ref.status}" if was else ref.status
    return f"  #{ref.id}  {printable(ref.title)}  [{status}]"


def _merge_line(item: Merge) -> str:
    asks = f"{item.asks} ask{'' if item.asks == 1 else 's'}"
    if item.into is None:
        what = f"merge into #{item.was_into} taken back ({asks} back)"
    else:
        what = f"merged into #{item.into} ({asks} moved)"
        if item.was_into is not None:
            what += f", was into #{item.was_into}"
    return f"  #{item.request.id}  {printable(item.request.title)}: {what}"


def _ask_lines(item: AskChanges) -> Iterable[str]:
    yield f"  #{item.request.id}  {printable(item.request.title)}"
    for ask in item.added:
        yield f"      added    {_ask_text(ask)}"
    for ask in item.removed:
        yield f"      removed  {_ask_text(ask)}"
    for edit in item.edited:
        parts = "; ".join(_field_text(change) for change in edit.changes)
        yield f"      edited   {_asker(edit.ask)}: {parts}"


def _ask_text(ask: Ask) -> str:
    """Who asked, how badly, and the start of what they said."""
    text = f"{_asker(ask)} · {ask.importance.value}"
    quote = " ".join(ask.quote.split())
    if quote:
        if len(quote) > _QUOTE_EXCERPT:
            quote = quote[: _QUOTE_EXCERPT - 1].rstrip() + "…"
        text += f" — “{printable(quote)}”"
    return text


def _asker(ask: Ask) -> str:
    if ask.account is not None:
        return printable(ask.account)
    return f"{printable(ask.requester)} (internal)" if ask.requester else "internal"


def _moved_line(item: RequestChanges) -> str:
    steps = " → ".join(status.value for status in (item.changes[0].old, *item.path))
    return f"  #{item.request.id}  {printable(item.request.title)}: {steps}"


def _decided_line(item: RequestChanges) -> str:
    decision, *rest = item.changes
    line = f"  #{item.request.id}  {printable(item.request.title)}: "
    line += f"{_shown(decision.old)} → {_shown(decision.new)}"
    if rest and rest[0].new:
        line += f" — {printable(rest[0].new)}"
    return line


def _answer_lines(item: RequestChanges) -> Iterable[str]:
    yield f"  #{item.request.id}  {printable(item.request.title)}"
    for answer in item.answers:
        yield f"      {_answer_text(answer)}"


def _answer_text(answer: AnswerChange) -> str:
    if answer.new is None:
        return f"{answer.key}: question removed"
    old = "new question" if answer.old is None else answer.old.value
    text = f"{answer.key}: {old} → {answer.new.value}"
    if answer.note:
        text += f" — {printable(answer.note)}"
    elif answer.note is not None or answer.old is answer.new:
        text += " (note changed)"
    return text


def _edited_line(item: RequestChanges) -> str:
    parts = [_field_text(change) for change in item.changes]
    return f"  #{item.request.id}  {printable(item.request.title)}: {'; '.join(parts)}"


def _field_text(change: Change) -> str:
    if change.name == "title":
        return f"title edited (was “{printable(change.old)}”)"
    if change.name in _LONG_TEXT:
        return f"{change.name} edited"
    if change.name == "arr":
        old, new = format_money(change.old), format_money(change.new)
    else:
        old, new = _shown(change.old), _shown(change.new)
    return f"{change.name} {old} → {new}"


def _shown(value: Any) -> str:
    if value is None or value == () or value == "":
        return "–"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return printable(", ".join(value))
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return printable(str(value))


def _objective_lines(diff: SnapshotDiff) -> list[str]:
    lines = [f"  added    {o.key}  {printable(o.title)}" for o in diff.objectives_added]
    lines += [f"  removed  {o.key}  {printable(o.title)}" for o in diff.objectives_removed]
    for item in diff.objectives_changed:
        parts = "; ".join(
            f"{c.name} edited"
            if c.name in _LONG_TEXT
            else f"{c.name} {_shown(c.old)} → {_shown(c.new)}"
            for c in item.changes
        )
        lines.append(f"  changed  {item.key}  {printable(item.title)}: {parts}")
    return lines


def _account_lines(diff: SnapshotDiff) -> list[str]:
    lines = [f"  added    {_account_text(a)}" for a in diff.accounts_added]
    lines += [f"  removed  {_account_text(a)}" for a in diff.accounts_removed]
    lines += [_account_change_line(item) for item in diff.accounts_changed]
    return lines


def _account_text(account: Account) -> str:
    text = f"{printable(account.name)} ({account.kind.value})"
    return text if account.arr is None else f"{text}  ARR {account.arr:,}"


def _account_change_line(item: AccountChanges) -> str:
    parts = []
    for change in item.changes:
        if change.name == "arr":
            old, new = (_shown(None if v is None else f"{v:,}") for v in (change.old, change.new))
            parts.append(f"ARR {old} → {new}")
        elif change.name in _LONG_TEXT:
            parts.append(f"{change.name} edited")
        else:
            parts.append(f"{change.name} {_shown(change.old)} → {_shown(change.new)}")
    return f"  changed  {printable(item.name)}: {'; '.join(parts)}"


def _vision_lines(change: Change | None) -> list[str]:
    if change is None:
        return []
    return [f"  was: {printable(change.old) or '–'}", f"  now: {printable(change.new) or '–'}"]


def _template_lines(change: Change | None) -> list[str]:
    if change is None:
        return []
    old = {item.key: item.question for item in change.old}
    new = {item.key: item.question for item in change.new}
    added = [key for key in new if key not in old]
    removed = [key for key in old if key not in new]
    reworded = [key for key in new if key in old and old[key] != new[key]]
    lines = [f"  added: {', '.join(added)}"] if added else []
    lines += [f"  removed: {', '.join(removed)}"] if removed else []
    lines += [f"  reworded: {', '.join(reworded)}"] if reworded else []
    return lines or ["  questions reordered"]
