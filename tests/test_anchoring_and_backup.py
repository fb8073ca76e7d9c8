"""Re-anchoring after text changes, orphans, backup round trips, migrations, bulk tagging."""

from __future__ import annotations

import json
import sqlite3

import pytest

from annotations import backup
from annotations import db as database
from annotations.anchor import anchor_for, locate_fuzzy
from annotations.reanchor import reanchor_article, reattach
from annotations.store import AnnotationStore

TEXT = (
    "Kyiv announced that Russia returned the remains of 1,000 Ukrainian soldiers this week. "
    "The previous body exchange took place in late January. Crucially, direct prisoner of war "
    "exchanges have stalled since October, with both sides accusing the other of delay."
)


def tag(store, quote: str, text: str = TEXT):
    start = text.index(quote)
    return store.add_passage("art", text, start, start + len(quote), ["T"], "note")


def test_text_inserted_before_moves_the_passage(store):
    passage = tag(store, "direct prisoner of war exchanges have stalled")
    edited = "UPDATE: figures revised. " + TEXT
    report = reanchor_article(store, "art", edited)
    moved = store.passage(passage.id)
    assert (report.moved, report.orphaned) == (1, 0)
    assert edited[moved.start : moved.end] == passage.quote and moved.note == "note"


def test_a_lightly_edited_quote_is_found_fuzzily(store):
    passage = tag(store, "direct prisoner of war exchanges have stalled since October")
    edited = TEXT.replace("have stalled since October", "have stalled since early October")
    edited = "Correction appended. " + edited
    reanchor_article(store, "art", edited)
    moved = store.passage(passage.id)
    assert not moved.orphan
    assert moved.quote == "direct prisoner of war exchanges have stalled since early October"


def test_a_passage_whose_text_is_gone_is_kept_as_an_orphan_then_reattached(store):
    passage = tag(store, "The previous body exchange took place in late January.")
    edited = TEXT.replace("The previous body exchange took place in late January. ", "")
    report = reanchor_article(store, "art", edited)
    orphan = store.passage(passage.id)
    assert report.orphaned == 1 and orphan.orphan
    assert orphan.quote == passage.quote and orphan.note == "note"  # nothing lost
    start = edited.index("Crucially")
    back = reattach(store, passage.id, edited, start, start + 9)
    assert not back.orphan and back.quote == "Crucially"


def test_an_orphan_comes_back_when_its_text_does(store):
    passage = tag(store, "The previous body exchange took place in late January.")
    reanchor_article(store, "art", "Nothing of it is left.")
    assert store.passage(passage.id).orphan
    report = reanchor_article(store, "art", TEXT)
    assert report.recovered == 1 and not store.passage(passage.id).orphan


def test_fuzzy_matching_does_not_invent_a_place():
    anchor = anchor_for(TEXT, 0, 40)
    assert locate_fuzzy("Completely unrelated words about gardening and soup.", anchor) is None


def test_backup_round_trips_everything_and_merges_without_duplicates(store, tmp_path):
    first = tag(store, "Kyiv announced")
    store.move_tag(store.create_tag("Parent").id, None)
    store.move_tag(store.tag_named("T").id, store.tag_named("Parent").id)
    store.recolor_tag(store.tag_named("T").id, "#112233")
    store.describe_tag(store.tag_named("T").id, "test tag")
    store.set_tags(first.id, ["T", "Second"])
    path = tmp_path / "backup.json"
    assert backup.export_json(store, path) == 1
    other = AnnotationStore(tmp_path / "other.sqlite")
    report = backup.import_json(other, path)
    assert (report.passages_added, report.tags_added) == (1, 3)
    again = backup.import_json(other, path)
    assert (again.passages_added, again.passages_skipped) == (0, 1)
    assert backup.export_data(other) == backup.export_data(store)
    other.close()


def test_a_file_that_is_not_a_backup_is_refused(store, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"hello": 1}))
    with pytest.raises(ValueError, match="not an Archive Reader annotations backup"):
        backup.import_json(store, path)


@pytest.mark.parametrize("version", range(database.SCHEMA_VERSION))
def test_migrations_from_every_earlier_version_keep_the_data(tmp_path, version):
    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    for number in range(version):
        raw.executescript(database.MIGRATIONS[number])
    raw.execute(f"PRAGMA user_version={version}")
    if version >= 1:
        raw.execute("INSERT INTO tags(name, color, created_at) VALUES ('Old', '#ffffff', 'x')")
        raw.execute(
            'INSERT INTO passages(uuid, article_id, start, "end", exact, prefix, suffix,'
            " created_at, updated_at) VALUES ('u', 'a', 0, 3, 'abc', '', '', 'x', 'x')"
        )
        raw.execute("INSERT INTO passage_tags VALUES (1, 1)")
    raw.commit()
    raw.close()
    store = AnnotationStore(path)
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == database.SCHEMA_VERSION
    if version >= 1:
        [passage] = store.all_passages()
        assert passage.quote == "abc" and [t.name for t in passage.tags] == ["Old"]
    store.close()
