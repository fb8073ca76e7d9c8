"""Automatic copies of the annotation database, and restoring one.

Copies are made with SQLite's online backup API, which copies a consistent
state while other connections keep working (a file copy of a WAL database can
catch it half-written). They are made when a process first opens a database
that changed since the last copy (at most one every `MIN_INTERVAL_S`), and after
every `EVERY_CHANGES` changed rows; the newest `KEEP` are kept in the home's
`backups/` folder. A restore never deletes anything: the file it replaces is
moved aside with `.damaged-…` or `.replaced-…` in its name.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

KEEP = 10
EVERY_CHANGES = 100
MIN_INTERVAL_S = 600
PREFIX = "annotations-"


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    passages: int

    def describe(self) -> str:
        return f"{self.made:%Y-%m-%d %H:%M:%S}, {self.passages} passages ({self.path.name})"


def _stamp() -> str:
    # Microseconds: two copies in one second must not share a name.
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def make_backup(database: Path, folder: Path, keep: int = KEEP) -> Path:
    """Copy `database` into `folder` with the backup API; keep the newest `keep` copies."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / f"{PREFIX}{_stamp()}.sqlite"
    partial = target.with_suffix(".partial")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
    finally:
        source.close()
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    for old in list_backups(folder)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def list_backups(folder: Path) -> list[Backup]:
    """The copies in `folder`, newest first (unreadable ones left out)."""
    found = []
    for path in folder.glob(f"{PREFIX}*.sqlite"):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                passages = db.execute("SELECT count(*) FROM passages").fetchone()[0]
        except sqlite3.DatabaseError:
            continue
        found.append(Backup(path, datetime.fromtimestamp(path.stat().st_mtime), passages))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def due(database: Path, folder: Path) -> bool:
    """Whether the database changed since the newest copy, which is old enough to renew."""
    if not database.exists() or database.stat().st_size == 0:
        return False
    copies = sorted(folder.glob(f"{PREFIX}*.sqlite"), reverse=True)
    if not copies:
        return True
    newest = copies[0].stat().st_mtime
    changed = max(
        p.stat().st_mtime
        for p in (database, database.with_name(database.name + "-wal"))
        if p.exists()
    )
    return changed > newest and time.time() - newest >= MIN_INTERVAL_S


def check(path: Path, full: bool = False) -> str:
    """'ok', or what SQLite's integrity check says is wrong with the file at `path`."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    result = "; ".join(str(r[0]) for r in rows[:5])
    return "ok" if result == "ok" else result


def restore(backup: Path, database: Path, reason: str = "replaced") -> Path:
    """Put `backup` in place of `database`; returns where the old file was moved."""
    problem = check(backup, full=True)
    if problem != "ok":
        raise ValueError(f"The backup {backup.name} is damaged too: {problem}")
    aside = database.with_name(f"{database.name}.{reason}-{_stamp()}")
    if database.exists():
        os.replace(database, aside)
    for suffix in ("-wal", "-shm", "-journal"):
        extra = database.with_name(database.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    partial = database.with_name(database.name + ".restoring")
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as source:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
        finally:
            copy.close()
    os.chmod(partial, 0o600)
    os.replace(partial, database)
    return aside
