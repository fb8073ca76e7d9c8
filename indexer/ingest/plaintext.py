"""Plain text files: split into articles, strip site debris, find titles and bylines.

A scraped file is a sequence of units (lines, or blank-line separated blocks
when the text was hard-wrapped). An article starts with a *head*: a run of
heading-shaped units (optional section line, headline, deck, byline) followed
by prose. Inside a body, a single heading-shaped unit is a sub-heading and
stays; runs of several are boxes (newsletter, share, related links) and go.
Whatever trails the last prose of an article is footer debris.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from indexer.article import ParsedArticle
from indexer.ingest import dates
from indexer.ingest import lines as shape
from indexer.ingest.hyphens import LineEndHyphens
from indexer.provenance import (
    BECAME_AUTHOR,
    BECAME_DATE,
    BECAME_SECTION,
    BECAME_TITLE,
    PARAGRAPH_BREAK,
    TextBuilder,
    Unit,
)

# The marks a post puts before the lines it quotes: ">" or "|>" at each level, with the
# ":" or "|" some readers used for a deeper level ("> : >"); a ":" or "|" alone only
# when a space follows, so ":-)" stays text.
_QUOTE = re.compile(r"\|?>(?:[ \t]*(?:\|?>|[:|](?=\s|$)))*[ \t]?")
_QUOTED_LINE = re.compile(r"^\|?>", re.MULTILINE)  # where _QUOTE can match
_MARK = re.compile(r"\|?>|[:|]")  # one level of quotation marks
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_RULE = re.compile(r"([^\w\s])\1{2,}$")  # "-----", "*******", "======="
# A line that stands alone in a post, whatever its length: a header field of a
# quoted message (RFC 5322 and RFC 1036 names), or a line laid out in columns (a
# signature: a run of spaces or a tab after a word; after a full stop three spaces
# are a sentence's end as some typists set it).
_HEADER_FIELD = re.compile(
    r"(?:from|to|cc|subject|date|newsgroups|references|message-id|organi[sz]ation|"
    r"lines|nntp-posting-host|reply-to|sender|path|keywords|summary|distribution|"
    r"followup-to|in-reply-to|x-[\w-]+):\s",
    re.IGNORECASE,
)
_COLUMNS = re.compile(r"[^\s.!?:;,](?: {3,}|\t)\S")
# Marks that open list items and quotations we do not read as such ("#", "|"):
# two lines opening with the same one are two lines, never one paragraph.
_LINE_MARKS = "#|}%*-+•"
# A quoted line that carries on a sentence the quoter cut short: it opens with a word
# in lower case (not an address, a path or a command), after a line of a few words
# ending in a letter (a verse of a quoted poem is longer, and stays a line).
_CUT_QUOTE = re.compile(r"[a-z]+[,;]?\s")
_CUT_BEFORE = re.compile(r"^\S+(?:\s+\S+){0,3}(?<=[A-Za-z])$")  # a few words left
_WORD_SPAN = 15  # columns: a wrapped line ends within a word's length of its width
_DRAWN = re.compile(r"[^\w\s]|_")
_LETTERS_AND_DIGITS = re.compile(r"[^\W_]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_DERIVED_TITLE_WORDS = 14
_MIN_ARTICLE_WORDS = 40


@dataclass
class _Draft:
    head: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


_LINE_ENDS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def lines_of(text: str, base: int = 0) -> list[tuple[int, int, str]]:
    """Every line as (start, end, raw line), offsets into the file's decoded text."""
    out = []
    position = base
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip(_LINE_ENDS)
        out.append((position, position + len(line), line))
        position += len(raw)
    return out


def quote_marks(line: str) -> str:
    """The quotation marks that open a line of a post ("> : > "), or ""."""
    found = _QUOTE.match(line)
    return found.group() if found else ""


def _quoted(line: str) -> tuple[str, str]:
    """A line's quotation marks without spaces ("" when not quoted: its level, to
    compare), and its words after them."""
    line = line.strip()
    marks = quote_marks(line)
    return "".join(marks.split()), line[len(marks) :]


