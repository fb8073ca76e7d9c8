"""The command line: the stable scripting interface of Archive Reader.

Only `open` (and no command at all) imports Qt; everything else runs without a
display. Errors are one line on stderr and a non-zero exit; the traceback goes
to the log file in the home.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Generator
from pathlib import Path

from annotations.export import FORMATS
from gui import wording
from gui.context import AppContext
from gui.logs import setup_logging
from gui.paths import resolve_home
from gui.wording import count

log = logging.getLogger(__name__)


class UserError(Exception):
    """A problem the user can fix; its message is shown as it is."""


class _VersionsAction(argparse.Action):
    """--version: the app's version, then each component's, as Help → About shows them
    (what a bug report needs, and how the frozen build is checked)."""

    def __init__(self, option_strings, dest, help=None):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from gui.about import versions

        (_, app), *components = versions()
        lines = [f"archive-reader {app}", *(f"{name} {version}" for name, version in components)]
        print("\n".join(lines))
        parser.exit()


def _positive(value: str) -> int:
    """A count from 1 to 10,000 (argparse turns the error into one line and exit 2)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= number <= 10_000:
        raise argparse.ArgumentTypeError(f"{number} is not between 1 and 10,000")
    return number


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--query", default=argparse.SUPPRESS, help="search for this when the window opens"
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE.png",
        default=argparse.SUPPRESS,
        help="render the loaded window and exit",
    )


