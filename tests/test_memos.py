"""An article's memo: the researcher's note on the whole article, saved at once, kept by
the article's id, backed up and merged, found by `note:`, and written in the window's
Memo tab."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile

import pytest
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
    assert "memo" not in window.sidebar.count.text()
    tabs.setCurrentWidget(memo)
    memo.editor.setFocus()
    qtbot.keyClicks(memo.editor, "Reads the swap as a thaw.")
    assert memo.pending and memo.status.text() == "Saving…"
    qtbot.waitUntil(lambda: not memo.pending, timeout=5_000)  # half a second after typing
    assert window.ctx.annotations.memo(first.id).text == "Reads the swap as a thaw."
    assert memo.status.text().startswith("Saved at ")
    assert "a memo" in window.sidebar.count.text()  # seen under the passages
    assert tabs.tabToolTip(tabs.indexOf(memo)) == "This article has a memo."
    # Three tabs in sight in a sidebar of 1,024 x 700, none behind scroll arrows, none
    # shortened: their names stay short whatever the article holds ("Memo •" and
    # "Passages (3)" made all three "Pa…", "Na…", "Me…" under Xvfb).
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Passages", "Names", "Memo"]
    window.resize(1024, 700)
    bar = tabs.tabBar()
    assert sum(bar.tabRect(i).width() for i in range(bar.count())) <= bar.width()
    for i in range(bar.count()):
        assert bar.tabRect(i).width() > bar.fontMetrics().horizontalAdvance(bar.tabText(i))
    # Typed, then another article at once: what was typed is saved first.
    qtbot.keyClicks(memo.editor, " Compare Kass.")
    other = next(a for a in window.ctx.library.articles() if a.id != first.id)
    window.open_article(other.id)
    assert window.ctx.annotations.memo(first.id).text == "Reads the swap as a thaw. Compare Kass."
    assert memo.editor.toPlainText() == "" and "memo" not in window.sidebar.count.text()
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


# Exports: the memos of the quoted articles travel with their passages.

from tests.test_exports import SCHEMAS, annotated, export  # noqa: E402, F401


@pytest.fixture
def memoed(annotated):  # noqa: F811
    """The exports' archive, with a memo on a quoted article and one on another."""
    ctx = annotated
    quoted = next(a for a in ctx.library.articles() if "Pentagon" in a.title)
    other = next(
        a
        for a in ctx.library.articles()
        if a.id not in {p.article_id for p in ctx.annotations.all_passages()}
    )
    ctx.annotations.set_memo(
        quoted.id, "Framing: *threat*, sourced to the Pentagon.", quoted.title, quoted.source
    )
    ctx.annotations.set_memo(other.id, "Read later <b>not markup</b>.", other.title, other.source)
    return ctx, quoted, other


def test_text_exports_end_with_the_memos_of_the_articles(memoed):
    from gui.exporting import Scope

    ctx, quoted, _ = memoed
    markdown = export(ctx, "md").decode()
    memos = markdown.split("## Memos on the articles", 1)[1]
    assert f"### {quoted.title}" in memos and "> Framing: *threat*" in memos
    assert "Read later" in memos  # everything: every memo
    one_tag = export(ctx, "md", Scope("tag", tag="Troops")).decode()
    assert "Framing" in one_tag and "Read later" not in one_tag  # the quoted article's only
    page = export(ctx, "html").decode()
    assert "<em>threat</em>" in page and "&lt;b&gt;not markup&lt;/b&gt;" in page
    with zipfile.ZipFile(io.BytesIO(export(ctx, "docx"))) as document:
        body = document.read("word/document.xml").decode()
    assert "Memos on the articles" in body and "sourced to the Pentagon" in body


def test_the_refi_qda_project_carries_each_memo_and_validates(memoed):
    from lxml import etree

    ctx, quoted, other = memoed
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd")))
    with zipfile.ZipFile(io.BytesIO(export(ctx, "qdpx"))) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    schema.assertValid(project)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    [source] = project.xpath(f"//q:TextSource[@name='{quoted.title}']", namespaces=ns)
    description = source.xpath("q:Description/text()", namespaces=ns)[0]
    assert description.endswith("Memo:\nFraming: *threat*, sourced to the Pentagon.")
    [ref] = source.xpath("q:NoteRef/@targetGUID", namespaces=ns)
    [note] = project.xpath(f"//q:Note[@guid='{ref}']", namespaces=ns)
    assert note.get("creationDateTime") and note.get("name").startswith("Memo on")
    # The article with a memo and no passage is a source too, its text with it.
    assert project.xpath(f"//q:TextSource[@name='{other.title}']", namespaces=ns)


def test_memos_round_trip_through_the_w3c_export(memoed, tmp_path):
    from gui.cli import main

    ctx = memoed[0]
    collection = json.loads(export(ctx, "json"))
    memos = [i for i in collection["first"]["items"] if i.get("ar:memo")]
    assert {m["motivation"] for m in memos} == {"commenting"}
    assert collection["total"] == len(collection["first"]["items"]) == 5
    path = tmp_path / "all.json"
    path.write_text(json.dumps(collection))
    empty = tmp_path / "empty"
    assert main(["annotations", "import-json", str(path), "--home", str(empty)]) == 0
    restored = AnnotationStore(empty / "annotations.sqlite")
    assert {(m.article_id, m.text) for m in restored.memos()} == {
        (m.article_id, m.text) for m in ctx.annotations.memos()
    }
    restored.close()


