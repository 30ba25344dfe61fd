"""Shared fixtures: the bundled corpus, addressed by ``<year>/<name>`` ids."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*.txt"))


def corpus_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(params=corpus_files(), ids=corpus_id)
def corpus_path(request: pytest.FixtureRequest) -> Path:
    return request.param
