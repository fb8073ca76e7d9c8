"""The annotation database is checked, backed up, never silently replaced, and restorable."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from annotations import db as database
from annotations import db_backups
from annotations.store import AnnotationStore
from gui.cli import main

TEXT = "Talks resumed in Istanbul on Monday after a pause of three weeks."


def cli(capsys, home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _store_with_passages(home: Path, count: int) -> AnnotationStore:
    store = AnnotationStore(home / "annotations.sqlite", home / "backups")
    for n in range(count):
        store.add_passage(f"article-{n}", TEXT, 0, 5, ["Talks"])
    return store


def test_backups_are_made_on_open_and_after_every_hundred_changes(tmp_path):
    store = _store_with_passages(tmp_path, 1)
    assert db_backups.list_backups(tmp_path / "backups") == []  # nothing to copy at first
    for n in range(60):  # each passage changes 3 rows: itself, its tag link, the tag's use
        store.add_passage(f"more-{n}", TEXT, 6, 12, ["Talks"])
    [copy] = db_backups.list_backups(tmp_path / "backups")  # at 100 rows, not yet at 200
    assert 30 <= copy.passages <= 40
    store.close()
    # Reopened after the copy: the database is no newer than its newest copy.
    AnnotationStore(tmp_path / "annotations.sqlite", tmp_path / "backups").close()
    assert len(db_backups.list_backups(tmp_path / "backups")) == 1


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda p: p.write_bytes(b""), "the file is empty"),
        (lambda p: p.write_bytes(b"not a database at all" * 100), "not an SQLite database"),
        (lambda p: p.write_bytes(p.read_bytes()[:4096]), "damaged"),
    ],
)
def test_a_damaged_database_is_named_kept_and_restored_from_the_newest_backup(
    capsys, tmp_path, damage, problem
):
    store = _store_with_passages(tmp_path, 3)
    store.backup()
    store.close()
    db_path = tmp_path / "annotations.sqlite"
    with sqlite3.connect(db_path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(db_path)
    damaged_bytes = db_path.read_bytes()
    code, _, err = cli(capsys, tmp_path, "export", "--format", "md")
    assert code == 2 and problem in err and "annotations restore" in err
    assert "Traceback" not in err
    assert db_path.read_bytes() == damaged_bytes  # never replaced silently
    code, out, _ = cli(capsys, tmp_path, "annotations", "restore")
    assert code == 0 and "kept as annotations.sqlite.replaced-" in out
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("annotations.sqlite.replaced-")]
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [
        damaged_bytes
    ]
    code, out, _ = cli(capsys, tmp_path, "annotations", "check", "--full")
    assert code == 0 and "ok" in out
    restored = AnnotationStore(db_path)
    assert len(restored.all_passages()) == 3
    restored.close()


def test_check_reports_and_backups_lists(capsys, tmp_path):
    store = _store_with_passages(tmp_path, 2)
    store.backup()
    store.close()
    code, out, _ = cli(capsys, tmp_path, "annotations", "backups", "--json")
    [listed] = json.loads(out)
    assert code == 0 and listed["passages"] == 2 and Path(listed["path"]).is_file()
    code, out, _ = cli(capsys, tmp_path, "annotations", "check")
    assert code == 0 and out.endswith("ok (quick check)\n")


def _first_use(path: str, queue) -> None:
    try:
        store = AnnotationStore(Path(path))
        store.add_passage("a", TEXT, 0, 5, ["Talks"])
        store.close()
        queue.put("ok")
    except Exception as error:  # reported to the test, which fails on it
        queue.put(f"{error.__class__.__name__}: {error}")


def test_several_processes_can_use_a_new_home_at_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    for trial in range(3):
        path = tmp_path / f"home{trial}" / "annotations.sqlite"
        path.parent.mkdir()
        queue = context.Queue()
        workers = [context.Process(target=_first_use, args=(str(path), queue)) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert sorted(queue.get(timeout=5) for _ in workers) == ["ok"] * 4
        assert len(AnnotationStore(path).all_passages()) == 4


def test_a_new_database_is_never_an_empty_file(tmp_path):
    path = tmp_path / "annotations.sqlite"
    database.connect(path).close()
    assert path.read_bytes().startswith(b"SQLite format 3\0")
    assert not list(tmp_path.glob(".annotations.sqlite.*"))


def test_the_window_checks_the_database_and_restores_a_backup(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    store = window.ctx.annotations
    store.add_passage("x", TEXT, 0, 5, ["Talks"])
    backup = store.backup()
    store.add_passage("y", TEXT, 6, 12, ["Talks"])
    window.check_database()
    qtbot.waitUntil(lambda: window.database_check == "ok", timeout=10_000)
    message = window.restore_from(backup)
    assert "kept as annotations.sqlite.replaced-" in message
    window.ctx.close_thread()
    assert len(AnnotationStore(seeded_home / "annotations.sqlite").all_passages()) == 1


def test_a_damaged_database_at_start_offers_the_newest_backup(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gui.app import annotations_usable
    from gui.context import AppContext
    from gui.paths import resolve_home

    store = _store_with_passages(tmp_path, 2)
    store.backup()
    store.close()
    (tmp_path / "annotations.sqlite").write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"annotations.sqlite{suffix}").unlink(missing_ok=True)
    seen = []

    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if "Restore" in b.text()).click()

    QTimer.singleShot(50, answer)
    ctx = AppContext(resolve_home(tmp_path))
    assert annotations_usable(ctx)
    assert "is damaged: the file is empty" in seen[0]
    assert len(ctx.annotations.all_passages()) == 2
    ctx.close_thread()


_OTHER_PROCESS_OPENS_AND_CLOSES = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("SELECT count(*) FROM sqlite_master").fetchone()
db.close()
"""


