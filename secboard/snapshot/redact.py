"""Redaction: a copy of a workspace that is safe to share outside the company.

Account and requester names become ``customer-1``, ``requester-1``…, account executives
``ae-1``…, and the product managers who own, change and move requests (``owner``,
``updated_by``, each history event's actor) become ``pm-1``, ``pm-2``… (numbered by
first appearance, in request order) wherever they occur — in their own fields and inside
every piece of free text, quotes included — while ARR and account notes are dropped. In
free text a name is found however it is cased, spaced or encoded (see
:mod:`secboard.snapshot.folding`), and so are its other spellings: handles, e-mail
addresses and domains built from it, a company's short form, a requester's first or
last name alone (see :mod:`secboard.snapshot.names`). Every amount of money is replaced
too (see :func:`hide_amounts`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import count

from secboard.domain.ask_fields import QUOTE_MAX, REFERENCE_MAX, TIER_MAX
from secboard.domain.asks import Account, Ask, account_key
from secboard.domain.checklist import QUESTION_MAX, parse_template_key
from secboard.domain.errors import InvalidInput
from secboard.domain.model import (
    ChecklistItem,
    Request,
    RequestRecord,
    StatusEvent,
    TemplateItem,
    WorkspaceData,
)
from secboard.domain.validation import LABEL_MAX, LONG_TEXT_MAX, TITLE_MAX, parse_objective_key
from secboard.snapshot.folding import MARK, Folded, fold
from secboard.snapshot.names import name_parts, placeholders, spellings

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
    """Replaces every known name, and every amount of money, inside free text.

    Names are looked for in the folded text (see :mod:`secboard.snapshot.folding`), so
    "ACME\u00a0Corp", "Ａｃｍｅ Corp" and "Dana\u200bReyes" are found as well, and
    replaced in the original text: everything around a name is kept as it was.
    """

    def __init__(self, names: dict[str, str], parts: Mapping[str, str] | None = None) -> None:
        """Build the matcher.

        Args:
            names: name → placeholder, each also matched as its other
                :func:`~secboard.snapshot.names.spellings`.
            parts: parts of names → placeholder, replaced only as whole words.
        """
        starts: dict[str, list[str]] = {}
        words: dict[str, list[str]] = {}
        for name, placeholder in names.items():
            where_words_start, whole_words = spellings(name)
            for spelling in where_words_start:
                _own(starts, spelling, placeholder)
            for spelling in whole_words:
                _own(words, spelling, placeholder)
        for part, placeholder in (parts or {}).items():
            for owner in placeholder.split("/"):
                _own(words, fold(part), owner)
        # A spelling that is one name's own stands for that name alone; a short form or
        # part several names share stands for all of them: "customer-1/customer-4".
        for spelling in starts:
            words.pop(spelling, None)
        self._replacements = {
            spelling: "/".join(owners) for spelling, owners in (*starts.items(), *words.items())
        }
        self._trie = _trie(starts, words)
        self._patterns: dict[str, re.Pattern[str]] = {}
        """The compiled trie by what may come between two letters (see :meth:`_hide_names`)."""
        self._cache: dict[str, str] = {}

    def __call__(self, text: str, limit: int = LONG_TEXT_MAX) -> str:
        """``text`` with every name and amount replaced, cut to ``limit`` characters."""
        if not text:
            return text
        cleaned = self._cache.get(text)
        if cleaned is None:
            cleaned = hide_amounts(self._hide_names(text))
            if len(cleaned) > limit:
                cleaned = cleaned[:limit].rstrip()
            self._cache[text] = cleaned
        return cleaned

    def _hide_names(self, text: str) -> str:
        if not self._replacements:
            return text
        folded = Folded(text)
        # A name may run across invisible characters; few texts have any.
        gap = f"{MARK}*" if MARK in folded.text else ""
        pattern = self._patterns.get(gap)
        if pattern is None:
            pattern = self._patterns[gap] = self._trie.compile(gap)
        kept: list[str] = []
        done = 0
        for match in pattern.finditer(folded.text):
            start, end = folded.span(*match.span())
            # Two names may end and start inside one character ("ﬁ"): hide both.
            start = max(start, done)
            kept += (text[done:start], self._replacements[match.group().replace(MARK, "")])
            done = end
        kept.append(text[done:])
        return "".join(kept)


def _own(owners: dict[str, list[str]], spelling: str, placeholder: str) -> None:
    shared = owners.setdefault(spelling, [])
    if placeholder not in shared:
        shared.append(placeholder)


def _trie(starts: Iterable[str], words: Iterable[str]) -> _Node:
    trie = _Node()
    for spelling, end in (*((s, "") for s in starts), *((w, r"(?!\w)") for w in words)):
        node = trie
        for char in spelling:
            node = node.children.setdefault(char, _Node())
        node.end = end
    return trie


@dataclasses.dataclass(slots=True)
class _Node:
    """A node of the trie of spellings: the letters that may come next.

    Matching the spellings as a trie, each position of a text is tried against a few
    letters rather than against every spelling in turn.
    """

    children: dict[str, _Node] = dataclasses.field(default_factory=dict)
    end: str | None = None
    """What must follow when a spelling ends here: "" (anything) or a word boundary."""

    def compile(self, gap: str) -> re.Pattern[str]:
        """The pattern of the spellings (one at least), with ``gap`` allowed between letters.

        A name must start a word ("Legal" is not redacted inside "illegal"), but may run
        into the next one: "Acme Corp" is still hidden in "Acme Corporation". A part of a
        name must be a whole word: "Dan" stays in "Danube".
        """
        word = _Node({c: n for c, n in self.children.items() if c.isalnum() or c == "_"})
        other = _Node({c: n for c, n in self.children.items() if c not in word.children})
        alternatives = [
            *([rf"(?<!\w){word.pattern(gap, first=True)}"] if word.children else []),
            *([other.pattern(gap, first=True)] if other.children else []),
        ]
        return re.compile("|".join(alternatives))

    def pattern(self, gap: str, *, first: bool = False) -> str:
        """What may follow this node; deeper branches come first, so the longest wins."""
        branches = []
        for char, child in sorted(self.children.items()):
            text = ("" if first else gap) + re.escape(char)
            # A chain of single letters is written as one literal.
            while len(child.children) == 1 and child.end is None:
                [(char, child)] = child.children.items()
                text += gap + re.escape(char)
            branches.append(text + child.pattern(gap))
        if self.end is not None:
            branches.append(self.end)
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


def redact(data: WorkspaceData) -> WorkspaceData:
    """``data`` with accounts, requesters, account owners and PMs replaced by placeholders,
    ARR removed and account notes dropped."""
    requests = [record.request for record in data.records]
    asks = [ask for r in requests for ask in r.asks]
    account_names = [
        *(a.name for a in data.accounts),
        *(ask.account for ask in asks),
        *(r.customer for r in requests),
    ]
    # One placeholder per account: two accounts are distinct when their keys are, even
    # if they fold alike (an escape or a full-width letter apart), and a redacted file
    # that gave both one name would hold the same account twice.
    keys = dict.fromkeys(account_key(name) for name in account_names if name)
    by_key = {key: f"customer-{number}" for number, key in enumerate(keys, start=1)}
    customers = {name: by_key[account_key(name)] for name in account_names if name}
    requesters = placeholders(
        [*(ask.requester for ask in asks), *(r.requester for r in requests)], "requester"
    )
    pms = placeholders(_people(data.records), "pm")
    executives = placeholders((a.owner for a in data.accounts), "ae")
    people = {**executives, **pms, **requesters}
    scrub = Scrubber({**people, **customers}, name_parts(people))

    def ask(a: Ask) -> Ask:
        return dataclasses.replace(
            a,
            account=None if a.account is None else customers[a.account],
            requester=None if a.requester is None else requesters[a.requester],
            reference=scrub(a.reference, REFERENCE_MAX),
            quote=scrub(a.quote, QUOTE_MAX),
        )

    def account(a: Account) -> Account:
        return dataclasses.replace(
            a,
            name=customers[a.name],
            arr=None,
            owner=None if a.owner is None else executives[a.owner],
            tier=scrub(a.tier, TIER_MAX),
            notes="",
        )

    objective_keys = _renamed_keys(
        [*(o.key for o in data.objectives), *(r.objective for r in requests if r.objective)],
        scrub,
        joiner="-",
        parse=parse_objective_key,
        fallback="objective",
    )
    checklist_keys = _renamed_keys(
        [*(t.key for t in data.template), *(i.key for r in requests for i in r.checklist)],
        scrub,
        joiner="_",
        parse=parse_template_key,
        fallback="question",
    )

    def request(r: Request) -> Request:
        return dataclasses.replace(
            r,
            title=scrub(r.title, TITLE_MAX),
            description=scrub(r.description),
            requester=None if r.requester is None else requesters[r.requester],
            customer=None if r.customer is None else customers[r.customer],
            owner=None if r.owner is None else pms[r.owner],
            updated_by=None if r.updated_by is None else pms[r.updated_by],
            arr=None,
            asks=tuple(ask(a) for a in r.asks),
            frameworks=_labels(r.frameworks, scrub),
            tags=_labels(r.tags, scrub),
            rationale=scrub(r.rationale),
            objective=None if r.objective is None else objective_keys[r.objective],
            checklist=tuple(
                ChecklistItem(
                    checklist_keys[item.key],
                    scrub(item.question, QUESTION_MAX),
                    item.answer,
                    scrub(item.note),
                )
                for item in r.checklist
            ),
        )

    return WorkspaceData(
        vision=scrub(data.vision),
        template=tuple(
            TemplateItem(checklist_keys[item.key], scrub(item.question, QUESTION_MAX))
            for item in data.template
        ),
        objectives=tuple(
            dataclasses.replace(
                o,
                key=objective_keys[o.key],
                title=scrub(o.title, TITLE_MAX),
                description=scrub(o.description),
            )
            for o in data.objectives
        ),
        records=tuple(
            RequestRecord(request(record.request), _history(record.history, scrub, pms))
            for record in data.records
        ),
        accounts=tuple(account(a) for a in data.accounts),
    )


_KEY_SEPARATORS = re.compile(r"[-_.]+")


def _renamed_keys(
    keys: Sequence[str],
    scrub: Scrubber,
    *,
    joiner: str,
    parse: Callable[[str, str], str],
    fallback: str,
) -> dict[str, str]:
    """Each key, or what it becomes when it names someone (objective and checklist keys).

    "acme-renewal" becomes "customer-1-renewal" (words are read apart at "-", "_" and
    "."); when that is no valid key (``parse`` refuses it) or is taken, ``objective-1``.
    """
    taken = set(keys)
    renamed: dict[str, str] = {}
    for key in dict.fromkeys(keys):
        spaced = _KEY_SEPARATORS.sub(" ", key)
        scrubbed = scrub(spaced)
        if scrubbed == spaced:
            renamed[key] = key
            continue
        new = re.sub(r"[\W_]+", joiner, scrubbed).strip(joiner)
        new = new.lower() if joiner == "_" else new
        if new in taken or not _valid(parse, new):
            new = next(
                f"{fallback}{joiner}{n}" for n in count(1) if f"{fallback}{joiner}{n}" not in taken
            )
        taken.add(new)
        renamed[key] = new
    return renamed


def _valid(parse: Callable[[str, str], str], key: str) -> bool:
    try:
        parse(key, "key")
    except InvalidInput:
        return False
    return True


def _labels(labels: Sequence[str], scrub: Callable[[str, int], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(scrub(label, LABEL_MAX) for label in labels))


def _people(records: Iterable[RequestRecord]) -> Iterable[str | None]:
    """The PMs named by each request, in the order a reader meets them: owner, last
    changed by, then who made each status change."""
    for record in records:
        yield record.request.owner
        yield record.request.updated_by
        for event in record.history:
            yield event.actor


def _history(
    history: Sequence[StatusEvent], scrub: Scrubber, pms: Mapping[str, str]
) -> tuple[StatusEvent, ...]:
    return tuple(
        dataclasses.replace(
            event,
            note=scrub(event.note),
            actor=None if event.actor is None else pms[event.actor],
        )
        if event.note or event.actor is not None
        else event
        for event in history
    )
