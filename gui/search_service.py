"""One search over articles and annotations: what the CLI and the search pane both run.

`tag:` and `note:` clauses are about passages, which live in the annotation
database; they are part of the query like any clause (indexer/article_sets.py,
annotations/clauses.py). The scope says what is searched: articles, passages, or
both. In the Articles list each clause asks about the article (a `tag:` clause: has
it a passage with that tag?); in the Passages list the whole query is asked of each
passage: tag: and note: clauses of the passage itself, words and phrases of its
quote and note, and every other clause (names, dates, authors) of its article.
Qt-free.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.support.levenshtein import distance

from annotations.clauses import Clause, ClauseMatcher, articles_for
from annotations.model import Passage
from indexer.article_sets import ArticleSetQuery
from indexer.query import WordFuzzyTerm, WordPrefix, WordWildcard
from indexer.schema import name_analyzer, prose_analyzer
from indexer.search import SearchResults

# Fields whose words a passage's quote and note are searched for (Passages list).
_PASSAGE_TEXT_FIELDS = {"title", "text", "title_words", "text_words"}
# Each passage's words, analysed once for every search that asks (typing a query asks
# again at each pause: 60,000 passages took four seconds each time). Keyed by what
# could change them; emptied when it holds too many.
_PASSAGE_WORDS: dict[tuple, tuple[list[str], list[str]]] = {}
_PASSAGE_WORDS_KEPT = 250_000


@dataclass
class SearchRequest:
    text: str = ""
    filters: list[str] = field(default_factory=list)  # clauses from facets and chips
    scope: str = "articles"
    sort: str = "relevance"
    limit: int = 50
    seed: int = 1  # the random order's (sort "random")
    passages_limit: int | None = None  # passages listed (None: 4 × limit); all counted

    @property
    def full_text(self) -> str:
        return " ".join([self.text, *self.filters]).strip()


@dataclass
class SearchOutcome:
    request: SearchRequest
    articles: SearchResults | None = None
    passages: list[Passage] = field(default_factory=list)  # the first ones, in order
    passages_total: int = 0  # every passage the query holds for, listed or not
    suggestion: str | None = None
    like: str = ""  # More like this: the title of the article the list is like


def clause_of(leaf: wq.Query) -> Clause:
    """A tag: or note: leaf of a parsed query as a Clause."""
    if isinstance(leaf, wq.Every):  # tag:* or note:*: any tag, any note
        return Clause(leaf.fieldname, "any", "")
    if isinstance(leaf, wq.Prefix):
        kind = "prefix"
    elif isinstance(leaf, wq.Wildcard):
        kind = "wildcard"
    else:
        kind = "term"
    return Clause(leaf.fieldname, kind, str(leaf.text))


def annotation_lookup(store_of):
    """The library's answer to tag: and note: clauses: `store_of()` is this thread's
    annotation store (stores are per thread)."""

    def lookup(leaf: wq.Query) -> set[str]:
        return articles_for(store_of(), clause_of(leaf))

    return lookup


class _PassageQuery:
    """Asks a parsed query of each passage (the Passages list)."""

    def __init__(self, searcher, store) -> None:
        self.searcher = searcher
        self.clauses = ClauseMatcher(store.tags())
        self._articles: dict[int, set[str]] = {}  # id(leaf) -> articles it matches
        self._prose = prose_analyzer()
        self._plain = name_analyzer()

    def holds(self, node: wq.Query, passage: Passage) -> bool:
        kind = type(node)
        if kind is wq.And:
            return all(self.holds(sub, passage) for sub in node.subqueries)
        if kind is wq.Or:
            return any(self.holds(sub, passage) for sub in node.subqueries)
        if kind is wq.Not:
            return not self.holds(node.query, passage)
        if kind is wq.AndNot:
            return self.holds(node.a, passage) and not self.holds(node.b, passage)
        if kind is wq.AndMaybe:
            return self.holds(node.a, passage)
        if isinstance(node, wq.Every):
            return True
        if node is wq.NullQuery:
            return False
        if isinstance(node, ArticleSetQuery):
            return self.clauses.holds(clause_of(node.inner), passage)
        if getattr(node, "fieldname", None) in _PASSAGE_TEXT_FIELDS and node.is_leaf():
            return self._in_text(node, passage)
        return passage.article_id in self._matched(node)

    def _matched(self, node: wq.Query) -> set[str]:
        found = self._articles.get(id(node))
        if found is None:
            found = self._articles[id(node)] = set(self.searcher.ids_matching(node))
        return found

    def _text_words(self, passage: Passage) -> tuple[list[str], list[str]]:
        """The quote's and note's words: stemmed, and as written."""
        key = (passage.id, passage.updated_at, passage.quote)
        words = _PASSAGE_WORDS.get(key)
        if words is None:
            if len(_PASSAGE_WORDS) >= _PASSAGE_WORDS_KEPT:
                _PASSAGE_WORDS.clear()
            text = f"{passage.quote}\n{passage.note}"
            words = _PASSAGE_WORDS[key] = (
                [t.text for t in self._prose(text)],
                [t.text for t in self._plain(text)],
            )
        return words

    def _in_text(self, node: wq.Query, passage: Passage) -> bool:
        stems, plain = self._text_words(passage)
        if isinstance(node, WordPrefix):
            return any(w.startswith(node.text) for w in plain)
        if isinstance(node, WordWildcard):
            return any(fnmatch.fnmatchcase(w, node.text) for w in plain)
        if isinstance(node, WordFuzzyTerm):
            start = node.text[: node.prefixlength]
            return any(
                w.startswith(start) and distance(w, node.text) <= node.maxdist for w in plain
            )
        if isinstance(node, wq.Phrase):
            words = list(node.words)
            n = len(words)
            return any(stems[i : i + n] == words for i in range(len(stems) - n + 1))
        if isinstance(node, wq.Term):
            return node.text in stems
        return passage.article_id in self._matched(node)


def matching_passages(library, store, text: str) -> list[Passage]:
    """The passages the query holds for (every passage for an empty query)."""
    searcher = library.searcher()
    query = searcher.parse(text)
    passages = store.all_passages()
    if isinstance(query, wq.Every):
        return passages
    asked = _PassageQuery(searcher, store)
    return [p for p in passages if asked.holds(query, p)]


def facets_for(library, store, request: SearchRequest, per_kind: int = 8) -> dict:
    """Facets of the articles the request matches: names, sections, sources, years, tags."""
    return facets_of(library, store, library.searcher().matched_ids(request.full_text), per_kind)


def facets_of(library, store, ids: list[str] | None, per_kind: int = 8) -> dict:
    """Facets of these articles (None: every article)."""
    facets = library.store.entity_counts(ids, per_kind=per_kind)
    facets.update(library.store.field_counts(ids, per_kind=per_kind))
    wanted = None if ids is None else set(ids)
    articles_per_tag: dict[str, set[str]] = {}
    for name, article_id in store.tagged_articles():
        if wanted is None or article_id in wanted:
            articles_per_tag.setdefault(name, set()).add(article_id)
    ranked = sorted(articles_per_tag.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))
    facets["Tag"] = [(name, len(ids_)) for name, ids_ in ranked[:per_kind]]
    return facets


def run(library, store, request: SearchRequest) -> SearchOutcome:
    """Run a request; raises QuerySyntaxError for a query that cannot be read."""
    outcome = SearchOutcome(request)
    text = request.full_text
    searcher = library.searcher()
    if request.scope in ("articles", "both"):
        outcome.articles = searcher.search(
            text, limit=request.limit, sort=request.sort, seed=request.seed
        )
        if outcome.articles.total < 3 and request.text:
            outcome.suggestion = searcher.suggest(request.text)
    if request.scope in ("passages", "both"):
        found = matching_passages(library, store, text)
        listed = request.passages_limit or request.limit * 4
        outcome.passages, outcome.passages_total = found[:listed], len(found)
    return outcome
