"""The article store: metadata, text and entity mentions in SQLite, beside the Whoosh index.

Whoosh pickles stored fields, which is slow to read back; here it keeps only the
article id, and everything shown to the user comes from this store by id.
Each thread opens its own connection (sqlite3 connections must not cross
threads); WAL lets readers carry on while the indexer writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article
from indexer.filenames import within
from indexer.provenance import SourceMap
from indexer.sqlite_open import open_wal

_SCHEMA = [
    # version 1
    """
    CREATE TABLE folders (
        path TEXT PRIMARY KEY,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
    );
    CREATE TABLE files (
        path TEXT PRIMARY KEY,
        folder TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        skipped TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX files_folder ON files(folder);
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        title TEXT NOT NULL,
        title_derived INTEGER NOT NULL DEFAULT 0,
        author TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        section TEXT NOT NULL DEFAULT '',
        site TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        words INTEGER NOT NULL,
        digest TEXT NOT NULL,
        duplicate_of TEXT,
        entities_done INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX articles_source ON articles(source);
    CREATE INDEX articles_digest ON articles(digest);
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        canonical TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id, start);
    """,
    # version 2: near-duplicate groups (see near_duplicates.py)
    """
    ALTER TABLE articles ADD COLUMN group_id TEXT;
    CREATE TABLE lsh (
        key INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX lsh_key ON lsh(key);
    CREATE INDEX lsh_article ON lsh(article_id);
    """,
    # version 3: the distinct named entities of each article, for facets and the browser
    """
    CREATE TABLE article_entities (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        canonical TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (article_id, kind, canonical)
    ) WITHOUT ROWID;
    CREATE INDEX article_entities_name ON article_entities(kind, canonical);
    """,
    # version 4: every spelling the gazetteer knows for the canonical names in use
    """
    CREATE TABLE entity_aliases (
        canonical TEXT NOT NULL,
        alias TEXT NOT NULL,
        PRIMARY KEY (canonical, alias)
    ) WITHOUT ROWID;
    """,
    # version 5: each search asks how many copies its hits' stories have; without an
    # index on the story key that read the whole table, texts included (14 ms a
    # query at 10k articles).
    """
    CREATE INDEX articles_story ON articles(coalesce(group_id, id), duplicate_of);
    """,
    # version 6: where each article came from in its file (provenance.py), and its link
    """
    ALTER TABLE articles ADD COLUMN source_map TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN url TEXT NOT NULL DEFAULT '';
    """,
    # version 7: articles whose text changed and whose passages are not yet re-anchored,
    # written in the transaction that changes the text, so a kill cannot lose them
    """
    CREATE TABLE pending_reanchor (article_id TEXT PRIMARY KEY) WITHOUT ROWID;
    """,
    # version 8: names in headlines (their offsets count in the title), and the names
    # rules of 0.2 (case, honorifics, clean spans, known places): found again
    """
    ALTER TABLE mentions ADD COLUMN part TEXT NOT NULL DEFAULT 'text';
    UPDATE articles SET entities_done = 0;
    """,
    # version 9: each article's MinHash signature (near_duplicates.py), so a candidate
    # copy is weighed before its text is read and compared word for word (a table of
    # its own: the articles' columns after the text are read past the text); band keys
    # kept in key order with their articles, so finding candidates reads the keys only
    """
    CREATE TABLE minhashes (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        minhash BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE lsh_by_key (
        key INTEGER NOT NULL,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (key, article_id)
    ) WITHOUT ROWID;
    INSERT OR IGNORE INTO lsh_by_key SELECT key, article_id FROM lsh;
    DROP TABLE lsh;
    ALTER TABLE lsh_by_key RENAME TO lsh;
    CREATE INDEX lsh_article ON lsh(article_id);
    """,
    # version 10: capitalised common words in headings are no longer names ("Missiles
    # Rain", entity_rules.py): names found again, in the background
    """
    UPDATE articles SET entities_done = 0;
    """,
    # version 11: a surname or a name in lower case is no longer looked for across the
    # article ("John the" made every "the" of a novel a person), and a span with a dash
    # or an open quotation inside is not a name, nor a person with digits (a code
    # after a name is cut off), nor a lower-case article before one
    # (entity_rules.py, name_spans.py); a known place in capitals in a dateline is
    # the place as written ("NEW YORK" is New York): names found again
    """
    UPDATE articles SET entities_done = 0;
    """,
    # version 12: counting names joins each name of an article to the article's story;
    # through the id's index and then the row (past its text) that took 7 to 9 s for
    # the whole archive at 100k articles, with this covering index about 2 s
    """
    CREATE INDEX articles_story_of ON articles(id, duplicate_of, group_id);
    """,
    # version 13: a post's quoted paragraphs are joined level by level with their marks
    # read once, "|>" marks a quote, and a rule of dashes or stars stays a line of its
    # own (plaintext.py): every file is read again by the next update of its
    # folder (no size and time to match), so archives indexed before get the new
    # reading; articles whose text is the same are left as they are
    """
    UPDATE files SET mtime_ns = -1;
    """,
    # version 14: a quote keeps the width its writer wrapped it at, a quoted sentence
    # cut short by the quoter is joined, and header fields, lines in columns,
    # drawings and lines opening with the same list or quote mark ("#", "-") stay
    # lines of their own (plaintext.py): every file read again, as for version 13
    """
    UPDATE files SET mtime_ns = -1;
    """,
    # version 15: no name inside an e-mail, web or message address (name_spans.py):
    # names found again, in the background, for the articles that write one
    """
    UPDATE articles SET entities_done = 0
    WHERE text LIKE '%@%' OR text LIKE '%://%' OR text LIKE '%www.%';
    """,
    # version 16: Nexis exports are read as such (ingest/nexis.py: one article a
    # document, with its publication, date and byline), and a date line may end with
    # its weekday ("March 3, 2014 Monday"): the files read before as plain text with
    # Nexis's fields in their text, and those of articles without a date, read again
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles
        WHERE published = '' OR text LIKE '%End of Document%'
            OR text LIKE '%LOAD-DATE:%' OR text LIKE '%LENGTH:%words%'
    );
    """,
    # version 17: Word and OpenDocument files are read (ingest/office.py); those
    # skipped before as a ZIP archive are read again
    """
    UPDATE files SET mtime_ns = -1 WHERE skipped LIKE '%ZIP archive%';
    """,
    # version 18: Factiva exports are read as such (ingest/factiva.py): the files read
    # before as plain text with a Factiva document number in their text, read again
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles
        WHERE text GLOB '*Document [A-Z]*[0-9]*' OR text GLOB '*Dokument [A-Z]*[0-9]*'
    );
    """,
    # version 19: RTF files are read (ingest/rtf.py); those skipped before, read again
    """
    UPDATE files SET mtime_ns = -1 WHERE skipped LIKE '%RTF document%';
    """,
    # version 20: a <DOC> story without the elements the SGML reader knows kept no
    # text (a LexisNexis Academic HTML download): such articles' files read again
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles WHERE text = '' AND title = '(untitled story)'
    );
    """,
    # version 21: ProQuest exports are read as such (ingest/proquest.py): the files
    # read before as plain text with ProQuest's fields in their text, read again
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles
        WHERE text LIKE '%ProQuest document ID:%' OR text LIKE '%Full text:%'
    );
    """,
    # version 22: PDF files with a text layer are read (ingest/pdf.py); those skipped
    # before as "a PDF document", read again
    """
    UPDATE files SET mtime_ns = -1 WHERE skipped LIKE '%content is a PDF%';
    """,
    # version 23: mbox files are read a post a message (mail.py): the files read
    # before as plain text with mail headers in their text, read again
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles WHERE text LIKE '%Message-ID: <%'
    );
    """,
    # version 24: a word broken at a line end is whole again (hyphens.py: "perpe-" /
    # "trator" read "perpe- trator", which search could not find), and a narrow
    # column is read as paragraphs (plaintext.py, a scanned newspaper's lines were a
    # paragraph each): the files of articles with a hyphen before a joined line's
    # space or before a paragraph break, and every PDF, read again
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles WHERE text GLOB '*[a-zA-Z]- [a-zA-Z]*'
            OR text GLOB '*[a-zA-Z]-' || char(10) || char(10) || '[a-z]*'
    ) OR lower(path) LIKE '%.pdf';
    """,
    # version 25: a hyphen at a line end before a word that starts a clause was a dash
    # ("you never know-" / "could be"), not a word's ("know-could", read by version
    # 24): the files of articles with such a pair read again (the words as
    # hyphens.py listed them then; a migration does not change with later lists).
    # LIKE ignores ASCII case and takes 0.15 s at 10k articles; lower() with GLOB, 12 s.
    """
    UPDATE files SET mtime_ns = -1 WHERE path IN (
        SELECT source FROM articles WHERE
    """
    + " OR ".join(
        f"text LIKE '%-{word} %'"
        for word in (
            "i you he she we they could would should might must shall the there this but"
        ).split()
    )
    + ");",
    # version 26: names found again for every article, in the background: the new
    # name rules (entity_rules.py) read headlines in capitals, legal forms, months
    # before numbers, wire datelines and surnames that are also places ("Jordan" after
    # "Michael Jordan"); the last cannot be found by a query, and an archive whose
    # names follow two sets of rules counts them two ways.
    """
    UPDATE articles SET entities_done = 0 WHERE duplicate_of IS NULL;
    """,
    # version 27: a web page's figure captions between its paragraphs are text
    # (ingest/html.py): saved pages read again (passages re-anchor as for any change)
    """
    UPDATE files SET mtime_ns = -1 WHERE lower(path) LIKE '%.htm' OR lower(path) LIKE '%.html'
        OR lower(path) LIKE '%.xhtml' OR lower(path) LIKE '%.mhtml';
    """,
]

_ARTICLE_COLUMNS = (
    "id, source, ordinal, title, title_derived, author, published, section, site, text, "
    "words, digest, url"
)
_META_COLUMNS = _ARTICLE_COLUMNS.replace(" text,", " '' AS text,")


FACET_KINDS = ("Person", "Place", "Organisation", "Group", "Event")


@dataclass(frozen=True)
class Mention:
    """One entity mention: character offsets into the article text, and what it names."""

    start: int
    end: int
    label: str  # the model's label (PERSON, GPE, ...)
    kind: str  # the kind shown to users (Person, Place, ...)
    text: str
    canonical: str
    # "text" for the article's text, "title" for its headline (offsets into the title).
    part: str = "text"

    @property
    def headline(self) -> bool:
        return self.part == "title"


@dataclass(frozen=True)
class FileRecord:
    path: str
    size: int
    mtime_ns: int
    skipped: str


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        ordinal=row["ordinal"],
        title=row["title"],
        text=row["text"],
        title_derived=bool(row["title_derived"]),
        author=row["author"],
        published=row["published"],
        section=row["section"],
        site=row["site"],
        words=row["words"],
        digest=row["digest"],
        url=row["url"],
    )


class ArticleStore:
    """One connection to the article database; open one per thread."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = open_wal(path)  # or read as it is, on a read-only home or a full disk
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)  # article texts and what was searched: the user's only
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()
        # The whole archive's counts, kept until the database changes (see _unchanged),
        # and the changes made to the query's temporary table of ids, which do not count.
        self._whole_archive: dict[tuple, tuple] = {}
        self._temp_changes = 0

    def close(self) -> None:
        self._db.close()

    def opens_whole(self) -> str:
        """'ok', or why the file is not whole, from its header and schema alone: cheap on
        every start, where quick_check reads every page (8 s for 10k articles on a cold
        disk). A file cut short says so: its header counts more pages than it holds.

        The header is read through SQLite, never by opening the file here: closing any
        descriptor of a database file drops every POSIX lock this process holds on it,
        SQLite's included. Another process closing its connection then took itself for
        the last one and reset the write-ahead log under our open transaction, and the
        database was malformed (a search run while a folder was indexed did it)."""
        self._db.execute("SELECT count(*) FROM folders").fetchone()
        # The header's page count, when its "valid for" mark is current; else the
        # file's size (SQLite's own rule). With frames in the log it counts those too.
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
        wal = self.path.with_name(self.path.name + "-wal")
        settled = not wal.exists() or wal.stat().st_size == 0
        size = self.path.stat().st_size
        if settled and size < pages * page_size:
            return f"the file is cut short ({size:,} of {pages * page_size:,} bytes)"
        return "ok"

    def quick_check(self) -> str:
        """'ok', or what SQLite's quick check finds wrong with the file (every page)."""
        rows = self._db.execute("PRAGMA quick_check").fetchall()
        return "; ".join(str(r[0]) for r in rows[:3])

    def _migrate(self) -> None:
        """Run the steps this database has not had. The version is read inside each
        step's transaction: processes opening a new home at once run each step once."""
        if self._db.execute("PRAGMA user_version").fetchone()[0] >= len(_SCHEMA):
            return  # the common case, without taking the write lock
        while True:
            with self.transaction():
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version >= len(_SCHEMA):
                    return
                for statement in filter(str.strip, _SCHEMA[version].split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={version + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception (cancel included)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite itself rolls back on a full disk
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open: after a full disk or an I/O error SQLite may
        have rolled it back itself, and every later statement would commit alone."""
        return self._db.in_transaction

    # folders and files

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A part of the current transaction that can fail alone (rolled back to here)."""
        self._db.execute("SAVEPOINT part")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # else SQLite rolled the whole transaction back
                self._db.execute("ROLLBACK TO part")
                self._db.execute("RELEASE part")
            raise
        self._db.execute("RELEASE part")

    def folders(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT path FROM folders ORDER BY rowid")]

    def folder_stats(self) -> list[dict]:
        rows = self._db.execute(
            "SELECT f.path,"
            " (SELECT count(*) FROM files WHERE folder = f.path),"
            " (SELECT count(*) FROM articles a JOIN files x ON x.path = a.source"
            "   WHERE x.folder = f.path AND a.duplicate_of IS NULL)"
            " FROM folders f ORDER BY f.rowid"
        )
        return [{"path": p, "files": n, "articles": a} for p, n, a in rows]

    def skipped_files(self) -> list[tuple[str, str, str]]:
        """(folder, file, reason) for every file of the library that is not indexed or
        not whole, kept from the run that read it: a later run that finds nothing
        changed does not read it again, but the reason still stands."""
        rows = self._db.execute(
            "SELECT folder, path, skipped FROM files WHERE skipped != '' ORDER BY folder, path"
        )
        return [(r[0], r[1], r[2]) for r in rows]

    def add_folder(self, folder: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO folders(path) VALUES (?)", (folder,))

    def remove_folder(self, folder: str) -> None:
        self._db.execute("DELETE FROM folders WHERE path = ?", (folder,))

    def files_in(self, folder: str) -> dict[str, FileRecord]:
        rows = self._db.execute(
            "SELECT path, size, mtime_ns, skipped FROM files WHERE folder = ?", (folder,)
        )
        return {
            r["path"]: FileRecord(r["path"], r["size"], r["mtime_ns"], r["skipped"]) for r in rows
        }

    def put_file(self, folder: str, record: FileRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO files(path, folder, size, mtime_ns, skipped)"
            " VALUES (?,?,?,?,?)",
            (record.path, folder, record.size, record.mtime_ns, record.skipped),
        )

    def drop_file(self, path: str) -> None:
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))

    # articles

    def articles_of(self, source: str) -> dict[int, Article]:
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE source = ?", (source,)
        )
        return {r["ordinal"]: _article(r) for r in rows}

    def put_article(
        self,
        article: Article,
        duplicate_of: str | None = None,
        group: tuple[str, list[int], bytes] | None = None,
        fresh: bool = False,
    ) -> None:
        """Store an article; `group` is its near-duplicate group, band keys and MinHash
        signature (near_duplicates.py), `fresh` that its id is not stored yet (nothing
        of an earlier version to remove)."""
        group_id, keys, minhash = group or (None, [], None)
        self._db.execute(
            f"INSERT OR REPLACE INTO articles({_ARTICLE_COLUMNS}, duplicate_of, source_map,"
            " entities_done, group_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?)",
            (
                article.id,
                article.source,
                article.ordinal,
                article.title,
                int(article.title_derived),
                article.author,
                article.published,
                article.section,
                article.site,
                article.text,
                article.words,
                article.digest,
                article.url,
                duplicate_of,
                article.source_map.to_json(),
                group_id,
            ),
        )
        if not fresh:
            self._db.execute("DELETE FROM mentions WHERE article_id = ?", (article.id,))
            self._drop_near_duplicate_keys(article.id)
        if minhash is not None:
            self._add_near_duplicate_keys(article.id, keys, minhash)

    def _drop_near_duplicate_keys(self, article_id: str) -> None:
        self._db.execute("DELETE FROM minhashes WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM lsh WHERE article_id = ?", (article_id,))

    def _add_near_duplicate_keys(self, article_id: str, keys: list[int], minhash: bytes) -> None:
        self._db.execute("INSERT OR REPLACE INTO minhashes VALUES (?, ?)", (article_id, minhash))
        self._db.executemany(
            "INSERT OR IGNORE INTO lsh(key, article_id) VALUES (?, ?)",
            [(k, article_id) for k in keys],
        )

    def duplicates_of(self, article_id: str) -> list[tuple[str, str]]:
        """(id, source) of the exact copies indexed once, under `article_id`, in file order."""
        return [
            (r[0], r[1])
            for r in self._db.execute(
                "SELECT id, source FROM articles WHERE duplicate_of = ? ORDER BY source, ordinal",
                (article_id,),
            )
        ]

    def story_members(self, article_id: str) -> list[tuple[Article, str | None]]:
        """Every article of `article_id`'s story: its near-duplicate copies and the exact
        copies indexed once under any of them (each with the id it copies, else None),
        oldest first, without their texts. Empty for an unknown id."""
        row = self._db.execute(
            "SELECT coalesce(o.group_id, o.id) FROM articles a"
            " JOIN articles o ON o.id = coalesce(a.duplicate_of, a.id) WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return []
        rows = self._db.execute(
            f"SELECT {_META_COLUMNS}, duplicate_of FROM articles WHERE id IN ("
            " SELECT id FROM articles WHERE coalesce(group_id, id) = ? AND duplicate_of IS NULL"
            ") OR duplicate_of IN ("
            " SELECT id FROM articles WHERE coalesce(group_id, id) = ? AND duplicate_of IS NULL"
            ") ORDER BY published, source, ordinal",
            (row[0], row[0]),
        )
        return [(_article(r), r["duplicate_of"]) for r in rows]

    def stale_duplicate(self, article_id: str) -> bool:
        """A copy whose original has gone or no longer has the same title and text."""
        row = self._db.execute(
            "SELECT c.duplicate_of IS NOT NULL AND (o.id IS NULL OR o.digest != c.digest)"
            " FROM articles c LEFT JOIN articles o ON o.id = c.duplicate_of WHERE c.id = ?",
            (article_id,),
        ).fetchone()
        return bool(row and row[0])

    def promote(self, article_id: str, copies: list[str]) -> None:
        """`article_id` becomes the indexed original of `copies` (its fellow copies)."""
        self._db.execute("UPDATE articles SET duplicate_of = NULL WHERE id = ?", (article_id,))
        self._db.executemany(
            "UPDATE articles SET duplicate_of = ? WHERE id = ?", [(article_id, c) for c in copies]
        )

    def mark_changed(self, article_id: str) -> None:
        """The article's text changed: its passages must be re-anchored (see Library)."""
        self._db.execute("INSERT OR IGNORE INTO pending_reanchor VALUES (?)", (article_id,))

    def pending_reanchor(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT article_id FROM pending_reanchor")]

    def reanchored(self, article_ids: Iterable[str]) -> None:
        self._db.executemany(
            "DELETE FROM pending_reanchor WHERE article_id = ?", [(i,) for i in article_ids]
        )

    def near_duplicate_candidates(
        self, keys: list[int], other_than: str, limit: int = 8
    ) -> list[tuple[str, bytes | None]]:
        """(id, MinHash signature) of articles sharing LSH band keys, most shared first
        (ties in key order); read from the keys and signatures alone (see story_of).
        The keys are looked up alone and counted here: most articles share none, and
        grouping and joining in SQL cost 150 µs an article where the lookup costs 30."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(f"SELECT article_id FROM lsh WHERE key IN ({marks})", keys)
        shared = Counter(r[0] for r in rows if r[0] != other_than)
        if not shared:
            return []
        top = [article_id for article_id, _ in shared.most_common(limit)]
        marks = ",".join("?" * len(top))
        signatures = dict(
            self._db.execute(
                f"SELECT article_id, minhash FROM minhashes WHERE article_id IN ({marks})", top
            ).fetchall()
        )
        return [(article_id, signatures.get(article_id)) for article_id in top]

    def story_of(self, article_id: str) -> str | None:
        """The story (near-duplicate group) of an indexed original; None for an exact
        copy or an article that is gone."""
        row = self._db.execute(
            "SELECT coalesce(group_id, id) FROM articles WHERE id = ? AND duplicate_of IS NULL",
            (article_id,),
        ).fetchone()
        return row[0] if row else None

    def text_of(self, article_id: str) -> str:
        row = self._db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else ""

    def set_group(self, article_id: str, group_id: str, keys: list[int], minhash: bytes) -> None:
        """An article already stored joins a near-duplicate group, with these band keys
        and MinHash signature (an exact copy that became its story's original)."""
        self._db.execute("UPDATE articles SET group_id = ? WHERE id = ?", (group_id, article_id))
        self._drop_near_duplicate_keys(article_id)
        self._add_near_duplicate_keys(article_id, keys, minhash)

    def story_sizes(self, stories: list[str]) -> dict[str, int]:
        """How many indexed articles each story (near-duplicate group) holds."""
        sizes: dict[str, int] = {}
        for part in _in_parts(list(dict.fromkeys(stories))):  # every story of an export too
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                "SELECT coalesce(group_id, id) AS story, count(*) FROM articles WHERE"
                f" duplicate_of IS NULL AND coalesce(group_id, id) IN ({marks}) GROUP BY story",
                part,
            )
            sizes.update(rows.fetchall())
        return sizes

    def all_digests(self) -> dict[str, str]:
        """Each indexed article's content digest (its text and title, folded), by id."""
        rows = self._db.execute("SELECT id, digest FROM articles WHERE duplicate_of IS NULL")
        return dict(rows.fetchall())

    def story_count(self) -> int:
        return self._db.execute(
            "SELECT count(DISTINCT coalesce(group_id, id)) FROM articles WHERE duplicate_of IS NULL"
        ).fetchone()[0]

    def group_of(self, article_id: str) -> str:
        row = self._db.execute(
            "SELECT coalesce(group_id, id) FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else article_id

    def delete_article(self, article_id: str) -> None:
        self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def original_with_digest(self, digest: str, other_than: str) -> str | None:
        row = self._db.execute(
            "SELECT id FROM articles WHERE digest = ? AND id != ? AND duplicate_of IS NULL"
            " ORDER BY source, ordinal LIMIT 1",
            (digest, other_than),
        ).fetchone()
        return row[0] if row else None

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _article(row) if row else None

    def source_map(self, article_id: str) -> SourceMap:
        """Where the article's text came from in its file (empty for an unknown id)."""
        row = self._db.execute(
            "SELECT source_map FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return SourceMap.from_json(row[0]) if row else SourceMap()

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for part in _in_parts(list(ids)):
            marks = ",".join("?" * len(part))
            rows = self._db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", part)
            found.update((r[0], r[1]) for r in rows)
        return found

    def metadata(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Articles without their text (cheap), in file order or in the order of `ids`."""
        if ids is None:
            rows = self._db.execute(
                f"SELECT {_META_COLUMNS} FROM articles WHERE duplicate_of IS NULL"
                " ORDER BY source, ordinal"
            )
            return [_article(r) for r in rows]
        ids = list(ids)
        by_id = {}
        for part in _in_parts(ids):
            marks = ",".join("?" * len(part))
            sql = f"SELECT {_META_COLUMNS} FROM articles WHERE id IN ({marks})"
            by_id.update((r["id"], _article(r)) for r in self._db.execute(sql, part))
        return [by_id[i] for i in ids if i in by_id]

    def count(self) -> int:
        return self._db.execute(
            "SELECT count(*) FROM articles WHERE duplicate_of IS NULL"
        ).fetchone()[0]

    # entities

    def pending_entities(self) -> list[str]:
        """Ids of the articles whose entities are still to be found, in file order."""
        rows = self._db.execute(
            "SELECT id FROM articles"
            " WHERE entities_done = 0 AND duplicate_of IS NULL ORDER BY source, ordinal"
        )
        return [r[0] for r in rows]

    def articles(self, ids: list[str]) -> list[Article]:
        """Whole articles, text included, in the order of `ids`."""
        marks = ",".join("?" * len(ids))
        rows = self._db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", ids
        )
        by_id = {r["id"]: _article(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def requeue_entities(self, names: list[str]) -> int:
        names = [n for n in dict.fromkeys(names) if n]
        if not names:
            return 0
        found = " OR ".join("instr(text, ?) > 0 OR instr(title, ?) > 0" for _ in names)
        cursor = self._db.execute(
            f"UPDATE articles SET entities_done = 0 WHERE duplicate_of IS NULL AND ({found})",
            [n for name in names for n in (name, name)],
        )
        return cursor.rowcount

    def pending_entities_count(self) -> int:
        return self._db.execute(
            "SELECT count(*) FROM articles WHERE entities_done = 0 AND duplicate_of IS NULL"
        ).fetchone()[0]

    def put_mentions(self, article_id: str, mentions: Iterable[Mention]) -> None:
        mentions = list(mentions)
        self._db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self._db.execute("DELETE FROM article_entities WHERE article_id = ?", (article_id,))
        counts: dict[tuple[str, str], int] = {}
        for m in mentions:
            if m.kind in FACET_KINDS:
                counts[(m.kind, m.canonical)] = counts.get((m.kind, m.canonical), 0) + 1
        self._db.executemany(
            "INSERT INTO article_entities(article_id, kind, canonical, mentions) VALUES (?,?,?,?)",
            [(article_id, kind, name, n) for (kind, name), n in counts.items()],
        )
        self._db.executemany(
            'INSERT INTO mentions(article_id, start, "end", label, kind, text, canonical, part)'
            " VALUES (?,?,?,?,?,?,?,?)",
            [
                (article_id, m.start, m.end, m.label, m.kind, m.text, m.canonical, m.part)
                for m in mentions
            ],
        )
        self._db.execute("UPDATE articles SET entities_done = 1 WHERE id = ?", (article_id,))

    def spellings(self, canonical: str) -> list[str]:
        """How the archive writes a name: the distinct texts of its mentions, commonest
        first."""
        rows = self._db.execute(
            "SELECT text, count(*) AS n FROM mentions WHERE canonical = ?"
            " GROUP BY text ORDER BY n DESC, text",
            (canonical,),
        )
        return [r[0] for r in rows]

    def kind_conflicts(self) -> dict[str, dict[str, int]]:
        """Names that have more than one kind across the archive: canonical -> {kind:
        mentions}."""
        rows = self._db.execute(
            "SELECT canonical, kind, sum(mentions) FROM article_entities"
            " WHERE canonical IN (SELECT canonical FROM article_entities"
            "  GROUP BY canonical HAVING count(DISTINCT kind) > 1)"
            " GROUP BY canonical, kind"
        )
        out: dict[str, dict[str, int]] = {}
        for canonical, kind, n in rows:
            out.setdefault(canonical, {})[kind] = n
        return out

    def set_kind(self, canonical: str, kind: str, label: str) -> list[str]:
        """Give every mention of `canonical` of another name kind this kind; returns the
        articles changed (their names documents need writing again)."""
        marks = ",".join("?" * len(FACET_KINDS))
        changed = [
            r[0]
            for r in self._db.execute(
                "SELECT DISTINCT article_id FROM article_entities"
                f" WHERE canonical = ? AND kind != ? AND kind IN ({marks})",
                (canonical, kind, *FACET_KINDS),
            )
        ]
        for article_id in changed:
            # By article (an index), not by name: mentions has no index on names.
            self._db.execute(
                "UPDATE mentions SET kind = ?, label = ? WHERE article_id = ? AND canonical = ?"
                f" AND kind != ? AND kind IN ({marks})",
                (kind, label, article_id, canonical, kind, *FACET_KINDS),
            )
            total = self._db.execute(
                "SELECT sum(mentions) FROM article_entities WHERE article_id = ? AND canonical = ?"
                f" AND kind IN ({marks})",
                (article_id, canonical, *FACET_KINDS),
            ).fetchone()[0]
            self._db.execute(
                "DELETE FROM article_entities WHERE article_id = ? AND canonical = ?"
                f" AND kind IN ({marks})",
                (article_id, canonical, *FACET_KINDS),
            )
            self._db.execute(
                "INSERT INTO article_entities(article_id, kind, canonical, mentions)"
                " VALUES (?,?,?,?)",
                (article_id, kind, canonical, total),
            )
        return changed

    def _matched(self, ids: Iterable[str]) -> str:
        """Put a query's article ids in a temporary table; returns the SQL to test
        membership (too many ids for an IN list of parameters)."""
        before = self._db.total_changes
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS matched(id TEXT PRIMARY KEY)")
        self._db.execute("DELETE FROM matched")
        self._db.executemany("INSERT OR IGNORE INTO matched VALUES (?)", ((i,) for i in ids))
        # Not a change of the archive (see _unchanged).
        self._temp_changes += self._db.total_changes - before
        return "(SELECT id FROM matched)"

    def put_aliases(self, canonical: str, aliases: Iterable[str]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO entity_aliases(canonical, alias) VALUES (?, ?)",
            [(canonical, alias) for alias in aliases if alias != canonical],
        )

    def aliases(self, canonicals: Iterable[str]) -> dict[str, list[str]]:
        names = list(set(canonicals))
        out: dict[str, list[str]] = {name: [] for name in names}
        for chunk in range(0, len(names), 500):
            part = names[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(
                f"SELECT canonical, alias FROM entity_aliases WHERE canonical IN ({marks})", part
            )
            for canonical, alias in rows:
                out[canonical].append(alias)
        return out

    def entity_counts(
        self, ids: list[str] | None = None, per_kind: int = 20, kinds=FACET_KINDS, like: str = ""
    ) -> dict[str, list[tuple[str, int]]]:
        """Top entities of each kind with the number of stories naming them (copies of
        one story count once, as in a search's total).

        Over every indexed article, or over `ids` (the articles a query matched). The
        whole archive's counts are kept until the database changes: at 100k articles
        (two million names of articles) they take seconds, and every empty query and
        the names browser ask for them.
        """
        if ids is None:
            key = ("entities", per_kind, tuple(kinds), like)
            return self._unchanged(key, lambda: self._entity_counts(None, per_kind, kinds, like))
        return self._entity_counts(ids, per_kind, kinds, like)

    def _unchanged(self, key: tuple, compute):
        """compute(), or what it gave last time if no connection has changed the
        database since (PRAGMA data_version: others' commits; total_changes: ours, less
        the query's temporary table of ids)."""
        ours = self._db.total_changes - self._temp_changes
        stamp = (self._db.execute("PRAGMA data_version").fetchone()[0], ours)
        found = self._whole_archive.get(key)
        if found is None or found[0] != stamp:
            found = self._whole_archive[key] = (stamp, compute())
        return {kind: list(rows) for kind, rows in found[1].items()}

    def _entity_counts(self, ids, per_kind, kinds, like) -> dict[str, list[tuple[str, int]]]:
        params: list = []
        where = "a.duplicate_of IS NULL"
        if ids is not None:
            where += f" AND e.article_id IN {self._matched(ids)}"
        if like:
            where += " AND e.canonical LIKE ? ESCAPE '\\'"
            escaped = like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        marks = ",".join("?" * len(kinds))
        # Stories, as a search's total counts them: copies of one story count once (a
        # facet said 25 where clicking it found 24).
        story = "count(DISTINCT coalesce(a.group_id, a.id))"
        rows = self._db.execute(
            "SELECT kind, canonical, n FROM ("
            f" SELECT e.kind, e.canonical, {story} AS n,"
            f"  row_number() OVER (PARTITION BY e.kind ORDER BY {story} DESC, e.canonical) AS r"
            " FROM article_entities e JOIN articles a ON a.id = e.article_id"
            f" WHERE {where} AND e.kind IN ({marks}) GROUP BY e.kind, e.canonical)"
            " WHERE r <= ? ORDER BY kind, n DESC, canonical",
            (*params, *kinds, per_kind),
        )
        out: dict[str, list[tuple[str, int]]] = {kind: [] for kind in kinds}
        for kind, name, n in rows:
            out[kind].append((name, n))
        return out

    def field_counts(
        self, ids: list[str] | None = None, per_kind: int = 20
    ) -> dict[str, list[tuple[str, int]]]:
        """Sections, publications, sources and years of the articles (or of `ids`), with
        the number of stories (copies of one story count once, as in a search's total)."""
        if ids is None:
            return self._unchanged(("fields", per_kind), lambda: self._field_counts(None, per_kind))
        return self._field_counts(ids, per_kind)

    def period_counts(self, ids: Iterable[str] | None, width: int) -> dict[str, int]:
        """Stories (copies of one story once, as a search's total counts them) per period
        of publication: the date's first `width` characters (4 a year, 7 a month, 10 a
        day); a story whose copies have different dates counts at the earliest. A date
        too short for the period (a year alone, by month) or none counts under ""."""
        where = "duplicate_of IS NULL"
        if ids is not None:
            where += f" AND id IN {self._matched(ids)}"
        rows = self._db.execute(
            "SELECT coalesce(first, '') AS period, count(*) FROM ("
            " SELECT coalesce(group_id, id) AS story,"
            " min(CASE WHEN length(published) >= ? THEN substr(published, 1, ?) END) AS first"
            f" FROM articles WHERE {where} GROUP BY story) GROUP BY period",
            (width, width),
        )
        return dict(rows.fetchall())

    def _field_counts(self, ids, per_kind) -> dict[str, list[tuple[str, int]]]:
        where = "duplicate_of IS NULL"
        if ids is not None:
            where += f" AND id IN {self._matched(ids)}"
        out: dict[str, list[tuple[str, int]]] = {}
        for kind, expression in (
            ("Section", "section"),
            ("Site", "site"),
            ("Year", "substr(published, 1, 4)"),
        ):
            rows = self._db.execute(
                f"SELECT {expression} AS v, count(DISTINCT coalesce(group_id, id)) AS n"
                f" FROM articles WHERE {where} AND v != '' GROUP BY v ORDER BY n DESC, v LIMIT ?",
                (per_kind,),
            )
            out[kind] = [tuple(r) for r in rows]
        # A file of many articles (a feed, a wire dump) is a source by its name; files
        # of one article each in a sub-folder (an outlet's folder, a newsgroup) count
        # for that folder, where 2,000 single files listed each once said nothing.
        folders = self.folders()
        stories: dict[str, set[str]] = {}
        for source, story, in_file in self._db.execute(
            "SELECT source, coalesce(group_id, id) AS story,"
            " (SELECT count(*) FROM articles f WHERE f.source = articles.source)"
            f" FROM articles WHERE {where} GROUP BY source, story"
        ):
            place = within(source, folders)
            name = place.rsplit("/", 1)[-1]
            if in_file == 1 and "/" in place:
                name = place.rsplit("/", 1)[0]
            stories.setdefault(name, set()).add(story)
        counts = ((name, len(found)) for name, found in stories.items())
        out["Source"] = sorted(counts, key=lambda kv: (-kv[1], kv[0]))[:per_kind]
        return out

    def mentions(self, article_id: str, headline: bool = False) -> list[Mention]:
        """The mentions in the article's text, in order; with `headline`, those in its
        title first."""
        parts = "('title', 'text')" if headline else "('text')"
        rows = self._db.execute(
            'SELECT start, "end", label, kind, text, canonical, part FROM mentions'
            f" WHERE article_id = ? AND part IN {parts} ORDER BY part = 'text', start",
            (article_id,),
        )
        return [Mention(*r) for r in rows]


# SQLite's default bound on the values of one statement (32,766; Debian builds allow
# 250,000): a concordance of "the" asks for every article of a large archive.
_IN_PART = 30_000


def _in_parts(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + _IN_PART] for i in range(0, len(ids), _IN_PART)]
