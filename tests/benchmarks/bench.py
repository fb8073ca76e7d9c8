"""The benchmark: `./run.sh bench` (see --help). Prints one table; no test asserts on time.

Builds a deterministic corpus (corpus.py) at 1k and 10k articles (100k with
--with-100k), or measures a real archive (--folder), and reports medians on this
machine: indexing (text and entity phases), SQLite FTS5 on the same articles,
search latency per query type, start-up, the reader, memory and incremental
updates.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from indexer import library as library_module
from indexer.progress import run_to_end as drain

QUERIES = {
    "term": ["drones", "ceasefire", "missiles", "prisoners", "sanctions"],
    "AND": ["prisoner exchange", "drone attack", "air defense", "peace talks", "troops border"],
    "phrase": [
        '"prisoner swap"',
        '"air defense"',
        '"North Korean troops"',
        '"peace talks"',
        '"long-range missiles"',
    ],
    "prefix": ["negotiat*", "a*", "infra*", "escalat*", "milit*"],
    "fuzzy": ["zelenskyy~", "misiles~", "ceasfire~", "pentagon~", "ukriane~"],
    "entity": ["person:Zelensky", "place:Kursk", "org:NATO", "place:Kyiv", "person:Putin"],
}
TARGETS = {
    "text articles/s": 400,
    "entity words/s": 20_000,
    "p95 ms (10k)": 50,
    "p95 ms (100k)": 200,
    "window painted s": 1.0,
    "first results s": 1.5,
    "reader ms": 100,
    "peak RSS MB": 400,
}
REPO = Path(__file__).resolve().parents[2]


def median(values):
    return statistics.median(values) if values else float("nan")


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _update_searching_first_part(ctx, folder: Path, started: float):
    """Index the folder; when its first part (TEXT_COMMIT_EVERY articles) is
    saved, search it as a researcher may while the rest is indexed. Returns the
    summary, when that search had its results (None: one part only), and the time
    it took, which the text phase does not count."""
    updating = ctx.library.update(folder)
    first_part_s, searching_s, saving = None, 0.0, False
    try:
        while True:
            progress = next(updating)
            more_text = progress.phase == "text" and progress.done < progress.total
            if saving and first_part_s is None and more_text:
                before = time.perf_counter()
                ctx.library.searcher().search("drones")
                first_part_s = time.perf_counter() - started
                searching_s = time.perf_counter() - before
            saving = progress.detail == "saving the index"
    except StopIteration as stop:
        return stop.value, first_part_s, searching_s


def measure_index(folder: Path, home: Path, entities: bool, part: int = 0) -> dict:
    from gui.context import AppContext
    from gui.paths import resolve_home

    if part:  # articles per saved part, in this process only (--part)
        library_module.TEXT_COMMIT_EVERY = part

    shutil.rmtree(home, ignore_errors=True)
    ctx = AppContext(resolve_home(home))
    size_mb = folder_bytes(folder) / 1e6
    started = time.perf_counter()
    summary, first_part_s, searching_s = _update_searching_first_part(ctx, folder, started)
    text_s = time.perf_counter() - started - searching_s
    # The writer's peak and the reading workers' (read_ahead.py), which run beside it.
    text_peak_mb = peak_rss_mb() + summary.reading_worker_peak_mb * read_workers(ctx)
    ctx.library.searcher().search("drones")
    first_search_s = time.perf_counter() - started - searching_s
    articles = len(ctx.library.articles())
    words = sum(a.words for a in ctx.library.articles())
    out = {
        "articles": articles,
        "words": words,
        "MB": size_mb,
        "text_s": text_s,
        "first_search_s": first_search_s,
        "first_part_s": first_part_s,
        "added": summary.added,
        "text_peak_mb": text_peak_mb,
    }
    if entities:
        recognizer = ctx.recognizer()
        recognizer.warm_up()  # as the app does while the text phase runs
        started = time.perf_counter()
        drain(ctx.library.extract_entities(recognizer))
        out["entities_s"] = time.perf_counter() - started
        recognizer.close()
    ctx.close_thread()
    return out


def read_workers(ctx) -> int:
    from indexer.read_ahead import worker_count

    workers = ctx.library.read_workers
    return worker_count() if workers is None else workers


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (VmHWM; ru_maxrss without /proc)."""
    try:
        status = Path("/proc/self/status").read_text().split("VmHWM:")[1]
        return int(status.split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_own_process(function: str, arguments: str, timeout: int):
    """The JSON result of this module's `function` called with `arguments` (source
    text) in a process of its own."""
    code = (
        "import json\nfrom pathlib import Path\n"
        f"from tests.benchmarks.bench import {function}\n"
        f"print(json.dumps({function}({arguments})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=timeout
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_index_alone(folder: Path, home: Path, entities: bool, part: int = 0) -> dict:
    """measure_index in a process of its own, so its peak memory is the indexing's."""
    arguments = f"Path({str(folder)!r}), Path({str(home)!r}), {entities!r}, {part!r}"
    return _in_own_process("measure_index", arguments, timeout=14_400)


def measure_search_alone(home: Path, fts_path: Path | None, repeat: int) -> dict:
    """measure_search in a process of its own, as a window searches: in this one, which
    had just held every text for the FTS5 build, a 100k AND query's p95 was 520 ms,
    and 23 to 91 ms in a process of its own (page cache dropped or not)."""
    fts = f"Path({str(fts_path)!r})" if fts_path else "None"
    arguments = f"Path({str(home)!r}), {fts}, {repeat}"
    return _in_own_process("measure_search", arguments, timeout=3_600)


def measure_fts5(home: Path) -> tuple[float, Path]:
    from gui.context import AppContext
    from gui.paths import resolve_home
    from tests.benchmarks import fts5

    ctx = AppContext(resolve_home(home))
    store = ctx.library.store
    pairs = [(a.title, store.text_of(a.id)) for a in store.metadata()]
    path = home / "fts5.sqlite"
    return fts5.build(path, pairs), path


def measure_search(home: Path, fts_path: Path | None, repeat: int) -> dict:
    from gui.context import AppContext
    from gui.paths import resolve_home
    from tests.benchmarks import fts5

    ctx = AppContext(resolve_home(home))
    searcher = ctx.library.searcher()
    out = {}
    for kind, queries in QUERIES.items():
        searcher.search(queries[0], limit=20)  # open the readers once
        times = []
        for _ in range(repeat):
            for query in queries:
                started = time.perf_counter()
                searcher.search(query, limit=20)
                times.append((time.perf_counter() - started) * 1000)
        out[kind] = (median(times), p95(times))
        if fts_path is not None and kind in fts5.FTS_QUERIES:
            fts_times = []
            for _ in range(repeat * len(queries)):
                started = time.perf_counter()
                fts5.search(fts_path, fts5.FTS_QUERIES[kind])
                fts_times.append((time.perf_counter() - started) * 1000)
            out[f"fts5 {kind}"] = (median(fts_times), p95(fts_times))
    return out


def measure_startup(home: Path, folder: Path, runs: int) -> tuple[float, float]:
    painted, results = [], []
    script = Path(sys.executable).parent / "archive-reader"
    for _ in range(runs):
        shot = Path(tempfile.mkdtemp()) / "s.png"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ARCHIVE_READER_TIMING": "1"}
        started = time.time()
        done = subprocess.run(
            [str(script), "open", str(folder), "--home", str(home), "--screenshot", str(shot)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        marks = {}
        for line in done.stderr.splitlines():
            if line.startswith("{") and "timing" in line:
                mark = json.loads(line)
                marks[mark["timing"]] = mark["at"]
        if "painted" in marks and "results" in marks:
            painted.append(marks["painted"] - started)
            results.append(marks["results"] - started)
    return median(painted), median(results)


def measure_reader(home: Path, runs: int) -> float:
    """Open and paint an article of about 10k words with every layer, in this process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from annotations.anchor import anchor_for
    from annotations.model import Passage, Tag
    from gui.context import AppContext
    from gui.paths import resolve_home
    from gui.reader_view import ReaderView
    from indexer.article import Article

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(resolve_home(home))
    texts, words = [], 0
    for meta in ctx.library.articles():
        text = ctx.library.store.text_of(meta.id)
        texts.append(text)
        words += len(text.split())
        if words >= 10_000:
            break
    text = "\n\n".join(texts)
    article = Article("bench", "bench.txt", 0, "A long article", text, words=words)
    recognizer = ctx.recognizer()
    mentions = recognizer([article])[0]
    tag = Tag(1, "Bench", "#ffd54f")
    passages = []
    for n in range(60):
        start = (len(text) // 61) * (n + 1)
        passages.append(Passage(n, f"u{n}", "bench", anchor_for(text, start, start + 80), (tag,)))
    hits = [(m.start, m.end) for m in mentions[::7]]
    reader = ReaderView()
    reader.resize(700, 800)
    reader.show()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        reader.show_article(article, mentions, passages, hits)
        reader.text.viewport().grab()  # paint it
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    recognizer.close()
    reader.close()
    return median(times)


def measure_memory(home: Path) -> float:
    """Peak RSS of a process with the index open, searches run and the NER model loaded.

    From VmHWM where there is /proc: on Linux, getrusage's ru_maxrss survives exec, so
    a child started by this (large) benchmark process reported the benchmark's own
    peak (478 MB at 10k, where the child's own peak is under 200 MB)."""
    code = (
        "import resource\n"
        "from gui.context import AppContext\nfrom gui.paths import resolve_home\n"
        f"ctx = AppContext(resolve_home({str(home)!r}))\n"
        f"for q in {[q for qs in QUERIES.values() for q in qs]!r}:\n"
        "    ctx.library.searcher().search(q)\n"
        "ctx.recognizer().nlp\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "    peak = int(status.split()[0])\n"
        "except (OSError, IndexError):\n"
        "    pass\n"
        "print(peak)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=900
    )
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def measure_incremental(folder: Path, home: Path, count: int) -> tuple[float, float]:
    from gui.context import AppContext
    from gui.paths import resolve_home
    from tests.benchmarks.corpus import write_corpus

    existing = len(list(folder.glob("*.txt")))
    write_corpus(folder, 100, start=existing)
    ctx = AppContext(resolve_home(home))
    started = time.perf_counter()
    drain(ctx.library.update(folder))
    text_s = time.perf_counter() - started
    started = time.perf_counter()
    drain(ctx.library.extract_entities(ctx.recognizer()))
    entities_s = time.perf_counter() - started
    ctx.recognizer().close()
    for n in range(existing, existing + 100):  # leave the corpus as it was
        (folder / f"{n:06}.txt").unlink()
    drain(ctx.library.update(folder))
    return text_s, entities_s


def recoll_row(folder: Path, conf_dir: Path, text_s: float) -> str:
    from tests.benchmarks import recoll

    if not recoll.available():
        return row(
            "Recoll index",
            "not installed (`sudo apt-get install recollcmd`; `./run.sh bench` installs it "
            "when run as root)",
            "",
        )
    built = recoll.build(folder, conf_dir)
    if built["code"]:
        return row("Recoll index", f"failed ({built['error'].strip()[-200:]})", "")
    seconds = built["seconds"]
    return row(
        f"Recoll {recoll.version()} index (same folder, same run)",
        f"{seconds:.1f} s, peak {built['peak_mb']:.0f} MB; ours/Recoll time: "
        f"{text_s / seconds:.1f}×",
        "ours faster",
    )


def row(name: str, value: str, target: str = "") -> str:
    return f"| {name} | {value} | {target} |"


def run_size(label: str, folder: Path, work: Path, args) -> list[str]:
    home = work / f"home-{label}"
    runs = args.runs if args.runs else (3 if label in ("200", "1k") else 1)
    indexed = [
        measure_index_alone(folder, home, entities=not args.no_entities, part=args.part)
        for _ in range(runs)
    ]
    text_s = median([i["text_s"] for i in indexed])
    info = indexed[-1]
    lines = [
        f"| **{label} articles** ({info['words']:,} words, {info['MB']:.1f} MB; "
        f"median of {runs}) | | |"
    ]
    lines.append(
        row(
            "text phase",
            f"{info['articles'] / text_s:,.0f} articles/s, "
            f"{info['MB'] / text_s:.2f} MB/s ({text_s:.1f} s)",
            "≥ 400 articles/s",
        )
    )
    lines.append(
        row(
            "first search works after",
            f"{median([i['first_search_s'] for i in indexed]):.1f} s",
            "100k: ≤ 300 s",
        )
    )
    parts = [i["first_part_s"] for i in indexed if i["first_part_s"] is not None]
    if parts:
        lines.append(
            row(
                f"first {args.part or library_module.TEXT_COMMIT_EVERY:,} articles searchable, "
                "while the rest is indexed",
                f"{median(parts):.1f} s",
                "",
            )
        )
    if not args.no_entities:
        entities_s = median([i["entities_s"] for i in indexed])
        lines.append(
            row(
                "entity phase",
                f"{info['words'] / entities_s:,.0f} words/s, "
                f"{info['articles'] / entities_s:,.0f} articles/s, "
                f"{info['MB'] / entities_s:.2f} MB/s ({entities_s:.1f} s)",
                "≥ 20,000 words/s",
            )
        )
    lines.append(
        row(
            "peak memory while indexing text",
            f"{max(i['text_peak_mb'] for i in indexed):.0f} MB",
            "< 600 MB",
        )
    )
    fts_s, fts_path = measure_fts5(home)
    lines.append(
        row(
            "SQLite FTS5 build (same articles, same run)",
            f"{info['articles'] / fts_s:,.0f} articles/s "
            f"({fts_s:.1f} s); ours/FTS5 time: {text_s / fts_s:.1f}×",
            "ours ≤ 3×",
        )
    )
    target = "≤ 50 ms" if info["articles"] <= 20_000 else "≤ 200 ms"
    searches = measure_search_alone(home, fts_path, args.repeat)
    for kind in QUERIES:
        p50, p95_ = searches[kind]
        extra = ""
        if f"fts5 {kind}" in searches:
            f50, f95 = searches[f"fts5 {kind}"]
            extra = f"; FTS5 {f50:.1f} / {f95:.1f} ms, ours/FTS5 p95 {p95_ / f95:.1f}×"
        lines.append(
            row(
                f"search {kind} (p50 / p95, 20 snippets)",
                f"{p50:.1f} / {p95_:.1f} ms{extra}",
                f"p95 {target}",
            )
        )
    # Recoll after the searches: its indexing reads the whole folder and pushed the
    # index out of the page cache, so every search after it was a cold one.
    lines.append(recoll_row(folder, work / f"recoll-{label}", text_s))
    if label in args.full_for:
        painted, results = measure_startup(home, folder, 3)
        lines.append(row("start-up: window painted", f"{painted:.2f} s", "≤ 1.0 s"))
        lines.append(row("start-up: first results", f"{results:.2f} s", "≤ 1.5 s"))
        lines.append(
            row(
                "reader: open and paint ~10k words, all layers",
                f"{measure_reader(home, 5):.0f} ms",
                "≤ 100 ms",
            )
        )
        lines.append(
            row("peak RSS, index open + NER model", f"{measure_memory(home):.0f} MB", "≤ 400 MB")
        )
        if not args.no_entities:
            inc_text, inc_entities = measure_incremental(folder, home, 100)
            lines.append(
                row(
                    "incremental: +100 articles",
                    f"text {inc_text:.1f} s, entities {inc_entities:.1f} s",
                    "",
                )
            )
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="./run.sh bench", description=__doc__)
    parser.add_argument(
        "--sizes", nargs="*", default=["1k", "10k"], help="corpus sizes: 200, 1k, 10k, 100k"
    )
    parser.add_argument("--with-100k", action="store_true", help="add the 100k corpus")
    parser.add_argument("--folder", type=Path, help="measure this archive instead")
    parser.add_argument("--work", type=Path, help="keep corpora and homes here")
    parser.add_argument("--runs", type=int, default=0, help="index runs per size")
    parser.add_argument("--repeat", type=int, default=4, help="rounds of each query list")
    parser.add_argument("--no-entities", action="store_true")
    parser.add_argument(
        "--fidelity",
        action="store_true",
        help="only measure ingestion against the real corpora and the sample archive",
    )
    parser.add_argument(
        "--part",
        type=int,
        default=0,
        help="articles per saved part of the index (default: the app's, 3,000)",
    )
    parser.add_argument(
        "--full-for",
        nargs="*",
        default=["10k"],
        help="sizes that also get start-up, reader, memory, incremental",
    )
    args = parser.parse_args(argv)
    if args.fidelity:
        from tests.benchmarks import fidelity

        return fidelity.main()
    sizes = {"200": 200, "1k": 1_000, "10k": 10_000, "100k": 100_000}
    wanted = list(args.sizes) + (["100k"] if args.with_100k else [])
    work = args.work or Path(tempfile.mkdtemp(prefix="archive-reader-bench-"))
    lines = [
        f"Archive Reader benchmark · {os.cpu_count()} cores · Python "
        f"{sys.version.split()[0]} · {time.strftime('%Y-%m-%d')}",
        "",
        "| measure | result | target |",
        "| --- | --- | --- |",
    ]
    if args.folder:
        targets = [("folder", args.folder.resolve())]
        args.full_for = ["folder"]
    else:
        from tests.benchmarks.corpus import write_corpus

        targets = []
        for label in wanted:
            folder = work / f"corpus-{label}"
            if not folder.exists():
                print(f"writing the {label} corpus…", file=sys.stderr)
                write_corpus(folder, sizes[label])
            targets.append((label, folder))
    for label, folder in targets:
        print(f"measuring {label}…", file=sys.stderr)
        lines += run_size(label, folder, work, args)
    print("\n".join(lines))
    print(
        f"\n(peak RSS of this benchmark process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; work folder {work})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
