"""Factiva exports saved as text, in its two layouts: one article per document number,
Factiva's lines out of the text and recorded, the newspaper's words kept. The texts are
written for these tests."""

from __future__ import annotations

import re

from indexer.ingest import read_file
from tests.store_versions import updated_from_version
from tests.test_ingest_nexis import _every_line_accounted_for, _maps_back

ARTICLE_LAYOUT = """Ukraine mobilises reservists as Russia
tightens grip on Crimea
Shaun Walker in Simferopol
812 words
3 March 2014
The Guardian
GDN
1
English
© Copyright 2014. The Guardian. All rights reserved.

Russian forces tightened their grip on the Crimean peninsula on Sunday as the
new government in Kiev called up military reservists.

"This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.

Document GRDN000020140303ea3300001

World News
Sanctions Loom as Talks Fail
By Michael R. Gordon
204 words
4 March 2014
07:30 AM
The New York Times
NYTF
English
Copyright 2014 The New York Times Company. All Rights Reserved.

Western leaders weighed their options on Monday as Russia consolidated its
position in Crimea.

Document NYTF000020140304ea3400002

Putin Signs Treaty
96 words
18 March 2014
Kyiv Post
KYIVP

Vladimir Putin signed a treaty on Tuesday that makes Crimea part of Russia.

Document KYIVP00020140318ea3i00003

Rallies in Sumy
51 words
19 March 2014
Kyiv Post

Rallies were held in Sumy and Kharkiv for a united Ukraine.

Document KYIVP00020140319ea3j00004
"""

# Saved from Factiva's Word or RTF download: a paragraph a line.
_LEAD = (
    "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
    "government in Kiev called up military reservists."
)

LABELLED = f"""HD Ukraine mobilises reservists as Russia tightens grip on Crimea
BY Shaun Walker in Simferopol
WC 812 words
PD 3 March 2014
SN The Guardian
SC GDN
ED 1
PG 1
LA English
CY © Copyright 2014. The Guardian. All rights reserved.
LP {_LEAD}

TD "This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.

The base at Perevalne was surrounded.
NS gvote : Elections | gpol : Domestic Politics
RE ukrn : Ukraine | russ : Russia
IPD Politics
PUB Guardian Newspapers Limited
AN Document GRDN000020140303ea3300001
"""

_FACTIVA_WORDS = re.compile(r"words|GDN|NYTF|KYIVP|Copyright|English|Document|gvote|PUB")


def _read(tmp_path, text, name="factiva.txt"):
    path = tmp_path / name
    path.write_text(text)
    reading = read_file(path)
    assert reading.kind == "factiva", reading
    return path, reading.articles


def test_the_article_layout_gives_each_article_its_metadata(tmp_path):
    path, articles = _read(tmp_path, ARTICLE_LAYOUT)
    assert [(a.title, a.author, a.published, a.site, a.section) for a in articles] == [
        (
            "Ukraine mobilises reservists as Russia tightens grip on Crimea",
            "Shaun Walker in Simferopol",
            "2014-03-03",
            "The Guardian",
            "",
        ),
        (
            "Sanctions Loom as Talks Fail",
            "Michael R. Gordon",
            "2014-03-04",
            "The New York Times",
            "World News",
        ),
        ("Putin Signs Treaty", "", "2014-03-18", "Kyiv Post", ""),
        ("Rallies in Sumy", "", "2014-03-19", "", ""),
    ]
    assert articles[0].text.split("\n\n") == [
        "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
        "government in Kiev called up military reservists.",
        '"This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.',
    ]
    # No language or copyright line closes the third one's metadata: its source code
    # after the publication does. The fourth has neither: what the reader cannot
    # place stays in the text.
    assert articles[2].text == (
        "Vladimir Putin signed a treaty on Tuesday that makes Crimea part of Russia."
    )
    assert articles[3].text.startswith("Kyiv Post\n\nRallies were held")
    for article in articles[:3]:
        assert not _FACTIVA_WORDS.search(article.text), article.text
    _every_line_accounted_for(path, articles)
    _maps_back(path, articles)


def test_the_search_summary_after_the_last_article_is_recorded(tmp_path):
    summary = "Search Summary\nText\tcrimea\nDate\t01/03/2014 to 31/03/2014\nResults Found\t4\n"
    path, articles = _read(tmp_path, ARTICLE_LAYOUT + "\n" + summary)
    assert len(articles) == 4 and "Search Summary" not in articles[-1].text
    _every_line_accounted_for(path, articles)


