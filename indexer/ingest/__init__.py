"""Turn one file into the articles a person sees in it, or a reason for skipping it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from indexer.article import ParsedArticle
from indexer.ingest.decode import NotText, decode, normalise_newlines
from indexer.ingest.plaintext import parse_plain_text

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass
class Reading:
    """What reading one file gave: its articles, or why it was skipped."""

    path: Path
    articles: list[ParsedArticle] = field(default_factory=list)
    skipped: str = ""
    encoding: str = ""


def is_candidate(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(".")


def read_file(path: Path) -> Reading:
    """Read one file; every failure becomes a skip reason, never an exception."""
    try:
        size = os.stat(path).st_size
        if size == 0:
            return Reading(path, skipped="empty file")
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return Reading(path, skipped=f"too large ({size / 1048576:.0f} MB > {limit} MB)")
        data = path.read_bytes()
        text, encoding = decode(data)
    except NotText as error:
        return Reading(path, skipped=str(error))
    except OSError as error:
        return Reading(path, skipped=f"unreadable: {error.strerror or error}")
    articles = parse_plain_text(normalise_newlines(text))
    if not articles:
        return Reading(path, skipped="no article text found", encoding=encoding)
    return Reading(path, articles=articles, encoding=encoding)
