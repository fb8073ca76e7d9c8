"""Publication dates: from metadata values, date lines, and wire datelines.

Only places that state a story's date are read: a format's date field, a line
of its own in the head of a story ("Published: 3 March 2024"), or the dateline
that opens a wire story ("LONDON 1996-08-30", "LONDON, March 9 -"). A date
inside a sentence is never a publication date. Results are ISO 8601, a year
alone when that is all there is.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_NAME = r"(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH = rf"(?P<month>{_MONTH_NAME})"
_ISO = re.compile(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})")
_DAY_MONTH_YEAR = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s-]+{_MONTH}[\s,-]+(?P<year>\d{{4}})", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})", re.I
)
_MONTH_DAY = re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}})\b", re.I)
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_WEEKDAY_NAME = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_TRAILING_WEEKDAY = rf"(?:,?\s+{_WEEKDAY_NAME})?"  # "March 3, 2014 Monday" (Nexis)
_WEEKDAY = rf"(?:{_WEEKDAY_NAME},?\s+)?"
_DATE_ONLY = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[T ][\d:.]+(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[\s-]+{_MONTH_NAME}[\s,-]+\d{{4}}"
    rf"|{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# A line that is nothing but a date, maybe with a label, a weekday and a time:
# "Published: 3 March 2024", "Monday, June 2, 2025 at 10:00 BST", "March 3, 2014 Monday".
_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|date|dated|first published|last updated)"
    r"\s*(?:on)?\s*[:|-]?\s*)?"
    + _WEEKDAY
    + rf"(?P<date>{_DATE_ONLY})"
    + _TRAILING_WEEKDAY
    + r"(?:\s*(?:,|at|-|–)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*)?)?\s*$",
    re.I,
)
# "LONDON 1996-08-30", "LONDON, March 9 -", "NEW YORK, Aug 30 (Reuters) -", "KYIV (Reuters) -"
_WHEN = (
    rf"(?P<when>\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH_NAME}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH_NAME}(?:\s+\d{{4}})?)"
)
_AGENCY = r"\((?:Reuters|AP|AFP|UPI|dpa|Xinhua|Bloomberg|IANS|PTI)\)"
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3})(?:\s*/\s*[A-Za-z ]{2,20})?"
    # a country or state: "LA CORUNA , Spain", "ROCHESTER , N.H."
    rf"(?:\s*,\s*(?!{_MONTH_NAME}\s)[A-Z][A-Za-z.]*(?: ?\.)?(?: [A-Z][a-z.]+){{0,2}})?"
    rf"(?:(?:,\s*|\s+){_WHEN})?\s*(?P<agency>{_AGENCY})?\s*(?P<dash>[-–—](?:\s|$))?"
)


def _build(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def parse_date(value: str) -> str:
    """An ISO date from a metadata value in any common form, else ''."""
    value = " ".join(value.split())
    if not value:
        return ""
    if _YEAR.match(value):
        return value
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    match = _ISO.search(value)
    if match:
        return _build(int(match["year"]), int(match["mon"]), int(match["day"]))
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(value)
        if match:
            return _build(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return ""


def date_line(line: str) -> str:
    """The date of a line that states nothing but a date (with a label or time), else ''."""
    if len(line) > 80 or not _DIGIT.search(line):
        return ""
    match = _DATE_LINE.match(line.strip())
    if not match:
        return ""
    found = parse_date(match["date"])
    return found if len(found) == 10 else ""


def _dateline(paragraph: str):
    if not paragraph[:1].isupper():
        return None
    match = _DATELINE.match(paragraph[:120])
    if not match or len(match["place"].replace(".", "")) < 2:
        return None
    if match["dash"] or match["agency"]:
        return match
    after = paragraph[match.end("when") : match.end("when") + 1] if match["when"] else "x"
    if not after or after.isspace():
        return match  # "LONDON 1996-08-30" on a line of its own, or before the text
    return None


def has_dated_dateline(paragraph: str) -> bool:
    """Whether `paragraph` opens with a wire dateline that gives a date ("BUCHAREST
    1996-08-30", "LONDON, March 9 -": its year may be the story's)."""
    match = _dateline(paragraph)
    return bool(match and match["when"])


def dateline_place(paragraph: str) -> tuple[int, int] | None:
    """Where the place of a wire dateline at the start of `paragraph` is written
    ("BUCHAREST" in "BUCHAREST 1996-08-30", "KYIV (Reuters) -"), else None. A dash
    alone is not enough: "RUGBY UNION - ENGLAND WIN" is a sport's kicker."""
    match = _dateline(paragraph)
    return match.span("place") if match and (match["when"] or match["agency"]) else None


def dateline_date(paragraph: str, year_hint: str = "") -> str:
    """The date a wire dateline at the start of `paragraph` gives, else ''.

    A dateline without a year ("LONDON, March 9 -") takes the year of `year_hint`
    (the story's own date field) and is otherwise no date at all.
    """
    match = _dateline(paragraph)
    if not match or not match["when"]:
        return ""
    full = parse_date(match["when"])
    if len(full) == 10:
        return full
    short = _MONTH_DAY.match(match["when"])
    if short and year_hint[:4].isdigit():
        return _build(int(year_hint[:4]), _MONTHS[short["month"].lower()], int(short["day"]))
    return ""
