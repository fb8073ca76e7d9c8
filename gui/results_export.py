"""A search's articles as a file (File → Export search results, `archive-reader
articles --query Q --format F`): every story the results list holds, in its order,
read without snippets. Qt-free; shared by the command line and the window."""

from __future__ import annotations

from annotations.export import ArticleInfo
from annotations.export.article_list import Listed, render_articles


def listed_results(library, query: str, sort: str = "relevance") -> list[Listed]:
    """Every story the query matches (the whole archive for an empty query), in the
    order the results list gives them. Raises QuerySyntaxError for a bad query."""
    results = library.searcher().search(query, limit=None, sort=sort, snippets=False)
    return [
        Listed(
            ArticleInfo(
                a.id,
                a.title,
                a.author,
                a.published,
                a.section,
                a.site,
                a.source,
                url=a.url,
                title_derived=a.title_derived,
            ),
            words=a.words,
            copies=hit.copies,
            score=hit.score,
        )
        for hit in results.hits
        for a in (hit.article,)
    ]


def results_bytes(library, query: str, fmt: str, sort: str = "relevance") -> tuple[bytes, int]:
    """The file, and how many articles it lists."""
    listed = listed_results(library, query, sort)
    store = library.store
    return render_articles(listed, fmt, text_of=store.text_of, query=query), len(listed)
