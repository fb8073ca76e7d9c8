"""Indexing a folder and searching it, with real files and a real Whoosh index."""

from __future__ import annotations

import logging
import random
import shutil

import pytest

from indexer.library import Library
from indexer.query import QuerySyntaxError
from tests.conftest import SEEDS, drain


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    shutil.copytree(SEEDS, folder)
    return folder


def test_index_then_nothing_to_do_on_a_second_run(tmp_path, archive):
    library = Library(tmp_path / "index")
    first = drain(library.update(archive))
    assert (first.added, first.updated, first.removed) == (13, 0, 0)
    second = drain(library.update(archive))
    assert not second.changed and second.unchanged == 13
    assert "nothing to do" in second.describe()


def test_ids_are_stable_and_edits_update_in_place(tmp_path, archive):
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    before = {a.title: a.id for a in library.articles()}
    target = archive / "003_4b4187577e639853.txt"
    target.write_text(
        target.read_text() + "\nA new closing paragraph was added to this article today.\n"
    )
    summary = drain(library.update(archive))
    assert (summary.added, summary.updated, summary.removed) == (0, 1, 0)
    assert {a.title: a.id for a in library.articles()} == before
    hit_ids = [h.id for h in library.searcher().search('"closing paragraph"').hits]
    assert len(hit_ids) == 1 and library.article(hit_ids[0]).source == str(target)


def test_removed_files_leave_the_index(tmp_path, archive):
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    (archive / "002_29373696a4d02df1.txt").unlink()
    summary = drain(library.update(archive))
    assert summary.removed == 9
    assert len(library.articles()) == 4
    assert library.searcher().search("Pyongyang").total == 0


def test_an_exact_duplicate_is_indexed_once(tmp_path, archive):
    shutil.copy(archive / "003_4b4187577e639853.txt", archive / "copy-of-003.txt")
    library = Library(tmp_path / "index")
    summary = drain(library.update(archive))
    assert summary.duplicates == 1 and summary.added == 13
    assert library.searcher().search("Donetsk relinquish").total == 1


def test_cancelling_a_run_keeps_the_previous_index(tmp_path, archive):
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    (archive / "new.txt").write_text("Fresh Headline About Wolves\n" + "Wolves were seen. " * 40)
    (archive / "003_4b4187577e639853.txt").unlink()
    run = library.update(archive)
    next(run), next(run)  # scanned, and in the middle of the text phase
    run.close()  # what the window's Cancel does
    assert len(library.articles()) == 13
    assert library.searcher().search("wolves").total == 0
    assert library.searcher().search("Donetsk").total >= 1
    summary = drain(library.update(archive))  # and the next run finishes the job
    assert (summary.added, summary.removed) == (1, 1)


