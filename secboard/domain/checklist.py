"""The discovery checklist: the questions to answer before anyone builds anything."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from secboard.domain.errors import InvalidInput, NotFound
from secboard.domain.model import Answer, ChecklistItem, TemplateItem
from secboard.domain.validation import ensure_text

DEFAULT_TEMPLATE: tuple[TemplateItem, ...] = (
    TemplateItem(
        "need_confirmed",
        "Is it confirmed that the requester requires this (evidence, not belief)?",
    ),
    TemplateItem(
        "revenue_tied",
        "Is revenue tied to it — will the customer pay, or is a deal or renewal blocked?",
    ),
    TemplateItem("marketing_consulted", "Have product marketing / sales been consulted?"),
    TemplateItem(
        "scope_specific", "Are specific services or systems named, instead of a blanket change?"
    ),
    TemplateItem("scope_reduced", "Has a creative smaller scope been considered?"),
    TemplateItem(
        "policy_carveout", "Could policy language carve out the systems that are hard to change?"
    ),
    TemplateItem(
        "buy_vs_build", "Has an existing product or vendor been evaluated before building?"
    ),
    TemplateItem("success_metric", "Is there a metric that will show it worked?"),
    TemplateItem("stakeholders_aligned", "Are the affected teams aligned?"),
)
"""The questions from the essay secboard was born from; their keys are fixed."""

QUESTION_MAX = 500
TEMPLATE_MAX = 40
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def parse_template_key(value: str, field: str) -> str:
    """A checklist key: lower-case letters, digits and underscores, starting with a letter."""
    if not isinstance(value, str) or not _KEY.match(value):
        raise InvalidInput(field, f"{value!r} must be lower_snake_case, 1–40 characters")
    return value


def parse_template(rows: object, field: str = "checklist") -> tuple[TemplateItem, ...]:
    """Validate a list of ``{key, question}`` tables as a checklist template."""
    if not isinstance(rows, list) or not rows:
        raise InvalidInput(field, "must be a non-empty list of {key, question} tables")
    if len(rows) > TEMPLATE_MAX:
        raise InvalidInput(field, f"has {len(rows)} questions; at most {TEMPLATE_MAX}")
    items: list[TemplateItem] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        place = f"{field}[{index}]"
        if not isinstance(row, Mapping):
            raise InvalidInput(place, "must be a table with key and question")
        unknown = sorted(set(row) - {"key", "question"})
        if unknown:
            raise InvalidInput(place, f"unknown field {unknown[0]!r}")
        key = parse_template_key(row.get("key", ""), f"{place}.key")
        if key in seen:
            raise InvalidInput(f"{place}.key", f"duplicate key {key!r}")
        seen.add(key)
        question = row.get("question")
        if not isinstance(question, str) or not question.strip():
            raise InvalidInput(f"{place}.question", "must be non-empty text")
        items.append(
            TemplateItem(key, ensure_text(place, question.strip(), max_length=QUESTION_MAX))
        )
    return tuple(items)


def instantiate(
    template: Sequence[TemplateItem], existing: Iterable[ChecklistItem] = ()
) -> tuple[ChecklistItem, ...]:
    """The checklist a request gets on entering discovery.

    Answers already given (a request that went back and forth) are kept; questions
    the template gained since are added, unanswered.
    """
    kept = tuple(existing)
    known = {item.key for item in kept}
    added = tuple(ChecklistItem(t.key, t.question) for t in template if t.key not in known)
    return kept + added


def answer_item(
    checklist: Sequence[ChecklistItem], key: str, answer: Answer, note: str | None
) -> tuple[ChecklistItem, ...]:
    """The checklist with question ``key`` answered; the note is kept when ``note`` is None."""
    if not checklist:
        raise NotFound("this request has no discovery checklist yet; move it to discovery first")
    keys = [item.key for item in checklist]
    if key not in keys:
        raise NotFound(f"unknown checklist key {key!r}; this checklist has: {', '.join(keys)}")
    return tuple(
        ChecklistItem(item.key, item.question, answer, item.note if note is None else note)
        if item.key == key
        else item
        for item in checklist
    )
