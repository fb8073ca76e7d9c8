"""Bytes to text: BOMs, UTF-8, then a charset detector; bad bytes are replaced, never fatal."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class NotText(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes in the first block mean binary, unless a BOM announced UTF-16 or UTF-32."""
    return b"\0" in data[:8192] and not data.startswith(tuple(bom for bom, _ in _BOMS))


_DECLARED = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']"""
    rb"""|<meta[^>]*?charset\s*=\s*["']?([\w.:-]+)""",
    re.I,
)
# When the detector finds several encodings equally likely (English text with only
# typographic quotes reads the same in cp1250 and cp1252), the most widespread wins.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2")


def _declared(data: bytes) -> str | None:
    """The encoding an XML declaration or an HTML meta tag names, when Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if looks_binary(data):
        raise NotText("binary content (NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration is wrong; detect instead
    encoding = _detect(data)
    return data.decode(encoding, errors="replace"), encoding


def _detect(data: bytes) -> str:
    """The encoding charset-normalizer finds most likely over the whole file."""
    from charset_normalizer import from_bytes  # only legacy files pay for the import

    matches = list(from_bytes(data))
    if not matches:
        return "cp1252"
    best = matches[0]
    tied = [
        m.encoding
        for m in matches
        if abs(m.chaos - best.chaos) < 1e-6 and abs(m.coherence - best.coherence) < 1e-6
    ]
    return min(tied, key=lambda e: _PREFERRED.index(e) if e in _PREFERRED else len(_PREFERRED))