def _parser() -> argparse.ArgumentParser:
    home_help = "keep index, annotations, settings and logs in DIR"
    # --home is accepted before and after the command. The command's copy has no default
    # (SUPPRESS): a default there would overwrite `archive-reader --home DIR index ...`'s
    # DIR with None and send everything to the user's real home.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", metavar="DIR", default=argparse.SUPPRESS, help=home_help)
    parser = argparse.ArgumentParser(
        prog="archive-reader",
        description="Search, read, tag and export an offline archive of news articles.",
    )
    parser.add_argument("--home", metavar="DIR", help=home_help)
    parser.add_argument(
        "--version",
        action=_VersionsAction,
        help="show the versions of the app and of Qt, Whoosh, spaCy and the model, and exit",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the sample archive, search it, check there are hits, and exit (0 = fine)",
    )
    # Without a command the window opens, so its two options are taken here too
    # (`archive-reader --screenshot window.png`). The command's copies do not default:
    # a default there would overwrite what was given before the command.
    _window_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("open", parents=[common], help="open the window")
    _window_options(p)
    p.add_argument(
        "folder", nargs="?", help="archive folder (default: the last one, else the sample)"
    )

    p = commands.add_parser("index", parents=[common], help="index or update a folder")
    p.add_argument("folder")
    p.add_argument("--no-entities", action="store_true", help="skip entity recognition")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")

    p = commands.add_parser("remove", parents=[common], help="drop a folder from the library")
    p.add_argument("folder")

    p = commands.add_parser("folders", parents=[common], help="list the library's folders")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("articles", parents=[common], help="list the indexed articles")
    p.add_argument("--query", help="only the articles this search matches, in its order")
    p.add_argument("--sort", choices=("relevance", "date", "title", "random"), default="relevance")
    p.add_argument(
        "--seed", type=int, default=1, help="--sort random: the order's number (a sample)"
    )
    p.add_argument(
        "--format",
        choices=("csv", "csv-text", "jsonl", "bib", "ris", "csljson"),
        help="write them as a table, JSON Lines with their texts, or references",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="with --format: write here")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("show", parents=[common], help="one article with its entities")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--at",
        metavar="OFFSET",
        type=int,
        action="append",
        default=[],
        help="with --json: also map this text offset to its file offset (repeatable)",
    )

    p = commands.add_parser("search", parents=[common], help="search the index")
    p.add_argument("query")
    p.add_argument("--limit", type=_positive, default=20, help="hits to print (1 to 10,000)")
    p.add_argument("--sort", choices=("relevance", "date", "title", "random"), default="relevance")
    p.add_argument(
        "--seed", type=int, default=1, help="--sort random: the order's number (a sample)"
    )
    p.add_argument("--facets", action="store_true", help="add facets with counts")
    p.add_argument(
        "--scope",
        choices=("articles", "passages", "both"),
        default="articles",
        help="search articles, passages (quotes and notes), or both",
    )
    p.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "concordance", parents=[common], help="every hit of a query with the words around it"
    )
    p.add_argument("query")
    p.add_argument("--width", type=_positive, default=60, help="characters of context on each side")
    p.add_argument("--limit", type=_positive, default=5000, help="lines at most (1 to 10,000)")
    p.add_argument("-o", "--output", help="write a CSV file (as the window's Export CSV)")
    p.add_argument(
        "--collocates",
        action="store_true",
        help="the words near the hits instead of the lines, with MI and log-likelihood",
    )
    p.add_argument(
        "--function-words", action="store_true", help="--collocates: count the, of, and …"
    )
    p.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "matrix", parents=[common], help="passages per tag across publications, dates or tags"
    )
    p.add_argument(
        "--by",
        choices=(
            "publication",
            "year",
            "month",
            "section",
            "article",
            "tag",
            "person",
            "place",
            "organisation",
            "group",
        ),
        default="publication",
        help="the columns (tag: how often two tags go together; person …: the 30 names"
        " the passages mention most)",
    )
    p.add_argument(
        "--unit",
        choices=("passages", "articles"),
        default="passages",
        help="count passages, or the articles they are in",
    )
    p.add_argument("--no-children", action="store_true", help="a tag's row without its children")
    p.add_argument("--query", help="only the passages in the articles this search matches")
    p.add_argument(
        "--percent",
        choices=("row", "column"),
        help="percentages of the row's (the tag's) or the column's total, not counts",
    )
    p.add_argument(
        "--transpose", action="store_true", help="CSV: a row per column value (per article)"
    )
    p.add_argument("-o", "--output", help="write a CSV file (as the window's Export CSV)")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "timeline", parents=[common], help="how many articles each query matches over time"
    )
    p.add_argument("queries", nargs="+", metavar="QUERY", help="one or more queries, each a line")
    p.add_argument("--by", choices=("year", "month", "day"), default="month")
    p.add_argument(
        "--relative",
        action="store_true",
        help="percentages of the period's articles (an archive that grows looks flat)",
    )
    p.add_argument(
        "--from", dest="first", default="", metavar="DATE", help="from this year, month or day"
    )
    p.add_argument(
        "--to", dest="last", default="", metavar="DATE", help="to this year, month or day"
    )
    p.add_argument("-o", "--output", help="write a CSV file (as the window's Export CSV)")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "copies", parents=[common], help="the other articles that tell an article's story"
    )
    p.add_argument("id")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("compare", parents=[common], help="two articles, word by word")
    p.add_argument("id")
    p.add_argument("other")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("entities", parents=[common], help="the archive's top names")
    p.add_argument("--kind", choices=("Person", "Place", "Organisation", "Group", "Event"))
    p.add_argument("--filter", default="", help="only names containing this text")
    p.add_argument("--limit", type=_positive, default=20, help="how many of each kind")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser(
        "annotate", parents=[common], help="tag a passage of an article, or every hit of a query"
    )
    p.add_argument("id", nargs="?", help="the article (not with --query)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", help="the exact text to tag (its first occurrence)")
    where.add_argument("--start", type=int, help="start offset (with --end)")
    where.add_argument("--query", help="tag every hit of this query, in every article")
    p.add_argument("--end", type=int)
    p.add_argument(
        "--unit",
        choices=("match", "sentence"),
        default="match",
        help="with --query: tag the matched words, or the sentence around each",
    )
    p.add_argument("--dry-run", action="store_true", help="with --query: only count")
    p.add_argument("--tag", action="append", required=True, help="repeat for several tags")
    p.add_argument("--note", default="")
    p.add_argument("--json", action="store_true")

    p = commands.add_parser("annotations", parents=[common], help="back up or restore passages")
    backup = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    q = backup.add_parser("export-json", parents=[common], help="write every tag and passage")
    q.add_argument("file")
    q = backup.add_parser("import-json", parents=[common], help="merge a backup in")
    q.add_argument("file")
    q = backup.add_parser(
        "import-codebook",
        parents=[common],
        help="add the codes of a REFI-QDA codebook (.qdc) or project (.qdpx) as tags",
    )
    q.add_argument("file")
    q = backup.add_parser("check", parents=[common], help="check the database's integrity")
    q.add_argument("--full", action="store_true", help="check every page (slower)")
    q = backup.add_parser("backups", parents=[common], help="list the automatic backups")
    q.add_argument("--json", action="store_true")
    q = backup.add_parser(
        "restore", parents=[common], help="put a backup in place (the current file is kept aside)"
    )
    q.add_argument("file", nargs="?", help="the backup (default: the newest)")

    p = commands.add_parser("export", parents=[common], help="export passages with citations")
    p.add_argument("--format", choices=FORMATS, default="md")
    scope = p.add_mutually_exclusive_group()
    scope.add_argument("--tag", help="only passages with this tag (and its children)")
    scope.add_argument("--query", help="only passages in the articles this search matches")
    scope.add_argument("--article", metavar="ID", help="only this article's passages")
    p.add_argument("--no-children", action="store_true", help="with --tag: not its children")
    p.add_argument("--group", choices=("tag", "article"), default="tag")
    p.add_argument(
        "--context", action="store_true", help="add the sentences around each quote ([…] at gaps)"
    )
    p.add_argument(
        "--embed-context",
        action="store_true",
        help="json: write the W3C JSON-LD terms into the file (expands offline)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here (text formats: stdout)")
    return parser


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _drain(generator: Generator, label: str, on_tick=None):
    """Run a progress generator with a progress bar on stderr; return its result."""
    from tqdm import tqdm

    bar, phase = None, None
    try:
        while True:
            tick = next(generator)
            if on_tick is not None:
                on_tick(tick)
            if tick.total:
                if bar is None or phase != tick.phase:
                    phase = tick.phase
                    if bar is not None:
                        bar.close()
                    bar = tqdm(
                        total=tick.total,
                        desc=tick.phase,
                        unit="",
                        file=sys.stderr,
                        disable=None,
                        leave=False,
                    )
                bar.n = tick.done
                bar.refresh()
    except StopIteration as stop:
        return stop.value
    finally:
        if bar is not None:
            bar.close()
        generator.close()


