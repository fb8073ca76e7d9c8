"""Which processes use an index folder, so that none deletes files another one uses.

A damaged or outdated index is rebuilt by deleting its files (library.py). Another
Archive Reader on the same home (the window and a command-line search, say) may be
writing them at that moment; a rebuild then destroyed its work, and what it went on
writing went into deleted files (and a restored annotation database, gui/context.py,
left a window saving into the file moved aside). So every process that opens an index folder holds a
shared lock on the folder's `in-use` file for as long as it runs (the kernel lets go
when the process ends, however it ends), and deletes only when it alone holds one.

Locks are whole-file flock() locks on a descriptor this module keeps open: never
opened and closed again, so no lock is dropped by accident (POSIX record locks are
dropped by any close of the file; flock locks belong to the descriptor). Where there
is no flock (Windows), every process counts as alone, as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on the platforms we ship
    fcntl = None

log = logging.getLogger(__name__)

LOCK_FILE = "in-use"
_held: dict[Path, int] = {}  # folder -> this process's descriptor of its lock file
_guard = threading.RLock()


def hold(folder: Path) -> None:
    """Mark `folder` as used by this process until it ends (once per process)."""
    if fcntl is None:
        return
    key = Path(os.path.abspath(folder))
    with _guard:
        if key in _held:
            return
        try:
            descriptor = os.open(key / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            log.warning("cannot mark %s as in use", key, exc_info=True)
            return  # a read-only home: this process deletes nothing there anyway
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        _held[key] = descriptor


@contextlib.contextmanager
def alone(folder: Path) -> Iterator[bool]:
    """True inside the block when no other process uses `folder`; it cannot start
    using it before the block ends (it waits for the shared lock)."""
    if fcntl is None:
        yield True
        return
    hold(folder)
    key = Path(os.path.abspath(folder))
    with _guard:
        descriptor = _held.get(key)
        if descriptor is None:
            yield True  # not lockable (read-only): nothing will be deleted either
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_SH)
