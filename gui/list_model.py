"""A read-only list model over Python records, one role function per Qt role.

Both the results list and the passages list are this model with different
roles; views read ids from a data role, never from display text. The tables (all
passages, entities) share RecordTableModel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

Record = TypeVar("Record")


class RecordListModel(QAbstractListModel, Generic[Record]):
    def __init__(self, roles: dict[int, Callable[[Record], Any]], parent=None) -> None:
        super().__init__(parent)
        self._roles = roles
        self._records: list[Record] = []

    def set_records(self, records: Sequence[Record]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[Record]:
        return list(self._records)

    def record(self, row: int) -> Record:
        return self._records[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        getter = self._roles.get(role)
        return getter(self._records[index.row()]) if getter else None


class RecordTableModel(QAbstractTableModel, Generic[Record]):
    """A read-only table over Python records, with fixed column headers. Subclasses
    answer `cell(record, column, role)`; ids and names go in data roles."""

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[Record] = []

    def set_rows(self, rows: Sequence[Record]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> Record:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def cell(self, record: Record, column: int, role: int):
        raise NotImplementedError