def _article_dict(article) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "title_derived": article.title_derived,
        "source": article.source,
        "section": article.section,
        "author": article.author,
        "published": article.published,
        "site": article.site,
        "url": article.url,
        "words": article.words,
    }


def _warm_up_when_large(ctx: AppContext):
    """A progress hook that starts the entity workers once a large text phase begins."""
    from indexer.entities import POOL_THRESHOLD

    started = []

    def on_tick(tick) -> None:
        if not started and tick.phase == "text" and tick.total >= POOL_THRESHOLD:
            started.append(True)
            ctx.recognizer().warm_up()

    return on_tick


def cmd_index(ctx: AppContext, args) -> int:
    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder.")
    warm_up = None if args.no_entities else _warm_up_when_large(ctx)
    try:
        summary = _drain(ctx.library.update(folder), "text", on_tick=warm_up)
    finally:
        # Passages follow their text before anything else can fail or be interrupted,
        # also when the text phase stopped after saving some of its parts.
        report = ctx.reanchor()
    entities = 0
    if not args.no_entities:
        entities = _drain(ctx.library.extract_entities(ctx.recognizer()), "entities")
    if args.json:
        _print_json(
            {
                **summary.as_dict(),
                "entities_extracted": entities,
                "names_failed": [
                    {"path": source, "reason": what}
                    for source, what in ([] if args.no_entities else ctx.recognizer().failures)
                ],
                "passages": {
                    "moved": report.moved,
                    "orphaned": report.orphaned,
                    "recovered": report.recovered,
                },
            }
        )
    else:
        print(summary.describe())
        if entities:
            print(f"Entities recognised in {count(entities, 'article')}.")
        for source, what in [] if args.no_entities else ctx.recognizer().failures:
            print(f"  {source}: {what} (details are in the log)")
        if report.moved or report.orphaned or report.recovered:
            print(
                f"Passages on changed articles: {report.moved} moved with their text, "
                f"{report.recovered} found again, {report.orphaned} could not be placed "
                "(kept as orphans)."
            )
    return 0


def cmd_remove(ctx: AppContext, args) -> int:
    folder = Path(args.folder).expanduser().resolve()
    if str(folder) not in ctx.library.folders():
        raise UserError(f"{folder} is not in the library. `archive-reader folders` lists them.")
    removed = ctx.library.remove_folder(folder)
    kept = sum(
        1 for p in ctx.annotations.all_passages() if ctx.library.article(p.article_id) is None
    )
    print(f"Removed {folder}: {count(removed, 'article')} left the index.")
    if kept:
        print(
            f"{count(kept, 'passage')} on them "
            f"{'is kept and comes' if kept == 1 else 'are kept and come'} back when the "
            "folder is indexed again."
        )
    return 0


