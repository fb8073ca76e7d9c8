"""The concordance window (View → Concordance): every hit of the query on a line, the
words before it right-aligned against the hit and the words after it, sortable by
either side, by date or by article. Double-click a line to read the article there."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QVBoxLayout,
)

from gui.list_model import RecordTableModel
from gui.table_view import read_only_table
from indexer.concordance import Concordance, Line

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
SpanRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
BEFORE, HIT, AFTER, DATE, ARTICLE = range(5)
_ALIGN = {
    BEFORE: Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    HIT: Qt.AlignmentFlag.AlignCenter,
}


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class ConcordanceModel(RecordTableModel[Line]):
    """A line a row; the article's id and the hit's span in data roles."""

    def __init__(self, parent=None) -> None:
        super().__init__(("Before", "Hit", "After", "Date", "Article"), parent)

    def cell(self, line: Line, column: int, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.left, line.hit, line.right, line.published, line.title)[column]
        if role == SortRole:
            if column == BEFORE:  # by the word nearest the hit, then the one before it …
                return " ".join(reversed(line.left.casefold().split()))
            if column == DATE:
                return line.published or "\uffff"  # no date: last
            return (line.left, line.hit, line.right, "", line.title)[column].casefold()
        if role == Qt.ItemDataRole.FontRole and column == HIT:
            return _bold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN.get(column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.title}\n…{line.left} {line.hit} {line.right}…"
        if role == ArticleIdRole:
            return line.article_id
        if role == SpanRole:
            return (line.start, line.end)
        return None


class _ElideLeft(QStyledItemDelegate):
    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ConcordanceDialog(QDialog):
    """Emits `line_chosen(article_id, start, end)`, `export_wanted()` and `cancelled()`."""

    line_chosen = Signal(str, int, int)
    export_wanted = Signal()
    cancelled = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("concordanceDialog")
        self.setWindowTitle("Concordance")
        self.resize(980, 560)
        self.concordance: Concordance | None = None
        self.model = ConcordanceModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.view = read_only_table("concordanceView", self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        # The words nearest the hit stay in view: the text before it loses its start.
        self.view.setItemDelegateForColumn(BEFORE, _ElideLeft(self.view))
        header = self.view.horizontalHeader()
        for column, mode in (
            (BEFORE, QHeaderView.ResizeMode.Stretch),
            (HIT, QHeaderView.ResizeMode.ResizeToContents),
            (AFTER, QHeaderView.ResizeMode.Stretch),
            (DATE, QHeaderView.ResizeMode.ResizeToContents),
            (ARTICLE, QHeaderView.ResizeMode.Interactive),
        ):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(ARTICLE, 220)
        self.status = QLabel(objectName="concordanceStatus")
        self.status.setWordWrap(True)
        self.stop = QPushButton("Cancel", objectName="concordanceCancel")
        self.export = QPushButton("Export CSV…", objectName="concordanceExport")
        self.export.setEnabled(False)
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.stop)
        buttons.addWidget(self.export)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.view.activated.connect(self._choose)
        self.view.doubleClicked.connect(self._choose)
        self.stop.clicked.connect(self.cancelled)
        self.export.clicked.connect(self.export_wanted)
        close.clicked.connect(self.close)

    def start(self, query: str) -> None:
        self.setWindowTitle(f"Concordance: {query}")
        self.concordance = None
        self.model.set_rows([])
        self.export.setEnabled(False)
        self.stop.setVisible(True)
        self.status.setText("Finding the hits…")

    def show_progress(self, done: int, total: int) -> None:
        self.status.setText(f"Finding the hits… {done:,} of {total:,} articles read")

    def show_result(self, concordance: Concordance) -> None:
        self.concordance = concordance
        self.model.set_rows(concordance.lines)
        self.view.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        self.stop.setVisible(False)
        self.export.setEnabled(bool(concordance.lines))
        text = concordance.describe()
        self.status.setText(text[0].upper() + text[1:] + ". Double-click a line to read it.")

    def show_stopped(self, message: str) -> None:
        self.stop.setVisible(False)
        self.status.setText(message)

    def _choose(self, index) -> None:
        article_id = index.data(ArticleIdRole)
        start, end = index.data(SpanRole)
        if article_id:
            self.line_chosen.emit(article_id, start, end)
