"""RSS 0.9x, 1.0 and 2.0 and Atom feeds, read with feedparser: one article per item.

Each item keeps its own title, date, author, link and body. The body is the
item's full content (`content:encoded`, Atom `content`) when it has one, else
its description or summary; media elements (`media:content`, credits) are never
a body. feedparser reads a feed that is not well-formed as far as it goes.
It is handed bytes, never a string, so it cannot take the text for a URL.
"""

from __future__ import annotations

import re

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.locate import element_spans, locate
from indexer.ingest.markup import html_paragraphs
from indexer.provenance import TextBuilder

_DECLARED = re.compile(r"(<\?xml[^>]*?encoding\s*=\s*[\"'])([\w.:-]+)([\"'])", re.I)


def parse_feed(text: str) -> list[ParsedArticle]:
    """Every item of the feed in `text` (already decoded) as an article."""
    import feedparser  # imported on first use: only folders with feeds pay for it

    # The text is already decoded: tell feedparser so, or it decodes the UTF-8 again
    # with the encoding the declaration names.
    data = _DECLARED.sub(r"\g<1>utf-8\g<3>", text, count=1).encode("utf-8")
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    site = " ".join(feed.feed.get("title", "").split())[:120]
    spans = element_spans(text, "item") or element_spans(text, "entry")
    articles = []
    for n, entry in enumerate(feed.entries):
        start, end = spans[n] if n < len(spans) else (0, len(text))
        articles.append(_article(entry, text, start, end, site))
    return articles


def _body(entry) -> str:
    for content in entry.get("content", []):
        if content.get("value", "").strip():
            return content["value"]
    return entry.get("summary", "") or entry.get("description", "")


def _article(entry, text: str, start: int, end: int, site: str) -> ParsedArticle:
    builder = TextBuilder()
    for unit in locate(html_paragraphs(_body(entry)), text, start, end):
        builder.paragraph(unit)
    title = " ".join(entry.get("title", "").split())
    article = ParsedArticle(
        title=title,
        text=builder.text,
        author=" ".join(entry.get("author", "").split())[:200],
        published=dates.parse_date(entry.get("published", "") or entry.get("updated", "")),
        section=", ".join(t.get("term", "") for t in entry.get("tags", []) if t.get("term"))[:120],
        site=site,
        url=entry.get("link", ""),
    )
    if not title:
        from indexer.ingest.plaintext import derive_title

        article.title = derive_title(article.text) if article.text else "(untitled item)"
        article.title_derived = True
    if not builder.map.segments:  # an item with a title only: the item is still its source
        builder.map.removed.append((start, end, "feed item: its title and metadata"))
    article.source_map = builder.map
    return article
