"""Tags and passages as the rest of the application sees them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotations.anchor import Anchor

# Distinct, readable highlight colours for new tags (light enough for black text).
PALETTE = (
    "#ffd54f",  # amber
    "#81d4fa",  # light blue
    "#a5d6a7",  # green
    "#f48fb1",  # pink
    "#ce93d8",  # purple
    "#ffab91",  # deep orange
    "#80cbc4",  # teal
    "#e6ee9c",  # lime
    "#b0bec5",  # blue grey
)


@dataclass(frozen=True)
class Memo:
    """The researcher's note on a whole article (a QDA tool's document memo), kept by the
    article's id, which does not change when the text is read again."""

    article_id: str
    text: str
    article_title: str = ""
    article_source: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Tag:
    id: int
    name: str
    color: str
    parent_id: int | None = None
    description: str = ""
    created_at: str = field(default="", compare=False)  # filled by TagStore.tags() only
    key: int | None = field(default=None, compare=False)  # 1-9: tags the selection


@dataclass(frozen=True)
class Passage:
    id: int
    uuid: str
    article_id: str
    anchor: Anchor
    tags: tuple[Tag, ...] = field(default_factory=tuple)
    note: str = ""
    article_title: str = ""
    article_source: str = ""
    orphan: bool = False
    created_at: str = ""
    updated_at: str = ""

    @property
    def start(self) -> int:
        return self.anchor.start

    @property
    def end(self) -> int:
        return self.anchor.end

    @property
    def quote(self) -> str:
        return self.anchor.exact

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.anchor.prefix,
            "suffix": self.anchor.suffix,
            "tags": [tag.name for tag in self.tags],
            "note": self.note,
            "article_title": self.article_title,
            "article_source": self.article_source,
            "orphan": self.orphan,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_COLOR = "#b0bec5"


def is_color(value) -> bool:
    """A colour as the codebook stores it: #rrggbb. Anything else (from an import) could
    carry CSS into an export's style attribute."""
    return isinstance(value, str) and _COLOR.match(value) is not None


def safe_color(value) -> str:
    """`value` when it is a colour, else a neutral grey; for anything placed in CSS."""
    return value.lower() if is_color(value) else FALLBACK_COLOR


def _luminance(color: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(safe_color(a)), _luminance(safe_color(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_on(background: str) -> str:
    """Black or white, whichever reads better on `background` (WCAG AA needs 4.5:1;
    one of the two always reaches it)."""
    return max(("#000000", "#ffffff"), key=lambda text: contrast(text, background))
