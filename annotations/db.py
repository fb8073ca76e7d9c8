"""The annotation database: one SQLite file, WAL, foreign keys, ordered migrations.

Every edit is its own committed transaction, so what the window shows as saved
survives a crash or a kill. WAL lets two windows or processes share the file:
readers never block the writer, and writers wait (busy timeout) rather than fail.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.sqlite_open import open_wal

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
    # 2: keys 1-9 belong to tags, and stay theirs (they followed the most recently used
    # tags, so a tag's key changed while one worked); the nine most recently used
    # tags keep the keys they had.
    """
    ALTER TABLE tags ADD COLUMN key INTEGER CHECK (key BETWEEN 1 AND 9);
    UPDATE tags SET key = (
        SELECT ranked.r FROM (
            SELECT id, row_number() OVER (ORDER BY coalesce(used_at, created_at) DESC, id DESC) AS r
            FROM tags
        ) AS ranked WHERE ranked.id = tags.id AND ranked.r <= 9
    );
    CREATE UNIQUE INDEX tags_key ON tags(key) WHERE key IS NOT NULL;
    """,
    # 3: a memo on a whole article (a QDA tool's document memo), one an article
    """
    CREATE TABLE memos (
        article_id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        article_title TEXT NOT NULL DEFAULT '',
        article_source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


class NewerDatabase(RuntimeError):
    """The database was written by a newer version of the application."""


class DamagedDatabase(RuntimeError):
    """The annotation database exists but cannot be trusted; it is never replaced silently."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"The annotation database {path} is damaged: {problem}.")
        self.path = path
        self.problem = problem


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating or upgrading) the annotation database at `path`.

    A file that is there but empty, not SQLite, or fails SQLite's quick check raises
    DamagedDatabase: creating a new empty database in its place would hide the loss.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _create(path)
    # Never open() the file to look at it: closing that descriptor would drop the POSIX
    # locks of this process's SQLite connections to it (other threads' stores), and
    # another process could then take itself for the last user and reset the log.
    if path.exists() and path.stat().st_size == 0:
        # SQLite would take an empty file for a new database and hide the loss.
        raise DamagedDatabase(path, "the file is empty (0 bytes)")
    try:
        db = open_wal(path)  # or read as it is, on a read-only home or a full disk
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=FULL")  # a saved annotation must survive power loss
        problems = [str(r[0]) for r in db.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            db.close()
            raise DamagedDatabase(path, "; ".join(problems[:3]))
        migrate(db)
    except sqlite3.OperationalError:
        raise  # cannot write (read-only, full, locked): not damage
    except sqlite3.DatabaseError as error:
        problem = str(error)
        if "not a database" in problem:  # SQLite found no database header
            problem = "the file is not an SQLite database"
        raise DamagedDatabase(path, problem) from error
    return db


def _create(path: Path) -> None:
    """Make a new database under a temporary name, then link it into place unless another
    process got there first. So no file of ours is ever empty at `path`, and an empty
    file there is always damage, never a database being born."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.new")
    db = sqlite3.connect(temporary, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        migrate(db)
    finally:
        db.close()
    os.chmod(temporary, 0o600)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process created it first: use theirs
    finally:
        temporary.unlink(missing_ok=True)


def migrate(db: sqlite3.Connection) -> int:
    """Run the migrations this database has not had yet; returns the new version.

    The version is read inside each migration's transaction, so several processes
    opening a new home at once run each step once (the first one takes it).
    """
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return SCHEMA_VERSION  # the common case, and a read-only home: nothing to write
    while True:
        with transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise NewerDatabase(
                    f"The annotation database is version {version}; this Archive Reader "
                    f"reads up to {SCHEMA_VERSION}. Update the application."
                )
            if version == SCHEMA_VERSION:
                return SCHEMA_VERSION
            for statement in filter(str.strip, MIGRATIONS[version].split(";")):
                db.execute(statement)
            db.execute(f"PRAGMA user_version={version + 1}")


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
    hook = _after_commit.get(id(db))
    if hook is not None and (method := hook()) is not None:
        method()


# Called after each commit on a connection (the store's automatic backups).
# Held weakly: a store dropped without close() must not be kept alive, with its
# connection, by its own hook.
_after_commit: dict[int, weakref.WeakMethod] = {}


def after_commit(db: sqlite3.Connection, hook: Callable[[], None] | None) -> None:
    """Call `hook` (a bound method) after each commit on `db`; None stops it."""
    if hook is None:
        _after_commit.pop(id(db), None)
    else:
        _after_commit[id(db)] = weakref.WeakMethod(hook)
