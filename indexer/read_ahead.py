"""Files read and analysed in worker processes while this process writes the index.

Writing (the article database, the Whoosh segment) happens in one process, in
file order. Reading a file, cleaning it, and analysing its articles' words and
near-duplicate keys do not need that process, and they were half of the text
phase: a worker does them for a chunk of files at a time, a few chunks ahead of
the writer, and results come back in file order.

A small folder is read here (a worker takes about a second to start), as is
everything on a one-core machine or after a worker died (logged; the run goes
on). Whoever reads a file, the articles and what is indexed of them are the same.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer import near_duplicates
from indexer.analysis import AnalysedText, Lexicon, analysed
from indexer.article import Article, ParsedArticle
from indexer.filenames import as_text
from indexer.ingest import Reading, read_file

log = logging.getLogger(__name__)

READ_AHEAD_FROM = 300  # files: fewer are read in this process
CHUNK = 24  # files a worker reads per task
# Tasks in flight: a worker keeps reading while the writer saves a part of the index
# (a commit takes seconds; 3 tasks per worker, 72 files, last it a fraction of one),
# bounded by the size of the files, so a folder of books or of large feeds does not
# wait in memory (3 tasks of books could be 72 MB). One task per worker always runs.
AHEAD_TASKS = 32  # per worker
AHEAD_BYTES = 16 << 20  # bytes of files in flight, all workers together


@dataclass
class Prepared:
    """An article of a file and what indexing it needs: its analysed title and text
    and its near-duplicate shingles and signature (computed when first asked for, or
    by the worker that read the file)."""

    article: Article
    _title: AnalysedText | None = field(default=None, repr=False)
    _text: AnalysedText | None = field(default=None, repr=False)
    _shingles: np.ndarray | None = field(default=None, repr=False)
    _signature: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def of(cls, parsed: ParsedArticle, source: str, ordinal: int) -> Prepared:
        # Its words are counted by the analysis, which reads them anyway.
        return cls(Article.from_parsed(parsed, source, ordinal, words=0))

    def analyse(self) -> Prepared:
        if self._text is None:
            self._title, self._text = analysed(self.article.title), analysed(self.article.text)
            self.article.words = int(self._text.index.size)
            self._shingles = near_duplicates.shingles(self._text)
            self._signature = near_duplicates.signature(self._shingles)
        return self

    @property
    def title(self) -> AnalysedText:
        return self.analyse()._title

    @property
    def text(self) -> AnalysedText:
        return self.analyse()._text

    @property
    def shingles(self) -> np.ndarray:
        if self.analyse()._shingles is None:  # a worker sends the signature alone
            self._shingles = near_duplicates.shingles(self._text)
        return self._shingles

    @property
    def signature(self) -> np.ndarray:
        return self.analyse()._signature


@dataclass
class FileRead:
    """One file as read: the reading and its articles, in order."""

    path: Path
    stat: os.stat_result
    reading: Reading
    articles: list[Prepared]


def read_here(path: Path, stat: os.stat_result, boilerplate: frozenset[str]) -> FileRead:
    """Read one file in this process; articles are analysed only when indexed."""
    reading = read_file(path, boilerplate)
    source = as_text(path)
    prepared = [Prepared.of(parsed, source, i) for i, parsed in enumerate(reading.articles)]
    return FileRead(path, stat, reading, prepared)


_boilerplate: frozenset[str] = frozenset()  # a worker's copy, from _worker_start
_lexicon = Lexicon()  # a worker's words as written, numbered (analysis.Lexicon)
LEXICON_KEPT = 100_000  # words; past this a worker starts a new lexicon (memory)


def _worker_start(boilerplate: frozenset[str]) -> None:
    global _boilerplate
    _boilerplate = boilerplate


def _read_chunk(files: list[tuple[Path, os.stat_result]]) -> tuple:
    """A worker's task: read the files and analyse every article, its words numbered by
    the worker's lexicon. An article whose analysis fails goes back unanalysed; the
    writer analyses it again and reports the failure for that article alone, as it
    does for any other. Returns the files read, this worker's id and the words its
    lexicon gained (the writer's copy needs them first), and its peak memory (MB)."""
    global _lexicon
    if len(_lexicon.written) > LEXICON_KEPT:
        _lexicon = Lexicon()
    done = []
    for path, stat in files:
        found = read_here(path, stat, _boilerplate)
        for prepared in found.articles:
            try:
                prepared.analyse()
                _lexicon.number(prepared._title)
                _lexicon.number(prepared._text)
                # Needed only to confirm a likely copy (rare): the writer makes them.
                prepared._shingles = None
            except Exception:
                prepared._title = prepared._text = None
        done.append(found)
    return done, os.getpid(), _lexicon.news(), peak_memory_mb()


def _resolved(found: list[FileRead], lexicon: Lexicon) -> list[FileRead]:
    """A worker's texts given their words from the writer's copy of its lexicon."""
    for read in found:
        for prepared in read.articles:
            for text in (prepared._title, prepared._text):
                if text is not None and "numbers" in text.__dict__:
                    text.resolve(lexicon)
    return found


def peak_memory_mb() -> float:
    """This process's peak resident memory (VmHWM; 0 where /proc is not)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def worker_count() -> int:
    """Workers beside this process: one core is the writer's."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(0, min(2, cores - 1))


def files_read(
    todo: list[tuple[Path, os.stat_result]],
    boilerplate: frozenset[str],
    workers: int | None = None,
    read_ahead_from: int = READ_AHEAD_FROM,
    on_peak: Callable[[float], None] | None = None,
) -> Iterator[FileRead]:
    """Each file of `todo` read, in order. Closing the iterator stops the workers.
    `on_peak` hears each worker's peak memory (MB) as its results arrive."""
    workers = worker_count() if workers is None else workers
    if workers < 1 or len(todo) < read_ahead_from:
        for path, stat in todo:
            yield read_here(path, stat, boilerplate)
        return
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    pool: Executor | None = None
    pending: list[tuple[Future, int]] = []  # for chunks[first:], in order, with bytes
    first = 0
    lexicons: dict[int, Lexicon] = {}  # each worker's, by process id
    try:
        while first < len(chunks):
            try:
                if pool is None:
                    pool = _start(workers, boilerplate)
                while first + len(pending) < len(chunks) and _room(
                    pending, chunks[first + len(pending)], workers
                ):
                    chunk = chunks[first + len(pending)]
                    pending.append((pool.submit(_read_chunk, chunk), _size(chunk)))
                found, worker, news, peak = pending.pop(0)[0].result()
                lexicon = lexicons.setdefault(worker, Lexicon())
                lexicon.extend(news)
                found = _resolved(found, lexicon)
            except Exception:
                # A worker killed (out of memory), a pool that cannot start, a result
                # that does not arrive whole: the rest is read here, in order.
                log.exception("reading in worker processes stopped; reading here instead")
                for rest in chunks[first:]:
                    for path, stat in rest:
                        yield read_here(path, stat, boilerplate)
                return
            first += 1
            if on_peak:
                on_peak(peak)
            yield from found
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def _size(chunk: list[tuple[Path, os.stat_result]]) -> int:
    return sum(stat.st_size for _, stat in chunk)


def _room(pending: list, chunk: list, workers: int) -> bool:
    """Whether another task may start: one per worker always, more while the files in
    flight stay under AHEAD_BYTES and AHEAD_TASKS a worker."""
    if len(pending) < workers:
        return True
    if len(pending) >= workers * AHEAD_TASKS:
        return False
    return sum(size for _, size in pending) + _size(chunk) <= AHEAD_BYTES


def _start(workers: int, boilerplate: frozenset[str]) -> Executor:
    # forkserver: workers never fork from the (threaded) application; one NumPy
    # thread each, as for the entity workers (entities.py).
    log.info("reading files in %d worker process%s", workers, "" if workers == 1 else "es")
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=_worker_start,
        initargs=(boilerplate,),
    )
