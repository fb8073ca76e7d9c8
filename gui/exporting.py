"""Choosing what to export (the scope) and producing the file: shared by CLI and window.

Qt-free. Scopes: everything, one tag (with or without its children), the
articles a search matches, one article, or chosen passages.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from annotations.export import (
    REFERENCE_FORMATS,
    ArticleInfo,
    ExportOptions,
    MemoEntry,
    build_excerpts,
    render,
)
from gui import wording
from indexer.atomic import write_atomic


@dataclass
class Scope:
    kind: str = "all"
    tag: str = ""
    with_children: bool = True
    query: str = ""
    article_id: str = ""
    passage_ids: list[int] = field(default_factory=list)

    def describe(self) -> str:
        return {
            "all": "all passages",
            "tag": f"tag “{self.tag}”" + (" and its children" if self.with_children else ""),
            "query": f"articles matching “{self.query}”",
            "article": "one article",
            "selected": f"{len(self.passage_ids)} chosen passages",
        }[self.kind]


def select_passages(library, store, scope: Scope) -> list:
    if scope.kind == "tag":
        if store.tag_named(scope.tag) is None:
            raise ValueError(f"There is no tag named {scope.tag!r}.")
        return store.all_passages(tag=scope.tag, with_children=scope.with_children)
    if scope.kind == "query":
        ids = library.searcher().matched_ids(scope.query)
        passages = store.all_passages()
        return passages if ids is None else [p for p in passages if p.article_id in set(ids)]
    if scope.kind == "article":
        return store.passages_for(scope.article_id)
    if scope.kind == "selected":
        wanted = set(scope.passage_ids)
        return [p for p in store.all_passages() if p.id in wanted]
    return store.all_passages()


_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&#?\w+;")


def _words(text: str) -> list[str]:
    """The words of a text, markup and entities read as a browser would: how a quote in
    the article and its span in the source file are compared."""
    return _WORD.findall(html.unescape(_TAG.sub(" ", text)).casefold())


def source_locator(library, article):
    """A function mapping a span of `article`'s text to the same span of its source
    file's text through the article's provenance map; None where the file cannot be
    read or no longer holds the words (it changed since it was indexed)."""
    from indexer.filenames import as_path
    from indexer.ingest import source_text

    loaded: list = []  # read once, on the first passage that asks

    def source():
        if not loaded:
            try:  # NotText is a ValueError
                loaded.append(
                    (source_text(as_path(article.source)), library.source_map(article.id))
                )
            except (OSError, ValueError, RecursionError):
                loaded.append((None, None))
        return loaded[0]

    def locate(start: int, end: int) -> tuple[int, int, str] | None:
        text, source_map = source()
        if text is None or not source_map.segments:
            return None
        first = source_map.to_source(start, article.text, text)
        # The end is just after the quote's last character (mapping `end` itself would
        # take in the tags and spaces before the next word).
        last = source_map.to_source(end - 1, article.text, text)
        entity = _ENTITY.match(text, last)
        last = entity.end() if entity else last + 1
        if not 0 <= first < last <= len(text):
            return None
        if _words(text[first:last]) != _words(article.text[start:end]):
            return None
        return first, last, text

    return locate


def article_info(article, text: str = "", locate=None) -> ArticleInfo:
    """An indexed article (indexer/article.py) as exports cite it."""
    a = article
    return ArticleInfo(
        a.id,
        a.title,
        a.author,
        a.published,
        a.section,
        a.site,
        a.source,
        text,
        url=a.url,
        title_derived=a.title_derived,
        locate=locate,
    )


def article_lookup(library):
    cache: dict[str, ArticleInfo | None] = {}

    def lookup(article_id: str) -> ArticleInfo | None:
        if article_id not in cache:
            a = library.article(article_id)
            cache[article_id] = a and article_info(a, a.text, source_locator(library, a))
        return cache[article_id]

    return lookup


def export_bytes(
    library,
    store,
    fmt: str,
    scope: Scope,
    group="tag",
    context=False,
    limit: int | None = None,
    embed_context=False,
) -> tuple[bytes, int]:
    """The export and how many passages it holds, or for a references format how many
    articles (`limit` is for previews)."""
    passages = select_passages(library, store, scope)
    if limit is not None:
        passages = passages[:limit]
    tags = store.tags()
    lookup = article_lookup(library)
    excerpts = build_excerpts(
        passages,
        store.tag_path,
        {t.id: t.description for t in tags},
        lookup,
        context=context,
    )
    options = ExportOptions(
        group=group, context=context, scope=scope.describe(), embed_context=embed_context
    )
    options.memos = memo_entries(store, scope, passages, lookup)
    if scope.kind == "tag":
        top = store.tag_named(scope.tag)
        ids = store.descendants(top.id) if scope.with_children else [top.id]
        options.group_tags = {t.name for t in tags if t.id in ids}
        for excerpt in excerpts:  # the chosen tags only: no rows for a passage's others
            excerpt.tags = [t for t in excerpt.tags if t.name in options.group_tags]
        # The codebook of the chosen tags, with their ancestors for the hierarchy.
        keep = set(ids)
        by_id = {t.id: t for t in tags}
        for tag_id in ids:
            parent = by_id[tag_id].parent_id
            while parent is not None and parent not in keep:
                keep.add(parent)
                parent = by_id[parent].parent_id
        tags = [t for t in tags if t.id in keep]
    if fmt in REFERENCE_FORMATS:  # a reference an article, whatever its passages
        return render(fmt, excerpts, options, tags), len({p.article_id for p in passages})
    return render(fmt, excerpts, options, tags), len(passages)


def memo_entries(store, scope: Scope, passages, lookup) -> list[MemoEntry]:
    """The memos an export carries: those of the articles its passages quote (and of the
    open article, for its scope); every memo, for an export of everything."""
    wanted = {p.article_id for p in passages}
    if scope.kind == "article":
        wanted.add(scope.article_id)
    return [
        MemoEntry(
            memo,
            lookup(memo.article_id)
            or ArticleInfo(memo.article_id, memo.article_title, source=memo.article_source),
        )
        for memo in store.memos()
        if scope.kind == "all" or memo.article_id in wanted
    ]


def counted(fmt: str, count: int) -> str:
    """'3 passages', or for a references format '2 references' (one an article)."""
    return wording.count(count, "reference" if fmt in REFERENCE_FORMATS else "passage")


def export_file(
    library, store, fmt: str, scope: Scope, path: Path, group="tag", context=False, protected=()
) -> int:
    data, count = export_bytes(library, store, fmt, scope, group, context)
    write_atomic(path, data, protected)
    return count
