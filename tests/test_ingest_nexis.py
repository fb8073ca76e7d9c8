"""Nexis exports saved as text: one article per document, the export's lines out of the
text and recorded, the newspaper's words kept. The texts are written for these tests in
the two layouts Nexis produces (LexisNexis Academic, Nexis Uni)."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.ingest import read_file, source_text
from tests.store_versions import updated_from_version

_PARA = (
    "Russian forces tightened their grip on the Crimean peninsula on Sunday as the\n"
    "new government in Kiev called up military reservists and accused Moscow of\n"
    "declaring war on Ukraine.\n"
    "\n"
    '"This is a red alert, this is not a threat," said Arseniy Yatsenyuk, the\n'
    "Ukrainian prime minister, after troops without insignia surrounded a base at\n"
    "Perevalne, south of Simferopol.\n"
)

ACADEMIC = f"""

Download Request: Selected Items: 101-103
Time Of Request: Tuesday, March 4, 2014  09:12:44

Terms: (Crimea and Putin)

Source: Major World Publications
Project ID: None

                               101 of 103 DOCUMENTS


                               The Guardian (London)

                            March 3, 2014 Monday
                                Final Edition

Ukraine mobilises reservists
as Russia tightens grip on Crimea

BYLINE: Shaun Walker in Simferopol

SECTION: WORLD NEWS; Pg. 1

LENGTH: 312 words

HIGHLIGHT: Kiev accuses Moscow of a declaration of war as troops
surround a base at Perevalne


{_PARA}
Serious but stable: a soldier wounded at the gate

LOAD-DATE: March 3, 2014

LANGUAGE: ENGLISH

GRAPHIC: Ukrainian soldiers at the base in Perevalne
AFP / GETTY

PUBLICATION-TYPE: Newspaper

JOURNAL-CODE: GDN


               Copyright 2014 Guardian Newspapers Limited
                              All Rights Reserved

                               102 of 103 DOCUMENTS


                              The New York Times

                             March 4, 2014 Tuesday
                              Late Edition - Final

West Weighs Sanctions as Russia Holds Crimea

BYLINE: By MICHAEL R. GORDON

SECTION: Section A; Column 0; Foreign Desk; Pg. 1

LENGTH: 204 words

DATELINE: WASHINGTON


Western leaders weighed their options on Monday as Russia consolidated its
position in Crimea, and John Kerry said Russia could face expulsion from the G8.

URL: http://www.nytimes.com/2014/03/04/world/europe/crimea.html

CORRECTION-DATE: March 6, 2014

CORRECTION: An article on Tuesday misstated the day of the summit in
Brussels. It is Thursday, not Wednesday.

LOAD-DATE: March 4, 2014

LANGUAGE: ENGLISH

ACC-NO: 20140304-NYT-0042

PUBLICATION-TYPE: Newspaper


                   Copyright 2014 The New York Times Company

                               103 of 103 DOCUMENTS


                                  Kyiv Post

                                 March 5, 2014

LENGTH: 40 words


Sumy and Kharkiv held rallies for a united Ukraine on Tuesday.

LOAD-DATE: March 5, 2014

LANGUAGE: ENGLISH
"""

# A Word download saved as text: a paragraph a line, however long.
_ONE_LINE = (
    "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
    "government in Kiev called up military reservists."
)

UNI = f"""Date and Time: Tuesday, March 4, 2014 9:15:00 AM EST
Job Number: 123456789

Documents (2)

1. Ukraine mobilises reservists as Russia tightens grip on Crimea
Client/Matter: -None-
Search Terms: Crimea and Putin
Search Type: Terms and Connectors
Narrowed by:
Content Type   Narrowed by
News           Sources: The Guardian (London)

2. West weighs sanctions as Russia holds Crimea
Client/Matter: -None-
Search Terms: Crimea and Putin
Search Type: Terms and Connectors

Ukraine mobilises reservists as Russia tightens grip on Crimea
The Guardian (London)
March 3, 2014 Monday
Final Edition

Copyright 2014 Guardian Newspapers Limited All Rights Reserved

Section: WORLD NEWS; Pg. 1
Length: 312 words
Byline: Shaun Walker in Simferopol
Highlight: Kiev accuses Moscow of a declaration of war
Body

{_ONE_LINE}
Note: this paragraph follows a line the paper ended early.

Classification

Language: ENGLISH
Publication-Type: Newspaper
Subject: ARMED FORCES (90%); WAR & CONFLICT (89%)
Geographic: CRIMEA (94%); UKRAINE (93%)
Load-Date: March 3, 2014

End of Document

West weighs sanctions as Russia holds Crimea
The New York Times
March 4, 2014 Tuesday 12:00 AM GMT
Late Edition - Final

Copyright 2014 The New York Times Company

Section: Section A; Column 0; Foreign Desk; Pg. 1
Length: 204 words
Byline: By MICHAEL R. GORDON
Dateline: WASHINGTON
Body

