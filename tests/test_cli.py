"""Every command of the scripting interface, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gui.cli import main
from tests.conftest import REPO, SEEDS


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def first_article_id(capsys, home) -> str:
    _, out, _ = run(capsys, "articles", "--json", "--home", str(home))
    return json.loads(out)[0]["id"]


def test_index_prints_a_summary_and_a_second_run_does_no_work(capsys, home_dir):
    code, out, _ = run(capsys, "index", str(SEEDS), "--home", str(home_dir), "--json")
    summary = json.loads(out)
    assert code == 0 and summary["added"] == 13 and summary["entities_extracted"] == 13
    code, out, _ = run(capsys, "index", str(SEEDS), "--home", str(home_dir))
    assert code == 0 and "nothing to do" in out


@pytest.mark.parametrize("before_command", [True, False])
def test_home_option_counts_before_and_after_the_command(capsys, tmp_path, before_command):
    # A bug: `--home DIR index F` ignored DIR (the command's own --home default
    # overwrote it) and wrote to the default home instead.
    chosen = tmp_path / "chosen"
    home = ["--home", str(chosen)]
    command = ["articles", "--json"]
    args = home + command if before_command else command + home
    code, out, _ = run(capsys, *args)
    assert code == 0 and json.loads(out) == []
    assert (chosen / "index").exists()
    assert not (tmp_path / "home").exists()  # the environment's home, the fallback


def test_search_json_prints_hits(capsys, seeded_home):
    code, out, _ = run(capsys, "search", "prisoner", "--json", "--home", str(seeded_home))
    result = json.loads(out)
    assert code == 0 and result["total"] >= 5
    hit = result["hits"][0]
    assert {"id", "title", "score", "snippet", "highlights"} <= hit.keys()
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower().startswith("prisoner")


def test_search_limit_and_text_output(capsys, seeded_home):
    code, out, _ = run(
        capsys, "search", "drones", "--limit", "2", "--json", "--home", str(seeded_home)
    )
    assert code == 0 and len(json.loads(out)["hits"]) == 2
    code, out, _ = run(capsys, "search", "drones", "--home", str(seeded_home))
    assert code == 0 and "articles match" in out and "[drones]" in out.lower()
    code, out, _ = run(capsys, "search", "title:EXCHANGE title:STRIKES", "--home", str(seeded_home))
    assert code == 0 and out.startswith("1 article matches (")  # not "1 articles match"


def test_articles_lists_titles_and_authors(capsys, seeded_home):
    code, out, _ = run(capsys, "articles", "--json", "--home", str(seeded_home))
    articles = json.loads(out)
    assert code == 0 and len(articles) == 13
    assert {"id", "title", "source", "section", "author", "published", "words"} <= articles[
        0
    ].keys()
    assert "George Riebling" in {a["author"] for a in articles}


def test_show_gives_text_entities_and_passages(capsys, seeded_home):
    _, out, _ = run(capsys, "articles", "--json", "--home", str(seeded_home))
    article = next(a for a in json.loads(out) if "Pentagon" in a["title"])
    run(
        capsys,
        "annotate",
        article["id"],
        "--quote",
        "10,000 troops",
        "--tag",
        "Troops",
        "--home",
        str(seeded_home),
    )
    code, out, _ = run(capsys, "show", article["id"], "--json", "--home", str(seeded_home))
    shown = json.loads(out)
    assert code == 0 and shown["text"].startswith("North Korea")
    mention = shown["entities"][0]
    assert {"start", "end", "label", "kind", "text", "canonical"} <= mention.keys()
    assert shown["text"][mention["start"] : mention["end"]] == mention["text"]
    assert shown["passages"][0]["quote"] == "10,000 troops"


def test_annotate_by_offsets_then_export_markdown(capsys, seeded_home, tmp_path):
    article_id = first_article_id(capsys, seeded_home)
    code, out, _ = run(
        capsys,
        "annotate",
        article_id,
        "--start",
        "2",
        "--end",
        "20",
        "--tag",
        "Framing",
        "--tag",
        "Swaps",
        "--note",
        "first words",
        "--json",
        "--home",
        str(seeded_home),
    )
    passage = json.loads(out)
    assert code == 0 and passage["tags"] == ["Framing", "Swaps"]
    target = tmp_path / "out" / "passages.md"
    code, _, err = run(
        capsys,
        "export",
        "--format",
        "md",
        "--tag",
        "Framing",
        "-o",
        str(target),
        "--home",
        str(seeded_home),
    )
    assert code == 0 and "1 passage written" in err
    text = target.read_text()
    assert passage["quote"] in text and "## Framing" in text and "## Swaps" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope"], "No article with id nope"),
        (["annotate", "nope", "--quote", "x", "--tag", "T"], "No article with id nope"),
        (["index", "/no/such/folder"], "is not a folder"),
        (["export", "--tag", "Missing"], "There is no tag named"),
        (["search", "AND OR"], "query"),
    ],
)
def test_bad_input_gives_a_clear_message_and_no_traceback(capsys, seeded_home, args, message):
    code, out, err = run(capsys, *args, "--home", str(seeded_home))
    assert code == 2
    assert message in err and "Traceback" not in err + out


def test_quote_not_in_article(capsys, seeded_home):
    article_id = first_article_id(capsys, seeded_home)
    code, _, err = run(
        capsys,
        "annotate",
        article_id,
        "--quote",
        "not in there",
        "--tag",
        "T",
        "--home",
        str(seeded_home),
    )
    assert code == 2 and "not in the article" in err


def test_console_script_is_installed_and_honours_the_environment(tmp_path):
    script = Path(sys.executable).parent / "archive-reader"
    env = {"ARCHIVE_READER_HOME": str(tmp_path / "envhome"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(script), "articles", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert (tmp_path / "envhome" / "annotations.sqlite").exists() or (
        tmp_path / "envhome" / "index"
    ).exists()


def test_screenshot_renders_the_window(tmp_path, seeded_home):
    """The real `open --screenshot` path, in its own process, as the README uses it."""
    script = Path(sys.executable).parent / "archive-reader"
    shot = tmp_path / "window.png"
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [
            str(script),
            "open",
            str(SEEDS),
            "--query",
            "prisoner",
            "--screenshot",
            str(shot),
            "--home",
            str(seeded_home),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(shot))
    assert image.width() >= 1200 and image.height() >= 700


def test_smoke_mode_opens_the_sample_archive_and_searches(tmp_path):
    script = Path(sys.executable).parent / "archive-reader"
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [str(script), "--smoke", "--home", str(tmp_path / "h")],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    assert "smoke: 13 articles" in result.stdout and result.stdout.strip().endswith("ok")
    assert result.stdout.count("smoke:") == 1  # checked once, when all work was done


def test_output_cut_short_by_its_reader_is_not_an_error(seeded_home):
    """`archive-reader search … --json | head` printed a traceback: the broken pipe is an
    OSError, which the clause for unwritable homes caught first and raised again."""
    import os

    reader = subprocess.Popen(
        [sys.executable, "-m", "gui.cli", "--home", str(seeded_home), "search", "prisoners"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    reader.stdout.close()  # the reader goes away before the output comes (as `| head -0`)
    _, err = reader.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert reader.returncode == 0


def test_the_window_options_work_without_the_open_command():
    """`archive-reader --screenshot FILE` (the window is the default command) was
    refused: "invalid choice: 'FILE'". Given before or after `open`, neither is lost."""
    from gui.cli import _parser

    args = _parser().parse_args(["--screenshot", "w.png", "--query", "drones"])
    assert (args.command, args.screenshot, args.query) == (None, "w.png", "drones")
    args = _parser().parse_args(["--query", "drones", "open", "--screenshot", "w.png"])
    assert (args.command, args.screenshot, args.query) == ("open", "w.png", "drones")
    args = _parser().parse_args(["open", "seeds"])
    assert getattr(args, "screenshot", None) is None and args.folder == "seeds"
