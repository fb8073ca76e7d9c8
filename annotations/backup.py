"""A complete backup of the annotations as JSON, and a merging import.

Everything round-trips: tags with colours, descriptions and hierarchy,
passages with their anchors, tags, notes and timestamps, and the articles'
memos. Import merges: tags are matched by name, passages by their uuid, memos by
their article (the newer one stays), so importing twice (or into a home that
already has some of it) creates no duplicates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from annotations import db as database
from annotations import import_checks

FORMAT = "archive-reader-annotations"
VERSION = 2  # 2: with the articles' memos (a version 1 reader would drop them unsaid)


@dataclass
class ImportReport:
    tags_added: int = 0
    passages_added: int = 0
    passages_skipped: int = 0  # already there (same uuid)
    memos_added: int = 0
    memos_kept: int = 0  # the article has a newer memo here: that one stays
    orphaned: int = 0  # imported as orphans: their quote is not at their offsets
    elsewhere: int = 0  # on articles not in the index now
    rejected: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"{self.passages_added} passages and {self.tags_added} tags imported; "
            f"{self.passages_skipped} passages were already there."
        ]
        if self.memos_added or self.memos_kept:
            lines.append(
                f"{self.memos_added} article memos imported; {self.memos_kept} kept as they "
                "are here (the memo here is as new or newer)."
            )
        if self.orphaned:
            lines.append(
                f"{self.orphaned} passages are kept as orphans: their quote is not at their "
                "place in the article (re-attach them in View → All passages)."
            )
        if self.elsewhere:
            lines.append(
                f"{self.elsewhere} passages are on articles not in the index now; they appear "
                "when their folder is indexed."
            )
        if self.rejected:
            lines.append(f"{len(self.rejected)} entries were not imported:")
            lines += [f"  {reason}" for reason in self.rejected[:50]]
            if len(self.rejected) > 50:
                lines.append(f"  … and {len(self.rejected) - 50} more")
        return "\n".join(lines)


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
    memos = [
        {
            "article_id": m.article_id,
            "text": m.text,
            "article_title": m.article_title,
            "article_source": m.article_source,
            "created_at": m.created_at,
            "updated_at": m.updated_at,
        }
        for m in store.memos()
    ]
    return document(tags, passages, memos)


def document(tags: list[dict], passages: list[dict], memos: list[dict]) -> dict:
    """A backup of these entries, in this format's version."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "tags": tags,
        "passages": passages,
        "memos": memos,
    }


def export_json(store, path: Path, protected=()) -> int:
    """Write every tag and passage to `path` (never over one of `protected`)."""
    from indexer.atomic import write_atomic

    data = export_data(store)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1), protected)
    return len(data["passages"])


def import_json(store, path: Path, text_of=None) -> ImportReport:
    """Merge a backup (ours, or our W3C export) into `store`: what is valid is imported,
    the rest reported (see import_checks); `text_of(article_id)` checks the offsets."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        raise ValueError(f"Cannot read {path}: {error}") from error
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        from annotations.export.webanno import to_backup

        try:
            data = to_backup(data)  # our W3C Web Annotation export imports too
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            raise ValueError(
                f"{path} is a W3C annotation collection this version cannot read "
                f"({error.__class__.__name__}: {error})."
            ) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path} is not an Archive Reader annotations backup.")
    version = data.get("version", 0)
    if not isinstance(version, int) or version > VERSION:
        raise ValueError(f"{path} comes from a newer Archive Reader; update the application.")
    return import_data(store, data, text_of)


def import_data(store, data: dict, text_of=None) -> ImportReport:
    checked = import_checks.check(data, text_of)
    report = ImportReport(
        orphaned=checked.orphaned, elsewhere=checked.elsewhere, rejected=checked.rejected
    )
    db = store.connection
    with database.transaction(db):
        ids: dict[str, int] = {}
        for tag in checked.tags:
            row = db.execute("SELECT id FROM tags WHERE name = ?", (tag["name"],)).fetchone()
            if row is None:
                cursor = db.execute(
                    "INSERT INTO tags(name, color, description, created_at) VALUES (?,?,?,?)",
                    (
                        tag["name"],
                        tag["color"],
                        tag["description"],
                        tag["created_at"],
                    ),
                )
                ids[tag["name"]] = cursor.lastrowid
                report.tags_added += 1
            else:
                ids[tag["name"]] = row[0]
        for tag in checked.tags:
            if tag.get("parent") in ids and ids[tag["parent"]] != ids[tag["name"]]:
                db.execute(
                    "UPDATE tags SET parent_id = ? WHERE id = ? AND parent_id IS NULL",
                    (ids[tag["parent"]], ids[tag["name"]]),
                )
        for p in checked.passages:
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
                    p["note"],
                    p["article_title"],
                    p["article_source"],
                    int(p["orphan"]),
                    p["created_at"],
                    p["updated_at"],
                ),
            )
            for name in p["tags"]:
                if name not in ids:
                    row = db.execute("SELECT id FROM tags WHERE name = ?", (name,)).fetchone()
                    if row is not None:  # a tag that exists here already: merged
                        ids[name] = row[0]
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
        for memo in checked.memos:
            here = db.execute(
                "SELECT updated_at FROM memos WHERE article_id = ?", (memo["article_id"],)
            ).fetchone()
            if here is not None and here[0] >= memo["updated_at"]:
                report.memos_kept += 1
                continue
            db.execute(
                "INSERT OR REPLACE INTO memos(article_id, text, article_title, article_source,"
                " created_at, updated_at) VALUES (?,?,?,?,?,?)",
                tuple(
                    memo[k]
                    for k in (
                        "article_id",
                        "text",
                        "article_title",
                        "article_source",
                        "created_at",
                        "updated_at",
                    )
                ),
            )
            report.memos_added += 1
    return report
