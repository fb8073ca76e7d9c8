"""Entities as a Qt table: name, kind, count; the name and kind are in data roles."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from gui.kinds import KIND_COLORS, query_for

NameRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
QueryRole = Qt.ItemDataRole.UserRole + 3
COLUMNS = ("Name", "Kind", "Count")


class EntityTableModel(QAbstractTableModel):
    def __init__(self, count_label: str = "Count", parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, int]] = []
        self._headers = ("Name", "Kind", count_label)

    def set_rows(self, rows: list[tuple[str, str, int]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, kind, count = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (name, kind, count)[column]
        if role == Qt.ItemDataRole.EditRole:  # sorting by count sorts numbers
            return (name.casefold(), kind, count)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(KIND_COLORS.get(kind, "#5f6368"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NameRole:
            return name
        if role == KindRole:
            return kind
        if role == QueryRole:
            return query_for(name, kind)
        return None
