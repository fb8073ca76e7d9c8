"""Notes are written in Markdown; HTML and Word exports show them formatted.

markdown-it-py parses them as CommonMark with raw HTML off, so `<script>` in a note
is shown as text, never run. Images are off too: a report opened later must not
fetch anything, and markdown-it already refuses `javascript:` and similar links.
"""

from __future__ import annotations

from functools import cache

from lxml import html as lxml_html


@cache
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).disable("image")


def to_html(note: str) -> list:
    """The note as HTML elements (lxml) to place in a report."""
    rendered = _parser().render(note)
    fragments = lxml_html.fragments_fromstring(rendered) if rendered.strip() else []
    return [f for f in fragments if not isinstance(f, str)]


def _inline_runs(paragraph, token) -> None:
    """The inline children of one block as runs: bold, italic, code; a link's address
    written after its text, since a report is also printed."""
    bold = italic = False
    link = None
    for child in token.children or []:
        kind = child.type
        if kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind == "link_open":
            link = child.attrGet("href")
        elif kind == "link_close":
            if link:
                paragraph.add_run(f" <{link}>")
            link = None
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif kind in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
            if kind == "code_inline":
                run.font.name = "Courier New"


def add_to_docx(document, note: str, label: str = "Note: ") -> None:
    """The note as Word paragraphs: the first starts with `label`; lists, quotes and
    code keep their shape."""
    tokens = _parser().parse(note)
    first = True
    lists: list[str] = []
    quote = 0
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type in ("fence", "code_block"):
            paragraph = document.add_paragraph(label if first else "")
            run = paragraph.add_run(token.content.rstrip("\n"))
            run.font.name = "Courier New"
            first = False
        elif token.type == "inline":
            heading = tokens[index - 1].type == "heading_open"
            style = "Quote" if quote else (lists[-1] if lists else None)
            paragraph = document.add_paragraph(style=style)
            if first:
                paragraph.add_run(label)
                first = False
            _inline_runs(paragraph, token)
            if heading:
                for run in paragraph.runs:
                    run.bold = True
        elif token.type == "hr":
            document.add_paragraph("———")
