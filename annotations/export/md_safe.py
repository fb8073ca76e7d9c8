"""Text from articles and notes, made inert for Markdown.

Whatever a note or a quote holds, in the export it is text: no raw HTML (an
`<img src=http://…>` would be fetched when the file is opened), no link syntax (a
`javascript:` link), and nothing at the start of a line that would open a heading,
a quote, a list, a code block or a fence and so swallow or break the rest of the
file. Characters are escaped with a backslash or an entity, so the text reads the
same when rendered.
"""

from __future__ import annotations

import re

# Inline: the backslash itself, HTML, link and image brackets, and code spans. Emphasis
# is left alone: it changes no structure, and escaping every `_` of a file name would
# make the file hard to read as text.
_INLINE = re.compile(r"([\\`\[\]<])")
_ENTITY_START = re.compile(r"&(?=#?\w+;)")
# Block starters: headings, quotes, list markers, fences, thematic breaks, tables.
_BLOCK_START = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")


def inline(text: str) -> str:
    """One line of text, inert wherever it is placed."""
    text = _ENTITY_START.sub("&amp;", text)
    return _INLINE.sub(lambda m: "&lt;" if m.group(1) == "<" else "\\" + m.group(1), text)


def lines(text: str) -> list[str]:
    """Each line of `text`, inert at the start of a line too (no indentation kept, which
    would make a code block)."""
    out = []
    for line in text.splitlines():
        line = inline(line.strip())
        out.append(_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return out
