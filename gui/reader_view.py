"""The reader: the article text with its layers drawn over it.

The document is built from the plain text, so a document position is the
article's character offset (for text in the Basic Multilingual Plane; offsets
beyond it are converted, since Qt counts UTF-16 code units). Layers are extra
selections, drawn over the text without changing it, in this order: passages
in their tag's colour, entity mentions (coloured and underlined by kind), then
search hits. Each layer can be hidden from the layer bar.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QKeySequence,
    QShortcut,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QToolTip, QVBoxLayout, QWidget

from annotations.model import Passage, text_color_on
from gui.kinds import DEFAULT_SHOWN, kind_color
from gui.layer_bar import HIT_COLOR, HIT_LAYER, PASSAGE_LAYER, LayerBar
from gui.theme import FOUND_COLOR, HIT_TEXT, link, secondary
from indexer.article import Article
from indexer.entity_rules import KINDS
from indexer.ingest.plaintext import quoted_paragraphs
from indexer.store import Mention

PAINTED = 30_000  # characters drawn either side of the part in view (_window)
LONGEST_NAME = 1_000  # characters: no name is as long; mentions are looked up by their start
QUOTE_INDENT = 16  # pixels a level: a quoted paragraph is set in, as a mail reader does
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each


class _Spans:
    """Character spans, merged, asked whether a span meets any of them in O(log n).
    Asking each name against every passage and hit was 65 ms of opening a 10k-word
    article with its layers (1,200 names against 170 spans)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            if self._ends and start <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def meets(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a span (merged spans end in order too)."""
        i = bisect.bisect_left(self._starts, end) - 1  # the last span starting before end
        return i >= 0 and self._ends[i] > start


class Utf16Offsets:
    """Maps Python string offsets to Qt document positions (UTF-16 code units)."""

    def __init__(self, text: str) -> None:
        # A scan in C: a loop over every character was 15 ms of opening a long article.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect.bisect_left(self._astral, offset)

    def back(self, position: int) -> int:
        if not self._astral:
            return position
        offset = position
        for i in self._astral:
            if i < offset:
                offset -= 1
        return offset


def passage_segments(passages: list[Passage]) -> list[tuple[int, int, list[Passage]]]:
    """The text cut where passages begin and end: each piece with the passages over it."""
    placed = [p for p in passages if not p.orphan]
    cuts = sorted({x for p in placed for x in (p.start, p.end)})
    segments = []
    for start, end in itertools.pairwise(cuts):
        covering = [p for p in placed if p.start <= start and end <= p.end]
        if covering:
            segments.append((start, end, covering))
    return segments


def _mix(colors: list[QColor]) -> QColor:
    if not colors:
        return QColor(255, 213, 79, 170)
    r = sum(c.red() for c in colors) // len(colors)
    g = sum(c.green() for c in colors) // len(colors)
    b = sum(c.blue() for c in colors) // len(colors)
    return QColor(r, g, b, 190)


class ReaderView(QWidget):
    """Shows one article. Signals carry article offsets and names, never widgets."""

    selection_changed = Signal(int, int)
    kind_corrected = Signal(str, str, str)  # surface text, canonical name, new kind
    merge_requested = Signal(str, str)  # canonical name, its kind: "Merge into…"
    split_requested = Signal(str, str, str)  # spelling, canonical name, kind: "Split"
    not_a_name_requested = Signal(str)  # canonical name: "… is not a name"
    message = Signal(str)
    # The text's context menu on a selection: Tag…, Copy with citation, Search for this.
    tag_requested = Signal()
    copy_citation_requested = Signal()
    search_requested = Signal(str)
    copies_requested = Signal()  # the header's "2 other copies" link

    def __init__(self, shown_kinds=DEFAULT_SHOWN, parent=None) -> None:
        super().__init__(parent)
        self.header = QLabel(objectName="readerHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.header.linkActivated.connect(lambda _href: self.copies_requested.emit())
        self.copies = 0  # other articles of the open article's story
        self._restore_to: int | None = None  # a scroll position waiting for the layout
        self._placeholder = ""  # shown in the header while no article is open
        self.layers = LayerBar(shown_kinds)
        self.text = QTextEdit(objectName="readerView")
        self.text.setReadOnly(True)
        self.text.setUndoRedoEnabled(False)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.text.document().setDocumentMargin(18)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.text.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.layers)
        layout.addWidget(self.text, 1)

        self.article: Article | None = None
        self._flash: tuple[int, int] | None = None
        self._flash_span: tuple[int, int] = (0, 0)
        self._flash_left = 0
        self._flash_timer = QTimer(self, interval=160)
        self._flash_timer.timeout.connect(self._flash_step)
        self._found: list[tuple[int, int]] = []
        self._offsets = Utf16Offsets("")
        self._mentions: list[Mention] = []
        self._starts: list[int] = []
        self._passages: list[Passage] = []
        self._hits: list[tuple[int, int]] = []
        self._painted = (0, 0)  # the article offsets whose layers are drawn
        self.text.selectionChanged.connect(self._on_selection)
        # A long article's layers are drawn around the part in view (see _window).
        self.text.verticalScrollBar().valueChanged.connect(self._follow_view)
        # Qt lays out a book in steps after showing it; once it settles, what is in view
        # is known for sure, and the drawn part follows it.
        self._laid_out = QTimer(self, singleShot=True, interval=150)
        self._laid_out.timeout.connect(self._follow_view)
        self.text.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self._laid_out.start()
        )
        self.layers.changed.connect(lambda _shown: self._paint_layers())
        for keys, step in (("]", 1), ("[", -1)):
            shortcut = QShortcut(QKeySequence(keys), self.text)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.jump_to_mention(step))
        self.show_placeholder("Indexing the archive…")

    # content

    def show_placeholder(self, message: str) -> None:
        self.article = None
        self._placeholder = message
        self._show_header()
        self.text.setExtraSelections([])
        self.text.clear()
        self.text.setPlaceholderText("")

    def _show_header(self) -> None:
        """The headline and its metadata, or the placeholder, in the theme's colours."""
        article = self.article
        if article is None:
            message = html.escape(self._placeholder)
            self.header.setText(f"<p style='color:{secondary()}'>{message}</p>")
            return
        meta = [
            article.author and f"By {html.escape(article.author)}",
            html.escape(article.published),
            html.escape(article.section),
            html.escape(article.site),
            html.escape(Path(article.source).name),
            f"{article.words:,} words",
            self.copies
            and f"<a href='copies' style='color:{link()}'>{self.copies} other"
            f" cop{'y' if self.copies == 1 else 'ies'}</a>",
        ]
        derived = (
            f" <i style='color:{secondary()}'>(title from the first sentence)</i>"
            if article.title_derived
            else ""
        )
        self.header.setText(
            f"<h2 style='margin:0'>{html.escape(article.title)}</h2>{derived}"
            f"<p style='color:{secondary()}; margin-top:4px'>{' · '.join(m for m in meta if m)}</p>"
        )

    def set_copies(self, others: int) -> None:
        """How many other articles tell the open one's story: a link in the header."""
        self.copies = others
        self._show_header()

    def restyle(self) -> None:
        """Colours of the current theme (after a theme change): the header's text is
        HTML with the colours written in, and the legend's buttons have their own."""
        self._show_header()
        self.layers.restyle()
        self._style_quotes()
        self.repaint_layers()

    def _style_quotes(self) -> None:
        """A post's quoted paragraphs set in by their level, in the secondary colour, so
        the reader tells the poster's words from those quoted (the text is unchanged)."""
        if self.article is None:
            return
        document = self.text.document()
        for start, end, depth in quoted_paragraphs(self.article.text):
            cursor = QTextCursor(document)
            cursor.setPosition(self._offsets(start))
            cursor.setPosition(self._offsets(end), QTextCursor.MoveMode.KeepAnchor)
            block = QTextBlockFormat()
            block.setLeftMargin(QUOTE_INDENT * min(depth, 4))
            cursor.mergeBlockFormat(block)
            colour = QTextCharFormat()
            colour.setForeground(QColor(secondary()))
            cursor.mergeCharFormat(colour)

    def show_article(
        self,
        article: Article,
        mentions: list[Mention],
        passages: list[Passage],
        hits: list[tuple[int, int]],
    ) -> None:
        self.article = article
        self.copies = 0  # until the window says (set_copies)
        self._offsets = Utf16Offsets(article.text)
        self._show_header()
        # The old article's highlights first: each is a cursor the document moves on
        # every change, and replacing a book's text under its 6,600 names took 0.6 s.
        self.text.setExtraSelections([])
        self.text.setPlainText(article.text)
        # A wire brief or a feed item can be a headline alone: say so, not a blank page.
        self.text.setPlaceholderText(
            "" if article.text.strip() else "A headline only: the source holds no text for it."
        )
        self._style_quotes()
        self._found = []
        self._set_mentions(mentions)
        self._passages, self._hits = passages, hits
        self._paint_layers()
        self.text.moveCursor(QTextCursor.MoveOperation.Start)

    def set_passages(self, passages: list[Passage]) -> None:
        self._passages = passages
        self._paint_layers()

    def set_mentions(self, mentions: list[Mention]) -> None:
        self._set_mentions(mentions)
        self._paint_layers()

    def _set_mentions(self, mentions: list[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]

    def set_hits(self, spans: list[tuple[int, int]]) -> None:
        self._hits = spans
        self._paint_layers()

    def hit_spans(self) -> list[tuple[int, int]]:
        return list(self._hits)

    def reveal_first_hit(self) -> bool:
        """Bring the first hit into view when it is below the page, without selecting it
        (a key pressed then would tag it); returns whether it scrolled. Only for an
        article just opened at its top: a book's first hit can be pages down."""
        if not self._hits or self._restore_to is not None or self.text.textCursor().hasSelection():
            return False
        if self.text.verticalScrollBar().value() != 0:
            return False  # the reader has scrolled already
        start, end = self._hits[0]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets(end))
        if self.text.cursorRect(cursor).bottom() <= self.text.viewport().height():
            return False
        self.show_span(start, end)
        return True

    # layers

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        chosen = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets(start))
        cursor.setPosition(self._offsets(end), QTextCursor.MoveMode.KeepAnchor)
        chosen.cursor = cursor
        chosen.format = fmt
        return chosen

    def repaint_layers(self) -> None:
        """Paint names, hits and passages again (after a change of theme)."""
        self._paint_layers()

    def _in_view(self) -> tuple[int, int]:
        """The article offsets of the first and last characters in view."""
        viewport = self.text.viewport()
        first = self.text.cursorForPosition(viewport.rect().topLeft()).position()
        last = self.text.cursorForPosition(viewport.rect().bottomRight()).position()
        # While Qt still lays out a book (in steps, after it is shown) the top corner
        # can give a position pages down (48,788 where the view showed 0 to 1,152 on a
        # real X server): nothing at the top was drawn. A view at the top starts at 0.
        first, last = sorted((first, last))
        if self.text.verticalScrollBar().value() == 0:
            first = 0
        return self._offsets.back(first), self._offsets.back(last)

    def _window(self) -> tuple[int, int]:
        """The part of the text whose layers are drawn: the part in view and PAINTED
        characters either side, so the whole of any article but a long one. Each layer
        is a cursor Qt places in the document, 30 µs each in a novel: drawing Moby-Dick's
        6,600 names took 0.6 s of opening it, on the GUI thread."""
        first, last = self._in_view()
        return max(0, first - PAINTED), last + PAINTED

    def _follow_view(self) -> None:
        """Draw the layers again when the view nears the edge of the drawn part."""
        if self.article is None or len(self.article.text) <= PAINTED:
            return
        first, last = self._in_view()
        low, high = self._painted
        if (low > 0 and first < low + PAINTED // 4) or (
            high < len(self.article.text) and last > high - PAINTED // 4
        ):
            self._paint_layers()

    def _paint_layers(self) -> None:
        if self.article is None:
            return
        low, high = self._painted = self._window()

        def near(spans):  # the spans that meet the drawn part
            return [(s, e) for s, e in spans if s < high and e > low]

        shown = self.layers.shown()
        layers = []
        painted: list[tuple[int, int]] = []  # text on a passage or hit colour
        if PASSAGE_LAYER in shown:
            for start, end, covering in passage_segments(self._passages):
                if start >= high or end <= low:
                    continue
                fmt = QTextCharFormat()
                background = _mix([QColor(p.tags[0].color) for p in covering if p.tags])
                fmt.setBackground(background)
                # Black or white on the tag colour, whichever is readable (WCAG AA).
                fmt.setForeground(QColor(text_color_on(background.name())))
                if len(covering) > 1:
                    # Where passages overlap: their colours mixed, and a line above.
                    fmt.setFontOverline(True)
                layers.append(self._selection(start, end, fmt))
                painted.append((start, end))
        hits = near(self._hits)
        if HIT_LAYER in shown:
            painted += hits
        on_colour = _Spans(painted)
        begin = bisect.bisect_left(self._starts, low - LONGEST_NAME)
        end_at = bisect.bisect_left(self._starts, high)
        for mention in self._mentions[begin:end_at]:
            if mention.kind in shown and mention.end > low:
                fmt = QTextCharFormat()
                color = QColor(kind_color(mention.kind))
                # On a passage or a hit the text keeps the colour readable there, and
                # the underline tells the kind.
                if not on_colour.meets(mention.start, mention.end):
                    fmt.setForeground(color)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(color)
                layers.append(self._selection(mention.start, mention.end, fmt))
        if HIT_LAYER in shown:
            for start, end in hits:
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(HIT_COLOR))
                fmt.setForeground(QColor(HIT_TEXT))  # light theme text on yellow was 1.01:1
                fmt.setFontWeight(QFont.Weight.Bold)
                layers.append(self._selection(start, end, fmt))
        if self._flash is not None:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ff9800"))
            fmt.setForeground(QColor("#000000"))
            layers.append(self._selection(*self._flash, fmt))
        for start, end in near(self._found):
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(FOUND_COLOR))
            fmt.setForeground(QColor(HIT_TEXT))
            layers.append(self._selection(start, end, fmt))
        self.text.setExtraSelections(layers)

    def flash(self, start: int, end: int, times: int = 3) -> None:
        """Blink a span a few times so the eye finds it after a jump."""
        self._flash_span, self._flash_left = (start, end), times * 2
        self._flash_timer.start()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        self._flash = self._flash_span if self._flash_left % 2 else None
        if self._flash_left <= 0:
            self._flash = None
            self._flash_timer.stop()
        self._paint_layers()

    def flashing(self) -> bool:
        return self._flash_timer.isActive()

    # search hits and find in article

    def go_to_hit(self, step: int) -> str:
        """Select the next (1) or previous (-1) search hit; returns '3 of 11'."""
        return self._step(self._hits, step) if self._hits else "no hits in this article"

    def _step(self, spans: list[tuple[int, int]], step: int) -> str:
        # From the selected span (or the cursor) to the next or previous one, wrapping.
        here = self._offsets.back(self.text.textCursor().selectionStart())
        starts = [s for s, _ in spans]
        if step > 0:
            index = bisect.bisect_right(starts, here) % len(starts)
        else:
            index = (bisect.bisect_left(starts, here) - 1) % len(starts)
        # A quarter down the page, with the text before it in view (selecting alone
        # scrolled just far enough: the hit sat on the bottom line).
        self.scroll_to(*spans[index])
        return f"{index + 1} of {len(spans)}"

    def find(self, needle: str) -> int:
        """Mark every case-insensitive occurrence of `needle`; returns how many."""
        self._found = []
        if needle and self.article is not None:
            low, text = needle.casefold(), self.article.text.casefold()
            at = text.find(low)
            while at != -1 and len(self._found) < 5000:
                self._found.append((at, at + len(needle)))
                at = text.find(low, at + 1)
        self._paint_layers()
        return len(self._found)

    def go_to_found(self, step: int) -> str:
        return self._step(self._found, step) if self._found else "not found"

    # mentions under the cursor or the mouse

    def mention_at(self, offset: int) -> Mention | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0 and self._mentions[i].start <= offset:
            if offset < self._mentions[i].end:
                return self._mentions[i]
            i -= 1
        return None

    def _offset_at(self, pos) -> int:
        return self._offsets.back(self.text.cursorForPosition(pos).position())

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.text.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            QTimer.singleShot(0, self.snap_selection)  # once Qt has ended the drag
        if watched is self.text.viewport() and event.type() == QEvent.Type.ToolTip:
            tip = self.tooltip_at(self._offset_at(event.pos()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.text)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def tooltip_at(self, offset: int) -> str:
        lines = []
        mention = self.mention_at(offset)
        if mention and mention.kind in self.layers.shown():
            lines.append(f"<b>{html.escape(mention.canonical)}</b> · {mention.kind}")
            if mention.text != mention.canonical:
                lines.append(f"written “{html.escape(mention.text)}”")
            lines.append(
                f"<span style='color:{secondary()}'>[ and ] : previous and next mention</span>"
            )
        for passage in self._passages:
            if passage.start <= offset < passage.end:
                tags = ", ".join(t.name for t in passage.tags)
                lines.append(f"Tagged: {html.escape(tags)}")
                if passage.note:
                    lines.append(html.escape(passage.note[:200]))
        return "<br>".join(lines)

    def jump_to_mention(self, step: int) -> bool:
        """Select the next (step 1) or previous (-1) mention of the entity at the cursor."""
        cursor = self.text.textCursor()
        here = self._offsets.back(cursor.selectionStart())
        current = self.mention_at(here)
        if current is None:
            self.message.emit("Put the cursor on a name to go to its other mentions.")
            return False
        same = [m for m in self._mentions if m.canonical == current.canonical]
        index = next(i for i, m in enumerate(same) if m.start == current.start)
        if not 0 <= index + step < len(same):
            where = "last" if step > 0 else "first"
            self.message.emit(f"That is the {where} mention of {current.canonical} here.")
            return False
        target = same[index + step]
        self.select(target.start, target.end)
        position = same.index(target) + 1
        self.message.emit(f"{current.canonical}: mention {position} of {len(same)}")
        return True

    def _context_menu(self, pos) -> None:
        self.context_menu(pos).exec(self.text.viewport().mapToGlobal(pos))

    def context_menu(self, pos):
        """The text's context menu at `pos` (viewport coordinates): on a selection Tag…,
        Copy with citation and Search for it; on a name its corrections; then Qt's."""
        menu = self.text.createStandardContextMenu(pos)
        selected = self.text.textCursor().selectedText().replace("\u2029", " ").strip()
        if selected:
            first = menu.actions()[0] if menu.actions() else None
            tag = QAction("Tag…", menu, objectName="tagSelectionAction")
            tag.triggered.connect(self.tag_requested.emit)
            cite = QAction("Copy with citation", menu, objectName="copyCitationAction")
            cite.triggered.connect(self.copy_citation_requested.emit)
            words = " ".join(selected.split())
            shown = words if len(words) <= 30 else words[:29] + "…"
            search = QAction(f"Search for “{shown}”", menu, objectName="searchSelectionAction")
            search.triggered.connect(lambda _c=False: self.search_requested.emit(words))
            menu.insertActions(first, [tag, cite, search])
            menu.insertSeparator(first)
        mention = self.mention_at(self._offset_at(pos))
        if mention is not None:
            menu.addSeparator()
            kinds = menu.addMenu(f"“{mention.text}” is a…")
            kinds.setObjectName("correctKindMenu")
            for kind in KINDS:
                action = kinds.addAction(kind)
                action.setCheckable(True)
                action.setChecked(kind == mention.kind)
                action.triggered.connect(
                    lambda _c=False, k=kind, m=mention: self.kind_corrected.emit(
                        m.text, m.canonical, k
                    )
                )
            merge = menu.addAction(f"Merge “{mention.canonical}” into…")
            merge.setObjectName("mergeEntityAction")
            merge.triggered.connect(
                lambda _c=False, m=mention: self.merge_requested.emit(m.canonical, m.kind)
            )
            if mention.text != mention.canonical:
                split = menu.addAction(f"Split “{mention.text}” from “{mention.canonical}”")
                split.setObjectName("splitEntityAction")
                split.triggered.connect(
                    lambda _c=False, m=mention: self.split_requested.emit(
                        m.text, m.canonical, m.kind
                    )
                )
            wrong = menu.addAction(f"“{mention.canonical}” is not a name")
            wrong.setObjectName("notANameAction")
            wrong.triggered.connect(
                lambda _c=False, m=mention: self.not_a_name_requested.emit(m.canonical)
            )
        return menu

    # selection

    def snap_selection(self) -> None:
        """A dragged selection covers whole words, without spaces at its edges: a drag
        kept half words ("ity. At least 12 …") and stray spaces. Holding Alt while
        releasing the mouse keeps the exact selection."""
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return
        text = self.text.document().toPlainText()
        start, end = cursor.selectionStart(), cursor.selectionEnd()

        def inside(i: int) -> bool:
            return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "'’-")

        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            while start > 0 and inside(start - 1) and inside(start):
                start -= 1
            while end < len(text) and inside(end - 1) and inside(end):
                end += 1
        if (start, end) == (cursor.selectionStart(), cursor.selectionEnd()) or start >= end:
            return
        backwards = cursor.position() < cursor.anchor()
        cursor.setPosition(end if backwards else start)
        cursor.setPosition(start if backwards else end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.text.textCursor()
        if not cursor.hasSelection():
            return None
        return (
            self._offsets.back(cursor.selectionStart()),
            self._offsets.back(cursor.selectionEnd()),
        )

    def select(self, start: int, end: int) -> None:
        self._restore_to = None  # going somewhere: the remembered place no longer applies
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets(start))
        cursor.setPosition(self._offsets(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def scroll_to(self, start: int, end: int) -> None:
        """Bring a passage into view whole, with some text above it, and select it. (The
        selection alone scrolled just far enough for its end: only its last line showed.)"""
        self.select(start, end)
        self.show_span(start, end)

    def restore_scroll(self, value: int) -> None:
        """Scroll to `value` once the article is laid out, unless something else scrolls
        first (going to a passage, a hit, a name)."""
        if value <= 0:
            # An article opens at its top: a pending "restore to the top" made an
            # article reopened from a search skip its first hit when the hits came
            # first (a race the tests lost now and then).
            self._restore_to = None
            return
        self._restore_to = value
        QTimer.singleShot(0, self, self._apply_restore)

    def _apply_restore(self) -> None:
        if self._restore_to is not None:
            self.text.verticalScrollBar().setValue(self._restore_to)
            self._restore_to = None

    def show_span(self, start: int, end: int) -> None:
        """Scroll so that text[start:end] starts a quarter down the page, or, when it is
        taller than the page, at its top."""
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self._offsets(start))
        top = self.text.cursorRect(cursor).top()
        cursor.setPosition(self._offsets(end))
        bottom = self.text.cursorRect(cursor).bottom()
        page = self.text.viewport().height()
        above = page // 4 if bottom - top < page * 3 // 4 else page // 20
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + top - above)

    def _on_selection(self) -> None:
        span = self.selected_span()
        self.selection_changed.emit(*(span or (-1, -1)))

    def set_font(self, family: str, points: int) -> None:
        font = self.text.font()
        if family:
            font.setFamily(family)
        font.setPointSize(points)
        self.text.setFont(font)
        # The style sheet sets a size too; the user's choice must win over it.
        self.text.setStyleSheet(f"QTextEdit#readerView {{ font-size: {points}pt; }}")

    def citation_of_selection(self) -> str:
        """The selected text and where it comes from, ready to paste into a paper."""
        span = self.selected_span()
        if span is None or self.article is None:
            return ""
        from annotations.export.excerpts import citation

        quote = " ".join(self.article.text[span[0] : span[1]].split())
        return f"“{quote}”\n— " + citation(self.article, *span)
