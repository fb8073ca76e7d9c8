"""The names index: which articles name which people, places, organisations and groups.

The entity fields live in a small Whoosh index of their own, keyed by article id,
beside the text index. The entity phase writes only these short documents. When
the fields were part of the text index, adding an article's names meant rewriting
the article there: its whole text was analysed a second time (the entity phase ran
at 14k words/s against the 22k its processes deliver), and a deleted copy of every
article stayed in the index for each search to read past.

A query's entity clauses (`person:Zelensky`, `place:Ky*`) become `NamesQuery`
leaves: the names index answers them with article ids, which are then matched in
the text index, so they combine with words, phrases, dates and NOT like any clause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import Query

from indexer.schema import ENTITY_FIELDS

_FIELD_OF_KIND = {"Person": "person", "Place": "place", "Organisation": "org", "Group": "group"}
_CACHED_QUERIES = 64
_ID_MAP = "_archive_reader_id_map"


def names_document(article_id: str, mentions: Iterable, aliases_of: Callable | None) -> dict:
    """The names index's document for one article: each entity field holds the canonical
    names with every spelling the text used or the gazetteer knows, so `person:Zelensky`
    finds an article that only ever wrote "Zelenskyy"."""
    by_field: dict[str, set[str]] = {name: set() for name in ENTITY_FIELDS}
    for mention in mentions:
        name = _FIELD_OF_KIND.get(mention.kind)
        if name:
            by_field[name].add(mention.canonical)
            by_field[name].add(mention.text)
            if aliases_of is not None:
                by_field[name].update(aliases_of(mention.canonical))
    doc = {name: " | ".join(sorted(values)) for name, values in by_field.items() if values}
    return {"id": article_id, **doc}


class NamesLookup:
    """Answers entity clauses for one pair of open searchers (text and names index).

    Made anew whenever either index changes, so its cache of the ids each clause
    matched never outlives the data. Each text segment's map of id to document
    number is kept on that segment's reader.
    """

    def __init__(self, names_searcher) -> None:
        self.names_searcher = names_searcher
        self._ids: dict[Query, frozenset[str]] = {}

    def ids(self, inner: Query) -> frozenset[str]:
        found = self._ids.get(inner)
        if found is None and self.names_searcher.doc_count_all() == 0:
            return frozenset()  # no names yet: before the first entity phase has saved any
        if found is None:
            searcher = self.names_searcher
            column = searcher.reader().column_reader("id")
            found = frozenset(column[d] for d in searcher.docs_for_query(inner))
            if len(self._ids) >= _CACHED_QUERIES:
                self._ids.clear()
            self._ids[inner] = found
        return found

    def docnums(self, inner: Query, reader) -> list[int]:
        """The documents of one text-index segment (`reader`) whose article matches."""
        numbers = self._numbers(reader)
        return sorted(numbers[i] for i in self.ids(inner) if i in numbers)

    @staticmethod
    def _numbers(reader) -> dict[str, int]:
        # Kept on the text segment's reader, which lives as long as its searcher: the
        # lookup is made anew at every names commit, and building this map for 100k
        # articles took 200 ms.
        numbers = reader.__dict__.get(_ID_MAP)
        if numbers is None:
            ids = list(reader.column_reader("id"))
            numbers = {ids[d]: d for d in reader.all_doc_ids()}  # deleted documents left out
            reader.__dict__[_ID_MAP] = numbers
        return numbers


class NamesQuery(Query):
    """An entity clause, answered by the names index and matched in the text index."""

    def __init__(self, inner: Query, lookup: NamesLookup) -> None:
        self.inner = inner
        self.lookup = lookup
        self.boost = 1.0

    def __eq__(self, other) -> bool:
        return type(other) is NamesQuery and other.inner == self.inner

    def __hash__(self) -> int:
        return hash(("names", self.inner))

    def __repr__(self) -> str:
        return f"NamesQuery({self.inner!r})"

    def __str__(self) -> str:
        return str(self.inner)

    def __deepcopy__(self, memo):
        # Whoosh copies queries; the lookup (and the searcher inside it) is shared.
        return NamesQuery(self.inner, self.lookup)

    def is_leaf(self) -> bool:
        return True

    def field(self):
        return self.inner.field()

    def estimate_size(self, ixreader) -> int:
        return len(self.lookup.ids(self.inner))

    def matcher(self, searcher, context=None):
        docnums = self.lookup.docnums(self.inner, searcher.reader())
        if not docnums:
            return NullMatcher()
        return ListMatcher(docnums, all_weights=self.boost)
