"""Splitting and cleaning plain text: on the sample archive and on text written here."""

from __future__ import annotations

import pytest

from indexer.ingest.plaintext import parse_plain_text, quote_marks, quoted_paragraphs
from tests.conftest import SEEDS


def _seed_articles():
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        found += [(path.name, a) for a in parse_plain_text(path.read_text(encoding="utf-8"))]
    return found


def test_sample_archive_holds_thirteen_articles_nine_in_one_file():
    articles = _seed_articles()
    assert len(articles) == 13
    assert sum(1 for name, _ in articles if name.startswith("002_")) == 9


def test_headlines_sections_and_bylines_become_metadata():
    by_title = {a.title: a for _, a in _seed_articles()}
    assert by_title["North Korea Sends 10,000 Troops to Russia: Pentagon"].section == (
        "Russia-Ukraine War"
    )
    axis = next(a for t, a in by_title.items() if t.startswith("China, Russia, North Korea"))
    assert axis.section == "Modern Warfare"
    # Headlines are stored as written: this site shouts its headlines in capitals.
    shouted = by_title["UKRAINE AND RUSSIA EXCHANGE STRIKES AFTER LATEST CEASEFIRE TALKS"]
    assert shouted.author == "George Riebling"
    kass = next(a for a in by_title.values() if a.author == "Harrison Kass")
    assert kass.title_derived and kass.title.startswith("A recent set of prisoner exchanges")


@pytest.mark.parametrize(
    "debris",
    [
        "Quantcast",
        "Logo",
        "Suggested reads",
        "JOIN OUR NEWSLETTER",
        "RECENT POSTS",
        "years ago",
        "About the Author",
        "is a senior defense and national security writer",
        "Image: Wikimedia Commons",
        "(With inputs from agencies)",
        "By George Riebling",
    ],
)
def test_no_debris_in_any_text(debris):
    for name, article in _seed_articles():
        assert debris not in article.text, f"{debris!r} left in {name}: {article.title}"


def test_sub_headings_stay_inside_their_article():
    speculation = next(
        a for _, a in _seed_articles() if a.title.startswith("Speculation Surrounding")
    )
    assert "An Unprecedented Alliance?" in speculation.text
    assert "Diplomatic Fallout and Strategic Calculations" in speculation.text


# Text written for these tests, in shapes the seeds do not have.

PARAGRAPH = (
    "The council met on Tuesday to discuss the budget for the coming year, and members "
    "argued for several hours about the cost of repairs to the old bridge over the river."
)


def test_newsletter_box_in_the_middle_is_removed_and_subheading_kept():
    text = "\n".join(
        [
            "Council Approves Bridge Repairs After Long Debate",
            "By Jane Q. Public",
            PARAGRAPH,
            "Sign up for our newsletter",
            "Get the best stories every morning",
            "Email address",
            PARAGRAPH.replace("Tuesday", "Wednesday"),
            "What Happens Next",
            PARAGRAPH.replace("budget", "plan"),
            "Share this:",
            "Facebook",
            "Twitter",
        ]
    )
    [article] = parse_plain_text(text)
    assert article.title == "Council Approves Bridge Repairs After Long Debate"
    assert article.author == "Jane Q. Public"
    assert "newsletter" not in article.text and "Email address" not in article.text
    assert "What Happens Next" in article.text
    assert "Facebook" not in article.text and "Share this" not in article.text


def test_hard_wrapped_paragraphs_are_joined():
    wrapped = (
        "Storm Closes Coastal Roads\n\n"
        "Heavy rain and strong winds closed several coastal roads on Monday as the\n"
        "storm moved north, and officials urged drivers to stay at home until the\n"
        "water had gone down and the roads had been checked for damage.\n\n"
        "Emergency crews worked through the night to clear fallen trees from the\n"
        "main roads, while schools in three towns stayed closed for the whole day\n"
        "and trains ran on a reduced timetable until the late evening service.\n"
    )
    [article] = parse_plain_text(wrapped)
    assert article.title == "Storm Closes Coastal Roads"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 2
    assert "on Monday as the storm moved north" in paragraphs[0]


def test_windows_line_endings_and_a_file_without_headline():
    text = (PARAGRAPH + "\r\n" + PARAGRAPH).replace("The council", "The city council")
    [article] = parse_plain_text(text)
    assert "\r" not in article.text
    assert article.title_derived
    assert article.title.startswith("The city council met on Tuesday")


