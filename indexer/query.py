"""Reading a query: Whoosh's language, plus our date clauses and bounded expansions.

- Words, AND/OR/NOT, "phrases", prefix*, wild?cards, fuzzy~ (FuzzyTermPlugin),
  field:value for title, text, author, section, source, person, place, org, group.
- `published:2024`, `published:2024-03`, `published:2024-03-05`, and ranges
  `published:[2024-01 TO 2024-06]`, `published:>2024-03`, `published:<2023`:
  parsed here, because Whoosh's DateParserPlugin reads "2024-06-30" as all of 2024.
- Prefix, wildcard and fuzzy terms expand to at most MAX_EXPANSION terms (the
  most frequent ones): `a*` on a large archive would otherwise union the postings
  of tens of thousands of terms and take seconds.
"""

from __future__ import annotations

import heapq
import re
from datetime import datetime, timedelta
from itertools import islice

import numpy as np
from whoosh import qparser
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import And, DateRange, Every, FuzzyTerm, NullQuery, Prefix, Query, Wildcard

from indexer.codec import read_term
from indexer.names import NamesLookup, NamesQuery
from indexer.ranking import alive
from indexer.schema import ENTITY_FIELDS, name_analyzer, prose_analyzer

MAX_EXPANSION = 128
MAX_SCAN = 4_000  # expansions looked at to choose the most frequent ones
_EXPANSIONS = "_archive_reader_expansions"
_CACHED_EXPANSIONS = 256
_TICK = timedelta(microseconds=1)


MAX_FUZZY_DISTANCE = 2


class QuerySyntaxError(ValueError):
    """The query could not be understood; the message says where."""


def _bounded(fieldname, candidates, reader, limit: int = MAX_EXPANSION):
    """The `limit` commonest candidates (the words index counts articles in weights), as
    bytes: Whoosh's fuzzy expansion gives text, and its term reader takes only bytes (every
    fuzzy entity clause, `person:putn~`, failed)."""
    found = [t.encode("utf-8") if isinstance(t, str) else t for t in islice(candidates, MAX_SCAN)]
    if len(found) <= limit:
        return found
    return heapq.nlargest(limit, found, key=lambda t: reader.frequency(fieldname, t))


def _limit_for(prefix: str) -> int:
    """Fewer expansions for shorter prefixes: `a*` matches nearly every article anyway,
    and reading the postings of its 128 commonest words took seconds at 10k articles."""
    return {0: 8, 1: 8, 2: 32}.get(len(prefix), MAX_EXPANSION)


WORD_FIELD = "word"  # the words index's one field


def _via_words(query, ixreader, expand) -> list[bytes]:
    """Expand over the archive's unstemmed words (the words index), then take their stems.

    Title and text hold stems ("negoti" for negotiation), so `negotiat*` or a fuzzy
    "zelenskyyy~" would miss if matched against the stems themselves; the words
    they expand to are real words, whose stems are what the index holds. Both the
    scan and the result are bounded: `a*` on 10k articles once took 5 seconds.
    `expand(reader, fieldname)` lists the candidates in one field of one reader.
    """
    field = ixreader.schema[query.fieldname]
    lexicon = getattr(query, "lexicon", None)
    if lexicon is None or not field.analyzer.has_morph():
        return _bounded(query.fieldname, expand(ixreader, query.fieldname), ixreader)
    # The same for every segment of the text index, and for the same query typed
    # again: kept on the words index's reader, which a change to the words replaces.
    # (At 100k articles, `a*` looked up 4,000 words' counts once per segment.)
    cache = lexicon.__dict__.setdefault(_EXPANSIONS, {})
    key = (
        type(query),
        query.fieldname,
        query.text,
        getattr(query, "typed", ""),
        getattr(query, "maxdist", 0),
        getattr(query, "prefixlength", 0),
    )
    stems = cache.get(key)
    if stems is None:
        stems = set()
        fixed = query._find_prefix(query.text) if isinstance(query, Wildcard) else query.text
        for word in _bounded(WORD_FIELD, expand(lexicon, WORD_FIELD), lexicon, _limit_for(fixed)):
            text = word.decode("utf-8") if isinstance(word, bytes) else word
            for token in field.analyzer(text, mode="query"):
                stems.add(token.text.encode("utf-8"))
        if len(cache) >= _CACHED_EXPANSIONS:
            cache.clear()
        cache[key] = stems
    return [t for t in stems if (query.fieldname, t) in ixreader]


class _UnionOfExpansions:
    """A constant-score expansion (prefix, wildcard, fuzzy) matched as one list: the
    union of its terms' documents, instead of Whoosh's tree of OR matchers stepping
    through every posting of every term (`a*` took 460 ms at 10k articles)."""

    def matcher(self, searcher, context=None):
        if not self.constantscore:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        lists = [read_term(reader, self.fieldname, t).ids for t in self._btexts(reader) if t]
        docs = np.unique(np.concatenate(lists)) if lists else np.zeros(0, dtype=np.int64)
        if docs.size and reader.has_deletions():
            docs = docs[alive(reader)[docs]]
        if not docs.size:
            return NullMatcher()
        return ListMatcher(docs.tolist(), all_weights=self.boost)


class BoundedPrefix(_UnionOfExpansions, Prefix):
    lexicon = None  # the words index's reader, when the searcher gives one

    def _btexts(self, ixreader):
        return _via_words(self, ixreader, lambda r, name: r.expand_prefix(name, self.text))


class BoundedWildcard(_UnionOfExpansions, Wildcard):
    lexicon = None

    def _btexts(self, ixreader):
        def expand(reader, name):
            original, self.fieldname = self.fieldname, name
            try:
                return list(Wildcard._btexts(self, reader))
            finally:
                self.fieldname = original

        return _via_words(self, ixreader, expand)