def quoted_paragraphs(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, depth) of each paragraph of a text that opens with quotation marks
    ("> : > " is three deep, "|>|> " two), for the reader to set them in."""
    for found in _QUOTED_LINE.finditer(text):
        start = found.start()
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        yield start, end, len(_MARK.findall(quote_marks(text[start:end])))


def _is_rule(line: str) -> bool:
    """A separator ("--", "* * *") or a rule of one mark repeated, of any length."""
    return shape.is_separator(line) or bool(_RULE.match(line))


def units_of(text: str, base: int = 0) -> list[Unit]:
    """Non-empty units, one per line, except that hard-wrapped paragraphs are joined back.

    Each unit keeps the spans of the lines it came from (offsets plus `base`). A quoted
    paragraph of a post is joined at its own level only, and its marks are read once,
    before its first line: joined with them, "> Lunatic > : > originate" read as if
    the post said so. A line of marks alone is the quoted text's blank line.
    """
    lines = lines_of(text, base)
    widths = _wrap_widths([raw for _, _, raw in lines], quoting=">" in text)
    units: list[Unit] = []
    pending: Unit | None = None
    previous_raw = ""
    hyphens = LineEndHyphens(text)
    for start, line_end, raw in lines:
        stripped = raw.strip()
        marks = len(quote_marks(stripped))
        if not stripped or marks == len(stripped):
            if pending is not None and "\f" in text[max(0, start - base - 1) : line_end - base + 1]:
                continue  # a page break (a PDF's): the next line says if the paragraph goes on
            if pending is not None:
                units.append(pending)
            pending, previous_raw = None, ""
            continue
        lead = len(raw) - len(raw.lstrip())
        end = start + lead + len(stripped)
        level = "".join(stripped[:marks].split())  # as _quoted() gives it
        width = widths.get(level, widths[""])
        if pending is not None and width and _continues(previous_raw, raw, width):
            words = stripped[marks:]
            piece = Unit.read(" ".join(words.split()), end - len(words), end)
            pending = hyphens.join(pending, piece)
        else:
            if pending is not None:
                units.append(pending)
            pending = Unit.read(" ".join(stripped.split()), start + lead, end)
        previous_raw = raw
    if pending is not None:
        units.append(pending)
    return units


def _wrap_widths(raw_lines: list[str], quoting: bool = True) -> dict[str, int]:
    """The wrap width of the file ("") and of each level of quotation in it that has
    its own: a quoted message keeps the width its writer wrapped it at (65 columns
    inside an 80-column post); measured at the post's width its lines read as a
    paragraph each. A level too short to measure takes the file's width."""
    widths = {"": _wrap_width(raw_lines)}
    if not quoting:
        return widths
    levels: dict[str, list[str]] = {}
    for raw in raw_lines:
        level = _quoted(raw)[0]
        if level:
            levels.setdefault(level, []).append(raw)
    for level, quoted in levels.items():
        width = _wrap_width(quoted, quoted=True)
        if width:
            widths[level] = width
    return widths


def _long_lengths(raw_lines: list[str]) -> list[int]:
    """The lengths of the lines long enough to have been wrapped, in order."""
    return sorted(
        len(line.rstrip())
        for line in raw_lines
        if len(line.strip()) >= 40 and not shape.is_separator(line.strip())
    )


