"""The annotation database: one SQLite file, WAL, foreign keys, ordered migrations.

Every edit is its own committed transaction, so what the window shows as saved
survives a crash or a kill. WAL lets two windows or processes share the file:
readers never block the writer, and writers wait (busy timeout) rather than fail.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Each entry upgrades the schema by one version; never edit a released entry,
# append a new one. `PRAGMA user_version` records how many have run.
MIGRATIONS: list[str] = [
    # 1: tags, passages and the tags on each passage
    """
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        color TEXT NOT NULL,
        parent_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        used_at TEXT
    );
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        article_title TEXT NOT NULL DEFAULT '',
        article_source TEXT NOT NULL DEFAULT '',
        orphan INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start >= 0 AND "end" > start)
    );
    CREATE INDEX passages_article ON passages(article_id, start);
    CREATE TABLE passage_tags (
        passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (passage_id, tag_id)
    );
    CREATE INDEX passage_tags_tag ON passage_tags(tag_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class NewerDatabase(RuntimeError):
    """The database was written by a newer version of the application."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating or upgrading) the annotation database at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=FULL")  # a saved annotation must survive power loss
    migrate(db)
    return db


def migrate(db: sqlite3.Connection) -> int:
    """Run the migrations this database has not had yet; returns the new version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerDatabase(
            f"The annotation database is version {version}; this Archive Reader reads up to "
            f"{SCHEMA_VERSION}. Update the application."
        )
    for number in range(version, SCHEMA_VERSION):
        with transaction(db):
            for statement in filter(str.strip, MIGRATIONS[number].split(";")):
                db.execute(statement)
            db.execute(f"PRAGMA user_version={number + 1}")
    return SCHEMA_VERSION


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT; any exception rolls back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
