"""Shared fixtures. Every test runs in a temporary home; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import shutil
import sys
from pathlib import Path

import pytest

from gui.context import AppContext
from gui.paths import HOME_ENV, resolve_home
from indexer.progress import run_to_end

drain = run_to_end  # the tests' short name for running a progress generator to its end

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def index_in_two_segments(ctx, folder: Path, added_line: str) -> None:
    """The sample archive indexed with names, then one file changed and indexed again:
    its articles are rewritten, so the text index has a second segment and deleted
    documents in the first."""
    shutil.copytree(SEEDS, folder)
    drain(ctx.library.update(folder))
    drain(ctx.library.extract_entities(ctx.recognizer()))
    changed = sorted(folder.iterdir())[4]
    changed.write_text(changed.read_text() + f"\n\n{added_line}\n")
    drain(ctx.library.update(folder))
    drain(ctx.library.extract_entities(ctx.recognizer()))
    text_index = ctx.library.index
    assert len(text_index._segments()) > 1
    assert text_index.doc_count_all() > text_index.doc_count() == 13


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test may touch the user's real home folders."""
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def home_dir(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def ctx(home_dir) -> AppContext:
    context = AppContext(resolve_home(home_dir))
    yield context
    context.close_thread()


@pytest.fixture
def store(tmp_path):
    """An annotation store on a real SQLite file of its own."""
    from annotations.store import AnnotationStore

    s = AnnotationStore(tmp_path / "a.sqlite")
    yield s
    s.close()


@pytest.fixture(scope="session")
def _seed_home_template(tmp_path_factory) -> Path:
    """A home with the sample archive indexed, entities included, built once per run."""
    template = tmp_path_factory.mktemp("seed-home")
    context = AppContext(resolve_home(template))
    for _ in context.library.update(SEEDS):
        pass
    for _ in context.library.extract_entities(context.recognizer()):
        pass
    context.close_thread()
    return template


@pytest.fixture
def seeded_home(_seed_home_template, home_dir) -> Path:
    """A private copy of the indexed sample archive's home."""
    shutil.copytree(_seed_home_template, home_dir)
    return home_dir


@pytest.fixture
def seeded_ctx(seeded_home) -> AppContext:
    context = AppContext(resolve_home(seeded_home))
    yield context
    context.close_thread()


def _flush_qt() -> None:
    """Destroy the widgets a test left (closed, their deletion only scheduled), so the
    next test starts clean and nothing Qt-owned is left to interpreter shutdown."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()


@pytest.fixture(autouse=True)
def _qt_cleanup(request):
    yield
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        _flush_qt()


def pytest_sessionfinish(session, exitstatus):
    if "PySide6.QtWidgets" in sys.modules:
        _flush_qt()


def open_main_window(qtbot, home, folder=None):
    """A main window on `home`, shown and started, once its start-up work is done."""
    from gui.main_window import MainWindow

    window = MainWindow(AppContext(resolve_home(home)), folder)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.idle, timeout=120_000):
        window.start()
    return window


def cli_in_another_process(home: Path, *args: str, timeout: int = 300):
    """The command line run by a process of its own on `home` (CompletedProcess, text)."""
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "gui.cli", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=timeout,
    )