def cmd_folders(ctx: AppContext, args) -> int:
    folders = ctx.library.folder_stats()
    if args.json:
        _print_json(folders)
    else:
        for folder in folders:
            articles, files = count(folder["articles"], "article"), count(folder["files"], "file")
            print(f"{folder['path']}  ({articles}, {files})")
    return 0


def cmd_articles(ctx: AppContext, args) -> int:
    from indexer.query import QuerySyntaxError

    if args.query is not None or args.format:
        from gui.results_export import listed_results, results_bytes
        from indexer.atomic import write_atomic

        query = (args.query or "").strip()
        try:
            if args.format:
                data, n = results_bytes(ctx.library, query, args.format, args.sort, args.seed)
            else:
                listed = listed_results(ctx.library, query, args.sort, args.seed)
        except (ValueError, QuerySyntaxError) as error:
            raise UserError(str(error)) from error
        if args.format and args.output:
            write_atomic(Path(args.output), data, ctx.home.own_files())
            print(f"{n:,} articles written to {args.output}", file=sys.stderr)
            return 0
        if args.format:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return 0
        articles = ctx.library.store.metadata([x.article.id for x in listed])  # in its order
    else:
        articles = ctx.library.articles()
    if args.output:
        raise UserError("-o writes a file of a --format.")
    if args.json:
        _print_json([_article_dict(a) for a in articles])
    else:
        for a in articles:
            print(f"{a.id}  {a.title}  ({Path(a.source).name}, {a.words} words)")
    return 0


def _article_or_fail(ctx: AppContext, article_id: str):
    article = ctx.library.article(article_id)
    if article is None:
        raise UserError(f"No article with id {article_id}. `archive-reader articles` lists them.")
    return article


def _source_offsets(article, source_map, offsets: list[int]) -> list[dict]:
    """Each text offset with its offset in the file's decoded text."""
    from indexer.filenames import as_path
    from indexer.ingest import source_text

    bad = [n for n in offsets if not 0 <= n <= len(article.text)]
    if bad:
        raise UserError(f"--at {bad[0]} is outside the text (0 to {len(article.text)}).")
    try:
        source = source_text(as_path(article.source))
    except (OSError, ValueError) as error:
        raise UserError(f"Cannot read {article.source}: {error}") from error
    return [
        {"offset": n, "source_offset": source_map.to_source(n, article.text, source)}
        for n in offsets
    ]


def cmd_show(ctx: AppContext, args) -> int:
    article = _article_or_fail(ctx, args.id)
    mentions = ctx.library.mentions(article.id, headline=True)
    passages = ctx.annotations.passages_for(article.id)
    memo = ctx.annotations.memo(article.id)
    source_map = ctx.library.source_map(article.id)
    if args.json:
        _print_json(
            {
                **_article_dict(article),
                "source_start": source_map.source_start,
                "source_end": source_map.source_end,
                "source_map": {
                    "segments": [list(s) for s in source_map.segments],
                    "removed": [list(r) for r in source_map.removed],
                },
                **(
                    {"source_offsets": _source_offsets(article, source_map, args.at)}
                    if args.at
                    else {}
                ),
                "text": article.text,
                "entities": [
                    {
                        "start": m.start,
                        "end": m.end,
                        "label": m.label,
                        "kind": m.kind,
                        "text": m.text,
                        "canonical": m.canonical,
                        # Offsets of a headline mention count in the title.
                        "headline": m.headline,
                    }
                    for m in mentions
                ],
                "passages": [p.as_dict() for p in passages],
                "memo": (
                    {"text": memo.text, "created": memo.created_at, "modified": memo.updated_at}
                    if memo
                    else None
                ),
            }
        )
    else:
        print(article.title)
        print(
            " · ".join(
                x
                for x in (
                    article.author,
                    article.published,
                    article.section,
                    Path(article.source).name,
                )
                if x
            )
        )
        print(
            f"From {article.source}, characters {source_map.source_start} to "
            f"{source_map.source_end}"
        )
        print()
        print(article.text)
        if memo:
            print(f"\nMemo ({memo.updated_at}):\n{memo.text}")
    return 0


