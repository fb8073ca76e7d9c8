"""Derived data heals itself: a damaged index, article database or version file is named
in one sentence and rebuilt from the article files; the passages are never touched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gui.cli import main
from tests.conftest import SEEDS, cli_in_another_process


def cli(capsys, home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _damage_segment(home: Path) -> None:
    segment = max((home / "index" / "whoosh").glob("*.seg"), key=lambda p: p.stat().st_size)
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 3])


def _truncate_articles(home: Path) -> None:
    (home / "index" / "articles.sqlite-wal").unlink(missing_ok=True)
    path = home / "index" / "articles.sqlite"
    path.write_bytes(path.read_bytes()[:2048])


def _cut_articles_to_a_third(home: Path) -> None:
    import sqlite3

    path = home / "index" / "articles.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _garble_version(home: Path) -> None:
    (home / "index" / "version").write_bytes(b"\xff\xfe garbage")


def _missing_segment(home: Path) -> None:
    for segment in (home / "index" / "whoosh").glob("*.seg"):
        segment.unlink()


@pytest.mark.parametrize(
    "damage",
    [
        _damage_segment,
        _truncate_articles,
        _cut_articles_to_a_third,
        _garble_version,
        _missing_segment,
    ],
)
def test_a_damaged_index_is_named_rebuilt_and_the_passages_stay(capsys, tmp_path, damage):
    home, folder = tmp_path / "home", tmp_path / "archive"
    shutil.copytree(SEEDS, folder)
    assert cli(capsys, home, "index", str(folder), "--no-entities")[0] == 0
    _, out, _ = cli(capsys, home, "articles", "--json")
    article = json.loads(out)[0]["id"]
    assert cli(capsys, home, "annotate", article, "--quote", "Russia", "--tag", "Keep")[0] == 0
    damage(home)
    code, out, err = cli(capsys, home, "search", "prisoners")
    assert "Traceback" not in err
    assert "rebuilt from your article files" in err or "being rebuilt" in err
    assert err.count("damaged") + err.count("another version") >= 1
    assert code in (0, 2)
    # The folder list survived: one index run brings everything back.
    _, out, _ = cli(capsys, home, "folders", "--json")
    assert [f["path"] for f in json.loads(out)] == [str(folder.resolve())]
    code, out, err = cli(capsys, home, "index", str(folder), "--no-entities", "--json")
    assert code == 0 and json.loads(out)["added"] == 13
    code, out, _ = cli(capsys, home, "search", "prisoners", "--json")
    assert code == 0 and json.loads(out)["total"] > 0
    _, out, _ = cli(capsys, home, "show", article, "--json")
    [passage] = json.loads(out)["passages"]
    assert passage["quote"] == "Russia" and not passage["orphan"]


def test_the_window_rebuilds_a_damaged_index_with_progress(qtbot, seeded_home):
    from tests.conftest import open_main_window

    _truncate_articles(seeded_home)
    window = open_main_window(qtbot, seeded_home)
    assert "was damaged" in window.rebuilt_because
    assert len(window.ctx.library.articles()) == 13


def test_an_index_another_process_uses_is_never_deleted(seeded_home):
    """A second Archive Reader that finds the index unreadable or outdated leaves it to
    the process using it: a rebuild deleted the files from under a running index."""
    from indexer.library import Library
    from indexer.schema import SCHEMA_VERSION

    library = Library(seeded_home / "index")  # this process uses the index
    articles = len(library.articles())
    version = seeded_home / "index" / "version"
    version.write_text("1")  # what another process would take for an outdated index
    other = cli_in_another_process(seeded_home, "search", "prisoners")
    assert "another Archive Reader is using it" in other.stderr
    assert "Traceback" not in other.stderr
    version.write_text(str(SCHEMA_VERSION))
    assert len(library.articles()) == articles == 13
    assert library.searcher().search("prisoners").total > 0
    # Alone, the same process rebuilds it as before.
    version.write_text("1")
    library.close()
    again = Library(seeded_home / "index")
    assert "another version" in again.healed and again.articles() == []


def test_a_rebuild_on_one_thread_reaches_every_thread(seeded_home):
    """A bug: a search job that found the index damaged rebuilt it, but the other
    threads (the window's, the indexing job's) kept their connections to the deleted
    files: they showed the old articles, and what they indexed went nowhere."""
    from concurrent.futures import ThreadPoolExecutor

    from indexer.library import Library
    from indexer.progress import run_to_end

    library = Library(seeded_home / "index")
    [folder] = library.folders()
    with ThreadPoolExecutor(max_workers=1) as other_thread:
        assert other_thread.submit(lambda: len(library.articles())).result() == 13
        library._rebuild("damaged, for this test")  # here, as a search job's heal does
        assert other_thread.submit(lambda: len(library.articles())).result() == 0
        other_thread.submit(lambda: run_to_end(library.update(Path(folder)))).result()
    assert len(library.articles()) == 13
    assert library.searcher().search("prisoners").total > 0
