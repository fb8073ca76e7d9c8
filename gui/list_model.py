"""A read-only list model over Python records, one role function per Qt role.

Both the results list and the passages list are this model with different
roles; views read ids from a data role, never from display text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

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
