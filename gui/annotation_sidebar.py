"""The annotations sidebar: tag the selection (tags and a note), and the article's passages."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotations.model import Passage, Tag, text_color_on
from gui.html_delegate import HtmlDelegate
from gui.passages_model import HtmlRole, IdRole, PassagesModel


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class TagListCompleter(QCompleter):
    """Completes the tag being typed after the last comma, not the whole field: "Drones,
    Cas" offers "Casualties" and keeps "Drones, "."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index) -> str:
        done = self.widget().text().rsplit(",", 1)[0] if "," in self.widget().text() else ""
        name = super().pathFromIndex(index)
        return f"{done}, {name}" if done.strip() else name


HINT_IDLE = "Select text in the article, then type a tag and press Enter."
HINT_SELECTED = "Type a tag (or several, with commas) and press Enter, or press 1–9 in the text."
HINT_NEEDS_TAG = "A passage needs a tag. To remove it, press Delete in the list."


class SteadyLabel(QLabel):
    """A wrapped label at least as tall as the longest of its usual texts. The hint above
    the tag field changed from two lines to three when text was selected, and the field
    moved down under the pointer (found clicking through the window at 1,024 × 700)."""

    def __init__(self, texts: list[str], parent=None) -> None:
        super().__init__(texts[0], parent)
        self.setWordWrap(True)
        self._texts = texts
        self._measure = QLabel()  # never shown: only asked how tall a text would be
        self._measure.setWordWrap(True)

    def heightForWidth(self, width: int) -> int:
        self._measure.setFont(self.font())
        self._measure.setContentsMargins(self.contentsMargins())
        self._measure.setMargin(self.margin())
        tallest = 0
        for text in self._texts:
            self._measure.setText(text)
            tallest = max(tallest, self._measure.heightForWidth(width))
        return max(tallest, super().heightForWidth(width))


