"""Project Gutenberg books: the book between its START and END markers, one article.

The header before `*** START OF …` gives the title and author (`Title:`,
`Author:`); it and the licence after `*** END OF …` are the format's own
wrapping, recorded in the source map as removed. Everything between the markers
is the book: chapter headings, verses, tables and short lines all stay; only
hard-wrapped paragraphs are joined back.
"""

from __future__ import annotations

import re

from indexer.article import ParsedArticle
from indexer.ingest.plaintext import units_of
from indexer.provenance import TextBuilder

_START = re.compile(
    r"^\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$", re.M | re.I
)
_END = re.compile(
    r"^[ \t]*\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?BOOK[^\n]*$", re.M | re.I
)


def is_gutenberg(text: str) -> bool:
    return _START.search(text[:100_000]) is not None


def _header_field(header: str, name: str) -> str:
    """A header field, with its continuation lines (indented lines that follow it)."""
    match = re.search(rf"^{name}:[ \t]*(.*(?:\r?\n[ \t]+\S.*)*)", header, re.M)
    return " ".join(match.group(1).split()) if match else ""


def parse_book(text: str) -> list[ParsedArticle]:
    start = _START.search(text)
    end = _END.search(text, start.end())
    body_start, body_end = start.end(), end.start() if end else len(text)
    header = text[: start.start()]
    builder = TextBuilder()
    builder.map.removed.append((0, start.end(), "Project Gutenberg header"))
    for unit in units_of(text[body_start:body_end], base=body_start):
        builder.paragraph(unit)
    if end:
        builder.map.removed.append((end.start(), len(text.rstrip()), "Project Gutenberg licence"))
    title = _header_field(header, "Title")
    article = ParsedArticle(
        title=title or "(untitled book)",
        title_derived=not title,
        text=builder.text,
        author=_header_field(header, "Author")[:200],
        site="Project Gutenberg",
        source_map=builder.map,
    )
    return [article]