def test_show_gives_the_memo_in_json_and_text(seeded_ctx, seeded_home, capsys):
    from gui.cli import main

    article = next(iter(seeded_ctx.library.articles()))
    home = ["--home", str(seeded_home)]
    assert main([*home, "show", article.id, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["memo"] is None
    seeded_ctx.annotations.set_memo(article.id, "Read twice.")
    assert main([*home, "show", article.id, "--json"]) == 0
    memo = json.loads(capsys.readouterr().out)["memo"]
    assert memo["text"] == "Read twice." and memo["created"] and memo["modified"]
    assert main([*home, "show", article.id]) == 0
    assert capsys.readouterr().out.rstrip().endswith("Read twice.")


def test_the_export_dialog_counts_the_memos_it_will_write(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    article = window.reader.article
    window.ctx.annotations.set_memo(article.id, "Only a memo, no passage yet")
    dialog = window.show_export()
    qtbot.waitUntil(lambda: "to export" in dialog.status.text(), timeout=10_000)
    assert dialog.status.text() == "0 passages to export, and 1 article memo."
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    assert save.isEnabled()  # an export of everything writes the memo
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    dialog.format.setCurrentIndex(formats.index("csv"))  # a CSV has no place for it
    assert dialog.status.text() == "0 passages to export." and not save.isEnabled()
    dialog.close()


def test_print_and_pdf_end_with_the_memo(qtbot, seeded_home, tmp_path):
    from gui.article_print import printable
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    window.memo.editor.setPlainText("**Framing**: the Pentagon's word.")  # not saved yet
    memo = window.memos.current()  # saved first
    assert memo.text == "**Framing**: the Pentagon's word."
    document = printable(window.reader, [], memo)
    text = document.toPlainText()
    assert text.rstrip().endswith("Framing: the Pentagon's word.")  # rendered, not "**"
    assert "Memo" in text
    target = tmp_path / "a.pdf"
    window.export_article_pdf(str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_all_memos_lists_filters_and_opens_them(qtbot, seeded_home):
    from PySide6.QtGui import QAction

    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    articles = list(window.ctx.library.articles())[:3]
    for n, article in enumerate(articles):
        window.ctx.annotations.set_memo(
            article.id,
            f"Memo {n}: about framing" + (" and quokkas" if n == 1 else ""),
            article.title,
            article.source,
        )
    other = next(a for a in window.ctx.library.articles() if a not in articles)
    window.open_article(other.id)
    menu = next(a for a in window.findChildren(QAction) if a.text() == "All &memos…")
    menu.trigger()
    dialog = window.memos.all_dialog
    view = dialog.view.model()
    assert view.rowCount() == 3 and dialog.status.text().startswith("3 memos.")
    dialog.filter.setText("QUOKKA")  # in the memo, whatever its case
    assert view.rowCount() == 1 and dialog.status.text() == "1 of 3 memos."
    dialog.view.activated.emit(view.index(0, 0))  # Enter, or a double-click
    assert window.reader.article.id == articles[1].id
    assert window.sidebar.tabs.currentWidget() is window.memo
    assert window.memo.editor.toPlainText() == "Memo 1: about framing and quokkas"
    # Typing there shows in the list once saved.
    window.memo.editor.setPlainText("Rewritten with quokkas")
    window.memo.flush()
    assert view.index(0, 1).data() == "Rewritten with quokkas"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", view.index(0, 2).data())


def test_a_memo_emptied_by_mistake_comes_back_with_undo(qtbot, seeded_home):
    """Memos were not on the undo stack: a memo cleared and saved (half a second later)
    was gone for good once the article changed. One spell of typing is one step."""
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    first = window.reader.article
    memo, stack = window.memo, window.annotations.undo.stack
    window.sidebar.tabs.setCurrentWidget(memo)
    memo.editor.setFocus()
    qtbot.keyClicks(memo.editor, "Reads the swap")
    memo.flush()
    qtbot.keyClicks(memo.editor, " as a thaw.")
    memo.flush()  # a second save of the same spell: merged into the first
    assert stack.count() == 1 and stack.undoText().startswith("Edit the memo of “")
    memo.editor.selectAll()
    qtbot.keyClick(memo.editor, Qt.Key.Key_Delete)
    other = next(a for a in window.ctx.library.articles() if a.id != first.id)
    window.open_article(other.id)  # the emptied memo is saved, then another article
    assert window.ctx.annotations.memo(first.id) is None and stack.count() == 2
    stack.undo()
    assert window.ctx.annotations.memo(first.id).text == "Reads the swap as a thaw."
    window.open_article(first.id)
    assert memo.editor.toPlainText() == "Reads the swap as a thaw."
    stack.undo()  # before anything was typed: no memo
    assert window.ctx.annotations.memo(first.id) is None and memo.editor.toPlainText() == ""
    assert "memo" not in window.sidebar.count.text()
    stack.redo()
    assert memo.editor.toPlainText() == "Reads the swap as a thaw."
    assert window.ctx.annotations.memo(first.id).text == "Reads the swap as a thaw."
