"""The shape of one line of scraped text: prose, heading, byline, credit or debris.

Scraped text loses its markup, but the shape of each line still tells what it
was: prose ends like a sentence and reads like one, headlines are short and in
Title Case, site chrome is a word or two, link lists alternate dashes and
titles. These predicates are the vocabulary the article splitter works with.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TERMINAL = (".", "!", "?", "…", '"', "”", "’", "'", ")")
_SMALL_WORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor"),
        *("of", "on", "onto", "or", "over", "per", "the", "to", "up", "via", "vs", "with"),
        *("is", "are", "was", "were", "be"),
    }
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by)\s+"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w.'’-]*){0,5})"
    r"\s*(?:[,|–—-].{0,60})?$",
    re.IGNORECASE,
)
_ABOUT_AUTHOR = re.compile(r"^about the (?:author|writer)s?\s*[:.–—-]?\s*(?P<name>.{0,80})$", re.I)
_CREDIT = re.compile(
    r"^(?:image|images|photo|photos|photograph|picture|illustration|graphic|video|"
    r"source|credit|image credit|photo credit|featured image|top image|file photo)"
    r"s?\s*(?:credit)?\s*[:|–—-]\s*.{0,120}$",
    re.IGNORECASE,
)
_CREDIT_WORDS = re.compile(
    r"\b(?:inputs?|agenc(?:y|ies)|reporting|editing|written|compiled|contributed|"
    r"photos?|images?|courtesy)\b",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^[\W_]{1,5}$")
_LABEL = re.compile(r"^[\w][\w '&/-]{0,30}:\s*$")
_TAG_LIST = re.compile(r"^[\w][\w ]{1,20}:\s*[^.!?]{1,40}(?:,\s*[^.!?,]{1,40}){1,}$")


@lru_cache(maxsize=4096)
def words(line: str) -> tuple[str, ...]:
    # Cached: the predicates below ask for one line's words several times over.
    return tuple(_WORD.findall(line))


def is_title_case(line: str) -> bool:
    """Most significant words capitalised, as in a headline, a menu or a link title."""
    significant = [w for w in words(line) if w.lower() not in _SMALL_WORDS]
    if len(significant) < 2:
        return bool(significant) and significant[0][0].isupper()
    capitalised = sum(1 for w in significant if w[0].isupper())
    return capitalised / len(significant) >= 0.6


def is_all_caps(line: str) -> bool:
    # str.upper and str.isupper run in C; a per-character loop was the indexer's hot spot.
    return line.isupper() and sum(1 for c in line[:64] if c.isalpha()) >= 4


HEADLINE_MAX_CHARS = 300


def is_prose(line: str) -> bool:
    """A line that reads as running text rather than a heading, menu entry or link."""
    if len(line) > HEADLINE_MAX_CHARS and not line.isupper():
        return True  # no headline, menu entry or link title is this long
    n = len(words(line))
    if n == 0:
        return False
    if is_title_case(line) or is_all_caps(line):
        # A long Title Case line is still a headline; only real sentences count.
        return n >= 30
    return n >= 25 or (n >= 3 and line.rstrip().endswith(_TERMINAL))


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line))


def byline_author(line: str) -> str | None:
    """The author named by a byline such as 'By Jane Doe', else None."""
    if len(words(line)) > 9:
        return None
    match = _BYLINE.match(line.strip())
    return match.group("name").strip() if match else None


def about_author(line: str) -> str | None:
    """'About the Author: Jane Doe' gives 'Jane Doe' ('' when only the label is there)."""
    match = _ABOUT_AUTHOR.match(line.strip())
    if not match:
        return None
    name = match.group("name").strip()
    return name if name and len(words(name)) <= 6 and not name.endswith(".") else ""


def is_credit(line: str) -> bool:
    """Image and wire credits: 'Image: Wikimedia Commons.', '(With inputs from agencies)'."""
    stripped = line.strip()
    if _CREDIT.match(stripped) and len(words(stripped)) <= 12:
        return True
    # A line in parentheses is a credit only when it says so: "(With inputs from
    # agencies)"; "( in billions of yen unless specified )" under a table is text.
    return (
        stripped.startswith("(")
        and stripped.endswith(")")
        and len(words(stripped)) <= 8
        and _CREDIT_WORDS.search(stripped) is not None
    )


def is_debris_label(line: str) -> bool:
    """Box labels and tag lists: 'SHARE:', 'Suggested reads:', 'Tags: Russia, Ukraine'."""
    stripped = line.strip()
    if _LABEL.match(stripped) and len(words(stripped)) <= 4:
        return True
    return bool(_TAG_LIST.match(stripped)) and not stripped.endswith(_TERMINAL)


def is_headline_candidate(line: str) -> bool:
    """Long enough, and shaped like a headline rather than a menu entry or a sentence."""
    n = len(words(line))
    return (
        3 <= n <= 30
        and not is_prose(line)
        and (is_title_case(line) or is_all_caps(line))
        and byline_author(line) is None
        and not is_credit(line)
    )


def smart_title(line: str) -> str:
    """Title Case for a headline that a site's style sheet had shouted in capitals."""
    out = []
    for i, word in enumerate(line.lower().split()):
        if i > 0 and word in _SMALL_WORDS:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)
