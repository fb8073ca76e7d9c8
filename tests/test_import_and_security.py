"""Imports are checked entry by entry; exports and the home leak nothing and fetch nothing."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from gui.cli import main

TEXT = "Talks resumed in Istanbul on Monday after a pause of three weeks."


def cli(capsys, home: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--home", str(home), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _passage(**changes) -> dict:
    entry = {
        "uuid": "u-1",
        "article_id": "a1",
        "start": 0,
        "end": 5,
        "exact": "Talks",
        "prefix": "",
        "suffix": " resumed",
        "tags": ["Talks"],
        "note": "",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    }
    entry.update(changes)
    return entry


def test_import_json_imports_what_is_valid_and_reports_the_rest(capsys, seeded_home, tmp_path):
    code, out, _ = cli(capsys, seeded_home, "articles", "--json")
    article = json.loads(out)[0]
    _, out, _ = cli(capsys, seeded_home, "show", article["id"], "--json")
    text = json.loads(out)["text"]
    good = _passage(uuid="good", article_id=article["id"], start=0, end=10, exact=text[:10])
    moved = _passage(uuid="moved", article_id=article["id"], start=0, end=10, exact="Not there!")
    elsewhere = _passage(uuid="elsewhere", article_id="not-indexed-now")
    backup = {
        "format": "archive-reader-annotations",
        "version": 1,
        "tags": [
            {"name": "Talks", "color": "#fff; background-image:url(http://x/)", "created_at": "x"},
            {"name": "Bad\x00Name", "color": "#123456"},
            {"name": "x" * 500},
            "not an object",
        ],
        "passages": [
            good,
            moved,
            elsewhere,
            _passage(uuid="neg", start=-1),
            _passage(uuid="backwards", start=9, end=3),
            _passage(uuid="many", tags=[f"t{n}" for n in range(10_000)]),
            _passage(uuid="nul-tag", tags=["ok", "bad\x00"]),
            _passage(uuid=None),
            [1, 2, 3],
        ],
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup))
    code, out, err = cli(capsys, seeded_home, "annotations", "import-json", str(path))
    assert code == 0, err
    assert out.startswith("3 passages and 1 tags imported")
    assert "1 passages are kept as orphans" in out
    assert "1 passages are on articles not in the index now" in out
    assert "9 entries were not imported" in out
    assert "passage 4: start and end" in out and "tag 2: a tag name holds control" in out
    # The colour that carried CSS became a plain colour; the HTML export fetches nothing.
    code, out, _ = cli(capsys, seeded_home, "export", "--format", "html")
    assert code == 0 and "url(" not in out and "background-image" not in out
    code, out, _ = cli(capsys, seeded_home, "show", article["id"], "--json")
    shown = {p["uuid"]: p for p in json.loads(out)["passages"]}
    assert not shown["good"]["orphan"] and shown["moved"]["orphan"]
    # Imported again: nothing doubles.
    code, out, _ = cli(capsys, seeded_home, "annotations", "import-json", str(path))
    assert out.startswith("0 passages and 0 tags imported; 3 passages were already there.")


def test_a_malformed_or_foreign_file_is_one_line(capsys, seeded_home, tmp_path):
    for content in (
        "{",
        "[]",
        '{"format": "archive-reader-annotations", "version": "x"}',
        '{"type": "AnnotationCollection", "first": {"items": [1]}}',
        "[" * 100_000,
    ):
        path = tmp_path / "bad.json"
        path.write_text(content)
        code, _, err = cli(capsys, seeded_home, "annotations", "import-json", str(path))
        assert code == 2, (content[:40], err)
        assert err.count("\n") == 1 and "Traceback" not in err


def test_a_link_to_a_file_outside_the_folder_is_not_followed(tmp_path):
    from indexer.library import Library
    from indexer.progress import run_to_end

    secret = tmp_path / "secret.txt"
    secret.write_text("Private Notes\n\nThe combination of the safe is 4711, do not share it.")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "story.txt").write_text(f"Story\n\n{TEXT} {TEXT}")
    (folder / "inside-link.txt").symlink_to(folder / "story.txt")
    (folder / "outside-link.txt").symlink_to(secret)
    library = Library(tmp_path / "index")
    summary = run_to_end(library.update(folder))
    reasons = {Path(p).name: r for p, r in summary.skipped}
    assert reasons == {"outside-link.txt": "a link to a file outside the folder: not followed"}
    assert library.searcher().search("combination", limit=5).total == 0


def test_the_home_is_private(capsys, tmp_path):
    home = tmp_path / "new-home"
    old = os.umask(0o022)
    try:
        code, _, _ = cli(
            capsys, home, "index", str(Path(__file__).parents[1] / "seeds"), "--no-entities"
        )
        _, out, _ = cli(capsys, home, "articles", "--json")
        article = json.loads(out)[0]["id"]
        cli(capsys, home, "annotate", article, "--start", "0", "--end", "4", "--tag", "Private")
    finally:
        os.umask(old)
    assert code == 0
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(home) == 0o700
    assert mode(home / "annotations.sqlite") == 0o600
    assert mode(home / "index" / "articles.sqlite") == 0o600
    # Logging is set up once per process: a process of its own for this home's log.
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "gui.cli", "--home", str(home), "folders"],
        check=True,
        capture_output=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert mode(home / "logs" / "archive-reader.log") == 0o600
