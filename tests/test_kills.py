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
