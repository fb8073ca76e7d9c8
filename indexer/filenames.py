"""File names as text that SQLite and JSON can hold, whatever bytes they are made of.

Linux file names are bytes; Python shows the bytes that are not UTF-8 (a Latin-1
`café.txt`) as lone surrogates, which SQLite cannot store (a UnicodeEncodeError
stopped the run). Those surrogates, U+DC80 to U+DCFF, are kept as the private-use
characters U+F780 to U+F7FF instead, which map back to the same bytes. A name that
is valid UTF-8, nearly every one, is unchanged.
"""

from __future__ import annotations

import os
from pathlib import Path

_TO_TEXT = {0xDC80 + b: 0xF780 + b for b in range(128)}
_TO_NAME = {v: k for k, v in _TO_TEXT.items()}


def as_text(path: str | os.PathLike[str]) -> str:
    """`path` as storable text (reversible with as_path)."""
    return os.fspath(path).translate(_TO_TEXT)


def as_path(text: str) -> Path:
    """The file a text from as_text names."""
    return Path(text.translate(_TO_NAME))


def within(source: str, folders) -> str:
    """Where `source` (a file, as as_text wrote it) is inside the library folder that
    holds it, with "/" between parts ("sci.space/61356", "guardian/2024/a.html"); its
    file name alone when no folder holds it. A folder inside another (both added) is
    the one it is counted in. `source:` searches this, so a folder name finds its
    articles as a file name does."""
    path = source.replace("\\", "/")
    best = ""
    for folder in folders:
        root = folder.replace("\\", "/").rstrip("/") + "/"
        if path.startswith(root) and len(root) > len(best):
            best = root
    return path[len(best) :] if best else path.rsplit("/", 1)[-1]
