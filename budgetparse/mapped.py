"""Text that remembers where each of its characters came from.

Layout normalisation only ever *deletes* characters from the decoded text (markup, page
furniture, the newlines of hard wraps, the spaces of letter-spaced words) or replaces a
character by another single character (full-width digits, traditional characters).  So a
normalised string is a sequence of runs, each run a contiguous stretch of the original
text, and every span found in the normalised string maps back exactly to the original.
NLP users depend on that: a record's span must select its words in the file they opened.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

import regex


class MappedText:
    """An immutable string plus a piecewise map from its offsets to original offsets.

    Most texts (a line, a table cell) are one stretch of the original: they keep just
    ``_at``, the original offset of their first character, and ``_runs`` is None.  A text
    of several runs keeps ``_runs = (lstarts, ostarts)``: run ``k`` starts at offset
    ``lstarts[k]`` of ``text`` and original offset ``ostarts[k]``; inside a run offsets
    advance together.  (One run costs a list less: a document has a hundred thousand.)
    """

    __slots__ = ("_at", "_runs", "text")

    _at: int
    _runs: tuple[list[int], list[int]] | None
    text: str

    def __init__(self, text: str, lstarts: Sequence[int], ostarts: Sequence[int]) -> None:
        self.text = text
        if len(lstarts) == 1:
            self._at = ostarts[0] - lstarts[0]
            self._runs = None
        else:
            self._at = ostarts[0] if ostarts else 0
            self._runs = (list(lstarts), list(ostarts))

    # -- construction -------------------------------------------------------------

    @classmethod
    def original(cls, source: str, start: int = 0, end: int | None = None) -> MappedText:
        """The slice ``source[start:end]``, mapped to itself."""
        end = len(source) if end is None else end
        return _run(source[start:end], start)

    @classmethod
    def empty(cls, at: int = 0) -> MappedText:
        return _run("", at)

    @classmethod
    def contiguous(cls, text: str, at: int) -> MappedText:
        """``text`` taken from one stretch of the original that starts at offset ``at``."""
        return _run(text, at)

    def base(self) -> int | None:
        """``b`` such that ``origin(i) == b + i`` for every ``0 <= i <= len``, if one exists.

        True of text that is one stretch of the original (one run); lets a caller cutting
        many pieces out of such a line map them with an addition instead of a search.
        """
        if self._runs is None and self.text:
            return self._at
        return None

    def runs(self) -> tuple[list[int], list[int]]:
        """``(lstarts, ostarts)``: where each run starts in ``text`` and in the original."""
        if self._runs is None:
            return [0], [self._at]
        return self._runs

    def with_text(self, text: str) -> MappedText:
        """The same map over another text of the same length (characters replaced 1:1)."""
        if len(text) != len(self.text):
            raise ValueError("a replacement text must have the same length")
        m = object.__new__(MappedText)
        m.text = text
        m._at = self._at
        m._runs = self._runs
        return m

    @classmethod
    def join(cls, parts: Iterable[MappedText]) -> MappedText:
        """Concatenate mapped texts (nothing is inserted between them)."""
        texts: list[str] = []
        lstarts: list[int] = []
        ostarts: list[int] = []
        offset = 0
        first_origin: int | None = None
        for part in parts:
            if first_origin is None:
                first_origin = part.origin(0)
            text = part.text
            size = len(text)
            if not size:
                continue
            texts.append(text)
            part_l, part_o = part.runs()
            for ls, os_ in zip(part_l, part_o, strict=True):
                if ls >= size:
                    break
                ls += offset
                # a run contiguous with the previous one is merged into it
                if not lstarts or ostarts[-1] + (ls - lstarts[-1]) != os_:
                    lstarts.append(ls)
                    ostarts.append(os_)
            offset += size
        if not lstarts:
            return cls.empty(first_origin or 0)
        return _new("".join(texts), lstarts, ostarts)

    # -- mapping ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"MappedText({self.text!r} @ {self.origin(0)})"

    def origin(self, index: int) -> int:
        """Original offset of the character at ``index`` (``len`` maps past the last char)."""
        runs = self._runs
        if runs is None:
            size = len(self.text)
            if index >= size and size:
                return self._at + size
            return self._at + index
        size = len(self.text)
        past = 0
        if index >= size and size:
            index = size - 1
            past = 1
        lstarts, ostarts = runs
        k = bisect_right(lstarts, index) - 1
        if k < 0:
            k = 0
        return ostarts[k] + (index - lstarts[k]) + past

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The original ``[start, end)`` covering ``text[start:end]``."""
        size = len(self.text)
        end = size if end is None else end
        if end <= start:
            at = self.origin(start)
            return (at, at)
        if end <= size and self._runs is None:  # one run: plain arithmetic
            base = self._at
            return (base + start, base + end)
        return (self.origin(start), self.origin(end - 1) + 1)

    # -- editing (all return new objects) -----------------------------------------

    def slice(self, start: int, end: int | None = None) -> MappedText:
        text = self.text
        size = len(text)
        if start < 0:
            start = 0
        elif start > size:
            start = size
        if end is None or end > size:
            end = size
        if end <= start:
            return _run("", self.origin(start))
        if self._runs is None:  # one run: no search needed
            return _run(text[start:end], self._at + start)
        lstarts, ostarts = self._runs
        k = bisect_right(lstarts, start) - 1
        if k < 0:
            k = 0
        stop = bisect_left(lstarts, end, k + 1)
        new_l = [0]
        new_o = [ostarts[k] + (start - lstarts[k])]
        if stop > k + 1:
            new_l += [ls - start for ls in lstarts[k + 1 : stop]]
            new_o += ostarts[k + 1 : stop]
        return _new(text[start:end], new_l, new_o)

    def delete(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        """Remove the given (sorted, non-overlapping) ``[start, end)`` ranges."""
        keep: list[tuple[int, int]] = []
        pos = 0
        for start, end in spans:
            if start > pos:
                keep.append((pos, start))
            pos = max(pos, end)
        if pos == 0:
            return self
        text = self.text
        size = len(text)
        if pos < size:
            keep.append((pos, size))
        if not keep:
            return _run("", self.origin(0))
        # The kept pieces, concatenated with their runs merged where contiguous: what
        # ``join`` of the ``slice`` of each piece gives, without the objects in between.
        lstarts, ostarts = self.runs()
        runs = len(lstarts)
        texts: list[str] = []
        new_l: list[int] = []
        new_o: list[int] = []
        offset = 0
        first_origin: int | None = None
        for a, b in keep:
            # clamp as slice() does
            if a < 0:
                a = 0
            elif a > size:
                a = size
            if b > size:
                b = size
            if b <= a:
                if first_origin is None:
                    first_origin = self.origin(a)
                continue
            if runs == 1:  # one run: the piece is one run, merged only if contiguous
                os_ = ostarts[0] + (a - lstarts[0])
                if first_origin is None:
                    first_origin = os_
                if not new_l or new_o[-1] + (offset - new_l[-1]) != os_:
                    new_l.append(offset)
                    new_o.append(os_)
                texts.append(text[a:b])
                offset += b - a
                continue
            k = bisect_right(lstarts, a) - 1
            if k < 0:
                k = 0
            ls = offset
            os_ = ostarts[k] + (a - lstarts[k])
            if first_origin is None:
                first_origin = os_
            j = k
            while True:
                if not new_l or new_o[-1] + (ls - new_l[-1]) != os_:
                    new_l.append(ls)
                    new_o.append(os_)
                j += 1
                if j >= runs or lstarts[j] >= b:
                    break
                ls = offset + lstarts[j] - a
                os_ = ostarts[j]
            texts.append(text[a:b])
            offset += b - a
        if not new_l:
            return _run("", first_origin or 0)
        return _new("".join(texts), new_l, new_o)

    def remove(self, pattern: regex.Pattern[str], group: int | str = 0) -> MappedText:
        """Delete every match of ``pattern`` (or just its ``group``).

        No time limit: every pattern of the package is linear (tests/test_regex_bounds.py),
        so a limit could only stop a long valid line, and it costs more than the search on
        the short lines that make most of a document."""
        spans = []
        for m in pattern.finditer(self.text):
            s, e = m.span(group)
            if s >= 0 and e > s:
                spans.append((s, e))
        return self.delete(spans) if spans else self

    def strip(self, chars: str | None = None) -> MappedText:
        text = self.text
        kept = text.strip(chars)
        if len(kept) == len(text):
            return self
        if not kept:
            return self.slice(len(text), len(text))
        left = len(text) - len(text.lstrip(chars))
        if self._runs is None:  # one run: no search needed
            return _run(kept, self._at + left)
        return self.slice(left, left + len(kept))

    def translate(self, table: Mapping[int, int | str | None]) -> MappedText:
        """Character-for-character replacement; offsets are unchanged."""
        new = self.text.translate(table)
        if new == self.text:  # most lines: nothing to replace, nothing to copy
            return self
        if len(new) != len(self.text):
            raise ValueError("translate must map each character to exactly one character")
        return self.with_text(new)


def _new(text: str, lstarts: list[int], ostarts: list[int]) -> MappedText:
    """A MappedText over lists the caller hands over (no defensive copies)."""
    m = object.__new__(MappedText)
    m.text = text
    if len(lstarts) == 1:
        m._at = ostarts[0] - lstarts[0]
        m._runs = None
    else:
        m._at = ostarts[0]
        m._runs = (lstarts, ostarts)
    return m


def _run(text: str, at: int) -> MappedText:
    """A one-run MappedText: ``text`` taken from the original starting at offset ``at``."""
    m = object.__new__(MappedText)
    m.text = text
    m._at = at
    m._runs = None
    return m


def cover(spans: Iterable[tuple[int, int]]) -> tuple[int, int] | None:
    """The smallest span holding ``spans`` (None for none).  Empty spans count only when
    all are empty: a blank line or an empty cell does not stretch what it stands beside."""
    spans = list(spans)
    spans = [s for s in spans if s[1] > s[0]] or spans
    if not spans:
        return None
    return (min(s[0] for s in spans), max(s[1] for s in spans))
