"""A codebook from a QDA tool (REFI-QDA .qdc, or a .qdpx project's codebook) becomes
tags: hierarchy, colours and descriptions, merged with the tags already here."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotations.codebook_import import import_codebook, read_codes
from gui.cli import main as cli

SPECS = Path(__file__).parent / "data" / "refi-qda"  # the schemas and their examples

QDC = """<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA">
  <Codes>
    <Code guid="00000000-0000-4000-8000-000000000001" name="Framing" isCodable="false"
          color="#1f77b4">
      <Description>How the article frames the war</Description>
      <Code guid="00000000-0000-4000-8000-000000000002" name="Escalation" isCodable="true"
            color="#d62728"><Description>Threats, new weapons</Description></Code>
      <Code guid="00000000-0000-4000-8000-000000000003" name="Diplomacy" isCodable="true"
            color="not a colour"/>
    </Code>
    <Code guid="00000000-0000-4000-8000-000000000004" name="  Civilians  " isCodable="true"/>
    <Code guid="00000000-0000-4000-8000-000000000005" name="Other" isCodable="true">
      <Code guid="00000000-0000-4000-8000-000000000006" name="Diplomacy" isCodable="true"/>
    </Code>
  </Codes>
  <Sets><Set guid="00000000-0000-4000-8000-000000000007" name="Round 1"/></Sets>
