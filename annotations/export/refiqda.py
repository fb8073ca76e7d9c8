"""REFI-QDA 1.0: a `.qdpx` project (project.qde plus the article texts) and a `.qdc`
codebook, written with lxml, for NVivo, ATLAS.ti and MAXQDA.

Each article with passages is a TextSource whose text travels in sources/ as
plain text; each passage is a PlainTextSelection (character positions, as in
our anchors) with one Coding per tag; notes are project Notes referenced from
their selection. GUIDs are derived from our ids, so exporting twice gives the
same GUIDs and a QDA program can recognise what it already imported.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime

from lxml import etree

from annotations.export.excerpts import ExportOptions

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
_GUIDS = uuid.UUID("6f1c1d2e-8a5b-4e0f-9d3a-2b7c4e5f6a70")
USER = str(uuid.uuid5(_GUIDS, "user"))


def guid(*parts: object) -> str:
    return str(uuid.uuid5(_GUIDS, "/".join(str(p) for p in parts)))


def _timestamp(value: str) -> str | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _codes(parent, namespace: str, codebook) -> None:
    children: dict[int | None, list] = {}
    for tag in codebook:
        children.setdefault(tag.parent_id, []).append(tag)

    def add(element, parent_id):
        for tag in sorted(children.get(parent_id, []), key=lambda t: t.name.casefold()):
            code = etree.SubElement(
                element,
                f"{{{namespace}}}Code",
                guid=guid("tag", tag.id),
                name=tag.name,
                isCodable="true",
                color=tag.color,
            )
            if tag.description:
                etree.SubElement(code, f"{{{namespace}}}Description").text = tag.description
            add(code, tag.id)

    codes = etree.SubElement(parent, f"{{{namespace}}}Codes")
    add(codes, None)
    if not len(codes):
        # The schema needs at least one code; an empty codebook gets a placeholder.
        etree.SubElement(
            codes, f"{{{namespace}}}Code", guid=guid("no tags"), name="(no tags)", isCodable="false"
        )


def codebook_tree(codebook) -> etree._Element:
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin="Archive Reader"
    )
    _codes(root, CODEBOOK_NS, codebook)
    return root


def render_codebook(excerpts, options: ExportOptions, codebook) -> bytes:
    return etree.tostring(
        codebook_tree(codebook), xml_declaration=True, encoding="utf-8", pretty_print=True
    )


def project_tree(excerpts, options: ExportOptions, codebook) -> tuple[etree._Element, dict]:
    """The project document and the source texts it refers to ({file name: text})."""
    p = f"{{{PROJECT_NS}}}"
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = etree.Element(
        f"{p}Project",
        nsmap={None: PROJECT_NS},
        name=options.title,
        origin="Archive Reader",
        creatingUserGUID=USER,
        creationDateTime=now,
    )
    users = etree.SubElement(root, f"{p}Users")
    etree.SubElement(users, f"{p}User", guid=USER, name="Archive Reader user")
    _codes(etree.SubElement(root, f"{p}CodeBook"), PROJECT_NS, codebook)
    sources = etree.SubElement(root, f"{p}Sources")
    ids = {tag.name: tag for tag in codebook}
    notes = []
    files: dict[str, str] = {}
    by_article: dict[str, list] = {}
    for excerpt in excerpts:
        by_article.setdefault(excerpt.article.id, []).append(excerpt)
    memos = {entry.memo.article_id: entry for entry in options.memos}
    for article_id in memos.keys() - by_article.keys():  # a memo on an article not quoted
        by_article[article_id] = []
    for article_id, members in by_article.items():
        memo = memos.get(article_id)
        article = members[0].article if members else memo.article
        source_guid = guid("article", article_id)
        text = article.text or "\n\n".join(e.quote for e in members)
        name = f"{source_guid}.txt"
        files[name] = text
        source = etree.SubElement(
            sources,
            f"{p}TextSource",
            guid=source_guid,
            name=article.title or article_id,
            plainTextPath=f"internal://{name}",
            creatingUser=USER,
        )
        citation = members[0].citation().rsplit(", characters", 1)[0] if members else ""
        # A QDA tool shows a document's Description as its memo: the citation, then ours.
        description = citation or memo.citation()
        if memo is not None:
            description += f"\n\nMemo:\n{memo.memo.text.strip()}"
        etree.SubElement(source, f"{p}Description").text = description
        for excerpt in sorted(members, key=lambda e: e.passage.start):
            passage = excerpt.passage
            start, end = passage.start, passage.end
            if not article.text:  # no text in the library: the quotes stand in for it
                start = text.find(passage.quote)
                end = start + len(passage.quote)
            attributes = {
                "guid": str(uuid.UUID(passage.uuid)),
                "name": passage.quote[:60],
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": USER,
            }
            created = _timestamp(passage.created_at)
            if created:
                attributes["creationDateTime"] = created
            modified = _timestamp(passage.updated_at)
            if modified:
                attributes["modifyingUser"] = USER
                attributes["modifiedDateTime"] = modified
            selection = etree.SubElement(source, f"{p}PlainTextSelection", **attributes)
            if passage.note.strip():
                # QDA tools (QualCoder, MAXQDA) read a coding memo from the selection's
                # Description; the note is also a Note of its own, referred to below.
                etree.SubElement(selection, f"{p}Description").text = passage.note
            # The excerpt's tags, not the passage's: an export of chosen tags codes
            # those only.
            for tag in (ids[t.name] for t in excerpt.tags if t.name in ids):
                coding = etree.SubElement(
                    selection,
                    f"{p}Coding",
                    guid=guid("coding", passage.uuid, tag.id),
                    creatingUser=USER,
                )
                etree.SubElement(coding, f"{p}CodeRef", targetGUID=guid("tag", tag.id))
            if passage.note.strip():
                note_guid = guid("note", passage.uuid)
                etree.SubElement(selection, f"{p}NoteRef", targetGUID=note_guid)
                notes.append((note_guid, passage))
        if memo is not None:  # the memo is a Note of its own too, as a passage's note is
            note_guid = guid("memo", article_id)
            etree.SubElement(source, f"{p}NoteRef", targetGUID=note_guid)
            notes.append((note_guid, memo))
    if notes:
        container = etree.Element(f"{p}Notes")
        sources.addnext(container)
        for note_guid, noted in notes:
            # A passage's note, or an article's memo (a MemoEntry).
            record = getattr(noted, "memo", noted)
            if hasattr(noted, "memo"):
                name, text = f"Memo on “{noted.article.title[:40]}”", record.text
            else:
                name, text = f"Note on “{noted.quote[:40]}”", noted.note
            # creationDateTime is optional in the schema, but QualCoder's importer fails on
            # a Note without it.
            stamps = {
                "creationDateTime": _timestamp(record.created_at) or now,
                "modifyingUser": USER,
                "modifiedDateTime": _timestamp(record.updated_at) or now,
            }
            note = etree.SubElement(
                container, f"{p}Note", guid=note_guid, name=name, creatingUser=USER, **stamps
            )
            etree.SubElement(note, f"{p}PlainTextContent").text = text
    return root, files


def render_project(excerpts, options: ExportOptions, codebook) -> bytes:
    root, files = project_tree(excerpts, options, codebook)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "project.qde",
            etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True),
        )
        for name, text in files.items():
            archive.writestr(f"sources/{name}", text.encode("utf-8"))
    return out.getvalue()
