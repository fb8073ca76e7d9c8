"""Every passage in the archive: filter by tag (with its children) and text, sort, open.

The dialog never reads the database itself: the window hands it a `load`
callable, which reads in the background and hands the passages back (60,000
passages took a second to read: the window must not wait), and refreshes it after
edits. Typing in the text filter asks once typing pauses.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from annotations.model import Passage
from gui.list_model import RecordTableModel
from gui.table_view import read_only_table
from gui.wording import count

IdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Quote", "Tags", "Note", "Article", "Tagged on")


class PassageTableModel(RecordTableModel[Passage]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)
        self._missing: set[str] = set()

    def set_passages(self, passages: list[Passage], missing_articles: set[str]) -> None:
        self._missing = missing_articles
        self.set_rows(passages)

    def cell(self, p: Passage, column: int, role: int):
        if role == IdRole:
            return p.id
        if role == Qt.ItemDataRole.DisplayRole:
            status = self._status(p)
            return (
                (f"[{status}] " if status else "") + " ".join(p.quote.split()),
                ", ".join(t.name for t in p.tags),
                " ".join(p.note.split()),
                p.article_title,
                p.created_at[:10],
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"<p>{html.escape(p.quote)}</p><p><i>{html.escape(p.note)}</i></p>"
        if role == Qt.ItemDataRole.ForegroundRole and self._status(p):
            return QColor("#b00020")
        return None

    def _status(self, passage: Passage) -> str:
        if passage.article_id in self._missing:
            return "article not in the library"
        return "orphan" if passage.orphan else ""


class AllPassagesDialog(QDialog):
    """Emits `passage_chosen(id)` to open a passage at its place."""

    passage_chosen = Signal(int)

    def __init__(
        self,
        load: Callable[[dict, Callable[[list[Passage], set[str]], None]], None],
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("allPassages")
        self.setWindowTitle("All passages")
        self.resize(980, 600)
        self._load = load
        self.tag = QComboBox(objectName="passageTagFilter")
        self.children = QCheckBox("with its child tags", objectName="passageWithChildren")
        self.children.setChecked(True)
        self.text = QLineEdit(objectName="passageTextFilter")
        self.text.setPlaceholderText("Text in the quote or the note")
        self.text.setClearButtonEnabled(True)
        self.order = QComboBox(objectName="passageOrder")
        self.order.addItems(["By article", "Newest first"])
        self.model = PassageTableModel(self)
        self.view = read_only_table("allPassagesView", self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 160)
        self.status = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Tag:"))
        filters.addWidget(self.tag)
        filters.addWidget(self.children)
        filters.addWidget(self.text, 1)
        filters.addWidget(self.order)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.refresh)
        self.tag.currentIndexChanged.connect(lambda _i: self.refresh())
        self.children.toggled.connect(lambda _on: self.refresh())
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self.order.currentIndexChanged.connect(lambda _i: self.refresh())
        self.view.activated.connect(self._choose)
        self.view.doubleClicked.connect(self._choose)

    def set_tag_paths(self, paths: list[str]) -> None:
        current = self.tag.currentText()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItems(["All tags", *paths])
        self.tag.setCurrentText(current if current in paths else "All tags")
        self.tag.blockSignals(False)

    def refresh(self) -> None:
        """Ask for the passages the filters choose; show_passages gets them."""
        self._typing.stop()
        tag = self.tag.currentText()
        filters = {
            "tag": None if tag in ("", "All tags") else tag.rsplit("/", 1)[-1],
            "with_children": self.children.isChecked(),
            "text": self.text.text().strip(),
            "order": "date" if self.order.currentIndex() == 1 else "article",
        }
        self.status.setText("Reading the passages…")
        self._load(filters, self.show_passages)

    def show_passages(self, passages: list[Passage], missing: set[str]) -> None:
        self.model.set_passages(passages, missing)
        orphans = sum(1 for p in passages if p.orphan)
        extra = f", {orphans} orphans" if orphans else ""
        self.status.setText(
            f"{count(len(passages), 'passage')}{extra}. Double-click one to open it."
        )

    def _choose(self, index: QModelIndex) -> None:
        self.passage_chosen.emit(index.data(IdRole))
