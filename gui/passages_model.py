"""The open article's passages as a Qt list model; each row's passage id is in IdRole."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotations.model import Passage

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


class PassagesModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._passages: list[Passage] = []

    def set_passages(self, passages: list[Passage]) -> None:
        self.beginResetModel()
        self._passages = list(passages)
        self.endResetModel()

    def passages(self) -> list[Passage]:
        return list(self._passages)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._passages)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._passages):
            return None
        passage = self._passages[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return passage.quote
        if role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(t.name for t in passage.tags)
        if role == IdRole:
            return passage.id
        if role == HtmlRole:
            return passage_html(passage)
        if role == StartRole:
            return passage.start
        return None
