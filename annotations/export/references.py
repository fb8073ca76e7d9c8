"""The articles that exported passages quote, as references for a citation manager:
BibTeX (LaTeX, Zotero, JabRef), RIS (Zotero, EndNote, Mendeley) and CSL JSON (Zotero,
Pandoc). One reference an article, whatever the number of its passages, with the
same key in every format, so a paper can cite `[@walker2014ukraine]` and a
bibliography style formats it.

A byline is not a list of names: "Shaun Walker in Simferopol", "By Andrew Roth",
"jdoe@example.org (John Doe)", "Julian Borger and Shaun Walker", "Reuters". Each
is read into authors, a person as family and given names ("De Santis, Solange"),
an agency or anything else as a name to print as written.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from annotations.export.excerpts import ArticleInfo, ExportOptions

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*$")  # "… in Kyiv"
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_PARTICLES = frozenset(
    "da das de del della der des di do dos du la le van von den ter ten bin al el".split()
)
# Bylines that name no person: an agency, a desk, the paper itself, a role.
_NOT_PEOPLE = (
    r"reuters?|associated press|agence|afp|ap|dpa|upi|bloomberg|xinhua|tass|"
    r"staff|agencies|correspondents?|reporters?|editors?|editorial|desk|bureau|"
    r"news|service|wire|press|times|post|guardian|online"
)
_ROLE = r"writers?|columnists?|contributors?|chief|analysts?"
_NOT_PERSON = re.compile(rf"\b(?:{_NOT_PEOPLE}|{_ROLE})\b", re.IGNORECASE)
# "Walker, Shaun" or "WALKER, SHAUN M.": the family name, then the given names
_INVERTED = re.compile(r"^([A-Z][\w'’-]+),\s+([A-Z][\w'’-]*(?:\.?\s*[A-Z][\w'’.-]*)*\.?)$")
_KEY_STOP = frozenset(
    "a an the of in on at to for and or but by with from as is are was were be "
    "this that these those it its into over after before new".split()
)


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""  # printed as written: "Reuters", an address, one word


@dataclass
class Reference:
    key: str
    article: ArticleInfo
    authors: list[Name] = field(default_factory=list)

    @property
    def date_parts(self) -> list[int]:
        return [int(p) for p in re.findall(r"\d+", self.article.published)[:3]]


def authors_of(byline: str) -> list[Name]:
    """The authors a byline names, in order."""
    byline = " ".join(byline.split())
    address = re.search(r"\(([^()@]+)\)", byline) if _EMAIL.search(byline) else None
    if address:  # "jdoe@example.org (John Doe)": the name, not the address
        byline = address.group(1)
    byline = _BY.sub("", byline).strip(" ,;")
    inverted = _INVERTED.match(byline)
    if inverted:  # "Walker, Shaun": one person, family name first
        return [_name(f"{inverted.group(2)} {inverted.group(1)}")]
    names = []
    for part in _SEPARATORS.split(byline):
        part = _IN_PLACE.sub("", part)  # "Julian Borger in Washington and …"
        part = re.sub(r"[\d()+/-]{4,}.*$", "", part).strip(" .\"'“”")  # a phone number after it
        if part:
            names.append(_name(part))
    people = [n for n in names if not n.literal]
    if people:  # "Jane Doe, Staff Writer", "Jane Doe, Reuters": her role, her agency
        names = [n for n in names if not (n.literal and _NOT_PERSON.search(n.literal))]
    return names


def _name(part: str) -> Name:
    words = part.split()
    if len(words) < 2 or _EMAIL.search(part) or _NOT_PERSON.search(part) or len(words) > 5:
        return Name(literal=part)
    if not all(w[0].isupper() or w.casefold() in _PARTICLES for w in words):
        return Name(literal=part)  # not shaped like a name: "Get thee to a nunnery"
    if part.isupper():  # "By MICHAEL R. GORDON": a byline set in capitals
        words = [re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), w) for w in words]
    start = len(words) - 1  # the family name, with the particles before it
    while start > 1 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return Name(family=" ".join(words[start:]), given=" ".join(words[:start]))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def _key_base(article: ArticleInfo, authors: list[Name]) -> str:
    """walker2014ukraine: the first author (else the publication), the year, the first
    word of the title that says something; without author or publication, the title
    word first (ukrainian2024)."""
    first = authors[0] if authors else None
    who = _ascii(first.family or first.literal.split()[0]) if first else ""
    site = [_ascii(w) for w in article.site.split()]
    who = who or next((w for w in site if w and w not in _KEY_STOP), "")
    year = re.match(r"\d{4}", article.published)
    year = year.group() if year else ""
    words = [_ascii(w) for w in re.findall(r"[^\W_]+", article.title)]
    word = next((w for w in words if len(w) > 2 and w not in _KEY_STOP), "")
    return (f"{who}{year}{word}" if who else f"{word}{year}") or "article"


def title_of(reference: Reference) -> str:
    """The headline, or, when the source had none, the words it was made from in
    brackets, as a citation style marks a title supplied by the citer."""
    title = reference.article.title
    return f"[{title.rstrip('…').rstrip()}]" if reference.article.title_derived else title


def references(excerpts) -> list[Reference]:
    """One reference for each article the excerpts quote, in key order; keys that would
    repeat get a, b, c … in the order of the articles' ids."""
    by_article: dict[str, Reference] = {}
    for excerpt in excerpts:
        article = excerpt.article
        if article.id not in by_article:
            authors = authors_of(article.author)
            by_article[article.id] = Reference(_key_base(article, authors), article, authors)
    bases: dict[str, list[Reference]] = {}
    for reference in sorted(by_article.values(), key=lambda r: r.article.id):
        bases.setdefault(reference.key, []).append(reference)
    for base, same in bases.items():
        if len(same) > 1:
            for i, reference in enumerate(same):
                reference.key = f"{base}{_suffix(i)}"
    return sorted(by_article.values(), key=lambda r: r.key)


