"""CSV for spreadsheets: UTF-8 with a BOM (so Excel reads it as UTF-8), RFC 4180 quoting,
one row per excerpt and tag."""

from __future__ import annotations

import csv
import io

from annotations.export.excerpts import ExportOptions
from annotations.export.references import citation_keys

COLUMNS = (
    "quote",
    "tag_path",
    "tag_color",
    "note",
    "title",
    "author",
    "date",
    "section",
    "site",
    "source",
    "start",
    "end",
    "context_before",
    "context_after",
    "passage_id",
    "article_id",
    "citekey",  # the article's key in the bib, ris and csljson exports of these passages
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(cell):
    """A cell a spreadsheet cannot run: text that would start a formula (`=HYPERLINK(…)`)
    gets a leading apostrophe, as OWASP recommends for CSV injection. Numbers stay."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def render(excerpts, options: ExportOptions, codebook=None) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    keys = citation_keys(excerpts)
    for excerpt in excerpts:
        a, p = excerpt.article, excerpt.passage
        for tag in excerpt.tags or [None]:
            writer.writerow(
                inert(cell)
                for cell in (
                    p.quote,
                    tag.path if tag else "",
                    tag.color if tag else "",
                    p.note,
                    a.title,
                    a.author,
                    a.published,
                    a.section,
                    a.site,
                    a.source,
                    p.start,
                    p.end,
                    excerpt.lead.strip(),  # […] where article text was left out
                    excerpt.tail.strip(),
                    p.uuid,
                    p.article_id,
                    keys[a.id],
                )
            )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


CONCORDANCE_COLUMNS = (
    "left",
    "hit",
    "right",
    "title",
    "date",
    "site",
    "start",
    "end",
    "article_id",
)


def render_concordance(lines) -> bytes:
    """A concordance (indexer/concordance.py), a hit a row, as the passages CSV is
    written: UTF-8 with a BOM, RFC 4180, no cell a spreadsheet would run."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CONCORDANCE_COLUMNS)
    for line in lines:
        writer.writerow(
            inert(cell)
            for cell in (
                line.left,
                line.hit,
                line.right,
                line.title,
                line.published,
                line.site,
                line.start,
                line.end,
                line.article_id,
            )
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
