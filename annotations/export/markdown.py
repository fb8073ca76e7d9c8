"""Markdown that reads well alone and in Obsidian or Logseq: a heading per group,
each excerpt a block quote with its citation, #tags (nested as #parent/child) and note."""

from __future__ import annotations

import re

from annotations.export import md_safe
from annotations.export.excerpts import ExportOptions, grouped
from annotations.export.references import citation_keys

_HASHTAG_UNSAFE = re.compile(r"[^\w/-]+")


def hashtag(path: str) -> str:
    return "#" + "/".join(_HASHTAG_UNSAFE.sub("-", part).strip("-") for part in path.split("/"))


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in md_safe.lines(text.strip())] or [">"]


def _context(text: str) -> list[str]:
    """Context in italics, a paragraph a line, apart from the quote it surrounds."""
    out: list[str] = []
    for line in text.split("\n"):
        out += ["", f"*{md_safe.inline(line.strip())}*"] if line.strip() else []
    return out[1:]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render(excerpts, options: ExportOptions, codebook=None) -> bytes:
    groups = grouped(excerpts, options.group, options.group_tags)
    keys = citation_keys(excerpts)
    lines = [
        f"# {md_safe.inline(options.title)}",
        "",
        f"Exported from Archive Reader on {options.exported_on} ({options.scope}): "
        f"{_count(len(excerpts), 'passage')} in {_count(len(groups), 'group')}.",
    ]
    for heading, members in groups:
        lines += ["", f"## {md_safe.inline(heading)}", ""]
        for excerpt in members:
            if excerpt.lead.strip():
                lines += [*_context(excerpt.lead.strip()), ""]
            lines += _quote(excerpt.quote)
            # The Pandoc citation after it resolves against the bib/csljson export
            key = f"[@{keys[excerpt.article.id]}]"
            lines += [">", f"> — {md_safe.inline(excerpt.citation())} {key}"]
            if excerpt.tail.strip():
                lines += ["", *_context(excerpt.tail.strip())]
            lines.append("")
            lines.append("Tags: " + " ".join(hashtag(t.path) for t in excerpt.tags))
            if excerpt.passage.note.strip():
                # Each line of the note in a quote of its own, escaped: nothing in it can
                # end the excerpt, open a section or put HTML in the file.
                note = md_safe.lines(excerpt.passage.note.strip())
                lines += ["", "Note:", ""] + [f"> {line}".rstrip() for line in note]
            if excerpt.passage.orphan:
                lines += ["", "*(This passage's text is no longer in the current article.)*"]
            lines.append("")
    if options.memos:
        lines += ["", "## Memos on the articles", ""]
        for entry in options.memos:
            lines += [
                f"### {md_safe.inline(entry.article.title or entry.memo.article_id)}",
                "",
                f"*{md_safe.inline(entry.citation())}*",
                "",
            ]
            lines += [f"> {line}".rstrip() for line in md_safe.lines(entry.memo.text.strip())]
            lines.append("")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
