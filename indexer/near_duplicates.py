"""Near-duplicates: syndicated copies of one story with small edits.

Candidates come from MinHash with locality-sensitive hashing: 30 hash
functions over the word 3-shingles (64-bit hashes), cut into 10 bands of 3.
Two articles whose shingle sets have a Jaccard similarity of 0.7 share at least
one band with a probability of about 98%; each candidate is then confirmed by its exact Jaccard
similarity. (SimHash was tried first: on news-length articles one or two edited
sentences moved it 7 to 13 bits, too far for its bands to find the copy.)
Copies share a story id, which Whoosh collapses on so search shows one hit.
"""

from __future__ import annotations

import hashlib
import zlib

import numpy as np

from indexer.analysis import AnalysedText, analysed

SIMILARITY = 0.7
BANDS = 10
ROWS = 3
SIZE = 3  # words per shingle
_RANDOM = np.random.default_rng(20261121)  # fixed: band keys are stored between runs
_MULTIPLIERS = _RANDOM.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_ADDENDS = _RANDOM.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
# Combines a shingle's word hashes in order (odd, so no bit is lost to the wrap).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], np.uint64)
_WORD_HASHES: dict[str, int] = {}  # folded word -> 64 bits, stable between runs
_HASHES_KEPT = 100_000


def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def shingles(text: str) -> np.ndarray:
    """The text's word 3-shingles as 64-bit hashes, in order. Words are read as
    the index reads them (analysis.py: lower-cased, accents folded), from the same
    pass when the text is already analysed; hashing numbers in NumPy replaced
    joining and hashing a string per shingle (a fifth of the text phase)."""
    value = text if isinstance(text, AnalysedText) else analysed(text)
    if not value.index.size:
        return np.empty(0, np.uint64)
    if len(_WORD_HASHES) > _HASHES_KEPT:
        _WORD_HASHES.clear()
    folded = value.folded
    for word in set(folded).difference(_WORD_HASHES):
        _WORD_HASHES[word] = _word_hash(word)
    # Each distinct word hashed once, then spread over its positions.
    hashes = np.fromiter(map(_WORD_HASHES.__getitem__, folded), np.uint64, len(folded))
    hashes = hashes[value.index]
    if hashes.size < SIZE:  # a short text is one shingle of the words it has
        hashes = np.concatenate([hashes, np.zeros(SIZE - hashes.size, np.uint64)])
    n = hashes.size - SIZE + 1
    mixed = hashes[:n] * _MIX[0]  # NumPy arrays wrap modulo 2**64 silently
    for i in range(1, SIZE):
        mixed = (mixed ^ (mixed >> np.uint64(29))) * _MIX[i] + hashes[i : i + n]
    return mixed  # repeats kept: a minimum ignores them, and jaccard() removes them


def signature(features: np.ndarray) -> np.ndarray:
    """The MinHash signature: for each of the 30 hash functions, the least hash of any
    shingle (int64; empty for a text without words)."""
    if not features.size:
        return np.empty(0, np.int64)
    # Multiply-shift hashing: wraps modulo 2**64 by design.
    hashed = features[:, None] * _MULTIPLIERS[None, :] + _ADDENDS[None, :]
    return (hashed >> np.uint64(32)).min(axis=0).astype(np.int64)


def band_keys(signature: np.ndarray) -> list[int]:
    """One key per band; articles that share any key are near-duplicate candidates."""
    if not signature.size:
        return []
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(band << 56 | zlib.crc32(rows) << 8)  # band number kept in the key
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not a.size or not b.size:
        return 0.0
    a, b = np.unique(a), np.unique(b)
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


def is_copy(a: np.ndarray, b: np.ndarray) -> bool:
    return jaccard(a, b) >= SIMILARITY


# A signature agrees with a copy's in about 0.7 x 30 = 21 places (standard deviation
# 2.5); fewer than 11 is four deviations short: not a copy, without reading its text.
# A candidate that shares a band by chance (an unrelated article on the same
# subject, or a generated one) agrees in a few places only.
_AGREEING_AT_LEAST = 11


def could_be_copy(a: np.ndarray, b: bytes | None) -> bool:
    """Whether a candidate with signature `b` (stored bytes; None: not known) may be a
    copy of the article with signature `a`: only those are compared word for word."""
    if b is None:
        return True
    other = np.frombuffer(b, np.int64)
    return other.size == a.size and int((other == a).sum()) >= _AGREEING_AT_LEAST
