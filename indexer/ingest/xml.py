"""XML files (feeds, exports, archives): safe parsing and a generic article mapping.

The parser resolves no entities, loads no DTD, touches no network and refuses
huge trees, so external-entity and entity-expansion tricks do nothing. Any
element that has a title-like child and a body-like child is an article (RSS
items, Atom entries, NewsML-ish exports, a bare <article>); the rest is skipped
with a reason.
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.locate import element_spans, locate
from indexer.ingest.markup import html_paragraphs
from indexer.provenance import TextBuilder

TITLE = ("title", "headline", "hl1", "head", "name")
BODY = ("body", "text", "content", "encoded", "description", "summary", "story", "fulltext")
AUTHOR = ("author", "byline", "creator", "writer")
DATE = ("published", "pubdate", "date", "issued", "created", "dateline", "updated", "modified")
SECTION = ("section", "category", "desk")
SITE = ("source", "publisher", "site", "sitename", "publication")


class NoArticle(ValueError):
    """The XML parsed, but nothing in it is an article."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _text_of(element) -> str:
    """Readable text of an element; embedded HTML (RSS descriptions) is reduced to text."""
    return "\n".join(html_paragraphs("".join(element.itertext()).strip()))


def _first(element, names: tuple[str, ...]) -> str:
    for name in names:
        for child in element.iter():
            if child is not element and _local(child.tag) == name:
                text = _text_of(child)
                if text:
                    return text
    return ""


def _is_article(element) -> bool:
    children = {_local(c.tag) for c in element}
    return bool(children & set(TITLE)) and bool(children & set(BODY))


_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>", re.I)


def _span_of(element, root, text: str) -> tuple[int, int]:
    """Where `element` stands in the text: the n-th element of its name is the n-th match."""
    tag = _local(element.tag)
    same = [e for e in root.iter() if isinstance(e.tag, str) and _local(e.tag) == tag]
    spans = element_spans(text, tag)
    n = same.index(element)
    return spans[n] if n < len(spans) and len(spans) == len(same) else (0, len(text))


def parse_xml(text: str) -> list[ParsedArticle]:
    """Articles in an XML document (decoded text); raises NoArticle or etree.XMLSyntaxError."""
    # lxml refuses a str that still declares its encoding; the text is decoded already.
    root = etree.fromstring(_DECLARATION.sub("", text, count=1).encode("utf-8"), parser=_parser())
    candidates = [e for e in root.iter() if isinstance(e.tag, str) and _is_article(e)]
    # Keep the outermost matches only: an <article> inside an <item> is one article.
    chosen = [e for e in candidates if not any(a in candidates for a in e.iterancestors())]
    articles = []
    for element in chosen:
        start, end = _span_of(element, root, text)
        builder = TextBuilder()
        for unit in locate(_first(element, BODY).split("\n"), text, start, end):
            builder.paragraph(unit)
        if not builder.text:
            continue
        articles.append(
            ParsedArticle(
                title=" ".join(_first(element, TITLE).split()),
                text=builder.text,
                author=" ".join(_first(element, AUTHOR).split())[:200],
                published=dates.parse_date(_first(element, DATE)),
                section=" ".join(_first(element, SECTION).split())[:120],
                site=" ".join(_first(element, SITE).split())[:120],
                source_map=builder.map,
            )
        )
    if not articles:
        raise NoArticle("XML without an article (no element with a title and a body or text)")
    return articles
