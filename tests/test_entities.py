"""Entities from the real NER model with the shipped gazetteer, on the sample archive."""

from __future__ import annotations

import pytest


def _kinds(ctx) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for article in ctx.library.articles():
        for mention in ctx.library.mentions(article.id):
            kinds.setdefault(mention.text, set()).add(mention.kind)
    return kinds


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Kursk", "Place"),
        ("Sumy", "Place"),
        ("Kharkiv", "Place"),
        ("Kyiv", "Place"),
        ("Zelenskyy", "Person"),
        ("Pistorius", "Person"),
        ("Umerov", "Person"),
        ("NATO", "Organisation"),
        ("Pentagon", "Organisation"),
        ("GUR", "Organisation"),
    ],
)
def test_key_names_carry_the_right_kind_everywhere(seeded_ctx, name, kind):
    assert _kinds(seeded_ctx)[name] == {kind}


def test_spellings_of_one_person_are_one_entity(seeded_ctx):
    canonical = {
        m.canonical
        for a in seeded_ctx.library.articles()
        for m in seeded_ctx.library.mentions(a.id)
        if m.text in {"Zelensky", "Zelenskyy", "Volodymyr Zelenskyy"}
    }
    assert canonical == {"Volodymyr Zelenskyy"}


def test_mentions_point_at_their_text(seeded_ctx):
    for article in seeded_ctx.library.articles():
        full = seeded_ctx.library.article(article.id).text
        for m in seeded_ctx.library.mentions(article.id):
            assert full[m.start : m.end] == m.text


def test_entity_fields_are_searchable(seeded_ctx):
    searcher = seeded_ctx.library.searcher()
    assert searcher.search("place:Kursk").total >= 3
    assert searcher.search("org:NATO").total >= 3
    assert searcher.search('person:"Volodymyr Zelenskyy"').total >= 8