</CodeBook>
"""


@pytest.fixture
def qdc(tmp_path) -> Path:
    path = tmp_path / "team.qdc"
    path.write_text(QDC, encoding="utf-8")
    return path


def test_codes_come_with_their_tree_colours_and_descriptions(store, qdc):
    report = import_codebook(store, qdc)
    tags = {t.name: t for t in store.tags()}
    assert set(tags) == {"Framing", "Escalation", "Diplomacy", "Civilians", "Other"}
    assert store.tag_path(tags["Escalation"]) == "Framing/Escalation"
    assert tags["Escalation"].color == "#d62728"
    assert tags["Escalation"].description == "Threats, new weapons"
    assert tags["Framing"].description == "How the article frames the war"
    assert tags["Diplomacy"].color.startswith("#")  # a bad colour gets a safe one
    assert store.tag_path(tags["Diplomacy"]) == "Framing/Diplomacy"  # the first one's place
    said = report.describe()
    assert "5 tags added; 0 were here already" in said
    assert "“Diplomacy” is in the file 2 times" in said
    assert "1 code set was not brought in" in said


def test_tags_here_keep_their_colour_and_place_and_the_report_says_so(store, qdc):
    mine = store.create_tag("Escalation", "#000000")
    theirs = store.create_tag("Civilians")
    holder = store.create_tag("My themes")
    store.move_tag(store.create_tag("Other").id, holder.id)
    report = import_codebook(store, qdc)
    tags = {t.name: t for t in store.tags()}
    assert tags["Escalation"].color == "#000000" and tags["Escalation"].id == mine.id
    # A tag at the top level goes under its parent in the file; one placed elsewhere stays.
    assert store.tag_path(tags["Escalation"]) == "Framing/Escalation"
    assert store.tag_path(tags["Other"]) == "My themes/Other"
    assert tags["Civilians"].id == theirs.id
    assert report.placed == ["Escalation"] and report.kept_in_place == ["Other"]
    assert "were here already" in report.describe()
    assert "Kept where they are in your codebook" in report.describe()
    again = import_codebook(store, qdc)
    assert again.added == [] and len(store.tags()) == len(tags)


def test_our_own_exports_round_trip(seeded_ctx, tmp_path):
    """A .qdc and a .qdpx written by the export bring the same tree into another home."""
    from annotations.store import AnnotationStore
    from gui.exporting import Scope, export_file

    ctx = seeded_ctx
    article = ctx.library.articles()[0]
    text = ctx.library.article(article.id).text
    ctx.annotations.add_passage(article.id, text, 0, 12, ["Child"])
    parent = ctx.annotations.create_tag("Parent")
    ctx.annotations.move_tag(ctx.annotations.tag_named("Child").id, parent.id)
    ctx.annotations.describe_tag(parent.id, "The parent's memo")
    for fmt in ("qdc", "qdpx"):
        path = tmp_path / f"book.{fmt}"
        export_file(ctx.library, ctx.annotations, fmt, Scope(), path, "tag", False, ())
        other = AnnotationStore(tmp_path / f"other-{fmt}.sqlite")
        try:
            import_codebook(other, path)
            tags = {t.name: t for t in other.tags()}
            assert other.tag_path(tags["Child"]) == "Parent/Child"
            assert tags["Parent"].description == "The parent's memo"
            assert tags["Child"].color == ctx.annotations.tag_named("Child").color
        finally:
            other.close()


def test_the_schema_examples_import(store):
    tags, notes = read_codes(SPECS / "example-codebook.qdc")
    assert notes == ["1 code set was not brought in (tags here have no sets)."]
    assert [(t["name"], t["parent"]) for t in tags] == [
        ("Theme A", None),
        ("Theme A.1", "Theme A"),
    ]
    tags, _ = read_codes(SPECS / "example-project.qde")
    assert tags


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not xml at all", "not readable XML"),
        (b"<root xmlns='urn:other'/>", "not a REFI-QDA codebook or project"),
        (b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes/></CodeBook>", "has no codes"),
        (b"<Project xmlns='urn:QDA-XML:project:1.0'/>", "holds no codebook"),
        (
            b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<CodeBook xmlns='urn:QDA-XML:codebook:1.0'><Codes>"
            b"<Code guid='a' name='&x;' isCodable='true'/></Codes></CodeBook>",
            "",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_entities_stay_unread(tmp_path, content, message):
    path = tmp_path / "bad.qdc"
    path.write_bytes(content)
    if message:
        with pytest.raises(ValueError, match=message):
            read_codes(path)
    else:
        try:
            tags, _ = read_codes(path)
        except ValueError:
            return  # refused: fine
        assert all("root:" not in t["name"] for t in tags)  # /etc/passwd was not read


def test_a_zip_without_a_project_is_refused(tmp_path):
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("other.txt", "hello")
    with pytest.raises(ValueError, match=r"without a project\.qde"):
        read_codes(path)


def test_command_line(home_dir, qdc, capsys, tmp_path):
    assert cli(["--home", str(home_dir), "annotations", "import-codebook", str(qdc)]) == 0
    assert "5 tags added" in capsys.readouterr().out
    (tmp_path / "no.qdc").write_text("nope")
    assert (
        cli(["--home", str(home_dir), "annotations", "import-codebook", str(tmp_path / "no.qdc")])
        == 2
    )
    assert "not readable XML" in capsys.readouterr().err


def test_the_window_imports_and_one_ctrl_z_takes_it_back(qtbot, seeded_home, qdc):
    from tests.conftest import open_main_window

    window = open_main_window(qtbot, seeded_home)
    store = window.ctx.annotations
    store.create_tag("Escalation", "#000000")  # here already, at the top
    before = {t.name: (t.parent_id, t.color) for t in store.tags()}
    with qtbot.waitSignal(window.codebook_imported, timeout=10_000) as done:
        window.choose_codebook(qdc)  # read on a worker thread, merged here
    assert "4 tags added; 1 was here already" in done.args[0].text()
    assert store.tag_path(store.tag_named("Escalation")) == "Framing/Escalation"
    window.annotations.undo.stack.undo()
    after = {t.name: (t.parent_id, t.color) for t in store.tags()}
    assert after == before  # the new tags gone, Escalation back at the top
    window.annotations.undo.stack.redo()
    assert store.tag_named("Framing") is not None
    bad = qdc.with_name("bad.qdc")
    bad.write_text("<x/>")
    with qtbot.waitSignal(window.codebook_imported, timeout=10_000) as done:
        window.choose_codebook(bad)
    assert done.args[0].text().startswith("bad.qdc is not a REFI-QDA codebook")