class AnnotationSidebar(QWidget):
    """The tag form and the passage list. It only emits requests; the window acts."""

    tag_requested = Signal(list, str)  # tags, note: tag the reader's selection
    edit_requested = Signal(int, list, str)  # passage id, tags, note
    passage_chosen = Signal(int)
    delete_requested = Signal(int)
    reattach_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hint = SteadyLabel([HINT_IDLE, HINT_SELECTED, HINT_NEEDS_TAG])
        self.hint.setObjectName("tagHint")
        self.tag_editor = QLineEdit(objectName="tagEditor")
        self.tag_editor.setPlaceholderText("Tags, separated by commas")
        self._tag_names = QStringListModel(self)
        completer = TagListCompleter(self._tag_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_editor.setCompleter(completer)
        self.note_editor = QPlainTextEdit(objectName="noteEditor")
        self.note_editor.setPlaceholderText("Note (optional, Markdown); Ctrl+Enter saves")
        self.note_editor.installEventFilter(self)
        self.note_editor.setFixedHeight(64)
        self.tag_button = QPushButton("Tag selection", objectName="tagButton")
        self.tag_button.setEnabled(False)
        self.cancel_edit_button = QPushButton("Cancel", objectName="cancelEditButton")
        self.cancel_edit_button.hide()
        self.cancel_edit_button.clicked.connect(self.end_edit)
        self.recent = QLabel(objectName="recentTags")
        self.recent.setWordWrap(True)
        self.recent.setTextFormat(Qt.TextFormat.RichText)
        self._editing: int | None = None
        self._selection = False

        self.model = PassagesModel(self)
        self.view = QListView(objectName="annotationsView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(HtmlRole, self.view))
        self.view.setWordWrap(True)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.count = QLabel(objectName="passageCount")
        self.count.setWordWrap(True)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_edit_button)
        row.addWidget(self.tag_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("<b>Tag the selection</b>")
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.tag_editor)
        layout.addWidget(self.note_editor)
        layout.addLayout(row)
        layout.addWidget(self.recent)
        passages = QWidget()
        passages_layout = QVBoxLayout(passages)
        passages_layout.setContentsMargins(0, 4, 0, 0)
        passages_layout.addWidget(self.count)
        passages_layout.addWidget(self.view, 1)
        self.tabs = QTabWidget(objectName="sidebarTabs")
        # Every tab in sight in a narrow sidebar (Passages, Names, Memo): their texts
        # shorten rather than hide a tab behind scroll arrows.
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.addTab(passages, "Passages")
        layout.addWidget(self.tabs, 1)

        self.tag_editor.returnPressed.connect(self._request)
        self.tag_button.clicked.connect(self._request)
        self.view.clicked.connect(self._choose)
        self.view.activated.connect(self._choose)
        self.view.doubleClicked.connect(lambda index: self.begin_edit_row(index))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete.activated.connect(self._delete_current)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.end_edit)
        self.set_passages([])

    def eventFilter(self, watched, event) -> bool:
        """In the note, Ctrl+Enter saves, and so does Enter while the note is empty (the
        hint said "press Enter" and Enter only added a line)."""
        enter = (
            watched is self.note_editor
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )
        if enter:
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if ctrl or not self.note_editor.toPlainText().strip():
                self._request()
                return True
        return super().eventFilter(watched, event)

    def set_tags(self, tags: list[Tag], recent: list[Tag] = ()) -> None:
        self._tag_names.setStringList([t.name for t in tags])
        chips = " ".join(
            f"<span style='background:{t.color}; color:{text_color_on(t.color)}'>&nbsp;"
            f"<b>{t.key or n}</b> {html.escape(t.name)}&nbsp;</span>"
            for n, t in enumerate(recent, start=1)
        )
        self.recent.setText(f"Keys: {chips}" if recent else "")
        self.recent.setToolTip(
            "With text selected in the article, press a tag's key to tag it; the codebook "
            "(Key…) changes the keys"
        )

    def set_selection_available(self, available: bool) -> None:
        self._selection = available
        if self._editing is not None:
            return
        self.tag_button.setEnabled(available)
        self.hint.setText(HINT_SELECTED if available else HINT_IDLE)

    # editing a passage in place

    def begin_edit_row(self, index: QModelIndex) -> None:
        passage = self.model.record(index.row()) if index.isValid() else None
        if passage is not None:
            self.begin_edit(passage)

    def begin_edit(self, passage: Passage) -> None:
        self._editing = passage.id
        self.tag_editor.setText(", ".join(t.name for t in passage.tags))
        self.note_editor.setPlainText(passage.note)
        self.tag_button.setText("Save changes")
        self.tag_button.setEnabled(True)
        self.cancel_edit_button.show()
        quote = passage.quote if len(passage.quote) < 60 else passage.quote[:59] + "…"
        self.hint.setText(f"Editing “{quote}”. Enter (Ctrl+Enter in the note) saves, Esc cancels.")
        self.tag_editor.setFocus()

    def end_edit(self) -> None:
        if self._editing is None:
            return
        self._editing = None
        self.clear_editor()
        self.tag_button.setText("Tag selection")
        self.cancel_edit_button.hide()
        self.set_selection_available(self._selection)

    @property
    def editing(self) -> int | None:
        return self._editing

    def set_passages(self, passages: list[Passage]) -> None:
        self.model.set_records(passages)
        self._show_count()

    def set_memo_written(self, written: bool) -> None:
        """Say under the passages that the article has a memo (the Memo tab's text stays
        short: three tabs must fit a narrow sidebar)."""
        self._memo_written = written
        self._show_count()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        text = f"<b>Passages in this article</b>: {n or 'none yet'}"
        if getattr(self, "_memo_written", False):
            text += " · <b>a memo</b> (Memo tab)"
        self.count.setText(text)

    def clear_editor(self) -> None:
        self.tag_editor.clear()
        self.note_editor.clear()

    def _request(self) -> None:
        tags = split_tags(self.tag_editor.text())
        note = self.note_editor.toPlainText().strip()
        if self._editing is not None:
            if tags:
                self.edit_requested.emit(self._editing, tags, note)
            else:
                self.hint.setText(HINT_NEEDS_TAG)
        elif tags:
            self.tag_requested.emit(tags, note)

    def _context_menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        passage = self.model.record(index.row())
        menu = QMenu(self)
        menu.addAction("Edit tags and note", lambda: self.begin_edit(passage))
        menu.addAction("Delete", lambda: self.delete_requested.emit(passage.id))
        reattach = menu.addAction(
            "Re-attach to the selected text", lambda: self.reattach_requested.emit(passage.id)
        )
        reattach.setEnabled(self._selection)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _choose(self, index: QModelIndex) -> None:
        passage_id = index.data(IdRole)
        if passage_id is not None:
            self.passage_chosen.emit(passage_id)

    def _delete_current(self) -> None:
        passage_id = self.view.currentIndex().data(IdRole)
        if passage_id is not None:
            self.delete_requested.emit(passage_id)
