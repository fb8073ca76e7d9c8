"""A search's articles as a file: a table for a spreadsheet or a statistics package
(CSV, optionally with each text), JSON Lines with the texts for a script (topic
models, R, pandas), or references for a citation manager (BibTeX, RIS, CSL JSON,
with the keys the passage exports give). One row a story, in the order the results
list shows them, with the number of copies it stands for."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from annotations.export.csv_export import inert
from annotations.export.excerpts import ArticleInfo, ExportOptions
from annotations.export.references import (
    citation_keys,
    render_bibtex,
    render_csl_json,
    render_ris,
)

FORMATS = {
    "csv": "CSV: a row per article (title, author, date, publication, file, …)",
    "csv-text": "CSV with each article's text",
    "jsonl": "JSON Lines: an article a line, with its text",
    "bib": "BibTeX references",
    "ris": "RIS references",
    "csljson": "CSL JSON references",
}
EXTENSIONS = {"csv": "csv", "csv-text": "csv", "jsonl": "jsonl", "bib": "bib", "ris": "ris"}
COLUMNS = (
    "rank",
    "article_id",
    "title",
    "author",
    "date",
    "site",
    "section",
    "source",
    "url",
    "words",
    "copies",
    "score",
    "citekey",
)


@dataclass(frozen=True)
class Listed:
    """One story of the results: its article, as it would be cited, and its figures."""

    article: ArticleInfo
    words: int = 0
    copies: int = 1
    score: float = 0.0


def render_articles(
    listed: list[Listed],
    fmt: str,
    text_of: Callable[[str], str] | None = None,
    query: str = "",
) -> bytes:
    """The file's bytes. `text_of(article_id)` gives a text where the format carries
    texts (csv-text, jsonl); `query` names the search in BibTeX's comment."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "bib":
        of = f"the articles matching “{query}”" if query else "the archive's articles"
        return render_bibtex(listed, ExportOptions(), of=of)
    if fmt in ("ris", "csljson"):
        return (render_ris if fmt == "ris" else render_csl_json)(listed, ExportOptions())
    keys = citation_keys(listed)
    rows = (_row(i, item, keys) for i, item in enumerate(listed, 1))
    if fmt == "jsonl":
        lines = []
        for row, item in zip(rows, listed, strict=True):
            record = dict(zip(COLUMNS, row, strict=True))
            record["text"] = text_of(item.article.id) if text_of else ""
            lines.append(json.dumps(record, ensure_ascii=False))
        return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    with_text = fmt == "csv-text"
    writer.writerow((*COLUMNS, "text") if with_text else COLUMNS)
    for row, item in zip(rows, listed, strict=True):
        if with_text:
            row = (*row, text_of(item.article.id) if text_of else "")
        writer.writerow(inert(cell) for cell in row)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _row(rank: int, item: Listed, keys: dict[str, str]) -> tuple:
    a = item.article
    return (
        rank,
        a.id,
        a.title,
        a.author,
        a.published,
        a.site,
        a.section,
        a.source,
        a.url,
        item.words,
        item.copies,
        round(item.score, 4),
        keys.get(a.id, ""),
    )
