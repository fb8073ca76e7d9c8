"""Queries against the index: parsing, ranking, sorting and snippets.

A `Searcher` belongs to one thread. It keeps its Whoosh searcher open between
queries and refreshes it when the index has changed, which costs almost nothing
when it has not.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from whoosh import collectors
from whoosh.index import Index
from whoosh.qparser import QueryParser
from whoosh.query import Every, Query

from indexer.article import Article
from indexer.article_sets import AnnotationLookup
from indexer.mask_query import ids_of
from indexer.names import NamesLookup, NamesQuery
from indexer.query import parse_query
from indexer.ranking import Found, cached, matching, rank, story_codes
from indexer.schema import build_query_schema, name_analyzer
from indexer.snippets import Snippet, snippet_around
from indexer.spans import expanded_terms, names_spelling, positive_leaves, word_spans
from indexer.store import ArticleStore
from indexer.weighting import ListedLengthsBM25F

SORTS = ("relevance", "date", "title")
log = logging.getLogger(__name__)
KIND_FIELDS = {"Person": "person", "Place": "place", "Organisation": "org", "Group": "group"}
QUERY_SCHEMA = build_query_schema()


@dataclass
class Hit:
    id: str
    title: str
    score: float
    snippet: Snippet
    article: Article
    copies: int = 1  # this article and its near-duplicates, shown as one hit

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet.text,
            "highlights": [list(span) for span in self.snippet.spans],
            "source": self.article.source,
            "section": self.article.section,
            "author": self.article.author,
            "published": self.article.published,
            "site": self.article.site,
            "copies": self.copies,
        }


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "seconds": round(self.seconds, 4),
            "hits": [hit.as_dict() for hit in self.hits],
        }


class Searcher:
    """Searches one index from one thread."""

    def __init__(
        self, index: Index, names_index: Index, words_index: Index, store: ArticleStore
    ) -> None:
        self._index = index
        self._names_index = names_index
        self._words_index = words_index
        self._store = store
        self._generations: dict[int, int] = {}  # id(index) -> generation opened
        self._searcher = self._open(index)
        self._names_searcher = self._open(names_index)
        self._words_searcher = self._open(words_index)
        self._names = NamesLookup(self._names_searcher)
        # Answers tag: and note: clauses (article_sets.py); set by the library's owner.
        self.annotations: AnnotationLookup | None = None

    def close(self) -> None:
        self._searcher.close()
        self._names_searcher.close()
        self._words_searcher.close()

    def _open(self, index: Index):
        # The generation is read first: a commit in between means one extra reopen.
        self._generations[id(index)] = index.latest_generation()
        return index.searcher(weighting=ListedLengthsBM25F())

    def _refreshed(self, searcher, index: Index):
        """`searcher`, or a new one if its index changed since it was opened.

        Never Whoosh's refresh(): it reuses the reader of any segment whose id did
        not change, so documents deleted from an existing segment (a removed folder)
        went on matching, and it fails on an index with no segments. Nor Whoosh's
        up_to_date(): an empty index's reader has no generation, so an empty names
        index (before the entity phase's first commit) was reopened for every search."""
        if self._generations.get(id(index)) == index.latest_generation():
            return searcher
        fresh = self._open(index)
        searcher.close()
        return fresh

    def _fresh(self):
        """The text index's searcher, every index reopened if it changed."""
        self._words_searcher = self._refreshed(self._words_searcher, self._words_index)
        searcher = self._refreshed(self._searcher, self._index)
        names = self._refreshed(self._names_searcher, self._names_index)
        if searcher is not self._searcher or names is not self._names_searcher:
            self._searcher, self._names_searcher = searcher, names
            self._names = NamesLookup(names)
        return self._searcher

    def _parse(self, text: str) -> Query:
        return parse_query(QUERY_SCHEMA, text, self._names, self.annotations)

    def parse(self, text: str) -> Query:
        """The query for `text`, read against the current indexes."""
        self._fresh()
        return self._parse(text)

    def ids_matching(self, query: Query) -> list[str]:
        """Ids of every article a parsed query (or part of one) matches."""
        searcher = self._fresh()
        docnums = _docnums(searcher, query)
        if not len(docnums):
            return []  # and an empty index has no columns to read
        column = searcher.reader().column_reader("id")
        return [column[int(docnum)] for docnum in docnums]

    def _total(self, results, browsing: bool, sorted_: bool) -> int:
        """How many stories match (copies of one story count once)."""
        if browsing:
            return self._store.story_count()
        if not sorted_:
            # Counted while scoring (optimize=False), less the collapsed copies.
            return len(results)
        # The sorting collector counts every matched document; count their stories.
        reader = self._searcher.reader()
        column = reader.column_reader("story")
        return len({column[docnum] for docnum in results.docs()})

    def hit_spans(self, article_id: str, text: str) -> list[tuple[int, int]]:
        """Where the query matched in one article's text: only what the query asked for.

        Words come from the postings' character offsets (no re-analysis), prefixes and
        wildcards from the words they stand for; an entity clause lights up the mentions
        of the entities it names, whatever spelling the text used, and no other names
        of that kind. Clauses under NOT mark nothing.
        """
        return self.hit_spans_of([article_id], text).get(article_id, [])

    def hit_spans_of(
        self, article_ids: list[str], text: str, texts: dict[str, str] | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """hit_spans for many articles at once: the query parsed and each term's postings
        read once for all of them (a concordance asks for thousands). `texts`, by id, saves
        reading them again when the caller has them."""
        searcher = self._fresh()
        query = self._parse(text)
        if isinstance(query, Every):
            return {}
        ids = {}
        for article_id in article_ids:
            docnum = searcher.document_number(id=article_id)
            if docnum is not None:
                ids[docnum] = article_id
        if texts is None:
            texts = self._store.texts(ids.values())
        by_docnum = {docnum: texts.get(article_id, "") for docnum, article_id in ids.items()}
        words = word_spans(searcher, query, list(ids), by_docnum)
        entity_clauses = [leaf for leaf in positive_leaves(query) if isinstance(leaf, NamesQuery)]
        spans = {}
        for docnum, article_id in ids.items():
            found = words[docnum]
            if entity_clauses:
                found.update(self._mention_spans(article_id, entity_clauses))
            spans[article_id] = sorted(found)
        return spans

    def matched_stories(self, text: str) -> list[str] | None:
        """Ids of the articles a query matches, one per story (near-duplicate copies of a
        story count once, as in the results), in index order; None for every article."""
        searcher = self._fresh()
        query = self._parse(text)
        if isinstance(query, Every):
            return None
        docnums = _docnums(searcher, query)
        if not len(docnums):
            return []  # and an empty index has no columns to read
        reader = searcher.reader()
        ids, stories = reader.column_reader("id"), reader.column_reader("story")
        seen: set[str] = set()
        out = []
        for docnum in sorted(int(d) for d in docnums):
            story = stories[docnum] or ids[docnum]
            if story not in seen:
                seen.add(story)
                out.append(ids[docnum])
        return out

    def _mention_spans(self, article_id: str, clauses: list[NamesQuery]):
        """The mentions of the entities the clauses name. An entity is named when one of
        its spellings (canonical, as written, aliases) matches the clause by itself:
        `person:"Vladimir Putin"` is not a match for "Volodymyr Zelensky" because an
        alias shares the word "Vladimir"."""
        mentions = [m for m in self._store.mentions(article_id) if m.kind in KIND_FIELDS]
        aliases = self._store.aliases(m.canonical for m in mentions)
        names_reader = self._names_searcher.reader()
        expanded = {
            id(clause): {t for _, t in expanded_terms(clause.inner, names_reader)}
            for clause in clauses
        }
        analyse = name_analyzer()
        for mention in mentions:
            spellings = [mention.canonical, mention.text, *aliases.get(mention.canonical, [])]
            tokens = [[t.text for t in analyse(spelling)] for spelling in spellings]
            for clause in clauses:
                if clause.inner.fieldname != KIND_FIELDS[mention.kind]:
                    continue
                if any(
                    names_spelling(clause.inner, words, expanded[id(clause)]) for words in tokens
                ):
                    yield mention.start, mention.end
                    break

    def matched_ids(self, text: str) -> list[str] | None:
        """Ids of every article the query matches (None: all of them)."""
        self._fresh()
        query = self._parse(text)
        if isinstance(query, Every):
            return None
        return self.ids_matching(query)

    def entity_facets(self, text: str, per_kind: int = 10) -> dict[str, list[tuple[str, int]]]:
        """The people, places, organisations, groups and events of the matching articles,
        each with the number of matching articles that name it."""
        return self._store.entity_counts(self.matched_ids(text), per_kind=per_kind)

    def suggest(self, text: str) -> str | None:
        """A corrected query when some of its words are not in the archive, else None.

        Corrections come from the words index (the archive's unstemmed words, the
        commonest first), so they are words a reader knows ("prisoner", not the stem
        "prison")."""
        self._fresh()
        lexicon = self._words_searcher
        words = " ".join(w for w in text.split() if ":" not in w and not w.startswith("published"))
        if not words.strip():
            return None
        try:
            query = QueryParser("word", lexicon.schema).parse(words)
        except Exception:  # Whoosh raises assorted types for bad syntax
            return None
        try:
            corrected = lexicon.correct_query(query, words, maxdist=2, prefix=1)
        except (TypeError, ValueError):
            # Whoosh's corrector rewrites the typed text by the words' character
            # positions, which a word split by the analyzer lacks ("x~0", "0" read as
            # a number): no suggestion, rather than a failed search.
            log.debug("no suggestion for %r", text, exc_info=True)
            return None
        if corrected.string == words or corrected.query == query:
            return None
        return text.replace(words, corrected.string) if words in text else corrected.string

    def more_like(self, article_id: str, limit: int = 20) -> SearchResults:
        """Articles most like one article, by its most distinctive words."""
        started = time.perf_counter()
        searcher = self._fresh()
        docnum = searcher.document_number(id=article_id)
        article = self._store.article(article_id)
        if docnum is None or article is None:
            return SearchResults(query="", total=0)
        results = searcher.more_like(docnum, "text", text=article.text, top=limit)
        hits = self._hits(results, searcher, query=None, sortedby=None)
        return SearchResults(
            query=f"like: {article.title}",
            total=len(hits),
            hits=hits,
            seconds=time.perf_counter() - started,
        )

    def search(
        self,
        text: str,
        limit: int | None = 20,
        sort: str = "relevance",
        snippets: bool = True,
        seed: int = 1,
    ) -> SearchResults:
        """The first `limit` hits (None: every story, as for an export of the results).
        Without `snippets`, no text is read: the hits carry their articles only. `sort`
        "random" orders the stories by `seed` (random_order)."""
        started = time.perf_counter()
        searcher = self._fresh()
        query = self._parse(text)
        browsing = isinstance(query, Every)
        if limit is None:
            limit = max(1, self._store.story_count() if browsing else self._story_bound(searcher))
        if sort == "random":
            order = self._random_order(searcher, query, browsing, seed)
            shown = None if browsing else query
            found = self._found(searcher, order[:limit].tolist())
            return SearchResults(
                query=text,
                total=len(order),
                hits=self._hits(found, searcher, shown, "random", snippets),
                seconds=time.perf_counter() - started,
            )
        sortedby, reverse = None, False
        if sort == "date" or (browsing and sort == "relevance"):
            sortedby, reverse = ["published", "title_sort"], True
        elif sort == "title":
            sortedby = "title_sort"
        ranked = rank(searcher, query, limit) if sortedby is None else None
        if ranked is not None:
            return SearchResults(
                query=text,
                total=ranked.total,
                hits=self._hits(ranked.hits, searcher, query, None, snippets),
                seconds=time.perf_counter() - started,
            )
        if sortedby is None:
            # Score every match, counting as we go: skipping blocks that cannot reach
            # the top (Whoosh's default) meant a second pass over every posting to
            # count them, a third of a term query's time. replace=0: Whoosh's matcher
            # replacement drops the parts of an OR that can no longer reach the top,
            # and with them the documents they alone match, from the count.
            top = collectors.TopCollector(limit, usequality=False, replace=0)
            collector = collectors.CollapseCollector(top, "story", limit=1)
            searcher.search_with_collector(query, collector)
            results = collector.results()
        else:
            results = searcher.search(
                query,
                limit=limit,
                sortedby=sortedby,
                reverse=reverse,
                collapse="story",  # one hit per story: near-duplicate copies fold into it
                collapse_limit=1,
            )
        hits = self._hits(results, searcher, None if browsing else query, sortedby, snippets)
        return SearchResults(
            query=text,
            total=self._total(results, browsing, sortedby is not None),
            hits=hits,
            seconds=time.perf_counter() - started,
        )

    def _random_order(self, searcher, query: Query, browsing: bool, seed: int) -> np.ndarray:
        """Every matching story (a document standing for it), in an order drawn from
        `seed`: a random sample of the results is their first n, the same sample for the
        same seed on any machine that holds the same articles. Each document is keyed
        by a hash of the seed and its text's digest (not its path or its place in the
        index), and a story by its copy with the smallest key. Whole-index arrays, kept
        with the searcher: by document, 98,000 stories took 4.8 s; now 0.5 s."""
        if searcher.doc_count_all() == 0:
            return np.zeros(0, dtype=np.int64)
        docnums = np.asarray(sorted(_docnums(searcher, query)), dtype=np.int64)
        if not len(docnums):
            return docnums
        ids = _all_ids(searcher)
        digests = cached(searcher, "digests", self._store.all_digests)
        keys = np.fromiter(
            (
                int.from_bytes(
                    hashlib.blake2b(
                        f"{seed}:{digests.get(ids[d]) or ids[d]}".encode(), digest_size=8
                    ).digest(),
                    "big",
                )
                for d in docnums.tolist()
            ),
            dtype=np.uint64,
            count=len(docnums),
        )
        codes = story_codes(searcher)[docnums]
        by_story = np.lexsort((keys, codes))  # each story's copies, smallest key first
        first = np.ones(len(by_story), dtype=bool)
        first[1:] = codes[by_story][1:] != codes[by_story][:-1]
        chosen = by_story[first]
        return docnums[chosen[np.argsort(keys[chosen], kind="stable")]]

    def _found(self, searcher, docnums) -> list[Found]:
        """Hits for document numbers, with the fields _hits reads."""
        ids = _all_ids(searcher)
        stories = searcher.reader().column_reader("story")
        return [Found(d, 0.0, {"id": ids[d], "story": stories[d] or ids[d]}) for d in docnums]

    def _story_bound(self, searcher) -> int:
        """At least as many stories as the index holds (every one could match)."""
        return searcher.reader().doc_count()

    def _hits(
        self, results, searcher, query: Query | None, sortedby, snippets: bool = True
    ) -> list[Hit]:
        """Hits with their articles, snippets (around `query`'s words; without a query,
        the article's opening; none without `snippets`) and copy counts."""
        stories = [hit["story"] for hit in results]
        copies_of = self._store.story_sizes(stories)
        ids = [hit["id"] for hit in results]
        articles = {a.id: a for a in self._store.metadata(ids)}
        texts = self._store.texts(ids) if snippets else {}
        words = {}
        if query is not None and snippets:
            shown = {hit.docnum: texts.get(hit["id"], "") for hit in results}
            words = word_spans(searcher, query, list(shown), shown)
        hits = []
        for hit in results:
            article = articles.get(hit["id"])
            if article is None:
                continue  # indexed but gone from the store: a run was interrupted
            if snippets:
                snippet = snippet_around(texts[hit["id"]], sorted(words.get(hit.docnum, ())))
            else:
                snippet = Snippet()
            # A sorted search's "score" is its sort key; only relevance has a score.
            score = hit.score if sortedby is None and hit.score is not None else 0.0
            copies = copies_of.get(hit["story"], 1)
            hits.append(Hit(article.id, article.title, score, snippet, article, copies))
        return hits


def _docnums(searcher, query: Query):
    """The document numbers a parsed query matches; none in an index without parts (the
    first folder being indexed), whose reader has no columns."""
    if searcher.doc_count_all() == 0:
        return []
    docnums = matching(searcher, query)
    return searcher.docs_for_query(query) if docnums is None else docnums


def _all_ids(searcher) -> list[str]:
    """Each document's article id, over the whole index (its segments in order)."""
    return cached(
        searcher,
        "ids",
        lambda: [i for sub, _ in searcher.leaf_searchers() for i in ids_of(sub.reader())],
    )
