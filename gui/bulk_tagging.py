"""Tag every hit of a query: a preview first, then one committed transaction per article.

Committing per article means a run that is killed half-way keeps every article
it finished, and a second run skips passages that already exist, so it can be
run again to finish. Qt-free: the command line and the window both use it.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field

from annotations.export.sentences import sentence_spans
from gui.wording import count
from indexer.progress import Progress

UNITS = ("match", "sentence")
_BATCH = 200  # articles whose hits are found together


@dataclass
class BulkPlan:
    query: str
    unit: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # article id -> spans

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.spans.values())

    def describe(self) -> str:
        return f"{count(self.count, 'passage')} in {count(len(self.spans), 'article')}"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or heading line) that holds text[start:end], by the exports'
    sentence segmenter ("U.S." and "Mr." end no sentence)."""
    spans = sentence_spans(text, start, end)
    left = max((s for s, _ in spans if s <= start), default=start)
    right = min((e for _, e in spans if e >= end), default=end)
    return left, max(right, end)


def plan(library, query: str, unit: str = "match", within: str | None = None) -> BulkPlan:
    """Where the hits are (merged when they overlap), without changing anything.
    `within` is the query with the filters the window adds (facets, chips): the hits
    are the query's, in the articles that the whole of it matches, as listed."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}")
    searcher = library.searcher()
    result = BulkPlan(query, unit)
    ids = searcher.matched_ids(within or query) or []
    for first in range(0, len(ids), _BATCH):  # the query read once a batch, not an article
        texts = library.store.texts(ids[first : first + _BATCH])
        found = searcher.hit_spans_of(ids[first : first + _BATCH], query, texts)
        if unit == "sentence":
            found = {
                article_id: [sentence_around(texts[article_id], s, e) for s, e in spans]
                for article_id, spans in found.items()
            }
        result.spans.update(merged(found))
    return result


def merged(spans: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """Each article's spans in order, overlapping ones as one; articles without any left out."""
    out: dict[str, list[tuple[int, int]]] = {}
    for article_id, found in spans.items():
        joined: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if joined and start <= joined[-1][1]:
                joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
            else:
                joined.append((start, end))
        if joined:
            out[article_id] = joined
    return out


def apply(
    library, store, bulk: BulkPlan, tags: list[str], note: str = ""
) -> Generator[Progress, None, int]:
    """Create the planned passages; returns how many were new."""
    created = 0
    wanted = {t.casefold() for t in tags}
    for done, (article_id, spans) in enumerate(bulk.spans.items()):
        yield Progress("tagging", done, len(bulk.spans))
        article = library.article(article_id)
        if article is None:
            continue
        existing = {
            (p.start, p.end)
            for p in store.passages_for(article_id)
            if wanted <= {t.name.casefold() for t in p.tags}
        }
        todo = [span for span in spans if span not in existing]
        if todo:
            created += len(
                store.add_passages(
                    article_id, article.text, todo, tags, note, article.title, article.source
                )
            )
    yield Progress("tagging", len(bulk.spans), len(bulk.spans))
    return created
