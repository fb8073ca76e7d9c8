"""Exporting a search's articles: every story the results list holds (not the page
loaded), in its order, as a table, as texts, or as references."""

from __future__ import annotations

import csv
import io
import json

from gui.cli import main as cli


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_every_story_in_the_order_of_the_results_list(seeded_ctx):
    from gui.results_export import listed_results, results_bytes

    library = seeded_ctx.library
    shown = library.searcher().search("prisoner*", limit=3, sort="relevance")
    listed = listed_results(library, "prisoner*", "relevance")
    assert len(listed) == shown.total > 3  # all of them, where the list loads 3 at a time
    assert [x.article.id for x in listed[:3]] == [h.id for h in shown.hits]
    by_date = listed_results(library, "prisoner*", "date")
    dates = [x.article.published for x in by_date]
    assert dates == sorted(dates, reverse=True)
    data, n = results_bytes(library, "prisoner*", "csv", "relevance")
    rows = _rows(data)
    assert n == len(rows) == shown.total
    assert [r["rank"] for r in rows] == [str(i) for i in range(1, n + 1)]
    assert rows[0]["article_id"] == shown.hits[0].id and rows[0]["title"] == shown.hits[0].title
    assert "text" not in rows[0]
    # The same keys as the passage exports' references.
    bib, _ = results_bytes(library, "prisoner*", "bib")
    for row in rows:
        assert "{" + row["citekey"] + "," in bib.decode()
    assert "matching “prisoner*”" in bib.decode()


def test_texts_travel_whole_in_csv_and_json_lines(seeded_ctx):
    from gui.results_export import results_bytes

    library = seeded_ctx.library
    data, n = results_bytes(library, "Zelenskyy", "jsonl")
    records = [json.loads(line) for line in data.decode().splitlines()]
    assert len(records) == n > 0
    for record in records:
        assert record["text"] == library.article(record["article_id"]).text
    rows = _rows(results_bytes(library, "Zelenskyy", "csv-text")[0])
    assert [r["text"] for r in rows] == [r["text"] for r in records]


def test_copies_of_a_story_are_one_row_with_their_number(ctx, tmp_path):
    from gui.results_export import listed_results
    from indexer.progress import run_to_end as drain

    folder = tmp_path / "wire"
    folder.mkdir()
    story = (
        "Grain ships left Odesa under naval escort on Tuesday, the ministry said, the first"
        " convoy since the corridor closed in July. Insurers had refused cover for weeks, and"
        " traders in Istanbul said freight rates fell by a third as the ships sailed south"
        " along the Romanian and Bulgarian coasts towards the Bosporus."
    )
    # The wire's story and a paper's copy of it with its own closing line.
    (folder / "a.txt").write_text(f"Grain ships leave Odesa\n\n{story}\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        f"Grain ships leave Odesa\n\n{story} Reporting by the desk.\n", encoding="utf-8"
    )
    (folder / "c.txt").write_text("Other news\n\nA grain silo was hit in Izmail.\n")
    drain(ctx.library.update(folder))
    listed = listed_results(ctx.library, "grain", "relevance")
    assert sorted(x.copies for x in listed) == [1, 2]


def test_command_line_articles_query_format(seeded_home, capsys, tmp_path):
    home = ["--home", str(seeded_home)]
    assert cli([*home, "articles", "--query", "drone*", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and all("id" in a and "title" in a for a in listed)
    assert cli([*home, "articles", "--query", "drone*", "--format", "ris"]) == 0
    assert capsys.readouterr().out.count("ER  - ") == len(listed)
    target = tmp_path / "drones.csv"
    assert cli([*home, "articles", "--query", "drone*", "--format", "csv", "-o", str(target)]) == 0
    assert f"{len(listed)} articles written" in capsys.readouterr().err
    assert len(_rows(target.read_bytes())) == len(listed)
    assert cli([*home, "articles", "--query", "drone AND"]) == 2
    assert cli([*home, "articles", "-o", str(target)]) == 2  # a file needs a --format


def test_the_window_exports_what_the_results_list(qtbot, seeded_home, tmp_path):
    from PySide6.QtGui import QAction

    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    assert any(a.text() == "Export &search results…" for a in window.findChildren(QAction))
    window.search.set_query("prisoner*")
    qtbot.waitUntil(lambda: window.results is not None, timeout=10_000)
    window.search.toggle_filter('section:"Russia-Ukraine War"')  # a chip narrows the list
    qtbot.waitUntil(
        lambda: window.results is not None and "section" in window.results.query, timeout=10_000
    )
    assert window.results.total < window.ctx.library.searcher().search("prisoner*").total
    total = window.results.total
    target = tmp_path / "refs.json"
    with qtbot.waitSignal(window.export_finished, timeout=10_000) as done:
        window.export_results(target, "csljson")
    assert done.args[0] == f"{total} article{'s' if total != 1 else ''} exported to {target}"
    items = json.loads(target.read_text(encoding="utf-8"))
    assert len(items) == total


def test_the_saved_name_follows_the_chosen_type():
    from pathlib import Path

    from gui.results_saver import with_extension

    assert with_extension(Path("/d/articles.csv"), "bib") == Path("/d/articles.bib")
    assert with_extension(Path("/d/articles"), "jsonl") == Path("/d/articles.jsonl")
    assert with_extension(Path("/d/articles.csv"), "csv-text") == Path("/d/articles.csv")
    assert with_extension(Path("/d/refs.txt"), "ris") == Path("/d/refs.txt")  # the user's own


def test_every_story_of_a_large_archive_goes_to_sqlite_in_parts(seeded_ctx, monkeypatch):
    """An export of every result asks for the copies of every story at once: past
    SQLite's values a statement ("too many SQL variables"), so they go in parts."""
    import sqlite3

    from gui.results_export import listed_results
    from indexer import store as store_module

    library = seeded_ctx.library
    whole = listed_results(library, "", "title")
    # A new connection (and searcher), limited before it prepares any statement:
    # SQLite checks the limit when a statement is prepared, and keeps prepared ones.
    library._local.__dict__.clear()
    store = library.store
    store._db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 5)
    monkeypatch.setattr(store_module, "_IN_PART", 3)
    assert listed_results(library, "", "title") == whole


def test_the_file_dialog_offers_every_format_the_export_writes():
    from annotations.export.article_list import FORMATS
    from gui.results_saver import FILE_TYPES

    assert set(FILE_TYPES) == set(FORMATS)
