"""Where a query's words stand in a few documents, from the positions the index stores.

Snippets and the reader's hit marks need the character spans of the matched words
in the articles shown. Each term's postings are read once, as arrays, for all
those articles (codec.py), and a phrase is marked whole where its words stand
together, never word by word. Prefixes, wildcards and fuzzy terms stand for words
as written, which have no positions in the index: they are found in the shown
texts themselves, by the same regular expression that indexed them. Only what the
query asks for is marked: nothing under NOT.
"""

from __future__ import annotations

import fnmatch
import re
from bisect import bisect_left
from functools import lru_cache

import numpy as np
from whoosh import query as wq
from whoosh.query import Phrase, Query

from indexer.analysis import word_tokens
from indexer.codec import TermPostings, read_term
from indexer.ranking import phrase_places
from indexer.schema import WORD_FIELDS

FIELD = "text"  # snippets show the text, so only its words are marked
WORDS_FIELD = WORD_FIELDS[FIELD]


def positive_leaves(query: Query) -> list[Query]:
    """The leaves a match can be made of: not those under NOT (or ANDNOT's second
    part), which `putin NOT zelensky` would otherwise mark as hits."""
    if isinstance(query, wq.Not):
        return []
    if isinstance(query, wq.AndNot):
        return positive_leaves(query.a)
    if query.is_leaf():
        return [query]
    return [leaf for sub in query.children() for leaf in positive_leaves(sub)]


def _fits(word: str, pattern: Query) -> bool:
    if isinstance(pattern, wq.Prefix):
        return word.startswith(pattern.text)
    return fnmatch.fnmatchcase(word, pattern.text)


def word_matches(text: str, patterns: list[Query], words: set[str]) -> set[tuple[int, int]]:
    """The spans of the words of `text` that prefixes or wildcards match, or that are
    among `words` (a fuzzy term's words, as the index found them).

    Tokenising every shown article word by word cost 35 ms for a page of 20 hits.
    When every letter of the text is ASCII (curly quotes and dashes need not be), a
    word can only match where its fixed beginning (or a fuzzy word) stands, in any
    case; those places are found by one regular expression and only the
    whitespace-delimited pieces around them are tokenised. Words never hold white
    space, so this finds exactly what a full pass finds."""
    finder = None
    if anchorable(text):
        finder = _finder(tuple(_fixed_start(p) for p in patterns), tuple(sorted(words)))
    if finder is None:
        return _matches_in(text, 0, patterns, words)
    starts = [match.start() for match in finder.finditer(text)]
    if not starts:
        return set()
    spaces = [match.start() for match in _SPACE.finditer(text)]
    pieces = set()
    for at in starts:  # the whitespace-delimited piece around each place
        i = bisect_left(spaces, at)
        pieces.add((spaces[i - 1] + 1 if i else 0, spaces[i] if i < len(spaces) else len(text)))
    spans: set[tuple[int, int]] = set()
    for start, end in pieces:
        spans |= _matches_in(text[start:end], start, patterns, words)
    return spans


_SPACE = re.compile(r"\s")
_NON_ASCII_LETTER = re.compile(r"(?=[^\x00-\x7f])\w")


def anchorable(text: str) -> bool:
    """Whether matches can be looked for by their beginnings: no letter of the text is
    outside ASCII (accent folding and Unicode case rules then change nothing)."""
    return _NON_ASCII_LETTER.search(text) is None


def _fixed_start(pattern: Query) -> str:
    if isinstance(pattern, wq.Prefix):
        return pattern.text
    return re.split(r"[*?\[]", pattern.text, maxsplit=1)[0]


@lru_cache(maxsize=64)
def _finder(starts: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern | None:
    """One expression for the places a match can begin (None: anywhere)."""
    anchors = {*starts, *words}
    if not anchors:
        return re.compile(r"(?!)")  # nothing can match
    if "" in anchors:
        return None  # a wildcard that begins with * or ?
    alternatives = sorted(anchors, key=len, reverse=True)
    # A word begins after a character that is not a word character (analysis.TOKEN),
    # so only those places are candidates: `a*` is not every letter a.
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in alternatives) + ")", re.IGNORECASE)


def _matches_in(text: str, offset: int, patterns, words) -> set[tuple[int, int]]:
    return {
        (offset + start, offset + end)
        for start, end, word in word_tokens(text)
        if word in words or any(_fits(word, pattern) for pattern in patterns)
    }


def names_spelling(inner: Query, words: list[str], expanded: set[bytes]) -> bool:
    """Whether one spelling of a name (its words, analysed) matches an entity clause
    by itself: every word of a phrase, in order; the term; or one of its expansions."""
    if isinstance(inner, Phrase):
        wanted = [str(w) for w in inner.words]
        n = len(wanted)
        return any(words[i : i + n] == wanted for i in range(len(words) - n + 1))
    if type(inner) is wq.Term:
        return str(inner.text) in words
    return any(w.encode("utf-8") in expanded for w in words)


