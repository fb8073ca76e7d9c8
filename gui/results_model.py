"""Search results as a Qt list model; each row's article id is in IdRole."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt

from gui.list_model import RecordListModel
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
    copies = f" <span style='color:#1a73e8'>· {hit.copies} copies</span>" if hit.copies > 1 else ""
    return (
        f"<div><b>{html.escape(hit.title)}</b>{copies}</div>"
        f"<div style='color:#5f6368; font-size:small'>{meta}</div>"
        f"<div>{hit.snippet.as_html()}</div>"
    )


class ResultsModel(RecordListModel[Hit]):
    def __init__(self, parent=None) -> None:
        super().__init__(
            {
                Qt.ItemDataRole.DisplayRole: lambda hit: hit.title,
                Qt.ItemDataRole.ToolTipRole: lambda hit: hit.article.source,
                IdRole: lambda hit: hit.id,
                HtmlRole: hit_html,
                ScoreRole: lambda hit: hit.score,
            },
            parent,
        )
