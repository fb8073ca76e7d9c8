"""The number of articles that use each word, for the words index.

The words index (library.py) keeps each folded word of the archive with the number
of articles using it, for prefix, wildcard and fuzzy expansion and "did you mean".
Counting each article's words as a set of strings cost the writer a set union and a
dictionary step per word per article; a text from a reading worker is counted by
its lexicon's numbers instead (analysis.LexiconWords.folded_number), and the numbers
become words once, when the tally is read.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from indexer.analysis import AnalysedText, LexiconWords


class WordTally:
    """Articles per folded word, added an article at a time."""

    def __init__(self) -> None:
        self._words: Counter[str] = Counter()
        self._numbers: dict[LexiconWords, list[np.ndarray]] = {}

    def add(self, title: AnalysedText, text: AnalysedText) -> None:
        """One article's headline and text: each folded word in either counts once."""
        lexicon = text.lexicon
        if lexicon is not None and title.lexicon is lexicon:
            both = np.union1d(lexicon.folded_of(title.numbered), lexicon.folded_of(text.numbered))
            self._numbers.setdefault(lexicon, []).append(both)
        else:
            self._words.update(title.words | text.words)

    def counts(self) -> Counter[str]:
        """{folded word: number of articles}."""
        words = Counter(self._words)
        for lexicon, numbers in self._numbers.items():
            per_number = np.bincount(np.concatenate(numbers))
            found = np.flatnonzero(per_number)
            for number, count in zip(found.tolist(), per_number[found].tolist(), strict=True):
                words[lexicon.folded_words[number]] += count
        return words

    def __bool__(self) -> bool:
        return bool(self._words) or bool(self._numbers)
