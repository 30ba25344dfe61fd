"""Every regular expression of the package stays linear on hostile input.

The patterns are written so they cannot backtrack catastrophically (anchors, possessive
quantifiers, atomic groups).  This test is the backstop that keeps it so: it collects every
compiled pattern at module level in ``budgetparse`` (new modules are included
automatically) and runs it over long inputs built to trip nested or overlapping
quantifiers.  A pattern that backtracks exponentially never finishes on these inputs, so
the generous ``timeout`` is a detector, not a speed target.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import regex

import budgetparse

HOSTILE = [
    "1" * 5000,
    "1 " * 3000,
    "1,0" * 2000 + "x",
    "一二三四五六七八九十" * 500 + "、",
    "（一）" * 1500,
    "\t" * 4000 + "x",
    " \u3000" * 3000 + "x",
    "万元，" * 1500 + "占",
    "其中：" * 1500,
    "比上年预算增加" * 700 + "1.",
    "一般公共服务支出（类）" * 400,
    "a" * 3000 + "\n" + "合 计 " * 800,
    "≥98%" * 1200 + "≤",
]


def _patterns() -> list[tuple[str, regex.Pattern[str]]]:
    found = []
    for module in pkgutil.walk_packages(budgetparse.__path__, "budgetparse."):
        mod = importlib.import_module(module.name)
        for name, value in vars(mod).items():
            if isinstance(value, regex.Pattern) and getattr(value, "pattern", None):
                found.append((f"{module.name}.{name}", value))
    return found


PATTERNS = _patterns()


def test_the_package_has_patterns_to_check() -> None:
    assert len(PATTERNS) > 20


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_is_linear_on_hostile_input(name: str, pattern: regex.Pattern[str]) -> None:
    for text in HOSTILE:
        try:
            pattern.search(text, timeout=5.0)
            for _ in pattern.finditer(text, timeout=5.0):
                pass
        except TimeoutError:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"{name} backtracks on {text[:20]!r}… ({len(text)} chars)")


_SEARCHES = {"search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}


def test_no_pattern_runs_under_a_time_limit() -> None:
    """A pattern given a ``timeout`` would stop on a long valid line (a 5 MB line once
    raised ``TimeoutError`` out of ``parse``): linearity is what the test above keeps,
    never a limit at run time."""
    import ast
    from pathlib import Path

    limited = []
    for path in sorted(Path(budgetparse.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _SEARCHES
                and any(k.arg == "timeout" for k in node.keywords)
            ):
                limited.append(f"{path.name}:{node.lineno}")
    assert limited == []
