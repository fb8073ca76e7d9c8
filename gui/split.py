"""A table over what it chooses: the tool windows' vertical split (a code matrix over
a cell's passages, a story's copies over the comparison)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget


def over(top: QWidget, caption: QWidget, below: QWidget, weights=(1, 1)) -> QSplitter:
    """`top` above `below`, with `caption` on top of `below`; the user moves the line."""
    lower = QWidget()
    column = QVBoxLayout(lower)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(caption)
    column.addWidget(below, 1)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(top)
    splitter.addWidget(lower)
    splitter.setStretchFactor(0, weights[0])
    splitter.setStretchFactor(1, weights[1])
    return splitter
