"""HTML fragments inside other formats (feed bodies, JSON fields) reduced to paragraphs."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

_BLOCKS = frozenset(
    "p li blockquote h1 h2 h3 h4 h5 h6 pre td th dd dt div section article tr ul ol table "
    "figure figcaption header footer br hr".split()
)


def html_paragraphs(value: str) -> list[str]:
    """The paragraphs of `value`, every word kept: HTML is split at its block
    elements (scripts and styles dropped), plain text at its lines."""
    value = value or ""
    if "<" in value and ">" in value:
        try:
            fragment = lxml_html.fragment_fromstring(value, create_parent="div")
        except (etree.ParserError, ValueError):
            fragment = None
        if fragment is not None:
            for element in list(fragment.iter(etree.Element)):
                tag = element.tag if isinstance(element.tag, str) else ""
                if tag in ("script", "style"):
                    element.drop_tree()
                elif tag in _BLOCKS:
                    element.text = "\n" + (element.text or "")
                    element.tail = "\n" + (element.tail or "")
            value = fragment.text_content()
    lines = (" ".join(line.split()) for line in value.replace("\r", "\n").split("\n"))
    return [line for line in lines if line]
