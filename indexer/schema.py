"""The Whoosh schemas: what is searchable, and how words are analysed.

Two indexes: the text index (words and metadata) and the names index (the entity
fields, written by the entity phase; see names.py). Only ids are stored; text and
metadata are read from the article store. Text fields keep character positions so
snippets come from the postings instead of re-analysing each article.
"""

from __future__ import annotations

import re

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import DATETIME, ID, TEXT, FieldType, Schema
from whoosh.formats import Frequency
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from indexer.codec import ArrayCharacters, ArrayPositions

SCHEMA_VERSION = 8

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


def _text(analyzer, field_boost: float = 1.0, chars: bool = False) -> TEXT:
    """A text field whose positions (and characters) are stored as arrays (codec.py)."""
    field = TEXT(analyzer=analyzer, field_boost=field_boost, chars=chars)
    field.format = (ArrayCharacters if chars else ArrayPositions)(field_boost=field_boost)
    return field


def build_schema() -> Schema:
    """The text index."""
    names = name_analyzer()
    prose = prose_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),  # a column: fast id lookups
        story=ID(stored=True, sortable=True),  # near-duplicate copies share it
        title=_text(prose, field_boost=2.0, chars=True),
        # The unstemmed words live in the words index (lexicon), not in a spelling
        # field: Whoosh's spelling field analysed every text a second time.
        text=_text(prose, chars=True),
        author=_text(names),
        section=_text(names),
        source=_text(names),
        published=DATETIME(sortable=True),
        title_sort=ID(sortable=True),
    )


def build_names_schema() -> Schema:
    """The names index: one document per article that names someone or somewhere."""
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        **{name: _text(names) for name in ENTITY_FIELDS},
    )


def build_query_schema() -> Schema:
    """Both indexes' fields, for reading a query (person:... and text alike)."""
    schema = build_schema()
    for name, field in build_names_schema().items():
        if name not in schema:
            schema.add(name, field)
    return schema


_WORD = re.compile(_TOKEN)


def words_of(text: str) -> set[str]:
    """The distinct words of a text as the name analyzer sees them (lower-cased, accents
    folded, unstemmed), found by one regular expression instead of the analyzer chain."""
    return {word.translate(accent_map) for word in _WORD.findall(text.lower())}


class WordCounts(FieldType):
    """A lexicon field, indexed from a {word: number of articles} mapping: no analysis,
    and each word's frequency is the number of articles that use it."""

    def __init__(self) -> None:
        super().__init__(Frequency(), name_analyzer())

    def index(self, value, **kwargs):
        for word, count in value.items():
            yield word.encode("utf-8"), count, float(count), pack_uint(count)


def build_words_schema() -> Schema:
    """The words index: the archive's unstemmed words, for prefix, wildcard and fuzzy
    expansion and for "did you mean". One document per indexing run."""
    return Schema(word=WordCounts())
