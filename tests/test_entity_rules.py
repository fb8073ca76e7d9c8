"""The rules that turn model spans into mentions, on text written here (no model needed)."""

from __future__ import annotations

from indexer.entities import GazetteerEntry, load_gazetteer
from indexer.entity_rules import MentionResolver, RawSpan

ENTRIES = [
    GazetteerEntry("Kyiv", "Place", "GPE", ("Kiev",)),
    GazetteerEntry("Volodymyr Zelenskyy", "Person", "PERSON", ("Zelensky", "Zelenskyy")),
]


def span(text: str, needle: str, label: str, ent_id: str = "", nth: int = 0) -> RawSpan:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return RawSpan(at, at + len(needle), label, ent_id, needle)


def spans_of(text: str, *wanted: tuple) -> list[RawSpan]:
    """span() for each (needle, label) or (needle, label, nth) of `wanted`."""
    return [span(text, needle, label, "", *rest) for needle, label, *rest in wanted]


def test_model_found_alias_gets_the_canonical_name_and_kind():
    text = "Shelling hit Kiev overnight."
    [m] = MentionResolver(ENTRIES).resolve(text, [span(text, "Kiev", "GPE")])
    assert (m.canonical, m.kind, m.label) == ("Kyiv", "Place", "GPE")


def test_a_surname_after_the_full_name_is_the_same_person():
    text = "John Kirby spoke on Monday. Later Kirby added that talks would go on."
    mentions = MentionResolver(ENTRIES).resolve(
        text, [span(text, "John Kirby", "PERSON"), span(text, "Kirby", "PERSON", nth=1)]
    )
    assert [m.canonical for m in mentions] == ["John Kirby", "John Kirby"]


def test_possessives_and_articles_are_tidied():
    text = "The Kremlin’s view was clear to the Pentagon."
    mentions = MentionResolver([]).resolve(
        text, [span(text, "Kremlin’s", "ORG"), span(text, "the Pentagon", "ORG")]
    )
    assert [m.canonical for m in mentions] == ["Kremlin", "Pentagon"]
    # The mention is the name alone: its offsets leave out "the" and the possessive.
    assert [m.text for m in mentions] == ["Kremlin", "Pentagon"]
    assert text[mentions[1].start : mentions[1].end] == "Pentagon"


def test_generic_title_words_are_not_names():
    text = "Defense Secretary Lloyd Austin met the Deputy Minister."
    spans = [
        span(text, "Defense", "ORG"),
        span(text, "Lloyd Austin", "PERSON"),
        span(text, "Deputy Minister", "PERSON"),
    ]
    assert [m.text for m in MentionResolver([]).resolve(text, spans)] == ["Lloyd Austin"]


def test_title_case_headings_do_not_produce_junk():
    text = (
        "Talks went on in Brussels all week, officials said.\n\n"
        "An Unprecedented Alliance?\n\n"
        "Diplomats from Brussels met again on Friday to discuss the plan."
    )
    spans = [
        span(text, "Brussels", "GPE"),
        span(text, "An Unprecedented Alliance", "ORG"),
        span(text, "Brussels", "GPE", nth=1),
    ]
    assert [m.text for m in MentionResolver([]).resolve(text, spans)] == ["Brussels", "Brussels"]


def test_gazetteer_names_in_headings_are_kept():
    text = "Kyiv Prepares for Winter\n\nThe city stocked up on fuel and generators."
    spans = [span(text, "Kyiv", "GPE", ent_id="Kyiv")]
    assert [m.canonical for m in MentionResolver(ENTRIES).resolve(text, spans)] == ["Kyiv"]


def test_user_gazetteer_overrides_the_base_one(tmp_path):
    base = tmp_path / "base.jsonl"
    base.write_text('{"name": "Sumy", "kind": "Place", "label": "GPE"}\n')
    user = tmp_path / "user.jsonl"
    user.write_text(
        '# my corrections\n{"name": "Sumy", "kind": "Organisation", "label": "ORG"}\n'
        '{"name": "Broken", "kind": "Nonsense"}\nnot json\n'
    )
    entries = load_gazetteer(base, user)
    assert [(e.name, e.kind) for e in entries] == [("Sumy", "Organisation")]


def test_abbreviations_keep_their_full_stop_and_slugs_are_cut():
    from indexer.name_spans import clean_span

    text = "CRICKET - ESSEX WIN\n\nShares of Banc One Corp. rose. Kent met Smith Jr. today."
    for written, name in (
        ("Banc One Corp.", "Banc One Corp."),  # "Corp." lost its full stop
        ("CRICKET - ESSEX", "ESSEX"),  # the wire slug is not part of the name
        ("Smith Jr.", "Smith Jr."),
    ):
        start = text.index(written)
        found = clean_span(text, start, start + len(written), person=False)
        assert found is not None and text[found[0] : found[1]] == name


