"""Real processes killed at random moments: passages are never left on the wrong text.

A run of `index` is killed (SIGKILL) at a random moment while it reads changed
files, recognises names or re-anchors passages. Whatever it had saved, every
passage must then be either on exactly its quoted text or an orphan, as soon as
any command opens the home, and again after a complete run.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = pytest.mark.slow
QUOTES = ["prisoner exchanges", "North Korean troops", "drone attacks", "Zelenskyy", "Pentagon"]


def cli(home: Path, *args: str, check: bool = True) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "gui.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result.stdout


def passages_hold(home: Path) -> tuple[int, int, int]:
    """(on their text, orphans, on articles not in the index now); fails on any passage
    whose offsets hold other text. Opening the home first finishes pending work."""
    cli(home, "folders")
    with sqlite3.connect(home / "annotations.sqlite") as db:
        rows = db.execute('SELECT article_id, start, "end", exact, orphan FROM passages').fetchall()
    on_text = orphans = elsewhere = 0
    texts: dict[str, str | None] = {}
    for article_id, start, end, quote, orphan in rows:
        if article_id not in texts:
            shown = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "gui.cli",
                    "--home",
                    str(home),
                    "show",
                    article_id,
                    "--json",
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            )
            texts[article_id] = json.loads(shown.stdout)["text"] if shown.returncode == 0 else None
        if texts[article_id] is None:
            elsewhere += 1  # kept for when its article comes back
        elif orphan:
            orphans += 1
        else:
            assert texts[article_id][start:end] == quote, (article_id, start, quote)
            on_text += 1
    return on_text, orphans, elsewhere


def edit(folder: Path, trial: int) -> None:
    """Change every file so that offsets move: words grow and shrink, trial after trial."""
    for path in folder.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        if trial % 2 == 0:
            text = text.replace(" Russia ", " the Russian Federation ").replace(" US ", " U.S. ")
        else:
            text = text.replace(" the Russian Federation ", " Russia ")
        path.write_text(text, encoding="utf-8")


def test_kills_during_index_never_leave_a_passage_on_the_wrong_text(tmp_path):
    folder, home = tmp_path / "archive", tmp_path / "home"
    shutil.copytree(SEEDS, folder)
    cli(home, "index", str(folder), "--no-entities")
    for article in json.loads(cli(home, "articles", "--json")):
        text = json.loads(cli(home, "show", article["id"], "--json"))["text"]
        for quote in QUOTES:
            if quote in text:
                cli(home, "annotate", article["id"], "--quote", quote, "--tag", "Kill test")
    tagged = sum(passages_hold(home))
    assert tagged >= 8
    rng = random.Random(15)
    for trial in range(5):
        edit(folder, trial)
        run = subprocess.Popen(
            [sys.executable, "-m", "gui.cli", "--home", str(home), "index", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        time.sleep(rng.uniform(1.0, 6.0))  # import, text, re-anchoring, or the names
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert sum(passages_hold(home)) == tagged
    cli(home, "index", str(folder))
    on_text, orphans, elsewhere = passages_hold(home)
    assert (on_text + orphans, elsewhere) == (tagged, 0) and on_text >= tagged // 2


def test_killing_index_leaves_no_entity_worker_behind(tmp_path):
    """Workers watch the application: after kill -9 they are gone within seconds."""
    from tests.benchmarks.corpus import write_corpus

    folder, home = tmp_path / "archive", tmp_path / "home"
    write_corpus(folder, 250)  # over the pool threshold: names found in worker processes
    run = subprocess.Popen(
        [sys.executable, "-m", "gui.cli", "--home", str(home), "index", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,  # its session holds the fork server and the workers
    )
    workers: set[int] = set()
    deadline = time.time() + 120
    while time.time() < deadline and len(workers) < 2:
        workers |= _descendants(run.pid)
        time.sleep(0.2)
    assert workers, "no worker process was started"
    time.sleep(1.0)
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.25)
    assert not [pid for pid in workers if _alive(pid)]


def _descendants(pid: int) -> set[int]:
    """The other processes of `pid`'s session: the fork server and the entity workers
    (the workers are the fork server's children, not the application's)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == pid:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == pid:  # the session id
                found.add(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


_ANNOTATOR = """
import sys
from annotations.store import AnnotationStore
from pathlib import Path
store = AnnotationStore(Path(sys.argv[1]), Path(sys.argv[2]))
text = "Talks resumed in Istanbul on Monday after a pause of three weeks. " * 50
n = 0
while True:
    passage = store.add_passage(f"article-{n % 7}", text, n % 600, n % 600 + 9, [f"Tag {n % 5}"])
    print(passage.uuid, flush=True)  # the app shows a passage as saved only after this
    n += 1
"""


def test_kills_during_annotating_lose_no_confirmed_save(tmp_path):
    database, backups = tmp_path / "annotations.sqlite", tmp_path / "backups"
    rng = random.Random(18)
    confirmed: list[str] = []
    for _ in range(6):
        run = subprocess.Popen(
            [sys.executable, "-c", _ANNOTATOR, str(database), str(backups)],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.5, 2.0))
        run.send_signal(signal.SIGKILL)
        out, _ = run.communicate()
        confirmed += out.split()
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in db.execute("SELECT uuid FROM passages")}
    assert len(confirmed) > 50
    assert not [uuid for uuid in confirmed if uuid not in stored]
