"""View → All memos: every article memo in the archive, newest first, with a filter.
Double-click one to open its article with the memo in view."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QLineEdit, QVBoxLayout

from annotations.model import Memo
from gui.list_model import RecordTableModel
from gui.memo_panel import local_moment
from gui.table_view import read_only_table
from gui.wording import count

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
FilterRole = Qt.ItemDataRole.UserRole + 2


def local_time(timestamp: str) -> str:
    """'2026-12-03 17:20' in this computer's time zone, from a stored UTC time."""
    moment = local_moment(timestamp)
    return timestamp if moment is None else f"{moment:%Y-%m-%d %H:%M}"


class MemoTableModel(RecordTableModel[Memo]):
    def __init__(self, parent=None) -> None:
        super().__init__(("Article", "Memo", "Saved"), parent)

    def cell(self, memo: Memo, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            first_line = " ".join(memo.text.split())  # the memo on one line
            # Shown in local time; sorted by the stored UTC time (EditRole).
            saved = local_time(memo.updated_at) if role == Qt.ItemDataRole.DisplayRole else None
            return (memo.article_title or memo.article_id, first_line, saved or memo.updated_at)[
                column
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return memo.text
        if role == FilterRole:  # the filter looks in the title and the whole memo
            return f"{memo.article_title}\n{memo.text}"
        if role == ArticleIdRole:
            return memo.article_id
        return None


class AllMemosDialog(QDialog):
    """Emits `memo_chosen(article_id)`."""

    memo_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("allMemos")
        self.setWindowTitle("All memos")
        self.resize(900, 520)
        self.filter = QLineEdit(objectName="memoFilter")
        self.filter.setPlaceholderText("Text in the memo or the article's title")
        self.filter.setClearButtonEnabled(True)
        self.model = MemoTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(FilterRole)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.view = read_only_table("allMemosView", self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 280)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(objectName="allMemosStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.filter.textChanged.connect(self._filter)
        self.view.activated.connect(self._choose)
        self.view.doubleClicked.connect(self._choose)

    def set_memos(self, memos: list[Memo]) -> None:
        self.model.set_rows(memos)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # newest first
        self._count()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._count()

    def _count(self) -> None:
        shown, every = self.proxy.rowCount(), self.model.rowCount()
        if shown == every:
            self.status.setText(f"{count(every, 'memo')}. Double-click one to open its article.")
        else:
            self.status.setText(f"{shown:,} of {count(every, 'memo')}.")

    def _choose(self, index) -> None:
        article_id = index.data(ArticleIdRole)
        if article_id:
            self.memo_chosen.emit(article_id)
