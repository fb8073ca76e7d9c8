from __future__ import annotations

from pathlib import Path

from gui.paths import HOME_ENV, resolve_home, sample_archive_dir


def test_override_moves_everything_into_one_folder(tmp_path):
    home = resolve_home(tmp_path / "h")
    for path in (home.index_dir, home.annotations_db, home.settings_file, home.log_file):
        assert tmp_path / "h" in path.parents


def test_environment_variable_is_used_when_no_flag(monkeypatch, tmp_path):
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "env-home"))
    assert resolve_home().data == tmp_path / "env-home"
    assert resolve_home(tmp_path / "flag").data == tmp_path / "flag"  # the flag wins


def test_default_comes_from_platformdirs(monkeypatch, tmp_path):
    monkeypatch.delenv(HOME_ENV)
    home = resolve_home()
    assert home.data == tmp_path / "xdg-data" / "archive-reader"
    assert home.config == tmp_path / "xdg-config" / "archive-reader"


def test_sample_archive_is_the_five_seed_files():
    names = sorted(p.name for p in Path(sample_archive_dir()).iterdir())
    assert len(names) == 5 and all(n.endswith(".txt") for n in names)


def test_seeds_are_byte_identical_to_the_shared_originals():
    shared = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not shared.is_dir():
        import pytest

        pytest.skip("no ../shared/seeds beside this checkout")
    for original in shared.iterdir():
        assert (Path(sample_archive_dir()) / original.name).read_bytes() == original.read_bytes()
