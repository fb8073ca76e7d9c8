"""A complete backup of the annotations as JSON, and a merging import.

Everything round-trips: tags with colours, descriptions and hierarchy, and
passages with their anchors, tags, notes and timestamps. Import merges: tags
are matched by name, passages by their uuid, so importing twice (or into a
home that already has some of it) creates no duplicates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from annotations import db as database

FORMAT = "archive-reader-annotations"
VERSION = 1


@dataclass
class ImportReport:
    tags_added: int = 0
    passages_added: int = 0
    passages_skipped: int = 0  # already there (same uuid)

    def describe(self) -> str:
        return (
            f"{self.passages_added} passages and {self.tags_added} tags imported; "
            f"{self.passages_skipped} passages were already there."
        )


def export_data(store) -> dict:
    db = store.connection
    names = {row[0]: row[1] for row in db.execute("SELECT id, name FROM tags")}
    tags = [
        {
            "name": row["name"],
            "color": row["color"],
            "parent": names.get(row["parent_id"]),
            "description": row["description"],
            "created_at": row["created_at"],
        }
        for row in db.execute(
            "SELECT name, color, parent_id, description, created_at FROM tags ORDER BY id"
        )
    ]
    passages = []
    for p in store.all_passages():
        passages.append(
            {
                "uuid": p.uuid,
                "article_id": p.article_id,
                "start": p.start,
                "end": p.end,
                "exact": p.quote,
                "prefix": p.anchor.prefix,
                "suffix": p.anchor.suffix,
                "tags": [t.name for t in p.tags],
                "note": p.note,
                "article_title": p.article_title,
                "article_source": p.article_source,
                "orphan": p.orphan,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
            }
        )
    return {"format": FORMAT, "version": VERSION, "tags": tags, "passages": passages}


def export_json(store, path: Path, protected=()) -> int:
    """Write every tag and passage to `path` (never over one of `protected`)."""
    from indexer.atomic import write_atomic

    data = export_data(store)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1), protected)
    return len(data["passages"])


def import_json(store, path: Path) -> ImportReport:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"Cannot read {path}: {error}") from error
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        from annotations.export.webanno import to_backup

        data = to_backup(data)  # our W3C Web Annotation export imports too
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path} is not an Archive Reader annotations backup.")
    if data.get("version", 0) > VERSION:
        raise ValueError(f"{path} comes from a newer Archive Reader; update the application.")
    return import_data(store, data)


def import_data(store, data: dict) -> ImportReport:
    report = ImportReport()
    db = store.connection
    with database.transaction(db):
        ids: dict[str, int] = {}
        for tag in data.get("tags", []):
            row = db.execute("SELECT id FROM tags WHERE name = ?", (tag["name"],)).fetchone()
            if row is None:
                cursor = db.execute(
                    "INSERT INTO tags(name, color, description, created_at) VALUES (?,?,?,?)",
                    (tag["name"], tag["color"], tag.get("description", ""), tag["created_at"]),
                )
                ids[tag["name"]] = cursor.lastrowid
                report.tags_added += 1
            else:
                ids[tag["name"]] = row[0]
        for tag in data.get("tags", []):
            if tag.get("parent") in ids:
                db.execute(
                    "UPDATE tags SET parent_id = ? WHERE id = ? AND parent_id IS NULL",
                    (ids[tag["parent"]], ids[tag["name"]]),
                )
        for p in data.get("passages", []):
            if db.execute("SELECT 1 FROM passages WHERE uuid = ?", (p["uuid"],)).fetchone():
                report.passages_skipped += 1
                continue
            cursor = db.execute(
                'INSERT INTO passages(uuid, article_id, start, "end", exact, prefix, suffix, note,'
                " article_title, article_source, orphan, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    p["uuid"],
                    p["article_id"],
                    p["start"],
                    p["end"],
                    p["exact"],
                    p["prefix"],
                    p["suffix"],
                    p.get("note", ""),
                    p.get("article_title", ""),
                    p.get("article_source", ""),
                    int(p.get("orphan", False)),
                    p["created_at"],
                    p["updated_at"],
                ),
            )
            for name in p.get("tags", []):
                if name not in ids:
                    ids[name] = db.execute(
                        "INSERT INTO tags(name, color, created_at) VALUES (?, '#b0bec5', ?)",
                        (name, p["created_at"]),
                    ).lastrowid
                    report.tags_added += 1
                db.execute(
                    "INSERT OR IGNORE INTO passage_tags(passage_id, tag_id) VALUES (?, ?)",
                    (cursor.lastrowid, ids[name]),
                )
            report.passages_added += 1
    return report
