"""The search pane driven through its widgets: every query form, facets, keys, memory."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListView, QToolButton

from gui.main_window import MainWindow
from gui.results_model import IdRole
from tests.conftest import open_main_window
from tests.test_query_forms import FORMS


@pytest.fixture
def window(qtbot, seeded_home) -> MainWindow:
    return open_main_window(qtbot, seeded_home)


def type_query(qtbot, window, text: str) -> None:
    box = window.findChild(QLineEdit, "searchBox")
    box.clear()
    with qtbot.waitSignal(window.idle, timeout=10_000):
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)


def titles(window) -> list[str]:
    model = window.search.model
    return [model.record(r).title for r in range(model.rowCount())]


@pytest.mark.parametrize(("query", "title", "least", "most"), FORMS)
def test_every_query_form_through_the_box(qtbot, window, query, title, least, most):
    type_query(qtbot, window, query)
    assert least <= window.results.total <= most
    if title:
        assert all(title in t for t in titles(window))
    assert "articles" in window.search.status.text() or "article" in window.search.status.text()


def test_facets_add_filters_as_chips_and_chips_remove_them(qtbot, window):
    type_query(qtbot, window, "drones")
    everything = window.results.total
    facets = window.search.facets
    people = next(
        facets.topLevelItem(i)
        for i in range(facets.topLevelItemCount())
        if facets.topLevelItem(i).text(0) == "People"
    )
    people.setExpanded(True)
    first = people.child(0)
    with qtbot.waitSignal(window.idle, timeout=10_000):
        facets.itemClicked.emit(first, 0)
    clause = window.search.filters[0]
    assert clause.startswith("person:") and window.results.total <= everything
    chips = window.findChildren(QToolButton, "filterChip")
    assert [c.text() for c in chips] == [f"{clause}  ×"]
    with qtbot.waitSignal(window.idle, timeout=10_000):
        chips[0].click()
    assert window.search.filters == [] and window.results.total == everything


def test_sort_by_title_and_date(qtbot, window):
    type_query(qtbot, window, "drones")
    window.findChild(QComboBox, "sortBox").setCurrentIndex(2)  # title
    qtbot.waitUntil(lambda: titles(window) == sorted(titles(window), key=str.casefold))


def test_keys_slash_up_down_enter_and_escape(qtbot, window):
    type_query(qtbot, window, "Pyongyang")
    window.reader.text.setFocus()
    qtbot.keyClick(window.reader.text, Qt.Key.Key_Slash)
    box = window.findChild(QLineEdit, "searchBox")
    assert box.hasFocus()
    view = window.findChild(QListView, "resultsView")
    qtbot.keyClick(box, Qt.Key.Key_Down)
    second = view.currentIndex()
    assert second.row() == 1
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert window.reader.article.id == second.data(IdRole)
    with qtbot.waitSignal(window.idle, timeout=10_000):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and window.results.total == 13


def test_did_you_mean_history_and_saved_searches(qtbot, window):
    type_query(qtbot, window, "pyongyan")
    suggestion = window.findChild(QLabel, "didYouMean")
    assert suggestion.isVisible() and "pyongyang" in suggestion.text()
    with qtbot.waitSignal(window.idle, timeout=10_000):
        suggestion.linkActivated.emit("#")
    assert window.search.query() == "pyongyang" and window.results.total >= 2
    window.remember_query()
    assert window.ctx.settings.recent_queries[0] == "pyongyang"
    window.save_search("North Korea")
    type_query(qtbot, window, "drones")
    with qtbot.waitSignal(window.idle, timeout=10_000):
        window.run_saved("North Korea")
    assert window.search.query() == "pyongyang"
    window.delete_saved("North Korea")
    assert window.ctx.settings.saved_searches == []


def test_more_like_this(qtbot, window):
    article = next(a for a in window.ctx.library.articles() if "Speculation" in a.title)
    window.open_article(article.id)
    window.search.set_query("drones")
    qtbot.waitUntil(lambda: window._shown_request is not None, timeout=10_000)
    window.open_article(article.id)
    with qtbot.waitSignal(window.idle, timeout=10_000):
        window.more_like_this()
    assert window.results.total >= 3 and article.id not in {h.id for h in window.results.hits}
    # "Like: <title>" in place of the query, the article still open, facets of the list,
    # and no hits marked (its key words were never searched for).
    chip = window.search.like_chip
    assert chip.isVisible() and chip.text().startswith("Like: Speculation")
    assert window.search.query() == ""
    assert window.reader.article.id == article.id
    assert window.results.query == "" and window.reader.hit_spans() == []
    assert window.search.facets.topLevelItemCount() > 0
    chip.click()  # back to the query
    qtbot.waitUntil(lambda: window._shown_request is not None, timeout=10_000)
    assert not chip.isVisible() and window.search.query() == "drones"  # kept, and back


def test_passages_scope_lists_and_opens_passages(qtbot, window):
    article = next(a for a in window.ctx.library.articles() if "Pentagon" in a.title)
    window.open_article(article.id)
    start = window.reader.article.text.index("Sabrina Singh")
    window.reader.select(start, start + len("Sabrina Singh"))
    window.annotations.tag_selection(["Officials"], "spokeswoman")
    window.reader.show_placeholder("elsewhere")
    window.findChild(QComboBox, "scopeBox").setCurrentIndex(1)  # passages
    type_query(qtbot, window, "tag:Officials")
    passages = window.findChild(QListView, "passageResultsView")
    assert passages.model().rowCount() == 1
    passages.activated.emit(passages.model().index(0, 0))
    assert window.reader.selected_span() == (start, start + len("Sabrina Singh"))


def test_results_load_lazily_as_the_list_scrolls(qtbot, window):
    window.page_size = 5
    with qtbot.waitSignal(window.idle, timeout=10_000):
        window.search.set_query("")
    model = window.search.model
    assert model.rowCount() == 5 and model.total == 13 and model.canFetchMore()
    with qtbot.waitSignal(window.idle, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 10
    with qtbot.waitSignal(window.idle, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 13 and not model.canFetchMore()
    assert len({model.record(r).id for r in range(13)}) == 13


def test_the_query_help_popup(qtbot, window):
    """The help scrolls inside a window that fits a 700 px screen (a message box
    was 963 px tall, its button off-screen)."""
    from PySide6.QtWidgets import QDialog, QTextBrowser

    window.findChild(QToolButton, "queryHelp").click()
    popup = window.findChild(QDialog, "queryHelpPopup")
    assert popup is not None and popup.isVisible()
    text = popup.findChild(QTextBrowser, "queryHelpText")
    assert "person:Zelensky" in text.toPlainText() and "tag:A+B" in text.toPlainText()
    assert popup.height() <= 620
    popup.close()


def test_the_passages_count_is_every_passage_found_not_the_ones_listed(
    qtbot, seeded_home, capsys, monkeypatch
):
    """The Passages tab and `search --scope passages` said "80 passages" where 9,572
    matched: the list's length, not the count."""
    import json

    from gui import main_window
    from gui.cli import main
    from tests.conftest import open_main_window

    home = ["--home", str(seeded_home)]
    assert main([*home, "annotate", "--query", "Ukraine", "--tag", "U"]) == 0
    capsys.readouterr()
    assert main([*home, "search", "tag:U", "--scope", "passages", "--limit", "1", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found["passages"]) == 4 < found["passages_total"]
    total = found["passages_total"]
    assert main([*home, "search", "tag:U", "--scope", "passages", "--limit", "1"]) == 0
    assert f"{total} passages match (the first 4 listed" in capsys.readouterr().out
    monkeypatch.setattr(main_window, "PASSAGES_LISTED", 3)
    window = open_main_window(qtbot, seeded_home)
    window.search.scope.setCurrentIndex(window.search.scope.findData("passages"))
    window.search.set_query("tag:U")
    qtbot.waitUntil(
        lambda: window.search.status.text() == f"{total} passages (the first 3 listed)",
        timeout=10_000,
    )
    assert window.search.tabs.tabText(1) == f"Passages ({total})"
    assert window.search.passages.rowCount() == 3


def test_counts_in_the_thousands_are_written_with_separators(qtbot, window):
    """The status bar said "All 2500 articles" beside "2,580 articles": two numbers
    of different kinds. Every count of the pane has its thousands separated."""
    from gui.search_service import SearchOutcome, SearchRequest
    from indexer.search import SearchResults

    window.search.show_outcome(SearchOutcome(SearchRequest(), SearchResults("", 2543)), None)
    assert window.search.status.text().startswith("All 2,543 articles · ")
    assert window.search.tabs.tabText(0) == "Articles (2,543)"
    found = SearchOutcome(SearchRequest(text="oil"), SearchResults("oil", 1))
    window.search.show_outcome(found, None)
    assert window.search.status.text().startswith("1 article · ")
