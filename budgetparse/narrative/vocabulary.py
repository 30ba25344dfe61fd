"""What a record is about: ``grammar/narrative/vocabulary.toml`` as look-ups.

The grammar only knows sentence shapes; which budget item a subject names (三公 parts,
procurement kinds, staffing groups …) is data a maintainer edits.  All words are matched
on simplified, white-space-free text (see :func:`budgetparse.narrative.text.plain_str`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import attrs
import regex

from ..datadir import DataFileError, grammar_dir, load_toml, string_at, strings_at, table_at

Bases = tuple[tuple[str, tuple[str, ...]], ...]  # (basis, its words), in order


@attrs.frozen
class Item:
    item: str
    words: tuple[tuple[str, ...], ...]  # alternatives; each a conjunction of words
    total: bool = False
    purchase_of: str | None = None  # the holding item this item is the purchase of

    def matches(self, text: str) -> bool:
        # plain loops: asked for every subject against every item, and generator
        # expressions cost more here than the substring tests themselves
        for words in self.words:
            for word in words:
                if word not in text:
                    break
            else:
                return True
        return False


@attrs.frozen
class Topic:
    kind: str  # "" for budget lines whose kind comes from the sentence shape
    sections: tuple[str, ...]
    subjects: tuple[str, ...]
    items: tuple[Item, ...]

    def item_for(self, text: str) -> Item | None:
        for item in self.items:
            if item.matches(text):
                return item
        return None

    def purchase_of(self, holding: Item) -> Item | None:
        """The item for buying what ``holding`` names (设备 → 购置设备), if the topic has one."""
        for item in self.items:
            if item.purchase_of == holding.item:
                return item
        return None


@attrs.frozen
class Vocabulary:
    topics: tuple[Topic, ...]
    fields: tuple[Item, ...]
    generic_subjects: tuple[str, ...]
    bases: Bases = ()  # (basis, words), in order
    budget_bases: frozenset[str] = frozenset()  # the bases that are a budget (a 预算数)
    # 基本持平, 基本相当: roughly the same (the clause grammar's DIR_ABOUT words)
    roughly_equal: tuple[str, ...] = ()
    holding_words: tuple[str, ...] = ()  # 共有, 保有 …: a subject that says it is held
    unit_cost_words: tuple[str, ...] = ()  # 平均, 每 …: a figure per unit, not allocated
    # title → topics it names (asked again for every record under the title; bounded)
    _title_cache: dict[str, tuple[Topic, ...]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def section_topics(self, titles: Sequence[str]) -> list[Topic]:
        """Topics named by the innermost enclosing section title that names any."""
        for title in titles:
            found = self.title_topics(title)
            if found:
                return list(found)
        return []

    def title_topics(self, title: str) -> tuple[Topic, ...]:
        """Topics one title names (kept: titles are few, records under them many)."""
        cache = self._title_cache
        found = cache.get(title)
        if found is None:
            found = tuple(t for t in self.topics if t.kind and any(w in title for w in t.sections))
            if len(cache) >= 4096:
                cache.clear()
            cache[title] = found
        return found

    def subject_topic(self, text: str) -> Topic | None:
        for topic in self.topics:
            if topic.kind and any(w in text for w in topic.subjects):
                return topic
        return None

    def budget_lines(self) -> Topic | None:
        for topic in self.topics:
            if not topic.kind:
                return topic
        return None

    def field_for(self, label: str) -> str | None:
        for item in self.fields:
            if item.matches(label):
                return item.item
        return None

    def basis_of(self, comparison: str | None) -> str | None:
        """What a printed comparison is made against (``prior_year`` when it names nothing)."""
        if not comparison:
            return None
        for basis, words in self.bases:
            if any(w in comparison for w in words):
                return basis
        return "prior_year"

    def is_generic(self, subject: str) -> bool:
        """A subject that only says "the amount is" (2022年预算数为)."""
        rest = _YEAR_PREFIX.sub("", subject)
        return rest == "" or rest in self.generic_subjects


_YEAR_PREFIX = regex.compile(r"^(?:\d{4}+年度?+[，,]?+)++")


def _items(raw: Iterable[dict[str, object]]) -> tuple[Item, ...]:
    items = []
    for entry in raw:
        words = tuple(tuple(str(w).split("+")) for w in entry.get("words", []))  # type: ignore[attr-defined]
        purchase = entry.get("purchase_of")
        items.append(
            Item(
                str(entry["item"]),
                words,
                bool(entry.get("total", False)),
                str(purchase) if purchase else None,
            )
        )
    return tuple(items)


# the keys of vocabulary.toml, and of one entry of its `basis` list
_KEYS = frozenset(
    {"basis", "roughly_equal", "holding_words", "unit_cost_words", "generic_subjects"}
    | {"topic", "project"}
)
_BASIS_KEYS = frozenset({"basis", "words", "budget"})


def _bases(path: Path, raw: object) -> tuple[Bases, frozenset[str]]:
    """The `basis` list, checked: (basis, words) in order, and the bases that are budgets."""
    if not isinstance(raw, list):
        raise DataFileError(path, "basis", f"expected a list of tables, got {raw!r}")
    bases: list[tuple[str, tuple[str, ...]]] = []
    budgets: set[str] = set()
    for n, entry in enumerate(raw):
        key = f"basis[{n}]"
        entry = table_at(path, key, entry)
        unknown = set(entry) - _BASIS_KEYS
        if unknown:
            raise DataFileError(path, f"{key}.{sorted(unknown)[0]}", "unknown key")
        name = string_at(path, f"{key}.basis", entry.get("basis"))
        if any(name == known for known, _ in bases):
            raise DataFileError(path, f"{key}.basis", f"{name!r} listed twice")
        words = strings_at(path, f"{key}.words", entry.get("words"))
        if not words or not all(words):
            raise DataFileError(path, f"{key}.words", "expected words that are not empty")
        budget = entry.get("budget", False)
        if not isinstance(budget, bool):
            raise DataFileError(path, f"{key}.budget", f"expected true or false, got {budget!r}")
        bases.append((name, words))
        if budget:
            budgets.add(name)
    return tuple(bases), frozenset(budgets)


@cache
def vocabulary() -> Vocabulary:
    """vocabulary.toml (its keys, bases and direction words checked when loaded: a
    malformed entry is a :class:`~budgetparse.datadir.DataFileError` naming the key)."""
    path = grammar_dir() / "narrative" / "vocabulary.toml"
    data = load_toml(path)
    unknown = set(data) - _KEYS
    if unknown:
        raise DataFileError(path, sorted(unknown)[0], "unknown key")
    raw_topics = data.get("topic", [])
    assert isinstance(raw_topics, list)
    topics = tuple(
        Topic(
            kind=str(t.get("kind", "")),
            sections=tuple(t.get("sections", [])),
            subjects=tuple(t.get("subjects", [])),
            items=_items(t.get("items", [])),
        )
        for t in raw_topics
    )
    project = table_at(path, "project", data.get("project", {}))
    bases, budget_bases = _bases(path, data.get("basis", []))
    roughly = strings_at(path, "roughly_equal", data.get("roughly_equal", []))
    if not roughly or not all(roughly):
        # the words of a grammar terminal (DIR_ABOUT): it needs one at least
        raise DataFileError(path, "roughly_equal", f"expected words, got {roughly!r}")
    return Vocabulary(
        topics=topics,
        fields=_items(project.get("fields", [])),  # type: ignore[arg-type]
        generic_subjects=strings_at(path, "generic_subjects", data.get("generic_subjects", [])),
        holding_words=strings_at(path, "holding_words", data.get("holding_words", [])),
        unit_cost_words=strings_at(path, "unit_cost_words", data.get("unit_cost_words", [])),
        bases=bases,
        budget_bases=budget_bases,
        roughly_equal=roughly,
    )
