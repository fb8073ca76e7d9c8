"""Word and OpenDocument files: read as the text Word's "Save as plain text" gives, a
paragraph a line, then like any text file. The documents are built here from their XML,
as Word and LibreOffice write it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from indexer.ingest import read_file, source_text
from indexer.ingest.office import office_text
from tests.store_versions import updated_from_version
from tests.test_ingest_nexis import UNI, _every_line_accounted_for, _maps_back

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def _docx(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f"<w:body>{body}</w:body></w:document>",
        )
    return out.getvalue()


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _odt(body: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>",
        )
    return out.getvalue()


def test_a_nexis_uni_word_download_reads_as_its_text_does(tmp_path):
    docx = tmp_path / "Files (2).DOCX"
    docx.write_bytes(_docx("".join(_p(line) for line in UNI.split("\n"))))
    text = tmp_path / "saved.txt"
    text.write_text(UNI)
    from_word, from_text = read_file(docx), read_file(text)
    assert from_word.kind == "nexis"
    assert [(a.title, a.text, a.site, a.published, a.author) for a in from_word.articles] == [
        (a.title, a.text, a.site, a.published, a.author) for a in from_text.articles
    ]
    assert source_text(docx) == UNI
    _every_line_accounted_for(docx, from_word.articles)
    _maps_back(docx, from_word.articles)


def test_a_word_article_keeps_its_running_text_once(tmp_path):
    box = (
        "<w:p><w:r><w:t>Sumy, 4 March.</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice><w:drawing><w:txbxContent>"
        + _p("Box: what the talks decided")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        + _p("Box: what the talks decided")
        + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    body = (
        _p("Talks in Sumy end without a ceasefire")
        + box
        + "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>"
        "<w:r><w:t>Negotiators met for six hours</w:t></w:r>"
        "<w:del><w:r><w:delText> and nine minutes</w:delText></w:r></w:del>"
        "<w:r><w:t xml:space='preserve'> on Tuesday, by e</w:t><w:noBreakHyphen/>"
        "<w:t xml:space='preserve'>mail.</w:t><w:br/>"
        "<w:t>They will meet again next week, officials said.</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc>" + _p("Side") + "</w:tc><w:tc>" + _p("Delegates") + "</w:tc>"
        "</w:tr></w:tbl>"
    )
    path = tmp_path / "talks.docx"
    path.write_bytes(_docx(body))
    assert source_text(path).split("\n") == [
        "Talks in Sumy end without a ceasefire",
        "Sumy, 4 March.",
        "Box: what the talks decided",
        "Negotiators met for six hours on Tuesday, by e-mail.",
        "They will meet again next week, officials said.",
        "Side",
        "Delegates",
    ]
    [article] = read_file(path).articles
    assert article.title == "Talks in Sumy end without a ceasefire"
    assert article.text.count("what the talks decided") == 1
    assert "nine minutes" not in article.text


def test_an_opendocument_text_is_read(tmp_path):
    path = tmp_path / "talks.odt"
    path.write_bytes(
        _odt(
            "<text:h>Talks in Sumy end without a ceasefire</text:h>"
            "<text:p>Negotiators met<text:s text:c='1'/>for <text:span>six hours</text:span>"
            " on Tuesday.<text:note><text:note-body><text:p>A footnote.</text:p>"
            "</text:note-body></text:note> They will meet again next week, officials said,"
            " and the ceasefire they failed to agree will be the first thing they discuss."
            "</text:p>"
        )
    )
    assert source_text(path) == (
        "Talks in Sumy end without a ceasefire\nNegotiators met for six hours on Tuesday. "
        "They will meet again next week, officials said, and the ceasefire they failed to "
        "agree will be the first thing they discuss."
    )
    [article] = read_file(path).articles
    assert article.title == "Talks in Sumy end without a ceasefire"
    assert "footnote" not in article.text and "six hours" in article.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 cut short", "damaged ZIP archive"),
        (None, "not an article: the content is a ZIP archive"),
    ],
)
def test_other_archives_and_damaged_documents_are_skipped_with_a_reason(tmp_path, data, reason):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("photos/1.jpg", b"\xff\xd8\xff")
        data = out.getvalue()
    path = tmp_path / "file.docx"
    path.write_bytes(data)
    reading = read_file(path)
    assert not reading.articles and reason in reading.skipped


def test_a_document_whose_text_is_too_large_is_refused_before_it_is_read():
    data = _docx(_p("word " * 5000))
    with pytest.raises(ValueError, match="larger than"):
        office_text(data, limit=10_000)
    assert office_text(data, limit=1_000_000)[0].startswith("word word")


def test_a_folder_of_word_files_is_indexed_and_searchable(tmp_path):
    from indexer.library import Library
    from tests.conftest import drain

    folder = tmp_path / "archive"
    folder.mkdir()
    Path(folder / "uni.docx").write_bytes(_docx("".join(_p(line) for line in UNI.split("\n"))))
    lib = Library(tmp_path / "index")
    summary = drain(lib.update(folder))
    assert summary.added == 2 and not summary.skipped
    hits = lib.searcher().search('"Crimean peninsula"')
    assert hits.total == 1
    lib.close()


def test_word_files_skipped_before_are_read_after_the_update(tmp_path):
    """Store version 17: a .docx skipped as "a ZIP archive" by an older version is read."""
    lib, summary = updated_from_version(
        tmp_path,
        {"uni.docx": _docx("".join(_p(line) for line in UNI.split("\n")))},
        16,
        "DELETE FROM articles",
        "UPDATE files SET skipped = 'not an article: the content is a ZIP archive'",
    )
    assert summary.added == 2
    lib.close()
