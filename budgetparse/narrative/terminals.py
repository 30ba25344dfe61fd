"""The clause grammar's text as Lark reads it: ``grammar/clause.lark`` with its slots filled.

``clause.lark`` names a few shared pieces by slots written ``{{NAME}}``:

* ``{{DIGITS}}``, ``{{CHINESE}}``, ``{{TENTHS}}``, ``{{MONEY}}`` — number shapes and money
  units from :mod:`budgetparse.numbers` (the one model of numbers of the package);
* ``{{ROUGHLY_EQUAL}}`` — the words saying roughly the same (基本持平 …), from
  ``grammar/narrative/vocabulary.toml`` (their one home; the rules read the record, not
  the words);
* ``{{STOP}}`` — the alternation of every *strict* terminal of the grammar (priority 3 or
  4: keywords, measured numbers, thresholds, 类/款/项 levels — not the units, which only
  follow a number), each with its own lookaheads.  The subject terminal ``TEXT`` reads
  up to the first place where one of them could start, so a keyword added to the
  grammar stops subjects by itself;
* ``{{STOP_FIRST}}`` — every character a match of those terminals can start with
  (``first.py`` reads them from each terminal's expression): ``TEXT`` reads runs of other
  characters without trying the stop alternation at each of them.  The set errs wide,
  never narrow, so the fast path never reads over a keyword.

The reader's prefilter (:func:`worth_parsing`) is the same alternation: a unit where no
strict terminal matches and no label colon stands holds nothing the grammar could make a
record of.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import regex

from .. import numbers
from ..grammar import grammar_dir
from .first import first_chars, match_at
from .vocabulary import vocabulary

# A terminal defined as one regular expression on one line:  NAME.P: /…/flags
_TERMINAL = regex.compile(r"^([A-Z][A-Z0-9_]*+)(?:\.(-?\d++))?+\s*+:\s*+/(.*)/[imsulx]*+\s*+$")
_SLOT = regex.compile(r"\{\{([A-Z_]++)\}\}")
STRICT = (3, 4)  # the priorities of keywords, measured numbers and thresholds


def grammar_path() -> str:
    return str(grammar_dir() / "clause.lark")


def _fill(text: str, slots: dict[str, str]) -> str:
    def one(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in slots:
            raise ValueError(f"clause.lark: unknown slot {{{{{name}}}}}")
        return slots[name]

    # comments name the slots too: they are left as written
    return "\n".join(
        line if line.lstrip().startswith("//") else _SLOT.sub(one, line)
        for line in text.split("\n")
    )


def strict_terminals(text: str) -> dict[str, str]:
    """Name → regular expression of the grammar's strict terminals (number slots filled)."""
    found: dict[str, str] = {}
    slots = _data_slots()
    for line in text.splitlines():
        match = _TERMINAL.match(line)
        if match is None:
            head = regex.match(r"^([A-Z][A-Z0-9_]*+)\.(\d++)\s*+:", line)
            if head and int(head.group(2)) in STRICT:
                raise ValueError(
                    f"clause.lark: strict terminal {head.group(1)} must be one /regex/ on one line"
                )
            continue
        name, priority = match.group(1), int(match.group(2) or 0)
        if priority in STRICT and not name.startswith("_"):
            found[name] = _fill(match.group(3), slots)
    return found


def _data_slots() -> dict[str, str]:
    """The slots filled from the package's data: number shapes and units, word lists."""
    return {
        "ROUGHLY_EQUAL": "|".join(regex.escape(w) for w in vocabulary().roughly_equal),
        "DIGITS": numbers.DIGITS,
        "CHINESE": numbers.CHINESE,
        "CHINESE_AMOUNT": numbers.CHINESE_AMOUNT,
        "TENTHS": numbers.TENTHS,
        "MONEY": numbers.unit_alternation(),
    }


def _first_chars(patterns: dict[str, str]) -> str:
    """A character class body holding every character a match of one of the patterns can
    start with (``first.py`` reads them from each pattern); a class that holds every
    character (no fast path) when one of them may start anywhere."""
    items: set[str] = set()
    for pattern in patterns.values():
        first = first_chars(pattern)
        if first is None:
            return r"\s\S"
        items |= first
    return "".join(sorted(items))


@cache
def grammar_text() -> str:
    """``clause.lark`` with every slot filled, as handed to Lark."""
    with open(grammar_path(), encoding="utf-8") as handle:
        text = handle.read()
    strict = strict_terminals(text)
    slots = _data_slots()
    slots["STOP"] = "|".join(f"(?:{p})" for p in strict.values())
    slots["STOP_FIRST"] = _first_chars(strict)
    return _fill(text, slots)


class _Openings:
    """The strict terminals by the character a match starts with: where the text holds
    none of their opening characters no strict terminal can match, and where it holds
    one only the terminals that open with it are tried (one alternation of them all,
    searched, tries every terminal at every character)."""

    def __init__(self, patterns: dict[str, str]) -> None:
        self.terminals: list[tuple[regex.Pattern[str], Callable[..., Any]]] = []
        items: set[str] = set()
        for pattern in patterns.values():
            opens = first_chars(pattern)
            body = r"\s\S" if opens is None else "".join(sorted(opens))  # None: anywhere
            items.add(body)
            self.terminals.append((regex.compile(f"[{body}]"), match_at(pattern)))
        self.any_opening = regex.compile(f"[{''.join(sorted(items))}]")
        self.by_char: dict[str, tuple[Callable[..., Any], ...]] = {}

    def found(self, text: str) -> bool:
        """Whether a strict terminal matches somewhere in ``text``."""
        for at in self.any_opening.finditer(text):
            char = at.group()
            matches = self.by_char.get(char)
            if matches is None:
                matches = self.by_char[char] = tuple(
                    match for opens, match in self.terminals if opens.match(char)
                )
            position = at.start()
            for match in matches:
                if match(text, position) is not None:
                    return True
        return False


@cache
def _openings() -> _Openings:
    return _Openings(strict_terminals(grammar_text()))


def worth_parsing(text: str) -> bool:
    """Whether a unit's (plain) text holds anything the grammar can make a record of: a
    label colon, or a place where a strict terminal matches."""
    return "：" in text or ":" in text or _openings().found(text)
