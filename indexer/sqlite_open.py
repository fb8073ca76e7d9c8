"""Opening an SQLite database in WAL mode, or reading it as it is when nothing can be written.

WAL needs two files beside the database (-wal, -shm). On a read-only home or a full
disk they cannot be made and the open fails ("unable to open database file", "disk
I/O error"), which stopped even the commands that only read. Then the database is
opened immutable: read as the last writer left it, and any write fails, which the
command line turns into one line.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_CANNOT_WRITE = ("readonly", "read-only", "disk is full", "unable to open", "disk i/o error")


def cannot_write(error: Exception) -> bool:
    """Whether an SQLite error means the disk or folder takes no writes now."""
    return isinstance(error, sqlite3.OperationalError) and any(
        words in str(error).lower() for words in _CANNOT_WRITE
    )


def open_wal(path: Path, timeout: float = 30) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db
    except sqlite3.OperationalError as error:
        if not cannot_write(error) or not path.exists():
            raise
        return sqlite3.connect(f"file:{path}?immutable=1", uri=True, isolation_level=None)
