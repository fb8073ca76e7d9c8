"""A W3C Web Annotation collection (JSON-LD): one Annotation per passage.

Each annotation targets the article's source file (a `file://` IRI) with a
TextPositionSelector and a TextQuoteSelector that hold in that file's text (the
file decompressed and decoded, as `show --at` counts: see the README), found
through the article's provenance map. A third, equivalent selector names the
article and is refined by the position and quote in the article's own text,
which is what Archive Reader re-anchors by. Tags are TextualBody items with
purpose "tagging" (their paths, Parent/Child), the note one with purpose
"commenting" (Markdown). An article's memo is an annotation "commenting" on the
whole article: its target names the article, with no selector inside it.

What the W3C vocabulary has no term for (tag colours, hierarchy, the article's
citation, orphan state) is under our prefix `ar:`, and every such term is defined
in the context we write, so that a JSON-LD processor keeps all of it (docs/exports.md).
The W3C context is referenced by its IRI, as the model requires; with
`embed_context` its terms are written out instead, so the file expands offline.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from annotations.export.excerpts import ExportOptions

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
OUR_PREFIX = "urn:archive-reader:ns#"
ARTICLE_SELECTOR = "ar:ArticleSelector"
QUOTE_AFFIX = 32  # characters of prefix and suffix in the source file's selectors

# The terms of the W3C context that our exports use, with the definitions the Web
# Annotation Vocabulary gives them (§ "JSON-LD Context"), for writing out the context
# (embed_context) and for processing without a network.
W3C_TERMS = {
    "oa": "http://www.w3.org/ns/oa#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "as": "http://www.w3.org/ns/activitystreams#",
    "id": {"@id": "@id", "@type": "@id"},
    "type": {"@id": "@type", "@type": "@id"},
    "Annotation": "oa:Annotation",
    "TextualBody": "oa:TextualBody",
    "SpecificResource": "oa:SpecificResource",
    "TextQuoteSelector": "oa:TextQuoteSelector",
    "TextPositionSelector": "oa:TextPositionSelector",
    "AnnotationCollection": "as:OrderedCollection",
    "AnnotationPage": "as:OrderedCollectionPage",
    "tagging": "oa:tagging",
    "commenting": "oa:commenting",
    "body": {"@type": "@id", "@id": "oa:hasBody"},
    "target": {"@type": "@id", "@id": "oa:hasTarget"},
    "source": {"@type": "@id", "@id": "oa:hasSource"},
    "selector": {"@type": "@id", "@id": "oa:hasSelector"},
    "refinedBy": {"@type": "@id", "@id": "oa:refinedBy"},
    "motivation": {"@type": "@vocab", "@id": "oa:motivatedBy"},
    "purpose": {"@type": "@vocab", "@id": "oa:hasPurpose"},
    "value": {"@id": "rdf:value"},
    "exact": {"@id": "oa:exact"},
    "prefix": {"@id": "oa:prefix"},
    "suffix": {"@id": "oa:suffix"},
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "format": {"@id": "dc:format"},
    "label": {"@id": "rdfs:label"},
    "created": {"@id": "dcterms:created", "@type": "xsd:dateTime"},
    "modified": {"@id": "dcterms:modified", "@type": "xsd:dateTime"},
    "first": {"@type": "@id", "@id": "as:first"},
    "items": {"@type": "@id", "@id": "as:items", "@container": "@list"},
    "total": {"@id": "as:totalItems", "@type": "xsd:nonNegativeInteger"},
    "startIndex": {"@id": "as:startIndex", "@type": "xsd:nonNegativeInteger"},
}

# Our terms. Inside an article's citation and a codebook entry, plain keys are ours
# (scoped contexts, JSON-LD 1.1): "source" there is the path as written, a string,
# not the W3C `source` IRI.
OUR_TERMS = {
    "@version": 1.1,
    "ar": OUR_PREFIX,
    ARTICLE_SELECTOR: {"@id": OUR_PREFIX + "ArticleSelector"},
    "ar:article": {
        "@id": "ar:article",
        "@context": {
            "title": "ar:title",
            "author": "ar:author",
            "published": "ar:published",
            "section": "ar:section",
            "site": "ar:site",
            "url": "ar:url",
            "source": {"@id": "ar:sourcePath"},
        },
    },
    "ar:codebook": {
        "@id": "ar:codebook",
        "@container": "@list",
        "@context": {
            "name": "ar:name",
            "color": "ar:color",
            "description": "ar:description",
            "parent": "ar:parent",
        },
    },
    "ar:tags": {"@id": "ar:tags", "@container": "@list"},
    "ar:orphan": {"@id": "ar:orphan"},
    "ar:memo": {"@id": "ar:memo"},
}


def context(embed: bool = False) -> list:
    return [{**W3C_TERMS} if embed else W3C_CONTEXT, OUR_TERMS]


def file_iri(source: str) -> str:
    """The source file as a `file://` IRI: its bytes percent-encoded, so that a name that
    is not UTF-8 keeps its bytes (a relative path is taken from the working folder)."""
    from indexer.filenames import as_path

    path = as_path(source)
    raw = os.fsencode(path if path.is_absolute() else Path.cwd() / path)
    return "file://" + quote(raw, safe="/")


def path_of(iri: str) -> str:
    """The path a `file://` IRI names (for import), or "" for other IRIs."""
    if not iri.startswith("file://"):
        return ""
    from indexer.filenames import as_text

    return as_text(os.fsdecode(unquote(urlsplit(iri).path, errors="surrogateescape")))


def article_iri(article_id: str) -> str:
    return f"urn:archive-reader:article:{article_id}"


def _target_source(source: str, article_id: str) -> str:
    return file_iri(source) if source else article_iri(article_id)


def _source_selectors(excerpt) -> list[dict]:
    """Position and quote in the source file's text, when the article's provenance map
    leads there (the file is readable and unchanged)."""
    p, a = excerpt.passage, excerpt.article
    located = a.locate(p.start, p.end) if a.locate and not p.orphan else None
    if located is None:
        return []
    start, end, text = located
    return [
        {"type": "TextPositionSelector", "start": start, "end": end},
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - QUOTE_AFFIX) : start],
            "suffix": text[end : end + QUOTE_AFFIX],
        },
    ]


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
    in_article = {
        "type": ARTICLE_SELECTOR,
        "value": p.article_id,
        "refinedBy": [
            {
                "type": "TextQuoteSelector",
                "exact": p.quote,
                "prefix": p.anchor.prefix,
                "suffix": p.anchor.suffix,
            },
            {"type": "TextPositionSelector", "start": p.start, "end": p.end},
        ],
    }
    return {
        "id": f"urn:uuid:{p.uuid}",
        "type": "Annotation",
        "motivation": "tagging",
        "created": p.created_at,
        "modified": p.updated_at,
        "body": body,
        "target": {
            "type": "SpecificResource",
            "source": _target_source(a.source or p.article_source, p.article_id),
            "selector": [*_source_selectors(excerpt), in_article],
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


def memo_annotation(entry) -> dict:
    """An article's memo: a comment on the whole article (no selector inside it)."""
    memo, a = entry.memo, entry.article
    return {
        "id": f"urn:archive-reader:memo:{quote(memo.article_id)}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": memo.created_at,
        "modified": memo.updated_at,
        "body": [
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": memo.text,
                "format": "text/markdown",
            }
        ],
        "target": {
            "type": "SpecificResource",
            "source": _target_source(a.source or memo.article_source, memo.article_id),
            "selector": [{"type": ARTICLE_SELECTOR, "value": memo.article_id}],
        },
        "ar:article": {
            "title": a.title or memo.article_title,
            "author": a.author,
            "published": a.published,
            "section": a.section,
            "site": a.site,
            "source": a.source or memo.article_source,
        },
        "ar:memo": True,
    }


