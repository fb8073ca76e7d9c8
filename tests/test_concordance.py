"""The concordance: every hit of a query in context, from the real index of the sample
archive, checked against a plain scan of the articles' texts; its window, its CSV."""

from __future__ import annotations

import csv
import io
import re
import sqlite3

import pytest

from indexer.concordance import Concordance, concordance, in_context
from tests.conftest import drain


def _scan(ctx, pattern: str) -> list[tuple[str, int, int]]:
    """Every match of a regular expression in every indexed article: the truth."""
    found = []
    for article in ctx.library.articles():
        text = ctx.library.article(article.id).text
        found += [(article.id, m.start(), m.end()) for m in re.finditer(pattern, text)]
    return sorted(found)


def _lines(result: Concordance) -> list[tuple[str, int, int]]:
    return sorted((line.article_id, line.start, line.end) for line in result.lines)


def test_every_hit_of_a_word_phrase_and_prefix_is_a_line(seeded_ctx):
    ctx = seeded_ctx
    for query, pattern in (
        ("Zelenskyy", r"\bZelenskyy\b"),
        ('"prisoner exchanges"', r"\b[Pp]risoner exchanges?\b"),  # stemmed, as documented
        ("drone*", r"\b[Dd]rones?\b"),
    ):
        result = drain(concordance(ctx.library, query))
        assert result.complete
        assert _lines(result) == _scan(ctx, pattern), query
        assert result.articles == len({a for a, _, _ in _scan(ctx, pattern)})


def test_a_line_shows_the_hit_between_whole_words_in_date_order(seeded_ctx):
    result = drain(concordance(seeded_ctx.library, '"prisoner exchanges"'))
    for line in result.lines:
        text = seeded_ctx.library.article(line.article_id).text
        assert line.hit.casefold().startswith("prisoner exchange")
        assert re.sub(r"\s+", " ", text[: line.start]).endswith(line.left)
        assert re.sub(r"\s+", " ", text[line.end :]).startswith(line.right)
        assert 0 < len(line.left) <= 60 and 0 < len(line.right) <= 60
    dates = [line.published or "9999" for line in result.lines]
    assert dates == sorted(dates)
    assert result.describe() == f"{len(result.lines)} hits in {result.articles} articles"


def test_context_is_cut_at_word_boundaries_and_paragraphs_read_as_spaces():
    text = "First paragraph ends here.\n\nSecond one opens with the word drones and goes on"
    text += " to the end of it"
    start = text.index("drones")
    left, hit, right = in_context(text, start, start + 6, width=45)
    assert left == "ends here. Second one opens with the word "  # not "aragraph ends"
    assert (hit, right) == ("drones", " and goes on to the end of it")
    left, _, right = in_context(text, start, start + 6, width=12)
    assert (left, right) == ("the word ", " and goes")  # not "th the word", "and goes o"


def test_an_entity_clause_lists_that_entitys_mentions_only(seeded_ctx):
    ctx = seeded_ctx
    result = drain(concordance(ctx.library, 'person:"Vladimir Putin"'))
    assert result.lines
    for line in result.lines:
        assert line.hit in {"Putin", "Vladimir Putin", "Putin’s"} or "Putin" in line.hit, line
    mentions = sum(
        sum(1 for m in ctx.library.mentions(a.id) if m.canonical == "Vladimir Putin")
        for a in ctx.library.articles()
    )
    assert len(result.lines) == mentions


def test_a_large_result_stops_at_the_limit_and_says_so(seeded_ctx):
    full = drain(concordance(seeded_ctx.library, "the"))
    assert full.complete and len(full.lines) > 200
    cut = drain(concordance(seeded_ctx.library, "the", limit=100))
    assert not cut.complete and len(cut.lines) == 100
    assert cut.lines == full.lines[:100]  # the same lines, in the same order
    assert cut.describe().startswith("the first 100 hits, in ")
    assert "narrow the query" in cut.describe()


def test_an_empty_query_is_refused_with_a_reason(seeded_ctx):
    with pytest.raises(ValueError, match="type words"):
        drain(concordance(seeded_ctx.library, ""))


