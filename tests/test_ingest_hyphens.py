"""A word broken at a line end of a hard-wrapped text ("perpe-" / "trator") is one word
again: without the hyphen when it was the typesetter's, with it when it is the word's
own ("non-performing"), so that search finds it and the text reads as written."""

from __future__ import annotations

from pathlib import Path

from indexer.ingest import read_file
from tests.conftest import drain
from tests.test_corpora import CORPORA, needs_corpora
from tests.test_ingest_nexis import _maps_back

# Wrapped at 64 columns, as a post or a scanned column is; every line but the last of
# each paragraph is a wrapped one.
POST = """\
From: reader@example.org
Subject: Gun statistics, again

The study fails to take into account cases where a law-abiding
citizen uses a gun to thwart a crime without killing the perpe-
trator, and for sev-
eral reasons the figure is misleading. Regulators said the number
of non-
performing loans had not grown, and the medical-supply company,
based in a frob-
station plant, set aside its pre- and post-war reserves. It is
a well-
known frobstation site, and it is owned and run by Hewlett-
Packard, and nobody could say what the outcome would be--
perhaps nothing at all, as the officials of the region said.
"""


def _text(tmp_path: Path, content: str, name: str = "post.txt") -> tuple[Path, str]:
    path = tmp_path / name
    path.write_text(content)
    [article] = read_file(path).articles
    _maps_back(path, [article])  # every letter still points to itself in the file
    return path, article.text


def test_a_word_the_typesetter_broke_loses_its_hyphen_and_its_space(tmp_path):
    _, text = _text(tmp_path, POST)
    assert "without killing the perpetrator, and for several reasons" in text
    assert "perpe" not in text.replace("perpetrator", "")


def test_a_compound_keeps_its_hyphen_and_a_suspended_hyphen_its_space(tmp_path):
    _, text = _text(tmp_path, POST)
    assert "the number of non-performing loans" in text  # "nonperforming" is a word too
    assert "a well-known frobstation site, and it is owned and run by Hewlett-Packard" in text
    assert "its pre- and post-war reserves" in text
    assert "would be-- perhaps nothing" in text  # a dash is not inside a word


def test_a_dash_typed_as_a_hyphen_before_a_new_clause_keeps_its_space(tmp_path):
    """ "you never know-" / "could be" read "know-could" (a fault of the first version)."""
    post = POST.replace(
        "The study fails",
        "It might rain today or it might not; as ever, you never know-\n"
        "could be sunny by noon, they said, and then the follow-\n"
        "up meeting of the would-\n"
        "be members of a rather large and loud know-\n"
        "it-all crowd will decide it. The grain was sold, we think-\n"
        "they said so anyway. The study fails",
    )
    _, text = _text(tmp_path, post)
    assert "you never know- could be sunny" in text
    assert "we think- they said so" in text
    assert "the follow-up meeting of the would-be members" in text  # compounds stay whole
    assert "a rather large and loud know-it-all crowd" in text


def test_the_documents_own_spelling_decides_a_word_no_dictionary_has(tmp_path):
    _, text = _text(tmp_path, POST)
    assert "based in a frobstation plant" in text  # written so further down
    _, text = _text(tmp_path, POST.replace("frobstation site", "site"), "other.txt")
    assert "based in a frob-station plant" in text  # no evidence: the hyphen stays
    written = POST.replace("frobstation site", "frob-station site")
    _, text = _text(tmp_path, written, "third.txt")
    assert "based in a frob-station plant" in text


def test_search_finds_a_word_broken_at_a_line_end_and_highlights_it_whole(tmp_path):
    from indexer.library import Library

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "post.txt").write_text(POST)
    lib = Library(tmp_path / "index")
    try:
        drain(lib.update(folder))
        searcher = lib.searcher()
        [hit] = searcher.search("perpetrator", limit=5).hits
        [(start, end)] = searcher.hit_spans(hit.id, "perpetrator")
        assert lib.store.text_of(hit.id)[start:end] == "perpetrator"
        assert searcher.search('"several reasons"', limit=5).total == 1
        assert searcher.search('"non-performing loans"', limit=5).total == 1
    finally:
        lib.close()


