"""Names on news nobody tuned for: headlines and datelines, capitals, titles, clean
spans, one kind per name, and the researcher's corrections (real model, real index)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from indexer.store import Mention
from tests.conftest import drain

WIRE = (
    "SHEARER NAMED ENGLAND CAPTAIN\n\n"
    "LONDON 1996-08-30\n\n"
    "Alan Shearer was named England captain on Friday by coach Glenn Hoddle. "
    "Shearer takes over from Tony Adams.\n\n"
    "Adams and Mr Hoddle spoke to reporters at Wembley.\n"
)
WESTMINSTER = (
    "Blair returns to Westminster\n\n"
    "Tony Blair returned to Westminster on Monday. Mr Blair told MPs that the budget "
    "would pass, and Blair later met Gordon Brown. Entering Westminster, Mr Brown said "
    "little. Brown is expected to speak on Tuesday, an aide to [Gordon] Brown said.\n"
)


def _indexed(ctx, folder: Path, files: dict[str, str]):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    drain(ctx.library.update(folder))
    drain(ctx.library.extract_entities(ctx.recognizer()))
    return {Path(a.source).name: a for a in ctx.library.articles()}


def _names(ctx, article) -> list[tuple[str, str, str, str]]:
    return [(m.part, m.kind, m.text, m.canonical) for m in ctx.library.mentions(article.id, True)]


@pytest.fixture
def written(ctx, tmp_path):
    articles = _indexed(ctx, tmp_path / "news", {"wire.txt": WIRE, "blair.txt": WESTMINSTER})
    yield articles
    ctx.close_recognizer()


def test_all_caps_headline_and_dateline_names_are_found(ctx, written):
    wire = written["wire.txt"]
    article = ctx.library.article(wire.id)
    assert article.title == "SHEARER NAMED ENGLAND CAPTAIN"
    names = _names(ctx, wire)
    # The headline's names, with offsets into the title, marked as headline mentions.
    assert ("title", "Person", "SHEARER", "Alan Shearer") in names
    assert ("title", "Place", "ENGLAND", "England") in names
    headline = [m for m in ctx.library.mentions(wire.id, True) if m.headline]
    assert all(article.title[m.start : m.end] == m.text for m in headline)
    # The dateline's place, in the text, with its ordinary name.
    assert ("text", "Place", "LONDON", "London") in names
    # Surnames after the full name, and before it in the headline, are the same person.
    assert ("text", "Person", "Adams", "Tony Adams") in names
    assert ("text", "Person", "Hoddle", "Glenn Hoddle") in names
    # Headline mentions count for searches and facets; the reader's list has none.
    searcher = ctx.library.searcher()
    assert {h.id for h in searcher.search("place:London").hits} == {wire.id}
    assert all(not m.headline for m in ctx.library.mentions(wire.id))


def test_titles_are_not_names_and_one_person_is_one_entry(ctx, written):
    names = _names(ctx, written["blair.txt"])
    blair = {text for part, kind, text, canonical in names if canonical == "Tony Blair"}
    assert blair == {"Tony Blair", "Blair"}  # "Mr Blair" is Blair, and Blair is Tony Blair
    assert {c for _p, k, _t, c in names if k == "Person"} == {"Tony Blair", "Gordon Brown"}
    texts = [text for _p, _k, text, _c in names]
    assert not any(t.startswith(("Mr", "[")) or t.endswith("]") for t in texts)
    # A sentence's first word is not part of a name ("Entering Westminster").
    assert (
        "Entering Westminster" not in texts
        and ("text", "Place", "Westminster", "Westminster") in names
    )
    # An editor's brackets are not part of the name.
    assert not any("[" in c or "]" in c for *_rest, c in names)


def test_the_sample_archive_has_no_bracketed_names(seeded_ctx):
    canonicals = {
        m.canonical
        for a in seeded_ctx.library.articles()
        for m in seeded_ctx.library.mentions(a.id, True)
    }
    assert "Vladimir Putin" in canonicals
    assert not [c for c in canonicals if any(ch in c for ch in '[](){}"“”')]


def test_each_name_has_one_kind_across_the_archive(seeded_ctx):
    """Facets, the Names dialog, the reader and searches agree: no name has two kinds."""
    store = seeded_ctx.library.store
    assert store.kind_conflicts() == {}
    counts = store.entity_counts(per_kind=500)
    listed = [name for rows in counts.values() for name, _n in rows]
    assert len(listed) == len(set(listed))


def test_the_kind_most_mentions_have_wins_unless_the_gazetteer_says(seeded_ctx):
    """Three articles call a name a place and one an organisation: it is a place in all
    four, in the store, the facets and `place:` searches."""
    library = seeded_ctx.library
    store = library.store
    ids = [a.id for a in library.articles()][:4]
    part = []
    for number, article in enumerate(store.articles(ids)):
        kind, label = ("Organisation", "ORG") if number == 0 else ("Place", "GPE")
        mention = Mention(0, 5, label, kind, "Xanto", "Xanto")
        part.append((article, [*store.mentions(article.id, True), mention]))
    recognizer = seeded_ctx.recognizer()
    library._save_entities(store, recognizer, part, set())  # as the entity phase saves
    assert set(store.kind_conflicts()) == {"Xanto"}
    library._one_kind_each(store, recognizer)
    assert store.kind_conflicts() == {}
    kinds = {m.kind for i in ids for m in store.mentions(i, True) if m.canonical == "Xanto"}
    assert kinds == {"Place"}
    assert {h.id for h in library.searcher().search("place:Xanto", limit=20).hits} == set(ids)
    assert library.searcher().search("org:Xanto").total == 0


def test_merge_and_split_are_applied_archive_wide_and_undone(ctx, written, tmp_path):
    """Qt-free: a merge makes one entity of two in every article, a split undoes the
    folding of a surname, and restoring the gazetteer undoes either."""

    def redo(correction):
        ctx.recognizer()  # reads the gazetteer as it now is
        assert ctx.library.requeue_entities(list(correction.names)) >= 1
        drain(ctx.library.extract_entities(ctx.recognizer()))

    user = ctx.home.user_gazetteer
    canonicals = lambda: {  # noqa: E731
        (m.text, m.canonical)
        for a in ctx.library.articles()
        for m in ctx.library.mentions(a.id, True)
    }
    assert ("Gordon Brown", "Gordon Brown") in canonicals()

    merged = ctx.merge_entity("Gordon Brown", "Tony Blair", "Person")
    redo(merged)
    assert ("Gordon Brown", "Tony Blair") in canonicals()
    assert not any(c == "Gordon Brown" for _t, c in canonicals())
    saved = [json.loads(line) for line in user.read_text().splitlines()]
    assert {"Gordon Brown"} <= set(next(e for e in saved if e["name"] == "Tony Blair")["aliases"])

    ctx.restore_gazetteer(merged.before)  # undo
    redo(merged)
    assert ("Gordon Brown", "Gordon Brown") in canonicals()

    split = ctx.split_entity("Blair", "Tony Blair", "Person")
    redo(split)
    assert ("Blair", "Blair") in canonicals() and ("Tony Blair", "Tony Blair") in canonicals()
    ctx.restore_gazetteer(split.before)
    redo(split)
    assert ("Blair", "Tony Blair") in canonicals()
    assert not user.exists() or user.read_text() == merged.before


def test_a_kind_correction_and_a_merge_in_the_window_are_undone_with_ctrl_z(qtbot, seeded_home):
    """The reader's and the Names dialog's corrections go on the undo stack: Ctrl+Z puts
    the archive back as it was."""
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    library = window.ctx.library

    def kinds_of(name: str) -> set[str]:
        return {
            kind
            for kind, rows in library.store.entity_counts(per_kind=500).items()
            for other, _n in rows
            if other == name
        }

    assert kinds_of("Telegram") == {"Organisation"}
    window.correct_kind("Telegram", "Telegram", "Other")
    qtbot.waitUntil(lambda: kinds_of("Telegram") == set(), timeout=60_000)
    qtbot.waitUntil(lambda: not window.writer.busy, timeout=60_000)

    window.merge_entity("BRICS", "United Nations", "Organisation")
    qtbot.waitUntil(lambda: not kinds_of("BRICS"), timeout=60_000)
    assert window.annotations.undo.stack.undoText() == "Merge “BRICS” into “United Nations”"
    qtbot.waitUntil(lambda: not window.writer.busy, timeout=60_000)

    window.annotations.undo.stack.undo()
    qtbot.waitUntil(lambda: kinds_of("BRICS") == {"Organisation"}, timeout=60_000)
    qtbot.waitUntil(lambda: not window.writer.busy, timeout=60_000)
    window.annotations.undo.stack.undo()
    qtbot.waitUntil(lambda: kinds_of("Telegram") == {"Organisation"}, timeout=60_000)

    # The Names dialog offers the same corrections on a name's context menu.
    window.show_entity_browser()
    qtbot.waitUntil(lambda: window.browser.proxy.rowCount() > 0, timeout=30_000)
    menu = window.browser.correction_menu(0)
    names = [a.objectName() for a in menu.actions()] + [
        m.objectName() for m in menu.findChildren(type(menu))
    ]
    assert {"correctKindMenu", "mergeEntityAction", "splitEntityMenu", "notANameAction"} <= set(
        names
    )


def test_not_a_name_drops_it_everywhere_and_is_undone(ctx, written):
    """Qt-free, real model: the researcher says a name the model found is no name; its
    mentions go from every article, in every spelling, the model finding it again
    changes nothing, and restoring the gazetteer brings it back."""

    def redo(correction):
        ctx.recognizer()
        assert ctx.library.requeue_entities(list(correction.names)) >= 1
        drain(ctx.library.extract_entities(ctx.recognizer()))

    def named() -> set[str]:
        return {
            m.canonical for a in ctx.library.articles() for m in ctx.library.mentions(a.id, True)
        }

    assert {"Westminster", "Gordon Brown"} <= named()
    wrong = ctx.not_a_name("Westminster")
    assert wrong.description == "“Westminster” is not a name"
    redo(wrong)
    assert "Westminster" not in named() and "Gordon Brown" in named()
    saved = [json.loads(line) for line in ctx.home.user_gazetteer.read_text().splitlines()]
    assert next(e for e in saved if e["name"] == "Westminster")["not_a_name"] is True
    assert ctx.library.searcher().search("place:Westminster").total == 0
    ctx.restore_gazetteer(wrong.before)
    redo(wrong)
    assert "Westminster" in named()


def test_not_a_name_from_the_readers_menu_and_ctrl_z(qtbot, seeded_home):
    """The reader's menu on a name offers "… is not a name": the name goes from the
    archive, and Ctrl+Z brings it back."""
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    library = window.ctx.library

    def named(name: str) -> bool:
        counts = library.store.entity_counts(per_kind=500).values()
        return any(other == name for rows in counts for other, _n in rows)

    article = next(a for a in library.articles() if "Pentagon" in a.title)
    window.open_article(article.id)
    mention = next(m for m in window.reader._mentions if m.canonical == "Pentagon")
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.reader.text.document())
    cursor.setPosition(window.reader._offsets(mention.start + 2))
    menu = window.reader.context_menu(window.reader.text.cursorRect(cursor).center())
    [action] = [a for a in menu.actions() if a.objectName() == "notANameAction"]
    assert action.text() == "“Pentagon” is not a name"
    action.trigger()
    qtbot.waitUntil(lambda: not named("Pentagon"), timeout=60_000)
    qtbot.waitUntil(lambda: not window.writer.busy, timeout=60_000)
    assert window.annotations.undo.stack.undoText() == "“Pentagon” is not a name"
    window.annotations.undo.stack.undo()
    qtbot.waitUntil(lambda: named("Pentagon"), timeout=60_000)


POST = (
    "From: jaskew@spam.maths.adelaide.edu.au (Joseph Askew)\n"
    "Subject: Re: Deir Yassin\n\n"
    "In article <HM.93Apr24130607@angell.cs.brown.edu> hm@cs.brown.edu (Harry Mamaysky)"
    " writes:\n"
    ">In article <martinb.735590895@brise.ERE.UMontreal.CA> aurag@ERE.UMontreal.CA"
    " (Aurag Hassan) writes:\n\n"
    "I am replying to this because nobody else in Montreal or Adelaide has done so yet.\n\n"
    "-- \n"
    "Carl Ellison cme@sw.stratus.com\n"
    "Stratus Computer Inc. see www.Stratus.com or http://www.Panda.COM/~mrc\n"
)


def test_no_name_is_found_inside_an_address(ctx, tmp_path):
    """20 Newsgroups: the model read "CA" in aurag@ERE.UMontreal.CA as an organisation
    and ran a signature's person into his address ("Carl Ellison cme@sw.stratus.com").
    Names inside e-mail addresses, message ids and web addresses are none."""
    [post] = _indexed(ctx, tmp_path / "posts", {"76550": POST}).values()
    ctx.close_recognizer()
    article = ctx.library.article(post.id)
    mentions = ctx.library.mentions(post.id, True)
    addresses = [a.span() for a in re.finditer(r"\S*(?:@|://|www\.)\S*", article.text)]
    assert addresses
    for m in mentions:
        if not m.headline:
            assert not any(a < m.end and m.start < b for a, b in addresses), m
    names = {(m.kind, m.canonical) for m in mentions}
    assert ("Person", "Aurag Hassan") in names and ("Person", "Harry Mamaysky") in names
    assert ("Person", "Carl Ellison") in names
