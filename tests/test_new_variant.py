"""Adding a template variant takes data files only: README's steps, taken in a copy of the
repository with an invented variant (tests/fixtures/new_variant/), make the corpus tests
pass for its document with no change to code or tests.

The steps are read from README's "Adding a template variant", so the README and this test
cannot drift apart.  Two pytest runs over the corpus in a subprocess: a few seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import regex

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "new_variant"
VARIANT, YEAR, NAME = "2026", "2026", "district-archives"
_SECTION = regex.compile(r"^### Adding a template variant\n(.*?)^### ", regex.M | regex.S)

# the snapshot aspects of a corpus document (tests/test_corpus.py)
ASPECTS = ("findings", "outline", "records", "sentences", "tables")


def _steps() -> str:
    found = _SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "README lost its section 'Adding a template variant'"
    return " ".join(found.group(1).split())


# The copy's corpus: the document the corpus tests name, with its snapshots (parsing the
# whole corpus twice would only make the test slower).
KEPT = "2022/korla-city-government-office"


def _copy_of_repository(tmp: Path) -> Path:
    tree = tmp / "repository"
    skip = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "__snapshots__")
    for name in ("budgetparse", "grammar", "tests"):
        shutil.copytree(ROOT / name, tree / name, ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", tree)
    (tree / "corpus" / KEPT).parent.mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "README.md", tree / "corpus" / "README.md")
    for suffix in (".txt", ".expect.toml"):
        shutil.copy(ROOT / "corpus" / f"{KEPT}{suffix}", tree / "corpus" / f"{KEPT}{suffix}")
    snapshots = ROOT / "tests" / "__snapshots__" / "test_corpus"
    (tree / "tests" / "__snapshots__" / "test_corpus").mkdir(parents=True)
    for path in snapshots.glob(f"*[[]{KEPT.replace('/', '')}].txt"):
        shutil.copy(path, tree / "tests" / "__snapshots__" / "test_corpus" / path.name)
    return tree


def test_readme_steps_add_a_variant_with_data_files_only(tmp_path: Path) -> None:
    steps = _steps()
    template = f"grammar/templates/{VARIANT}.toml"
    document = f"corpus/{YEAR}/{NAME}.txt"
    expectations = f"corpus/{YEAR}/{NAME}.expect.toml"
    # the files README names, in its own words
    for path in (
        "grammar/templates/<id>.toml",
        "corpus/<year>/<name>.txt",
        "corpus/<year>/<name>.expect.toml",
        "corpus/README.md",
    ):
        assert f"`{path}`" in steps, path
    commands = regex.findall(r"`(python -m pytest[^`]*+)`", steps)
    assert commands == [
        "python -m pytest tests/test_corpus.py --snapshot-update",
        "python -m pytest tests/test_corpus.py",
    ]

    tree = _copy_of_repository(tmp_path)
    snapshots = tree / "tests" / "__snapshots__" / "test_corpus"
    before = {p.name: p.read_bytes() for p in snapshots.iterdir()}
    assert len(before) == len(ASPECTS)
    # 1. the template file; 2. the document, its expectations, its row in corpus/README.md
    shutil.copy(FIXTURE / "template.toml", tree / template)
    (tree / document).parent.mkdir()
    shutil.copy(FIXTURE / "document.txt", tree / document)
    shutil.copy(FIXTURE / "document.expect.toml", tree / expectations)
    with (tree / "corpus" / "README.md").open("a", encoding="utf-8") as readme:
        readme.write(f"| `{YEAR}/{NAME}.txt` | {YEAR} | 某某区档案馆 | {VARIANT} | invented |\n")
    # 3. the snapshots written, read, and the corpus tests pass
    env = {**os.environ, "PYTHONPATH": str(tree)}
    for command in commands:
        run = subprocess.run(
            [sys.executable, *command.split()[1:]],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]

    after = {p.name: p.read_bytes() for p in snapshots.iterdir()}
    new = sorted(set(after) - set(before))
    assert new == [
        f"test_{aspect}[{YEAR}{NAME}].txt"
        for aspect in ASPECTS
    ]
    assert {name: after[name] for name in before} == before  # nothing else changed
    outline = after[f"test_outline[{YEAR}{NAME}].txt"].decode()
    assert f"template: {VARIANT}" in outline  # read by the copy's grammar, not this one's
    assert "表8 政府性基金预算支出预算表" in outline
    # the copy's code and tests are this repository's, byte for byte
    for name in ("budgetparse", "tests"):
        for path in (ROOT / name).rglob("*.py"):
            assert (tree / path.relative_to(ROOT)).read_bytes() == path.read_bytes()
