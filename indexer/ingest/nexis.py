"""Nexis exports saved as text: many articles to a file, each with its own metadata.

Two layouts, both decided by the export's own markers:

- LexisNexis Academic: each article opens with a line "12 of 500 DOCUMENTS", then
  centred lines (publication, date, edition), the headline, labelled fields
  ("BYLINE:", "SECTION:", "LENGTH:"), the body, and fields again at the end
  ("LOAD-DATE:", "LANGUAGE:") with the copyright notice.
- Nexis Uni (a Word download saved as text): each article closes with a line
  "End of Document"; the headline, publication, date and copyright come first,
  then fields ("Section:", "Length:", "Byline:"), a line "Body", the body, and
  "Classification" with more fields ("Load-Date:").

LexisNexis Academic's HTML download is read as its text layout: each document is a
<DOC>, each of its lines a <p>, and the centred lines share the class of the
"12 of 500 DOCUMENTS" line.

The headline becomes the title, the publication the site, the byline the author.
Every other line the export added (the download's cover page, the document
numbers, the fields, the copyright notice) leaves the text and is recorded in the
source map with what it was. Fields written by the newspaper (a highlight, a
correction) stay in the text, without their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.plaintext import derive_title, lines_of, units_of
from indexer.provenance import (
    BECAME_AUTHOR,
    BECAME_DATE,
    BECAME_SECTION,
    BECAME_SITE,
    BECAME_TITLE,
    BECAME_URL,
    TextBuilder,
    Unit,
)

_ACADEMIC_START = re.compile(
    r"^[ \t]*(?:FOCUS - )?\d+ (?:of|von|van|de|sur|di) \d+ "
    r"(?:DOCUMENTS?|DOKUMENTE?N?|DOCUMENTEN|DOCUMENTOS|DOCUMENTI)[ \t\r]*$",
    re.M | re.I,
)
_UNI_END = re.compile(r"^[ \t]*End of Document[ \t\r]*$", re.M)
_UNI_BODY = re.compile(r"^[ \t]*Body[ \t\r]*$", re.M)
_FIELD = re.compile(r"^([A-Za-z][A-Za-z-]{1,30}):(?:[ \t]|$)")
# Labels Nexis writes before the body, and after it.
_HEAD_FIELDS = frozenset(
    "byline section length dateline highlight source series type column edition "
    "correction-date name".split()
)
_TAIL_FIELDS = frozenset(
    "load-date language publication-type journal-code graphic url correction-date "
    "correction document-type subject organization company person geographic country "
    "city state industry ticker notes distribution descriptors copyright "
    "publication-date classification".split()
)
# Other closing fields in capitals with a hyphen ("ACC-NO:", "DOCUMENT-TYPE:"): never
# the opening of a paragraph the newspaper wrote ("UPDATE: ..." is not taken).
_CODED_FIELD = re.compile(r"^[A-Z]+-[A-Z-]+: ")
_TEXT_FIELDS = frozenset({"highlight", "correction"})  # the newspaper's words
_UNI_MARKERS = frozenset({"body", "classification", "graphic", "notes"})
_COPYRIGHT = re.compile(r"^\s*(?:Copyright\b|©|\(c\)\s*\d{4}|All Rights Reserved)", re.I)
_COVER_LINE = re.compile(r"^\s*(?:\d+\.\s|[\w /()-]{1,30}:(?:\s|$)|Documents \(\d+\))")


def looks_like_nexis(text: str) -> bool:
    """An article marker of either layout, and the fields Nexis writes with it."""
    head = text[:400_000]
    # Words every export has, found at memory speed, before any pattern runs: this
    # is asked of every text file.
    if ("LENGTH: " in head or "LOAD-DATE: " in head) and _ACADEMIC_START.search(head):
        return bool(re.search(r"^(?:LENGTH|LOAD-DATE|LANGUAGE|BYLINE): ", head, re.M))
    return "End of Document" in head and bool(_UNI_END.search(head) and _UNI_BODY.search(head))


@dataclass
class _Line:
    start: int
    end: int
    raw: str

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def indented(self) -> bool:
        return self.raw[:1] in (" ", "\t")

    def label(self) -> str:
        """The field's name in lower case ("load-date"), or ""."""
        found = _FIELD.match(self.raw)
        return found.group(1).lower() if found else ""


def _lines(text: str, start: int, end: int) -> list[_Line]:
    return [_Line(*line) for line in lines_of(text[start:end], start)]


