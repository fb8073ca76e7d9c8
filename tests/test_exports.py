"""Every export format, read back: CSV reader, W3C JSON-LD, REFI-QDA schemas, HTML, DOCX."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from gui.cli import main
from gui.context import AppContext
from gui.exporting import Scope, export_bytes
from gui.paths import resolve_home

SCHEMAS = Path(__file__).parent / "data" / "refi-qda"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
# The terms of the W3C Web Annotation context (http://www.w3.org/ns/anno.jsonld) that an
# export may use, from the data model; anything else must be under our declared prefix.
W3C_TERMS = {
    "@context",
    "id",
    "type",
    "label",
    "total",
    "first",
    "items",
    "startIndex",
    "motivation",
    "created",
    "modified",
    "body",
    "target",
    "source",
    "selector",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "value",
    "purpose",
    "format",
    "refinedBy",
}
W3C_PURPOSES = {
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
}


@pytest.fixture
def annotated(seeded_ctx):
    """The sample archive with passages: nested tags, a hostile note, two articles."""
    ctx = seeded_ctx
    pentagon = next(a for a in ctx.library.articles() if "Pentagon" in a.title)
    text = ctx.library.article(pentagon.id).text
    store = ctx.annotations
    for quote, tags, note in (
        ("10,000 troops", ["Troops"], HOSTILE),
        ("NATO Secretary-General Mark Rutte", ["Alliance", "Officials"], "**Rutte** on record"),
    ):
        start = text.index(quote)
        store.add_passage(
            pentagon.id,
            text,
            start,
            start + len(quote),
            tags,
            note,
            pentagon.title,
            pentagon.source,
        )
    store.move_tag(store.tag_named("Officials").id, store.tag_named("Alliance").id)
    store.recolor_tag(store.tag_named("Troops").id, "#ff8800")
    store.describe_tag(store.tag_named("Alliance").id, "Reactions of allies")
    other = next(a for a in ctx.library.articles() if a.author == "Harrison Kass")
    other_text = ctx.library.article(other.id).text
    start = other_text.index("prisoner swap")
    store.add_passage(
        other.id, other_text, start, start + 13, ["Swaps"], "", other.title, other.source
    )
    return ctx


def export(ctx, fmt, scope=None, **options) -> bytes:
    data, _count = export_bytes(ctx.library, ctx.annotations, fmt, scope or Scope(), **options)
    return data


def test_markdown_for_obsidian_with_nested_tags_and_citations(annotated):
    text = export(annotated, "md", context=True).decode()
    assert "## Alliance/Officials" in text and "#Alliance/Officials" in text
    assert "> 10,000 troops" in text
    assert "North Korea Sends 10,000 Troops to Russia: Pentagon" in text
    assert "002_29373696a4d02df1.txt, characters" in text
    assert "Harrison Kass" in text  # the author is part of the citation
    by_article = export(annotated, "md", group="article").decode()
    assert "## North Korea Sends 10,000 Troops to Russia: Pentagon" in by_article


def test_markdown_keeps_notes_and_quotes_inert(annotated):
    """No HTML, link or block syntax from a note or a quote reaches the Markdown."""
    from annotations.export.md_safe import lines

    hostile = (
        "```\n## Heading\n> not an excerpt\n<img src=http://example.org/x>"
        "\n[click](javascript:alert(1))\n    code\n- item"
    )
    assert lines(hostile) == [
        "\\`\\`\\`",
        "\\## Heading",
        "\\> not an excerpt",
        "&lt;img src=http://example.org/x>",
        "\\[click\\](javascript:alert(1))",
        "code",
        "\\- item",
    ]
    text = export(annotated, "md").decode()
    assert "<script" not in text and "<img" not in text


def test_csv_reads_back_one_row_per_excerpt_and_tag(annotated):
    data = export(annotated, "csv", context=True)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 4  # three passages, one of them with two tags
    troops = next(r for r in rows if r["quote"] == "10,000 troops")
    assert troops["note"] == HOSTILE and troops["tag_path"] == "Troops"
    # The full path: a reader of the spreadsheet can find the file.
    assert troops["source"].endswith("/seeds/002_29373696a4d02df1.txt") and troops["section"]
    assert int(troops["end"]) - int(troops["start"]) == len("10,000 troops")
    # The rest of the quote's sentence, the next sentence, and a mark for what follows.
    assert troops["context_after"].startswith("to Russia, as reported by the Pentagon")
    assert "week. This deployment" not in troops["context_after"]
    assert "This deployment" in troops["context_after"]
    assert troops["context_after"].endswith("troops last week. […]")
    assert {r["tag_path"] for r in rows} == {"Troops", "Alliance", "Alliance/Officials", "Swaps"}


def test_html_is_self_contained_and_shows_hostile_notes_as_text(annotated):
    data = export(annotated, "html")
    page = lxml_html.fromstring(data)
    assert page.xpath("//script") == [] and page.xpath("//img") == []
    assert page.xpath("//iframe | //link | //*[@src]") == []
    assert all("on" not in name[:2] for el in page.iter() for name in el.attrib)
    notes = [p.text_content().strip() for p in page.xpath("//div[@class='note']")]
    assert HOSTILE in notes
    # Notes are Markdown: formatted, never live markup.
    assert set(page.xpath("//div[@class='note']//strong/text()")) == {"Rutte"}
    marks = {m.text_content(): m.get("style") for m in page.xpath("//mark")}
    assert marks["10,000 troops"] == "background: #ff8800; color: #000000"


def test_docx_has_the_report_with_shaded_passages(annotated):
    import docx

    document = docx.Document(io.BytesIO(export(annotated, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert any("10,000 troops" in t for t in texts)
    assert any(t.startswith("Note: " + HOSTILE) for t in texts)
    shaded = document.element.body.xpath('.//w:shd[@w:fill="FF8800"]')
    assert shaded


def test_w3c_json_uses_the_annotation_vocabulary(annotated):
    collection = json.loads(export(annotated, "json"))
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 3
    for item in collection["first"]["items"]:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        keys = set(item) | {k for s in item["target"]["selector"] for k in s}
        keys |= set(item["target"]) | {k for b in item["body"] for k in b}
        assert {k for k in keys if not k.startswith("ar:")} <= W3C_TERMS
        selectors = [s["type"] for s in item["target"]["selector"]]
        # In the source file, and in the article's text as a refinement.
        assert selectors == ["TextPositionSelector", "TextQuoteSelector", "ar:ArticleSelector"]
        refined = {s["type"] for s in item["target"]["selector"][2]["refinedBy"]}
        assert refined == {"TextQuoteSelector", "TextPositionSelector"}
        assert item["target"]["source"].startswith("file:///")
        assert {b["purpose"] for b in item["body"]} <= W3C_PURPOSES
    rutte = next(i for i in collection["first"]["items"] if "Rutte" in json.dumps(i))
    assert {"tagging", "commenting"} == {b["purpose"] for b in rutte["body"]}


def test_w3c_json_reimports_into_an_empty_home_with_nothing_lost(annotated, tmp_path, capsys):
    path = tmp_path / "annotations.json"
    path.write_bytes(export(annotated, "json"))
    empty = tmp_path / "empty"
    assert main(["annotations", "import-json", str(path), "--home", str(empty)]) == 0
    restored = AppContext(resolve_home(empty))
    from annotations.backup import export_data

    original, copy = export_data(annotated.annotations), export_data(restored.annotations)
    strip = lambda data: {  # noqa: E731
        "tags": sorted(
            (t["name"], t["color"], t["parent"], t["description"], t["created_at"])
            for t in data["tags"]
        ),
        "passages": sorted(json.dumps(p, sort_keys=True) for p in data["passages"]),
    }
    assert strip(copy) == strip(original)
    restored.close_thread()


def test_refi_qda_project_and_codebook_validate(annotated, tmp_path):
    project_schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd")))
    codebook_schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook.xsd")))
    with zipfile.ZipFile(io.BytesIO(export(annotated, "qdpx"))) as archive:
        project = etree.fromstring(archive.read("project.qde"))
        project_schema.assertValid(project)
        ns = {"q": "urn:QDA-XML:project:1.0"}
        for source in project.xpath("//q:TextSource", namespaces=ns):
            text = archive.read("sources/" + source.get("plainTextPath").split("//")[1]).decode()
            for selection in source.xpath("q:PlainTextSelection", namespaces=ns):
                start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
                assert text[start:end].startswith(selection.get("name")[:20])
        codes = project.xpath("//q:Code/@name", namespaces=ns)
        assert set(codes) == {"Alliance", "Officials", "Troops", "Swaps"}
        assert project.xpath("//q:Code[@name='Alliance']/q:Code/@name", namespaces=ns) == [
            "Officials"
        ]
        notes = project.xpath("//q:Notes/q:Note/q:PlainTextContent/text()", namespaces=ns)
        assert HOSTILE in notes
        # QualCoder's importer needs creationDateTime on every Note, and reads the coding
        # memo from the selection's Description.
        for note in project.xpath("//q:Notes/q:Note", namespaces=ns):
            assert note.get("creationDateTime") and note.get("modifiedDateTime")
        described = project.xpath(
            "//q:PlainTextSelection[q:NoteRef]/q:Description/text()", namespaces=ns
        )
        assert described == notes
    codebook = etree.fromstring(export(annotated, "qdc"))
    codebook_schema.assertValid(codebook)


def test_csv_cells_that_would_run_as_formulas_are_inert(annotated):
    from annotations.export.csv_export import inert

    assert [inert(c) for c in ('=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "ok", 5)] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "ok",
        5,
    ]
    passage = annotated.annotations.all_passages()[0]
    annotated.annotations.set_note(passage.id, '=HYPERLINK("http://x","y")')
    rows = list(csv.reader(io.StringIO(export(annotated, "csv").decode("utf-8-sig"))))
    assert '\'=HYPERLINK("http://x","y")' in [cell for row in rows for cell in row]


def test_a_tag_export_lists_the_chosen_tags_only_and_cites_the_full_path(annotated):
    """A passage tagged Troops and Officials, exported by Officials: one CSV row, for
    Officials (there was a row for Troops too); every format cites the file's path."""
    passage = next(p for p in annotated.annotations.all_passages() if len(p.tags) == 1)
    annotated.annotations.set_tags(passage.id, [passage.tags[0].name, "Officials"])
    chosen = Scope("tag", tag="Officials", with_children=False)
    rows = list(csv.DictReader(io.StringIO(export(annotated, "csv", chosen).decode("utf-8-sig"))))
    assert {row["tag_path"] for row in rows} == {"Alliance/Officials"}
    for fmt in ("md", "html"):
        text = export(annotated, fmt, chosen).decode()
        assert "/seeds/" in text and "characters" in text


