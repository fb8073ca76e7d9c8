"""PDF files with a text layer: read as their text, page after page, then like any text
file. The PDFs are written here (tests/pdf_files.py)."""

from __future__ import annotations

import io

from indexer.ingest import read_file, source_text
from tests.pdf_files import pdf_with_pages
from tests.test_ingest_nexis import UNI, _every_line_accounted_for, _maps_back

_STORY = [
    "Talks in Sumy end without a ceasefire",
    "",
    "Negotiators from both sides met for six hours on Tuesday in the regional",
    "administration building and will meet again next week, officials said, after",
    "a day in which neither side gave ground on the corridor for civilians.",
    "",
    "The next round is planned for Minsk, where the last talks were held.",
]


def test_a_pdf_article_is_read_with_provenance_into_its_text(tmp_path):
    path = tmp_path / "talks.pdf"
    path.write_bytes(pdf_with_pages([_STORY]))
    reading = read_file(path)
    [article] = reading.articles
    assert article.title == "Talks in Sumy end without a ceasefire"
    assert article.text.split("\n\n") == [
        "Negotiators from both sides met for six hours on Tuesday in the regional "
        "administration building and will meet again next week, officials said, after "
        "a day in which neither side gave ground on the corridor for civilians.",
        "The next round is planned for Minsk, where the last talks were held.",
    ]
    assert "Negotiators from both sides" in source_text(path)
    _maps_back(path, [article])


def test_a_nexis_uni_pdf_download_gives_its_articles_without_page_marks(tmp_path):
    lines = UNI.split("\n")
    cut = lines.index("Note: this paragraph follows a line the paper ended early.")
    title = "Ukraine mobilises reservists as Russia tightens grip on Crimea"
    pages = [[*lines[:cut], "Page 1 of 2"], [title, *lines[cut:], "Page 2 of 2"]]
    path = tmp_path / "Files (2).pdf"
    path.write_bytes(pdf_with_pages(pages))
    reading = read_file(path)
    assert reading.kind == "nexis"
    guardian, times = reading.articles
    assert guardian.title == title and guardian.published == "2014-03-03"
    assert "Page 1" not in guardian.text and title not in guardian.text
    assert guardian.text.endswith("Note: this paragraph follows a line the paper ended early.")
    assert times.text.startswith("Western leaders weighed their options")
    _every_line_accounted_for(path, reading.articles)
    _maps_back(path, reading.articles)


def test_pdfs_that_give_no_text_are_skipped_with_their_reason(tmp_path):
    from pypdf import PdfReader, PdfWriter

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(pdf_with_pages([[]]))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_pages([_STORY]))))
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as handle:
        writer.write(handle)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf_with_pages([_STORY])[:200])
    assert read_file(scan).skipped.startswith("a PDF without text (a scanned image")
    assert read_file(locked).skipped == "a PDF that needs a password"
    assert read_file(cut).skipped.startswith("a damaged PDF")


def test_pdfs_skipped_before_are_read_after_the_update(tmp_path):
    """Store version 22: a PDF skipped as "a PDF document" by an older version is read."""
    from tests.store_versions import updated_from_version

    lib, summary = updated_from_version(
        tmp_path,
        {"talks.pdf": pdf_with_pages([_STORY])},
        21,
        "DELETE FROM articles",
        "UPDATE files SET skipped = 'not an article: the content is a PDF document'",
    )
    assert summary.added == 1
    lib.close()


def test_a_word_broken_at_a_line_end_is_whole_again(tmp_path):
    story = [
        "Talks in Sumy end without a ceasefire",
        "",
        "Negotiators from both sides met for six hours on Tuesday in the govern-",
        "ment building of the region, a well-known place, and the delegations said",
        "that they will meet again next week in the same building, which the local",
        "government offered to them for as long as the talks go on, said a well-",
        "known official of the administration, who asked not to be named here.",
    ]
    path = tmp_path / "talks.pdf"
    path.write_bytes(pdf_with_pages([story]))
    [article] = read_file(path).articles
    assert article.text.count("\n") == 0
    assert "in the government building of the region" in article.text
    assert "said a well-known official" in article.text
    _maps_back(path, [article])


def test_a_paragraph_runs_on_across_a_page_break(tmp_path):
    first = [
        "Talks in Sumy end without a ceasefire",
        "",
        "Negotiators from both sides met for six hours on Tuesday in the regional",
        "administration building and will meet again next week, officials said, after",
        "a day in which neither side gave ground on the corridor for civilians, and the",
    ]
    second = [
        "mayor of the city said that the night had been quiet for the first time in a",
        "week, although the shelling of the villages to the north had gone on until",
        "dawn.",
        "The next round is planned for Minsk, where the last talks were held in the govern-",
    ]
    third = ["ment building of the region.", "A new paragraph opens the last page."]
    path = tmp_path / "talks.pdf"
    path.write_bytes(pdf_with_pages([first, second, third]))
    [article] = read_file(path).articles
    assert article.text.split("\n\n") == [
        "Negotiators from both sides met for six hours on Tuesday in the regional "
        "administration building and will meet again next week, officials said, after "
        "a day in which neither side gave ground on the corridor for civilians, and the "
        "mayor of the city said that the night had been quiet for the first time in a "
        "week, although the shelling of the villages to the north had gone on until dawn.",
        "The next round is planned for Minsk, where the last talks were held in the "
        "government building of the region.",
        "A new paragraph opens the last page.",
    ]
    _maps_back(path, [article])
