"""The decoded text of one input, with what is needed to point back into it."""

from __future__ import annotations

import hashlib
import mmap
import re
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


# The input size limit, derived from measured memory: ``budgetparse bench --adversarial``
# measures the peak resident memory of a parse per megabyte of UTF-8 input, for the corpus
# and for the adversarial shapes (README, "Speed and memory"): about 100 MB per MB for the
# corpus's largest document and up to about 200 for the worst shape (a million bytes of
# two-character lines).  The limit keeps one parse within MEMORY_BUDGET_MB at the worst
# rate, so a batch run with a worker per core fits in the memory of a small machine.  A
# disclosure is 30-200 KB; 20 MB is a concatenation or a wrong file.
MEMORY_PER_MB = 200
MEMORY_BUDGET_MB = 4000
MAX_BYTES = MEMORY_BUDGET_MB // MEMORY_PER_MB * 1_000_000
# A character takes at least one byte of UTF-8, so this bounds a str as MAX_BYTES does bytes.
MAX_CHARS = MAX_BYTES

# What ``parse`` accepts, for the TypeError that says so.
ACCEPTED = "str, or bytes-like: bytes, bytearray, memoryview, mmap"
_SURROGATE = re.compile("[\ud800-\udfff]")


def load_source(data: object, path: str | None = None) -> Source:
    """Decode bytes (or normalise a str) into a :class:`Source`.

    Bytes above ``MAX_BYTES`` are not decoded (the check comes first, so a huge input
    costs no more than hashing it).  A ``str`` with lone surrogates (which no file can
    hold) has each replaced by U+FFFD, one for one, so offsets stay exact.  Raises
    ``TypeError`` for what is neither text nor bytes-like, and
    :class:`~budgetparse.decode.UndecodableInputError` for bytes that are not text.
    """
    if isinstance(data, str):
        note = None
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            data = _SURROGATE.sub("\ufffd", data)
            note = "lone surrogates (not text in any encoding) replaced by U+FFFD"
        return attrs.evolve(Source.from_text(data, path=path), note=note)
    if isinstance(data, bytearray | memoryview | mmap.mmap):
        data = bytes(data)
    if not isinstance(data, bytes):
        raise TypeError(f"budgetparse.parse() takes {ACCEPTED}; not {type(data).__name__}")
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > MAX_BYTES:
        return Source(text="", encoding="undecoded", sha256=digest, path=path, size=len(data))
    decoded = decode_bytes(data)
    return Source(
        text=decoded.text, encoding=decoded.encoding, sha256=digest, path=path, note=decoded.note
    )
