"""Results in a random order drawn from a number: the first n are a random sample of
the results, the same for the same number on any machine with the same articles."""

from __future__ import annotations

import json
import shutil

from gui.cli import main as cli
from gui.context import AppContext
from gui.paths import resolve_home
from tests.conftest import SEEDS, drain


def _titles(library, query: str, seed: int, limit: int = 50) -> list[str]:
    return [h.title for h in library.searcher().search(query, limit, "random", seed=seed).hits]


def test_one_number_one_order_every_story_once(seeded_ctx):
    library = seeded_ctx.library
    first = _titles(library, "", 7)
    assert first == _titles(library, "", 7)
    assert sorted(first) == sorted(h.title for h in library.searcher().search("", 50).hits)
    assert len(set(first)) == len(first) == library.searcher().search("", 50).total
    others = {tuple(_titles(library, "", seed)) for seed in range(1, 6)}
    assert len(others) > 1  # other numbers, other orders
    # A query's sample: the stories it matches, in the number's order, total exact.
    found = library.searcher().search("prisoner*", 3, "random", seed=7)
    assert found.total == library.searcher().search("prisoner*").total
    assert [h.title for h in found.hits] == [
        t for t in first if t in _titles(library, "prisoner*", 7)
    ][:3]
    assert all(h.score == 0.0 for h in found.hits)
    assert "<b>" in found.hits[0].snippet.as_html() or found.hits[0].snippet.spans


def test_the_same_articles_elsewhere_give_the_same_sample(tmp_path):
    """Ids come from file paths; the order comes from the texts, so a colleague with
    the same archive in another folder draws the same sample."""
    orders = []
    for place in ("here", "elsewhere/deeper"):
        folder = tmp_path / place / "archive"
        shutil.copytree(SEEDS, folder)
        ctx = AppContext(resolve_home(tmp_path / f"home-{place.replace('/', '-')}"))
        drain(ctx.library.update(folder))
        orders.append(_titles(ctx.library, "", 42))
        ctx.close_thread()
    assert orders[0] == orders[1]


def test_command_line_sample(seeded_home, capsys):
    home = ["--home", str(seeded_home)]
    assert cli([*home, "search", "", "--sort", "random", "--seed", "9", "--json"]) == 0
    searched = [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]]
    assert cli([*home, "articles", "--query", "", "--sort", "random", "--seed", "9", "--json"]) == 0
    listed = [a["id"] for a in json.loads(capsys.readouterr().out)]
    assert listed[: len(searched)] == searched


def test_the_window_sorts_at_random_and_draws_a_new_order(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    seed = window.search.seed
    assert 1 <= seed <= 99_999 and window.ctx.settings.workspace["random_seed"] == seed
    sort = window.search.sort
    sort.setCurrentIndex(sort.findData("random"))
    qtbot.waitUntil(lambda: f"random order {seed}" in window.search.status.text(), timeout=10_000)
    shown = [h.title for h in window.results.hits]
    assert shown == _titles(window.ctx.library, "", seed, len(shown))
    window.new_random_order(seed + 1)
    qtbot.waitUntil(
        lambda: f"random order {seed + 1}" in window.search.status.text(), timeout=10_000
    )
    assert [h.title for h in window.results.hits] == _titles(
        window.ctx.library, "", seed + 1, len(shown)
    )
    assert AppContext(resolve_home(seeded_home)).settings.workspace["random_seed"] == seed + 1


def test_an_index_of_several_parts_gives_every_story_once(ctx, tmp_path):
    """Browsing at random asked the index's reader for its deleted documents, which an
    index of several parts (every archive past 3,000 articles) does not have."""
    from tests.conftest import index_in_two_segments

    index_in_two_segments(ctx, tmp_path / "archive", "A line added to make a second part.")
    searcher = ctx.library.searcher()
    assert not ctx.library.index.reader().is_atomic()  # parts, as a large archive has
    for query in ("", "Ukraine"):
        ordered = searcher.search(query, 100, "random", seed=11)
        assert ordered.total == searcher.search(query, 100).total
        titles = [h.title for h in ordered.hits]
        assert len(set(titles)) == len(titles) == ordered.total
        assert sorted(h.id for h in ordered.hits) == sorted(
            h.id for h in searcher.search(query, 100).hits
        )
