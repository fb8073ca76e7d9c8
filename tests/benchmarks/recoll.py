"""A peer: Recoll (`recollindex`, Debian package `recollcmd`) over the same folder.

Timed from start to exit, with its peak memory: a small Python process starts it, so
the peak reported (getrusage of its children) is recollindex's own, not this large
benchmark's copied on fork.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

_RUN = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "code": done.returncode,
                  "error": done.stderr[-500:]}))
"""


def available() -> bool:
    return shutil.which("recollindex") is not None


def version() -> str:
    try:
        done = subprocess.run(["recollindex", "-v"], capture_output=True, text=True, timeout=30)
    except OSError:
        return ""
    words = (done.stdout + done.stderr).split()
    return next((w for w in words if w[:1].isdigit()), "")


def build(folder: Path, conf_dir: Path) -> dict:
    """Index `folder` from scratch: {"seconds", "peak_mb", "code", "error"}."""
    shutil.rmtree(conf_dir, ignore_errors=True)
    conf_dir.mkdir(parents=True)
    (conf_dir / "recoll.conf").write_text(f"topdirs = {folder}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "recollindex", "-c", str(conf_dir)],
        capture_output=True,
        text=True,
        timeout=7200,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
