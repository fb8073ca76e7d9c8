"""View → Original file: the file as it is, with what became the article marked.

The part of the file that became the open article's text is highlighted; the
lines the indexer took out (a headline that became the title, a repeated site
header, a mail header) are greyed, and listed below with the rule that took
each out. Clicking a listed line shows it in the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
)

from gui import theme
from indexer.provenance import SourceMap

SOURCE_START_ROLE = Qt.ItemDataRole.UserRole + 1


def merged_ranges(map_: SourceMap, source: str) -> list[tuple[int, int]]:
    """The file ranges that became text, neighbours joined when only white space
    separates them (one highlight a paragraph, not one a line)."""
    ranges: list[tuple[int, int]] = []
    for _, _, start, end in sorted(map_.segments, key=lambda s: s[2]):
        if ranges and not source[ranges[-1][1] : start].strip():
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


def open_file(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_in_folder(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class OriginalFileDialog(QDialog):
    """The original file of one article, with its provenance drawn on it."""

    def __init__(
        self, title: str, path: Path, source: str, map_: SourceMap, parent=None, kind: str = ""
    ):
        """`kind`: indexer.ingest.document_kind of the file, "" for a text file."""
        super().__init__(parent)
        self.setObjectName("originalFileDialog")
        self.setWindowTitle(f"Original file — {path.name}")
        self.path = path
        self.source = source
        self.map = map_
        layout = QVBoxLayout(self)
        # A document's text is shown, not its bytes: say so, or the offsets puzzle.
        read_as = f" ({kind})" if kind else ""
        header = QLabel(
            f"<b>{_escape(title)}</b><br>{_escape(str(path))}{read_as} · characters "
            f"{map_.source_start:,}–{map_.source_end:,} of {len(source):,}. "
            "Highlighted: what became the article's text. Grey: taken out, for the reason "
            "listed below."
        )
        header.setWordWrap(True)
        header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(header)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.text = QPlainTextEdit(readOnly=True)
        self.text.setObjectName("originalText")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont("DejaVu Sans Mono")  # wire copy and tables keep their columns
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(font)
        self.text.setPlainText(source)
        splitter.addWidget(self.text)
        self.removed_model = QStandardItemModel(self)
        self.removed = QListView()
        self.removed.setObjectName("removedLines")
        self.removed.setModel(self.removed_model)
        self.removed.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.removed.clicked.connect(self._show_removed)
        splitter.addWidget(self.removed)
        splitter.setSizes([520, 140])
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("&Open file")
        self.open_button.setObjectName("openFileButton")
        self.open_button.clicked.connect(lambda: open_file(self.path))
        self.folder_button = QPushButton("Show in &folder")
        self.folder_button.setObjectName("showInFolderButton")
        self.folder_button.clicked.connect(lambda: show_in_folder(self.path))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(900, int(screen.width() * 0.9)), min(700, int(screen.height() * 0.9)))
        self._draw()

    def _draw(self) -> None:
        palette = self.palette()
        kept = QTextCharFormat()
        kept.setBackground(QColor(theme.original_kept()))
        gone = QTextCharFormat()
        gone.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
        gone.setFontItalic(True)
        selections = []
        for start, end in merged_ranges(self.map, self.source):
            selections.append(self._selection(start, end, kept))
        for start, end, rule in sorted(self.map.removed):
            selections.append(self._selection(start, end, gone))
            line = " ".join(self.source[start:end].split())
            item = QStandardItem(f"{rule} — {line[:160]}")
            item.setData(start, SOURCE_START_ROLE)
            item.setToolTip(line[:1000])
            self.removed_model.appendRow(item)
        self.text.setExtraSelections(selections)
        self.removed.setVisible(self.removed_model.rowCount() > 0)

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        length = self.text.document().characterCount() - 1
        cursor.setPosition(min(start, length))
        cursor.setPosition(min(end, length), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def scroll_to(self, position: int) -> None:
        """Show `position`'s line at the top of the view: coming from the end of the file,
        the smallest scroll that shows it puts it there."""
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        cursor.setPosition(min(position, self.text.document().characterCount() - 1))
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Only now has the view its final height; scrolling before showed the wrong part.
        QTimer.singleShot(0, lambda: self.scroll_to(self.map.source_start))

    def _show_removed(self, index: QModelIndex) -> None:
        self.scroll_to(int(index.data(SOURCE_START_ROLE)))

    def format_at(self, position: int) -> str:
        """'text', 'removed' or '' for a file position (what the drawing marks there)."""
        if any(s <= position < e for s, e, _ in self.map.removed):
            return "removed"
        if any(s <= position < e for s, e in merged_ranges(self.map, self.source)):
            return "text"
        return ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
