"""View → Timeline, for the window: counts in the background (a newer request
replacing an older one), searches a period when one is clicked, and exports the
counts. The dialog is gui/timeline_view.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from gui.saving import ask_path, save_in_background
from gui.tasks import LatestTask, Task


class TimelineController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None  # made (and its module imported) when first asked for
        self.counting = LatestTask("Timeline", window.reader_pool, window._check_idle_soon)

    def show(self, queries: list[str] | None = None):
        """The timeline of the search box's query (its filters included), or of
        `queries`. Returns the dialog."""
        from gui.timeline_view import TimelineDialog  # not on start-up's path

        if self.dialog is None:
            self.dialog = TimelineDialog(self.window)
            self.dialog.wanted.connect(self.count)
            self.dialog.period_chosen.connect(self.search_period)
            self.dialog.export_wanted.connect(self.export)
            self.dialog.figure_wanted.connect(self.save_figure)
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

        def job():
            return timeline(library.searcher(), library.store, queries, by)

        self.counting.start(job, dialog.show_timeline, dialog.show_failed)

    @property
    def task(self) -> Task | None:
        """The count under way, if any."""
        return self.counting.task

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

    def save_figure(self, path: Path | None = None) -> None:
        """The chart as a figure (PNG or PDF, by the name's extension), drawn here and
        written in the background."""
        from gui.timeline_view import figure

        dialog, window = self.dialog, self.window
        found = dialog.chart.timeline if dialog is not None else None
        if found is None or not found.periods:
            return
        path = path or ask_path(
            window,
            dialog,
            "Save chart",
            f"timeline-by-{found.by}.png",
            "PNG image (*.png);;PDF (*.pdf)",
        )
        if path is None:
            return
        kind = "pdf" if path.suffix.lower() == ".pdf" else "png"
        data = figure(dialog.chart, kind)  # drawn on this thread: Qt's fonts live here
        save_in_background(window, path, lambda: data, f"Chart saved to {path}")
