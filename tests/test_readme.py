"""The README is an interface too: it must exist and name what users and CI run."""

from __future__ import annotations

from tests.conftest import REPO


def test_readme_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "./run.sh app" in first_block and "./run.sh test" in first_block
    assert "docs/screenshot.png" in readme and (REPO / "docs" / "screenshot.png").exists()


def test_ci_runs_the_readme_test_command():
    assert "./run.sh test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    from gui.cli import COMMANDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in filter(None, COMMANDS):
        assert f"archive-reader {command}" in readme, command
