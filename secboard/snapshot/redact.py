"""Redaction: a copy of a workspace that is safe to share outside the company.

Customer and requester names become ``customer-1``, ``requester-1``… (numbered by first
appearance, in request order) wherever they occur — in their own fields and inside every
piece of free text — and ARR is dropped. In free text a requester's first or last name
alone is replaced too (see :func:`name_parts`), and so is every amount of money (see
:func:`hide_amounts`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

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

# Names -------------------------------------------------------------------------------------

_ROLE_SUFFIX = re.compile(r"\s*\([^()]*\)$")
_LEGAL_FORM = re.compile(
    r",?\s+(?:corp|corporation|inc|ltd|limited|llc|plc|gmbh|ag|ab|kk|sa|bv|nv|oy|co)\.?$",
    re.IGNORECASE,
)
_NAME_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

NAME_PART_MIN = 3
"""Parts of a name shorter than this (Li, Wu, Al) are not replaced on their own."""

_COMMON_WORDS = """
    the and for von van der den del della des dos das los las
    team teams group guild squad crew office desk unit staff board committee council
    head lead leader chief vice senior junior principal deputy acting interim
    manager management director officer engineer engineering architect analyst
    admin administrator owner operator operations ops devops secops oncall call duty
    sales account accounts executive success customer customers client clients requester
    support service services partner partners vendor supplier reseller channel
    security compliance legal privacy risk audit auditor auditors external internal
    finance payments payment billing procurement purchasing platform product products
    marketing people human resources talent infrastructure infra cloud network networks
    data identity incident incidents commander response responder site reliability
    quality programme program project research application applications development
    developer developers frontend backend mobile web general counsel governance
    renewals renewal enterprise commercial public global regional region
    america americas europe emea apac dach latam nordics north south east west central
    appsec infosec netsec grc sre soc ciso cto cio ceo cfo coo cso svp evp csm sdr bdr
    will may mark bill grace hope joy faith rose june april august summer dawn frank
    pat sue rob don art gene jack max ray guy sunny rich chance king young brown white
    black green gray grey long little hall wood stone hill lane park bell cook baker
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())
"""Words not replaced when they are only one part of a name ("Head of IT", "Will Ng").

The whole name is always replaced; these words would otherwise be hidden everywhere
else too ("Platform team" must not turn every "platform" into a placeholder).
"""


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


def name_parts(people: Mapping[str, str]) -> dict[str, str]:
    """The first, middle and last names of ``people`` (name → placeholder), with theirs.

    "Dana Scully (AE, EMEA)" gives "Dana" and "Scully" (and "Mary-Jane Watson" gives
    "Mary-Jane", "Mary", "Jane" and "Watson"). A one-word name has no parts; parts
    shorter than :data:`NAME_PART_MIN` letters and :data:`COMMON_WORDS` are left out;
    a part two people share stands for both: ``requester-2/requester-5``.
    """
    owners: dict[str, list[str]] = {}
    for name, placeholder in people.items():
        words = _ROLE_SUFFIX.sub("", name).split()
        if len(words) < 2:
            continue
        for word in words:
            for part in {*_NAME_PART.findall(word), word.strip(".,;:!?\"'’()")}:
                if not _is_name_part(part):
                    continue
                shared = owners.setdefault(part.casefold(), [])
                if placeholder not in shared:
                    shared.append(placeholder)
    return {part: "/".join(shared) for part, shared in owners.items()}


def _is_name_part(part: str) -> bool:
    # Letters, apostrophes and inner hyphens, with one piece a name: "O'Neil",
    # "Mary-Jane", not "on-call" (whose pieces are short or common words).
    pieces = part.split("-")
    return (
        part.casefold() not in COMMON_WORDS
        and all(_NAME_PART.fullmatch(piece) for piece in pieces)
        and any(
            len(piece) >= NAME_PART_MIN and piece.casefold() not in COMMON_WORDS for piece in pieces
        )
    )


# Amounts of money --------------------------------------------------------------------------

AMOUNT_PLACEHOLDER = "[amount]"
"""What an amount of money in free text becomes."""

_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# Not part of another number, a date, a version, an id or a placeholder: 2026-03-01,
# 1.2.3, #1200, customer-1200.
_START = r"(?<![\w.,#/-])"
_END = r"(?![0-9]|[.,][0-9]|-[0-9])"
_SYMBOL = r"[$€£¥₹]"
_CODE = r"(?i:\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|INR|CNY|SGD|HKD)\b)"
_ANY_SCALE = r"(?i:(?:k|mm|m|bn|b|thousand|million|billion)\b)"
# Without a currency, "5m" may as well be minutes; "250k", "1.2M" and "3 million" are money.
_MONEY_SCALE = r"(?:[kK]|MM|mm|M|[bB][nN])\b|\s(?i:thousand|million|billion)\b"