def test_text_without_prose_is_still_an_article_with_every_line():
    """Results tables and standings have no sentences; they are still the story."""
    table = "SOCCER - DUTCH FIRST DIVISION RESULTS .\n\nAMSTERDAM 1996-08-31\n\n" + "\n".join(
        f"Team {n} {n % 3} Club {n} {n % 2}" for n in range(8)
    )
    [article] = parse_plain_text(table)
    assert article.title == "SOCCER - DUTCH FIRST DIVISION RESULTS ."
    assert article.text.startswith("AMSTERDAM 1996-08-31")
    assert article.published == "1996-08-31"
    assert all(f"Team {n} {n % 3} Club {n} {n % 2}" in article.text for n in range(8))


def test_sentence_case_and_non_latin_headlines_are_kept_as_written():
    for headline in ("BA to suspend two Saudi services", "Киев и Москва обменялись пленными"):
        [article] = parse_plain_text(f"{headline}\n\n{PARAGRAPH}\n\n{PARAGRAPH}")
        assert article.title == headline and not article.title_derived
        assert headline not in article.text


def test_closing_short_lines_and_sign_offs_stay():
    text = f"Talks Resume In Geneva\n\n{PARAGRAPH}\n\nMore to follow.\n\nREUTER"
    [article] = parse_plain_text(text)
    assert article.text.endswith("More to follow.\n\nREUTER")


def test_every_removed_line_is_recorded_with_its_rule_and_text_maps_to_the_file():
    from indexer.provenance import SourceMap

    source = (SEEDS / "004_335af8a02b345e30.txt").read_text(encoding="utf-8")
    [article] = parse_plain_text(source)
    removed = {source[a:b]: rule for a, b, rule in article.source_map.removed}
    assert removed["By George Riebling"].startswith("byline")
    assert removed["UKRAINE AND RUSSIA EXCHANGE STRIKES AFTER LATEST CEASEFIRE TALKS"].startswith(
        "headline"
    )
    assert removed["JOIN OUR NEWSLETTER"] and removed["Quantcast"]
    # Every character of text that is not white space sits at the same character in the file.
    smap = SourceMap.from_json(article.source_map.to_json())
    for offset in range(0, len(article.text), 7):
        if not article.text[offset].isspace():
            assert source[smap.to_source(offset, article.text, source)] == article.text[offset]
    # Nothing in the file is lost without a record: each line is text or removed.
    covered = [(s, e) for _, _, s, e in smap.segments] + [(a, b) for a, b, _ in smap.removed]
    for line_start, line in _line_starts(source):
        if line.strip():
            assert any(s <= line_start + len(line) - len(line.lstrip()) < e for s, e in covered)


def _line_starts(text):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


def _one_per_file_archive(folder, count: int) -> dict[str, str]:
    """Files shaped like a real one-article-per-file archive: the title on the first line."""
    import random

    rng = random.Random(7)
    sentences = [
        s.strip() + "."
        for path in sorted(SEEDS.glob("*.txt"))
        for s in path.read_text(encoding="utf-8").split(". ")
        if 8 <= len(s.split()) <= 40 and "\n" not in s.strip()
    ]
    titles = {}
    for n in range(count):
        words = rng.sample(sentences, 1)[0].rstrip(".").split()[: rng.randint(4, 11)]
        title = " ".join(words)
        if n % 3 == 0:
            title = " ".join(w[:1].upper() + w[1:] for w in words)  # Title Case
        lines = [title]
        if n % 4 == 0:
            lines.append(rng.choice(["By Anna Kowalska", "By Tom O'Neill", "BY JOHN SMITH"]))
        for p in range(rng.randint(3, 8)):
            if p and n % 5 == 0 and p == 2:
                lines.append("What Comes Next")  # a sub-heading
            if p and n % 7 == 0 and p == 3:
                lines += ["Analysis", "Why The Talks Stalled Again"]  # a pair of short lines
            lines.append(" ".join(rng.sample(sentences, rng.randint(2, 5))))
        if n % 6 == 0:
            lines.append("Photo: Agency Pictures")
        (folder / f"{n:05}.txt").write_text("\n".join(lines), encoding="utf-8")
        titles[f"{n:05}.txt"] = title
    return titles


