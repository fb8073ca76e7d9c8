"""Write a user's file atomically: a temporary file beside it, then a rename.

An export or backup interrupted half-way must never leave a half-written file
where a good one was. And a user's file is only ever a new file or a regular
file: a rename over a symbolic link, a device or a folder would replace the thing
itself (as root, `-o /dev/null` turned /dev/null into a file), and a rename over
the home's own files would replace the researcher's passages with an export.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class UnsafeOutput(ValueError):
    """An output path that must not be written: the home's own files, a link, a device."""


def check_output(path: Path, protected: Iterable[Path] = ()) -> Path:
    """`path` if a user's file may be written there; else UnsafeOutput saying why.

    `protected` lists files and folders of the application's own (the annotation
    database, the index, backups, logs); anything at or under them is refused,
    however the path is spelt (links, `..`, relative paths).
    """
    path = Path(path).expanduser()
    if path.is_symlink():
        raise UnsafeOutput(f"{path} is a link; write to a new file name instead.")
    if path.exists() and not path.is_file():
        what = "a folder" if path.is_dir() else "not a regular file (a device or a pipe)"
        raise UnsafeOutput(f"{path} is {what}; write to a new file name instead.")
    real = path.resolve()
    for own in protected:
        own = Path(own).resolve()
        if real == own or own in real.parents:
            raise UnsafeOutput(
                f"{path} is one of Archive Reader's own files ({own.name}); "
                "choose a file outside its home folder."
            )
    return path


def _mode_for(path: Path) -> int:
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, data: str | bytes, protected: Iterable[Path] = ()) -> None:
    """Write `data` to `path` (checked with check_output) by a temporary file and a rename."""
    path = check_output(path, protected)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a user's file gets the usual mode, or
        # keeps the mode of the file it replaces.
        os.chmod(temporary, _mode_for(path))
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
