"""The export dialog: scope, grouping, context and format, a live preview, Save As.

The dialog only describes the export; the window builds the preview and writes
the file on a worker thread.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotations.export import FORMATS, MEMO_FORMATS, REFERENCE_FORMATS, label
from gui import wording
from gui.exporting import Scope


class ExportDialog(QDialog):
    """Emits `preview_wanted(scope, group, context)` and
    `save_wanted(format, scope, group, context)`."""

    preview_wanted = Signal(object, str, bool)
    save_wanted = Signal(str, object, str, bool)

    def __init__(
        self,
        tags: list[str],
        query: str,
        article: tuple[str, str] | None,
        selected: list[int],
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export passages")
        self.resize(760, 620)
        self._query, self._article, self._selected = query, article, selected
        self._count = self._memos = 0
        self.scope = QComboBox(objectName="exportScope")
        self.scope.addItem("Everything", "all")
        self.scope.addItem("One tag", "tag")
        if query:
            self.scope.addItem(f"The current search: {query}", "query")
        if article:
            self.scope.addItem(f"The open article: {article[1][:50]}", "article")
        if selected:
            self.scope.addItem(f"The {len(selected)} selected passages", "selected")
        self.tag = QComboBox(objectName="exportTag")
        self.tag.addItems(tags)
        self.children = QCheckBox("and its child tags", objectName="exportChildren")
        self.children.setChecked(True)
        tag_row = QWidget()
        row = QHBoxLayout(tag_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.tag, 1)
        row.addWidget(self.children)
        self.group = QComboBox(objectName="exportGroup")
        self.group.addItem("By tag", "tag")
        self.group.addItem("By article", "article")
        self.context = QCheckBox("Add the sentences around each quote", objectName="exportContext")
        self.format = QComboBox(objectName="exportFormat")
        for fmt in FORMATS:
            self.format.addItem(label(fmt), fmt)
        self.preview = QTextBrowser(objectName="exportPreview")
        self.preview.setOpenLinks(False)
        self.status = QLabel(objectName="exportStatus")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save As…")
        form = QFormLayout()
        form.addRow("Passages:", self.scope)
        form.addRow("Tag:", tag_row)
        form.addRow("Group:", self.group)
        form.addRow("", self.context)
        form.addRow("Format:", self.format)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.preview_label = QLabel("Preview of the first passages:")
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._ask_preview)
        for widget in (self.scope, self.tag, self.group):
            widget.currentIndexChanged.connect(lambda _i: self._changed())
        for box in (self.children, self.context):
            box.toggled.connect(lambda _on: self._changed())
        self.format.currentIndexChanged.connect(lambda _i: self._format_changed())
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self._changed()

    def current_scope(self) -> Scope:
        kind = self.scope.currentData()
        return Scope(
            kind,
            tag=self.tag.currentText(),
            with_children=self.children.isChecked(),
            query=self._query,
            article_id=self._article[0] if self._article else "",
            passage_ids=list(self._selected),
        )

    def _changed(self) -> None:
        is_tag = self.scope.currentData() == "tag"
        self.tag.setEnabled(is_tag)
        self.children.setEnabled(is_tag)
        self._debounce.start()

    def _format_changed(self) -> None:
        """A references format lists the articles the passages quote: grouping and
        context sentences have nothing to act on, and the status says so."""
        references = self.format.currentData() in REFERENCE_FORMATS
        self.group.setEnabled(not references)
        self.context.setEnabled(not references)
        self._show_count()
        self.preview_label.setText(
            "Preview of the references of the first passages:"
            if references
            else "Preview of the first passages:"
        )
        self._debounce.start()

    def _show_count(self) -> None:
        """What the file will hold, and Save only when it holds something."""
        self.status.setText(self._count_text())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(self._can_save())

    def _count_text(self) -> str:
        text = f"{wording.count(self._count, 'passage')} to export"
        if self._memos and self.format.currentData() in MEMO_FORMATS:
            text += f", and {wording.count(self._memos, 'article memo')}"
        text += "."
        if self.format.currentData() in REFERENCE_FORMATS:
            text += " The file lists the articles they quote, one reference each."
        return text

    def _can_save(self) -> bool:
        memos = self._memos and self.format.currentData() in MEMO_FORMATS
        return self._count > 0 or bool(memos)

    def _ask_preview(self) -> None:
        self.preview_wanted.emit(
            self.current_scope(), self.group.currentData(), self.context.isChecked()
        )

    def show_preview(self, text: str, count: int, plain: bool = False, memos: int = 0) -> None:
        """The first passages as Markdown, or (`plain`) a references file's own text;
        `count` passages and `memos` article memos go in the file."""
        if plain:
            self.preview.setPlainText(text)
        else:
            self.preview.setMarkdown(text)
        self._count, self._memos = count, memos
        self._show_count()

    def show_error(self, message: str) -> None:
        self.preview.setPlainText(message)
        self.status.setText(message)

    def _save(self) -> None:
        self.save_wanted.emit(
            self.format.currentData(),
            self.current_scope(),
            self.group.currentData(),
            self.context.isChecked(),
        )
