"""A Word document: the same report as the HTML, passages highlighted in their tag colours.

Word's highlight palette has sixteen fixed colours, so passages are shaded with
their exact tag colour instead (a run shading, which Word and LibreOffice show).
"""

from __future__ import annotations

import io

from annotations.export import note_markdown
from annotations.export.excerpts import ExportOptions, grouped
from annotations.model import text_color_on


def _shade(run, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color.lstrip("#").upper())
    run._r.get_or_add_rPr().append(shading)
    # Black or white text, whichever meets WCAG AA on this colour (black on a dark tag
    # colour was unreadable).
    run.font.color.rgb = RGBColor.from_string(text_color_on(color).lstrip("#").upper())


def _context_runs(paragraph, text: str) -> None:
    """Context in italics, its paragraph breaks kept as line breaks."""
    for index, part in enumerate(text.split("\n")):
        if index:
            paragraph.add_run().add_break()
        if part:
            paragraph.add_run(part).italic = True


def render(excerpts, options: ExportOptions, codebook=None) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    document = Document()
    document.core_properties.title = options.title
    document.add_heading(options.title, level=0)
    meta = document.add_paragraph(
        f"Exported from Archive Reader on {options.exported_on} ({options.scope}): "
        f"{len(excerpts)} passages."
    )
    meta.runs[0].font.color.rgb = RGBColor(0x5F, 0x63, 0x68)
    for heading, members in grouped(excerpts, options.group, options.group_tags):
        document.add_heading(heading, level=1)
        for excerpt in members:
            color = excerpt.tags[0].color if excerpt.tags else "#ffd54f"
            quote = document.add_paragraph(style="Quote")
            if excerpt.lead:
                _context_runs(quote, excerpt.lead)
            for index, part in enumerate(excerpt.quote.split("\n")):
                if index:
                    quote.add_run().add_break()
                if part:
                    _shade(quote.add_run(part), color)
            if excerpt.tail:
                _context_runs(quote, excerpt.tail)
            citation = document.add_paragraph("— " + excerpt.citation())
            citation.runs[0].font.size = Pt(9)
            tags = document.add_paragraph()
            for tag in excerpt.tags:
                run = tags.add_run(f" {tag.path} ")
                run.font.size = Pt(9)
                _shade(run, tag.color)
                tags.add_run(" ")
            if excerpt.passage.note.strip():
                note_markdown.add_to_docx(document, excerpt.passage.note.strip())
            if excerpt.passage.orphan:
                document.add_paragraph("This passage's text is no longer in the current article.")
    if options.memos:
        document.add_heading("Memos on the articles", level=1)
        for entry in options.memos:
            document.add_heading(entry.article.title or entry.memo.article_id, level=2)
            citation = document.add_paragraph(entry.citation())
            citation.runs[0].font.size = Pt(9)
            note_markdown.add_to_docx(document, entry.memo.text.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