Western leaders weighed their options on Monday as Russia consolidated its position in Crimea.

Graphic

PHOTO: Russian soldiers outside a base in Perevalne. (PHOTOGRAPH BY BAZ RATNER/REUTERS)

Load-Date: March 4, 2014

End of Document
"""

_EXPORT_WORDS = re.compile(
    r"DOCUMENTS|LOAD-DATE|Load-Date|LENGTH|Length:|Copyright|Download Request|Job Number|"
    r"End of Document|PUBLICATION-TYPE|Classification|ACC-NO|Client/Matter|HIGHLIGHT|"
    r"Highlight:|CORRECTION:|GDN|ARMED FORCES|Terms and Connectors"
)


def _read(tmp_path: Path, text: str, name: str = "export.txt", newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode())
    reading = read_file(path)
    assert reading.kind == "nexis", reading
    return path, reading.articles


def _every_line_accounted_for(path: Path, articles) -> None:
    """Each non-blank line of the file is in an article's text or recorded as removed."""
    source = source_text(path)
    covered = [False] * len(source)
    for article in articles:
        spans = [(s0, s1) for _, _, s0, s1 in article.source_map.segments]
        spans += [(a, b) for a, b, _ in article.source_map.removed]
        for a, b in spans:
            covered[a:b] = [True] * (b - a)
    for match in re.finditer(r"\S+", source):
        assert all(covered[match.start() : match.end()]), (match.group(), match.start())


def _maps_back(path: Path, articles) -> None:
    source = source_text(path)
    for article in articles:
        for offset, char in enumerate(article.text):
            if char.isalnum():
                at = article.source_map.to_source(offset, article.text, source)
                assert source[at] == char, (article.title, offset)


def _clean_and_mapped(path: Path, articles, export_words: re.Pattern) -> None:
    """No line the export wrote is in a text, every line of the file is accounted for,
    and every character of each text points to itself in the file."""
    for article in articles:
        assert not export_words.search(article.text), article.text
    _every_line_accounted_for(path, articles)
    _maps_back(path, articles)


def test_an_academic_export_is_one_article_a_document_with_its_metadata(tmp_path):
    path, articles = _read(tmp_path, ACADEMIC)
    assert [a.title for a in articles] == [
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "West Weighs Sanctions as Russia Holds Crimea",
        "Sumy and Kharkiv held rallies for a united Ukraine on Tuesday",
    ]
    guardian, times, post = articles
    assert (guardian.site, guardian.published, guardian.author, guardian.section) == (
        "The Guardian (London)",
        "2014-03-03",
        "Shaun Walker in Simferopol",
        "WORLD NEWS; Pg. 1",
    )
    assert (times.site, times.published, times.author) == (
        "The New York Times",
        "2014-03-04",
        "MICHAEL R. GORDON",
    )
    assert times.url == "http://www.nytimes.com/2014/03/04/world/europe/crimea.html"
    assert (post.site, post.published, post.title_derived) == ("Kyiv Post", "2014-03-05", True)
    # The highlight opens the text and the correction closes it, without their labels;
    # a caption-like line of the body stays; hard-wrapped lines are one paragraph.
    paragraphs = guardian.text.split("\n\n")
    assert paragraphs[0] == (
        "Kiev accuses Moscow of a declaration of war as troops surround a base at Perevalne"
    )
    assert "accused Moscow of declaring war on Ukraine." in paragraphs[1]
    assert paragraphs[-1] == "Serious but stable: a soldier wounded at the gate"
    assert times.text.split("\n\n")[-1] == (
        "An article on Tuesday misstated the day of the summit in Brussels. "
        "It is Thursday, not Wednesday."
    )
    _clean_and_mapped(path, articles, _EXPORT_WORDS)


def test_what_left_the_text_says_what_it_was(tmp_path):
    path, articles = _read(tmp_path, ACADEMIC)
    source = source_text(path)
    rules = {source[a:b].strip(): rule for a, b, rule in articles[0].source_map.removed}
    assert rules["BYLINE: Shaun Walker in Simferopol"] == "byline: became the author"
    assert rules["The Guardian (London)"] == "publication line: became the site"
    assert rules["March 3, 2014 Monday"] == "date line: became the publication date"
    assert rules["LOAD-DATE: March 3, 2014"] == "Nexis field: LOAD-DATE"
    assert rules["All Rights Reserved"] == "copyright notice"
    cover = [rule for a, b, rule in articles[0].source_map.removed if "Download" in source[a:b]]
    assert cover == ["Nexis download cover page"]