def test_a_label_line_is_not_a_heading():
    """ "PAYING AGENT : Michigan National Bank , Detroit" is Title Case and short, but a
    label and its value: the bank is a name, not heading junk."""
    text = "The bonds were sold.\n\nPAYING AGENT : Michigan National Bank , Detroit\n"
    mentions = MentionResolver([]).resolve(text, [span(text, "Michigan National Bank", "ORG")])
    assert [m.text for m in mentions] == ["Michigan National Bank"]


def test_capitalised_common_words_in_a_heading_are_not_names():
    """The sample archive's sub-heading "Russian Drones and Missiles Rain on Kiev" gave
    the person "Missiles Rain", and a headline "Ukraine Missiles" a place: in a heading,
    a model-only person or place with a word the article writes in lower case is not
    a name, unless the prose has it too. Real names in headings stay, and words of
    addresses and handles ("mattt@…") are not prose."""
    text = (
        "Russian Drones and Missiles Rain on Kiev\n\n"
        "On Sunday night Russian missiles hit the city; rain fell on the ruins.\n\n"
        "Won by Robert Allenby at Sunningdale\n\n"
        "The winner thanked his caddie. Write to robert@example.org or see example.org/robert."
    )
    wanted = [("Missiles Rain", "PERSON"), ("Robert Allenby", "PERSON"), ("Sunningdale", "GPE")]
    found = [m.text for m in MentionResolver([]).resolve(text, spans_of(text, *wanted))]
    assert found == ["Robert Allenby", "Sunningdale"]
    title = "Ukraine Missiles Strike Back at the Front"
    body = "The missiles struck at dawn, said officials in Ukraine."
    kept = MentionResolver([]).resolve(
        body,
        [span(body, "Ukraine", "GPE")],
        title=title,
        title_spans=[span(title, "Ukraine Missiles", "GPE")],
    )
    # "Ukraine" alone is a name of the article: marked in the headline too.
    assert [(m.text, m.part) for m in kept] == [("Ukraine", "title"), ("Ukraine", "text")]


def test_one_wrong_span_is_not_spread_over_common_words():
    """In Moby-Dick the model's person "John the" made every "the" of the book a mention
    of him (13,639), its person "whales" every whale, and "Ahab answered—“Aye" was one
    name. A surname must look like a name, a name in lower case is a common word, and a
    span with a dash or an open quotation inside is dialogue. A nickname in quotes is
    part of a name, and real surnames still stand for the full name."""
    text = (
        "Then John the harpooneer went below. The whales were near, and the crew saw whales.\n"
        "Ahab answered—“Aye, aye!” And Joaquín “El Chapo” Guzmán was not there; Guzmán never is.\n"
        "Later Ahab spoke to the mate, and the sun rose. They served the “Armed Forces.”"
    )
    found = MentionResolver([]).resolve(
        text,
        spans_of(
            text,
            ("John the", "PERSON"),
            ("whales", "PERSON"),
            ("Ahab answered—“Aye", "PERSON"),
            ("Joaquín “El Chapo” Guzmán", "PERSON"),
            ("Ahab", "PERSON", 1),
            ("sun", "ORG"),
            ("the “Armed Forces", "ORG"),  # the quotation is outside the name
        ),
    )
    texts = [m.text for m in found]
    assert "the" not in texts and "The" not in texts
    assert not any(m.text.lower() == "whales" or m.text == "sun" for m in found)
    assert not any("answered" in m.text for m in found)
    assert texts.count("Ahab") == 2  # the dialogue's Ahab comes back by propagation
    guzman = [m for m in found if m.canonical == "Joaquín “El Chapo” Guzmán"]
    assert [m.text for m in guzman] == ["Joaquín “El Chapo” Guzmán", "Guzmán"]
    assert found[-1].text == "Armed Forces"


def test_a_lower_case_article_before_a_name_is_not_part_of_it():
    """The model's "a Sub-Sub-Librarian" and "an Englishman": the name is after the
    article. Lower-case particles that belong to names stay ("de Gaulle")."""
    text = "Supplied by a Sub-Sub-Librarian. He met an Englishman and de Gaulle in Paris."
    wanted = [("a Sub-Sub-Librarian", "ORG"), ("an Englishman", "NORP"), ("de Gaulle", "PERSON")]
    found = [m.text for m in MentionResolver([]).resolve(text, spans_of(text, *wanted))]
    assert found == ["Sub-Sub-Librarian", "Englishman", "de Gaulle"]


