"""The Whoosh schemas: what is searchable, and how words are analysed.

Two indexes: the text index (words and metadata) and the names index (the entity
fields, written by the entity phase; see names.py). Only ids are stored; text and
metadata are read from the article store. Text fields keep character positions so
snippets come from the postings instead of re-analysing each article.
"""

from __future__ import annotations

import re
from array import array

from whoosh.analysis import (
    CharsetFilter,
    CompositeAnalyzer,
    IDTokenizer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
)
from whoosh.fields import DATETIME, ID, TEXT, FieldType, Schema
from whoosh.formats import Existence, Frequency
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from indexer.codec import ArrayCharacters, ArrayPositions

SCHEMA_VERSION = 9

# Acronyms keep their dots (U.S., U.N.); other words split at apostrophes and
# hyphens, so "Kyiv's" and "Russia-Ukraine" match queries for Kyiv and Russia.
_TOKEN = r"(?:[^\W\d_]\.){2,}|\w+(?:\.?\w+)*"


_WORD = re.compile(_TOKEN)
_STEMS: dict[str, str] = {}  # word as written -> stem
_FOLDED: dict[str, str] = {}  # word as written -> lower-cased, accents folded
_STEMS_KEPT = 200_000


class ProseAnalyzer(CompositeAnalyzer):
    """The analyzer chain below, plus `occurrences`: the same tokens for a whole text in
    one pass (one regular expression, a dictionary of stems), which the index writer
    uses (codec.py). Whoosh's chain costs a generator step and a Token per filter per
    word: two fifths of the text phase."""

    def occurrences(self, text: str, chars: bool) -> dict[str, array]:
        """Each stem's occurrences: positions, or (position, start, end) triples."""
        if chars and isinstance(text, AnalysedText):
            return text.occurrences  # read once, by analysed()
        return _occurrences(text, chars)[0]


class AnalysedText(str):
    """A text with what the index needs of it, found in one pass (analysed()): each
    stem's (position, start, end) triples and the distinct words as written."""

    occurrences: dict[str, array]
    words: set[str]


def analysed(text: str) -> AnalysedText:
    value = AnalysedText(text)
    value.occurrences, value.words = _occurrences(text, True)
    return value


def _occurrences(text: str, chars: bool) -> tuple[dict[str, array], set[str]]:
    """Each stem's occurrences, and the text's distinct words (lower-cased, accents
    folded, unstemmed)."""
    seen: dict[str, array] = {}
    written_words: set[str] = set()
    stems = _STEMS  # keyed by the word as written: one lookup per word
    if len(stems) > _STEMS_KEPT:
        stems.clear()
        _FOLDED.clear()
    for pos, match in enumerate(_WORD.finditer(text)):
        written = match.group()
        written_words.add(written)
        stem = stems.get(written)
        if stem is None:
            folded = _FOLDED[written] = written.lower().translate(accent_map)
            stem = stems[written] = porter_stem(folded)
        numbers = seen.get(stem)
        if numbers is None:
            numbers = seen[stem] = array("I")
        if chars:
            numbers.extend((pos, match.start(), match.end()))
        else:
            numbers.append(pos)
    return seen, {_FOLDED[w] for w in written_words}


def prose_analyzer():
    """Ordinary words: lower-cased, accents folded, stemmed. Every word is kept, stop
    words too: "year when" dropped "when" and matched every article with "year", and
    "needed get" matched "needed to get" (positions closed up over the stop word)."""
    return ProseAnalyzer(
        RegexTokenizer(_TOKEN),
        LowercaseFilter(),
        CharsetFilter(accent_map),
        StemFilter(cachesize=100_000),
    )


def name_analyzer():
    """Names and labels: lower-cased and accent-folded, never stemmed."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)


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


def word_tokens(text: str):
    """(start, end, word as the name analyzer sees it) for each word of a text."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), match.group().lower().translate(accent_map)


def words_of(text: str) -> set[str]:
    """The distinct words of a text as the name analyzer sees them (lower-cased, accents
    folded, unstemmed), word by word as the index reads them (analysed() gives the same
    while it reads a text for the index)."""
    return {word for _, _, word in word_tokens(text)}


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
