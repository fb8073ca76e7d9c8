"""The annotations sidebar: tag the selection (tags and a note), and the article's passages."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotations.model import Passage, Tag
from gui.html_delegate import HtmlDelegate
from gui.passages_model import HtmlRole, IdRole, PassagesModel


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class AnnotationSidebar(QWidget):
    """Emits `tag_requested(tags, note)`, `passage_chosen(id)` and `delete_requested(id)`."""

    tag_requested = Signal(list, str)
    passage_chosen = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hint = QLabel("Select text in the article, then type a tag and press Enter.")
        self.hint.setWordWrap(True)
        self.hint.setObjectName("tagHint")
        self.tag_editor = QLineEdit(objectName="tagEditor")
        self.tag_editor.setPlaceholderText("Tags, separated by commas")
        self._tag_names = QStringListModel(self)
        completer = QCompleter(self._tag_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tag_editor.setCompleter(completer)
        self.note_editor = QPlainTextEdit(objectName="noteEditor")
        self.note_editor.setPlaceholderText("Note (optional)")
        self.note_editor.setFixedHeight(64)
        self.tag_button = QPushButton("Tag selection", objectName="tagButton")
        self.tag_button.setEnabled(False)

        self.model = PassagesModel(self)
        self.view = QListView(objectName="annotationsView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(HtmlRole, self.view))
        self.view.setWordWrap(True)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.count = QLabel(objectName="passageCount")

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.tag_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("<b>Tag the selection</b>")
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.tag_editor)
        layout.addWidget(self.note_editor)
        layout.addLayout(row)
        passages = QWidget()
        passages_layout = QVBoxLayout(passages)
        passages_layout.setContentsMargins(0, 4, 0, 0)
        passages_layout.addWidget(self.count)
        passages_layout.addWidget(self.view, 1)
        self.tabs = QTabWidget(objectName="sidebarTabs")
        self.tabs.addTab(passages, "Passages")
        layout.addWidget(self.tabs, 1)

        self.tag_editor.returnPressed.connect(self._request)
        self.tag_button.clicked.connect(self._request)
        self.view.clicked.connect(self._choose)
        self.view.activated.connect(self._choose)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete.activated.connect(self._delete_current)
        self.set_passages([])

    def set_tags(self, tags: list[Tag]) -> None:
        self._tag_names.setStringList([t.name for t in tags])

    def set_selection_available(self, available: bool) -> None:
        self.tag_button.setEnabled(available)
        self.hint.setText(
            "Type a tag (or several, with commas) and press Enter."
            if available
            else "Select text in the article, then type a tag and press Enter."
        )

    def set_passages(self, passages: list[Passage]) -> None:
        self.model.set_records(passages)
        n = len(passages)
        self.tabs.setTabText(0, f"Passages ({n})")
        self.count.setText(
            "<b>Passages in this article</b>: none yet"
            if n == 0
            else f"<b>Passages in this article</b>: {n}"
        )

    def clear_editor(self) -> None:
        self.tag_editor.clear()
        self.note_editor.clear()

    def _request(self) -> None:
        tags = split_tags(self.tag_editor.text())
        if tags:
            self.tag_requested.emit(tags, self.note_editor.toPlainText().strip())

    def _choose(self, index: QModelIndex) -> None:
        passage_id = index.data(IdRole)
        if passage_id is not None:
            self.passage_chosen.emit(passage_id)

    def _delete_current(self) -> None:
        passage_id = self.view.currentIndex().data(IdRole)
        if passage_id is not None:
            self.delete_requested.emit(passage_id)
