"""Keeping passages on their text when an article changes (a re-scraped file, an edit).

Each passage is placed again by position, then by exact quote, then by a fuzzy
quote with its context. One that cannot be placed becomes an orphan: it keeps
its quote and note, is listed as such, and can be re-attached by hand. Nothing
is ever dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotations import db as database
from annotations.anchor import anchor_for, relocate


@dataclass
class ReanchorReport:
    intact: int = 0
    moved: int = 0
    orphaned: int = 0
    recovered: int = 0  # orphans placed again

    def add(self, other: ReanchorReport) -> None:
        self.intact += other.intact
        self.moved += other.moved
        self.orphaned += other.orphaned
        self.recovered += other.recovered


def reanchor_article(store, article_id: str, text: str) -> ReanchorReport:
    """Place every passage of one article on its current text, in one transaction."""
    report = ReanchorReport()
    db = store.connection
    with database.transaction(db):
        for passage in store.passages_for(article_id):
            anchor = passage.anchor
            place = relocate(text, anchor)
            if place is None:
                if not passage.orphan:
                    db.execute("UPDATE passages SET orphan = 1 WHERE id = ?", (passage.id,))
                report.orphaned += 1
                continue
            if place == (anchor.start, anchor.end) and text[place[0] : place[1]] == anchor.exact:
                if passage.orphan:
                    db.execute("UPDATE passages SET orphan = 0 WHERE id = ?", (passage.id,))
                    report.recovered += 1
                else:
                    report.intact += 1
                continue
            new = anchor_for(text, *place)
            db.execute(
                'UPDATE passages SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,'
                " orphan = 0 WHERE id = ?",
                (new.start, new.end, new.exact, new.prefix, new.suffix, passage.id),
            )
            if passage.orphan:
                report.recovered += 1
            else:
                report.moved += 1
    return report


def reattach(store, passage_id: int, text: str, start: int, end: int):
    """Put a passage (an orphan, usually) on a span the user chose."""
    new = anchor_for(text, start, end)
    with database.transaction(store.connection):
        store.connection.execute(
            'UPDATE passages SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?,'
            " orphan = 0 WHERE id = ?",
            (new.start, new.end, new.exact, new.prefix, new.suffix, passage_id),
        )
    return store.passage(passage_id)