def test_a_nexis_uni_export_saved_as_text(tmp_path):
    path, articles = _read(tmp_path, UNI)
    guardian, times = articles
    assert guardian.title == "Ukraine mobilises reservists as Russia tightens grip on Crimea"
    assert (guardian.site, guardian.published, guardian.author, guardian.section) == (
        "The Guardian (London)",
        "2014-03-03",
        "Shaun Walker in Simferopol",
        "WORLD NEWS; Pg. 1",
    )
    assert guardian.text.split("\n\n") == [
        "Kiev accuses Moscow of a declaration of war",
        "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
        "government in Kiev called up military reservists.",
        "Note: this paragraph follows a line the paper ended early.",
    ]
    assert (times.title, times.site, times.published, times.author) == (
        "West weighs sanctions as Russia holds Crimea",
        "The New York Times",
        "2014-03-04",
        "MICHAEL R. GORDON",
    )
    assert times.text == (
        "Western leaders weighed their options on Monday as Russia consolidated its "
        "position in Crimea."
    )
    _clean_and_mapped(path, articles, _EXPORT_WORDS)


def test_windows_line_endings_read_the_same(tmp_path):
    for text in (ACADEMIC, UNI):
        _, unix = _read(tmp_path, text, "unix.txt")
        _, windows = _read(tmp_path, text, "windows.txt", newline="\r\n")
        assert [(a.title, a.text, a.published, a.site) for a in windows] == [
            (a.title, a.text, a.published, a.site) for a in unix
        ]


def test_a_story_that_only_mentions_end_of_document_is_not_an_export(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "Archivists meet in Kyiv\n\nThe meeting closed with a talk on Nexis exports, "
        "whose files mark each article's end with a line that reads\n\nEnd of Document\n\n"
        "and the researchers in the room laughed, because every one of them had written "
        "a script to split such files. The archive will publish its own guide next month.\n"
    )
    reading = read_file(path)
    assert reading.kind == "text"
    assert len(reading.articles) == 1


def test_an_export_indexed_before_as_plain_text_is_read_again(tmp_path):
    """Store version 16: files whose articles carry Nexis's fields in their text (read
    as plain text before this reader) are read again; a dated story is left alone."""
    story = (
        "Kyiv, 3 March 2014\n\nA story with a date of its own, written for this test, "
        "which is long enough to be read as an article of the archive and not as a note."
    )
    lib, summary = updated_from_version(
        tmp_path,
        {"export.txt": ACADEMIC, "story.txt": story},
        15,
        "UPDATE articles SET text = text || ' LOAD-DATE: March 3, 2014' "
        "WHERE source LIKE '%export.txt'",
    )
    assert (summary.updated, summary.unchanged) == (3, 1)
    assert not any("LOAD-DATE" in lib.article(a.id).text for a in lib.articles())
    lib.close()


def test_an_academic_download_saved_as_html(tmp_path):
    """LexisNexis Academic's HTML download (<DOC><DOCFULL>, a <p> a line; centred lines
    share a class) was read as SGML stories without text: every word was lost."""
    path = Path(__file__).parent / "data" / "nexis_academic.html"
    reading = read_file(path)
    assert reading.kind == "nexis page"
    guardian, times = reading.articles
    assert (guardian.title, guardian.site, guardian.published, guardian.author) == (
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "The Guardian (London)",
        "2014-03-03",
        "Shaun Walker in Simferopol",
    )
    assert guardian.text.split("\n\n") == [
        "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
        "government in Kiev called up military reservists.",
        '"This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.',
    ]
    assert (times.title, times.published) == (
        "West weighs sanctions as Russia holds Crimea",
        "2014-03-04",
    )
    assert times.text == "Western leaders weighed their options on Monday."
    for article in reading.articles:
        assert not _EXPORT_WORDS.search(article.text), article.text
    _maps_back(path, reading.articles)


def test_a_page_read_before_as_empty_stories_is_read_again(tmp_path):
    """Store version 20: the files of articles with no text and no title are read again."""
    page = (Path(__file__).parent / "data" / "nexis_academic.html").read_bytes()
    lib, summary = updated_from_version(
        tmp_path, {"ln.html": page}, 19, "UPDATE articles SET text = '', title = '(untitled story)'"
    )
    assert summary.updated == 2
    assert all(lib.article(a.id).text for a in lib.articles())
    lib.close()


def test_page_numbers_and_running_heads_of_a_pdf_download_leave_the_body(tmp_path):
    """A Nexis Uni PDF turned into text puts "Page 2 of 3" and the headline again at
    each page break; both are the PDF's, not the article's."""
    title = "Ukraine mobilises reservists as Russia tightens grip on Crimea"
    broken = UNI.replace(
        "Note: this paragraph",
        f"Page 2 of 3\n{title}\n\nNote: this paragraph",
        1,
    )
    path, articles = _read(tmp_path, broken)
    assert articles[0].text.split("\n\n")[-1] == (
        "Note: this paragraph follows a line the paper ended early."
    )
    assert "Page 2" not in articles[0].text and title not in articles[0].text
    rules = [rule for _, _, rule in articles[0].source_map.removed]
    assert "page number" in rules
    assert "running head (the headline at the top of a page)" in rules
    _every_line_accounted_for(path, articles)
