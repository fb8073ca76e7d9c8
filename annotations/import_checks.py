"""What an imported backup may hold: each tag and passage checked before it is written.

A backup may come from anywhere (another machine, another tool, a hand edit). Each
entry is checked on its own: a bad one is reported with its place and reason and
left out, and the rest is imported. Names of tags are text a person can read (no
control characters, at most MAX_TAG_CHARS), a passage's offsets lie inside its
article and hold its quote there, and sizes are bounded so that no import can make
the database or an export unusable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from annotations.model import safe_color

MAX_TAG_CHARS = 80  # as for tags made in the app
MAX_TAGS_PER_PASSAGE = 100
MAX_NOTE_CHARS = 100_000
MAX_QUOTE_CHARS = 1_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Checked:
    """The entries fit to import, and what was left out, with why."""

    tags: list[dict] = field(default_factory=list)
    passages: list[dict] = field(default_factory=list)
    memos: list[dict] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    orphaned: int = 0  # their article is here, their quote is not at their offsets
    elsewhere: int = 0  # on articles not in the index now (kept, as for a removed folder)


def tag_name_problem(name) -> str:
    if not isinstance(name, str) or not name.strip():
        return "a tag needs a name"
    if len(name) > MAX_TAG_CHARS:
        return f"a tag name is longer than {MAX_TAG_CHARS} characters"
    if _CONTROL.search(name):
        return "a tag name holds control characters"
    return ""


def _text(entry: dict, key: str, default: str = "", limit: int = MAX_NOTE_CHARS) -> str:
    value = entry.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    if len(value) > limit:
        raise ValueError(f"{key} is longer than {limit:,} characters")
    return _CONTROL.sub("", value)


def check(data: dict, text_of: Callable[[str], str | None] | None = None) -> Checked:
    """Check every tag and passage of a backup; `text_of(article_id)` gives an article's
    text, or None for an article that is not in the index."""
    checked = Checked()
    tags = data.get("tags", [])
    passages = data.get("passages", [])
    if not isinstance(tags, list) or not isinstance(passages, list):
        checked.rejected.append("the backup's tags and passages must be lists")
        return checked
    for n, tag in enumerate(tags, start=1):
        try:
            checked.tags.append(_tag(tag))
        except ValueError as error:
            checked.rejected.append(f"tag {n}: {error}")
    for n, passage in enumerate(passages, start=1):
        try:
            checked.passages.append(_passage(passage, text_of, checked))
        except ValueError as error:
            checked.rejected.append(f"passage {n}: {error}")
    memos = data.get("memos", [])
    if not isinstance(memos, list):
        checked.rejected.append("the backup's memos must be a list")
        memos = []
    for n, memo in enumerate(memos, start=1):
        try:
            checked.memos.append(_memo(memo))
        except ValueError as error:
            checked.rejected.append(f"memo {n}: {error}")
    return checked


def _memo(memo) -> dict:
    if not isinstance(memo, dict):
        raise ValueError("not an object")
    article_id = memo.get("article_id")
    if not isinstance(article_id, str) or not 0 < len(article_id) <= 100:
        raise ValueError("article_id must be a short text")
    if _CONTROL.search(article_id):
        raise ValueError("article_id must be a short text")
    text = _text(memo, "text")
    if not text.strip():
        raise ValueError("it has no text")
    created = _text(memo, "created_at", limit=40) or "1970-01-01T00:00:00Z"
    return {
        "article_id": article_id,
        "text": text,
        "article_title": _text(memo, "article_title", limit=2_000),
        "article_source": _text(memo, "article_source", limit=4_096),
        "created_at": created,
        "updated_at": _text(memo, "updated_at", limit=40) or created,
    }


def _tag(tag) -> dict:
    if not isinstance(tag, dict):
        raise ValueError("not an object")
    problem = tag_name_problem(tag.get("name"))
    if problem:
        raise ValueError(problem)
    parent = tag.get("parent")
    if parent is not None and tag_name_problem(parent):
        raise ValueError(f"its parent: {tag_name_problem(parent)}")
    return {
        "name": " ".join(tag["name"].split()),
        "color": safe_color(tag.get("color")),
        "description": _text(tag, "description"),
        "created_at": _text(tag, "created_at", limit=40) or "1970-01-01T00:00:00Z",
        "parent": " ".join(parent.split()) if isinstance(parent, str) else None,
    }


def _passage(passage, text_of, checked: Checked) -> dict:
    if not isinstance(passage, dict):
        raise ValueError("not an object")
    start, end = passage.get("start"), passage.get("end")
    if not (type(start) is int and type(end) is int and 0 <= start < end):
        raise ValueError("start and end must be whole numbers with 0 <= start < end")
    uuid, article_id = passage.get("uuid"), passage.get("article_id")
    for key, value in (("uuid", uuid), ("article_id", article_id)):
        if not isinstance(value, str) or not 0 < len(value) <= 100 or _CONTROL.search(value):
            raise ValueError(f"{key} must be a short text")
    exact = _text(passage, "exact", limit=MAX_QUOTE_CHARS)
    if not exact:
        raise ValueError("it has no quote (exact)")
    names = passage.get("tags", [])
    if not isinstance(names, list) or len(names) > MAX_TAGS_PER_PASSAGE:
        raise ValueError(f"tags must be a list of at most {MAX_TAGS_PER_PASSAGE} names")
    for name in names:
        if tag_name_problem(name):
            raise ValueError(tag_name_problem(name))
    orphan = bool(passage.get("orphan", False))
    text = text_of(article_id) if text_of is not None else None
    if text is None:
        checked.elsewhere += 1
    elif not orphan and (end > len(text) or text[start:end] != exact):
        orphan = True  # kept, but never shown on text that is not its quote
        checked.orphaned += 1
    created = _text(passage, "created_at", limit=40) or "1970-01-01T00:00:00Z"
    return {
        "uuid": uuid,
        "article_id": article_id,
        "start": start,
        "end": end,
        "exact": exact,
        "prefix": _text(passage, "prefix"),
        "suffix": _text(passage, "suffix"),
        "note": _text(passage, "note"),
        "article_title": _text(passage, "article_title", limit=2_000),
        "article_source": _text(passage, "article_source", limit=4_096),
        "orphan": orphan,
        "created_at": created,
        "updated_at": _text(passage, "updated_at", limit=40) or created,
        "tags": [" ".join(n.split()) for n in names],
    }
