"""The sentences around a quote, for exports with context.

A regular expression cut sentences at "U.S." and "Mr.", and skipped the sentence
after a closing `.”`; sentencex (Wikimedia's rule-based segmenter: abbreviation
lists, initials, numbers, quotations, many languages) finds the boundaries
instead. pysbd did as well, but its source has invalid escape sequences, which
newer Pythons warn about. Sentences never run across a line break of the article text
(its paragraphs), so only the lines around the quote are segmented.

The context is contiguous with the quote: the rest of the quote's own first and
last sentences, plus one whole sentence each side. Whatever of the article lies
beyond is a gap, which the exports mark with […].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentencex import segment

LANGUAGE = "en"  # the names model and the archive are English
_LINE = re.compile(r"[^\n]+")
GAP = "[…]"


@dataclass(frozen=True)
class Context:
    before: str = ""  # the text from the sentence before up to the quote
    after: str = ""  # the text from the quote to the end of the sentence after
    gap_before: bool = False  # article text precedes `before` (not exported)
    gap_after: bool = False


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of the lines of `text` that overlap [start, end), as spans of
    `text`, stripped of surrounding white space."""
    end = len(text) if end is None else end
    spans = []
    for line in _LINE.finditer(text):
        if line.end() < start or line.start() > end:
            continue
        cursor = line.start()
        for sentence in segment(LANGUAGE, line.group()):
            piece = sentence.strip()
            if not piece:
                continue
            found = text.find(piece, cursor, line.end())
            if found < 0:  # the segmenter changed the text after all: keep the rest as one
                spans.append((cursor, line.end()))
                break
            spans.append((found, found + len(piece)))
            cursor = found + len(piece)
    return spans


def _neighbour_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the non-blank line before `start` to the end of the one after `end`."""
    lines = [m.span() for m in _LINE.finditer(text) if m.group().strip()]
    first = max((i for i, (s, _) in enumerate(lines) if s <= start), default=0)
    last = min((i for i, (_, e) in enumerate(lines) if e >= end), default=len(lines) - 1)
    return lines[max(first - 1, 0)][0], lines[min(last + 1, len(lines) - 1)][1]


def _edge(space: str) -> str:
    return "\n" if "\n" in space else " " if space else ""


def _tidy(text: str) -> str:
    """Runs of spaces made one, line breaks (paragraphs) one each, and a space or break
    at either edge kept, so that before + quote + after reads as the article does."""
    inner = "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
    if not inner:
        return _edge(text)
    lead = _edge(text[: len(text) - len(text.lstrip())])
    trail = _edge(text[len(text.rstrip()) :])
    return lead + inner + trail


def context_of(text: str, start: int, end: int) -> Context:
    """The context of the quote text[start:end]."""
    if not text or start >= end or end > len(text):
        return Context()
    lo, hi = _neighbour_lines(text, start, end)
    spans = sentence_spans(text, lo, hi)
    if not spans:
        return Context()
    first = max((i for i, s in enumerate(spans) if s[0] <= start), default=0)
    last = min((i for i, s in enumerate(spans) if s[1] >= end), default=len(spans) - 1)
    context_start = min(spans[max(first - 1, 0)][0], start)
    context_end = max(spans[min(last + 1, len(spans) - 1)][1], end)
    return Context(
        before=_tidy(text[context_start:start]),
        after=_tidy(text[end:context_end]),
        gap_before=bool(text[:context_start].strip()),
        gap_after=bool(text[context_end:].strip()),
    )
