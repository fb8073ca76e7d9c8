"""Every path the application reads or writes, resolved in one place.

The home is where everything the user makes lives: the index, the annotation
database, settings, logs and caches. ``--home DIR`` or ``ARCHIVE_READER_HOME``
move all of it to one folder (tests and portable use); otherwise each part goes
to the platform's standard folder from platformdirs. Nothing is ever written
next to the program, which matters for the frozen build.

This module is deliberately Qt-free: the command line uses it without Qt.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "archive-reader"
HOME_ENV = "ARCHIVE_READER_HOME"


@dataclass(frozen=True)
class Home:
    """The folders and files of one home."""

    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def index_dir(self) -> Path:
        return self.data / "index"

    @property
    def annotations_db(self) -> Path:
        return self.data / "annotations.sqlite"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.logs / "archive-reader.log"

    @property
    def user_gazetteer(self) -> Path:
        return self.config / "gazetteer.jsonl"

    @property
    def backups_dir(self) -> Path:
        return self.data / "backups"

    def own_files(self) -> list[Path]:
        """Files and folders no export may overwrite (see indexer.atomic.check_output)."""
        database = self.annotations_db
        return [
            self.index_dir,
            self.backups_dir,
            self.logs,
            self.settings_file,
            self.user_gazetteer,
            *(
                database.with_name(database.name + suffix)
                for suffix in ("", "-wal", "-shm", "-journal")
            ),
        ]

    def ensure(self) -> Home:
        """Create the home's folders, private to the user (0700): passages and notes are
        research material. Folders that already exist keep their permissions."""
        for folder in (self.data, self.config, self.cache, self.logs):
            if not folder.exists():
                folder.mkdir(parents=True, exist_ok=True)
                os.chmod(folder, 0o700)
        return self

    def describe(self) -> str:
        if {self.config, self.cache.parent, self.logs.parent} == {self.data}:
            return str(self.data)
        return f"data {self.data}, settings {self.config}, logs {self.logs}"


def resolve_home(override: str | os.PathLike[str] | None = None) -> Home:
    """The home for this run: the explicit override, then the environment, then platformdirs."""
    chosen = override or os.environ.get(HOME_ENV)
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Home(data=root, config=root, cache=root / "cache", logs=root / "logs")
    return Home(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def bundle_root() -> Path:
    """Where the read-only files we ship live: the source tree, or PyInstaller's folder."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def sample_archive_dir() -> Path:
    return bundle_root() / "seeds"


def base_gazetteer() -> Path:
    return resources_dir() / "gazetteer.jsonl"