def cmd_search(ctx: AppContext, args) -> int:
    from gui.search_service import SearchRequest, facets_for, run
    from indexer.query import QuerySyntaxError

    request = SearchRequest(
        args.query, scope=args.scope, sort=args.sort, limit=args.limit, seed=args.seed
    )
    try:
        outcome = run(ctx.library, ctx.annotations, request)
        facets = facets_for(ctx.library, ctx.annotations, request) if args.facets else None
    except QuerySyntaxError as error:
        raise UserError(str(error)) from error
    except Exception as error:
        healed = ctx.library.heal_after(error)
        if not healed:
            raise
        raise UserError(
            f"{healed} Run `archive-reader index FOLDER` for each folder (or open the "
            "window, which does it); your passages are untouched."
        ) from error
    results = outcome.articles
    if args.json:
        data = results.as_dict() if results else {"query": args.query}
        if outcome.suggestion:
            data["suggestion"] = outcome.suggestion
        if args.scope != "articles":
            data["passages"] = [p.as_dict() for p in outcome.passages]
            data["passages_total"] = outcome.passages_total
        if facets is not None:
            data["facets"] = _facets_json(facets)
        _print_json(data)
        return 0
    if results is not None:
        matched = count(results.total, "article")
        verb = wording.verb(results.total, "matches", "match")
        print(f"{matched} {verb} ({results.seconds * 1000:.0f} ms)")
        if outcome.suggestion:
            print(f"Did you mean: {outcome.suggestion}")
        for hit in results.hits:
            copies = f"  ({hit.copies} copies)" if hit.copies > 1 else ""
            print(f"\n{hit.id}  {hit.title}  [{hit.score:.2f}]{copies}")
            print(f"    {hit.snippet.as_marked('[', ']')}")
    if args.scope != "articles":
        total, listed = outcome.passages_total, len(outcome.passages)
        more = f" (the first {listed:,} listed; --limit N lists 4 × N)" if listed < total else ""
        print(f"\n{count(total, 'passage')} {wording.verb(total, 'matches', 'match')}{more}")
        for passage in outcome.passages:
            tags = ", ".join(t.name for t in passage.tags)
            print(f"  “{passage.quote[:80]}”  [{tags}]  {passage.article_title[:50]}")
    for kind, names in (facets or {}).items():
        if names:
            print(f"\n{kind}: " + ", ".join(f"{name} ({n})" for name, n in names))
    return 0


def _facets_json(facets: dict[str, list[tuple[str, int]]]) -> dict:
    return {kind: [{"name": n, "articles": c} for n, c in names] for kind, names in facets.items()}


def cmd_entities(ctx: AppContext, args) -> int:
    kinds = (args.kind,) if args.kind else ("Person", "Place", "Organisation", "Group", "Event")
    counts = ctx.library.store.entity_counts(per_kind=args.limit, kinds=kinds, like=args.filter)
    if args.json:
        _print_json(_facets_json(counts))
    else:
        for kind, names in counts.items():
            print(f"{kind}:")
            for name, n in names:
                print(f"  {n:5}  {name}")
    return 0


def cmd_annotate(ctx: AppContext, args) -> int:
    from annotations.store import AnnotationError

    if args.query is not None:
        return _annotate_query(ctx, args)
    if args.id is None:
        raise UserError("Name the article to tag (see `archive-reader articles`).")
    article = _article_or_fail(ctx, args.id)
    if args.quote is not None:
        start = article.text.find(args.quote)
        if start < 0 or not args.quote:
            raise UserError("That quote is not in the article (the match is exact).")
        end = start + len(args.quote)
    else:
        if args.end is None:
            raise UserError("--start needs --end.")
        start, end = args.start, args.end
    try:
        passage = ctx.annotations.add_passage(
            article.id,
            article.text,
            start,
            end,
            args.tag,
            args.note,
            article_title=article.title,
            article_source=article.source,
        )
    except AnnotationError as error:
        raise UserError(str(error)) from error
    if args.json:
        _print_json(passage.as_dict())
    else:
        quote = passage.quote if len(passage.quote) <= 60 else passage.quote[:59] + "…"
        tags = ", ".join(t.name for t in passage.tags)
        print(f"Passage {passage.id} saved: “{quote}” tagged {tags}")
    return 0


