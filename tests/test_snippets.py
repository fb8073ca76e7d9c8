"""Snippets built from stored character positions: fragments, ellipses, phrases."""

from __future__ import annotations

from indexer.library import Library
from indexer.snippets import ELLIPSIS, FRAGMENT_CHARS, snippet_around
from tests.conftest import SEEDS, drain

FILLER = "The council met again on a grey morning and talked for hours about roads. "


def marked(snippet) -> list[str]:
    return [snippet.text[s:e] for s, e in snippet.spans]


def test_fragments_around_the_matches_cut_on_words_with_ellipses():
    text = FILLER * 5 + "The harbour wall fell." + FILLER * 5 + "A harbour crane rusted." + FILLER
    spans = [(m, m + len("harbour")) for m in _find_all(text, "harbour")]
    snippet = snippet_around(text, spans)
    assert marked(snippet) == ["harbour", "harbour"]
    assert snippet.text.startswith(ELLIPSIS) and snippet.text.endswith(ELLIPSIS)
    assert f" {ELLIPSIS} " in snippet.text  # two fragments, far apart
    for piece in snippet.text.strip(ELLIPSIS).split(f" {ELLIPSIS} "):
        assert len(piece) <= FRAGMENT_CHARS
        assert piece.strip() in text  # whole words, never a cut one


def test_the_fragments_with_the_most_different_words_win():
    text = FILLER * 3 + "wall " + FILLER * 3 + "wall " + FILLER * 3 + "harbour wall crane" + FILLER
    spans = sorted(
        (m, m + len(w)) for w in ("wall", "harbour", "crane") for m in _find_all(text, w)
    )
    snippet = snippet_around(text, spans, top=1)
    assert "harbour wall crane" in snippet.text


def test_no_matches_gives_the_opening_and_a_short_text_is_whole():
    assert snippet_around(FILLER * 10, []).text.startswith("The council met")
    short = "A harbour."
    assert snippet_around(short, [(2, 9)]).text == short


def test_a_phrase_query_marks_the_phrase_not_its_lone_words(tmp_path):
    library = Library(tmp_path / "index")
    drain(library.update(SEEDS))
    results = library.searcher().search('"prisoner swap"')
    assert results.total >= 2
    for hit in results.hits:
        assert marked(hit.snippet)
        assert all(m.lower().startswith("prisoner swap") for m in marked(hit.snippet))
    # Its words alone are marked where they stand alone.
    words = library.searcher().search("prisoner swap")
    lone = [m.lower() for hit in words.hits for m in marked(hit.snippet)]
    assert any(m.startswith("prisoner") and "swap" not in m for m in lone)


def _find_all(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start != -1:
        found.append(start)
        start = text.find(word, start + 1)
    return found
