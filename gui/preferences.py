"""Preferences: theme, reader font, the entity kinds shown by default, and where the home is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from gui.kinds import KIND_COLORS
from gui.settings import Settings


class PreferencesDialog(QDialog):
    """Edits a copy of the settings; emits `applied(settings)` on OK."""

    applied = Signal(object)

    def __init__(self, settings: Settings, home: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle("Preferences")
        self.theme = QComboBox(objectName="prefTheme")
        self.theme.addItem("Light", "light")
        self.theme.addItem("Dark", "dark")
        self.theme.setCurrentIndex(1 if settings.theme == "dark" else 0)
        self.font_family = QFontComboBox(objectName="prefFont")
        if settings.font_family:
            self.font_family.setCurrentFont(QFont(settings.font_family))
        self.font_size = QSpinBox(objectName="prefFontSize")
        self.font_size.setRange(8, 32)
        self.font_size.setValue(settings.font_size)
        kinds = QWidget()
        row = QHBoxLayout(kinds)
        row.setContentsMargins(0, 0, 0, 0)
        self.kinds: dict[str, QCheckBox] = {}
        for kind in KIND_COLORS:
            box = QCheckBox(kind, objectName=f"prefKind{kind}")
            box.setChecked(kind in settings.shown_kinds)
            row.addWidget(box)
            self.kinds[kind] = box
        home_label = QLabel(home, objectName="prefHome")
        home_label.setWordWrap(True)
        home_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        form.addRow("Theme:", self.theme)
        form.addRow("Reader font:", self.font_family)
        form.addRow("Font size:", self.font_size)
        form.addRow("Names shown:", kinds)
        form.addRow("Home folder:", home_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form.addRow(buttons)
        self._settings = settings
        buttons.accepted.connect(self._apply)
        buttons.rejected.connect(self.reject)

    def _apply(self) -> None:
        s = self._settings
        s.theme = self.theme.currentData()
        s.font_family = self.font_family.currentFont().family()
        s.font_size = self.font_size.value()
        s.shown_kinds = [k for k, box in self.kinds.items() if box.isChecked()]
        self.applied.emit(s)
        self.accept()
