"""Saving a file the window made (a concordance, a code matrix, a timeline, search
results): ask where, starting in the folder of the last export, then write it on a
worker thread, atomically; the window's status bar and `export_finished` say when."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from gui.tasks import Task


def ask_path(window, parent, title: str, name: str, types: str) -> Path | None:
    """Where to save (None: cancelled), offering `name` in the last export's folder."""
    folder = Path(window.ctx.settings.workspace.get("export_folder") or Path.home())
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(folder / name), types)
    return Path(chosen) if chosen else None


def save_in_background(
    window, path: Path, render: Callable[[], bytes], said: str | Callable[[], str]
) -> Task:
    """Write render()'s bytes to `path` off the GUI thread; `said` (or what it gives,
    asked once the file is written) when done."""
    from indexer.atomic import write_atomic

    window.ctx.settings.workspace["export_folder"] = str(path.parent)
    own_files = window.ctx.home.own_files()

    def job() -> str:
        write_atomic(path, render(), own_files)
        return said() if callable(said) else said

    task = Task("Export", job)
    task.succeeded.connect(window._on_exported)
    task.failed.connect(window._on_task_failed)
    task.finished.connect(window._export_done)
    window.statusBar().showMessage(f"Exporting to {path}…")
    window.reader_pool.start(task)
    return task
