"""An article's memo: the researcher's note on the whole article, saved at once, kept by
the article's id, backed up and merged, found by `note:`, and written in the window's
Memo tab."""

from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from annotations import backup
from annotations import db as database
from annotations.store import AnnotationStore


def test_a_memo_is_saved_at_once_changed_and_deleted_by_emptying_it(store, tmp_path):
    memo = store.set_memo("a1", "Framing: *victims*, not soldiers.", "Talks end", "/x/a.txt")
    assert (memo.article_id, memo.text, memo.article_title) == (
        "a1",
        "Framing: *victims*, not soldiers.",
        "Talks end",
    )
    # Another connection (another window, a crash right after) sees it committed.
    other = sqlite3.connect(tmp_path / "a.sqlite")
    assert other.execute("SELECT text FROM memos").fetchall() == [
        ("Framing: *victims*, not soldiers.",)
    ]
    again = store.set_memo("a1", "Framing changed.", "Talks end", "/x/a.txt")
    assert again.created_at == memo.created_at and again.text == "Framing changed."
    assert [m.article_id for m in store.memos()] == ["a1"]
    assert store.set_memo("a1", "  \n ") is None
    assert store.memo("a1") is None and store.memos() == []
    other.close()


def test_a_database_of_version_two_gains_memos_and_keeps_its_passages(tmp_path):
    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    for number in range(2):
        raw.executescript(database.MIGRATIONS[number])
    raw.execute("PRAGMA user_version=2")
    raw.execute("INSERT INTO tags(name, color, created_at) VALUES ('Old', '#ffffff', 'x')")
    raw.commit()
    raw.close()
    store = AnnotationStore(path)
    assert [t.name for t in store.tags()] == ["Old"] and store.memos() == []
    store.set_memo("a1", "Now possible")
    assert store.memo("a1").text == "Now possible"
    store.close()


def test_memos_round_trip_through_a_backup_and_the_newer_one_stays(store, tmp_path):
    store.set_memo("a1", "First reading", "Talks end", "/x/a.txt")
    store.set_memo("a2", "Second article", "Other", "/x/b.txt")
    path = tmp_path / "backup.json"
    backup.export_json(store, path)
    data = json.loads(path.read_text())
    assert data["version"] == 2 and {m["article_id"] for m in data["memos"]} == {"a1", "a2"}
    fresh = AnnotationStore(tmp_path / "fresh.sqlite")
    report = backup.import_json(fresh, path)
    assert report.memos_added == 2
    assert fresh.memo("a1").text == "First reading"
    assert fresh.memo("a1").updated_at == store.memo("a1").updated_at
    # Here a newer memo: importing the older backup keeps it.
    data["memos"][0]["updated_at"] = "2000-01-01T00:00:00Z"
    data["memos"][0]["text"] = "Stale"
    path.write_text(json.dumps(data))
    report = backup.import_json(fresh, path)
    assert report.memos_kept == 2 and fresh.memo("a1").text == "First reading"
    assert "2 kept as they are here" in report.describe()
    # A bad entry is reported, the rest imported.
    data["memos"] = [{"article_id": "a3", "text": ""}, {"article_id": "a4", "text": "ok"}]
    path.write_text(json.dumps(data))
    report = backup.import_json(fresh, path)
    assert report.memos_added == 1 and report.rejected == ["memo 1: it has no text"]
    fresh.close()


def test_note_finds_the_articles_whose_memo_says_it(seeded_ctx):
    from gui.search_service import SearchRequest, run

    ctx = seeded_ctx
    article = next(a for a in ctx.library.articles() if "Pentagon" in a.title)
    ctx.annotations.set_memo(article.id, "Compare the troop numbers with Seoul's estimate.")

    def titles(query: str) -> list[str]:
        outcome = run(ctx.library, ctx.annotations, SearchRequest(query))
        return [hit.title for hit in outcome.articles.hits]

    assert titles('note:"troop numbers"') == [article.title]
    assert titles("note:seoul*") == [article.title]
    assert titles("note:seoul* NOT note:compare") == []


def test_the_memo_tab_saves_as_you_type_and_follows_the_open_article(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    first = window.reader.article
    tabs, memo = window.sidebar.tabs, window.memo
    assert tabs.tabText(tabs.indexOf(memo)) == "Memo"
    tabs.setCurrentWidget(memo)
    memo.editor.setFocus()
    qtbot.keyClicks(memo.editor, "Reads the swap as a thaw.")
    assert memo.pending and memo.status.text() == "Saving…"
    qtbot.waitUntil(lambda: not memo.pending, timeout=5_000)  # half a second after typing
    assert window.ctx.annotations.memo(first.id).text == "Reads the swap as a thaw."
    assert memo.status.text().startswith("Saved at ")
    assert tabs.tabText(tabs.indexOf(memo)) == "Memo •"
    # Typed, then another article at once: what was typed is saved first.
    qtbot.keyClicks(memo.editor, " Compare Kass.")
    other = next(a for a in window.ctx.library.articles() if a.id != first.id)
    window.open_article(other.id)
    assert window.ctx.annotations.memo(first.id).text == "Reads the swap as a thaw. Compare Kass."
    assert memo.editor.toPlainText() == "" and tabs.tabText(tabs.indexOf(memo)) == "Memo"
    window.open_article(first.id)
    assert memo.editor.toPlainText() == "Reads the swap as a thaw. Compare Kass."
    # Ctrl+Z in the memo undoes typing there, not the last annotation edit.
    qtbot.keyClicks(memo.editor, "!")
    qtbot.keyClick(memo.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert memo.editor.toPlainText() == "Reads the swap as a thaw. Compare Kass."
    # Emptied: the memo is deleted.
    memo.editor.clear()
    memo.flush()
    assert window.ctx.annotations.memo(first.id) is None
    assert memo.status.text() == "Memo deleted (it was empty)."


def test_what_was_typed_last_is_saved_when_the_window_closes(qtbot, seeded_home):
    from gui.context import AppContext
    from gui.paths import resolve_home
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    article = window.reader.article
    qtbot.keyClicks(window.memo.editor, "Last words")
    window.close()  # within the half second
    ctx = AppContext(resolve_home(seeded_home))
    assert ctx.annotations.memo(article.id).text == "Last words"
    ctx.close_thread()


def test_a_memo_written_in_another_window_shows_here(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    article = window.reader.article
    outside = AnnotationStore(window.ctx.home.annotations_db)
    outside.set_memo(article.id, "From the other window")
    outside.close()
    qtbot.waitUntil(
        lambda: window.memo.editor.toPlainText() == "From the other window", timeout=5_000
    )
