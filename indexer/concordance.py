"""A concordance (keyword in context): every hit of a query in the articles it matches,
each on a line with the words before and after it, as corpus linguists and discourse
analysts read how a word or a name is used across an archive.

The hits are the reader's: the words, phrases and names the query asked for
(Searcher.hit_spans), never other names of the same kind. Copies of one story count
once. Articles are read in date order, a batch at a time, so a large result reports
progress and can be cancelled; past `limit` lines the concordance stops and says so,
with how many articles it read of how many matched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field

from indexer.progress import Progress

WIDTH = 60  # characters of context on either side, cut back to whole words
LIMIT = 5_000  # lines: more is not read by a person, and is what the CSV export is for
_BATCH = 200  # articles whose hits are found together
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    article_id: str
    title: str
    published: str
    site: str
    start: int  # the hit, in the article's text
    end: int
    left: str  # the context, white space (paragraph breaks too) as single spaces
    hit: str
    right: str

    def as_dict(self) -> dict:
        return {
            "article": self.article_id,
            "title": self.title,
            "published": self.published,
            "site": self.site,
            "start": self.start,
            "end": self.end,
            "left": self.left,
            "hit": self.hit,
            "right": self.right,
        }


@dataclass
class Concordance:
    query: str
    lines: list[Line] = field(default_factory=list)
    articles: int = 0  # articles (stories) the query matches
    complete: bool = True  # False: stopped at the limit, before every hit was listed
    # Every word of the articles read (case-folded), the collocates' reference corpus
    frequencies: Counter = field(default_factory=Counter)
    tokens: int = 0

    def describe(self) -> str:
        hits = f"{len(self.lines):,} hit{'s' if len(self.lines) != 1 else ''}"
        articles = f"{self.articles:,} article{'s' if self.articles != 1 else ''}"
        if self.complete:
            return f"{hits} in {articles}"
        listed = len({line.article_id for line in self.lines})
        return (
            f"the first {hits}, in {listed:,} of {articles} in date order: a concordance "
            f"stops at {len(self.lines):,} lines; narrow the query for the rest"
        )


def in_context(text: str, start: int, end: int, width: int = WIDTH) -> tuple[str, str, str]:
    """The words before text[start:end], the hit and the words after, each side at most
    `width` characters, cut at a word boundary, white space as single spaces."""
    before = text[max(0, start - width - 20) : start]
    after = text[end : end + width + 20]
    left = _SPACE.sub(" ", before)
    right = _SPACE.sub(" ", after)
    if len(left) > width:
        left = left[-width:]
        cut = left.find(" ")
        left = left[cut + 1 :] if 0 <= cut < width // 2 else left
    if len(right) > width:
        right = right[:width]
        cut = right.rfind(" ")
        right = right[:cut] if cut > width // 2 else right
    return left, _SPACE.sub(" ", text[start:end]), right


def concordance(
    library,
    query: str,
    width: int = WIDTH,
    limit: int = LIMIT,
    within: str | None = None,
    word_counts: bool = True,
) -> Generator[Progress, None, Concordance]:
    """Yields progress while it reads the matching articles; returns the concordance.
    `within` is the query with the window's filters (facets, chips): the hits are the
    query's, in the articles that the whole of it matches. Raises ValueError for a query
    that names nothing to look for (an empty one). `word_counts`: tally the words of
    the articles read, for the collocates' measures (it doubles the time: without
    collocates, leave it out)."""
    searcher = library.searcher()
    ids = searcher.matched_stories(within or query) if query.strip() else None
    if ids is None:
        raise ValueError("A concordance lists the hits of a query: type words, a phrase or a name.")
    store = library.store
    articles = sorted(store.metadata(ids), key=lambda a: (a.published or "9999", a.title, a.id))
    result = Concordance(query, articles=len(articles))
    for first in range(0, len(articles), _BATCH):
        yield Progress("concordance", first, len(articles))
        batch = articles[first : first + _BATCH]
        texts = store.texts(a.id for a in batch)
        spans = searcher.hit_spans_of([a.id for a in batch], query, texts)
        for article in batch if word_counts else ():
            words = _WORD.findall(texts.get(article.id, "").casefold())
            result.frequencies.update(words)
            result.tokens += len(words)
        for article in batch:
            found = spans.get(article.id, [])
            if len(result.lines) + len(found) > limit:
                found = found[: limit - len(result.lines)]
                result.complete = False
            text = texts.get(article.id, "")
            for start, end in found:
                left, hit, right = in_context(text, start, end, width)
                result.lines.append(
                    Line(
                        article.id,
                        article.title,
                        article.published,
                        article.site,
                        start,
                        end,
                        left,
                        hit,
                        right,
                    )
                )
            if not result.complete:
                return result
    yield Progress("concordance", len(articles), len(articles))
    return result


# Collocates: the words near the hits, as a concordance program counts them.

SPAN = 5  # words on either side of a hit
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Function words: near every hit of anything, they say nothing of the hit's company.
FUNCTION_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him himself
    his how i if in into is it its itself just me more most my myself no nor not now of
    off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves s t ’s 's""".split()
)


