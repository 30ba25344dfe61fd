"""README's two commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import re

from .conftest import ROOT


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick, flags=re.S)


def test_readme_gives_two_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert "budgetparse" in install_and_run and "corpus/" in install_and_run
    assert "pytest" in install_and_test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _commands()[1].strip()
    assert test_command in ci.splitlines()
