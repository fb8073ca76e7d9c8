"""Every form of the query language, through the command line, on the sample archive."""

from __future__ import annotations

import json

import pytest

from gui.cli import main

# (query, a title fragment every hit must or must not have, the least and most hits)
FORMS = [
    ("prisoner", None, 5, 13),
    ("prisoner AND Belarus", None, 1, 4),
    ("Pyongyang OR Tehran", None, 2, 13),
    ("prisoner NOT Belarus", None, 1, 12),
    ('"prisoner swap"', None, 2, 4),
    ("negotiat*", None, 3, 13),
    ("kh?rkiv", None, 1, 6),
    ("zelenskyyy~", None, 8, 13),
    ("title:Pentagon", "Pentagon", 1, 1),
    ("author:Riebling", "EXCHANGE STRIKES", 1, 1),
    ('section:"Modern Warfare"', "Axis of Evil", 1, 1),
    ("source:004_335af8a02b345e30.txt", "EXCHANGE STRIKES", 1, 1),
    ("person:Zelensky", None, 8, 13),
    ("place:Kursk", None, 3, 13),
    ("org:NATO", None, 3, 13),
    ("group:Ukrainians", None, 5, 13),
    ("(drones OR missiles) AND place:Kharkiv", None, 1, 5),
]


def search(capsys, home, *args) -> dict:
    assert main(["search", *args, "--json", "--limit", "50", "--home", str(home)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("query", "title", "least", "most"), FORMS)
def test_query_forms(capsys, seeded_home, query, title, least, most):
    result = search(capsys, seeded_home, query)
    assert least <= result["total"] <= most, result["total"]
    if title:
        assert all(title in hit["title"] for hit in result["hits"])


def test_not_really_excludes(capsys, seeded_home):
    both = {h["id"] for h in search(capsys, seeded_home, "prisoner AND Belarus")["hits"]}
    without = {h["id"] for h in search(capsys, seeded_home, "prisoner NOT Belarus")["hits"]}
    assert both and not (both & without)


def test_tag_and_note_fields_and_passage_scope(capsys, seeded_home):
    home = str(seeded_home)
    main(["annotate", "--query", "Pyongyang", "--tag", "Capitals", "--home", home])
    capsys.readouterr()
    articles = search(capsys, seeded_home, "tag:Capitals")
    assert articles["total"] == search(capsys, seeded_home, "Pyongyang")["total"]
    both = search(capsys, seeded_home, "tag:Capitals", "--scope", "both")
    assert {p["quote"] for p in both["passages"]} == {"Pyongyang"}
    assert search(capsys, seeded_home, 'note:"nothing like this"')["total"] == 0


def test_dates_and_sorting(capsys, tmp_path):
    archive = tmp_path / "dated"
    archive.mkdir()
    for day, title in (("2024-03-05", "Spring Floods Recede"), ("2023-11-20", "Autumn Storm Hits")):
        (archive / f"{day}.xml").write_text(
            f"<doc><title>{title}</title><date>{day}</date><text>"
            + f"The river rose again on {title.split()[0]} days as rain fell. " * 8
            + "</text></doc>"
        )
    home = tmp_path / "home"
    assert main(["index", str(archive), "--no-entities", "--home", str(home)]) == 0
    capsys.readouterr()
    assert [h["title"] for h in search(capsys, home, "river published:2024")["hits"]] == [
        "Spring Floods Recede"
    ]
    ranged = search(capsys, home, "published:[2023-11 TO 2024-03]")
    assert ranged["total"] == 2
    assert search(capsys, home, "published:>2024-03-05")["total"] == 0
    newest = search(capsys, home, "river", "--sort", "date")["hits"]
    assert [h["published"] for h in newest] == ["2024-03-05", "2023-11-20"]
    by_title = search(capsys, home, "river", "--sort", "title")["hits"]
    assert [h["title"] for h in by_title] == ["Autumn Storm Hits", "Spring Floods Recede"]


def test_did_you_mean_and_facets(capsys, seeded_home):
    result = search(capsys, seeded_home, "pyongyan")
    assert result["total"] == 0 and result["suggestion"] == "pyongyang"
    faceted = search(capsys, seeded_home, "Pyongyang", "--facets")
    places = {f["name"]: f["articles"] for f in faceted["facets"]["Place"]}
    assert places["North Korea"] == faceted["total"]
    assert faceted["facets"]["Section"][0]["name"] == "Russia-Ukraine War"
    assert faceted["facets"]["Source"][0]["name"] == "002_29373696a4d02df1.txt"


@pytest.mark.parametrize("text", ["a*", "negotiat*", "dr?ne*", "zelenskyy~", "misiles~"])
def test_expansions_match_the_union_of_their_terms(seeded_ctx, text):
    """Prefix, wildcard and fuzzy terms are matched as one list of documents; it must
    be exactly the documents of the terms they expand to."""
    from whoosh.query import Or, Term

    from indexer.query import parse_query
    from indexer.search import QUERY_SCHEMA

    searcher = seeded_ctx.library.searcher()._fresh()
    reader = searcher.reader()
    query = parse_query(QUERY_SCHEMA, text)
    matched = set()
    for leaf in query.leaves():
        terms = [Term(leaf.fieldname, t) for t in leaf._btexts(reader)]
        expected = set(searcher.docs_for_query(Or(terms))) if terms else set()
        assert set(searcher.docs_for_query(leaf)) == expected, leaf
        matched |= expected
    assert matched


def test_source_finds_a_sub_folder_and_the_facet_counts_it(capsys, tmp_path):
    """An archive kept in folders (one per outlet or newsgroup, one article per file):
    `source:` finds a folder's articles as it finds a file's, and the Sources facet
    counts the folder, where it listed every single file once. A file of many
    articles is still a source by its name."""
    import shutil

    from tests.conftest import SEEDS

    root = tmp_path / "archive"
    # Different stories: near-duplicate copies would count once.
    story = {"1.txt": "ferries ran late", "2.txt": "a crane fell", "3.txt": "fish sold well"}
    for outlet, names in (("outlet_a", ("1.txt", "2.txt")), ("outlet_b", ("3.txt",))):
        (root / outlet).mkdir(parents=True)
        for name in names:
            (root / outlet / name).write_text(
                f"Harbour News {name}\n\nAt the harbour {story[name]} on Monday.\n"
            )
    (root / "wire").mkdir()
    shutil.copy(SEEDS / "002_29373696a4d02df1.txt", root / "wire")
    home = tmp_path / "home"
    assert main(["--home", str(home), "index", str(root), "--no-entities"]) == 0
    capsys.readouterr()
    assert search(capsys, home, "source:outlet_a")["total"] == 2
    assert search(capsys, home, "source:outlet_b harbour")["total"] == 1
    assert search(capsys, home, "source:2.txt")["total"] == 1
    assert search(capsys, home, "source:002_29373696a4d02df1.txt")["total"] == 9
    assert search(capsys, home, "source:wire")["total"] == 9
    faceted = search(capsys, home, "", "--facets")
    sources = {f["name"]: f["articles"] for f in faceted["facets"]["Source"]}
    assert sources == {"002_29373696a4d02df1.txt": 9, "outlet_a": 2, "outlet_b": 1}
    # A facet's clause finds what the facet counted.
    from gui.facets_panel import clause_for

    assert search(capsys, home, clause_for("Source", "outlet_a"))["total"] == 2
    # Counted by the file's articles, not by those the query matched: a file of nine
    # with one hit is still a source by its name.
    one = search(capsys, home, '"North Korea Sends"', "--facets")
    assert {f["name"] for f in one["facets"]["Source"]} == {"002_29373696a4d02df1.txt"}


def test_facets_count_stories_as_the_total_does(capsys, tmp_path):
    """Copies of one story count once in a search's total; a facet counted each copy,
    so clicking "25" found 24. Facets count stories too."""
    archive = tmp_path / "syndicated"
    archive.mkdir()
    story = " ".join(
        f"The regional council voted on item {n} of the harbour plan after a long debate."
        for n in range(12)
    )
    texts = {
        "wire.xml": ("Harbour Plan Approved", "2024-03-05", story),
        "copy.xml": ("Harbour Plan Approved", "2024-03-05", story.replace("long", "lengthy", 1)),
        "other.xml": ("Bridge Closed", "2024-04-01", "The old bridge closed for repairs. " * 9),
    }
    for name, (title, day, text) in texts.items():
        (archive / name).write_text(
            f"<doc><title>{title}</title><date>{day}</date><text>{text}</text></doc>"
        )
    home = tmp_path / "home"
    assert main(["--home", str(home), "index", str(archive), "--no-entities"]) == 0
    capsys.readouterr()
    found = search(capsys, home, "", "--facets")
    assert found["total"] == 2
    assert [h["copies"] for h in found["hits"] if h["title"] == "Harbour Plan Approved"] == [2]
    years = {f["name"]: f["articles"] for f in found["facets"]["Year"]}
    assert years == {"2024": 2}
