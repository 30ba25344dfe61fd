"""The national classification of expenditure by economic nature (``grammar/templates/
economic.toml``): each 类 and 款 code with its name, as the 基本支出 tables print them.

Loaded once and checked: codes of 3 or 5 digits, each 款 under a 类 of the file, each
name given to one code only (a name must tell its code: economic_lists.py relies on it).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import regex

from ..datadir import DataFileError, load_toml
from ..grammar import grammar_dir

_CODE = regex.compile(r"^\d{3}+(?:\d{2}+)?+$")


@cache
def economic_subjects() -> dict[str, str]:
    """Code → name of every subject of the classification (``301`` → ``工资福利支出``)."""
    path = grammar_dir() / "templates" / "economic.toml"
    return checked_subjects(load_toml(path).get("subjects"), path.name)


def checked_subjects(data: object, source: str) -> dict[str, str]:
    """``data`` (the ``subjects`` table of a TOML file) checked, as code → name."""

    def fail(problem: str) -> DataFileError:
        return DataFileError(Path(source), "subjects", problem)

    if not isinstance(data, dict) or not data:
        raise fail("expected a table of code = name")
    out: dict[str, str] = {}
    for code, name in data.items():
        if not _CODE.match(code):
            raise fail(f"{code!r} is no code of 3 or 5 digits")
        if not isinstance(name, str) or not name.strip():
            raise fail(f"{code!r}: expected a name")
        if len(code) == 5 and code[:3] not in data:
            raise fail(f"{code!r}: its 类 {code[:3]!r} is not listed")
        out[code] = "".join(name.split())
    twice = sorted(name for name, n in Counter(out.values()).items() if n > 1)
    if twice:
        raise fail(f"names given to more than one code: {twice}")
    return out


__all__ = ["checked_subjects", "economic_subjects"]