class BoundedFuzzyTerm(_UnionOfExpansions, FuzzyTerm):
    lexicon = None
    typed = ""  # the word as typed, before the parser stemmed it

    def _btexts(self, ixreader):
        def near(reader, name):
            # The unstemmed words are compared with the word as typed: "misiles~" is
            # one letter from "missiles", while its stem "misil" is two from it.
            word = self.typed if name == WORD_FIELD and self.typed else self.text
            return reader.terms_within(name, word, self.maxdist, prefix=self.prefixlength)

        return _via_words(self, ixreader, near)


def _bound(node: Query) -> Query:
    # Constant scores: ranking by how often each of 128 expansions occurs is costly
    # (a union of scorers over every matching article) and means little to a reader.
    if type(node) is Prefix:
        return BoundedPrefix(node.fieldname, node.text, boost=node.boost, constantscore=True)
    if type(node) is Wildcard:
        return BoundedWildcard(node.fieldname, node.text, boost=node.boost, constantscore=True)
    if type(node) is FuzzyTerm:
        # The first letter must match: spelling mistakes rarely change it, and it
        # makes the search of the term dictionary many times faster.
        return BoundedFuzzyTerm(
            node.fieldname,
            node.text,
            boost=node.boost,
            # Two edits find the misspellings people make; more matches most of the
            # dictionary and took minutes (`international~9`).
            maxdist=max(1, min(int(node.maxdist), MAX_FUZZY_DISTANCE)),
            prefixlength=max(1, node.prefixlength),
        )
    return node


_DATE_VALUE = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_DATE_CLAUSE = re.compile(
    rf"\bpublished:(?:\[\s*(?P<low>{_DATE_VALUE})?\s+to\s+(?P<high>{_DATE_VALUE})?\s*\]"
    rf"|(?P<op>[<>]=?)(?P<bound>{_DATE_VALUE})|(?P<exact>{_DATE_VALUE}))",
    re.IGNORECASE,
)


def _date_span(value: str) -> tuple[datetime, datetime]:
    """The first and last moment of a year, month or day."""
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 1:
            start, following = datetime(parts[0], 1, 1), datetime(parts[0] + 1, 1, 1)
        elif len(parts) == 2:
            start = datetime(parts[0], parts[1], 1)
            following = datetime(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        else:
            start = datetime(*parts)
            following = start + timedelta(days=1)
    except ValueError as error:
        raise QuerySyntaxError(
            f"“{value}” is not a date (use 2024, 2024-03 or 2024-03-05)."
        ) from error
    return start, following - _TICK


def _date_query(match: re.Match) -> Query:
    try:
        return _date_range(match)
    except OverflowError as error:  # published:<0001-01-01
        raise QuerySyntaxError(
            f"“{match.group()}” reaches outside the dates that can be searched."
        ) from error


def _date_range(match: re.Match) -> Query:
    if match.group("exact"):
        start, end = _date_span(match.group("exact"))
    elif match.group("op"):
        first, last = _date_span(match.group("bound"))
        start, end = {
            ">": (last + _TICK, None),
            ">=": (first, None),
            "<": (None, first - _TICK),
            "<=": (None, last),
        }[match.group("op")]
    else:
        low, high = match.group("low"), match.group("high")
        if not low and not high:
            raise QuerySyntaxError("A date range needs a start or an end: [2024 TO 2025].")
        start = _date_span(low)[0] if low else None
        end = _date_span(high)[1] if high else None
        if start and end and end < start:
            raise QuerySyntaxError(
                f"The range “{match.group()}” ends before it starts: put the earlier date first."
            )
    return DateRange("published", start, end)


def _remember_typed_words(query: Query, text: str) -> None:
    """Give each fuzzy term the word the user typed (the parser kept only its stem)."""
    typed = {}
    for word in re.findall(r"(\w+)~", text):
        for token in prose_analyzer()(word, mode="query"):
            typed[token.text] = "".join(t.text for t in name_analyzer()(word))
    for leaf in query.leaves():
        if isinstance(leaf, BoundedFuzzyTerm):
            leaf.typed = typed.get(leaf.text, "")


def make_parser(schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(["title", "text"], schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    return parser


def parse_query(schema, text: str, names: NamesLookup | None = None, words=None) -> Query:
    """The Whoosh query for `text` (Every for an empty query); raises QuerySyntaxError.

    With `names`, entity clauses (person:, place:, org:, group:) become NamesQuery
    leaves, answered by the names index. With `words` (the words index's reader),
    prefix, wildcard and fuzzy terms expand over the archive's unstemmed words."""
    dates = [_date_query(m) for m in _DATE_CLAUSE.finditer(text)]
    rest = _DATE_CLAUSE.sub(" ", text).strip()
    if not rest:
        if not dates:
            return Every()
        return dates[0] if len(dates) == 1 else And(dates)
    try:
        query = make_parser(schema).parse(rest)
    except Exception as error:  # Whoosh raises assorted types for bad syntax
        raise QuerySyntaxError(f"Cannot read the query: {error}") from error
    if query is None or query is NullQuery:
        raise QuerySyntaxError("The query has no searchable words.")
    query = query.accept(_bound)
    _remember_typed_words(query, rest)
    for leaf in query.leaves():
        if isinstance(leaf, (BoundedPrefix, BoundedWildcard, BoundedFuzzyTerm)):
            leaf.lexicon = words
    if names is not None:

        def answered_by_names(node: Query) -> Query:
            if node.is_leaf() and getattr(node, "fieldname", None) in ENTITY_FIELDS:
                return NamesQuery(node, names)
            return node

        query = query.accept(answered_by_names)
    return And([query, *dates]) if dates else query
