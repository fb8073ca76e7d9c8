"""The researcher's corrections of names: change of kind, merge, split; each undoable.

Every correction is written to the user gazetteer (gazetteer.jsonl in the home),
which the recognizer reads after the base one, so a correction always wins. A
correction returns what the file held before and after, and the names whose
articles must be read again: the caller marks those articles (Library.
requeue_entities), runs the entity phase, and can undo by writing `before` back and
doing the same.

- kind: "Kursk" is a Place, in every article.
- merge: "Mr Blair"'s entity becomes "Tony Blair": the source's name and spellings
  become spellings of the target, with the target's kind.
- split: a spelling leaves the entity it was folded into ("Blair" is not Tony Blair
  in this archive): it becomes an entity of its own, and the automatic linking of
  surnames leaves it alone (entity_rules.link_people skips gazetteer names).
- not a name: "Revs" (revenues, in earnings tables) is no one: the model's spans of
  it and its spellings are dropped, in every article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indexer.atomic import write_atomic
from indexer.entities import GazetteerEntry, load_gazetteer, save_user_entry
from indexer.entity_rules import KINDS, LABEL_OF_KIND


@dataclass(frozen=True)
class Correction:
    description: str  # "Merge “Mr Blair” into “Tony Blair”"
    names: tuple[str, ...]  # the articles that contain these are read again
    before: str  # the user gazetteer's text before the correction ("" if none)
    after: str


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _entry(entries: list[GazetteerEntry], name: str) -> GazetteerEntry | None:
    return next((e for e in entries if e.name == name), None)


def _done(path: Path, description: str, names, before: str) -> Correction:
    names = tuple(dict.fromkeys(n for n in names if n))
    return Correction(description, names, before, _read(path))


def change_kind(base: Path, user: Path, surface: str, canonical: str, kind: str) -> Correction:
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
    before = _read(user)
    known = _entry(load_gazetteer(base, user), canonical)
    aliases = set(known.aliases if known else ())
    if surface != canonical:
        aliases.add(surface)
    save_user_entry(
        user, GazetteerEntry(canonical, kind, LABEL_OF_KIND[kind], tuple(sorted(aliases)))
    )
    return _done(user, f"{canonical} is a {kind}", [surface, canonical, *aliases], before)


def merge(base: Path, user: Path, source: str, target: str, target_kind: str) -> Correction:
    """`source` (a canonical name) becomes a spelling of `target`."""
    if not source.strip() or not target.strip():
        raise ValueError("Choose two names to merge.")
    if source == target:
        raise ValueError(f"“{source}” is already “{target}”.")
    before = _read(user)
    entries = load_gazetteer(base, user)
    old_target, old_source = _entry(entries, target), _entry(entries, source)
    kind = old_target.kind if old_target else target_kind
    aliases = {
        *(old_target.aliases if old_target else ()),
        source,
        *(old_source.aliases if old_source else ()),
    } - {target}
    save_user_entry(user, GazetteerEntry(target, kind, LABEL_OF_KIND[kind], tuple(sorted(aliases))))
    return _done(user, f"Merge “{source}” into “{target}”", [target, *aliases], before)


def split(base: Path, user: Path, spelling: str, canonical: str, kind: str) -> Correction:
    """`spelling` stops being `canonical`: an entity of its own, of the same kind."""
    if spelling == canonical:
        raise ValueError(f"“{spelling}” is the name itself; choose one of its other spellings.")
    before = _read(user)
    entries = load_gazetteer(base, user)
    old = _entry(entries, canonical)
    kind = old.kind if old else kind
    # The spelling's own entry first: a later entry naming one of an earlier entry's
    # spellings replaces that entry, and the canonical's entry, written next, must stay.
    save_user_entry(user, GazetteerEntry(spelling, kind, LABEL_OF_KIND[kind], match=False))
    if old is not None:
        rest = tuple(a for a in old.aliases if a != spelling)
        save_user_entry(user, GazetteerEntry(canonical, old.kind, old.label, rest))
    return _done(user, f"Split “{spelling}” from “{canonical}”", [spelling, canonical], before)


def not_a_name(base: Path, user: Path, canonical: str, spellings=()) -> Correction:
    """`canonical` and its `spellings` are not a name: the model's spans of them are
    dropped in every article ("Revs" in earnings tables, "Xcode" as a person)."""
    if not canonical.strip():
        raise ValueError("Choose a name.")
    before = _read(user)
    old = _entry(load_gazetteer(base, user), canonical)
    kind = old.kind if old else "Other"
    aliases = {*(old.aliases if old else ()), *spellings} - {canonical}
    save_user_entry(
        user,
        GazetteerEntry(
            canonical, kind, LABEL_OF_KIND[kind], tuple(sorted(aliases)), not_a_name=True
        ),
    )
    return _done(user, f"“{canonical}” is not a name", [canonical, *sorted(aliases)], before)


def restore(user: Path, text: str) -> None:
    """Put the user gazetteer back as it was (undo, redo)."""
    if text:
        write_atomic(user, text)
    else:
        user.unlink(missing_ok=True)