def test_a_dateline_place_in_capitals_is_the_place_as_written():
    """Reuters datelines ("NEW YORK, March 3 - ...") start an ordinary line: "NEW YORK"
    was a place of its own beside "New York". A known place in capitals is written as
    the place is; short capitals may be acronyms and stay, as do other kinds."""
    text = "NEW YORK, March 3 - Shares in the UAE and BRICS markets rose, TOKYO traders said."
    wanted = [("NEW YORK", "GPE"), ("UAE", "GPE"), ("BRICS", "ORG"), ("TOKYO", "GPE")]
    found = MentionResolver([]).resolve(text, spans_of(text, *wanted))
    assert [(m.text, m.canonical) for m in found] == [
        ("NEW YORK", "New York"),
        ("UAE", "UAE"),
        ("BRICS", "BRICS"),
        ("TOKYO", "Tokyo"),
    ]


def test_a_person_has_no_digits():
    """Earnings tables and codes the model took for people ("Revs 40.9 mln vs", "Q2
    Earnings", "DP-9") are not names; a call sign after a name is cut off it."""
    text = (
        "Revs 40.9 mln vs 31.6 mln\n\nQ2 Earnings rose. The DP-9 works.\n\n"
        "-- Dave Feustel N9MYI wrote this, and Louis XIV did not."
    )
    wanted = [
        ("Revs 40.9 mln vs", "PERSON"),
        ("Q2 Earnings", "PERSON"),
        ("DP-9", "PERSON"),
        ("Dave Feustel N9MYI", "PERSON"),
        ("Louis XIV", "PERSON"),
    ]
    found = [m.text for m in MentionResolver([]).resolve(text, spans_of(text, *wanted))]
    assert found == ["Dave Feustel", "Louis XIV"]


def _headline(title: str, needle: str, label: str = "PERSON", body: str = "", body_names=()):
    """The headline's mentions when the model found `needle` in it."""
    text_spans = [span(body, name, "PERSON") for name in body_names]
    return [
        (m.text, m.canonical, m.kind)
        for m in MentionResolver(ENTRIES).resolve(
            body or "The talks went on.", text_spans, title, [span(title, needle, label)]
        )
        if m.part == "title"
    ]


def test_a_headline_verb_run_into_a_name_is_not_part_of_it():
    # Reuters-21578 headlines in capitals: the model's "VOLCKER SAYS" and "SAYS".
    assert _headline("INFLATION STILL A CONCERN, VOLCKER SAYS", "VOLCKER SAYS") == [
        ("VOLCKER", "Volcker", "Person")
    ]
    assert _headline("FITZWATER SAYS REAGAN AGAINST TAX HIKE", "SAYS") == []
    # The text vouches for a name that ends like a verb, and a known place stays whole.
    assert _headline(
        "TYRA BANKS OPENS SHOW", "TYRA BANKS", body="Tyra Banks said.", body_names=["Tyra Banks"]
    )[0] == ("TYRA BANKS", "Tyra Banks", "Person")
    assert _headline("UNITED STATES URGES TALKS", "UNITED STATES", "GPE") == [
        ("UNITED STATES", "United States", "Place")
    ]


def test_a_month_before_a_day_or_year_is_a_date_not_a_name():
    text = "STOCKHOLM, Mar 12 - Results were weak. Theresa May spoke. May 1987 was dry."
    mentions = MentionResolver(ENTRIES).resolve(
        text,
        spans_of(text, ("Mar", "PERSON"), ("Theresa May", "PERSON"), ("May", "PERSON", 1)),
    )
    assert [m.canonical for m in mentions if m.kind == "Person"] == ["Theresa May"]


def test_a_name_ending_in_a_legal_form_is_an_organisation():
    text = "John S. Herold Inc said Boliden AB and Societe Generale S.A. agreed. Co Inc rose."
    mentions = MentionResolver(ENTRIES).resolve(
        text,
        spans_of(
            text,
            ("John S. Herold Inc", "PERSON"),
            ("Boliden AB", "GPE"),
            ("Societe Generale S.A.", "PERSON"),
            ("Co Inc", "ORG"),
        ),
    )
    assert [(m.canonical, m.kind) for m in mentions] == [
        ("John S. Herold Inc", "Organisation"),
        ("Boliden AB", "Organisation"),
        ("Societe Generale S.A.", "Organisation"),
    ]


