"""Factiva exports saved as text: many articles to a file, each closed by its document
number ("Document GRDN000020140303ea3300001").

Two layouts, both Factiva's own:

- "Article": the headline, maybe a byline, "812 words", the date, maybe a time, the
  publication, its code, maybe an edition and a page, the language and the copyright
  notice, then the body.
- "Full Article/Report plus Indexing": every part behind a code at the start of its
  line ("HD" headline, "BY" byline, "PD" date, "SN" publication, "LP" the lead
  paragraphs and "TD" the rest of the body, "NS" subjects and so on).

The headline becomes the title, the publication the site, the byline the author.
The other lines Factiva wrote leave the text and are recorded in the source map
with what they were. A line the reader cannot place stays in the text.
"""

from __future__ import annotations

import re

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.plaintext import derive_title, lines_of, units_of
from indexer.provenance import (
    BECAME_AUTHOR,
    BECAME_DATE,
    BECAME_SECTION,
    BECAME_SITE,
    BECAME_TITLE,
    TextBuilder,
    Unit,
)

_DOCUMENT = re.compile(
    r"^[ \t]*(?:AN[ \t]+)?(?:Document|Dokument|Documento)[ \t]+"
    r"(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{16,40}[ \t\r]*$",
    re.M,
)
_WORDS = re.compile(r"^\d[\d.,]* (?:words|Wörter|mots|palabras|parole)$", re.I)
_CODE = re.compile(
    r"^(HD|CLM|SE|BY|CR|WC|PD|ET|SN|SC|ED|PG|LA|CY|LP|TD|CT|RF|CO|IN|NS|RE|IPC|IPD|PUB|AN)"
    r"(?:[ \t]+|$)"
)
_LANGUAGES = frozenset(
    "english german deutsch french français spanish español italian italiano dutch "
    "nederlands portuguese português russian chinese japanese arabic polish swedish "
    "danish norwegian finnish turkish".split()
)
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|Copyright\b|All rights reserved)", re.I)
_SOURCE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")  # GDN, NYTF, KYIVP, WSJO
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?(?:\s+[A-Z]{2,5})?$", re.I)
_BYLINE_WORD = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[A-Z]\.|and|in|at|de|van|von|der|la|le|du|da)$")
_RULES = {
    "HD": BECAME_TITLE,
    "BY": BECAME_AUTHOR,
    "PD": BECAME_DATE,
    "SN": BECAME_SITE,
    "SE": BECAME_SECTION,
}


def looks_like_factiva(text: str) -> bool:
    """A Factiva document number on a line of its own, after a word count."""
    head = text[:400_000]
    if "Document " not in head and "Dokument " not in head and "Documento " not in head:
        return False  # asked of every text file: most answer here, at memory speed
    found = _DOCUMENT.search(head)
    if not found:
        return False
    before = head[: found.start()]
    return bool(
        re.search(r"^WC[ \t]+\d", before, re.M)
        or any(_WORDS.match(line.strip()) for line in before.splitlines())
    )


def parse_factiva(text: str) -> list[ParsedArticle]:
    articles = []
    position = 0

    def paragraphs(lines) -> list[Unit]:
        # Text lines: hard-wrapped paragraphs are joined as in any text file.
        start, end = lines[0][0], lines[-1][1]
        return units_of(text[start:end], base=start)

    for found in _DOCUMENT.finditer(text):
        builder = TextBuilder()
        builder.map.removed.append((found.start(), found.end(), "Factiva document number"))
        article = read_layout(_lines(text, position, found.start()), builder, paragraphs)
        if article is not None:
            articles.append(article)
        position = found.end()
    if articles and text[position:].strip():
        # Factiva ends a download with its search summary: no article, and not to be
        # lost without a word either (Original file shows it).
        after = len(text[position:]) - len(text[position:].lstrip())
        articles[-1].source_map.removed.append(
            (position + after, len(text.rstrip()), "after the last document (search summary)")
        )
    return articles