@dataclass(frozen=True)
class Collocate:
    word: str  # case-folded
    left: int  # times within SPAN words before a hit
    right: int
    # How much more often than chance the word is near the hits, against its frequency
    # in the articles read (None without them): mutual information (log2 of observed
    # over expected) and log-likelihood (Dunning's G², negative when the word is near
    # the hits less often than chance)
    mi: float | None = None
    log_likelihood: float | None = None

    @property
    def total(self) -> int:
        return self.left + self.right


def near(line: Line, span: int = SPAN) -> tuple[list[str], list[str]]:
    """The words before and after the hit, nearest `span` of each, case-folded."""
    before = [w.casefold() for w in _WORD.findall(line.left)][-span:]
    after = [w.casefold() for w in _WORD.findall(line.right)][:span]
    return before, after


def collocates(
    lines: list[Line],
    span: int = SPAN,
    function_words: bool = False,
    frequencies: Counter | None = None,
    tokens: int = 0,
) -> list[Collocate]:
    """The words within `span` words of the hits, most frequent first; function words
    left out unless asked for. With the articles' word `frequencies` (and their number
    of `tokens`), each gets its MI and log-likelihood."""
    counts: dict[str, list[int]] = {}
    window = 0  # word places within the span of a hit: the sample's size
    for line in lines:
        for side, words in enumerate(near(line, span)):
            window += len(words)
            for word in words:
                if function_words or word not in FUNCTION_WORDS:
                    counts.setdefault(word, [0, 0])[side] += 1
    found = []
    for word, (left, right) in counts.items():
        measures = (None, None)
        if frequencies and tokens > window:
            measures = association(left + right, window, frequencies.get(word, 0), tokens)
        found.append(Collocate(word, left, right, *measures))
    return sorted(found, key=lambda c: (-c.total, c.word))


def association(near: int, window: int, frequency: int, tokens: int) -> tuple[float, float]:
    """MI and signed log-likelihood of a word seen `near` times among the `window` words
    near the hits, and `frequency` times in all `tokens` words (the 2 × 2 table of
    near / elsewhere by this word / other words, as Evert's collocation measures)."""
    frequency = max(frequency, near)  # two hits close together see a word twice
    observed = (
        near,
        window - near,
        frequency - near,
        max(tokens - window - frequency + near, 0),
    )
    rows = (window, tokens - window)
    columns = (frequency, tokens - frequency)
    expected = tuple(rows[i // 2] * columns[i % 2] / tokens for i in range(4))
    mi = math.log2(near / expected[0]) if near and expected[0] else 0.0
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected, strict=True) if o and e)
    return mi, (g2 if near >= expected[0] else -g2)
