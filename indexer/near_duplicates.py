"""Near-duplicates: syndicated copies of one story with small edits.

Candidates come from MinHash with locality-sensitive hashing: 30 hash
functions over the word 3-shingles, cut into 10 bands of 3. Two articles whose
shingle sets have a Jaccard similarity of 0.7 share at least one band with a
probability of about 98%; each candidate is then confirmed by its exact Jaccard
similarity. (SimHash was tried first: on news-length articles one or two edited
sentences moved it 7 to 13 bits, too far for its bands to find the copy.)
Copies share a story id, which Whoosh collapses on so search shows one hit.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

SIMILARITY = 0.7
BANDS = 10
ROWS = 3
_WORD = re.compile(r"\w+")
_RANDOM = np.random.default_rng(20261121)  # fixed: band keys are stored between runs
_MULTIPLIERS = _RANDOM.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_ADDENDS = _RANDOM.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)


def shingles(text: str, size: int = 3) -> set[str]:
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def band_keys(features: set[str]) -> list[int]:
    """One key per band; articles that share any key are near-duplicate candidates."""
    if not features:
        return []
    base = np.fromiter(
        (zlib.crc32(f.encode()) for f in features), dtype=np.uint64, count=len(features)
    )
    # Multiply-shift hashing: wraps modulo 2**64 by design.
    with np.errstate(over="ignore"):
        hashed = base[:, None] * _MULTIPLIERS[None, :] + _ADDENDS[None, :]
    signature = (hashed >> np.uint64(32)).min(axis=0).astype(np.int64)
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(band << 56 | zlib.crc32(rows) << 8)  # band number kept in the key
    return keys


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_copy(a: set[str], b: set[str]) -> bool:
    return jaccard(a, b) >= SIMILARITY