def render(excerpts, options: ExportOptions, codebook) -> bytes:
    names = {t.id: t.name for t in codebook}
    collection = {
        "@context": context(options.embed_context),
        "id": "urn:archive-reader:export",
        "type": "AnnotationCollection",
        "label": options.title,
        "total": len(excerpts) + len(options.memos),
        "ar:codebook": [
            {
                "name": t.name,
                "color": t.color,
                "description": t.description,
                "parent": names.get(t.parent_id),
                "created": t.created_at,
            }
            for t in codebook
        ],
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation(e) for e in excerpts]
            + [memo_annotation(entry) for entry in options.memos],
        },
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def _article_selectors(target: dict) -> tuple[str, dict, dict]:
    """The article id and the quote and position selectors in the article's text: from
    the article selector's refinements, or (earlier exports) the target itself."""
    selectors = target["selector"]
    selectors = selectors if isinstance(selectors, list) else [selectors]
    for selector in selectors:
        if selector.get("type") == ARTICLE_SELECTOR:
            refined = {s["type"]: s for s in selector["refinedBy"]}
            return (
                selector["value"],
                refined["TextQuoteSelector"],
                refined["TextPositionSelector"],
            )
    by_type = {s["type"]: s for s in selectors}
    article_id = target["source"].rsplit(":", 1)[-1]
    return article_id, by_type["TextQuoteSelector"], by_type["TextPositionSelector"]


