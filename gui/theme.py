"""Light and dark themes: a palette for Qt's own widgets and our style sheet on top."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.paths import resources_dir

DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#171717",
    QPalette.ColorRole.AlternateBase: "#242526",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#303134",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#8ab4f8",
    QPalette.ColorRole.HighlightedText: "#202124",
    QPalette.ColorRole.ToolTipBase: "#303134",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}


def apply_theme(settings) -> None:
    app = QApplication.instance()
    if app is None:
        return
    dark = settings.theme == "dark"
    palette = app.style().standardPalette()
    if dark:
        for role, color in DARK.items():
            palette.setColor(role, QColor(color))
    app.setPalette(palette)
    name = "style-dark.qss" if dark else "style.qss"
    sheet = resources_dir() / name
    app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.exists() else "")
