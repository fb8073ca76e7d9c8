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


FUZZY_THRESHOLD = 0.75
_PROBE = 12


def locate_fuzzy(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where an edited copy of the quote is: the best window whose text is at least
    FUZZY_THRESHOLD similar to the quote, found from its context and its ends."""
    from difflib import SequenceMatcher

    n = len(anchor.exact)
    if n == 0 or not text:
        return None
    starts = {min(anchor.start, max(0, len(text) - n))}
    probes = [
        (anchor.prefix[-_PROBE:], len(anchor.prefix[-_PROBE:])),  # start just after it
        (anchor.exact[:_PROBE], 0),  # the quote's own beginning
        (anchor.suffix[:_PROBE], -n),  # end just before it
        (anchor.exact[-_PROBE:], _PROBE - n),  # the quote's own end
    ]
    for probe, shift in probes:
        if len(probe.strip()) < 6:
            continue
        at = text.find(probe)
        while at != -1 and len(starts) < 200:
            starts.add(max(0, at + shift))
            at = text.find(probe, at + 1)
    best, best_score = None, FUZZY_THRESHOLD
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(anchor.exact)
    for start in starts:
        for length in {n, int(n * 0.9), int(n * 1.1)}:
            window = text[start : start + length]
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
                continue
            score = matcher.ratio()
            if score > best_score:
                best, best_score = (start, start + len(window)), score
    if best is None:
        return None
    return _snap_to_words(text, *_refine_ends(text, anchor, *best))


def _refine_ends(text: str, anchor: Anchor, start: int, end: int) -> tuple[int, int]:
    """Move the ends to where the quote's own context begins and ends, when it is near."""
    reach = max(len(anchor.exact) // 3, 8)
    tail = anchor.prefix[-_PROBE:]
    if len(tail.strip()) >= 6:
        at = text.find(tail, max(0, start - reach - len(tail)), start + reach)
        if at != -1:
            start = at + len(tail)
    head = anchor.suffix[:_PROBE]
    if len(head.strip()) >= 6:
        at = text.find(head, max(start, end - reach), end + reach + len(head))
        if at != -1:
            end = at
    return start, end


def _snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends out to whole words, and in past white space."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def relocate(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Position, then exact quote, then fuzzy quote with its context; None: orphan."""
    return locate(text, anchor) or locate_fuzzy(text, anchor)
