"""A deterministic news-like corpus made from the sample archive's sentences.

Articles of 300 to 900 words, one per file with the title on the first line,
assembled from the seed sentences with names and numbers varied, so that a
larger corpus has a realistic vocabulary and entity distribution.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from indexer.ingest.plaintext import parse_plain_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
GAZETTEER = Path(__file__).resolve().parents[2] / "resources" / "gazetteer.jsonl"
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def _material():
    sentences, titles = [], []
    for path in sorted(SEEDS.glob("*.txt")):
        for article in parse_plain_text(path.read_text(encoding="utf-8")):
            titles.append(article.title)
            for paragraph in article.text.split("\n\n"):
                sentences += [s for s in _SENTENCE.split(paragraph) if 6 <= len(s.split()) <= 60]
    names = {"Person": [], "Place": []}
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("kind") in names:
            names[entry["kind"]].append(entry["name"])
    return sentences, titles, names


def _vary(text: str, rng: random.Random, names) -> str:
    text = _NUMBER.sub(lambda _m: f"{rng.randint(2, 9999):,}", text)
    for kind in ("Person", "Place"):
        for name in names[kind]:
            if name in text and rng.random() < 0.5:
                text = text.replace(name, rng.choice(names[kind]))
    return text


def write_corpus(folder: Path, count: int, seed: int = 20261121, start: int = 0) -> int:
    """Write articles `start`..`start+count-1` into `folder`; returns the bytes written."""
    sentences, titles, names = _material()
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for n in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + n)
        target = rng.randint(300, 900)
        paragraphs, words = [], 0
        while words < target:
            paragraph = " ".join(
                _vary(rng.choice(sentences), rng, names) for _ in range(rng.randint(2, 5))
            )
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        title = _vary(rng.choice(titles), rng, names) + f" ({n})"
        text = title + "\n" + "\n".join(paragraphs) + "\n"
        path = folder / f"{n:06}.txt"
        path.write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    return written
