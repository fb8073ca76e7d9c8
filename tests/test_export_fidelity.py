"""Exports that other tools can trust: honest context, notes as Markdown, linked data
that keeps its fields, and selectors that hold in the source files."""

from __future__ import annotations

import csv
import gzip
import io
import json
import zipfile

import pytest
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from annotations.export.sentences import context_of
from gui.exporting import Scope
from indexer.ingest import source_text
from tests.test_exports import annotated, export  # noqa: F401 - the shared fixture

STORY = (
    "Ceasefire talks stall\n\n"
    "KYIV, Nov. 3 - Officials in the U.S. said on Monday that 12 people had died. "
    "Mr. Smith, No. 2 in the party, disagreed in comments shared on Telegram. "
    "He said: “The city is burning.” Then he left for Brussels.\n\n"
    "A second paragraph follows. It has two sentences.\n\n"
    "The last paragraph closes the story.\n"
)


def _context(text: str, quote: str):
    start = text.index(quote)
    return context_of(text, start, start + len(quote))


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_context_is_the_whole_sentences_around_the_quote_with_gaps_marked():
    text = STORY
    # A quote in the middle of a sentence: the rest of its sentence is kept on both sides
    # (the old context dropped "disagreed in comments shared on Telegram.").
    mid = _context(text, "No. 2 in the party")
    # The dateline opens the sentence it heads.
    assert mid.before == (
        "KYIV, Nov. 3 - Officials in the U.S. said on Monday that 12 people had died. Mr. Smith, "
    )
    assert mid.after.startswith(", disagreed in comments shared on Telegram. He said:")
    assert mid.after.endswith("“The city is burning.”")  # the next sentence, whole
    assert mid.gap_before and mid.gap_after
    # After a closing .” the next sentence is the next sentence, not one further on.
    burning = _context(text, "The city is burning.")
    assert burning.after == "” Then he left for Brussels."
    # "U.S." and "Mr." do not end sentences.
    us = _context(text, "12 people had died")
    assert "Officials in the U.S. said on Monday that " in us.before
    assert us.after == ". Mr. Smith, No. 2 in the party, disagreed in comments shared on Telegram."
    # Across a paragraph break, kept as a break; the article's end is no gap.
    last = _context(text, "The last paragraph")
    assert last.before == "It has two sentences.\n" and not last.gap_after
    # Every context is contiguous with its quote.
    for quote in ("No. 2 in the party", "The city is burning.", "12 people", "second"):
        c = _context(text, quote)
        assert _flat(c.before + quote + c.after) in _flat(text)


def test_exported_context_reproduces_the_article_text(annotated, tmp_path):  # noqa: F811
    """The sample archive: for every passage, before + quote + after is the article's own
    text, and a gap is marked […] in every format."""
    store, library = annotated.annotations, annotated.library
    rows = list(
        csv.DictReader(io.StringIO(export(annotated, "csv", context=True).decode("utf-8-sig")))
    )
    for row in rows:
        text = library.article(row["article_id"]).text
        before = row["context_before"].removeprefix("[…]").strip()
        after = row["context_after"].removesuffix("[…]").strip()
        assert before and after
        start = text.index(row["quote"], int(row["start"]))
        around = _flat(text[: start + len(row["quote"]) + len(after) + 5])
        # Contiguous: the context runs into the quote with the article's own spacing.
        assert any(
            _flat(joined) in around
            for joined in (
                f"{before} {row['quote']}",
                f"{before}{row['quote']}",
            )
        )
        # A gap is marked exactly when article text was left out.
        left_out = _flat(text[:start]).removesuffix(_flat(before)).strip()
        assert row["context_before"].startswith("[…] ") == bool(left_out)
    assert store.all_passages()
    markdown = export(annotated, "md", context=True).decode()
    assert markdown.count("*\\[…\\] ") + markdown.count("*[…] ") >= 3
    page = lxml_html.fromstring(export(annotated, "html", context=True))
    contexts = [c.text_content() for c in page.xpath("//span[@class='context']")]
    assert any(c.startswith("[…] ") for c in contexts)
    assert any(c.endswith(" […]") for c in contexts)


HOSTILE_NOTE = (
    "**Key claim**, see [the source](https://example.org/a).\n\n"
    "```\nunclosed fence\n\n## Not a heading\n\n<script>alert(1)</script>\n\n"
    "> not another excerpt\n\n<img src=http://example.org/x.png>\n\n"
    "![tracker](http://example.org/t.png) [bad](javascript:alert(1))"
)


def _with_hostile_note(ctx):
    passage = next(p for p in ctx.annotations.all_passages() if "Rutte" in p.quote)
    ctx.annotations.set_note(passage.id, HOSTILE_NOTE)
    return passage