_AMOUNT = re.compile(
    rf"(?<![0-9]){_SYMBOL}\s?{_NUMBER}{_END}(?:\s?{_ANY_SCALE})?"
    rf"|{_CODE}\s?{_NUMBER}{_END}(?:\s?{_ANY_SCALE})?"
    rf"|{_START}{_NUMBER}{_END}(?:\s?{_ANY_SCALE})?\s?(?:{_SYMBOL}|{_CODE})"
    rf"|{_START}{_NUMBER}{_END}(?:{_MONEY_SCALE})"
    rf"|{_START}[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?{_END}(?!\s?%)"
)
_PLAIN = re.compile(rf"{_START}{_NUMBER}{_END}(?:\s?{_ANY_SCALE})?(?!\s?%)")
_MONEY_WORD = (
    r"\b(?:arr|mrr|acv|tcv|revenue|bookings|pipeline|budget|deals?|contracts?|renewals?|"
    r"upsell|spend|price|cost|worth|dollars?|euros?|pounds?)\b"
)
# Between a money word and its number: at most two words, within one sentence.
_GAP = r"[^\w.;!?\n]+(?:[^\W\d]+[^\w.;!?\n]+){0,2}"
_MONEY_BEFORE = re.compile(rf"{_MONEY_WORD}{_GAP}$", re.IGNORECASE)
_MONEY_AFTER = re.compile(rf"{_GAP}{_MONEY_WORD}", re.IGNORECASE)
_NEAR = 40
"""How far (in characters) to look for a money word around a plain number."""
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6}
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def hide_amounts(text: str) -> str:
    """``text`` with every amount of money replaced by ``[amount]``.

    An amount is a number marked by a currency (``$250k``, ``€40k``, ``USD 250,000``,
    ``250 €``), by a scale (``250k``, ``1.2M``, ``3 million``) or by thousands separators
    (``250,000``); or a plain number of 1,000 or more, not a year, next to a word about
    money (``250000 ARR``, ``ARR of 250000``, ``a deal worth 40000``).
    """
    text = _AMOUNT.sub(AMOUNT_PLACEHOLDER, text)

    def near_money(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - _NEAR) : match.start()]
        after = text[match.end() : match.end() + _NEAR]
        beside = _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after)
        return AMOUNT_PLACEHOLDER if beside and _large(match.group()) else match.group()

    return _PLAIN.sub(near_money, text)


def _large(number: str) -> bool:
    digits = re.match(r"[0-9.,]+", number)
    assert digits is not None
    scale = number[digits.end() :].strip().casefold()
    if not scale and _YEAR.fullmatch(digits.group()):
        return False
    value = float(digits.group().replace(",", "")) * _SCALES.get(scale, 1e9 if scale else 1)
    return value >= 1000


# Free text ---------------------------------------------------------------------------------


class Scrubber:
    """Replaces every known name, and every amount of money, inside free text."""

    def __init__(self, names: dict[str, str], parts: Mapping[str, str] | None = None) -> None:
        """Build the matcher.

        Args:
            names: name → placeholder; matching ignores case.
            parts: parts of names → placeholder, replaced only as whole words.
        """
        variants = dict(names)
        for name, placeholder in names.items():
            # "Dana Reyes (AE, EMEA)" is also written plainly as "Dana Reyes" in notes,
            # and "Acme Corp" as "Acme".
            bare = _ROLE_SUFFIX.sub("", name)
            for variant in (bare, _LEGAL_FORM.sub("", bare)):
                if len(variant) >= 3:
                    variants.setdefault(variant, placeholder)
        folded = {name.casefold() for name in variants}
        words = {part: p for part, p in (parts or {}).items() if part.casefold() not in folded}
        ordered = sorted([*variants, *words], key=len, reverse=True)
        self._replacements = [variants.get(name) or words[name] for name in ordered]
        self._pattern = (
            re.compile(
                "|".join(_alternative(name, whole=name in words) for name in ordered),
                re.IGNORECASE,
            )
            if ordered
            else None
        )
        self._cache: dict[str, str] = {}

    def __call__(self, text: str, limit: int = LONG_TEXT_MAX) -> str:
        """``text`` with every name and amount replaced, cut to ``limit`` characters."""
        if not text:
            return text
        cleaned = self._cache.get(text)
        if cleaned is None:
            cleaned = text if self._pattern is None else self._pattern.sub(self._replace, text)
            cleaned = hide_amounts(cleaned)
            if len(cleaned) > limit:
                cleaned = cleaned[:limit].rstrip()
            self._cache[text] = cleaned
        return cleaned

    def _replace(self, match: re.Match[str]) -> str:
        assert match.lastindex is not None
        return self._replacements[match.lastindex - 1]


def _alternative(name: str, *, whole: bool = False) -> str:
    # A name must start a word ("Legal" is not redacted inside "illegal"), but may run
    # into the next one: "Acme Corp" is still hidden in "Acme Corporation". A part of a
    # name must be a whole word: "Dan" stays in "Danube".
    guard = r"(?<!\w)" if name[:1].isalnum() or name[:1] == "_" else ""
    end = r"(?!\w)" if whole else ""
    return f"{guard}({re.escape(name)}){end}"


def redact(data: WorkspaceData) -> WorkspaceData:
    """``data`` with customers and requesters replaced by placeholders and ARR removed."""
    requests = [record.request for record in data.records]
    customers = placeholders((r.customer for r in requests), "customer")
    requesters = placeholders((r.requester for r in requests), "requester")
    scrub = Scrubber({**requesters, **customers}, name_parts(requesters))

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
