"""User settings: a small typed, versioned JSON file in the home (Qt-free)."""

from __future__ import annotations

import json
import logging
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

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as error:
            log.warning("settings unreadable, using defaults: %s", error)
            return cls()
        known = {f.name for f in fields(cls)}
        settings = cls(**{k: v for k, v in raw.items() if k in known})
        settings.version = SETTINGS_VERSION  # upgrade steps go here when the version moves
        return settings

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(asdict(self), indent=2, ensure_ascii=False))
