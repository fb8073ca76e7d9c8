"""View → Copies of this story: the other articles of the open article's story (a
wire story as each paper printed it, a press release reprinted), and the open text
compared with one of them word by word (indexer/compare.py): what the copy cut and
what it added. The window's gui/copies_controller.py reads and compares."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from gui import theme
from gui.list_model import RecordTableModel
from gui.split import over
from gui.table_view import read_only_table
from gui.wording import count
from indexer.compare import Comparison

IdRole = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Title", "Publication", "Date", "File", "Words", "Same words")


class CopiesModel(RecordTableModel):
    """The other articles of the story; `similarity` fills in as they are compared."""

    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)
        self.similarity: dict[str, float] = {}
        self.identical: set[str] = set()  # exact copies, indexed once

    def cell(self, article, column: int, role: int):
        if role == IdRole:
            return article.id
        if role == Qt.ItemDataRole.DisplayRole:
            same = self.similarity.get(article.id)
            if article.id in self.identical:
                shown = "identical"
            else:
                shown = "" if same is None else f"{100 * same:.0f}%"
            return (
                article.title,
                article.site,
                article.published,
                Path(article.source).name,
                f"{article.words:,}",
                shown,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(article.source)
        return None

    def set_similarity(self, article_id: str, value: float) -> None:
        self.similarity[article_id] = value
        rows = [i for i in range(self.rowCount()) if self.row(i).id == article_id]
        for row in rows:
            index = self.index(row, len(COLUMNS) - 1)
            self.dataChanged.emit(index, index)


class CopiesDialog(QDialog):
    """Emits `compare_wanted(id)` when a copy is chosen and `open_wanted(id)`."""

    compare_wanted = Signal(str)
    open_wanted = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("copiesDialog")
        self.setWindowTitle("Copies of this story")
        self.resize(960, 640)
        self.about = QLabel(objectName="copiesAbout")
        self.about.setWordWrap(True)
        self.model = CopiesModel(self)
        self.table = read_only_table("copiesTable", self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.legend = QLabel(objectName="copiesLegend")
        self.legend.setWordWrap(True)
        self.diff = QTextBrowser(objectName="copiesDiff")
        self.diff.setOpenLinks(False)
        self.open = QPushButton("Open this copy", objectName="copiesOpen")
        self.open.setAutoDefault(False)
        self.open.setEnabled(False)
        self.status = QLabel(objectName="copiesStatus")
        self.status.setWordWrap(True)
        splitter = over(self.table, self.legend, self.diff, weights=(1, 3))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.table.doubleClicked.connect(lambda index: self.open_wanted.emit(index.data(IdRole)))
        self.open.clicked.connect(self._open)
        self.article = None

    def set_story(self, article, others: list, identical: set[str]) -> None:
        """The open article and the story's other articles (`identical`: exact copies)."""
        self.article = article
        self.model.similarity = {}
        self.model.identical = set(identical)
        self.model.set_rows(others)
        where = ", ".join(x for x in (article.site, article.published) if x)
        named = f"<b>{html.escape(article.title)}</b>" + (
            f" ({html.escape(where)})" if where else ""
        )
        if others:
            self.about.setText(
                f"{named} is one of {len(others) + 1} articles that tell this story."
                " Choose one to compare the open text with it, word by word."
            )
        else:
            self.about.setText(f"{named} has no copies: no other article tells its story.")
        self._legend()
        self.diff.clear()
        self.status.setText("")
        self.open.setEnabled(bool(others))
        if others:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _legend(self) -> None:
        name = "dark" if theme.is_dark() else "light"
        removed, added = theme.DIFF_REMOVED[name], theme.DIFF_ADDED[name]
        self.legend.setText(
            f"<span style='background:{removed}; text-decoration:line-through'>struck"
            f" through</span>: only in the open article · <span style='background:{added};"
            " text-decoration:underline'>underlined</span>: only in the copy"
        )

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(IdRole) if index.isValid() else None

    def show_working(self) -> None:
        self.status.setText("Comparing…")

    def show_comparison(self, article_id: str, comparison: Comparison) -> None:
        self.model.set_similarity(article_id, comparison.similarity)
        if article_id != self.current_id():
            return
        self.diff.setHtml(as_html(comparison))
        self.status.setText(
            f"{100 * comparison.similarity:.0f}% of the words in common, in order;"
            f" {count(comparison.removed_words, 'word')} only in the open article,"
            f" {count(comparison.added_words, 'word')} only in the copy."
        )

    def show_failed(self, message: str) -> None:
        self.status.setText(message)

    def _chosen(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            self.diff.clear()
            self.compare_wanted.emit(current.data(IdRole))

    def _open(self) -> None:
        article_id = self.current_id()
        if article_id:
            self.open_wanted.emit(article_id)


def as_html(comparison: Comparison) -> str:
    """The comparison as one text: cuts struck through, additions underlined, each on
    its theme colour; paragraphs kept."""
    name = "dark" if theme.is_dark() else "light"
    style = {
        "same": "",
        "removed": f"background:{theme.DIFF_REMOVED[name]}; text-decoration:line-through",
        "added": f"background:{theme.DIFF_ADDED[name]}; text-decoration:underline",
    }
    out = []
    for piece in comparison.pieces:
        text = html.escape(piece.text).replace("\n", "<br>")
        out.append(
            f"<span style='{style[piece.kind]}'>{text}</span>" if style[piece.kind] else text
        )
    return f"<div style='color:{theme.TEXT[name]}'>{''.join(out)}</div>"
