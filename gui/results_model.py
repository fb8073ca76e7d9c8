"""Search results as a lazy Qt list model; each row's article id is in IdRole.

The model holds the hits fetched so far and knows the total; when a view
scrolls to the end, `fetchMore` asks (by signal) for the next page.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from gui.list_model import RecordListModel
from gui.theme import link, secondary
from indexer.search import Hit

IdRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2


def hit_html(hit: Hit, show_score: bool = True) -> str:
    article = hit.article
    meta = " · ".join(
        html.escape(x)
        # The publication first: an export's results come from many papers.
        for x in (
            article.site,
            article.section,
            article.author,
            article.published,
            Path(article.source).name,
        )
        if x
    )
    copies = f" <span style='color:{link()}'>· {hit.copies} copies</span>" if hit.copies > 1 else ""
    score = f" · score {hit.score:.2f}" if hit.score and show_score else ""
    return (
        f"<div><b>{html.escape(hit.title)}</b>{copies}</div>"
        f"<div style='color:{secondary()}; font-size:small'>{meta}{score}</div>"
        f"<div>{hit.snippet.as_html()}</div>"
    )


class ResultsModel(RecordListModel[Hit]):
    more_wanted = Signal(int)  # how many hits are loaded: fetch the ones after them

    def __init__(self, parent=None) -> None:
        super().__init__(
            {
                Qt.ItemDataRole.DisplayRole: lambda hit: hit.title,
                Qt.ItemDataRole.ToolTipRole: lambda hit: hit.article.source,
                IdRole: lambda hit: hit.id,
                HtmlRole: lambda hit: hit_html(hit, self.ranked),
            },
            parent,
        )
        self.total = 0
        self._fetching = False
        # Scores say something only when they differ: entity and wildcard clauses
        # match without weights, and every hit showed "score 1.00".
        self.ranked = True

    def set_results(self, hits: list[Hit], total: int) -> None:
        self.total = total
        self._fetching = False
        self.ranked = len({round(h.score, 6) for h in hits}) > 1
        self.set_records(hits)

    def append(self, hits: list[Hit]) -> None:
        """Add the next page (hits already shown are skipped)."""
        self._fetching = False
        known = {h.id for h in self.records()}
        new = [h for h in hits if h.id not in known]
        if not new:
            self.total = self.rowCount()  # nothing more to come
            return
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._records.extend(new)
        self.endInsertRows()

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and self.rowCount() < self.total

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_wanted.emit(self.rowCount())
