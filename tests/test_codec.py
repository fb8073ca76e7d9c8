"""The array codec (codec.py) holds exactly what Whoosh's own codec holds.

The same articles go into two real indexes: one with Whoosh's codec and formats,
one with ours. Every term's postings must agree (documents, weights, positions,
characters), through several commits, deletions and a merge, and Whoosh's own
queries must find the same documents in both.
"""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import formats
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex
from whoosh.qparser import QueryParser

from gui.context import AppContext
from gui.paths import resolve_home
from indexer.codec import (
    ArrayCharacters,
    ArrayLeafMatcher,
    ArrayPositions,
    merge_small_segments,
    open_index,
    read_term,
)
from indexer.library import whoosh_document
from indexer.ranking import phrase_places
from indexer.schema import build_schema
from tests.conftest import SEEDS, drain


def whoosh_schema():
    """Our schema with Whoosh's own position formats."""
    schema = build_schema()
    for name in schema.names():
        field = schema[name]
        if isinstance(field.format, ArrayCharacters):
            field.format = formats.Characters(field_boost=field.format.field_boost)
        elif isinstance(field.format, ArrayPositions):
            field.format = formats.Positions(field_boost=field.format.field_boost)
    return schema


def seed_documents(home):
    """The sample archive's articles as the text index receives them."""
    context = AppContext(resolve_home(home))
    try:
        drain(context.library.update(SEEDS))
        library = context.library
        documents = [whoosh_document(library.article(a.id), story=a.id) for a in library.articles()]
    finally:
        context.close_thread()
    assert len(documents) == 13
    return documents


def fill(index, documents):
    """Three commits (so merges happen), one document deleted and one replaced."""
    for part in (documents[:5], documents[5:9], documents[9:]):
        writer = index.writer()
        for document in part:
            writer.add_document(**document)
        writer.commit()
    writer = index.writer()
    writer.delete_by_term("id", documents[2]["id"])
    changed = dict(documents[7], text=documents[7]["text"] + " A drone attack on the port.")
    writer.update_document(**changed)
    writer.commit()


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("codec")
    documents = seed_documents(folder / "home")
    theirs_folder = folder / "whoosh"
    theirs_folder.mkdir()
    storage = FileStorage(str(theirs_folder))
    theirs = FileIndex.create(storage, whoosh_schema())
    ours = open_index(folder / "arrays", build_schema)
    fill(theirs, documents)
    fill(ours, documents)
    return theirs, ours


def every_posting(index, decode):
    """{(field, term): [(document id, weight, decoded value)]} over all segments."""
    out = {}
    with index.searcher() as searcher:
        reader = searcher.reader()
        ids = reader.column_reader("id")
        for fieldname, term in reader.all_terms():
            field = reader.schema[fieldname]
            matcher = reader.postings(fieldname, term)
            postings = []
            while matcher.is_active():
                value = decode(field.format, matcher.value()) if field.format else None
                if not reader.is_deleted(matcher.id()):
                    postings.append((ids[matcher.id()], round(matcher.weight(), 6), value))
                matcher.next()
            out[fieldname, term] = sorted(postings)
    return out


def decoded(format_, value):
    if format_.supports("characters"):
        return format_.decode_characters(value)
    if format_.supports("positions"):
        return format_.decode_positions(value)
    return format_.decode_frequency(value)


def test_every_posting_is_the_same_as_with_whooshs_codec(indexes):
    theirs, ours = indexes
    assert len(ours._segments()) > 1  # the deletions and merges were exercised
    mine = every_posting(ours, decoded)
    assert mine == every_posting(theirs, decoded)
    assert any(field == "text" for field, _ in mine) and any(len(p) > 5 for p in mine.values())


def test_our_segments_are_read_by_the_array_matcher(indexes):
    _, ours = indexes
    with ours.searcher() as searcher:
        sub = searcher.leaf_searchers()[0][0]
        reader = sub.reader()
        matcher = reader._terms.matcher("text", b"ukrain", reader.schema["text"].format)
        assert isinstance(matcher, ArrayLeafMatcher)


def test_a_merged_index_still_agrees(tmp_path):
    documents = seed_documents(tmp_path / "home")
    ours = open_index(tmp_path / "ours", build_schema)
    fill(ours, documents)
    before = {term: p for term, p in every_posting(ours, decoded).items() if p}
    ours.optimize()
    assert len(ours._segments()) == 1
    # The merge drops the deleted documents, and the terms only they held.
    assert every_posting(ours, decoded) == before


