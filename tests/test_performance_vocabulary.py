"""The performance-target tables' words are data (grammar/templates/performance.toml,
[vocabulary]), checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetparse.datadir import DataFileError, grammar_dir
from budgetparse.tables.performance import parse_target
from budgetparse.tables.performance_vocabulary import (
    PerformanceVocabulary,
    load_performance_vocabulary,
)

SHIPPED = grammar_dir() / "templates" / "performance.toml"


def _load(tmp_path: Path, old: str, new: str) -> PerformanceVocabulary:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "performance.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_performance_vocabulary(path)


def test_the_shipped_words_load_and_read_targets() -> None:
    words = load_performance_vocabulary(SHIPPED)
    assert ("不少于", ">=") in words.words
    assert parse_target("不少于12篇")[0] == ">="
    assert parse_target("98%以上")[0] == ">="


def test_a_new_word_is_a_data_edit(tmp_path: Path) -> None:
    words = _load(tmp_path, '["达到", ">="],', '["达到", ">="], ["不得低于", ">="],')
    assert ("不得低于", ">=") in words.words


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('["大于或等于", ">="]', '["大于或等于", "≥"]', "words[0]: '≥' is not one of"),
        (
            '["大于或等于", ">="], ["大于等于", ">="]',
            '["大于", ">"], ["大于等于", ">="]',
            "words[1]: '大于等于' is shadowed by '大于'",
        ),
        (
            'suffixes = [["及以上", ">="], ["以上", ">="]',
            'suffixes = [["以上", ">="], ["及以上", ">="]',
            "suffixes[1]: '及以上' is shadowed by '以上'",
        ),
        (
            '"数量指标" = "产出指标"',
            '"数量指标" = "产出"',
            "parent.数量指标: '产出' is not a 一级 word",
        ),
        ("fiscal = { contains", "fiscal = { has", "vocabulary.amounts.fiscal"),
        ('header = "一级指标"', "header = 1", "vocabulary.labels.header: expected a string"),
    ],
)
def test_a_wrong_word_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(DataFileError) as error:
        _load(tmp_path, old, new)
    assert message in str(error.value) and str(error.value).startswith("performance.toml: ")
