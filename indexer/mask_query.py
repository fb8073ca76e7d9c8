"""A query leaf answered outside the text index, as a mask over each text segment.

Entity clauses (names.py) and annotation clauses (article_sets.py) are both a
clause of the query language (`inner`) whose articles something else knows. As a
leaf with `segment_mask`, the array search (ranking.py) combines it with AND, OR and
NOT like any clause; Whoosh's own matcher is given for everything else.
"""

from __future__ import annotations

import numpy as np
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.query import Query

_IDS = "_archive_reader_ids"


def ids_of(reader) -> list[str]:
    """The article id of each document of a segment, kept on the segment's reader (which
    lives as long as its searcher)."""
    ids = reader.__dict__.get(_IDS)
    if ids is None:
        ids = reader.__dict__[_IDS] = list(reader.column_reader("id"))
    return ids


class MaskQuery(Query):
    """A constant-score leaf wrapping a parsed clause; subclasses give segment_mask."""

    def __init__(self, inner: Query, lookup) -> None:
        self.inner = inner
        self.lookup = lookup
        self.boost = 1.0

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and other.inner == self.inner

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.inner))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.inner!r})"

    def __str__(self) -> str:
        return str(self.inner)

    def __deepcopy__(self, memo):
        # Whoosh copies queries; the lookup (and what it holds) is shared.
        return self._copy()

    def _copy(self):
        return type(self)(self.inner, self.lookup)

    def is_leaf(self) -> bool:
        return True

    def field(self):
        return self.inner.field()

    def segment_mask(self, reader) -> np.ndarray:
        """The documents of one text segment this clause matches (deleted ones too)."""
        raise NotImplementedError

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        mask = self.segment_mask(reader)
        docnums = [d for d in np.flatnonzero(mask).tolist() if not reader.is_deleted(d)]
        if not docnums:
            return NullMatcher()
        return ListMatcher(docnums, all_weights=self.boost)