def test_one_article_per_file_with_the_title_on_the_first_line(tmp_path):
    titles = _one_per_file_archive(tmp_path, 400)
    for name, title in titles.items():
        articles = parse_plain_text((tmp_path / name).read_text(encoding="utf-8"))
        assert [a.title for a in articles] == [title], name
        assert "Photo: Agency" not in articles[0].text
        assert not articles[0].text.lower().startswith("by ")


def _read(lines: list[str]):
    """The one article read from a file of these lines, and its paragraphs."""
    [article] = parse_plain_text("\n".join(lines))
    return article, article.text.split("\n\n")


def test_a_short_post_wrapped_and_indented_is_one_paragraph():
    """A newsgroup post of a dozen lines ("Lines: 12" in 20 Newsgroups) has too few
    long lines to measure its wrap width: each wrapped line was a paragraph of its own
    in the reader. A file whose every line fits a terminal is taken as wrapped; its
    greeting, sign-off and separator stay lines of their own."""
    _, paragraphs = _read(
        [
            "1028x1024 video board",
            "",
            "Hi there,",
            "",
            "    I plan on upgrading my monitor and video card to 1280x1024. I have",
            "    a DX2/66 ISA (no local bus) system. I would appreciate if anyone can ",
            "    drop me an email of your experience with high-resolution",
            "    video board/monitor. Thanks.",
            "",
            "-Ming T. Lin",
            "",
            "---------------------------------------------------------------------------",
            "mlin@ichips.intel.com",
        ]
    )
    assert (
        "I plan on upgrading my monitor and video card to 1280x1024. I have a DX2/66 ISA "
        "(no local bus) system. I would appreciate if anyone can drop me an email of your "
        "experience with high-resolution video board/monitor. Thanks."
    ) in paragraphs
    assert "Hi there," in paragraphs and "-Ming T. Lin" in paragraphs
    # Lines a little longer than a terminal's are one paragraph each, as before.
    wide = ["An item of a list that runs on past the eightieth column of the line, and more so"] * 3
    assert all(len(line) > 80 for line in wide)
    [listed] = parse_plain_text("\n".join(["Title line", "", *wide]))
    assert len(listed.text.split("\n\n")) == 3


def test_a_posts_quoted_paragraphs_are_joined_level_by_level_with_their_marks_once():
    """20 Newsgroups: a quoted paragraph joined back kept every line's marks inside it
    ("Lord, Liar, or Lunatic > : > originate with C.S. Lewis?"), so the reader showed
    marks mid-sentence, and a quoted blank line (">") was a paragraph of its own."""
    _, paragraphs = _read(
        [
            "In article <C5rEyF.4CE@darkside.edu>, bil@okcforum.edu (Bill Conner) wrote:",
            "",
            "> Kent Sandvik (sandvik@newton.apple.com) wrote:",
            "> : > Someone spank me if I'm wrong, but didn't Lord, Liar, or Lunatic",
            "> : > originate with C.S. Lewis?  Who's this Campollo fellow anyway?",
            ">",
            '> There is a similar statement attributed to Anselm, "I believe so that',
            '> I may understand". In both cases reason is somewhat less exalted than',
            "> anyone posting here could accept :-) which means that neither statement",
            "> :-) can be properly analysed in this venue.",
            "",
            "Bill, I think you have a misunderstanding about atheism. Lack of belief in",
            "God does not directly imply lack of understanding transcendental values.",
            "I hope you would accept the fact that for instance Buddhists appreciate",
            "issues related to non-empirical reasoning without the need to believe.",
        ]
    )
    assert "> Kent Sandvik (sandvik@newton.apple.com) wrote:" in paragraphs
    assert (
        "> : > Someone spank me if I'm wrong, but didn't Lord, Liar, or Lunatic "
        "originate with C.S. Lewis? Who's this Campollo fellow anyway?"
    ) in paragraphs
    assert (
        '> There is a similar statement attributed to Anselm, "I believe so that I may '
        'understand". In both cases reason is somewhat less exalted than anyone posting '
        "here could accept :-) which means that neither statement :-) can be properly "
        "analysed in this venue."
    ) in paragraphs
    assert ">" not in paragraphs
    assert not [p for p in paragraphs if ">" in p[len(quote_marks(p)) :]]  # no marks inside
    assert any(p.startswith("Bill, I think you have") for p in paragraphs)