def test_reading_a_whole_list_equals_reading_posting_by_posting(indexes):
    _, ours = indexes
    with ours.searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            for term in (b"ukrain", b"drone", b"russia", b"talk"):
                if ("text", term) not in reader:
                    continue
                found = read_term(reader, "text", term, values=True)
                # Deleted documents included, as read_term reads them.
                matcher = reader._terms.matcher("text", term, reader.schema["text"].format)
                expected = []
                while matcher.is_active():
                    expected.append(
                        (matcher.id(), matcher.weight(), matcher.value_as("characters"))
                    )
                    matcher.next()
                owner, rows = found.occurrences(np.arange(found.ids.size))
                got = [
                    (
                        int(docnum),
                        float(found.weights[i]),
                        [tuple(int(n) for n in row) for row in rows[owner == i]],
                    )
                    for i, docnum in enumerate(found.ids)
                ]
                assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        '"air defense"',
        '"prisoner of war"',
        '"north korean troops"',
        '"air defense"~4',
        "negotiat*",
        "drone AND attack",
        "title:ukraine",
        "author:reuters OR source:bbc",
    ],
)
def test_whooshs_own_queries_find_the_same_documents(indexes, text):
    theirs, ours = indexes

    def found(index):
        with index.searcher() as searcher:
            query = QueryParser("text", index.schema).parse(text)
            return [(hit["id"], round(hit.score, 6)) for hit in searcher.search(query, limit=None)]

    assert found(ours) == found(theirs)
    if text.startswith('"air') or text.startswith("drone"):
        assert found(ours)  # the query does match something in the sample


def test_phrase_places_agree_with_a_plain_check(indexes):
    _, ours = indexes
    words = [b"air", b"defens"]
    with ours.searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            if not all(("text", w) in reader for w in words):
                continue
            found = [read_term(reader, "text", w, values=True) for w in words]
            common = np.intersect1d(found[0].ids, found[1].ids)
            rows = [np.searchsorted(f.ids, common) for f in found]
            owner, first, last = phrase_places(found, rows)
            starts, ends = first[:, 1].tolist(), last[:, 2].tolist()
            got = sorted(zip(common[owner].tolist(), starts, ends, strict=True))
            expected = []
            for docnum in common.tolist():
                places = [dict((p, (s, e)) for p, s, e in _chars(reader, w, docnum)) for w in words]
                for pos, (start, _) in places[0].items():
                    if pos + 1 in places[1]:
                        expected.append((docnum, start, places[1][pos + 1][1]))
            assert got == sorted(expected)
            assert got
            return
    pytest.fail("no segment holds both words")


def _chars(reader, word, docnum):
    matcher = reader._terms.matcher("text", word, reader.schema["text"].format)
    matcher.skip_to(docnum)
    assert matcher.id() == docnum
    return matcher.value_as("characters")


def test_opening_a_reader_does_not_copy_the_index_into_memory(tmp_path):
    """A bug: Whoosh's BufferFile wrapped each memory-mapped file of a segment in a
    BytesIO, which copies it, so every reader held a private copy of the postings
    (a gigabyte at 100k articles)."""
    import random
    import tracemalloc

    words = [f"word{n}" for n in range(3000)]
    rng = random.Random(7)
    index = open_index(tmp_path / "big", build_schema)
    writer = index.writer()
    for n in range(1500):
        text = " ".join(rng.choice(words) for _ in range(300))
        writer.add_document(id=str(n), story=str(n), title=f"Title {n}", text=text)
    writer.commit()
    size = sum(p.stat().st_size for p in (tmp_path / "big").glob("*.seg"))
    assert size > 5_000_000
    tracemalloc.start()
    with index.searcher() as searcher:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak < size / 10
        assert searcher.search(QueryParser("text", index.schema).parse("word7")).estimated_length()


def test_term_statistics_are_the_same_as_with_whooshs_writer(indexes):
    """Our writer fills segments a term at a time from arrays (ArrayPool,
    ArrayFieldWriter); each term's statistics in each segment must be what Whoosh's
    writer, posting by posting, records."""
    theirs, ours = indexes

    def statistics(index):
        out = []
        with index.searcher() as searcher:
            for sub, _ in searcher.leaf_searchers():
                reader = sub.reader()
                for fieldname, term in reader.all_terms():
                    info = reader.term_info(fieldname, term)
                    out.append(
                        (
                            fieldname,
                            term,
                            info.doc_frequency(),
                            round(info.weight(), 4),
                            round(info.max_weight(), 4),
                            info.min_length(),
                            info.max_length(),
                            info.min_id(),
                            info.max_id(),
                        )
                    )
        return out

    mine = statistics(ours)
    assert mine == statistics(theirs)
    assert any(row[0] == "text_words" for row in mine) and any(row[5] for row in mine)


def test_a_writer_that_merges_small_segments_while_adding_agrees(tmp_path):
    """Small segments merged into a writer that also adds documents: merged postings
    arrive a posting at a time, added texts as whole arrays (batch_postings.py), and
    one term gets lists from both; every posting must still be what Whoosh writes."""
    documents = seed_documents(tmp_path / "home")
    (tmp_path / "whoosh").mkdir()
    theirs = FileIndex.create(FileStorage(str(tmp_path / "whoosh")), whoosh_schema())
    ours = open_index(tmp_path / "ours", build_schema)
    for index, policy in ((theirs, None), (ours, merge_small_segments)):
        for part in (documents[:4], documents[4:7], documents[7:10], documents[10:]):
            writer = index.writer()
            for document in part:
                writer.add_document(**document)
            writer.commit(mergetype=policy)
    assert len(ours._segments()) == 1  # the last writer took in the three before it
    assert every_posting(ours, decoded) == every_posting(theirs, decoded)
    with ours.searcher() as searcher:  # and each list in document order, as matchers need
        reader = searcher.reader()
        for fieldname, term in reader.all_terms():
            ids = list(reader.postings(fieldname, term).all_ids())
            assert ids == sorted(set(ids)), (fieldname, term)
