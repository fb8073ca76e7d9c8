"""How entity kinds look and how to search for them (shared by reader, panels, browser)."""

from __future__ import annotations

# Text in these colours reaches WCAG AA (4.5:1) on the theme's page and on a selected
# row (tests/test_contrast.py computes every pair).
KIND_COLORS = {
    "Person": "#0d47a1",
    "Place": "#1b5e20",
    "Organisation": "#6a1b9a",
    "Group": "#a33a00",
    "Event": "#b71c1c",
    "Date": "#006064",
    "Number": "#5d4037",
    "Other": "#4e5257",
}
KIND_COLORS_DARK = {
    "Person": "#a8c7fa",
    "Place": "#a8dab5",
    "Organisation": "#d7aefb",
    "Group": "#fdc69c",
    "Event": "#f6aea9",
    "Date": "#a1e4f2",
    "Number": "#d7ccc8",
    "Other": "#dadce0",
}


def kind_color(kind: str, dark: bool | None = None) -> str:
    """The colour of a kind's names in the current theme (or the one asked for)."""
    if dark is None:
        from gui.theme import is_dark

        dark = is_dark()
    return (KIND_COLORS_DARK if dark else KIND_COLORS).get(kind, "#9aa0a6" if dark else "#5f6368")


DEFAULT_SHOWN = ("Person", "Place", "Organisation", "Group", "Event")
FIELD_OF_KIND = {"Person": "person", "Place": "place", "Organisation": "org", "Group": "group"}


def query_for(name: str, kind: str) -> str:
    """The query clause that finds articles naming this entity, whatever the spelling."""
    quoted = '"' + name.replace('"', "") + '"'
    field = FIELD_OF_KIND.get(kind)
    return f"{field}:{quoted}" if field else quoted
