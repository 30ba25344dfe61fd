"""Yearly template variants, read from data files in ``grammar/templates/``.

A variant is data, not code: its table catalogue (number, kind, title pattern) and its
part-3 section catalogue.  The variant of a document is detected from what the document
prints (table numbers and titles, part-3 sections, the table of contents), never
configured; adding next year's variant means adding one TOML file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache

import attrs
import regex

from .grammar import grammar_dir

_TITLE_NOISE = regex.compile(r"[\s\u3000“”\"'‘’「」]++|[（(]单位[)）]")


def normalise_title(title: str) -> str:
    """A title as catalogues match it: no spaces, quotes or the （单位） insert."""
    return _TITLE_NOISE.sub("", title)


_OPTIONAL = regex.compile(r"\(\?:[^()]*+\)\?")
_ALTERNATIVES = regex.compile(r"\(\?:([^()|]*+)[^()]*+\)")


@attrs.frozen
class CatalogueEntry:
    """One table or part-3 section that a template prints."""

    kind: str
    title: regex.Pattern[str]
    number: int | None = None
    columns: tuple[str, ...] = ()  # value columns in printed order, when the file gives them
    statement: bool = False  # a page of prose under a table title (关于空表的说明): no columns

    @property
    def name(self) -> str:
        """A readable title from the pattern: optional parts dropped, first alternatives."""
        text = _OPTIONAL.sub("", self.title.pattern)
        text = _ALTERNATIVES.sub(lambda m: m.group(1), text)
        return text.replace("\\", "")

    def match_length(self, normalised_title: str) -> int:
        m = self.title.search(normalised_title)
        return (m.end() - m.start()) if m else 0


@attrs.frozen
class Template:
    id: str
    description: str
    tables: tuple[CatalogueEntry, ...]
    sections: tuple[CatalogueEntry, ...]
    share_decimals: int | None = None  # decimals the template prints a share (占X%) with
    family: str = "预算"  # 预算 (budget) or 决算 (final accounts)

    def table(self, number: int) -> CatalogueEntry | None:
        return next((t for t in self.tables if t.number == number), None)

    def section(self, number: int) -> CatalogueEntry | None:
        return next((s for s in self.sections if s.number == number), None)


def best_match(entries: Iterable[CatalogueEntry], title: str) -> CatalogueEntry | None:
    """The entry whose pattern covers most of the title (so 财政拨款收支…总体说明 is not
    taken for the shorter 收支…总体说明)."""
    normalised = normalise_title(title)
    best: CatalogueEntry | None = None
    best_len = 0
    for entry in entries:
        length = entry.match_length(normalised)
        if length > best_len:
            best, best_len = entry, length
    return best


def _entries(items: list[dict[str, object]]) -> tuple[CatalogueEntry, ...]:
    return tuple(
        CatalogueEntry(
            kind=str(item["kind"]),
            title=regex.compile(str(item["title"])),
            number=int(item["number"]) if "number" in item else None,  # type: ignore[call-overload]
            columns=tuple(str(c) for c in item.get("columns", ())),  # type: ignore[attr-defined]
            statement=bool(item.get("statement", False)),
        )
        for item in items
    )


@cache
def templates() -> tuple[Template, ...]:
    """Every yearly variant in ``grammar/templates/`` (files with an ``id``)."""
    found = []
    for path in sorted((grammar_dir() / "templates").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "id" not in data:
            continue
        found.append(
            Template(
                id=str(data["id"]),
                description=str(data.get("description", "")),
                tables=_entries(data.get("tables", [])),
                sections=_entries(data.get("sections", [])),
                share_decimals=data.get("share_decimals"),
                family=str(data.get("family", "预算")),
            )
        )
    return tuple(found)


@cache
def part3_tables() -> tuple[CatalogueEntry, ...]:
    """Unnumbered tables any template may print in part 3 (performance targets)."""
    path = grammar_dir() / "templates" / "performance.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return _entries(data.get("tables", []))


def detect(
    tables: Iterable[tuple[int | None, str]],
    part3_titles: Iterable[str],
) -> Template | None:
    """The variant that best explains the numbered tables and part-3 sections printed.

    Each table whose number and title agree with a variant's catalogue scores 2 for it;
    each part-3 section heading scores 1 for the variant that has a section of that kind
    under the same number.  No evidence at all gives None.
    """
    tables = list(tables)
    part3 = list(part3_titles)
    scored: list[tuple[int, Template]] = []
    for template in templates():
        score = 0
        for number, title in tables:
            if number is None:
                continue
            entry = template.table(number)
            if entry is not None and entry.match_length(normalise_title(title)):
                score += 2
        for number, title in enumerate(part3, start=1):
            entry = best_match(template.sections, title)
            if entry is not None and entry.number == number:
                score += 1
        scored.append((score, template))
    if not scored:
        return None
    scored.sort(key=lambda st: -st[0])
    best_score, best = scored[0]
    if best_score == 0:
        return None
    return best
