"""Rules and what they share: the registry, the context, and the checks of one relation.

A rule is a small function ``(Context) -> Iterable[Outcome]`` registered under its stable
finding code with :func:`rule`.  Rule modules are the ``*_rules.py`` files of this
package, found and imported by the engine, so a new family of rules (the narrative rules)
is one new module and nothing else.  Stages run in order: table-internal rules (1), then
cross-table rules (2), which may ask how often a figure already failed in stage 1 to tell
which of two disagreeing tables printed the odd figure; narrative rules take stage 3.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

from ..model import Document, Span
from .findings import ERROR, INFO, WARNING, Figure, FigureKey, Finding, Outcome, spans_of
from .index import Index, Quantity, TableView, add_intervals, sum_of
from .interval import ZERO, scale_fit, sign_conflict, unit_read_as

TABLE_STAGE = 1
CROSS_STAGE = 2
NARRATIVE_STAGE = 3


@attrs.frozen
class Rule:
    code: str
    stage: int
    check: Callable[[Context], Iterable[Outcome]]


RULES: dict[str, Rule] = {}


def rule(code: str, *, stage: int) -> Callable[[Callable[[Context], Iterable[Outcome]]], Rule]:
    """Register a rule under its finding code."""

    def register(check: Callable[[Context], Iterable[Outcome]]) -> Rule:
        entry = Rule(code, stage, check)
        RULES[code] = entry
        return entry

    return register


@attrs.frozen
class Verdict:
    severity: str | None  # None: the relation holds (or could not be checked)
    scale: str | None = None  # "元→万元"
    note: str = ""


OK = Verdict(None)


class Context:
    """What a rule reads (the index) and where it reports what it could not check."""

    def __init__(self, document: Document, text: str | None = None):
        self.document = document
        self.text = text  # the decoded text (spans index it), when the caller has it
        self.index = Index(document)
        self.checked = 0
        self.failures: Counter[FigureKey] = Counter()  # figure → failed checks reading it
        self.absent: dict[str, set[str]] = defaultdict(set)  # kind → rule codes not run
        self.unknown: Counter[int] = Counter()  # table index → checks not run
        self.unknown_span: dict[int, Span | None] = {}
        self.memo: dict[str, object] = {}  # per-document values rules share (records_of)

    # -- bookkeeping --------------------------------------------------------------------

    def release(self) -> None:
        """Forget the labelled cells and sums read so far (each rule's working set; they
        are rebuilt on demand, and holding them all is the peak).  The prose figures read
        (``records_of``) are kept: every narrative rule reads them again, and a document
        of many statements spent a seventh of its time rebuilding them, for less memory
        than its records already hold."""
        self.index.release()
        records = self.memo.get("records")
        self.memo.clear()
        if records is not None:
            self.memo["records"] = records

    def table_absent(self, kind: str, code: str) -> None:
        self.absent[kind].add(code)

    def not_known(self, quantities: Sequence[Quantity]) -> bool:
        """True (and the table noted) when some input is unknown."""
        unknown = [f for q in quantities if not q.known for f in q.figures if f.value is None]
        if not unknown:
            return False
        table = unknown[0].table
        if table is not None:
            self.unknown[table] += 1
            view = self.view(table)
            self.unknown_span[table] = view.table.title_span if view else None
        return True

    def record(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            for key in outcome.depends:
                self.failures[key] += 1

    # -- relations ----------------------------------------------------------------------

    def equal(self, found: Quantity, expected: Quantity) -> Verdict | None:
        """Can ``found`` be ``expected``?  None when an input is unknown."""
        if self.not_known((found, expected)):
            return None
        self.checked += 1
        assert found.printed and expected.printed and found.evident and expected.evident
        value = found.value or ZERO
        if value and sign_conflict(value, expected.printed):
            return Verdict(ERROR, note="正负号相反")
        if found.printed.intersects(expected.printed):
            if found.evident.intersects(expected.evident):
                return OK
            return Verdict(WARNING, note=ROUNDING_NOTE)
        return self.scaled(found, expected)

    def equal_sum(
        self, found: Quantity, label: str, parts: Sequence[Quantity]
    ) -> tuple[Verdict | None, Quantity | None]:
        """``equal(found, sum_of(label, parts))`` and the sum, None for the sum when the
        relation holds: most do, and then the sum is checked on the intervals alone (no
        label, text or key set is made for the thousands of sums that add up)."""
        if found.known and all(p.known for p in parts):
            printed = add_intervals([p.printed for p in parts])
            evident = add_intervals([p.evident for p in parts])
            assert found.printed and found.evident
            value = found.value or ZERO
            if (
                not (value and sign_conflict(value, printed))
                and found.printed.intersects(printed)
                and found.evident.intersects(evident)
            ):
                self.checked += 1
                return OK, None
        expected = sum_of(label, parts)
        return self.equal(found, expected), expected

    def at_most(self, part: Quantity, whole: Quantity) -> Verdict | None:
        if self.not_known((part, whole)):
            return None
        self.checked += 1
        assert part.printed and whole.printed and part.evident and whole.evident
        if part.printed.allows_at_most(whole.printed):
            if part.evident.allows_at_most(whole.evident):
                return OK
            return Verdict(WARNING, note=ROUNDING_NOTE)
        return Verdict(ERROR)

    def scaled(self, found: Quantity, expected: Quantity) -> Verdict:
        assert found.printed and expected.printed
        factor = scale_fit(found.printed, expected.printed)
        if factor is None:
            return Verdict(ERROR)
        unit = self.unit_of(expected)
        read_as = unit_read_as(factor, unit)
        if read_as is None:
            return Verdict(ERROR)
        return Verdict(
            WARNING,
            scale=f"{read_as}→{unit or '万元'}",
            note=f"按{read_as}计则相符，疑为单位错误",
        )

    def unit_of(self, quantity: Quantity) -> str | None:
        for figure in quantity.figures:
            view = self.view(figure.table)
            if view is not None:
                return view.table.unit
        return None

    def view(self, table: int | None) -> TableView | None:
        return self.index.by_index.get(table) if table is not None else None


ROUNDING_NOTE = (
    "按印出的位数四舍五入可相符，但本文件其他金额保留两位小数（模板以万元保留两位），"
    "整数很可能就是准确值"
)


def amount(value: object) -> str:
    """A Decimal as a person reads it (no exponent notation)."""
    text = format(value, "f") if value is not None else "?"
    return text


def outcome(
    code: str,
    verdict: Verdict,
    message: str,
    found: Quantity,
    expected: Quantity,
    *,
    others: Sequence[Quantity] = (),
    primary: bool = False,
    blames: Iterable[FigureKey] = (),
) -> Outcome:
    """The failed relation ``found`` vs ``expected`` as an outcome."""
    assert verdict.severity is not None
    figures = (
        tuple(found.figures) + tuple(expected.figures) + tuple(f for q in others for f in q.figures)
    )
    difference = ""
    if found.value is not None and expected.value is not None:
        difference = f"（相差 {amount(found.value - expected.value)}）"
    note = f"；{verdict.note}" if verdict.note else ""
    expected_text = expected.text
    if len(expected.figures) > 1:
        expected_text = f"{expected.text} = {amount(expected.value)}"
    finding = Finding(
        code=code,
        severity=verdict.severity,
        message=f"{message}{difference}{note}",
        expected=expected_text,
        found=found.text,
        spans=spans_of(figures),
        inputs=_unique(figures),
        scale=verdict.scale,
    )
    depends = frozenset((*found.keys, *expected.keys, *(k for q in others for k in q.keys)))
    return Outcome(finding, depends, frozenset(blames), primary)


def naming(
    code: str, message: str, expected: str, found: str, figures: Sequence[Figure]
) -> Outcome:
    finding = Finding(
        code=code,
        severity=INFO,
        message=message,
        expected=expected,
        found=found,
        spans=spans_of(figures),
        inputs=tuple(figures),
    )
    return Outcome(finding)


def _unique(figures: Iterable[Figure]) -> tuple[Figure, ...]:
    seen: set[tuple[str, tuple[int, int] | None]] = set()
    out = []
    for f in figures:
        if (f.label, f.span) not in seen:
            seen.add((f.label, f.span))
            out.append(f)
    return tuple(out)
