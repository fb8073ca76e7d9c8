"""A W3C Web Annotation collection (JSON-LD): one Annotation per passage.

Each annotation's target is the article with a TextQuoteSelector and a
TextPositionSelector; tags are TextualBody items with purpose "tagging" (their
paths, Parent/Child), the note one with purpose "commenting". What the W3C
vocabulary has no term for (tag colours, hierarchy, article citation, orphan
state) goes under our own prefix `ar:`, declared in the context, so JSON-LD
processors keep it and our import restores everything.
"""

from __future__ import annotations

import json

from annotations.export.excerpts import ExportOptions

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
OUR_PREFIX = "urn:archive-reader:ns#"
CONTEXT = [W3C_CONTEXT, {"ar": OUR_PREFIX}]


def article_iri(article_id: str) -> str:
    return f"urn:archive-reader:article:{article_id}"


def annotation(excerpt) -> dict:
    p, a = excerpt.passage, excerpt.article
    body = [
        {"type": "TextualBody", "purpose": "tagging", "value": tag.path} for tag in excerpt.tags
    ]
    if p.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": p.note,
                "format": "text/markdown",
            }
        )
    return {
        "id": f"urn:uuid:{p.uuid}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": p.created_at,
        "modified": p.updated_at,
        "body": body,
        "target": {
            "source": article_iri(p.article_id),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": p.quote,
                    "prefix": p.anchor.prefix,
                    "suffix": p.anchor.suffix,
                },
                {"type": "TextPositionSelector", "start": p.start, "end": p.end},
            ],
        },
        "ar:article": {
            "title": a.title,
            "author": a.author,
            "published": a.published,
            "section": a.section,
            "site": a.site,
            "source": a.source,
        },
        "ar:tags": [tag.name for tag in excerpt.tags],
        "ar:orphan": p.orphan,
    }


def render(excerpts, options: ExportOptions, codebook) -> bytes:
    names = {t.id: t.name for t in codebook}
    collection = {
        "@context": CONTEXT,
        "id": "urn:archive-reader:export",
        "type": "AnnotationCollection",
        "label": options.title,
        "total": len(excerpts),
        "ar:codebook": [
            {
                "name": t.name,
                "color": t.color,
                "description": t.description,
                "parent": names.get(t.parent_id),
            }
            for t in codebook
        ],
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation(e) for e in excerpts],
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def to_backup(collection: dict) -> dict:
    """The collection as our backup format (annotations.backup), for a lossless import."""
    from annotations.backup import FORMAT, VERSION

    tags = [
        {
            "name": t["name"],
            "color": t["color"],
            "parent": t.get("parent"),
            "description": t.get("description", ""),
            "created_at": "",
        }
        for t in collection.get("ar:codebook", [])
    ]
    passages = []
    for item in collection.get("first", {}).get("items", []):
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        note = next((b["value"] for b in item.get("body", []) if b["purpose"] == "commenting"), "")
        tag_names = item.get("ar:tags") or [
            b["value"].rsplit("/", 1)[-1] for b in item.get("body", []) if b["purpose"] == "tagging"
        ]
        article = item.get("ar:article", {})
        passages.append(
            {
                "uuid": item["id"].removeprefix("urn:uuid:"),
                "article_id": item["target"]["source"].rsplit(":", 1)[-1],
                "start": position["start"],
                "end": position["end"],
                "exact": quote["exact"],
                "prefix": quote.get("prefix", ""),
                "suffix": quote.get("suffix", ""),
                "tags": tag_names,
                "note": note,
                "article_title": article.get("title", ""),
                "article_source": article.get("source", ""),
                "orphan": item.get("ar:orphan", False),
                "created_at": item.get("created", ""),
                "updated_at": item.get("modified", ""),
            }
        )
    for tag in tags:
        tag["created_at"] = tag["created_at"] or (passages[0]["created_at"] if passages else "")
    return {"format": FORMAT, "version": VERSION, "tags": tags, "passages": passages}
