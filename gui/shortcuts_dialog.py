"""Help → Keyboard shortcuts: every key the window answers, read from its menus.

The menu actions are listed from the menus themselves, so the list cannot fall
behind them; keys that belong to a widget rather than a menu are listed below.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

# Keys that are not menu items: where they work, the key, what it does.
OTHER_KEYS = (
    ("Reader, with text selected", "1 – 9", "tag the selection with the tag shown at that key"),
    ("Reader, on a name", "] and [", "go to the name's next and previous mention"),
    ("Reader, right-click", "Tag…, Copy with citation, Search for this", "on a selection"),
    ("Tag form", "Enter", "tag the selection (or save the passage being edited)"),
    ("Tag form, note", "Ctrl+Enter", "save; Enter saves too while the note is empty"),
    ("Tag form", "Esc", "stop editing a passage"),
    ("Passages list", "Delete", "delete the passage (Ctrl+Z undoes it)"),
    ("Search box", "Enter", "search now; Up and Down go through the results"),
)


def _menu_rows(menu, path: str) -> list[tuple[str, str, str]]:
    rows = []
    for action in menu.actions():
        if action.menu() is not None:
            rows += _menu_rows(action.menu(), f"{path} → {action.text().replace('&', '')}")
        elif not action.isSeparator() and not action.shortcut().isEmpty():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((path, keys, action.text().replace("&", "").rstrip("…")))
    return rows


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every menu action with a shortcut, then the other keys."""
    rows = []
    for action in window.menuBar().actions():
        if action.menu() is not None:
            rows += _menu_rows(action.menu(), action.text().replace("&", ""))
    return rows + list(OTHER_KEYS)


class ShortcutsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self, objectName="shortcutsTable")
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "What it does"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        screen = window.screen().availableGeometry() if window.screen() else None
        width = 720 if screen is None else min(720, screen.width() - 40)
        height = 560 if screen is None else min(560, screen.height() - 80)
        self.resize(width, height)
