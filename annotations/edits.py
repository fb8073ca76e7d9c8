"""Undoable edits: every change to tags and passages, as the undo stack records it.

An `Edit` names the rows it may touch and how to change them (through the
store's own operations). `perform` runs it between two snapshots; the record it
returns can undo and redo the change any number of times. The window wraps each
record in a QUndoCommand; the command line performs edits without keeping them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotations import snapshots


@dataclass
class Edit:
    description: str
    apply: Callable[[Any], Any]  # store -> result
    tag_ids: set[int] = field(default_factory=set)
    passage_ids: set[int] = field(default_factory=set)


@dataclass
class EditRecord:
    description: str
    before: snapshots.Snapshot
    after: snapshots.Snapshot
    result: Any = None

    def undo(self, store) -> None:
        snapshots.restore(store.connection, self.before)

    def redo(self, store) -> None:
        snapshots.restore(store.connection, self.after)


def perform(store, edit: Edit) -> EditRecord:
    before = snapshots.take(store.connection, edit.tag_ids, edit.passage_ids)
    store.begin_tracking()
    result = edit.apply(store)
    created_tags, created_passages = store.end_tracking()
    for tag_id in created_tags:
        before.tags.setdefault(tag_id, None)
    for passage_id in created_passages:
        before.passages.setdefault(passage_id, None)
    after = snapshots.take(store.connection, before.tags, before.passages)
    return EditRecord(edit.description, before, after, result)


# The edits, one per operation of the store and the codebook.


def add_passage(article_id, text, start, end, tags, note="", title="", source="") -> Edit:
    return Edit(
        f"Tag “{text[start:end][:40]}”",
        lambda store: store.add_passage(article_id, text, start, end, tags, note, title, source),
    )


def set_note(store, passage_id: int, note: str) -> Edit:
    return Edit("Edit note", lambda s: s.set_note(passage_id, note), passage_ids={passage_id})


def set_tags(store, passage_id: int, names: list[str]) -> Edit:
    return Edit("Change tags", lambda s: s.set_tags(passage_id, names), passage_ids={passage_id})


def delete_passage(store, passage_id: int) -> Edit:
    return Edit("Delete passage", lambda s: s.delete_passage(passage_id), passage_ids={passage_id})


def rename_tag(store, tag_id: int, name: str) -> Edit:
    return Edit(f"Rename tag to “{name}”", lambda s: s.rename_tag(tag_id, name), {tag_id})


def set_tag_key(store, tag_id: int, key: int | None) -> Edit:
    holder = store.tag_with_key(key) if key is not None else None
    touched = {tag_id} | ({holder.id} if holder else set())
    what = f"Key {key} for the tag" if key else "No key for the tag"
    return Edit(what, lambda s: s.set_tag_key(tag_id, key), touched)


def recolor_tag(store, tag_id: int, color: str) -> Edit:
    return Edit("Recolour tag", lambda s: s.recolor_tag(tag_id, color), {tag_id})


def describe_tag(store, tag_id: int, text: str) -> Edit:
    return Edit("Describe tag", lambda s: s.describe_tag(tag_id, text), {tag_id})


def move_tag(store, tag_id: int, parent_id: int | None) -> Edit:
    return Edit("Move tag", lambda s: s.move_tag(tag_id, parent_id), {tag_id})


def merge_tags(store, source_id: int, target_id: int) -> Edit:
    touched = {source_id, target_id, *(t.id for t in store.children(source_id))}
    return Edit(
        "Merge tags",
        lambda s: s.merge_tags(source_id, target_id),
        touched,
        set(store.passage_ids_with_tags([source_id])),
    )


def delete_tag(store, tag_id: int) -> Edit:
    touched = {tag_id, *(t.id for t in store.children(tag_id))}
    return Edit(
        "Delete tag",
        lambda s: s.delete_tag(tag_id),
        touched,
        set(store.passage_ids_with_tags([tag_id])),
    )
