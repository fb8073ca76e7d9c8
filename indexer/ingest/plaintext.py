"""Plain text files: split into articles, strip site debris, find titles and bylines.

A scraped file is a sequence of units (lines, or blank-line separated blocks
when the text was hard-wrapped). An article starts with a *head*: a run of
heading-shaped units (optional section line, headline, deck, byline) followed
by prose. Inside a body, a single heading-shaped unit is a sub-heading and
stays; runs of several are boxes (newsletter, share, related links) and go.
Whatever trails the last prose of an article is footer debris.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.article import ParsedArticle
from indexer.ingest import lines as shape

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_DERIVED_TITLE_WORDS = 14
_MIN_ARTICLE_WORDS = 40


@dataclass
class _Draft:
    head: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def units_of(text: str) -> list[str]:
    """Non-empty units: one per line, except that hard-wrapped lines are joined back."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    wrapped = _is_hard_wrapped(text)
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        pending = ""
        for raw in block.split("\n"):
            line = " ".join(raw.split())
            if not line:
                continue
            if wrapped and pending and _continues(pending, line):
                pending = f"{pending} {line}"
            else:
                if pending:
                    units.append(pending)
                pending = line
        if pending:
            units.append(pending)
    return units


def _is_hard_wrapped(text: str) -> bool:
    """Whether the file wraps paragraphs at a fixed width (e-mail, wire copy, old archives)."""
    long_lines = [len(line) for line in text.split("\n") if len(line.strip()) >= 40]
    if len(long_lines) < 5:
        return False
    return sum(1 for n in long_lines if n <= 100) / len(long_lines) >= 0.9


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the wrapped continuation of `previous` (a hard-wrapped paragraph)."""
    if len(previous) < 50 or previous.endswith((".", "!", "?", ":", '"', "”")):
        return False
    return line[:1].islower() or not shape.is_title_case(line)


def _is_heading_unit(unit: str) -> bool:
    return not shape.is_prose(unit) and not shape.is_separator(unit)


def split_drafts(units: list[str]) -> list[_Draft]:
    """Group units into article drafts at each head followed by prose.

    Only a file that opens like a dump of several articles (a section line or
    site chrome before the first headline) is split again further down; in a
    one-article file, a pair of short lines is a heading and a sub-heading.
    """
    drafts: list[_Draft] = []
    several = _opens_like_a_dump(units)
    i = 0
    current = _Draft()
    while i < len(units):
        run_end = i
        while run_end < len(units) and _is_heading_unit(units[run_end]):
            run_end += 1
        run = units[i:run_end]
        followed_by_prose = run_end < len(units) and shape.is_prose(units[run_end])
        starts_article = (
            several
            and followed_by_prose
            and any(shape.is_headline_candidate(u) for u in run)
            and (not current.body or len(run) >= 2)
            and _body_words(units, run_end) >= _MIN_ARTICLE_WORDS
        )
        if not current.body and not current.head and run and followed_by_prose:
            current.head = run  # the file's first head, even without a headline
        elif starts_article:
            drafts.append(current)
            current = _Draft(head=run)
        else:
            current.body.extend(run)
        if run_end < len(units):
            current.body.append(units[run_end])
        i = run_end + 1
    drafts.append(current)
    return [d for d in drafts if any(shape.is_prose(u) for u in d.body)]


def _opens_like_a_dump(units: list[str]) -> bool:
    head = []
    for unit in units:
        if not _is_heading_unit(unit):
            break
        head.append(unit)
    headline = next((i for i, u in enumerate(head) if shape.is_headline_candidate(u)), None)
    return headline is not None and headline >= 1


def _body_words(units: list[str], start: int) -> int:
    """Words of prose from `start` up to the next run of two heading units."""
    total = 0
    headings_in_a_row = 0
    for unit in units[start:]:
        if _is_heading_unit(unit):
            headings_in_a_row += 1
            if headings_in_a_row >= 2:
                break
            continue
        headings_in_a_row = 0
        total += len(shape.words(unit))
        if total >= _MIN_ARTICLE_WORDS:
            break
    return total


def _read_head(head: list[str], article: ParsedArticle, is_first: bool) -> list[str]:
    """Fill title, section and author from the head; return deck lines that stay as text."""
    kept = [u for u in head if not shape.is_credit(u) and not shape.is_debris_label(u)]
    remaining = []
    for unit in kept:
        author = shape.byline_author(unit)
        if author and not article.author:
            article.author = author
        else:
            remaining.append(unit)
    headline_at = next(
        (i for i, u in enumerate(remaining) if shape.is_headline_candidate(u)),
        None,
    )
    if headline_at is None and len(remaining) == 1 and len(shape.words(remaining[0])) >= 2:
        # A file that starts with one short line and then prose: its first line is
        # the title, in whatever case it was written ("Talks resume in Istanbul").
        headline_at = 0
    if headline_at is None:
        return []
    headline = remaining[headline_at]
    article.title = shape.smart_title(headline) if shape.is_all_caps(headline) else headline
    before = remaining[:headline_at]
    # One short line before the headline is its section; several are site chrome
    # (logo, tracker and menu lines), which only the first article of a file has.
    if len(before) == 1 and (not is_first or len(shape.words(before[0])) >= 2):
        article.section = before[0]
    return remaining[headline_at + 1 :]


def _clean_body(body: list[str], article: ParsedArticle) -> list[str]:
    """Drop bylines, credits, boxes, author bios and trailing debris from a body."""
    out: list[str] = []
    i = 0
    while i < len(body):
        unit = body[i]
        author = shape.byline_author(unit) if len(out) < 3 else None
        about = shape.about_author(unit)
        if author:
            article.author = article.author or author
        elif about is not None:
            article.author = article.author or about
            break  # what follows "About the Author" is the bio and the page's end
        elif shape.is_credit(unit) or shape.is_debris_label(unit) or shape.is_separator(unit):
            pass
        elif _is_heading_unit(unit):
            run_end = i
            while run_end < len(body) and _is_heading_unit(body[run_end]):
                run_end += 1
            if run_end - i == 1 and run_end < len(body) and shape.is_prose(body[run_end]):
                out.append(unit)  # a sub-heading
            i = run_end
            continue
        else:
            out.append(unit)
        i += 1
    while out and not shape.is_prose(out[-1]):
        out.pop()
    if article.author and out and _is_bio(out[-1], article.author):
        out.pop()
    return out


def _is_bio(unit: str, author: str) -> bool:
    surname = author.split()[-1]
    return unit.startswith((author, surname)) and re.search(r"\bis (?:a|an|the)\b", unit[:200])


def fold_line(line: str) -> str:
    return " ".join(line.casefold().split())


def derive_title(text: str) -> str:
    """A title from the first sentence, shortened at a word boundary."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].split("\n")[0]
    words = first.split()
    if len(words) <= _DERIVED_TITLE_WORDS:
        return first.rstrip(".")
    return " ".join(words[:_DERIVED_TITLE_WORDS]).rstrip(",;:") + "…"


def parse_plain_text(text: str, boilerplate: frozenset[str] = frozenset()) -> list[ParsedArticle]:
    """Every article found in one plain-text file, cleaned, in file order.

    `boilerplate` holds lines (folded with `fold_line`) that repeat across many
    files of the folder: site chrome, whatever its wording.
    """
    units = units_of(text)
    if boilerplate:
        units = [u for u in units if fold_line(u) not in boilerplate]
    articles = []
    for n, draft in enumerate(split_drafts(units)):
        article = ParsedArticle(title="", text="")
        deck = _read_head(draft.head, article, is_first=n == 0)
        if not article.title and draft.head:
            # A head without a headline is a first paragraph that is short.
            draft.body[:0] = [u for u in draft.head if not shape.byline_author(u)]
            deck = []
        paragraphs = deck + _clean_body(draft.body, article)
        if not paragraphs:
            continue
        article.text = "\n\n".join(paragraphs)
        if not article.title:
            article.title = derive_title(article.text)
            article.title_derived = True
        articles.append(article)
    return articles
