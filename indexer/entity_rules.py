"""From raw model spans to the mentions users see: kinds, canonical names, junk removed.

The model finds spans; these rules decide what they mean:
- gazetteer matches (EntityRuler) carry their canonical name and kind;
- other names are tidied (no leading "the", no possessive) and looked up in the
  alias table, so a model-found "Kiev" still becomes Kyiv;
- a one-word person mention after a fuller name in the same article ("Kirby"
  after "John Kirby") takes the fuller name;
- spans from Title Case heading lines are kept only when they are gazetteer
  names or also found in the article's prose, and lone generic title words
  ("Defense", "Ministry") are dropped: headlines otherwise yield junk entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.ingest import lines as shape
from indexer.ingest.dates import dateline_place
from indexer.name_spans import clean_span, is_common_word, is_verb_s_form, not_name_start
from indexer.places import places
from indexer.store import Mention
from indexer.truecase import SHORT_ACRONYM, is_caps_line

KIND_OF_LABEL = {
    "PERSON": "Person",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "ORG": "Organisation",
    "NORP": "Group",
    "DATE": "Date",
    "TIME": "Date",
    "CARDINAL": "Number",
    "MONEY": "Number",
    "QUANTITY": "Number",
    "PERCENT": "Number",
    "ORDINAL": "Number",
    "EVENT": "Event",
}
KINDS = ("Person", "Place", "Organisation", "Group", "Date", "Number", "Event", "Other")
NAME_KINDS = frozenset({"Person", "Place", "Organisation", "Group", "Event", "Other"})
LABEL_OF_KIND = {
    "Person": "PERSON",
    "Place": "GPE",
    "Organisation": "ORG",
    "Group": "NORP",
    "Date": "DATE",
    "Number": "CARDINAL",
    "Event": "EVENT",
    "Other": "MISC",
}
GENERIC_WORDS = frozenset(
    """defense defence ministry minister secretary president deputy government council
    committee army navy force forces security intelligence state department office agency
    parliament senate house congress court police military service services official
    officials spokesman spokeswoman governor mayor general commander chief head leader
    analysis opinion update breaking news live""".split()
)
_POSSESSIVE = re.compile(r"[’']s$", re.IGNORECASE)  # "MOODY'S" in a headline too
# A company's legal form ends its name ("John S. Herold Inc", "Boliden AB"): whatever
# the model said, such a name is an organisation. Compared without dots ("S.A.").
CORPORATE_ENDINGS = frozenset(
    """inc corp corporation co ltd limited plc llc llp lp gmbh ag sa nv bv spa ab asa
    oy oyj bhd pty kk""".split()
)
MONTHS = frozenset(
    """january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
# What follows a month that makes it a date: a day or a year ("Mar 12", "May 1987").
_DAY_OR_YEAR = re.compile(r"\.?\s{1,3}(?:\d{1,2}|\d{4})\b")
_NUMBER = re.compile(r"(?<!\S)[-+.]?\d[\d.,/:-]*(?!\S)")


@dataclass(frozen=True)
class RawSpan:
    """What the model (and ruler) found: offsets, label, gazetteer id ('' if none), text."""

    start: int
    end: int
    label: str
    ent_id: str
    text: str


def tidy_name(text: str) -> str:
    """The canonical form of a surface: no leading 'the', possessive, editor's brackets
    ("[Vladimir] Putin") or stray white space."""
    name = " ".join(text.replace("[", " ").replace("]", " ").split())
    name = _POSSESSIVE.sub("", name)
    if name.lower().startswith("the "):
        name = name[4:]
    return name


def _surnames(spans: Iterable[RawSpan]) -> frozenset[str]:
    """The last words of the people named in full (two words or more)."""
    out = set()
    for span in spans:
        words = tidy_name(span.text).split()
        if span.label == "PERSON" and len(words) >= 2:
            out.add(words[-1].casefold())
    return frozenset(out)


def is_company(name: str) -> bool:
    """Whether a name of two words or more ends with a company's legal form."""
    words = name.split()
    return len(words) >= 2 and words[-1].replace(".", "").casefold() in CORPORATE_ENDINGS


