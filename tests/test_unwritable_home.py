"""A read-only home or a full disk: one clear line, reading still works, nothing is lost.

The home lives on a small tmpfs of its own, remounted read-only or filled up, so the
failures are the kernel's own (EROFS, ENOSPC). Mounting needs root; elsewhere the tests
are skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS


def _mount(point: Path, size: str) -> bool:
    point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    point = tmp_path / "disk"
    if os.geteuid() != 0 or shutil.which("mount") is None or not _mount(point, "48m"):
        pytest.skip("needs root to mount a tmpfs")
    yield point
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gui.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


def _home_with_a_passage(home: Path) -> str:
    assert cli(home, "index", str(SEEDS), "--no-entities").returncode == 0
    article = json.loads(cli(home, "articles", "--json").stdout)[0]["id"]
    assert (
        cli(home, "annotate", article, "--start", "0", "--end", "5", "--tag", "Keep").returncode
        == 0
    )
    return article


def _one_clear_line(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 2, result.stderr
    assert "cannot write in" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and "Logging error" not in result.stderr


def _fill(disk: Path, leave_mb: int) -> Path:
    """Fill the disk to its last block, then free `leave_mb` megabytes."""
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 1_048_576)
                handle.flush()
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave_mb * 1_048_576))
    return filler


def test_a_read_only_home_reads_and_refuses_writes_in_one_line(small_disk):
    home = small_disk / "home"
    article = _home_with_a_passage(home)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert cli(home, "search", "prisoners").returncode == 0
    shown = json.loads(cli(home, "show", article, "--json").stdout)
    assert [p["quote"] for p in shown["passages"]] == [shown["text"][:5]]
    assert "Keep" in cli(home, "export", "--format", "md").stdout
    _one_clear_line(cli(home, "annotate", article, "--start", "6", "--end", "9", "--tag", "X"))
    _one_clear_line(cli(home, "index", str(SEEDS)))


def test_a_full_disk_refuses_in_one_line_and_loses_nothing(small_disk):
    home = small_disk / "home"
    article = _home_with_a_passage(home)
    filler = _fill(small_disk, leave_mb=0)
    for n in range(40):  # until the database itself can grow no more
        result = cli(
            home,
            "annotate",
            article,
            "--start",
            str(10 + n),
            "--end",
            str(20 + n),
            "--tag",
            f"Full {n}",
            "--note",
            "x" * 20_000,
        )
        if result.returncode != 0:
            break
    _one_clear_line(result)
    assert cli(home, "search", "prisoners").returncode == 0
    filler.unlink()
    shown = json.loads(cli(home, "show", article, "--json").stdout)
    assert len(shown["passages"]) == n + 1  # every save that said so is there
    assert cli(home, "annotations", "check", "--full").returncode == 0


def _indexed_ids(library) -> set[str]:
    ids: set[str] = set()
    reader = library.index.reader()
    try:
        for sub, _ in reader.leaf_readers():
            if sub.has_column("id"):
                ids.update(sub.column_reader("id"))
    finally:
        reader.close()
    return ids


@pytest.mark.parametrize("leave_mb", [6, 12])
def test_a_disk_filling_up_while_indexing_keeps_database_and_index_agreeing(
    small_disk, tmp_path, leave_mb
):
    """The disk filled during a run: SQLite rolled the transaction back itself, the
    next articles failed one by one as "could not be indexed", and each statement
    after that committed alone, so 116 articles were saved whose text index never
    was (their files recorded as read: unsearchable for good). Whoosh's cancel() then
    failed before releasing its write lock (the window could index nothing more) and
    left the unfinished segment on the full disk."""
    import sqlite3

    from whoosh.index import TOC

    from indexer.library import Library
    from tests.benchmarks.corpus import write_corpus
    from tests.conftest import drain

    folder = tmp_path / "articles"
    folder.mkdir()
    write_corpus(folder, 2000)
    library = Library(small_disk / "index")
    drain(library.update(SEEDS))
    filler = _fill(small_disk, leave_mb)
    with pytest.raises((OSError, sqlite3.OperationalError)):
        drain(library.update(folder))
    in_database = {a.id for a in library.articles()}
    assert in_database == _indexed_ids(library)
    storage = library.index.storage
    toc = TOC.read(storage, library.index.indexname)
    current = {s.segment_id() for s in toc.segments}
    unfinished = [
        name for name in storage if name.startswith("MAIN_") and name.split(".")[0] not in current
    ]
    assert unfinished in ([], ["MAIN_WRITELOCK"])
    filler.unlink()
    # The same process writes again at once: the lock is free (else 60 s, then an error).
    small = tmp_path / "small"
    small.mkdir()
    write_corpus(small, 5, seed=7)
    drain(library.update(small))
    assert {a.id for a in library.articles()} == _indexed_ids(library)
    assert len(in_database) + 5 == len(_indexed_ids(library))
    library.close()
