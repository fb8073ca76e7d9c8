"""Killing the indexer at any moment leaves an index the app can open; the next run finishes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SENTENCES = [
    "Officials confirmed the exchange of prisoners after weeks of talks.",
    "Drone attacks continued overnight across several regions.",
    "The ministry said air defences intercepted most of the missiles.",
    "Negotiators met again in Istanbul to discuss a ceasefire.",
    "Aid agencies warned of power cuts as winter approached.",
]


def make_archive(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        body = " ".join(SENTENCES[(n + i) % len(SENTENCES)] for i in range(40))
        (folder / f"{n:05}.txt").write_text(f"Report Number {n} From the Front\n{body} Code{n}.\n")


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.9, 1.8])
def test_kill_during_indexing_then_recover(tmp_path, delay):
    archive = tmp_path / "archive"
    make_archive(archive, 800)
    home = tmp_path / "home"
    script = str(Path(sys.executable).parent / "archive-reader")
    command = [script, "index", str(archive), "--no-entities", "--home", str(home)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    # Whatever was committed opens and searches cleanly.
    result = subprocess.run(
        [script, "search", "ceasefire", "--json", "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The next run recovers (locks included) and finishes the job.
    result = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [script, "search", "code799", "--json", "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stdout)["total"] == 1
    result = subprocess.run(
        [script, "articles", "--json", "--home", str(home)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert len(json.loads(result.stdout)) == 800
