"""Search a researcher can cite: phrases, prefixes and counts checked against a plain
scan of the articles' text, annotation clauses combined like any clause, and hits
that are the query's hits (issue #16)."""

from __future__ import annotations

import fnmatch
import json
import re

import pytest

from gui.cli import main
from gui.context import AppContext
from gui.paths import resolve_home
from gui.search_service import SearchRequest, run

ARTICLES = {
    "players": ("Players at the final", "The player was playing in the final. They play on."),
    "plaid": ("Plaid Cymru speaks", "Plaid Cymru members and plaintiffs spoke in plain words."),
    "display": ("A display", "The display showed a replay of the match to the crowd."),
    "end-year": ("Talks fail", "By the end of the year the talks had failed for good."),
    "end-a-year": ("Town rebuilt", "At the end of a long year the town rebuilt its bridge."),
    "year-when": ("Flood", "It was the year when the river flooded the valley below."),
    "needed": ("Help", "They needed to get help quickly from the neighbours."),
    "hamlet": ("Stage", "To be or not to be, said the actor on the small stage."),
    "recovery": ("Recovery", "Recovery and reconstruction followed the record harvest."),
    "when": ("Ceasefire", "Nobody knew when the ceasefire would start in the east."),
    "recorder": ("Tape", "A recorder kept every word of the long meeting."),
}
_WORD = re.compile(r"\w+")


def words(title: str, text: str) -> list[str]:
    return _WORD.findall(f"{title}\n{text}".lower())


@pytest.fixture(scope="module")
def exact_home(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exact") / "archive"
    folder.mkdir()
    for name, (title, text) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    home = tmp_path_factory.mktemp("exact-home")
    assert main(["index", str(folder), "--home", str(home)]) == 0
    return home


@pytest.fixture
def exact(exact_home):
    context = AppContext(resolve_home(exact_home))
    yield context
    context.close_thread()


def titles_matching(ctx, query: str) -> set[str]:
    searcher = ctx.library.searcher()
    ids = searcher.matched_ids(query)
    found = {a.title for a in ctx.library.articles() if a.id in ids}
    assert searcher.search(query, limit=50).total == len(found), query  # the count is exact
    return found


def scan(predicate) -> set[str]:
    return {title for title, text in ARTICLES.values() if predicate(words(title, text))}


@pytest.mark.parametrize("prefix", ["play", "plai", "reco", "record", "a", "th", "w"])
def test_prefixes_match_the_words_as_typed_and_count_exactly(exact, prefix):
    expected = scan(lambda ws: any(w.startswith(prefix) for w in ws))
    assert titles_matching(exact, f"{prefix}*") == expected


def test_play_star_finds_player_and_playing_never_plaid(exact):
    found = titles_matching(exact, "play*")
    assert "Players at the final" in found and "Plaid Cymru speaks" not in found
    assert "A display" not in found  # "display", "replay": the prefix begins the word


@pytest.mark.parametrize("pattern", ["pla?", "pla?ing", "re*d", "*ear", "r?c*r"])
def test_wildcards_match_the_words_as_typed_and_count_exactly(exact, pattern):
    expected = scan(lambda ws: any(fnmatch.fnmatchcase(w, pattern) for w in ws))
    assert titles_matching(exact, pattern) == expected


@pytest.mark.parametrize(
    "phrase",
    ["the end of the year", "year when", "needed to get", "needed get", "to be or not to be"],
)
def test_phrases_with_stop_words_match_exactly_the_articles_that_hold_them(exact, phrase):
    expected = scan(lambda ws: f" {phrase} " in f" {' '.join(ws)} ")
    assert titles_matching(exact, f'"{phrase}"') == expected


def test_common_words_alone_are_searchable(exact):
    assert titles_matching(exact, "when") == scan(lambda ws: "when" in ws)
    assert titles_matching(exact, "to be or not to be") == {"Stage"}
    assert titles_matching(exact, "the") == scan(lambda ws: "the" in ws)


def test_prefix_counts_on_the_sample_archive_equal_a_scan(seeded_ctx):
    library = seeded_ctx.library
    articles = {a.id: words(a.title, library.store.text_of(a.id)) for a in library.articles()}
    indexed = set(library.searcher().matched_ids("") or articles)
    for prefix in ("reco", "a", "pr", "zelensk", "ukrain"):
        expected = {i for i, ws in articles.items() if any(w.startswith(prefix) for w in ws)}
        assert set(library.searcher().matched_ids(f"{prefix}*")) == expected & indexed, prefix


def test_an_operator_alone_is_a_clear_error_not_a_search_for_and(exact):
    from indexer.query import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="needs a word or clause"):
        exact.library.searcher().search("AND OR NOT")
    assert titles_matching(exact, '"to be or not"') == {"Stage"}  # quoted: words


# Annotation clauses -----------------------------------------------------------


