"""Run by test_real_window.py on a real X server (Qt's xcb platform): opens the main
window on a home, presses keys in its text fields, and prints what happened (JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from gui.app import make_application
from gui.context import AppContext
from gui.main_window import MainWindow
from gui.paths import resolve_home

CTRL = Qt.KeyboardModifier.ControlModifier


def main() -> None:
    ctx = AppContext(resolve_home(Path(sys.argv[1])))
    app = make_application()
    window = MainWindow(ctx, None)
    window.show()
    found: dict = {}

    def probe() -> None:
        window.activateWindow()
        for _ in range(100):  # no window manager: activation takes a moment
            app.processEvents()
            if window.isActiveWindow():
                break
            QTest.qWait(50)
        found["active"] = window.isActiveWindow()
        box = window.search.box
        box.setFocus()
        QTest.keyClicks(box, "drone")
        QTest.keyClick(box, Qt.Key.Key_A, CTRL)  # the field's own: select all
        found["selected in the search box"] = box.selectedText()
        QTest.keyClick(box, Qt.Key.Key_E, CTRL)
        found["export from the search box"] = getattr(window, "export_dialog", None) is not None
        if found["export from the search box"]:
            window.export_dialog.close()
        article = next(iter(ctx.library.articles()))
        window.open_article(article.id)
        window.activateWindow()
        for _ in range(200):  # the article loads in the background
            app.processEvents()
            if window.isActiveWindow() and window.reader.article is not None:
                break
            QTest.qWait(50)
        tags = window.sidebar.tag_editor
        tags.setFocus()
        QTest.keyClick(tags, Qt.Key.Key_U, CTRL)
        for _ in range(100):  # the file is read in the background
            if window.original_dialog is not None:
                break
            QTest.qWait(50)
        found["original file from the tag field"] = window.original_dialog is not None
        print(json.dumps(found))
        app.quit()

    QTimer.singleShot(1000, probe)
    app.exec()


if __name__ == "__main__":
    main()
