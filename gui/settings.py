"""User settings: a small typed, versioned JSON file in the home (Qt-free)."""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from gui.kinds import DEFAULT_SHOWN
from indexer.atomic import write_atomic

log = logging.getLogger(__name__)
SETTINGS_VERSION = 1


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    last_folder: str = ""
    font_size: int = 12
    font_family: str = ""
    theme: str = "light"
    recent_queries: list[str] = field(default_factory=list)
    saved_searches: list[dict] = field(default_factory=list)
    shown_kinds: list[str] = field(default_factory=lambda: list(DEFAULT_SHOWN))
    # The workspace, restored on start: window geometry and splitter sizes (Qt's own
    # encodings, base64), and {"query", "filters", "scope", "sort", "article",
    # "scroll": {article id: scroll bar value}}.
    window_geometry: str = ""
    splitters: dict = field(default_factory=dict)
    workspace: dict = field(default_factory=dict)
    # Said once when the file could not be used as it was; never saved.
    warning: str = field(default="", compare=False, metadata={"saved": False})

    @classmethod
    def load(cls, path: Path) -> Settings:
        """The settings in `path`; what is missing or invalid is the default. An unreadable
        or invalid file is moved aside (never lost) and `warning` says so once."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as error:
            return cls._fallback(path, f"it could not be read ({error})")
        if not isinstance(raw, dict):
            return cls._fallback(path, "it does not hold settings")
        settings, bad = cls(), []
        for item in fields(cls):
            if item.name in raw and item.name != "version":
                value = raw[item.name]
                if _valid(item.name, value, getattr(settings, item.name)):
                    setattr(settings, item.name, value)
                else:
                    bad.append(item.name)
        if bad:
            settings.warning = (
                f"Some settings in {path} were not valid ({', '.join(bad)}); "
                "their defaults are used."
            )
            log.warning("%s", settings.warning)
        settings.version = SETTINGS_VERSION  # upgrade steps go here when the version moves
        return settings

    @classmethod
    def _fallback(cls, path: Path, why: str) -> Settings:
        settings = cls()
        aside = path.with_name(f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
            kept = f"; the file is kept as {aside.name}"
        except OSError:
            kept = ""
        settings.warning = f"The settings file {path} was not used: {why}. Defaults apply{kept}."
        log.warning("%s", settings.warning)
        return settings

    def save(self, path: Path) -> None:
        saved = {k: v for k, v in asdict(self).items() if k != "warning"}
        write_atomic(path, json.dumps(saved, indent=2, ensure_ascii=False))


_ITEM_TYPES = {"recent_queries": str, "saved_searches": dict, "shown_kinds": str}
_CHOICES = {"theme": ("light", "dark")}
_RANGES = {"font_size": (6, 72)}


def _valid(name: str, value, default) -> bool:
    """Whether `value` can stand for the setting whose default is `default`."""
    if isinstance(default, bool) or type(value) is not type(default):
        return False
    if name in _CHOICES and value not in _CHOICES[name]:
        return False
    if name in _RANGES and not _RANGES[name][0] <= value <= _RANGES[name][1]:
        return False
    if isinstance(value, list):
        return all(isinstance(item, _ITEM_TYPES.get(name, object)) for item in value)
    return True