def _without_headline_verb(text: str, start: int, end: int) -> tuple[int, int]:
    """A heading's name without the verb the model ran into it ("VOLCKER SAYS" is
    VOLCKER); start == end when only the verb was found ("SAYS")."""
    while end > start:
        cut = max(text.rfind(" ", start, end), start - 1)
        if not is_verb_s_form(text[cut + 1 : end].strip(".,:;!?")):
            break
        end = max(cut, start)
    return start, end


def _is_date(name: str, text: str, end: int) -> bool:
    """A month the model took for a name: "Mar" in "STOCKHOLM, Mar 12", "May" in "May
    1987" (Theresa May is a name: no number follows)."""
    return name.rstrip(".").casefold() in MONTHS and bool(_DAY_OR_YEAR.match(text, end))


def heading_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the heading lines (sub-headings) inside an article's text."""
    ranges, at = [], 0
    for line in text.split("\n"):
        if _is_heading(line.strip()):
            ranges.append((at, at + len(line)))
        at += len(line) + 1
    return ranges


def _is_heading(line: str) -> bool:
    """Short, Title Case and not ended like a sentence (a question may be a heading); a
    line with numbers standing alone is a row of a table ("Hanwha 58 1 49 .542 6")."""
    if not line or line.endswith((".", "!", '"', "”", "’", ":", ";", ",")):
        return False
    if _NUMBER.search(line) or ":" in line:
        return False  # a table row, or a "LABEL : value" line ("PAYING AGENT : …")
    n = len(shape.words(line))
    return n <= (8 if line.endswith("?") else 15) and shape.is_title_case(line)


_WORDS = re.compile(r"\w+")
# A word of prose: not part of an address, a handle or a path ("mattt@…", "…/mattt").
_PROSE_WORD = re.compile(r"(?<![\w@/.])\w+(?![\w@/])")


def _capitalised_words(text: str) -> frozenset[str]:
    """The words (casefolded) `text` writes with a capital: a headline's word that its
    text capitalises ("Moody's") may be a name, though a common word ("moody")."""
    return frozenset(w.casefold() for w in _PROSE_WORD.findall(text) if w[:1].isupper())


def _lower_case_words(text: str) -> frozenset[str]:
    """The words `text` writes in lower case in its prose (a name has a capital)."""
    return frozenset(w for w in _PROSE_WORD.findall(text) if w.islower())


