"""Two versions of a story compared word by word: what a paper kept of the wire copy,
what it cut and what it added (syndication, "churnalism"). Qt-free.

The texts are split into words, spaces and punctuation, and matched with difflib's
longest-matching-blocks algorithm (no junk heuristic: a word common in both texts
is still matched). The similarity is the share of words the two texts have in
common, in order: 2 × matched words / (words of one + words of the other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\s+|\w+(?:[-'’.]\w+)*|[^\w\s]")
KINDS = ("same", "removed", "added")


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "removed" (only in the first text), "added" (only in the second)
    text: str


@dataclass(frozen=True)
class Comparison:
    pieces: list[Piece]
    similarity: float  # 0 to 1, by words
    removed_words: int
    added_words: int

    def as_dict(self) -> dict:
        return {
            "similarity": round(self.similarity, 4),
            "removed_words": self.removed_words,
            "added_words": self.added_words,
            "pieces": [[p.kind, p.text] for p in self.pieces],
        }

    def as_text(self) -> str:
        """wdiff's notation: [-only in the first-] {+only in the second+}."""
        marks = {"same": ("", ""), "removed": ("[-", "-]"), "added": ("{+", "+}")}
        return "".join(marks[p.kind][0] + p.text + marks[p.kind][1] for p in self.pieces)


def _words(tokens: list[str]) -> int:
    """Words only: punctuation and spaces do not count towards the similarity."""
    return sum(1 for t in tokens if t[0].isalnum() or t[0] == "_")


def compare(first: str, second: str) -> Comparison:
    a, b = _TOKENS.findall(first), _TOKENS.findall(second)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[Piece] = []
    matched = removed = added = 0

    def add(kind: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + text)
        else:
            pieces.append(Piece(kind, text))

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            add("same", a[i1:i2])
            matched += _words(a[i1:i2])
            continue
        left, right = a[i1:i2], b[j1:j2]
        if left and right and all(t.isspace() for t in left + right):
            add("same", right)  # a line break for a space: the same words
            continue
        add("removed", left)
        add("added", right)
        removed += _words(left)
        added += _words(right)
    total = _words(a) + _words(b)
    return Comparison(pieces, 2 * matched / total if total else 1.0, removed, added)
