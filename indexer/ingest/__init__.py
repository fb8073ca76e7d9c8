"""Turn one file into the articles a person sees in it, or a reason for skipping it.

No file can stop a run: every failure becomes a skip reason. The file's content
decides how it is read, not only its name: a `.html` that is really a PDF is read
as a PDF, a `.txt` holding a saved web page as HTML, and an image is skipped as such.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import ParsedArticle
from indexer.ingest.decode import NotText, decode
from indexer.ingest.plaintext import parse_plain_text

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
XML_SUFFIXES = frozenset({".xml", ".rss", ".atom", ".rdf"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
MAX_FILE_BYTES = 20 * 1024 * 1024  # read at most this much, compressed or not
MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024

_ZIP = b"PK\x03\x04"  # a Word or OpenDocument file is read (office.py), other archives not
_SIGNATURES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data without a .gz name"),
    (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


@dataclass
class Reading:
    """What reading one file gave: its articles, or why it was skipped."""

    path: Path
    articles: list[ParsedArticle] = field(default_factory=list)
    skipped: str = ""
    encoding: str = ""
    kind: str = ""  # what the content was read as (see sniff)
    transient: bool = False  # the failure may not happen again: read the file next run


def _inner_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return suffixes[-2] if len(suffixes) >= 2 else ""
    return suffixes[-1] if suffixes else ""


def is_candidate(path: Path) -> bool:
    """Every file is read, whatever its name, except hidden ones (names starting with a
    dot: .DS_Store, editor back-ups); what a file holds is decided by its content."""
    return not path.name.startswith(".")


def is_plain_text(path: Path) -> bool:
    return _inner_suffix(path) in TEXT_SUFFIXES and path.suffix.lower() != ".gz"


def _megabytes(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def _gunzip(data: bytes) -> bytes:
    """Decompress with a cap, so a small bomb cannot fill the memory."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = decompressor.decompress(data, MAX_DECOMPRESSED_BYTES + 1)
    if len(out) > MAX_DECOMPRESSED_BYTES or decompressor.unconsumed_tail:
        raise ValueError(f"decompresses to more than {_megabytes(MAX_DECOMPRESSED_BYTES)}")
    return out


def _sniff_binary(data: bytes) -> str | None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return what
    return None


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


