"""Notices changes in the library's folders while the window is open.

QFileSystemWatcher reports added, removed and renamed files through their
folder; edits to a file's content are reported through the file itself, so
files are watched too while there are few enough (each watch costs an inotify
handle). Bursts of changes are gathered for a moment, then one folder update
runs; the update is incremental, so it only reads what changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from indexer.ingest import is_candidate

MAX_WATCHED_FILES = 2000
SETTLE_MS = 1500


@dataclass
class WatchPlan:
    roots: list[str]
    directories: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def plan_watch(folders: list[str]) -> WatchPlan:
    """Walk the folders (slow for big ones, so call it from a worker)."""
    plan = WatchPlan(roots=[str(Path(f)) for f in folders if Path(f).is_dir()])
    for root in plan.roots:
        for folder, subfolders, names in os.walk(root, followlinks=False):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            plan.directories.append(folder)
            plan.files += [os.path.join(folder, n) for n in names if is_candidate(Path(n))]
            if len(plan.files) > MAX_WATCHED_FILES:
                plan.files = []  # too many to watch one by one: folders only
    return plan


class FolderWatcher(QObject):
    """Emits `changed(folder)` once a burst of changes in a watched folder has settled."""

    changed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._roots: set[str] = set()
        self._pending: set[str] = set()
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._emit)
        self._watcher.directoryChanged.connect(self._on_change)
        self._watcher.fileChanged.connect(self._on_change)

    def watch(self, plan: WatchPlan) -> None:
        """Watch exactly what `plan` lists (made by `plan_watch`, off the GUI thread)."""
        self._roots = set(plan.roots)
        old = self._watcher.directories() + self._watcher.files()
        if old:
            self._watcher.removePaths(old)
        if plan.directories:
            self._watcher.addPaths(plan.directories)
        if plan.files and len(plan.files) <= MAX_WATCHED_FILES:
            self._watcher.addPaths(plan.files)

    def watched(self) -> list[str]:
        return self._watcher.directories() + self._watcher.files()

    def _on_change(self, path: str) -> None:
        for root in self._roots:
            if path == root or path.startswith(root + os.sep):
                self._pending.add(root)
        self._settle.start()

    def _emit(self) -> None:
        pending, self._pending = self._pending, set()
        for root in sorted(pending):
            self.changed.emit(root)
