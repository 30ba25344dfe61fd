"""grammar/narrative/vocabulary.toml is checked when loaded, and its flags are the one
home of what they say: which comparison bases are budgets, which words say roughly the
same (the clause grammar's DIR_ABOUT)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from budgetparse.datadir import DataFileError, grammar_dir
from budgetparse.narrative import vocabulary as narrative_vocabulary
from budgetparse.narrative.terminals import grammar_text, strict_terminals
from budgetparse.reconcile import final_narrative_rules

from .test_final_accounts import parse, read

SHIPPED = grammar_dir() / "narrative" / "vocabulary.toml"


@pytest.fixture
def edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of grammar/ in use (its vocabulary.toml to edit); the shipped one after."""
    copy = tmp_path / "grammar"
    shutil.copytree(grammar_dir(), copy)
    monkeypatch.setenv("BUDGETPARSE_GRAMMAR", str(copy))
    narrative_vocabulary.vocabulary.cache_clear()
    yield copy / "narrative" / "vocabulary.toml"
    monkeypatch.delenv("BUDGETPARSE_GRAMMAR")
    narrative_vocabulary.vocabulary.cache_clear()


def test_the_shipped_vocabulary_names_the_budget_bases_and_the_rough_words() -> None:
    words = narrative_vocabulary.vocabulary()
    assert words.budget_bases == {"budget", "initial_budget", "adjusted_budget"}
    assert {"execution", "final_accounts", "same_scope"} <= {b for b, _ in words.bases}
    assert words.roughly_equal == ("基本持平", "基本相当")
    # the grammar's terminal is made of them, and the unchanged terminal holds none
    terminals = strict_terminals(grammar_text())
    assert terminals["DIR_ABOUT"] == "基本持平|基本相当"
    assert "基本" not in terminals["DIR_FLAT"]


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('words = ["预算"], budget = true', 'words = ["预算"], budget = "yes"', "basis[4].budget"),
        ('words = ["年初"], budget = true', 'words = ["年初"], budgets = true', "basis[0].budgets"),
        ('{ basis = "execution", words', '{ basis = "initial_budget", words', "basis[2].basis"),
        ('"final_accounts", words = ["决算"] }', '"final_accounts" }', "basis[3].words"),
        ('roughly_equal = ["基本持平", "基本相当"]', "roughly_equal = []", "roughly_equal"),
        ('roughly_equal = ["基本持平", "基本相当"]', "roughly_equal = [3]", "roughly_equal"),
        ('roughly_equal = ["基本持平", "基本相当"]', 'roughly_same = ["基本持平"]', "roughly_same"),
    ],
)
def test_a_broken_entry_is_one_error_naming_file_and_key(
    edited: Path, old: str, new: str, key: str
) -> None:
    text = edited.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    edited.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        narrative_vocabulary.vocabulary()
    assert error.value.key == key
    assert str(error.value).startswith("vocabulary.toml: ")


def test_which_bases_are_budgets_is_read_from_the_data(edited: Path) -> None:
    """决算数与预算数持平 is a relation to the 预算数 because the basis `budget` is flagged
    a budget; without the flag the same record states none."""
    doc = parse(read("tab"))
    (flat,) = [r for r in doc.records if r.direction == "持平" and r.basis == "budget"]
    assert final_narrative_rules._relation(flat) == "equal"
    text = edited.read_text(encoding="utf-8")
    old = '{ basis = "budget", words = ["预算"], budget = true }'
    assert text.count(old) == 1
    edited.write_text(text.replace(old, '{ basis = "budget", words = ["预算"] }'), encoding="utf-8")
    narrative_vocabulary.vocabulary.cache_clear()
    assert final_narrative_rules._relation(flat) is None