def parse_nexis(text: str) -> list[ParsedArticle]:
    starts = list(_ACADEMIC_START.finditer(text))
    if starts:
        spans = [
            (m.end(), starts[i + 1].start() if i + 1 < len(starts) else len(text))
            for i, m in enumerate(starts)
        ]
        markers = [(m.start(), m.end()) for m in starts]
        cover = (0, starts[0].start())
        uni = False
    else:
        ends = list(_UNI_END.finditer(text))
        spans, position = [], 0
        for m in ends:
            spans.append((position, m.start()))
            position = m.end()
        after = (position, len(text))  # after the last marker: page numbers, or text
        if _UNI_BODY.search(text, position):
            spans.append(after)  # the last article lost its marker
            after = (len(text), len(text))
        markers = [(m.start(), m.end()) for m in ends]
        cover = (0, 0)
        uni = True
    articles = []
    for number, (start, end) in enumerate(spans):
        builder = TextBuilder()
        if number < len(markers):
            builder.map.removed.append((*markers[number], "Nexis document marker"))
        if number == 0 and text[cover[0] : cover[1]].strip():
            builder.map.removed.append((*cover, "Nexis download cover page"))
        article = _article(_TextSource(text), _lines(text, start, end), builder, uni)
        if article is not None:
            articles.append(article)
    if uni and articles and text[after[0] : after[1]].strip():
        # Not an article, and not to be lost without a word: shown in Original file.
        articles[-1].source_map.removed.append((*after, "after the last document"))
    return articles


def _fields(
    lines: list[_Line], start: int, end: int, known: frozenset[str] | None, skip=False
) -> tuple[list[tuple[str, list[_Line]]], int]:
    """The labelled fields from lines[start] (names in `known`, or any name when None):
    [(name, [lines])], and the index where they end.

    A field's value carries on over the lines after its label up to a blank line,
    another field or a marker line ("Body"). Any other line ends the run, or with
    `skip` is passed over (the copyright notice among the closing fields).
    """
    out: list[tuple[str, list[_Line]]] = []
    i = start
    while i < end:
        line = lines[i]
        if line.blank:
            i += 1
            continue
        name = line.label()
        if not name or (known is not None and name not in known):
            if skip:
                i += 1
                continue
            break
        value = [line]
        i += 1
        while i < end and not lines[i].blank and not lines[i].label():
            if lines[i].raw.strip().lower() in _UNI_MARKERS:
                break
            value.append(lines[i])
            i += 1
        out.append((name, value))
    return out, i


_PAGE_NUMBER = re.compile(r"^\s*Page \d+ of \d+\s*$")


def _without_page_marks(lines: list[_Line], title: str, builder: TextBuilder) -> list:
    """The body's lines in runs, without the page numbers ("Page 2 of 3") and the
    running head (the headline again, next to a page number) that a PDF download
    turned into text puts between them."""
    runs: list[list[_Line]] = [[]]
    content = [line for line in lines if not line.blank]
    for i, line in enumerate(content):
        near_number = any(
            _PAGE_NUMBER.match(content[j].raw) for j in (i - 1, i + 1) if 0 <= j < len(content)
        )
        if _PAGE_NUMBER.match(line.raw):
            rule = "page number"
        elif near_number and title and " ".join(line.raw.split()) == title:
            rule = "running head (the headline at the top of a page)"
        else:
            runs[-1].append(line)
            continue
        builder.map.removed.append((line.start, line.end, rule))
        runs.append([])
    return [run for run in runs if run]


def _value(field: list[_Line]) -> str:
    first = _FIELD.sub("", field[0].raw, count=1)
    return " ".join(" ".join([first] + [line.raw for line in field[1:]]).split())


