"""README's two commands stay true: CI runs exactly the README's test command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


# -- a researcher's first ten minutes: every snippet runs ------------------------------------


def _researcher_snippets() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## A researcher's first ten minutes", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(sh|python)\n(.+?)\n```", section, flags=re.S)


def test_researcher_snippets_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    pytest.importorskip("dask.distributed")
    pytest.importorskip("spacy")
    snippets = _researcher_snippets()
    kinds = [kind for kind, _ in snippets]
    assert kinds.count("sh") >= 3 and kinds.count("python") >= 3
    # the documents the snippets name (the whole corpus would only make the run longer)
    for name in (
        "2022/korla-city-government-office.txt",
        "2024/kashgar-city-government-office.txt",
    ):
        (tmp_path / "corpus" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "corpus" / name, tmp_path / "corpus" / name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    monkeypatch.chdir(tmp_path)
    for kind, code in snippets:
        if kind == "python":  # in this process: pandas, spaCy and Dask are imported once
            exec(compile(code, "README.md", "exec"), {"__name__": "__main__"})
            continue
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", code],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (code, done.stdout[-2000:], done.stderr[-4000:])
    # what the snippets say they leave
    assert (tmp_path / "out" / "records.parquet").is_file()
    assert (tmp_path / "pages/corpus/2022/korla-city-government-office.txt.html").is_file()
    assert (tmp_path / "ls" / "tasks.json").is_file()
    assert list((tmp_path / "brat").rglob("*.ann"))
    assert (tmp_path / "sentences.jsonl").stat().st_size > 0


def test_every_guarantee_names_a_test_that_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Guarantees", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(test_\w+\.py)(?:::(\w+))?`", section)
    assert len(named) >= 15
    for line in section.split("\n- ")[1:]:  # each guarantee names the test that holds it
        assert "`test_" in line, line[:80]
    for module, test in named:
        source = (ROOT / "tests" / module).read_text(encoding="utf-8")
        if test:
            assert f"def {test}(" in source, f"{module}::{test}"
