"""Writing a workspace as TOML text in the snapshot layout.

Each table is rendered by tomli-w on its own and the tables are joined in a fixed
order, so the file always has the ``[[requests.checklist]]`` / ``[[requests.history]]``
shape of the specification (tomli-w alone would fold short rows into inline arrays) and
two snapshots of the same workspace differ only where the workspace does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import tomli_w

from secboard.domain.asks import Account, Ask
from secboard.domain.model import (
    ChecklistItem,
    Objective,
    Request,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.domain.text import escape_unsafe
from secboard.snapshot.layout import FORMAT_NAME, FORMAT_VERSION
from secboard.snapshot.redact import redact as redact_data


class _Moment(datetime):
    """A UTC moment that TOML writes in its canonical form, ``2026-10-01T12:00:00Z``."""

    __slots__ = ()

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        """ISO 8601 with ``Z`` for UTC, which is what every moment here is."""
        return super().isoformat(sep, timespec).removesuffix("+00:00") + "Z"

    def __str__(self) -> str:
        return self.isoformat()


def _moment(moment: datetime) -> _Moment:
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return _Moment(
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        UTC,
    )


def _float(value: float | None) -> float | None:
    # A whole number of weeks stored as int must still be written 3.0, not 3.
    return None if value is None else float(value)


def _table(header: str, values: Mapping[str, Any]) -> str:
    return f"{header}\n{tomli_w.dumps(values)}"


def export_snapshot(data: WorkspaceData, *, exported_at: datetime, redact: bool = False) -> str:
    """The TOML snapshot of ``data``.

    Args:
        data: the workspace, as :meth:`Workspace.data` returns it.
        exported_at: the moment written in the header, to the second.
        redact: replace names and amounts of money (see :mod:`secboard.snapshot.redact`).

    Returns:
        The whole file's text; it ends with a newline.
    """
    # Data that came redacted stays redacted, what was added to it since included.
    redact = redact or data.redacted
    if redact:
        data = redact_data(data)
    header = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": _moment(exported_at.replace(microsecond=0)),
        "redacted": redact,
    }
    chunks = [tomli_w.dumps(header), _table("[workspace]", {"vision": data.vision})]
    chunks.extend(_template_tables(data.template))
    chunks.extend(_table("[[objectives]]", _objective_values(o)) for o in data.objectives)
    # By name without case, whatever order they were given or stored in (a server sorts
    # by its own collation): the same accounts always give the same file.
    accounts = sorted(data.accounts, key=lambda account: account.key)
    chunks.extend(_table("[[accounts]]", _account_values(a)) for a in accounts)
    checklist_cache: dict[ChecklistItem, str] = {}
    questions = {item.key: item.question for item in data.template}
    for record in data.records:
        chunks.append(_table("[[requests]]", request_values(record.request)))
        chunks.extend(_checklist_tables(record.request.checklist, questions, checklist_cache))
        chunks.extend(_ask_tables(record.request.asks))
        chunks.extend(_history_tables(record.history))
    # tomli-w escapes C0 controls and DEL only; the other unsafe characters are escaped
    # here. Every one can only be inside a basic string, where TOML reads the escape back
    # as the character.
    return escape_unsafe("\n".join(chunks), _toml_escape)


def _toml_escape(code: int) -> str:
    return f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


def _template_tables(template: Sequence[TemplateItem]) -> Iterable[str]:
    for item in template:
        yield _table("[[workspace.checklist]]", {"key": item.key, "question": item.question})


def _objective_values(objective: Objective) -> dict[str, Any]:
    values: dict[str, Any] = {"key": objective.key, "title": objective.title}
    if objective.description:
        values["description"] = objective.description
    if objective.target is not None:
        values["target"] = objective.target
    values["status"] = objective.status.value
    return values


def _account_values(account: Account) -> dict[str, Any]:
    pairs = (
        ("name", account.name),
        ("kind", account.kind.value),
        ("arr", account.arr),
        ("tier", account.tier or None),
        ("renewal", account.renewal),
        ("owner", account.owner),
        ("notes", account.notes or None),
    )
    return {key: value for key, value in pairs if value is not None}


def request_values(request: Request) -> dict[str, Any]:
    """A request's ``[[requests]]`` keys in file order; absent and empty values left out.

    Its customer, ARR, requester and due date are derived from its asks, so not written.
    """
    r = request
    pairs = (
        ("id", r.id),
        ("title", r.title),
        ("description", r.description or None),
        ("source", r.source.value),
        ("frameworks", list(r.frameworks) or None),
        ("tags", list(r.tags) or None),
        ("estimate_weeks", _float(r.estimate_weeks)),
        ("planned_weeks", _float(r.planned_weeks)),
        ("reach", r.reach),
        ("impact", _float(r.impact)),
        ("confidence", r.confidence),
        ("status", r.status.value),
        ("decision", r.decision.value if r.decision is not None else None),
        ("rationale", r.rationale or None),
        ("revisit", r.revisit),
        ("horizon", r.horizon.value if r.horizon is not None else None),
        ("objective", r.objective),
        ("owner", r.owner),
        ("created_at", _moment(r.created_at)),
        ("updated_at", _moment(r.updated_at)),
        ("updated_by", r.updated_by),
        ("merged_into", r.merged_into),
    )
    return {key: value for key, value in pairs if value is not None}


def _ask_tables(asks: Sequence[Ask]) -> Iterable[str]:
    for ask in asks:
        pairs = (
            ("id", ask.id or None),
            ("account", ask.account),
            ("requester", ask.requester),
            ("channel", ask.channel.value),
            ("asked_on", ask.asked_on),
            ("importance", ask.importance.value),
            ("due", ask.due),
            ("reference", ask.reference or None),
            ("quote", ask.quote or None),
        )
        yield _table("[[requests.asks]]", {key: value for key, value in pairs if value is not None})


def _checklist_tables(
    items: Sequence[ChecklistItem], questions: Mapping[str, str], cache: dict[ChecklistItem, str]
) -> list[str]:
    # Most checklist rows repeat across requests (same question, same answer), so each
    # distinct row is rendered once. A question the template holds is not repeated, and an
    # empty note is left out (absent values are omitted).
    tables: list[str] = []
    for item in items:
        text = cache.get(item)
        if text is None:
            values = {"key": item.key, "question": item.question}
            if questions.get(item.key) == item.question:
                del values["question"]
            values["answer"] = item.answer.value
            if item.note:
                values["note"] = item.note
            text = cache[item] = _table("[[requests.checklist]]", values)
        tables.append(text)
    return tables


def _history_tables(history: Sequence[StatusEvent]) -> Iterable[str]:
    for event in history:
        values: dict[str, Any] = {"at": _moment(event.at)}
        if event.from_status is not None:
            values["from"] = event.from_status.value
        values["to"] = event.to_status.value
        # Absent values are omitted: an empty note, a move that was not forced.
        if event.note:
            values["note"] = event.note
        if event.forced:
            values["forced"] = True
        if event.actor is not None:
            values["by"] = event.actor
        yield _table("[[requests.history]]", values)
