"""Entity lists: the open article's names (a sidebar tab) and the archive's (a browser).

Both emit `entity_chosen(query_clause)`; the window decides what a click does.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.entities_model import EntityTableModel, KindRole, NameRole, QueryRole
from gui.table_view import read_only_table
from gui.wording import count
from indexer.entity_rules import KINDS
from indexer.store import FACET_KINDS, Mention


def _table(object_name: str, model) -> QTableView:
    view = read_only_table(object_name, model)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return view


class ArticleEntitiesPanel(QWidget):
    """The names in the open article, with how often each is mentioned."""

    entity_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = EntityTableModel("Mentions", self)
        self.view = _table("articleEntitiesView", self.model)
        # A narrow sidebar cut names short ("Vladi…"): the kind shows by the name's
        # colour (and its tooltip), so the name has the column's room.
        self.view.hideColumn(1)
        self.hint = QLabel("Click a name to search for articles naming it.")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.view.clicked.connect(self._choose)
        self.view.activated.connect(self._choose)

    def set_mentions(self, mentions: list[Mention]) -> None:
        counts = Counter((m.canonical, m.kind) for m in mentions if m.kind in FACET_KINDS)
        rows = sorted(
            ((name, kind, n) for (name, kind), n in counts.items()),
            key=lambda row: (-row[2], row[0].casefold()),
        )
        self.model.set_rows(rows)

    def _choose(self, index: QModelIndex) -> None:
        clause = index.data(QueryRole)
        if clause:
            self.entity_chosen.emit(clause)


class EntityBrowser(QDialog):
    """The archive's top names by kind, with counts and a filter box; a name's context
    menu corrects it (kind, Merge into…, Split, not a name)."""

    entity_chosen = Signal(str)
    kind_corrected = Signal(str, str, str)  # surface, canonical, kind
    merge_requested = Signal(str, str)  # canonical, kind
    split_requested = Signal(str, str, str)  # spelling, canonical, kind
    not_a_name_requested = Signal(str)  # canonical

    def __init__(self, parent=None, spellings_of=None) -> None:
        super().__init__(parent)
        self.spellings_of = spellings_of or (lambda name: [])
        self.setObjectName("entityBrowser")
        self.setWindowTitle("Names in the archive")
        self.resize(520, 640)
        self.kind = QComboBox(objectName="entityKind")
        self.kind.addItems(["All kinds", *FACET_KINDS])
        self.filter = QLineEdit(objectName="entityFilter")
        self.filter.setPlaceholderText("Filter names")
        self.filter.setClearButtonEnabled(True)
        self.model = EntityTableModel("Articles", self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.view = _table("entityTable", self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.status = QLabel("Loading…")
        row = QHBoxLayout()
        row.addWidget(self.kind)
        row.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._rows: list[tuple[str, str, int]] = []
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _t: self._count())
        self.kind.currentTextChanged.connect(lambda _t: self._apply_kind())
        self.view.activated.connect(self._choose)
        self.view.doubleClicked.connect(self._choose)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

    def correction_menu(self, row: int) -> QMenu | None:
        """The corrections offered for the name in `row` of the view."""
        index = self.proxy.index(row, 0)
        if not index.isValid():
            return None
        name, kind = index.data(NameRole), index.data(KindRole)
        menu = QMenu(self)
        kinds = menu.addMenu(f"“{name}” is a…")
        kinds.setObjectName("correctKindMenu")
        for other in KINDS:
            action = kinds.addAction(other)
            action.setCheckable(True)
            action.setChecked(other == kind)
            action.triggered.connect(
                lambda _c=False, k=other: self.kind_corrected.emit(name, name, k)
            )
        merge = menu.addAction(f"Merge “{name}” into…")
        merge.setObjectName("mergeEntityAction")
        merge.triggered.connect(lambda _c=False: self.merge_requested.emit(name, kind))
        others = [s for s in self.spellings_of(name) if s != name]
        split = menu.addMenu("Split off")
        split.setObjectName("splitEntityMenu")
        split.setEnabled(bool(others))
        for spelling in others:
            split.addAction(f"“{spelling}”").triggered.connect(
                lambda _c=False, s=spelling: self.split_requested.emit(s, name, kind)
            )
        wrong = menu.addAction(f"“{name}” is not a name")
        wrong.setObjectName("notANameAction")
        wrong.triggered.connect(lambda _c=False: self.not_a_name_requested.emit(name))
        return menu

    def _context_menu(self, pos) -> None:
        menu = self.correction_menu(self.view.indexAt(pos).row())
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def set_counts(self, counts: dict[str, list[tuple[str, int]]]) -> None:
        self._rows = [(name, kind, n) for kind, names in counts.items() for name, n in names]
        self._apply_kind()

    def _apply_kind(self) -> None:
        kind = self.kind.currentText()
        rows = [r for r in self._rows if kind == "All kinds" or r[1] == kind]
        self.model.set_rows(rows)
        self._count()

    def _count(self) -> None:
        self.status.setText(
            f"{count(self.proxy.rowCount(), 'name')}. Double-click or press Enter to search "
            "for one."
        )

    def _choose(self, index: QModelIndex) -> None:
        clause = index.data(QueryRole)
        if clause:
            self.entity_chosen.emit(clause)
