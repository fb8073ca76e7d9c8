"""Unreadable or invalid settings fall back to defaults with one warning; nothing stops."""

from __future__ import annotations

import json

import pytest

from gui.cli import main
from gui.settings import Settings


@pytest.mark.parametrize("content", ["[]", "{not json", '"text"', "null"])
def test_a_settings_file_that_is_not_settings_is_kept_aside(capsys, home_dir, content):
    home_dir.mkdir(parents=True, exist_ok=True)
    (home_dir / "settings.json").write_text(content)
    assert main(["--home", str(home_dir), "folders"]) == 0
    err = capsys.readouterr().err
    assert err.count("was not used") == 1 and "Defaults apply" in err
    [aside] = home_dir.glob("settings.json.bad-*")
    assert aside.read_text() == content
    assert main(["--home", str(home_dir), "folders"]) == 0
    assert capsys.readouterr().err == ""  # said once


def test_invalid_values_take_their_defaults_and_the_rest_is_kept(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "shown_kinds": None,
                "theme": "neon",
                "font_size": 14,
                "recent_queries": [1, "x"],
                "last_folder": "/data/news",
            }
        )
    )
    settings = Settings.load(path)
    assert settings.shown_kinds == Settings().shown_kinds and settings.theme == "light"
    assert settings.font_size == 14 and settings.last_folder == "/data/news"
    assert settings.recent_queries == []
    assert all(name in settings.warning for name in ("shown_kinds", "theme", "recent_queries"))
    settings.save(path)
    assert "warning" not in json.loads(path.read_text())


def test_the_window_opens_with_a_null_shown_kinds(qtbot, seeded_home):
    from tests.conftest import open_main_window

    (seeded_home / "settings.json").write_text('{"shown_kinds": null}')
    window = open_main_window(qtbot, seeded_home)  # used to stop on the None
    assert "not valid (shown_kinds)" in window.ctx.settings.warning
    assert window.ctx.settings.shown_kinds == Settings().shown_kinds