def _wrap_width(raw_lines: list[str], quoted: bool = False) -> int:
    """The column a hard-wrapped file wraps at, or 0 when its lines are paragraphs.

    E-mail, wire copy, books and old archives wrap at a fixed width: nearly all
    their long lines end within a few columns of one another.
    """
    lengths = _long_lengths(raw_lines)
    if len(lengths) < 3:
        return 0 if quoted else _column_width(raw_lines)
    if len(lengths) < 5 and max(len(line.rstrip()) for line in raw_lines) > 80:
        # Three or four long lines say little, unless every line of the file fits a
        # terminal: a short post ("Lines: 12") wrapped at 71 showed a paragraph a line.
        return 0
    if sum(1 for n in lengths if n <= 100) / len(lengths) < 0.9:
        return 0
    if quoted:
        # Wrapped lines end within a word's length of the width, so a line far longer
        # than most (the attribution line of a quote inside the quote) was not wrapped
        # at it: in a short quote that line made the width, and each line a paragraph.
        median = lengths[len(lengths) // 2]
        lengths = [n for n in lengths if n <= median + _WORD_SPAN]
    return lengths[int(len(lengths) * 0.95) - 1 if len(lengths) > 20 else -1]


def _column_width(raw_lines: list[str]) -> int:
    """The width of a narrow column (a newspaper's, scanned: 25 to 40 characters), or 0.

    Too short for the test above, such lines are wrapped when they are set as a
    column is: their lengths within a few characters of one another (justified), and
    the next line carrying the sentence on in lower case, as a verse or a list does
    not."""
    lines = [line.rstrip() for line in raw_lines if line.strip()]
    if len(lines) < 8 or max(len(line) for line in lines) > 45:
        return 0
    lengths = sorted(len(line) for line in lines)
    median = lengths[len(lengths) // 2]
    if median < 20 or sum(1 for n in lengths if abs(n - median) <= 6) < 0.7 * len(lengths):
        return 0
    pairs = list(itertools.pairwise(raw_lines))
    carried = sum(1 for a, b in pairs if a.strip() and b.strip()[:1].islower())
    if carried < 0.4 * sum(1 for a, b in pairs if a.strip() and b.strip()):
        return 0
    return lengths[int(len(lengths) * 0.95) - 1]


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` carries on the paragraph of `previous` in a file wrapped at `width`.

    A writer breaks a line early only to end a paragraph: the previous line is
    wrapped when it is long, or when the next line's first word would not have
    fitted on it. An indented line starts a paragraph, as in wire copy.
    """
    previous = previous.rstrip()
    if not previous or len(line) - len(line.lstrip()) > len(previous) - len(previous.lstrip()):
        return False
    (level, words), (previous_level, previous_words) = _quoted(line), _quoted(previous)
    if level != previous_level:
        return False  # a post's quoted lines are paragraphs of their own, level by level
    if _is_rule(words) or _is_rule(previous_words):
        return False  # a rule of dashes or stars stands alone, however long
    if _stands_alone(words) or _stands_alone(previous_words):
        return False
    if words[:1] == previous_words[:1] and words[:1] in _LINE_MARKS:
        return False  # "# quoted" twice, "- item" twice: lines, not a paragraph
    if previous.endswith("-") and _BROKEN_WORD.search(previous) and words[:1].islower():
        return True  # a word broken at the line end carries on: "the perpe-" / "trator."
    first_word = line.split()[0]
    if len(previous) > width and previous.endswith(":"):
        return False  # not wrapped at the width, and a colon ends it ("… writes:")
    if len(previous) + 1 + len(first_word) > width:
        return True
    ends = previous.endswith((".", "!", "?", ":", '"', "”"))
    if level and not ends and _CUT_QUOTE.match(words) and _CUT_BEFORE.search(previous_words):
        return True  # a quote cut short by the quoter: ">First" / ">of all, the village"
    return len(previous) >= 0.8 * width and not ends


def _stands_alone(words: str) -> bool:
    """A header field, a line in columns, or a drawing (ASCII art, a box around a
    signature: fewer letters and digits than other marks)."""
    if _HEADER_FIELD.match(words) or _COLUMNS.search(words):
        return True
    marks = len(_DRAWN.findall(words))
    return marks >= 8 and marks > len(_LETTERS_AND_DIGITS.findall(words))


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
        if (
            not current.body
            and not current.head
            and run
            and (followed_by_prose or run_end == len(units))
        ):
            current.head = run  # the file's first head, even without a headline or prose
        elif starts_article:
            drafts.append(current)
            current = _Draft(head=run)
        else:
            current.body.extend(run)
        if run_end < len(units):
            current.body.append(units[run_end])
        i = run_end + 1
    drafts.append(current)
    return [d for d in drafts if d.head or d.body]


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


# Words that only the site's own boxes use: calls to action, link lists, share bars.
# A box is proven by these words, never by the shape of its lines alone ("Teams :"
# heading a results table is text).
_BOX_MARKER = re.compile(
    r"\b(?:newsletters?|subscribe|sign[ -]up|follow us|connect with us|recent posts|"
    r"related(?: articles| posts| stories| reads| coverage)?\s*:?\s*$|most (?:read|popular)|"
    r"read more|trending now|advertisement|share(?: this| on|\s*:|\s*$)|tags?\s*:|"
    r"tagged\s*:|suggested reads?|you may also like|more from)",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(r"\d+\s*(?:second|minute|hour|day|week|month|year)s?\s+ago\b", re.I)


def _read_head(
    head: list[Unit], article: ParsedArticle, text: TextBuilder, is_first: bool, known=False
) -> list[Unit]:
    """Fill title, section, author and date from the head; return the lines that stay
    text (the deck, or the whole head when it holds no headline)."""
    remaining = []
    for unit in head:
        author = shape.byline_author(unit)
        published = dates.date_line(unit)
        if shape.is_credit(unit):
            text.remove(unit, "image or agency credit")
        elif _is_chrome_label(unit):
            text.remove(unit, "box label")
        elif author and not article.author:
            article.author = author
            text.remove(unit, BECAME_AUTHOR)
        elif published and not article.published:
            article.published = published
            text.remove(unit, BECAME_DATE)
        else:
            remaining.append(unit)
    headline_at = next(
        (i for i, u in enumerate(remaining) if shape.is_headline_candidate(u)),
        None,
    )
    if known and remaining:
        headline_at = 0  # the caller has evidence (a dateline under it)
    elif headline_at is not None:
        # A wire dateline with its date comes under the headline: a candidate that is
        # one, or is below one, is the story's first sentence, and the line above the
        # dateline its headline. ("SOCCER - ROMANIA BEAT …" has no date: a headline.)
        dateline_at = next(
            (i for i, u in enumerate(remaining[: headline_at + 1]) if dates.has_dated_dateline(u)),
            None,
        )
        if dateline_at is not None:
            headline_at = dateline_at - 1 if dateline_at else None
            if headline_at is None:
                return remaining
    if headline_at is None:
        # A headline in sentence case or another script: the first line of two words
        # or more, among the first two lines, that is not a sentence of prose.
        headline_at = next(
            (
                i
                for i, u in enumerate(remaining[:2])
                if 2 <= len(shape.words(u)) <= 30 and not shape.is_prose(u)
            ),
            None,
        )
    if headline_at is None:
        return remaining  # a first paragraph that is short, not a head
    headline = remaining[headline_at]
    article.title = str(headline)  # as written: a shouted headline stays in capitals
    text.remove(headline, BECAME_TITLE)
    before = remaining[:headline_at]
    # One short line before the headline is its section; several are site chrome
    # (logo, tracker and menu lines), which only the first article of a file has.
    if len(before) == 1 and (not is_first or len(shape.words(before[0])) >= 2):
        article.section = str(before[0])
        text.remove(before[0], BECAME_SECTION)
    else:
        for unit in before:
            if not dates.has_dated_dateline(unit) and (
                _BOX_MARKER.search(unit) or len(shape.words(unit)) <= 2
            ):
                text.remove(unit, "site chrome before the first headline")
            else:
                remaining.insert(headline_at + 1, unit)  # not proven chrome: it stays
    return remaining[headline_at + 1 :]


def _is_box(run: list[Unit]) -> bool:
    """A run of short lines that says what it is: a newsletter, share or links box."""
    return len(run) >= 2 and any(_BOX_MARKER.search(u) for u in run)


def _is_chrome_label(unit: str) -> bool:
    """A box label in the site's own words ("SHARE:", "Tags: Russia, Ukraine")."""
    return shape.is_debris_label(unit) and _BOX_MARKER.search(unit) is not None


def _is_link_footer(tail: list[Unit]) -> bool:
    """What follows the story's last sentence, when it opens as the site's: a call to
    action or box label, a separator between link titles, or a "3 days ago" stamp."""
    return any(
        _BOX_MARKER.search(u) or shape.is_separator(u) or _TIMESTAMP.search(u) for u in tail[:2]
    )


def _clean_body(body: list[Unit], article: ParsedArticle, text: TextBuilder) -> list[Unit]:
    """The body's lines, without bylines, credits, labelled boxes and marked footers.

    Every other line stays, short ones and closing ones included; each line taken
    out is recorded in the source map with its rule.
    """
    last_prose = max((i for i, u in enumerate(body) if shape.is_prose(u)), default=-1)
    tail = body[last_prose + 1 :]
    if last_prose >= 0 and tail and _is_link_footer(tail):
        for unit in tail:
            text.remove(unit, "links and boxes after the story")
        body = body[: last_prose + 1]
    out: list[Unit] = []
    i = 0
    while i < len(body):
        unit = body[i]
        author = shape.byline_author(unit) if len(out) < 3 else None
        about = shape.about_author(unit)
        if author:
            article.author = article.author or author
            text.remove(unit, BECAME_AUTHOR)
        elif about is not None:
            article.author = article.author or about
            for rest in body[i:]:  # what follows "About the Author" is the bio
                text.remove(rest, "about-the-author box")
            break
        elif shape.is_credit(unit):
            text.remove(unit, "image or agency credit")
        elif _is_chrome_label(unit):
            text.remove(unit, "box label")
        elif _is_heading_unit(unit):
            run_end = i
            while run_end < len(body) and _is_heading_unit(body[run_end]):
                run_end += 1
            run = body[i:run_end]
            if _is_box(run):
                for boxed in run:
                    text.remove(boxed, "newsletter, share or links box")
            else:
                out.extend(run)  # headings, sub-headings, short lines: text
            i = run_end
            continue
        else:
            out.append(unit)
        i += 1
    if article.author and out and _is_bio(out[-1], article.author):
        text.remove(out.pop(), "author biography")
    return out


def _is_bio(unit: str, author: str) -> bool:
    surname = author.split()[-1]
    return unit.startswith((author, surname)) and re.search(r"\bis (?:a|an|the)\b", unit[:200])


def fold_line(line: str) -> str:
    return " ".join(line.casefold().split())


def _date_near_top(units: list[str]) -> str:
    """The date of a wire dateline or a date line among the first short lines."""
    for unit in units[:3]:
        found = dates.dateline_date(unit) or dates.date_line(unit)
        if found:
            return found
        if len(shape.words(unit)) > 6:
            break
    return ""


def _headline_over_dateline(body: list[Unit]) -> bool:
    """A short first line over a wire dateline is a headline, whatever its case or its
    final full stop ("Canada government cash balances fall in week ." / "OTTAWA 1996-08-30"),
    also with a reporter's or a place's line between them."""
    return len(shape.words(body[0])) <= 30 and _date_near_top(body[1:]) != ""


def derive_title(text: str) -> str:
    """A title from the first sentence, shortened at a word boundary."""
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].split("\n")[0]
    if len(first.split()) < 4:  # cut at an abbreviation ("U.S. officials …")
        first = text.strip().split("\n")[0]
    words = first.split()
    if len(words) <= _DERIVED_TITLE_WORDS:
        return first.rstrip(".")
    return " ".join(words[:_DERIVED_TITLE_WORDS]).rstrip(",;:") + "…"


def parse_plain_text(
    text: str, boilerplate: frozenset[str] = frozenset(), base: int = 0
) -> list[ParsedArticle]:
    """Every article found in one plain-text file, cleaned, in file order.

    `boilerplate` holds lines (folded with `fold_line`) that repeat across many
    files of the folder: site chrome, whatever its wording. `base` is where
    `text` starts in the file, for the source map.
    """
    units = units_of(text, base)
    repeated = [u for u in units if boilerplate and fold_line(u) in boilerplate]
    if repeated:
        units = [u for u in units if fold_line(u) not in boilerplate]
    articles = []
    for n, draft in enumerate(split_drafts(units)):
        article = ParsedArticle(title="", text="")
        builder = TextBuilder()
        if n == 0:
            for unit in repeated:
                builder.remove(unit, "repeated in many files of the folder")
        known = not draft.head and len(draft.body) >= 2 and _headline_over_dateline(draft.body)
        if known:
            draft.head, draft.body = draft.body[:1], draft.body[1:]
        deck = _read_head(draft.head, article, builder, is_first=n == 0, known=known)
        for paragraph in deck + _clean_body(draft.body, article, builder):
            builder.paragraph(paragraph)
        article.text = builder.text
        if not article.text and not article.title:
            continue
        if not article.title:
            article.title = derive_title(article.text)
            article.title_derived = True
        if not article.published and article.text:
            article.published = _date_near_top(article.text.split(PARAGRAPH_BREAK))
        article.source_map = builder.map
        articles.append(article)
    return articles
