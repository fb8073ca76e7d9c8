"""Light and dark themes: a palette for Qt's own widgets and our style sheet on top."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

from gui.paths import resources_dir

DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#171717",
    QPalette.ColorRole.AlternateBase: "#242526",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#303134",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#394457",
    QPalette.ColorRole.HighlightedText: "#e8eaed",
    QPalette.ColorRole.ToolTipBase: "#303134",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}
# Disabled controls in the dark theme. QPalette.setColor(role, colour) sets every colour
# group, the disabled one included, so a disabled button ("Tag selection" with nothing
# selected) looked exactly like an enabled one.
DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#80868b",
    QPalette.ColorRole.Text: "#80868b",
    QPalette.ColorRole.ButtonText: "#80868b",
    QPalette.ColorRole.Button: "#26272a",
    QPalette.ColorRole.Base: "#202124",
    QPalette.ColorRole.HighlightedText: "#9aa0a6",
}


# The page, the text, secondary text (metadata, hints), links and a selected row, per
# theme. Every colour the views draw text in comes from here or gui/kinds.py, so that
# tests/test_contrast.py can check each pair against WCAG AA.
PAGE = {"light": "#ffffff", "dark": "#171717"}
TEXT = {"light": "#202124", "dark": "#e8eaed"}
SECONDARY = {"light": "#4d5156", "dark": "#bdc1c6"}
LINK = {"light": "#174ea6", "dark": "#a8c7fa"}
SELECTED_ROW = {"light": "#d2e3fc", "dark": "#394457"}
ERROR = {"light": "#b00020", "dark": "#f28b82"}
# Outlines of check boxes and radio buttons: 3:1 on the window (WCAG's non-text
# contrast). Fusion draws them a shade darker than the window, which on the dark
# theme made an unchecked box a black square on black (1.1:1).
OUTLINE = {"light": "#757575", "dark": "#9aa0a6"}
OUTLINE_DISABLED = {"light": "#bdc1c6", "dark": "#5f6368"}
# The code matrix shades a cell from the page towards this colour by its share of the
# largest count; the text on the fullest shade still meets AA.
HEAT = {"light": "#8ab4f8", "dark": "#1f4e8c"}
# Comparing copies of a story: words only in the open article, and only in the copy
# (struck through and underlined too, so that colour is not the only sign).
DIFF_REMOVED = {"light": "#fad2cf", "dark": "#5c2b29"}
DIFF_ADDED = {"light": "#ceead6", "dark": "#1e4620"}
# Original file: the file's text that became the article (the palette's highlight at
# a quarter was #252830 on the dark page, 1.1:1: nothing to see).
ORIGINAL_KEPT = {"light": "#c6dcf5", "dark": "#2f4a6e"}
HIT_TEXT = "#000000"  # on the hit yellow and the find colour, in both themes
FOUND_COLOR = "#b2dfdb"

_current = {"theme": "light"}


def is_dark() -> bool:
    return _current["theme"] == "dark"


def secondary() -> str:
    return SECONDARY[_current["theme"]]


def error() -> str:
    return ERROR[_current["theme"]]


def heat(fraction: float) -> QColor:
    """The code matrix's shade for a cell holding `fraction` of the largest count."""
    name = _current["theme"]
    page, full = QColor(PAGE[name]), QColor(HEAT[name])
    t = max(0.0, min(1.0, fraction))
    return QColor(
        round(page.red() + (full.red() - page.red()) * t),
        round(page.green() + (full.green() - page.green()) * t),
        round(page.blue() + (full.blue() - page.blue()) * t),
    )


def original_kept() -> str:
    return ORIGINAL_KEPT[_current["theme"]]


def link() -> str:
    return LINK[_current["theme"]]


def apply_theme(settings) -> None:
    _current["theme"] = "dark" if settings.theme == "dark" else "light"
    app = QApplication.instance()
    if app is None:
        return
    dark = settings.theme == "dark"
    palette = app.style().standardPalette()
    if dark:
        for role, color in DARK.items():
            palette.setColor(role, QColor(color))
        for role, color in DARK_DISABLED.items():
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    app.setPalette(palette)
    name = "style-dark.qss" if dark else "style.qss"
    sheet = resources_dir() / name
    app.setStyleSheet(sheet.read_text(encoding="utf-8") if sheet.exists() else "")


_INDICATORS = {
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
}


class ReadableStyle(QProxyStyle):
    """Fusion, with check boxes and radio buttons outlined in OUTLINE."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in _INDICATORS:
            return
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        colour = (OUTLINE if enabled else OUTLINE_DISABLED)[_current["theme"]]
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if element == QStyle.PrimitiveElement.PE_IndicatorRadioButton:
            # Smoothed, a one-pixel circle blends into its neighbours: 1.5 keeps 3:1.
            painter.setPen(QPen(QColor(colour), 1.5))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawEllipse(option.rect.adjusted(1, 1, -1, -1))
        else:
            painter.setPen(QPen(QColor(colour), 1))
            painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
        painter.restore()
