"""Find in the open article (Ctrl+F): a box, a count, next and previous."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Emits `find(text)` as the user types, `step(+1/-1)` and `closed()`."""

    find = Signal(str)
    step = Signal(int)
    closed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.box = QLineEdit(objectName="findBox")
        self.box.setPlaceholderText("Find in this article")
        self.box.setClearButtonEnabled(True)
        self.count = QLabel(objectName="findCount")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 4, 18, 4)
        layout.addWidget(self.box, 1)
        layout.addWidget(self.count)
        for text, step, name in (("↑", -1, "findPrevious"), ("↓", 1, "findNext")):
            button = QToolButton(objectName=name)
            button.setText(text)
            button.clicked.connect(lambda _c=False, s=step: self.step.emit(s))
            layout.addWidget(button)
        close = QToolButton(objectName="findClose")
        close.setText("✕")
        close.clicked.connect(self.close_bar)
        layout.addWidget(close)
        self.box.textChanged.connect(self.find)
        self.box.returnPressed.connect(lambda: self.step.emit(1))
        previous = QShortcut(QKeySequence("Shift+Return"), self.box)
        previous.activated.connect(lambda: self.step.emit(-1))
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.box)
        escape.activated.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.box.setFocus()
        self.box.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.box.clear()
        self.closed.emit()
