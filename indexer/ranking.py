"""Relevance search with arrays: whole postings lists scored at once with NumPy.

Whoosh scores one document at a time in Python, ten or so microseconds each: a
query matching most of a 10k archive cost 50 to 150 ms before any snippet, and ten
times that at 100k. Here each term's whole postings list is read as arrays
(codec.py), BM25F is computed for all of them in one expression (Whoosh's formula
and statistics, so the scores are Whoosh's), AND, OR and NOT become operations on
boolean arrays, phrases compare every article's positions at once, and the first
page, collapsed by story, comes from sorting the best few.

Terms, phrases, AND, OR, NOT and entity clauses (a mask per segment, names.py) are
evaluated here. Anything else in the tree (an expansion, a date range, a proximity
query) is matched by Whoosh for that subtree alone, and its documents and scores
join the arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.scoring import BM25F

from indexer.codec import TermPostings, read_term
from indexer.weighting import field_lengths

_CACHE = "_archive_reader_arrays"


@dataclass
class Found:
    """One hit of an array search, shaped like the Whoosh hits the caller reads."""

    docnum: int
    score: float
    fields: dict

    def __getitem__(self, name: str):
        return self.fields[name]


@dataclass
class Ranked:
    hits: list[Found]
    total: int  # matching stories (near-duplicate copies count once)


def cached(reader, key, make):
    cache = reader.__dict__.setdefault(_CACHE, {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def alive(reader) -> np.ndarray:
    def make():
        alive = np.ones(reader.doc_count_all(), dtype=bool)
        deleted = list(reader.deleted_docs_set)
        if deleted:
            alive[deleted] = False
        return alive

    return cached(reader, "alive", make)


def _lengths(reader, fieldname: str) -> np.ndarray:
    return cached(
        reader,
        ("lengths", fieldname),
        lambda: np.asarray(field_lengths(reader, fieldname), dtype=np.float64),
    )


def phrase_places(words: list[TermPostings], rows: list[np.ndarray]):
    """Where the words stand at consecutive positions. `words` hold their values, and
    rows[k][j] is word k's posting in document j of the documents to check. Returns,
    for each place found: j, and the first and the last word's occurrence there (rows
    of position, or of position, start and end characters)."""
    owner, first = words[0].occurrences(rows[0])
    # (document, position) as one sortable number; positions ascend within a document.
    keys = (owner.astype(np.int64) << 32) | first[:, 0].astype(np.int64)
    last = first
    for found, at in zip(words[1:], rows[1:], strict=True):
        owner, occurrences = found.occurrences(at)
        following = (owner.astype(np.int64) << 32) | occurrences[:, 0].astype(np.int64)
        if not following.size:
            keys = keys[:0]
            break
        wanted = keys + 1
        where = np.minimum(np.searchsorted(following, wanted), following.size - 1)
        hit = following[where] == wanted
        keys, first, last = wanted[hit], first[hit], occurrences[where[hit]]
    return (keys >> 32).astype(np.int64), first[: keys.size], last[: keys.size]


class _Unsupported(Exception):
    """The tree has a node the arrays cannot stand for exactly; Whoosh searches it."""


class _Segment:
    """Evaluates a query in one segment: (mask, scores) arrays over its documents."""

    def __init__(self, searcher, top, weighting: BM25F) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.top = top
        self.weighting = weighting
        self.size = self.reader.doc_count_all()
        self.alive = alive(self.reader)

    def evaluate(self, node) -> tuple[np.ndarray, np.ndarray]:
        kind = type(node)  # exact types: FuzzyTerm is a Term, Ordered an And
        if kind is wq.Term:
            return self._term(node)
        if kind is wq.Phrase and node.slop == 1 and len(node.words) > 1:
            return self._phrase(node)
        if kind is wq.And:
            return self._and(node.subqueries, node.boost)
        if kind is wq.Or:
            return self._or(node.subqueries, node.boost)
        if kind is wq.Not:
            mask, _ = self.evaluate(node.query)
            inverse = self.alive & ~mask
            return inverse, inverse.astype(np.float64)  # Whoosh scores a bare NOT 1.0
        if node is wq.NullQuery:
            return np.zeros(self.size, dtype=bool), np.zeros(self.size)
        segment_mask = getattr(node, "segment_mask", None)
        if segment_mask is not None:  # an entity clause (names.py), a constant score
            mask = segment_mask(self.reader) & self.alive
            return mask, mask * float(node.boost)
        return self._by_whoosh(node)

    def _bm25(self, fieldname: str, btext: bytes, ids, weights) -> np.ndarray:
        """whoosh.scoring.bm25 (or the bare weight for an unscored field), for every
        posting at once, with Whoosh's global statistics."""
        if not self.reader.schema[fieldname].scorable:
            return weights
        w = self.weighting
        b = w._field_B.get(fieldname, w.B)
        idf = self.top.idf(fieldname, btext)
        avgfl = self.top.avg_field_length(fieldname) or 1
        lengths = _lengths(self.reader, fieldname)[ids]
        normalised = w.K1 * ((1 - b) + b * lengths / avgfl)
        return idf * ((weights * (w.K1 + 1)) / (weights + normalised))

    def _btext(self, fieldname: str, text) -> bytes:
        fieldobj = self.reader.schema[fieldname]
        return fieldobj.to_bytes(text) if isinstance(text, str) else text

    def _term(self, node: wq.Term):
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        fieldname = node.fieldname
        btext = self._btext(fieldname, node.text)
        if (fieldname, btext) not in self.reader:
            return mask, scores
        found = read_term(self.reader, fieldname, btext)
        mask[found.ids] = True
        scores[found.ids] = self._bm25(fieldname, btext, found.ids, found.weights) * node.boost
        mask &= self.alive
        return mask, np.where(mask, scores, 0.0)

    def _phrase(self, node: wq.Phrase):
        """Words at consecutive positions (Whoosh's SpanNear2 with slop 1): the documents
        holding every word, then all their positions compared at once. Scored as Whoosh
        does: the sum of the words' scores."""
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        fieldname = node.fieldname
        fieldobj = self.reader.schema[fieldname]
        if not fieldobj.format or not fieldobj.format.supports("positions"):
            raise _Unsupported(node)
        btexts = [self._btext(fieldname, word) for word in node.words]
        if any((fieldname, btext) not in self.reader for btext in btexts):
            return mask, scores
        words = [read_term(self.reader, fieldname, btext, values=True) for btext in btexts]
        common = words[0].ids
        for found in words[1:]:
            common = np.intersect1d(common, found.ids, assume_unique=True)
        common = common[self.alive[common]]
        if not common.size:
            return mask, scores
        rows = [np.searchsorted(found.ids, common) for found in words]
        documents, _, _ = phrase_places(words, rows)
        kept = np.unique(documents)
        hits = common[kept]
        mask[hits] = True
        for btext, found, at in zip(btexts, words, rows, strict=True):
            at = at[kept]
            scores[hits] += self._bm25(fieldname, btext, found.ids[at], found.weights[at])
        scores[hits] *= node.boost
        return mask, scores

    def _and(self, subqueries, boost: float):
        mask = self.alive.copy()
        scores = np.zeros(self.size)
        for sub in subqueries:
            sub_mask, sub_scores = self.evaluate(sub)
            mask &= sub_mask
            if type(sub) is not wq.Not:  # an excluded clause adds nothing to the score
                scores += sub_scores
        return mask, np.where(mask, scores * boost, 0.0)

    def _or(self, subqueries, boost: float):
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        for sub in subqueries:
            if isinstance(sub, wq.Not):
                raise _Unsupported(sub)  # Whoosh's OR NOT scoring is its own
            sub_mask, sub_scores = self.evaluate(sub)
            mask |= sub_mask
            scores += sub_scores
        return mask, scores * boost

    def _by_whoosh(self, node):
        """Whoosh's matcher for this subtree: a single list when it is one (prefix,
        wildcard and fuzzy expansions), else document by document."""
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size)
        matcher = node.matcher(self.searcher, self.searcher.context())
        if isinstance(matcher, ListMatcher) and matcher._all_weights is not None:
            ids = np.asarray(matcher._ids, dtype=np.int64)
            if ids.size:
                mask[ids] = True
                scores[ids] = matcher._all_weights
        else:
            while matcher.is_active():
                docnum = matcher.id()
                mask[docnum] = True
                scores[docnum] = matcher.score()
                matcher.next()
        mask &= self.alive
        return mask, np.where(mask, scores, 0.0)


