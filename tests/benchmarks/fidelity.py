"""Ingestion fidelity: `./run.sh bench --fidelity`. What the indexer makes of real collections,
measured against each collection's own structure.

For every collection in ../shared/corpora/ and the sample archive: files, articles,
files skipped (by reason), titles right, dates right, and body recall and precision
at token level (words, case-folded, counted with repeats; a hyphenated word is one).
The truth is read from the source by this module alone (plain regular expressions,
lxml with recovery for feeds), never through the app's readers, so a reader's
mistake shows here.
"""

from __future__ import annotations

import gzip
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from indexer.ingest import read_file

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"
SEEDS = REPO / "seeds"
_TOKEN = re.compile(r"\w+")
# A hyphen between letters joins them into one token on both sides, in a line or at
# its end ("perpe-" / "> trator"): whether the reader keeps a hyphen at a line end
# ("non-performing") or not ("perpetrator"), every letter counts once, as written.
_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?:[ \t]*\n[ \t>|:]*)?(?=[^\W\d_])")


@dataclass
class Truth:
    """One story as its source states it."""

    title: str
    date: str  # ISO date, or "" when the source states none
    body: str


@dataclass
class Score:
    collection: str
    files: int = 0
    articles: int = 0
    expected: int = 0
    skipped: Counter = field(default_factory=Counter)
    titles_right: int = 0
    dates_right: int = 0
    dated: int = 0  # stories whose source states a date
    truth_tokens: int = 0
    found_tokens: int = 0
    common_tokens: int = 0
    replacement_chars: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.common_tokens / self.truth_tokens if self.truth_tokens else 1.0

    @property
    def precision(self) -> float:
        return self.common_tokens / self.found_tokens if self.found_tokens else 1.0

    def add(self, truth: Truth, article) -> None:
        if article is None:
            self.truth_tokens += len(_tokens(truth.body))
            self.misses.append(f"missing: {truth.title[:60]}")
            return
        if not truth.title and article.title_derived:
            self.titles_right += 1  # no title in the source: one made from the text is right
        elif " ".join(article.title.split()) == " ".join(truth.title.split()):
            self.titles_right += 1
        else:
            self.misses.append(f"title {article.title[:50]!r} != {truth.title[:50]!r}")
        if truth.date:
            self.dated += 1
            if article.published == truth.date:
                self.dates_right += 1
            else:
                self.misses.append(f"date {article.published!r} != {truth.date!r}")
        want, got = Counter(_tokens(truth.body)), Counter(_tokens(article.text))
        self.truth_tokens += sum(want.values())
        self.found_tokens += sum(got.values())
        self.common_tokens += sum((want & got).values())
        self.replacement_chars += article.text.count("\ufffd") + article.title.count("\ufffd")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(_HYPHEN.sub("", text.casefold()))


def _collapse(text: str) -> str:
    return " ".join(text.split())


# Truth, collection by collection, from each format's own structure.


def reuters_truth(path: Path) -> list[Truth]:
    text = path.read_text(encoding="utf-8", errors="replace")
    stories = []
    for story in re.findall(r"<REUTERS\b.*?</REUTERS>", text, re.S):

        def element(tag, story=story):
            found = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", story, re.S)
            return (
                re.sub(r"[\x00-\x08\x0b-\x1f]", "", html.unescape(found.group(1))) if found else ""
            )

        when = datetime.strptime(element("DATE").split()[0], "%d-%b-%Y").date().isoformat()
        body = element("DATELINE") + " " + element("BODY")
        if "<BODY>" not in story and 'TYPE="UNPROC"' in story:
            body = re.sub(r"<TITLE>.*?</TITLE>", "", element("TEXT"), flags=re.S)
        stories.append(Truth(_collapse(element("TITLE")), when, body))
    return stories


def newsgroup_truth(path: Path) -> list[Truth]:
    text = path.read_text(encoding="latin-1")
    header, _, body = re.split(r"(\n[ \t]*\n)", text, maxsplit=1)
    subject = re.search(r"^Subject:[ \t]*(.*)$", header, re.M)
    return [Truth(_collapse(subject.group(1)) if subject else "", "", body)]


