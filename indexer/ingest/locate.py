"""Finding extracted paragraphs in their file, for formats whose parsers give no offsets.

Feed, JSON and HTML parsers hand back text with markup, entities and escapes
taken out. Each paragraph is found again in the file by its first and last
words, with anything that is not a word (tags, entities, escapes, white space)
allowed between them; a paragraph that cannot be found maps to the whole
element it came from, which is still the right place in the file.
"""

from __future__ import annotations

import html
import re

from indexer.provenance import Unit

_WORDS = re.compile(r"\w+")
# What may stand between two words in a file: punctuation and space, a tag, an
# entity, an escaped tag (RSS descriptions), or a JSON escape.
_GAP = (
    r"(?:&lt;[^&]{0,500}?&gt;|&[#\w]{1,10};|<[^>]{0,2000}>|\\u[0-9a-fA-F]{4}|\\[nrtbf\"/\\]"
    r"|[^\w<&\\])*+"  # possessive: what was skipped is never tried again
)
_PROBE = 5  # words at each end of a paragraph


def _pattern(words: list[str]) -> re.Pattern:
    return re.compile(_GAP.join(re.escape(w) for w in words), re.DOTALL)


def locate(paragraphs: list[str], source: str, start: int, end: int) -> list[Unit]:
    """Each paragraph as a Unit whose piece spans its place in source[start:end]."""
    units = []
    cursor = start
    for paragraph in paragraphs:
        words = _WORDS.findall(paragraph)
        span = None
        if words:
            head = _pattern(words[:_PROBE]).search(source, cursor, end)
            if head:
                tail = _pattern(words[-_PROBE:]).search(source, head.start(), end)
                if tail:
                    span = (head.start(), tail.end())
        if span is None:
            units.append(Unit.read(paragraph, start, end))
            continue
        span = _widened(paragraph, source, span, cursor, end)
        units.append(Unit.read(paragraph, *span))
        cursor = span[1]
    return units


_LEADING = re.compile(r"^[^\w\s]+")
_TRAILING = re.compile(r"[^\w\s]+$")
_ENTITY_BEFORE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{1,10});$")
_ENTITY_AFTER = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{1,10});")


def _widened(
    paragraph: str, source: str, span: tuple[int, int], lo: int, hi: int
) -> tuple[int, int]:
    """The span found by words, taking in the marks that open and close the paragraph
    (a quotation mark, a bracket, the full stop), written as they are or as entities,
    so each of its characters maps to itself in the file."""
    start, stop = span
    lead = _LEADING.match(paragraph)
    for char in reversed(lead.group() if lead else ""):
        if start > lo and source[start - 1] == char:
            start -= 1
        elif (entity := _ENTITY_BEFORE.search(source, max(lo, start - 12), start)) and (
            html.unescape(entity.group()) == char
        ):
            start = entity.start()
        else:
            break
    trail = _TRAILING.search(paragraph)
    for char in trail.group() if trail else "":
        if stop < hi and source[stop] == char:
            stop += 1
        elif (entity := _ENTITY_AFTER.match(source, stop, hi)) and (
            html.unescape(entity.group()) == char
        ):
            stop = entity.end()
        else:
            break
    return start, stop


def element_spans(source: str, tag: str) -> list[tuple[int, int]]:
    """Where each <tag …>…</tag> element (any namespace prefix) stands in the source."""
    pattern = re.compile(
        rf"<(?:[\w.-]+:)?{tag}\b[^>]*?(?:/>|>.*?</(?:[\w.-]+:)?{tag}\s*>)", re.DOTALL | re.I
    )
    return [(m.start(), m.end()) for m in pattern.finditer(source)]