def _b(word) -> bytes:
    return word.encode("utf-8") if isinstance(word, str) else word


def expanded_terms(query: Query, reader) -> set[tuple[str, bytes]]:
    """Every (field, term) a query stands for, prefixes and fuzzy terms expanded.

    Whoosh's own Query.existing_terms() drops terms of other fields after the first
    (its loop variable shadows its `fieldname` argument), so we walk the leaves.
    """
    out = set()
    for leaf in query.leaves():
        for fieldname, term in leaf.expanded_terms(reader, phrases=True):
            out.add((fieldname, _b(term)))
    return out


class _SegmentSpans:
    """The wanted documents of one segment, and the postings read for them."""

    def __init__(self, reader, documents: np.ndarray) -> None:
        self.reader = reader
        self.documents = documents  # segment document numbers, ascending
        self.read: dict[bytes, TermPostings | None] = {}

    def postings(self, term: bytes) -> TermPostings | None:
        if term not in self.read:
            present = (FIELD, term) in self.reader
            self.read[term] = read_term(self.reader, FIELD, term, values=True) if present else None
        return self.read[term]

    def rows(self, found: TermPostings, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of `documents` the postings hold, and their rows in them."""
        at = np.searchsorted(found.ids, documents)
        inside = at < found.ids.size
        holds = np.zeros(documents.size, dtype=bool)
        holds[inside] = found.ids[at[inside]] == documents[inside]
        return holds, at[holds]

    def word(self, term: bytes):
        """(document, start, end) of each occurrence of a term."""
        found = self.postings(term)
        if found is None:
            return
        holds, rows = self.rows(found, self.documents)
        owner, occurrences = found.occurrences(rows)
        yield from zip(
            self.documents[holds][owner].tolist(),
            occurrences[:, 1].tolist(),
            occurrences[:, 2].tolist(),
            strict=True,
        )

    def phrase(self, words: list[bytes]):
        """(document, start of its first word, end of its last) of each place where
        the words stand together."""
        found = [self.postings(word) for word in words]
        if any(f is None for f in found):
            return
        documents = self.documents
        for postings in found:
            holds, _ = self.rows(postings, documents)
            documents = documents[holds]
        if not documents.size:
            return
        rows = [self.rows(postings, documents)[1] for postings in found]
        owner, first, last = phrase_places(found, rows)
        yield from zip(
            documents[owner].tolist(), first[:, 1].tolist(), last[:, 2].tolist(), strict=True
        )


def word_spans(
    searcher, query: Query, docnums, texts: dict[int, str] | None = None
) -> dict[int, set[tuple[int, int]]]:
    """For each document number, the character spans of the query's words in its text.
    `texts` (document number -> text) are needed to mark prefixes, wildcards and fuzzy
    terms. Entity clauses (answered by the names index) are left to the caller."""
    wanted = np.unique(np.asarray(list(docnums), dtype=np.int64))
    spans: dict[int, set[tuple[int, int]]] = {int(d): set() for d in wanted}
    leaves = [leaf for leaf in positive_leaves(query) if hasattr(leaf, "fieldname")]
    if not leaves or not wanted.size:
        return spans
    terms: set[bytes] = set()
    phrases = []
    patterns, fuzzy = [], set()
    for leaf in leaves:
        if leaf.fieldname == WORDS_FIELD and isinstance(leaf, wq.FuzzyTerm):
            # The words the search expanded it to (kept on the leaf, query.py).
            for sub, _ in searcher.leaf_searchers():
                fuzzy.update(t.decode("utf-8") for t in leaf._btexts(sub.reader()))
        elif leaf.fieldname == WORDS_FIELD and isinstance(leaf, (wq.Prefix, wq.Wildcard)):
            patterns.append(leaf)
        elif isinstance(leaf, Phrase):
            if leaf.fieldname == FIELD:
                phrases.append([_b(word) for word in leaf.words])
        elif leaf.fieldname == FIELD:
            terms.update(t for f, t in expanded_terms(leaf, searcher.reader()) if f == FIELD)
    if (patterns or fuzzy) and texts:
        for docnum in wanted.tolist():
            spans[docnum].update(word_matches(texts.get(docnum, ""), patterns, fuzzy))
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        local = wanted[(wanted >= offset) & (wanted < offset + reader.doc_count_all())] - offset
        if not local.size or FIELD not in reader.schema:
            continue
        segment = _SegmentSpans(reader, local)
        places = [p for words in phrases for p in segment.phrase(words)]
        places += [p for term in terms for p in segment.word(term)]
        for document, start, end in places:
            spans[document + offset].add((start, end))
    return spans
