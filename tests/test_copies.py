"""Copies of a story: the articles that tell the open one's story (a wire story as
papers printed it), listed and compared with it word by word."""

from __future__ import annotations

import json

import pytest

from gui.cli import main as cli
from indexer.compare import compare
from tests.conftest import drain

WIRE = (
    "Grain ships left Odesa under naval escort on Tuesday, the ministry said, the first"
    " convoy since the corridor closed in July. Insurers had refused cover for weeks, and"
    " traders in Istanbul said freight rates fell by a third as the ships sailed south"
    " along the Romanian and Bulgarian coasts towards the Bosporus."
)
# A paper's version: a word changed, a clause cut, a sentence of its own added.
PAPER = (
    "Grain ships left Odesa under naval escort on Tuesday, the ministry said, the first"
    " convoy since the corridor shut in July. Insurers had refused cover for weeks, and"
    " traders in Istanbul said freight rates fell by a third as the ships sailed south"
    " along the Romanian and Bulgarian coasts towards the Bosporus. Farmers in the"
    " region welcomed the news."
)


def test_compare_marks_what_was_cut_and_what_was_added():
    found = compare("The convoy left on Tuesday, officials said.", "The convoy left on Monday.")
    assert found.as_text() == "The convoy left on [-Tuesday, officials said-]{+Monday+}."
    assert (found.removed_words, found.added_words) == (3, 1)
    assert found.similarity == pytest.approx(2 * 4 / (7 + 5))
    assert compare(WIRE, WIRE).similarity == 1.0 and compare("", "").similarity == 1.0
    # A line break where the other has a space is not a difference.
    assert compare("one two\nthree", "one two three").as_text() == "one two three"
    kinds = {p.kind for p in compare(WIRE, PAPER).pieces}
    assert kinds == {"same", "removed", "added"}


@pytest.fixture
def story(ctx, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a-wire.txt").write_text(f"Grain ships leave Odesa\n\n{WIRE}\n", encoding="utf-8")
    (folder / "b-paper.txt").write_text(f"Grain ships leave Odesa\n\n{PAPER}\n", encoding="utf-8")
    (folder / "c-reprint.txt").write_text(f"Grain ships leave Odesa\n\n{WIRE}\n", encoding="utf-8")
    (folder / "d-other.txt").write_text("Other news\n\nA grain silo was hit in Izmail.\n")
    drain(ctx.library.update(folder))
    return ctx


def _ids(ctx) -> dict[str, str]:
    """Every article's id by its file's name, the exact copy indexed once included."""
    from pathlib import Path

    shown = {Path(a.source).name: a.id for a in ctx.library.articles()}
    members = ctx.library.store.story_members(shown["a-wire.txt"])
    return shown | {Path(a.source).name: a.id for a, _ in members}


def test_a_story_lists_its_near_and_exact_copies(story):
    store = story.library.store
    ids = _ids(story)
    members = store.story_members(ids["a-wire.txt"])
    names = {a.source.rsplit("/", 1)[-1]: copied for a, copied in members}
    assert set(names) == {"a-wire.txt", "b-paper.txt", "c-reprint.txt"}
    assert names["c-reprint.txt"] == ids["a-wire.txt"]  # identical, indexed once
    assert names["b-paper.txt"] is None
    assert [a.id for a, _ in store.story_members(ids["b-paper.txt"])] == [a.id for a, _ in members]
    assert [a.id for a, _ in store.story_members(ids["d-other.txt"])] == [ids["d-other.txt"]]
    assert store.story_members("no-such-id") == []


def test_the_window_links_lists_and_compares_the_copies(qtbot, story, home_dir):
    from PySide6.QtGui import QAction

    from gui.copies_view import IdRole
    from tests.conftest import open_main_window

    ids = _ids(story)
    window = open_main_window(qtbot, home_dir)
    window.open_article(ids["d-other.txt"])
    assert "other cop" not in window.reader.header.text()
    assert window.copies.show() is None  # no copies: a message, no dialog
    window.open_article(ids["a-wire.txt"])
    assert "2 other copies" in window.reader.header.text()
    window.reader.header.linkActivated.emit("copies")  # the header's link
    dialog = window.copies.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 2
    qtbot.waitUntil(lambda: "words in common" in dialog.status.text(), timeout=10_000)
    first = dialog.model.index(0, 0).data(IdRole)
    # The paper's version: its change and its sentence marked; the reprint: identical.
    paper_row = [dialog.model.index(r, 0).data(IdRole) for r in range(2)].index(ids["b-paper.txt"])
    dialog.table.setCurrentIndex(dialog.model.index(paper_row, 0))
    qtbot.waitUntil(lambda: "Farmers" in dialog.diff.toPlainText(), timeout=10_000)
    html = dialog.diff.toHtml()
    assert "line-through" in html and "underline" in html
    assert "only in the copy" in dialog.status.text()
    reprint_row = 1 - paper_row
    assert dialog.model.index(reprint_row, 5).data() == "identical"
    assert first in ids.values()
    # Open this copy: the reader shows it, its header links back to the others.
    dialog.open.click()
    assert window.reader.article.id == ids["b-paper.txt"]
    assert "2 other copies" in window.reader.header.text()
    menu = next(a for a in window.findChildren(QAction) if a.text() == "Co&pies of this story…")
    menu.trigger()
    assert dialog.model.rowCount() == 2
    # The window follows the reader: an article without copies empties it.
    window.open_article(ids["d-other.txt"])
    assert dialog.model.rowCount() == 0 and "has no copies" in dialog.about.text()
    dialog.close()


def test_command_line_copies_and_compare(story, home_dir, capsys):
    ids = _ids(story)
    home = ["--home", str(home_dir)]
    assert cli([*home, "copies", ids["a-wire.txt"], "--json"]) == 0
    listed = {a["id"]: a["identical_to"] for a in json.loads(capsys.readouterr().out)}
    assert listed == {ids["b-paper.txt"]: None, ids["c-reprint.txt"]: ids["a-wire.txt"]}
    assert cli([*home, "compare", ids["a-wire.txt"], ids["b-paper.txt"]]) == 0
    out = capsys.readouterr().out
    assert "[-closed-]{+shut+}" in out and "{+ Farmers in the region welcomed the news.+}" in out
    assert cli([*home, "compare", ids["a-wire.txt"], ids["b-paper.txt"], "--json"]) == 0
    assert 0.8 < json.loads(capsys.readouterr().out)["similarity"] < 1
    assert cli([*home, "compare", ids["a-wire.txt"], "nope"]) == 2
