"""The Whoosh schema: what is searchable, and how words are analysed.

Only the id is stored; text and metadata are read from the article store.
Text fields keep character positions so snippets come from the postings
instead of re-analysing each article.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 4

# Acronyms keep their dots (U.S., U.N.); other words split at apostrophes and
# hyphens, so "Kyiv's" and "Russia-Ukraine" match queries for Kyiv and Russia.
_TOKEN = r"(?:[^\W\d_]\.){2,}|\w+(?:\.?\w+)*"


def prose_analyzer():
    """Ordinary words: lower-cased, accents folded, stop words dropped, stemmed."""
    return (
        RegexTokenizer(_TOKEN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(cachesize=100_000)
    )


def name_analyzer():
    """Names and labels: lower-cased and accent-folded, never stemmed."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)


ENTITY_FIELDS = ("person", "place", "org", "group")


def build_schema() -> Schema:
    names = name_analyzer()
    prose = prose_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),  # a column: fast id lookups
        story=ID(stored=True, sortable=True),  # near-duplicate copies share it
        title=TEXT(analyzer=prose, field_boost=2.0, chars=True),
        # spelling: also keep the unstemmed words, so "did you mean" suggests real words.
        text=TEXT(analyzer=prose, chars=True, spelling=True),
        author=TEXT(analyzer=names),
        section=TEXT(analyzer=names),
        source=TEXT(analyzer=names),
        published=DATETIME(sortable=True),
        title_sort=ID(sortable=True),
        person=TEXT(analyzer=names),
        place=TEXT(analyzer=names),
        org=TEXT(analyzer=names),
        group=TEXT(analyzer=names),
    )
