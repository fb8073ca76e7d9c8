"""The articles that passages quote, exported as references for a citation manager
(BibTeX, RIS, CSL JSON): one an article, with the same key in every format, read
from a real index of a Nexis export (publication, date, byline) and real passages."""

from __future__ import annotations

import json
import re

import pytest

from annotations.export.references import Name, authors_of
from gui.cli import main
from gui.context import AppContext
from gui.exporting import Scope, export_bytes
from gui.paths import resolve_home
from tests.conftest import drain
from tests.test_ingest_nexis import ACADEMIC


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Shaun Walker in Simferopol", [Name("Walker", "Shaun")]),
        ("By Andrew Roth", [Name("Roth", "Andrew")]),
        (
            "Norma Cohen and Dominique Jackson",
            [Name("Cohen", "Norma"), Name("Jackson", "Dominique")],
        ),
        ("Solange De Santis", [Name("De Santis", "Solange")]),
        ("By MICHAEL R. GORDON", [Name("Gordon", "Michael R.")]),
        ("MARK O'NEILL", [Name("O'Neill", "Mark")]),
        ("Ursula von der Leyen", [Name("von der Leyen", "Ursula")]),
        ("mattt@nshipster.com (Mattt Thompson)", [Name("Thompson", "Mattt")]),
        ("Frank Brown 726-0415", [Name("Brown", "Frank")]),
        ("Reuters", [Name(literal="Reuters")]),
        ("Guardian staff and agencies", [Name(literal="Guardian staff"), Name(literal="agencies")]),
        ("Lyle_Seaman@transarc.com", [Name(literal="Lyle_Seaman@transarc.com")]),
        ('"Get thee to a nunnery....."', [Name(literal="Get thee to a nunnery")]),
        ("", []),
        (
            "Julian Borger in Washington and Shaun Walker in Moscow",
            [Name("Borger", "Julian"), Name("Walker", "Shaun")],
        ),
        ("Walker, Shaun", [Name("Walker", "Shaun")]),
        ("GORDON, MICHAEL R.", [Name("Gordon", "Michael R.")]),
        ("By Jane Doe, Staff Writer", [Name("Doe", "Jane")]),
        ("Jane Doe, Washington Post", [Name("Doe", "Jane")]),
        ("Jane Doe and Reuters", [Name("Doe", "Jane")]),
    ],
)
def test_a_byline_is_read_into_authors(byline, names):
    assert authors_of(byline) == names


