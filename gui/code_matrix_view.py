"""View → Code matrix: tags against publications, dates, sections, articles or each
other (annotations/code_matrix.py), shaded by size, with the passages behind a cell
listed under it. The window's gui/matrix_controller.py computes it in the background
and hands it here; this module never reads a database."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from annotations.code_matrix import CodeMatrix
from gui import theme
from gui.all_passages import IdRole, PassageTableModel
from gui.split import over
from gui.table_view import read_only_table
from gui.wording import count

# Where a cell is in the matrix: (row, column) of CodeMatrix, None for a total.
CellRole = Qt.ItemDataRole.UserRole + 1
COLUMN_CHOICES = (
    ("publication", "Publication"),
    ("year", "Year"),
    ("month", "Month"),
    ("section", "Section"),
    ("article", "Article"),
    ("tag", "Tag (together)"),
    ("person", "People named"),
    ("place", "Places named"),
    ("organisation", "Organisations named"),
    ("group", "Groups named"),
)
FIT_AT_MOST = 200  # columns measured to fit their headings; more get one width
SHOW_CHOICES = (
    ("count", "Counts"),
    ("row", "% of the tag's total"),
    ("column", "% of the column's total"),
)


class CodeMatrixModel(QAbstractTableModel):
    """The matrix as a table: a tag a row (a column value a row, transposed), the
    totals last. Cells give their place in the matrix in CellRole."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix: CodeMatrix | None = None
        self.transposed = False
        self.show = "count"
        self._largest = 1

    def set_matrix(self, matrix: CodeMatrix | None, transposed: bool, show: str) -> None:
        self.beginResetModel()
        self.matrix, self.transposed, self.show = matrix, transposed, show
        # Against tags, the diagonal is each tag's own count: it would outshine the
        # pairs, which are what the matrix is for, so it is neither shaded nor measured.
        # Only the cells that hold something are asked (a matrix by article has
        # thousands of columns, mostly empty).
        counts = (
            [matrix.count(i, j) for i, j in matrix.cells if not self._own(matrix, i, j)]
            if matrix
            else []
        )
        self._largest = max(counts, default=0) or 1
        self.endResetModel()

    def _lines(self):
        m = self.matrix
        return (m.columns, m.rows) if self.transposed else (m.rows, m.columns)

    def _empty(self, parent) -> bool:
        """No table: nothing counted yet, or no tags (not a lone total of 0)."""
        return self.matrix is None or not self.matrix.rows or parent.isValid()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if self._empty(parent) else len(self._lines()[0]) + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if self._empty(parent) else len(self._lines()[1]) + 1

    def place(self, index: QModelIndex) -> tuple[int | None, int | None]:
        """(matrix row, matrix column) of a table cell; None where it is a total."""
        across, down = self._lines()
        r = index.row() if index.row() < len(across) else None
        c = index.column() if index.column() < len(down) else None
        return (c, r) if self.transposed else (r, c)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if self.matrix is None:
            return None
        across, down = self._lines()
        lines = across if orientation == Qt.Orientation.Vertical else down
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return lines[section].label if section < len(lines) else "Total"
        if role == Qt.ItemDataRole.FontRole and section >= len(lines):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        m = self.matrix
        if m is None or not index.isValid():
            return None
        row, column = self.place(index)
        if role == CellRole:
            return (row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (row is None or column is None):
            font = QFont()
            font.setBold(True)
            return font
        n = self._count(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if self.show == "count" or row is None or column is None:
                return f"{n:,}"
            share = m.share(row, column, self.show)
            return "–" if share is None else f"{100 * share:.1f}%"
        if role == Qt.ItemDataRole.BackgroundRole and row is not None and column is not None:
            return theme.heat(n / self._largest) if n and not self._own(m, row, column) else None
        if role == Qt.ItemDataRole.ForegroundRole and self._own(m, row, column):
            return QColor(theme.secondary())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.describe(row, column) + "\nDouble-click to list them."
        return None

    @staticmethod
    def _own(matrix: CodeMatrix, row, column) -> bool:
        return matrix.by == "tag" and row is not None and row == column

    def _count(self, row, column) -> int:
        m = self.matrix
        if row is None and column is None:
            return m.total
        if row is None:
            return m.column_total(column)
        if column is None:
            return m.row_total(row)
        return m.count(row, column)

    def describe(self, row: int | None, column: int | None) -> str:
        """“12 passages tagged Escalation in Kyiv Post” for a cell or a total."""
        m = self.matrix
        n = self._count(row, column)
        what = count(n, "passage" if m.unit == "passages" else "article")
        if m.by == "tag":
            tags = [m.rows[i].label for i in (row, column) if i is not None]
            if len(tags) == 2 and tags[0] != tags[1]:
                where = "on one passage" if m.unit == "passages" else "in one article"
                return f"{what} with “{tags[0]}” and “{tags[1]}” {where}"
            return f"{what} tagged “{tags[0]}”" if tags else f"{what} tagged"
        said = f"{what} tagged “{m.rows[row].label}”" if row is not None else f"{what} tagged"
        if column is not None:
            phrase = _column_phrase(m.by, m.columns[column].label)
            said += f" {phrase}" if phrase.startswith("naming") else f" in {phrase}"
        return said


def _column_phrase(by: str, label: str) -> str:
    if label.startswith("("):  # (no date), (article not in the library)
        return label.strip("()")
    if by in ("person", "place", "organisation", "group"):
        return f"naming {label}"
    return {
        "publication": label,
        "year": label,
        "month": label,
        "section": f"the section {label}",
        "article": f"“{label}”",
    }.get(by, label)


class CodeMatrixDialog(QDialog):
    """Emits `wanted(by, unit, with_children, within_search)` when the choices change
    (the controller computes and calls show_matrix), `passage_chosen(id)`, and
    `export_wanted()`."""

    wanted = Signal(str, str, bool, bool)
    passage_chosen = Signal(int)
    export_wanted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("codeMatrix")
        self.setWindowTitle("Code matrix")
        self.resize(980, 640)
        self.by = QComboBox(objectName="matrixColumns")
        for key, label in COLUMN_CHOICES:
            self.by.addItem(label, key)
        self.unit = QComboBox(objectName="matrixUnit")
        self.unit.addItem("Passages", "passages")
        self.unit.addItem("Articles", "articles")
        self.show_as = QComboBox(objectName="matrixShow")
        for key, label in SHOW_CHOICES:
            self.show_as.addItem(label, key)
        self.children = QCheckBox("Child tags in their parent", objectName="matrixChildren")
        self.children.setChecked(True)
        self.children.setToolTip(
            "A tag's row counts the passages of the tags below it, as tag: does."
        )
        self.within = QCheckBox("Only the search's articles", objectName="matrixWithinSearch")
        self.transpose = QCheckBox("Swap rows and columns", objectName="matrixTranspose")
        self.export = QPushButton("Export CSV…", objectName="matrixExport")
        self.export.setAutoDefault(False)  # Enter on a number lists it; it saves nothing
        self.model = CodeMatrixModel(self)
        self.view = QTableView(objectName="matrixView")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setMaximumWidth(320)
        for header in (self.view.verticalHeader(), self.view.horizontalHeader()):
            # A headline longer than its heading ends in "…"; its tooltip has it whole.
            header.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setWordWrap(False)
        self.passages = PassageTableModel(self)
        self.list = read_only_table("matrixPassages", self.passages)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            self.list.horizontalHeader().resizeSection(column, 150)
        self.list.setWordWrap(False)
        self.status = QLabel(objectName="matrixStatus")
        self.status.setWordWrap(True)
        self.cell_label = QLabel("Click a number to list its passages.", objectName="matrixCell")
        self.cell_label.setWordWrap(True)

        choices = QHBoxLayout()
        labelled = (("Columns:", self.by), ("Count:", self.unit), ("Show:", self.show_as))
        for label, widget in labelled:
            choices.addWidget(QLabel(label))
            choices.addWidget(widget)
        choices.addStretch(1)
        choices.addWidget(self.export)
        options = QHBoxLayout()
        for widget in (self.children, self.within, self.transpose):
            options.addWidget(widget)
        options.addStretch(1)
        splitter = over(self.view, self.cell_label, self.list, weights=(3, 2))
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addLayout(options)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        for combo in (self.by, self.unit):
            combo.currentIndexChanged.connect(lambda _i: self._ask())
        for box in (self.children, self.within):
            box.toggled.connect(lambda _on: self._ask())
        self.show_as.currentIndexChanged.connect(lambda _i: self._redraw())
        self.transpose.toggled.connect(lambda _on: self._redraw())
        self.export.clicked.connect(self.export_wanted)
        self.view.clicked.connect(self._cell_chosen)
        self.view.doubleClicked.connect(self._cell_chosen)
        self.view.activated.connect(self._cell_chosen)
        self.list.activated.connect(self._passage_chosen)
        self.list.doubleClicked.connect(self._passage_chosen)

    # what the controller calls

    def choices(self) -> tuple[str, str, bool, bool]:
        return (
            self.by.currentData(),
            self.unit.currentData(),
            self.children.isChecked(),
            self.within.isChecked() and self.within.isEnabled(),
        )

    def set_search(self, query: str) -> None:
        """The search the results list, offered as a narrowing (none: not offered)."""
        self.within.blockSignals(True)
        self.within.setEnabled(bool(query))
        if not query:
            self.within.setChecked(False)
        shown = query if len(query) <= 40 else query[:39] + "…"
        self.within.setText(
            f"Only articles matching “{shown}”" if query else "Only the search's articles"
        )
        self.within.blockSignals(False)

    def show_working(self) -> None:
        self.status.setText("Counting…")

    def show_matrix(self, matrix: CodeMatrix) -> None:
        self.model.set_matrix(matrix, self.transpose.isChecked(), self.show_as.currentData())
        self._fit_columns()
        self.passages.set_passages([], set())
        self.cell_label.setText("Click a number to list its passages.")
        self.export.setEnabled(bool(matrix.rows))
        if not matrix.rows:
            self.status.setText("No tags yet: tag passages in the reader, then count them here.")
            return
        unit = "passages" if matrix.unit == "passages" else "articles"
        self.status.setText(
            f"{count(len(matrix.rows), 'tag')} by {count(len(matrix.columns), 'column')};"
            f" {count(matrix.total, unit[:-1])} in all. Totals count each {unit[:-1]} once."
        )

    def show_failed(self, message: str) -> None:
        self.status.setText(message)

    # inside

    def _ask(self) -> None:
        self.show_working()
        self.wanted.emit(*self.choices())

    def _redraw(self) -> None:
        if self.model.matrix is not None:
            self.model.set_matrix(
                self.model.matrix, self.transpose.isChecked(), self.show_as.currentData()
            )
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column as wide as its heading and numbers, within reason (a long
        headline is elided; its tooltip has it whole)."""
        header = self.view.horizontalHeader()
        if self.model.columnCount() > FIT_AT_MOST:
            # Measuring every column of a matrix by article (10,000 columns) held the
            # window for two seconds; such a matrix is read by scrolling anyway.
            for column in range(self.model.columnCount()):
                header.resizeSection(column, 110)
            return
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, max(64, min(header.sectionSize(column) + 12, 240)))

    def _cell_chosen(self, index: QModelIndex) -> None:
        matrix = self.model.matrix
        if matrix is None:
            return
        row, column = index.data(CellRole)
        ids = matrix.passages_in(row, column)
        shown = sorted((matrix.passages[i] for i in ids), key=_reading_order)
        self.passages.set_passages(shown, matrix.absent)
        said = self.model.describe(row, column)
        if self.model.matrix.unit == "articles":
            said += f": their {count(len(shown), 'passage')}"
        self.cell_label.setText(said[0].upper() + said[1:] + ". Double-click one to open it.")

    def _passage_chosen(self, index: QModelIndex) -> None:
        passage_id = index.data(IdRole)
        if passage_id is not None:
            self.passage_chosen.emit(passage_id)


def _reading_order(passage) -> tuple:
    return (passage.article_title.casefold(), passage.article_id, passage.start)
