"""The reader: the article text with its layers drawn over it.

The document is built from the plain text, so a document position is the
article's character offset (for text in the Basic Multilingual Plane; offsets
beyond it are converted, since Qt counts UTF-16 code units). Layers are extra
selections, drawn over the text without changing it: entity mentions
underlined in their kind's colour, passages in their tag's colour, and search
hits on top.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from annotations.model import Passage
from indexer.article import Article
from indexer.store import Mention

KIND_COLORS = {
    "Person": "#1565c0",
    "Place": "#2e7d32",
    "Organisation": "#6a1b9a",
    "Group": "#ef6c00",
    "Event": "#c62828",
}
HIT_COLOR = "#ffeb3b"
WORD = re.compile(r"\w+")


class Utf16Offsets:
    """Maps Python string offsets to Qt document positions (UTF-16 code units)."""

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + sum(1 for i in self._astral if i < offset)

    def back(self, position: int) -> int:
        if not self._astral:
            return position
        offset = position
        for i in self._astral:
            if i < offset:
                offset -= 1
        return offset


class ReaderView(QWidget):
    """Shows one article; emits `selection_changed(start, end)` in article offsets."""

    selection_changed = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header = QLabel(objectName="readerHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QTextEdit(objectName="readerView")
        self.text.setReadOnly(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.document().setDocumentMargin(18)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.text, 1)

        self.article: Article | None = None
        self._offsets = Utf16Offsets("")
        self._mentions: list[Mention] = []
        self._passages: list[Passage] = []
        self._terms: list[str] = []
        self.text.selectionChanged.connect(self._on_selection)
        self.show_placeholder("Indexing the archive…")

    def show_placeholder(self, message: str) -> None:
        self.article = None
        self.header.setText(f"<p style='color:#5f6368'>{html.escape(message)}</p>")
        self.text.clear()

    def show_article(
        self,
        article: Article,
        mentions: list[Mention],
        passages: list[Passage],
        terms: list[str],
    ) -> None:
        self.article = article
        self._offsets = Utf16Offsets(article.text)
        meta = [
            article.author and f"By {html.escape(article.author)}",
            html.escape(article.published),
            html.escape(article.section),
            html.escape(Path(article.source).name),
            f"{article.words:,} words",
        ]
        derived = (
            " <i style='color:#5f6368'>(title from first sentence)</i>"
            if article.title_derived
            else ""
        )
        legend = " ".join(
            f"<span style='color:{color}; text-decoration:underline'>{kind}</span>"
            for kind, color in KIND_COLORS.items()
        )
        self.header.setText(
            f"<h2 style='margin:0'>{html.escape(article.title)}</h2>{derived}"
            f"<p style='color:#5f6368; margin-top:4px'>{' · '.join(m for m in meta if m)}</p>"
            f"<p style='margin-top:2px; font-size:small'>Names: {legend}"
            f" &nbsp;<span style='background:{HIT_COLOR}'>&nbsp;search hits&nbsp;</span></p>"
        )
        self.text.setPlainText(article.text)
        self._mentions, self._passages, self._terms = mentions, passages, terms
        self._paint_layers()
        self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def set_passages(self, passages: list[Passage]) -> None:
        self._passages = passages
        self._paint_layers()

    def set_mentions(self, mentions: list[Mention]) -> None:
        self._mentions = mentions
        self._paint_layers()

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        chosen = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets(start))
        cursor.setPosition(self._offsets(end), QTextCursor.MoveMode.KeepAnchor)
        chosen.cursor = cursor
        chosen.format = fmt
        return chosen

    def _paint_layers(self) -> None:
        if self.article is None:
            return
        layers = []
        for mention in self._mentions:
            color = KIND_COLORS.get(mention.kind)
            if color:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor(color))
                fmt.setForeground(QColor(color))
                fmt.setToolTip(f"{mention.canonical} · {mention.kind}")
                layers.append(self._selection(mention.start, mention.end, fmt))
        for passage in self._passages:
            if passage.orphan:
                continue
            color = QColor(passage.tags[0].color if passage.tags else "#ffd54f")
            color.setAlpha(150)
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            layers.append(self._selection(passage.start, passage.end, fmt))
        for start, end in self.hit_spans():
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(HIT_COLOR))
            fmt.setFontWeight(QFont.Weight.Bold)
            layers.append(self._selection(start, end, fmt))
        self.text.setExtraSelections(layers)

    def hit_spans(self) -> list[tuple[int, int]]:
        """Where the search's matched words are in the text (terms are analysed forms)."""
        if not self._terms or self.article is None:
            return []
        from indexer.schema import prose_analyzer

        wanted = set(self._terms)
        analyzer = prose_analyzer()
        return [
            (token.startchar, token.endchar)
            for token in analyzer(self.article.text, chars=True, mode="index")
            if token.text in wanted
        ]

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        return self._offsets.back(cursor.selectionStart()), self._offsets.back(
            cursor.selectionEnd()
        )

    def select(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets(start))
        cursor.setPosition(self._offsets(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def scroll_to(self, start: int, end: int) -> None:
        """Bring a passage into view and select it, so it stands out."""
        self.select(start, end)

    def _on_selection(self) -> None:
        span = self.selected_span()
        self.selection_changed.emit(*(span or (-1, -1)))

    def set_font_size(self, points: int) -> None:
        font = self.text.font()
        font.setPointSize(points)
        self.text.setFont(font)
