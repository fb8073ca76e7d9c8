"""Anchors: where a passage sits in an article, after the W3C Web Annotation selectors.

An anchor keeps both a TextPositionSelector (start, end) and a
TextQuoteSelector (exact, prefix, suffix). Positions are fast and exact while
the text is unchanged; the quote finds the passage again when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def anchor_for(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Anchor:
    """The anchor of text[start:end]; raises ValueError for an empty or out-of-range span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"passage {start}-{end} is outside the article (0-{len(text)})")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def locate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored passage is in `text` now: by position, then by exact quote.

    Among several copies of the quote, the one whose context matches best wins,
    then the one nearest the old position. None means the passage is orphaned.
    """
    if text[anchor.start : anchor.end] == anchor.exact:
        return anchor.start, anchor.end
    candidates = []
    at = text.find(anchor.exact)
    while at != -1:
        candidates.append(at)
        at = text.find(anchor.exact, at + 1)
    if not candidates:
        return None

    def fit(at: int) -> tuple[int, int]:
        before = text[max(0, at - len(anchor.prefix)) : at]
        after = text[at + len(anchor.exact) : at + len(anchor.exact) + len(anchor.suffix)]
        context = _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)
        return -context, abs(at - anchor.start)

    best = min(candidates, key=fit)
    return best, best + len(anchor.exact)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
