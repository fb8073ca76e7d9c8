"""A library: the folders a researcher indexed, their articles, and the search index.

Index layout (inside the home's ``index`` folder)::

    articles.sqlite   article metadata, text and entity mentions (see store.py)
    whoosh/           the text index (Whoosh); only ids are stored in it
    names/            the names index (Whoosh): entity fields by article id (names.py)
    words/            the words index (Whoosh): unstemmed words with article counts
    version           the schema version; a mismatch rebuilds the index
    in-use            shared-locked by each process using the index (in_use.py)

One writer at a time: `update` and `extract_entities` take a lock, and the
Whoosh writer waits for a lock held by another process. Both are generators of
`Progress`; closing one mid-run cancels it and leaves the previous index intact
(the Whoosh writer is cancelled and the SQLite transaction rolled back).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Generator, Iterator
from datetime import datetime
from pathlib import Path
from stat import S_ISREG

from whoosh.index import Index

from indexer import in_use, near_duplicates
from indexer.article import Article
from indexer.atomic import write_atomic
from indexer.codec import merge_small_segments, open_index
from indexer.entity_rules import LABEL_OF_KIND
from indexer.filenames import as_text, within
from indexer.ingest import is_candidate, is_plain_text
from indexer.ingest.boilerplate import find_boilerplate
from indexer.names import names_document
from indexer.progress import IndexSummary, Progress
from indexer.read_ahead import READ_AHEAD_FROM, FileRead, Prepared, files_read
from indexer.schema import SCHEMA_VERSION, build_names_schema, build_schema, build_words_schema
from indexer.search import Searcher
from indexer.sqlite_open import takes_writes
from indexer.store import ArticleStore, FileRecord, Mention
from indexer.word_tally import WordTally

log = logging.getLogger(__name__)
WRITER_TIMEOUT_S = 60.0
ENTITY_COMMIT_EVERY = 500
# A large folder is committed in parts: each part is searchable (and survives a cancel
# or a crash) as soon as it is saved, and Whoosh's writer never spills gigabytes of
# postings to merge at the end (a 100k-article run in one commit wrote 4.7 GB of them).
# 3,000: a part's postings are gathered in memory (batch_postings.py), about 45 KB an
# article at the moment they are sorted; 5,000 took the writer to 320 MB.
TEXT_COMMIT_EVERY = 3_000
FOLDERS_FILE = "folders.json"  # a copy of the folder list, for a rebuild
INDEXES = {"whoosh": build_schema, "names": build_names_schema, "words": build_words_schema}


def _published(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def whoosh_document(article: Article | Prepared, story: str, folders=()) -> dict:
    """The fields the text index holds for one article (text is indexed, not stored).

    `story` is the near-duplicate group: copies of one story share it. `source` holds
    the file's place inside its library folder (one of `folders`), so `source:` finds
    a sub-folder's articles too. The names the article mentions go to the names index
    (names.py).
    """
    # Title and text read once for their stems, positions and distinct words.
    prepared = article if isinstance(article, Prepared) else Prepared(article)
    article, title, text = prepared.article, prepared.title, prepared.text
    doc = {
        "id": article.id,
        "story": story,
        "title": title,
        "text": text,
        # Each word once (schema.WordSet), also counted for the words index.
        "title_words": title,
        "text_words": text,
        "author": article.author,
        "section": article.section,
        "site": article.site,
        "source": within(article.source, folders),
        "title_sort": article.title.casefold(),
    }
    published = _published(article.published)
    if published:
        doc["published"] = published
    return doc


def _add_document(
    writer, story: str, words: WordTally, prepared: Prepared, folders: list[str]
) -> None:
    """Index one article, and count its words for the words index."""
    doc = whoosh_document(prepared, story, folders)
    writer.add_document(**doc)
    words.add(prepared.title, prepared.text)


def _not_the_articles_fault(error: Exception, store: ArticleStore) -> bool:
    """Whether an error while indexing one article must end the run: a full disk, an
    I/O or database error, no memory. Recorded as that article's failure, the file
    was never read again; and once SQLite had rolled the transaction back itself
    (a full disk), each later statement committed alone: articles saved whose text
    index never was, unsearchable for good."""
    return (
        isinstance(error, OSError | sqlite3.OperationalError | MemoryError)
        or not store.in_transaction
    )


class _IndexedIds:
    """The article ids in the text index when a writer opened, read from the segments'
    id columns once, when first asked. An article the database does not know is in
    the index only if a run died between the index's commit and the database's; only
    then is it deleted before it is added. Asking every segment for every new article
    cost 180 µs an article at 20 segments."""

    def __init__(self, writer) -> None:
        self._writer = writer
        self._ids: set[str] | None = None

    def __contains__(self, article_id: str) -> bool:
        if self._ids is None:
            self._ids = set()
            reader = self._writer.reader()
            try:
                for sub, _ in reader.leaf_readers():
                    if sub.doc_count_all() and sub.has_column("id"):  # none: empty index
                        self._ids.update(sub.column_reader("id"))
            finally:
                reader.close()
        return article_id in self._ids


NAMED = frozenset({"Person", "Place", "Organisation", "Group"})


def scan_folder(folder: Path) -> Iterator[tuple[Path, os.stat_result | None, str]]:
    """Every candidate file below `folder`: (path, stat, problem). Links are never followed
    into folders, so link loops cannot trap the walk; a broken link is reported, not fatal.
    Pipes, sockets and devices are reported and never opened (opening a pipe waits for
    a writer that may never come). Links are followed only to files inside the folder."""
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(d for d in dirs if d.startswith(".")):
            yield Path(root) / name, None, "a hidden folder: not read"
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if (Path(root) / d).is_symlink()]:
            dirs.remove(name)  # never entered: a link can lead anywhere, or in a loop
            yield Path(root) / name, None, "a link to a folder: not followed"
        for name in sorted(files):
            path = Path(root) / name
            if not is_candidate(path):
                yield path, None, "a hidden file: not read"
                continue
            if path.is_symlink() and path.exists() and inside not in path.resolve().parents:
                # Only what is in the folder is indexed: a link must not make a file from
                # elsewhere (a key, a private note) searchable.
                yield path, None, "a link to a file outside the folder: not followed"
                continue
            try:
                info = path.stat()
            except OSError as error:
                problem = "broken link" if path.is_symlink() else f"unreadable: {error.strerror}"
                if error.errno == 40:  # ELOOP
                    problem = "link loop"
                yield path, None, problem
                continue
            if not S_ISREG(info.st_mode):
                yield path, None, "not a regular file (a pipe, a socket or a device)"
            else:
                yield path, info, ""


class Library:
    """The index of every folder the researcher added; safe to use from several threads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._local = threading.local()
        self._generation = 0  # rebuilds so far; each thread's connections know theirs
        self._write_lock = threading.Lock()
        self._indexes: dict[str, Index] = {}
        self._index_lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)
        in_use.hold(root)  # no other process deletes these files while we run
        # Said once, in one sentence, when the index had to be rebuilt from the files.
        self.healed = ""
        # Answers a query's tag: and note: clauses with article ids (the owner of the
        # annotation store sets it; see indexer/article_sets.py).
        self.annotation_lookup = None
        # Reading workers for a large folder's text phase (read_ahead.py); None: one
        # per spare core, at most two.
        self.read_workers: int | None = None
        self.read_ahead_from = READ_AHEAD_FROM
        self._folders: list[str] = []  # the library's folders, read as a part starts
        self._check_version()
        self._check_health()

    # plumbing

    @property
    def store(self) -> ArticleStore:
        """This thread's connection to the article store."""
        self._reopen_if_rebuilt()
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = ArticleStore(self.root / "articles.sqlite")
        return store

    def _check_version(self) -> None:
        version_file = self.root / "version"
        try:
            current = version_file.read_text().strip() if version_file.exists() else ""
        except (OSError, UnicodeDecodeError):
            current = "unreadable"
        if current != str(SCHEMA_VERSION):
            # An index from another schema cannot be searched: rebuild it from the files.
            had_index = current != "" or (self.root / "articles.sqlite").exists()
            self._rebuild(
                "The index was made by another version of Archive Reader (or its version "
                "file is damaged); it is rebuilt from your article files."
                if had_index
                else ""
            )

    def _check_health(self) -> None:
        """A damaged article database or search index is rebuilt from the article files;
        the annotations, elsewhere, are never touched. A home that cannot be written
        (read-only, or someone else's) is never taken for a damaged one."""
        if not os.access(self.root, os.W_OK):
            return
        problem = ""
        try:
            problem = self.store.opens_whole()  # every page is read only after an error
            for name, schema_of in INDEXES.items():
                self._opened(name, schema_of).doc_count_all()  # the table of contents reads
        except (sqlite3.OperationalError, PermissionError) as error:
            if not takes_writes(self.root):
                raise  # a full disk or a folder that takes no writes: not damage
            problem = f"{error.__class__.__name__}: {error}"
        except Exception as error:  # sqlite3, OSError, Whoosh's own: damage
            log.info("index check failed", exc_info=True)
            problem = f"{error.__class__.__name__}: {error}"
        if problem and problem != "ok":
            log.error("index damaged: %s", problem)
            self._rebuild(
                f"The index in {self.root} was damaged ({problem}); it is rebuilt from "
                "your article files."
            )

    def _rebuild(self, reason: str) -> None:
        """Empty the derived data (text, names and words indexes, article database) and
        keep the folder list, so that the next update reads every file again. Never
        while another process uses the index: its files would go from under it."""
        with in_use.alone(self.root) as alone:
            if alone:
                self._empty(reason)
                return
        log.warning("not rebuilt, another process uses %s: %s", self.root, reason or "new")
        if reason:
            self.healed = (
                f"The index in {self.root} could not be read as it is now, and another "
                "Archive Reader is using it, so it was left as it is. If this happens "
                "again once that one has closed, the index is rebuilt then."
            )

    def _empty(self, reason: str) -> None:
        folders = self._folders_kept()
        self._generation += 1  # every thread opens the new files on its next use
        self.close()
        with self._index_lock:
            self._indexes.clear()
        for name in INDEXES:
            shutil.rmtree(self.root / name, ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            (self.root / f"articles.sqlite{suffix}").unlink(missing_ok=True)
        (self.root / "version").write_text(str(SCHEMA_VERSION))
        store = self.store
        with store.transaction():
            for folder in folders:
                store.add_folder(folder)
        if reason:
            self.healed = reason

    def _folders_kept(self) -> list[str]:
        """The folder list, from the article database if it still reads, else from its
        copy in folders.json (a damaged database used to take the list with it)."""
        path = self.root / "articles.sqlite"
        if path.exists():
            try:
                old = ArticleStore(path)
                try:
                    return old.folders()
                finally:
                    old.close()
            except Exception:
                pass  # damaged: the copy below
        try:
            return [str(f) for f in json.loads((self.root / FOLDERS_FILE).read_text())]
        except (OSError, ValueError, TypeError):
            return []

    def _keep_folder_list(self) -> None:
        try:
            write_atomic(self.root / FOLDERS_FILE, json.dumps(self.store.folders(), indent=1))
        except OSError:
            log.exception("could not keep a copy of the folder list")

    def verify(self) -> str:
        """'' when every index and the article database read whole, else what does not.
        Reads every posting: for after an unexpected error, not for every search."""
        try:
            problem = self.store.quick_check()
            if problem != "ok":
                return problem
            for name, schema_of in INDEXES.items():
                with self._opened(name, schema_of).reader() as reader:
                    for fieldname, btext in reader.all_terms():
                        reader.postings(fieldname, btext).all_ids()
        except Exception as error:
            return f"{error.__class__.__name__}: {error}"
        return ""

    def heal_after(self, error: Exception) -> str:
        """After an unexpected error from a search: if the index is damaged, rebuild it
        (empty, the folder list kept) and return the sentence to show; else ''."""
        problem = self.verify()
        if not problem:
            return ""
        log.error("index damaged (%s) after %r", problem, error)
        with self._write_lock:
            self._rebuild(
                f"The search index was damaged ({problem}); it is being rebuilt from your "
                "article files."
            )
        return self.healed

    def _opened(self, folder_name: str, schema_of) -> Index:
        """One of the Whoosh indexes, opened (or created) once."""
        with self._index_lock:
            index = self._indexes.get(folder_name)
            if index is None:
                index = open_index(self.root / folder_name, schema_of)
                self._indexes[folder_name] = index
            return index

    @property
    def index(self) -> Index:
        """The text index."""
        return self._opened("whoosh", build_schema)

    @property
    def names_index(self) -> Index:
        """The names index (entity fields by article id)."""
        return self._opened("names", build_names_schema)

    @property
    def words_index(self) -> Index:
        """The words index (the archive's unstemmed words)."""
        return self._opened("words", build_words_schema)

    def searcher(self) -> Searcher:
        """This thread's searcher, kept open and refreshed after commits."""
        self._reopen_if_rebuilt()
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = Searcher(self.index, self.names_index, self.words_index, self.store)
            self._local.searcher = searcher
        searcher.annotations = self.annotation_lookup
        return searcher

    def _reopen_if_rebuilt(self) -> None:
        """A rebuild on another thread (a search job that found damage) deleted the files
        this thread's connections read: it kept showing, and writing to, the old ones."""
        if getattr(self._local, "generation", 0) != self._generation:
            self.close()
            self._local.generation = self._generation

    def close(self) -> None:
        """Close this thread's connections (other threads close their own)."""
        for name in ("searcher", "store"):
            thing = getattr(self._local, name, None)
            if thing is not None:
                thing.close()
                setattr(self._local, name, None)

    # reading

    def folders(self) -> list[str]:
        return self.store.folders()

    def folder_stats(self) -> list[dict]:
        """Each folder with its counts of files and indexed articles."""
        return self.store.folder_stats()

    def is_empty(self) -> bool:
        return self.store.count() == 0

    def article(self, article_id: str) -> Article | None:
        return self.store.article(article_id)

    def articles(self) -> list[Article]:
        return self.store.metadata()

    def pending_reanchor(self) -> list[str]:
        """Articles whose text changed in a run whose passages are not re-anchored yet
        (the run may have been killed after saving the text)."""
        return self.store.pending_reanchor()

    def reanchored(self, article_ids) -> None:
        store = self.store
        with store.transaction():
            store.reanchored(article_ids)

    def source_map(self, article_id: str):
        """Where the article's text came from in its file (see provenance.py)."""
        return self.store.source_map(article_id)

    def mentions(self, article_id: str, headline: bool = False) -> list[Mention]:
        """The names in the article's text (offsets into it); with `headline`, the names
        in its title too (Mention.headline, offsets into the title), first."""
        return self.store.mentions(article_id, headline)

    # writing

    def update(self, folder: Path) -> Generator[Progress, None, IndexSummary]:
        """Index what changed in `folder` since the last run: added, changed and removed files."""
        with self._write_lock:
            return (yield from self._update(Path(folder).resolve()))

    def _update(self, folder: Path) -> Generator[Progress, None, IndexSummary]:
        started = time.perf_counter()
        key = as_text(folder)
        summary = IndexSummary(folder=key)
        if not folder.is_dir():
            raise NotADirectoryError(f"{folder} is not a folder")
        store = self.store
        known = store.files_in(key)
        yield Progress("scan", 0, 0, key)
        found = list(scan_folder(folder))
        todo = []
        for path, stat, problem in found:
            record = known.pop(as_text(path), None)
            if problem:
                summary.skipped.append((as_text(path), problem))
            elif record and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns:
                if record.skipped:
                    summary.skipped.append((as_text(path), record.skipped))
                else:
                    summary.unchanged += len(store.articles_of(as_text(path)))
            else:
                todo.append((path, stat))
        if not todo and not known:
            summary.seconds = time.perf_counter() - started
            with store.transaction():
                store.add_folder(key)
            self._keep_folder_list()
            return summary

        # Lines repeated across the folder's files are site chrome (see boilerplate.py).
        text_files = [path for path, _, problem in found if not problem and is_plain_text(path)]
        boilerplate = find_boilerplate(text_files)
        # Files that go or are read again this run: none of them can inherit an original.
        leaving = set(known) | {as_text(path) for path, _ in todo}
        done = 0

        def heard(peak_mb: float) -> None:
            summary.reading_worker_peak_mb = max(summary.reading_worker_peak_mb, peak_mb)

        reads = files_read(todo, boilerplate, self.read_workers, self.read_ahead_from, heard)
        try:
            while True:  # one commit per TEXT_COMMIT_EVERY articles, and one at the end
                done = yield from self._index_part(
                    store, key, known, todo, reads, done, summary, leaving
                )
                known = {}
                if done >= len(todo):
                    break
        finally:
            reads.close()  # stops the reading workers, if a cancel stopped us
        summary.seconds = time.perf_counter() - started
        for path, reason in summary.skipped:
            log.info("skipped %s: %s", path, reason)
        self._keep_folder_list()
        return summary

    def _index_part(self, store, folder, gone_files, todo, reads, done, summary, leaving):
        """Index todo[done:] until TEXT_COMMIT_EVERY articles are added or updated, as one
        Whoosh commit and one SQLite transaction; returns how far it got."""
        writer = self.index.writer(timeout=WRITER_TIMEOUT_S, limitmb=128)
        indexed = _IndexedIds(writer)
        words = WordTally()  # new words, by the number of articles using them
        removed_before = len(summary.removed_ids)
        try:
            with store.transaction():
                store.add_folder(folder)
                self._folders = store.folders()  # where each file is, for `source:`
                for gone in gone_files:
                    summary.removed += self._forget_file(
                        store, writer, gone, summary, words, leaving=leaving
                    )
                start = summary.added + summary.updated
                while (
                    done < len(todo) and summary.added + summary.updated - start < TEXT_COMMIT_EVERY
                ):
                    yield Progress("text", done, len(todo), todo[done][0].name)
                    self._index_file(
                        store, writer, indexed, folder, next(reads), summary, words, leaving
                    )
                    done += 1
                yield Progress("text", done, len(todo), "saving the index")
                # Whoosh first: if we die before SQLite commits, the files look unindexed
                # and the next run redoes them (updates are idempotent).
                writer.commit(mergetype=merge_small_segments)
                self._drop_names(summary.removed_ids[removed_before:])
                self._add_words(words)
        except BaseException:
            writer.abandon()
            raise
        return done

    def _index_file(
        self, store, writer, indexed, folder, read: FileRead, summary, words, leaving
    ) -> None:
        reading, stat = read.reading, read.stat
        source = as_text(read.path)
        if reading.transient:
            # Unreadable for now (moved for a moment, a reader's bug): what was indexed
            # from it stays, and it is read again next run (no size and time to match).
            summary.skipped.append((source, reading.skipped))
            store.put_file(folder, FileRecord(source, stat.st_size, -1, reading.skipped))
            return
        previous = store.articles_of(source)
        for ordinal, prepared in enumerate(read.articles):
            old = previous.pop(ordinal, None)
            try:
                with store.savepoint():
                    self._index_article(
                        store, writer, indexed, prepared, old, summary, words, leaving
                    )
            except Exception as error:
                if _not_the_articles_fault(error, store):
                    raise  # the whole part is rolled back, and read again next run
                # One article's failure (a bug of ours, odd data) costs that article only.
                log.exception("could not index article %d of %s", ordinal + 1, source)
                title = prepared.article.title
                summary.skipped.append(
                    (
                        source,
                        f"article {ordinal + 1} (“{title[:60]}”) could not be indexed "
                        f"({error.__class__.__name__}: {error}); details are in the log",
                    )
                )
        for old in previous.values():
            self._reelect(store, writer, old.id, leaving, summary, words)
            store.delete_article(old.id)
            writer.delete_by_term("id", old.id)
            summary.removed += 1
            summary.removed_ids.append(old.id)
        if reading.skipped:
            summary.skipped.append((source, reading.skipped))
        store.put_file(folder, FileRecord(source, stat.st_size, stat.st_mtime_ns, reading.skipped))

    @staticmethod
    def _group(store: ArticleStore, article: Article, prepared: Prepared):
        """The near-duplicate group the article joins (its own id when it has no copy),
        its band keys and its signature, as ArticleStore.put_article takes them."""
        signature = prepared.signature
        keys = near_duplicates.band_keys(signature)
        group = article.id
        for other_id, other_signature in store.near_duplicate_candidates(keys, article.id):
            if not near_duplicates.could_be_copy(signature, other_signature):
                continue
            story = store.story_of(other_id)
            # The shingles only now: a worker sends the signature alone, and most
            # articles have no likely copy (making them for each was 8% of the writer).
            if story and near_duplicates.is_copy(
                prepared.shingles, near_duplicates.shingles(store.text_of(other_id))
            ):
                group = story  # join the story's existing group
                break
        return group, keys, signature.tobytes()

    def _index_article(
        self, store, writer, indexed, prepared, old, summary, words, leaving
    ) -> None:
        article = prepared.article
        if (
            old
            # The title and text themselves: the digest ignores white space (duplicates
            # are the same words), and a new reading that only joins or splits
            # paragraphs is a change to the text.
            and old.title == article.title
            and old.text == article.text
            and not store.stale_duplicate(old.id)
        ):
            summary.unchanged += 1
            return
        prepared.analyse()  # counts its words, which the article database keeps
        original = store.original_with_digest(article.digest, article.id)
        if old:
            self._reelect(store, writer, old.id, leaving, summary, words)
        if old or article.id in indexed:
            writer.delete_by_term("id", article.id)
        if original:
            store.put_article(article, duplicate_of=original, fresh=old is None)
            summary.duplicates += 1
            return
        group = self._group(store, article, prepared)
        store.put_article(article, group=group, fresh=old is None)
        _add_document(writer, group[0], words, prepared, self._folders)
        store.mark_changed(article.id)  # in this transaction: a kill cannot lose it
        summary.changed_ids.append(article.id)
        if old:
            summary.updated += 1
        else:
            summary.added += 1

    def _reelect(self, store, writer, original_id: str, leaving, summary, words) -> None:
        """`original_id` is going or changing: its first exact copy in a file that stays
        (not in `leaving`) becomes the indexed article; deleting an original used to hide
        its copies for good. Copies in files being read again are re-indexed with them,
        and one writer cannot delete what it added, so those are never heirs."""
        copies = store.duplicates_of(original_id)
        heirs = [c for c, c_source in copies if c_source not in leaving]
        if not heirs:
            return
        heir = store.article(heirs[0])
        store.promote(heir.id, [c for c, _ in copies if c != heir.id])
        prepared = Prepared(heir)
        group_id, keys, minhash = self._group(store, heir, prepared)
        store.set_group(heir.id, group_id, keys, minhash)
        _add_document(writer, group_id, words, prepared, store.folders())
        store.mark_changed(heir.id)
        summary.changed_ids.append(heir.id)

    def _forget_file(self, store, writer, path: str, summary, words, leaving=None) -> int:
        gone = store.articles_of(path)
        for article in gone.values():
            self._reelect(store, writer, article.id, leaving or {path}, summary, words)
            store.delete_article(article.id)
            writer.delete_by_term("id", article.id)
            summary.removed_ids.append(article.id)
        store.drop_file(path)
        return len(gone)

    def _add_words(self, words: WordTally) -> None:
        """Add a run's words to the words index. Words of articles removed later stay:
        an expansion to a word no article uses any more matches nothing."""
        if words:
            counts = words.counts()
            self._write_after_text(
                self.words_index, "add words", lambda w: w.add_document(word=counts)
            )

    def _drop_names(self, ids: list[str]) -> None:
        """Remove gone articles from the names index."""
        if ids:
            self._write_after_text(
                self.names_index,
                "drop gone articles' names",
                lambda writer: [writer.delete_by_term("id", i) for i in ids],
            )

    def _write_after_text(self, index: Index, what: str, write) -> None:
        """A change to the names or words index that follows a text commit. Failing is
        logged, not raised: the text index is already saved, a name entry whose article
        is gone never matches, and a missing word only narrows expansions."""
        try:
            writer = index.writer(timeout=WRITER_TIMEOUT_S)
        except Exception:
            log.exception("could not %s", what)
            return
        try:
            write(writer)
            writer.commit()
        except BaseException as error:
            writer.abandon()
            if not isinstance(error, Exception):
                raise
            log.exception("could not %s", what)

    def remove_folder(self, folder: Path) -> int:
        """Drop a folder's articles from the index; returns how many went."""
        key = as_text(Path(folder).resolve())
        with self._write_lock:
            store = self.store
            writer = self.index.writer(timeout=WRITER_TIMEOUT_S)
            summary, words = IndexSummary(folder=key), WordTally()
            try:
                with store.transaction():
                    paths = set(store.files_in(key))
                    for path in paths:
                        self._forget_file(store, writer, path, summary, words, leaving=paths)
                    store.remove_folder(key)
                    writer.commit(mergetype=merge_small_segments)
                    self._drop_names(summary.removed_ids)
                    self._add_words(words)
            except BaseException:
                writer.abandon()
                raise
            self._keep_folder_list()
            return len(summary.removed_ids)

    def spellings(self, canonical: str) -> list[str]:
        return self.store.spellings(canonical)

    def requeue_entities(self, names: list[str]) -> int:
        """Mark the articles whose text contains any of `names` for entity extraction
        again (after a gazetteer change); returns how many."""
        with self._write_lock:
            store = self.store
            with store.transaction():
                return store.requeue_entities(names)

    def extract_entities(
        self, recognizer, chunk: int = ENTITY_COMMIT_EVERY
    ) -> Generator[Progress, None, int]:
        """Find entities in every article that has none yet; returns how many were done.

        `recognizer` is an EntityRecognizer (or anything with `recognise(articles)`
        yielding (article, mentions) and `aliases_of(name)`). Each chunk of articles is
        one commit, so a cancelled run keeps the chunks already finished.
        """
        with self._write_lock:
            store = self.store
            pending = store.pending_entities()
            total = len(pending)
            done = 0
            aliased: set[str] = set()
            yield Progress("entities", done, total, "")
            # One stream over every pending article, loaded a chunk at a time, so the
            # recognisers keep working while each chunk is saved.
            loaded = (
                article
                for start in range(0, total, chunk)
                for article in store.articles(pending[start : start + chunk])
            )
            results = recognizer.recognise(loaded, total=total)
            try:
                while True:
                    part = []
                    for article, mentions in results:
                        part.append((article, mentions))
                        if (done + len(part)) % 8 == 0:
                            yield Progress("entities", done + len(part), total, article.title)
                        if len(part) >= chunk:
                            break
                    if not part:
                        break
                    self._save_entities(store, recognizer, part, aliased)
                    done += len(part)
            finally:
                results.close()
            if done:
                self._one_kind_each(store, recognizer)
            yield Progress("entities", done, total, "")
            return done

    def _one_kind_each(self, store, recognizer) -> None:
        """Each name has one kind across the archive, so the facets, the Names dialog, the
        reader and `person:`/`place:` searches agree: the kind the gazetteer gives it (the
        researcher's corrections are there), else the kind most of its mentions have."""
        fixed = getattr(recognizer, "kind_of", lambda name: None)
        with store.transaction():
            changed: set[str] = set()
            for canonical, counts in store.kind_conflicts().items():
                kind = fixed(canonical) or max(sorted(counts), key=lambda k: counts[k])
                changed.update(store.set_kind(canonical, kind, LABEL_OF_KIND[kind]))
        if not changed:
            return
        writer = self.names_index.writer(timeout=WRITER_TIMEOUT_S, limitmb=64)
        try:
            for article_id in sorted(changed):
                mentions = store.mentions(article_id, headline=True)
                writer.update_document(
                    **names_document(article_id, mentions, recognizer.aliases_of)
                )
            writer.commit()
        except BaseException:
            writer.abandon()
            raise

    def _save_entities(self, store, recognizer, part, aliased: set[str]) -> None:
        """One chunk's mentions, aliases and names entries, as one commit of each."""
        writer = self.names_index.writer(timeout=WRITER_TIMEOUT_S, limitmb=64)
        try:
            with store.transaction():
                for article, mentions in part:
                    store.put_mentions(article.id, mentions)
                    for name in {m.canonical for m in mentions if m.kind in NAMED}:
                        if name not in aliased:
                            aliased.add(name)
                            store.put_aliases(name, recognizer.aliases_of(name))
                    writer.update_document(
                        **names_document(article.id, mentions, recognizer.aliases_of)
                    )
                writer.commit()
        except BaseException:
            writer.abandon()
            raise
