"""Column data of ``grammar/templates/columns.toml``: canonical names, aliases, key words.

The file is data a maintainer edits (a new spelling is one more alias); this module only
loads it once and answers "which canonical column does this header text mean?".
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import attrs
import regex

from ..datadir import DataFileError
from ..grammar import grammar_dir
from ..reading import traditional_table

_QUOTES = "\ufeff“”‘’\"'「」『』"
_NOISE_CLASS = rf"[\s\u3000\u00a0{_QUOTES}]"
_NOISE = regex.compile(_NOISE_CLASS + "++")
# Every character ``_NOISE`` matches (white space lies below U+3001), for a set test in C
_NOISE_CHARS = frozenset(regex.findall(_NOISE_CLASS, "".join(map(chr, range(0x3001))) + _QUOTES))


def norm(text: str) -> str:
    """Table text as the vocabularies match it: NFKC folded, traditional characters
    simplified (the one mapping of budgetparse.reading), no white space or quotes, so a
    body row's ``總計`` is a totals label as its header's ``合計`` is a column."""
    text = unicodedata.normalize("NFKC", text).translate(traditional_table())
    if _NOISE_CHARS.isdisjoint(text):
        return text
    return _NOISE.sub("", text)


def norm_path(path: str) -> str:
    return "/".join(norm(part) for part in path.split("/"))


@attrs.frozen
class ColumnSet:
    """Canonical names in template order plus every spelling that means them."""

    order: tuple[str, ...]
    lookup: dict[str, str]  # normalised spelling (canonical or alias) -> canonical

    def resolve(self, candidate: str) -> str | None:
        return self.lookup.get(norm_path(candidate))

    @classmethod
    def from_data(cls, data: dict[str, list[str]]) -> ColumnSet:
        lookup: dict[str, str] = {}
        for canonical, aliases in data.items():
            for spelling in (canonical, *aliases):
                lookup.setdefault(norm_path(spelling), canonical)
        return cls(order=tuple(data), lookup=lookup)


@attrs.frozen
class KindSpec:
    kind: str
    codes: str  # "function" | "economic" | "none"
    class_pattern: regex.Pattern[str] | None
    sides: bool
    project: bool
    columns: ColumnSet  # the value columns (non-sides kinds)
    income: ColumnSet  # sides kinds
    expense: ColumnSet
    default: tuple[str, ...]  # columns assumed when a table prints no header
    identities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (total, parts) row identities
    # two-sided tables: per side, identities between rows by printed label (total, parts);
    # the part "*items" stands for the side's numbered items (一、…)
    side_rows: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = attrs.field(factory=dict)
    # a two-sided table of economic classes (人员经费 | 公用经费): the 类 codes that open the
    # right-hand side
    expense_class: regex.Pattern[str] | None = None
    # a table of one uncoded row (the “三公” table): printed one cell per line, its amounts
    # are placed by its identities alone (one_row.py)
    one_row: bool = False

    def opens_expense(self, text: str) -> bool:
        """A code of the right-hand side's classes (``302``, ``30201``) in a two-sided table."""
        return (
            self.expense_class is not None
            and text.isdigit()
            and len(text) in (3, 5)
            and self.expense_class.match(text[:3]) is not None
        )

    def has_column(self, side: str | None, column: str) -> bool:
        """``column`` is a canonical column of this kind (of ``side`` when given, for a
        two-sided summary table; of either side when not)."""
        if self.sides:
            sets = [self.income, self.expense] if side is None else [getattr(self, side)]
        else:
            sets = [self.columns]
        return any(column in s.order for s in sets)

    @property
    def max_code_parts(self) -> int:
        return {"function": 3, "economic": 2}.get(self.codes, 0)


@attrs.frozen
class Vocabulary:
    code: frozenset[str]  # the code levels' words included
    name: frozenset[str]
    project: frozenset[str]
    groups: frozenset[str]
    totals: frozenset[str]
    expense_totals: frozenset[str]
    nil: frozenset[str]
    levels: tuple[str, ...] = ()  # the code levels' header words in order (类 款 项)

    def is_levels(self, text: str) -> bool:
        """Is a (normalised) text made of the code levels' words alone (``类款项``, ``款项``)?"""
        return bool(text) and set(text) <= set(self.levels)

    def role(self, text: str) -> str:
        """The role of a normalised header word: code, name, project or value."""
        if text in self.code:
            return "code"
        if text in self.name:
            return "name"
        if text in self.project:
            return "project"
        return "value"


_EMPTY = ColumnSet(order=(), lookup={})