def test_bad_files_are_skipped_with_reasons(tmp_path, archive, caplog):
    caplog.set_level(logging.INFO, logger="indexer.library")
    (archive / "empty.txt").write_bytes(b"")
    (archive / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    (archive / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    library = Library(tmp_path / "index")
    summary = drain(library.update(archive))
    reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in summary.skipped}
    assert reasons == {
        "empty.txt": "empty file",
        "binary.txt": "binary content (NUL bytes)",
        "dangling.txt": "broken link",
    }
    assert summary.added == 13
    logged = [r.getMessage() for r in caplog.records if r.name == "indexer.library"]
    assert any(m.startswith("skipped ") and m.endswith("empty.txt: empty file") for m in logged)


def test_search_ranks_and_highlights(tmp_path, archive):
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    results = library.searcher().search("prisoner")
    assert results.total >= 5
    assert results.hits == sorted(results.hits, key=lambda h: -h.score)
    for hit in results.hits:
        marked = [hit.snippet.text[s:e].lower() for s, e in hit.snippet.spans]
        assert marked and all(m.startswith("prisoner") for m in marked)


def test_phrase_and_title_queries(tmp_path, archive):
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    searcher = library.searcher()
    assert searcher.search('"Axis of Evil"').total == 1
    assert searcher.search("title:Pentagon").hits[0].title.endswith("Pentagon")
    assert searcher.search("").total == 13  # an empty query lists the archive


def test_a_bad_query_is_a_readable_error(tmp_path, archive):
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    with pytest.raises(QuerySyntaxError):
        library.searcher().search("AND OR NOT")


def test_searching_before_anything_is_indexed_then_after(tmp_path, archive):
    """Regression: refreshing a searcher opened on an index with no segments crashed."""
    library = Library(tmp_path / "index")
    searcher = library.searcher()
    assert searcher.search("prisoner").total == 0
    drain(library.update(archive))
    assert searcher.search("prisoner").total >= 5


def test_one_searcher_follows_several_commits(tmp_path, archive):
    """Regression: closing the old searcher after refresh() closed readers it shared."""
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    searcher = library.searcher()
    assert searcher.search("Pyongyang").total >= 1
    for n in range(3):
        rng = random.Random(n)
        vocabulary = "pond river reed fish winter spring bank nest dam mud stone light".split()
        body = "Otters " + " ".join(rng.choice(vocabulary) for _ in range(200)) + "."
        (archive / f"extra{n}.txt").write_text(f"Otters Return {n}\n{body}")
        drain(library.update(archive))
        assert searcher.search("otters").total == n + 1
        assert searcher.search("Pyongyang").total >= 1


def test_the_total_counts_every_match_not_just_the_first_page(tmp_path, archive):
    """A bug: counting while scoring missed the articles that matched only in the text
    once the first page was full of title matches (Whoosh's matcher replacement)."""
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    searcher = library.searcher()
    for query in ("prisoner", "drones", "Ukraine", "war OR talks", "Russia AND NOT Kursk"):
        every = searcher.matched_ids(query)
        for limit in (1, 2, 20):
            assert searcher.search(query, limit=limit).total == len(every), (query, limit)


def test_ranking_is_whooshs_bm25f_with_the_lengths_listed(tmp_path, archive):
    """Our scorer reads field lengths from a list; the scores must be Whoosh's own."""
    from whoosh.scoring import BM25F

    from indexer.query import parse_query
    from indexer.search import QUERY_SCHEMA

    library = Library(tmp_path / "index")
    drain(library.update(archive))
    ours = library.searcher()
    for text in ("prisoner", "drones attack", '"air defense"', "Russia OR talks", "negotiat*"):
        got = [(h.id, round(h.score, 9)) for h in ours.search(text, limit=13).hits]
        words = library.words_index.reader()
        with library.index.searcher(weighting=BM25F()) as plain:
            hits = plain.search(parse_query(QUERY_SCHEMA, text, None, words), limit=13)
            expected = [(h["id"], round(h.score, 9)) for h in hits]
        assert got == expected, text


def test_the_words_index_counts_the_articles_using_each_word(tmp_path, archive):
    """Expansions and did-you-mean read the unstemmed words from the words index, the
    commonest first; its frequencies are numbers of articles."""
    from indexer.analysis import words_of

    library = Library(tmp_path / "index")
    drain(library.update(archive))
    lexicon = library.words_index.reader()
    articles = library.articles()
    for word in ("prisoner", "drones", "ukraine", "kyiv", "pentagon"):
        full = [library.article(a.id) for a in articles]
        using = sum(word in words_of(a.text) | words_of(a.title) for a in full)
        assert using and lexicon.frequency("word", word) == using, word
    assert library.searcher().suggest("prisonr") == "prisoner"


def test_a_large_run_is_saved_in_parts(tmp_path, archive, monkeypatch):
    """Each part of a long run is searchable once saved, and a cancel keeps the parts
    already saved; the next run does the rest."""
    from indexer import library as library_module

    monkeypatch.setattr(library_module, "TEXT_COMMIT_EVERY", 4)
    library = Library(tmp_path / "index")
    run = library.update(archive)
    for progress in run:
        if progress.detail == "saving the index":
            break
    next(run)  # past the first part's commit
    run.close()
    kept = len(library.articles())
    assert 4 <= kept < 13
    assert library.searcher().search("").total == kept
    assert len(library.index._segments()) >= 1
    summary = drain(library.update(archive))
    assert summary.added == 13 - kept
    assert len(library.articles()) == 13
    assert library.searcher().search("Donetsk").total >= 1


def test_articles_left_in_the_index_by_a_run_that_died_are_replaced_not_doubled(tmp_path, archive):
    """A run that dies after the index's commit and before the database's leaves
    articles in the index that the database does not know; the next run reads their
    file again and must replace them (a new article is deleted from the index first
    only when the index holds it)."""
    library = Library(tmp_path / "index")
    drain(library.update(archive))
    before = library.searcher().search("Pyongyang").total
    source = str(archive / "002_29373696a4d02df1.txt")
    store = library.store
    with store.transaction():  # the database as if its commit was lost
        for article in store.articles_of(source).values():
            store.delete_article(article.id)
        store.drop_file(source)
    assert len(library.articles()) == 4
    assert library.index.doc_count() == 13  # the index still has all 13
    summary = drain(library.update(archive))
    assert summary.added == 9
    assert len(library.articles()) == 13
    assert library.index.doc_count() == 13  # each once
    assert library.searcher().search("Pyongyang").total == before > 0


def test_large_segments_are_never_merged_and_small_ones_are(tmp_path, monkeypatch):
    """The text index merges only small segments (small updates): Whoosh's own rule
    merged nearly the whole index, a posting at a time, once it had 26 segments."""
    from indexer import codec
    from indexer import library as library_module
    from tests.benchmarks.corpus import write_corpus

    folder = tmp_path / "twelve"
    write_corpus(folder, 12)  # a file an article
    monkeypatch.setattr(library_module, "TEXT_COMMIT_EVERY", 2)
    monkeypatch.setattr(codec, "SMALL_SEGMENT", 2)  # parts of 2 articles are "large"
    library = Library(tmp_path / "large")
    drain(library.update(folder))
    sizes = [s.doc_count_all() for s in library.index._segments()]
    assert sizes == [2] * 6  # Whoosh's rule merged all six into one

    monkeypatch.setattr(codec, "SMALL_SEGMENT", 3)  # now every part is small
    library = Library(tmp_path / "small")
    drain(library.update(folder))
    sizes = [s.doc_count_all() for s in library.index._segments()]
    assert sum(sizes) == 12 and len(sizes) <= 3
    assert library.searcher().search("").total == 12


def test_the_whole_archives_counts_are_kept_until_the_database_changes(tmp_path):
    """At 100k articles the whole archive's name counts take seconds and every empty
    query asks for them: they are kept, and read again once anything changes, by this
    connection or another one, but not for a query's own list of ids."""
    from indexer.store import ArticleStore

    library = Library(tmp_path / "home")
    drain(library.update(SEEDS))
    store = library.store
    path = store.path
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    first = store.field_counts()
    assert any("GROUP BY" in s for s in statements)
    statements.clear()
    ids = [a.id for a in library.articles()][:3]
    store.field_counts(ids)  # a query's facets: its ids go to a temporary table
    statements.clear()
    assert store.field_counts() == first
    assert not any("GROUP BY" in s for s in statements)  # kept
    other = ArticleStore(path)  # another connection changes a section
    with other.transaction():
        other._db.execute("UPDATE articles SET section = 'Elsewhere' WHERE id = ?", (ids[0],))
    other.close()
    again = dict(store.field_counts()["Section"])
    assert again.get("Elsewhere") == 1
    with store.transaction():  # and this connection
        store._db.execute("UPDATE articles SET section = 'Here' WHERE id = ?", (ids[1],))
    assert dict(store.field_counts()["Section"]).get("Here") == 1


def test_counting_names_reads_the_articles_story_from_an_index(tmp_path):
    """Each name of an article is joined to the article's story and copy mark: read
    from the table (through the id's index, then the row past its text) that took 7 to
    9 s for the whole archive at 100k articles. A covering index serves it."""
    library = Library(tmp_path / "home")
    drain(library.update(SEEDS))
    store = library.store
    plans: list[str] = []
    original = store._db.execute

    class Explaining:
        def __getattr__(self, name):
            return getattr(store._db_real, name)

        def execute(self, sql, *args):
            if "FROM article_entities e JOIN articles a" in sql:
                plans.extend(r[3] for r in original("EXPLAIN QUERY PLAN " + sql, *args))
            return original(sql, *args)

    store._db_real = store._db
    store._db = Explaining()
    try:
        store.entity_counts(per_kind=5)
    finally:
        store._db = store._db_real
    assert any("SEARCH a USING COVERING INDEX articles_story_of" in p for p in plans), plans


POST = """From: bil@okcforum.edu (Bill Conner)
Subject: Re: Lord, Liar, or Lunatic

In article <11838@vice.ICO.TEK.COM>, bobbe@vice.ICO.TEK.COM wrote:

> Someone spank me if I'm wrong, but didn't Lord, Liar, or Lunatic originate
> with C.S. Lewis?  Who's this Campollo fellow anyway?  I have been asking this
> for a long time now and nobody in this newsgroup has answered it so far.

There is a similar statement attributed to Anselm, "I believe so that I may
understand".  In both cases reason is somewhat less exalted than anyone posting
here could accept, which means that neither statement can be properly analysed.
"""


@pytest.mark.parametrize(
    ("version", "older"),
    [
        (12, ("originate with", "originate > with")),
        (13, ("Lunatic originate", "Lunatic\n\noriginate")),
    ],
)
def test_files_read_by_older_reading_rules_are_read_again_once(tmp_path, version, older):
    """Store versions 13 and 14 changed how a post's quoted lines read: an archive
    indexed before keeps its files (same size and time), so without reading them
    again it would keep the old reading for good. Each such migration makes the next
    update read every file once; an article whose text comes out the same stays. A
    reading that only joins paragraphs is a change too: the text's fingerprint, which
    ignores white space, said it was the same, and version 14 changed nothing."""
    import sqlite3

    from indexer.article import content_hash

    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "1001").write_text(POST)
    (folder / "1002").write_text(POST.replace("Anselm", "Augustine"))
    lib = Library(tmp_path / "index")
    drain(lib.update(folder))
    new = {a.id: lib.article(a.id) for a in lib.articles()}
    lib.close()
    # The archive as an older version left it: an older reading of the text.
    changed = sorted(new)[0]
    old_text = new[changed].text.replace(*older)
    assert old_text != new[changed].text
    db = sqlite3.connect(tmp_path / "index" / "articles.sqlite")
    db.execute(
        "UPDATE articles SET text = ?, digest = ? WHERE id = ?",
        (old_text, content_hash(old_text, new[changed].title), changed),
    )
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()

    again = Library(tmp_path / "index")
    summary = drain(again.update(folder))
    assert again.article(changed).text == new[changed].text
    assert (summary.updated, summary.unchanged, summary.added) == (1, 1, 0)
    assert drain(again.update(folder)).unchanged == 2  # once only
    again.close()


