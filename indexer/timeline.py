"""A query's articles over time: how many stories each query matches per year,
month or day, beside how many the archive holds then, so that attention can be read
as a share (an archive that grows from 100 to 2,000 articles a month makes every
word look more frequent). Counts are the search's: copies of a story count once,
and a query's periods with its undated stories add up to its total. Qt-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

RESOLUTIONS = {"year": 4, "month": 7, "day": 10}
MAX_PERIODS = 20_000  # 55 years of days: a date far off makes the axis absurd, not the app slow


@dataclass(frozen=True)
class Series:
    query: str
    counts: dict[str, int]  # period -> stories
    undated: int  # stories without a date precise enough for the period
    outside: int = 0  # dated stories outside the range looked at (Timeline.between)

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.undated + self.outside


@dataclass(frozen=True)
class Timeline:
    by: str
    periods: list[str]  # every period from the archive's first to its last, gaps included
    series: list[Series]
    archive: dict[str, int]  # every story per period: the denominator of a share
    archive_undated: int
    archive_outside: int = 0  # the archive's dated stories outside the range (between)

    def count(self, series: int, period: str) -> int:
        return self.series[series].counts.get(period, 0)

    def share(self, series: int, period: str) -> float | None:
        """The query's stories as a share of all the archive's stories of the period."""
        whole = self.archive.get(period, 0)
        return self.count(series, period) / whole if whole else None

    def between(self, first: str = "", last: str = "") -> Timeline:
        """The periods from `first` to `last` (dates or their beginnings, "1987" or
        "1987-03-09", at any resolution; "" leaves that end open): a closer look at a
        stretch, when one article dated years off spreads the rest over a few pixels.
        Stories dated outside it are counted as `outside`, so totals still add up."""
        low, high = period_bounds(first, last, self.by)
        if low > high:
            raise ValueError(f"“{first}” comes after “{last}”")
        periods = [p for p in self.periods if low <= p <= high]
        series = []
        for s in self.series:
            kept = {p: n for p, n in s.counts.items() if low <= p <= high}
            outside = s.outside + sum(s.counts.values()) - sum(kept.values())
            series.append(Series(s.query, kept, s.undated, outside))
        archive = {p: n for p, n in self.archive.items() if low <= p <= high}
        outside = self.archive_outside + sum(self.archive.values()) - sum(archive.values())
        return Timeline(self.by, periods, series, archive, self.archive_undated, outside)


def period_bounds(first: str, last: str, by: str) -> tuple[str, str]:
    """The first and last period that dates `first` and `last` take in at resolution
    `by` ("1987" to "1987" by month: 1987-01 to 1987-12). Raises ValueError for a
    value that is not a year, a month or a date."""
    width = RESOLUTIONS[by]
    low = _complete(first, "0000-01-01")[:width] if first.strip() else ""
    high = _complete(last, "9999-12-31")[:width] if last.strip() else "\uffff"
    return low, high


def _complete(value: str, filler: str) -> str:
    """ "1987" as 1987-01-01 (or, for an end, 1987-12-31); checked as a date."""
    value = value.strip()
    if (
        len(value) not in (4, 7, 10)
        or _date(value, {4: "year", 7: "month", 10: "day"}[len(value)]) is None
    ):
        raise ValueError(
            f"“{value}” is not a year, month or day (write 1987, 1987-03 or 1987-03-09)"
        )
    if len(value) == 4 and filler.startswith("9999"):
        return value + "-12-31"
    if len(value) == 7 and filler.startswith("9999"):
        year, month = (int(x) for x in value.split("-"))
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return (following - dt.timedelta(days=1)).isoformat()
    return value + filler[len(value) :]


def timeline(searcher, store, queries: list[str], by: str = "month") -> Timeline:
    """`searcher` (indexer/search.py) matches each query; `store` (indexer/store.py)
    dates the articles. Raises ValueError or QuerySyntaxError for a query that
    cannot be read."""
    if by not in RESOLUTIONS:
        raise ValueError(f"a timeline is by year, month or day, not {by!r}")
    queries = [q.strip() for q in queries if q.strip()]
    if not queries:
        raise ValueError("Give a query: the timeline counts the articles it matches.")
    width = RESOLUTIONS[by]
    archive = _dated(store.period_counts(None, width), by)
    series = []
    for query in queries:
        ids = searcher.matched_ids(query)  # None: every article (an empty query)
        counts = _dated(store.period_counts(ids, width), by)
        series.append(Series(query, counts[0], counts[1]))
    return Timeline(by, _periods(archive[0], by), series, archive[0], archive[1])


def _dated(counts: dict[str, int], by: str) -> tuple[dict[str, int], int]:
    """Counts of real periods, and the rest (no date, or one that is not a date)."""
    placed, undated = {}, 0
    for period, n in counts.items():
        if period and _date(period, by) is not None:
            placed[period] = n
        else:
            undated += n
    return placed, undated


def _date(period: str, by: str) -> dt.date | None:
    try:
        if by == "year":
            return dt.date(int(period), 1, 1)
        if by == "month":
            year, month = period.split("-")
            return dt.date(int(year), int(month), 1)
        return dt.date.fromisoformat(period)
    except ValueError:
        return None


def _periods(counts: dict[str, int], by: str) -> list[str]:
    """From the first period with an article to the last, none left out."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    out = []
    if by == "year":
        out = [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    elif by == "month":
        year, month = (int(x) for x in first.split("-"))
        while f"{year:04d}-{month:02d}" <= last and len(out) < MAX_PERIODS:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end and len(out) < MAX_PERIODS:
            out.append(day.isoformat())
            day += dt.timedelta(days=1)
    if len(out) >= MAX_PERIODS:  # keep the periods that hold articles, in order
        out = sorted(set(out) | set(counts))
    return out
