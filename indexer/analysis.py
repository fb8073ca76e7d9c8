"""How a text becomes the words the index holds, as whole-text operations.

The index reads each word lower-cased, accents folded and, in the prose fields,
stemmed (schema.prose_analyzer says so to Whoosh). Whoosh's analyzer chain does
that a generator step and a Token object per filter per word; here one regular
expression splits the whole text, C-level map() calls look each word up in
dictionaries kept by the word as written, and NumPy turns the pieces' lengths
into character offsets. Only a word never seen before costs Python: its folding
and its Porter stem, computed once.
"""

from __future__ import annotations

import re
from array import array
from functools import cached_property

import numpy as np
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Acronyms keep their dots (U.S., U.N.); other words split at apostrophes and
# hyphens, so "Kyiv's" and "Russia-Ukraine" match queries for Kyiv and Russia.
TOKEN = r"(?:[^\W\d_]\.){2,}|\w+(?:\.?\w+)*"

_WORD = re.compile(TOKEN)
_PIECES = re.compile(f"({TOKEN})")  # split() keeps the words between the gaps
STEMS: dict[str, str] = {}  # word as written -> stem
FOLDED: dict[str, str] = {}  # word as written -> lower-cased, accents folded
_KEPT = 200_000  # words as written; past this the caches start again


def learn(distinct) -> None:
    """Fold and stem the words not seen before, so STEMS and FOLDED hold them all."""
    if len(STEMS) > _KEPT:
        STEMS.clear()
        FOLDED.clear()
    for word in set(distinct).difference(STEMS):
        folded = FOLDED[word] = word.lower().translate(accent_map)
        STEMS[word] = porter_stem(folded)


class AnalysedText(str):
    """A text with what the index needs of it, found by analysed(): its distinct words
    as written with their stems and folded forms, which of them stands at each
    position, and each position's character offsets. A text is read once, here or
    in a reading worker (read_ahead.py); it carries what it found, so the writer
    never looks a word up again."""

    distinct: list[str]  # each distinct word as written, in order of first use
    stems: list[str]  # the stem of each distinct word
    folded: list[str]  # each distinct word lower-cased, accents folded, unstemmed
    index: np.ndarray  # int32: the distinct word at each position
    starts: np.ndarray  # uint32 character offsets, one per position
    ends: np.ndarray

    @property
    def tokens(self) -> list[str]:
        """Each word as written, in order."""
        return [self.distinct[i] for i in self.index.tolist()]

    @cached_property
    def words(self) -> set[str]:
        """The distinct words folded (what prefixes and wildcards match)."""
        return set(self.folded)

    @property
    def occurrences(self) -> dict[str, array]:
        """Each stem's (position, start, end) triples, for a writer without the batch
        path (codec.ArrayPool takes the arrays themselves)."""
        seen: dict[str, array] = {}
        stems = self.stems
        for pos, (i, start, end) in enumerate(
            zip(self.index.tolist(), self.starts.tolist(), self.ends.tolist(), strict=True)
        ):
            numbers = seen.get(stems[i])
            if numbers is None:
                numbers = seen[stems[i]] = array("I")
            numbers.extend((pos, start, end))
        return seen

    def __reduce__(self):
        # Sent from a reading worker (read_ahead.py): words joined into one string
        # pickle in a tenth of the time of a list (no word contains a NUL).
        return _unpickled, (
            str(self),
            "\0".join(self.distinct),
            "\0".join(self.stems),
            "\0".join(self.folded),
            self.index,
            self.starts,
            self.ends,
        )


def _unpickled(text, distinct, stems, folded, index, starts, ends) -> AnalysedText:
    value = AnalysedText(text)
    value.distinct = distinct.split("\0") if distinct else []
    value.stems = stems.split("\0") if stems else []
    value.folded = folded.split("\0") if folded else []
    value.index, value.starts, value.ends = index, starts, ends
    return value


def analysed(text: str) -> AnalysedText:
    value = AnalysedText(text)
    pieces = _PIECES.split(text)  # gap, word, gap, word, ..., gap
    tokens = pieces[1::2]
    ends = np.cumsum(np.fromiter(map(len, pieces), np.uint32, len(pieces)), dtype=np.uint32)
    value.starts = ends[0:-1:2]  # a word starts where the gap before it ends
    value.ends = ends[1::2]
    first_use = dict.fromkeys(tokens)  # map() and dict() below run in C
    value.distinct = distinct = list(first_use)
    number = dict(zip(distinct, range(len(distinct)), strict=True))
    value.index = np.fromiter(map(number.__getitem__, tokens), np.int32, len(tokens))
    learn(first_use)
    value.stems = list(map(STEMS.__getitem__, distinct))
    value.folded = list(map(FOLDED.__getitem__, distinct))
    return value


def stem_occurrences(text: str, chars: bool) -> dict[str, array]:
    """Each stem's positions, or (position, start, end) triples, for any text."""
    found = analysed(text)
    if chars:
        return found.occurrences
    seen: dict[str, array] = {}
    for pos, i in enumerate(found.index.tolist()):
        numbers = seen.get(found.stems[i])
        if numbers is None:
            numbers = seen[found.stems[i]] = array("I")
        numbers.append(pos)
    return seen


def word_tokens(text: str):
    """(start, end, word as the name analyzer sees it) for each word of a text."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower().translate(accent_map)


def words_of(text: str) -> set[str]:
    """The distinct words of a text as the name analyzer sees them (lower-cased, accents
    folded, unstemmed): the same as analysed(text).words."""
    return analysed(text).words
