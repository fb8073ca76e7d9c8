"""The window end to end, with real widgets, a real index and a real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QListView, QPushButton, QTextEdit

from gui.context import AppContext
from gui.main_window import MainWindow
from gui.passages_model import IdRole as PassageIdRole
from gui.paths import resolve_home
from gui.results_model import IdRole
from tests.conftest import open_main_window

QUOTE = "10,000 troops"


def open_window(qtbot, home) -> MainWindow:
    return open_main_window(qtbot, home)


def search_and_open(qtbot, window: MainWindow, query: str) -> str:
    box = window.findChild(QLineEdit, "searchBox")
    box.clear()
    qtbot.keyClicks(box, query)  # search as you type, after the debounce
    results = window.findChild(QListView, "resultsView")
    qtbot.waitUntil(
        lambda: window.results is not None and window.results.query == query, timeout=10_000
    )
    assert results.model().rowCount() > 0
    first = results.model().index(0, 0)
    qtbot.mouseClick(
        results.viewport(), Qt.MouseButton.LeftButton, pos=results.visualRect(first).center()
    )
    article_id = first.data(IdRole)
    qtbot.waitUntil(
        lambda: window.reader.article is not None and window.reader.article.id == article_id
    )
    return article_id


def close(window: MainWindow) -> None:
    window.close()
    window.ctx.close_thread()


def test_search_read_tag_reopen_and_export(qtbot, seeded_home, tmp_path):
    window = open_window(qtbot, seeded_home)
    article_id = search_and_open(qtbot, window, "Pentagon troops")
    reader = window.findChild(QTextEdit, "readerView")
    text = reader.toPlainText()
    assert text == window.ctx.library.article(article_id).text  # positions are offsets
    # Search words are highlighted, from the index's stored positions, off the GUI thread.
    qtbot.waitUntil(lambda: bool(window.reader.hit_spans()), timeout=5_000)
    marked = {text[s:e].lower() for s, e in window.reader.hit_spans()}
    assert marked <= {"pentagon", "troops", "troop"} and "pentagon" in marked

    start = text.index(QUOTE)
    cursor = reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(QUOTE), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    editor = window.findChild(QLineEdit, "tagEditor")
    qtbot.keyClicks(editor, "Troop numbers")
    window.sidebar.note_editor.setPlainText("Compare with the GUR estimate")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    sidebar = window.findChild(QListView, "annotationsView")
    assert sidebar.model().rowCount() == 1
    colour = window.ctx.annotations.tags()[0].color.lower()
    painted = [
        s for s in reader.extraSelections() if s.format.background().color().name() == colour
    ]
    assert [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in painted] == [
        (start, start + len(QUOTE))
    ]
    close(window)

    window = open_window(qtbot, seeded_home)
    search_and_open(qtbot, window, "Pentagon troops")
    sidebar = window.findChild(QListView, "annotationsView")
    assert sidebar.model().rowCount() == 1
    row = sidebar.model().index(0, 0)
    passage = window.ctx.annotations.passage(row.data(PassageIdRole))
    assert passage.quote == QUOTE and passage.note == "Compare with the GUR estimate"

    window.reader.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.mouseClick(
        sidebar.viewport(), Qt.MouseButton.LeftButton, pos=sidebar.visualRect(row).center()
    )
    assert window.reader.selected_span() == (start, start + len(QUOTE))

    target = tmp_path / "export.md"
    with qtbot.waitSignal(window.export_finished, timeout=10_000):
        window.export_markdown(target)
    exported = target.read_text()
    assert QUOTE in exported and "## Troop numbers" in exported
    close(window)


def test_first_run_indexes_the_folder_with_progress(qtbot, home_dir):
    from tests.conftest import SEEDS

    window = MainWindow(AppContext(resolve_home(home_dir)), SEEDS)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.idle, timeout=120_000):
        window.start()
        assert window.progress.isVisible()  # progress shows while the first index builds
    assert not window.progress.isVisible()
    assert window.search.model.rowCount() == 13
    assert window.reader.article is not None
    facets = window.search.facets
    groups = {facets.topLevelItem(i).text(0) for i in range(facets.topLevelItemCount())}
    assert {"People", "Places", "Organisations"} <= groups  # counted after the names came
    assert window.ctx.settings.last_folder == str(SEEDS)
    close(window)


def test_tagging_without_a_selection_explains_what_to_do(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    editor = window.findChild(QLineEdit, "tagEditor")
    qtbot.keyClicks(editor, "Anything")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "Select some text" in window.statusBar().currentMessage()
    assert window.ctx.annotations.all_passages() == []
    close(window)


def test_a_syntax_error_shows_inline(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    window.search.set_query("AND OR")
    qtbot.waitUntil(lambda: "query" in window.search.status.text().lower(), timeout=5_000)
    assert window.search.model.rowCount() == 0
    close(window)


def test_cancel_keeps_the_previous_index(qtbot, seeded_home, tmp_path):
    from tests.test_crash import make_archive

    window = open_window(qtbot, seeded_home)
    big = tmp_path / "big"
    make_archive(big, 600)
    window.index_folder(big)
    qtbot.waitUntil(lambda: window.progress.value() > 0, timeout=30_000)
    with qtbot.waitSignal(window.idle, timeout=30_000):
        window.findChild(QPushButton, "cancelIndexing").click()
    assert "cancelled" in window.statusBar().currentMessage()
    assert len(window.ctx.library.articles()) == 13
    assert str(big) not in window.ctx.library.folders()
    close(window)


def test_about_names_the_versions_without_loading_spacy(qtbot, seeded_home):
    import sys

    from PySide6.QtWidgets import QMessageBox

    already = "spacy" in sys.modules
    window = open_window(qtbot, seeded_home)
    box = window.show_about()
    assert isinstance(box, QMessageBox)
    for name in ("Archive Reader", "Qt", "Whoosh", "spaCy", "English model"):
        assert name in box.text()
    assert "not installed" not in box.text()
    assert already or "spacy" not in sys.modules
    box.close()
    close(window)
