"""A codebook from a QDA tool: the codes of a REFI-QDA codebook (`.qdc`) or project
(`.qdpx`, its project.qde's CodeBook), with their hierarchy, colours and
descriptions, merged into the tags (what NVivo, ATLAS.ti, MAXQDA and QualCoder
export, and what our own export writes).

A team agrees on a codebook before coding; this brings it in. Tags are matched by
name, as a backup's are (annotations/backup.py): a tag that exists keeps its colour,
description and place, and what differs is reported; a new tag comes with the
code's colour, description and parent. Sets and coded selections are not read.
Untrusted input: no entities, no network, bounded sizes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from annotations.backup import FORMAT, VERSION, import_data

NAMESPACES = ("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:project:1.0")
MAX_BYTES = 64 * 1024 * 1024  # a codebook is kilobytes; a project with its texts, more
MAX_CODES = 20_000


@dataclass
class CodebookReport:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    kept_in_place: list[str] = field(default_factory=list)  # existing, under another parent
    placed: list[str] = field(default_factory=list)  # existing at the top, now under a parent
    notes: list[str] = field(default_factory=list)  # what was not brought in, and why

    def describe(self) -> str:
        added, existing = len(self.added), len(self.existing)
        lines = [
            f"{added} tag{'' if added == 1 else 's'} added; {existing}"
            f" {'was' if existing == 1 else 'were'} here already (a tag here keeps its colour"
            " and description)."
        ]
        if self.kept_in_place:
            lines.append(
                "Kept where they are in your codebook, which the file puts elsewhere: "
                + _names(self.kept_in_place)
            )
        if self.placed:
            lines.append("Put under their parent in the file: " + _names(self.placed))
        lines += self.notes
        return "\n".join(lines)


def _names(names: list[str], shown: int = 10) -> str:
    listed = ", ".join(f"“{n}”" for n in names[:shown])
    return listed + (f" and {len(names) - shown} more." if len(names) > shown else ".")


def read_codes(path: Path) -> tuple[list[dict], list[str]]:
    """The codes of a .qdc or .qdpx file as backup tags (name, color, description,
    parent), parents first, and notes on what was left out. Raises ValueError with a
    message for a file that is not a REFI-QDA codebook or project."""
    path = Path(path)
    data = _xml_bytes(path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ValueError(f"{path.name} is not readable XML: {error}") from error
    namespace = etree.QName(root).namespace
    if namespace not in NAMESPACES:
        raise ValueError(
            f"{path.name} is not a REFI-QDA codebook or project (its root is"
            f" {etree.QName(root).localname} in {namespace or 'no namespace'})."
        )
    codebook = (
        root if etree.QName(root).localname == "CodeBook" else root.find(f"{{{namespace}}}CodeBook")
    )
    codes = codebook.find(f"{{{namespace}}}Codes") if codebook is not None else None
    if codes is None:
        raise ValueError(f"{path.name} holds no codebook (no CodeBook with Codes).")
    tags: list[dict] = []
    notes: list[str] = []
    seen: dict[str, int] = {}

    def walk(element, parent: str | None, depth: int) -> None:
        for code in element.iterfind(f"{{{namespace}}}Code"):
            if len(tags) >= MAX_CODES:
                return
            name = " ".join((code.get("name") or "").split())
            if not name:
                notes.append("A code without a name was left out, with the codes below it.")
                continue
            seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
            description = code.findtext(f"{{{namespace}}}Description") or ""
            tags.append(
                {
                    "name": name,
                    "color": code.get("color") or "",
                    "description": description.strip(),
                    "parent": parent,
                }
            )
            if depth < 50:  # deeper than any codebook; a crafted file stops here
                walk(code, name, depth + 1)

    walk(codes, None, 0)
    if len(tags) >= MAX_CODES:
        notes.append(f"Only the first {MAX_CODES:,} codes were read.")
    for name, times in seen.items():
        if times > 1:
            first = next(t["name"] for t in tags if t["name"].casefold() == name)
            notes.append(
                f"“{first}” is in the file {times} times; tag names are unique here, so they"
                " are one tag, under the first one's parent."
            )
    sets = codebook.find(f"{{{namespace}}}Sets") if codebook is not None else None
    if sets is None:
        sets = root.find(f"{{{namespace}}}Sets")
    if sets is not None and len(sets):
        sets_said = "1 code set was" if len(sets) == 1 else f"{len(sets)} code sets were"
        notes.append(f"{sets_said} not brought in (tags here have no sets).")
    if not tags:
        raise ValueError(f"{path.name} has no codes.")
    return tags, notes


def _xml_bytes(path: Path) -> bytes:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                entry = next(
                    (i for i in archive.infolist() if i.filename.lower() == "project.qde"), None
                )
                if entry is None:
                    raise ValueError(f"{path.name} is a zip without a project.qde: not a .qdpx.")
                if entry.file_size > MAX_BYTES:
                    raise ValueError(f"{path.name}'s project.qde is too large to read.")
                return archive.read(entry)
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"{path.name} is too large for a codebook.")
        return path.read_bytes()
    except (OSError, zipfile.BadZipFile) as error:
        raise ValueError(f"Cannot read {path.name}: {error}") from error


def import_codebook(store, path: Path) -> CodebookReport:
    """Read a file's codes and merge them into the store's tags."""
    tags, notes = read_codes(path)
    return merge_codes(store, tags, notes)


def merge_codes(store, tags: list[dict], notes: list[str]) -> CodebookReport:
    """Merge codes (read_codes) into the store's tags in one transaction; the tags it
    creates are noted for the undo stack."""
    before = {t.name.casefold(): t for t in store.tags()}
    by_id = {t.id: t for t in before.values()}
    report = CodebookReport(notes=list(notes))
    for tag in tags:
        here = before.get(tag["name"].casefold())
        if here is None:
            if tag["name"] not in report.added:
                report.added.append(tag["name"])
            continue
        report.existing.append(here.name)
        wanted = (tag["parent"] or "").casefold()
        parent_here = by_id.get(here.parent_id)
        if here.parent_id is None and wanted and wanted != here.name.casefold():
            report.placed.append(here.name)
        elif here.parent_id is not None and (
            parent_here is None or parent_here.name.casefold() != wanted
        ):
            report.kept_in_place.append(here.name)
    data = {"format": FORMAT, "version": VERSION, "tags": tags, "passages": [], "memos": []}
    result = import_data(store, data)
    report.notes += [f"Left out: {reason}" for reason in result.rejected]
    store.note_created_tags(t.id for t in store.tags() if t.name.casefold() not in before)
    return report
