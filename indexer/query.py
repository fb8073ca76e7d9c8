"""Reading a query: Whoosh's language, plus our date clauses and bounded expansions.

- Words, AND/OR/NOT, "phrases", prefix*, wild?cards, fuzzy~ (FuzzyTermPlugin),
  field:value for title, text, author, section, site (also publication:, outlet:),
  source, person, place, org, group.
- `published:2024`, `published:2024-03`, `published:2024-03-05`, and ranges
  `published:[2024-01 TO 2024-06]`, `published:>2024-03`, `published:<2023`:
  parsed here, because Whoosh's DateParserPlugin reads "2024-06-30" as all of 2024.
- Prefix, wildcard and fuzzy terms match the words as typed, never stemmed, and
  expand to every word they stand for: the count is exact.
- `tag:` and `note:` clauses are answered by the annotation store (article_sets.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import numpy as np
from whoosh import qparser
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import (
    And,
    DateRange,
    Every,
    FuzzyTerm,
    NullQuery,
    Prefix,
    Query,
    TermRange,
    Wildcard,
)

from indexer.article_sets import AnnotationLookup, ArticleSetQuery
from indexer.codec import read_term
from indexer.names import NamesLookup, NamesQuery
from indexer.ranking import alive
from indexer.schema import ANNOTATION_FIELDS, ENTITY_FIELDS, WORD_FIELDS, name_analyzer

_TICK = timedelta(microseconds=1)
MAX_FUZZY_DISTANCE = 2


class QuerySyntaxError(ValueError):
    """The query could not be understood; the message says where."""


class _UnionOfExpansions:
    """A constant-score expansion (prefix, wildcard, fuzzy) matched as one list: the
    union of every term's documents, instead of Whoosh's tree of OR matchers stepping
    through every posting of every term (`a*` took 460 ms at 10k articles). Every
    term counts: the total is the number of articles that hold any of them. The
    commonest terms are read first, and reading stops once every article of the
    segment matches (`a*` has thousands of words; "a" and "and" alone are in all)."""

    def _infos(self, reader) -> list[tuple[bytes, int]]:
        """The expansion's terms in one segment, with their document frequencies."""
        name = self.fieldname
        return [(t, reader.doc_frequency(name, t)) for t in self._btexts(reader) if t]

    def matcher(self, searcher, context=None):
        if not self.constantscore:
            return super().matcher(searcher, context)
        reader = searcher.reader()
        living = alive(reader)
        wanted = int(np.count_nonzero(living))
        found = np.zeros(reader.doc_count_all(), dtype=bool)
        covered = 0  # documents read since the last count: an upper bound of new ones
        for term, frequency in sorted(self._infos(reader), key=lambda tf: -tf[1]):
            found[read_term(reader, self.fieldname, term).ids] = True
            covered += frequency
            if covered >= wanted:  # the matches may be all of them: count
                covered = 0
                if np.count_nonzero(found & living) == wanted:
                    break
        docs = np.flatnonzero(found & living)
        if not docs.size:
            return NullMatcher()
        return ListMatcher(docs.tolist(), all_weights=self.boost)


def _b(term) -> bytes:
    return term.encode("utf-8") if isinstance(term, str) else term


class WordPrefix(_UnionOfExpansions, Prefix):
    """`play*`: the words as written that begin so (never their stems)."""

    def _infos(self, reader) -> list[tuple[bytes, int]]:
        # The term dictionary gives each term's frequency as it lists them.
        return [
            (t, info.doc_frequency()) for t, info in reader.iter_prefix(self.fieldname, self.text)
        ]


class WordWildcard(_UnionOfExpansions, Wildcard):
    """`pla?ing`: the words as written that fit the pattern."""


class WordFuzzyTerm(_UnionOfExpansions, FuzzyTerm):
    """`zelenskyyy~`: the words as written within the edit distance."""

    def _btexts(self, ixreader):
        # Searching the term dictionary within an edit distance is the costly part of
        # a fuzzy term, and marking its hits asks for the same words: kept per reader.
        kept = self.__dict__.setdefault("_expanded", {})
        entry = kept.get(id(ixreader))
        if entry is None or entry[0] is not ixreader:
            # Whoosh's fuzzy expansion gives text, and its term reader takes only bytes
            # (every fuzzy entity clause, `person:putn~`, failed).
            entry = kept[id(ixreader)] = (ixreader, [_b(t) for t in super()._btexts(ixreader)])
        return entry[1]