def _names_queued_by_migration(
    tmp_path, files: dict, version: int, monkeypatch=None
) -> dict[str, int]:
    """Index `files` (name: text), mark every article's names found, reopen the store
    as one of `version`: each file's `entities_done`. The migrations after `version`
    run; with `monkeypatch`, only the next one (a later one may queue every article)."""
    import sqlite3

    from indexer import store

    folder = tmp_path / "archive"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    lib = Library(tmp_path / "index")
    drain(lib.update(folder))
    ids = {a.source.rsplit("/", 1)[-1]: a.id for a in lib.articles()}
    lib.close()
    db = sqlite3.connect(tmp_path / "index" / "articles.sqlite")
    db.execute("UPDATE articles SET entities_done = 1")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    if monkeypatch is not None:
        monkeypatch.setattr(store, "_SCHEMA", store._SCHEMA[: version + 1])
    Library(tmp_path / "index").close()
    if monkeypatch is not None:
        monkeypatch.undo()
    db = sqlite3.connect(tmp_path / "index" / "articles.sqlite")
    done = dict(db.execute("SELECT id, entities_done FROM articles"))
    db.close()
    return {name: done[article_id] for name, article_id in ids.items()}


def test_names_are_found_again_for_articles_that_write_an_address(tmp_path, monkeypatch):
    """Store version 15: names inside addresses are no names any more, so the articles
    that write an address (and only those: recognition is slow) are queued again."""
    done = _names_queued_by_migration(
        tmp_path,
        {
            "1001": POST,
            "plain.txt": "A plain story\n\nNothing here has an address in it at all.",
            "mail.txt": "Write to us\n\nSend it to jane@example.org today, please.",
        },
        14,
        monkeypatch,
    )
    assert done["mail.txt"] == 0 and done["plain.txt"] == 1
    assert done["1001"] == 0  # "In article <11838@vice.ICO.TEK.COM>"