def citation_keys(excerpts) -> dict[str, str]:
    """Each quoted article's key, by article id, as the reference exports give it."""
    return {reference.article.id: reference.key for reference in references(excerpts)}


def _suffix(i: int) -> str:
    """a, b … z, aa, ab … zz, aaa …: as many as there are articles. (Two letters ran
    out at the 703rd article with one key, as a wire service's daily bulletins of a
    year are.)"""
    letters, out = "abcdefghijklmnopqrstuvwxyz", ""
    i += 1
    while i:
        i, rest = divmod(i - 1, 26)
        out = letters[rest] + out
    return out


# BibTeX

_BIB_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
_BIB_ESCAPES = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _bib(value: str) -> str:
    value = " ".join(value.split())
    return _BIB_SPECIAL.sub(lambda m: _BIB_ESCAPES.get(m.group(), "\\" + m.group()), value)


def _bib_name(name: Name) -> str:
    if name.literal:
        return "{" + _bib(name.literal) + "}"  # braced: printed as written, never split
    return f"{_bib(name.family)}, {_bib(name.given)}" if name.given else _bib(name.family)


def _braces_encoded(value: str) -> str:
    return value.replace("{", "%7B").replace("}", "%7D")


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def render_bibtex(excerpts, options: ExportOptions, codebook=None, of: str = "") -> bytes:
    """`of`: what the articles are, for the comment on top (by default, the articles
    the exported passages quote)."""
    of = of or f"the articles quoted in “{options.title}” ({options.scope})"
    entries = [f"% References of {of}, exported from Archive Reader on {options.exported_on}."]
    for ref in references(excerpts):
        a, parts = ref.article, ref.date_parts
        fields = [("title", "{" + _bib(title_of(ref)) + "}")]  # braced twice: headline case kept
        if ref.authors:
            fields.append(("author", " and ".join(_bib_name(n) for n in ref.authors)))
        if a.site:
            fields.append(("journal", _bib(a.site)))
        if parts:
            fields.append(("date", "-".join(f"{p:02d}" for p in parts)))
            fields.append(("year", str(parts[0])))
            if len(parts) > 1 and 1 <= parts[1] <= 12:
                fields.append(("month", _MONTHS[parts[1] - 1]))
        if a.section:
            fields.append(("section", _bib(a.section)))
        # As written, not escaped: tools read these as a link and a path, not as TeX.
        if a.url:
            fields.append(("url", _braces_encoded(a.url)))
        if a.source:
            fields.append(("file", _braces_encoded(str(a.source))))
        kind = "article" if a.site else "misc"
        lines = [f"@{kind}{{{ref.key},"]
        lines += [f"  {name} = {{{value}}}," for name, value in fields]
        lines.append("}")
        if a.site:
            lines.insert(-1, "  entrysubtype = {newspaper},")
        entries.append("\n".join(lines))
    return ("\n\n".join(entries) + "\n").encode("utf-8")


# RIS


def _ris_name(name: Name) -> str:
    if name.literal:
        return name.literal
    return f"{name.family}, {name.given}" if name.given else name.family


def render_ris(excerpts, options: ExportOptions, codebook=None) -> bytes:
    lines: list[str] = []
    for ref in references(excerpts):
        a, parts = ref.article, ref.date_parts
        tags = [("TY", "NEWS" if a.site else "GEN"), ("ID", ref.key), ("TI", title_of(ref))]
        tags += [("AU", _ris_name(n)) for n in ref.authors]
        if parts:
            tags.append(("PY", str(parts[0])))
            # YYYY/MM/DD/other: every field's slash, empty fields too ("2014///")
            tags.append(("DA", "/".join(f"{p:02d}" for p in parts) + "/" * (4 - len(parts))))
        tags += [("T2", a.site), ("SE", a.section), ("UR", a.url)]
        tags.append(("L1", str(a.source)))  # the file: a linked attachment in Zotero
        lines += [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value]
        lines += ["ER  - ", ""]
    return "\r\n".join(lines).encode("utf-8")  # RIS is read line by line, CR LF as EndNote writes


# CSL JSON


def _csl_name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    return {"family": name.family, "given": name.given} if name.given else {"family": name.family}


def render_csl_json(excerpts, options: ExportOptions, codebook=None) -> bytes:
    items = []
    for ref in references(excerpts):
        a = ref.article
        item = {"id": ref.key, "type": "article-newspaper" if a.site else "document"}
        item["title"] = title_of(ref)
        if ref.authors:
            item["author"] = [_csl_name(n) for n in ref.authors]
        if ref.date_parts:
            item["issued"] = {"date-parts": [ref.date_parts]}
        for name, value in (("container-title", a.site), ("section", a.section), ("URL", a.url)):
            if value:
                item[name] = value
        items.append(item)
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
