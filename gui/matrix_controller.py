"""View → Code matrix, for the window: counts in the background (a newer choice
replacing an older count), again when passages or tags change, opens a passage at
its place and exports the matrix as shown. The dialog is gui/code_matrix_view.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from gui.saving import ask_path, save_in_background
from gui.tasks import LatestTask, Task


class MatrixController(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None  # made (and its module imported) when first asked for
        self.counting = LatestTask("Code matrix", window.reader_pool, window._check_idle_soon)
        window.annotations.changed.connect(self.refresh)
        window.search.search_requested.connect(self.search_changed)

    def show(self):
        """Open the code matrix (counted for the dialog's choices). Returns the dialog."""
        from gui.code_matrix_view import CodeMatrixDialog  # not on start-up's path

        if self.dialog is None:
            self.dialog = CodeMatrixDialog(self.window)
            self.dialog.wanted.connect(self.count)
            self.dialog.passage_chosen.connect(self.window.annotations.go_to_passage)
            self.dialog.export_wanted.connect(self.export)
        self.dialog.set_search(self.window.search.request().full_text)
        self.dialog.show()
        self.dialog.raise_()
        self.count(*self.dialog.choices())
        return self.dialog

    def search_changed(self, request) -> None:
        """A new search: offered as the narrowing, and counted again if it narrows."""
        dialog = self.dialog
        if dialog is None or not dialog.isVisible():
            return
        narrowed = dialog.choices()[3]
        dialog.set_search(request.full_text)
        if narrowed or dialog.choices()[3]:
            self.count(*dialog.choices())

    def refresh(self, *_args) -> None:
        """Passages or tags changed (here, in another window, by undo): count again."""
        if self.dialog is not None and self.dialog.isVisible():
            self.count(*self.dialog.choices())

    def count(self, by: str, unit: str, with_children: bool, within_search: bool) -> None:
        from annotations.code_matrix import matrix_of

        dialog, ctx = self.dialog, self.window.ctx
        query = self.window.search.request().full_text if within_search else ""
        dialog.show_working()

        def job():
            within = None
            if query:
                found = ctx.library.searcher().matched_ids(query)
                within = None if found is None else set(found)
            # ctx.annotations is this worker thread's own connection.
            return matrix_of(ctx.annotations, ctx.library.store, by, unit, with_children, within)

        self.counting.start(job, dialog.show_matrix, dialog.show_failed)

    @property
    def task(self) -> Task | None:
        """The count under way, if any."""
        return self.counting.task

    def export(self, path: Path | None = None) -> None:
        """Save the matrix as shown (counts or percentages, swapped or not) as CSV."""
        from annotations.export.csv_export import render_matrix

        dialog, window = self.dialog, self.window
        matrix = dialog.model.matrix if dialog is not None else None
        if matrix is None:
            return
        name = f"tags-by-{matrix.by}.csv"
        path = path or ask_path(window, dialog, "Export code matrix", name, "CSV (*.csv)")
        if path is None:
            return
        shown = dialog.show_as.currentData()
        share = None if shown == "count" else shown
        transpose = dialog.transpose.isChecked()
        size = f"{len(matrix.rows)} tags by {len(matrix.columns)}"
        save_in_background(
            window,
            path,
            lambda: render_matrix(matrix, transpose=transpose, share=share),
            f"Code matrix ({size}) exported to {path}",
        )