def test_quote_marks_of_other_readers_and_rules_stand_alone():
    """rn's "|>" marks are quotation marks too, and a rule of stars or dashes after a
    short line is a line of its own, quoted or not: joined, a signature box read
    "> - Vin Scully ******…" and "Kevin writes: |> As a matter of interest"."""
    assert quote_marks("|> As a matter") == "|> "
    assert quote_marks("|>|> In order") == "|>|> "
    assert quote_marks(":-) no") == ""
    post = "Kevin writes:\n\n|>|> In order\n\n> : > Who\n\n:-) no"
    assert list(quoted_paragraphs(post)) == [(15, 28, 2), (30, 39, 3)]
    article, paragraphs = _read(
        [
            "In article <1993Apr21.100149.1501@rtsg.mot.com>, kissane@black.edu writes:",
            "|> As a matter of interest does anyone know why autos are so popular in the US",
            "|> while here in Europe they are rare???  Just wondering, because it seems odd.",
            "",
            "They are popular here because the roads are long and straight, and the fuel is",
            "cheap enough that nobody minds driving a large car with a large engine in it.",
            "> - Vin Scully",
            "> ******************************************************************************",
            "-- ",
            "-----------------------------------------------------------------------------",
            "Kevin Anthoney kax@cs.nott.ac.uk",
        ]
    )
    assert article.title.endswith("writes:")  # the first line, here: no "|>" joined to it
    assert (
        "|> As a matter of interest does anyone know why autos are so popular in the US "
        "while here in Europe they are rare??? Just wondering, because it seems odd."
    ) in paragraphs
    for line in [
        "> - Vin Scully",
        "> " + "*" * 78,
        "--",
        "-" * 77,
        "Kevin Anthoney kax@cs.nott.ac.uk",
    ]:
        assert line in paragraphs, line


def test_a_quote_keeps_the_width_its_writer_wrapped_it_at():
    """20 Newsgroups: a message wrapped at 64 columns, quoted in a post wrapped at 80,
    read as a paragraph a line (each line shorter than four fifths of 80), so the
    reader showed a column of one-line paragraphs and a name wrapped between two
    lines ("the Arab Israeli / Conflict") was two names. The quoted attribution
    line, longer than the quote around it, neither sets the quote's width nor runs
    into the quote."""
    _, paragraphs = _read(
        [
            "From: someone@example.edu (A Reader)",
            "Subject: Re: Deir Yassin",
            "",
            "rj3s@Virginia.EDU writes:",
            "",
            ">In article <1993Apr20.1234@news.example.edu> harry@example.edu (Harry) writes:",
            ">First of all, Harry, I am not so uninformed about the group's",
            ">activities.  I'll give you a few quotes from a book by Charles",
            ">D. Smith in his Palestine and the Arab Israeli Conflict, which",
            ">came out in 1988 and again in 1992, with a new chapter on",
            ">the years since the first edition was printed.",
            "",
            "Ah - Palestine and the Arab Israeli conflict.  Sounds interesting, and I would",
            "like to read it before I say more about what it claims, if the library has it.",
            "Until then I will keep my own counsel on the matter, and so should the rest of",
            "us.   You know as well as I do that a quote out of context proves very little.",
        ]
    )
    assert (
        ">First of all, Harry, I am not so uninformed about the group's activities. I'll "
        "give you a few quotes from a book by Charles D. Smith in his Palestine and the "
        "Arab Israeli Conflict, which came out in 1988 and again in 1992, with a new "
        "chapter on the years since the first edition was printed."
    ) in paragraphs
    assert (
        ">In article <1993Apr20.1234@news.example.edu> harry@example.edu (Harry) writes:"
        in paragraphs
    )
    # Three spaces after a full stop are a typist's sentence end, not columns.
    assert any(p.endswith("proves very little.") and p.startswith("Ah - ") for p in paragraphs)