class _Parser(qparser.QueryParser):
    """Prefixes, wildcards and fuzzy terms are read as typed (lower-cased, accents
    folded, never stemmed) and, for title and text, matched against the words as
    written (schema.WORD_FIELDS): `play*` had become `plai*` and found "plaid" and
    "plaintiffs", and `pla?ing` had become `pla?e`."""

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if (
            termclass in (Prefix, Wildcard, FuzzyTerm)
            and fieldname not in ANNOTATION_FIELDS  # a tag's name is matched as written
            and self.schema
            and fieldname in self.schema
        ):
            field = self.schema[fieldname]
            if not field.self_parsing():
                words = WORD_FIELDS.get(fieldname, fieldname)
                typed = "".join(t.text for t in name_analyzer()(text, tokenize=False))
                if not typed:
                    return None
                return termclass(words, typed, boost=boost)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def _bound(node: Query) -> Query:
    # Constant scores: ranking by how often each expansion occurs is costly (a union
    # of scorers over every matching article) and means little to a reader.
    if type(node) is Prefix:
        return WordPrefix(node.fieldname, node.text, boost=node.boost, constantscore=True)
    if type(node) is Wildcard:
        return WordWildcard(node.fieldname, node.text, boost=node.boost, constantscore=True)
    if type(node) is FuzzyTerm:
        # The first letter must match: spelling mistakes rarely change it, and it
        # makes the search of the term dictionary many times faster.
        return WordFuzzyTerm(
            node.fieldname,
            node.text,
            boost=node.boost,
            # Two edits find the misspellings people make; more matches most of the
            # dictionary and took minutes (`international~9`).
            maxdist=max(1, min(int(node.maxdist), MAX_FUZZY_DISTANCE)),
            prefixlength=max(1, node.prefixlength),
            constantscore=True,
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


def make_parser(schema) -> qparser.QueryParser:
    # Whoosh's MultifieldParser, with our term_query: unfielded words search both fields.
    parser = _Parser(None, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(["title", "text"]))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # The publication is the article's `site`; researchers say publication or outlet.
    parser.add_plugin(qparser.FieldAliasPlugin({"site": ["publication", "outlet"]}))
    return parser


_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}
_PIECE = re.compile(r'"[^"]*"?|[()]|[^\s()"]+')


def _check_operators(text: str) -> None:
    """An operator with nothing to join is a mistake, not a word to search: "AND OR"
    once found nothing (stop words) and would now find every article with "and"."""
    pieces = _PIECE.findall(text)
    for i, piece in enumerate(pieces):
        before = pieces[i - 1] if i else "("
        after = pieces[i + 1] if i + 1 < len(pieces) else ")"
        if piece in _BINARY:
            lonely = before in _BINARY or before in ("(", "NOT") or after in _BINARY
            lonely = lonely or after == ")"
        elif piece == "NOT":
            lonely = after in _BINARY or after == ")"
        else:
            continue
        if lonely:
            where = "after it" if piece == "NOT" else "on each side"
            raise QuerySyntaxError(
                f"In the query, “{piece}” needs a word or clause {where}. To search for the word"
                " itself, write it in lower case or in quotes."
            )


def parse_query(
    schema,
    text: str,
    names: NamesLookup | None = None,
    annotations: AnnotationLookup | None = None,
) -> Query:
    """The Whoosh query for `text` (Every for an empty query); raises QuerySyntaxError.

    With `names`, entity clauses (person:, place:, org:, group:) become NamesQuery
    leaves, answered by the names index. With `annotations`, tag: and note: clauses
    become ArticleSetQuery leaves, answered by the annotation store; they combine with
    AND, OR, NOT and parentheses like any clause."""
    dates = [_date_query(m) for m in _DATE_CLAUSE.finditer(text)]
    rest = _DATE_CLAUSE.sub(" ", text).strip()
    if not rest:
        if not dates:
            return Every()
        return dates[0] if len(dates) == 1 else And(dates)
    _check_operators(rest)
    try:
        query = make_parser(schema).parse(rest)
    except Exception as error:  # Whoosh raises assorted types for bad syntax
        raise QuerySyntaxError(f"Cannot read the query: {error}") from error
    if query is None or query is NullQuery:
        raise QuerySyntaxError("The query has no searchable words.")
    query = query.accept(_bound)

    def answered_elsewhere(node: Query) -> Query:
        fieldname = getattr(node, "fieldname", None) if node.is_leaf() else None
        if fieldname in ENTITY_FIELDS and names is not None:
            return NamesQuery(node, names)
        if fieldname in ANNOTATION_FIELDS:
            if annotations is None:
                raise QuerySyntaxError(f"{fieldname}: clauses search your passages, not here.")
            if isinstance(node, TermRange):
                raise QuerySyntaxError(
                    f"{fieldname}: takes a {'tag' if fieldname == 'tag' else 'word'}, a prefix*,"
                    f" a wild?card or *, not a range."
                )
            return ArticleSetQuery(node, annotations)
        return node

    query = query.accept(answered_elsewhere)
    return And([query, *dates]) if dates else query
