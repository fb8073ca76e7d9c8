"""Words broken at a line end ("govern-" / "ment"), made whole again.

A hard-wrapped or typeset text breaks words at line ends in two ways: inside a
word, where the hyphen is the typesetter's ("govern-ment", in scanned newspapers,
PDFs and posts copied from print), and after a compound's own hyphen
("non-performing", "medical-supply", in wire copy wrapped by a program). Joined
with a space, as other wrapped lines are, neither word can be found by search.

Which it is, is decided by evidence, strongest first: how the document itself
writes the word elsewhere; a capital after the hyphen ("Hewlett-Packard") or a
prefix that keeps its hyphen ("non-", "self-"): the hyphen stays; then whether
the joined word is an English word or one of its inflections, by the vocabulary of
the NER model the app ships (49,000 lower-case words): the hyphen goes; and when
what follows the hyphen is no word at all ("pe-" / "titioned") the hyphen goes
too. Otherwise it stays ("medical-supply"). A suspended hyphen ("pre- and
post-war") keeps its space, as do dashes ("know --"), and a hyphen before a word
that starts a clause ("know-" / "could be": a dash typed as a hyphen).
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path

from indexer.provenance import Unit

_HEAD = re.compile(r"[^\W\d_]+-$")  # the letters before a line's last hyphen
_WORD = re.compile(r"[^\W\d_]+")  # a word's letters (the one after a broken line too)
_COMPOUND = re.compile(r"[^\W\d_]+-[^\W\d_]+")
# "pre- and post-war", "über- oder unterbewertet": the hyphen stands for a word to come
_SUSPENDED = frozenset({"and", "or", "nor", "to", "und", "oder", "et", "ou"})
# A line ending in a hyphen before one of these was a dash written as a hyphen ("you
# never know-" / "could be"): a new clause starts, so the line break stays a space.
# Words that end compounds ("follow-up", "would-be", "must-have", "good-will") are not
# here, and a word that goes on with a hyphen ("know-" / "it-all") is a compound's part.
# (Store version 25 reads again the files these made "know-could": a change here wants
# a migration of its own.)
CLAUSE_STARTERS = frozenset(
    {"i", "you", "he", "she", "we", "they", "could", "would", "should", "might", "must"}
    | {"shall", "the", "there", "this", "but"}
)
# prefixes written with their hyphen, though the joined word is in the dictionary too
# ("nonperforming", "selfrespect"): a line wrapped after them keeps it
_HYPHENATED_PREFIXES = frozenset({"non", "self", "ex", "all", "well", "half", "quasi", "cross"})


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lower-case words of the NER model's vocabulary; empty if it is not installed
    (then only the document's own spelling decides)."""
    from indexer.entities import MODEL_PACKAGES  # here: entities' imports reach ingest

    for name in MODEL_PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in (spec and spec.submodule_search_locations) or ():
            for path in sorted(Path(folder).glob("*/vocab/strings.json")):
                strings = json.loads(path.read_text(encoding="utf-8"))
                return frozenset(s for s in strings if s.isalpha() and s.islower())
    return frozenset()


_SUFFIXES = ("s", "es", "d", "ed", "ing", "ly", "er", "ers", "ion", "ions", "ment", "ness")


def _known(word: str, words: frozenset[str]) -> bool:
    """A word of the vocabulary, or one of its inflections ("petitioned", "decided")."""
    if word in words:
        return True
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) > 2 and (stem in words or f"{stem}e" in words):
            return True
    return False


class LineEndHyphens:
    """How one document's words broken at line ends are joined (the document is
    `document[start:end]`). Its own spellings are read once, when the first broken
    word asks for them."""

    def __init__(self, document: str, start: int = 0, end: int | None = None) -> None:
        self._document, self._span = document, (start, len(document) if end is None else end)
        self._words: set[str] | None = None
        self._compounds: set[str] = set()

    def whole(self, head: str, tail: str) -> str | None:
        """The word `head` + "-" (at a line end) + `tail` stands for, or None when the
        line end is not inside a word (a suspended hyphen)."""
        if tail.casefold() in _SUSPENDED:
            return None
        joined, hyphenated = f"{head}{tail}", f"{head}-{tail}"
        if self._words is None:
            folded = self._document[slice(*self._span)].casefold()
            self._words = set(_WORD.findall(folded))
            self._compounds = set(_COMPOUND.findall(folded))
        if hyphenated.casefold() in self._compounds:
            return hyphenated
        if joined.casefold() in self._words:
            return joined
        if tail[0].isupper() or head.casefold() in _HYPHENATED_PREFIXES:
            return hyphenated
        words = english_words()
        if _known(joined.casefold(), words):
            return joined
        if words and tail.casefold() not in words:
            return joined  # "pe-" / "titioned": no word after the hyphen, a broken one
        return hyphenated

    def join(self, line: Unit, following: Unit) -> Unit:
        """Two lines of one paragraph as one: with a space, or, when `line` ends inside
        a word, without it (and without the hyphen if it was the typesetter's)."""
        if not line.endswith("-"):
            return line.joined(following)  # nearly always: no search of the paragraph
        head, tail = _HEAD.search(line, max(0, len(line) - 80)), _WORD.match(following)
        if head is None or tail is None or not line.pieces or not following.pieces:
            return line.joined(following)
        word = tail.group()
        goes_on = following[len(word) : len(word) + 1] == "-"
        if word.casefold() in CLAUSE_STARTERS and not goes_on:
            return line.joined(following)
        whole = self.whole(head.group()[:-1], word)
        if whole is None:
            return line.joined(following)
        return line.fused(following, keep_hyphen="-" in whole)
