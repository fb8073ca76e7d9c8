"""The fast text phase is the same text phase: whole-text analysis equals Whoosh's
analyzer chain, reading workers build the same index as reading in this process,
and a cancelled run or a dead worker leaves nothing running and nothing lost."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import shutil
import signal
import time
from pathlib import Path

import pytest

from indexer import near_duplicates
from indexer.analysis import Lexicon, analysed
from indexer.batch_postings import ProseField, WordSetField
from indexer.ingest.boilerplate import find_boilerplate
from indexer.library import Library
from indexer.read_ahead import files_read
from indexer.schema import prose_analyzer
from indexer.word_tally import WordTally
from tests.conftest import SEEDS, drain
from tests.test_codec import decoded, every_posting

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def corpus_texts(limit: int = 60) -> list[str]:
    if not CORPORA.is_dir():
        pytest.skip("the real corpora (../shared/corpora) are not here")
    texts = [p.read_text(errors="replace") for p in sorted(SEEDS.iterdir()) if p.is_file()]
    for folder in ("20newsgroups", "conll2003-dev", "reuters-21578"):
        files = sorted(p for p in (CORPORA / folder).rglob("*") if p.is_file())
        texts += [p.read_text(errors="replace") for p in files[:limit]]
    texts.append("Ünïcödé façade, U.S. and U.N. e-mail; 3.5% of 1,000 Kyiv's — ok.\n\tEnd")
    # Where words and full stops meet (analysis.words_and_offsets reads these again).
    texts += ["U.S.A said", "a.b..c.d", "e.g. x", "3.5.", "x._y", "end.", ".start", "a.b"]
    texts += ["www.example.com/x.y?z=1.2", "", "...", "A.B.C.D.E", "1.2.3", "é.ü.", ".a.b."]
    return texts


def test_whole_text_analysis_equals_whooshs_analyzer_chain():
    chain = prose_analyzer()
    for text in corpus_texts():
        found = analysed(text)
        expected = [
            (t.text, t.pos, t.startchar, t.endchar)
            for t in chain(text, positions=True, chars=True, mode="index")
        ]
        mine = [
            (found.stems[i], pos, start, end)
            for pos, (i, start, end) in enumerate(
                zip(found.index.tolist(), found.starts.tolist(), found.ends.tolist(), strict=True)
            )
        ]
        assert mine == expected
        names = {t.text for t in (chain[0] | chain[1] | chain[2])(text)}
        assert found.words == names  # the words as written, folded, unstemmed


def test_an_articles_fingerprint_folds_white_space_as_splitting_does():
    """content_hash skips splitting a text into words when its paragraph breaks are
    its only white space besides single spaces; the fingerprint (kept in every
    archive) must be the one splitting gives, whatever the text holds."""
    from indexer.article import _spaces_folded

    odd = ["\t", "\u00a0", "\u2028", "\u2029", "\x1c", "\x85", "\u3000", "\r", "\x0b", "\xad"]
    texts = ["", " ", "a", "a b", "a\n\nb", "a\n\n b", " a", "a ", "a  b", "a\nb", "\n\na"]
    texts += ["a\n\n\nb", "a\n\n\n\nb", *(f"a{c}b" for c in odd), *(f"a\n\n{c}b" for c in odd)]
    texts += corpus_texts(20)
    for text in texts:
        assert _spaces_folded(text) == " ".join(text.split()), repr(text[:40])


def _terms(field) -> list[tuple]:
    return [(term, *(bytes(part) for part in lists)) for term, *lists in field.terms()]


def test_a_workers_numbered_texts_give_the_same_postings_across_lexicons():
    """The writer looks a worker's texts up by their lexicon numbers (arrays kept per
    lexicon), and a worker starts its lexicon again past LEXICON_KEPT words: postings,
    word sets and word counts are those of texts read here, and a text numbered by
    the old lexicon keeps its words after the new one starts."""
    texts = corpus_texts(8)
    worker, writer = Lexicon(), Lexicon()
    numbered = (ProseField(3), WordSetField(), WordTally())
    plain = (ProseField(3), WordSetField(), WordTally())
    early = []
    for docnum, text in enumerate(texts):
        if docnum == len(texts) // 2:
            worker = Lexicon()  # started again: its next news begins at 0
        sent, title = analysed(text), analysed(text[:60])
        worker.number(sent)
        worker.number(title)
        sent, title = pickle.loads(pickle.dumps((sent, title)))
        writer.extend(worker.news())
        sent.resolve(writer)
        title.resolve(writer)
        assert sent.numbered is not None and sent.lexicon is writer.words
        for (prose, word_set, tally), (t, x) in (
            (numbered, (title, sent)),
            (plain, (analysed(text[:60]), analysed(text))),
        ):
            prose.add(docnum, x, 1.0)
            word_set.add(docnum, x, 1.0)
            tally.add(t, x)
        if docnum < 3:
            early.append((sent, analysed(text)))
    assert len({id(text.lexicon) for text, _ in early} | {id(writer.words)}) == 2
    for sent, fresh in early:  # read after the lexicon started again
        assert (sent.distinct, sent.stems, sent.folded) == (
            fresh.distinct,
            fresh.stems,
            fresh.folded,
        )
    assert _terms(numbered[0]) == _terms(plain[0])
    assert _terms(numbered[1]) == _terms(plain[1])
    assert numbered[2].counts() == plain[2].counts()


def test_an_analysed_text_travels_to_another_process_whole():
    for text in corpus_texts(5):
        found = analysed(text)
        back = pickle.loads(pickle.dumps(found))
        assert str(back) == str(found) and type(back) is type(found)
        assert back.tokens == found.tokens and back.stems == found.stems
        assert back.words == found.words
        assert back.starts.tolist() == found.starts.tolist()
        assert back.ends.tolist() == found.ends.tolist()


def test_a_copy_is_weighed_by_its_signature_before_its_text():
    texts = corpus_texts(20)
    story = max(texts, key=len)
    edited = story.replace("the", "a", 3) + " One more sentence at the end of the copy."
    own = near_duplicates.shingles(story)
    signature = near_duplicates.signature(own)
    copy_signature = near_duplicates.signature(near_duplicates.shingles(edited))
    assert near_duplicates.is_copy(own, near_duplicates.shingles(edited))
    assert near_duplicates.could_be_copy(signature, copy_signature.tobytes())
    others = [t for t in texts if t is not story and len(t) > 500]
    assert others
    for other in others:
        theirs = near_duplicates.signature(near_duplicates.shingles(other))
        assert not near_duplicates.could_be_copy(signature, theirs.tobytes())
    assert near_duplicates.could_be_copy(signature, None)  # not known: compare the texts


def mixed_archive(tmp_path) -> Path:
    """The sample archive, real newsgroup posts, feeds and a Reuters file."""
    if not CORPORA.is_dir():
        pytest.skip("the real corpora (../shared/corpora) are not here")
    folder = tmp_path / "archive"
    shutil.copytree(SEEDS, folder)
    posts = sorted(p for p in (CORPORA / "20newsgroups").rglob("*") if p.is_file())
    for post in posts[::5]:
        shutil.copy(post, folder / f"post-{post.parent.name}-{post.name}")
    shutil.copytree(CORPORA / "feeds", folder / "feeds")
    shutil.copy(CORPORA / "reuters-21578" / "reut2-003.sgm", folder)
    # A syndicated copy with an edit, and an exact copy: groups and duplicates too.
    story = folder / "003_4b4187577e639853.txt"
    (folder / "syndicated.txt").write_text(story.read_text().replace("said", "told reporters", 2))
    shutil.copy(story, folder / "exact-copy.txt")
    return folder


def stored(library: Library) -> list[tuple]:
    rows = library.store._db.execute(
        "SELECT id, title, text, words, digest, coalesce(group_id, id), duplicate_of, minhash,"
        " (SELECT group_concat(key) FROM (SELECT key FROM lsh WHERE article_id = id"
        " ORDER BY key)) FROM articles LEFT JOIN minhashes ON article_id = id ORDER BY id"
    )
    return [tuple(r) for r in rows]


def word_counts(library: Library) -> dict[str, float]:
    with library.words_index.searcher() as searcher:
        reader = searcher.reader()
        return {term.decode(): reader.frequency("word", term) for _, term in reader.all_terms()}


def test_reading_workers_build_the_same_index_as_reading_here(tmp_path):
    folder = mixed_archive(tmp_path)
    here = Library(tmp_path / "here")
    here.read_workers = 0
    ahead = Library(tmp_path / "ahead")
    ahead.read_workers, ahead.read_ahead_from = 1, 0
    first, second = drain(here.update(folder)), drain(ahead.update(folder))
    assert first.added == second.added > 1_000
    assert (first.duplicates, first.skipped) == (second.duplicates, second.skipped)
    rows = stored(here)
    assert rows == stored(ahead)
    assert sum(row[7] is not None and row[8] is not None for row in rows) > 1_000
    assert every_posting(here.index, decoded) == every_posting(ahead.index, decoded)
    # The words index: each word with the number of articles that use it.
    assert word_counts(here) == word_counts(ahead)
    assert word_counts(here)["the"] > 500
    groups = {row[5] for row in stored(here) if row[6] is None}
    assert len(groups) < first.added - first.duplicates  # the syndicated copy joined its story


def _children() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.is_alive()]


def _until_gone(timeout: float = 20.0) -> list:
    deadline = time.monotonic() + timeout
    while _children() and time.monotonic() < deadline:
        time.sleep(0.1)
    return _children()


def test_a_cancelled_run_stops_its_reading_workers_and_keeps_the_old_index(tmp_path):
    folder = mixed_archive(tmp_path)
    library = Library(tmp_path / "home")
    library.read_workers, library.read_ahead_from = 1, 0
    (folder / "reut2-003.sgm").unlink()
    drain(library.update(SEEDS))
    before = library.searcher().search("").total
    run = library.update(folder)
    for _, progress in zip(range(40), run, strict=False):
        assert progress.phase in ("scan", "text")
    assert _children()  # the reading worker is at work
    run.close()
    assert _until_gone() == []
    assert library.searcher().search("").total == before


def test_a_reading_worker_that_dies_leaves_the_rest_to_this_process(tmp_path):
    folder = mixed_archive(tmp_path)
    todo = [(p, p.stat()) for p in sorted(folder.rglob("*")) if p.is_file()]
    reads = files_read(todo, find_boilerplate([]), workers=1, read_ahead_from=0)
    got = [next(reads)]
    for worker in _children():
        os.kill(worker.pid, signal.SIGKILL)
    got += list(reads)
    assert [r.path for r in got] == [p for p, _ in todo]
    assert all(r.reading.articles or r.reading.skipped for r in got)
    assert _until_gone() == []


def test_files_are_read_here_when_no_worker_can_start(tmp_path, monkeypatch):
    """A platform without the fork server, or a pool that fails to start: the files
    are read in this process, all of them, in order."""
    from indexer import read_ahead

    def cannot_start(workers, boilerplate):
        raise ValueError("cannot find context for 'forkserver'")

    monkeypatch.setattr(read_ahead, "_start", cannot_start)
    todo = [(p, p.stat()) for p in sorted(SEEDS.iterdir()) if p.is_file()]
    got = list(files_read(todo, frozenset(), workers=1, read_ahead_from=0))
    assert [r.path for r in got] == [p for p, _ in todo]
    assert sum(len(r.articles) for r in got) == 13


def test_near_duplicate_candidates_most_shared_first_with_their_signatures(tmp_path):
    """Candidates are counted from a plain key lookup (the SQL grouping and join cost
    five times as much): most shared keys first, ties in key order, never the article
    itself, at most `limit`, each with its stored signature."""
    from indexer.article import Article, ParsedArticle
    from indexer.store import ArticleStore

    store = ArticleStore(tmp_path / "articles.sqlite")
    keys = {"a": [1, 2, 3], "b": [2, 3, 4], "c": [3, 9], "d": [7, 8], "me": [1, 2, 3, 4]}
    with store.transaction():
        for n, (name, own) in enumerate(keys.items()):
            article = Article.from_parsed(ParsedArticle(name, f"text {name}"), "/f.txt", n)
            article.id = name
            store.put_article(article, group=(name, own, name.encode() * 8), fresh=True)
    found = store.near_duplicate_candidates(keys["me"], "me")
    assert found == [("a", b"a" * 8), ("b", b"b" * 8), ("c", b"c" * 8)]
    assert store.near_duplicate_candidates(keys["me"], "me", limit=1) == [("a", b"a" * 8)]
    assert store.near_duplicate_candidates([5, 6], "me") == []
    assert store.near_duplicate_candidates([], "me") == []
    store.close()


def test_reading_runs_ahead_through_a_commit_but_never_past_its_bytes(tmp_path):
    """Workers keep reading while the writer saves a part (small files: many tasks in
    flight), but large files wait on disk, not in memory: one task per worker always,
    more only while the files in flight stay under AHEAD_BYTES."""
    from indexer import read_ahead

    small = tmp_path / "small.txt"
    small.write_text("A line of news.\n" * 200)
    large = tmp_path / "large.txt"
    with large.open("wb") as f:
        f.truncate(read_ahead.AHEAD_BYTES // 4)  # sparse: its size is what counts
    small_chunk = [(small, small.stat())] * read_ahead.CHUNK
    large_chunk = [(large, large.stat())] * 2

    def in_flight(chunk, workers):
        pending = []
        while read_ahead._room(pending, chunk, workers):
            pending.append((None, read_ahead._size(chunk)))
        return len(pending)

    assert in_flight(small_chunk, 1) == read_ahead.AHEAD_TASKS
    assert in_flight(small_chunk, 2) == 2 * read_ahead.AHEAD_TASKS
    assert in_flight(large_chunk, 1) == 2  # 2 x (2 x a quarter) of the bytes
    huge_chunk = [(large, large.stat())] * read_ahead.CHUNK
    assert in_flight(huge_chunk, 1) == 1  # over the bound alone: still one per worker
    assert in_flight(huge_chunk, 2) == 2
