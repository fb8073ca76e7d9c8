"""View → Concordance, for the window: finds the lines in the background (progress,
Cancel, a newer query replacing an older one), opens a line's article at its hit,
tags the hits listed and exports them. The dialog is gui/concordance_view.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from gui import wording
from gui.saving import ask_path, save_in_background
from gui.tasks import Task


class ConcordanceController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None  # gui.concordance_view, made (and imported) when first asked for
        self.task: Task | None = None

    def show(self, query: str | None = None):
        """Every hit of the query (the search box's) in context, found in the background,
        in the articles the results list (its filters applied). Returns the dialog."""
        from gui.concordance_view import ConcordanceDialog  # here: not on start-up's path
        from indexer import concordance

        window = self.window
        within = None
        if query is None:
            request = window.search.request()
            query, within = request.text or request.full_text, request.full_text
        query = query.strip()
        if not query:
            window.statusBar().showMessage(
                "Search for something first: the concordance lists every hit of the query.",
                8_000,
            )
            return None
        if self.dialog is None:
            self.dialog = ConcordanceDialog(window)
            self.dialog.line_chosen.connect(window.open_at)
            self.dialog.export_wanted.connect(self.export)
            self.dialog.tag_wanted.connect(self.tag_listed)
            self.dialog.cancelled.connect(self.cancel)
        dialog = self.dialog
        self.cancel()
        dialog.start(query)
        dialog.show()
        dialog.raise_()
        library = window.ctx.library  # the worker thread uses its own connection

        def job():
            found = yield from concordance.concordance(library, query, within=within)
            kinds = (False, True)  # without and with function words
            return found, tuple(
                concordance.collocates(
                    found.lines,
                    function_words=k,
                    frequencies=found.frequencies,
                    tokens=found.tokens,
                )
                for k in kinds
            )

        task = self.task = Task("Concordance", job)
        task.progress.connect(lambda p: task is self.task and dialog.show_progress(p.done, p.total))
        task.succeeded.connect(lambda result: task is self.task and dialog.show_result(*result))
        task.failed.connect(dialog.show_stopped)
        task.finished.connect(lambda: self._finished(task))
        window.reader_pool.start(task)
        return dialog

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finished(self, task: Task) -> None:
        if task is self.task:
            if task.cancelled and self.dialog is not None:
                self.dialog.show_stopped("Cancelled.")
            self.task = None
        self.window._check_idle_soon()

    def tag_listed(self) -> None:
        """Tag the hit of every line listed (narrowed to a collocate, if it is), with a
        tag chosen or typed, as one undoable edit."""
        lines = self.dialog.shown_lines() if self.dialog is not None else []
        if not lines:
            return
        annotations = self.window.ctx.annotations
        names = sorted((t.name for t in annotations.tags()), key=str.casefold)
        name, ok = QInputDialog.getItem(
            self.dialog,
            "Tag these hits",
            f"Tag the {wording.count(len(lines), 'hit')} listed with (a tag, or a new name):",
            names,
            0,
            True,
        )
        if not ok or not name.strip():
            return
        spans: dict[str, list[tuple[int, int]]] = {}
        for line in lines:
            spans.setdefault(line.article_id, []).append((line.start, line.end))
        self.window.annotations.tag_spans(spans, [name.strip()])

    def export(self, path: Path | None = None) -> None:
        """Save the lines as listed as CSV."""
        from annotations.export.csv_export import render_concordance

        dialog, window = self.dialog, self.window
        if dialog is None or dialog.concordance is None:
            return
        path = path or ask_path(
            window, dialog, "Export concordance", "concordance.csv", "CSV (*.csv)"
        )
        if path is None:
            return
        lines = dialog.shown_lines()
        save_in_background(
            window,
            path,
            lambda: render_concordance(lines),
            f"{len(lines):,} concordance lines exported to {path}",
        )