def identities_for(spec: KindSpec, columns: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The kind's row identities (columns.toml) that apply to a table with these columns.

    An identity applies when all its columns are printed.  Of two that share a total, the
    one whose parts are a strict subset of the other's is a form of an older template
    (a source column the table adds is missing from it) and is skipped.
    """
    present = set(columns)
    usable = [
        (left, right)
        for left, right in spec.identities
        if left in present and set(right) <= present
    ]
    return [
        (left, right)
        for left, right in usable
        if not any(
            other_left == left and set(right) < set(other_right)
            for other_left, other_right in usable
        )
    ]


COLUMN_FILES = ("columns.toml", "final-columns.toml")


@cache
def _data() -> dict[str, object]:
    """columns.toml (budget kinds, vocabulary, funding sources) with the kinds and
    funding sources of its sibling files added; an id defined twice is an error of the data."""
    folder = grammar_dir() / "templates"
    data = tomllib.loads((folder / COLUMN_FILES[0]).read_text(encoding="utf-8"))
    for name in COLUMN_FILES[1:]:
        extra = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        for key in ("kinds", "sources", "funds", "economic_classes"):
            known = data.setdefault(key, {})
            for entry_id, entry in extra.get(key, {}).items():
                if entry_id in known:
                    raise ValueError(f"{name}: {key} entry {entry_id!r} is already defined")
                known[entry_id] = entry
    return data


@cache
def vocabulary() -> Vocabulary:
    v = _data()["vocabulary"]
    assert isinstance(v, dict)

    def words(key: str) -> frozenset[str]:
        return frozenset(norm(w) for w in v.get(key, []))

    levels = tuple(norm(w) for w in v.get("levels", []))
    if any(len(w) != 1 for w in levels):
        path = grammar_dir() / "templates" / COLUMN_FILES[0]
        raise DataFileError(path, "vocabulary.levels", f"expected single characters: {levels}")
    return Vocabulary(
        code=words("code") | frozenset(levels),
        name=words("name"),
        project=words("project"),
        groups=words("groups"),
        totals=words("totals"),
        expense_totals=words("expense_totals"),
        nil=frozenset(v.get("nil", [])),
        levels=levels,
    )


@cache
def kind_spec(kind: str) -> KindSpec | None:
    """The column data of a table kind; None for kinds the reader does not handle."""
    kinds = _data().get("kinds", {})
    assert isinstance(kinds, dict)
    entry = kinds.get(kind)
    if not isinstance(entry, dict):
        return None
    base: dict[str, Any] = entry
    seen = {kind}
    while "like" in base and base["like"] not in seen:  # columns shared with another kind
        seen.add(base["like"])
        base = {**kinds.get(base["like"], {}), **{k: v for k, v in base.items() if k != "like"}}
    pattern = base.get("class")
    return KindSpec(
        kind=kind,
        codes=str(base.get("codes", "none")),
        class_pattern=regex.compile(pattern) if pattern else None,
        sides=bool(base.get("sides", False)),
        project=bool(base.get("project", False)),
        columns=ColumnSet.from_data(base["columns"]) if "columns" in base else _EMPTY,
        income=ColumnSet.from_data(base["income"]) if "income" in base else _EMPTY,
        expense=ColumnSet.from_data(base["expense"]) if "expense" in base else _EMPTY,
        default=tuple(base.get("default", base.get("columns", {}))),
        identities=tuple(
            (str(i[0]), tuple(str(c) for c in i[1:])) for i in base.get("identities", [])
        ),
        expense_class=regex.compile(base["expense_class"]) if "expense_class" in base else None,
        one_row=bool(base.get("one_row", False)),
        side_rows={
            side: tuple((norm(i[0]), tuple(norm(c) for c in i[1:])) for i in identities)
            for side, identities in base.get("rows", {}).items()
        },
    )


@cache
def header_words(kind: str) -> frozenset[str]:
    """Every word (normalised) a table of ``kind`` may print as one header cell: each
    part of its columns' spellings and the vocabulary's key, group and totals labels.
    Lets a reader tell which of two ways of cutting a letter-spaced run into cells gives
    words of the table (tables/gaps.py); empty for kinds the reader does not handle."""
    spec = kind_spec(kind)
    if spec is None:
        return frozenset()
    v = vocabulary()
    parts = {
        part
        for columns in (spec.columns, spec.income, spec.expense)
        for path in columns.lookup
        for part in path.split("/")
    }
    return frozenset(parts | v.code | v.name | v.project | v.groups | v.totals | v.expense_totals)


@cache
def funds() -> dict[str, frozenset[str]]:
    """The funds of a 财政拨款收入支出决算总表: expense column → normalised income items."""
    data = _data().get("funds", {})
    assert isinstance(data, dict)
    return {column: frozenset(norm(s) for s in spellings) for column, spellings in data.items()}


@cache
def economic_classes() -> dict[str, frozenset[str]]:
    """人员经费 / 公用经费 → their economic 类 codes (``personnel``, ``public``)."""
    data = _data().get("economic_classes", {})
    assert isinstance(data, dict)
    return {group: frozenset(str(c) for c in codes) for group, codes in data.items()}
