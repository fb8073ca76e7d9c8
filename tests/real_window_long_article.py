"""Run by test_real_window.py on a real X server: searches a home whose first result is
a book with a hit on its first lines, waits while Qt lays the book out, and prints what
the reader drew (JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from gui.app import make_application
from gui.context import AppContext
from gui.main_window import MainWindow
from gui.paths import resolve_home


def main() -> None:
    ctx = AppContext(resolve_home(Path(sys.argv[1])))
    app = make_application()
    window = MainWindow(ctx, None)
    window.show()

    def probe() -> None:
        window.search.set_query(sys.argv[2])
        reader = window.reader
        for _ in range(400):  # the search, then the article, load in the background
            app.processEvents()
            if reader.article is not None and reader.hit_spans():
                break
            QTest.qWait(50)
        start, end = reader.hit_spans()[0]

        def drawn() -> bool:
            return (start, end) in {
                (s.cursor.selectionStart(), s.cursor.selectionEnd())
                for s in reader.text.extraSelections()
            }

        QTest.qWait(2000)  # Qt lays the book out in steps
        found = {
            "scrolled": reader.text.verticalScrollBar().value(),
            "first hit": [start, end],
            "first hit drawn": drawn(),
        }
        found["painted"] = list(reader._painted)
        print(json.dumps(found))
        app.quit()

    QTimer.singleShot(3000, probe)  # as a user would: the window settled first
    app.exec()


if __name__ == "__main__":
    main()
