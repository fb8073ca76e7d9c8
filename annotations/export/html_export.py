"""One self-contained HTML report: inline CSS, no scripts, no remote resources.

Built with lxml's element builder, so every piece of text (quotes, titles) is
escaped. Notes are Markdown, rendered with raw HTML off (note_markdown): a note
containing markup shows as that text, never as markup.
"""

from __future__ import annotations

from lxml import etree
from lxml.html import builder as E

from annotations.export import note_markdown
from annotations.export.excerpts import ExportOptions, grouped
from annotations.model import text_color_on

CSS = """
body { font-family: Georgia, 'DejaVu Serif', serif; max-width: 46em; margin: 2em auto;
       color: #202124; line-height: 1.5; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #dadce0; }
.meta { color: #5f6368; font-size: .9em; }
.excerpt { margin: 1.2em 0; page-break-inside: avoid; break-inside: avoid; }
blockquote { margin: 0; padding: .4em .8em; border-left: 4px solid #9aa0a6;
             white-space: pre-line; }
mark { padding: 0 .1em; color: #000; -webkit-print-color-adjust: exact;
       print-color-adjust: exact; }
.context { color: #5f6368; }
.citation { font-size: .9em; color: #3c4043; margin: .3em 0 0 1em; }
.tag { display: inline-block; font: .8em sans-serif; padding: 0 .4em; margin-right: .3em;
       border-radius: 3px; color: #000; print-color-adjust: exact; }
.note { margin: .3em 0 0 1em; }
.note > :first-child { margin-top: 0; }
.gap { color: #5f6368; font-style: normal; }
.orphan { color: #b00020; font-size: .85em; }
@media print { body { margin: 0; max-width: none; } }
"""


def render(excerpts, options: ExportOptions, codebook=None) -> bytes:
    groups = grouped(excerpts, options.group, options.group_tags)
    body = E.BODY(
        E.H1(options.title),
        E.P(
            f"Exported from Archive Reader on {options.exported_on} ({options.scope}): "
            f"{len(excerpts)} passages in {len(groups)} groups.",
            E.CLASS("meta"),
        ),
    )
    for heading, members in groups:
        body.append(E.H2(heading))
        for excerpt in members:
            color = excerpt.tags[0].color if excerpt.tags else "#ffd54f"
            quote = E.BLOCKQUOTE(style=f"border-left-color: {color}")
            if excerpt.lead:
                quote.append(E.SPAN(excerpt.lead, E.CLASS("context")))
            quote.append(
                E.MARK(excerpt.quote, style=f"background: {color}; color: {text_color_on(color)}")
            )
            if excerpt.tail:
                quote.append(E.SPAN(excerpt.tail, E.CLASS("context")))
            block = E.DIV(
                E.CLASS("excerpt"), quote, E.P("— " + excerpt.citation(), E.CLASS("citation"))
            )
            tags = E.P(E.CLASS("citation"))
            for tag in excerpt.tags:
                style = f"background: {tag.color}; color: {text_color_on(tag.color)}"
                tags.append(E.SPAN(tag.path, E.CLASS("tag"), style=style))
            block.append(tags)
            if excerpt.passage.note.strip():
                block.append(
                    E.DIV(E.CLASS("note"), *note_markdown.to_html(excerpt.passage.note.strip()))
                )
            if excerpt.passage.orphan:
                block.append(
                    E.P(
                        "This passage's text is no longer in the current article.",
                        E.CLASS("orphan"),
                    )
                )
            body.append(block)
    if options.memos:
        body.append(E.H2("Memos on the articles"))
        for entry in options.memos:
            body.append(
                E.DIV(
                    E.CLASS("excerpt"),
                    E.H3(entry.article.title or entry.memo.article_id),
                    E.P(entry.citation(), E.CLASS("citation")),
                    E.DIV(E.CLASS("note"), *note_markdown.to_html(entry.memo.text.strip())),
                )
            )
    page = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.TITLE(options.title),
            E.STYLE(CSS),
        ),
        body,
        lang="en",
    )
    return b"<!DOCTYPE html>\n" + etree.tostring(page, encoding="utf-8", method="html")
