"""The window a researcher lives in: saving from the note, completion after commas,
selections snapped to words, the text's context menu, New and New child in the
codebook, the shortcuts list, and the article as a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.test_annotating_in_window import open_window, passages, select


def test_ctrl_enter_in_the_note_saves_and_enter_in_an_empty_note_saves(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    note = window.sidebar.note_editor
    select(window, "Sabrina Singh")
    window.sidebar.tag_editor.setText("Officials")
    note.setFocus()
    qtbot.keyClicks(note, "First line")
    qtbot.keyClick(note, Qt.Key.Key_Return)  # a note with text: Enter is a new line
    assert passages(window) == [] and note.toPlainText() == "First line\n"
    qtbot.keyClicks(note, "second line")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [(p.quote, p.note) for p in passages(window)] == [
        ("Sabrina Singh", "First line\nsecond line")
    ]
    select(window, "Lloyd Austin")
    window.sidebar.tag_editor.setText("Officials")
    note.clear()
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_Return)  # the note is empty: Enter saves
    assert [p.quote for p in passages(window)] == ["Sabrina Singh", "Lloyd Austin"]


def test_tag_completion_works_after_each_comma(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Sabrina Singh")
    window.annotations.tag_selection(["Casualties", "Diplomacy"])
    editor = window.findChild(QLineEdit, "tagEditor")
    completer = editor.completer()
    editor.setText("Diplomacy, Cas")
    assert completer.splitPath(editor.text()) == ["Cas"]
    completer.setCompletionPrefix("Cas")
    # What goes into the field: the tags typed before, and the completed one.
    assert completer.currentCompletion() == "Diplomacy, Casualties"
    index = completer.completionModel().index(0, 0)
    assert completer.pathFromIndex(index) == "Diplomacy, Casualties"
    editor.setText("Dip")
    assert completer.splitPath(editor.text()) == ["Dip"]


def test_a_drag_selection_snaps_to_whole_words_unless_alt_is_held(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    reader = window.reader
    text = reader.article.text
    start = text.index("Sabrina Singh")
    # From inside "Sabrina" to inside "Singh", with a space before: half words.
    reader.select(start + 3, start + len("Sabrina Si"))
    reader.snap_selection()
    assert reader.text.textCursor().selectedText() == "Sabrina Singh"
    reader.select(start - 1, start + len("Sabrina "))  # spaces at both edges
    reader.snap_selection()
    assert reader.text.textCursor().selectedText() == "Sabrina"
    # A real mouse release snaps; with Alt held the exact selection stays.
    reader.select(start + 3, start + len("Sabrina Si"))
    viewport = reader.text.viewport()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(20)
    assert reader.text.textCursor().selectedText() == "rina Si"


def test_the_texts_context_menu_tags_cites_and_searches_the_selection(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Sabrina Singh")
    rect = window.reader.text.cursorRect()
    menu = window.reader.context_menu(rect.center())
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert {"tagSelectionAction", "copyCitationAction", "searchSelectionAction"} <= set(actions)
    actions["searchSelectionAction"].trigger()
    assert window.search.box.text() == '"Sabrina Singh"'
    select(window, "Sabrina Singh")
    actions["tagSelectionAction"].trigger()
    qtbot.waitUntil(lambda: window.sidebar.tag_editor.hasFocus(), timeout=2_000)


def test_codebook_new_is_top_level_and_new_child_is_a_child(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Pyongyang")
    window.annotations.tag_selection(["Places"])
    dialog = window.annotations.show_codebook()
    store = window.ctx.annotations
    dialog.select("Places")
    answers = ["Actors", "Capitals"]
    dialog.ask_text = lambda title, label, text="": (answers.pop(0), True)
    dialog.findChild(QPushButton, "codebookNew").click()
    assert store.tag_named("Actors").parent_id is None  # not under the selected "Places"
    dialog.select("Places")
    dialog.findChild(QPushButton, "codebookNewChild").click()
    assert store.tag_named("Capitals").parent_id == store.tag_named("Places").id


def test_keyboard_shortcuts_lists_every_menu_key(qtbot, seeded_home):
    from gui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

    window = open_window(qtbot, seeded_home)
    rows = shortcut_rows(window)
    keys = {keys for _where, keys, _what in rows}
    assert {"Ctrl+T", "Ctrl+E", "Ctrl+Shift+C", "Ctrl+U", "F1"} <= keys
    listed = {what for _where, _keys, what in rows}
    for action in window.findChildren(type(window.menuBar().actions()[0])):
        if not action.shortcut().isEmpty() and action.text():
            assert action.text().replace("&", "").rstrip("…") in listed, action.text()
    dialog = ShortcutsDialog(window)
    assert dialog.table.rowCount() == len(rows)


def test_the_open_article_exports_to_a_pdf(qtbot, seeded_home, tmp_path):
    window = open_window(qtbot, seeded_home)
    select(window, "Sabrina Singh")
    window.annotations.tag_selection(["Officials"])
    target = tmp_path / "article.pdf"
    window.export_article_pdf(str(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000


def test_menu_actions_call_their_slot_with_nothing(qtbot, seeded_home, tmp_path, monkeypatch):
    """File → Export article to PDF took the menu's `checked` flag (False) for the file's
    path, skipped the Save dialog and failed: "Something went wrong"."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    window = open_window(qtbot, seeded_home)
    target = tmp_path / "from-menu.pdf"
    asked = []

    def save_dialog(*args, **kwargs):  # the user picks a file in the Save dialog
        asked.append(args[1])
        return str(target), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    menu = next(a for a in window.findChildren(QAction) if a.text() == "Export article to P&DF…")
    menu.trigger()
    assert asked == ["Export article to PDF"]
    assert target.read_bytes().startswith(b"%PDF")


