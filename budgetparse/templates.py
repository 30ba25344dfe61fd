"""Template variants and table catalogues, read from data files in ``grammar/templates/``.

A variant is data, not code: its table catalogue (id as printed, kind, title pattern,
optionally the printed column order), its 情况说明 section catalogue, and the shapes of
its captions.  The variant of a document is detected from what the document prints
(table ids and titles, the explanation's sections), never configured; adding next year's
variant — or another family's catalogue — means adding one TOML file.

Every file is validated when loaded: an unknown kind, a malformed pattern, a wrong type
or an unknown key is one :class:`~budgetparse.datadir.DataFileError` naming the file and
the key, raised before any document is parsed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import attrs
import regex

from . import patterns as P
from .datadir import (
    DataFileError,
    grammar_dir,
    load_toml,
    pattern_at,
    string_at,
    strings_at,
    table_at,
)
from .reading import reading

_TITLE_NOISE = regex.compile(r"[\s\u3000“”\"'‘’「」《》]++|[（(]单位[)）]")

TableId = int | str


def normalise_title(title: str) -> str:
    """A title as catalogues match it: read (traditional characters simplified, pinyin
    residue off), without spaces, quotes, 《》 or the （单位） insert."""
    return _TITLE_NOISE.sub("", reading(title))


def table_id(printed: str) -> TableId:
    """A table's id as printed: an int where it is a plain number, else the string."""
    printed = printed.strip()
    return int(printed) if printed.isdecimal() and len(printed) <= 4 else printed


def id_ordinal(value: TableId | None) -> int | None:
    """The position an id names, when it names one: 3, "3", "三" → 3; "1-1" → None."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if value.isdecimal():
        return int(value)
    return P.cn_number(value)


_OPTIONAL = regex.compile(r"\(\?:[^()]*+\)\?")
_ALTERNATIVES = regex.compile(r"\(\?:([^()|]*+)[^()]*+\)")


@attrs.frozen
class CatalogueEntry:
    """One table or 情况说明 section that a template prints."""

    kind: str
    title: regex.Pattern[str]
    number: TableId | None = None  # the id as printed: 3, "1-1"
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
    captions: tuple[regex.Pattern[str], ...] = ()  # shapes of this template's captions
    share_decimals: int | None = None  # decimals the template prints a share (占X%) with
    family: str = "预算"  # 预算 (budget) or 决算 (final accounts)

    def table(self, number: TableId) -> CatalogueEntry | None:
        """The entry printed under ``number`` (``3`` and ``"三"`` name the same table)."""
        exact = next((t for t in self.tables if t.number == number), None)
        if exact is not None:
            return exact
        ordinal = id_ordinal(number)
        if ordinal is None:
            return None
        return next((t for t in self.tables if id_ordinal(t.number) == ordinal), None)

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


# -- loading and validation ------------------------------------------------------------------

_TEMPLATE_KEYS = frozenset(
    {"id", "description", "family", "captions", "share_decimals", "tables", "sections"}
)
_ENTRY_KEYS = frozenset({"number", "kind", "title", "columns", "statement"})
_FAMILIES = ("预算", "决算")


def _caption(path: Path, key: str, value: object) -> regex.Pattern[str]:
    """A caption shape: a pattern with the groups ``id`` and ``title``."""
    pattern = pattern_at(path, key, value)
    missing = {"id", "title"} - set(pattern.groupindex)
    if missing:
        names = ", ".join(sorted(missing))
        raise DataFileError(
            path,
            key,
            f"a caption shape needs the named groups (?P<id>…) and (?P<title>…): "
            f"{names} missing in {pattern.pattern!r}",
        )
    return pattern


def _entries(
    path: Path, key: str, items: object, known: frozenset[str]
) -> tuple[CatalogueEntry, ...]:
    if not isinstance(items, list):
        raise DataFileError(path, key, f"expected an array of tables ([[{key}]]), got {items!r}")
    out = []
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        item = table_at(path, where, item)
        unknown = set(item) - _ENTRY_KEYS
        if unknown:
            raise DataFileError(path, where, f"unknown key(s) {', '.join(sorted(unknown))}")
        kind = string_at(path, f"{where}.kind", item.get("kind"))
        if known and kind not in known:
            names = ", ".join(sorted(known))
            raise DataFileError(path, f"{where}.kind", f"unknown kind {kind!r} (known: {names})")
        number = item.get("number")
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int | str) or number == ""
        ):
            raise DataFileError(
                path, f"{where}.number", f"expected an integer or a string, got {number!r}"
            )
        columns = strings_at(path, f"{where}.columns", item.get("columns", []))
        statement = item.get("statement", False)
        if not isinstance(statement, bool):
            raise DataFileError(
                path, f"{where}.statement", f"expected true or false, got {statement!r}"
            )
        out.append(
            CatalogueEntry(
                kind=kind,
                title=pattern_at(path, f"{where}.title", item.get("title")),
                number=table_id(number) if isinstance(number, str) else number,
                columns=columns,
                statement=statement,
            )
        )
    return tuple(out)


def load_template(
    path: Path, known: frozenset[str] = frozenset(), sections: frozenset[str] = frozenset()
) -> Template:
    """One template file, validated (``known``: the table kinds that exist; ``sections``:
    the kinds only sections have)."""
    data = load_toml(path)
    unknown = set(data) - _TEMPLATE_KEYS
    if unknown:
        raise DataFileError(path, ", ".join(sorted(unknown)), "unknown key")
    family = data.get("family", "预算")
    if family not in _FAMILIES:
        raise DataFileError(path, "family", f"expected one of {_FAMILIES}, got {family!r}")
    decimals = data.get("share_decimals")
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)):
        raise DataFileError(path, "share_decimals", f"expected an integer, got {decimals!r}")
    return Template(
        id=string_at(path, "id", data.get("id")),
        description=string_at(path, "description", data.get("description", "")),
        tables=_entries(path, "tables", data.get("tables", []), known),
        sections=_entries(path, "sections", data.get("sections", []), known | sections),
        captions=tuple(
            _caption(path, "captions", c)
            for c in strings_at(path, "captions", data.get("captions", []))
        ),
        share_decimals=decimals,
        family=str(family),
    )


@cache
def known_kinds() -> frozenset[str]:
    """Every kind a template may name: the kinds of the column catalogues (``[kinds]`` of
    columns.toml, final-columns.toml, …), of the unnumbered tables (performance.toml) and
    the kinds document.toml declares without columns."""
    directory = grammar_dir()
    kinds: set[str] = set()
    for path in sorted((directory / "templates").glob("*.toml")):
        data = load_toml(path)
        if "id" in data:
            continue
        kinds |= set(table_at(path, "kinds", data.get("kinds", {})))
        kinds |= {e.kind for e in _entries(path, "tables", data.get("tables", []), frozenset())}
    document_path = directory / "document.toml"
    declared = table_at(document_path, "kinds", load_toml(document_path).get("kinds", {}))
    kinds |= set(
        strings_at(document_path, "kinds.without_columns", declared.get("without_columns", []))
    )
    return frozenset(kinds)


@cache
def section_kinds() -> frozenset[str]:
    """Kinds only the explanation's sections have (document.toml ``kinds.sections``)."""
    path = grammar_dir() / "document.toml"
    declared = table_at(path, "kinds", load_toml(path).get("kinds", {}))
    return frozenset(strings_at(path, "kinds.sections", declared.get("sections", [])))


