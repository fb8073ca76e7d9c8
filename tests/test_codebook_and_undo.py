"""Codebook operations, and undo/redo of every edit through snapshots (real SQLite)."""

from __future__ import annotations

import pytest

from annotations import edits
from annotations.codebook import CodebookError

TEXT = "Russia and Ukraine swapped prisoners on Sunday. The prisoner swap came weeks later."


def state(store) -> tuple:
    """Everything observable: tags with hierarchy and passages with tags and notes."""
    tags = tuple((t.id, t.name, t.color, t.parent_id, t.description) for t in store.tags())
    passages = tuple(
        (p.id, p.uuid, p.start, p.end, p.note, tuple(t.name for t in p.tags), p.orphan)
        for p in store.all_passages()
    )
    return tags, passages


def test_hierarchy_paths_counts_and_moves(store):
    a = store.add_passage("a", TEXT, 0, 6, ["Actors"])
    store.add_passage("a", TEXT, 11, 18, ["Ukraine"])
    actors, ukraine = store.tag_named("Actors"), store.tag_named("Ukraine")
    store.move_tag(ukraine.id, actors.id)
    assert store.tag_path(store.tag(ukraine.id)) == "Actors/Ukraine"
    assert [t.name for t in store.children(actors.id)] == ["Ukraine"]
    assert store.tag_counts() == {actors.id: 1, ukraine.id: 1}
    with_children = store.all_passages(tag="Actors", with_children=True)
    assert len(with_children) == 2 and store.all_passages(tag="Actors") == [a]
    with pytest.raises(CodebookError):
        store.move_tag(actors.id, ukraine.id)  # no cycles


def test_rename_recolour_describe(store):
    store.add_passage("a", TEXT, 0, 6, ["Actors"])
    tag = store.tag_named("Actors")
    assert store.rename_tag(tag.id, "Actors and states").name == "Actors and states"
    assert store.recolor_tag(tag.id, "#123ABC").color == "#123abc"
    assert store.describe_tag(tag.id, " Who acts. ").description == "Who acts."
    store.create_tag("Other")
    with pytest.raises(CodebookError, match="Merge"):
        store.rename_tag(tag.id, "other")
    with pytest.raises(CodebookError):
        store.recolor_tag(tag.id, "red")


def test_merge_moves_passages_and_children(store):
    store.add_passage("a", TEXT, 0, 6, ["Kremlin"])
    store.add_passage("a", TEXT, 11, 18, ["Moscow", "Kremlin"])
    store.create_tag("Statements")
    kremlin, moscow = store.tag_named("Kremlin"), store.tag_named("Moscow")
    store.move_tag(store.tag_named("Statements").id, kremlin.id)
    store.merge_tags(kremlin.id, moscow.id)
    assert store.tag_named("Kremlin") is None
    assert [len(p.tags) for p in store.all_passages()] == [1, 1]
    assert store.tag_named("Statements").parent_id == moscow.id


def test_deleting_a_tag_says_first_what_happens(store):
    store.add_passage("a", TEXT, 0, 6, ["Only"])
    store.add_passage("a", TEXT, 11, 18, ["Only", "Kept"])
    effect = store.deletion_effect(store.tag_named("Only").id)
    assert (effect.passages, effect.orphaned, effect.parent) == (2, 1, None)
    assert "1 passages have no other tag and are deleted" in effect.describe("Only")
    store.delete_tag(store.tag_named("Only").id)
    [left] = store.all_passages()
    assert [t.name for t in left.tags] == ["Kept"]


def test_deleting_a_child_hands_its_passages_to_the_parent(store):
    store.add_passage("a", TEXT, 0, 6, ["Child"])
    parent = store.create_tag("Parent")
    child = store.tag_named("Child")
    store.move_tag(child.id, parent.id)
    assert "tagged “Parent” instead" in store.deletion_effect(child.id).describe("Child")
    store.delete_tag(child.id)
    assert [t.name for t in store.all_passages()[0].tags] == ["Parent"]


def _edits(store):
    """One of each edit, built against the current state."""
    p = store.all_passages()[0]
    t = store.tag_named("Swaps")
    other = store.tag_named("Actors")
    return [
        edits.add_passage("a", TEXT, 19, 36, ["Swaps", "Brand new"], "new note"),
        edits.set_note(store, p.id, "changed"),
        edits.set_tags(store, p.id, ["Fresh"]),
        edits.delete_passage(store, p.id),
        edits.rename_tag(store, t.id, "Exchanges"),
        edits.recolor_tag(store, t.id, "#000000"),
        edits.describe_tag(store, t.id, "about swaps"),
        edits.move_tag(store, t.id, other.id),
        edits.merge_tags(store, t.id, other.id),
        edits.delete_tag(store, t.id),
    ]


@pytest.mark.parametrize("which", range(10))
def test_every_edit_undoes_and_redoes_exactly(store, which):
    store.add_passage("a", TEXT, 0, 6, ["Actors"], "first")
    store.add_passage("a", TEXT, 50, 63, ["Swaps", "Actors"], "second")
    store.add_passage("a", TEXT, 64, 68, ["Swaps"])
    store.move_tag(store.create_tag("Child of swaps").id, store.tag_named("Swaps").id)
    before = state(store)
    record = edits.perform(store, _edits(store)[which])
    after = state(store)
    assert after != before
    record.undo(store)
    assert state(store) == before
    record.redo(store)
    assert state(store) == after
    record.undo(store)
    assert state(store) == before
