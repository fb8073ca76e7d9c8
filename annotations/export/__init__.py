"""Exports of annotated excerpts, each with its citation, in the formats researchers use.

`build_excerpts` gathers what every format needs (the passage, its tags with
their paths and colours, the article's citation, optional context sentences);
each format module turns excerpts into bytes. The caller chooses the passages
(the scope) and writes the bytes atomically.
"""

from __future__ import annotations

from collections.abc import Callable

from annotations.export.excerpts import (
    ArticleInfo,
    Excerpt,
    ExportOptions,
    MemoEntry,
    build_excerpts,
)

__all__ = [
    "FORMATS",
    "MEMO_FORMATS",
    "REFERENCE_FORMATS",
    "ArticleInfo",
    "Excerpt",
    "ExportOptions",
    "MemoEntry",
    "build_excerpts",
    "render",
]


def _writers() -> dict[str, tuple[str, str, Callable]]:
    from annotations.export import (
        csv_export,
        docx_export,
        html_export,
        markdown,
        references,
        refiqda,
        webanno,
    )

    return {
        "md": (".md", "Markdown (Obsidian, Logseq)", markdown.render),
        "html": (".html", "HTML report", html_export.render),
        "docx": (".docx", "Word document", docx_export.render),
        "csv": (".csv", "CSV (spreadsheets)", csv_export.render),
        "json": (".json", "W3C Web Annotation (JSON-LD)", webanno.render),
        "qdpx": (".qdpx", "REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)", refiqda.render_project),
        "qdc": (".qdc", "REFI-QDA codebook", refiqda.render_codebook),
        "bib": (".bib", "References: BibTeX (LaTeX, Zotero, JabRef)", references.render_bibtex),
        "ris": (".ris", "References: RIS (Zotero, EndNote, Mendeley)", references.render_ris),
        "csljson": (".json", "References: CSL JSON (Zotero, Pandoc)", references.render_csl_json),
    }


FORMATS = ("md", "html", "docx", "csv", "json", "qdpx", "qdc", "bib", "ris", "csljson")
# Formats that list the articles the passages quote, not the passages.
REFERENCE_FORMATS = ("bib", "ris", "csljson")
# Formats that carry the articles' memos after the passages.
MEMO_FORMATS = ("md", "html", "docx", "json", "qdpx")


def extension(fmt: str) -> str:
    return _writers()[fmt][0]


def label(fmt: str) -> str:
    return _writers()[fmt][1]


def render(fmt: str, excerpts: list[Excerpt], options: ExportOptions, codebook) -> bytes:
    """The export as bytes. `codebook` is the list of all tags (for codebook formats)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    return _writers()[fmt][2](excerpts, options, codebook)
