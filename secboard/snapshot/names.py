"""The names redaction hides, and the other ways each of them is written.

Every spelling here is folded (see :mod:`secboard.snapshot.folding`), so it stands for
itself in any case, Unicode form, spacing or with invisible characters inside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from secboard.snapshot.folding import fold

_ROLE_SUFFIX = re.compile(r"\s*\([^()]*\)$")
_LEGAL_FORM = re.compile(
    r",?\s+(?:corp|corporation|inc|ltd|limited|llc|plc|gmbh|ag|ab|kk|sa|bv|nv|oy|co)\.?$",
    re.IGNORECASE,
)
_NAME_PART = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_HANDLE_WORD = re.compile(r"[\w'-]+")

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
    nordic national international american united first standard modern digital smart
    new big great best top prime blue red gold silver star sun apex summit pioneer
    massive alpha beta delta omega metro city state federal capital union
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())
"""Words not replaced on their own ("Head of IT", "Will Ng", "Massive Dynamic").

The whole name is always replaced; these words would otherwise be hidden everywhere
else too ("Platform team" must not turn every "platform" into a placeholder).
"""

_CORPORATE_WORDS = """
    corp corporation inc incorporated ltd limited llc llp lp plc gmbh ag ab as asa kk sa
    sas sarl srl spa bv nv oy oyj co company pty pte
    bank group holding holdings industries international systems technologies technology
    labs solutions software enterprises ventures capital financial insurance health
    healthcare logistics retail biotech pharma energy telecom media
"""
CORPORATE_WORDS = frozenset(_CORPORATE_WORDS.split())
"""Words after which the first word of a customer's name stands for the whole name.

"Acme" is short for "Acme Corp", "Cyberdyne" for "Cyberdyne Systems".
"""


def placeholders(names: Iterable[str | None], prefix: str) -> dict[str, str]:
    """``prefix-1``, ``prefix-2``… for each name, by first appearance.

    Spellings that fold the same (case, Unicode form, spacing) share a placeholder;
    every spelling is a key.
    """
    by_folded: dict[str, str] = {}
    mapping: dict[str, str] = {}
    for name in names:
        if name is None or name in mapping:
            continue
        folded = fold(name)
        if folded not in by_folded:
            by_folded[folded] = f"{prefix}-{len(by_folded) + 1}"
        mapping[name] = by_folded[folded]
    return mapping


def name_parts(people: Mapping[str, str]) -> dict[str, str]:
    """The first, middle and last names of ``people`` (name → placeholder), with theirs.

    "Dana Scully (AE, EMEA)" gives "dana" and "scully" (and "Mary-Jane Watson" gives
    "mary-jane", "mary", "jane" and "watson"), folded. A one-word name has no parts;
    parts shorter than :data:`NAME_PART_MIN` letters and :data:`COMMON_WORDS` are left
    out; a part two people share stands for both: ``requester-2/requester-5``.
    """
    owners: dict[str, list[str]] = {}
    for name, placeholder in people.items():
        words = _ROLE_SUFFIX.sub("", fold(name)).split()
        if len(words) < 2:
            continue
        for word in words:
            for part in {*_NAME_PART.findall(word), word.strip(".,;:!?\"'’()")}:
                if not _is_name_part(part):
                    continue
                shared = owners.setdefault(part, [])
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


def spellings(name: str) -> tuple[set[str], set[str]]:
    """The folded ways ``name`` is written: ``(where a word starts, as whole words)``.

    Where a word starts, so "Acme Corp" is hidden in "Acme Corporation" too: the name,
    the name without a role in parentheses ("Dana Reyes" for "Dana Reyes (AE, EMEA)") and
    without a legal form ("Nordic Telecom" for "Nordic Telecom AB").

    As whole words: handles and the local parts of e-mail addresses built from the
    words of the name ("dana.reyes", "dana_reyes", "danareyes", "dana-reyes"; "dreyes"
    and "d.reyes" when the first and last words are names), and a company's short form:
    its first word, when every word after it is one of :data:`CORPORATE_WORDS` ("Acme"
    for "Acme Corp"; a domain such as "acme.com" then holds it as a whole word too).
    Words of :data:`COMMON_WORDS` are never short forms.
    """
    folded = fold(name)
    bare = _ROLE_SUFFIX.sub("", folded).strip()
    plain = _LEGAL_FORM.sub("", bare).strip()
    starts = {spelling for spelling in (folded, bare) if spelling}
    if " " in plain:
        starts.add(plain)
    words: set[str] = set()
    for spelling in (bare, plain):
        parts = [part.strip(".,") for part in spelling.split(" ")]
        if len(parts) < 2 or not all(_HANDLE_WORD.fullmatch(part) for part in parts):
            continue
        words.update(separator.join(parts) for separator in ("", ".", "_", "-"))
        first, last = parts[0], parts[-1]
        if _is_name_part(first) and _is_name_part(last) and last not in CORPORATE_WORDS:
            words.update(f"{first[0]}{separator}{last}" for separator in ("", ".", "_"))
    first, *rest = [part.strip(".,") for part in bare.split(" ")]
    if rest and all(part in CORPORATE_WORDS for part in rest) and _is_name_part(first):
        words.add(first)
    return starts, words - starts
