"""Print and Export to PDF: the open article as the reader shows it, with its citation.

The reader's document is copied (highlights of names, hits and passages are its
character formats, so they print as shown), headed by the citation and followed by
the article's passages with their tags and notes, and its memo. Qt's printing support draws it;
a PDF needs no printer.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextCursor, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from annotations.export.excerpts import citation


def printable(reader, passages, memo=None) -> QTextDocument:
    """A copy of the reader's document with the citation above, and the passages and
    the article's memo (Markdown, shown as such) below."""
    article = reader.article
    document = reader.text.document().clone()
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cite = citation(article, 0, len(article.text), full_source=True)
    cursor.insertHtml(
        f"<h2>{html.escape(article.title)}</h2>"
        f"<p style='color:#3c4043'>{html.escape(cite)}</p><hr/>"
    )
    cursor.insertBlock()
    if passages:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()
        items = "".join(
            f"<li><b>{html.escape(', '.join(t.name for t in p.tags))}</b>: "
            f"“{html.escape(p.quote)}” (characters {p.start}–{p.end})"
            + (f"<br/><i>{html.escape(p.note)}</i>" if p.note.strip() else "")
            + "</li>"
            for p in passages
        )
        cursor.insertHtml(f"<hr/><h3>Passages ({len(passages)})</h3><ul>{items}</ul>")
    if memo is not None:
        from lxml import etree

        from annotations.export import note_markdown

        rendered = "".join(
            etree.tostring(part, encoding="unicode", method="html")
            for part in note_markdown.to_html(memo.text.strip())
        )
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertBlock()
        cursor.insertHtml(f"<hr/><h3>Memo</h3>{rendered}")
    return document


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def write_pdf(reader, passages, path: Path, memo=None) -> None:
    printable(reader, passages, memo).print_(pdf_printer(path))
