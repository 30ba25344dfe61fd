"""The expectations of a corpus document: ``corpus/<year>/<name>.expect.toml`` beside it.

They hold what a reader finds on the document's pages (checked by hand), so that adding a
document, or a template variant with its document, touches data files only.  A file with
an unknown or missing field, or a value of the wrong type, is refused with its path and
the field named.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import attrs

# (code, severity, 表 number of the first figure (None: the prose), the figure as printed)
FindingKey = tuple[str, str, int | None, str]

_FIELDS: dict[str, type | tuple[type, ...]] = {
    "department": str,
    "year": int,
    "published": str,
    "template": str,
    "sections": list,
    "tables": int,
    "missing_tables": list,
    "findings": list,
}
_FINDING_FIELDS = {"code": str, "severity": str, "table": int, "found": str}


class ExpectationError(ValueError):
    """An expectations file that does not say what the tests need, or says more."""


@attrs.frozen
class Expectations:
    department: str
    year: int
    published: str
    template: str
    sections: tuple[int, ...]  # top-level sections of each part, in order
    tables: int  # numbered part-2 tables the template prints
    missing_tables: frozenset[int]  # of those, the ones the document lacks
    findings: Counter[FindingKey]


def expectations_path(document: Path) -> Path:
    return document.with_name(document.stem + ".expect.toml")


def load(document: Path) -> Expectations:
    """The expectations of ``document`` (a ``.txt`` of the corpus)."""
    path = expectations_path(document)
    if not path.is_file():
        raise ExpectationError(f"{path}: missing (every corpus document has one)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ExpectationError(f"{path}: {error}") from None
    _check(path, data, _FIELDS, required=True)
    findings: Counter[FindingKey] = Counter()
    for i, item in enumerate(data["findings"]):
        if not isinstance(item, dict):
            raise ExpectationError(f"{path}: findings[{i}] is not a table")
        _check(path, item, _FINDING_FIELDS, required=False, where=f"findings[{i}].")
        for key in ("code", "severity", "found"):
            if key not in item:
                raise ExpectationError(f"{path}: findings[{i}] lacks {key}")
        findings[(item["code"], item["severity"], item.get("table"), item["found"])] += 1
    for key in ("sections", "missing_tables"):
        if not all(isinstance(x, int) for x in data[key]):
            raise ExpectationError(f"{path}: {key} must list whole numbers")
    return Expectations(
        department=data["department"],
        year=data["year"],
        published=data["published"],
        template=data["template"],
        sections=tuple(data["sections"]),
        tables=data["tables"],
        missing_tables=frozenset(data["missing_tables"]),
        findings=findings,
    )


def _check(
    path: Path,
    data: dict[str, object],
    fields: dict[str, type | tuple[type, ...]],
    *,
    required: bool,
    where: str = "",
) -> None:
    for key in data:
        if key not in fields:
            raise ExpectationError(f"{path}: unknown field {where}{key}")
    for key, kind in fields.items():
        if key not in data:
            if required:
                raise ExpectationError(f"{path}: missing field {where}{key}")
            continue
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ExpectationError(f"{path}: {where}{key} has the wrong type ({value!r})")
