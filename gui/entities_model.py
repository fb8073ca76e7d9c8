"""Entities as a Qt table: name, kind, count; the name and kind are in data roles."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui.kinds import kind_color, query_for
from gui.list_model import RecordTableModel

NameRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
QueryRole = Qt.ItemDataRole.UserRole + 3


class EntityTableModel(RecordTableModel[tuple[str, str, int]]):
    """Rows of (name, kind, count); `count_label` names the count column."""

    def __init__(self, count_label: str = "Count", parent=None) -> None:
        super().__init__(("Name", "Kind", count_label), parent)

    def cell(self, record: tuple[str, str, int], column: int, role: int):
        name, kind, count = record
        if role == Qt.ItemDataRole.DisplayRole:
            return (name, kind, count)[column]
        if role == Qt.ItemDataRole.EditRole:  # sorting by count sorts numbers
            return (name.casefold(), kind, count)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 1):
            return QColor(kind_color(kind))  # the kind's colour, as in the reader
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name} · {kind} · {count}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NameRole:
            return name
        if role == KindRole:
            return kind
        if role == QueryRole:
            return query_for(name, kind)
        return None