@pytest.fixture
def coded(exact):
    """Passages: "Flood" tagged Diplomacy; "Ceasefire" tagged Diplomacy and Casualties
    on one passage; "Talks fail" tagged Casualties with a note; "Town rebuilt" tagged
    Casualties/Civilians (a child tag)."""
    store = exact.annotations
    by_title = {a.title: a for a in exact.library.articles()}

    def tag(title, quote, tags, note=""):
        article = by_title[title]
        text = exact.library.store.text_of(article.id)
        start = text.index(quote)
        store.add_passage(article.id, text, start, start + len(quote), tags, note, title)

    tag("Flood", "the river flooded", ["Diplomacy"])
    tag("Ceasefire", "the ceasefire would start", ["Diplomacy", "Casualties"])
    tag("Talks fail", "the talks had failed", ["Casualties"], note="A **key** claim on drones")
    tag("Town rebuilt", "rebuilt its bridge", ["Civilians"])
    casualties = store.tag_named("Casualties")
    store.move_tag(store.tag_named("Civilians").id, casualties.id)
    return exact


def articles(ctx, query: str) -> set[str]:
    outcome = run(ctx.library, ctx.annotations, SearchRequest(query, limit=50))
    titles = {hit.title for hit in outcome.articles.hits}
    assert outcome.articles.total == len(titles)
    return titles


def passages(ctx, query: str) -> set[str]:
    outcome = run(ctx.library, ctx.annotations, SearchRequest(query, scope="passages"))
    return {p.quote for p in outcome.passages}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:Diplomacy", {"Flood", "Ceasefire"}),
        ("tag:Diplomacy OR drone", {"Flood", "Ceasefire"}),
        ("tag:Diplomacy OR river", {"Flood", "Ceasefire"}),
        ("tag:Diplomacy OR bridge", {"Flood", "Ceasefire", "Town rebuilt"}),
        ("tag:Diplomacy OR tag:Casualties", {"Flood", "Ceasefire", "Talks fail", "Town rebuilt"}),
        ("tag:Casualties", {"Ceasefire", "Talks fail", "Town rebuilt"}),  # children too
        ("tag:Casualties/Civilians", {"Town rebuilt"}),  # a tag by its path
        ("tag:Diplomacy tag:Casualties", {"Ceasefire"}),
        ("tag:Diplomacy+Casualties", {"Ceasefire"}),  # on one passage
        ("tag:Casualties NOT tag:Diplomacy", {"Talks fail", "Town rebuilt"}),
        ("NOT tag:Casualties AND (river OR ceasefire OR harvest)", {"Flood", "Recovery"}),
        ("(tag:Diplomacy OR note:drones) AND talks", {"Talks fail"}),
        ('note:"key** claim"', {"Talks fail"}),
        ("note:dron*", {"Talks fail"}),
        ("tag:Dip*", {"Flood", "Ceasefire"}),
        ("tag:casualties published:<2000", set()),
        ("tag:Nonexistent", set()),
        ("tag:Nonexistent OR stage", {"Stage"}),
        # Any tag, any note (these once failed: "'Every' object has no attribute 'text'").
        ("tag:*", {"Flood", "Ceasefire", "Talks fail", "Town rebuilt"}),
        ("note:*", {"Talks fail"}),
        ("tag:* NOT note:*", {"Flood", "Ceasefire", "Town rebuilt"}),
    ],
)
def test_annotation_clauses_combine_like_any_clause(coded, query, expected):
    assert articles(coded, query) == expected


def test_two_tag_clauses_ask_per_passage_in_the_passages_list(coded):
    assert passages(coded, "tag:Diplomacy tag:Casualties") == {"the ceasefire would start"}
    assert passages(coded, "tag:Diplomacy OR tag:Casualties") == {
        "the river flooded",
        "the ceasefire would start",
        "the talks had failed",
        "rebuilt its bridge",
    }
    assert passages(coded, "tag:Casualties NOT tag:Diplomacy") == {
        "the talks had failed",
        "rebuilt its bridge",
    }
    assert passages(coded, "tag:Casualties river") == set()  # the quote has no "river"
    assert passages(coded, "tag:Casualties talks") == {"the talks had failed"}
    assert passages(coded, 'tag:Diplomacy "river flooded"') == {"the river flooded"}
    assert passages(coded, "flood*") == {"the river flooded"}


@pytest.mark.parametrize("query", ["tag:[a TO b]", "note:{a TO z}"])
def test_a_range_of_tags_or_notes_is_refused_with_a_reason(coded, query):
    from indexer.query import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="not a range"):
        articles(coded, query)


