"""PDF files with a text layer: their text, page after page, read with pypdf.

A PDF holds positioned glyphs, not paragraphs. pypdf lays each page's text out in
lines as they stand on the page; pages are separated by a form feed, as
`pdftotext` does, which the text readers take as a line end. The text is then read
like a text file (a Nexis or Factiva PDF download as an export, an article as plain
text), and its offsets are the ones provenance counts. A word the typesetter broke
at a line end is made whole again, so that search finds it. A PDF without a text layer
(a scan) or one that needs a password is skipped with that reason.
"""

from __future__ import annotations

import io
import logging
import re

from indexer.ingest.hyphens import LineEndHyphens

PAGE_BREAK = "\n\f\n"
# pypdf reports what it repairs in a damaged file through logging: not the user's
# business, and far too many lines for a folder of downloads.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def looks_like_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def pdf_text(data: bytes, limit: int) -> str:
    """The text of every page. Raises ValueError with the reason a PDF gives none."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many PDFs are encrypted with no password
            except DependencyError as error:
                raise ValueError("an encrypted PDF this app cannot open") from error
            if not opened:
                raise ValueError("a PDF that needs a password")
        pages, size = [], 0
        for page in reader.pages:
            text = (page.extract_text() or "").replace("\f", "\n")
            size += len(text)
            if size > limit:
                raise ValueError(f"its text is larger than {limit // 1048576} MB")
            pages.append(text.strip("\n"))
    except PdfReadError as error:
        raise ValueError(f"a damaged PDF ({error})") from error
    if not any(page.strip() for page in pages):
        raise ValueError("a PDF without text (a scanned image: it needs OCR first)")
    return _words_rejoined(PAGE_BREAK.join(pages))


# A word broken at the end of a printed line: "govern-" / "ment building".
_BROKEN = re.compile(r"(\b[^\W\d_]+)-\n([^\W\d_]+)[ \t]?")


def _words_rejoined(text: str) -> str:
    """Words the typesetter broke at a line end are whole again, on the first line
    ("government", "well-known": hyphens.py says which), so that search finds them;
    the printed lines stay lines."""
    hyphens = LineEndHyphens(text)

    def rejoin(match: re.Match) -> str:
        whole = hyphens.whole(match.group(1), match.group(2))
        return match.group() if whole is None else f"{whole}\n"

    return _BROKEN.sub(rejoin, text)