def _feed_date(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return parsedate_to_datetime(value).date().isoformat()


def feed_truth(path: Path) -> list[Truth]:
    from lxml import etree
    from lxml import html as lxml_html

    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(data, parser)
    if root is None or etree.QName(root).localname.lower() not in ("rss", "feed", "rdf"):
        page = lxml_html.fromstring(data)  # not a feed: a web page, one article
        return [
            Truth(_collapse(page.findtext(".//title") or ""), "", page.find("body").text_content())
        ]
    stories = []
    for item in root.iter():
        if not isinstance(item.tag, str) or etree.QName(item).localname not in ("item", "entry"):
            continue
        fields = {}
        for child in item:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname.lower()
                fields.setdefault(name, "".join(child.itertext()))
        body = (
            fields.get("encoded")
            or fields.get("content")
            or fields.get("description")
            or fields.get("summary", "")
        )
        if "<" in body:
            body = lxml_html.fromstring(f"<div>{body}</div>").text_content()
        when = (
            fields.get("pubdate")
            or fields.get("date")
            or fields.get("published")
            or fields.get("updated", "")
        )
        stories.append(
            Truth(_collapse(html.unescape(fields.get("title", ""))), _feed_date(when), body)
        )
    return stories


def gutenberg_truth(path: Path) -> list[Truth]:
    text = path.read_text(encoding="cp1252")
    start = re.search(r"^[ \t]*\*\*\* START OF[^\r\n]*", text, re.M)
    end = re.search(r"^[ \t]*\*\*\* END OF[^\r\n]*", text, re.M)
    title = re.search(r"^Title:[ \t]*(.*)$", text, re.M).group(1)
    return [Truth(_collapse(title), "", text[start.end() : end.start()])]


def conll_truth(path: Path) -> list[Truth]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    date = next(
        (
            m.group()
            for line in lines[1:4]
            for m in [re.search(r"\b\d{4}-\d{2}-\d{2}\b", line)]
            if m
        ),
        "",
    )
    return [Truth(_collapse(lines[0]), date, "\n".join(lines[1:]))]


COLLECTIONS = {
    "reuters-21578": (lambda f: f.suffix == ".sgm", reuters_truth),
    "20newsgroups": (lambda f: True, newsgroup_truth),
    "feeds": (lambda f: True, feed_truth),
    "gutenberg": (lambda f: f.suffix == ".txt", gutenberg_truth),
    "conll2003-dev": (lambda f: f.suffix == ".txt", conll_truth),
}


def measure(name: str, folder: Path) -> Score:
    """Read every file of one collection with the app and score it against the truth."""
    wanted, truth_of = COLLECTIONS[name]
    score = Score(name)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and wanted(p)):
        if "__pycache__" in path.parts or path.name in ("gold.json", "score.py"):
            continue
        score.files += 1
        reading = read_file(path)
        score.articles += len(reading.articles)
        if reading.skipped:
            score.skipped[reading.skipped] += 1
        truths = truth_of(path)
        score.expected += len(truths)
        by_position = reading.articles if len(reading.articles) == len(truths) else None
        by_title = {" ".join(a.title.split()): a for a in reading.articles}
        for n, truth in enumerate(truths):
            article = by_position[n] if by_position else by_title.get(truth.title)
            score.add(truth, article)
    return score


# The sample archive's 13 headlines, in file order; "" where a file has none (a title
# is then made from the first sentence).
SAMPLE_TITLES = [
    "",
    "",
    "Ukrainian Air Defenses Down 16 Russian Drones in Overnight Attacks",
    "North Korea Sends 10,000 Troops to Russia: Pentagon",
    "Putin Renews Warning to NATO Over Ukraine Missiles",
    "Speculation Surrounding North Korean Troop Deployments",
    "China, Russia, North Korea and Iran Described as New ‘Axis of Evil’",
    "Zelenskyy: Ukraine Has ‘Information’ That North Korean Troops Are Training to Fight in "
    "Ukraine",
    "US Says it ‘Will Get Ukraine What it Needs’ to Maintain Fight Against Russia",
    "Russia, Ukraine Each Bring Home 95 Prisoners of War in Swap Brokered by UAE",
    "Zelenskyy pitches ‘Victory Plan’ to EU, NATO Allies",
    "",
    "UKRAINE AND RUSSIA EXCHANGE STRIKES AFTER LATEST CEASEFIRE TALKS",
]


def measure_sample() -> Score:
    score = Score("sample archive (seeds/)")
    articles = []
    for path in sorted(SEEDS.iterdir()):
        score.files += 1
        reading = read_file(path)
        articles += reading.articles
        if reading.skipped:
            score.skipped[reading.skipped] += 1
    score.articles, score.expected = len(articles), len(SAMPLE_TITLES)
    for title, article in zip(SAMPLE_TITLES, articles, strict=False):
        right = article.title_derived if not title else article.title == title
        score.titles_right += right
        if not right:
            score.misses.append(f"title {article.title[:50]!r} != {title[:50]!r}")
    return score


def run(corpora: Path = CORPORA) -> list[Score]:
    scores = [measure(name, corpora / name) for name in COLLECTIONS if (corpora / name).is_dir()]
    return [*scores, measure_sample()]


def table(scores: list[Score]) -> str:
    rows = [
        "| collection | files | articles (expected) | skipped | titles right | dates right "
        "| body recall | body precision |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in scores:
        skipped = "; ".join(f"{n} {reason}" for reason, n in s.skipped.items()) or "0"
        dates = f"{s.dates_right}/{s.dated}" if s.dated else "–"
        recall = f"{s.recall:.2%}" if s.truth_tokens else "–"
        precision = f"{s.precision:.2%}" if s.truth_tokens else "–"
        rows.append(
            f"| {s.collection} | {s.files} | {s.articles} ({s.expected}) | {skipped} "
            f"| {s.titles_right}/{s.expected} | {dates} | {recall} | {precision} |"
        )
    return "\n".join(rows)


def main() -> int:
    if not CORPORA.is_dir():
        print(f"No corpora at {CORPORA}; only the sample archive is measured.", file=sys.stderr)
    scores = run()
    print(table(scores))
    for s in scores:
        for miss in s.misses[:5]:
            print(f"  {s.collection}: {miss}")
    return 0
