"""Exports cut short (a download stopped, a file copied half): every prefix of each
sample reads as articles or a skip with its reason, never a reader's own failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.ingest import read_file
from tests.pdf_files import pdf_with_pages
from tests.test_ingest_factiva import _PAGE, ARTICLE_LAYOUT, LABELLED
from tests.test_ingest_nexis import ACADEMIC, UNI
from tests.test_ingest_office import _docx, _p
from tests.test_ingest_proquest import PROQUEST
from tests.test_ingest_rtf import _rtf

_SAMPLES = {
    "academic.txt": ACADEMIC.encode(),
    "uni.txt": UNI.encode(),
    "factiva.txt": ARTICLE_LAYOUT.encode(),
    "labelled.txt": LABELLED.encode(),
    "factiva.html": _PAGE.encode(),
    "proquest.txt": PROQUEST.encode(),
    "academic.html": (Path(__file__).parent / "data" / "nexis_academic.html").read_bytes(),
    "uni.rtf": _rtf("".join(rf"\pard {line}\par" + "\n" for line in UNI.split("\n"))),
    "uni.docx": _docx("".join(_p(line) for line in UNI.split("\n"))),
    "uni.pdf": pdf_with_pages([UNI.split("\n")]),
}


@pytest.mark.parametrize("name", sorted(_SAMPLES))
def test_every_prefix_reads_without_a_readers_failure(tmp_path, name):
    data = _SAMPLES[name]
    path = tmp_path / name
    for cut in range(1, len(data), max(1, len(data) // 150)):
        path.write_bytes(data[:cut])
        reading = read_file(path)
        assert "could not be read" not in reading.skipped, (cut, reading.skipped)
        assert reading.articles or reading.skipped, cut
