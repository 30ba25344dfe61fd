"""The words of the performance-target tables, from ``grammar/templates/performance.toml``
(``[vocabulary]``), checked when loaded.

Data, not code, like the column catalogue beside it: a new comparison word (不低于), a
new indicator level or field label is one edit of the data file.  What would make the
reader go wrong silently is refused on load with the file and key named
(:class:`~budgetparse.datadir.DataFileError`): an operator outside ``>= <= > < =``, a word
that an earlier one shadows (tried in order, 大于 before 大于等于 would take every
大于等于), a 二级 parent that is not a 一级 word.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
import regex

from ..datadir import DataFileError, grammar_dir, load_toml, string_at, strings_at, table_at

OPERATORS = (">=", "<=", ">", "<", "=")


@attrs.frozen
class PerformanceVocabulary:
    words: tuple[tuple[str, str], ...]  # (word before the value, operator), in order
    symbols: tuple[tuple[str, str], ...]
    suffixes: tuple[tuple[str, str], ...]  # (word after the unit, operator)
    level1: frozenset[str]
    level_extra: frozenset[str]  # 一级 words that do not end in 指标
    parent: dict[str, str]  # 二级 → its certain 一级
    unit_label: regex.Pattern[str]
    project_label: regex.Pattern[str]
    project_field: regex.Pattern[str]  # the project label and its colon, to cut off
    goal_label: regex.Pattern[str]
    contact_label: regex.Pattern[str]
    other_label: regex.Pattern[str]
    header: regex.Pattern[str]
    amounts: tuple[tuple[str, regex.Pattern[str]], ...]  # (slot, label pattern), in order


@cache
def performance_vocabulary() -> PerformanceVocabulary:
    return load_performance_vocabulary(grammar_dir() / "templates" / "performance.toml")


def load_performance_vocabulary(path: Path) -> PerformanceVocabulary:
    data = table_at(path, "vocabulary", load_toml(path).get("vocabulary"))
    operators = table_at(path, "vocabulary.operators", data.get("operators"))
    levels = table_at(path, "vocabulary.levels", data.get("levels"))
    labels = table_at(path, "vocabulary.labels", data.get("labels"))
    amounts = table_at(path, "vocabulary.amounts", data.get("amounts"))

    level1 = strings_at(path, "vocabulary.levels.level1", levels.get("level1"))
    parent = {
        str(k): string_at(path, f"vocabulary.levels.parent.{k}", v)
        for k, v in table_at(path, "vocabulary.levels.parent", levels.get("parent", {})).items()
    }
    for child, level in parent.items():
        if level not in level1 and not level.endswith("指标"):
            raise DataFileError(
                path, f"vocabulary.levels.parent.{child}", f"{level!r} is not a 一级 word"
            )

    def words(key: str) -> regex.Pattern[str]:
        found = strings_at(path, f"vocabulary.labels.{key}", labels.get(key))
        return regex.compile("^(?:" + "|".join(regex.escape(w) for w in found) + ")")

    goal = strings_at(path, "vocabulary.labels.goal", labels.get("goal"))
    header = string_at(path, "vocabulary.labels.header", labels.get("header"))
    return PerformanceVocabulary(
        words=_pairs(path, "vocabulary.operators.words", operators.get("words"), prefix=True),
        symbols=_pairs(path, "vocabulary.operators.symbols", operators.get("symbols"), prefix=True),
        suffixes=_pairs(
            path, "vocabulary.operators.suffixes", operators.get("suffixes"), prefix=False
        ),
        level1=frozenset(level1),
        level_extra=frozenset(w for w in level1 if not w.endswith("指标")),
        parent=parent,
        unit_label=words("unit"),
        project_label=words("project"),
        project_field=regex.compile(words("project").pattern + r"\s*+[:：]?\s*+"),
        goal_label=regex.compile("^(?:" + "|".join(regex.escape(w) for w in goal) + ")$"),
        contact_label=words("contact"),
        other_label=words("other"),
        header=regex.compile(regex.escape(header)),
        amounts=tuple(
            (str(slot), _amount_pattern(path, f"vocabulary.amounts.{slot}", spec))
            for slot, spec in amounts.items()
        ),
    )


def _pairs(path: Path, key: str, value: object, *, prefix: bool) -> tuple[tuple[str, str], ...]:
    """(word, operator) pairs in order; an operator outside OPERATORS, or a word an earlier
    one would always take first (it begins, or for suffixes ends, the same way), refused."""
    if not isinstance(value, list):
        raise DataFileError(path, key, f"expected a list of [word, operator], got {value!r}")
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(value):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(p, str) and p for p in pair)
        ):
            raise DataFileError(path, f"{key}[{i}]", f"expected [word, operator], got {pair!r}")
        word, operator = pair
        if operator not in OPERATORS:
            raise DataFileError(path, f"{key}[{i}]", f"{operator!r} is not one of {OPERATORS}")
        for earlier, _ in out:
            if word.startswith(earlier) if prefix else word.endswith(earlier):
                raise DataFileError(
                    path, f"{key}[{i}]", f"{word!r} is shadowed by {earlier!r}, tried before it"
                )
        out.append((word, operator))
    return tuple(out)


def _amount_pattern(path: Path, key: str, value: object) -> regex.Pattern[str]:
    spec = table_at(path, key, value)
    unknown = set(spec) - {"contains", "exact"}
    if unknown or not spec:
        raise DataFileError(path, key, "expected contains = [...] and/or exact = [...]")
    contains = strings_at(path, f"{key}.contains", spec.get("contains", []))
    exact = strings_at(path, f"{key}.exact", spec.get("exact", []))
    alternatives = [regex.escape(w) for w in contains] + [f"^{regex.escape(w)}$" for w in exact]
    return regex.compile("|".join(alternatives))
