"""The publication an article came from (its `site`, named for each article by a Nexis,
Factiva or ProQuest export) is a query field and a facet."""

from __future__ import annotations

import pytest

from tests.conftest import drain
from tests.test_ingest_nexis import ACADEMIC


@pytest.fixture
def library(tmp_path):
    from indexer.library import Library

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "export.txt").write_text(ACADEMIC)
    lib = Library(tmp_path / "index")
    drain(lib.update(folder))
    yield lib
    lib.close()


def _titles(library, query: str) -> list[str]:
    hits = library.searcher().search(query, limit=10)
    return sorted(hit.title for hit in hits.hits)


def test_site_and_its_aliases_find_a_publications_articles(library):
    guardian = ["Ukraine mobilises reservists as Russia tightens grip on Crimea"]
    assert _titles(library, "site:guardian") == guardian
    assert _titles(library, 'publication:"The Guardian"') == guardian
    assert _titles(library, 'outlet:"kyiv post"') == [
        "Sumy and Kharkiv held rallies for a united Ukraine on Tuesday"
    ]
    assert _titles(library, "Crimea NOT publication:guardian") == [
        "West Weighs Sanctions as Russia Holds Crimea"
    ]


def test_the_publications_facet_counts_and_filters(library):
    from gui.facets_panel import clause_for

    counts = dict(library.store.field_counts()["Site"])
    assert counts == {"The Guardian (London)": 1, "The New York Times": 1, "Kyiv Post": 1}
    clause = clause_for("Site", "The New York Times")
    assert clause == 'site:"The New York Times"'
    assert _titles(library, clause) == ["West Weighs Sanctions as Russia Holds Crimea"]


def test_a_hit_names_its_publication_in_the_list_and_in_json(library):
    from gui.results_model import hit_html

    [hit] = library.searcher().search("site:guardian", limit=5).hits
    assert hit.as_dict()["site"] == "The Guardian (London)"
    assert "The Guardian (London) · WORLD NEWS; Pg. 1" in hit_html(hit)


def test_clicking_a_publication_in_the_window_narrows_the_results(qtbot, home_dir, tmp_path):
    """The Publications facet in the real window: click a paper, see only its articles."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from tests.conftest import open_main_window

    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "export.txt").write_text(ACADEMIC)
    window = open_main_window(qtbot, home_dir, folder)
    qtbot.waitUntil(lambda: len(window.ctx.library.articles()) == 3, timeout=60_000)
    box = window.findChild(QLineEdit, "searchBox")
    with qtbot.waitSignal(window.idle, timeout=30_000):
        qtbot.keyClicks(box, "Crimea OR Ukraine")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.results.total == 3
    facets = window.search.facets
    publications = next(
        facets.topLevelItem(i)
        for i in range(facets.topLevelItemCount())
        if facets.topLevelItem(i).text(0) == "Publications"
    )
    publications.setExpanded(True)
    times = next(
        publications.child(i)
        for i in range(publications.childCount())
        if publications.child(i).text(0) == "The New York Times"
    )
    with qtbot.waitSignal(window.idle, timeout=10_000):
        facets.itemClicked.emit(times, 0)
    assert window.search.filters == ['site:"The New York Times"']
    assert window.results.total == 1
