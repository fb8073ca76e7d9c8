"""The search pane: the query box, the result count and time, and the results list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from gui.html_delegate import HtmlDelegate
from gui.results_model import HtmlRole, IdRole, ResultsModel
from indexer.search import SearchResults

DEBOUNCE_MS = 250


class SearchPane(QWidget):
    """Emits `query_changed` (debounced) as the user types and `article_chosen` on a pick."""

    query_changed = Signal(str)
    article_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.box = QLineEdit(objectName="searchBox")
        self.box.setPlaceholderText('Search the archive: words, "phrases", title:, person:…')
        self.box.setClearButtonEnabled(True)
        self.status = QLabel(objectName="searchStatus")
        self.status.setWordWrap(True)
        self.model = ResultsModel(self)
        self.view = QListView(objectName="resultsView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(HtmlRole, self.view))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setAlternatingRowColors(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_query)
        self.box.textEdited.connect(lambda _text: self._debounce.start())
        self.box.returnPressed.connect(self._emit_query)
        self.view.activated.connect(self._choose)
        self.view.clicked.connect(self._choose)

    def query(self) -> str:
        return self.box.text().strip()

    def set_query(self, text: str) -> None:
        self.box.setText(text)
        self._emit_query()

    def _emit_query(self) -> None:
        self._debounce.stop()
        self.query_changed.emit(self.query())

    def _choose(self, index: QModelIndex) -> None:
        article_id = index.data(IdRole)
        if article_id:
            self.article_chosen.emit(article_id)

    def show_searching(self) -> None:
        self.status.setText("Searching…")

    def show_results(self, results: SearchResults) -> None:
        self.model.set_records(results.hits)
        shown = len(results.hits)
        noun = "article" if results.total == 1 else "articles"
        what = f"{results.total} {noun}" if results.query else f"All {results.total} {noun}"
        more = f", showing the first {shown}" if shown < results.total else ""
        self.status.setText(f"{what}{more} · {results.seconds * 1000:.0f} ms")
        if shown:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def show_error(self, message: str) -> None:
        self.model.set_records([])
        self.status.setText(f"<span style='color:#b00020'>{message}</span>")

    def select_article(self, article_id: str) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(IdRole) == article_id:
                self.view.setCurrentIndex(index)
                return

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.box.clear()
            self._emit_query()
            return
        super().keyPressEvent(event)