class MentionResolver:
    """Turns raw spans into mentions, with the alias table of the gazetteer."""

    def __init__(self, entries: Iterable) -> None:
        self._kind_of_name: dict[str, str] = {}
        self._canonical: dict[str, str] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._not_names: set[str] = set()  # casefolded: the researcher's "not a name"
        for entry in entries:
            if entry.not_a_name:
                self._not_names.update(s.casefold() for s in (entry.name, *entry.aliases))
                continue
            self._kind_of_name[entry.name] = entry.kind
            self._aliases[entry.name] = (entry.name, *entry.aliases)
            for surface in (entry.name, *entry.aliases):
                self._canonical[surface.casefold()] = entry.name

    def aliases_of(self, canonical: str) -> tuple[str, ...]:
        """Every spelling the gazetteer knows for a canonical name (itself included)."""
        return self._aliases.get(canonical, (canonical,))

    def resolve(
        self,
        text: str,
        spans: list[RawSpan],
        title: str = "",
        title_spans: Iterable[RawSpan] = (),
    ) -> list[Mention]:
        """The mentions of an article: its headline's (part "title") and its text's."""
        written_lower = _lower_case_words(text)
        # The text's names and capitalised words vouch for the headline's ("TYRA BANKS"
        # is not Tyra and a verb).
        text_names = frozenset(tidy_name(s.text).casefold() for s in spans)
        text_names |= _capitalised_words(text)
        title_spans = list(title_spans)
        surnames = _surnames([*title_spans, *spans])
        found = [
            *self._part(title, title_spans, "title", written_lower, text_names, surnames),
            *self._part(text, spans, "text", written_lower, surnames=surnames),
        ]
        found = with_dateline_place(found, text)
        found = propagate(found, {"title": title, "text": text})
        found = ordinary_case(found, {"title": title, "text": text})
        found = link_people(found, self._kind_of_name)
        return one_kind_each(found, self._kind_of_name)

    def kind_of(self, canonical: str) -> str | None:
        return self._kind_of_name.get(canonical)

    def _part(
        self,
        text: str,
        spans: list[RawSpan],
        part: str,
        written_lower: frozenset[str],
        text_names: frozenset[str] = frozenset(),
        surnames: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """`written_lower`: the words the article's text writes in lower case;
        `text_names`: for a title, the names the model found in the text and the words
        the text capitalises (casefolded);
        `surnames`: the last words (casefolded) of the people it names in full."""
        if part == "text":
            headings = heading_ranges(text)
        else:  # a Title Case headline is a heading too, and so is one in capitals
            line = text.strip()
            headings = [(0, len(text))] if _is_heading(line) or is_caps_line(line) else []

        def in_heading(span: RawSpan) -> bool:
            return any(a <= span.start and span.end <= b for a, b in headings)

        prose_names = {tidy_name(s.text).casefold() for s in spans if not in_heading(s)}
        prose_names |= text_names
        mentions: list[Mention] = []
        for span in spans:
            kind = KIND_OF_LABEL.get(span.label, "Other")
            label = span.label
            if span.ent_id:
                canonical = span.ent_id
                kind = self._kind_of_name.get(canonical, kind)
                start, end = span.start, span.end
            else:
                if kind in NAME_KINDS:
                    cleaned = clean_span(text, span.start, span.end, kind == "Person")
                    if cleaned is None:
                        continue
                    start, end = cleaned
                else:
                    start, end = span.start, span.end
                if in_heading(span) and kind in NAME_KINDS:
                    whole = tidy_name(text[start:end]).casefold()
                    known = whole in prose_names or whole in self._canonical
                    if not known and places().written(tidy_name(text[start:end])) is None:
                        start, end = _without_headline_verb(text, start, end)
                        if start == end:
                            continue
                tidy = tidy_name(text[start:end])
                if (
                    tidy.casefold() in self._not_names
                    or _is_date(tidy, text, end)
                    or all(w.replace(".", "").casefold() in CORPORATE_ENDINGS for w in tidy.split())
                ):
                    continue  # the researcher's "not a name", a date, a bare "Co Inc"
                shown = RawSpan(start, end, span.label, "", text[start:end])
                if kind in NAME_KINDS and not self._plausible(
                    tidy, shown, in_heading, prose_names, written_lower, part
                ):
                    continue
                canonical = self._canonical.get(tidy.casefold(), tidy)
                if canonical != tidy:
                    kind = self._kind_of_name.get(canonical, kind)
                elif (
                    kind in ("Person", "Other")
                    and places().is_major(tidy)
                    and not (kind == "Person" and tidy.casefold() in surnames)
                ):
                    # A country, region or major city the model took for a person or
                    # left unsure (Sumy as a PERSON, Kursk as a PRODUCT); not the
                    # surname of a person the article names ("Jordan" after "Michael
                    # Jordan", "Austin" after "Lloyd Austin").
                    kind, label = "Place", "GPE"
                elif kind in ("Person", "Place", "Other") and is_company(tidy):
                    kind, label = "Organisation", "ORG"
            mentions.append(Mention(start, end, label, kind, text[start:end], canonical, part))
        return mentions

    def _plausible(
        self, tidy: str, span: RawSpan, in_heading, prose_names, written_lower, part
    ) -> bool:
        words = tidy.split()
        if not words:
            return False
        if tidy == tidy.lower():
            # A name is capitalised somewhere ("eBay", "al-Assad"); a model's name in
            # lower case is a common word ("whales", "thou", "sun" in a novel).
            return False
        if all(w.casefold().strip(".,") in GENERIC_WORDS for w in words):
            return False  # "Defense", "Deputy Minister": a title, not a name
        if span.label in ("PERSON", "GPE", "LOC"):
            # Datelines and results tables are Title Case lines of names. But in a
            # heading the model also takes capitalised common words for names
            # ("Missiles Rain", "Ukraine Missiles"): a word the article writes in lower
            # case elsewhere is not a name, unless the prose has the name too.
            if in_heading(span) and tidy.casefold() not in prose_names:
                return not any(w.lower() in written_lower for w in _WORDS.findall(tidy))
            return True
        if part == "title":
            # A headline's organisations stay as before titles counted as headings,
            # but for a lone word that the text writes in lower case or that is a common
            # word, unless the text names it: a headline in capitals has "FALL" (the
            # verb), "PCT" and "DLRS" (its text has "pct", "dlrs").
            return (
                len(words) > 1
                or tidy.casefold() in prose_names
                or (tidy.lower() not in written_lower and not is_common_word(tidy))
            )
        return not in_heading(span) or tidy.casefold() in prose_names


def with_dateline_place(found: list[Mention], text: str) -> list[Mention]:
    """The place of a wire dateline ("BUCHAREST 1996-08-30", "LONDON, March 9 -") is a
    mention when it is a known place: the model, reading a line of capitals and a date,
    often finds nothing there (CoNLL-2003: Bucharest, Colombo, Montreal)."""
    span = dateline_place(text)
    if span is None:
        return found
    start, end = span
    name = places().written(text[start:end])
    if name is None or any(m.part == "text" and m.start < end and start < m.end for m in found):
        return found
    return [*found, Mention(start, end, "GPE", "Place", text[start:end], name, "text")]


PROPAGATED = frozenset({"Person", "Place", "Organisation", "Group"})


def _occurrences(text: str, upper: str | None, name: str):
    """Where `name` is written in `text`, as a whole word: as it is, or in capitals
    (`upper` is text.upper(), None when that changed the length)."""
    for haystack, needle in ((text, name), (upper, name.upper())):
        if haystack is None or (haystack is upper and needle == name):
            continue
        at = haystack.find(needle)
        while at != -1:
            end = at + len(needle)
            written = text[at:end]
            bounded = (at == 0 or not text[at - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            )
            if bounded and written in (name, needle):
                yield at, end
            at = haystack.find(needle, at + 1)


def _name_like(written: str) -> bool:
    """Whether a name as written may be looked for elsewhere in its article: not a
    function word, and capitalised somewhere (a name in lower case is a common word)."""
    return (
        len(written) >= 2 and written.lower() not in not_name_start() and written != written.lower()
    )


def propagate(found: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """Every other place in the article where a name it found is written is a mention
    too: the model finds "Tony Adams" and misses "Adams and Platt are injured" or the
    headline's "SHEARER". A person's surname stands for the full name (when only one
    person of the article has it); names match as written or in capitals."""
    surfaces: dict[str, Mention] = {}
    surnames: dict[str, set[str]] = {}
    for m in found:
        if m.kind not in PROPAGATED or not _name_like(m.text):
            continue
        surfaces.setdefault(m.text, m)
        words = m.canonical.split()
        # One wrong span spreads to every word it ends with: the model's "John the" in
        # a novel made each of its 13,639 "the"s a mention of a person.
        person = m.kind == "Person" and len(words) >= 2 and not m.text.isupper()
        if person and _name_like(words[-1]) and words[-1][0].isupper():
            surnames.setdefault(words[-1], set()).add(m.canonical)
    for surname, people in surnames.items():
        if len(people) == 1 and surname not in surfaces and len(surname) > 2:
            model = next(m for m in found if m.canonical in people)
            surfaces[surname] = Mention(0, 0, model.label, "Person", surname, next(iter(people)))
    if not surfaces:
        return found
    out = list(found)
    for part, text in texts.items():
        upper = text.upper()
        upper = upper if len(upper) == len(text) else None
        taken = bytearray(len(text))  # 1 where a mention already is
        for m in found:
            if m.part == part:
                taken[m.start : m.end] = b"\x01" * (m.end - m.start)
        for name in sorted(surfaces, key=len, reverse=True):  # the longest name first
            model = surfaces[name]
            for start, end in _occurrences(text, upper, name):
                if not taken.count(1, start, end) and not _is_date(name, text, end):
                    taken[start:end] = b"\x01" * (end - start)
                    out.append(
                        Mention(
                            start,
                            end,
                            model.label,
                            model.kind,
                            text[start:end],
                            model.canonical,
                            part,
                        )
                    )
    return sorted(out, key=lambda m: (m.part != "title", m.start))


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[text.rfind("\n", 0, start) + 1 : len(text) if end == -1 else end]


def ordinary_case(found: list[Mention], texts: dict[str, str]) -> list[Mention]:
    """A name on a line written in capitals ("LONDON" in a dateline) has the canonical
    name the article gives it elsewhere ("NATO" stays NATO if the text writes it so),
    or the one a known place has, or else capitals on its words' first letters. So
    has a known place in capitals at least five letters long on any line (a wire
    dateline). Otherwise, in ordinary lines capitals are the writer's choice (BRICS)
    and stay."""

    def in_capitals(m: Mention) -> bool:
        if not m.canonical.isupper():
            return False
        if is_caps_line(_line_at(texts[m.part], m.start)):
            return True
        # A known place in capitals on an ordinary line: a wire dateline ("NEW YORK,
        # March 3 - ..."). It was a place of its own beside "New York" (248 and 66
        # articles in Reuters-21578). Short ones may be acronyms and stay (UAE).
        return (
            m.kind == "Place"
            and len(m.canonical) > SHORT_ACRONYM
            and places().written(m.canonical) is not None
        )

    on_caps = [in_capitals(m) for m in found]
    elsewhere = {
        m.canonical.casefold(): m.canonical
        for m, caps in zip(found, on_caps, strict=True)
        if not caps
    }
    out = []
    for m, caps in zip(found, on_caps, strict=True):
        if caps:
            key = m.canonical.casefold()
            canonical = elsewhere.get(key) or places().written(m.canonical)
            if canonical is None:
                canonical = m.canonical if len(m.canonical) <= 4 else name_case(m.canonical)
            m = Mention(m.start, m.end, m.label, m.kind, m.text, canonical, m.part)
        out.append(m)
    return out


def name_case(name: str) -> str:
    """A name written in capitals as names are written: "MOODY'S" is Moody's (not
    str.title's "Moody'S"), "O'BRIEN" O'Brien, "ROLLS-ROYCE" Rolls-Royce."""

    def word(w: str) -> str:
        parts = re.split(r"([’'-])", w.lower())
        out = []
        for i, part in enumerate(parts):
            after_mark = i >= 2 and parts[i - 1] in "’'"
            # After an apostrophe only a one-letter prefix's name is capitalised (O', D').
            if part and (not after_mark or (i == 2 and len(parts[0]) == 1)):
                part = part[0].upper() + part[1:]
            out.append(part)
        return "".join(out)

    return " ".join(word(w) for w in name.split(" "))


def link_people(found: list[Mention], fixed: dict[str, str]) -> list[Mention]:
    """One person, one entry: "Blair" (and "Mr Blair", whose title is already off the
    span, or "Blair" the model took for an organisation) is "Tony Blair" when the
    article names exactly one person with that surname, wherever the full name comes
    in the article; not when the gazetteer has "Blair" as a name of its own (a
    researcher's split)."""
    full: dict[str, set[str]] = {}
    in_organisations: set[str] = set()  # words of the article's longer organisation names
    for m in found:
        words = m.canonical.split()
        if m.kind == "Person" and len(words) >= 2:
            full.setdefault(words[-1].casefold(), set()).add(m.canonical)
        elif m.kind == "Organisation" and len(words) >= 2:
            in_organisations.update(w.casefold() for w in words)
    out = []
    for m in found:
        words = m.canonical.split()
        single = len(words) == 1 and m.canonical not in fixed
        # The model also calls a lone surname an organisation ("However, Volcker said"
        # after "Paul Volcker"): the person's, unless the article has an organisation
        # of that name too ("Ford Motor Co" beside "Henry Ford").
        surname = m.kind == "Person" or (
            m.kind == "Organisation" and words[0].casefold() not in in_organisations
        )
        people = full.get(words[0].casefold()) if single and surname else None
        if people and len(people) == 1:
            m = Mention(m.start, m.end, "PERSON", "Person", m.text, next(iter(people)), m.part)
        out.append(m)
    return out


def one_kind_each(found: list[Mention], fixed: dict[str, str]) -> list[Mention]:
    """Each name has one kind in an article: the gazetteer's, else the kind most of its
    mentions have (the first mention's on a tie)."""
    votes: dict[str, dict[str, int]] = {}
    for m in found:
        if m.kind in PROPAGATED:
            counts = votes.setdefault(m.canonical, {})
            counts[m.kind] = counts.get(m.kind, 0) + 1
    out = []
    for m in found:
        counts = votes.get(m.canonical)
        if counts and len(counts) > 1:
            kind = fixed.get(m.canonical) or max(counts, key=lambda k: counts[k])
            if kind != m.kind:
                m = Mention(m.start, m.end, LABEL_OF_KIND[kind], kind, m.text, m.canonical, m.part)
        out.append(m)
    return out
