"""Word (.docx) and OpenDocument (.odt) files: their text, a paragraph a line.

Researchers keep articles as Word files, and Nexis Uni downloads them so. The text
is what Word's "Save as plain text" gives: each paragraph on a line of its own (a
line break inside one starts a new line, a tab stays a tab), in the order of the
document, table cells included. Deleted tracked changes, headers, footers and
notes are not the document's running text and are left out. The text is then read
like any text file (a Nexis download, an article), and its character offsets are
the ones provenance counts (`source_text` gives the same text).
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


class NotADocument(ValueError):
    """A ZIP archive that is not a word-processor document."""


def office_text(data: bytes, limit: int) -> tuple[str, str]:
    """(text, what the file is) of a .docx or .odt held in `data`.

    Raises NotADocument for another ZIP archive, ValueError for a damaged one or one
    whose text would take more than `limit` bytes.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return _word_text(_part(archive, "word/document.xml", limit)), "a Word document"
        if "content.xml" in names and _mimetype(archive, names) == _ODT_MIME:
            return _odt_text(_part(archive, "content.xml", limit)), "an OpenDocument text"
    except (zipfile.BadZipFile, EOFError, KeyError) as error:
        raise ValueError(f"a damaged ZIP archive or Office document ({error})") from error
    raise NotADocument("not an article: the content is a ZIP archive")


def _mimetype(archive: zipfile.ZipFile, names: set[str]) -> bytes:
    return archive.read("mimetype").strip() if "mimetype" in names else b""


def _part(archive: zipfile.ZipFile, name: str, limit: int) -> etree._Element:
    if archive.getinfo(name).file_size > limit:
        raise ValueError(f"its text is larger than {limit // 1048576} MB")
    with archive.open(name) as handle:
        xml = handle.read(limit + 1)
    if len(xml) > limit:
        raise ValueError(f"its text is larger than {limit // 1048576} MB")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"a damaged Office document ({error.msg})") from error


def _word_text(root: etree._Element) -> str:
    """Each <w:p> a line: its runs' text, tabs and breaks, in document order.

    A paragraph inside another (a text box anchored in it) is a line of its own,
    after the paragraph that holds it; a text box's copy for old readers
    (<mc:Fallback>) is left out, so its words are not read twice.
    """
    lines: dict[etree._Element, list[str]] = {}
    tags = ("p", "t", "tab", "br", "cr", "noBreakHyphen")
    for node in root.iter(*(f"{_WORD}{tag}" for tag in tags)):
        if _inside(node, _SKIPPED_WORD):
            continue
        if node.tag == f"{_WORD}p":
            lines.setdefault(node, [])
            continue
        paragraph = _enclosing(node, (f"{_WORD}p",))
        if paragraph is None:
            continue
        parts = lines.setdefault(paragraph, [])
        if node.tag == f"{_WORD}t":
            parts.append(node.text or "")
        elif node.tag == f"{_WORD}tab":
            if node.getparent().tag == f"{_WORD}r":
                parts.append("\t")  # a tab character; a <w:tab> in <w:tabs> is a tab stop
        elif node.tag == f"{_WORD}noBreakHyphen":
            parts.append("-")  # "e-mail" kept whole on a line: still a hyphen
        else:
            parts.append("\n")
    return "\n".join("".join(parts) for parts in lines.values())


_SKIPPED_WORD = frozenset({"Fallback"})
_SKIPPED_ODT = frozenset({"note", "annotation", "tracked-changes"})
_ODT_BLOCKS = (f"{_ODF_TEXT}p", f"{_ODF_TEXT}h")


def _odt_text(root: etree._Element) -> str:
    """Each <text:p> and <text:h> a line, outside notes, comments and tracked changes."""
    lines = []
    for block in root.iter(*_ODT_BLOCKS):
        if not _inside(block, _SKIPPED_ODT):
            parts: list[str] = []
            _odt_inline(block, parts)
            lines.append("".join(parts))
    return "\n".join(lines)


def _odt_inline(element: etree._Element, parts: list[str]) -> None:
    """The running text of one paragraph: spans and links, <text:s> spaces, tabs and
    line breaks; a note, a comment or a paragraph inside it is not its text."""
    parts.append(element.text or "")
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "s":
            count = child.get(f"{_ODF_TEXT}c", "1")
            parts.append(" " * (int(count) if count.isdigit() else 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name and name not in _SKIPPED_ODT and child.tag not in _ODT_BLOCKS:
            _odt_inline(child, parts)
        parts.append(child.tail or "")


def _inside(node: etree._Element, names: frozenset[str]) -> bool:
    parent = node.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and etree.QName(parent).localname in names:
            return True
        parent = parent.getparent()
    return False


def _enclosing(node: etree._Element, tags: tuple[str, ...]) -> etree._Element | None:
    """The nearest ancestor of `node` with one of `tags`."""
    parent = node.getparent()
    while parent is not None and parent.tag not in tags:
        parent = parent.getparent()
    return parent
