"""Tag every hit of the current query: choose the tag and the unit, see a preview and a count."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
)

PREVIEW_ROWS = 30


class BulkTagDialog(QDialog):
    """Emits `plan_wanted(unit)` when the unit changes and `accepted_with(tags, unit)`."""

    plan_wanted = Signal(str)
    accepted_with = Signal(list, str)

    def __init__(
        self, query: str, tag_names: list[str], parent=None, within: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkTag")
        self.setWindowTitle("Tag every hit")
        self.resize(640, 480)
        self.tag = QLineEdit(objectName="bulkTagName")
        self.tag.setPlaceholderText("Tag (new or existing)")
        completer = QCompleter(tag_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag.setCompleter(completer)
        self.unit = QComboBox(objectName="bulkUnit")
        self.unit.addItem("The matched words", "match")
        self.unit.addItem("The sentence around each hit", "sentence")
        self.count = QLabel("Finding the hits…", objectName="bulkCount")
        self.preview = QListWidget(objectName="bulkPreview")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tag them")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        form = QFormLayout()
        form.addRow("Query:", QLabel(f"<b>{html.escape(query)}</b>"))
        if within:  # the filters the results list applies: only its articles are tagged
            form.addRow("In the articles of:", QLabel(html.escape(within)))
        form.addRow("Tag:", self.tag)
        form.addRow("Tag what:", self.unit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self._count = 0
        self.unit.currentIndexChanged.connect(lambda _i: self._replan())
        self.tag.textChanged.connect(lambda _t: self._update_ok())
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

    def _replan(self) -> None:
        self.count.setText("Finding the hits…")
        self.preview.clear()
        self._count = 0
        self._update_ok()
        self.plan_wanted.emit(self.unit.currentData())

    def show_plan(self, description: str, count: int, samples: list[str]) -> None:
        self._count = count
        self.count.setText(f"{description}. The first ones:")
        self.preview.clear()
        self.preview.addItems(samples[:PREVIEW_ROWS])
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self._count > 0 and bool(self.tag.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _accept(self) -> None:
        self.accepted_with.emit([self.tag.text().strip()], self.unit.currentData())
        self.accept()