def test_a_name_in_capitals_is_written_as_names_are():
    from indexer.entity_rules import name_case

    assert [name_case(n) for n in ("MOODY'S", "O'BRIEN", "ROLLS-ROYCE", "D'ALEMA")] == [
        "Moody's",
        "O'Brien",
        "Rolls-Royce",
        "D'Alema",
    ]
    title, body = "MOODY'S UPGRADES CHRYSLER", "Moody's Investors Service Inc said so."
    assert _headline(title, "MOODY'S", "ORG", body) == [("MOODY'S", "Moody", "Organisation")]


def test_a_lone_word_of_a_headline_in_capitals_is_a_name_only_if_the_text_says_so():
    body = "Crude fell 2 pct to 18 dlrs. OPEC met."
    assert _headline("OIL PRICES FALL 2 PCT", "PCT", "ORG", body) == []
    assert _headline("OPEC MEETS", "OPEC", "ORG", body) == [("OPEC", "OPEC", "Organisation")]
    # A common word alone is no name, though this text never writes it.
    assert _headline("API REPORTS SHARP FALL IN DRILLINGS", "FALL", "ORG", body) == []


def test_a_surname_the_model_took_for_an_organisation_is_the_person():
    # Reuters-21578: "However, Volcker said" was an organisation after "Paul Volcker",
    # so person:Volcker did not mark it.
    text = (
        "Chairman Paul Volcker spoke. However, Volcker said more. "
        "Ford Motor Co and Henry Ford. Ford rose."
    )
    mentions = MentionResolver(ENTRIES).resolve(
        text,
        spans_of(
            text,
            ("Paul Volcker", "PERSON"),
            ("Volcker", "ORG", 1),
            ("Ford Motor Co", "ORG"),
            ("Henry Ford", "PERSON"),
            ("Ford", "ORG", 2),
        ),
    )
    assert [(m.text, m.canonical, m.kind) for m in mentions] == [
        ("Paul Volcker", "Paul Volcker", "Person"),
        ("Volcker", "Paul Volcker", "Person"),
        ("Ford Motor Co", "Ford Motor Co", "Organisation"),
        ("Henry Ford", "Henry Ford", "Person"),
        ("Ford", "Ford", "Organisation"),
    ]


def test_a_wire_datelines_known_place_is_a_mention_when_the_model_missed_it():
    # CoNLL-2003: the model found nothing in "BUCHAREST 1996-08-30".
    text = "BUCHAREST 1996-08-30\n\nRomania beat Lithuania 2-1 on Friday."
    mentions = MentionResolver(ENTRIES).resolve(text, [span(text, "1996-08-30", "DATE")])
    assert [(m.text, m.canonical, m.kind) for m in mentions if m.kind == "Place"] == [
        ("BUCHAREST", "Bucharest", "Place")
    ]
    # Only a known place, and never over what the model found there.
    for text in ("ACME WIDGETS 1996-08-30\n\nIt rose.", "Scorers : Romania 2"):
        assert MentionResolver(ENTRIES).resolve(text, []) == []
    text = "NEW YORK, March 9 - Oil rose."
    [found] = MentionResolver(ENTRIES).resolve(text, [span(text, "NEW YORK", "GPE")])
    assert (found.start, found.end, found.canonical) == (0, 8, "New York")


def test_a_sports_kicker_is_no_dateline_place():
    # "Rugby" is a town; "RUGBY - …" has no date and no agency: a kicker.
    assert MentionResolver(ENTRIES).resolve("RUGBY - ENGLAND WIN IN PARIS.", []) == []
    text = "KYIV (Reuters) - Drones struck overnight."
    [kyiv] = MentionResolver(ENTRIES).resolve(text, [])
    assert (kyiv.text, kyiv.canonical, kyiv.kind) == ("KYIV", "Kyiv", "Place")


def test_a_persons_surname_that_is_also_a_country_stays_the_person():
    """ "Jordan" after "Michael Jordan" was the country Jordan: a major place the model
    called a person is a place (Sumy), but not the surname of a person named in full."""
    text = "Michael Jordan scored 30. Jordan said he was tired. Shelling hit Sumy."
    mentions = MentionResolver(ENTRIES).resolve(
        text,
        spans_of(text, ("Michael Jordan", "PERSON"), ("Jordan", "PERSON", 1), ("Sumy", "PERSON")),
    )
    assert [(m.canonical, m.kind) for m in mentions] == [
        ("Michael Jordan", "Person"),
        ("Michael Jordan", "Person"),
        ("Sumy", "Place"),
    ]
