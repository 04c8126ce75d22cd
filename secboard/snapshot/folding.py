"""Folding text for finding names in it, however they are spelled.

A name is matched in *folded* text: compatibility-normalised (NFKC: fullwidth letters,
ligatures and composed or decomposed accents all become one spelling), case-folded,
without the accents of Latin, Greek and Cyrillic letters ("Societe" is "Société"), with
invisible characters (zero-width spaces and joiners, soft hyphens, bidirectional marks)
removed and every run of whitespace (no-break spaces, line breaks, tabs) made one space.
In a text searched for names, an invisible character leaves a :data:`MARK`: a name may
run across it ("Da<U+200B>na") or end or start at it ("cc<U+200B>Dana").
:class:`Folded` remembers where each folded character came from, so a name found in the
folded text is replaced in the original and everything around it stays exactly as it was.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Printable ASCII apart from a lone space folds to itself in lower case; anything else
# (other whitespace, runs of spaces, control and non-ASCII characters) is looked at more
# closely. Most text has nothing else, so most text takes the quick path.
_ODD = re.compile(r"(?:[^\x20-\x7e]| ){2,}|[^\x20-\x7e]")
_INVISIBLE_EXTRA = frozenset(
    # Not format characters, but show nothing: the combining grapheme joiner, the
    # Mongolian vowel separator, Hangul fillers and the variation selectors.
    "\u034f\u180e\u115f\u1160\u3164\uffa0" + "".join(map(chr, range(0xFE00, 0xFE10)))
)
MARK = "\ue000"
"""Where invisible characters were, in folded text: not a letter, so not part of a word."""
_SAME_LETTER = str.maketrans({"’": "'", "‘": "'", "\u2010": "-", "\u2011": "-"})
"""Apostrophes and hyphens that read the same as the ASCII ones."""


def _invisible(char: str) -> bool:
    return char in _INVISIBLE_EXTRA or unicodedata.category(char) in ("Cf", "Cc", "Co")


_ACCENT = re.compile("[\u0300-\u036f]")
"""The combining diacritical marks: accents on Latin, Greek and Cyrillic letters."""


def _fold_characters(text: str) -> str:
    """``text`` normalised (NFKC), case-folded, without accents, with look-alike
    apostrophes and hyphens made one."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    # "Société" is also written "Societe": both are the same name. Marks of other
    # scripts (Devanagari vowel signs, say) tell words apart, so they stay.
    return unicodedata.normalize("NFKC", _ACCENT.sub("", folded)).translate(_SAME_LETTER)


_NOT_SIMPLE = "\x00"
_JAMO = (range(0x1100, 0x1200), range(0x3130, 0x3190), range(0xA960, 0xA980), range(0xD7B0, 0xD800))


class _SimpleFolds(dict[int, str]):
    """Each character folded on its own, or :data:`_NOT_SIMPLE` if that is not enough.

    A character is simple when it folds to one character by itself, cannot combine with
    its neighbours (it is no accent or Hangul letter; an accent is never simple) and is
    neither whitespace (but a space) nor invisible. A text of simple characters folds
    one for one, by :meth:`str.translate` alone; the table fills as characters are met.
    """

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _fold_characters(char)
        simple = char == " " or (
            not (char.isspace() or _invisible(char) or any(code in r for r in _JAMO))
            and len(folded) == 1
            and not unicodedata.category(char).startswith("M")
            and not unicodedata.category(folded).startswith("M")
        )
        self[code] = folded if simple else _NOT_SIMPLE
        return self[code]


_SIMPLE = _SimpleFolds()


@dataclass(frozen=True, slots=True)
class _Piece:
    """Where a stretch of the folded text came from in the original."""

    folded: int
    """Where the stretch starts in the folded text."""
    original: int
    """Where it starts in the original."""
    original_end: int
    """Where it ends in the original."""
    linear: bool
    """Each folded character is one original character (plain ASCII)."""


class Folded:
    """A text folded for matching, with the way back from folded to original positions."""

    __slots__ = ("_pieces", "_starts", "text")

    def __init__(self, original: str) -> None:
        """Fold ``original`` (see the module's docstring)."""
        pieces: list[_Piece] = []
        chunks: list[str] = []
        length = 0
        done = 0
        for odd in _ODD.finditer(original):
            start = odd.start()
            # A combining accent belongs with the letter before it: "e" + U+0301 is "é".
            if start > done and unicodedata.combining(original[start]):
                start -= 1
            if start > done:
                chunks.append(original[done:start].lower())
                pieces.append(_Piece(length, done, start, linear=True))
                length += start - done
            simple = original[start : odd.end()].translate(_SIMPLE)
            if _NOT_SIMPLE in simple or "  " in simple:
                length = self._fold_odd(original, start, odd.end(), chunks, pieces, length)
            else:
                chunks.append(simple)
                pieces.append(_Piece(length, start, odd.end(), linear=True))
                length += len(simple)
            done = odd.end()
        if done < len(original) or not pieces:
            chunks.append(original[done:].lower())
            pieces.append(_Piece(length, done, len(original), linear=True))
        self.text = "".join(chunks)
        """The folded text."""
        self._pieces = pieces
        self._starts = [piece.folded for piece in pieces]

    @staticmethod
    def _fold_odd(
        original: str,
        start: int,
        end: int,
        chunks: list[str],
        pieces: list[_Piece],
        length: int,
    ) -> int:
        # One character and the accents combining with it at a time; returns the new
        # length of the folded text.
        at = start
        while at < end:
            after = at + 1
            while after < end and unicodedata.combining(original[after]):
                after += 1
            cluster = original[at:after]
            if _invisible(cluster[0]) and not cluster[0].isspace():
                folded = MARK
            elif cluster.isspace():
                folded = " "
            else:
                folded = _fold_characters(cluster)
            if folded in (" ", MARK) and chunks and chunks[-1] in (" ", MARK):
                # Part of a run of whitespace and invisible characters: one space or mark
                # stands for it, a space if there is one.
                last = pieces[-1]
                pieces[-1] = _Piece(last.folded, last.original, after, linear=False)
                if folded == " ":
                    chunks[-1] = " "
            elif folded:
                chunks.append(folded)
                pieces.append(_Piece(length, at, after, linear=False))
                length += len(folded)
            at = after
        return length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` (not empty) came from in the original."""
        return self._original(start, at_end=False), self._original(end - 1, at_end=True)

    def _original(self, position: int, *, at_end: bool) -> int:
        piece = self._pieces[bisect_right(self._starts, position) - 1]
        if piece.linear:
            return piece.original + position - piece.folded + at_end
        return piece.original_end if at_end else piece.original


def fold(text: str) -> str:
    """``text`` folded as names are matched (see :class:`Folded`), without marks."""
    return Folded(text).text.replace(MARK, "").strip()
