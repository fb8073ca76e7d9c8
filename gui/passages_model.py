"""The open article's passages as a Qt list model; each row's passage id is in IdRole."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt

from annotations.model import Passage
from gui.list_model import RecordListModel

IdRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2
StartRole = Qt.ItemDataRole.UserRole + 3


def passage_html(passage: Passage) -> str:
    chips = " ".join(
        f"<span style='background-color:{tag.color}; color:#000'>"
        f"&nbsp;{html.escape(tag.name)}&nbsp;</span>"
        for tag in passage.tags
    )
    quote = passage.quote if len(passage.quote) <= 280 else passage.quote[:277] + "…"
    note = f"<div style='margin-top:3px'>{html.escape(passage.note)}</div>" if passage.note else ""
    orphan = " <b style='color:#b00020'>not found in the current text</b>" if passage.orphan else ""
    return f"<div>{chips}{orphan}</div><div><i>“{html.escape(quote)}”</i></div>{note}"


class PassagesModel(RecordListModel[Passage]):
    def __init__(self, parent=None) -> None:
        super().__init__(
            {
                Qt.ItemDataRole.DisplayRole: lambda passage: passage.quote,
                Qt.ItemDataRole.ToolTipRole: lambda p: ", ".join(t.name for t in p.tags),
                IdRole: lambda passage: passage.id,
                HtmlRole: passage_html,
                StartRole: lambda passage: passage.start,
            },
            parent,
        )
