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


def render_matrix(matrix, transpose: bool = False, share: str | None = None) -> bytes:
    """A code matrix (annotations/code_matrix.py): a tag a row and a value a column,
    or (`transpose`) a value a row, as statistics packages want an article a row.
    Counts, or (`share` "row" or "column") percentages of the row's or the column's
    total, to one decimal place. The last row and column are the totals."""
    rows = [(i, line) for i, line in enumerate(matrix.rows)]
    columns = [(j, line) for j, line in enumerate(matrix.columns)]

    def value(i: int, j: int):
        if share is None:
            return matrix.count(i, j)
        fraction = matrix.share(i, j, share)
        return "" if fraction is None else round(100 * fraction, 1)

    by_article = matrix.by == "article"
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if not transpose:
        writer.writerow(inert(c) for c in ("tag", *(line.label for _, line in columns), "total"))
        if by_article:
            writer.writerow(("article_id", *(line.key for _, line in columns), ""))
        for i, line in rows:
            cells = (value(i, j) for j, _ in columns)
            writer.writerow(inert(c) for c in (line.label, *cells, matrix.row_total(i)))
        totals = (matrix.column_total(j) for j, _ in columns)
        writer.writerow(("total", *totals, matrix.total))
    else:
        lead = ("article", "article_id") if by_article else (matrix.by,)
        writer.writerow(inert(c) for c in (*lead, *(line.label for _, line in rows), "total"))
        for j, line in columns:
            cells = (value(i, j) for i, _ in rows)
            names = (line.label, line.key) if by_article else (line.label,)
            writer.writerow(inert(c) for c in (*names, *cells, matrix.column_total(j)))
        totals = (matrix.row_total(i) for i, _ in rows)
        writer.writerow(("total", *([""] if by_article else []), *totals, matrix.total))
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def render_timeline(timeline, relative: bool = False) -> bytes:
    """A timeline (indexer/timeline.py): a period a row, a column per query, then
    every article of the period; then a row of the undated ones (and one of those
    dated outside the range, when the timeline is a range of its periods). With
    `relative`, a query's cells are percentages of the period's articles."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    names = [s.query + (" (% of articles)" if relative else "") for s in timeline.series]
    writer.writerow(inert(c) for c in (timeline.by, *names, "all articles"))
    for period in timeline.periods:
        cells = []
        for i in range(len(timeline.series)):
            if relative:
                share = timeline.share(i, period)
                cells.append("" if share is None else round(100 * share, 2))
            else:
                cells.append(timeline.count(i, period))
        writer.writerow((period, *cells, timeline.archive.get(period, 0)))
    writer.writerow(("undated", *(s.undated for s in timeline.series), timeline.archive_undated))
    if timeline.archive_outside:  # a range was chosen: the rest, so that columns add up
        writer.writerow(
            ("outside the range", *(s.outside for s in timeline.series), timeline.archive_outside)
        )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