def test_not_tag_any_lists_the_articles_nobody_has_coded_yet(coded):
    every = {a.title for a in coded.library.articles()}
    assert articles(coded, "NOT tag:*") == every - {
        "Flood",
        "Ceasefire",
        "Talks fail",
        "Town rebuilt",
    }
    assert passages(coded, "tag:*") == {
        "the river flooded",
        "the ceasefire would start",
        "the talks had failed",
        "rebuilt its bridge",
    }
    assert passages(coded, "note:*") == {"the talks had failed"}


def test_annotation_clauses_through_the_cli(coded, capsys, exact_home):
    def cli(query):
        assert main(["search", query, "--json", "--home", str(exact_home)]) == 0
        return {hit["title"] for hit in json.loads(capsys.readouterr().out)["hits"]}

    assert cli("tag:Diplomacy OR tag:Casualties") == {
        "Flood",
        "Ceasefire",
        "Talks fail",
        "Town rebuilt",
    }
    assert cli("tag:Diplomacy OR drone") == {"Flood", "Ceasefire"}
    assert cli("tag:Casualties NOT tag:Diplomacy") == {"Talks fail", "Town rebuilt"}


def test_annotation_clauses_in_the_window(coded, qtbot, exact_home):
    from tests.conftest import open_main_window
    from tests.test_search_pane import titles, type_query

    window = open_main_window(qtbot, exact_home)
    type_query(qtbot, window, "tag:Diplomacy OR tag:Casualties")
    assert set(titles(window)) == {"Flood", "Ceasefire", "Talks fail", "Town rebuilt"}
    type_query(qtbot, window, "(tag:Diplomacy OR note:drones) AND talks")
    assert titles(window) == ["Talks fail"]
    assert window.search.tabs.tabText(0) == "Articles (1)"


# Hits are hits ----------------------------------------------------------------


def test_an_entity_clause_marks_only_that_entitys_mentions(seeded_ctx):
    library = seeded_ctx.library
    searcher = library.searcher()
    both = [
        a
        for a in library.articles()
        if {"Vladimir Putin", "Volodymyr Zelenskyy"}
        <= {m.canonical for m in library.mentions(a.id)}
    ]
    assert both
    for article in both:
        text = library.store.text_of(article.id)
        marked = {text[s:e] for s, e in searcher.hit_spans(article.id, 'person:"Vladimir Putin"')}
        assert marked and all("Putin" in m for m in marked), marked
        marked = {text[s:e] for s, e in searcher.hit_spans(article.id, "person:Zelensky")}
        assert marked and not any("Putin" in m for m in marked), marked


def test_clauses_under_not_mark_nothing(seeded_ctx):
    library = seeded_ctx.library
    searcher = library.searcher()
    article = next(
        a
        for a in library.articles()
        if "Zelensky" in library.store.text_of(a.id) and "Ukraine" in library.store.text_of(a.id)
    )
    text = library.store.text_of(article.id)
    marked = {text[s:e].lower() for s, e in searcher.hit_spans(article.id, "ukraine NOT kursk")}
    assert marked == {"ukraine"}
    marked = {text[s:e] for s, e in searcher.hit_spans(article.id, "ukrain* NOT zelensk*")}
    assert marked and not any("elensk" in m for m in marked)


def test_prefix_and_fuzzy_hits_are_the_words_they_stand_for(exact):
    library = exact.library
    searcher = library.searcher()
    article = next(a for a in library.articles() if a.title == "Players at the final")
    text = library.store.text_of(article.id)
    marked = [text[s:e] for s, e in searcher.hit_spans(article.id, "play*")]
    assert marked == ["player", "playing", "play"]
    marked = [text[s:e] for s, e in searcher.hit_spans(article.id, "plyer~")]
    assert marked == ["player"]


@pytest.mark.parametrize(
    ("text", "anchored"),
    [
        ("Military MILITIA militant; x.milit and ..milit, (milit) “Milit” — U.S. re-read", True),
        ("Café militär MILITARY naïve Ǆemal “milit” over-militarised 3.5 U.S.A. reread", False),
        ("no match at all here, only words", True),
    ],
)
def test_marking_prefixes_by_their_places_equals_a_full_pass(text, anchored):
    """word_matches looks only around the places a match can begin (one regular
    expression) when no letter is outside ASCII (curly quotes and dashes may be); it
    must mark exactly what tokenising the whole text marks."""
    from whoosh.query import Prefix, Wildcard

    from indexer.spans import _matches_in, anchorable, word_matches

    assert anchorable(text) is anchored
    cases = [
        ([Prefix("text_words", "milit")], set()),
        ([Prefix("text_words", "u.")], set()),
        ([Wildcard("text_words", "re*d")], set()),
        ([Wildcard("text_words", "*ary")], set()),
        ([], {"militant", "u.s"}),
        ([Prefix("text_words", "cafe")], {"naive"}),
    ]
    for patterns, words in cases:
        assert word_matches(text, patterns, words) == _matches_in(text, 0, patterns, words)
