"""Redaction finds a name however it is written: spacing, case, Unicode, handles, short forms."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterator

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from secboard.domain.model import RequestRecord, WorkspaceData
from secboard.snapshot import export_snapshot, redact
from secboard.snapshot.folding import fold
from secboard.snapshot.names import COMMON_WORDS, placeholders
from secboard.snapshot.redact import Scrubber
from tests.snapshot_samples import EXPORTED, every_free_text


@pytest.mark.parametrize(
    "written",
    [
        "Dana\u00a0Reyes",  # a no-break space
        "Dana  Reyes",
        "Dana\nReyes",
        "Dana \r\n\tReyes",
        "DANA reyes",
        "Ｄａｎａ Ｒｅｙｅｓ",  # fullwidth
        "Dana\u200bReyes",  # a zero-width space instead of the space
        "Da\u200dna Re\u00adyes",  # a zero-width joiner and a soft hyphen inside
        "Dana\u2060 Reyes\ufeff",
    ],
)
def test_a_name_is_hidden_however_it_is_spaced_cased_or_encoded(written: str) -> None:
    scrub = Scrubber({"Dana Reyes (AE, EMEA)": "requester-1"})

    assert scrub(f"«{written}» asked") in ("«requester-1» asked", "«requester-1\ufeff» asked")


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("cc\u200bDana Reyes", "cc\u200brequester-1"),
        ("Acme\u200bteam", "customer-1\u200bteam"),
        ("ask\u2060dana reyes\u200bnow", "ask\u2060requester-1\u200bnow"),
        ("Dana\u200b \u200bReyes", "requester-1"),
    ],
)
def test_an_invisible_character_beside_a_name_parts_it_from_the_next_word(
    text: str, hidden: str
) -> None:
    scrub = Scrubber({"Dana Reyes": "requester-1", "Acme Corp": "customer-1"})

    assert scrub(text) == hidden


def test_a_name_is_hidden_in_either_unicode_normal_form() -> None:
    composed, decomposed = "Jos\u00e9 Mu\u00f1oz", "Jose\u0301 Mun\u0303oz"
    scrub = Scrubber({composed: "requester-1", "Crème Brûlée SA": "customer-1"})

    assert scrub(f"{decomposed} and {composed}") == "requester-1 and requester-1"
    assert scrub("Cre\u0300me Bru\u0302le\u0301e asked") == "customer-1 asked"


def test_the_text_around_a_name_is_kept_exactly() -> None:
    scrub = Scrubber({"Acme Corp": "customer-1"})
    text = "Ｘ\u00a0 «ACME\u00a0\u200bcorp»\n\tsaid: café\u0301 ﬁne"

    assert scrub(text) == "Ｘ\u00a0 «customer-1»\n\tsaid: café\u0301 ﬁne"


def test_names_typed_with_odd_spacing_share_one_placeholder() -> None:
    mapping = placeholders(["Acme Corp", "ACME\u00a0Corp", "Ａｃｍｅ  corp", "Globex"], "customer")

    assert set(mapping.values()) == {"customer-1", "customer-2"}
    assert mapping["Globex"] == "customer-2"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("mail dana.reyes@acme.com", "mail requester-1@customer-1.com"),
        ("cc DANA_REYES and danareyes", "cc requester-1 and requester-1"),
        ("@dreyes on chat, d.reyes by mail", "@requester-1 on chat, requester-1 by mail"),
        ("see dana-reyes.example.org", "see requester-1.example.org"),
        ("the @acme.com domain; acmecorp.io", "the @customer-1.com domain; customer-1.io"),
        ("acme_corp tenant", "customer-1 tenant"),
    ],
)
def test_handles_addresses_and_domains_built_from_a_name_are_hidden(text: str, hidden: str) -> None:
    scrub = Scrubber({"Dana Reyes (AE, EMEA)": "requester-1", "Acme Corp": "customer-1"})

    assert scrub(text) == hidden


def test_handle_spellings_are_whole_words() -> None:
    scrub = Scrubber({"Dana Reyes": "requester-1"})

    assert scrub("dreyesx and xdana.reyes stay") == "dreyesx and xdana.reyes stay"


@pytest.mark.parametrize(
    ("customer", "text", "hidden"),
    [
        ("Cyberdyne Systems", "Cyberdyne's SOC asked", "customer-1's SOC asked"),
        ("Wayne Bank Ltd", "per Wayne: yes", "per customer-1: yes"),
        ("Initech, Inc.", "Initech renewal", "customer-1 renewal"),
        ("Massive Dynamic", "a massive effort", "a massive effort"),
        ("General Bank", "in general, yes", "in general, yes"),
        ("Pied Piper", "the Pied view", "the Pied view"),
    ],
)
def test_a_customer_is_hidden_by_its_distinctive_first_word(
    customer: str, text: str, hidden: str
) -> None:
    assert Scrubber({customer: "customer-1"})(text) == hidden


def test_a_short_form_two_customers_share_names_both() -> None:
    scrub = Scrubber({"Acme Corp": "customer-1", "Acme Bank": "customer-2"})

    assert scrub("Acme Corp, Acme Bank and Acme") == (
        "customer-1, customer-2 and customer-1/customer-2"
    )


def test_a_short_form_that_is_another_name_stands_for_that_name() -> None:
    scrub = Scrubber({"Acme Corp": "customer-1", "Acme": "customer-2"})

    assert scrub("Acme") == "customer-2"


# Any name, written any of these ways, is hidden --------------------------------------------

_letters = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéñüøß"), min_size=3, max_size=9)
_words = _letters.filter(lambda word: word not in COMMON_WORDS).map(str.capitalize)
_SUFFIXES = ["Corp", "Inc.", "Ltd", "GmbH", "AG", "Bank", "Systems", "Group", "Holdings"]
_SPACES = [" ", "\u00a0", "  ", "\n", "\t", " \r\n ", "\u2009", "\u3000"]
_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"]
_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
_CASES: list[Callable[[str], str]] = [str, str.lower, str.upper, str.title, str.swapcase]
_FORMS: list[Callable[[str], str]] = [
    str,
    lambda text: unicodedata.normalize("NFD", text),
    lambda text: unicodedata.normalize("NFC", text),
    lambda text: text.translate(_FULLWIDTH),
]
_SKELETON = export_snapshot(every_free_text("Email from"), exported_at=EXPORTED, redact=True)
_VOCABULARY = set(re.findall(r"\w+", _SKELETON.casefold())) | {"amount"}
"""The words of a redacted export without names: a name made of them would seem to leak."""


@st.composite
def written(draw: st.DrawFn, words: list[str], *, person: bool) -> tuple[str, str]:
    """One way to write the name made of ``words``: ``(as written, what must not survive)``.

    Spaced, joined into a handle or an address, or shortened (a person's first or last
    name, a company's first word); then cased, with invisible characters in it or beside
    it, in one Unicode form or fullwidth.
    """
    first, last = words[0], words[-1]
    shapes = [
        draw(st.sampled_from(_SPACES)).join(words),
        draw(st.sampled_from(["", ".", "_", "-"])).join(words),
        f"{'.'.join(words)}@example.com",
        first if person else f"{first}.com",
        *([f"{last}'s", f"{first[0]}{last}", f"@{first[0]}.{last}"] if person else []),
        *([] if person else [f"ops@{first}.com", f"{first}'s"]),
    ]
    shape = draw(st.sampled_from(shapes))
    target = fold(shape).removesuffix("'s").removesuffix("@example.com").removesuffix(".com")
    target = target.split("@")[-1].lstrip("@")
    text = draw(st.sampled_from(_CASES))(shape)
    for at in sorted(draw(st.lists(st.integers(0, len(text)), max_size=3)), reverse=True):
        text = text[:at] + draw(st.sampled_from(_INVISIBLES)) + text[at:]
    return draw(st.sampled_from(_FORMS))(text), target


def strings(value: object) -> Iterator[str]:
    """Every string inside ``value``: a workspace's text fields, labels, names, notes."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name))


def survives(target: str, data: WorkspaceData) -> list[str]:
    """The strings of ``data`` in which ``target`` (folded) is still a whole word."""
    pattern = re.compile(rf"(?<!\w){re.escape(target)}(?!\w)")
    return [text for text in strings(data) if pattern.search(fold(text))]


@given(
    st.lists(_words, min_size=2, max_size=3),
    st.tuples(_words, st.sampled_from(_SUFFIXES)).map(list),
    st.booleans(),
    st.data(),
)
def test_no_spelling_of_a_name_survives_redaction(
    person: list[str], company: list[str], about_the_person: bool, data: st.DataObject
) -> None:
    names = [word.casefold() for word in (*person, *company)]
    assume(not set(names) & _VOCABULARY and len(set(names)) == len(names))
    shown, target = data.draw(
        written(person, person=True) if about_the_person else written(company, person=False)
    )
    workspace = every_free_text(f"Email from {shown}, twice: {shown}.")
    first = workspace.records[0]
    account = dataclasses.replace(workspace.accounts[0], name=" ".join(company))
    ask = dataclasses.replace(
        first.request.asks[0], requester=" ".join(person), account=account.name
    )
    request = dataclasses.replace(first.request, asks=(ask, *first.request.asks[1:]))
    workspace = dataclasses.replace(
        workspace, records=(RequestRecord(request, first.history),), accounts=(account,)
    )

    shared = redact(workspace)

    assert survives(target, shared) == []
    assert [text for text in strings(shared) if shown in text] == []


_PIECES = [*"abcdefg ÀÉñß.,'-", "\u00a0", "\n", "\u200b", "\u00ad", "\u0301", "ﬁ", "  "]
_AROUND = st.lists(
    st.sampled_from([*_PIECES, "Привет", "日本", "ｶﾞ", "가", "\u1100\u1161", "Ａ", "\ufe0f"]),
    max_size=12,
).map("".join)
"""Text around a name: ASCII, Latin, Cyrillic, CJK, Hangul, accents, odd spaces."""
_NAME_WORDS = st.text(st.sampled_from("jkqvwxz"), min_size=3, max_size=6).map(str.capitalize)


@given(_AROUND, st.lists(_NAME_WORDS, min_size=2, max_size=3), _AROUND, st.data())
def test_only_the_name_is_replaced_and_the_text_around_it_is_kept_exactly(
    before: str, words: list[str], after: str, data: st.DataObject
) -> None:
    spaced = data.draw(st.lists(st.sampled_from(_SPACES), min_size=len(words) - 1))
    text = words[0] + "".join(space + word for space, word in zip(spaced, words[1:], strict=False))
    text = data.draw(st.sampled_from(_CASES))(text)
    for at in sorted(data.draw(st.lists(st.integers(1, len(text) - 1), max_size=3)), reverse=True):
        text = text[:at] + data.draw(st.sampled_from(_INVISIBLES)) + text[at:]
    shown = data.draw(st.sampled_from(_FORMS))(text)

    scrubbed = Scrubber({" ".join(words): "requester-1"})(f"{before} {shown} {after}")

    assert scrubbed == f"{before} requester-1 {after}"
