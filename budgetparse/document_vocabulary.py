"""The words of a disclosure's structure, from ``grammar/document.toml`` (validated).

Which heading opens the table of contents, what role a part plays, which family a title
names, which lines around a document are web-page chrome: knowledge of documents, kept as
data and read here once.  Every look-up goes through :func:`budgetparse.reading.reading`,
so traditional characters, pinyin residue and letter spacing need no entries.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
import regex

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

ROLES = ("overview", "tables", "explanation", "glossary", "attachments", "other")
FAMILIES = ("预算", "决算")


@attrs.frozen
class DocumentVocabulary:
    toc_head: regex.Pattern[str]
    families: tuple[tuple[str, regex.Pattern[str]], ...]
    title_words: regex.Pattern[str]
    title_prefix: regex.Pattern[str]
    unit_label: regex.Pattern[str]
    closed_end: frozenset[str]  # the last characters of a complete heading's title
    unit_statements: tuple[regex.Pattern[str], ...]  # each with the group ``name``
    statement_head: regex.Pattern[str]  # a line opening a statement of its own
    open_end: regex.Pattern[str]  # a line ending so goes on
    continues_amount: regex.Pattern[str]  # a line going on from an amount before it
    field_label: regex.Pattern[str]  # a line opening with a field's label
    chrome: tuple[regex.Pattern[str], ...]
    # per role, its titles as one alternation (one search per role, not per title: the
    # classifier asks of every line of a body whether it opens the tables part)
    roles: tuple[tuple[str, regex.Pattern[str]], ...]

    def role_of(self, title: str) -> str | None:
        """The role a heading's title names, or None (read: no spaces, simplified)."""
        text = reading(title)
        for role, pattern in self.roles:
            if pattern.search(text):
                return role
        return None

    def family_of(self, text: str) -> str | None:
        """The family a text names most often (预算 or 决算); None if it names neither."""
        read = reading(text)
        best, best_count = None, 0
        for family, pattern in self.families:
            count = len(pattern.findall(read))
            if count > best_count:
                best, best_count = family, count
        return best

    def is_chrome(self, text: str) -> bool:
        read = reading(text)
        return any(p.search(read) for p in self.chrome)


def load(path: Path) -> DocumentVocabulary:
    data = load_toml(path)
    toc = table_at(path, "toc", data.get("toc", {}))
    family = table_at(path, "family", data.get("family", {}))
    families = []
    for name, value in family.items():
        if name not in FAMILIES:
            raise DataFileError(path, f"family.{name}", f"unknown family (one of {FAMILIES})")
        families.append((name, pattern_at(path, f"family.{name}", value)))
    title = table_at(path, "title", data.get("title", {}))
    front = table_at(path, "front", data.get("front", {}))
    department = table_at(path, "department", data.get("department", {}))
    paragraphs = table_at(path, "paragraphs", data.get("paragraphs", {}))
    statements = []
    for raw in strings_at(path, "department.statements", department.get("statements", [])):
        pattern = pattern_at(path, "department.statements", raw)
        if "name" not in pattern.groupindex:
            raise DataFileError(path, "department.statements", f"no group `name` in {raw!r}")
        statements.append(pattern)
    roles = []
    raw_roles = data.get("roles", [])
    if not isinstance(raw_roles, list):
        raise DataFileError(path, "roles", "expected an array of tables ([[roles]])")
    for i, entry in enumerate(raw_roles):
        entry = table_at(path, f"roles[{i}]", entry)
        role = string_at(path, f"roles[{i}].role", entry.get("role"))
        if role not in ROLES:
            raise DataFileError(path, f"roles[{i}].role", f"unknown role {role!r} (one of {ROLES})")
        titles = strings_at(path, f"roles[{i}].titles", entry.get("titles"))
        for one in titles:  # each one valid on its own
            pattern_at(path, f"roles[{i}].titles", one)
        union = "|".join(f"(?:{one})" for one in titles)
        roles.append((role, pattern_at(path, f"roles[{i}].titles", union)))
    return DocumentVocabulary(
        toc_head=pattern_at(path, "toc.head", toc.get("head")),
        families=tuple(families),
        title_words=pattern_at(path, "title.words", title.get("words")),
        title_prefix=pattern_at(path, "title.prefix", title.get("prefix")),
        unit_label=pattern_at(path, "title.unit_label", title.get("unit_label")),
        closed_end=frozenset(string_at(path, "title.closed_end", title.get("closed_end"))),
        unit_statements=tuple(statements),
        open_end=pattern_at(path, "paragraphs.open_end", paragraphs.get("open_end")),
        statement_head=pattern_at(
            path, "paragraphs.statement_head", paragraphs.get("statement_head")
        ),
        continues_amount=pattern_at(
            path, "paragraphs.continues_amount", paragraphs.get("continues_amount")
        ),
        field_label=pattern_at(path, "paragraphs.field_label", paragraphs.get("field_label")),
        chrome=tuple(
            pattern_at(path, "front.chrome", p)
            for p in strings_at(path, "front.chrome", front.get("chrome", []))
        ),
        roles=tuple(roles),
    )


@cache
def vocabulary() -> DocumentVocabulary:
    """The vocabulary of ``grammar/document.toml``, loaded once per process."""
    return load(grammar_dir() / "document.toml")