def test_hostile_notes_leave_the_markdown_structure_intact(annotated):  # noqa: F811
    _with_hostile_note(annotated)
    text = export(annotated, "md", group="article").decode()
    tokens = MarkdownIt("commonmark").parse(text)
    kinds = [t.type for t in tokens]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    # The title and one heading per article, nothing from the note.
    assert len(headings) == 3 and not any("Not a heading" in h for h in headings)
    assert "fence" not in kinds and "code_block" not in kinds
    assert "html_block" not in kinds
    assert not any(c.type == "html_inline" for t in tokens for c in t.children or [])
    assert not any(c.type == "image" for t in tokens for c in t.children or [])
    links = [c.attrGet("href") for t in tokens for c in t.children or [] if c.type == "link_open"]
    assert not any("javascript" in (href or "") for href in links)
    # Each excerpt is one quote and each note line sits inside the note's own quote: the
    # number of excerpts read back is the number exported.
    assert text.count("> — ") == 3


def test_notes_are_rendered_from_markdown_and_inert_in_html_and_docx(annotated):  # noqa: F811
    import docx

    _with_hostile_note(annotated)
    page = lxml_html.fromstring(export(annotated, "html"))
    note = page.xpath("//div[@class='note']")[0]
    assert note.xpath(".//strong/text()") == ["Key claim"]
    assert note.xpath(".//a/@href") == ["https://example.org/a"]
    assert page.xpath("//script | //img | //*[@src]") == []
    assert "<script>alert(1)</script>" in note.text_content()
    assert not page.xpath("//a[starts-with(@href, 'javascript')]")
    document = docx.Document(io.BytesIO(export(annotated, "docx")))
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Note: Key claim"))
    first = paragraphs[start]
    assert [r.text for r in first.runs if r.bold] == ["Key claim"]
    assert "**" not in first.text and "https://example.org/a" in first.text
    body = "\n".join(p.text for p in paragraphs[start : start + 3])
    assert "unclosed fence" in body and "<script>" in body
    assert not document.inline_shapes  # no image fetched or embedded


