"""View → Timeline, for the window: counts in the background (a newer request
replacing an older one), searches a period when one is clicked, and exports the
counts. The dialog is gui/timeline_view.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from gui.saving import ask_path, save_in_background
from gui.tasks import Task


class TimelineController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None  # made (and its module imported) when first asked for
        self.task: Task | None = None

    def show(self, queries: list[str] | None = None):
        """The timeline of the search box's query (its filters included), or of
        `queries`. Returns the dialog."""
        from gui.timeline_view import TimelineDialog  # not on start-up's path

        if self.dialog is None:
            self.dialog = TimelineDialog(self.window)
            self.dialog.wanted.connect(self.count)
            self.dialog.period_chosen.connect(self.search_period)
            self.dialog.export_wanted.connect(self.export)
        if queries is None:
            full = self.window.search.request().full_text
            queries = [full] if full else []
        if queries or not self.dialog.edits:
            self.dialog.set_queries(queries)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog._ask()
        return self.dialog

    def count(self, queries: list[str], by: str) -> None:
        from indexer.timeline import timeline

        dialog, library = self.dialog, self.window.ctx.library
        if self.task is not None:
            self.task.cancel()

        def job():
            return timeline(library.searcher(), library.store, queries, by)

        task = self.task = Task("Timeline", job)
        task.succeeded.connect(lambda found: task is self.task and dialog.show_timeline(found))
        task.failed.connect(lambda message: task is self.task and dialog.show_failed(message))
        task.finished.connect(lambda: self._finished(task))
        self.window.reader_pool.start(task)

    def _finished(self, task: Task) -> None:
        if task is self.task:
            self.task = None
        self.window._check_idle_soon()

    def search_period(self, query: str, period: str) -> None:
        """List the query's articles of one period, oldest first."""
        search = self.window.search
        request = search.request()
        search.set_request(query, [f"published:{period}"], request.scope, "date")
        self.window.activateWindow()

    def export(self, path: Path | None = None) -> None:
        """Save the counts (or shares, as shown) as CSV."""
        from annotations.export.csv_export import render_timeline

        dialog, window = self.dialog, self.window
        found = dialog.chart.timeline if dialog is not None else None
        if found is None:
            return
        name = f"timeline-by-{found.by}.csv"
        path = path or ask_path(window, dialog, "Export timeline", name, "CSV (*.csv)")
        if path is None:
            return
        relative = dialog.relative.isChecked()
        save_in_background(
            window,
            path,
            lambda: render_timeline(found, relative=relative),
            f"Timeline ({len(found.periods)} {found.by}s) exported to {path}",
        )
