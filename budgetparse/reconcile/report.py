"""The findings as a person reads them in a terminal, and as JSON.

Grouped by severity (errors first); each finding quotes every place it involves from the
source: ``path:line:col``, what the figure is, and the printed line itself.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import cattrs

from ..pages import PageIndex
from ..source import Source
from .engine import Reconciliation
from .findings import SEVERITIES, Figure, Finding

HEADINGS = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
MAX_PLACES = 8  # quoted lines per finding; the rest are counted

_converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})
_converter.register_unstructure_hook(Decimal, str)


def counts(result: Reconciliation) -> dict[str, int]:
    found = Counter(f.severity for f in result.findings)
    return {severity: found.get(severity, 0) for severity in SEVERITIES}


def text_report(result: Reconciliation, source: Source, name: str) -> str:
    c = counts(result)
    summary = ", ".join(f"{c[s]} {s}{'s' if c[s] != 1 and s != 'info' else ''}" for s in SEVERITIES)
    lines = [
        f"== {name}",
        f"{summary}; {result.checked} checks, {result.suppressed} suppressed "
        "(they read a figure already reported)",
    ]
    for severity in SEVERITIES:
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{HEADINGS[severity]} ({len(group)})")
        for finding in group:
            lines += _finding(finding, source, name)
    for d in result.diagnostics:
        where = _where(source, name, d.span[0]) + " " if d.span else ""
        lines.append(f"! {where}{d.code}: {d.message}")
    return "\n".join(lines)


def _finding(finding: Finding, source: Source, name: str) -> list[str]:
    out = [f"  {finding.code}  {finding.message}"]
    if finding.expected is not None or finding.found is not None:
        out.append(f"    应为 expected: {finding.expected}    印为 found: {finding.found}")
    if finding.scale:
        out.append(f"    单位 scale: {finding.scale}")
    places = _places(finding.inputs, source)
    for line_no, figures in places[:MAX_PLACES]:
        first = figures[0]
        assert first.span is not None
        table = first.label.split(" · ", 1)[0]
        what = "；".join(
            f"{_short(f.label)} = {f.text if f.text is not None else '空'}" for f in figures
        )
        out.append(f"    {_where(source, name, first.span[0])}  {table}：{what}")
        out.append(f"      {_gutter(source, line_no)} | {_line(source, line_no)}")
    if len(places) > MAX_PLACES:
        out.append(f"    … and {len(places) - MAX_PLACES} more lines")
    return out


def _short(label: str) -> str:
    """A figure's label without its table (the table is named once per quoted line)."""
    return label.split(" · ", 1)[1] if " · " in label else label


def _places(figures: tuple[Figure, ...], source: Source) -> list[tuple[int, list[Figure]]]:
    """Figures grouped by source line (one quote per line), in document order."""
    by_line: dict[int, list[Figure]] = {}
    located = sorted((f for f in figures if f.span), key=lambda f: f.span or (0, 0))
    for f in located:
        assert f.span is not None
        by_line.setdefault(source.line_of(f.span[0]), []).append(f)
    return list(by_line.items())


def _where(source: Source, name: str, offset: int) -> str:
    """``path:line:column``; for a paged text (form feeds: a PDF, pdftotext output)
    ``path:page:line``, the line counted on its page."""
    pages = PageIndex.of(source.text)
    if pages.paged:
        return f"{name}:{pages.page(offset)}:{pages.line_in_page(offset)}"
    return f"{name}:{source.line_of(offset)}:{source.column_of(offset)}"


def _gutter(source: Source, line_no: int) -> str:
    """The quoted line's number: its line in the file, or page:line on a paged text."""
    pages = PageIndex.of(source.text)
    if not pages.paged:
        return f"{line_no:>5}"
    start = source._line_starts[line_no - 1]
    return f"{pages.page(start)}:{pages.line_in_page(start)}".rjust(7)


def _line(source: Source, line_no: int) -> str:
    starts = source._line_starts
    start = starts[line_no - 1]
    end = starts[line_no] - 1 if line_no < len(starts) else len(source.text)
    text = source.text[start:end].replace("\t", " │ ").replace("\f", "").rstrip()
    return text if len(text) <= 160 else text[:159] + "…"


def json_report(result: Reconciliation, source: Source, name: str | None) -> dict[str, Any]:
    """The reconciliation as JSON data, each span with its line and column."""
    findings = []
    for finding in result.findings:
        data = _converter.unstructure(finding)
        pages = PageIndex.of(source.text)
        data["locations"] = [
            {
                "line": source.line_of(s[0]),
                "column": source.column_of(s[0]),
                "page": pages.page(s[0]),
                "page_line": pages.line_in_page(s[0]),
            }
            for s in finding.spans
        ]
        findings.append(data)
    return {
        "path": name,
        "counts": counts(result),
        "checked": result.checked,
        "suppressed": result.suppressed,
        "findings": findings,
        "diagnostics": _converter.unstructure(list(result.diagnostics)),
    }
