"""Bytes to text: BOMs, UTF-8, then a charset detector; bad bytes are replaced, never fatal."""

from __future__ import annotations

import codecs

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
    from charset_normalizer import from_bytes  # only legacy files pay for the import

    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best else "cp1252"
    return data.decode(encoding, errors="replace"), encoding


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