def _annotate_query(ctx: AppContext, args) -> int:
    from annotations.store import AnnotationError
    from gui import bulk_tagging
    from indexer.query import QuerySyntaxError

    if args.id is not None:
        raise UserError("--query tags hits in every article; leave out the article id.")
    try:
        bulk = bulk_tagging.plan(ctx.library, args.query, args.unit)
    except QuerySyntaxError as error:
        raise UserError(str(error)) from error
    if args.dry_run:
        print(f"Would tag {bulk.describe()}.")
        return 0
    try:
        created = _drain(
            bulk_tagging.apply(ctx.library, ctx.annotations, bulk, args.tag, args.note), "tagging"
        )
    except AnnotationError as error:
        raise UserError(str(error)) from error
    already = bulk.count - created
    extra = f" ({already} were tagged already)" if already else ""
    print(f"Tagged {count(created, 'passage')} in {count(len(bulk.spans), 'article')}{extra}.")
    return 0


def _database_commands(ctx: AppContext, args) -> int:
    from annotations import db_backups

    database = ctx.home.annotations_db
    if args.action == "check":
        problem = db_backups.check(database, full=args.full) if database.exists() else "ok"
        if problem != "ok":
            raise UserError(
                ctx.damaged_message(f"The annotation database {database} is damaged: {problem}.")
            )
        print(f"{database}: ok ({'full' if args.full else 'quick'} check)")
        return 0
    backups = db_backups.list_backups(ctx.home.backups_dir)
    if args.action == "backups":
        if args.json:
            _print_json(
                [
                    {
                        "path": str(b.path),
                        "made": b.made.isoformat(timespec="seconds"),
                        "passages": b.passages,
                    }
                    for b in backups
                ]
            )
        elif not backups:
            print(f"No backups yet in {ctx.home.backups_dir}.")
        for b in [] if args.json else backups:
            print(b.describe())
        return 0
    if args.file:
        chosen = Path(args.file).expanduser()
    elif backups:
        chosen = backups[0].path
    else:
        raise UserError(f"There is no backup in {ctx.home.backups_dir}.")
    if not chosen.is_file():
        raise UserError(f"{chosen} is not a file.")
    from gui.context import HomeInUse

    try:
        aside = ctx.restore_annotations(chosen)
    except (ValueError, OSError, HomeInUse) as error:
        raise UserError(str(error)) from error
    print(f"Restored {chosen.name}; the previous database is kept as {aside.name}.")
    return 0


def cmd_annotations(ctx: AppContext, args) -> int:
    from annotations import backup

    if args.action in ("check", "backups", "restore"):
        return _database_commands(ctx, args)
    if args.action == "export-json":
        count = backup.export_json(ctx.annotations, Path(args.file), ctx.home.own_files())
        print(f"{wording.count(count, 'passage')} written to {args.file}")
        return 0
    if args.action == "import-codebook":
        from annotations.codebook_import import import_codebook

        try:
            print(import_codebook(ctx.annotations, Path(args.file)).describe())
        except ValueError as error:
            raise UserError(str(error)) from error
        return 0
    try:
        library = ctx.library
        report = backup.import_json(
            ctx.annotations,
            Path(args.file),
            lambda article_id: a.text if (a := library.article(article_id)) else None,
        )
    except ValueError as error:
        raise UserError(str(error)) from error
    print(report.describe())
    return 0


