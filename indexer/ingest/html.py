"""Saved web pages: the article as a reader sees it, via trafilatura (built on lxml).

Scripts, styles, iframes and comments are dropped by the extractor; nothing is
ever fetched (we hand it the bytes, never a URL). The publication date comes
from the page's metadata only: `extensive_search` off stops htmldate from
guessing a date out of the body text.
"""

from __future__ import annotations

import functools
import re

from indexer.article import ParsedArticle
from indexer.ingest.locate import locate
from indexer.provenance import TextBuilder, Unit

# Pages whose element tree is larger than this are cut before extraction, which
# bounds memory and time on generated or hostile markup.
MAX_TREE_SIZE = 200_000


@functools.cache
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(MAX_TREE_SIZE)
    config["DEFAULT"]["EXTENSIVE_DATE_SEARCH"] = "off"
    return config


def parse_html(text: str) -> list[ParsedArticle]:
    import trafilatura  # imported on first use: it is slow to import

    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        config=_config(),
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        return []
    title = (document.title or "").strip()
    paragraphs = [" ".join(line.split()) for line in document.text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]  # the extractor repeats the headline as the first line
    if not paragraphs:
        return []
    # Found again in the page's body, so the reader can show where each came from.
    body = max(text.lower().find("<body"), 0)
    units = with_captions(locate(paragraphs, text, body, len(text)), text, body)
    builder = TextBuilder()
    for unit in units:
        builder.paragraph(unit)
    article = ParsedArticle(
        title=title,
        text=builder.text,
        source_map=builder.map,
        author=_clean_author(document.author or ""),
        published=(document.date or "")[:10],
        site=(document.sitename or "").strip(),
        section=", ".join(document.categories or [])[:120],
    )
    return [article]


def with_captions(units: list[Unit], page: str, body: int) -> list[Unit]:
    """The article's paragraphs with the captions of its figures, each where it stands
    in the page. The extractor leaves every <figcaption> out, and a caption is the
    article's text ("Residents leave a damaged building in Kharkiv on Monday"); only
    one between the article's first and last paragraphs is taken, so a gallery or a
    promotion elsewhere on the page stays out."""
    placed = [u for u in units if u.pieces and u.pieces[0][1] > body]
    if len(placed) < 2:
        return units
    first, last = placed[0].pieces[0][1], placed[-1].pieces[-1][2]
    found = []
    for caption in _captions(page):
        [unit] = locate([caption], page, first, last)
        start, end = unit.pieces[0][1], unit.pieces[-1][2]
        inside_one = (start, end) != (first, last)  # located, not the whole stretch
        if inside_one and not any(a < end and start < b for u in units for a, b in u.spans):
            found.append(unit)
    if not found:
        return units
    return sorted([*units, *found], key=lambda u: u.pieces[0][1] if u.pieces else -1)


def _captions(page: str) -> list[str]:
    """The text of each figure caption of the page, white space made single."""
    if "<figcaption" not in page.lower():
        return []
    import lxml.html

    try:
        tree = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return []
    captions = (" ".join(e.text_content().split()) for e in tree.iter("figcaption"))
    return [c for c in captions if c]


def _clean_author(author: str) -> str:
    return re.sub(r"^\s*by\s+", "", author, flags=re.I).strip().strip(";,")
