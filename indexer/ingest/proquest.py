"""ProQuest exports saved as text: "Document 3 of 40", then the record as labelled
fields ("Author:", "Full text:", "Publication title:", "Publication date:" …).

The body is the value of "Full text:": its first line after the label and every
line after it up to the next field ProQuest writes. The headline becomes the title
("Title:" when it is there), "Publication title:" the site, "Author:" the author,
"Publication date:" the date, "Document URL:" the address. The report's cover and
table of contents, the rules between records and the other fields leave the text,
each recorded with what it was. A record without full text keeps its abstract, the
only words it has.
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
    BECAME_URL,
    TextBuilder,
)

_DOCUMENT = re.compile(r"^[ \t]*Document \d+ of \d+[ \t\r]*$", re.M)
_RULE = re.compile(r"^_{20,}\s*$")
_FIELD = re.compile(r"^([A-Z][A-Za-z /-]{1,40}):(?:[ \t]|$)")
# The fields ProQuest writes, in lower case.
_NAMES = frozenset(
    {
        "author",
        "authors",
        "publication info",
        "abstract",
        "links",
        "full text",
        "subject",
        "location",
        "people",
        "company / organization",
        "classification",
        "identifier / keyword",
        "title",
        "publication title",
        "volume",
        "issue",
        "first page",
        "pages",
        "publication year",
        "publication date",
        "year",
        "section",
        "publisher",
        "place of publication",
        "country of publication",
        "publication subject",
        "issn",
        "source type",
        "language of publication",
        "document type",
        "document feature",
        "proquest document id",
        "document url",
        "copyright",
        "last updated",
        "database",
        "credit",
        "illustration",
        "dateline",
        "edition",
        "column",
        "accession number",
        "number of pages",
        "notes",
        "caption",
        "named person",
        "corporate author",
        "contributor",
    }
)
_RULES = {
    "title": "title field: became the title",
    "author": BECAME_AUTHOR,
    "publication title": BECAME_SITE,
    "publication date": BECAME_DATE,
    "section": BECAME_SECTION,
    "document url": BECAME_URL,
}


def looks_like_proquest(text: str) -> bool:
    head = text[:400_000]
    if "Full text: " not in head and "ProQuest document ID: " not in head:
        return False  # asked of every text file: most answer here, at memory speed
    return bool(
        _DOCUMENT.search(head)
        and re.search(r"^(?:Full text|ProQuest document ID|Publication title): ", head, re.M)
    )


def _name(line: str) -> str:
    found = _FIELD.match(line)
    name = found.group(1).lower() if found else ""
    return name if name in _NAMES else ""


def parse_proquest(text: str) -> list[ParsedArticle]:
    starts = list(_DOCUMENT.finditer(text))
    articles = []
    for n, found in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        builder = TextBuilder()
        builder.map.removed.append((found.start(), found.end(), "ProQuest record number"))
        if n == 0 and text[: found.start()].strip():
            builder.map.removed.append((0, found.start(), "ProQuest report cover and contents"))
        article = _record(text, found.end(), end, builder)
        if article is not None:
            articles.append(article)
    return articles


def _record(text: str, start: int, end: int, builder: TextBuilder) -> ParsedArticle | None:
    lines = [line for line in lines_of(text[start:end], start) if line[2].strip()]
    removed = builder.map.removed
    # The headline: the lines before the first field.
    first = next((i for i, line in enumerate(lines) if _name(line[2])), len(lines))
    headline = " ".join(line[2].strip() for line in lines[:first])
    for line in lines[:first]:
        removed.append((line[0], line[1], BECAME_TITLE))
    fields: list[tuple[str, list]] = []
    for line in lines[first:]:
        name = _name(line[2])
        if name:
            fields.append((name, [line]))
        elif _RULE.match(line[2]):
            removed.append((line[0], line[1], "rule between records"))
        elif fields:
            fields[-1][1].append(line)
    values: dict[str, str] = {}
    # The body: the full text, or the abstract of a record that has none.
    body_name = "full text" if any(n == "full text" for n, _ in fields) else "abstract"
    body = None
    for name, value in fields:
        if name == body_name and body is None:
            body = (name, value)
            continue
        values.setdefault(name, _value(value))
        rule = _RULES.get(name, f"ProQuest field: {name}")
        removed.append((value[0][0], value[-1][1], rule))
    if body is not None:
        name, value = body
        first_start, _, raw = value[0]
        label = _FIELD.match(raw).end()
        rest = raw[label:]
        lead = len(rest) - len(rest.lstrip())
        start = first_start + label + lead
        removed.append((first_start, start, f"ProQuest label: {name}"))
        if start < value[-1][1]:
            for unit in units_of(text[start : value[-1][1]], base=start):
                builder.paragraph(unit)
    article = ParsedArticle(
        title=values.get("title") or headline,
        text=builder.text,
        author=_author(values.get("author", "") or values.get("authors", "")),
        published=dates.parse_date(values.get("publication date", "")),
        section=values.get("section", "")[:120],
        site=values.get("publication title", "")[:120],
        url=values.get("document url", "")[:500],
    )
    if not article.title:
        if not article.text:
            return None
        article.title = derive_title(article.text)
        article.title_derived = True
    article.source_map = builder.map
    return article


def _value(value: list) -> str:
    first = _FIELD.sub("", value[0][2], count=1)
    return " ".join(" ".join([first] + [line[2] for line in value[1:]]).split())


def _author(value: str) -> str:
    """ "Walker, Shaun" as ProQuest writes it becomes "Shaun Walker"; several stay a list."""
    value = re.sub(r"^by\s+", "", value.strip(), flags=re.I)
    if value.count(",") == 1 and ";" not in value:
        surname, given = (part.strip() for part in value.split(","))
        if given and " " not in surname:
            value = f"{given} {surname}"
    return value[:200]
