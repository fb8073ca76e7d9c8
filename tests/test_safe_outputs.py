"""No export or backup can overwrite the researcher's passages or anything but a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.cli import main
from indexer.atomic import UnsafeOutput, check_output, write_atomic


def cli(capsys, home: Path, *args: str) -> tuple[int, str]:
    code = main(["--home", str(home), *args])
    return code, capsys.readouterr().err


def _passages(home: Path) -> int:
    with sqlite3.connect(home / "annotations.sqlite") as db:
        return db.execute("SELECT count(*) FROM passages").fetchone()[0]


@pytest.mark.parametrize(
    "target",
    ["annotations.sqlite", "annotations.sqlite-wal", "index/articles.sqlite", "logs/x.md"],
)
def test_exports_refuse_the_homes_own_files(capsys, seeded_home, target):
    from tests.test_cli import first_article_id

    article = first_article_id(capsys, seeded_home)
    code, err = cli(
        capsys, seeded_home, "annotate", article, "--start", "0", "--end", "5", "--tag", "Key"
    )
    assert code == 0, err
    before = _passages(seeded_home)
    for command in (
        ["export", "--format", "md", "-o", str(seeded_home / target)],
        ["annotations", "export-json", str(seeded_home / target)],
        # Spelt another way: relative to a folder inside the home.
        ["export", "-o", str(seeded_home / "index" / ".." / target)],
    ):
        code, err = cli(capsys, seeded_home, *command)
        assert code == 2, err
        assert "one of Archive Reader's own files" in err and "Traceback" not in err
    assert _passages(seeded_home) == before >= 1


def test_links_devices_and_folders_are_never_replaced(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("keep me")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    for path, why in (
        (link, "is a link"),
        (tmp_path, "is a folder"),
        (Path("/dev/null"), "not a regular file"),
    ):
        with pytest.raises(UnsafeOutput, match=why):
            write_atomic(path, "export")
    assert target.read_text() == "keep me" and link.is_symlink()
    assert Path("/dev/null").is_char_device()


def test_a_new_file_or_a_regular_file_is_written(tmp_path):
    protected = [tmp_path / "home"]
    write_atomic(tmp_path / "out" / "new.md", "one", protected)
    write_atomic(tmp_path / "out" / "new.md", "two", protected)
    assert (tmp_path / "out" / "new.md").read_text() == "two"
    assert check_output(tmp_path / "elsewhere.md", protected) == tmp_path / "elsewhere.md"
