"""A segment's postings for the analysed fields, built from whole texts as arrays.

Each text arrives as its words as written, in order, with character offsets
(analysis.analysed). Its words become term ids by C-level map() over a dictionary
kept by the word as written, and its occurrences are kept as NumPy arrays. When
the segment is written, one stable sort per field orders every occurrence by
term, then document, then position (the order they arrived in), and each term's
postings are slices of the sorted arrays: Python does one step per term per
segment, where adding postings a document at a time did one per term per
document (a third of the text phase).

Two kinds of field: prose (title, text; stems with positions and characters) and
word sets (title_words, text_words; each distinct folded word once, no values).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator

import numpy as np

from indexer import analysis

# One term's postings, as the postings writer takes them (codec.write_term):
# term, document numbers, weights, bytes per posting, values one after another.
TermLists = tuple[bytes, array, array, array, bytes]


class _Terms:
    """A segment's term ids, each a key's id in arrival order."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def id_of(self, term: str) -> int:
        found = self.ids.get(term)
        if found is None:
            found = self.ids[term] = len(self.ids)
        return found

    def ranks(self) -> tuple[list[bytes], np.ndarray]:
        """The terms as bytes in Whoosh's order (sorted bytes), and each id's rank."""
        encoded = [term.encode("utf-8") for term in self.ids]
        order = sorted(range(len(encoded)), key=encoded.__getitem__)
        rank = np.empty(len(encoded), np.int32)
        rank[order] = np.arange(len(encoded), dtype=np.int32)
        return [encoded[i] for i in order], rank


class _Field:
    """What one field gathers: per document, its term ids (and for prose, offsets)."""

    def __init__(self) -> None:
        self.vocabulary = _Terms()
        self.docs: list[int] = []
        self.weights: list[float] = []  # per document: the field's weight factor
        self.term_ids: list[np.ndarray] = []
        # Per lexicon generation (a reading worker's numbers): each number's term id in
        # this segment, -1 until a text uses it.
        self._by_number: dict[analysis.LexiconWords, np.ndarray] = {}

    def _ids(self, keys: list[str], terms: list[str], cache: dict[str, int]) -> np.ndarray:
        """The term id of each key (distinct: words as written, or folded words) whose
        term is at the same place in `terms`, looked up in C; keys new to this segment
        (most texts have a few) are found in C too, and get their term's id."""
        id_of = self.vocabulary.id_of
        return np.array(analysis.ids_of(keys, cache, lambda i: id_of(terms[i])), np.int32)

    def _numbered_ids(self, text: analysis.AnalysedText, terms: list[str]) -> np.ndarray:
        """The term id of each distinct word of a text numbered by a reading worker,
        its term being its number's in `terms` (the lexicon's stems or folded words):
        one array lookup; numbers new to this segment get their term's id."""
        numbers = text.numbered
        table = self._by_number.get(text.lexicon)
        if table is None or table.size < len(terms):
            grown = np.full(max(len(terms), 2 * (0 if table is None else table.size)), -1, np.int32)
            if table is not None:
                grown[: table.size] = table
            table = self._by_number[text.lexicon] = grown
        ids = table[numbers]
        new = np.flatnonzero(ids < 0)
        if new.size:
            id_of = self.vocabulary.id_of
            for at, number in zip(new.tolist(), numbers[new].tolist(), strict=True):
                ids[at] = table[number] = id_of(terms[number])
        return ids

    def _sorted(self) -> tuple[list[bytes], np.ndarray, np.ndarray, np.ndarray]:
        """Terms in order; and, for every entry sorted by term then document, its term
        rank, its document row, and the index it had before sorting. The per-document
        arrays of term ids are freed here."""
        terms, rank = self.vocabulary.ranks()
        counts = np.fromiter(map(len, self.term_ids), np.int64, len(self.term_ids))
        ranked = rank[np.concatenate(self.term_ids)] if self.term_ids else np.empty(0, np.int32)
        self.term_ids = []
        order = np.argsort(ranked, kind="stable")  # keeps document and position order
        rows = np.repeat(np.arange(counts.size, dtype=np.int32), counts)[order]
        return terms, ranked[order], rows, order


def _starts(keys: np.ndarray, *more: np.ndarray) -> np.ndarray:
    """Where each run of equal keys (equal in every array given) begins."""
    change = np.ones(keys.size, bool)
    if keys.size:
        change[1:] = keys[1:] != keys[:-1]
        for other in more:
            change[1:] |= other[1:] != other[:-1]
    return np.flatnonzero(change)


