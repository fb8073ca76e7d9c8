"""ALL-CAPS lines written in ordinary case, for the names model only.

Wire headlines, datelines and slugs ("SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN",
"LONDON 1996-08-30", "RUGBY UNION") are in capitals, and the model, trained on
mixed case, finds few names in them. The model reads a copy where each word of
such a line is written as the article itself writes it elsewhere ("Shearer",
"captain"), as a known place is written ("New York"), or else in lower case; a
line's first word starts with a capital. The copy has the same length, character
for character, so every span found in it is the same span of the real text, and
mentions keep the text as written.
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.name_spans import not_name_start
from indexer.places import LONGEST, places

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*\s*$")
_LINE = re.compile(r"[^\n]+")
CAPS_SHARE = 0.8  # of a line's letters: above this, the line is in capitals
SHORT_ACRONYM = 4  # an unknown word this short in capitals stays so (KDP, NATO, UEFA)


def is_caps_line(line: str) -> bool:
    # Counted by str methods mapped in C: this runs on every line of every article.
    upper = sum(map(str.isupper, line))
    if upper < 3:
        return False
    return upper >= CAPS_SHARE * (upper + sum(map(str.islower, line)))


def _casings(text: str, caps: list[tuple[int, int]]) -> dict[str, str]:
    """How the article writes each word in its mixed-case lines, away from the start of
    a sentence (where every word has a capital): casefolded word -> commonest form."""
    seen: dict[str, Counter] = {}
    spans = iter(caps)
    skip = next(spans, None)
    for match in _WORD.finditer(text):
        while skip is not None and match.start() >= skip[1]:
            skip = next(spans, None)
        if skip is not None and skip[0] <= match.start() < skip[1]:
            continue
        before = text[max(0, match.start() - 4) : match.start()]
        if not before.strip() or _SENTENCE_END.search(
            text[max(0, match.start() - 6) : match.start()]
        ):
            continue  # a line's or a sentence's first word
        word = match.group()
        seen.setdefault(word.casefold(), Counter())[word] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in seen.items()}


def _same_length(original: str, replacement: str) -> str:
    # Some letters change length with their case (ß, İ): those words stay as they are.
    return replacement if len(replacement) == len(original) else original


def _restore_line(line: str, casings: dict[str, str]) -> str:
    known = places()
    words = list(_WORD.finditer(line))
    out = list(line)
    i = 0
    while i < len(words):
        # The longest run of words that names a place, written as the place is.
        for n in range(min(LONGEST, len(words) - i), 0, -1):
            run = line[words[i].start() : words[i + n - 1].end()]
            written = known.written(run) if n > 1 or run.casefold() not in casings else None
            if written is not None and len(written) == len(run):
                out[words[i].start() : words[i + n - 1].end()] = written
                i += n
                break
        else:
            word = words[i].group()
            form = casings.get(word.casefold())
            if form is None:
                form = known.written(word)
            if form is None:
                common = word.lower() in not_name_start()
                form = word if len(word) <= SHORT_ACRONYM and not common else word.lower()
            if i == 0:
                form = form[:1].upper() + form[1:]
            out[words[i].start() : words[i].end()] = _same_length(word, form)
            i += 1
    return "".join(out)


def restore(text: str) -> str:
    """`text` with its ALL-CAPS lines in ordinary case; the same length."""
    caps = [m.span() for m in _LINE.finditer(text) if is_caps_line(m.group())]
    if not caps:
        return text
    casings = _casings(text, caps)
    pieces, at = [], 0
    for start, end in caps:
        pieces += [text[at:start], _restore_line(text[start:end], casings)]
        at = end
    pieces.append(text[at:])
    restored = "".join(pieces)
    return restored if len(restored) == len(text) else text
