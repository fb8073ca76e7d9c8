"""JSON and JSON Lines exports: one article per object, by the common field names.

A file may hold one object, a list of objects, an object with a list of them
(`articles`, `items`, `data`, …), or one object per line (JSON Lines). HTML in
a text field is reduced to its paragraphs.
"""

from __future__ import annotations

import json

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.locate import locate
from indexer.ingest.markup import html_paragraphs
from indexer.provenance import TextBuilder

TITLE = ("title", "headline", "name", "subject")
TEXT = (
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "fulltext",
    "story",
    "description",
    "summary",
)
DATE = (
    "published",
    "date",
    "published_at",
    "publishedat",
    "pubdate",
    "datepublished",
    "created_at",
    "created",
    "time",
    "timestamp",
)
AUTHOR = ("author", "byline", "authors", "creator", "writer")
URL = ("url", "link", "href", "permalink")
SECTION = ("section", "category", "categories", "topic")
SITE = ("source", "site", "publisher", "site_name", "outlet")
MAX_OBJECTS = 200_000


class NotArticles(ValueError):
    """JSON that holds no article-like object."""


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def parse_json(text: str) -> list[ParsedArticle]:
    """Articles in a JSON or JSON Lines document; raises NotArticles or ValueError."""
    objects = _objects(text)
    articles = []
    cursor = 0
    for value, start, end in objects:
        if not isinstance(value, dict):
            continue
        article = _article(
            value, text, start if start >= 0 else cursor, end if end >= 0 else len(text)
        )
        if article:
            articles.append(article)
            cursor = article.source_map.source_end or cursor
    if not articles:
        raise NotArticles("JSON without an article (no object with a title or a text field)")
    return articles


def _objects(text: str) -> list[tuple[object, int, int]]:
    """(object, start, end) for each candidate object; -1 where the place is unknown."""
    stripped = text.lstrip("\ufeff \t\r\n")
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError:
        return _lines(text)  # JSON Lines: one document a line
    if isinstance(document, dict):
        listed = next(
            (v for v in document.values() if isinstance(v, list) and v and isinstance(v[0], dict)),
            None,
        )
        if listed is not None and not _field(document, TEXT):
            return [(v, -1, -1) for v in listed[:MAX_OBJECTS]]
        return [(document, 0, len(text))]
    if isinstance(document, list):
        return [(v, -1, -1) for v in document[:MAX_OBJECTS]]
    return []


def _lines(text: str) -> list[tuple[object, int, int]]:
    out = []
    position = 0
    for line in text.split("\n"):
        start, position = position, position + len(line) + 1
        if line.strip():
            out.append((json.loads(line), start, start + len(line)))  # ValueError: not JSON
        if len(out) >= MAX_OBJECTS:
            break
    return out


def _field(value: dict, names: tuple[str, ...]) -> str:
    lowered = {str(k).lower(): v for k, v in value.items()}
    for name in names:
        found = lowered.get(name)
        if isinstance(found, list):
            found = ", ".join(
                str(x.get("name", "")) if isinstance(x, dict) else str(x) for x in found
            )
        elif isinstance(found, dict):
            found = found.get("name") or found.get("title") or found.get("value") or ""
        if found not in (None, "") and not isinstance(found, bool):
            return str(found)
    return ""


def _article(value: dict, source: str, start: int, end: int) -> ParsedArticle | None:
    title = " ".join(_field(value, TITLE).split())
    body = _field(value, TEXT)
    if not title and not body.strip():
        return None
    builder = TextBuilder()
    for unit in locate(html_paragraphs(body), source, start, end):
        builder.paragraph(unit)
    if not builder.map.segments:
        builder.map.removed.append((start, end, "JSON object: its title and metadata"))
    article = ParsedArticle(
        title=title,
        text=builder.text,
        author=" ".join(_field(value, AUTHOR).split())[:200],
        published=_date(_field(value, DATE)),
        section=" ".join(_field(value, SECTION).split())[:120],
        site=" ".join(_field(value, SITE).split())[:120],
        url=_field(value, URL)[:2000],
        source_map=builder.map,
    )
    if not title:
        from indexer.ingest.plaintext import derive_title

        article.title = derive_title(article.text)
        article.title_derived = True
    return article


def _date(value: str) -> str:
    if value.isdigit() and len(value) in (10, 13):  # a Unix timestamp, in s or ms
        from datetime import UTC, datetime

        return datetime.fromtimestamp(int(value[:10]), UTC).date().isoformat()
    return dates.parse_date(value)
