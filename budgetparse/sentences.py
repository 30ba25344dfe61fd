"""Paragraphs and sentences of a document's running text.

NLP work needs the sentence that holds a statement, not only the clause a record was read
from.  The units the document builder hands the narrative (``ProseUnit``: a paragraph, a
heading line, a table's note line, each with its part and section) are cut at the
document's own sentence ends: ``。！？；`` and their ASCII forms ``!?;`` where a statement
ends — not between two digits (``12。5`` is an extraction's decimal point), not inside
brackets or quotes (``（详见附表。）``).  A terminal is followed into the sentence by the
closing quotes and brackets printed after it (``……。”``).  When a paragraph's brackets do
not balance, brackets are ignored for it rather than letting one stray ``（`` swallow the
paragraph.  The ASCII full stop is never a sentence end: it is the decimal point and the
``1.`` of a numbered heading.

Offsets are found in the unit's normalised text (wraps joined, markup gone) and mapped back
through its :class:`~budgetparse.mapped.MappedText`, so a sentence's span selects it in the
decoded text.  Cost: one pass over each unit's characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

import attrs
import regex

from .model import ProseParagraph, Sentence
from .narrative.model import Record
from .prose import ProseUnit

TERMINALS = frozenset("。！？；!?;")
OPENERS = {"（": "）", "(": ")", "【": "】", "[": "]", "「": "」", "『": "』", "“": "”", "《": "》"}
CLOSERS = frozenset(OPENERS.values())
# any character the cut looks at: a text without one (a heading, a short line) is one
# sentence, found without walking it character by character
_MARKS = regex.compile(
    "[" + regex.escape("".join(sorted(TERMINALS | set(OPENERS) | CLOSERS))) + "]"
)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text``, white space trimmed off both ends."""
    if _MARKS.search(text) is None:  # one sentence (a heading, a short line)
        start = len(text) - len(text.lstrip())
        end = len(text.rstrip())
        return [(start, end)] if start < end else []
    bounds = _cut(text, brackets=True)
    if bounds is None:  # brackets that never close: cut as if there were none
        bounds = _cut(text, brackets=False)
        assert bounds is not None
    out = []
    for start, end in bounds:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out


def _cut(text: str, brackets: bool) -> list[tuple[int, int]] | None:
    """The raw cuts; None when ``brackets`` and the brackets do not balance."""
    cuts: list[tuple[int, int]] = []
    depth = 0
    start = 0
    i = 0
    size = len(text)
    while i < size:
        char = text[i]
        if brackets and char in OPENERS:
            depth += 1
        elif brackets and char in CLOSERS:
            depth = max(depth - 1, 0)
        elif char in TERMINALS and not _between_digits(text, i):
            end = i + 1
            while end < size and text[end] in TERMINALS:
                end += 1
            # closing quotes and brackets printed after the terminal belong to its sentence
            while end < size and text[end] in CLOSERS and (depth > 0 or not brackets):
                end += 1
                depth = max(depth - 1, 0)
            if depth == 0:
                cuts.append((start, end))
                start = end
            i = end
            continue
        i += 1
    if brackets and depth > 0:
        return None
    if start < size:
        cuts.append((start, size))
    return cuts


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


class Segmenter:
    """Collects the paragraphs and sentences of the units passed through it, in order."""

    def __init__(self) -> None:
        self.paragraphs: list[ProseParagraph] = []
        self.sentences: list[Sentence] = []
        # sentence starts and ends, in the order cut; ``ordered`` while each sentence
        # starts after the one before (units arrive in document order), which lets
        # :meth:`holding` search them as they grow
        self._starts: list[int] = []
        self._ends: list[int] = []
        self.ordered = True

    def add(self, unit: ProseUnit) -> None:
        text = unit.text
        raw = text.text
        bounds = sentence_bounds(raw)
        if not bounds:
            return
        sentences = self.sentences
        paragraph = len(self.paragraphs)
        first = len(sentences)
        part, section, span_of = unit.part, unit.section, text.span
        starts, ends = self._starts, self._ends
        last = starts[-1] if starts else -1
        span = (0, 0)
        for start, end in bounds:
            span = span_of(start, end)
            at = span[0]
            if at < last:
                self.ordered = False
            last = at
            starts.append(at)
            ends.append(span[1])
            # positional: (text, span, part, section, paragraph)
            sentences.append(Sentence(raw[start:end], span, part, section, paragraph))
        self.paragraphs.append(
            # (kind, span, part, section, sentences)
            ProseParagraph(
                unit.kind, (starts[first], span[1]), part, section, (first, len(sentences))
            )
        )

    def holding(self, offset: int) -> int | None:
        """The index of the sentence cut so far that holds ``offset`` (None when none
        does, or when the units came out of document order: :func:`with_sentences` then
        tells the records their sentences once every unit is cut)."""
        if not self.ordered:
            return None
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self._ends[k]:
            return k
        return None

    def told(self, records: Sequence[Record]) -> tuple[Record, ...]:
        """The records read from the units passed through here, with their sentences:
        told as they were made (``read_narrative(units, segmenter.holding)``), unless
        the units came out of document order (then only now, when every unit is cut)."""
        if self.ordered:
            return tuple(records)
        return with_sentences(records, self.sentences)

    def passing(self, units: Iterable[ProseUnit]) -> Iterator[ProseUnit]:
        """Each unit, once segmented (so a reader downstream can let it go)."""
        for unit in units:
            self.add(unit)
            yield unit


class SentenceIndex:
    """Finds the sentence that holds an offset (binary search over sentence starts)."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        order = sorted(range(len(sentences)), key=lambda i: sentences[i].span)
        self._starts = [sentences[i].span[0] for i in order]
        self._ends = [sentences[i].span[1] for i in order]
        self._order = order

    def holding(self, offset: int) -> int | None:
        k = bisect_right(self._starts, offset) - 1
        if k >= 0 and offset < self._ends[k]:
            return self._order[k]
        return None


def with_sentences(records: Sequence[Record], sentences: Sequence[Sentence]) -> tuple[Record, ...]:
    """The records, each told the sentence that holds its start (a copy of each record:
    the narrative tells them as it makes them, through :meth:`Segmenter.holding`, where
    the units came in document order)."""
    index = SentenceIndex(sentences)
    return tuple(attrs.evolve(r, sentence=index.holding(r.span[0])) for r in records)
