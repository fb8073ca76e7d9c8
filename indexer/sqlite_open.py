"""Opening an SQLite database in WAL mode, or reading it as it is when nothing can be written.

WAL needs two files beside the database (-wal, -shm). On a read-only home or a full
disk they cannot be made and the open fails ("unable to open database file", "disk
I/O error"), which stopped even the commands that only read. Then the database is
opened immutable: read as the last writer left it, and any write fails, which the
command line turns into one line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

_ROOM = 1024 * 1024  # less free space than this is a full disk for SQLite's files

_CANNOT_WRITE = ("readonly", "read-only", "disk is full", "unable to open", "disk i/o error")


def cannot_write(error: Exception) -> bool:
    """Whether an SQLite error means the disk or folder takes no writes now."""
    return isinstance(error, sqlite3.OperationalError) and any(
        words in str(error).lower() for words in _CANNOT_WRITE
    )


def takes_writes(folder: Path) -> bool:
    """Whether files can be written in `folder` now: it is writable and has room. (A
    damaged database fails with the same words as a full disk; this tells them apart.)"""
    try:
        return os.access(folder, os.W_OK) and shutil.disk_usage(folder).free > _ROOM
    except OSError:
        return False


def open_wal(path: Path, timeout: float = 30) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db
    except sqlite3.OperationalError as error:
        if not cannot_write(error) or not path.exists() or takes_writes(path.parent):
            raise
        return sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None)
