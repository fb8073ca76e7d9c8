"""The codebook as a tree, read from one list of tags: each tag's path and the tags
below it. Pure: the search clauses and the code matrix both ask it."""

from __future__ import annotations

from annotations.model import Tag


class TagTree:
    def __init__(self, tags: list[Tag]) -> None:
        self.tags = tags
        by_id = {t.id: t for t in tags}
        self.paths: dict[int, str] = {}
        for tag in tags:
            names, parent, seen = [tag.name], tag.parent_id, {tag.id}
            while parent in by_id and parent not in seen:  # a cycle cannot loop here
                seen.add(parent)
                names.append(by_id[parent].name)
                parent = by_id[parent].parent_id
            self.paths[tag.id] = "/".join(reversed(names))
        self._children: dict[int, list[int]] = {}
        for tag in tags:
            if tag.parent_id is not None:
                self._children.setdefault(tag.parent_id, []).append(tag.id)

    def below(self, tag_id: int) -> set[int]:
        """The tag and every tag under it."""
        found, todo = set(), [tag_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self._children.get(current, ()))
        return found

    def in_order(self) -> list[Tag]:
        """Tags as the codebook lists them: by path, a parent before its children."""
        return sorted(self.tags, key=lambda t: [p.casefold() for p in self.paths[t.id].split("/")])
