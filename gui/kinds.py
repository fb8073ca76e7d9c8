"""How entity kinds look and how to search for them (shared by reader, panels, browser)."""

from __future__ import annotations

KIND_COLORS = {
    "Person": "#1565c0",
    "Place": "#2e7d32",
    "Organisation": "#6a1b9a",
    "Group": "#e65100",
    "Event": "#c62828",
    "Date": "#00838f",
    "Number": "#5d4037",
    "Other": "#616161",
}
DEFAULT_SHOWN = ("Person", "Place", "Organisation", "Group", "Event")
FIELD_OF_KIND = {"Person": "person", "Place": "place", "Organisation": "org", "Group": "group"}


def query_for(name: str, kind: str) -> str:
    """The query clause that finds articles naming this entity, whatever the spelling."""
    quoted = '"' + name.replace('"', "") + '"'
    field = FIELD_OF_KIND.get(kind)
    return f"{field}:{quoted}" if field else quoted
