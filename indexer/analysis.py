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
_generation = [0]  # how many times the caches started again


def learn(written: list[str], distinct: set[str] | None = None) -> None:
    """Fold and stem the words not seen before, so STEMS and FOLDED hold them all."""
    if len(STEMS) > _KEPT:
        STEMS.clear()
        FOLDED.clear()
        _generation[0] += 1
    for word in (set(written) if distinct is None else distinct).difference(STEMS):
        folded = FOLDED[word] = word.lower().translate(accent_map)
        STEMS[word] = porter_stem(folded)


class AnalysedText(str):
    """A text with what the index needs of it, found by analysed(): its words as
    written, in order, with their character offsets, and its distinct words folded."""

    tokens: list[str]  # each word as written; its position is its index
    generation: int  # the caches' generation when the words were learnt
    starts: np.ndarray  # uint32 character offsets, one per word
    ends: np.ndarray
    words: set[str]  # distinct words, lower-cased and accents folded, unstemmed

    @property
    def occurrences(self) -> dict[str, array]:
        """Each stem's (position, start, end) triples, for a writer without the batch
        path (codec.ArrayPool takes the arrays themselves)."""
        self.relearn()
        seen: dict[str, array] = {}
        for pos, (word, start, end) in enumerate(
            zip(self.tokens, self.starts.tolist(), self.ends.tolist(), strict=True)
        ):
            numbers = seen.get(STEMS[word])
            if numbers is None:
                numbers = seen[STEMS[word]] = array("I")
            numbers.extend((pos, start, end))
        return seen

    def relearn(self) -> None:
        """Make sure STEMS and FOLDED hold this text's words: they do unless the caches
        started again since it was analysed."""
        if self.generation != _generation[0]:
            learn(self.tokens)
            self.generation = _generation[0]


def analysed(text: str) -> AnalysedText:
    value = AnalysedText(text)
    pieces = _PIECES.split(text)  # gap, word, gap, word, ..., gap
    value.tokens = pieces[1::2]
    ends = np.cumsum(np.fromiter(map(len, pieces), np.uint32, len(pieces)), dtype=np.uint32)
    value.starts = ends[0:-1:2]  # a word starts where the gap before it ends
    value.ends = ends[1::2]
    distinct = set(value.tokens)
    learn(value.tokens, distinct)
    value.generation = _generation[0]
    value.words = set(map(FOLDED.__getitem__, distinct))
    return value


def stem_occurrences(text: str, chars: bool) -> dict[str, array]:
    """Each stem's positions, or (position, start, end) triples, for any text."""
    found = analysed(text)
    if chars:
        return found.occurrences
    seen: dict[str, array] = {}
    for pos, word in enumerate(found.tokens):
        numbers = seen.get(STEMS[word])
        if numbers is None:
            numbers = seen[STEMS[word]] = array("I")
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