def _article(
    source: _TextSource, lines: list[_Line], builder: TextBuilder, uni: bool
) -> ParsedArticle | None:
    content = [i for i, line in enumerate(lines) if not line.blank]
    if not content:
        return None
    # The head: every line before the first field (or the "Body" line).
    first_field = next(
        (i for i in content if lines[i].label() in _HEAD_FIELDS or _is_marker(lines[i], "body")),
        len(lines),
    )
    if first_field == len(lines) and not uni:
        # No fields: only the centred lines at the top are the export's.
        first_field = next((i for i in content if not lines[i].indented), len(lines))
    head = [lines[i] for i in content if i < first_field]
    meta = _head(head, uni, builder)
    body_line = None
    if uni:
        body_line = next(
            (i for i in range(first_field, len(lines)) if _is_marker(lines[i], "body")), None
        )
    if body_line is not None:
        fields, stop = _fields(lines, first_field, body_line, None)
        for line in lines[stop:body_line]:  # not a field: what Nexis wrote there
            if not line.blank:
                builder.map.removed.append((line.start, line.end, "Nexis metadata"))
        builder.map.removed.append(
            (lines[body_line].start, lines[body_line].end, "Nexis marker: Body")
        )
        body_start = body_line + 1
    else:
        fields, body_start = _fields(lines, first_field, len(lines), _HEAD_FIELDS)
    body_end = _tail_start(lines, body_start, uni)
    tail, _ = _fields(lines, body_end, len(lines), None, skip=True)
    values = {}
    # The newspaper's own words: a highlight opens the text, a correction closes it.
    lead = [value for name, value in fields if name in _TEXT_FIELDS]
    closing = [value for name, value in tail if name in _TEXT_FIELDS]
    for name, value in fields + tail:
        values.setdefault(name, _value(value))
        if name not in _TEXT_FIELDS:
            rule = _FIELD_RULES.get(name, f"Nexis field: {name.upper()}")
            builder.map.removed.append((value[0].start, value[-1].end, rule))
    in_tail = {id(line) for _, value in tail for line in value}
    for line in lines[body_end:]:
        if not line.blank and id(line) not in in_tail:
            rule = "copyright notice" if _COPYRIGHT.match(line.raw) else "Nexis marker"
            builder.map.removed.append((line.start, line.end, rule))
    for value in lead:
        source.field(value, builder)
    for run in _without_page_marks(lines[body_start:body_end], meta["title"], builder):
        for unit in source.paragraphs(run):
            builder.paragraph(unit)
    for value in closing:
        source.field(value, builder)
    title = meta["title"]
    article = ParsedArticle(
        title=title,
        text=builder.text,
        author=re.sub(r"^by\s+", "", values.get("byline", ""), flags=re.I)[:200],
        published=meta["date"],  # not LOAD-DATE: the day Nexis loaded it, maybe later
        section=values.get("section", "")[:120],
        site=meta["publication"][:120],
        url=values.get("url", "")[:500],
    )
    if not title:
        article.title = derive_title(article.text) if article.text else "(untitled)"
        article.title_derived = True
    if not article.text and not title:
        return None
    article.source_map = builder.map
    return article


_FIELD_RULES = {
    "byline": BECAME_AUTHOR,
    "section": BECAME_SECTION,
    "url": BECAME_URL,
}


class _TextSource:
    """Paragraphs and field values of an export saved as text."""

    def __init__(self, text: str) -> None:
        self.text = text

    def paragraphs(self, lines: list[_Line]) -> list[Unit]:
        """The body's paragraphs: hard-wrapped lines joined as in any text file."""
        start, end = lines[0].start, lines[-1].end
        return units_of(self.text[start:end], base=start)

    def field(self, value: list[_Line], builder: TextBuilder) -> None:
        """A field in the newspaper's words, as one paragraph without its label."""
        text, first = self.text, value[0]
        start = first.start + _FIELD.match(first.raw).end()
        start += len(text[start : first.end]) - len(text[start : first.end].lstrip())
        builder.map.removed.append((first.start, start, "Nexis field label"))
        unit = None
        for line_start, line in [(start, text[start : first.end])] + [
            (line.start, line.raw) for line in value[1:]
        ]:
            lead = len(line) - len(line.lstrip())
            if not line.strip():
                continue
            end = line_start + len(line.rstrip())
            piece = Unit.read(" ".join(line.split()), line_start + lead, end)
            unit = piece if unit is None else unit.joined(piece)
        if unit is not None:
            builder.paragraph(unit)


class _PageSource:
    """Paragraphs and field values of a saved Nexis page: a line is a <p>, found again
    in the page (its span holds its markup)."""

    def __init__(self, page: str) -> None:
        self.page = page

    def paragraphs(self, lines: list[_Line]) -> list[Unit]:
        return [Unit.read(" ".join(line.raw.split()), line.start, line.end) for line in lines]

    def field(self, value: list[_Line], builder: TextBuilder) -> None:
        from indexer.ingest.locate import locate

        words = " ".join(
            " ".join([_FIELD.sub("", value[0].raw, count=1)] + [v.raw for v in value[1:]]).split()
        )
        [unit] = locate([words], self.page, value[0].start, value[-1].end)
        builder.map.removed.append((value[0].start, unit.spans[0][0], "Nexis field label"))
        builder.paragraph(unit)


def _is_marker(line: _Line, name: str) -> bool:
    return line.raw.strip().lower() == name


def _tail_start(lines: list[_Line], body_start: int, uni: bool) -> int:
    """Where the closing fields start: after the body's last line that is neither a
    field, a marker line, nor the copyright notice (Academic: the notice closes it)."""
    if uni:
        for i in range(body_start, len(lines)):
            line = lines[i]
            if line.raw.strip().lower() in _UNI_MARKERS - {"body"}:
                return i
            if line.label() == "load-date" or (
                line.label() in _TAIL_FIELDS and _all_fields_after(lines, i)
            ):
                return i
        return len(lines)
    end = len(lines)
    i = len(lines)
    while i > body_start:
        # One block (lines up to a blank line) at a time, from the end.
        j = i
        while j > body_start and lines[j - 1].blank:
            j -= 1
        k = j
        while k > body_start and not lines[k - 1].blank:
            k -= 1
        if k == j:
            break
        block = lines[k:j]
        label = block[0].label()
        is_field = label in _TAIL_FIELDS or bool(_CODED_FIELD.match(block[0].raw))
        if not (is_field or all(_COPYRIGHT.match(line.raw) or line.indented for line in block)):
            break
        end, i = k, k
    return end


