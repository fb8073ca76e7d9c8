"""Turn one file into the articles a person sees in it, or a reason for skipping it.

No file can stop a run: every failure becomes a skip reason. The file's content
decides how it is read, not only its name: a `.html` that is really a PDF is
skipped as such, and a `.txt` holding a saved web page is read as HTML.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import ParsedArticle
from indexer.ingest.decode import NotText, decode, normalise_newlines
from indexer.ingest.plaintext import parse_plain_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
XML_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | XML_SUFFIXES
MAX_FILE_BYTES = 20 * 1024 * 1024  # read at most this much, compressed or not
MAX_DECOMPRESSED_BYTES = 50 * 1024 * 1024

_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip data without a .gz name"),
    (b"\x7fELF", "a program"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


@dataclass
class Reading:
    """What reading one file gave: its articles, or why it was skipped."""

    path: Path
    articles: list[ParsedArticle] = field(default_factory=list)
    skipped: str = ""
    encoding: str = ""


def _inner_suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return suffixes[-2] if len(suffixes) >= 2 else ""
    return suffixes[-1] if suffixes else ""


def is_candidate(path: Path) -> bool:
    return not path.name.startswith(".") and _inner_suffix(path) in SUPPORTED_SUFFIXES


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
        if path.suffix.lower() == ".gz":
            data = _gunzip(data)
            if not data:
                return Reading(path, skipped="empty file (after decompression)")
        return _read_bytes(path, data, boilerplate)
    except OSError as error:
        return Reading(path, skipped=f"unreadable: {error.strerror or error}")
    except (ValueError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        return Reading(path, skipped=str(error) or error.__class__.__name__)
    except RecursionError:
        return Reading(path, skipped="nested too deeply to read")


def _read_bytes(path: Path, data: bytes, boilerplate: frozenset[str]) -> Reading:
    kind = _inner_suffix(path)
    binary = _sniff_binary(data)
    if binary:
        return Reading(path, skipped=f"not an article: the content is {binary}")
    if kind in XML_SUFFIXES:
        return _read_xml(path, data)
    try:
        text, encoding = decode(data)
    except NotText as error:
        return Reading(path, skipped=str(error))
    text = normalise_newlines(text)
    if kind in HTML_SUFFIXES or _looks_like_html(text):
        from indexer.ingest.html import parse_html

        articles = parse_html(text)
        reason = "no article text found in the page"
    else:
        articles = parse_plain_text(text, boilerplate)
        reason = "no article text found"
    if not articles:
        return Reading(path, skipped=reason, encoding=encoding)
    return Reading(path, articles=articles, encoding=encoding)


def _read_xml(path: Path, data: bytes) -> Reading:
    from lxml import etree

    from indexer.ingest.xml import NoArticle, parse_xml

    try:
        return Reading(path, articles=parse_xml(data), encoding="xml")
    except NoArticle as error:
        return Reading(path, skipped=str(error))
    except etree.XMLSyntaxError as error:
        return Reading(path, skipped=f"not well-formed XML ({error.msg})")
