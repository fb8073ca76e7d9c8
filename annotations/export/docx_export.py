"""A Word document: the same report as the HTML, passages highlighted in their tag colours.

Word's highlight palette has sixteen fixed colours, so passages are shaded with
their exact tag colour instead (a run shading, which Word and LibreOffice show).
"""

from __future__ import annotations

import io

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
            if excerpt.before:
                quote.add_run("…" + excerpt.before + " ").italic = True
            _shade(quote.add_run(excerpt.quote), color)
            if excerpt.after:
                quote.add_run(" " + excerpt.after + "…").italic = True
            citation = document.add_paragraph("— " + excerpt.citation())
            citation.runs[0].font.size = Pt(9)
            tags = document.add_paragraph()
            for tag in excerpt.tags:
                run = tags.add_run(f" {tag.path} ")
                run.font.size = Pt(9)
                _shade(run, tag.color)
                tags.add_run(" ")
            if excerpt.passage.note.strip():
                document.add_paragraph("Note: " + excerpt.passage.note.strip())
            if excerpt.passage.orphan:
                document.add_paragraph("This passage's text is no longer in the current article.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
