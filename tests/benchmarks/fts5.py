"""The baseline: SQLite FTS5 (porter unicode61, bm25, snippet()) over the same articles."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


def build(db_path: Path, articles) -> float:
    """Index (title, text) pairs; returns the seconds taken."""
    db_path.unlink(missing_ok=True)
    db = sqlite3.connect(db_path)
    started = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE a USING fts5(title, text, tokenize='porter unicode61')")
    db.executemany("INSERT INTO a(title, text) VALUES (?, ?)", articles)
    db.commit()
    seconds = time.perf_counter() - started
    db.close()
    return seconds


FTS_QUERIES = {
    "term": "drones",
    "AND": "prisoner AND exchange",
    "phrase": '"prisoner swap"',
    "prefix": "negotiat*",
}


def search(db_path: Path, query: str) -> list[tuple]:
    """Query plus a first page of 20 hits with snippets, ranked by bm25."""
    db = sqlite3.connect(db_path)
    rows = db.execute(
        "SELECT title, snippet(a, 1, '[', ']', '…', 24) FROM a WHERE a MATCH ?"
        " ORDER BY bm25(a) LIMIT 20",
        (query,),
    ).fetchall()
    db.execute("SELECT count(*) FROM a WHERE a MATCH ?", (query,)).fetchone()
    db.close()
    return rows
