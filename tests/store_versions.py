"""A library indexed by an older version: the store changed as that version left it,
then opened (its migrations run) and updated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from indexer.library import Library
from tests.conftest import drain


def updated_from_version(tmp_path: Path, files: dict[str, str | bytes], version: int, *sql):
    """Index `files` (name: content) in a folder, run `sql` on the store, set its
    version to `version`, reopen and update. Returns (the open library, the summary)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    lib = Library(tmp_path / "index")
    drain(lib.update(folder))
    lib.close()
    db = sqlite3.connect(tmp_path / "index" / "articles.sqlite")
    for statement in sql:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    lib = Library(tmp_path / "index")
    return lib, drain(lib.update(folder))
