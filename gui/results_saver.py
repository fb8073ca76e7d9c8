"""File → Export search results, for the window: the articles the results list (its
filters applied, in its sort order), every one of them and not only the page loaded,
saved in the format chosen by the file dialog's type, on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from gui import wording
from gui.saving import save_in_background

# The file dialog's types, each a format of annotations/export/article_list.py.
FILE_TYPES = {
    "csv": "Table of the articles, CSV (*.csv)",
    "csv-text": "Table with each article's text, CSV (*.csv)",
    "jsonl": "JSON Lines with each article's text (*.jsonl)",
    "bib": "BibTeX references (*.bib)",
    "ris": "RIS references (*.ris)",
    "csljson": "CSL JSON references (*.json)",
}


def with_extension(path: Path, fmt: str) -> Path:
    """The name with the type's extension: added when missing, and put in place of
    another type's ("articles.csv" saved as BibTeX is "articles.bib"); Qt's own file
    dialog keeps the name typed when the type changes."""
    wanted = "." + FILE_TYPES[fmt].rsplit("*.", 1)[1].rstrip(")")
    ours = {"." + label.rsplit("*.", 1)[1].rstrip(")") for label in FILE_TYPES.values()}
    if not path.suffix or (path.suffix.lower() in ours and path.suffix.lower() != wanted):
        return path.with_suffix(wanted)
    return path


def save_results(window, path: Path | None = None, fmt: str = "csv") -> None:
    """Ask where (and as what) unless `path` is given; `export_finished` says when."""
    from gui.results_export import results_bytes

    request = window.search.request()
    query, sort, seed = request.full_text, request.sort, request.seed
    total = window.results.total if window.results is not None else None
    if path is None:
        folder = Path(window.ctx.settings.workspace.get("export_folder") or Path.home())
        what = "every article" if not query else f"the articles matching “{query}”"
        if total is not None:
            what = f"{wording.count(total, 'article')}: {what}"
        chosen, chosen_type = QFileDialog.getSaveFileName(
            window, f"Export {what}", str(folder / "articles.csv"), ";;".join(FILE_TYPES.values())
        )
        if not chosen:
            return
        fmt = next((f for f, label in FILE_TYPES.items() if label == chosen_type), "csv")
        path = with_extension(Path(chosen), fmt)
    library, written = window.ctx.library, {}

    def render() -> bytes:
        data, written["articles"] = results_bytes(library, query, fmt, sort, seed)
        return data

    def said() -> str:
        return f"{wording.count(written['articles'], 'article')} exported to {path}"

    save_in_background(window, path, render, said)
