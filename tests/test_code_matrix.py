"""The code matrix: tags against publications, dates, sections, articles and each
other, counted as the search counts them, with the passages behind every number."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from annotations.code_matrix import NO_VALUE, NOT_IN_LIBRARY, code_matrix, matrix_of
from annotations.export.csv_export import render_matrix
from gui.cli import main as cli
from gui.search_service import matching_passages
from indexer.progress import run_to_end as drain

ARTICLES = [
    # publication, date, section, text
    (
        "Kyiv Post",
        "2024-03-05",
        "War",
        "Drones hit the port of Odesa. Talks on a ceasefire stalled again.",
    ),
    (
        "Kyiv Post",
        "2024-04-11",
        "Politics",
        "A ceasefire was proposed in Istanbul. Drones kept flying.",
    ),
    ("Meduza", "2024-03-20", "War", "Drones were shot down near Kursk. Nobody spoke of a truce."),
    ("Meduza", "", "", "Prisoners were exchanged at the border. The exchange was the fifth."),
    ("The Kyiv Post Weekly", "2025-01-02", "War", "Drones again, and a ceasefire promised."),
]


@pytest.fixture
def coded(ctx, tmp_path):
    """Five articles from three publications, coded with a small tree of tags:
    Conflict (Drones below it), Diplomacy, Humanitarian."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    lines = [
        json.dumps(
            {"title": f"Story {i}", "text": text, "source": site, "date": date, "section": section}
        )
        for i, (site, date, section, text) in enumerate(ARTICLES)
    ]
    (folder / "stories.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    drain(ctx.library.update(folder))
    store = ctx.annotations
    conflict = store.create_tag("Conflict")
    drones = store.create_tag("Drones")
    store.move_tag(drones.id, conflict.id)
    articles = {a.title: a for a in ctx.library.articles()}

    def tag(title: str, words: str, *tags: str) -> None:
        article = ctx.library.article(articles[title].id)
        start = article.text.index(words)
        store.add_passage(article.id, article.text, start, start + len(words), list(tags))

    tag("Story 0", "Drones hit the port of Odesa.", "Drones")
    tag("Story 0", "Talks on a ceasefire stalled again.", "Diplomacy", "Conflict")
    tag("Story 1", "A ceasefire was proposed in Istanbul.", "Diplomacy")
    tag("Story 1", "Drones kept flying.", "Drones", "Conflict")  # parent and child: once
    tag("Story 2", "Drones were shot down near Kursk.", "Drones")
    tag("Story 3", "Prisoners were exchanged at the border.", "Humanitarian")
    tag("Story 4", "Drones again, and a ceasefire promised.", "Drones", "Diplomacy")
    return ctx


def _table(matrix) -> dict[str, dict[str, int]]:
    return {
        row.label: {col.label: matrix.count(i, j) for j, col in enumerate(matrix.columns)}
        for i, row in enumerate(matrix.rows)
    }


def test_tags_by_publication_count_children_and_each_passage_once(coded):
    matrix = matrix_of(coded.annotations, coded.library.store, by="publication")
    assert [c.label for c in matrix.columns] == ["Kyiv Post", "Meduza", "The Kyiv Post Weekly"]
    assert [r.label for r in matrix.rows] == [
        "Conflict",
        "Conflict/Drones",
        "Diplomacy",
        "Humanitarian",
    ]
    table = _table(matrix)
    # Conflict holds its own passages and Drones'; "Drones kept flying", tagged with
    # both, is one passage of the row.
    assert table["Conflict"] == {"Kyiv Post": 3, "Meduza": 1, "The Kyiv Post Weekly": 1}
    assert table["Conflict/Drones"] == {"Kyiv Post": 2, "Meduza": 1, "The Kyiv Post Weekly": 1}
    assert table["Diplomacy"] == {"Kyiv Post": 2, "Meduza": 0, "The Kyiv Post Weekly": 1}
    assert [matrix.row_total(i) for i in range(4)] == [5, 4, 3, 1]
    # A column's total counts its coded passages once, whatever rows they are in.
    assert [matrix.column_total(j) for j in range(3)] == [4, 2, 1]
    assert matrix.total == 7
    assert matrix.share(0, 0, "column") == pytest.approx(3 / 4)
    assert matrix.share(2, 0, "row") == pytest.approx(2 / 3)


def test_without_children_a_row_is_the_tag_alone(coded):
    matrix = matrix_of(coded.annotations, coded.library.store, with_children=False)
    table = _table(matrix)
    assert table["Conflict"] == {"Kyiv Post": 2, "Meduza": 0, "The Kyiv Post Weekly": 0}


def test_every_cell_is_what_the_passages_search_finds(coded):
    """The number in a cell is the number of passages a search for the row's tag and
    the column's publication lists (the Passages list), and they are the same passages."""
    matrix = matrix_of(coded.annotations, coded.library.store, by="year")
    assert [c.label for c in matrix.columns] == ["2024", "2025", NO_VALUE["year"]]
    store = coded.annotations
    for i, row in enumerate(matrix.rows):
        for j, column in enumerate(matrix.columns):
            if column.label == NO_VALUE["year"]:
                continue
            query = f'tag:"{row.label}" published:{column.label}'
            found = {p.id for p in matching_passages(coded.library, store, query)}
            assert found == matrix.passages_in(i, j), query
            assert len(found) == matrix.count(i, j)


def test_months_run_in_time_order_and_undated_passages_come_last(coded):
    matrix = matrix_of(coded.annotations, coded.library.store, by="month")
    assert [c.label for c in matrix.columns] == ["2024-03", "2024-04", "2025-01", "(no date)"]
    humanitarian = [r.label for r in matrix.rows].index("Humanitarian")
    assert matrix.count(humanitarian, 3) == 1


def test_tags_against_tags_on_one_passage_or_in_one_article(coded):
    store, library = coded.annotations, coded.library.store
    on_passage = _table(matrix_of(store, library, by="tag"))
    # Diplomacy and Drones: only "Drones again, and a ceasefire promised" carries both.
    assert on_passage["Diplomacy"]["Conflict/Drones"] == 1
    assert on_passage["Conflict/Drones"]["Diplomacy"] == 1
    assert on_passage["Diplomacy"]["Diplomacy"] == 3
    in_article = matrix_of(store, library, by="tag", unit="articles")
    table = _table(in_article)
    # Stories 0, 1 and 4 have a passage of each.
    assert table["Diplomacy"]["Conflict/Drones"] == 3
    assert table["Humanitarian"]["Diplomacy"] == 0
    # As the search counts articles: tag:A tag:B asks for an article with both.
    diplomacy = [r.label for r in in_article.rows].index("Diplomacy")
    drones = [r.label for r in in_article.rows].index("Conflict/Drones")
    found = coded.library.searcher().search('tag:"Diplomacy" tag:"Conflict/Drones"', limit=50)
    assert found.total == 3
    assert len(in_article.cells[(diplomacy, drones)].articles) == 3
    # The cell lists the passages behind it: both tags' passages in those articles.
    assert len(in_article.passages_in(diplomacy, drones)) == 5


def test_a_passage_on_an_article_no_longer_in_the_library_still_counts(store):
    tag_store = store
    passage = tag_store.add_passage("gone-article", "Some text here.", 0, 4, ["Kept"])
    matrix = code_matrix(tag_store.tags(), [passage], {}, by="publication")
    assert [c.label for c in matrix.columns] == [NOT_IN_LIBRARY]
    assert matrix.count(0, 0) == 1


def test_unknown_columns_are_refused(store):
    with pytest.raises(ValueError, match="columns"):
        code_matrix([], [], {}, by="colour")


def test_csv_has_totals_and_transposes_to_an_article_a_row(coded):
    matrix = matrix_of(coded.annotations, coded.library.store, by="article")
    data = render_matrix(matrix, transpose=True)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "article",
        "article_id",
        "Conflict",
        "Conflict/Drones",
        "Diplomacy",
        "Humanitarian",
        "total",
    ]
    assert rows[1][0] == "Story 0 (2024-03-05)" and rows[1][2:] == ["2", "1", "1", "0", "2"]
    assert rows[-1] == ["total", "", "5", "4", "3", "1", "7"]
    shares = list(csv.reader(io.StringIO(render_matrix(matrix, share="row").decode("utf-8-sig"))))
    assert shares[1][0] == "article_id"
    assert shares[2][:2] == ["Conflict", "40.0"]  # 2 of Conflict's 5 passages