@needs_corpora
def test_wire_copy_and_posts_read_their_broken_words_whole():
    reuters = read_file(CORPORA / "reuters-21578" / "reut2-004.sgm").articles
    assert sum("non-performing loans" in a.text for a in reuters) == 3  # 2 across lines
    assert not any("non- performing" in a.text for a in reuters)
    [post] = read_file(CORPORA / "20newsgroups" / "talk.politics.guns" / "54736").articles
    for word in ("perpetrator.", "several", "neighborhood", "disposition", "accurate"):
        assert word in post.text.split(), word


def test_a_library_indexed_before_reads_such_files_again(tmp_path):
    from tests.store_versions import updated_from_version

    lib, summary = updated_from_version(
        tmp_path,
        {
            "post.txt": POST,
            "column.txt": COLUMN,
            "other.txt": "A short note without any broken word in it.\n",
        },
        23,
        "UPDATE articles SET text = replace(text, 'perpetrator', 'perpe- trator')",
        "UPDATE articles SET text = replace(text, 'yesterday', 'yes-' || char(10) || char(10)"
        " || 'terday')",
    )
    assert summary.updated == 2  # the post and the column, read again; not the note
    [hit] = lib.searcher().search("perpetrator", limit=5).hits
    assert "perpetrator" in lib.store.text_of(hit.id)
    lib.close()


def test_a_library_that_read_a_dash_as_a_hyphen_reads_it_again(tmp_path):
    """Version 24 read "you never know-" / "could be" as "know-could"."""
    from tests.store_versions import updated_from_version

    dashed = POST.replace(
        "The study fails",
        "Who can say, you never know-\ncould be that the study fails",
    )
    lib, summary = updated_from_version(
        tmp_path,
        {"post.txt": dashed, "other.txt": "A short note without any broken word in it.\n"},
        24,
        "UPDATE articles SET text = replace(text, 'know- could', 'know-could')",
    )
    assert summary.updated == 1  # the post, read again; not the note
    [hit] = lib.searcher().search('"never know"', limit=5).hits
    assert "you never know- could be" in lib.store.text_of(hit.id)
    lib.close()


# A scanned newspaper column as OCR gives it: 30 to 36 characters a line, justified,
# words broken at line ends by the typesetter.
COLUMN = """\
COUNCIL VOTES FOR NEW BRIDGE

The committee on streets met yes-
terday afternoon and decided to rec-
ommend the appropriation of fifty
thousand dollars for the new bridge
over the creek at Ninth street. The
vote was unanimous, and the mem-
bers expressed the hope that work
would begin before the spring.

Mr. Johnson, the chairman, said the
present structure was unsafe and
that the city could not afford to
wait another year. Several property
owners along the route had pe-
titioned for the improvement.
"""

VERSE = """\
Stopping by Woods

Whose woods these are I think I know.
His house is in the village though;
He will not see me stopping here
To watch his woods fill up with snow.
My little horse must think it queer
To stop without a farmhouse near
Between the woods and frozen lake
The darkest evening of the year.
"""


def test_a_scanned_newspaper_column_reads_as_paragraphs_of_whole_words(tmp_path):
    _, text = _text(tmp_path, COLUMN, "column.txt")
    first, second = text.split("\n\n")
    assert first.startswith("The committee on streets met yesterday afternoon and decided")
    assert "to recommend the appropriation" in first and "the members expressed" in first
    assert second.endswith("owners along the route had petitioned for the improvement.")


def test_short_lines_that_do_not_carry_a_sentence_on_stay_lines(tmp_path):
    _, text = _text(tmp_path, VERSE, "verse.txt")
    assert text.split("\n\n")[:2] == [
        "Whose woods these are I think I know.",
        "His house is in the village though;",
    ]
