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
from functools import cached_property
from itertools import compress, repeat
from operator import is_

import numpy as np
from whoosh.analysis import CompositeAnalyzer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Acronyms keep their dots (U.S., U.N.); other words split at apostrophes and
# hyphens, so "Kyiv's" and "Russia-Ukraine" match queries for Kyiv and Russia.
TOKEN = r"(?:[^\W\d_]\.){2,}|\w+(?:\.?\w+)*"

_WORD = re.compile(TOKEN)
_STOP_BEFORE_WORD = re.compile(r"\.(?=\w)")
_RUNS = re.compile(r"(\w+)")  # split() keeps the runs of word characters between gaps
STEMS: dict[str, str] = {}  # word as written -> stem
FOLDED: dict[str, str] = {}  # word as written -> lower-cased, accents folded
_KEPT = 100_000  # words as written; past this the caches start again


def learn(distinct) -> None:
    """Fold and stem the words not seen before, so STEMS and FOLDED hold them all."""
    if len(STEMS) > _KEPT:
        STEMS.clear()
        FOLDED.clear()
    for word in set(distinct).difference(STEMS):
        folded = FOLDED[word] = word.lower().translate(accent_map)
        STEMS[word] = porter_stem(folded)


def ids_of(keys: list[str], known: dict[str, int], new) -> list[int]:
    """Each of `keys` (distinct) looked up in `known`, in C; a key not there is given
    `new(i)` (i: its place in keys) and kept. Most texts have a few new words."""
    found = list(map(known.get, keys))
    if None in found:
        for i in compress(range(len(found)), map(is_, found, repeat(None))):
            found[i] = known[keys[i]] = new(i)
    return found


class ProseAnalyzer(CompositeAnalyzer):
    """The prose fields' analyzer chain (schema.prose_analyzer): Whoosh's filters say
    what a word becomes, for queries; the index writer (codec.ArrayPool) reads these
    fields' texts whole with analysed() instead, tested to give the same words."""


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

    def __reduce_ex__(self, protocol):
        # Sent from a reading worker (read_ahead.py) numbered by the worker's lexicon:
        # only the numbers travel, and the writer takes the words from its copy of the
        # lexicon: strings it has hashed before, so its dictionary lookups need no new
        # hashing (new strings from the pickle made the writer hash every word again).
        numbers = self.__dict__.get("numbers")
        if numbers is None:
            return super().__reduce_ex__(protocol)
        return _numbered, (str(self), numbers, self.index, self.starts, self.ends)

    def resolve(self, lexicon: Lexicon) -> None:
        """Take the words of a text sent as numbers from the copy of its lexicon."""
        numbers = self.__dict__.pop("numbers").tolist()
        self.distinct = list(map(lexicon.written.__getitem__, numbers))
        self.stems = list(map(lexicon.stems.__getitem__, numbers))
        self.folded = list(map(lexicon.folded.__getitem__, numbers))


def _numbered(text, numbers, index, starts, ends) -> AnalysedText:
    value = AnalysedText(text)
    value.numbers = numbers  # until resolve()
    value.index, value.starts, value.ends = index, starts, ends
    return value