def to_backup(collection: dict) -> dict:
    """The collection as our backup format (annotations.backup), for a lossless import."""
    from annotations.backup import document

    tags = [
        {
            "name": t["name"],
            "color": t["color"],
            "parent": t.get("parent"),
            "description": t.get("description", ""),
            "created_at": t.get("created", ""),
        }
        for t in collection.get("ar:codebook", [])
    ]
    passages, memos = [], []
    for item in collection.get("first", {}).get("items", []):
        if item.get("ar:memo"):
            memos.append(_memo_of(item))
            continue
        article_id, quote, position = _article_selectors(item["target"])
        note = next((b["value"] for b in item.get("body", []) if b["purpose"] == "commenting"), "")
        tag_names = item.get("ar:tags") or [
            b["value"].rsplit("/", 1)[-1] for b in item.get("body", []) if b["purpose"] == "tagging"
        ]
        article = item.get("ar:article", {})
        passages.append(
            {
                "uuid": item["id"].removeprefix("urn:uuid:"),
                "article_id": article_id,
                "start": position["start"],
                "end": position["end"],
                "exact": quote["exact"],
                "prefix": quote.get("prefix", ""),
                "suffix": quote.get("suffix", ""),
                "tags": tag_names,
                "note": note,
                "article_title": article.get("title", ""),
                "article_source": article.get("source", "") or path_of(item["target"]["source"]),
                "orphan": item.get("ar:orphan", False),
                "created_at": item.get("created", ""),
                "updated_at": item.get("modified", ""),
            }
        )
    for tag in tags:
        tag["created_at"] = tag["created_at"] or (passages[0]["created_at"] if passages else "")
    return document(tags, passages, memos)


def _memo_of(item: dict) -> dict:
    selectors = item["target"]["selector"]
    selectors = selectors if isinstance(selectors, list) else [selectors]
    article_id = next(s["value"] for s in selectors if s.get("type") == ARTICLE_SELECTOR)
    article = item.get("ar:article", {})
    return {
        "article_id": article_id,
        "text": next(b["value"] for b in item["body"] if b["purpose"] == "commenting"),
        "article_title": article.get("title", ""),
        "article_source": article.get("source", "") or path_of(item["target"]["source"]),
        "created_at": item.get("created", ""),
        "updated_at": item.get("modified", ""),
    }