def test_a_new_query_shows_its_top_hit_selected(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    shown = window.reader.article.id

    def settled(query: str) -> bool:
        results = window._last_results
        return (
            results is not None
            and window.search.request().full_text == query
            and window._shown_request is not None
            and window._shown_request[0] == query
        )

    window.search.set_query("Pyongyang")
    qtbot.waitUntil(lambda: settled("Pyongyang"), timeout=10_000)
    top = window._last_results.hits[0].id
    assert window.reader.article.id == top
    current = window.search.view.currentIndex()
    assert current.row() == 0 and window.reader.article.id == top
    # A refresh of the same query keeps the article the researcher moved to.
    other = window._last_results.hits[1].id
    window.open_article(other)
    window.run_search()
    qtbot.wait(300)
    assert window.reader.article.id == other
    from gui.results_model import IdRole

    assert window.search.view.currentIndex().data(IdRole) == other
    assert shown  # the window opened an article at start


def test_cancelling_name_finding_says_the_text_is_searchable(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    library = window.ctx.library
    assert library.requeue_entities(["the"]) == 13
    window._start_entities()
    qtbot.waitUntil(lambda: window._phase == "entities", timeout=30_000)
    window.cancel_indexing()
    message = window.statusBar().currentMessage()
    assert "every article is searchable" in message and "no names yet" in message
    assert "previous index is kept" not in message
    qtbot.waitUntil(lambda: not window.writer.busy, timeout=60_000)
    left = library.store.pending_entities_count()
    if left:  # the run stopped before the end: the report names what is left
        report = window.report_text()
        from gui.wording import count

        assert f"{count(left, 'article')} {'has' if left == 1 else 'have'} no names" in report


def test_the_workspace_comes_back_after_a_real_close_and_reopen(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_window(qtbot, seeded_home)
    window.resize(760, 540)  # within the offscreen screen (800 x 600)
    splitter = window.centralWidget()
    splitter.setSizes([300, 560, 240])
    window.search.set_request("drones", ["place:Kursk"], "articles", "date")
    qtbot.waitUntil(lambda: window._shown_request == ("drones place:Kursk", "articles", "date"))
    hits = window._last_results.hits
    chosen = hits[-1].id
    window.open_article(chosen)
    bar = window.reader.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    size, sizes = (window.width(), window.height()), splitter.sizes()
    window.close()

    again = open_main_window(qtbot, seeded_home)
    request = again.search.request()
    assert (request.text, request.filters, request.scope, request.sort) == (
        "drones",
        ["place:Kursk"],
        "articles",
        "date",
    )
    qtbot.waitUntil(lambda: again.reader.article is not None, timeout=10_000)
    assert again.reader.article.id == chosen
    qtbot.waitUntil(lambda: again.reader.text.verticalScrollBar().value() == place, timeout=5_000)
    assert (again.width(), again.height()) == size
    assert again.centralWidget().sizes() == sizes


def test_back_and_forward_go_through_opened_articles(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    ids = [a.id for a in window.ctx.library.articles()][:3]
    for article_id in ids:
        window.open_article(article_id)
    window.reader.text.setFocus()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.reader.article.id == ids[1]
    qtbot.mousePress(window.reader.text.viewport(), Qt.MouseButton.BackButton)
    assert window.reader.article.id == ids[0]
    qtbot.keyClick(window.reader.text, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.reader.article.id == ids[1]
    qtbot.mousePress(window.reader.text.viewport(), Qt.MouseButton.ForwardButton)
    assert window.reader.article.id == ids[2]
    # Opening another article from the middle drops the forward history.
    window.go_back()
    window.open_article(ids[0])
    window.go_forward()
    assert window.reader.article.id == ids[0]
    assert "No later article" in window.statusBar().currentMessage()


def test_the_window_works_at_1024_by_700_and_at_twice_the_scale(qtbot, seeded_home):
    """Nothing needs more than 1,024 x 700: the legend wraps, and every control of the
    three panes is inside the window (at 2x on a 1,920 x 1,080 screen the window has
    960 x 540 device-independent pixels)."""
    from PySide6.QtWidgets import QAbstractButton, QLineEdit

    window = open_window(qtbot, seeded_home)
    minimum = window.minimumSizeHint()
    assert minimum.width() <= 960 and minimum.height() <= 540
    for width, height in ((1024, 700), (960, 540)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.width() == w, timeout=2_000)
        qtbot.wait(50)
        assert (window.width(), window.height()) == (width, height)
        frame = window.rect()
        controls = [
            w
            for kind in (QAbstractButton, QLineEdit)
            for w in window.findChildren(kind)
            if w.isVisible() and w.objectName()
        ]
        assert controls
        for control in controls:
            top_left = control.mapTo(window, control.rect().topLeft())
            bottom_right = control.mapTo(window, control.rect().bottomRight())
            assert frame.contains(top_left) and frame.contains(bottom_right), (
                control.objectName(),
                width,
            )
        legend = window.reader.layers
        assert legend.height() > legend.sizeHint().height()  # wrapped onto two lines


def test_a_clicked_passage_is_shown_whole_with_text_above_it(qtbot, seeded_home):
    from PySide6.QtGui import QTextCursor

    window = open_window(qtbot, seeded_home)
    text = window.reader.article.text
    quote = text[text.index("\n", len(text) // 2) + 1 :][:40].strip()
    start = text.index(quote)
    window.reader.select(start, start + len(quote))
    window.annotations.tag_selection(["Late"])
    window.reader.text.moveCursor(QTextCursor.MoveOperation.Start)
    window.reader.text.verticalScrollBar().setValue(0)
    passage = passages(window)[0]
    window.annotations.go_to_passage(passage.id)
    editor = window.reader.text
    cursor = QTextCursor(editor.document())
    cursor.setPosition(window.reader._offsets(passage.start))
    top = editor.cursorRect(cursor).top()
    cursor.setPosition(window.reader._offsets(passage.end))
    bottom = editor.cursorRect(cursor).bottom()
    page = editor.viewport().height()
    assert page // 8 <= top and bottom <= page  # whole, with text above it


def test_keys_belong_to_tags_and_stay_theirs(qtbot, seeded_home):
    """Keys 1-9 once followed the most recently used tags, so Casualties went from 1 to
    3 to 5 while one worked. A tag keeps its key; new tags take free keys; the codebook
    changes keys (and Ctrl+Z undoes that)."""
    window = open_window(qtbot, seeded_home)
    store = window.ctx.annotations
    for quote, tag in (("Pyongyang", "Casualties"), ("Moscow", "Diplomacy"), ("Kursk", "Drones")):
        select(window, quote)
        window.annotations.tag_selection([tag])
    keys = {t.name: t.key for t in store.keyed_tags()}
    assert keys == {"Casualties": 1, "Diplomacy": 2, "Drones": 3}
    select(window, "Lloyd Austin")
    window.annotations.apply_recent(1)  # Casualties, used longest ago, still has key 1
    assert [t.name for t in passages(window)[-1].tags] == ["Casualties"]
    select(window, "Sabrina Singh")
    window.annotations.tag_selection(["Officials"])  # the most recent tag: key 4, not 1
    assert store.tag_named("Officials").key == 4 and store.tag_named("Casualties").key == 1
    # The codebook gives Officials key 1; Casualties gives it up; Ctrl+Z puts it back.
    dialog = window.annotations.show_codebook()
    dialog.select("Officials")
    dialog.ask_item = lambda title, label, items: ("1", True)
    dialog.findChild(QPushButton, "codebookKey").click()
    assert store.tag_named("Officials").key == 1 and store.tag_named("Casualties").key is None
    assert "1" in window.sidebar.recent.text() and "Officials" in window.sidebar.recent.text()
    window.annotations.undo.stack.undo()
    assert store.tag_named("Officials").key == 4 and store.tag_named("Casualties").key == 1


def test_an_older_database_gives_keys_to_its_most_recently_used_tags(tmp_path):
    import sqlite3

    from annotations import db as database
    from annotations.store import AnnotationStore

    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    for statement in filter(str.strip, database.MIGRATIONS[0].split(";")):
        old.execute(statement)
    for number in range(12):
        old.execute(
            "INSERT INTO tags(name, color, created_at, used_at) VALUES (?, '#ffd54f', ?, ?)",
            (f"T{number}", "2026-01-01T00:00:00Z", f"2026-01-{number + 1:02d}T00:00:00Z"),
        )
    old.execute("PRAGMA user_version=1")
    old.commit()
    old.close()
    store = AnnotationStore(path)
    try:
        keyed = [(t.key, t.name) for t in store.keyed_tags()]
        assert keyed == [(n, f"T{12 - n}") for n in range(1, 10)]
    finally:
        store.close()


def test_the_panes_do_not_move_when_passages_appear(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    window.resize(1024, 700)
    splitter = window.centralWidget()
    qtbot.wait(50)
    sizes = splitter.sizes()
    select(window, "Sabrina Singh")
    window.annotations.tag_selection(["Officials"], "a note long enough to wrap in the list")
    qtbot.wait(50)
    assert splitter.sizes() == sizes  # the first passage saved
    other = next(a for a in window.ctx.library.articles() if "Pentagon" not in a.title)
    window.open_article(other.id)
    qtbot.wait(50)
    assert splitter.sizes() == sizes  # an article without passages


def test_small_things_recent_queries_export_folder_and_qt_settings_in_the_home(
    qtbot, seeded_home, tmp_path
):
    from PySide6.QtCore import QSettings

    from gui.app import keep_qt_settings_in

    window = open_window(qtbot, seeded_home)

    # A query read for a while is remembered without Enter when the next one comes; a
    # prefix typed on the way is not.
    def shown(query: str) -> bool:
        return window._shown_request is not None and window._shown_request[0] == query

    window.search.set_query("dro")
    qtbot.waitUntil(lambda: shown("dro"), timeout=10_000)
    window.search.set_query("drones")
    qtbot.waitUntil(lambda: shown("drones"), timeout=10_000)
    window._shown_since -= 5  # "drones" stayed on screen for five seconds
    window.search.set_query("kursk")
    qtbot.waitUntil(lambda: shown("kursk"), timeout=10_000)
    assert "drones" in window.ctx.settings.recent_queries
    assert "dro" not in window.ctx.settings.recent_queries
    # Save As starts in the folder of the last export.
    target = tmp_path / "exports" / "passages.md"
    target.parent.mkdir()
    with qtbot.waitSignal(window.export_finished, timeout=10_000):
        window._export_save(None, "md", None, "tag", False, path=target)
    assert window.ctx.settings.workspace["export_folder"] == str(target.parent)
    # Qt's own settings (QtProject.conf, the file dialogs' state) stay in the home.
    keep_qt_settings_in(tmp_path / "config")
    qt = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "QtProject")
    qt.setValue("probe", 1)
    qt.sync()
    assert str(tmp_path / "config") in qt.fileName() and Path(qt.fileName()).exists()


def test_the_names_tab_shows_whole_names_in_a_narrow_sidebar(qtbot, seeded_home):
    from PySide6.QtWidgets import QTableView

    window = open_window(qtbot, seeded_home)
    window.resize(1024, 700)
    article = next(
        a
        for a in window.ctx.library.articles()
        if any(m.canonical == "Vladimir Putin" for m in window.ctx.library.mentions(a.id))
    )
    window.open_article(article.id)
    window.sidebar.tabs.setCurrentIndex(1)
    view = window.findChild(QTableView, "articleEntitiesView")
    qtbot.wait(50)
    width = view.fontMetrics().horizontalAdvance("Vladimir Putin")
    assert view.columnWidth(0) > width + 8
    row = next(
        r for r in range(view.model().rowCount()) if "Putin" in view.model().index(r, 0).data()
    )
    assert "Person" in view.model().index(row, 0).data(Qt.ItemDataRole.ToolTipRole)


QUIT_DRIVER = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from gui import main_window

shown = main_window.MainWindow._on_progress

def on_progress(self, tick):
    shown(self, tick)
    if tick.phase == "entities" and not getattr(self, "_quitting", False):
        self._quitting = True
        print("closing", time.time(), flush=True)
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, self.close)

main_window.MainWindow._on_progress = on_progress
from gui.cli import main
sys.exit(main(["open", sys.argv[1], "--home", sys.argv[2]]))
"""


def test_quitting_while_names_are_found_ends_the_process_at_once(tmp_path):
    """The process lived on for about 11 s after a quit during name finding; the run is
    safe to stop anywhere, and the next start finishes it."""
    import shutil
    import subprocess
    import sys
    import time

    from tests.conftest import SEEDS

    folder = tmp_path / "archive"
    shutil.copytree(SEEDS, folder)
    home = tmp_path / "home"
    process = subprocess.Popen(
        [sys.executable, "-c", QUIT_DRIVER, str(folder), str(home)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    line = process.stdout.readline()
    assert line.startswith("closing"), line + process.stderr.read()
    closed = float(line.split()[1])
    process.wait(timeout=60)
    assert time.time() - closed < 3.0
    # Nothing was lost: the text is searchable, and names come on the next run.
    from gui.context import AppContext
    from gui.paths import resolve_home

    ctx = AppContext(resolve_home(home))
    try:
        assert ctx.library.searcher().search("prisoner").total >= 1
    finally:
        ctx.close_thread()


def test_unweighted_hits_show_no_score_and_an_error_shows_no_count(qtbot, seeded_home):
    from gui.results_model import HtmlRole

    window = open_window(qtbot, seeded_home)
    model = window.search.model

    def shown(query: str) -> bool:
        return window._shown_request is not None and window._shown_request[0] == query

    window.search.set_query("place:Kursk")  # an entity clause: every hit weighs the same
    qtbot.waitUntil(lambda: shown("place:Kursk"), timeout=10_000)
    assert model.rowCount() >= 2 and not model.ranked
    assert all("score" not in model.index(r, 0).data(HtmlRole) for r in range(model.rowCount()))
    window.search.set_query("drones")
    qtbot.waitUntil(lambda: shown("drones"), timeout=10_000)
    assert model.ranked and "score" in model.index(0, 0).data(HtmlRole)
    window.search.show_error("The query cannot be read: a quote is missing.")
    assert window.search.tabs.tabText(0) == "Articles" and model.rowCount() == 0


def test_the_side_panes_fold_away_and_stay_folded(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_window(qtbot, seeded_home)
    window.resize(1024, 700)
    qtbot.wait(50)
    reader_width = window.reader.width()
    qtbot.keyClick(window, Qt.Key.Key_F9)  # the tag sidebar
    qtbot.keyClick(window, Qt.Key.Key_F8)  # the search pane
    qtbot.wait(50)
    assert not window.sidebar.isVisible() and not window.search.isVisible()
    assert window.reader.width() > reader_width + 400
    assert window.minimumSizeHint().width() < 500  # the text alone fits a small window
    window.close()
    again = open_main_window(qtbot, seeded_home)
    assert not again.sidebar.isVisible() and not again.search.isVisible()
    again.resize(1024, 700)
    again.set_panes(True, True)
    assert again.sidebar.isVisible() and again.search.isVisible()


def test_a_narrow_window_folds_side_panes_by_itself_and_shows_them_again(qtbot, seeded_home):
    """Below the width of three panes the tag sidebar folds first, then the search pane;
    widening shows them again; F9 asks for the sidebar back and the search pane makes room.
    The researcher's own choice, not the narrow window's, is what is kept."""
    window = open_window(qtbot, seeded_home)
    window.resize(1024, 700)
    qtbot.wait(50)
    assert window.search.isVisible() and window.sidebar.isVisible()
    window.resize(700, 600)
    qtbot.waitUntil(lambda: window.width() == 700, timeout=2_000)
    assert window.search.isVisible() and not window.sidebar.isVisible()
    assert not window.sidebar_action.isChecked()
    assert "narrow" in window.statusBar().currentMessage()
    window.resize(400, 600)
    qtbot.waitUntil(lambda: window.width() == 400, timeout=2_000)
    assert not window.search.isVisible() and window.reader.isVisible()
    assert window.reader.width() >= 300
    window.resize(700, 600)
    qtbot.waitUntil(lambda: window.width() == 700, timeout=2_000)
    assert window.search.isVisible() and not window.sidebar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F9)  # the sidebar, asked for: the search pane folds
    assert window.sidebar.isVisible() and not window.search.isVisible()
    assert window.sidebar.width() >= 240
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: window.width() == 1100, timeout=2_000)
    assert window.search.isVisible() and window.sidebar.isVisible()
    window.resize(700, 600)
    qtbot.waitUntil(lambda: window.width() == 700, timeout=2_000)
    window.save_workspace()
    assert window.ctx.settings.workspace["panes"] == {"search": True, "sidebar": True}


def test_the_search_hint_is_shortened_not_cut_in_a_narrow_pane(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    window.resize(1400, 700)
    window.centralWidget().setSizes([600, 500, 300])
    qtbot.wait(50)
    box = window.search.box
    assert box.placeholderText().startswith("Search the archive: words")
    window.centralWidget().setSizes([260, 840, 300])
    qtbot.wait(50)
    hint = box.placeholderText()
    assert hint != 'Search the archive: words, "phrases", person:…  (?)'
    assert box.fontMetrics().horizontalAdvance(hint) <= box.width() - 40
    assert "person:" in box.toolTip()


def test_a_long_articles_first_hit_is_shown_when_it_opens(qtbot, tmp_path):
    """A book's or a long report's first hit can be pages down: opening it from a search
    brings the hit into view without selecting it (a key pressed then would tag it),
    and F3 puts a hit a quarter down the page, not on its bottom line."""
    from tests.conftest import open_main_window

    folder = tmp_path / "long"
    folder.mkdir()
    prose = "The crew mended the nets and the ship sailed on through the grey water."
    paragraphs = [prose] * 150 + ["At dawn an albatross followed the ship."] + [prose] * 20
    (folder / "voyage.txt").write_text("A Long Voyage\n\n" + "\n\n".join(paragraphs) + "\n")
    window = open_main_window(qtbot, tmp_path / "home", folder)
    window.search.set_query("albatross")
    qtbot.waitUntil(lambda: "hit" in window.hit_position.text(), timeout=20_000)
    reader = window.reader
    assert reader.article.title == "A Long Voyage"
    text = reader.text
    assert text.verticalScrollBar().value() > 0
    assert not text.textCursor().hasSelection()
    start, end = reader.hit_spans()[0]

    def rect_of(offset: int):
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(text.document())
        cursor.setPosition(offset)
        return text.cursorRect(cursor)

    page = text.viewport().height()
    assert rect_of(start).top() >= 0 and rect_of(end).bottom() <= page
    text.verticalScrollBar().setValue(0)
    window._hit_step(1)
    assert text.textCursor().hasSelection()
    assert rect_of(start).top() < page // 2


def test_the_indexing_report_lists_the_librarys_skipped_files_after_a_restart(qtbot, tmp_path):
    """The report said only what the last run did: after a restart, the run that finds
    nothing changed, and the skipped files and their reasons were gone from it. It now
    lists the library folder by folder and every skipped file with its reason."""
    from tests.conftest import open_main_window

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text("Ferry Terminal Delayed\n\nThe ferry terminal opens late.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.dat").write_bytes(bytes(range(256)) * 40)
    home = tmp_path / "home"
    first = open_main_window(qtbot, home, folder)
    first.close()
    again = open_main_window(qtbot, home, folder)
    report = again.report_text()
    assert "skipped" not in report.splitlines()[0]  # this run read nothing again
    assert f"{folder}: 1 article from 3 files, 2 skipped" in report  # not "1 articles"
    assert f"{folder / 'empty.txt'}: empty file" in report
    assert f"{folder / 'binary.dat'}: binary content" in report


def test_a_headline_without_text_says_so_in_the_reader(qtbot, tmp_path):
    from tests.conftest import open_main_window

    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "headlines.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Copper output falls</title></item>"
        "<item><title>Grain exports rise</title><description>Exports rose.</description>"
        "</item></channel></rss>"
    )
    window = open_main_window(qtbot, tmp_path / "home", folder)
    by_title = {a.title: a.id for a in window.ctx.library.articles()}
    window.open_article(by_title["Copper output falls"])
    qtbot.waitUntil(lambda: window.reader.article is not None, timeout=10_000)
    qtbot.waitUntil(lambda: window.reader.article.title == "Copper output falls", timeout=10_000)
    assert window.reader.text.placeholderText().startswith("A headline only")
    window.open_article(by_title["Grain exports rise"])
    qtbot.waitUntil(lambda: window.reader.article.title == "Grain exports rise", timeout=10_000)
    assert window.reader.text.placeholderText() == ""
    window.open_article(by_title["Copper output falls"])
    qtbot.waitUntil(lambda: window.reader.article.title == "Copper output falls", timeout=10_000)
    window.reader.show_placeholder("Indexing the archive…")  # says nothing of an article
    assert window.reader.text.placeholderText() == ""
