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

    index: np.ndarray  # int32: the distinct word at each position
    starts: np.ndarray  # uint32 character offsets, one per position
    ends: np.ndarray
    # A text from a reading worker, resolved (see resolve): its distinct words' numbers
    # in its lexicon, and that lexicon's words; the writer's index fields look the
    # numbers up in arrays (batch_postings.py), and the words are listed when asked.
    lexicon: LexiconWords | None = None
    numbered: np.ndarray | None = None

    @cached_property
    def distinct(self) -> list[str]:
        """Each distinct word as written, in order of first use."""
        return self._listed(self.lexicon.written)

    @cached_property
    def stems(self) -> list[str]:
        """The stem of each distinct word."""
        return self._listed(self.lexicon.stems)

    @cached_property
    def folded(self) -> list[str]:
        """Each distinct word lower-cased, accents folded, unstemmed."""
        return self._listed(self.lexicon.folded)

    def _listed(self, words: list[str]) -> list[str]:
        return list(map(words.__getitem__, self.numbered.tolist()))

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
        self.numbered = self.__dict__.pop("numbers")
        self.lexicon = lexicon.words


def _numbered(text, numbers, index, starts, ends) -> AnalysedText:
    value = AnalysedText(text)
    value.numbers = numbers  # until resolve()
    value.index, value.starts, value.ends = index, starts, ends
    return value


class LexiconWords:
    """One generation of a lexicon: words as written, numbered in the order a reading
    worker first met them, with their stems and folded forms. A worker that starts
    its lexicon again starts a new generation, so texts numbered by the old one keep
    their words; the writer keeps its arrays per generation (batch_postings.py)."""

    def __init__(self) -> None:
        self.written: list[str] = []
        self.stems: list[str] = []
        self.folded: list[str] = []
        # The writer's copy: each number's folded word numbered in turn (several words
        # as written fold alike: "The", "the"), and the folded words by that number.
        self.folded_number = array("i")
        self.folded_words: list[str] = []
        self._folded_numbers: dict[str, int] = {}

    def folded_of(self, numbers: np.ndarray) -> np.ndarray:
        """The numbers of the folded forms of the words with these numbers."""
        view = np.frombuffer(self.folded_number, np.int32)
        try:
            return view[numbers]
        finally:
            del view  # while a view lives, the array cannot grow (BufferError)

    def add(self, written: list[str], stems: list[str], folded: list[str]) -> None:
        """Words new to the lexicon (the writer's copy); a step for each, once."""
        self.written += written
        self.stems += stems
        self.folded += folded
        numbers = self._folded_numbers
        for word in folded:
            number = numbers.get(word)
            if number is None:
                number = numbers[word] = len(self.folded_words)
                self.folded_words.append(word)
            self.folded_number.append(number)


class Lexicon:
    """A reading worker's words, numbered (LexiconWords); the writer keeps a copy,
    extended by what each of the worker's results adds (news)."""

    def __init__(self) -> None:
        self._number: dict[str, int] = {}
        self.words = LexiconWords()
        self._sent = 0

    @property
    def written(self) -> list[str]:
        return self.words.written

    def number(self, text: AnalysedText) -> None:
        """Number a text's words (the worker's side), so it travels as numbers."""
        words = self.words

        def new(i: int) -> int:
            words.written.append(text.distinct[i])
            words.stems.append(text.stems[i])
            words.folded.append(text.folded[i])
            return len(words.written) - 1

        text.numbers = np.array(ids_of(text.distinct, self._number, new), np.int32)

    def news(self) -> tuple[int, str, str, str]:
        """The words numbered since the last news: the first's number, and the
        words, stems and folded forms joined."""
        words = self.words
        first, self._sent = self._sent, len(words.written)
        return (
            first,
            "\0".join(words.written[first:]),
            "\0".join(words.stems[first:]),
            "\0".join(words.folded[first:]),
        )

    def extend(self, news: tuple[int, str, str, str]) -> None:
        """Add a worker's news (the writer's copy)."""
        first, written, stems, folded = news
        if first == 0:  # the worker started a new lexicon (see read_ahead.py)
            self.words = LexiconWords()
        if first != len(self.words.written):
            raise ValueError("a reading worker's words arrived out of order")
        if written:
            self.words.add(written.split("\0"), stems.split("\0"), folded.split("\0"))


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