def test_names_are_found_again_for_every_article_by_version_26(tmp_path):
    """Store version 26: new name rules, one of which (a surname that is also a place)
    no query can find the articles of; every article's names are found again."""
    stories = {
        "caps.txt": "VOLCKER SAYS INFLATION A CONCERN\n\nThe Fed chairman spoke on Tuesday.",
        "sport.txt": "Finals\n\nMichael Jordan scored 30. Jordan said he was tired.",
    }
    assert _names_queued_by_migration(tmp_path, stories, 25) == {"caps.txt": 0, "sport.txt": 0}
    assert _names_queued_by_migration(tmp_path / "again", stories, 26) == {
        "caps.txt": 1,
        "sport.txt": 1,
    }


def test_a_folder_of_headlines_without_text_is_indexed(tmp_path):
    """Every article of a part without text (a feed of headlines alone, a Reuters brief
    alone in its file) made Whoosh's commit fail: "memoryview: cannot cast view with
    zeros in shape or strides", and nothing of the folder was indexed."""
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "headlines.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Grain exports rise in March</title><pubDate>Mon, 09 Mar 1987"
        " 10:00:00 GMT</pubDate></item>"
        "<item><title>Copper output falls</title></item>"
        "</channel></rss>"
    )
    library = Library(tmp_path / "index")
    summary = drain(library.update(folder))
    assert summary.added == 2 and not summary.skipped
    assert [a.text for a in library.articles()] == ["", ""]
    assert library.searcher().search("copper").total == 1
