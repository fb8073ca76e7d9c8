"""Row-level snapshots of tags and passages, so that any edit can be undone and redone.

An edit names the tags and passages it may touch. Before it runs we take their
rows (None for rows that do not exist yet); after it runs, again. Undo writes
the "before" rows back, redo the "after" rows, in one transaction each. Every
operation of the store and the codebook is undoable this way, without an
inverse written for each.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from annotations import db as database

_TAG_ROW = "id, name, color, parent_id, description, created_at, used_at, key"
_PASSAGE_ROW = (
    'id, uuid, article_id, start, "end", exact, prefix, suffix, note, article_title,'
    " article_source, orphan, created_at, updated_at"
)


@dataclass
class Snapshot:
    tags: dict[int, tuple | None] = field(default_factory=dict)
    passages: dict[int, tuple | None] = field(default_factory=dict)
    links: dict[int, list[int]] = field(default_factory=dict)  # passage id -> tag ids


def take(db: sqlite3.Connection, tag_ids, passage_ids) -> Snapshot:
    snapshot = Snapshot()
    for tag_id in tag_ids:
        row = db.execute(f"SELECT {_TAG_ROW} FROM tags WHERE id = ?", (tag_id,)).fetchone()
        snapshot.tags[tag_id] = tuple(row) if row else None
    for passage_id in passage_ids:
        row = db.execute(
            f"SELECT {_PASSAGE_ROW} FROM passages WHERE id = ?", (passage_id,)
        ).fetchone()
        snapshot.passages[passage_id] = tuple(row) if row else None
        snapshot.links[passage_id] = [
            r[0]
            for r in db.execute(
                "SELECT tag_id FROM passage_tags WHERE passage_id = ? ORDER BY tag_id",
                (passage_id,),
            )
        ]
    return snapshot


def restore(db: sqlite3.Connection, snapshot: Snapshot) -> None:
    """Make the named rows exactly as in the snapshot (creating or deleting them)."""
    with database.transaction(db):
        # Tags first (passages link to them), parents before children.
        present = {i: row for i, row in snapshot.tags.items() if row is not None}
        # Upserts, never REPLACE: a REPLACE deletes the row first, which would cascade
        # to its passage links and detach its children.
        # Keys are unique: free the snapshot's tags' keys before putting any back.
        db.executemany("UPDATE tags SET key = NULL WHERE id = ?", [(i,) for i in present])
        for _tag_id, row in sorted(present.items(), key=lambda item: _depth(item[1], present)):
            db.execute(
                f"INSERT INTO tags({_TAG_ROW}) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE"
                " SET name = excluded.name, color = excluded.color, parent_id = excluded.parent_id,"
                " description = excluded.description, created_at = excluded.created_at,"
                " used_at = excluded.used_at, key = excluded.key",
                row,
            )
        for passage_id, row in snapshot.passages.items():
            if row is None:
                db.execute("DELETE FROM passages WHERE id = ?", (passage_id,))
                continue
            db.execute(
                f"INSERT INTO passages({_PASSAGE_ROW}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                ' ON CONFLICT(id) DO UPDATE SET start = excluded.start, "end" = excluded."end",'
                " exact = excluded.exact, prefix = excluded.prefix, suffix = excluded.suffix,"
                " note = excluded.note, orphan = excluded.orphan,"
                " updated_at = excluded.updated_at",
                row,
            )
            db.execute("DELETE FROM passage_tags WHERE passage_id = ?", (passage_id,))
            db.executemany(
                "INSERT OR IGNORE INTO passage_tags(passage_id, tag_id) VALUES (?, ?)",
                [(passage_id, t) for t in snapshot.links[passage_id]],
            )
        for tag_id, row in snapshot.tags.items():
            if row is None:
                db.execute("DELETE FROM tags WHERE id = ?", (tag_id,))


def _depth(row: tuple, present: dict[int, tuple]) -> int:
    depth, parent = 0, row[3]
    while parent in present and depth < 64:
        depth, parent = depth + 1, present[parent][3]
    return depth
