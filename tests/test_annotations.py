"""The annotation store on a real SQLite file: saving, reopening, anchors, export."""

from __future__ import annotations

import sqlite3

import pytest

from annotations import db as database
from annotations.anchor import anchor_for, locate
from annotations.export import ExportOptions, build_excerpts, render
from annotations.store import AnnotationError, AnnotationStore

TEXT = "Russia and Ukraine swapped prisoners on Sunday. The prisoner swap came weeks later."


def test_a_passage_is_saved_at_once_and_survives_reopening(tmp_path, store):
    start = TEXT.index("prisoners")
    saved = store.add_passage(
        "art1",
        TEXT,
        start,
        start + 9,
        ["Humanitarian", "Swaps"],
        "key",
        article_title="Swap",
        article_source="/x/a.txt",
    )
    # A second connection, as another window or process would have, sees it committed.
    other = AnnotationStore(tmp_path / "a.sqlite")
    [again] = other.passages_for("art1")
    assert again == saved
    assert again.quote == "prisoners" and again.note == "key"
    assert [t.name for t in again.tags] == ["Humanitarian", "Swaps"]
    assert again.anchor.prefix.endswith("swapped ") and again.anchor.suffix.startswith(" on")
    assert again.created_at and again.updated_at
    other.close()


def test_database_uses_wal_foreign_keys_and_a_schema_version(tmp_path, store):
    db = store.connection
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION


def test_migrations_run_from_an_empty_database_and_refuse_a_newer_one(tmp_path):
    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")  # an SQLite file with no tables yet
    raw.close()
    database.connect(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
    raw.execute(f"PRAGMA user_version={database.SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(database.NewerDatabase):
        database.connect(path)


def test_tags_have_colours_and_are_reused_case_insensitively(store):
    first = store.add_passage("a", TEXT, 0, 6, ["Actors"])
    second = store.add_passage("a", TEXT, 11, 18, ["actors"])
    assert first.tags[0].id == second.tags[0].id
    assert first.tags[0].color.startswith("#")
    assert [t.name for t in store.tags()] == ["Actors"]


def test_notes_tags_and_deletion(store):
    passage = store.add_passage("a", TEXT, 0, 6, ["One"])
    assert store.set_note(passage.id, "changed").note == "changed"
    assert [t.name for t in store.set_tags(passage.id, ["Two", "Three"]).tags] == ["Three", "Two"]
    store.delete_passage(passage.id)
    assert store.passages_for("a") == []
    with pytest.raises(AnnotationError):
        store.set_note(passage.id, "gone")


@pytest.mark.parametrize("span", [(5, 5), (-1, 4), (0, len(TEXT) + 1)])
def test_impossible_passages_are_refused_with_a_message(store, span):
    with pytest.raises(AnnotationError):
        store.add_passage("a", TEXT, *span, ["T"])


def test_a_passage_needs_a_tag_and_non_blank_text(store):
    with pytest.raises(AnnotationError):
        store.add_passage("a", TEXT, 0, 6, [])
    with pytest.raises(AnnotationError):
        store.add_passage("a", "a    b", 1, 5, ["T"])


def test_passages_are_listed_in_text_order(store):
    store.add_passage("a", TEXT, 40, 46, ["T"])
    store.add_passage("a", TEXT, 0, 6, ["T"])
    assert [p.start for p in store.passages_for("a")] == [0, 40]


def test_anchor_finds_the_quote_after_the_text_moved():
    start = TEXT.index("prisoner swap")
    anchor = anchor_for(TEXT, start, start + len("prisoner swap"))
    edited = "Breaking: " + TEXT
    assert locate(edited, anchor) == (start + 10, start + 10 + len("prisoner swap"))
    assert locate(TEXT.replace("prisoner swap", "exchange"), anchor) is None


def test_anchor_prefers_the_copy_with_matching_context():
    text = "alpha beta gamma. delta beta epsilon."
    second = text.index("beta", 10)
    anchor = anchor_for(text, second, second + 4)
    shifted = "zz " + text
    assert locate(shifted, anchor) == (second + 3, second + 7)


def test_markdown_export_groups_by_tag_with_citations(store):
    start = TEXT.index("prisoners")
    store.add_passage(
        "a",
        TEXT,
        start,
        start + 9,
        ["Human rights", "Swaps"],
        "Check numbers",
        article_title="Swap story",
        article_source="/archive/swap.txt",
    )

    def markdown(passages):
        excerpts = build_excerpts(passages, store.tag_path, {}, lambda _id: None)
        return render("md", excerpts, ExportOptions(), store.tags()).decode()

    text = markdown(store.all_passages())
    assert "## Human rights" in text and "## Swaps" in text
    assert "> prisoners" in text
    assert "“Swap story”" in text and "swap.txt, characters" in text
    assert "#Human-rights #Swaps" in text
    assert "Note:\n\n> Check numbers" in text
    only = markdown(store.all_passages(tag="Swaps"))
    assert "## Swaps" in only and "## Human rights" in only  # a passage lists all its tags


def test_every_passage_is_read_again_after_any_change_here_or_elsewhere(tmp_path):
    """all_passages() keeps what it read until a commit, of this connection or another
    (a window and the command line on one home)."""
    from annotations.store import AnnotationStore

    here = AnnotationStore(tmp_path / "a.sqlite")
    there = AnnotationStore(tmp_path / "a.sqlite")
    text = "Drones hit the port of Odesa overnight."
    try:
        first = here.add_passage("a1", text, 0, 6, ["Drones"])
        assert [p.id for p in here.all_passages()] == [first.id]
        assert here.all_passages() == here.all_passages()  # kept
        other = there.add_passage("a1", text, 11, 15, ["Ports"])  # another connection
        assert {p.id for p in here.all_passages()} == {first.id, other.id}
        here.set_note(first.id, "a note")  # this connection
        assert [p.note for p in here.all_passages() if p.id == first.id] == ["a note"]
        there.delete_passage(other.id)
        assert [p.id for p in here.all_passages()] == [first.id]
        listed = here.all_passages()
        listed.clear()  # a caller's list is its own
        assert len(here.all_passages()) == 1
    finally:
        here.close()
        there.close()
