"""Redaction: a copy of a workspace that is safe to share outside the company.

Customer and requester names become ``customer-1``, ``requester-1``… (numbered by first
appearance, in request order) wherever they occur — in their own fields and inside every
piece of free text — and ARR is dropped.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence

from secboard.domain.checklist import QUESTION_MAX
from secboard.domain.model import (
    ChecklistItem,
    Objective,
    Request,
    RequestRecord,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.domain.validation import LABEL_MAX, LONG_TEXT_MAX, TITLE_MAX

_ROLE_SUFFIX = re.compile(r"\s*\([^()]*\)$")


def placeholders(names: Iterable[str | None], prefix: str) -> dict[str, str]:
    """``prefix-1``, ``prefix-2``… for each name, by first appearance.

    Spellings that differ only in case share a placeholder; every spelling is a key.
    """
    by_folded: dict[str, str] = {}
    mapping: dict[str, str] = {}
    for name in names:
        if name is None or name in mapping:
            continue
        folded = name.casefold()
        if folded not in by_folded:
            by_folded[folded] = f"{prefix}-{len(by_folded) + 1}"
        mapping[name] = by_folded[folded]
    return mapping


class Scrubber:
    """Replaces every known name inside free text with its placeholder."""

    def __init__(self, names: dict[str, str]) -> None:
        """Build the matcher.

        Args:
            names: name → placeholder; matching ignores case.
        """
        variants = dict(names)
        for name, placeholder in names.items():
            # "Dana Reyes (AE, EMEA)" is also written plainly as "Dana Reyes" in notes.
            bare = _ROLE_SUFFIX.sub("", name)
            if len(bare) >= 3:
                variants.setdefault(bare, placeholder)
        ordered = sorted(variants, key=len, reverse=True)
        self._replacements = [variants[name] for name in ordered]
        self._pattern = (
            re.compile("|".join(_alternative(name) for name in ordered), re.IGNORECASE)
            if ordered
            else None
        )
        self._cache: dict[str, str] = {}

    def __call__(self, text: str, limit: int = LONG_TEXT_MAX) -> str:
        """``text`` with every name replaced, cut to ``limit`` characters."""
        if self._pattern is None or not text:
            return text
        cleaned = self._cache.get(text)
        if cleaned is None:
            cleaned = self._pattern.sub(self._replace, text)
            if len(cleaned) > limit:
                cleaned = cleaned[:limit].rstrip()
            self._cache[text] = cleaned
        return cleaned

    def _replace(self, match: re.Match[str]) -> str:
        assert match.lastindex is not None
        return self._replacements[match.lastindex - 1]


def _alternative(name: str) -> str:
    # A name must start a word ("Legal" is not redacted inside "illegal"), but may run
    # into the next one: "Acme Corp" is still hidden in "Acme Corporation".
    guard = r"(?<!\w)" if name[:1].isalnum() or name[:1] == "_" else ""
    return f"{guard}({re.escape(name)})"


def redact(data: WorkspaceData) -> WorkspaceData:
    """``data`` with customers and requesters replaced by placeholders and ARR removed."""
    requests = [record.request for record in data.records]
    customers = placeholders((r.customer for r in requests), "customer")
    requesters = placeholders((r.requester for r in requests), "requester")
    scrub = Scrubber({**requesters, **customers})

    def request(r: Request) -> Request:
        return dataclasses.replace(
            r,
            title=scrub(r.title, TITLE_MAX),
            description=scrub(r.description),
            requester=None if r.requester is None else requesters[r.requester],
            customer=None if r.customer is None else customers[r.customer],
            arr=None,
            frameworks=_labels(r.frameworks, scrub),
            tags=_labels(r.tags, scrub),
            rationale=scrub(r.rationale),
            checklist=tuple(
                ChecklistItem(
                    item.key, scrub(item.question, QUESTION_MAX), item.answer, scrub(item.note)
                )
                for item in r.checklist
            ),
        )

    return WorkspaceData(
        vision=scrub(data.vision),
        template=tuple(
            TemplateItem(item.key, scrub(item.question, QUESTION_MAX)) for item in data.template
        ),
        objectives=tuple(_objective(o, scrub) for o in data.objectives),
        records=tuple(
            RequestRecord(request(record.request), _history(record.history, scrub))
            for record in data.records
        ),
    )


def _labels(labels: Sequence[str], scrub: Callable[[str, int], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(scrub(label, LABEL_MAX) for label in labels))


def _objective(objective: Objective, scrub: Scrubber) -> Objective:
    return dataclasses.replace(
        objective,
        title=scrub(objective.title, TITLE_MAX),
        description=scrub(objective.description),
    )


def _history(history: Sequence[StatusEvent], scrub: Scrubber) -> tuple[StatusEvent, ...]:
    return tuple(
        dataclasses.replace(event, note=scrub(event.note)) if event.note else event
        for event in history
    )
