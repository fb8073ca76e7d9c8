"""Bulk tagging, killing it half-way, and passages across a re-index of edited files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from gui import bulk_tagging
from gui.cli import main
from tests.conftest import SEEDS, drain

SCRIPT = str(Path(sys.executable).parent / "archive-reader")


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_phrase_is_tagged_whole_and_a_second_run_adds_nothing(seeded_ctx):
    bulk = bulk_tagging.plan(seeded_ctx.library, '"prisoner swap"')
    texts = {i: seeded_ctx.library.article(i).text for i in bulk.spans}
    quotes = {texts[i][s:e].lower() for i, spans in bulk.spans.items() for s, e in spans}
    assert quotes <= {"prisoner swap", "prisoner swaps"} and bulk.count >= 2
    created = drain(bulk_tagging.apply(seeded_ctx.library, seeded_ctx.annotations, bulk, ["Swap"]))
    assert created == bulk.count
    assert (
        drain(bulk_tagging.apply(seeded_ctx.library, seeded_ctx.annotations, bulk, ["Swap"])) == 0
    )


def test_sentence_unit_tags_the_sentence_around_each_hit(seeded_ctx):
    bulk = bulk_tagging.plan(seeded_ctx.library, "Pyongyang", unit="sentence")
    for article_id, spans in bulk.spans.items():
        text = seeded_ctx.library.article(article_id).text
        for start, end in spans:
            sentence = text[start:end]
            assert "Pyongyang" in sentence and sentence[0].isupper()
            assert sentence.rstrip('”"’)').endswith((".", "?", "!")) or text[end : end + 1] in "\n"


def test_cli_bulk_tagging_and_dry_run(capsys, seeded_home):
    code, out, _ = run(
        capsys,
        "annotate",
        "--query",
        "drones",
        "--tag",
        "Drones",
        "--dry-run",
        "--home",
        str(seeded_home),
    )
    assert code == 0 and out.startswith("Would tag")
    code, out, _ = run(
        capsys, "annotate", "--query", "drones", "--tag", "Drones", "--home", str(seeded_home)
    )
    assert code == 0 and out.startswith("Tagged ")
    code, _, err = run(
        capsys, "annotate", "someid", "--query", "x", "--tag", "T", "--home", str(seeded_home)
    )
    assert code == 2 and "leave out the article id" in err


def test_killing_a_bulk_run_keeps_every_committed_passage(tmp_path):
    from tests.test_crash import make_archive

    archive = tmp_path / "archive"
    make_archive(archive, 300)
    home = tmp_path / "home"
    subprocess.run(
        [SCRIPT, "index", str(archive), "--no-entities", "--home", str(home)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    command = [
        SCRIPT,
        "annotate",
        "--query",
        "ceasefire",
        "--unit",
        "sentence",
        "--tag",
        "Ceasefire",
        "--home",
        str(home),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = home / "annotations.sqlite"
    deadline = time.time() + 60
    while time.time() < deadline:  # kill once some passages are committed, not all
        if db.exists():
            count = _count(db)
            if count > 0:
                break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    committed = _count(db)
    assert committed > 0
    integrity = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sqlite3; print(sqlite3.connect({str(db)!r})"
            ".execute('PRAGMA integrity_check').fetchone()[0])",
        ],
        capture_output=True,
        text=True,
    )
    assert integrity.stdout.strip() == "ok"
    # Every committed passage is whole (tagged, quote matching its article), and a
    # second run finishes the job without duplicating any.
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    total = _count(db)
    assert total >= committed
    exported = subprocess.run(
        [SCRIPT, "annotations", "export-json", str(tmp_path / "b.json"), "--home", str(home)],
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0
    passages = json.loads((tmp_path / "b.json").read_text())["passages"]
    assert len(passages) == total == len({(p["article_id"], p["start"]) for p in passages})
    assert all(p["tags"] == ["Ceasefire"] for p in passages)


def _count(db: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return connection.execute(
                "SELECT count(*) FROM passages p JOIN passage_tags t ON t.passage_id = p.id"
            ).fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_editing_an_article_file_then_reindexing_moves_or_orphans_passages(capsys, tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(SEEDS, archive)
    home = str(tmp_path / "home")
    run(capsys, "index", str(archive), "--no-entities", "--home", home)
    _, out, _ = run(capsys, "articles", "--json", "--home", home)
    article = next(a for a in json.loads(out) if a["source"].endswith("003_4b4187577e639853.txt"))
    kept = "leveling accusations that the opposing side is intentionally delaying the process"
    doomed = "Both nations maintain the exchange of drone attacks"
    for quote, tag in ((kept, "Delay"), (doomed, "Drones")):
        run(capsys, "annotate", article["id"], "--quote", quote, "--tag", tag, "--home", home)

    path = archive / "003_4b4187577e639853.txt"
    text = path.read_text(encoding="utf-8")
    text = "EDITOR'S NOTE: this story was updated.\n" + text.replace(doomed, "Shelling went on")
    path.write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "index", str(archive), "--no-entities", "--json", "--home", home)
    assert json.loads(out)["passages"] == {"moved": 1, "orphaned": 1, "recovered": 0}

    _, out, _ = run(capsys, "show", article["id"], "--json", "--home", home)
    shown = json.loads(out)
    by_tag = {p["tags"][0]: p for p in shown["passages"]}
    moved = by_tag["Delay"]
    assert shown["text"][moved["start"] : moved["end"]] == kept and not moved["orphan"]
    assert by_tag["Drones"]["orphan"] and by_tag["Drones"]["quote"] == doomed


def test_sentence_unit_does_not_end_a_sentence_at_an_abbreviation():
    """The old regex cut "Officials in the U.S. said …" after "U.S."."""
    text = "Talks stall\n\nOfficials in the U.S. said the Pyongyang talks failed. Mr. Kim left."
    start = text.index("Pyongyang")
    left, right = bulk_tagging.sentence_around(text, start, start + len("Pyongyang"))
    assert text[left:right] == "Officials in the U.S. said the Pyongyang talks failed."