class Lexicon:
    """Words as written, numbered in the order a reading worker first met them, with
    their stems and folded forms; the writer keeps a copy, extended by what each of
    the worker's results adds (news)."""

    def __init__(self) -> None:
        self._number: dict[str, int] = {}
        self.written: list[str] = []
        self.stems: list[str] = []
        self.folded: list[str] = []
        self._sent = 0

    def number(self, text: AnalysedText) -> None:
        """Number a text's words (the worker's side), so it travels as numbers."""

        def new(i: int) -> int:
            self.written.append(text.distinct[i])
            self.stems.append(text.stems[i])
            self.folded.append(text.folded[i])
            return len(self.written) - 1

        text.numbers = np.array(ids_of(text.distinct, self._number, new), np.int32)

    def news(self) -> tuple[int, str, str, str]:
        """The words numbered since the last news: the first's number, and the
        words, stems and folded forms joined."""
        first, self._sent = self._sent, len(self.written)
        return (
            first,
            "\0".join(self.written[first:]),
            "\0".join(self.stems[first:]),
            "\0".join(self.folded[first:]),
        )

    def extend(self, news: tuple[int, str, str, str]) -> None:
        """Add a worker's news (the writer's copy)."""
        first, written, stems, folded = news
        if first == 0:  # the worker started a new lexicon (see read_ahead.py)
            self.written, self.stems, self.folded = [], [], []
        if first != len(self.written):
            raise ValueError("a reading worker's words arrived out of order")
        if written:
            self.written += written.split("\0")
            self.stems += stems.split("\0")
            self.folded += folded.split("\0")


def words_and_offsets(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The text's words (TOKEN) with their start and end offsets (uint32).

    TOKEN differs from runs of word characters only where a full stop stands alone
    between two of them (U.S., 3.5, e.g., www.example.org): the text is split into
    runs by the simpler expression, twice as fast, and only the runs joined by such
    stops are read again with TOKEN itself, in place (finditer from and to those
    offsets matches exactly what a scan of the whole text would)."""
    pieces = _RUNS.split(text)  # gap, run, gap, run, ..., gap
    words = pieces[1::2]
    ends = np.cumsum(np.fromiter(map(len, pieces), np.uint32, len(pieces)), dtype=np.uint32)
    starts, ends = ends[0:-1:2], ends[1::2]
    # Runs k and k + 1 joined by a lone full stop: one right after run k's end and
    # before a word character (found by the text's full stops, not by its pieces).
    stops = np.fromiter((m.start() for m in _STOP_BEFORE_WORD.finditer(text)), np.int64)
    if not stops.size:
        return words, starts, ends
    after = np.searchsorted(ends, stops)
    after[after == ends.size] = 0
    joined = after[ends[after] == stops].tolist()
    if not joined:
        return words, starts, ends
    out_words, out_starts, out_ends = [], [], []
    at = 0  # the first run not yet copied
    n = 0
    while n < len(joined):
        first = joined[n]
        last = first + 1
        while n + 1 < len(joined) and joined[n + 1] == last:
            n += 1
            last += 1
        n += 1
        begin, end = int(starts[first]), int(ends[last])
        if text.startswith(".", end):
            end += 1  # an acronym takes its closing stop ("U.S.")
        out_words += words[at:first]
        out_starts.append(starts[at:first])
        out_ends.append(ends[at:first])
        found = list(_WORD.finditer(text, begin, end))
        out_words += [m.group() for m in found]
        out_starts.append(np.array([m.start() for m in found], np.uint32))
        out_ends.append(np.array([m.end() for m in found], np.uint32))
        at = last + 1
    out_words += words[at:]
    out_starts.append(starts[at:])
    out_ends.append(ends[at:])
    return out_words, np.concatenate(out_starts), np.concatenate(out_ends)


def analysed(text: str) -> AnalysedText:
    value = AnalysedText(text)
    tokens, value.starts, value.ends = words_and_offsets(text)
    first_use = dict.fromkeys(tokens)  # map() and dict() below run in C
    value.distinct = distinct = list(first_use)
    number = dict(zip(distinct, range(len(distinct)), strict=True))
    value.index = np.fromiter(map(number.__getitem__, tokens), np.int32, len(tokens))
    learn(first_use)
    value.stems = list(map(STEMS.__getitem__, distinct))
    value.folded = list(map(FOLDED.__getitem__, distinct))
    return value


def word_tokens(text: str):
    """(start, end, word as the name analyzer sees it) for each word of a text."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower().translate(accent_map)


def words_of(text: str) -> set[str]:
    """The distinct words of a text as the name analyzer sees them (lower-cased, accents
    folded, unstemmed): the same as analysed(text).words."""
    return analysed(text).words
