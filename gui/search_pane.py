"""The search pane: the query box and its controls, filters, results, passages, facets.

It holds the state of a search (text, filters, scope, sort) and emits
`search_requested` when any of it changes; the window runs the search off the
GUI thread and hands the outcome back. History and saved searches are kept in
the settings by the window.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.facets_panel import FacetsPanel, FilterChips
from gui.html_delegate import HtmlDelegate
from gui.passages_model import HtmlRole as PassageHtmlRole
from gui.passages_model import IdRole as PassageIdRole
from gui.passages_model import PassagesModel
from gui.query_help import QUERY_HELP
from gui.results_model import HtmlRole, IdRole, ResultsModel
from gui.search_service import SearchRequest
from gui.theme import error
from gui.wording import count

DEBOUNCE_MS = 250


# The query box's hint, longest first: the longest that fits the box is shown, so a
# narrow pane says less instead of cutting a sentence off.
HINTS = (
    'Search the archive: words, "phrases", person:…  (?)',
    'Search: words, "phrases", person:…',
    "Search the archive…",
    "Search…",
)


class SearchPane(QWidget):
    """Emits `search_requested(request)`, `article_chosen(id)`, `passage_chosen(id)`,
    `save_wanted()` and `saved_chosen(name)`."""

    search_requested = Signal(object)
    article_chosen = Signal(str)
    passage_chosen = Signal(int)
    save_wanted = Signal()
    saved_chosen = Signal(str)
    saved_deleted = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filters: list[str] = []
        self.box = QLineEdit(objectName="searchBox")
        self._fit_hint()
        self.box.setClearButtonEnabled(True)
        self._history = QStringListModel(self)
        completer = QCompleter(self._history, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.box.setCompleter(completer)
        help_button = QToolButton(objectName="queryHelp")
        help_button.setText("?")
        help_button.setToolTip("How to write a query")
        help_button.clicked.connect(self.show_help)
        self.saved = QToolButton(objectName="savedSearches")
        self.saved.setText("★")
        self.saved.setToolTip("Saved searches")
        self.saved.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sort = QComboBox(objectName="sortBox")
        self.sort.addItem("Relevance", "relevance")
        self.sort.addItem("Newest", "date")
        self.sort.addItem("Title", "title")
        self.sort.addItem("Random", "random")
        self.sort.setItemData(
            3,
            "A random order, the same every time for its number (Edit → New random order"
            " draws another): the first n results are a random sample",
            Qt.ItemDataRole.ToolTipRole,
        )
        self.seed = 1  # the random order's number; the window keeps it in the settings
        self.scope = QComboBox(objectName="scopeBox")
        self.scope.addItem("Articles", "articles")
        self.scope.addItem("Passages", "passages")
        self.scope.addItem("Both", "both")
        self.status = QLabel(objectName="searchStatus")
        self.status.setWordWrap(True)
        self.suggestion = QLabel(objectName="didYouMean")
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion.linkActivated.connect(self._take_suggestion)
        self.suggestion.hide()
        self.chips = FilterChips()
        self.chips.hide()
        # More like this: what the list is, where the query would be; × goes back.
        self.like_chip = QToolButton(objectName="likeChip")
        self.like_chip.setToolTip("These are the articles most like this one; click to go back")
        self.like_chip.hide()
        self.like_chip.clicked.connect(self._end_like)

        self.model = ResultsModel(self)
        self.view = QListView(objectName="resultsView")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(HtmlRole, self.view))
        self.view.setWordWrap(True)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setAlternatingRowColors(True)
        self.passages = PassagesModel(self)
        self.passage_view = QListView(objectName="passageResultsView")
        self.passage_view.setModel(self.passages)
        self.passage_view.setItemDelegate(HtmlDelegate(PassageHtmlRole, self.passage_view))
        self.passage_view.setWordWrap(True)
        self.tabs = QTabWidget(objectName="resultTabs")
        self.tabs.addTab(self.view, "Articles")
        self.tabs.addTab(self.passage_view, "Passages")
        self.facets = FacetsPanel()
        lists = QSplitter(Qt.Orientation.Vertical, objectName="resultsSplitter")
        lists.addWidget(self.tabs)
        lists.addWidget(self.facets)
        lists.setSizes([560, 240])

        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addWidget(help_button)
        top.addWidget(self.saved)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Sort:"))
        controls.addWidget(self.sort)
        controls.addWidget(QLabel("In:"))
        controls.addWidget(self.scope)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.chips)
        layout.addWidget(self.like_chip)
        layout.addWidget(self.status)
        layout.addWidget(self.suggestion)
        layout.addWidget(lists, 1)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_query)
        self.box.textEdited.connect(lambda _text: self._debounce.start())
        self.box.textEdited.connect(lambda _text: self.like_chip.hide())
        self.box.returnPressed.connect(self._enter)
        self.box.installEventFilter(self)
        self.sort.currentIndexChanged.connect(lambda _i: self._emit_query())
        self.scope.currentIndexChanged.connect(lambda _i: self._emit_query())
        self.facets.toggled.connect(self.toggle_filter)
        self.chips.removed.connect(self.toggle_filter)
        self.view.activated.connect(self._choose)
        self.view.clicked.connect(self._choose)
        self.passage_view.activated.connect(self._choose_passage)
        self.passage_view.clicked.connect(self._choose_passage)
        self._last_emitted = ""
        self._before_like = ""

    def show_like(self, title: str) -> None:
        """The list is More like this: its chip stands in the query's place (the query
        is kept, and comes back with the chip's ×)."""
        if not self.like_chip.isVisible():
            self._before_like = self.box.text()
        self.box.clear()
        shown = title if len(title) <= 48 else title[:47] + "…"
        self.like_chip.setText(f"Like: {shown}  ×")
        self.like_chip.show()
        self.status.setText(f"{self.model.rowCount()} articles like “{shown}”")

    def _end_like(self) -> None:
        self.like_chip.hide()
        self.box.setText(self._before_like)
        self._emit_query()

    # the request

    def query(self) -> str:
        return self.box.text().strip()

    def request(self) -> SearchRequest:
        return SearchRequest(
            self.query(),
            list(self.filters),
            self.scope.currentData(),
            self.sort.currentData(),
            seed=self.seed,
        )

    def set_query(self, text: str) -> None:
        self.box.setText(text)
        self._emit_query()

    def set_request(self, text: str, filters: list[str], scope: str, sort: str) -> None:
        for combo, value in ((self.scope, scope), (self.sort, sort)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.filters = list(filters)
        self.chips.set_filters(self.filters)
        self.set_query(text)

    def toggle_filter(self, clause: str) -> None:
        if clause in self.filters:
            self.filters.remove(clause)
        else:
            self.filters.append(clause)
        self.chips.set_filters(self.filters)
        self._emit_query()

    def _emit_query(self) -> None:
        self._debounce.stop()
        self._last_emitted = self.query()
        self.status.setText("Searching…")
        self.search_requested.emit(self.request())

    def _enter(self) -> None:
        if self.query() != self._last_emitted or self._debounce.isActive():
            self._emit_query()
        elif self.view.currentIndex().isValid():
            self._choose(self.view.currentIndex())

    def set_history(self, queries: list[str]) -> None:
        self._history.setStringList(queries)

    def set_saved(self, names: list[str]) -> None:
        menu = QMenu(self.saved)
        menu.addAction("Save this search…", self.save_wanted.emit)
        if names:
            menu.addSeparator()
            for name in names:
                menu.addAction(name, lambda n=name: self.saved_chosen.emit(n))
            forget = menu.addMenu("Delete a saved search")
            for name in names:
                forget.addAction(name, lambda n=name: self.saved_deleted.emit(n))
        self.saved.setMenu(menu)

    # results

    def show_outcome(self, outcome, facets) -> None:
        results = outcome.articles
        if results is not None:
            self.model.set_results(results.hits, results.total)
            what = count(results.total, "article")  # "2,543 articles", as passages are
            what = what if outcome.request.full_text else f"All {what}"
            request = outcome.request
            order = f" · random order {request.seed}" if request.sort == "random" else ""
            self.status.setText(f"{what}{order} · {results.seconds * 1000:.0f} ms")
            self.tabs.setTabText(0, f"Articles ({results.total:,})")
            if results.hits:
                self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self.model.set_results([], 0)
            self.tabs.setTabText(0, "Articles")
        scope = outcome.request.scope
        if scope != "articles":
            self.passages.set_records(outcome.passages)
            total, listed = outcome.passages_total, len(outcome.passages)
            self.tabs.setTabText(1, f"Passages ({total:,})")
            if scope == "passages":
                # The count is every passage found; a long list shows its first ones.
                more = f" (the first {listed:,} listed)" if listed < total else ""
                self.status.setText(f"{count(total, 'passage')}{more}")
                self.tabs.setCurrentIndex(1)
        else:
            self.passages.set_records([])
            self.tabs.setTabText(1, "Passages")
            self.tabs.setCurrentIndex(0)
        if outcome.suggestion:
            self.suggestion.setText(f"Did you mean <a href='#'>{outcome.suggestion}</a>?")
            self.suggestion.setProperty("suggested", outcome.suggestion)
            self.suggestion.show()
        else:
            self.suggestion.hide()
        if facets is not None:
            self.set_facets(facets)

    def set_facets(self, facets) -> None:
        self.facets.set_facets(facets or {}, self.filters)

    def append_hits(self, hits) -> None:
        self.model.append(hits)

    def show_error(self, message: str) -> None:
        self.model.set_results([], 0)
        # No count above an empty list (it showed "Articles (2069)" with no rows).
        self.tabs.setTabText(0, "Articles")
        self.tabs.setTabText(1, "Passages")
        self.passages.set_records([])
        self.status.setText(f"<span style='color:{error()}'>{html.escape(message)}</span>")

    def _take_suggestion(self, _link: str) -> None:
        self.set_query(self.suggestion.property("suggested"))

    def select_article(self, article_id: str) -> None:
        """Highlight the article's row; none when it is not in the list (the highlighted
        row is always the article shown)."""
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(IdRole) == article_id:
                self.view.setCurrentIndex(index)
                return
        self.view.selectionModel().clearSelection()
        self.view.setCurrentIndex(QModelIndex())

    def _choose(self, index: QModelIndex) -> None:
        article_id = index.data(IdRole)
        if article_id:
            self.article_chosen.emit(article_id)

    def _choose_passage(self, index: QModelIndex) -> None:
        passage_id = index.data(PassageIdRole)
        if passage_id is not None:
            self.passage_chosen.emit(passage_id)

    def show_help(self) -> None:
        """The query language in a window that scrolls: as a message box it was 963 px
        tall, and on a 700 px screen its end and its button were off-screen."""
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser

        dialog = QDialog(self, objectName="queryHelpPopup")
        dialog.setWindowTitle("Searching")
        text = QTextBrowser(objectName="queryHelpText")
        text.setHtml(QUERY_HELP)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() else None
        height = min(620, screen.height() - 80) if screen else 620
        dialog.resize(560, max(300, height))
        dialog.show()

    # keys: Up and Down move through the results from the box, Esc clears

    def _fit_hint(self) -> None:
        # Room for the text: the box less its frame, margins and clear button.
        room = self.box.width() - 40
        metrics = self.box.fontMetrics()
        hint = next((h for h in HINTS if metrics.horizontalAdvance(h) <= room), HINTS[-1])
        if hint != self.box.placeholderText():
            self.box.setPlaceholderText(hint)
        self.box.setToolTip(HINTS[0] if hint != HINTS[0] else "")

    def eventFilter(self, watched, event) -> bool:
        if watched is self.box and event.type() == QEvent.Type.Resize:
            self._fit_hint()
        if watched is self.box and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rowCount():
                view = self.view if self.tabs.currentIndex() == 0 else self.passage_view
                model = view.model()
                row = view.currentIndex().row() if view.currentIndex().isValid() else -1
                row = min(max(row + (1 if key == Qt.Key.Key_Down else -1), 0), model.rowCount() - 1)
                view.setCurrentIndex(model.index(row, 0))
                view.scrollTo(model.index(row, 0))
                return True
            if key == Qt.Key.Key_Escape:
                self.box.clear()
                self.filters.clear()
                self.chips.set_filters([])
                self._emit_query()
                return True
        return super().eventFilter(watched, event)
