"""Snippets as data: fragment text plus the character spans of the matched words.

Whoosh's formatters produce HTML strings; the window, the command line and the
JSON output each want something different, so we keep the structure and let
each caller render it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from whoosh.analysis import STOP_WORDS
from whoosh.highlight import Formatter, Highlighter, PinpointFragmenter

ELLIPSIS = "…"


@dataclass
class Snippet:
    """Plain text with [start, end) spans of matched words, relative to `text`."""

    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)

    def as_html(self) -> str:
        out, last = [], 0
        for start, end in self.spans:
            out.append(html.escape(self.text[last:start]))
            out.append(f"<b>{html.escape(self.text[start:end])}</b>")
            last = end
        out.append(html.escape(self.text[last:]))
        return "".join(out)

    def as_marked(self, left: str = "[", right: str = "]") -> str:
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], left, self.text[start:end], right]
            last = end
        out.append(self.text[last:])
        return "".join(out)


class _SnippetFormatter(Formatter):
    """Joins Whoosh fragments into one Snippet, with ellipses where text was cut."""

    def format(self, fragments, replace=False):
        snippet = Snippet()
        parts: list[str] = []
        offset = 0
        for fragment in fragments:
            text = fragment.text
            start, end = fragment.startchar, fragment.endchar
            piece = " ".join(text[start:end].split("\n"))
            lead = (" " + ELLIPSIS + " " if parts else ELLIPSIS) if start > 0 else ""
            if parts and not lead:
                lead = " "
            piece = lead + piece
            base = offset + len(lead)
            for token in fragment.matches:
                s, e = token.startchar - start + base, token.endchar - start + base
                if 0 <= s < e <= offset + len(piece):
                    snippet.spans.append((s, e))
            parts.append(piece)
            offset += len(piece)
        if parts and fragments and fragments[-1].endchar < len(fragments[-1].text):
            parts.append(ELLIPSIS)
            offset += len(ELLIPSIS)
        snippet.text = "".join(parts)
        snippet.spans = _join_phrases(snippet.text, snippet.spans)
        return snippet


def _join_phrases(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Marks one span for matched words that stand together ("prisoner of war"),
    across spaces and stop words, as a reader sees a phrase."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined:
            gap = text[joined[-1][1] : start]
            if not gap.strip() or (gap.strip().lower() in STOP_WORDS and len(gap.split()) == 1):
                joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
                continue
        joined.append((start, end))
    return joined


def make_highlighter() -> Highlighter:
    return Highlighter(
        fragmenter=PinpointFragmenter(maxchars=240, surround=70, autotrim=True),
        formatter=_SnippetFormatter(),
    )


def lead_snippet(text: str, chars: int = 240) -> Snippet:
    """The opening of an article, for hits with no matched words in the text."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return Snippet(flat)
    cut = flat.rfind(" ", 0, chars)
    return Snippet(flat[: cut if cut > 0 else chars] + ELLIPSIS)