def test_the_window_lists_sorts_opens_and_exports_the_lines(qtbot, seeded_home, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from gui.concordance_view import AFTER, BEFORE, HIT, ArticleIdRole, SpanRole
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    assert window.concordance.show("") is None  # nothing asked: a message, no window
    window.search.set_query("drone*")
    qtbot.waitUntil(lambda: window.results is not None, timeout=10_000)
    menu = next(a for a in window.findChildren(QAction) if a.text() == "Co&ncordance…")
    menu.trigger()  # View → Concordance (its checked flag once arrived as the query)
    dialog = window.concordance.dialog
    qtbot.waitUntil(lambda: dialog.concordance is not None, timeout=20_000)
    view, model = dialog.view, dialog.view.model()
    count = len(dialog.concordance.lines)
    assert model.rowCount() == count > 10
    assert f"{count} hits in" in dialog.status.text()
    # Sorted by the word after the hit, then by the word before it (nearest first).
    view.sortByColumn(AFTER, Qt.SortOrder.AscendingOrder)
    after = [model.index(r, AFTER).data().casefold() for r in range(count)]
    assert after == sorted(after)
    view.sortByColumn(BEFORE, Qt.SortOrder.AscendingOrder)
    nearest = [model.index(r, BEFORE).data().split()[-1].casefold() for r in range(count)]
    assert nearest == sorted(nearest)
    assert model.index(0, HIT).data().casefold().startswith("drone")
    # Double-click a line: its article opens with the hit in view.
    index = model.index(3, HIT)
    article_id, (start, end) = index.data(ArticleIdRole), index.data(SpanRole)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert view.viewport().rect().contains(rect.center())
    chosen = []
    dialog.line_chosen.connect(lambda *args: chosen.append(args))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen and chosen[-1] == (article_id, start, end), (chosen, article_id)
    assert window.reader.article.id == article_id
    assert window.reader.article.text[start:end].casefold().startswith("drone")
    # Export CSV (on a worker thread): a row a line, as listed.
    target = tmp_path / "kwic.csv"
    with qtbot.waitSignal(window.export_finished, timeout=10_000) as done:
        window.concordance.export(target)
    assert done.args[0] == f"{count} concordance lines exported to {target}"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == count and all(r["hit"].casefold().startswith("drone") for r in rows)
    assert {r["article_id"] for r in rows} == {line.article_id for line in dialog.concordance.lines}
    dialog.close()


def test_a_new_query_replaces_a_concordance_still_being_found(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    first = window.concordance.show("the")
    second = window.concordance.show("Kursk")
    assert first is second
    qtbot.waitUntil(lambda: window.concordance.task is None, timeout=20_000)
    assert second.concordance.query == "Kursk"
    assert all(line.hit == "Kursk" for line in second.concordance.lines)
    assert "Kursk" in second.windowTitle()


def test_the_results_filters_narrow_the_concordance_and_tag_every_hit(qtbot, seeded_home):
    """A facet or chip narrows the results list: the concordance and Tag every hit take
    the same articles, and mark the query's own hits there (not the filter's names).
    Tag every hit used to ignore the filters and tag the query's hits everywhere."""
    from gui import bulk_tagging
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    library = window.ctx.library
    everywhere = drain(concordance(library, "drone*"))
    window.search.set_request("drone*", ["place:Kharkiv"], "articles", "relevance")
    qtbot.waitUntil(
        lambda: window.results is not None and "place:Kharkiv" in window.results.query,
        timeout=10_000,
    )
    listed = set(library.searcher().matched_ids("drone* place:Kharkiv"))
    assert 0 < len(listed) < len({line.article_id for line in everywhere.lines})
    dialog = window.concordance.show()
    qtbot.waitUntil(lambda: window.concordance.task is None, timeout=20_000)
    lines = dialog.concordance.lines
    assert {line.article_id for line in lines} == listed
    assert all(line.hit.casefold().startswith("drone") for line in lines)  # not "Kharkiv"
    assert len(lines) == sum(1 for line in everywhere.lines if line.article_id in listed)
    from PySide6.QtGui import QAction

    menu = next(a for a in window.findChildren(QAction) if a.text() == "Tag &every hit…")
    menu.trigger()  # Edit → Tag every hit, as the researcher asks for it
    bulk = window.annotations.bulk
    qtbot.waitUntil(lambda: "The first ones" in bulk.count.text(), timeout=10_000)
    plan = bulk_tagging.plan(library, "drone*", within="drone* place:Kharkiv")
    assert set(plan.spans) == listed and plan.count == len(lines)
    assert f"{plan.count} passages" in bulk.count.text()
    bulk.close()


def test_the_command_line_prints_writes_and_refuses(seeded_ctx, seeded_home, tmp_path, capsys):
    import json

    from gui.cli import main

    home = ["--home", str(seeded_home)]
    assert main([*home, "concordance", '"prisoner exchanges"', "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    expected = drain(concordance(seeded_ctx.library, '"prisoner exchanges"'))
    assert data["complete"] and data["articles"] == expected.articles
    assert [line["hit"] for line in data["lines"]] == [line.hit for line in expected.lines]
    assert main([*home, "concordance", "the", "--limit", "7"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("The first 7 hits, in ") and len(out) == 8
    assert all(" [the] " in line.casefold() for line in out[1:])
    target = tmp_path / "kwic.csv"
    assert main([*home, "concordance", "Kursk", "-o", str(target)]) == 0
    assert "written to" in capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows and all(row["hit"] == "Kursk" for row in rows)
    assert main([*home, "concordance", " "]) == 2
    assert main([*home, "concordance", "drone AND"]) == 2  # the query's error, said


def test_an_empty_library_answers_every_question_that_lists_articles(tmp_path, capsys):
    """Before the first folder is indexed (or while an index is rebuilt) the index has no
    segment: facets, Tag every hit and the concordance failed with NotImplementedError."""
    from gui.cli import main

    home = ["--home", str(tmp_path / "home")]
    assert main([*home, "search", "drone", "--facets", "--json"]) == 0
    assert json_out(capsys)["total"] == 0
    assert main([*home, "annotate", "--query", "drone", "--tag", "X", "--dry-run"]) == 0
    assert "0 passages" in capsys.readouterr().out
    assert main([*home, "concordance", "drone", "--json"]) == 0
    assert json_out(capsys)["lines"] == []


def json_out(capsys) -> dict:
    import json

    return json.loads(capsys.readouterr().out)


def test_collocates_count_the_words_near_the_hits_side_by_side(seeded_ctx):
    from indexer.concordance import FUNCTION_WORDS, SPAN, collocates, near

    lines = drain(concordance(seeded_ctx.library, "drone*")).lines
    found = collocates(lines)
    by_word = {c.word: c for c in found}
    # Counted by hand from the lines: each word within SPAN words, before and after.
    for word in ("ukrainian", "attacks", "russian"):
        before = sum(near(line)[0].count(word) for line in lines)
        after = sum(near(line)[1].count(word) for line in lines)
        assert (by_word[word].left, by_word[word].right) == (before, after), word
    assert by_word["ukrainian"].left > by_word["ukrainian"].right  # "Ukrainian drones"
    assert not FUNCTION_WORDS & set(by_word)
    totals = [c.total for c in found]
    assert totals == sorted(totals, reverse=True)
    every = {c.word for c in collocates(lines, function_words=True)}
    assert {"the", "of"} <= every
    assert all(len(near(line)[0]) <= SPAN for line in lines)


def test_a_collocate_lists_the_lines_it_is_in(qtbot, seeded_home, tmp_path):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    dialog = window.concordance.show("drone*")
    qtbot.waitUntil(lambda: window.concordance.task is None, timeout=20_000)
    words = dialog.collocates_view.model()
    assert words.index(0, 0).data() and int(words.index(0, 1).data()) >= int(
        words.index(1, 1).data()
    )
    row = next(r for r in range(words.rowCount()) if words.index(r, 0).data() == "ukrainian")
    count = int(words.index(row, 1).data())
    dialog.tabs.setCurrentIndex(1)
    dialog.collocates_view.activated.emit(words.index(row, 0))  # Enter, or a double-click
    assert dialog.tabs.currentIndex() == 0 and dialog.show_all.isVisible()
    shown = dialog.view.model().rowCount()
    assert 0 < shown <= count < len(dialog.concordance.lines)
    assert f"{shown} lines with “ukrainian”" in dialog.status.text()
    target = tmp_path / "near.csv"  # Export CSV writes the lines as listed
    with qtbot.waitSignal(window.export_finished, timeout=10_000):
        window.concordance.export(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == shown
    assert all("ukrainian" in (r["left"] + " " + r["right"]).casefold() for r in rows)
    dialog.function_words.setChecked(True)
    assert "the" in {words.index(r, 0).data() for r in range(words.rowCount())}
    dialog.show_all.click()
    assert dialog.view.model().rowCount() == len(dialog.concordance.lines)
    assert not dialog.show_all.isVisible()


def test_the_listed_hits_are_tagged_as_one_edit(qtbot, seeded_home, monkeypatch):
    """Narrowed to a collocate, "Tag these hits…" tags exactly the hits listed; one
    Ctrl+Z takes them all back."""
    from PySide6.QtWidgets import QInputDialog

    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    dialog = window.concordance.show("drone*")
    qtbot.waitUntil(lambda: window.concordance.task is None, timeout=20_000)
    dialog.narrow_to("ukrainian")
    listed = {(line.article_id, line.start, line.end) for line in dialog.shown_lines()}
    assert 0 < len(listed) < len(dialog.concordance.lines)
    asked = []

    def choose(parent, title, label, items, current, editable):
        asked.append(label)
        return "Drones (Ukrainian)", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    store = window.ctx.annotations
    dialog.tag.click()
    qtbot.waitUntil(lambda: window.annotations.undo.stack.count() == 1, timeout=10_000)
    assert asked == [f"Tag the {len(listed)} hits listed with (a tag, or a new name):"]
    tagged = {(p.article_id, p.start, p.end) for p in store.all_passages()}
    assert tagged == listed
    assert {t.name for p in store.all_passages() for t in p.tags} == {"Drones (Ukrainian)"}
    window.annotations.undo.stack.undo()
    assert store.all_passages() == []


def test_articles_are_fetched_in_parts_sqlite_can_take(seeded_ctx, monkeypatch):
    """A concordance of a common word asks for every article of the archive; SQLite takes
    32,766 values in one statement by default, so ids go in parts."""
    from indexer import store as store_module

    store = seeded_ctx.library.store
    ids = [a.id for a in seeded_ctx.library.articles()]
    # This connection takes 5 values a statement, as if the archive were huge (set before
    # any statement of more is prepared: SQLite checks when it prepares one).
    store._db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 5)
    monkeypatch.setattr(store_module, "_IN_PART", 3)
    assert [a.id for a in store.metadata(ids)] == ids
    assert set(store.texts(ids)) == set(ids)
    parts = drain(concordance(seeded_ctx.library, "the"))
    store._db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32766)
    monkeypatch.setattr(store_module, "_IN_PART", 30_000)
    assert parts.lines == drain(concordance(seeded_ctx.library, "the")).lines


def test_batches_of_articles_give_what_one_batch_gives(seeded_ctx, monkeypatch):
    """The concordance and Tag every hit read the hits a batch of articles at a time;
    batches of two give the same lines and spans as the whole archive at once."""
    from gui import bulk_tagging
    from indexer import concordance as concordance_module

    library = seeded_ctx.library
    whole = drain(concordance(library, "drone* OR Kursk"))
    plans = [bulk_tagging.plan(library, "drone* OR Kursk", unit) for unit in bulk_tagging.UNITS]
    monkeypatch.setattr(concordance_module, "_BATCH", 2)
    monkeypatch.setattr(bulk_tagging, "_BATCH", 2)
    assert drain(concordance(library, "drone* OR Kursk")).lines == whole.lines
    for unit, before in zip(bulk_tagging.UNITS, plans, strict=True):
        assert bulk_tagging.plan(library, "drone* OR Kursk", unit).spans == before.spans
    assert len({line.article_id for line in whole.lines}) > 2


def test_association_measures_agree_with_the_two_by_two_table():
    """MI and log-likelihood as Evert defines them, checked against G² written the
    other way (from the table's entropies)."""
    import math

    from indexer.concordance import association

    near, window, frequency, tokens = 10, 1_000, 100, 1_000_000
    mi, ll = association(near, window, frequency, tokens)
    assert mi == pytest.approx(math.log2(10 / (window * frequency / tokens)))
    table = [[near, window - near], [frequency - near, tokens - window - frequency + near]]
    rows = [sum(r) for r in table]
    columns = [table[0][j] + table[1][j] for j in range(2)]

    def xlogx(x):
        return x * math.log(x) if x else 0.0

    g2 = 2 * (
        sum(xlogx(o) for r in table for o in r)
        - sum(xlogx(r) for r in rows)
        - sum(xlogx(c) for c in columns)
        + xlogx(tokens)
    )
    assert ll == pytest.approx(g2)
    rare_mi, rare_ll = association(1, 1_000, 100_000, 1_000_000)  # less often than chance
    assert rare_mi < 0 and rare_ll < 0


def test_collocates_are_scored_against_the_articles_read(seeded_ctx, seeded_home, capsys):
    import json

    from gui.cli import main
    from indexer.concordance import collocates

    home = ["--home", str(seeded_home)]
    found = drain(concordance(seeded_ctx.library, "prisoner*"))
    assert found.tokens == sum(found.frequencies.values()) > 1_000
    scored = collocates(found.lines, frequencies=found.frequencies, tokens=found.tokens)
    assert all(c.mi is not None and c.log_likelihood is not None for c in scored)
    best = max(scored, key=lambda c: c.log_likelihood)
    assert best.log_likelihood > 3.84 and best.mi > 0
    assert collocates(found.lines)[0].mi is None  # no reference: counts only
    assert (
        main(["--home", str(seeded_home), "concordance", "prisoner*", "--collocates", "--json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["tokens"] == found.tokens
    assert {c["word"] for c in out["collocates"]} == {c.word for c in scored}
    assert main([*home, "concordance", "prisoner*", "--collocates"]) == 0
    assert "LL" in capsys.readouterr().out.splitlines()[0]