def story_codes(searcher) -> np.ndarray:
    """Each document's story as a number, over the whole index (a story's copies can sit
    in different segments): counting stories is then a bincount, not a sort of strings."""

    def make():
        numbers: dict[str, int] = {}
        codes = [
            numbers.setdefault(story, len(numbers))
            for sub, _ in searcher.leaf_searchers()
            for story in sub.reader().column_reader("story")
        ]
        return np.asarray(codes, dtype=np.int64)

    return cached(searcher, "story codes", make)


def matching(searcher, query) -> np.ndarray | None:
    """The document numbers `query` matches, in order; None when only Whoosh can tell."""
    found = []
    try:
        for sub, offset in searcher.leaf_searchers():
            mask, _ = _Segment(sub, searcher, searcher.weighting).evaluate(query)
            found.append(np.flatnonzero(mask) + offset)
    except _Unsupported:
        return None
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def rank(searcher, query, limit: int) -> Ranked | None:
    """The top `limit` hits by relevance, one per story, and the number of matching
    stories; None when the query has a form only Whoosh can score exactly."""
    weighting = searcher.weighting
    if not isinstance(weighting, BM25F):
        return None
    if searcher.doc_count_all() == 0:
        return Ranked([], 0)
    docnums, scores = [], []
    try:
        for sub, offset in searcher.leaf_searchers():
            mask, score = _Segment(sub, searcher, weighting).evaluate(query)
            local = np.flatnonzero(mask)
            docnums.append(local + offset)
            scores.append(score[local])
    except _Unsupported:
        return None
    docnums = np.concatenate(docnums)
    if not docnums.size:
        return Ranked([], 0)
    score = np.concatenate(scores)
    codes = story_codes(searcher)
    story = codes[docnums]
    total = int(np.count_nonzero(np.bincount(story)))
    hits: list[Found] = []
    seen: set = set()
    for i in _best_first(score, docnums, limit):
        if story[i] in seen:
            continue
        seen.add(story[i])
        docnum = int(docnums[i])
        hits.append(Found(docnum, float(score[i]), searcher.stored_fields(docnum)))
        if len(hits) >= limit:
            break
    return Ranked(hits, total)


def _best_first(score: np.ndarray, docnums: np.ndarray, limit: int):
    """Indexes in Whoosh's order (higher score first, then the lower document number),
    sorting only the best few unless more are needed to find `limit` stories."""
    wanted = 4 * limit
    if score.size > wanted:
        # Every document scoring at least the wanted-th best, ties included, so the
        # order among them is exact.
        threshold = np.partition(score, score.size - wanted)[score.size - wanted]
        few = np.flatnonzero(score >= threshold)
        order = few[np.lexsort((docnums[few], -score[few]))]
        yield from order.tolist()
        rest = np.flatnonzero(score < threshold)
        order = rest[np.lexsort((docnums[rest], -score[rest]))]
        yield from order.tolist()
    else:
        yield from np.lexsort((docnums, -score)).tolist()