def read_layout(lines, builder: TextBuilder, paragraphs) -> ParsedArticle | None:
    """One article from its lines, (start, end, words) each, in either layout;
    `paragraphs(lines)` gives the body's paragraphs from a run of its lines."""
    labelled = any(_CODE.match(raw) and raw[:2] == "HD" for _, _, raw in lines)
    return (_labelled if labelled else _plain)(lines, builder, paragraphs)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The non-blank lines of text[start:end] as (start, end, raw line)."""
    return [line for line in lines_of(text[start:end], start) if line[2].strip()]


def _article(builder: TextBuilder, meta: dict[str, str]) -> ParsedArticle | None:
    article = ParsedArticle(
        title=" ".join(meta.get("title", "").split()),
        text=builder.text,
        author=re.sub(r"^by\s+", "", meta.get("author", ""), flags=re.I)[:200],
        published=dates.parse_date(meta.get("date", "")) if meta.get("date") else "",
        section=meta.get("section", "")[:120],
        site=meta.get("site", "")[:120],
    )
    if not article.title:
        if not article.text:
            return None
        article.title = derive_title(article.text)
        article.title_derived = True
    article.source_map = builder.map
    return article


def _labelled(lines, builder: TextBuilder, paragraphs) -> ParsedArticle | None:
    """The layout with codes: each code's value runs to the next code."""
    fields: list[tuple[str, list[tuple[int, int, str]]]] = []
    for line in lines:
        code = _CODE.match(line[2])
        if code:
            fields.append((code.group(1), [line]))
        elif fields:
            fields[-1][1].append(line)
        else:
            builder.map.removed.append((line[0], line[1], "Factiva export heading"))
    meta: dict[str, str] = {}
    keys = {"HD": "title", "BY": "author", "PD": "date", "SN": "site", "SE": "section"}
    for code, value in fields:
        first_start, first_end, first = value[0]
        label = _CODE.match(first).end()
        # The value: the rest of the code's line (its span starts past the code), then
        # the lines after it.
        rest = [(first_start + label, first_end, first[label:])] if first[label:].strip() else []
        value_lines = rest + value[1:]
        if code in ("LP", "TD"):
            builder.map.removed.append((first_start, first_start + label, f"Factiva code {code}"))
            if value_lines:
                for unit in paragraphs(value_lines):
                    builder.paragraph(unit)
            continue
        if code in keys:
            meta.setdefault(keys[code], " ".join(" ".join(v[2] for v in value_lines).split()))
        rule = _RULES.get(code, f"Factiva field: {code}")
        builder.map.removed.append((first_start, value[-1][1], rule))
    return _article(builder, meta)


def _plain(lines, builder: TextBuilder, paragraphs) -> ParsedArticle | None:
    """The layout without codes, placed around its word count line."""
    count_at = next((i for i, line in enumerate(lines) if _WORDS.match(line[2].strip())), None)
    if count_at is None:
        for unit in paragraphs(lines) if lines else []:
            builder.paragraph(unit)
        return _article(builder, {})
    removed = builder.map.removed
    meta: dict[str, str] = {}
    head = lines[:count_at]
    if len(head) >= 2 and _is_byline(head[-1][2], " ".join(line[2] for line in head[:-1])):
        meta["author"] = head[-1][2].strip()
        removed.append((head[-1][0], head[-1][1], BECAME_AUTHOR))
        head = head[:-1]
    if len(head) >= 2 and len(head[0][2].split()) <= 2:
        meta["section"] = head[0][2].strip()
        removed.append((head[0][0], head[0][1], BECAME_SECTION))
        head = head[1:]
    meta["title"] = " ".join(line[2].strip() for line in head)
    for line in head:
        removed.append((line[0], line[1], BECAME_TITLE))
    removed.append((lines[count_at][0], lines[count_at][1], "Factiva word count"))
    body_at = _after_metadata(lines, count_at + 1, meta, removed)
    if body_at < len(lines):
        for unit in paragraphs(lines[body_at:]):
            builder.paragraph(unit)
    return _article(builder, meta)