def test_the_labelled_layout_reads_each_code(tmp_path):
    path, [article] = _read(tmp_path, LABELLED)
    assert (article.title, article.author, article.published, article.site) == (
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "Shaun Walker in Simferopol",
        "2014-03-03",
        "The Guardian",
    )
    assert article.text.split("\n\n") == [
        "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
        "government in Kiev called up military reservists.",
        '"This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.',
        "The base at Perevalne was surrounded.",
    ]
    assert not _FACTIVA_WORDS.search(article.text)
    _every_line_accounted_for(path, [article])
    _maps_back(path, [article])


def test_a_story_that_quotes_a_document_number_is_not_an_export(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "Archivists meet in Kyiv\n\nA speaker showed how a news database closes each "
        "article with its number, such as\n\nDocument GRDN000020140303ea3300001\n\n"
        "and the room laughed: each of them had split such files by hand, she said, "
        "before the archive wrote its own guide to them.\n"
    )
    reading = read_file(path)
    assert reading.kind == "text" and len(reading.articles) == 1


def test_an_export_indexed_before_as_plain_text_is_read_again(tmp_path):
    """Store version 18: a file whose text holds a Factiva document number is read again."""
    lib, summary = updated_from_version(
        tmp_path,
        {"factiva.txt": LABELLED},
        17,
        "UPDATE articles SET text = text || ' AN Document GRDN000020140303ea3300001'",
    )
    assert summary.updated == 1
    assert "AN Document" not in lib.article(lib.articles()[0].id).text
    lib.close()


_PAGE = """<!DOCTYPE html><html><head><title>Factiva</title></head><body>
<div class="headerBar"><span>Search results</span></div>
<div class="article enArticle">
 <div id="hd"><span class="enHeadline">Ukraine mobilises reservists as Russia tightens
 grip on Crimea</span></div>
 <div class="author">Shaun Walker in Simferopol</div>
 <div>812 words</div>
 <div>3 March 2014</div>
 <div>The Guardian</div>
 <div>GDN</div>
 <div>English</div>
 <div>&copy; Copyright 2014. The Guardian. All rights reserved.</div>
 <p class="articleParagraph enarticleParagraph">Russian forces tightened their grip on the
 <b>Crimean</b> peninsula on Sunday.</p>
 <p class="articleParagraph enarticleParagraph">&quot;This is a red alert,&quot; said
 Arseniy Yatsenyuk.<br>He spoke in Kiev.</p>
 <p>Document GRDN000020140303ea3300001</p>
</div>
<div class="article enArticle"><table border="0">
 <tr><td><b>HD</b></td><td>West Weighs Sanctions</td></tr>
 <tr><td><b>BY</b></td><td>By Michael R. Gordon</td></tr>
 <tr><td><b>WC</b></td><td>204 words</td></tr>
 <tr><td><b>PD</b></td><td>4 March 2014</td></tr>
 <tr><td><b>SN</b></td><td>The New York Times</td></tr>
 <tr><td><b>LA</b></td><td>English</td></tr>
 <tr><td><b>LP</b></td><td><p class="articleParagraph enarticleParagraph">Western leaders
 weighed their options on Monday.</p></td></tr>
 <tr><td><b>TD</b></td><td><p class="articleParagraph">Russia held Crimea.</p>
 <p class="articleParagraph">Talks go on.</p></td></tr>
 <tr><td><b>NS</b></td><td>gpol : Domestic Politics</td></tr>
 <tr><td><b>AN</b></td><td>Document NYTF000020140304ea3400002</td></tr>
</table></div>
</body></html>
"""


def test_a_saved_factiva_page_gives_each_article(tmp_path):
    path = tmp_path / "Factiva.html"
    path.write_text(_PAGE)
    reading = read_file(path)
    assert reading.kind == "factiva page"
    guardian, times = reading.articles
    assert (guardian.title, guardian.author, guardian.published, guardian.site) == (
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "Shaun Walker in Simferopol",
        "2014-03-03",
        "The Guardian",
    )
    assert guardian.text.split("\n\n") == [
        "Russian forces tightened their grip on the Crimean peninsula on Sunday.",
        '"This is a red alert," said Arseniy Yatsenyuk.',
        "He spoke in Kiev.",
    ]
    assert (times.title, times.author, times.published, times.site) == (
        "West Weighs Sanctions",
        "Michael R. Gordon",
        "2014-03-04",
        "The New York Times",
    )
    assert times.text.split("\n\n") == [
        "Western leaders weighed their options on Monday.",
        "Russia held Crimea.",
        "Talks go on.",
    ]
    for article in reading.articles:
        assert not _FACTIVA_WORDS.search(article.text) and "Search results" not in article.text
    _maps_back(path, reading.articles)
