"""Logging to a file in the home's log folder; users see messages, never tracebacks."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os

from gui.paths import Home

_configured = False


def setup_logging(home: Home, verbose: bool = False) -> None:
    global _configured
    if _configured:
        return
    # A full disk or a read-only home must not turn every log line into a page of
    # "--- Logging error ---" on the terminal: logging failures stay quiet.
    logging.raiseExceptions = False
    root = logging.getLogger()
    try:
        home.logs.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            home.log_file,
            maxBytes=2_000_000,
            backupCount=3,
            encoding="utf-8",
            errors="backslashreplace",  # a file name in another encoding is still logged
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only home: the commands still work
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    with contextlib.suppress(OSError):
        os.chmod(home.log_file, 0o600)  # the log names files and queries: the user's only
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    _configured = True
