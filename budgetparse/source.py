"""The decoded text of one input, with what is needed to point back into it."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from functools import cached_property

import attrs


@attrs.frozen
class Source:
    """Decoded text plus its provenance; every span in the output indexes ``text``."""

    text: str
    encoding: str
    sha256: str
    path: str | None = None
    # why the text looks unusual (decode.Decoded.note, or repaired surrogates)
    note: str | None = None
    # the input's size in bytes when it was too large to decode (then ``text`` is empty)
    size: int = 0

    @classmethod
    def from_text(cls, text: str, *, path: str | None = None, encoding: str = "str") -> Source:
        """Wrap text given as ``str``; line ends are normalised as when decoding bytes."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(text=text, encoding=encoding, sha256=digest, path=path)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset."""
        return bisect_right(self._line_starts, offset)

    def column_of(self, offset: int) -> int:
        """1-based column (in code points) of a code-point offset."""
        return offset - self._line_starts[self.line_of(offset) - 1] + 1
