"""The edges of a name: what the model's span holds that is not part of the name.

The model's spans carry a leading "the", a possessive, brackets and quotes
("Vladimir] Putin" came from a bracketed editor's insertion), scores from results
tables ("Durham 114", "Mexico 2-0"), titles ("Mr Blair", "President Biden"), a
sentence's first word ("Entering Westminster") and sometimes run across a
paragraph break. Each rule trims the span's offsets, so the highlight, the text
and the canonical name all show the name alone.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# Titles and honorifics, with or without a full stop, never part of a person's name.
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend fr father
    sen senator rep representative gov governor president vice-president premier
    chancellor gen general lt lieutenant col colonel maj major capt captain sgt sergeant
    cpl corporal pte private adm admiral cmdr commander brig brigadier judge justice
    mayor minister secretary ambassador pope sheikh ayatollah imam rabbi cardinal
    archbishop bishop chairman chairwoman coach""".split()
)
# Two-word titles, matched before one-word ones.
LONG_TITLES = (
    "prime minister",
    "foreign minister",
    "defence minister",
    "defense minister",
    "finance minister",
    "interior minister",
    "vice president",
    "secretary general",
    "secretary-general",
    "chief executive",
    "attorney general",
    "lt. gen.",
    "lieutenant general",
    "major general",
    "maj. gen.",
    "brig. gen.",
)


@cache
def not_name_start() -> frozenset[str]:
    """Words that begin sentences and never begin names: English stop words (spaCy's
    list, imported only when names are found), less a few first names ("Will Smith")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) - {"will", "may", "bill", "mark"}


_EDGE_JUNK = "()[]{}<>\"'“”‘’«»,;:!?*/\\|–—-_#•·"
_POSSESSIVE = re.compile(r"\s?['’]s?$")
_TOKEN = re.compile(r"\S+")
_BREAKS = re.compile(r"[—…]|\.\.\.")  # inside a span: not one name
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+$")


@cache
def _lemmas(*parts_of_speech: str) -> frozenset[str]:
    """English words of these parts of speech, from the lemmatizer tables shipped with
    the names model (its nouns hold names, "reagan" and "baker": never asked for)."""
    import importlib

    from spacy.lookups import Lookups

    from indexer.entities import model_package

    package = importlib.import_module(model_package())
    folder = next(Path(package.__file__).parent.glob("*/lemmatizer/lookups"), None)
    if folder is None:
        return frozenset()
    index = Lookups().from_disk(folder).get_table("lemma_index")
    return frozenset(word for pos in parts_of_speech for word in index.get(pos, []))


def _verbs() -> frozenset[str]:
    return _lemmas("verb")


def is_common_word(word: str) -> bool:
    """An English verb, adjective or adverb ("FALL", "ILL", "SAYS"): in a headline in
    capitals, the model takes such a word alone for a name."""
    lowered = word.lower()
    return lowered in _lemmas("verb", "adj", "adv") or is_verb_s_form(word)


def is_verb_form(word: str) -> bool:
    """An -ing form of an English verb ("Entering"; "-ed" would take "United")."""
    lowered = word.lower()
    for ending in ("ing",):
        if lowered.endswith(ending) and len(lowered) > len(ending) + 2:
            stem = lowered[: -len(ending)]
            candidates = {stem, stem + "e"}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.add(stem[:-1])  # "running"
            if candidates & _verbs():
                return True
    return False


def is_verb_s_form(word: str) -> bool:
    """A verb's third-person form ("SAYS", "URGES", "DENIES"): a headline's verb, which
    the model may run into the name before it ("VOLCKER SAYS")."""
    lowered = word.lower()
    if len(lowered) < 4 or not lowered.endswith("s") or lowered.endswith("ss"):
        return False
    candidates = {lowered[:-1]}
    if lowered.endswith("es"):
        candidates.add(lowered[:-2])
    if lowered.endswith("ies"):
        candidates.add(lowered[:-3] + "y")
    return bool(candidates & _verbs())


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _EDGE_JUNK):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_JUNK):
        end -= 1
    # A final full stop stays: the model's tokenizer splits a sentence's full stop off,
    # so one inside a span ends an abbreviation ("U.S.", "Corp.", "Jr.").
    return start, end


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]


def at_sentence_start(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return not before.strip() or bool(_SENTENCE_END.search(before))


def _title_words(text: str, start: int, end: int) -> int:
    """Where the name starts after any titles at the span's start ("Mr Blair")."""
    while True:
        lowered = text[start:end].lower()
        for title in LONG_TITLES:
            if lowered.startswith(title + " "):
                start += len(title) + 1
                break
        else:
            tokens = _tokens(text, start, end)
            if len(tokens) < 2:
                return start
            first = text[tokens[0][0] : tokens[0][1]].rstrip(".").lower()
            if first not in TITLES:
                return start
            start = tokens[1][0]


