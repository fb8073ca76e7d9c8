"""BM25F ranking, with each segment's field lengths read once into a list.

Whoosh's BM25F scorer looks up a document's field length through three calls and
a struct unpack for every document it scores: a query matching most of a 10k
archive spent a sixth of its time there. The ranking itself is Whoosh's.
"""

from __future__ import annotations

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

# Whoosh stores each length as one byte; 0 means "no length" (scored as 1).
_DECODED = [byte_to_length(b) if b else 1 for b in range(256)]
_CACHE = "_archive_reader_field_lengths"


class ListedLengthsBM25F(scoring.BM25F):
    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if isinstance(scorer, scoring.BM25FScorer):
            lengths = field_lengths(searcher.reader(), fieldname)
            if lengths is not None:
                scorer.dfl = lengths.__getitem__
        return scorer


def field_lengths(reader, fieldname: str) -> list[int] | None:
    """Every document's length of `fieldname` in one segment, cached on its reader
    (which lives as long as the segment is unchanged); None if not a segment."""
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None:
        return None
    cache = reader.__dict__.setdefault(_CACHE, {})
    if fieldname not in cache:
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            cache[fieldname] = None
        else:
            cache[fieldname] = [_DECODED[b] for b in column.load()]
    return cache[fieldname]
