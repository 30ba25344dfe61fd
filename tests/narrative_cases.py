"""Reading and rendering the narrative fixture cases (tests/fixtures/narrative/*.txt).

A case file holds cases in the style of tree-sitter's corpus tests::

    === title
    input prose (one or more lines)
    ---
    kind/item subject=… amount=… share=… cmp=… dir=… delta=… pdir=… pct=… parent=…

one expected line per record, in reading order; only fields that are set are written.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from budgetparse.narrative import Record

CASES = Path(__file__).parent / "fixtures" / "narrative"


@attrs.frozen
class Case:
    file: str
    title: str
    input: str
    expected: tuple[str, ...]


def read_cases(path: Path) -> list[Case]:
    cases = []
    for block in path.read_text(encoding="utf-8").split("\n=== "):
        block = block.removeprefix("=== ")
        if not block.strip():
            continue
        title, _, rest = block.partition("\n")
        source, _, expected = rest.partition("\n---\n")
        lines = tuple(line for line in expected.splitlines() if line.strip())
        cases.append(Case(path.stem, title.strip(), source + "\n", lines))
    return cases


def all_cases() -> list[Case]:
    return [case for path in sorted(CASES.glob("*.txt")) for case in read_cases(path)]


def render(record: Record) -> str:
    """One record as a line of its most telling fields."""
    out = [record.kind + (f"/{record.item}" if record.item else "")]

    def add(key: str, value: object) -> None:
        if value not in (None, (), ""):
            out.append(f"{key}={value}")

    add("subject", record.name)
    if record.path:
        add("path", "/".join(f"{p.name}({p.level})" for p in record.path))
    if record.amount_text is not None or record.unit:
        add("amount", f"{record.amount_text}{record.unit or ''}")
    if record.unit not in ("万元", "万"):
        add("wan", record.amount_wan)
    add("share", record.share_pct if record.share_text else ("null" if record.share_span else None))
    add("cmp", record.comparison)
    add("basis", record.basis if record.basis != "prior_year" else None)
    add("year", record.basis_year)
    if record.prior is not None or record.prior_unit:
        add("prior", f"{record.prior_text}{record.prior_unit or ''}")
    add("done", record.completion_pct)
    add("of", record.completion_basis)
    add("dir", record.direction)
    add("rough", "yes" if record.direction_rough else None)  # 基本持平: within a tolerance
    if record.delta is not None or record.delta_unit:
        add("delta", f"{record.delta}{record.delta_unit or ''}")
    add("pdir", record.pct_direction)
    add("pct", record.pct)
    add("pp", record.pp)
    if record.value is not None:
        add("value", f"{record.value_text}{record.value_unit}")
    add("reason", record.reason)
    add("purpose", record.purpose)
    add("content", record.content)
    add("listed", "、".join(record.listed) if record.listed else None)
    add("parent", record.parent)
    for note in record.notes:
        add("note", note)
    for note in record.unparsed:
        add("unparsed", note)
    return " ".join(out)
