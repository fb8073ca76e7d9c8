"""A search's articles as a file (File → Export search results, `archive-reader
articles --query Q --format F`): every story the results list holds, in its order,
read without snippets. Qt-free; shared by the command line and the window."""

from __future__ import annotations

from annotations.export.article_list import Listed, render_articles
from gui.exporting import article_info


def listed_results(library, query: str, sort: str = "relevance", seed: int = 1) -> list[Listed]:
    """Every story the query matches (the whole archive for an empty query), in the
    order the results list gives them (`seed`: the random order's). Raises
    QuerySyntaxError for a bad query."""
    searcher = library.searcher()
    results = searcher.search(query, limit=None, sort=sort, snippets=False, seed=seed)
    return [
        Listed(article_info(hit.article), hit.article.words, hit.copies, hit.score)
        for hit in results.hits
    ]


def results_bytes(
    library, query: str, fmt: str, sort: str = "relevance", seed: int = 1
) -> tuple[bytes, int]:
    """The file, and how many articles it lists."""
    listed = listed_results(library, query, sort, seed)
    store = library.store
    return render_articles(listed, fmt, text_of=store.text_of, query=query), len(listed)
