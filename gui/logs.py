"""Logging to a file in the home's log folder; users see messages, never tracebacks."""

from __future__ import annotations

import logging
import logging.handlers

from gui.paths import Home

_configured = False


def setup_logging(home: Home, verbose: bool = False) -> None:
    global _configured
    if _configured:
        return
    home.logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        home.log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    _configured = True
