"""Lines that repeat across many files of a folder are the site's, not the article's.

Headers, menus, newsletter boxes and footers come back in file after file, in
whatever words a site uses. We count the short, non-prose lines near the top
and bottom of a sample of the folder's text files; a line found in enough of
them is boilerplate and is removed wherever it appears.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from indexer.ingest import dates
from indexer.ingest import lines as shape
from indexer.ingest.decode import NotText, decode
from indexer.ingest.plaintext import fold_line, units_of

EDGE_BYTES = 4096
SAMPLE_FILES = 400
MIN_FILES = 3
MIN_SHARE = 0.2


def _edge_lines(path: Path) -> set[str]:
    try:
        with open(path, "rb") as handle:
            head = handle.read(EDGE_BYTES)
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(size - EDGE_BYTES, len(head)))
            tail = handle.read(EDGE_BYTES)
        text = decode(head)[0] + "\n" + decode(tail)[0]
    except (OSError, NotText, ValueError):
        return set()
    # Datelines and date lines repeat when many stories share a day and a city; they are
    # the stories' own, never chrome.
    return {
        fold_line(u)
        for u in units_of(text)
        if len(shape.words(u)) <= 8
        and not shape.is_prose(u)
        and not dates.dateline_date(u)
        and not dates.date_line(u)
    }


def find_boilerplate(paths: Sequence[Path]) -> frozenset[str]:
    """Lines that recur in at least MIN_FILES files and MIN_SHARE of the sample."""
    if len(paths) < MIN_FILES:
        return frozenset()
    step = max(1, len(paths) // SAMPLE_FILES)
    sample = list(paths)[::step][:SAMPLE_FILES]
    counts: Counter[str] = Counter()
    for path in sample:
        counts.update(_edge_lines(path))
    needed = max(MIN_FILES, int(len(sample) * MIN_SHARE + 0.999))
    return frozenset(line for line, n in counts.items() if n >= needed)
