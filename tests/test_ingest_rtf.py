"""RTF files: read as the text a word processor's "Save as plain text" gives, then like
any text file. The documents are written here as Word and Factiva write RTF."""

from __future__ import annotations

from indexer.ingest import read_file, source_text
from indexer.ingest.rtf import rtf_text
from tests.store_versions import updated_from_version
from tests.test_ingest_factiva import LABELLED
from tests.test_ingest_nexis import _every_line_accounted_for, _maps_back

_HEAD = (
    r"{\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Calibri;}}"
    r"{\colortbl ;\red0\green0\blue255;}{\*\generator Riched20 10.0.19041}"
    r"{\stylesheet{\s0 Normal;}}{\info{\title Not the text}{\author Not the author}}"
    "\n"
    r"{\header\pard\plain Page header\par}{\footer\pard\plain Page footer\par}"
    "\n"
)


def _rtf(body: str) -> bytes:
    return (_HEAD + body + "}").encode("latin-1")


def test_running_text_and_characters_as_word_writes_them():
    body = (
        r"\pard\sa200\sl276\slmult1\f0\fs22 Caf\'e9 talks in Sumy end\par"
        "\n"
        r"\pard It\rquote s a \ldblquote ceasefire\rdblquote , they said\u8212\'97"
        r"twice\tab then left.\line Next line\par"
        "\n"
        r"{\uc2\u1050\'3f\'3f\u1080\'3f\'3f\u1111\'3f\'3f\u1074\'3f\'3f} \u-10179?\u-8704?"
        r"{\*\unknowndestination never shown}"
        r'{\field{\*\fldinst{HYPERLINK "https://example.org"}}{\fldrslt{the report}}}'
        r"{\footnote\pard A footnote.\par}"
        r"{\pict\wmetafile8\picw10\pich10 0a0b0c0d}\par"
        "\n"
        r"\trowd\cellx1000\cellx2000 Side\cell Delegates\cell\row"
        "\n"
        r"{\*\bin4 ab}} text after}"
    )
    text = rtf_text(_rtf(body))
    assert text.split("\n")[:5] == [
        "Café talks in Sumy end",
        "It’s a “ceasefire”, they said—twice\tthen left.",
        "Next line",
        "Київ 😀the report",
        "Side",
    ]
    for hidden in ("Not the", "header", "footer", "footnote", "never shown", "HYPERLINK"):
        assert hidden not in text


def test_an_rtf_article_is_indexed_with_provenance_into_its_text(tmp_path):
    path = tmp_path / "talks.rtf"
    paragraphs = [
        "Talks in Sumy end without a ceasefire",
        "Negotiators met for six hours on Tuesday and will meet again next week, officials "
        "said, after a day in which neither side gave ground on the corridor.",
        "The next round is in Minsk.",
    ]
    path.write_bytes(_rtf("".join(rf"\pard {p}\par" + "\n" for p in paragraphs)))
    reading = read_file(path)
    [article] = reading.articles
    assert article.title == paragraphs[0]
    assert article.text.split("\n\n") == paragraphs[1:]
    assert source_text(path) == "\n".join(paragraphs)
    _maps_back(path, [article])


def test_a_factiva_rtf_download_gives_its_articles(tmp_path):
    path = tmp_path / "Factiva-20140304.rtf"
    body = "".join(
        rf"\pard {line}\par" + "\n" if line else r"\pard\par" + "\n"
        for line in LABELLED.rstrip("\n").split("\n")
    )
    path.write_bytes(_rtf(body.replace("©", r"\'a9")))
    reading = read_file(path)
    assert reading.kind == "factiva"
    [article] = reading.articles
    assert (article.title, article.site, article.published) == (
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "The Guardian",
        "2014-03-03",
    )
    _every_line_accounted_for(path, reading.articles)


def test_a_file_that_only_starts_like_rtf_is_skipped_or_read_without_a_crash(tmp_path):
    for name, data in [
        ("cut.rtf", rb"{\rtf1\ansi Half a paragraph \'e"),
        ("braces.rtf", rb"{\rtf1 }}}} text {{{ more"),
        ("empty.rtf", rb"{\rtf1}"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        reading = read_file(path)
        assert reading.articles or reading.skipped, name


def test_rtf_files_skipped_before_are_read_after_the_update(tmp_path):
    """Store version 19: an .rtf skipped as "an RTF document" by an older version is read."""
    lib, summary = updated_from_version(
        tmp_path,
        {"factiva.rtf": _rtf(r"\pard " + LABELLED.replace("\n", r"\par "))},
        18,
        "DELETE FROM articles",
        "UPDATE files SET skipped = 'not an article: the content is an RTF document'",
    )
    assert summary.added == 1
    lib.close()


def test_a_factiva_rtf_download_laid_out_as_a_table_of_codes(tmp_path):
    """Factiva's "plus Indexing" RTF sets each code and its value in a table row."""
    rows = [
        ("HD", [r"Ukraine mobilises reservists as Russia tightens grip on Crimea"]),
        ("BY", ["Shaun Walker in Simferopol"]),
        ("WC", ["812 words"]),
        ("PD", ["3 March 2014"]),
        ("SN", ["The Guardian"]),
        ("LP", ["Russian forces tightened their grip on the Crimean peninsula on Sunday."]),
        (
            "TD",
            [r"\ldblquote This is a red alert,\rdblquote  said Arseniy Yatsenyuk.", "He spoke."],
        ),
        ("AN", ["Document GRDN000020140303ea3300001"]),
    ]
    body = "".join(
        r"\trowd\cellx800\cellx9000 "
        + code
        + r"\cell "
        + r"\par ".join(values)
        + r"\cell\row"
        + "\n"
        for code, values in rows
    )
    path = tmp_path / "Factiva.rtf"
    path.write_bytes(_rtf(body))
    reading = read_file(path)
    assert reading.kind == "factiva"
    [article] = reading.articles
    assert (article.title, article.author, article.published, article.site) == (
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "Shaun Walker in Simferopol",
        "2014-03-03",
        "The Guardian",
    )
    assert article.text.split("\n\n") == [
        "Russian forces tightened their grip on the Crimean peninsula on Sunday.",
        "“This is a red alert,” said Arseniy Yatsenyuk.",
        "He spoke.",
    ]
