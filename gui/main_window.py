"""The main window: search pane | reader | annotations sidebar, and the work behind them.

The window is the controller: it asks the stores for data, starts background
tasks for indexing, entities, search and export, and routes their results to
the views. Writes to the index run one at a time on the writer queue.
"""

from __future__ import annotations

import logging
import random
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QUndoCommand
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui import original_file, wording
from gui.action_keys import ActionKeysFirst
from gui.annotation_controller import AnnotationController
from gui.annotation_sidebar import AnnotationSidebar
from gui.concordance_controller import ConcordanceController
from gui.context import AppContext
from gui.copies_controller import CopiesController
from gui.entity_panels import ArticleEntitiesPanel, EntityBrowser
from gui.export_dialog import ExportDialog
from gui.find_bar import FindBar
from gui.folder_watcher import FolderWatcher, plan_watch
from gui.kinds import KIND_COLORS
from gui.matrix_controller import MatrixController
from gui.memo_controller import MemoController
from gui.memo_panel import MemoPanel
from gui.passages_model import IdRole as PassageIdRole
from gui.preferences import PreferencesDialog
from gui.reader_view import ReaderView
from gui.search_pane import SearchPane
from gui.tasks import Task, TaskRunner
from gui.theme import apply_theme
from gui.timeline_controller import TimelineController
from indexer.entities import POOL_THRESHOLD
from indexer.filenames import as_path
from indexer.progress import IndexSummary, Progress
from indexer.query import QuerySyntaxError
from indexer.search import SearchResults

log = logging.getLogger(__name__)
# Passages listed in the Passages tab (all are counted): a list laid out as HTML, row
# by row, of 60,000 passages would hold the window.
PASSAGES_LISTED = 1_000
PAGE_SIZE = 50


class IndexRebuilt(Exception):
    """A search found the index damaged; it was emptied to be read again from the files."""


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min"


QUERY_READ_S = 3.0  # a query shown this long was read, not typed past
MIN_WINDOW_WIDTH = 360  # the text pane alone; side panes fold away below their widths
PANE_NAMES = {"search": "search pane", "sidebar": "tag sidebar"}


