"""A library of several folders: adding, removing, watching, and passages that wait."""

from __future__ import annotations

import json
import shutil

from gui.cli import main
from gui.context import AppContext
from gui.main_window import MainWindow
from gui.paths import resolve_home
from tests.conftest import SEEDS

BODY = "The harbour master reported calm seas and a busy week for the ferries. " * 6


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_two_folders_then_remove_one_keeps_its_passages_until_it_returns(capsys, tmp_path):
    home = str(tmp_path / "h")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "ferry.txt").write_text("Ferries Busy All Week\n" + BODY)
    assert run(capsys, "index", str(SEEDS), "--no-entities", "--home", home)[0] == 0
    assert run(capsys, "index", str(mine), "--no-entities", "--home", home)[0] == 0
    _, out, _ = run(capsys, "folders", "--json", "--home", home)
    assert [(f["path"], f["articles"]) for f in json.loads(out)] == [
        (str(SEEDS), 13),
        (str(mine), 1),
    ]
    _, out, _ = run(capsys, "search", "ferries", "--json", "--home", home)
    ferry_id = json.loads(out)["hits"][0]["id"]
    run(capsys, "annotate", ferry_id, "--quote", "calm seas", "--tag", "Weather", "--home", home)

    code, out, _ = run(capsys, "remove", str(mine), "--home", home)
    assert (
        code == 0 and "1 article left" in out and "1 passage on them is kept and comes back" in out
    )
    _, out, _ = run(capsys, "search", "ferries", "--json", "--home", home)
    assert json.loads(out)["total"] == 0
    _, out, _ = run(capsys, "export", "--home", home)
    assert "calm seas" in out  # the passage is still there, as an orphan

    run(capsys, "index", str(mine), "--no-entities", "--home", home)
    _, out, _ = run(capsys, "show", ferry_id, "--json", "--home", home)
    assert json.loads(out)["passages"][0]["quote"] == "calm seas"  # same id: re-attached


def test_removing_an_unknown_folder_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "remove", str(tmp_path), "--home", str(tmp_path / "h"))
    assert code == 2 and "is not in the library" in err


def test_the_window_notices_a_new_file_and_indexes_it(qtbot, tmp_path):
    folder = tmp_path / "archive"
    shutil.copytree(SEEDS, folder)
    window = MainWindow(AppContext(resolve_home(tmp_path / "h")), folder)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.idle, timeout=120_000):
        window.start()
    qtbot.waitUntil(lambda: str(folder) in window.watcher.watched(), timeout=10_000)
    (folder / "lighthouse.txt").write_text("Lighthouse Keeper Retires\n" + BODY)
    qtbot.waitUntil(
        lambda: window.ctx.library.searcher().search("lighthouse").total == 1, timeout=20_000
    )
    qtbot.waitUntil(lambda: not window.writer.busy, timeout=60_000)
    window.close()
    window.ctx.close_thread()


def test_the_window_removes_a_folder(qtbot, seeded_home):
    window = MainWindow(AppContext(resolve_home(seeded_home)))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.idle, timeout=30_000):
        window.start()
    with qtbot.waitSignal(window.idle, timeout=30_000):
        window.remove_folder(SEEDS)
    assert window.ctx.library.is_empty()
    assert "13 articles left" in window.statusBar().currentMessage()
    window.close()
    window.ctx.close_thread()


def test_the_status_bar_names_an_indexed_folder_by_its_name(qtbot, seeded_home):
    """The window indexes each library folder at start, and the progress bar of the
    next one shares the status bar: a full path was cut off before it said anything."""
    window = MainWindow(AppContext(resolve_home(seeded_home)))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.idle, timeout=30_000):
        window.start()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"{SEEDS.name}: up to date, nothing to do (13 articles)")
    assert str(SEEDS.parent) not in message
    window.close()
    window.ctx.close_thread()
