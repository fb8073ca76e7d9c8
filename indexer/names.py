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

import numpy as np
from whoosh.query import Query

from indexer.mask_query import MaskQuery, ids_of
from indexer.ranking import matching
from indexer.schema import ENTITY_FIELDS

_FIELD_OF_KIND = {"Person": "person", "Place": "place", "Organisation": "org", "Group": "group"}
_CACHED_QUERIES = 64


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
    """Answers entity clauses for one names searcher, as masks over text segments.

    Made anew whenever either index changes, so its caches never outlive the data:
    which names documents each clause matched (a boolean array), and for each text
    segment, the names document of each of its articles (an integer array). A
    clause then becomes one array lookup per segment; matching article ids as
    strings cost 300 to 550 ms a query at 100k articles.
    """

    def __init__(self, names_searcher) -> None:
        self.names_searcher = names_searcher
        self._matched: dict[Query, np.ndarray] = {}
        self._names_of: dict[int, tuple[object, np.ndarray]] = {}
        self._numbers: dict[str, int] | None = None

    def matched(self, inner: Query) -> np.ndarray:
        """Which names documents match, one flag each, plus a last False for "none"."""
        found = self._matched.get(inner)
        if found is None:
            searcher = self.names_searcher
            found = np.zeros(searcher.doc_count_all() + 1, dtype=bool)
            if searcher.doc_count_all():  # else no names yet: the entity phase has saved none
                docnums = matching(searcher, inner)
                if docnums is None:
                    docnums = list(searcher.docs_for_query(inner))
                found[np.asarray(docnums, dtype=np.int64)] = True
            if len(self._matched) >= _CACHED_QUERIES:
                self._matched.clear()
            self._matched[inner] = found
        return found

    def count(self, inner: Query) -> int:
        return int(np.count_nonzero(self.matched(inner)))

    def mask(self, inner: Query, reader) -> np.ndarray:
        """Which documents of one text-index segment (`reader`) name what `inner` asks for."""
        return self.matched(inner)[self._names_of_segment(reader)]

    def _names_of_segment(self, reader) -> np.ndarray:
        """For each document of a text segment, its article's names document, or -1."""
        entry = self._names_of.get(id(reader))
        if entry is None or entry[0] is not reader:
            numbers = self._names_numbers()
            ids = ids_of(reader)
            names = np.fromiter((numbers.get(i, -1) for i in ids), np.int64, len(ids))
            entry = self._names_of[id(reader)] = (reader, names)
        return entry[1]

    def _names_numbers(self) -> dict[str, int]:
        """Article id -> names document number (deleted ones left out)."""
        if self._numbers is None:
            reader = self.names_searcher.reader()
            if reader.doc_count_all() == 0:  # no names saved yet (and no id column)
                self._numbers = {}
            else:
                ids = ids_of(reader)
                self._numbers = {ids[d]: d for d in reader.all_doc_ids()}
        return self._numbers


class NamesQuery(MaskQuery):
    """An entity clause, answered by the names index and matched in the text index."""

    def estimate_size(self, ixreader) -> int:
        return self.lookup.count(self.inner)

    def segment_mask(self, reader) -> np.ndarray:
        return self.lookup.mask(self.inner, reader)
