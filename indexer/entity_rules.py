"""From raw model spans to the mentions users see: kinds, canonical names, junk removed.

The model finds spans; these rules decide what they mean:
- gazetteer matches (EntityRuler) carry their canonical name and kind;
- other names are tidied (no leading "the", no possessive) and looked up in the
  alias table, so a model-found "Kiev" still becomes Kyiv;
- a one-word person mention after a fuller name in the same article ("Kirby"
  after "John Kirby") takes the fuller name;
- spans from Title Case heading lines are kept only when they are gazetteer
  names or also found in the article's prose, and lone generic title words
  ("Defense", "Ministry") are dropped: headlines otherwise yield junk entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.ingest import lines as shape
from indexer.store import Mention

KIND_OF_LABEL = {
    "PERSON": "Person",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "ORG": "Organisation",
    "NORP": "Group",
    "DATE": "Date",
    "TIME": "Date",
    "CARDINAL": "Number",
    "MONEY": "Number",
    "QUANTITY": "Number",
    "PERCENT": "Number",
    "ORDINAL": "Number",
    "EVENT": "Event",
}
KINDS = ("Person", "Place", "Organisation", "Group", "Date", "Number", "Event", "Other")
NAME_KINDS = frozenset({"Person", "Place", "Organisation", "Group", "Event", "Other"})
LABEL_OF_KIND = {
    "Person": "PERSON",
    "Place": "GPE",
    "Organisation": "ORG",
    "Group": "NORP",
    "Date": "DATE",
    "Number": "CARDINAL",
    "Event": "EVENT",
    "Other": "MISC",
}
GENERIC_WORDS = frozenset(
    """defense defence ministry minister secretary president deputy government council
    committee army navy force forces security intelligence state department office agency
    parliament senate house congress court police military service services official
    officials spokesman spokeswoman governor mayor general commander chief head leader
    analysis opinion update breaking news live""".split()
)
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass(frozen=True)
class RawSpan:
    """What the model (and ruler) found: offsets, label, gazetteer id ('' if none), text."""

    start: int
    end: int
    label: str
    ent_id: str
    text: str


def tidy_name(text: str) -> str:
    """The surface form without a leading 'the', a possessive or stray white space."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    if name.lower().startswith("the "):
        name = name[4:]
    return name


def heading_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the heading lines (sub-headings) inside an article's text."""
    ranges, at = [], 0
    for line in text.split("\n"):
        if _is_heading(line.strip()):
            ranges.append((at, at + len(line)))
        at += len(line) + 1
    return ranges


def _is_heading(line: str) -> bool:
    """Short, Title Case and not ended like a sentence (a question may be a heading)."""
    if not line or line.endswith((".", "!", '"', "”", "’", ":", ";", ",")):
        return False
    n = len(shape.words(line))
    return n <= (8 if line.endswith("?") else 15) and shape.is_title_case(line)


class MentionResolver:
    """Turns raw spans into mentions, with the alias table of the gazetteer."""

    def __init__(self, entries: Iterable) -> None:
        self._kind_of_name: dict[str, str] = {}
        self._canonical: dict[str, str] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            self._kind_of_name[entry.name] = entry.kind
            self._aliases[entry.name] = (entry.name, *entry.aliases)
            for surface in (entry.name, *entry.aliases):
                self._canonical[surface.casefold()] = entry.name

    def aliases_of(self, canonical: str) -> tuple[str, ...]:
        """Every spelling the gazetteer knows for a canonical name (itself included)."""
        return self._aliases.get(canonical, (canonical,))

    def resolve(self, text: str, spans: list[RawSpan]) -> list[Mention]:
        headings = heading_ranges(text)

        def in_heading(span: RawSpan) -> bool:
            return any(a <= span.start and span.end <= b for a, b in headings)

        prose_names = {tidy_name(s.text).casefold() for s in spans if not in_heading(s)}
        mentions: list[Mention] = []
        full_names: dict[str, str] = {}  # surname -> full name seen in this article
        for span in spans:
            if span.ent_id:
                canonical = span.ent_id
                kind = self._kind_of_name.get(canonical, KIND_OF_LABEL.get(span.label, "Other"))
            else:
                kind = KIND_OF_LABEL.get(span.label, "Other")
                tidy = tidy_name(span.text)
                if kind in NAME_KINDS and not self._plausible(tidy, span, in_heading, prose_names):
                    continue
                canonical = self._canonical.get(tidy.casefold(), tidy)
                if canonical != tidy:
                    kind = self._kind_of_name.get(canonical, kind)
            if kind == "Person":
                parts = canonical.split()
                if len(parts) >= 2:
                    full_names.setdefault(parts[-1].casefold(), canonical)
                elif len(parts) == 1 and parts[0].casefold() in full_names:
                    canonical = full_names[parts[0].casefold()]
            mentions.append(Mention(span.start, span.end, span.label, kind, span.text, canonical))
        return mentions

    def _plausible(self, tidy: str, span: RawSpan, in_heading, prose_names) -> bool:
        words = tidy.split()
        if not words:
            return False
        if all(w.casefold().strip(".,") in GENERIC_WORDS for w in words):
            return False  # "Defense", "Deputy Minister": a title, not a name
        return not in_heading(span) or tidy.casefold() in prose_names
