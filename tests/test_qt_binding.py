"""The Qt binding must not corrupt Python's reference counts.

PySide6 6.12.0 takes a reference from None on every call that returns nothing
(QLabel.setText, ...). On Python 3.11, where None is not immortal, the app then
crashed after a few thousand calls, at the latest when it quit. pyproject.toml
excludes that release; this test fails if an installed binding does it again.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        label.setText("x")
    gc.collect()
    assert before - sys.getrefcount(None) < 100
