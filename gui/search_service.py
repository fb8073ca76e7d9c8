"""One search over articles and annotations: what the CLI and the search pane both run.

`tag:` and `note:` clauses are about passages, which live in the annotation
database, so they are taken out of the query here: articles must have a passage
with that tag (or a child tag) or note text. The scope says what is searched:
articles, passages (their quotes and notes), or both. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotations.model import Passage
from indexer.search import SearchResults

_CLAUSE = re.compile(r'\b(tag|note):(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


@dataclass
class SearchRequest:
    text: str = ""
    filters: list[str] = field(default_factory=list)  # clauses from facets and chips
    scope: str = "articles"
    sort: str = "relevance"
    limit: int = 50

    @property
    def full_text(self) -> str:
        return " ".join([self.text, *self.filters]).strip()


@dataclass
class SearchOutcome:
    request: SearchRequest
    articles: SearchResults | None = None
    passages: list[Passage] = field(default_factory=list)
    suggestion: str | None = None
    like: str = ""  # More like this: the title of the article the list is like


def split_annotation_clauses(text: str) -> tuple[str, list[str], list[str]]:
    """The query without its tag: and note: clauses, and those clauses' values."""
    tags, notes = [], []
    for match in _CLAUSE.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        (tags if match.group(1).lower() == "tag" else notes).append(value)
    return " ".join(_CLAUSE.sub(" ", text).split()), tags, notes


def _words(text: str) -> list[str]:
    """The plain words of a query, for searching passages' quotes and notes."""
    words = []
    for token in re.findall(r'"[^"]*"|\S+', text):
        if ":" in token or token.upper() in _OPERATORS or token.startswith("-"):
            continue
        words.append(token.strip('"*~?').lower())
    return [w for w in words if w]


def matching_passages(store, tags: list[str], notes: list[str], words: list[str]) -> list[Passage]:
    passages = None
    for tag in tags:
        found = {p.id: p for p in store.all_passages(tag=tag, with_children=True)}
        passages = found if passages is None else {i: p for i, p in passages.items() if i in found}
    pool = list((passages or {}).values()) if passages is not None else store.all_passages()
    for needle in notes:
        pool = [p for p in pool if needle.lower() in p.note.lower()]
    for word in words:
        pool = [p for p in pool if word in p.quote.lower() or word in p.note.lower()]
    return pool


def facets_for(library, store, request: SearchRequest, per_kind: int = 8) -> dict:
    """Facets of the articles the request matches: names, sections, sources, years, tags."""
    rest, tags, notes = split_annotation_clauses(request.full_text)
    only_ids = None
    if tags or notes:
        only_ids = {p.article_id for p in matching_passages(store, tags, notes, [])}
    return facets_of(library, store, library.searcher().matched_ids(rest, only_ids), per_kind)


def facets_of(library, store, ids: list[str] | None, per_kind: int = 8) -> dict:
    """Facets of these articles (None: every article)."""
    facets = library.store.entity_counts(ids, per_kind=per_kind)
    facets.update(library.store.field_counts(ids, per_kind=per_kind))
    wanted = None if ids is None else set(ids)
    articles_per_tag: dict[str, set[str]] = {}
    for passage in store.all_passages():
        if wanted is None or passage.article_id in wanted:
            for tag in passage.tags:
                articles_per_tag.setdefault(tag.name, set()).add(passage.article_id)
    ranked = sorted(articles_per_tag.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold()))
    facets["Tag"] = [(name, len(ids_)) for name, ids_ in ranked[:per_kind]]
    return facets


def run(library, store, request: SearchRequest) -> SearchOutcome:
    """Run a request; raises QuerySyntaxError for a query that cannot be read."""
    outcome = SearchOutcome(request)
    rest, tags, notes = split_annotation_clauses(request.full_text)
    only_ids = None
    if tags or notes:
        only_ids = {p.article_id for p in matching_passages(store, tags, notes, [])}
    searcher = library.searcher()
    if request.scope in ("articles", "both"):
        outcome.articles = searcher.search(
            rest, limit=request.limit, sort=request.sort, only_ids=only_ids
        )
        if outcome.articles.total < 3 and rest:
            outcome.suggestion = searcher.suggest(request.text)
    if request.scope in ("passages", "both"):
        passages = matching_passages(store, tags, notes, _words(rest))
        field_clauses = [t for t in rest.split() if ":" in t]
        if field_clauses:  # person:, place:, ... restrict passages to matching articles
            allowed = set(searcher.matched_ids(" ".join(field_clauses)) or [])
            passages = [p for p in passages if p.article_id in allowed]
        outcome.passages = passages[: request.limit * 4]
    return outcome
