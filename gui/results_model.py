"""Search results as a Qt list model; each row's article id is in IdRole."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from indexer.search import Hit

IdRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2
ScoreRole = Qt.ItemDataRole.UserRole + 3


def hit_html(hit: Hit) -> str:
    article = hit.article
    meta = " · ".join(
        html.escape(x)
        for x in (article.section, article.author, article.published, Path(article.source).name)
        if x
    )
    return (
        f"<div><b>{html.escape(hit.title)}</b></div>"
        f"<div style='color:#5f6368; font-size:small'>{meta}</div>"
        f"<div>{hit.snippet.as_html()}</div>"
    )


class ResultsModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit:
        return self._hits[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.article.source
        if role == IdRole:
            return hit.id
        if role == HtmlRole:
            return hit_html(hit)
        if role == ScoreRole:
            return hit.score
        return None
