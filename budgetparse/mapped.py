"""Text that remembers where each of its characters came from.

Layout normalisation only ever *deletes* characters from the decoded text (markup, page
furniture, the newlines of hard wraps, the spaces of letter-spaced words) or replaces a
character by another single character (full-width digits, traditional characters).  So a
normalised string is a sequence of runs, each run a contiguous stretch of the original
text, and every span found in the normalised string maps back exactly to the original.
NLP users depend on that: a record's span must select its words in the file they opened.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

import regex


class MappedText:
    """An immutable string plus a piecewise map from its offsets to original offsets.

    ``_lstarts[k]`` is the offset in ``text`` where run ``k`` starts and ``_ostarts[k]``
    the original offset of that character; inside a run offsets advance together.
    """

    __slots__ = ("_lstarts", "_ostarts", "text")

    def __init__(self, text: str, lstarts: Sequence[int], ostarts: Sequence[int]) -> None:
        self.text = text
        self._lstarts = list(lstarts)
        self._ostarts = list(ostarts)

    # -- construction -------------------------------------------------------------

    @classmethod
    def original(cls, source: str, start: int = 0, end: int | None = None) -> MappedText:
        """The slice ``source[start:end]``, mapped to itself."""
        end = len(source) if end is None else end
        return cls(source[start:end], [0], [start])

    @classmethod
    def empty(cls, at: int = 0) -> MappedText:
        return cls("", [0], [at])

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
            if not part.text:
                continue
            texts.append(part.text)
            for ls, os_ in zip(part._lstarts, part._ostarts, strict=True):
                if ls >= len(part.text):
                    break
                _append_run(lstarts, ostarts, offset + ls, os_)
            offset += len(part.text)
        if not lstarts:
            return cls.empty(first_origin or 0)
        return cls("".join(texts), lstarts, ostarts)

    # -- mapping ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"MappedText({self.text!r} @ {self.origin(0)})"

    def origin(self, index: int) -> int:
        """Original offset of the character at ``index`` (``len`` maps past the last char)."""
        if index >= len(self.text) and self.text:
            return self.origin(len(self.text) - 1) + 1
        k = bisect_right(self._lstarts, index) - 1
        k = max(k, 0)
        return self._ostarts[k] + (index - self._lstarts[k])

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """The original ``[start, end)`` covering ``text[start:end]``."""
        end = len(self.text) if end is None else end
        if end <= start:
            at = self.origin(start)
            return (at, at)
        return (self.origin(start), self.origin(end - 1) + 1)

    # -- editing (all return new objects) -----------------------------------------

    def slice(self, start: int, end: int | None = None) -> MappedText:
        end = len(self.text) if end is None else end
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            return MappedText.empty(self.origin(start))
        k = max(bisect_right(self._lstarts, start) - 1, 0)
        lstarts = [0]
        ostarts = [self._ostarts[k] + (start - self._lstarts[k])]
        for j in range(k + 1, len(self._lstarts)):
            ls = self._lstarts[j]
            if ls >= end:
                break
            lstarts.append(ls - start)
            ostarts.append(self._ostarts[j])
        return MappedText(self.text[start:end], lstarts, ostarts)

    def delete(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        """Remove the given (sorted, non-overlapping) ``[start, end)`` ranges."""
        keep: list[MappedText] = []
        pos = 0
        for start, end in spans:
            if start > pos:
                keep.append(self.slice(pos, start))
            pos = max(pos, end)
        if pos == 0:
            return self
        if pos < len(self.text):
            keep.append(self.slice(pos))
        if not keep:
            return MappedText.empty(self.origin(0))
        return MappedText.join(keep)

    def remove(self, pattern: regex.Pattern[str], group: int | str = 0) -> MappedText:
        """Delete every match of ``pattern`` (or just its ``group``)."""
        spans = []
        for m in pattern.finditer(self.text, timeout=1.0):
            s, e = m.span(group)
            if s >= 0 and e > s:
                spans.append((s, e))
        return self.delete(spans) if spans else self

    def strip(self, chars: str | None = None) -> MappedText:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if left == 0 and right == len(self.text):
            return self
        return self.slice(left, max(left, right))

    def translate(self, table: dict[int, int | str | None]) -> MappedText:
        """Character-for-character replacement; offsets are unchanged."""
        new = self.text.translate(table)
        if len(new) != len(self.text):
            raise ValueError("translate must map each character to exactly one character")
        return MappedText(new, self._lstarts, self._ostarts)


def _append_run(lstarts: list[int], ostarts: list[int], ls: int, os_: int) -> None:
    """Add a run, merging it into the previous one when the two are contiguous."""
    if lstarts and ostarts[-1] + (ls - lstarts[-1]) == os_:
        return
    lstarts.append(ls)
    ostarts.append(os_)