def test_a_tag_that_looks_like_a_formula_is_inert_in_the_csv(store):
    passage = store.add_passage("a1", "Some text here.", 0, 4, ["=cmd"])
    data = render_matrix(code_matrix(store.tags(), [passage], {}, by="year"))
    assert "'=cmd" in data.decode("utf-8-sig")


def test_command_line_matrix(coded, home_dir, capsys, tmp_path):
    assert cli(["--home", str(home_dir), "matrix", "--by", "section", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["label"] for c in out["columns"]] == ["Politics", "War", "(no section)"]
    rows = {r["tag"]: r for r in out["rows"]}
    assert rows["Diplomacy"]["counts"] == [1, 2, 0] and rows["Diplomacy"]["total"] == 3
    assert out["total"] == 7
    # Only the articles a search matches.
    assert cli(["--home", str(home_dir), "matrix", "--query", "Kursk", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 1 and [c["label"] for c in out["columns"]] == ["Meduza"]
    target = tmp_path / "matrix.csv"
    assert cli(["--home", str(home_dir), "matrix", "--by", "tag", "-o", str(target)]) == 0
    assert "written to" in capsys.readouterr().err
    assert target.read_bytes().startswith("\ufeff".encode())
    assert cli(["--home", str(home_dir), "matrix", "--query", "drone AND", "--json"]) == 2
    assert "AND" in capsys.readouterr().err


def test_the_window_counts_lists_a_cell_follows_edits_and_exports(qtbot, seeded_home, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    from gui.code_matrix_view import CellRole
    from gui.context import AppContext
    from gui.paths import resolve_home
    from tests.conftest import open_main_window

    # Passages tagged before the window opens: "drone" sentences and "prisoner" words.
    before = AppContext(resolve_home(seeded_home))
    for article in before.library.articles()[:6]:
        text = before.library.article(article.id).text
        for word, tag in (("drone", "Drones"), ("prisoner", "Prisoners")):
            at = text.find(word)
            if at >= 0:
                before.annotations.add_passage(article.id, text, at, at + len(word), [tag])
    expected = len(before.annotations.all_passages())
    assert expected >= 4
    before.close_thread()

    window = open_main_window(qtbot, seeded_home)
    menu = next(a for a in window.findChildren(QAction) if a.text() == "Code mat&rix…")
    menu.trigger()
    dialog = window.matrix.dialog
    qtbot.waitUntil(lambda: dialog.model.matrix is not None, timeout=20_000)
    model = dialog.model
    assert model.matrix.total == expected
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())] == [
        "Drones",
        "Prisoners",
        "Total",
    ]
    # By section: the seeds' sections as columns, and the numbers add up.
    dialog.by.setCurrentIndex(dialog.by.findData("section"))
    qtbot.waitUntil(
        lambda: model.matrix is not None and model.matrix.by == "section", timeout=20_000
    )
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "Total"
    total = model.index(model.rowCount() - 1, last)
    assert total.data() == str(expected)
    # Click a number: its passages are listed; double-click one to open it.
    cell = next(
        model.index(0, c) for c in range(last) if model.index(0, c).data() not in ("0", None)
    )
    row, column = cell.data(CellRole)
    dialog.view.clicked.emit(cell)
    assert dialog.passages.rowCount() == model.matrix.count(row, column) > 0
    assert "Drones" in dialog.cell_label.text()
    first = dialog.list.model().index(0, 0)
    dialog.list.doubleClicked.emit(first)
    opened = dialog.passages.row(0).article_id
    assert window.reader.article.id == opened
    # Swapped: a section a row.
    dialog.transpose.setChecked(True)
    assert model.rowCount() == len(model.matrix.columns) + 1
    assert model.columnCount() == len(model.matrix.rows) + 1
    # Percentages of the column: each column's cells against its total.
    dialog.show_as.setCurrentIndex(dialog.show_as.findData("column"))
    assert model.index(0, 0).data().endswith("%") or model.index(0, 0).data() == "–"
    # A passage tagged in the window is counted at once (the matrix is counted again).
    article = window.reader.article
    at = article.text.find("the")
    window.annotations.tag_spans({article.id: [(at, at + 3)]}, ["Drones"])
    qtbot.waitUntil(lambda: model.matrix.total == expected + 1, timeout=20_000)
    # Export CSV of the matrix as shown (swapped, percentages).
    target = tmp_path / "matrix.csv"
    with qtbot.waitSignal(window.export_finished, timeout=10_000) as done:
        window.matrix.export(target)
    assert "exported to" in done.args[0]
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "section" and rows[0][-1] == "total"
    # Only the search's articles.
    window.search.set_query("prisoner")
    qtbot.waitUntil(lambda: window.results is not None, timeout=10_000)
    window.matrix.show()
    assert dialog.within.isEnabled() and "prisoner" in dialog.within.text()
    dialog.within.setChecked(True)
    qtbot.waitUntil(lambda: window.matrix.task is None, timeout=20_000)
    assert 0 < model.matrix.total < expected + 1
    narrowed = model.matrix.total
    # Another search while the matrix is open and narrowed: it follows.
    window.search.set_query("drone")
    qtbot.waitUntil(lambda: "drone" in dialog.within.text(), timeout=10_000)
    qtbot.waitUntil(lambda: window.matrix.task is None, timeout=20_000)
    assert model.matrix.total != narrowed
    dialog.close()


def test_against_tags_the_pairs_are_shaded_and_a_tags_own_count_is_not(qtbot, store):
    from PySide6.QtCore import Qt

    from gui.code_matrix_view import CodeMatrixModel

    text = "Drones hit the port. Talks stalled. Drones again."
    passages = [
        store.add_passage("a1", text, 0, 20, ["Drones", "Diplomacy"]),
        store.add_passage("a1", text, 21, 35, ["Diplomacy"]),
        store.add_passage("a1", text, 36, 49, ["Drones"]),
    ]
    model = CodeMatrixModel()
    model.set_matrix(code_matrix(store.tags(), passages, {}, by="tag"), False, "count")
    diplomacy_own, pair = model.index(0, 0), model.index(0, 1)
    assert (diplomacy_own.data(), pair.data()) == ("2", "1")
    assert diplomacy_own.data(Qt.ItemDataRole.BackgroundRole) is None
    # The pair is the largest off the diagonal: the fullest shade.
    assert pair.data(Qt.ItemDataRole.BackgroundRole).name() == "#8ab4f8"
    assert "with “Diplomacy” and “Drones” on one passage" in pair.data(Qt.ItemDataRole.ToolTipRole)


def test_a_matrix_of_thousands_of_columns_is_not_measured_column_by_column(
    qtbot, store, monkeypatch
):
    """By article, 10,000 columns took two seconds of the window's time to fit."""
    from gui import code_matrix_view
    from gui.code_matrix_view import CodeMatrixDialog

    text = "A long headline of an article that would be measured. Another one."
    passages = [store.add_passage(f"a{i}", text, 0, 10, ["Escalation"]) for i in range(3)]
    articles = {
        f"a{i}": type("A", (), {"title": text * 2, "published": "", "site": "", "section": ""})
        for i in range(3)
    }
    matrix = code_matrix(store.tags(), passages, articles, by="article")
    dialog = CodeMatrixDialog()
    qtbot.addWidget(dialog)
    dialog.show_matrix(matrix)
    fitted = dialog.view.horizontalHeader().sectionSize(0)
    assert fitted == 240  # a long headline: as wide as allowed
    monkeypatch.setattr(code_matrix_view, "FIT_AT_MOST", 2)
    dialog.show_matrix(matrix)
    assert dialog.view.horizontalHeader().sectionSize(0) == 110


def test_without_tags_the_matrix_says_so_and_shows_no_table(qtbot, store):
    from gui.code_matrix_view import CodeMatrixDialog

    dialog = CodeMatrixDialog()
    qtbot.addWidget(dialog)
    dialog.show_matrix(code_matrix([], [], {}, by="publication"))
    assert dialog.model.rowCount() == 0 and dialog.model.columnCount() == 0
    assert "No tags yet" in dialog.status.text()
    assert not dialog.export.isEnabled()


def test_tags_against_the_people_their_passages_name(seeded_ctx, home_dir, capsys):
    """Who is named in the passages of each tag: a passage counts for every person
    named inside it; a tag's total is all its passages, named or not."""
    from annotations.code_matrix import TOP_NAMES

    ctx = seeded_ctx
    store = ctx.annotations
    expected_zelenskyy = 0
    for article in ctx.library.articles():
        text = ctx.library.article(article.id).text
        mentions = ctx.library.mentions(article.id)
        for line in list(re.finditer(r"[^\n]+", text))[:3]:  # the first three paragraphs
            store.add_passage(article.id, text, line.start(), line.end(), ["Opening"])
            named = {
                m.canonical
                for m in mentions
                if m.kind == "Person" and m.start >= line.start() and m.end <= line.end()
            }
            expected_zelenskyy += "Volodymyr Zelenskyy" in named
    matrix = matrix_of(store, ctx.library.store, by="person")
    labels = [c.label for c in matrix.columns]
    assert labels[0] == "Volodymyr Zelenskyy" and len(labels) <= TOP_NAMES
    assert matrix.count(0, 0) == expected_zelenskyy > 0
    assert matrix.row_total(0) == len(store.all_passages())  # named or not
    assert matrix.share(0, 0, "row") == pytest.approx(expected_zelenskyy / matrix.row_total(0))
    cell = sorted(matrix.passages_in(0, 0))
    first = matrix.passages[cell[0]]
    assert "Zelensk" in first.quote
