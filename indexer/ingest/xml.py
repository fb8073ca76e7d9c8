"""XML files (feeds, exports, archives): safe parsing and a generic article mapping.

The parser resolves no entities, loads no DTD, touches no network and refuses
huge trees, so external-entity and entity-expansion tricks do nothing. Any
element that has a title-like child and a body-like child is an article (RSS
items, Atom entries, NewsML-ish exports, a bare <article>); the rest is skipped
with a reason.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from indexer.article import ParsedArticle

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
    raw = "".join(element.itertext()).strip()
    if "<" in raw and ">" in raw:
        try:
            fragment = lxml_html.fragment_fromstring(raw, create_parent="div")
            blocks = [
                " ".join(b.text_content().split())
                for b in fragment.iter("p", "li", "blockquote", "h2", "h3")
            ]
            raw = "\n\n".join(b for b in blocks if b) or " ".join(fragment.text_content().split())
        except (etree.ParserError, ValueError):
            pass
    return raw


def _first(element, names: tuple[str, ...]) -> str:
    for name in names:
        for child in element.iter():
            if child is not element and _local(child.tag) == name:
                text = _text_of(child)
                if text:
                    return text
    return ""


def _paragraphs(body: str) -> str:
    paragraphs = [" ".join(p.split()) for p in body.replace("\r", "").split("\n")]
    return "\n\n".join(p for p in paragraphs if p)


def _is_article(element) -> bool:
    children = {_local(c.tag) for c in element}
    return bool(children & set(TITLE)) and bool(children & set(BODY))


def parse_xml(data: bytes) -> list[ParsedArticle]:
    """Articles in an XML document; raises NoArticle or etree.XMLSyntaxError."""
    root = etree.fromstring(data, parser=_parser())
    candidates = [e for e in root.iter() if isinstance(e.tag, str) and _is_article(e)]
    # Keep the outermost matches only: an <article> inside an <item> is one article.
    chosen = [e for e in candidates if not any(a in candidates for a in e.iterancestors())]
    articles = []
    for element in chosen:
        text = _paragraphs(_first(element, BODY))
        if not text:
            continue
        articles.append(
            ParsedArticle(
                title=" ".join(_first(element, TITLE).split()),
                text=text,
                author=" ".join(_first(element, AUTHOR).split())[:200],
                published=_iso_date(_first(element, DATE)),
                section=" ".join(_first(element, SECTION).split())[:120],
                site=" ".join(_first(element, SITE).split())[:120],
            )
        )
    if not articles:
        raise NoArticle("XML without an article (no element with a title and a body or text)")
    return articles


def _iso_date(value: str) -> str:
    """An ISO date from the common feed formats (ISO 8601, RFC 822), else ''."""
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    value = value.strip()
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""
