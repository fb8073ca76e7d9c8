"""The open article's passages as a Qt list model; each row's passage id is in IdRole."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment

from annotations.model import Passage, text_color_on
from gui.list_model import RecordListModel
from gui.theme import error

IdRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2


def note_html(note: str) -> str:
    """A note written in Markdown (or plain text, which is Markdown too), as HTML.

    Qt's Markdown reader follows CommonMark, which leaves raw HTML in place; the
    note is escaped first so a note can never inject markup into the list."""
    fragment = QTextDocumentFragment.fromMarkdown(html.escape(note, quote=False))
    body = fragment.toHtml()
    start, end = body.find("<!--StartFragment-->"), body.find("<!--EndFragment-->")
    return body[start + 20 : end] if start != -1 and end != -1 else html.escape(note)


def passage_html(passage: Passage) -> str:
    chips = " ".join(
        f"<span style='background-color:{tag.color}; color:{text_color_on(tag.color)}'>"
        f"&nbsp;{html.escape(tag.name)}&nbsp;</span>"
        for tag in passage.tags
    )
    quote = passage.quote if len(passage.quote) <= 280 else passage.quote[:277] + "…"
    note = f"<div style='margin-top:3px'>{note_html(passage.note)}</div>" if passage.note else ""
    # In the theme's colours (the light theme's red was 2.3:1 on the dark page); a tag's
    # name in black or white, whichever reads on the colour the user chose for it.
    orphan = (
        f" <b style='color:{error()}'>not found in the current text</b>" if passage.orphan else ""
    )
    return f"<div>{chips}{orphan}</div><div><i>“{html.escape(quote)}”</i></div>{note}"


class PassagesModel(RecordListModel[Passage]):
    def __init__(self, parent=None) -> None:
        super().__init__(
            {
                Qt.ItemDataRole.DisplayRole: lambda passage: passage.quote,
                Qt.ItemDataRole.ToolTipRole: lambda p: ", ".join(t.name for t in p.tags),
                IdRole: lambda passage: passage.id,
                HtmlRole: passage_html,
            },
            parent,
        )
