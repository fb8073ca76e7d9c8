"""The Whoosh schemas: what is searchable, and how words are analysed.

Two indexes: the text index (words and metadata) and the names index (the entity
fields, written by the entity phase; see names.py). Only ids are stored; text and
metadata are read from the article store. Text fields keep character positions so
snippets come from the postings instead of re-analysing each article.
"""

from __future__ import annotations

from whoosh.analysis import (
    CharsetFilter,
    IDTokenizer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.fields import DATETIME, ID, TEXT, FieldType, Schema
from whoosh.formats import Existence, Frequency
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from indexer.analysis import TOKEN, AnalysedText, ProseAnalyzer, words_of
from indexer.codec import ArrayCharacters, ArrayPositions

SCHEMA_VERSION = 12  # 12: `site`, the publication (an export's newspaper), is searchable


def prose_analyzer():
    """Ordinary words: lower-cased, accents folded, stemmed. Every word is kept, stop
    words too: "year when" dropped "when" and matched every article with "year", and
    "needed get" matched "needed to get" (positions closed up over the stop word)."""
    return ProseAnalyzer(
        RegexTokenizer(TOKEN),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        StemFilter(cachesize=100_000),
    )


def name_analyzer():
    """Names and labels: lower-cased and accent-folded, never stemmed."""
    return RegexTokenizer(TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)


ENTITY_FIELDS = ("person", "place", "org", "group")
# Each stemmed field's words as written (lower-cased, accents folded), one posting per
# article: prefixes, wildcards and fuzzy terms match these, so `play*` finds "player"
# and "playing" and never "plaid" (it was stemmed to `plai*`), and every word a prefix
# stands for counts (expanding stems through a list of words needed a bound).
WORD_FIELDS = {"title": "title_words", "text": "text_words"}
# Annotation clauses: parsed with the query, answered by the annotation store.
ANNOTATION_FIELDS = ("tag", "note")


class WordSet(FieldType):
    """A text's distinct words as written, each one posting with no positions: found by
    the same pass that reads the text's stems (analysed), not a second analyzer chain."""

    word_set = True  # codec.ArrayPool gathers these a segment at a time

    def __init__(self) -> None:
        super().__init__(Existence(), name_analyzer(), scorable=False)

    def index(self, value, **kwargs):
        if isinstance(value, AnalysedText):
            value = value.words
        for word in words_of(value) if isinstance(value, str) else value:
            yield word.encode("utf-8"), 1, 1.0, b""


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
        **{name: WordSet() for name in WORD_FIELDS.values()},
        author=_text(names),
        section=_text(names),
        site=_text(names),  # the publication: `site:guardian`, `publication:"Kyiv Post"`
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
    for name in ANNOTATION_FIELDS:  # a tag's or a note's value is one term, quoted or not
        schema.add(name, TEXT(analyzer=IDTokenizer() | LowercaseFilter(), phrase=False))
    return schema


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