def _all_fields_after(lines: list[_Line], i: int) -> bool:
    """Every line from lines[i] on is a field, its carried-on value or a marker."""
    for line in lines[i:]:
        if line.blank or line.label() in _TAIL_FIELDS or _COPYRIGHT.match(line.raw):
            continue
        if line.raw.strip().lower() in _UNI_MARKERS:
            continue
        return False
    return True


def _head(head: list[_Line], uni: bool, builder: TextBuilder) -> dict:
    """Title, publication and date from the lines before the fields; each line leaves
    the text with what it became."""
    removed = builder.map.removed
    date_at = next((i for i, line in enumerate(head) if dates.date_line(line.raw)), None)
    date = dates.date_line(head[date_at].raw) if date_at is not None else ""
    if uni:
        # Headline, publication, date, edition, copyright; a cover page may come first.
        publication_at = date_at - 1 if date_at else None
        title_lines: list[_Line] = []
        if publication_at is not None:
            i = publication_at - 1
            while i >= 0 and not _COVER_LINE.match(head[i].raw) and len(title_lines) < 3:
                if i + 1 < len(head) and head[i + 1].start - head[i].end > 2:
                    break  # a blank line above the headline
                title_lines.insert(0, head[i])
                i -= 1
            cover = head[: i + 1]
        else:
            title_lines, cover = head[:1], []
        if cover:
            removed.append((cover[0].start, cover[-1].end, "Nexis download cover page"))
    else:
        # Centred lines (publication, date, edition) and the headline at the margin.
        publication_at = next((i for i, line in enumerate(head) if line.indented), None)
        title_lines = [
            line for line in head if not line.indented and not _COPYRIGHT.match(line.raw)
        ]
    publication = head[publication_at].raw.strip() if publication_at is not None else ""
    for i, line in enumerate(head):
        if line in title_lines:
            rule = BECAME_TITLE
        elif i == publication_at:
            rule = BECAME_SITE
        elif i == date_at:
            rule = BECAME_DATE
        elif _COPYRIGHT.match(line.raw):
            rule = "copyright notice"
        elif uni and i < (publication_at or 0):
            continue  # the cover page, recorded above
        else:
            rule = "edition line"
        removed.append((line.start, line.end, rule))
    title = " ".join(" ".join(line.raw for line in title_lines).split())
    return {"title": title, "publication": publication, "date": date}


# A LexisNexis Academic download saved as HTML: each document in <DOC><DOCFULL>, a
# line a <p>; the centred lines share the class of the "1 of 2 DOCUMENTS" line.
_PAGE_DOC = re.compile(r"<DOC\b[^>]*>", re.I)
_ACADEMIC_START_IN_PAGE = re.compile(
    r">\s*(?:FOCUS - )?\d+ (?:of|von|van|de|sur|di) \d+ "
    r"(?:DOCUMENTS?|DOKUMENTE?N?|DOCUMENTEN|DOCUMENTOS|DOCUMENTI)\s*<",
    re.I,
)


def looks_like_nexis_page(text: str) -> bool:
    head = text[:400_000]
    if "<DOCFULL" not in head and "<docfull" not in head:
        return False  # asked of every page: most answer here, at memory speed
    return bool(_ACADEMIC_START_IN_PAGE.search(head))


def parse_nexis_page(page: str) -> list[ParsedArticle]:
    from lxml import html as lxml_html

    from indexer.ingest.locate import locate

    root = lxml_html.document_fromstring(page)
    starts = [m.start() for m in _PAGE_DOC.finditer(page)]
    source = _PageSource(page)
    articles = []
    for n, doc in enumerate(list(root.iter("doc"))[: len(starts)]):
        end = starts[n + 1] if n + 1 < len(starts) else len(page)
        blocks = [
            (" ".join(p.text_content().split()), p.get("class", ""))
            for p in doc.iter("p")
            if p.text_content().strip()
        ]
        if not blocks:
            continue
        units = locate([words for words, _ in blocks], page, starts[n], end)
        builder = TextBuilder()
        centred = None
        lines: list[_Line] = []
        for unit, (words, kind) in zip(units, blocks, strict=True):
            start, stop = unit.spans[0][0], unit.spans[-1][1]
            if centred is None and _ACADEMIC_START.match(words):
                centred = kind
                builder.map.removed.append((start, stop, "Nexis document marker"))
                continue
            raw = f"  {words}" if centred is not None and kind == centred else words
            lines += [_Line(start, stop, raw), _Line(stop, stop, "")]
        article = _article(source, lines, builder, uni=False)
        if article is not None:
            articles.append(article)
    return articles