def cmd_export(ctx: AppContext, args) -> int:
    from gui.exporting import Scope, counted, export_bytes
    from indexer.atomic import write_atomic
    from indexer.query import QuerySyntaxError

    if args.tag:
        scope = Scope("tag", tag=args.tag, with_children=not args.no_children)
    elif args.query:
        scope = Scope("query", query=args.query)
    elif args.article:
        _article_or_fail(ctx, args.article)
        scope = Scope("article", article_id=args.article)
    else:
        scope = Scope("all")
    if args.format in ("docx", "qdpx") and not args.output:
        raise UserError(f"--format {args.format} writes a binary file: give it -o FILE.")
    try:
        data, count = export_bytes(
            ctx.library,
            ctx.annotations,
            args.format,
            scope,
            group=args.group,
            context=args.context,
            embed_context=args.embed_context,
        )
    except (ValueError, QuerySyntaxError) as error:
        raise UserError(str(error)) from error
    if args.output:
        write_atomic(Path(args.output), data, ctx.home.own_files())
        print(f"{counted(args.format, count)} written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_concordance(ctx: AppContext, args) -> int:
    from annotations.export.csv_export import render_concordance
    from indexer.atomic import write_atomic
    from indexer.concordance import concordance
    from indexer.query import QuerySyntaxError

    try:
        found = _drain(
            concordance(
                ctx.library, args.query, args.width, args.limit, word_counts=args.collocates
            ),
            "concordance",
        )
    except (ValueError, QuerySyntaxError) as error:
        raise UserError(str(error)) from error
    said = found.describe()
    if args.collocates:
        return _print_collocates(found, args)
    if args.output:
        write_atomic(Path(args.output), render_concordance(found.lines), ctx.home.own_files())
        print(f"{said[0].upper()}{said[1:]}: written to {args.output}", file=sys.stderr)
    elif args.json:
        _print_json(
            {
                "query": found.query,
                "articles": found.articles,
                "complete": found.complete,
                "lines": [line.as_dict() for line in found.lines],
            }
        )
    else:
        print(f"{said[0].upper()}{said[1:]}")
        for line in found.lines:
            left, right = line.left.strip()[-args.width :], line.right.strip()
            where = f"{line.published or 'n.d.'}  {line.title[:50]}"
            print(f"{left:>{args.width}} [{line.hit}] {right:<{args.width}}  {where}")
    return 0


def cmd_matrix(ctx: AppContext, args) -> int:
    from annotations.code_matrix import as_json, matrix_of
    from annotations.export.csv_export import render_matrix
    from indexer.atomic import write_atomic
    from indexer.query import QuerySyntaxError

    within = None
    if args.query:
        try:
            found = ctx.library.searcher().matched_ids(args.query)
        except (ValueError, QuerySyntaxError) as error:
            raise UserError(str(error)) from error
        within = None if found is None else set(found)
    matrix = matrix_of(
        ctx.annotations,
        ctx.library.store,
        args.by,
        args.unit,
        with_children=not args.no_children,
        within=within,
    )
    data = render_matrix(matrix, transpose=args.transpose, share=args.percent)
    if args.output:
        write_atomic(Path(args.output), data, ctx.home.own_files())
        print(
            f"A matrix of {len(matrix.rows)} tags by {len(matrix.columns)} columns"
            f" written to {args.output}",
            file=sys.stderr,
        )
    elif args.json:
        _print_json(as_json(matrix))
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return 0


def cmd_timeline(ctx: AppContext, args) -> int:
    from annotations.export.csv_export import render_timeline
    from indexer.atomic import write_atomic
    from indexer.query import QuerySyntaxError
    from indexer.timeline import timeline

    try:
        found = timeline(ctx.library.searcher(), ctx.library.store, args.queries, args.by)
        if args.first or args.last:
            found = found.between(args.first, args.last)
    except (ValueError, QuerySyntaxError) as error:
        raise UserError(str(error)) from error
    data = render_timeline(found, relative=args.relative)
    if args.output:
        write_atomic(Path(args.output), data, ctx.home.own_files())
        print(f"{len(found.periods)} periods written to {args.output}", file=sys.stderr)
    elif args.json:
        _print_json(
            {
                "by": found.by,
                "periods": found.periods,
                "archive": [found.archive.get(p, 0) for p in found.periods],
                "archive_undated": found.archive_undated,
                "archive_outside": found.archive_outside,
                "series": [
                    {
                        "query": s.query,
                        "total": s.total,
                        "undated": s.undated,
                        "outside": s.outside,
                        "counts": [s.counts.get(p, 0) for p in found.periods],
                    }
                    for s in found.series
                ],
            }
        )
    else:
        sys.stdout.write(data.decode("utf-8-sig"))
    return 0


def cmd_copies(ctx: AppContext, args) -> int:
    _article_or_fail(ctx, args.id)
    members = ctx.library.store.story_members(args.id)
    listed = [
        {**_article_dict(a), "identical_to": copied} for a, copied in members if a.id != args.id
    ]
    if args.json:
        _print_json(listed)
    elif not listed:
        print("No other article tells this story.")
    else:
        for a in listed:
            same = f"  (identical to {a['identical_to']})" if a["identical_to"] else ""
            print(f"{a['id']}  {a['title']}  ({a['site'] or Path(a['source']).name}){same}")
    return 0


def cmd_compare(ctx: AppContext, args) -> int:
    from indexer.compare import compare

    first, second = _article_or_fail(ctx, args.id), _article_or_fail(ctx, args.other)
    found = compare(first.text, second.text)
    if args.json:
        _print_json(found.as_dict())
    else:
        print(
            f"{100 * found.similarity:.0f}% of the words in common; [-only in {args.id}-]"
            f" {{+only in {args.other}+}}:\n"
        )
        print(found.as_text())
    return 0


def _print_collocates(found, args) -> int:
    from indexer.concordance import collocates

    words = collocates(
        found.lines,
        function_words=args.function_words,
        frequencies=found.frequencies,
        tokens=found.tokens,
    )
    if args.output:
        raise UserError("--collocates prints; -o writes the lines.")
    if args.json:
        _print_json(
            {
                "query": found.query,
                "lines": len(found.lines),
                "tokens": found.tokens,
                "collocates": [
                    {
                        "word": c.word,
                        "total": c.total,
                        "before": c.left,
                        "after": c.right,
                        "mi": None if c.mi is None else round(c.mi, 4),
                        "log_likelihood": (
                            None if c.log_likelihood is None else round(c.log_likelihood, 4)
                        ),
                    }
                    for c in words
                ],
            }
        )
        return 0
    print(f"{'word':<24} {'all':>6} {'before':>7} {'after':>6} {'MI':>7} {'LL':>9}")
    for c in words[: args.limit]:
        mi = "" if c.mi is None else f"{c.mi:.2f}"
        ll = "" if c.log_likelihood is None else f"{c.log_likelihood:.1f}"
        print(f"{c.word:<24} {c.total:>6} {c.left:>7} {c.right:>6} {mi:>7} {ll:>9}")
    return 0


def cmd_open(ctx: AppContext, args) -> int:
    from gui.app import run_window

    if getattr(args, "smoke", False):
        from gui.paths import sample_archive_dir

        return run_window(ctx, sample_archive_dir(), query="prisoner", smoke=True)
    folder = Path(args.folder).expanduser() if getattr(args, "folder", None) else None
    if folder is not None and not folder.is_dir():
        raise UserError(f"{folder} is not a folder.")
    return run_window(
        ctx, folder, query=getattr(args, "query", ""), screenshot=getattr(args, "screenshot", None)
    )


COMMANDS = {
    None: cmd_open,
    "open": cmd_open,
    "index": cmd_index,
    "remove": cmd_remove,
    "folders": cmd_folders,
    "articles": cmd_articles,
    "show": cmd_show,
    "search": cmd_search,
    "concordance": cmd_concordance,
    "matrix": cmd_matrix,
    "copies": cmd_copies,
    "compare": cmd_compare,
    "timeline": cmd_timeline,
    "entities": cmd_entities,
    "annotate": cmd_annotate,
    "annotations": cmd_annotations,
    "export": cmd_export,
}


def _cannot_write(error: Exception, home) -> bool:
    """A full disk, a read-only or someone else's folder: the user can fix it."""
    from indexer.sqlite_open import cannot_write, takes_writes

    if isinstance(error, OSError):
        return error.errno in (errno.EROFS, errno.ENOSPC, errno.EACCES, errno.EDQUOT, errno.EPERM)
    return cannot_write(error) and not takes_writes(home.data)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        home = resolve_home(args.home)
        home.ensure()
    except OSError as error:
        print(f"archive-reader: cannot use the home folder: {error}", file=sys.stderr)
        return 1
    setup_logging(home)
    from annotations.db import DamagedDatabase
    from indexer.atomic import UnsafeOutput

    ctx = None
    try:
        ctx = AppContext(home)
        for notice in (ctx.settings.warning, ctx.library.healed):
            if notice:
                print(f"archive-reader: {notice}", file=sys.stderr)
        return COMMANDS[args.command](ctx, args)
    except (UserError, UnsafeOutput) as error:
        print(f"archive-reader: {error}", file=sys.stderr)
        return 2
    except DamagedDatabase as error:
        log.error("%s", error)
        message = ctx.damaged_message(error) if ctx else str(error)
        print(f"archive-reader: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output (say `| head`) went away; that is not an error. (An
        # OSError: it must come first, or the clause below re-raised it as a traceback.)
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit flush quiet
        return 0
    except (OSError, sqlite3.OperationalError) as error:
        if not _cannot_write(error, home):
            raise
        log.error("cannot write: %s", error)
        print(
            f"archive-reader: Archive Reader cannot write in {home.data} ({error}). Nothing "
            "saved before was lost; free some space or make the folder writable, then try "
            "again.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("archive-reader: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except Exception as error:
        log.exception("command %s failed", args.command)
        print(
            f"archive-reader: {error.__class__.__name__}: {error}\nDetails are in {home.log_file}",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