@pytest.fixture
def quoted(tmp_path):
    """A Nexis export indexed, with passages on two of its articles (two on one)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "export.txt").write_text(ACADEMIC)
    home = tmp_path / "home"
    ctx = AppContext(resolve_home(home))
    drain(ctx.library.update(folder))
    store = ctx.annotations
    for title, quote in (
        ("Ukraine mobilises reservists", "reservists"),
        ("Ukraine mobilises reservists", "Crimea"),
        ("West Weighs Sanctions", "Crimea"),
    ):
        article = next(a for a in ctx.library.articles() if a.title.startswith(title))
        text = ctx.library.article(article.id).text
        start = text.index(quote)
        store.add_passage(
            article.id,
            text,
            start,
            start + len(quote),
            ["Mobilisation"],
            "",
            article.title,
            article.source,
        )
    yield ctx, home
    ctx.close_thread()


def _export(ctx, fmt: str, everything: bool = False) -> tuple[str, int]:
    if everything:  # a passage on every article
        for article in ctx.library.articles():
            text = ctx.library.article(article.id).text
            ctx.annotations.add_passage(
                article.id, text, 0, 4, ["Opening"], "", article.title, article.source
            )
    data, count = export_bytes(ctx.library, ctx.annotations, fmt, Scope())
    return data.decode("utf-8"), count


def _bibtex_entries(text: str) -> dict[str, dict[str, str]]:
    """Entries of a BibTeX file, read as BibTeX reads them: braces must balance."""
    entries = {}
    for match in re.finditer(r"@(\w+)\{([^,]+),\n(.*?)\n\}", text, re.S):
        fields = dict(re.findall(r"^  (\w+) = \{(.*)\},$", match.group(3), re.M))
        for value in fields.values():
            depth = 0
            for char in re.sub(r"\\[{}]", "", value):
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0, value
            assert depth == 0, value
        entries[match.group(2)] = {"@": match.group(1), **fields}
    return entries


def test_bibtex_has_one_entry_an_article_with_its_citation(quoted):
    ctx, _ = quoted
    text, count = _export(ctx, "bib")
    assert count == 2  # three passages, two articles
    entries = _bibtex_entries(text)
    guardian = entries["walker2014ukraine"]
    assert guardian["@"] == "article"
    assert guardian["title"] == "{Ukraine mobilises reservists as Russia tightens grip on Crimea}"
    assert guardian["author"] == "Walker, Shaun"
    assert guardian["journal"] == "The Guardian (London)"
    assert (guardian["date"], guardian["year"], guardian["month"]) == ("2014-03-03", "2014", "mar")
    assert guardian["entrysubtype"] == "newspaper"
    assert guardian["file"].endswith("export.txt")
    assert len(entries) == 2
    # without a byline, the publication names the key ("Kyiv Post", not "Post")
    assert "kyiv2014sumy" in _bibtex_entries(_export(ctx, "bib", everything=True)[0])


def test_ris_and_csl_json_give_the_same_references_under_the_same_keys(quoted):
    ctx, _ = quoted
    bib_keys = set(_bibtex_entries(_export(ctx, "bib")[0]))
    ris, _ = _export(ctx, "ris")
    records = [r for r in ris.split("ER  - ") if r.strip()]
    assert len(records) == 2
    for record in records:
        lines = [line for line in record.split("\r\n") if line]
        assert lines[0] == "TY  - NEWS"
        assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in lines), lines
    assert set(re.findall(r"^ID  - (\S+)", ris, re.M)) == bib_keys
    assert "AU  - Walker, Shaun\r\nPY  - 2014\r\nDA  - 2014/03/03/\r\n" in ris
    assert "T2  - The Guardian (London)" in ris
    items = json.loads(_export(ctx, "csljson")[0])
    assert {item["id"] for item in items} == bib_keys
    guardian = next(item for item in items if item["id"] == "walker2014ukraine")
    assert guardian["type"] == "article-newspaper"
    assert guardian["author"] == [{"family": "Walker", "given": "Shaun"}]
    assert guardian["issued"] == {"date-parts": [[2014, 3, 3]]}
    assert guardian["container-title"] == "The Guardian (London)"


def test_keys_that_would_repeat_are_told_apart_and_tex_is_escaped():
    from types import SimpleNamespace

    from annotations.export.excerpts import ArticleInfo, ExportOptions
    from annotations.export.references import render_bibtex

    def excerpt(article_id: str, title: str) -> SimpleNamespace:
        """What references() reads of an excerpt: its article."""
        article = ArticleInfo(article_id, title, "Shaun Walker", "2014-03-03", site="A & B_C")
        return SimpleNamespace(article=article)

    text = render_bibtex(
        [excerpt("b", "Ukraine: 50% of {it}"), excerpt("a", "Ukraine again")], ExportOptions()
    ).decode()
    entries = _bibtex_entries(text)
    assert set(entries) == {"walker2014ukrainea", "walker2014ukraineb"}
    assert entries["walker2014ukraineb"]["title"] == r"{Ukraine: 50\% of \{it\}}"
    assert entries["walker2014ukrainea"]["journal"] == r"A \& B\_C"


def test_an_article_without_a_headline_is_cited_by_its_words_in_brackets(seeded_ctx):
    ctx = seeded_ctx
    article = next(a for a in ctx.library.articles() if a.title_derived)
    text = ctx.library.article(article.id).text
    ctx.annotations.add_passage(
        article.id, text, 0, 5, ["Opening"], "", article.title, article.source
    )
    items = json.loads(export_bytes(ctx.library, ctx.annotations, "csljson", Scope())[0])
    [item] = items
    assert item["title"].startswith("[") and item["title"].endswith("]")
    assert item["title"][1:-1] in article.title and "…" not in item["title"]


def test_the_command_line_writes_references_and_counts_them(quoted, tmp_path, capsys):
    _, home = quoted
    out = tmp_path / "refs.ris"
    assert main(["--home", str(home), "export", "--format", "ris", "-o", str(out)]) == 0
    assert "2 references written to" in capsys.readouterr().err
    assert out.read_bytes().startswith(b"TY  - NEWS\r\n")


def test_the_export_dialog_offers_the_reference_formats(qtbot, seeded_ctx):
    from gui.export_dialog import ExportDialog

    dialog = ExportDialog([], "", None, [])
    qtbot.addWidget(dialog)
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert formats[-3:] == ["bib", "ris", "csljson"]
    assert "BibTeX" in dialog.format.itemText(formats.index("bib"))
    dialog.show_preview("> quote", 3)
    assert dialog.group.isEnabled() and dialog.context.isEnabled()
    dialog.format.setCurrentIndex(formats.index("ris"))
    assert not dialog.group.isEnabled() and not dialog.context.isEnabled()
    assert "one reference each" in dialog.status.text()
    assert dialog.status.text().startswith("3 passages to export.")
    dialog.format.setCurrentIndex(formats.index("md"))
    assert dialog.group.isEnabled() and "reference" not in dialog.status.text()


def test_the_window_saves_references_and_says_how_many(qtbot, seeded_home, tmp_path):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    store = window.ctx.annotations
    for article in list(window.ctx.library.articles())[:2]:
        text = window.ctx.library.article(article.id).text
        for start in (0, 10):  # two passages an article: one reference each
            store.add_passage(
                article.id, text, start, start + 5, ["Opening"], "", article.title, article.source
            )
    target = tmp_path / "references.bib"
    with qtbot.waitSignal(window.export_finished, timeout=10_000) as done:
        window._export_save(None, "bib", None, "tag", False, path=target)
    assert done.args[0] == f"2 references exported to {target}"
    assert target.read_text(encoding="utf-8").count("\n@") == 2


def test_markdown_and_csv_carry_each_excerpts_key_for_pandoc_and_spreadsheets(quoted):
    import csv
    import io

    ctx, _ = quoted
    keys = set(_bibtex_entries(_export(ctx, "bib")[0]))
    markdown = _export(ctx, "md")[0]
    cited = re.findall(r"^> — .*\[@(\w+)\]$", markdown, re.M)
    assert len(cited) == 3 and set(cited) == keys  # every excerpt, as Pandoc cites
    rows = list(csv.DictReader(io.StringIO(_export(ctx, "csv")[0].lstrip("\ufeff"))))
    assert {row["citekey"] for row in rows} == keys
    assert {row["citekey"] for row in rows if row["author"] == "Shaun Walker in Simferopol"} == {
        "walker2014ukraine"
    }


def test_the_export_dialog_previews_a_references_file_as_it_will_be_written(qtbot, seeded_home):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    article = next(a for a in window.ctx.library.articles() if a.author == "Harrison Kass")
    text = window.ctx.library.article(article.id).text
    window.ctx.annotations.add_passage(
        article.id, text, 0, 5, ["Opening"], "", article.title, article.source
    )
    dialog = window.show_export()
    qtbot.waitUntil(lambda: "Opening" in dialog.preview.toPlainText(), timeout=10_000)
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    dialog.format.setCurrentIndex(formats.index("ris"))
    qtbot.waitUntil(lambda: "TY  - GEN" in dialog.preview.toPlainText(), timeout=10_000)
    assert "AU  - Kass, Harrison" in dialog.preview.toPlainText()
    assert "references" in dialog.preview_label.text()
    dialog.format.setCurrentIndex(formats.index("html"))
    qtbot.waitUntil(lambda: "TY  -" not in dialog.preview.toPlainText(), timeout=10_000)
    assert "Opening" in dialog.preview.toPlainText()
    dialog.close()


def test_keys_stay_unique_however_many_articles_share_one():
    """A year of one agency's daily bulletins with one headline word: 703 articles with
    one key base failed ("string index out of range") after zz."""
    from annotations.export.excerpts import ArticleInfo
    from annotations.export.references import _suffix, citation_keys

    assert [_suffix(i) for i in (0, 25, 26, 27, 701, 702, 703)] == [
        "a",
        "z",
        "aa",
        "ab",
        "zz",
        "aaa",
        "aab",
    ]
    cited = [
        type(
            "Cited", (), {"article": ArticleInfo(f"id{i:04d}", "Bulletin", "Reuters", "1987-03-09")}
        )
        for i in range(800)
    ]
    keys = citation_keys(cited)
    assert len(set(keys.values())) == 800
