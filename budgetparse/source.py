"""The decoded text of one input, with what is needed to point back into it."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from functools import cached_property

import attrs

from .decode import decode_bytes


@attrs.frozen
class Source:
    """Decoded text plus its provenance; every span in the output indexes ``text``."""

    text: str
    encoding: str
    sha256: str
    path: str | None = None

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


def load_source(data: str | bytes, path: str | None = None) -> Source:
    """Decode bytes (or normalise a str) into a :class:`Source`.

    Raises :class:`~budgetparse.decode.UndecodableInputError` for bytes that are not text.
    """
    if isinstance(data, bytes):
        decoded = decode_bytes(data)
        return Source(
            text=decoded.text,
            encoding=decoded.encoding,
            sha256=hashlib.sha256(data).hexdigest(),
            path=path,
        )
    return Source.from_text(data, path=path)
