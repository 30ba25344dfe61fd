"""JSON form of a document, and the outline a person reads.

One private cattrs converter: attrs records become dicts in field order, tuples become
lists, Decimals become strings (their printed precision survives), and nothing else is
special.  The JSON Schema in ``schema/document.schema.json`` describes the result.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from .pages import PageIndex
from .tables.rows import PerformanceTable

if TYPE_CHECKING:
    from .model import Document, Section

_converter = cattrs.Converter(unstruct_collection_overrides={tuple: list})


def _decimal(value: Decimal) -> str:
    """Positional notation always (``str`` gives ``1E+30`` or ``0E-7`` for some results of
    arithmetic, which the schema's number pattern rightly refuses)."""
    text = str(value)
    return format(value, "f") if "E" in text else text


_converter.register_unstructure_hook(Decimal, _decimal)
# a performance table's diagnostics are the document's (``Document.diagnostics``, with
# spans); written once, there
_converter.register_unstructure_hook(
    PerformanceTable,
    make_dict_unstructure_fn(PerformanceTable, _converter, diagnostics=override(omit=True)),
)


def to_dict(document: Document) -> dict[str, Any]:
    data: dict[str, Any] = _converter.unstructure(document)
    # the decoded text is the input itself: spans point into it, the JSON does not repeat it
    del data["text"]
    schema_version = data.pop("schema_version")
    add_pages(data, PageIndex.of(document.text))
    return {"schema_version": schema_version, **data}


# cells (placed or not) and a finding's inputs stand inside an element that already
# names its pages (the schema's cell and figure carry none)
_NO_PAGES = frozenset({"cells", "unplaced", "inputs"})


def add_pages(node: Any, index: PageIndex) -> None:
    """``pages`` beside every ``span`` (first and last page) and ``spans`` (each page)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if "span" in item:
            span = item["span"]
            item["pages"] = list(index.pages(span)) if span is not None else None
        elif "spans" in item and isinstance(item["spans"], list):
            item["pages"] = sorted({index.page(s[0]) for s in item["spans"]})
        stack.extend(
            v for k, v in item.items() if k not in _NO_PAGES and isinstance(v, (dict, list))
        )


def outline(document: Document) -> str:
    """Parts, sections and tables as an indented tree with line-free spans."""
    meta = document.meta
    lines = [
        f"{meta.title or '(no title)'}",
        f"  department: {meta.department or '?'}   year: {meta.year or '?'}"
        f"   published: {meta.published or '?'}   template: {meta.template or '?'}"
        f"   family: {meta.family or '?'}",
    ]
    if document.toc is not None:
        lines.append(f"目录 ({len(document.toc.entries)} entries) {list(document.toc.span)}")
    for part in document.parts:
        if part.implicit:  # no heading printed: no number, no title
            head = f"(no part heading) [{part.role}]"
        else:
            marker = f"第{part.number}部分" if part.number is not None else "(part)"
            head = f"{marker} [{part.role}] {part.title}"
        lines.append(f"{head} {list(part.span)}")
        lines.extend(_tables(document, part.tables, "  "))
        for section in part.sections:
            lines.extend(_section(document, section, "  "))
    for d in document.diagnostics:
        where = f" {list(d.span)}" if d.span else ""
        lines.append(f"! {d.code}: {d.message}{where}")
    return "\n".join(lines)


def _section(document: Document, section: Section, indent: str) -> list[str]:
    title = section.title if len(section.title) <= 40 else section.title[:39] + "…"
    role = f"[{section.role}] " if section.role else ""
    out = [f"{indent}{section.number} {role}{title} {list(section.span)}"]
    out.extend(_tables(document, section.tables, indent + "  "))
    for child in section.sections:
        out.extend(_section(document, child, indent + "  "))
    return out


def _tables(document: Document, indexes: tuple[int, ...], indent: str) -> list[str]:
    out = []
    for i in indexes:
        t = document.tables[i]
        number = f"表{t.number} " if t.number is not None else ""
        empty = " (empty)" if t.empty else ""
        out.append(
            f"{indent}[{number}{t.title or '(untitled)'}] {t.kind or ''}{empty} {list(t.span)}"
        )
    return out
