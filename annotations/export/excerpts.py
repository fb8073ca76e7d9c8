"""What an exported excerpt is: the passage, its tags, its citation and its context."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from annotations.export.sentences import GAP, context_of
from annotations.model import Memo, Passage, Tag, safe_color


@dataclass(frozen=True)
class ArticleInfo:
    """The citation of an article (and its text, for context sentences)."""

    id: str
    title: str
    author: str = ""
    published: str = ""
    section: str = ""
    site: str = ""
    source: str = ""
    text: str = ""
    url: str = ""
    title_derived: bool = False  # made from the first sentence: the source has no headline
    # (start, end) in the article's text -> (start, end, text) in its source file's
    # text, or None when the file cannot be read or no longer matches.
    locate: Callable[[int, int], tuple[int, int, str] | None] | None = field(
        default=None, compare=False, repr=False
    )


def citation(article, start: int | None, end: int | None = None, full_source: bool = False) -> str:
    """Author, “Title”, site, section, date, file, characters start–end: one citation
    style for exports and for copying from the reader (any object with those fields).
    Exports name the file by its full path, so that a reader can find it; a quote copied
    from the reader names the file alone, to be pasted into prose. Without `start`, the
    whole article (its memo)."""
    source = str(article.source) if full_source else Path(article.source).name
    where = source or "unknown file"
    parts = [
        article.author,
        f"“{article.title}”",
        article.site,
        article.section,
        article.published or "n.d.",
        where if start is None else f"{where}, characters {start}–{end}",
    ]
    return ", ".join(x for x in parts if x) + "."


@dataclass(frozen=True)
class ExcerptTag:
    name: str
    path: str  # Parent/Child
    color: str
    description: str = ""


@dataclass
class Excerpt:
    passage: Passage
    article: ArticleInfo
    tags: list[ExcerptTag] = field(default_factory=list)
    # With context: the text from the sentence before up to the quote and from the quote
    # to the end of the sentence after, contiguous with it (white space at the seams kept).
    before: str = ""
    after: str = ""
    gap_before: bool = False  # article text lies before the context (shown as […])
    gap_after: bool = False

    @property
    def lead(self) -> str:
        """The context before the quote as exported: […] where text was left out."""
        return (GAP + " " if self.gap_before else "") + self.before

    @property
    def tail(self) -> str:
        return self.after + (" " + GAP if self.gap_after else "")

    @property
    def quote(self) -> str:
        return self.passage.quote

    def citation(self) -> str:
        return citation(self.article, self.passage.start, self.passage.end, full_source=True)


@dataclass
class MemoEntry:
    """An article's memo, with the article's citation."""

    memo: Memo
    article: ArticleInfo

    def citation(self) -> str:
        return citation(self.article, None, full_source=True)


@dataclass
class ExportOptions:
    group: str = "tag"  # or "article"
    context: bool = False
    title: str = "Annotated passages"
    scope: str = "all passages"
    exported_on: str = field(default_factory=lambda: date.today().isoformat())
    group_tags: set[str] | None = None  # with a tag scope: only these tags make headings
    embed_context: bool = False  # JSON-LD: the W3C terms written out (expands offline)
    # The memos of the quoted articles (of every article, for an export of everything)
    memos: list[MemoEntry] = field(default_factory=list)


def build_excerpts(
    passages: Iterable[Passage],
    tag_path: Callable[[Tag], str],
    descriptions: dict[int, str],
    lookup: Callable[[str], ArticleInfo | None],
    context: bool = False,
) -> list[Excerpt]:
    """Excerpts for `passages`; `lookup` gives an article's citation (None when the
    article is not in the library, and then the passage's own record is used)."""
    excerpts = []
    for passage in passages:
        article = lookup(passage.article_id) or ArticleInfo(
            id=passage.article_id, title=passage.article_title, source=passage.article_source
        )
        excerpt = Excerpt(
            passage=passage,
            article=article,
            tags=[
                ExcerptTag(t.name, tag_path(t), safe_color(t.color), descriptions.get(t.id, ""))
                for t in passage.tags
            ],
        )
        if context and article.text and not passage.orphan:
            context = context_of(article.text, passage.start, passage.end)
            excerpt.before, excerpt.after = context.before, context.after
            excerpt.gap_before, excerpt.gap_after = context.gap_before, context.gap_after
        excerpts.append(excerpt)
    return excerpts


def grouped(
    excerpts: list[Excerpt], by: str, only: set[str] | None = None
) -> list[tuple[str, list[Excerpt]]]:
    """Groups in order: by tag path (an excerpt under each of its tags, or of the tags in
    `only`) or by article."""
    groups: dict[str, list[Excerpt]] = {}
    for excerpt in excerpts:
        if by == "article":
            keys = [excerpt.article.title or excerpt.article.id]
        else:
            keys = [t.path for t in excerpt.tags if only is None or t.name in only]
            keys = keys or ["(untagged)"]
        for key in keys:
            groups.setdefault(key, []).append(excerpt)
    for members in groups.values():
        members.sort(key=lambda e: (e.article.title, e.passage.start))
    return sorted(groups.items(), key=lambda item: item[0].casefold())