class MainWindow(QMainWindow):
    """Emits `idle` whenever no background work is left (tests and --screenshot wait on it)."""

    idle = Signal()
    export_finished = Signal(str)
    codebook_imported = Signal(object)  # the box that says what File → Import codebook did

    def __init__(self, ctx: AppContext, folder: Path | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.folder = folder
        self.setObjectName("mainWindow")
        self.setWindowTitle("Archive Reader")
        self.resize(1400, 860)

        self.writer = TaskRunner(threads=1, parent=self)  # index and entities, in order
        self.reader_pool = TaskRunner(threads=1, parent=self)  # searches and exports
        self._search_generation = 0
        self.page_size = PAGE_SIZE  # results fetched at a time; more as the list scrolls
        self._last_results: SearchResults | None = None
        self._shown_request: tuple | None = None  # (query, scope, sort) of the list shown
        self._shown_since = 0.0  # when that list was first shown (time.monotonic)
        self._restore_article: str | None = None  # the article open when the window closed
        # How long closing waits for running jobs (the application sets it short and
        # ends the process; tests wait for jobs to stop).
        self.quit_wait_ms = 30_000
        self._history: list[str] = []  # opened articles, for Back and Forward
        self._history_at = -1
        self._phase, self._phase_started = "", 0.0
        self.last_summary: IndexSummary | None = None
        self.original_dialog: original_file.OriginalFileDialog | None = None
        self.database_check = ""
        self.rebuilt_because = ""
        self.watcher = FolderWatcher(self)
        self.watcher.changed.connect(self._folder_changed)

        self.search = SearchPane()
        self.reader = ReaderView(ctx.settings.shown_kinds)
        self.sidebar = AnnotationSidebar()
        self.names = ArticleEntitiesPanel()
        self.sidebar.tabs.addTab(self.names, "Names")
        self.memo = MemoPanel()
        self.sidebar.tabs.addTab(self.memo, "Memo")
        self.memos = MemoController(self, self.memo)
        self.browser: EntityBrowser | None = None
        self.concordance = ConcordanceController(self)
        self.find_bar = FindBar()
        reader_column = QWidget()
        column = QVBoxLayout(reader_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.find_bar)
        column.addWidget(self.reader, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        splitter.addWidget(self.search)
        splitter.addWidget(reader_column)
        splitter.addWidget(self.sidebar)
        splitter.setSizes([430, 640, 330])
        splitter.setChildrenCollapsible(False)
        # Fixed minimum widths: the sidebar's own minimum followed its labels ("none yet"
        # or a count), and the panes moved sideways by ~28 px when the first passage was
        # saved or when going between articles with and without passages.
        for pane, width in ((self.search, 260), (reader_column, 300), (self.sidebar, 240)):
            pane.setMinimumWidth(width)
        self.setCentralWidget(splitter)
        # The panes the researcher wants (View menu, F8, F9); a window too narrow for them
        # folds side panes away by itself and shows them again when it is wide enough.
        self._wanted_panes = {"search": True, "sidebar": True}
        self._kept_pane = "search"  # folded last: the pane asked for most recently
        self._folded_for_width: list[str] = []  # wanted panes a narrow window folded
        # The text alone sets the smallest window; side panes fold to fit (resizeEvent).
        self.setMinimumSize(MIN_WINDOW_WIDTH, 400)

        self.progress = QProgressBar(objectName="indexProgress")
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel", objectName="cancelIndexing")
        self.cancel_button.clicked.connect(self.cancel_indexing)
        self.hit_position = QLabel(objectName="hitPosition")
        self.statusBar().addPermanentWidget(self.hit_position)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            self.statusBar().addPermanentWidget(widget)
        self._show_progress(False)

        self.annotations = AnnotationController(
            self, ctx, self.reader, self.sidebar, self.reader_pool
        )
        self.annotations.message.connect(lambda text: self.statusBar().showMessage(text, 8_000))
        self.annotations.open_requested.connect(self.open_article)
        self.annotations.changed.connect(self.memos.from_outside)
        self.annotations.changed.connect(self.memos.refresh_list)
        self.matrix = MatrixController(self)
        self.timeline = TimelineController(self)
        self.copies = CopiesController(self)
        self._build_menus()
        self.search.search_requested.connect(self.run_search)
        self.search.article_chosen.connect(self.open_article)
        self.search.article_chosen.connect(lambda _id: self.remember_query())
        self.search.passage_chosen.connect(self.annotations.go_to_passage)
        self.search.model.more_wanted.connect(self._more_results)
        self.search.save_wanted.connect(self.save_search)
        self.search.saved_chosen.connect(self.run_saved)
        self.search.saved_deleted.connect(self.delete_saved)
        self.search.box.returnPressed.connect(self.remember_query)
        self.search.set_history(self.ctx.settings.recent_queries)
        self.search.set_saved([s["name"] for s in self.ctx.settings.saved_searches])
        self.search.seed = self._random_seed()
        slash = QShortcut(QKeySequence("/"), self)
        slash.activated.connect(self._focus_search)
        self.reader.selection_changed.connect(self._selection_changed)
        self.find_bar.find.connect(self._find)
        self.find_bar.step.connect(self._find_step)
        self.find_bar.closed.connect(lambda: (self.reader.find(""), self.reader.text.setFocus()))
        apply_theme(self.ctx.settings)
        self.reader.layers.restyle()  # the legend in the theme's kind colours
        self.reader.set_font(self.ctx.settings.font_family, self.ctx.settings.font_size)
        self.reader.message.connect(lambda text: self.statusBar().showMessage(text, 6_000))
        self.reader.kind_corrected.connect(self.correct_kind)
        self.reader.merge_requested.connect(self.choose_merge_target)
        self.reader.tag_requested.connect(self._focus_tag_editor)
        self.reader.copy_citation_requested.connect(self.copy_with_citation)
        self.reader.search_requested.connect(self._search_selection)
        self.reader.split_requested.connect(self.split_entity)
        self.reader.not_a_name_requested.connect(self.not_a_name)
        self.reader.layers.changed.connect(self._remember_layers)
        self.names.entity_chosen.connect(self.add_to_query)
        QApplication.instance().installEventFilter(ActionKeysFirst(self))

    @property
    def results(self) -> SearchResults | None:
        """The results on show (None before the first search returns)."""
        return self._last_results

    # menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Add folder…", QKeySequence.StandardKey.Open, self.choose_folder)
        self.remove_menu = file_menu.addMenu("&Remove folder")
        self.remove_menu.setObjectName("removeFolderMenu")
        self.remove_menu.aboutToShow.connect(self._fill_remove_menu)
        self._action(file_menu, "Indexing &report…", None, self.show_report)
        file_menu.addSeparator()
        self._action(file_menu, "Open original &file", None, self.open_original_file)
        self._action(file_menu, "Show in fol&der", None, self.show_original_in_folder)
        file_menu.addSeparator()
        self._action(file_menu, "&Export passages…", "Ctrl+E", self.show_export)
        self._action(file_menu, "Export &search results…", "Ctrl+Shift+E", self.export_results)
        self._action(
            file_menu, "&Print article…", QKeySequence.StandardKey.Print, self.print_article
        )
        self._action(file_menu, "Export article to P&DF…", None, self.export_article_pdf)
        self._action(file_menu, "Restore passages from &backup…", None, self.choose_backup)
        self._action(file_menu, "&Import codebook…", None, self.choose_codebook)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit = self.menuBar().addMenu("&Edit")
        undo = self.annotations.undo.stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.annotations.undo.stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        undo.setObjectName("undoAction")
        redo.setObjectName("redoAction")
        edit.addAction(undo)
        edit.addAction(redo)
        edit.addSeparator()
        self._action(edit, "&Tag selection…", "Ctrl+T", self._focus_tag_editor)
        self._action(
            edit,
            "Tag &every hit…",
            "Ctrl+Shift+T",
            lambda: self.annotations.show_bulk(
                self.search.query() or self.search.request().full_text,
                self.search.request().full_text,
            ),
        )
        self._action(edit, "&Copy with citation", "Ctrl+Shift+C", self.copy_with_citation)
        edit.addSeparator()
        self._action(edit, "&Find in archive", "Ctrl+L", self._focus_search)
        self._action(edit, "&More like this", "Ctrl+M", self.more_like_this)
        self._action(edit, "Ne&w random order", None, self.new_random_order)
        self._action(
            edit, "Find in &article", QKeySequence.StandardKey.Find, self.find_bar.open_bar
        )
        self._action(edit, "&Next hit", "F3", lambda: self._hit_step(1))
        self._action(edit, "&Previous hit", "Shift+F3", lambda: self._hit_step(-1))
        edit.addSeparator()
        self._action(
            edit, "Pre&ferences…", QKeySequence.StandardKey.Preferences, self.show_preferences
        )
        view = self.menuBar().addMenu("&View")
        self._action(view, "&Codebook…", "Ctrl+Shift+K", self.annotations.show_codebook)
        self._action(view, "&All passages…", "Ctrl+Shift+A", self.annotations.show_all_passages)
        self._action(view, "&Names in the archive…", "Ctrl+Shift+N", self.show_entity_browser)
        self._action(view, "&Original file…", "Ctrl+U", self.show_original)
        self._action(view, "Co&ncordance…", "Ctrl+K", self.concordance.show)
        self._action(view, "All &memos…", "Ctrl+Shift+M", self.memos.show_all)
        self._action(view, "Code mat&rix…", "Ctrl+Shift+X", self.matrix.show)
        self._action(view, "T&imeline…", "Ctrl+Shift+L", self.timeline.show)
        self._action(view, "Co&pies of this story…", "Ctrl+Shift+D", self.copies.show)
        view.addSeparator()
        # The side panes fold away, so the text can have the window (small screens).
        self.search_pane_action = self._action(view, "&Search pane", "F8", self._toggle_panes)
        self.sidebar_action = self._action(view, "&Tag sidebar", "F9", self._toggle_panes)
        for action, name in (
            (self.search_pane_action, "toggleSearchPane"),
            (self.sidebar_action, "toggleSidebar"),
        ):
            action.setObjectName(name)
            action.setCheckable(True)
            action.setChecked(True)
        view.addSeparator()
        self._action(view, "&Back", "Alt+Left", self.go_back).setObjectName("backAction")
        self._action(view, "&Forward", "Alt+Right", self.go_forward).setObjectName("forwardAction")
        # The mouse's back and forward buttons, over the text and the results (not an
        # application-wide filter: that would run Python for every event of the app).
        for area in (self.reader.text.viewport(), self.search.view.viewport()):
            area.installEventFilter(self)
        view.addSeparator()
        self._action(view, "&Larger text", QKeySequence.StandardKey.ZoomIn, lambda: self._zoom(1))
        self._action(
            view, "&Smaller text", QKeySequence.StandardKey.ZoomOut, lambda: self._zoom(-1)
        )
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", "F1", self.show_shortcuts)
        self._action(help_menu, "&Check database", None, self.check_database)
        self._action(help_menu, "&About Archive Reader", None, self.show_about)

    def _action(self, menu, text, shortcut, slot) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        # Called with nothing: triggered(checked) passes its bool to a slot's first
        # optional parameter (Export article to PDF took it for the file's path).
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # start-up and indexing

    def _rebuild_index(self, why: str) -> None:
        """The index was found damaged and emptied: read every folder again, with progress."""
        self.statusBar().showMessage(why, 30_000)
        self.rebuilt_because = why
        for folder in self.ctx.library.folders():
            if Path(folder).is_dir():
                self.index_folder(Path(folder), remember=False)

    def start(self, query: str = "") -> None:
        """Show what is indexed at once, then bring every folder up to date in the background."""
        if self.ctx.settings.warning:
            self.statusBar().showMessage(self.ctx.settings.warning, 20_000)
        if self.ctx.library.healed:  # found damaged on opening: start() reads every folder
            self.rebuilt_because = self.ctx.library.healed
            self.statusBar().showMessage(self.ctx.library.healed, 30_000)
        restored = self.restore_workspace()
        self.fit_screen()  # the default size too: never larger than the screen
        if query:
            self.search.box.setText(query)
        if not self.ctx.library.is_empty() and not (restored and not query):
            self.run_search()  # (a restored search has run already)
        folders = [Path(f) for f in self.ctx.library.folders()]
        missing = [f for f in folders if not f.is_dir()]
        if missing:
            self.statusBar().showMessage(
                f"Not found, its articles are kept: {', '.join(map(str, missing))}", 15_000
            )
        for folder in folders:
            if folder.is_dir() and folder != self.folder:
                self.index_folder(folder, remember=False)
        if self.folder is not None:
            self.index_folder(self.folder)
        if not self.writer.busy:
            self._refresh_watch()
            self._check_idle()

    def index_folder(self, folder: Path, remember: bool = True) -> None:
        """Add or update a folder in the background (only what changed is read)."""
        if remember:
            self.folder = folder
            self.ctx.settings.last_folder = str(folder)
            self.ctx.save_settings()
        if self.ctx.library.is_empty():
            self.reader.show_placeholder(f"Indexing {folder} for the first time…")
        self._start_writer_task(
            Task("Indexing", lambda: self.ctx.library.update(folder)),
            self._on_indexed,
            "Reading articles…",
        )

    def _start_writer_task(self, task: Task, on_success, label: str) -> None:
        """Queue a job that writes the index, with progress shown in the status bar."""
        task.progress.connect(self._on_progress)
        task.succeeded.connect(on_success)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_index_finished)
        self._show_progress(True, label)
        self.writer.start(task)

    def _on_progress(self, tick: Progress) -> None:
        if tick.phase == "text" and tick.done == 0 and tick.total >= POOL_THRESHOLD:
            # A large first index: let the entity workers load the model meanwhile.
            self.ctx.recognizer().warm_up()
        labels = {
            "scan": "Looking for articles",
            "text": "Indexing text",
            "entities": "Finding names",
        }
        now = time.monotonic()
        if tick.phase != self._phase:
            self._phase, self._phase_started = tick.phase, now
        label = labels.get(tick.phase, tick.phase)
        if tick.total:
            label += f" {tick.done:,} of {tick.total:,}"
            elapsed = now - self._phase_started
            if tick.done and elapsed > 2:
                left = elapsed / tick.done * (tick.total - tick.done)
                label += f", about {_duration(left)} left"
        self.progress_label.setText(label)
        self.progress.setMaximum(max(tick.total, 1))
        self.progress.setValue(tick.done)

    def _on_indexed(self, summary: IndexSummary) -> None:
        self.last_summary = summary
        report = self.ctx.reanchor(summary.changed_ids)
        if report.moved or report.orphaned or report.recovered:
            self.annotations.refresh()
        if report.orphaned:
            self.statusBar().showMessage(
                f"{report.orphaned} passages lost their text in changed articles; they are "
                "kept as orphans (View ▸ All passages).",
                15_000,
            )
        # The folder by its name: beside the progress bar of the next folder, a path
        # left "/work/…/corpora/gutenberg: up to date, nothi".
        first_line = summary.describe(Path(summary.folder).name).splitlines()[0]
        if summary.skipped:
            first_line += f" {len(summary.skipped)} files skipped: see File ▸ Indexing report."
        self.statusBar().showMessage(first_line, 15_000)
        if summary.changed or self._last_results is None:
            self.run_search()
        self._start_entities()

    def _start_entities(self) -> None:
        if self.ctx.library.store.pending_entities_count() == 0:
            return
        library, recognizer = self.ctx.library, self.ctx.recognizer
        self._start_writer_task(
            Task("Finding names", lambda: library.extract_entities(recognizer())),
            self._on_entities_done,
            "Finding names…",
        )

    def _on_entities_done(self, count: int) -> None:
        if self.reader.article is not None:
            mentions = self.ctx.library.mentions(self.reader.article.id)
            self.reader.set_mentions(mentions)
            self.names.set_mentions(mentions)
        if self.browser is not None and self.browser.isVisible():
            self._load_browser()
        if count:
            self.run_search()  # the facets now have people, places and organisations
        if count:
            self.statusBar().showMessage(
                f"Names found in {wording.count(count, 'article')}.", 8_000
            )
        failures = self.ctx.recognizer().failures
        if failures and self.last_summary is not None:
            self.last_summary.skipped += [
                (src, f"{what}; details are in the log") for src, what in failures
            ]
            failures.clear()

    def _on_index_finished(self) -> None:
        QTimer.singleShot(0, self, self._after_writer_task)  # the timer dies with the window

    def _after_writer_task(self) -> None:
        if not self.writer.busy:
            self._show_progress(False)
            self._phase = ""
            self._refresh_watch()
        self._check_idle()

    def _refresh_watch(self) -> None:
        """Re-plan what to watch (folders may have gained files or sub-folders)."""
        folders = self.ctx.library.folders()
        task = Task("Watching folders", lambda: plan_watch(folders))
        task.succeeded.connect(self.watcher.watch)
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    def _folder_changed(self, folder: str) -> None:
        self.statusBar().showMessage(f"Changes noticed in {folder}; updating…", 5_000)
        self.index_folder(Path(folder), remember=False)

    def cancel_indexing(self) -> None:
        """Stop the running job, and say what that leaves: the text is always searchable
        up to what was committed; names stay incomplete until the next run."""
        names = self._phase == "entities"
        self.writer.cancel_all()
        if names:
            left = self.ctx.library.store.pending_entities_count()
            self.statusBar().showMessage(
                f"Name finding cancelled: every article is searchable; "
                f"{wording.count(left, 'article')} {wording.verb(left, 'has', 'have')} no "
                "names yet (they are found on the next run; see File → Indexing report).",
                15_000,
            )
        else:
            self.statusBar().showMessage(
                "Indexing cancelled; what was indexed before stays searchable.", 10_000
            )

    def _show_progress(self, visible: bool, label: str = "") -> None:
        self.progress_label.setText(label)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(visible)

    def _on_task_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)
        QMessageBox.warning(
            self, "Archive Reader", f"{message}\n\nDetails are in {self.ctx.home.log_file}"
        )

    def _check_idle(self) -> None:
        if not self.writer.busy and not self.reader_pool.busy:
            self.idle.emit()

    # search

    def run_search(self, request=None) -> None:
        """Search off the GUI thread; results of a request typed over are dropped."""
        from gui.search_service import SearchRequest, facets_for, run

        if request is None or isinstance(request, str):
            request = self.search.request() if request is None else SearchRequest(request)
        request.limit = self.page_size
        request.passages_limit = PASSAGES_LISTED
        self._search_generation += 1
        generation = self._search_generation
        library, ctx = self.ctx.library, self.ctx

        def job():
            try:
                return generation, run(library, ctx.annotations, request), None
            except QuerySyntaxError as error:
                return generation, error, None
            except Exception as error:
                healed = library.heal_after(error)  # a damaged index is rebuilt, said once
                if not healed:
                    raise
                return generation, IndexRebuilt(healed), None

        def facets_job():
            try:
                return generation, facets_for(library, ctx.annotations, request)
            except QuerySyntaxError:
                return generation, {}

        # Results first, facets after: counting facets over a large archive takes a
        # while, and the researcher reads the results meanwhile.
        for name, work, done in (
            ("Search", job, self._on_results),
            ("Facets", facets_job, self._on_facets),
        ):
            task = Task(name, work)
            task.succeeded.connect(done)
            task.failed.connect(self._on_task_failed)
            task.finished.connect(self._check_idle_soon)
            self.reader_pool.start(task)

    def _more_results(self, loaded: int) -> None:
        """The next page of results, when the list is scrolled to its end."""
        request = self.search.request()
        request.limit = loaded + self.page_size
        generation = self._search_generation
        library, ctx = self.ctx.library, self.ctx

        def job():
            from gui.search_service import run

            return generation, run(library, ctx.annotations, request)

        task = Task("More results", job)
        task.succeeded.connect(self._on_more_results)
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    def _on_more_results(self, payload) -> None:
        generation, outcome = payload
        if generation == self._search_generation and outcome.articles is not None:
            self.search.append_hits(outcome.articles.hits)

    def _check_idle_soon(self) -> None:
        QTimer.singleShot(0, self, self._check_idle)

    def _on_results(self, payload) -> None:
        generation, outcome, facets = payload
        if generation != self._search_generation:
            return  # a newer query has been typed since
        if isinstance(outcome, QuerySyntaxError):
            self.search.show_error(str(outcome))
            return
        if isinstance(outcome, IndexRebuilt):
            self._rebuild_index(str(outcome))
            return
        self._last_results = outcome.articles
        self.search.show_outcome(outcome, facets)
        if outcome.like:
            # "Like: <title>" stands in the place of the query; the article stays open.
            self.search.show_like(outcome.like)
            self._shown_request = None
            if self.reader.article is not None:
                self.search.select_article(self.reader.article.id)
                self._reload_article()
            return
        hits = outcome.articles.hits if outcome.articles else []
        request = outcome.request
        asked = (request.full_text, request.scope, request.sort)
        new_query = asked != self._shown_request
        if new_query:
            # Recent queries: a query that stayed on screen a while is kept when the next
            # one replaces it (it was kept only after Enter; keeping every query that
            # ran would keep the prefixes typed on the way, "dro", "dron").
            shown = self._shown_request[0] if self._shown_request else ""
            if shown and time.monotonic() - self._shown_since >= QUERY_READ_S:
                self.remember_query(shown)
            self._shown_since = time.monotonic()
        self._shown_request = asked
        restore, self._restore_article = self._restore_article, None
        if restore and self.ctx.library.article(restore) is not None:
            self.open_article(restore)  # where the researcher was when the window closed
        elif hits and (new_query or self.reader.article is None):
            # A new query shows its top hit, selected: the list once kept the open
            # article in view, so the top hit was off-screen and the highlighted row
            # was not the article shown.
            self.open_article(hits[0].id)
            self.search.view.scrollToTop()
        elif self.reader.article is not None:
            self.search.select_article(self.reader.article.id)  # a refresh keeps its place
            self._reload_article()

    def _on_facets(self, payload) -> None:
        generation, facets = payload
        if generation == self._search_generation:
            self.search.set_facets(facets)

    def remember_query(self, query: str | None = None) -> None:
        """Keep a search (the current one by default) in the history, most recent first."""
        query = self.search.request().full_text if query is None else query
        if not query:
            return
        history = [q for q in self.ctx.settings.recent_queries if q != query]
        self.ctx.settings.recent_queries = [query, *history][:30]
        self.search.set_history(self.ctx.settings.recent_queries)
        self.ctx.save_settings()

    def save_search(self, name: str | None = None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(self, "Save this search", "Name:")
            if not ok:
                return
        name = name.strip()
        if not name:
            return
        request = self.search.request()
        saved = {s["name"]: s for s in self.ctx.settings.saved_searches}
        saved[name] = {
            "name": name,
            "query": request.text,
            "filters": request.filters,
            "scope": request.scope,
            "sort": request.sort,
        }
        self.ctx.settings.saved_searches = sorted(saved.values(), key=lambda s: s["name"])
        self.ctx.save_settings()
        self.search.set_saved([s["name"] for s in self.ctx.settings.saved_searches])
        self.statusBar().showMessage(f"Saved the search “{name}”.", 6_000)

    def run_saved(self, name: str) -> None:
        for saved in self.ctx.settings.saved_searches:
            if saved["name"] == name:
                self.search.set_request(
                    saved["query"],
                    saved.get("filters", []),
                    saved.get("scope", "articles"),
                    saved.get("sort", "relevance"),
                )

    def delete_saved(self, name: str) -> None:
        kept = [s for s in self.ctx.settings.saved_searches if s["name"] != name]
        self.ctx.settings.saved_searches = kept
        self.ctx.save_settings()
        self.search.set_saved([s["name"] for s in kept])

    def more_like_this(self) -> None:
        if self.reader.article is None:
            self.statusBar().showMessage("Open an article first.", 6_000)
            return
        article_id, library = self.reader.article.id, self.ctx.library
        self._search_generation += 1
        generation = self._search_generation

        ctx = self.ctx

        def job():
            from gui.search_service import SearchOutcome, SearchRequest, facets_of

            results = library.searcher().more_like(article_id, limit=PAGE_SIZE)
            title = results.query.removeprefix("like: ")
            # Its words are not hits: nothing in the articles was searched for.
            results.query = ""
            facets = facets_of(library, ctx.annotations, [h.id for h in results.hits])
            outcome = SearchOutcome(SearchRequest(""), results, like=title)
            return generation, outcome, facets

        task = Task("More like this", job)
        task.succeeded.connect(self._on_results)
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    # reading and tagging

    def open_article(self, article_id: str, from_history: bool = False) -> None:
        article = self.ctx.library.article(article_id)
        if article is None:
            self.statusBar().showMessage("That article is no longer in the index.", 8_000)
            return
        self._remember_scroll()
        if not from_history and (
            not self._history or self._history[self._history_at] != article_id
        ):
            del self._history[self._history_at + 1 :]
            self._history.append(article_id)
            self._history = self._history[-200:]
            self._history_at = len(self._history) - 1
        mentions = self.ctx.library.mentions(article_id)
        passages = self.ctx.annotations.passages_for(article_id)
        self.reader.show_article(article, mentions, passages, [])
        self.copies.count_for(article_id)
        self.sidebar.end_edit()
        self.sidebar.set_passages(passages)
        self.hit_position.setText("")
        self.names.set_mentions(mentions)
        self.memos.show_for(article_id)
        self.search.select_article(article_id)
        self._load_hits(article_id)
        scroll = self.ctx.settings.workspace.get("scroll", {}).get(article_id)
        if isinstance(scroll, int):  # where the researcher left this article
            self.reader.restore_scroll(scroll)

    def _toggle_panes(self) -> None:
        search, sidebar = self.search_pane_action.isChecked(), self.sidebar_action.isChecked()
        asked = "sidebar" if sidebar != self.sidebar.isVisibleTo(self) else "search"
        self.set_panes(search, sidebar, keep=asked)

    def set_panes(self, search: bool, sidebar: bool, keep: str | None = None) -> None:
        """Show or fold away the search pane and the tag sidebar (View menu, F8, F9).
        `keep` names the pane just asked for: if the window is too narrow for both side
        panes, the other one folds."""
        self._wanted_panes = {"search": search, "sidebar": sidebar}
        if keep in self._wanted_panes:
            self._kept_pane = keep
        self._fit_panes()

    def _fit_panes(self) -> None:
        """Show the wanted panes that fit the window's width; fold the rest."""
        shown = dict(self._wanted_panes)
        folds = ["search", "sidebar"] if self._kept_pane == "sidebar" else ["sidebar", "search"]
        for pane in folds:
            if self._panes_width(shown) <= self.width():
                break
            shown[pane] = False
        self.search_pane_action.setChecked(shown["search"])
        self.sidebar_action.setChecked(shown["sidebar"])
        self.search.setVisible(shown["search"])
        self.sidebar.setVisible(shown["sidebar"])
        folded = [p for p in ("search", "sidebar") if self._wanted_panes[p] and not shown[p]]
        if folded != self._folded_for_width:
            self._folded_for_width = folded
            if folded:
                names = " and ".join(PANE_NAMES[p] for p in folded)
                self.statusBar().showMessage(
                    f"The window is narrow: the {names} folded away (View menu, F8, F9).", 6_000
                )

    def _panes_width(self, shown: dict[str, bool]) -> int:
        from PySide6.QtWidgets import QStyle

        handle = self.style().pixelMetric(QStyle.PixelMetric.PM_SplitterWidth)
        width = self.reader.parentWidget().minimumWidth()
        width += (handle + 2) * (shown["search"] + shown["sidebar"])
        if shown["search"]:
            width += self.search.minimumWidth()
        if shown["sidebar"]:
            width += self.sidebar.minimumWidth()
        return width

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_panes()

    def go_back(self) -> None:
        """The previously opened article (Alt+Left, the mouse's back button)."""
        self._go(-1)

    def go_forward(self) -> None:
        self._go(1)

    def _go(self, step: int) -> None:
        at = self._history_at + step
        if 0 <= at < len(self._history):
            self._history_at = at
            self.open_article(self._history[at], from_history=True)
        else:
            self.statusBar().showMessage(
                "No earlier article." if step < 0 else "No later article.", 3_000
            )

    def _remember_scroll(self) -> None:
        article = self.reader.article
        if article is None:
            return
        scroll = dict(self.ctx.settings.workspace.get("scroll", {}))
        scroll.pop(article.id, None)
        scroll[article.id] = self.reader.text.verticalScrollBar().value()
        # The 200 most recently read articles keep their place.
        self.ctx.settings.workspace["scroll"] = dict(list(scroll.items())[-200:])

    def save_workspace(self) -> None:
        """Window, splitters, search and open article, for the next start."""
        from PySide6.QtWidgets import QSplitter

        settings = self.ctx.settings
        settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode()
        settings.splitters = {
            splitter.objectName(): bytes(splitter.saveState().toBase64()).decode()
            for splitter in self.findChildren(QSplitter)
            if splitter.objectName()
        }
        self._remember_scroll()
        request = self.search.request()
        settings.workspace.update(
            query=request.text,
            filters=list(request.filters),
            scope=request.scope,
            sort=request.sort,
            article=self.reader.article.id if self.reader.article else "",
            panes=dict(self._wanted_panes),  # not what a narrow window folded by itself
        )

    def restore_workspace(self) -> bool:
        """Put back what save_workspace kept; True when a search was restored."""
        from PySide6.QtCore import QByteArray
        from PySide6.QtWidgets import QSplitter

        settings = self.ctx.settings
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode()))
            self.fit_screen()
        for splitter in self.findChildren(QSplitter):
            state = settings.splitters.get(splitter.objectName())
            if isinstance(state, str) and state:
                splitter.restoreState(QByteArray.fromBase64(state.encode()))
        space = settings.workspace
        panes = space.get("panes")
        if isinstance(panes, dict):
            self.set_panes(panes.get("search") is not False, panes.get("sidebar") is not False)
        article = space.get("article")
        self._restore_article = article if isinstance(article, str) and article else None
        filters = [f for f in space.get("filters", []) if isinstance(f, str)]
        text = space.get("query", "")
        if not isinstance(text, str) or not (text or filters):
            return False
        self.search.set_request(
            text, filters, str(space.get("scope", "articles")), str(space.get("sort", "relevance"))
        )
        return True

    def fit_screen(self) -> None:
        """Never larger than the screen it is on (a geometry saved on a larger screen).
        Offscreen (tests, --screenshot) there is no real screen to fit."""
        if QApplication.platformName() == "offscreen":
            return
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            return
        width, height = min(self.width(), screen.width()), min(self.height(), screen.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        if not screen.contains(frame):  # moved back onto the screen, whole
            self.move(
                max(screen.left(), min(frame.left(), screen.right() - frame.width() + 1)),
                max(screen.top(), min(frame.top(), screen.bottom() - frame.height() + 1)),
            )

    def _load_hits(self, article_id: str) -> None:
        """Where the current query matched in the open article (a search: off the GUI thread)."""
        query = self._last_results.query if self._last_results else ""
        if not query:
            return
        library = self.ctx.library
        task = Task(
            "Finding the hits",
            lambda: (article_id, library.searcher().hit_spans(article_id, query)),
        )
        task.succeeded.connect(self._on_hits)
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    def _on_hits(self, payload: tuple[str, list[tuple[int, int]]]) -> None:
        article_id, spans = payload
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.set_hits(spans)
            self.reader.reveal_first_hit()
            count = len(spans)
            hits = "1 hit" if count == 1 else f"{count} hits"
            self.hit_position.setText(f"{hits} here · F3 next" if count else "")

    def _reload_article(self) -> None:
        if self.reader.article is not None:
            self.open_article(self.reader.article.id)

    def _selection_changed(self, start: int, end: int) -> None:
        self.sidebar.set_selection_available(start >= 0 and end > start)

    def _hit_step(self, step: int) -> None:
        where = self.reader.go_to_hit(step)
        self.hit_position.setText(f"Hit {where}" if "of" in where else where)

    def _find(self, needle: str) -> None:
        count = self.reader.find(needle)
        self.find_bar.count.setText(f"{count} found" if needle else "")

    def _find_step(self, step: int) -> None:
        self.find_bar.count.setText(self.reader.go_to_found(step))

    def print_article(self) -> None:
        """Print the open article as the reader shows it (Qt's print dialog)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from gui.article_print import printable

        if self.reader.article is None:
            self.statusBar().showMessage("Open an article to print it.", 5_000)
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            passages = self.ctx.annotations.passages_for(self.reader.article.id)
            printable(self.reader, passages, self.memos.current()).print_(printer)

    def export_article_pdf(self, path: str | None = None) -> None:
        """The open article, its highlights, passages and citation, as a PDF file."""
        from gui.article_print import write_pdf

        article = self.reader.article
        if article is None:
            self.statusBar().showMessage("Open an article to export it.", 5_000)
            return
        if path is None:
            start = str(Path.home() / (Path(article.source).stem + ".pdf"))
            path, _ = QFileDialog.getSaveFileName(
                self, "Export article to PDF", start, "PDF (*.pdf)"
            )
            if not path:
                return
        try:
            passages = self.ctx.annotations.passages_for(article.id)
            write_pdf(self.reader, passages, Path(path), self.memos.current())
        except OSError as error:
            QMessageBox.warning(self, "Export to PDF", f"The PDF was not written: {error}")
            return
        self.statusBar().showMessage(f"Wrote {path}", 8_000)

    def show_shortcuts(self) -> None:
        from gui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).show()

    def _search_selection(self, words: str) -> None:
        """Search for the selected words as a phrase (the text's context menu)."""
        phrase = words.replace('"', " ").strip()
        if phrase:
            self.search.set_query(f'"{phrase}"' if " " in phrase else phrase)

    def copy_with_citation(self) -> None:
        text = self.reader.citation_of_selection()
        if not text:
            self.statusBar().showMessage("Select some text in the article first.", 6_000)
            return
        QApplication.clipboard().setText(text)
        self.statusBar().showMessage("Copied with its citation.", 6_000)

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.ctx.settings, self.ctx.home.describe(), self)
        dialog.applied.connect(self._apply_preferences)
        dialog.show()
        return dialog

    def _apply_preferences(self, settings) -> None:
        apply_theme(settings)
        self.reader.restyle()
        self.search.facets.restyle()
        self.reader.set_font(settings.font_family, settings.font_size)
        for kind in KIND_COLORS:
            self.reader.layers.set_shown(kind, kind in settings.shown_kinds)
        self.ctx.save_settings()

    def _focus_tag_editor(self) -> None:
        self.sidebar.tag_editor.setFocus()

    def _focus_search(self) -> None:
        self.search.box.setFocus()
        self.search.box.selectAll()

    def _zoom(self, step: int) -> None:
        size = min(max(self.ctx.settings.font_size + step, 8), 32)
        self.ctx.settings.font_size = size
        self.reader.set_font(self.ctx.settings.font_family, size)
        self.ctx.save_settings()

    # entities

    def add_to_query(self, clause: str) -> None:
        """Narrow the search to an entity (a click in the Names tab)."""
        query = self.search.query()
        if clause not in query:
            query = f"{query} {clause}".strip()
        self.search.set_query(query)

    def show_entity_browser(self) -> None:
        if self.browser is None:
            self.browser = EntityBrowser(self, spellings_of=self.ctx.library.spellings)
            self.browser.entity_chosen.connect(self._search_entity)
            self.browser.kind_corrected.connect(self.correct_kind)
            self.browser.merge_requested.connect(self.choose_merge_target)
            self.browser.split_requested.connect(self.split_entity)
            self.browser.not_a_name_requested.connect(self.not_a_name)
        self.browser.show()
        self.browser.raise_()
        self._load_browser()

    def open_at(self, article_id: str, start: int, end: int) -> None:
        """Open an article at a span (a concordance line): scrolled to it, blinking."""
        if self.reader.article is None or self.reader.article.id != article_id:
            self.open_article(article_id)
        if self.reader.article is not None and self.reader.article.id == article_id:
            self.reader.scroll_to(start, end)
            self.reader.flash(start, end)
            self.activateWindow()

    def _load_browser(self) -> None:
        library = self.ctx.library  # the worker thread uses its own connection
        task = Task("Counting names", lambda: library.store.entity_counts(per_kind=500))
        task.succeeded.connect(self._on_browser_counts)
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    def _on_browser_counts(self, counts) -> None:
        if self.browser is not None:
            self.browser.set_counts(counts)

    def _search_entity(self, clause: str) -> None:
        self.search.set_query(clause)
        self.activateWindow()

    def correct_kind(self, surface: str, canonical: str, kind: str) -> None:
        """The user says a name is of another kind: remember it, and redo every article
        that contains it, in the background."""
        self._correct_names(lambda: self.ctx.correct_entity(surface, canonical, kind))

    def merge_entity(self, source: str, target: str, target_kind: str) -> None:
        """Make `source` one entity with `target`, in every article (Merge into…)."""
        self._correct_names(lambda: self.ctx.merge_entity(source, target, target_kind))

    def split_entity(self, spelling: str, canonical: str, kind: str) -> None:
        """Make `spelling` a name of its own, no longer `canonical` (Split)."""
        self._correct_names(lambda: self.ctx.split_entity(spelling, canonical, kind))

    def not_a_name(self, canonical: str) -> None:
        """The model's name is no name ("Revs", "Xcode" as a person): gone from every
        article, in the background; Ctrl+Z brings it back."""
        self._correct_names(lambda: self.ctx.not_a_name(canonical))

    def choose_merge_target(self, source: str, kind: str) -> None:
        """Ask which name `source` is, from the archive's names, then merge."""
        names = [
            name
            for _kind, rows in self.ctx.library.store.entity_counts(per_kind=200).items()
            for name, _n in rows
            if name != source
        ]
        dialog = QInputDialog(self, objectName="mergeDialog")
        dialog.setWindowTitle("Merge names")
        dialog.setLabelText(f"Which name is “{source}”? Its mentions become that name's.")
        dialog.setComboBoxItems(sorted(set(names), key=str.casefold))
        dialog.setComboBoxEditable(True)
        dialog.setTextValue("")
        if dialog.exec() and dialog.textValue().strip():
            self.merge_entity(source, dialog.textValue().strip(), kind)

    def _correct_names(self, make) -> None:
        try:
            correction = make()
        except (OSError, ValueError) as error:
            log.warning("a correction of names failed: %s", error)
            QMessageBox.warning(self, "Names", f"The correction was not saved: {error}")
            return
        self.annotations.undo.stack.push(NamesCorrection(correction, self))
        self._redo_names(correction.names)
        self.statusBar().showMessage(f"{correction.description}: updating the articles…", 8_000)

    def _redo_names(self, names) -> None:
        """Read again, in the background, every article that contains one of `names`."""
        task = Task("Applying the correction", lambda: self.ctx.library.requeue_entities(names))
        task.succeeded.connect(self._on_requeued)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_index_finished)
        self.writer.start(task)

    def _on_requeued(self, count: int) -> None:
        self._start_entities()

    def _remember_layers(self, shown: set[str]) -> None:
        self.ctx.settings.shown_kinds = [k for k in KIND_COLORS if k in shown]
        self.ctx.save_settings()

    # folders and export

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of articles")
        if folder:
            self.index_folder(Path(folder))

    def _fill_remove_menu(self) -> None:
        self.remove_menu.clear()
        folders = self.ctx.library.folder_stats()
        if not folders:
            self.remove_menu.addAction("No folders").setEnabled(False)
        for folder in folders:
            action = self.remove_menu.addAction(
                f"{folder['path']} ({wording.count(folder['articles'], 'article')})"
            )
            action.triggered.connect(
                lambda _checked=False, path=folder["path"]: self.confirm_remove(Path(path))
            )

    def confirm_remove(self, folder: Path) -> None:
        answer = QMessageBox.question(
            self,
            "Remove folder",
            f"Remove {folder} from the library?\n\nIts articles leave the index; the files "
            "stay where they are. Your passages on these articles are kept, and come back "
            "when you add the folder again.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_folder(folder)

    def remove_folder(self, folder: Path) -> None:
        task = Task("Removing a folder", lambda: self.ctx.library.remove_folder(folder))
        task.succeeded.connect(self._on_folder_removed)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._on_index_finished)
        self._show_progress(True, f"Removing {folder}…")
        self.writer.start(task)

    def _on_folder_removed(self, removed: int) -> None:
        self.statusBar().showMessage(f"{wording.count(removed, 'article')} left the index.", 10_000)
        self.reader.show_placeholder("Choose an article on the left.")
        self.sidebar.set_passages([])
        self.run_search()

    def _open_article_path(self) -> Path | None:
        if self.reader.article is None:
            self.statusBar().showMessage("Open an article first.", 6_000)
            return None
        return as_path(self.reader.article.source)

    def open_original_file(self) -> None:
        path = self._open_article_path()
        if path is not None and not original_file.open_file(path):
            self.statusBar().showMessage(f"No program opened {path}.", 8_000)

    def show_original_in_folder(self) -> None:
        path = self._open_article_path()
        if path is not None and not original_file.show_in_folder(path):
            self.statusBar().showMessage(f"No program showed {path.parent}.", 8_000)

    def show_original(self) -> None:
        """View → Original file: read and decode the file off the GUI thread, then show it."""
        if self._open_article_path() is None:
            return
        article, library = self.reader.article, self.ctx.library

        def job():
            from indexer.ingest import document_kind, source_text

            path = as_path(article.source)
            return article, source_text(path), library.source_map(article.id), document_kind(path)

        task = Task("Reading the original file", job)
        task.succeeded.connect(self._on_original)
        task.failed.connect(
            lambda message: self.statusBar().showMessage(
                f"The original file cannot be read: {message}", 10_000
            )
        )
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    def _on_original(self, payload) -> None:
        article, source, source_map, kind = payload
        dialog = original_file.OriginalFileDialog(
            article.title, as_path(article.source), source, source_map, self, kind=kind
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.original_dialog = dialog
        dialog.show()

    def check_database(self) -> None:
        """Help → Check database: SQLite's full integrity check, off the GUI thread."""
        from annotations.db_backups import check

        path = self.ctx.home.annotations_db
        task = Task("Checking the database", lambda: check(path, full=True))
        task.succeeded.connect(self._on_checked)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._check_idle_soon)
        self.statusBar().showMessage("Checking the annotation database…")
        self.reader_pool.start(task)

    def _on_checked(self, problem: str) -> None:
        path = self.ctx.home.annotations_db
        self.database_check = problem
        if problem == "ok":
            self.statusBar().showMessage(f"The annotation database is sound ({path}).", 10_000)
            return
        message = self.ctx.damaged_message(
            f"The annotation database {path} is damaged: {problem}.", command_line=False
        )
        self.statusBar().showMessage(message, 30_000)
        QMessageBox.warning(
            self, "Check database", message + "\n\nFile → Restore passages from backup."
        )

    def choose_codebook(self, path: Path | None = None) -> None:
        """File → Import codebook: the codes of a QDA tool's codebook or project as
        tags (one Ctrl+Z takes them back out); what happened is said in a box
        (`codebook_imported` carries it too)."""
        if path is None:
            folder = Path(self.ctx.settings.workspace.get("export_folder") or Path.home())
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                "Import a codebook",
                str(folder),
                "REFI-QDA codebook or project (*.qdc *.qdpx);;All files (*)",
            )
            if not chosen:
                return None
            path = Path(chosen)
        self.annotations.import_codebook(path, self._codebook_imported)

    def _codebook_imported(self, said: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Import codebook", said, parent=self)
        box.setObjectName("codebookImportReport")
        box.show()
        self.codebook_imported.emit(box)

    def choose_backup(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from annotations.db_backups import list_backups

        backups = list_backups(self.ctx.home.backups_dir)
        if not backups:
            QMessageBox.information(
                self,
                "Restore from backup",
                f"There is no backup yet in {self.ctx.home.backups_dir}.",
            )
            return
        items = [b.describe() for b in backups]
        choice, chosen = QInputDialog.getItem(
            self,
            "Restore passages from backup",
            "Put this backup in place of your passages and tags\n"
            "(the current database is kept beside it):",
            items,
            0,
            False,
        )
        if chosen:
            from gui.context import HomeInUse

            try:
                message = self.restore_from(backups[items.index(choice)].path)
            except HomeInUse as busy:  # nothing was replaced: work goes on
                QMessageBox.warning(self, "Restore from backup", str(busy))
                return
            QMessageBox.information(self, "Restore from backup", message)
            self.close()

    def restore_from(self, backup: Path) -> str:
        """Put `backup` in place of the annotation database; the window must then close
        (worker threads may hold the old file open), which the message says. Raises
        HomeInUse while another process uses the home."""
        aside = self.ctx.restore_annotations(backup)
        return (
            f"Restored {backup.name}; the previous database is kept as {aside.name}. "
            "Archive Reader closes now: open it again to work on the restored passages."
        )

    def report_text(self, skipped: list[tuple[str, str, str]] | None = None) -> str:
        """What the Indexing report says: the last run's summary; the library, folder by
        folder, with every file skipped and why (kept from the run that read it, so a
        restart does not lose them; `skipped` when the caller has read them already);
        and the articles that have no names yet (a cancelled or unfinished name
        finding)."""
        summary = self.last_summary
        text = summary.describe() if summary else "No folder has been indexed in this session."
        store = self.ctx.library.store
        if skipped is None:
            skipped = store.skipped_files()
        folders = self.ctx.library.folder_stats()
        if folders:
            text += "\n\nThe library:\n" + "\n".join(
                f"  {f['path']}: {wording.count(f['articles'], 'article')} from "
                f"{wording.count(f['files'], 'file')}, "
                f"{sum(1 for s in skipped if s[0] == f['path'])} skipped"
                for f in folders
            )
        if skipped:
            text += f"\n\n{wording.count(len(skipped), 'file')} skipped, with the reason:\n"
            text += "\n".join(f"  {path}: {reason}" for _folder, path, reason in skipped)
        pending = store.pending_entities()
        if pending:
            titles = [a.title for a in store.metadata(pending[:50])]
            more = f"\n… and {len(pending) - 50} more" if len(pending) > 50 else ""
            text += (
                f"\n\n{wording.count(len(pending), 'article')} "
                f"{wording.verb(len(pending), 'has', 'have')} no names yet (they are searchable; "
                "their names are found on the next run):\n"
                + "\n".join(f"  {t}" for t in titles)
                + more
            )
        return text

    def show_report(self) -> None:
        skipped = self.ctx.library.store.skipped_files()
        text = self.report_text(skipped)
        headline = text.splitlines()[0]
        if skipped:
            headline += (
                f"\n{wording.count(len(skipped), 'file')} of the library "
                f"{wording.verb(len(skipped), 'is', 'are')} skipped: Show Details says why."
            )
        box = QMessageBox(QMessageBox.Icon.Information, "Indexing report", headline, parent=self)
        if "\n" in text:
            box.setDetailedText(text)
        box.exec()

    def show_export(self) -> ExportDialog:
        store = self.ctx.annotations
        article = (
            (self.reader.article.id, self.reader.article.title) if self.reader.article else None
        )
        selected = [
            index.data(PassageIdRole)
            for index in self.sidebar.view.selectionModel().selectedIndexes()
        ]
        tags = sorted((t.name for t in store.tags()), key=str.casefold)
        dialog = ExportDialog(tags, self.search.query(), article, selected, self)
        dialog.preview_wanted.connect(lambda s, g, c: self._export_preview(dialog, s, g, c))
        dialog.save_wanted.connect(lambda f, s, g, c: self._export_save(dialog, f, s, g, c))
        dialog.show()
        self.export_dialog = dialog
        return dialog

    def _export_preview(self, dialog, scope, group, context) -> None:
        from annotations.export import REFERENCE_FORMATS
        from gui.exporting import export_bytes, memo_entries, select_passages

        library = self.ctx.library
        # A references format previews its own text; the others show the passages as
        # Markdown, which every one of them holds.
        fmt = dialog.format.currentData()
        shown = fmt if fmt in REFERENCE_FORMATS else "md"

        def job():
            store = self.ctx.annotations  # the worker thread's own connection
            passages = select_passages(library, store, scope)
            memos = len(memo_entries(store, scope, passages, lambda _id: None))
            data, _ = export_bytes(library, store, shown, scope, group, context, limit=8)
            return data.decode("utf-8"), len(passages), shown != "md", memos

        task = Task("Preview", job)
        task.succeeded.connect(lambda result: dialog.show_preview(*result))
        task.failed.connect(dialog.show_error)
        task.finished.connect(self._check_idle_soon)
        self.reader_pool.start(task)

    def _export_save(self, dialog, fmt, scope, group, context, path: Path | None = None) -> None:
        from annotations.export import REFERENCE_FORMATS, extension, label

        if path is None:
            # The folder of the last export (it always started in the home folder).
            folder = Path(self.ctx.settings.workspace.get("export_folder") or Path.home())
            stem = "references" if fmt in REFERENCE_FORMATS else "passages"
            suggested = str(folder / f"{stem}{extension(fmt)}")
            chosen, _ = QFileDialog.getSaveFileName(
                dialog, "Export passages", suggested, f"{label(fmt)} (*{extension(fmt)})"
            )
            if not chosen:
                return
            path = Path(chosen)
        self.ctx.settings.workspace["export_folder"] = str(path.parent)
        self.export_to(path, fmt, scope, group, context)

    def export_to(self, path: Path, fmt: str, scope=None, group="tag", context=False) -> None:
        """Write an export on a worker thread (atomically); `export_finished` says when."""
        from gui.exporting import Scope, counted, export_file

        scope = scope or Scope()
        library, own_files = self.ctx.library, self.ctx.home.own_files()

        def job() -> str:
            # The worker thread's own connection (self.ctx.annotations is per thread).
            count = export_file(
                library, self.ctx.annotations, fmt, scope, path, group, context, own_files
            )
            return f"{counted(fmt, count)} exported to {path}"

        task = Task("Export", job)
        task.succeeded.connect(self._on_exported)
        task.failed.connect(self._on_task_failed)
        task.finished.connect(self._export_done)
        self.statusBar().showMessage(f"Exporting to {path}…")
        if not self.writer.busy:  # the bar belongs to indexing while that runs
            self.progress.setMaximum(0)  # busy: an export has no steps to count
            self.progress_label.setText("Exporting…")
            self.progress.setVisible(True)
            self.progress_label.setVisible(True)
        self.reader_pool.start(task)

    def _random_seed(self) -> int:
        """The number of the results' random order, kept with the workspace: the same
        sample after a restart, until Edit → New random order draws another."""
        seed = self.ctx.settings.workspace.get("random_seed")
        if not isinstance(seed, int) or not 1 <= seed <= 99_999:
            seed = self.ctx.settings.workspace["random_seed"] = random.randint(1, 99_999)
        return seed

    def new_random_order(self, seed: int | None = None) -> None:
        """Draw another random order (the results sorted Random show it at once)."""
        space = self.ctx.settings.workspace
        while seed is None or seed == space.get("random_seed"):
            seed = random.randint(1, 99_999)
        space["random_seed"] = self.search.seed = seed
        self.ctx.save_settings()
        if self.search.request().sort == "random":
            self.run_search()
        else:
            self.statusBar().showMessage(
                f"Random order {seed}: sort the results by Random to see it.", 8_000
            )

    def export_results(self, path: Path | None = None, fmt: str = "csv") -> None:
        """The articles the results list, every one, as a table, texts or references."""
        from gui.results_saver import save_results

        save_results(self, path, fmt)

    def _export_done(self) -> None:
        if not self.writer.busy:
            self._show_progress(False)
        self._check_idle_soon()

    def export_markdown(self, path: Path) -> None:
        self.export_to(path, "md")

    def _on_exported(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        self.export_finished.emit(message)

    def show_about(self) -> QMessageBox:
        from gui.about import versions

        rows = "".join(
            f"<tr><td>{name}</td><td>{version}</td></tr>" for name, version in versions()
        )
        box = QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setWindowTitle("About Archive Reader")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(
            "<b>Archive Reader</b>: search, read, tag and export an archive of news articles."
            f"<table cellpadding='2'>{rows}</table>"
            f"<p>Home: {self.ctx.home.describe()}</p>"
        )
        box.show()
        return box

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event) -> None:
        self.memo.flush()  # what was typed in the last half second
        self.save_workspace()
        self.writer.shutdown(self.quit_wait_ms)
        self.reader_pool.shutdown(self.quit_wait_ms)
        self.ctx.close_recognizer()
        self.ctx.save_settings()
        super().closeEvent(event)


class NamesCorrection(QUndoCommand):
    """A correction of names on the undo stack: undo puts the user gazetteer back and
    reads the same articles again; redo does the correction again."""

    def __init__(self, correction, window: MainWindow) -> None:
        super().__init__(correction.description)
        self.correction = correction
        self.window = window
        self._done = True  # applied before it was pushed

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.window.ctx.restore_gazetteer(self.correction.after)
        self.window._redo_names(self.correction.names)

    def undo(self) -> None:
        self.window.ctx.restore_gazetteer(self.correction.before)
        self.window._redo_names(self.correction.names)
