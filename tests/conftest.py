"""Shared fixtures: the bundled corpus, addressed by ``<year>/<name>`` ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# The property tests draw the same examples on every run, so that the suite passes or
# fails by the code alone (a failure found once is kept as an @example).  To explore new
# examples: HYPOTHESIS_PROFILE=explore; the long fuzz run explores the whole pipeline.
settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*/*.txt"))


def corpus_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(params=corpus_files(), ids=corpus_id)
def corpus_path(request: pytest.FixtureRequest) -> Path:
    return request.param
