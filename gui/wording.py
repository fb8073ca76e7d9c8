"""Numbers in messages: "1 passage", "2 passages" (the window said "1 passages")."""

from __future__ import annotations


def count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def verb(n: int, singular: str, plural: str) -> str:
    """The verb for `n` things: "1 article has", "2 articles have"."""
    return singular if n == 1 else plural
