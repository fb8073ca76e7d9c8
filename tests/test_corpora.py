"""Ingestion on real public collections (../shared/corpora/), against their own structure.

The figures are deterministic: the same files give the same articles, titles and dates
on every run. The truth comes from tests/benchmarks/fidelity.py, which reads each
source with plain regular expressions and lxml, never with the app's readers.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

import pytest

from indexer.ingest import read_file
from tests.benchmarks import fidelity

CORPORA = fidelity.CORPORA
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")


@pytest.fixture(scope="module")
def scores() -> dict[str, fidelity.Score]:
    return {s.collection: s for s in fidelity.run()}


@needs_corpora
def test_reuters_two_files_are_two_thousand_stories_with_titles_dates_and_bodies(scores):
    s = scores["reuters-21578"]
    assert (s.files, s.articles, s.expected, sum(s.skipped.values())) == (2, 2000, 2000, 0)
    assert s.titles_right == 2000 and s.dates_right == s.dated == 2000
    assert s.recall >= 0.995 and s.precision >= 0.99


@needs_corpora
def test_reuters_keeps_tickers_datelines_and_paragraphs():
    articles = read_file(CORPORA / "reuters-21578" / "reut2-004.sgm").articles
    empire = next(a for a in articles if a.title.startswith("FORMER EMPIRE OF CAROLINA"))
    assert empire.title == "FORMER EMPIRE OF CAROLINA <EMP> EXEC SENTENCED"  # &lt;EMP> kept
    assert empire.text.startswith("NEW YORK, March 11 - Mason Benson, former president")
    assert empire.published == "1987-03-11"
    paragraphs = empire.text.split("\n\n")
    # The hard wrap is undone inside a paragraph; indented starts begin new ones.
    assert (
        len(paragraphs) == 4
        and "in jail for his involvement in a kickback scheme." in paragraphs[0]
    )
    briefs = [a for a in articles if not a.text]
    assert len(briefs) == 98 and all(a.title and not a.title_derived for a in briefs)


@needs_corpora
def test_newsgroup_posts_are_titled_by_subject_and_authored_by_from(scores):
    s = scores["20newsgroups"]
    assert (s.files, s.articles, s.titles_right) == (500, 500, 500)
    assert s.recall >= 0.99 and s.precision >= 0.99
    for path in sorted((CORPORA / "20newsgroups").rglob("*"))[::25]:
        if not path.is_file():
            continue
        raw = path.read_text(encoding="latin-1")
        [article] = read_file(path).articles
        header = raw.split("\n\n", 1)[0]
        name, address = parseaddr(re.search(r"^From:(.*)$", header, re.M).group(1))
        assert article.author in (name, address)
        assert not re.search(r"^(?:From|Subject|Organization|Lines):", article.text, re.M)


@needs_corpora
def test_a_post_keeps_its_quotes_short_lines_and_signature():
    [post] = read_file(CORPORA / "20newsgroups" / "sci.space" / "61356").articles
    assert post.text.startswith("> I would appreciate any thoughts")
    assert post.text.endswith("Paul F. Dietz\n\ndietz@cs.rochester.edu")


@needs_corpora
def test_every_feed_item_is_an_article_with_its_own_title_and_date(scores):
    s = scores["feeds"]
    # 66 items in nine feeds (two gzipped without a .gz name, one not well-formed),
    # and one web page that is not a feed.
    assert (s.files, s.articles, s.expected, sum(s.skipped.values())) == (10, 67, 67, 0)
    assert s.titles_right == 67 and s.dates_right == s.dated == 63
    assert s.recall >= 0.99


@needs_corpora
def test_feed_bodies_are_content_not_media_credits():
    articles = read_file(CORPORA / "feeds" / "rss2sample.xml").articles
    assert [a.title for a in articles][:1] == ["Star City"]
    assert articles[0].text.startswith("How do Americans get ready to work with Russians")
    assert articles[0].url == "http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp"
    russian = read_file(CORPORA / "feeds" / "compressed.xml").articles
    assert len(russian) == 10 and russian[0].title.startswith("В Бузулуке")


@needs_corpora
def test_books_keep_every_chapter_heading_and_no_replacement_characters(scores):
    s = scores["gutenberg"]
    assert s.titles_right == 2 and s.recall >= 0.995 and s.replacement_chars == 0
    [moby] = read_file(CORPORA / "gutenberg" / "pg2701.txt").articles
    assert (moby.title, moby.author) == ("Moby Dick; Or, The Whale", "Herman Melville")
    assert "CHAPTER 1. Loomings." in moby.text and "CHAPTER 135. The Chase.—Third Day." in moby.text
    assert "Ahab’s Boat and Crew" in moby.text  # cp1252 quote, decoded right
    [frankenstein] = read_file(CORPORA / "gutenberg" / "pg84.txt").articles
    assert "Letter 1" in frankenstein.text and "Chapter 24" in frankenstein.text
    # The licence after the (indented) END marker is the format's, not the book's.
    assert "PROJECT GUTENBERG" not in frankenstein.text.upper()[-3000:]


@needs_corpora
def test_conll_documents_are_all_indexed_with_their_dateline_dates(scores):
    s = scores["conll2003-dev"]
    assert (s.files, s.articles, s.titles_right) == (216, 216, 216)
    assert s.dates_right == s.dated == 214
    assert s.recall >= 0.995
    [result] = read_file(CORPORA / "conll2003-dev" / "conll_004.txt").articles
    assert result.title == "BASKETBALL - INTERNATIONAL TOURNAMENT RESULT ."  # as written
    assert result.text.startswith("BELGRADE 1996-08-30")  # the dateline stays text
    assert result.published == "1996-08-30"


def test_the_sample_archive_keeps_its_thirteen_articles_and_titles(scores):
    s = scores["sample archive (seeds/)"]
    assert (s.files, s.articles, s.titles_right) == (5, 13, 13), s.misses


def test_the_fidelity_command_prints_one_row_per_collection(capsys):
    fidelity.main()
    table = capsys.readouterr().out
    assert "| sample archive (seeds/) | 5 | 13 (13) | 0 | 13/13 |" in table
    if CORPORA.is_dir():
        assert "| reuters-21578 | 2 | 2000 (2000) |" in table


@needs_corpora
def test_provenance_maps_every_corpus_article_back_to_its_words_in_the_file():
    from indexer.ingest import source_text

    for path in [
        CORPORA / "reuters-21578" / "reut2-003.sgm",
        CORPORA / "20newsgroups" / "sci.space" / "61356",
        CORPORA / "conll2003-dev" / "conll_000.txt",
        CORPORA / "gutenberg" / "pg84.txt",
    ]:
        source = source_text(path)
        for article in read_file(path).articles[:50]:
            smap = article.source_map
            for offset in range(0, len(article.text), max(1, len(article.text) // 40)):
                char = article.text[offset]
                if char.isalnum():
                    assert source[smap.to_source(offset, article.text, source)] == char, path
