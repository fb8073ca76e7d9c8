"""Passages as Markdown that reads well on its own and in Obsidian or Logseq.

One heading per tag; each passage is a block quote followed by its citation,
its tags as #hashtags and its note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from annotations.model import Passage

_HASHTAG_UNSAFE = re.compile(r"[^\w/-]+")


def hashtag(name: str) -> str:
    return "#" + _HASHTAG_UNSAFE.sub("-", name.strip()).strip("-")


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def _citation(passage: Passage) -> str:
    title = passage.article_title or passage.article_id
    source = Path(passage.article_source).name if passage.article_source else "unknown file"
    return f"— *{title}*, `{source}`, characters {passage.start}–{passage.end}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render_markdown(passages: Iterable[Passage], tag: str | None = None) -> str:
    """A Markdown report of `passages`, grouped by tag (only `tag` when given)."""
    passages = list(passages)
    groups: dict[str, list[Passage]] = {}
    for passage in passages:
        for t in passage.tags:
            if tag is None or t.name.casefold() == tag.casefold():
                groups.setdefault(t.name, []).append(passage)
    lines = [
        "# Annotated passages",
        "",
        f"Exported from Archive Reader on {date.today().isoformat()}: "
        f"{_count(len(passages), 'passage')}, {_count(len(groups), 'tag')}.",
    ]
    for name in sorted(groups, key=str.casefold):
        lines += ["", f"## {name}", ""]
        for passage in groups[name]:
            lines.append(_quote(passage.quote))
            lines.append(">")
            lines.append(f"> {_citation(passage)}")
            lines.append("")
            lines.append("Tags: " + " ".join(hashtag(t.name) for t in passage.tags))
            if passage.note.strip():
                lines += ["", "Note: " + passage.note.strip()]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