def _without_codes(text: str, start: int, end: int) -> tuple[int, int] | None:
    """A person's name has no digits. Codes after two or more words of a name are cut
    off ("Dave Feustel N9MYI", a radio call sign); any other span with digits is a
    table line or a code, not a person ("Revs 40.9 mln vs", "Q2 Earnings", "DP-9")."""
    tokens = _tokens(text, start, end)
    coded = [any(c.isdigit() for c in text[a:b]) for a, b in tokens]
    if not any(coded):
        return start, end
    first = coded.index(True)
    if first >= 2 and all(coded[first:]):
        return start, tokens[first - 1][1]
    return None


# An e-mail address or message id ("aurag@ERE.UMontreal.CA", "<1r2k@fido.sgi.com>")
# or a web address: the model finds "CA" or "Panda" inside them, and "Carl Ellison
# cme@sw.stratus.com" ran a person into his address.
_ADDRESS = re.compile(r"\w@[\w-]+\.\w|\w://\S|(?<![\w.])www\.\w", re.IGNORECASE)
_RUN = re.compile(r"\S+")


def _without_addresses(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the words at either end that are part of an address (the
    whole run of text between spaces around them), None if nothing else is left."""
    words = [(start + m.start(), start + m.end()) for m in _RUN.finditer(text[start:end])]
    while words and _ADDRESS.search(_run_around(text, *words[-1])):
        words.pop()
    while words and _ADDRESS.search(_run_around(text, *words[0])):
        words.pop(0)
    if not words:
        return None
    return words[0][0], words[-1][1]


def _run_around(text: str, start: int, end: int) -> str:
    """The run of text between white space that holds text[start:end]."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end]


def _quotes_paired(name: str) -> bool:
    return (
        name.count("“") == name.count("”")
        and name.count("«") == name.count("»")
        and name.count('"') % 2 == 0
    )


def clean_span(text: str, start: int, end: int, person: bool) -> tuple[int, int] | None:
    """The name's own offsets inside the span text[start:end], or None if no name is left."""
    cut = text.find("\n", start, end)
    if cut != -1:  # names do not run across lines: keep the first line's part
        end = cut
    around = _run_around(text, start, end)
    if "@" in around or "://" in around or "www." in around.lower():
        found = _without_addresses(text, start, end)
        if found is None:
            return None
        start, end = found
    slug = text.rfind(" - ", start, end)
    if slug != -1:  # a wire slug before the name ("CRICKET - ESSEX"): the name is after it
        start = slug + 3
    start, end = _strip_edges(text, start, end)
    for _ in range(3):  # a possessive after a bracket, "the" after a quote, …
        before = (start, end)
        possessive = _POSSESSIVE.search(text, start, end)
        if possessive and possessive.start() > start and possessive.group().strip() != "'":
            end = possessive.start()
        elif possessive and possessive.group().strip() == "'" and text[end - 2 : end - 1] == "s":
            end -= 1  # "the Jones' house": the name is "Jones"
        lowered = text[start:end].lower()
        if lowered.startswith("the ") and end - start > 4:
            start += 4
        tokens = _tokens(text, start, end)
        first = text[tokens[0][0] : tokens[0][1]] if tokens else ""
        if len(tokens) > 1 and first.islower() and first in not_name_start():
            # "a Sub-Sub-Librarian", "an Englishman": a lower-case article or other
            # function word is the sentence's, not the name's ("de Gaulle" is not one).
            start = tokens[1][0]
            tokens = tokens[1:]
        # Scores and numbers at either end ("Durham 114", "Mexico 2-0", "4 Kent").
        while tokens and not any(c.isalpha() for c in text[tokens[-1][0] : tokens[-1][1]]):
            tokens.pop()
        while tokens and not any(c.isalpha() for c in text[tokens[0][0] : tokens[0][1]]):
            tokens.pop(0)
        if not tokens:
            return None
        start, end = tokens[0][0], tokens[-1][1]
        if len(tokens) > 1 and at_sentence_start(text, start):
            first = text[tokens[0][0] : tokens[0][1]]
            if first.lower() in not_name_start() or is_verb_form(first):
                start = tokens[1][0]  # "Entering Westminster", "After Blair"
        if person:
            start = _title_words(text, start, end)
        start, end = _strip_edges(text, start, end)
        if (start, end) == before:
            break
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    if person:
        found = _without_codes(text, start, end)
        if found is None:
            return None
        start, end = found
    if _BREAKS.search(text, start, end) or not _quotes_paired(text[start:end]):
        # A dash, an ellipsis or a quotation left open inside: dialogue the model read
        # as one name ("Ahab answered—“Aye", "I. “Come along"). Neither piece is known
        # to be the name. A nickname in quotes is part of one (Joaquín "El Chapo" Guzmán).
        return None
    return start, end
