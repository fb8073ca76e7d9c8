"""Reading and annotating in the window: real widgets, real SQLite, real index."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
)

from gui.main_window import MainWindow
from gui.passages_model import HtmlRole, IdRole
from tests.conftest import open_main_window


def open_window(qtbot, home) -> MainWindow:
    window = open_main_window(qtbot, home)
    article = next(a for a in window.ctx.library.articles() if "Pentagon" in a.title)
    window.open_article(article.id)
    return window


def select(window, quote: str, nth: int = 0) -> tuple[int, int]:
    text = window.reader.article.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    window.reader.select(start, start + len(quote))
    return start, start + len(quote)


def passages(window):
    return window.ctx.annotations.passages_for(window.reader.article.id)


def test_tagging_from_the_keyboard_and_recent_tags_on_number_keys(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    reader = window.reader.text
    select(window, "Sabrina Singh")
    reader.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Ctrl+T
    editor = window.findChild(QLineEdit, "tagEditor")
    assert editor.hasFocus()
    qtbot.keyClicks(editor, "Officials")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Extend a selection with the keyboard, then press 1 for the most recent tag.
    start, _ = select(window, "Lloyd Austin")
    cursor = reader.textCursor()
    cursor.setPosition(start)
    reader.setTextCursor(cursor)
    reader.setFocus()
    for _ in range(len("Lloyd Austin")):
        qtbot.keyClick(reader, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(reader, Qt.Key.Key_1)
    assert [(p.quote, [t.name for t in p.tags]) for p in passages(window)] == [
        ("Sabrina Singh", ["Officials"]),
        ("Lloyd Austin", ["Officials"]),
    ]
    assert "Officials" in window.findChild(type(window.sidebar.recent), "recentTags").text()
    qtbot.keyClick(reader, Qt.Key.Key_9)
    assert "There is no tag 9" in window.statusBar().currentMessage()


def test_overlapping_passages_are_drawn_mixed_and_marked(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    first = select(window, "NATO Secretary-General Mark Rutte")
    window.annotations.tag_selection(["Alliance"])
    second = select(window, "Mark Rutte labeled the deployment")
    window.annotations.tag_selection(["Framing"])
    overlap = (second[0], first[1])
    marked = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())
        for s in window.reader.text.extraSelections()
        if s.format.fontOverline()
    ]
    assert marked == [overlap]
    tip = window.reader.tooltip_at(overlap[0] + 1)
    assert "Alliance" in tip and "Framing" in tip


def test_undo_and_redo_every_annotation_edit(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Pyongyang")
    window.annotations.tag_selection(["Places"], "first note")
    [passage] = passages(window)
    window.annotations.edit_passage(passage.id, ["Places", "Capitals"], "second note")
    window.annotations.delete_passage(passage.id)
    assert passages(window) == []
    stack = window.annotations.undo.stack
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo delete
    [back] = passages(window)
    assert back.uuid == passage.uuid and back.note == "second note"
    assert window.sidebar.model.rowCount() == 1
    stack.undo()  # undo the edit (tags and note together)
    assert passages(window)[0].note == "first note"
    assert [t.name for t in passages(window)[0].tags] == ["Places"]
    stack.undo()  # undo the tagging
    assert passages(window) == [] and window.sidebar.model.rowCount() == 0
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, mods)  # redo
    assert passages(window)[0].uuid == passage.uuid


def test_editing_a_passage_in_place(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Pyongyang")
    window.annotations.tag_selection(["Places"])
    view = window.findChild(QListView, "annotationsView")
    index = view.model().index(0, 0)
    where = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    editor = window.findChild(QLineEdit, "tagEditor")
    assert editor.text() == "Places" and window.sidebar.editing is not None
    editor.setText("Places, Capitals")
    window.sidebar.note_editor.setPlainText("**Seat** of government")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    [edited] = passages(window)
    assert [t.name for t in edited.tags] == ["Capitals", "Places"]
    assert edited.note == "**Seat** of government"
    assert "font-weight:700" in index.data(HtmlRole)  # the note is shown as Markdown
    assert window.sidebar.editing is None and editor.text() == ""


def test_clicking_a_passage_scrolls_to_it_and_flashes(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    span = select(window, "accountable for this calculated involvement")
    window.annotations.tag_selection(["Accountability"])
    window.reader.text.moveCursor(QTextCursor.MoveOperation.Start)
    view = window.findChild(QListView, "annotationsView")
    index = view.model().index(0, 0)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert window.reader.selected_span() == span and window.reader.flashing()
    qtbot.waitUntil(lambda: not window.reader.flashing(), timeout=3_000)


def test_codebook_operations_with_their_consequences(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    for quote, tag in (("Pyongyang", "Places"), ("Moscow", "Capitals"), ("Kursk", "Regions")):
        select(window, quote)
        window.annotations.tag_selection([tag])
    dialog = window.annotations.show_codebook()
    store = window.ctx.annotations
    answers = []
    dialog.ask_item = lambda title, label, items: (answers.pop(0), True)
    dialog.ask_text = lambda title, label, text="": (answers.pop(0), True)
    dialog.ask_color = lambda color: QColor("#123456")
    questions = []

    def confirm(title, text):
        questions.append(text)
        return True

    dialog.confirm = confirm

    dialog.select("Capitals")
    answers.append("Places")
    assert dialog.findChild(QPushButton, "codebookMove") is not None
    dialog._move()
    assert store.tag_path(store.tag_named("Capitals")) == "Places/Capitals"
    dialog.select("Capitals")
    answers.append("Capital cities")
    dialog._rename()
    dialog.select("Capital cities")
    dialog._recolor()
    assert store.tag_named("Capital cities").color == "#123456"
    dialog.select("Regions")
    answers.append("Places")
    dialog._merge()
    assert store.tag_named("Regions") is None and "will be tagged “Places”" in questions[-1]
    dialog.select("Capital cities")
    dialog._delete()
    assert "tagged “Places” instead" in questions[-1]
    assert store.tag_named("Capital cities") is None
    assert dialog.tree.topLevelItemCount() == 1  # just Places, with its 3 passages
    assert dialog.tree.topLevelItem(0).text(1) == "3"
    stack = window.annotations.undo.stack
    for _ in range(5):  # delete, merge, recolour, rename, move
        stack.undo()
    assert store.tag_named("Capitals").parent_id is None
    assert store.tag_named("Regions") is not None
    assert sorted(t.name for t in store.tags()) == ["Capitals", "Places", "Regions"]


def test_all_passages_view_filters_sorts_and_opens(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Pyongyang")
    window.annotations.tag_selection(["Capitals"], "about the north")
    select(window, "Moscow")
    window.annotations.tag_selection(["Places"])
    store = window.ctx.annotations
    store.move_tag(store.tag_named("Capitals").id, store.tag_named("Places").id)
    dialog = window.annotations.show_all_passages()
    table = dialog.findChild(QTableView, "allPassagesView")

    def shows(rows: int) -> None:  # read in the background: wait for the answer
        qtbot.waitUntil(
            lambda: window.annotations.listing.task is None and table.model().rowCount() == rows,
            timeout=5_000,
        )

    shows(2)
    dialog.tag.setCurrentText("Places")
    shows(2)  # with its child tag
    dialog.children.setChecked(False)
    shows(1)
    dialog.children.setChecked(True)
    shows(2)
    dialog.text.setText("NORTH")  # asked once typing pauses
    assert table.model().rowCount() == 2
    shows(1)
    dialog.text.setText("")
    shows(2)
    dialog.order.setCurrentIndex(1)  # newest first
    qtbot.waitUntil(lambda: table.model().index(0, 0).data().startswith("Moscow"), timeout=5_000)
    window.reader.show_placeholder("elsewhere")
    dialog.view.activated.emit(table.model().index(1, 0))
    assert window.reader.selected_span() is not None
    assert window.reader.text.textCursor().selectedText() == "Pyongyang"


def test_tag_every_hit_with_a_preview_and_undo(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    window.search.set_query('"North Korean troops"')
    qtbot.waitUntil(lambda: window.results is not None and window.results.total > 0)
    dialog = window.annotations.show_bulk(window.search.query())
    qtbot.waitUntil(lambda: dialog.preview.count() > 0, timeout=10_000)
    assert "passages in" in dialog.count.text()
    dialog.tag.setText("NK troops")
    with qtbot.waitSignal(window.annotations.undo.changed, timeout=10_000):
        dialog.buttons.accepted.emit()
    tagged = window.ctx.annotations.all_passages(tag="NK troops")
    assert len(tagged) >= 5
    assert all(p.quote.lower().startswith("north korean troop") for p in tagged)
    window.annotations.undo.stack.undo()
    assert window.ctx.annotations.all_passages(tag="NK troops") == []


def test_two_windows_see_each_others_changes(qtbot, seeded_home):
    first = open_window(qtbot, seeded_home)
    second = open_window(qtbot, seeded_home)
    select(first, "Pyongyang")
    first.annotations.tag_selection(["Shared"])
    qtbot.waitUntil(lambda: second.sidebar.model.rowCount() == 1, timeout=5_000)
    assert "Shared" in second.sidebar.recent.text()


def test_one_hit_is_counted_in_the_singular(qtbot, seeded_home):
    """A bug: a phrase found once in the article read "1 hits here"."""
    window = open_window(qtbot, seeded_home)
    window.search.set_query('"air defense"')
    article = next(a for a in window.ctx.library.articles() if "Air Defenses" in a.title)
    window.open_article(article.id)
    qtbot.waitUntil(lambda: bool(window.reader.hit_spans()), timeout=10_000)
    assert len(window.reader.hit_spans()) == 1
    assert window.hit_position.text() == "1 hit here · F3 next"


def test_find_hits_and_copy_with_citation(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    pentagon = window.reader.article.id
    window.search.set_query("troops")
    # A new query shows its top hit; go back to the Pentagon story, which has hits too.
    qtbot.waitUntil(
        lambda: window._shown_request is not None and window._shown_request[0] == "troops",
        timeout=10_000,
    )
    window.open_article(pentagon)
    qtbot.waitUntil(lambda: bool(window.reader.hit_spans()), timeout=10_000)
    count = len(window.reader.hit_spans())
    assert window.hit_position.text() == f"{count} hits here · F3 next"
    window.reader.text.moveCursor(QTextCursor.MoveOperation.Start)
    window.reader.text.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.findChild(type(window.hit_position), "hitPosition").text() == f"Hit 1 of {count}"
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.hit_position.text() == f"Hit 2 of {count}"
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert window.hit_position.text() == f"Hit 1 of {count}"

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.findChild(QLineEdit, "findBox")
    assert box.isVisible()
    qtbot.keyClicks(box, "north korea")
    assert window.find_bar.count.text().endswith("found")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.reader.text.textCursor().selectedText().lower() == "north korea"

    select(window, "10,000 troops")
    window.copy_with_citation()
    copied = QApplication.clipboard().text()
    assert copied.startswith("“10,000 troops”\n— ")
    assert "North Korea Sends 10,000 Troops to Russia: Pentagon" in copied
    assert "002_29373696a4d02df1.txt, characters" in copied


def test_preferences_theme_font_and_kinds(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    dialog = window.show_preferences()
    assert dialog.findChild(QLabel, "prefHome").text() == window.ctx.home.describe()
    dialog.theme.setCurrentIndex(1)
    dialog.font_size.setValue(16)
    dialog.kinds["Date"].setChecked(True)
    dialog._apply()
    assert QApplication.instance().palette().window().color().name() == "#202124"
    assert window.reader.text.font().pointSize() == 16
    assert window.reader.layers.shown() >= {"Date", "Person"}
    assert window.ctx.settings.theme == "dark"
    dialog = window.show_preferences()
    dialog.theme.setCurrentIndex(0)
    dialog._apply()
    assert QApplication.instance().palette().window().color().name() != "#202124"


def test_an_orphan_is_listed_and_can_be_reattached(qtbot, seeded_home):
    window = open_window(qtbot, seeded_home)
    select(window, "Pyongyang")
    window.annotations.tag_selection(["Places"])
    [passage] = passages(window)
    window.ctx.annotations.connection.execute(
        "UPDATE passages SET orphan = 1 WHERE id = ?", (passage.id,)
    )
    window.annotations.refresh()
    view = window.findChild(QListView, "annotationsView")
    assert "not found in the current text" in view.model().index(0, 0).data(HtmlRole)
    select(window, "Moscow")
    window.annotations.reattach_passage(passage.id)
    [again] = passages(window)
    assert not again.orphan and again.quote == "Moscow"
    assert view.model().index(0, 0).data(IdRole) == passage.id


def test_the_tag_field_stays_put_when_text_is_selected(qtbot, seeded_home):
    """At 1,024 × 700 the hint above the tag field grew a line when text was selected,
    and the field moved down under the pointer about to click it."""
    window = open_window(qtbot, seeded_home)
    window.resize(1024, 700)
    editor = window.findChild(QLineEdit, "tagEditor")

    def field_top() -> int:
        QApplication.processEvents()
        return editor.mapTo(window, editor.rect().topLeft()).y()

    before = field_top()
    select(window, "Sabrina Singh")
    assert "press Enter, or press 1–9" in window.sidebar.hint.text()
    assert field_top() == before
    window.reader.select(0, 0)
    assert field_top() == before
