"""Where an article's text came from: a map from its characters back to its file.

Readers build an article's text from *pieces*: a stretch of normalised text and
the span of the file's decoded text it was read from. The map keeps one
segment per piece, `(text_start, text_end, source_start, source_end)`, and the
lines of the file that did not become text, each with the rule that took them
out (a headline that became the title, a repeated site header, a mail header).

File offsets count characters of the file's decoded text as it is on disk
(line endings untouched); for a `.gz` file, of the decompressed text. Inside
a segment, offsets are matched by counting non-space characters, which is
exact when the text is the source with its white space normalised (plain
text, mail, wire copy) and close when markup or entities were decoded.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field

PARAGRAPH_BREAK = "\n\n"

# What a line became when it left the text for the article's metadata: the rules
# every reader records it under, so Original file says it one way.
BECAME_TITLE = "headline: became the title"
BECAME_AUTHOR = "byline: became the author"
BECAME_DATE = "date line: became the publication date"
BECAME_SITE = "publication line: became the site"
BECAME_SECTION = "section line: became the section"
BECAME_URL = "address: became the article's address"


class Unit(str):
    """A line or paragraph of text that remembers the file spans it was read from.

    `pieces` holds (length, source_start, source_end) for each stretch of the text
    in order; stretches are joined by single spaces (a hard wrap undone).
    """

    pieces: tuple[tuple[int, int, int], ...]

    def __new__(cls, text: str, pieces: tuple[tuple[int, int, int], ...] = ()):
        unit = super().__new__(cls, text)
        unit.pieces = tuple(pieces)
        return unit

    @classmethod
    def read(cls, text: str, start: int, end: int) -> Unit:
        """Text read (decoded, unescaped) from source[start:end]: one piece."""
        return cls(text, ((len(text), start, end),))

    def joined(self, other: Unit, separator: str = " ") -> Unit:
        """This unit and the next, as one paragraph (a hard wrap undone)."""
        return Unit(f"{self}{separator}{other}", self.pieces + other.pieces)

    def fused(self, other: Unit, keep_hyphen: bool) -> Unit:
        """This unit and the next with nothing between: a word broken at a line end
        ("govern-" / "ment") made whole. The pieces on either side of the break become
        one that spans it; a hyphen left out is a file character the text skips, as
        align() allows, so every character still maps to itself."""
        text = str(self) if keep_hyphen else str(self)[:-1]
        (length, start, _), (following, _, end) = self.pieces[-1], other.pieces[0]
        piece = (length - (not keep_hyphen) + following, start, end)
        return Unit(f"{text}{other}", (*self.pieces[:-1], piece, *other.pieces[1:]))

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((start, end) for _, start, end in self.pieces)


@dataclass
class SourceMap:
    """Segments of text mapped to file spans, and the file spans taken out, with why."""

    segments: list[tuple[int, int, int, int]] = field(default_factory=list)
    removed: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def source_start(self) -> int:
        starts = [s[2] for s in self.segments] + [r[0] for r in self.removed]
        return min(starts) if starts else 0

    @property
    def source_end(self) -> int:
        ends = [s[3] for s in self.segments] + [r[1] for r in self.removed]
        return max(ends) if ends else 0

    def remove(self, unit: str, rule: str) -> None:
        """Record that `unit` (a Unit) left the text, and by which rule."""
        for start, end in getattr(unit, "spans", ()):
            self.removed.append((start, end, rule))

    def to_source(self, offset: int, text: str, source: str) -> int:
        """The file offset of text offset `offset` (see the module docstring)."""
        if not self.segments:
            return self.source_start
        starts = [s[0] for s in self.segments]
        i = max(0, bisect_right(starts, offset) - 1)
        t0, t1, s0, s1 = self.segments[i]
        if offset >= t1:
            return s1  # between segments (a paragraph break): the end of the previous one
        return align(text, t0, offset, source, s0, s1)

    def to_json(self) -> str:
        return json.dumps(
            {"segments": self.segments, "removed": self.removed}, separators=(",", ":")
        )

    @classmethod
    def from_json(cls, value: str) -> SourceMap:
        if not value:
            return cls()
        data = json.loads(value)
        return cls(
            [tuple(s) for s in data.get("segments", [])],
            [(a, b, str(rule)) for a, b, rule in data.get("removed", [])],
        )


class TextBuilder:
    """Builds an article's text paragraph by paragraph, keeping its source map."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.map = SourceMap()

    def paragraph(self, unit: str) -> None:
        """Append a paragraph; a Unit brings its pieces, a plain str maps to nothing."""
        if not unit:
            return
        if self._parts:
            self._parts.append(PARAGRAPH_BREAK)
            self._length += len(PARAGRAPH_BREAK)
        position = self._length
        for length, start, end in getattr(unit, "pieces", ()):
            self.map.segments.append((position, position + length, start, end))
            position += length + 1  # the joining character
        self._parts.append(unit)
        self._length += len(unit)

    def remove(self, unit: str, rule: str) -> None:
        self.map.remove(unit, rule)

    @property
    def text(self) -> str:
        return "".join(self._parts)


_SKIPPABLE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{1,10});|<[^<>]{0,2000}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|\w{1,10});")


def align(text: str, t: int, offset: int, source: str, s: int, end: int) -> int:
    """Walk text[t:offset] and source[s:end] side by side; return where `offset` falls.

    White space on either side is skipped, an entity in the source stands for the one
    character it decodes to, and a tag in the source stands for nothing, so the result
    is exact for text that is its source with white space normalised, entities decoded
    or markup taken out.
    """
    while t < offset and s < end:
        char, here = text[t], source[s]
        if char.isspace():
            t += 1
        elif here.isspace():
            s += 1
        elif char == here:
            t += 1
            s += 1
        elif here == "&" and (entity := _ENTITY.match(source, s, end)):
            t += 1
            s = entity.end()
        elif here == "<" and (tag := _SKIPPABLE.match(source, s, end)):
            s = tag.end()
        else:
            s += 1  # a character the reader dropped (a control character)
    while s < end and (source[s].isspace() or source[s] == "<"):
        tag = _SKIPPABLE.match(source, s, end) if source[s] == "<" else None
        if source[s] == "<" and not tag:
            break
        s = tag.end() if tag else s + 1
    if offset < len(text) and not text[offset].isspace():
        s = _past_dropped(text[offset], source, s, end)
    return min(s, end)


def _past_dropped(char: str, source: str, s: int, end: int) -> int:
    """Where `char` is, when the reader dropped the marks before it: the hyphen of a word
    broken at a line end ("perpe-" / "> trator"), a quote mark. Else `s` unchanged."""
    ahead = s
    while ahead < min(end, s + 8) and source[ahead] != char:
        if source[ahead].isalnum() or source[ahead] in "&<":
            return s  # a word, an entity or a tag: not marks the reader dropped
        ahead += 1
    return ahead if ahead < end and source[ahead] == char else s
