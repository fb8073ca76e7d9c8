"""Facets beside the results, and the active filters as removable chips.

A facet value is a query clause (person:"…", site:"…", section:"…", published:2024,
tag:"…"); clicking one adds it as a filter, clicking it again removes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from gui.kinds import kind_color, query_for

ClauseRole = Qt.ItemDataRole.UserRole + 1
FACET_ORDER = (
    "Person",
    "Place",
    "Organisation",
    "Group",
    "Site",
    "Section",
    "Source",
    "Tag",
    "Year",
)
LABELS = {
    "Person": "People",
    "Place": "Places",
    "Organisation": "Organisations",
    "Group": "Groups",
    "Site": "Publications",
    "Section": "Sections",
    "Source": "Sources",
    "Tag": "Tags",
    "Year": "Years",
}


def clause_for(kind: str, value: str) -> str:
    quoted = '"' + value.replace('"', "") + '"'
    if kind == "Section":
        return f"section:{quoted}"
    if kind == "Site":
        return f"site:{quoted}"
    if kind == "Source":
        return f"source:{quoted}"
    if kind == "Year":
        return f"published:{value}"
    if kind == "Tag":
        return f"tag:{quoted}"
    return query_for(value, kind)


class FacetsPanel(QTreeWidget):
    """Emits `toggled(clause)` when a value is clicked."""

    toggled = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("facetsView")
        self.setHeaderLabels(["Narrow by", "Articles"])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setRootIsDecorated(True)
        self.itemClicked.connect(self._clicked)
        self._open = {"Person", "Place", "Organisation"}

    def set_facets(self, facets: dict[str, list[tuple[str, int]]], active: list[str]) -> None:
        self._open = {
            self.topLevelItem(i).data(0, ClauseRole)
            for i in range(self.topLevelItemCount())
            if self.topLevelItem(i).isExpanded()
        } or self._open
        self.clear()
        for kind in FACET_ORDER:
            values = facets.get(kind) or []
            if not values:
                continue
            group = QTreeWidgetItem(self, [LABELS[kind], ""])
            group.setData(0, ClauseRole, kind)
            group.setForeground(0, QBrush(QColor(kind_color(kind))))
            for value, count in values:
                clause = clause_for(kind, value)
                item = QTreeWidgetItem(group, [value, str(count)])
                item.setData(0, ClauseRole, clause)
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                if clause in active:
                    font = item.font(0)
                    font.setBold(True)
                    item.setFont(0, font)
                    item.setText(0, "✓ " + value)
            group.setExpanded(kind in self._open)

    def restyle(self) -> None:
        """Each kind's colour in the current theme (after a theme change)."""
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            group.setForeground(0, QBrush(QColor(kind_color(group.data(0, ClauseRole)))))

    def _clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.parent() is None:
            item.setExpanded(not item.isExpanded())
            return
        self.toggled.emit(item.data(0, ClauseRole))


class FilterChips(QWidget):
    """The active filters; each chip's × removes it."""

    removed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filterChips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.addStretch(1)

    def set_filters(self, filters: list[str]) -> None:
        while self._layout.count() > 1:
            widget = self._layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for clause in filters:
            chip = QToolButton()
            chip.setObjectName("filterChip")
            chip.setText(f"{clause}  ×")
            chip.setToolTip("Remove this filter")
            chip.setStyleSheet(
                "QToolButton { background: #e8f0fe; color: #174ea6; border-radius: 9px;"
                " padding: 1px 8px; border: 1px solid #aecbfa; }"
            )
            chip.clicked.connect(lambda _c=False, c=clause: self.removed.emit(c))
            self._layout.insertWidget(self._layout.count() - 1, chip)
        self.setVisible(bool(filters))
