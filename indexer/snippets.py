"""Snippets as data: fragment text plus the character spans of the matched words.

The spans come from the character positions the index stores (search.py), so a
snippet costs no re-analysis of the text: Whoosh's highlighter loaded every matched
term's positions for each hit and scored fragments token by token, a third of a
phrase query's time. Callers render the structure as they need (HTML in the
window, brackets on the command line, spans in JSON).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from whoosh.analysis import STOP_WORDS

ELLIPSIS = "…"
FRAGMENT_CHARS = 240  # the longest fragment
SURROUND = 70  # context kept either side of the matches a fragment shows


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


def snippet_around(text: str, spans: list[tuple[int, int]], top: int = 2) -> Snippet:
    """Up to `top` fragments of `text` around its matched `spans` (sorted character
    ranges), preferring fragments with the most different matched words."""
    if not spans:
        return lead_snippet(text)
    clusters: list[list[tuple[int, int]]] = []  # matches close enough for one fragment
    for span in spans:
        if clusters and span[1] - clusters[-1][0][0] <= FRAGMENT_CHARS - 2 * SURROUND:
            clusters[-1].append(span)
        else:
            clusters.append([span])

    def variety(cluster):
        return len({text[s:e].casefold() for s, e in cluster}), len(cluster)

    chosen = sorted(sorted(clusters, key=variety, reverse=True)[:top], key=lambda c: c[0][0])
    windows: list[list[int]] = []
    for cluster in chosen:
        first, last = cluster[0][0], max(e for _, e in cluster)
        start, end = max(0, first - SURROUND), min(len(text), last + SURROUND)
        if start > 0:  # begin and end on whole words
            cut = text.find(" ", start, first)
            start = cut + 1 if cut != -1 else start
        if end < len(text):
            cut = text.rfind(" ", last, end)
            end = cut if cut != -1 else end
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])

    snippet = Snippet()
    parts: list[str] = []
    offset = 0
    for start, end in windows:
        lead = (" " + ELLIPSIS + " " if parts else ELLIPSIS) if start > 0 else ""
        if parts and not lead:
            lead = " "
        base = offset + len(lead)
        snippet.spans += [
            (s - start + base, e - start + base) for s, e in spans if start <= s and e <= end
        ]
        piece = lead + text[start:end].replace("\n", " ")
        parts.append(piece)
        offset += len(piece)
    if windows[-1][1] < len(text):
        parts.append(ELLIPSIS)
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


def lead_snippet(text: str, chars: int = FRAGMENT_CHARS) -> Snippet:
    """The opening of an article, for hits with no matched words in the text."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return Snippet(flat)
    cut = flat.rfind(" ", 0, chars)
    return Snippet(flat[: cut if cut > 0 else chars] + ELLIPSIS)
