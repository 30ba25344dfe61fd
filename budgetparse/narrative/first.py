"""Where a regular expression's match can start: the characters it may open with, read
from the expression's text.

The clause reader asks it in three places, each to try fewer expressions at a position
while reading exactly what it read without asking: the subject terminal (``TEXT``) reads
runs of characters no strict terminal can start with without trying the strict
alternation at each of them (``terminals.py``); the lean driver tries at a position only
the terminals of the parser state that can start with its character (``lalr.py``); the
prefilter tries a unit only at such characters.  So the set errs wide, never narrow:
what the reader does not follow is "any character".  It is small because it holds the
opening characters only (a terminal's inner characters, 支 of 收支 or 出 of 出自, start
no match), and so most characters of a subject are read without a keyword tried at them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import regex

# A first-character set: class-body items (an escaped character, or an escape such as
# ``\d`` or ``\p{Han}`` kept as written); None when any character may open a match.
_First = frozenset[str] | None
_ANY: _First = None
_CLASS_ESCAPES = "dDsSwW"
_ZERO_WIDTH_ESCAPES = "bBAZG"


class _Unread(Exception):
    """A construct the reader does not follow: any character may open the match."""


class _FirstReader:
    """The characters a regular expression's match can start with, read from its text:
    a sequence opens with its first item's characters, and the next item's while every
    item so far may be empty; lookarounds, anchors and optional items are empty.  What
    the reader does not know (a negated class, ``.``, a backreference, an inline flag)
    is any character, so the answer errs wide, never narrow."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.i = 0

    def read(self) -> _First:
        try:
            first, nullable = self._alternation()
        except _Unread:
            return _ANY
        if self.i != len(self.pattern):
            raise ValueError(f"unbalanced ')' in /{self.pattern}/")
        return _ANY if nullable else first  # an empty match may stand anywhere

    def _alternation(self) -> tuple[_First, bool]:
        first, nullable = self._sequence()
        while self._peek() == "|":
            self.i += 1
            more, empty = self._sequence()
            first = _union(first, more)
            nullable = nullable or empty
        return first, nullable

    def _sequence(self) -> tuple[_First, bool]:
        first: _First = frozenset()
        nullable = True
        while self._peek() not in ("", "|", ")"):
            item, empty = self._atom()
            low = self._quantifier()
            empty = empty or low == 0
            if nullable:
                first = _union(first, item)
            nullable = nullable and empty
        return first, nullable

    def _atom(self) -> tuple[_First, bool]:
        p, c = self.pattern, self.pattern[self.i]
        if c == "(":
            return self._group()
        if c == "[":
            return self._class(), False
        if c == "\\":
            item = self._escape()
            return (frozenset(), True) if item == "" else (_one(item), False)
        self.i += 1
        if c in "^$":
            return frozenset(), True
        if c == ".":
            return _ANY, False
        if c in "*+?{":
            raise ValueError(f"a quantifier with nothing before it in /{p}/")
        return frozenset({regex.escape(c)}), False

    def _group(self) -> tuple[_First, bool]:
        p = self.pattern
        self.i += 1
        look = False
        if p.startswith("?", self.i):
            for opener in ("?:", "?>", "?=", "?!", "?<=", "?<!"):
                if p.startswith(opener, self.i):
                    look = opener in ("?=", "?!", "?<=", "?<!")
                    self.i += len(opener)
                    break
            else:
                named = regex.match(r"\?P?+<[A-Za-z_]\w*+>", p[self.i :])
                if named is None:  # inline flags (they change the whole expression)
                    raise _Unread
                self.i += named.end()
        first, nullable = self._alternation()
        if self._peek() != ")":
            raise ValueError(f"unclosed '(' in /{p}/")
        self.i += 1
        return (frozenset(), True) if look else (first, nullable)

    def _class(self) -> _First:
        p = self.pattern
        self.i += 1
        negated = p.startswith("^", self.i)
        if negated:
            self.i += 1
        items: set[str] = set()
        previous: str | None = None  # the last literal character, for a range
        while self._peek() != "]":
            if self._peek() == "":
                raise ValueError(f"unclosed '[' in /{p}/")
            after = p[self.i + 1 : self.i + 2]
            if self._peek() == "-" and previous is not None and after not in ("]", ""):
                self.i += 1
                if self._peek() == "\\":
                    end = self._escape()
                else:
                    end, self.i = p[self.i], self.i + 1
                if len(end) != 1:  # a range up to a class escape: not read
                    return self._skip_class(_ANY)
                items |= {regex.escape(chr(k)) for k in range(ord(previous) + 1, ord(end) + 1)}
                previous = None
                continue
            if self._peek() == "\\":
                item = self._escape()
                previous = item if len(item) == 1 else None
                items.add(regex.escape(item) if len(item) == 1 else item)
            else:
                previous = p[self.i]
                items.add(regex.escape(previous))
                self.i += 1
        self.i += 1
        return _ANY if negated else frozenset(items)

    def _skip_class(self, result: _First) -> _First:
        while self._peek() not in ("]", ""):
            self.i += 2 if self._peek() == "\\" else 1
        self.i += 1
        return result

    def _escape(self) -> str:
        """The escape at ``i`` as a class-body item: a character for ``\\.`` and the like,
        the escape itself for a class (``\\d``, ``\\p{Han}``), "" for a zero-width one."""
        p = self.pattern
        letter = p[self.i + 1 : self.i + 2]
        if letter in ("p", "P"):
            close = p.index("}", self.i)
            item = p[self.i : close + 1]
            self.i = close + 1
            return item
        self.i += 2
        if letter in _CLASS_ESCAPES:
            return "\\" + letter
        if letter in _ZERO_WIDTH_ESCAPES:
            return ""
        if letter.isalnum():  # \n, \x41, \1 …: not read
            raise _Unread
        return letter

    def _quantifier(self) -> int | None:
        """The quantifier after an item, consumed: its least count (None: no quantifier)."""
        p = self.pattern
        c = self._peek()
        low: int | None
        if c in ("?", "*"):
            low, self.i = 0, self.i + 1
        elif c == "+":
            low, self.i = 1, self.i + 1
        elif c == "{" and (bound := regex.match(r"\{(\d*+)(?:,\d*+)?+\}", p[self.i :])):
            low, self.i = int(bound.group(1) or 0), self.i + bound.end()
        else:
            return None
        if self._peek() in ("?", "+"):  # lazy or possessive
            self.i += 1
        return low

    def _peek(self) -> str:
        return self.pattern[self.i : self.i + 1]


def _one(item: str) -> frozenset[str]:
    return frozenset({regex.escape(item) if len(item) == 1 else item})


def _union(a: _First, b: _First) -> _First:
    return _ANY if a is None or b is None else a | b


def first_chars(pattern: str) -> _First:
    """The class-body items a match of ``pattern`` can start with (None: any character)."""
    return _FirstReader(pattern).read()


def match_at(expression: str, flags: int = 0) -> Callable[..., Any]:
    """The match method of ``expression``, for trying it at one position of a long text.

    Compiled alone, an expression the regex module finds a string in that every match
    must hold (``以`` of ``以上|以下``, ``%``) first looks for that string through the rest
    of the text, before it tries the position: on a line of a megabyte, a scan of the
    whole line for every token.  As one branch of an alternation whose other branch never
    matches it has no such string, and the match is tried at the position alone."""
    return regex.compile(f"(?:{expression})|(?!)", flags).match
