"""The codebook: tags in a hierarchy, with colours, descriptions and counts.

Each operation is one transaction. Operations that touch passages say so before
they run (`deletion_effect`), so the window can tell the user what will happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations import db as database
from annotations.model import Tag

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TAG_COLUMNS = "id, name, color, parent_id, description"


class CodebookError(ValueError):
    """A codebook change that cannot be made, with a message for the user."""


@dataclass(frozen=True)
class DeletionEffect:
    passages: int  # passages that carry the tag
    orphaned: int  # of those, passages with no other tag
    children: int  # child tags, which move up to the tag's parent
    parent: Tag | None  # where passages and children go, if anywhere

    def describe(self, name: str) -> str:
        lines = [f"Delete the tag “{name}”?"]
        if self.children:
            where = f"“{self.parent.name}”" if self.parent else "the top level"
            lines.append(f"Its {self.children} child tags move to {where}.")
        if self.passages and self.parent:
            lines.append(f"Its {self.passages} passages are tagged “{self.parent.name}” instead.")
        elif self.passages:
            kept = self.passages - self.orphaned
            if kept:
                lines.append(f"{kept} passages keep their other tags.")
            if self.orphaned:
                lines.append(f"{self.orphaned} passages have no other tag and are deleted.")
        lines.append("You can undo this (Ctrl+Z).")
        return "\n".join(lines)


class CodebookOperations:
    """Mixed into AnnotationStore; uses its connection `self._db`."""

    _db = None  # provided by AnnotationStore

    def tag(self, tag_id: int) -> Tag:
        row = self._db.execute(
            f"SELECT {_TAG_COLUMNS} FROM tags WHERE id = ?", (tag_id,)
        ).fetchone()
        if row is None:
            raise CodebookError(f"There is no tag {tag_id}; was it deleted elsewhere?")
        return Tag(*row)

    def tag_counts(self) -> dict[int, int]:
        """Passages per tag (the tag itself, not its children)."""
        rows = self._db.execute("SELECT tag_id, count(*) FROM passage_tags GROUP BY tag_id")
        return dict(rows.fetchall())

    def children(self, tag_id: int | None) -> list[Tag]:
        rows = self._db.execute(
            f"SELECT {_TAG_COLUMNS} FROM tags WHERE parent_id IS ? ORDER BY name COLLATE NOCASE",
            (tag_id,),
        )
        return [Tag(*row) for row in rows]

    def descendants(self, tag_id: int) -> list[int]:
        """The tag and every tag below it."""
        rows = self._db.execute(
            "WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT t.id FROM tags t"
            " JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub",
            (tag_id,),
        )
        return [r[0] for r in rows]

    def tag_path(self, tag: Tag) -> str:
        """'Parent/Child' (as Obsidian and Logseq write nested tags)."""
        names = [tag.name]
        parent = tag.parent_id
        seen = {tag.id}
        while parent is not None and parent not in seen:
            seen.add(parent)
            above = self.tag(parent)
            names.append(above.name)
            parent = above.parent_id
        return "/".join(reversed(names))

    def set_tag_key(self, tag_id: int, key: int | None) -> Tag:
        """Key 1-9 (or none) for a tag; a tag that had the key gives it up."""
        if key is not None and not 1 <= key <= 9:
            raise CodebookError("Keys are 1 to 9.")
        tag = self.tag(tag_id)
        with database.transaction(self._db):
            if key is not None:
                self._db.execute("UPDATE tags SET key = NULL WHERE key = ?", (key,))
            self._db.execute("UPDATE tags SET key = ? WHERE id = ?", (key, tag_id))
        return tag

    def rename_tag(self, tag_id: int, name: str) -> Tag:
        from annotations.store import clean_tag_name

        name = clean_tag_name(name)
        clash = self._db.execute(
            "SELECT id FROM tags WHERE name = ? AND id != ?", (name, tag_id)
        ).fetchone()
        if clash:
            raise CodebookError(f"There is already a tag “{name}”. Merge the two instead.")
        with database.transaction(self._db):
            self._db.execute("UPDATE tags SET name = ? WHERE id = ?", (name, tag_id))
        return self.tag(tag_id)

    def recolor_tag(self, tag_id: int, color: str) -> Tag:
        if not _COLOR.match(color):
            raise CodebookError(f"{color!r} is not a colour like #ffd54f.")
        with database.transaction(self._db):
            self._db.execute("UPDATE tags SET color = ? WHERE id = ?", (color.lower(), tag_id))
        return self.tag(tag_id)

    def describe_tag(self, tag_id: int, description: str) -> Tag:
        with database.transaction(self._db):
            self._db.execute(
                "UPDATE tags SET description = ? WHERE id = ?", (description.strip(), tag_id)
            )
        return self.tag(tag_id)

    def move_tag(self, tag_id: int, parent_id: int | None) -> Tag:
        """Put a tag under another (or at the top level with None)."""
        if parent_id is not None and parent_id in self.descendants(tag_id):
            raise CodebookError("A tag cannot go inside itself or one of its children.")
        with database.transaction(self._db):
            self._db.execute("UPDATE tags SET parent_id = ? WHERE id = ?", (parent_id, tag_id))
        return self.tag(tag_id)

    def merge_tags(self, source_id: int, target_id: int) -> Tag:
        """Every passage of `source` gets `target`; `source` goes, its children move."""
        if source_id == target_id:
            raise CodebookError("Choose two different tags to merge.")
        if target_id in self.descendants(source_id):
            raise CodebookError("Merge a child into its parent, not the other way round.")
        with database.transaction(self._db):
            self._db.execute(
                "INSERT OR IGNORE INTO passage_tags(passage_id, tag_id)"
                " SELECT passage_id, ? FROM passage_tags WHERE tag_id = ?",
                (target_id, source_id),
            )
            self._db.execute(
                "UPDATE tags SET parent_id = ? WHERE parent_id = ?", (target_id, source_id)
            )
            self._db.execute("DELETE FROM tags WHERE id = ?", (source_id,))
        return self.tag(target_id)

    def deletion_effect(self, tag_id: int) -> DeletionEffect:
        tag = self.tag(tag_id)
        passages = self._db.execute(
            "SELECT count(*) FROM passage_tags WHERE tag_id = ?", (tag_id,)
        ).fetchone()[0]
        orphaned = self._db.execute(
            "SELECT count(*) FROM passage_tags pt WHERE pt.tag_id = ? AND NOT EXISTS"
            " (SELECT 1 FROM passage_tags o WHERE o.passage_id = pt.passage_id AND o.tag_id != ?)",
            (tag_id, tag_id),
        ).fetchone()[0]
        children = len(self.children(tag_id))
        parent = self.tag(tag.parent_id) if tag.parent_id is not None else None
        return DeletionEffect(passages, orphaned, children, parent)

    def delete_tag(self, tag_id: int) -> DeletionEffect:
        """Delete a tag as `deletion_effect` describes it."""
        effect = self.deletion_effect(tag_id)
        tag = self.tag(tag_id)
        with database.transaction(self._db):
            if effect.parent is not None:
                self._db.execute(
                    "INSERT OR IGNORE INTO passage_tags(passage_id, tag_id)"
                    " SELECT passage_id, ? FROM passage_tags WHERE tag_id = ?",
                    (effect.parent.id, tag_id),
                )
            else:
                self._db.execute(
                    "DELETE FROM passages WHERE id IN (SELECT pt.passage_id FROM passage_tags pt"
                    " WHERE pt.tag_id = ? AND NOT EXISTS (SELECT 1 FROM passage_tags o"
                    " WHERE o.passage_id = pt.passage_id AND o.tag_id != ?))",
                    (tag_id, tag_id),
                )
            self._db.execute(
                "UPDATE tags SET parent_id = ? WHERE parent_id = ?", (tag.parent_id, tag_id)
            )
            self._db.execute("DELETE FROM tags WHERE id = ?", (tag_id,))
        return effect

    def passage_ids_with_tags(self, tag_ids: list[int]) -> list[int]:
        marks = ",".join("?" * len(tag_ids))
        rows = self._db.execute(
            f"SELECT DISTINCT passage_id FROM passage_tags WHERE tag_id IN ({marks})", tag_ids
        )
        return [r[0] for r in rows]