def _u32(values: np.ndarray) -> array:
    numbers = array("I")
    numbers.frombytes(values.astype(np.uint32).tobytes())
    return numbers


def _f32(values: np.ndarray) -> array:
    numbers = array("f")
    numbers.frombytes(values.astype(np.float32).tobytes())
    return numbers


class ProseField(_Field):
    """Stems with (position, start, end) triples, or positions alone (stride 1)."""

    def __init__(self, stride: int) -> None:
        super().__init__()
        self.stride = stride
        self._of_written: dict[str, int] = {}
        self.starts: list[np.ndarray] = []
        self.ends: list[np.ndarray] = []

    def add(self, docnum: int, text: analysis.AnalysedText, weight: float) -> int:
        """One document's text; returns its length in words."""
        if text.numbered is not None:
            ids = self._numbered_ids(text, text.lexicon.stems)
        else:
            ids = self._ids(text.distinct, text.stems, self._of_written)
        self.term_ids.append(ids[text.index])
        self.starts.append(text.starts)
        self.ends.append(text.ends)
        self.docs.append(docnum)
        self.weights.append(weight)
        return text.index.size

    def terms(self) -> Iterator[TermLists]:
        counts = np.fromiter(map(len, self.term_ids), np.int64, len(self.term_ids))
        if not counts.any():
            # Every text of the segment empty (a feed of headlines alone): no terms,
            # and an empty table cannot be viewed as bytes.
            self.starts = self.ends = []
            return
        terms, ranked, rows, order = self._sorted()
        # Each occurrence's values, in the sorted order: its position (its index in
        # its document), and its characters. Built column by column into one table
        # whose memory the postings writer reads in place.
        table = np.empty((order.size, self.stride), np.uint32)
        offsets = np.repeat((np.cumsum(counts) - counts).astype(np.uint32), counts)
        table[:, 0] = (np.arange(order.size, dtype=np.uint32) - offsets)[order]
        del offsets
        if self.stride == 3:
            table[:, 1] = np.concatenate(self.starts)[order]
            table[:, 2] = np.concatenate(self.ends)[order]
        del order
        self.starts = self.ends = []
        values = memoryview(table).cast("B")
        posting = _starts(ranked, rows)  # first occurrence of each (term, document)
        frequency = np.diff(np.append(posting, ranked.size))
        docs = np.asarray(self.docs, np.int64)[rows[posting]]
        weights = frequency * np.asarray(self.weights)[rows[posting]]
        del rows
        sizes = frequency * (4 * self.stride)
        term_rank = ranked[posting]
        del ranked
        bounds = np.append(_starts(term_rank), posting.size)
        byte_at = np.append(posting, table.shape[0]) * (4 * self.stride)
        for first, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            yield (
                terms[int(term_rank[first])],
                _u32(docs[first:end]),
                _f32(weights[first:end]),
                _u32(sizes[first:end]),
                values[int(byte_at[first]) : int(byte_at[end])],
            )


class WordSetField(_Field):
    """Each document's distinct words, one posting per word with no value."""

    def __init__(self) -> None:
        super().__init__()
        self._of_word: dict[str, int] = {}

    def add(self, docnum: int, words: Iterable[str], weight: float) -> int:
        """One document's words (or an analysed text's); returns how many."""
        if isinstance(words, analysis.AnalysedText):
            if words.numbered is not None:
                # Several numbers can stand for one folded word ("The", "the").
                ids = np.unique(self._numbered_ids(words, words.lexicon.folded))
                return self._add(docnum, ids, weight)
            words = words.words
        words = list(words if isinstance(words, (set, frozenset)) else set(words))
        return self._add(docnum, self._ids(words, words, self._of_word), weight)

    def _add(self, docnum: int, ids: np.ndarray, weight: float) -> int:
        self.term_ids.append(ids)
        self.docs.append(docnum)
        self.weights.append(weight)
        return int(ids.size)

    def terms(self) -> Iterator[TermLists]:
        terms, ranked, rows, _ = self._sorted()
        docs = np.asarray(self.docs, np.int64)[rows]
        weights = np.asarray(self.weights)[rows]
        bounds = np.append(_starts(ranked), ranked.size)
        for first, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            yield (
                terms[int(ranked[first])],
                _u32(docs[first:end]),
                _f32(weights[first:end]),
                array("I", bytes(4 * (end - first))),
                b"",
            )
