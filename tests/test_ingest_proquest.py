"""ProQuest exports saved as text: one article per record ("Document 1 of 3"), the body
from "Full text:", ProQuest's other fields out of the text and recorded. Written for
these tests in ProQuest's layout."""

from __future__ import annotations

import re

from indexer.ingest import read_file
from tests.store_versions import updated_from_version
from tests.test_ingest_nexis import _clean_and_mapped

_RULE = "_" * 60

PROQUEST = f"""Report Information from ProQuest
March 4 2014 09:12
{_RULE}

Table of contents
1. Ukraine mobilises reservists as Russia tightens grip on Crimea
2. West weighs sanctions
3. Kyiv rallies for unity

{_RULE}

Document 1 of 3

Ukraine mobilises reservists as Russia tightens grip on Crimea
Author: Walker, Shaun
Publication info: The Guardian ; London (UK) [London (UK)]03 Mar 2014: 1.
ProQuest document link
Abstract: Kiev accuses Moscow of a declaration of war.
Full text: Russian forces tightened their grip on the Crimean peninsula on Sunday as the
new government in Kiev called up military reservists.
"This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.
Credit: Shaun Walker in Simferopol
Subject: Armed forces; Reservists
Location: Ukraine; Crimea
Title: Ukraine mobilises reservists as Russia tightens grip on Crimea
Publication title: The Guardian; London (UK)
First page: 1
Publication year: 2014
Publication date: Mar 3, 2014
Section: World news
Publisher: Guardian News & Media
Place of publication: London (UK)
Source type: Newspapers
Language of publication: English
Document type: News
ProQuest document ID: 1503387562
Document URL: https://www.proquest.com/docview/1503387562?accountid=1
Copyright: Copyright Guardian News & Media Limited Mar 3, 2014
Last updated: 2014-03-04
Database: ProQuest Central
{_RULE}

Document 2 of 3

West weighs sanctions
Author: Gordon, Michael R
Full text: Western leaders weighed their options on Monday.
Title: West weighs sanctions
Publication title: New York Times
Publication date: Mar 4, 2014
ProQuest document ID: 1503387563
{_RULE}

Document 3 of 3

Kyiv rallies for unity
Abstract: Sumy and Kharkiv held rallies for a united Ukraine on Tuesday.
Publication title: Kyiv Post
Publication date: Mar 5, 2014
ProQuest document ID: 1503387564
{_RULE}
"""

_PROQUEST_WORDS = re.compile(
    r"ProQuest|Publication|Subject:|Database|Copyright|Document|Table of contents|Credit:"
)


def test_a_proquest_export_is_one_article_a_record(tmp_path):
    path = tmp_path / "ProQuestDocuments-2014-03-04.txt"
    path.write_text(PROQUEST)
    reading = read_file(path)
    assert reading.kind == "proquest"
    guardian, times, post = reading.articles
    assert (
        guardian.title,
        guardian.author,
        guardian.site,
        guardian.published,
        guardian.section,
    ) == (
        "Ukraine mobilises reservists as Russia tightens grip on Crimea",
        "Shaun Walker",
        "The Guardian; London (UK)",
        "2014-03-03",
        "World news",
    )
    assert guardian.url == "https://www.proquest.com/docview/1503387562?accountid=1"
    assert guardian.text.split("\n\n") == [
        "Russian forces tightened their grip on the Crimean peninsula on Sunday as the new "
        "government in Kiev called up military reservists.",
        '"This is a red alert," said Arseniy Yatsenyuk, the Ukrainian prime minister.',
    ]
    assert (times.author, times.published, times.text) == (
        "Michael R Gordon",
        "2014-03-04",
        "Western leaders weighed their options on Monday.",
    )
    # A record without full text keeps its abstract: the only words it has.
    assert post.text == "Sumy and Kharkiv held rallies for a united Ukraine on Tuesday."
    _clean_and_mapped(path, reading.articles, _PROQUEST_WORDS)


def test_an_export_indexed_before_as_plain_text_is_read_again(tmp_path):
    """Store version 21: a file whose text holds ProQuest's fields is read again."""
    lib, summary = updated_from_version(
        tmp_path, {"proquest.txt": PROQUEST}, 20, "UPDATE articles SET text = 'Full text: ' || text"
    )
    assert summary.updated == 3
    lib.close()