def _after_metadata(lines, i: int, meta: dict[str, str], removed: list) -> int:
    """Read the lines after the word count (date, time, publication, code, edition,
    page, language, copyright); return where the body starts. Without the language,
    the copyright line or a source code that closes them, only the date is taken."""
    if i < len(lines) and dates.date_line(lines[i][2]):
        meta["date"] = lines[i][2].strip()
        removed.append((lines[i][0], lines[i][1], BECAME_DATE))
        i += 1
    close = next(
        (
            j
            for j in range(i, min(i + 8, len(lines)))
            if _COPYRIGHT.match(lines[j][2]) or lines[j][2].strip().lower() in _LANGUAGES
        ),
        None,
    )
    if close is None:
        # Without them, the publication is still known by the code Factiva writes on
        # the line after it ("Kyiv Post" / "KYIVP"), a time maybe before both.
        at = i + 1 if i < len(lines) and _TIME.match(lines[i][2].strip()) else i
        if at + 1 < len(lines) and _SOURCE_CODE.match(lines[at + 1][2].strip()):
            close = at + 1
        else:
            return i
    while close + 1 < len(lines) and _COPYRIGHT.match(lines[close + 1][2]):
        close += 1  # the copyright notice after the language, on one line or two
    # The publication: the first line that is not a time (which may come before it).
    site_at = next((j for j in range(i, close) if not _TIME.match(lines[j][2].strip())), None)
    for j in range(i, close + 1):
        raw = lines[j][2].strip()
        if j == site_at and not _COPYRIGHT.match(raw):
            meta["site"] = raw
            rule = BECAME_SITE
        elif _COPYRIGHT.match(raw):
            rule = "copyright notice"
        else:
            rule = "Factiva metadata (time, source code, edition, page, language)"
        removed.append((lines[j][0], lines[j][1], rule))
    return close + 1


def _is_byline(line: str, above: str) -> bool:
    """A byline: "By …", or a few capitalised names under a longer headline."""
    words = line.split()
    if line.strip().lower().startswith("by "):
        return True
    return (
        2 <= len(words) <= 6
        and all(_BYLINE_WORD.match(word.strip(",")) for word in words)
        and len(above.split()) > len(words)
        and not line.rstrip().endswith((".", "?", "!", ":"))
    )


# A saved Factiva results page: each article in <div class="article enArticle">.
_PAGE_ARTICLE = re.compile(r"""<div\b[^>]*\bclass=["']article\s+[a-z]{2}Article["']""", re.I)
_BLOCKS = frozenset(
    "address article aside blockquote dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 "
    "header li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)


def looks_like_factiva_page(text: str) -> bool:
    return bool(_PAGE_ARTICLE.search(text[:2_000_000]))


def parse_factiva_page(text: str) -> list[ParsedArticle]:
    """A saved Factiva page: each article's blocks (a headline, a metadata line, a
    paragraph, a table cell) are its lines, found again in the page for provenance."""
    from lxml import html as lxml_html

    from indexer.ingest.locate import locate

    root = lxml_html.document_fromstring(text)
    divs = root.xpath(
        "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')"
        " and substring(@class, string-length(@class) - 6) = 'Article']"
    )
    starts = [m.start() for m in _PAGE_ARTICLE.finditer(text)]
    articles = []
    for n, div in enumerate(divs[: len(starts)]):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        units = locate(_block_lines(div), text, starts[n], end)
        builder = TextBuilder()
        lines = []
        for unit in units:
            start, stop = unit.spans[0][0], unit.spans[-1][1]
            if _DOCUMENT.match(str(unit)):
                builder.map.removed.append((start, stop, "Factiva document number"))
            else:
                lines.append((start, stop, str(unit)))
        article = read_layout(lines, builder, _one_paragraph_a_line)
        if article is not None:
            articles.append(article)
    return articles


def _one_paragraph_a_line(lines) -> list[Unit]:
    return [Unit.read(" ".join(raw.split()), start, end) for start, end, raw in lines]


def _block_lines(element) -> list[str]:
    """The element's text, a line for each block (and at each <br>), spaces folded."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        words = " ".join("".join(buffer).split())
        if words:
            lines.append(words)
        buffer.clear()

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in ("script", "style"):
            return  # a comment or code: not text (its tail is, and the parent reads it)
        if tag in _BLOCKS or tag == "br":
            flush()
        buffer.append(node.text or "")
        for child in node:
            walk(child)
            buffer.append(child.tail or "")
        if tag in _BLOCKS:
            flush()

    walk(element)
    flush()
    return lines