def test_scopes_tag_with_and_without_children_query_and_article(annotated):
    tag = Scope("tag", tag="Alliance", with_children=True)
    assert export_bytes(annotated.library, annotated.annotations, "csv", tag)[1] == 1
    only = Scope("tag", tag="Officials", with_children=False)
    assert export_bytes(annotated.library, annotated.annotations, "csv", only)[1] == 1
    query = Scope("query", query="Pyongyang")
    assert export_bytes(annotated.library, annotated.annotations, "csv", query)[1] == 2
    with pytest.raises(ValueError, match="no tag"):
        export_bytes(annotated.library, annotated.annotations, "md", Scope("tag", tag="Nope"))


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "csv", "json", "qdpx", "qdc"])
def test_cli_exports_every_format_atomically(annotated, tmp_path, capsys, fmt):
    target = tmp_path / f"out.{fmt}"
    target.write_text("an older export")
    code = main(
        [
            "export",
            "--format",
            fmt,
            "--tag",
            "Alliance",
            "-o",
            str(target),
            "--home",
            str(annotated.home.data),
        ]
    )
    assert code == 0 and target.read_bytes() != b"an older export"
    assert not list(tmp_path.glob(".out*.tmp"))  # no temporary file left behind
    assert "1 passage written" in capsys.readouterr().err


def test_binary_formats_need_a_file(annotated, capsys):
    assert main(["export", "--format", "docx", "--home", str(annotated.home.data)]) == 2
    assert "binary file" in capsys.readouterr().err


def test_text_on_every_tag_colour_meets_wcag_aa(annotated):
    """Black or white per colour: the palette, dark colours and light ones all reach 4.5:1,
    in the HTML and the Word exports."""
    from docx import Document

    from annotations.model import PALETTE, contrast, text_color_on

    for color in [*PALETTE, "#000000", "#1a237e", "#b00020", "#ffffff", "#777777"]:
        assert contrast(text_color_on(color), color) >= 4.5, color
    dark = annotated.annotations.tag_named("Troops")
    annotated.annotations.recolor_tag(dark.id, "#1a237e")
    page = export(annotated, "html").decode()
    assert "background: #1a237e; color: #ffffff" in page
    document = Document(io.BytesIO(export(annotated, "docx")))
    runs = [
        r
        for p in document.paragraphs
        if not p.style.name.startswith("Heading")
        for r in p.runs
        if r.text.strip() == "Troops"
    ]
    assert runs and all(str(r.font.color.rgb) == "FFFFFF" for r in runs)
