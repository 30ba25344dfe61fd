"""What a record is about: ``grammar/narrative/vocabulary.toml`` as look-ups.

The grammar only knows sentence shapes; which budget item a subject names (三公 parts,
procurement kinds, staffing groups …) is data a maintainer edits.  All words are matched
on simplified, white-space-free text (see :func:`budgetparse.narrative.text.plain_str`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from functools import cache

import attrs
import regex

from ..grammar import grammar_dir


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
    bases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (basis, words), in order
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


@cache
def vocabulary() -> Vocabulary:
    path = grammar_dir() / "narrative" / "vocabulary.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    topics = tuple(
        Topic(
            kind=str(t.get("kind", "")),
            sections=tuple(t.get("sections", [])),
            subjects=tuple(t.get("subjects", [])),
            items=_items(t.get("items", [])),
        )
        for t in data.get("topic", [])
    )
    project = data.get("project", {})
    return Vocabulary(
        topics=topics,
        fields=_items(project.get("fields", [])),
        generic_subjects=tuple(data.get("generic_subjects", [])),
        holding_words=tuple(data.get("holding_words", [])),
        unit_cost_words=tuple(data.get("unit_cost_words", [])),
        bases=tuple(
            (str(b["basis"]), tuple(str(w) for w in b.get("words", [])))
            for b in data.get("basis", [])
        ),
    )
