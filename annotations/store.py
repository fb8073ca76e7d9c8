"""The operations on annotations. Each is one committed transaction.

The window never edits the database directly: it calls these operations (and,
later, records them on its undo stack). Each returns what it changed, so views
can refresh only what they show.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid as uuid_module
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from annotations import db as database
from annotations import db_backups
from annotations.anchor import Anchor, anchor_for
from annotations.codebook import CodebookOperations
from annotations.import_checks import tag_name_problem
from annotations.model import PALETTE, Memo, Passage, Tag, is_color

log = logging.getLogger(__name__)


class AnnotationError(ValueError):
    """An edit that cannot be made, with a message for the user."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def clean_tag_name(name: str) -> str:
    cleaned = " ".join(name.split()).strip("#")
    if not cleaned:
        raise AnnotationError("A tag needs a name.")
    problem = tag_name_problem(cleaned)
    if problem:
        raise AnnotationError(problem[0].upper() + problem[1:] + ".")
    return cleaned


class AnnotationStore(CodebookOperations):
    """Tags and passages in one SQLite file; one instance per thread."""

    def __init__(self, path: Path, backups: Path | None = None) -> None:
        """Open the database at `path`; with `backups`, copies are kept there
        automatically (see db_backups)."""
        self.path = path
        self._db = database.connect(path)
        self._created: tuple[list[int], list[int]] | None = None
        self._every: tuple[tuple[int, int], list[Passage]] | None = None  # all_passages()
        self._backups = backups
        self._changes_at_backup = 0
        if backups is not None:
            if db_backups.due(path, backups) and not self._is_empty():
                self.backup()
            database.after_commit(self._db, self._backup_when_due)

    def backup(self) -> Path | None:
        """Copy the database now; a failure (a full disk) is logged, never raised."""
        self._changes_at_backup = self._db.total_changes
        try:
            return db_backups.make_backup(self.path, self._backups)
        except (OSError, sqlite3.Error):
            log.exception("could not back up %s", self.path)
            return None

    def _is_empty(self) -> bool:
        return not self._db.execute(
            "SELECT EXISTS(SELECT 1 FROM passages) OR EXISTS(SELECT 1 FROM tags)"
            " OR EXISTS(SELECT 1 FROM memos)"
        ).fetchone()[0]

    def _backup_when_due(self) -> None:
        if self._db.total_changes - self._changes_at_backup >= db_backups.EVERY_CHANGES:
            self.backup()

    def begin_tracking(self) -> None:
        """Note the tags and passages the next operations create (for undo)."""
        self._created = ([], [])

    def note_created_tags(self, tag_ids) -> None:
        """Tags an import created with its own SQL: undo removes them too."""
        if self._created is not None:
            self._created[0].extend(tag_ids)

    def end_tracking(self) -> tuple[list[int], list[int]]:
        created, self._created = self._created or ([], []), None
        return created

    def close(self) -> None:
        database.after_commit(self._db, None)
        self._db.close()

    def data_version(self) -> int:
        """Changes when another connection (window or process) commits."""
        return self._db.execute("PRAGMA data_version").fetchone()[0]

    # tags

    def tags(self) -> list[Tag]:
        rows = self._db.execute(
            "SELECT id, name, color, parent_id, description, created_at, key FROM tags"
            " ORDER BY name COLLATE NOCASE"
        )
        return [Tag(*row) for row in rows]

    def keyed_tags(self) -> list[Tag]:
        """The tags that keys 1-9 apply, in key order (Tag.key)."""
        rows = self._db.execute(
            "SELECT id, name, color, parent_id, description, created_at, key FROM tags"
            " WHERE key IS NOT NULL ORDER BY key"
        )
        return [Tag(*row) for row in rows]

    def tag_with_key(self, key: int) -> Tag | None:
        return next((t for t in self.keyed_tags() if t.key == key), None)

    def recent_tags(self, limit: int = 9) -> list[Tag]:
        rows = self._db.execute(
            "SELECT id, name, color, parent_id, description FROM tags"
            " ORDER BY coalesce(used_at, created_at) DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [Tag(*row) for row in rows]

    def tag_named(self, name: str) -> Tag | None:
        row = self._db.execute(
            "SELECT id, name, color, parent_id, description, created_at, key FROM tags"
            " WHERE name = ?",
            (clean_tag_name(name),),
        ).fetchone()
        return Tag(*row) if row else None

    def _ensure_tag(self, name: str, color: str | None = None) -> Tag:
        name = clean_tag_name(name)
        existing = self.tag_named(name)
        if existing:
            return existing
        count = self._db.execute("SELECT count(*) FROM tags").fetchone()[0]
        color = color.lower() if is_color(color) else PALETTE[count % len(PALETTE)]
        # A new tag takes the lowest free key, and keeps it until it is changed.
        taken = {r[0] for r in self._db.execute("SELECT key FROM tags WHERE key IS NOT NULL")}
        key = next((k for k in range(1, 10) if k not in taken), None)
        cursor = self._db.execute(
            "INSERT INTO tags(name, color, created_at, key) VALUES (?, ?, ?, ?)",
            (name, color, _now(), key),
        )
        if self._created is not None:
            self._created[0].append(cursor.lastrowid)
        return Tag(cursor.lastrowid, name, color, key=key)

    def create_tag(self, name: str, color: str | None = None) -> Tag:
        with database.transaction(self._db):
            return self._ensure_tag(name, color)

    # passages

    def add_passage(
        self,
        article_id: str,
        article_text: str,
        start: int,
        end: int,
        tags: Iterable[str],
        note: str = "",
        article_title: str = "",
        article_source: str = "",
    ) -> Passage:
        """Tag text[start:end] of an article; the tags are created when new."""
        [passage] = self.add_passages(
            article_id, article_text, [(start, end)], tags, note, article_title, article_source
        )
        return passage

    def add_passages(
        self,
        article_id: str,
        article_text: str,
        spans: list[tuple[int, int]],
        tags: Iterable[str],
        note: str = "",
        article_title: str = "",
        article_source: str = "",
    ) -> list[Passage]:
        """Several passages of one article with the same tags, in one transaction."""
        names = [clean_tag_name(t) for t in tags]
        if not names:
            raise AnnotationError("A passage needs at least one tag.")
        anchors = []
        for start, end in spans:
            try:
                anchor = anchor_for(article_text, start, end)
            except ValueError as error:
                raise AnnotationError(str(error)) from error
            if not anchor.exact.strip():
                raise AnnotationError("Select some text to tag, not only white space.")
            anchors.append(anchor)
        now = _now()
        ids = []
        with database.transaction(self._db):
            for anchor in anchors:
                cursor = self._db.execute(
                    'INSERT INTO passages(uuid, article_id, start, "end", exact, prefix, suffix,'
                    " note, article_title, article_source, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        str(uuid_module.uuid4()),
                        article_id,
                        anchor.start,
                        anchor.end,
                        anchor.exact,
                        anchor.prefix,
                        anchor.suffix,
                        note,
                        article_title,
                        article_source,
                        now,
                        now,
                    ),
                )
                ids.append(cursor.lastrowid)
                if self._created is not None:
                    self._created[1].append(cursor.lastrowid)
                self._set_tags(cursor.lastrowid, names, now)
        return [self.passage(i) for i in ids]

    def _set_tags(self, passage_id: int, names: list[str], now: str) -> None:
        self._db.execute("DELETE FROM passage_tags WHERE passage_id = ?", (passage_id,))
        for name in dict.fromkeys(names):
            tag = self._ensure_tag(name)
            self._db.execute(
                "INSERT OR IGNORE INTO passage_tags(passage_id, tag_id) VALUES (?, ?)",
                (passage_id, tag.id),
            )
            self._db.execute("UPDATE tags SET used_at = ? WHERE id = ?", (now, tag.id))

    def set_tags(self, passage_id: int, names: Iterable[str]) -> Passage:
        names = [clean_tag_name(n) for n in names]
        if not names:
            raise AnnotationError("A passage needs at least one tag; delete it instead.")
        now = _now()
        with database.transaction(self._db):
            self._require(passage_id)
            self._set_tags(passage_id, names, now)
            self._db.execute("UPDATE passages SET updated_at = ? WHERE id = ?", (now, passage_id))
        return self.passage(passage_id)

    def set_note(self, passage_id: int, note: str) -> Passage:
        with database.transaction(self._db):
            self._require(passage_id)
            self._db.execute(
                "UPDATE passages SET note = ?, updated_at = ? WHERE id = ?",
                (note, _now(), passage_id),
            )
        return self.passage(passage_id)

    def delete_passage(self, passage_id: int) -> Passage:
        passage = self.passage(passage_id)
        with database.transaction(self._db):
            self._db.execute("DELETE FROM passages WHERE id = ?", (passage_id,))
        return passage

    def _require(self, passage_id: int) -> None:
        if not self._db.execute("SELECT 1 FROM passages WHERE id = ?", (passage_id,)).fetchone():
            raise AnnotationError(f"There is no passage {passage_id}; was it deleted elsewhere?")

    def set_memo(
        self, article_id: str, text: str, title: str = "", source: str = ""
    ) -> Memo | None:
        """Write the article's memo (saved at once); an empty text deletes it."""
        now = _now()
        with database.transaction(self._db):
            if not text.strip():
                self._db.execute("DELETE FROM memos WHERE article_id = ?", (article_id,))
                return None
            self._db.execute(
                "INSERT INTO memos(article_id, text, article_title, article_source, created_at,"
                " updated_at) VALUES (?,?,?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET"
                " text = excluded.text, article_title = excluded.article_title,"
                " article_source = excluded.article_source, updated_at = excluded.updated_at",
                (article_id, text, title, source, now, now),
            )
        return self.memo(article_id)

    # reading

    def memo(self, article_id: str) -> Memo | None:
        row = self._db.execute("SELECT * FROM memos WHERE article_id = ?", (article_id,)).fetchone()
        return _memo(row) if row else None

    def memos(self) -> list[Memo]:
        """Every memo, by article title."""
        rows = self._db.execute("SELECT * FROM memos ORDER BY article_title, article_id")
        return [_memo(row) for row in rows]

    def passage(self, passage_id: int) -> Passage:
        found = self._passages("WHERE p.id = ?", (passage_id,))
        if not found:
            raise AnnotationError(f"There is no passage {passage_id}.")
        return found[0]

    def passages_for(self, article_id: str) -> list[Passage]:
        """The article's passages in text order."""
        return self._passages('WHERE p.article_id = ? ORDER BY p.start, p."end"', (article_id,))

    def all_passages(
        self,
        tag: str | None = None,
        with_children: bool = False,
        text: str = "",
        order: str = "article",
    ) -> list[Passage]:
        """Every passage, or those with `tag` (and its children), or whose quote or note
        contains `text`; ordered by article and position, or newest first ("date").
        Every passage is read again only after a change (here or by another connection):
        each search of the Passages list and each tag: lookup asks for them all."""
        whole = tag is None and not text and order == "article"
        if whole:
            stamp = (self.data_version(), self._db.total_changes)
            if self._every is not None and self._every[0] == stamp:
                return list(self._every[1])
        clauses, params = [], []
        if tag is not None:
            found = self.tag_named(tag)
            if found is None:
                return []
            tag_ids = self.descendants(found.id) if with_children else [found.id]
            marks = ",".join("?" * len(tag_ids))
            clauses.append(
                f"p.id IN (SELECT passage_id FROM passage_tags WHERE tag_id IN ({marks}))"
            )
            params += tag_ids
        if text:
            clauses.append("(instr(lower(p.exact), ?) > 0 OR instr(lower(p.note), ?) > 0)")
            params += [text.lower(), text.lower()]
        where = "WHERE " + " AND ".join(clauses) if clauses else ""
        if order == "date":
            ordering = "ORDER BY p.created_at DESC, p.id DESC"
        else:
            ordering = "ORDER BY p.article_title, p.article_id, p.start"
        found = self._passages(f"{where} {ordering}", tuple(params))
        if whole:
            self._every = (stamp, found)
            return list(found)
        return found

    def articles_tagged(self, tag_sets: list[set[int]] | None) -> set[str]:
        """Articles with a passage that carries a tag of every set (`tag:A+B`), or any
        tag at all (None, `tag:*`): asked of the tables, where reading every passage
        took two seconds at 60,000 passages."""
        if tag_sets is None:
            sql = (
                "SELECT DISTINCT p.article_id FROM passages p"
                " WHERE EXISTS (SELECT 1 FROM passage_tags pt WHERE pt.passage_id = p.id)"
            )
            return {r[0] for r in self._db.execute(sql)}
        if not tag_sets or any(not wanted for wanted in tag_sets):
            return set()
        conditions, params = [], []
        for wanted in tag_sets:
            marks = ",".join("?" * len(wanted))
            conditions.append(
                "EXISTS (SELECT 1 FROM passage_tags pt WHERE pt.passage_id = p.id"
                f" AND pt.tag_id IN ({marks}))"
            )
            params += sorted(wanted)
        sql = f"SELECT DISTINCT p.article_id FROM passages p WHERE {' AND '.join(conditions)}"
        return {r[0] for r in self._db.execute(sql, params)}

    def notes(self) -> list[tuple[str, str]]:
        """(article id, note) of every passage with a note."""
        return self._db.execute("SELECT article_id, note FROM passages WHERE note != ''").fetchall()

    def tagged_articles(self) -> list[tuple[str, str]]:
        """(tag name, article id) for every tag on a passage of an article, once each."""
        return self._db.execute(
            "SELECT DISTINCT t.name, p.article_id FROM passage_tags pt"
            " JOIN passages p ON p.id = pt.passage_id JOIN tags t ON t.id = pt.tag_id"
        ).fetchall()

    def annotated_articles(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT DISTINCT article_id FROM passages")}

    def passage_by_uuid(self, uuid: str) -> Passage | None:
        found = self._passages("WHERE p.uuid = ?", (uuid,))
        return found[0] if found else None

    def _passages(self, where: str, params: tuple) -> list[Passage]:
        rows = self._db.execute(
            'SELECT p.id, p.uuid, p.article_id, p.start, p."end", p.exact, p.prefix, p.suffix,'
            " p.note, p.article_title, p.article_source, p.orphan, p.created_at, p.updated_at"
            f" FROM passages p {where}",
            params,
        ).fetchall()
        tags = self._tags_of([row[0] for row in rows])
        # Columns by position: by name, 60,000 passages took a third longer.
        return [
            Passage(
                id=row[0],
                uuid=row[1],
                article_id=row[2],
                anchor=Anchor(row[3], row[4], row[5], row[6], row[7]),
                tags=tags.get(row[0], ()),
                note=row[8],
                article_title=row[9],
                article_source=row[10],
                orphan=bool(row[11]),
                created_at=row[12],
                updated_at=row[13],
            )
            for row in rows
        ]

    def _tags_of(self, passage_ids: list[int]) -> dict[int, tuple[Tag, ...]]:
        """Each passage's tags, by name. The codebook is read once and its tags shared:
        a Tag made for every passage's every tag was half the time of all_passages."""
        codebook = {
            row[0]: Tag(*row)
            for row in self._db.execute("SELECT id, name, color, parent_id, description FROM tags")
        }
        wanted = set(passage_ids)
        pairs: list[tuple[int, int]] = []
        if len(wanted) > 2_000:  # most of them: one pass over the table
            pairs = [
                r
                for r in self._db.execute("SELECT passage_id, tag_id FROM passage_tags")
                if r[0] in wanted
            ]
        else:
            for chunk in range(0, len(passage_ids), 500):
                ids = passage_ids[chunk : chunk + 500]
                marks = ",".join("?" * len(ids))
                pairs += self._db.execute(
                    f"SELECT passage_id, tag_id FROM passage_tags WHERE passage_id IN ({marks})",
                    ids,
                ).fetchall()
        out: dict[int, list[Tag]] = {}
        for passage_id, tag_id in pairs:
            out.setdefault(passage_id, []).append(codebook[tag_id])
        return {
            passage_id: tuple(sorted(found, key=lambda t: t.name.casefold()))
            for passage_id, found in out.items()
        }

    @property
    def connection(self) -> sqlite3.Connection:
        """For tests and migrations only."""
        return self._db


def _memo(row) -> Memo:
    return Memo(
        row["article_id"],
        row["text"],
        row["article_title"],
        row["article_source"],
        row["created_at"],
        row["updated_at"],
    )