_FEED_ROOT = re.compile(r"<(?:[\w.-]+:)?(?:rss|feed|RDF)\b", re.I)
_MARKUP_PREAMBLE = re.compile(r"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S | re.I)


def sniff(text: str, suffix: str) -> str:
    """What the text is, by its content, the file name only breaking ties: one of
    sgml, feed, nexis page, factiva page, html, xml, json, nexis, factiva, proquest,
    book, mail, mbox, text."""
    from indexer.ingest.books import is_gutenberg
    from indexer.ingest.factiva import looks_like_factiva, looks_like_factiva_page
    from indexer.ingest.jsondocs import looks_like_json
    from indexer.ingest.mail import looks_like_mail, looks_like_mbox
    from indexer.ingest.nexis import looks_like_nexis, looks_like_nexis_page
    from indexer.ingest.proquest import looks_like_proquest
    from indexer.ingest.sgml import story_tag

    head = text[:4096].lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        root = text[_MARKUP_PREAMBLE.match(text[:20000]).end() :][:200]
        if _FEED_ROOT.match(root):
            return "feed"
        if looks_like_nexis_page(text):
            return "nexis page"
        if story_tag(text):
            return "sgml"
        if looks_like_factiva_page(text):
            return "factiva page"
        if _looks_like_html(text) or suffix in HTML_SUFFIXES:
            return "html"
        return "xml"
    if suffix in HTML_SUFFIXES and "<" in head:
        return "html"
    if looks_like_json(head) and (suffix in JSON_SUFFIXES or suffix not in TEXT_SUFFIXES):
        return "json"
    if looks_like_nexis(text):
        return "nexis"
    if looks_like_factiva(text):
        return "factiva"
    if looks_like_proquest(text):
        return "proquest"
    if is_gutenberg(text):
        return "book"
    if looks_like_mail(text):
        return "mail"
    if text.startswith("From ") and looks_like_mbox(text):
        return "mbox"
    return "text"


def source_text(path: Path) -> str:
    """The file's text exactly as the readers saw it (decompressed and decoded, line
    endings untouched): the text that source-map offsets count characters of.
    Raises OSError, ValueError or NotText."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data)
    document = _document_text(data)
    return document[0] if document else decode(data)[0]


def document_kind(path: Path) -> str:
    """How a document file is shown as its source ("a PDF document: its text, page after
    page"), or "" for a file whose source is its own text: a Word, OpenDocument, RTF or
    PDF file's source text is the text read from it, not its bytes."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
        if head.startswith(_ZIP):
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
            if "word/document.xml" in names:
                return "a Word document: its text, a paragraph a line"
            if "content.xml" in names:
                return "an OpenDocument text: its text, a paragraph a line"
            return ""
    except (OSError, zipfile.BadZipFile):
        return ""
    from indexer.ingest.pdf import looks_like_pdf
    from indexer.ingest.rtf import looks_like_rtf

    if looks_like_rtf(head):
        return "an RTF document: its text, a paragraph a line"
    return "a PDF document: its text, page after page" if looks_like_pdf(head) else ""


def _document_text(data: bytes) -> tuple[str, str] | None:
    """(text, what the file is) of a document file (Word, OpenDocument, RTF, PDF);
    None for other data. Raises NotADocument for another ZIP archive, ValueError for
    a damaged document."""
    if data.startswith(_ZIP):
        from indexer.ingest.office import office_text

        return office_text(data, MAX_DECOMPRESSED_BYTES)
    from indexer.ingest.pdf import looks_like_pdf, pdf_text
    from indexer.ingest.rtf import looks_like_rtf, rtf_text

    if looks_like_rtf(data[:64]):
        return rtf_text(data), "an RTF document"
    if looks_like_pdf(data):
        return pdf_text(data, MAX_DECOMPRESSED_BYTES), "a PDF document"
    return None


def read_file(path: Path, boilerplate: frozenset[str] = frozenset()) -> Reading:
    """Read one file; every failure becomes a skip reason, never an exception."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return Reading(path, skipped="not a regular file")
        if info.st_size == 0:
            return Reading(path, skipped="empty file")
        if info.st_size > MAX_FILE_BYTES:
            return Reading(
                path,
                skipped=f"too large ({_megabytes(info.st_size)}; the limit is "
                f"{_megabytes(MAX_FILE_BYTES)})",
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if data.startswith(b"\x1f\x8b"):  # gzip, whatever the name says
            data = _gunzip(data)
            if not data:
                return Reading(path, skipped="empty file (after decompression)")
        return _read_bytes(path, data, boilerplate)
    except OSError as error:
        return Reading(path, skipped=f"unreadable: {error.strerror or error}", transient=True)
    except (ValueError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        return Reading(path, skipped=str(error) or error.__class__.__name__)
    except RecursionError:
        return Reading(path, skipped="nested too deeply to read")
    except Exception as error:
        # A reader's own failure must not stop the run; the file is tried again next time.
        log.exception("could not read %s", path)
        return Reading(
            path,
            skipped=f"could not be read ({error.__class__.__name__}: {error}); "
            "details are in the log",
            transient=True,
        )


_NO_ARTICLE = {
    "html": "no article text found in the page",
    "text": "no text left (every line repeats across the folder's files)",
}


def _read_bytes(path: Path, data: bytes, boilerplate: frozenset[str]) -> Reading:
    from indexer.ingest.office import NotADocument

    suffix = _inner_suffix(path)
    try:
        document = _document_text(data)
    except NotADocument as error:
        return Reading(path, skipped=str(error))
    if document:
        text, encoding = document
        suffix = ".txt"  # its text is read as a text file's
    else:
        binary = _sniff_binary(data)
        if binary:
            return Reading(path, skipped=f"not an article: the content is {binary}")
        try:
            text, encoding = decode(data)
        except NotText as error:
            return Reading(path, skipped=str(error))
    if not text.strip():
        return Reading(path, skipped="no text: only white space", encoding=encoding)
    kind = sniff(text, suffix)
    articles = _parse(kind, text, boilerplate)
    if kind == "json" and articles is None:
        kind, articles = "text", _parse("text", text, boilerplate)  # "[" opened a text
    if isinstance(articles, str):
        return Reading(path, skipped=articles, encoding=encoding, kind=kind)
    if not articles:
        reason = _NO_ARTICLE.get(kind, f"no article found in the {kind} file")
        return Reading(path, skipped=reason, encoding=encoding, kind=kind)
    return Reading(path, articles=articles, encoding=encoding, kind=kind)


def _parse(kind: str, text: str, boilerplate: frozenset[str]):
    """The articles of `text` read as `kind`; a str is a skip reason; None: not that kind.

    Each reader is imported here, by name: the frozen build finds its modules by these
    import statements (trafilatura, behind html, also takes a second to import)."""
    if kind == "feed":
        from indexer.ingest.feeds import parse_feed

        return parse_feed(text) or "a feed without items"
    if kind == "sgml":
        from indexer.ingest.sgml import parse_sgml, story_tag

        return parse_sgml(text, story_tag(text))
    if kind == "html":
        from indexer.ingest.html import parse_html

        return parse_html(text)
    if kind == "xml":
        from lxml import etree

        from indexer.ingest.xml import NoArticle, parse_xml

        try:
            return parse_xml(text)
        except NoArticle as error:
            return str(error)
        except etree.XMLSyntaxError as error:
            return f"not well-formed XML ({error.msg})"
    if kind == "json":
        from indexer.ingest.jsondocs import NotArticles, parse_json

        try:
            return parse_json(text)
        except NotArticles as error:
            return str(error)
        except ValueError:
            return None
    if kind == "book":
        from indexer.ingest.books import parse_book

        return parse_book(text)
    if kind == "factiva":
        from indexer.ingest.factiva import parse_factiva

        return parse_factiva(text)
    if kind == "factiva page":
        from indexer.ingest.factiva import parse_factiva_page

        return parse_factiva_page(text)
    if kind == "nexis":
        from indexer.ingest.nexis import parse_nexis

        return parse_nexis(text)
    if kind == "proquest":
        from indexer.ingest.proquest import parse_proquest

        return parse_proquest(text)
    if kind == "nexis page":
        from indexer.ingest.nexis import parse_nexis_page

        return parse_nexis_page(text)
    if kind == "mail":
        from indexer.ingest.mail import parse_mail

        return parse_mail(text)
    if kind == "mbox":
        from indexer.ingest.mail import parse_mbox

        return parse_mbox(text)
    return parse_plain_text(text, boilerplate)
