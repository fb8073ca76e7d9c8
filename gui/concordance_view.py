"""The concordance window (View → Concordance): every hit of the query on a line, the
words before it right-aligned against the hit and the words after it, sortable by
either side, by date or by article. Double-click a line to read the article there."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui import wording
from gui.list_model import RecordTableModel
from gui.table_view import read_only_table
from indexer.concordance import SPAN, Collocate, Concordance, Line, near

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
SpanRole = Qt.ItemDataRole.UserRole + 2
SortRole = Qt.ItemDataRole.UserRole + 3
WordRole = Qt.ItemDataRole.UserRole + 4
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


class CollocateModel(RecordTableModel[Collocate]):
    """A word seen near the hits, a row: how often before them, after them, in all, and
    how much more often than chance (MI, log-likelihood)."""

    def __init__(self, parent=None) -> None:
        super().__init__(("Word", "In all", "Before", "After", "MI", "Log-likelihood"), parent)

    def cell(self, collocate: Collocate, column: int, role: int):
        values = (
            collocate.word,
            collocate.total,
            collocate.left,
            collocate.right,
            collocate.mi,
            collocate.log_likelihood,
        )
        if role == Qt.ItemDataRole.DisplayRole and column >= 4:
            value = values[column]
            if value is None:
                return ""
            shown = f"{value:.2f}" if column == 4 else f"{value:.1f}"
            return shown.replace("-0.0", "0.0") if shown.strip("-0.") == "" else shown
        if role == SortRole and column >= 4:
            return -1e9 if values[column] is None else values[column]
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            return values[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == WordRole:
            return collocate.word
        return None


class _LinesNear(QSortFilterProxyModel):
    """The lines, or only those with one word within SPAN words of the hit."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.word: str | None = None

    def set_word(self, word: str | None) -> None:
        self.beginFilterChange()
        self.word = word
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent) -> bool:
        if self.word is None:
            return True
        before, after = near(self.sourceModel().row(row))
        return self.word in before or self.word in after


