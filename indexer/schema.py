"""The Whoosh schemas: what is searchable, and how words are analysed.

Two indexes: the text index (words and metadata) and the names index (the entity
fields, written by the entity phase; see names.py). Only ids are stored; text and
metadata are read from the article store. Text fields keep character positions so
snippets come from the postings instead of re-analysing each article.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 5

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
    """The text index."""
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
    )


def build_names_schema() -> Schema:
    """The names index: one document per article that names someone or somewhere."""
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        **{name: TEXT(analyzer=names) for name in ENTITY_FIELDS},
    )


def build_query_schema() -> Schema:
    """Both indexes' fields, for reading a query (person:... and text alike)."""
    schema = build_schema()
    for name, field in build_names_schema().items():
        if name not in schema:
            schema.add(name, field)
    return schema