def test_headers_signatures_drawings_and_marked_lines_stay_lines():
    """Joined as wrapped prose, a quoted message's header fields read "References:
    <…> Nntp-Posting-Host: …", a signature in columns ran its name into its address,
    ASCII art and boxes became one line of marks, and "#"-quoted lines (a mark we
    do not read as quotation: it also opens headings) carried their marks inside."""
    wrapped = "here is a line of ordinary prose that fills the line up to the width"
    _, paragraphs = _read(
        [
            "Re: Registration",
            "",
            *[wrapped] * 6,
            "",
            ">Message-ID: <93Apr20.193958.30419@acs.example.ca>",
            ">References: <MS-C.735160298.1147902781@example.com> <C5pntM.8Co@cb.example.com>",
            ">Nntp-Posting-Host: acs3.acs.example.ca",
            "",
            "# How many ages can the universe have, and still be internally self-",
            "#consistent? I'd be amazed if it was more than one. How many different",
            "",
            "Steven Berson           UCLA Computer Science Department   (310) 825-3189",
            "steven@cs.example.edu      Los Angeles, CA 90024-1596",
            "",
            " _/_/_/_/  _/_/_/_/  _/      _/    * Atheist",
            " _/    _/  _/    _/  _/_/  _/_/    * Libertarian",
            "",
            "- discussion of generalities and particularities of the matter in hand",
            "- discussion of unconditional and conditional statements in the text",
        ]
    )
    for line in [
        ">Message-ID: <93Apr20.193958.30419@acs.example.ca>",
        ">References: <MS-C.735160298.1147902781@example.com> <C5pntM.8Co@cb.example.com>",
        ">Nntp-Posting-Host: acs3.acs.example.ca",
        "# How many ages can the universe have, and still be internally self-",
        "#consistent? I'd be amazed if it was more than one. How many different",
        "Steven Berson UCLA Computer Science Department (310) 825-3189",
        "steven@cs.example.edu Los Angeles, CA 90024-1596",
        "_/_/_/_/ _/_/_/_/ _/ _/ * Atheist",
        "- discussion of generalities and particularities of the matter in hand",
    ]:
        assert line in paragraphs, line
    assert " ".join([wrapped] * 6) in paragraphs  # prose of that width is still joined


def test_a_quote_cut_short_by_the_quoter_is_one_sentence_and_verse_stays_lines():
    """20 Newsgroups: a poster who trims a quote leaves its first words on a line of
    their own (">First" / ">of all, the village…"), which read as two paragraphs.
    A quoted poem's verses, longer and in lower case too, stay lines. (Three verses
    quoted alone, with no prose at their level to measure, would read as prose
    wrapped that narrow: their lines are joined.)"""
    _, paragraphs = _read(
        [
            "Re: Deir Yassin",
            "",
            ">First",
            ">of all, the village housed many *armed* troops.",
            "",
            "Source? Noone is claiming this anymore except you. Would you like to name one",
            "credible historian who asserts this? I believe that even Begin has the decency",
            "not to claim this, and nor does anybody else who has read the archives at all.",
            "",
            " > of man occurred.  This involved a gradual dimming of the",
            " > consciousness of the spiritual world.  This is discernable in",
            " > the world outlooks of different peoples through history.  The",
            ' > Greek, for example, could say, "better a beggar in the land of',
            ' > the living than a king in the land of the dead."  (Iliad, I',
            " > think).",
            "",
            " > Better, I say, to break sod as a farm hand",
            " > for some poor country man, on iron rations,",
            " > than lord it over all the exhausted dead.",
        ]
    )
    assert ">First of all, the village housed many *armed* troops." in paragraphs
    for verse in (
        "> Better, I say, to break sod as a farm hand",
        "> for some poor country man, on iron rations,",
        "> than lord it over all the exhausted dead.",
    ):
        assert verse in paragraphs, verse


def test_a_wire_dateline_comes_under_the_headline_and_stays_in_the_text():
    """A dateline was taken for "site chrome before the first headline", and the story's
    first sentence for its headline: the article had no text."""
    [article] = parse_plain_text("Soccer\n\nBUCHAREST 1996-08-30\n\nRomania beat Lithuania 2-1.")
    assert article.title == "Soccer"
    assert article.text == "BUCHAREST 1996-08-30\n\nRomania beat Lithuania 2-1."
    assert article.published == "1996-08-30"
    # A dateline above everything: no headline is made up from the first sentence.
    [article] = parse_plain_text("LONDON, March 9 - Oil rose.\n\nTraders said so.")
    assert "LONDON, March 9 - Oil rose." in article.text