def _leaves(node, out: set) -> set:
    """The values in a document (vocabulary words such as types expand to IRIs, and are
    checked by the selectors test)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("@context", "type", "@type", "motivation", "purpose"):
                _leaves(value, out)
    elif isinstance(node, list):
        for value in node:
            _leaves(value, out)
    elif node is not None and node != "":
        out.add(node if isinstance(node, str) else json.dumps(node))
    return out


def _ids(node, out: list) -> list:
    if isinstance(node, dict):
        out += [node["@id"]] if "@id" in node else []
        for value in node.values():
            _ids(value, out)
    elif isinstance(node, list):
        for value in node:
            _ids(value, out)
    return out


def _offline(url, options=None):
    raise AssertionError(f"the processor tried to fetch {url}")


@pytest.mark.parametrize("embed", [True, False])
def test_json_ld_expands_offline_keeping_every_field(annotated, embed):  # noqa: F811
    from pyld import jsonld

    from annotations.export.webanno import W3C_CONTEXT, W3C_TERMS

    def loader(url, options=None):
        # The referenced W3C context, served from our definitions of its terms: nothing
        # leaves the machine.
        assert url.rstrip("/") == W3C_CONTEXT, url
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": W3C_TERMS}}

    _with_hostile_note(annotated)
    collection = json.loads(export(annotated, "json", embed_context=embed))
    if embed:
        assert isinstance(collection["@context"][0], dict)
    expanded = jsonld.expand(collection, {"documentLoader": _offline if embed else loader})
    kept = _leaves(expanded, set())
    written = _leaves(collection, set())
    # Every value we wrote is in the expanded graph: citation, codebook, colours,
    # descriptions, parents, tag creation times, the note, the selectors.
    lost = {v for v in written if v not in kept and json.dumps(v) not in kept}
    lost = {v for v in lost if not (isinstance(v, str) and v in {"true", "false"})}
    assert not lost
    assert "#ff8800" in kept and "Reactions of allies" in kept
    # Source paths are strings, never relative IRIs; every IRI is absolute.
    assert all(":" in iri.split("/")[0] or iri.startswith("_:") for iri in _ids(expanded, []))
    assert any(iri.startswith("file:///") for iri in _ids(expanded, []))


def test_w3c_selectors_hold_against_the_source_files(annotated):  # noqa: F811
    from annotations.export.webanno import path_of

    collection = json.loads(export(annotated, "json"))
    for item in collection["first"]["items"]:
        target = item["target"]
        text = source_text(path_of(target["source"]))
        position, quote = target["selector"][0], target["selector"][1]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        article_quote = target["selector"][2]["refinedBy"][0]["exact"]
        assert _flat(quote["exact"]) == _flat(article_quote)


def test_w3c_selectors_hold_in_html_and_compressed_sources(ctx, tmp_path):
    """Entities, tags and compression between the article's text and the file: the
    source-file selectors still hold in the file's text (decompressed, decoded)."""
    from gui.exporting import export_bytes
    from tests.conftest import drain

    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "story.html").write_text(
        "<html><head><title>Port reopens</title></head><body><article>"
        "<h1>Port reopens</h1><p>The port of Odesa &amp; its <b>grain</b> terminals "
        "reopened on Tuesday, officials said.</p><p>Ships from Turkey were the first "
        "to arrive at the docks, according to the harbour master.</p></article></body></html>",
        encoding="utf-8",
    )
    with gzip.open(folder / "wire.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write(STORY)
    drain(ctx.library.update(folder))
    for article in ctx.library.articles():
        text = ctx.library.article(article.id).text
        quote = "Odesa & its grain" if "Odesa" in text else "Mr. Smith, No. 2"
        start = text.index(quote)
        ctx.annotations.add_passage(
            article.id,
            text,
            start,
            start + len(quote),
            ["Ports"],
            "",
            article.title,
            article.source,
        )
    data, count = export_bytes(ctx.library, ctx.annotations, "json", Scope())
    assert count == 2
    from annotations.export.webanno import path_of

    for item in json.loads(data)["first"]["items"]:
        target = item["target"]
        text = source_text(path_of(target["source"]))
        kinds = [s["type"] for s in target["selector"]]
        assert kinds[:2] == ["TextPositionSelector", "TextQuoteSelector"], target
        position, quote = target["selector"][:2]
        assert text[position["start"] : position["end"]] == quote["exact"]
    html_quote = next(
        i["target"]["selector"][1]["exact"]
        for i in json.loads(data)["first"]["items"]
        if i["target"]["source"].endswith(".html")
    )
    assert html_quote == "Odesa &amp; its <b>grain"


def test_a_changed_source_file_gets_no_source_selectors(annotated, tmp_path):  # noqa: F811
    """If the file no longer holds the passage's words, the selectors into it would point
    at other text: only the article's own selectors are written."""
    from annotations.export.webanno import _source_selectors

    item = json.loads(export(annotated, "json"))["first"]["items"][0]
    assert len(item["target"]["selector"]) == 3
    from annotations.export.excerpts import ArticleInfo, Excerpt

    passage = annotated.annotations.all_passages()[0]
    article = ArticleInfo(passage.article_id, "t", locate=lambda s, e: None)
    assert _source_selectors(Excerpt(passage, article)) == []


def test_a_tag_filtered_qda_project_codes_the_chosen_tags_only(annotated):  # noqa: F811
    passage = next(p for p in annotated.annotations.all_passages() if "Rutte" in p.quote)
    assert {t.name for t in passage.tags} == {"Alliance", "Officials"}
    chosen = Scope("tag", tag="Officials", with_children=False)
    with zipfile.ZipFile(io.BytesIO(export(annotated, "qdpx", chosen))) as archive:
        project = etree.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    codes = {
        c.get("guid"): c.get("name") for c in project.xpath("//q:CodeBook//q:Code", namespaces=ns)
    }
    coded = [codes[g] for g in project.xpath("//q:Coding/q:CodeRef/@targetGUID", namespaces=ns)]
    assert coded == ["Officials"]
    # The codebook: the chosen tag under its parent, no unrelated tags.
    assert set(codes.values()) == {"Alliance", "Officials"}


def test_a_quote_over_two_paragraphs_keeps_its_break_in_html_and_docx(annotated):  # noqa: F811
    import docx

    article = next(a for a in annotated.library.articles() if "Pentagon" in a.title)
    text = annotated.library.article(article.id).text
    brk = text.index("\n\n", text.index("10,000 troops"))
    start, end = brk - 20, brk + 22
    annotated.annotations.add_passage(
        article.id, text, start, end, ["Breaks"], "", article.title, article.source
    )
    page = lxml_html.fromstring(export(annotated, "html"))
    mark = next(m for m in page.xpath("//mark") if m.text_content() == text[start:end])
    assert "\n" in mark.text_content()
    assert "white-space: pre-line" in page.xpath("//style/text()")[0]
    document = docx.Document(io.BytesIO(export(annotated, "docx")))
    quote = next(p for p in document.paragraphs if text[start:brk].strip() in p.text)
    assert quote._p.xpath(".//w:br")  # a line break between the two paragraphs
