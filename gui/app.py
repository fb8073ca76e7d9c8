"""Starting the window: the Qt application, the style, first run, and --screenshot."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from gui.context import AppContext
from gui.paths import resources_dir, sample_archive_dir

log = logging.getLogger(__name__)
SCREENSHOT_TIMEOUT_MS = 180_000


def choose_folder(ctx: AppContext, folder: Path | None) -> Path | None:
    """The folder to open: the one asked for, else the last one, else the sample archive."""
    if folder is not None:
        return folder.resolve()
    last = ctx.settings.last_folder
    if last and Path(last).is_dir():
        return Path(last)
    if ctx.library.is_empty():
        return sample_archive_dir()
    return None


def make_application(argv: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Archive Reader")
    app.setOrganizationName("archive-reader")
    from gui.theme import ReadableStyle

    app.setStyle(ReadableStyle("Fusion"))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    icon = resources_dir() / "icons" / "archive-reader.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def keep_qt_settings_in(folder) -> None:
    """Qt's own settings (the file dialogs' state, QtProject.conf) go to the home's
    config folder, not ~/.config outside the chosen home."""
    from PySide6.QtCore import QSettings

    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.NativeFormat, scope, str(folder))
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))


def _install_excepthook(ctx: AppContext) -> None:
    """An unexpected error in a slot is logged and shown as a message, never a traceback."""
    from PySide6.QtWidgets import QMessageBox

    def hook(kind, value, tb):
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        QMessageBox.warning(
            None,
            "Archive Reader",
            f"Something went wrong: {value}\n\nNothing you saved is lost. "
            f"Details are in {ctx.home.log_file}",
        )

    sys.excepthook = hook


def annotations_usable(ctx: AppContext) -> bool:
    """Open the annotation database; when it is damaged, say so and offer the newest
    backup (the damaged file is kept). False: the researcher chose to quit."""
    from PySide6.QtWidgets import QMessageBox

    from annotations import db_backups
    from annotations.db import DamagedDatabase
    from gui.context import HomeInUse

    while True:
        try:
            _ = ctx.annotations
            return True
        except DamagedDatabase as error:
            log.error("%s", error)
            backups = db_backups.list_backups(ctx.home.backups_dir)
            box = QMessageBox(QMessageBox.Icon.Critical, "Archive Reader", str(error))
            box.setObjectName("damagedDatabaseBox")
            box.setInformativeText(ctx.damaged_message("", command_line=False).strip())
            restore = None
            if backups:
                restore = box.addButton(
                    "Restore the newest backup", QMessageBox.ButtonRole.AcceptRole
                )
            box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if restore is None or box.clickedButton() is not restore:
                return False
            try:
                ctx.restore_annotations(backups[0].path, "damaged")
            except HomeInUse as busy:
                QMessageBox.warning(None, "Archive Reader", str(busy))
                return False


def run_window(
    ctx: AppContext,
    folder: Path | None,
    query: str = "",
    screenshot: str | None = None,
    smoke: bool = False,
) -> int:
    from PySide6.QtCore import QTimer

    from gui.main_window import MainWindow

    app = make_application()
    keep_qt_settings_in(ctx.home.config)
    _install_excepthook(ctx)
    if not annotations_usable(ctx):
        return 1
    window = MainWindow(ctx, choose_folder(ctx, folder))
    if os.environ.get("ARCHIVE_READER_TIMING"):
        _report_timing(window)
    window.show()
    if screenshot or smoke:
        outcome = {"code": 1}

        def capture() -> None:
            # Each idle schedules a capture; take it once, and only with nothing left to
            # do (more work may have started since that idle).
            if outcome.get("taken") or window.writer.busy or window.reader_pool.busy:
                return
            outcome["taken"] = True
            app.processEvents()  # one paint of the final state before grabbing
            if smoke:
                hits = window.results.total if window.results else 0
                outcome["code"] = 0 if hits else 1
                print(
                    f"smoke: {len(ctx.library.articles())} articles, {hits} hits for "
                    f"“{query}”: {'ok' if hits else 'FAILED'}"
                )
                window.close()
                return
            saved = window.grab().save(screenshot)
            outcome["code"] = 0 if saved else 1
            if not saved:
                print(f"archive-reader: could not write {screenshot}", file=sys.stderr)
            window.close()

        def timed_out() -> None:
            print("archive-reader: the window did not finish loading in time", file=sys.stderr)
            window.close()

        window.idle.connect(lambda: QTimer.singleShot(300, capture))
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, timed_out)
        QTimer.singleShot(0, lambda: window.start(query))
        app.exec()
        _dispose(app, window)
        return outcome["code"]
    QTimer.singleShot(0, lambda: window.start(query))
    # Quitting never waits for a long job: the window stops waiting after a moment and
    # the process ends (a run is safe to stop anywhere: each part is one transaction, and
    # the next run does the rest). It lived on for about 11 s after a quit during names.
    window.quit_wait_ms = QUIT_WAIT_MS
    code = app.exec()
    if window.writer.busy or window.reader_pool.busy:
        log.info("quit while a job ran; the next start finishes it")
        logging.shutdown()
        os._exit(code)
    _dispose(app, window)
    return code


QUIT_WAIT_MS = 1_500


def _report_timing(window) -> None:
    """For the benchmark: when the window was first painted and first showed results."""
    import json
    import time

    from PySide6.QtCore import QEvent, QObject

    def say(mark: str) -> None:
        print(json.dumps({"timing": mark, "at": time.time()}), file=sys.stderr, flush=True)

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                say("painted")
                watched.removeEventFilter(self)
            return False

    window._first_paint = FirstPaint(window)
    window.installEventFilter(window._first_paint)
    seen = []

    def on_reset():
        if not seen and window.search.model.rowCount():
            seen.append(True)
            say("results")

    window.search.model.modelReset.connect(on_reset)


def _dispose(app, window) -> None:
    """Delete the window while Qt still runs, so nothing Qt-owned is left to interpreter
    shutdown, whose order of destruction Qt does not control."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()
