"""Multi-story SGML files (Reuters-21578, TREC-style <DOC> collections): one article a story.

These files are not XML (no single root, undeclared entities, control
characters), so each story is found by its own tags: the story element, and
inside it the title, date, dateline, author and body elements. A story with a
title and no body is still an article. Bodies are wire copy, hard-wrapped with
indented paragraph starts: an indented line starts a paragraph, any other line
carries on the one before. The dateline opens the text, as it did on the wire.
"""

from __future__ import annotations

import html
import re

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest.hyphens import LineEndHyphens
from indexer.provenance import TextBuilder, Unit

STORY_TAGS = ("REUTERS", "DOC", "STORY")
TITLE_TAGS = ("TITLE", "HEADLINE", "HL", "HEAD")
BODY_TAGS = ("BODY", "TEXT")
DATE_TAGS = ("DATE", "PUBDATE", "DATE_TIME")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TAG = re.compile(r"<[^>]*>")
_SIGN_OFF = re.compile(r"^\s*REUTERS?\s*$")


def story_tag(text: str) -> str | None:
    """The story element of a multi-story SGML file, or None."""
    head = text[:20000]
    for tag in STORY_TAGS:
        if re.search(rf"<{tag}[\s>]", head) and re.search(rf"</{tag}>", text[:2_000_000]):
            return tag
    return None


def _element(story: str, tags: tuple[str, ...], start: int) -> tuple[str, int, int] | None:
    """The first element among `tags` in the story: (raw content, start, end) in the file."""
    for tag in tags:
        match = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", story, re.DOTALL)
        if match:
            return match.group(1), start + match.start(1), start + match.end(1)
    return None


def _clean(raw: str) -> str:
    return _CONTROL.sub("", html.unescape(raw))


def parse_sgml(text: str, tag: str) -> list[ParsedArticle]:
    articles = []
    for match in re.finditer(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.DOTALL):
        articles.append(_story(match.group(1), match.start(1), text))
    return articles


def _story(story: str, start: int, text: str) -> ParsedArticle:
    builder = TextBuilder()
    title = _element(story, TITLE_TAGS, start)
    when = _element(story, DATE_TAGS, start)
    author = _element(story, ("AUTHOR", "BYLINE"), start)
    article = ParsedArticle(
        title=" ".join(_clean(title[0]).split()) if title else "",
        text="",
        published=dates.parse_date(_clean(when[0])) if when else "",
        author=_author(_clean(author[0])) if author else "",
    )
    for element, rule in (
        (title, "title element"),
        (when, "date element"),
        (author, "author element"),
    ):
        if element:
            builder.map.removed.append((element[1], element[2], rule))
    dateline = _element(story, ("DATELINE",), start)
    body = _element(story, ("BODY",), start) or _unprocessed_text(story, start)
    if body is None and not _element(story, ("TEXT",), start):
        # A story without the elements we know (a <DOC> of another kind): its text is
        # still the story's, tags left out, never nothing.
        body = (story, start, start + len(story))
    units = _paragraphs(text, body[1], body[2]) if body else []
    if dateline and _clean(dateline[0]).strip():
        raw = dateline[0]
        lead = len(raw) - len(raw.lstrip())
        line = Unit.read(
            " ".join(_clean(raw).split()), dateline[1] + lead, dateline[1] + len(raw.rstrip())
        )
        units = [line.joined(units[0]), *units[1:]] if units else [line]
    for unit in units:
        builder.paragraph(unit)
    if not units:
        text_element = _element(story, ("TEXT",), start)
        if text_element:
            builder.map.removed.append(
                (text_element[1], text_element[2], "brief: a headline alone")
            )
    article.text = builder.text
    if not article.title:
        from indexer.ingest.plaintext import derive_title

        article.title = derive_title(article.text) if article.text else "(untitled story)"
        article.title_derived = True
    if not article.published and article.text:
        article.published = dates.dateline_date(article.text)
    article.source_map = builder.map
    return article


def _unprocessed_text(story: str, start: int) -> tuple[str, int, int] | None:
    """A <TEXT> without a <BODY> (Reuters' TYPE="UNPROC"): its text outside inner elements.
    A brief (TYPE="BRIEF") is a headline alone: its text is a placeholder, not a body."""
    found = _element(story, ("TEXT",), start)
    if not found or re.search(r"<BODY\b", found[0]) or re.search(r'<TEXT[^>]*TYPE="BRIEF"', story):
        return None
    return found


_INNER = re.compile(r"<(TITLE|HEADLINE|DATELINE|AUTHOR|BYLINE)\b.*?</\1>", re.DOTALL)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _paragraphs(text: str, start: int, end: int) -> list[Unit]:
    """Wire copy's paragraphs: an indented line starts one; other lines carry it on."""
    units: list[Unit] = []
    position = start
    hyphens = LineEndHyphens(text, start, end)
    # Inner elements (an unprocessed story's title) are read elsewhere: blanked, same length.
    for raw in _INNER.sub(_blank, text[start:end]).split("\n"):
        line_start, position = position, position + len(raw) + 1
        visible = _TAG.sub(lambda m: " " * len(m.group()), raw)  # inner tags, same length
        content = _clean(visible)
        if not content.strip():
            if units and units[-1] is not None:
                units.append(None)  # a blank line ends a paragraph too
            continue
        lead = len(visible) - len(visible.lstrip())
        unit = Unit.read(
            " ".join(content.split()), line_start + lead, line_start + len(visible.rstrip())
        )
        if units and units[-1] is not None and lead == 0 and not _SIGN_OFF.match(content):
            units[-1] = hyphens.join(units[-1], unit)
        else:
            units.append(unit)
    return [u for u in units if u is not None]


def _author(value: str) -> str:
    value = " ".join(value.split())
    value = re.sub(r"^by\s+", "", value, flags=re.I)
    return re.sub(r",\s*reuters?$", "", value, flags=re.I)[:200]
