"""A row of toggles, one per reader layer: each entity kind, search hits and passages.

It doubles as the legend: each toggle is drawn in its layer's colour.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

from gui.flow_layout import FlowLayout
from gui.kinds import KIND_COLORS, kind_color

HIT_COLOR = "#ffeb3b"
PASSAGE_LAYER = "Passages"
HIT_LAYER = "Hits"


class LayerBar(QWidget):
    """Emits `changed(set_of_shown_layers)` when a toggle is clicked."""

    changed = Signal(set)

    def __init__(self, shown_kinds, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("layerBar")
        # Wraps onto a second line in a narrow window (one line needed 842 px).
        layout = FlowLayout(self)
        layout.setContentsMargins(18, 2, 18, 6)
        layout.addWidget(QLabel("Show:"))
        self._buttons: dict[str, QToolButton] = {}
        for kind in KIND_COLORS:
            self._add(layout, kind, self._kind_style(kind), kind in shown_kinds)
        self._add(layout, HIT_LAYER, f"background:{HIT_COLOR}; color:#000;", True)
        self._add(layout, PASSAGE_LAYER, "background:#ffe082; color:#000;", True)

    @staticmethod
    def _kind_style(kind: str) -> str:
        return f"color:{kind_color(kind)}; text-decoration: underline;"

    def restyle(self) -> None:
        """The kinds' colours of the current theme (after a theme change)."""
        for kind in KIND_COLORS:
            self._style(self._buttons[kind], self._kind_style(kind))

    @staticmethod
    def _style(button, style: str) -> None:
        # Shown: the layer's own colour, as in the text (a legend). Hidden: plain grey.
        button.setStyleSheet(
            "QToolButton { padding: 1px 5px; border-radius: 3px; color: #80868b;"
            " background: transparent; border: 1px dashed #bdc1c6; }"
            f"QToolButton:checked {{ {style} border: 1px solid #9aa0a6; }}"
        )

    def _add(self, layout, name: str, style: str, checked: bool) -> None:
        button = QToolButton(objectName=f"layer{name}")
        button.setText(name)
        button.setCheckable(True)
        button.setChecked(checked)
        button.setToolTip(f"Show or hide {name.lower()} in the article")
        self._style(button, style)
        button.toggled.connect(lambda _on: self.changed.emit(self.shown()))
        layout.addWidget(button)
        self._buttons[name] = button

    def shown(self) -> set[str]:
        return {name for name, button in self._buttons.items() if button.isChecked()}

    def set_shown(self, name: str, on: bool) -> None:
        self._buttons[name].setChecked(on)