@cache
def templates() -> tuple[Template, ...]:
    """Every template in ``grammar/templates/`` (files with an ``id``), validated."""
    known = known_kinds()
    found = []
    for path in sorted((grammar_dir() / "templates").glob("*.toml")):
        data = load_toml(path)
        if "id" not in data:
            continue  # columns.toml, performance.toml: catalogues of another kind
        found.append(load_template(path, known, section_kinds()))
    ids = [t.id for t in found]
    for template in found:
        if ids.count(template.id) > 1:
            raise DataFileError(grammar_dir() / "templates", "id", f"{template.id!r} used twice")
    return tuple(found)


@cache
def part3_tables() -> tuple[CatalogueEntry, ...]:
    """Unnumbered tables any template may print in the 情况说明 (performance targets)."""
    path = grammar_dir() / "templates" / "performance.toml"
    return _entries(path, "tables", load_toml(path).get("tables", []), frozenset())


@cache
def every_table() -> tuple[CatalogueEntry, ...]:
    """Every table entry of every template and the unnumbered ones: the kinds a table
    title is matched against when its document matches no template."""
    return tuple(e for t in templates() for e in t.tables) + part3_tables()


@attrs.frozen
class CaptionShapes:
    """The shapes of table captions: anywhere (``表1``, ``附表1-1``), and inside a part
    whose role is tables only (``1、…表``, ``一、…表``: elsewhere those are headings)."""

    anywhere: tuple[regex.Pattern[str], ...]
    in_tables_part: tuple[regex.Pattern[str], ...]

    def match(self, text: str, in_tables_part: bool) -> regex.Match[str] | None:
        for shape in self.anywhere:
            m = shape.match(text)
            if m:
                return m
        if in_tables_part:
            for shape in self.in_tables_part:
                m = shape.match(text)
                if m:
                    return m
        return None


@cache
def caption_shapes() -> CaptionShapes:
    """The caption shapes of ``grammar/document.toml`` plus every template's own."""
    path = grammar_dir() / "document.toml"
    tables = table_at(path, "tables", load_toml(path).get("tables", {}))
    anywhere = [
        _caption(path, "tables.captions", c)
        for c in strings_at(path, "tables.captions", tables.get("captions", []))
    ]
    listed = [
        _caption(path, "tables.listed", c)
        for c in strings_at(path, "tables.listed", tables.get("listed", []))
    ]
    for template in templates():
        seen = {a.pattern for a in anywhere}
        anywhere += [c for c in template.captions if c.pattern not in seen]
    return CaptionShapes(anywhere=tuple(anywhere), in_tables_part=tuple(listed))


def detect(
    tables: Iterable[tuple[TableId | None, str]],
    part3_titles: Iterable[str],
) -> Template | None:
    """The variant that best explains the numbered tables and 情况说明 sections printed.

    Each table whose id and title agree with a variant's catalogue scores 2 for it;
    each section heading of the explanation scores 1 for the variant that has a section
    of that kind under the same number.  No evidence at all gives None.
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
