"""What one article is, as the rest of the application sees it."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from indexer.analysis import TOKEN
from indexer.provenance import SourceMap

_WORD = re.compile(TOKEN)


def count_words(text: str) -> int:
    """Words as the index reads them (analysis.py), so counts and search agree."""
    return len(_WORD.findall(text))


def content_hash(text: str, title: str = "") -> str:
    """A fingerprint of the title and text that ignores white-space differences.

    Two articles are exact duplicates only when both match: the same text under
    another headline is another article (a near-duplicate copy).
    """
    folded = " ".join(title.split()) + "\0" + _spaces_folded(text)
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


def _spaces_folded(text: str) -> str:
    """ " ".join(text.split()): an article's text is folded already but for its
    paragraph breaks, and splitting it into words to join them again was a tenth of
    reading a file. Where the breaks are the only other white space, replacing them
    gives the same string; otherwise it is split. (Every white space character but
    the space is a control or separator character, so not printable.)"""
    joined = text.replace("\n\n", " ")
    if joined.isprintable() and "  " not in joined and " " not in (joined[:1], joined[-1:]):
        return joined
    return " ".join(text.split())


def article_id(source: str, ordinal: int) -> str:
    """A stable id: the same file and position in it give the same id on every run.

    Passages hang on this id, so it must not change when an article's text is
    corrected; re-anchoring handles the text change instead.
    """
    key = f"{source}\0{ordinal}".encode()
    return hashlib.blake2b(key, digest_size=8).hexdigest()


@dataclass
class ParsedArticle:
    """An article as a reader of one file found it, before it has an id."""

    title: str
    text: str
    title_derived: bool = False
    author: str = ""
    published: str = ""  # ISO 8601 date, or "" when the file's metadata has none
    section: str = ""
    site: str = ""
    url: str = ""
    source_map: SourceMap = field(default_factory=SourceMap)


@dataclass
class Article:
    """An indexed article: its text is the reference for every character offset."""

    id: str
    source: str
    ordinal: int
    title: str
    text: str
    title_derived: bool = False
    author: str = ""
    published: str = ""
    section: str = ""
    site: str = ""
    url: str = ""
    words: int = 0
    digest: str = field(default="")
    source_map: SourceMap = field(default_factory=SourceMap)

    @classmethod
    def from_parsed(
        cls, parsed: ParsedArticle, source: str, ordinal: int, words: int | None = None
    ) -> Article:
        """`words`: the text's word count if known (None: counted here)."""
        return cls(
            id=article_id(source, ordinal),
            source=source,
            ordinal=ordinal,
            title=parsed.title,
            text=parsed.text,
            title_derived=parsed.title_derived,
            author=parsed.author,
            published=parsed.published,
            section=parsed.section,
            site=parsed.site,
            url=parsed.url,
            words=count_words(parsed.text) if words is None else words,
            digest=content_hash(parsed.text, parsed.title),
            source_map=parsed.source_map,
        )