def _another_process_opens_and_closes(path: Path) -> None:
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", _OTHER_PROCESS_OPENS_AND_CLOSES, str(path)], check=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def test_checking_a_database_keeps_this_process_locks_on_it(tmp_path):
    """A bug: the article database's start-up check (and the annotation database's, run
    by every thread's first connection) opened and closed the file in Python, which
    dropped this process's SQLite locks on it. A second process (a search from the
    command line while a folder was indexed) then took itself for the last user,
    reset the write-ahead log under the open connection, and the index was reported
    malformed and rebuilt: 10,000 articles gone."""
    from indexer.store import ArticleStore

    articles = ArticleStore(tmp_path / "articles.sqlite")
    with articles.transaction():
        articles.add_folder("/archive")
    annotations = AnnotationStore(tmp_path / "annotations.sqlite", tmp_path / "backups")
    annotations.add_passage("article-1", TEXT, 0, 5, ["Talks"])
    for path in (articles.path, tmp_path / "annotations.sqlite"):
        assert _wal(path).stat().st_size > 0  # committed, still in the log
    # What a start-up or another thread's first connection does, this process's own
    # connections open meanwhile:
    assert articles.opens_whole() == "ok"
    database.connect(tmp_path / "annotations.sqlite").close()
    for path in (articles.path, tmp_path / "annotations.sqlite"):
        _another_process_opens_and_closes(path)
        # Our connections are open: the other process must not have checkpointed and
        # removed the log as the database's last user would.
        assert _wal(path).exists() and _wal(path).stat().st_size > 0
    with articles.transaction():
        articles.add_folder("/second")
    annotations.add_passage("article-2", TEXT, 6, 12, ["Talks"])
    articles.close()
    annotations.close()
    with sqlite3.connect(tmp_path / "articles.sqlite") as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM folders").fetchone()[0] == 2
    with sqlite3.connect(tmp_path / "annotations.sqlite") as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM passages").fetchone()[0] == 2


def test_no_restore_while_another_process_uses_the_home(capsys, tmp_path):
    """Restoring moved the database aside under a window that kept saving passages
    into the moved file: a restore now waits until it is the home's only user."""
    from gui.context import AppContext
    from gui.paths import resolve_home
    from tests.conftest import cli_in_another_process

    store = _store_with_passages(tmp_path, 2)
    store.backup()
    store.add_passage("article-late", TEXT, 6, 12, ["Talks"])
    store.close()
    window = AppContext(resolve_home(tmp_path))  # this process uses the home, as a window
    before = (tmp_path / "annotations.sqlite").stat().st_ino
    other = cli_in_another_process(tmp_path, "annotations", "restore")
    assert other.returncode == 2 and "is using this home" in other.stderr
    assert "Traceback" not in other.stderr
    assert (tmp_path / "annotations.sqlite").stat().st_ino == before
    assert len(window.annotations.all_passages()) == 3
    window.close_thread()
    # The only user restores (here, the same process).
    code, out, _ = cli(capsys, tmp_path, "annotations", "restore")
    assert code == 0 and "kept as annotations.sqlite.replaced-" in out
    assert len(AnnotationStore(tmp_path / "annotations.sqlite").all_passages()) == 2
