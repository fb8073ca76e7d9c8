"""Clauses answered outside the text index, as a set of article ids: `tag:` and `note:`.

Passages live in the annotation database, which the indexer does not know; the
caller gives a lookup that turns a clause (a Term, Prefix or Wildcard on the `tag` or
`note` field) into the ids of the articles it holds for. The leaf then matches those
articles in the text index, so `tag:Diplomacy OR drone`, `NOT tag:Casualties` and
`(tag:A OR note:ceasefire) person:Putin` combine like any clause. (The clauses used
to be cut out of the query and ANDed on, so an OR with them found too little and an
OR between two of them found nothing.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import Query

AnnotationLookup = Callable[[Query], "set[str]"]
_IDS = "_archive_reader_ids"


def _ids_of(reader) -> list[str]:
    ids = reader.__dict__.get(_IDS)
    if ids is None:
        ids = reader.__dict__[_IDS] = list(reader.column_reader("id"))
    return ids


class ArticleSetQuery(Query):
    """A clause whose articles a lookup names (tag:, note:); a constant score."""

    def __init__(self, inner: Query, lookup: AnnotationLookup) -> None:
        self.inner = inner
        self.lookup = lookup
        self.boost = 1.0
        self._ids: set[str] | None = None

    @property
    def fieldname(self) -> str:
        return self.inner.fieldname

    def article_ids(self) -> set[str]:
        if self._ids is None:
            self._ids = set(self.lookup(self.inner))
        return self._ids

    def __eq__(self, other) -> bool:
        return type(other) is ArticleSetQuery and other.inner == self.inner

    def __hash__(self) -> int:
        return hash(("articles", self.inner))

    def __repr__(self) -> str:
        return f"ArticleSetQuery({self.inner!r})"

    def __str__(self) -> str:
        return str(self.inner)

    def __deepcopy__(self, memo):
        # Whoosh copies queries; the lookup and its answer are shared.
        copy = ArticleSetQuery(self.inner, self.lookup)
        copy._ids = self._ids
        return copy

    def is_leaf(self) -> bool:
        return True

    def field(self):
        return self.inner.field()

    def estimate_size(self, ixreader) -> int:
        return len(self.article_ids())

    def segment_mask(self, reader) -> np.ndarray:
        """The documents of one text segment whose article the clause holds for."""
        wanted = self.article_ids()
        ids = _ids_of(reader)
        return np.fromiter((i in wanted for i in ids), bool, len(ids))

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        mask = self.segment_mask(reader)
        docnums = [d for d in np.flatnonzero(mask).tolist() if not reader.is_deleted(d)]
        if not docnums:
            return NullMatcher()
        return ListMatcher(docnums, all_weights=self.boost)
