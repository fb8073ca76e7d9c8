"""The window on a real X server (Xvfb, Qt's xcb platform), for what the offscreen
platform cannot show: there text fields have the Windows keyboard scheme, and on a
Linux desktop they have the X11 one, where Ctrl+E and Ctrl+U are editing keys."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def x_display():
    """A private Xvfb server at the size of a small laptop screen; its display."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (./run.sh test installs it)")
    server = subprocess.Popen(
        [xvfb, "-displayfd", "1", "-screen", "0", "1024x700x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        number = server.stdout.readline().strip().decode()
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_windows_shortcuts_work_while_typing_in_a_field(seeded_home, x_display):
    """With the search box or the tag field in focus, Ctrl+E (Export passages) and Ctrl+U
    (Original file) did nothing on Linux: the field took them as "end of line" and
    "delete to start of line". The window's shortcuts now come first, and the keys a
    field needs (Ctrl+A: select all) stay the field's."""
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=x_display)
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.real_window_probe", str(seeded_home)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {
        "active": True,
        "selected in the search box": "drone",
        "export from the search box": True,
        "original file from the tag field": True,
    }