class _ElideLeft(QStyledItemDelegate):
    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ConcordanceDialog(QDialog):
    """Emits `line_chosen(article_id, start, end)`, `export_wanted()`, `tag_wanted()` and
    `cancelled()`."""

    line_chosen = Signal(str, int, int)
    export_wanted = Signal()
    tag_wanted = Signal()  # tag the hits of the lines listed
    cancelled = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("concordanceDialog")
        self.setWindowTitle("Concordance")
        self.resize(980, 560)
        self.concordance: Concordance | None = None
        self.model = ConcordanceModel(self)
        self.proxy = _LinesNear(self)
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
        self._collocates: tuple[list[Collocate], list[Collocate]] = ([], [])
        self.collocate_model = CollocateModel(self)
        collocate_proxy = QSortFilterProxyModel(self)
        collocate_proxy.setSourceModel(self.collocate_model)
        collocate_proxy.setSortRole(SortRole)
        self.collocates_view = read_only_table("collocatesView", collocate_proxy)
        self.collocates_view.setSortingEnabled(True)
        self.collocates_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.function_words = QCheckBox(
            "Count function words (the, of, and …)", objectName="collocatesFunctionWords"
        )
        collocates_page = QWidget()
        column = QVBoxLayout(collocates_page)
        column.addWidget(
            QLabel(
                f"The words within {SPAN} words of the hits, most frequent first; sort by MI"
                " or log-likelihood for the words found near them more often than chance,"
                " against every word of the articles read (MI favours rare words;"
                " log-likelihood above 3.84 is significant at p < 0.05, 10.83 at p < 0.001)."
                " Double-click one to list the lines it is in.",
                wordWrap=True,
            )
        )
        column.addWidget(self.collocates_view, 1)
        column.addWidget(self.function_words)
        self.tabs = QTabWidget(objectName="concordanceTabs")
        self.tabs.addTab(self.view, "Lines")
        self.tabs.addTab(collocates_page, "Collocates")
        self.show_all = QPushButton("Show every line", objectName="concordanceShowAll")
        self.show_all.setVisible(False)
        self.status = QLabel(objectName="concordanceStatus")
        self.status.setWordWrap(True)
        self.stop = QPushButton("Cancel", objectName="concordanceCancel")
        self.export = QPushButton("Export CSV…", objectName="concordanceExport")
        self.export.setEnabled(False)
        self.tag = QPushButton("Tag these hits…", objectName="concordanceTag")
        self.tag.setToolTip("Tag the hit of every line listed (one Ctrl+Z undoes them all)")
        self.tag.setEnabled(False)
        close = QPushButton("Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.show_all)
        buttons.addWidget(self.stop)
        buttons.addWidget(self.tag)
        buttons.addWidget(self.export)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.view.activated.connect(self._choose)
        self.view.doubleClicked.connect(self._choose)
        self.collocates_view.activated.connect(self._lines_near)
        self.collocates_view.doubleClicked.connect(self._lines_near)
        self.function_words.toggled.connect(lambda _on: self._fill_collocates())
        self.show_all.clicked.connect(lambda: self.narrow_to(None))
        self.stop.clicked.connect(self.cancelled)
        self.export.clicked.connect(self.export_wanted)
        self.tag.clicked.connect(self.tag_wanted)
        close.clicked.connect(self.close)

    def start(self, query: str) -> None:
        self.setWindowTitle(f"Concordance: {query}")
        self.concordance = None
        self.narrow_to(None)
        self.model.set_rows([])
        self._collocates = ([], [])
        self.collocate_model.set_rows([])
        self.export.setEnabled(False)
        self.tag.setEnabled(False)
        self.stop.setVisible(True)
        self.status.setText("Finding the hits…")

    def show_progress(self, done: int, total: int) -> None:
        self.status.setText(f"Finding the hits… {done:,} of {total:,} articles read")

    def show_result(
        self,
        concordance: Concordance,
        collocates: tuple[list[Collocate], list[Collocate]] = ([], []),
    ) -> None:
        """The lines, and their collocates without and with function words."""
        self.concordance = concordance
        self.model.set_rows(concordance.lines)
        self.view.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
        self._collocates = collocates
        self._fill_collocates()
        self.stop.setVisible(False)
        self.export.setEnabled(bool(concordance.lines))
        self.tag.setEnabled(bool(concordance.lines))
        self._say_count()

    def _say_count(self) -> None:
        if self.concordance is None:
            return
        if self.proxy.word is not None:
            shown = self.proxy.rowCount()
            self.status.setText(
                f"{wording.count(shown, 'line')} with “{self.proxy.word}” within "
                f"{SPAN} words of the hit."
            )
            return
        text = self.concordance.describe()
        self.status.setText(text[0].upper() + text[1:] + ". Double-click a line to read it.")

    def _fill_collocates(self) -> None:
        plain, every = self._collocates
        self.collocate_model.set_rows(every if self.function_words.isChecked() else plain)
        self.collocates_view.sortByColumn(1, Qt.SortOrder.DescendingOrder)

    def shown_lines(self) -> list[Line]:
        """The lines as listed: narrowed to a collocate, in the order sorted."""
        return [
            self.model.row(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]

    def narrow_to(self, word: str | None) -> None:
        """Only the lines with `word` near the hit (None: every line)."""
        self.proxy.set_word(word)
        self.show_all.setVisible(word is not None)
        self._say_count()

    def _lines_near(self, index) -> None:
        word = index.data(WordRole)
        if word:
            self.narrow_to(word)
            self.tabs.setCurrentIndex(0)

    def show_stopped(self, message: str) -> None:
        self.stop.setVisible(False)
        self.status.setText(message)

    def _choose(self, index) -> None:
        article_id = index.data(ArticleIdRole)
        start, end = index.data(SpanRole)
        if article_id:
            self.line_chosen.emit(article_id, start, end)
