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
from whoosh.query import Query

from indexer.mask_query import MaskQuery, ids_of

AnnotationLookup = Callable[[Query], "set[str]"]


class ArticleSetQuery(MaskQuery):
    """A clause whose articles a lookup names (tag:, note:); a constant score."""

    def __init__(self, inner: Query, lookup: AnnotationLookup) -> None:
        super().__init__(inner, lookup)
        self._ids: set[str] | None = None

    @property
    def fieldname(self) -> str:
        return self.inner.fieldname

    def article_ids(self) -> set[str]:
        if self._ids is None:
            self._ids = set(self.lookup(self.inner))
        return self._ids

    def _copy(self):
        copy = ArticleSetQuery(self.inner, self.lookup)
        copy._ids = self._ids  # the lookup's answer is shared too
        return copy

    def estimate_size(self, ixreader) -> int:
        return len(self.article_ids())

    def segment_mask(self, reader) -> np.ndarray:
        """The documents of one text segment whose article the clause holds for."""
        wanted = self.article_ids()
        ids = ids_of(reader)
        return np.fromiter((i in wanted for i in ids), bool, len(ids))
