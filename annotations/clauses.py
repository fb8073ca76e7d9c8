"""What a `tag:` or `note:` clause of a search holds for: passages, and their articles.

The query language reads the clause (a whole value, quoted or not, lower-cased; a
trailing * makes it a prefix, ? and * inside a wildcard). Here it is matched:

- `tag:Diplomacy` — a passage tagged Diplomacy or any tag below it in the codebook
  (names compare without case; `tag:"Parent/Child"` names a tag by its path).
- `tag:Diplomacy+Casualties` — one passage tagged with both (each part as above).
  Separate clauses, `tag:Diplomacy tag:Casualties`, ask each on its own: in the
  Articles list, the article has a passage with each (perhaps different passages);
  in the Passages list, the passage has both.
- `tag:*` — a passage with any tag (`NOT tag:*`: the articles nobody has coded yet);
  `note:*` — a passage with a note (in the Articles list, or an article with a memo).
- `note:ceasefire` — a passage whose note contains the text; `note:cease*` a note
  with a word that begins so; `note:c?ase` a note word that fits the pattern. In the
  Articles list an article's memo counts as a note too.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from annotations.model import Passage, Tag
from annotations.tag_tree import TagTree

FIELDS = ("tag", "note")
KINDS = ("term", "prefix", "wildcard", "any")
_NOTE_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")


@dataclass(frozen=True)
class Clause:
    field: str  # "tag" or "note"
    kind: str  # "term", "prefix", "wildcard" or "any" (tag:*, note:*)
    text: str  # lower-cased as the query language reads it


class ClauseMatcher:
    """Matches clauses against passages, with the codebook read once."""

    def __init__(self, tags: list[Tag]) -> None:
        self._tags = tags
        self._tree = TagTree(tags)
        self._paths = {i: path.casefold() for i, path in self._tree.paths.items()}
        self._tag_sets: dict[Clause, list[set[int]]] = {}

    def _named(self, kind: str, text: str) -> set[int]:
        """The tags a value names (with the tags below them)."""
        wanted = text.casefold()
        found: set[int] = set()
        for tag in self._tags:
            for name in (tag.name.casefold(), self._paths[tag.id]):
                if (
                    (kind == "term" and name == wanted)
                    or (kind == "prefix" and name.startswith(wanted))
                    or (kind == "wildcard" and fnmatch.fnmatchcase(name, wanted))
                ):
                    found |= self._tree.below(tag.id)
                    break
        return found

    def tag_sets(self, clause: Clause) -> list[set[int]]:
        """One set of tag ids per part the passage must carry (`A+B`: two parts)."""
        sets = self._tag_sets.get(clause)
        if sets is None:
            whole = self._named(clause.kind, clause.text)
            if whole or "+" not in clause.text:
                sets = [whole]
            else:  # a tag named "C++" is itself; otherwise + joins tags
                parts = [p.strip() for p in clause.text.split("+") if p.strip()]
                kinds = [clause.kind if i == len(parts) - 1 else "term" for i in range(len(parts))]
                sets = [self._named(k, p) for k, p in zip(kinds, parts, strict=True)]
            self._tag_sets[clause] = sets
        return sets

    def holds(self, clause: Clause, passage: Passage) -> bool:
        if clause.field == "tag" and clause.kind == "any":
            return bool(passage.tags)
        if clause.field == "tag":
            carried = {t.id for t in passage.tags}
            return all(carried & wanted for wanted in self.tag_sets(clause))
        return says(clause, passage.note)


def says(clause: Clause, note: str) -> bool:
    """Whether a note (a passage's, an article's memo) says what a `note:` clause asks."""
    if clause.kind == "any":
        return bool(note.strip())
    note = note.casefold()
    if clause.kind == "term":
        return clause.text.casefold() in note
    words = (w.casefold() for w in _NOTE_WORD.findall(note))
    if clause.kind == "prefix":
        return any(w.startswith(clause.text.casefold()) for w in words)
    return any(fnmatch.fnmatchcase(w, clause.text.casefold()) for w in words)


def articles_for(store, clause: Clause) -> set[str]:
    """The articles with a passage the clause holds for; for `note:`, also the articles
    whose memo says it. Tags are asked of the database, not of every passage read."""
    if clause.field == "tag":
        if clause.kind == "any":
            return store.articles_tagged(None)
        return store.articles_tagged(ClauseMatcher(store.tags()).tag_sets(clause))
    found = {article_id for article_id, note in store.notes() if says(clause, note)}
    found |= {m.article_id for m in store.memos() if says(clause, m.text)}
    return found
