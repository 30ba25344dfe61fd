"""Prose units → :class:`Narrative`: parse each unit, fold the pieces, check coverage.

A unit the grammar cannot read whole is split at sentence ends (。；) and the sentences
are parsed alone; a sentence that still fails is split at commas.  What fails even then
is reported: its amount mentions stay uncovered, and the record before it gets an
``unparsed`` note.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import attrs
import regex

from .. import numbers
from ..layout import opens_statement
from ..mapped import MappedText
from ..prose import ProseUnit
from .fold import Folder, UnitText
from .model import Mention, Narrative, Record
from .parser import ClauseError, Measure, Piece, Pos, parse_pieces
from .terminals import worth_parsing
from .text import _HEADING_LABEL, _PINYIN, _SPACE, REMARK, _translation, clause_text, plain

# The parts whose prose is read, by role (grammar/document.toml): the overview's and the
# explanation's, a part of no known role, and text outside any part (a fragment).  The
# tables part's notes and the glossary's definitions hold no statements of the budget.
NARRATIVE_ROLES = ("overview", "explanation", "other", None)

# An amount mention: a number with a money unit or %, or a count with 人/辆/台/个.
MENTION = regex.compile(
    rf"(?<![\d.,，])({numbers.DIGITS})(?:{numbers.unit_alternation()}|%|人|辆|台|个)"
)
_SENTENCE = regex.compile(r"[。；;！!？?]++")
# Commas where a sentence may be cut: not a thousands separator (7,028.36)
_COMMA = regex.compile(r"(?:[，,](?!\d{3}+(?!\d)))++|(?<!\d)[，,]++")
# A statement run on after a percent with no punctuation (…完成预算97.85%契税8143万元): a
# last cut, tried only where a clause between commas is not understood — before Han text
# that reaches a number ahead of the next punctuation (not 5%左右，).
_RUN_ON = regex.compile(r"(?<=\d%)(?=\p{Han}[^，,。；;：:%\d]{0,30}+\d)")
_TERMINAL = ("。", "；", ";", "：", ":", "！", "?", "？", "!")


def read_narrative(
    units: Iterable[ProseUnit], sentence_of: Callable[[int], int | None] | None = None
) -> Narrative:
    """The records and amount mentions of the prose of parts 1 and 3 (or of a fragment).

    ``units`` is read once, in order (an iterator that lets each unit go once read keeps
    the peak lower: the pipeline passes one).  ``sentence_of`` gives the sentence that
    holds an offset (:meth:`~budgetparse.sentences.Segmenter.holding`, the units passed
    through that segmenter first): each record is told its sentence as it is made."""
    folder = Folder(sentence_of)
    found: list[_Found] = []  # not yet told whether a record covers them
    for unit in _units(units):
        found += _found_mentions(unit)
        text = unit.plain.text
        if not worth_parsing(text):
            # nothing the grammar could make a record of: one free piece (a line that
            # goes on with a text field before it is still joined to that field)
            free = [Piece("free", 0, len(text), Pos(0, len(text), text))] if text else []
            folder.unit(unit, free, [])
            continue
        pieces, failed = _parse(unit.plain.text, 0, (_SENTENCE, _COMMA, _RUN_ON))
        folder.unit(unit, pieces, failed)
    records = folder.records()
    return Narrative(tuple(records), tuple(_covered(found, records)))


# -- units ---------------------------------------------------------------------------


def _units(units: Iterable[ProseUnit]) -> Iterator[UnitText]:
    """Units of the narrative parts with their section titles; a paragraph cut at a page
    end (``涉及预算金额`` + ``1,043.91万元；…``) is joined to its continuation."""
    titles = _Titles()
    table = _translation()
    pending: tuple[ProseUnit, MappedText] | None = None
    for unit in units:
        if unit.role not in NARRATIVE_ROLES:
            continue
        heading = unit.kind == "heading"
        if heading and unit.section is not None:
            titles.name(unit.section, _SPACE.sub("", unit.text.text.translate(table)))
        raw = clause_text_raw(unit.text, heading)
        if pending is not None:
            previous, previous_raw = pending
            pending = None
            joinable = (
                not heading
                and previous.section == unit.section
                and previous.part == unit.part
                and raw.text[:1].isdigit()
                and not opens_statement(previous_raw.text, raw.text)
            )
            if joinable:
                raw = MappedText.join([previous_raw, raw])
            else:
                yield _unit_text(previous, previous_raw, titles)
        if not heading and raw.text and not raw.text.endswith(_TERMINAL):
            pending = (unit, raw)
            continue
        yield _unit_text(unit, raw, titles)
    if pending is not None:
        yield _unit_text(pending[0], pending[1], titles)


def clause_text_raw(text: MappedText, heading: bool) -> MappedText:
    """The unit's printed characters without label and white space (not yet translated)."""
    if heading:
        match = _HEADING_LABEL.match(text.text)
        if match and match.end() < len(text.text):
            text = text.slice(match.end())
    return text.remove(_SPACE)


class _Titles:
    """The section titles read so far, and for a section the titles enclosing it
    (innermost first), kept until a title is named again: the units of one section ask
    the same question one after another."""

    def __init__(self) -> None:
        self._titles: dict[str, str] = {}
        self._enclosing: dict[str, tuple[str, ...]] = {}

    def name(self, section: str, title: str) -> None:
        self._titles[section] = title
        self._enclosing.clear()

    def enclosing(self, section: str | None) -> tuple[str, ...]:
        if not section:
            return ()
        found = self._enclosing.get(section)
        if found is None:
            parts = section.split("/")
            titles = (
                self._titles.get("/".join(parts[:depth])) for depth in range(len(parts), 0, -1)
            )
            found = self._enclosing[section] = tuple(title for title in titles if title)
        return found


def _unit_text(unit: ProseUnit, raw: MappedText, titles: _Titles) -> UnitText:
    plain = _without_asides(raw.translate(_translation()))
    enclosing = titles.enclosing(unit.section)
    return UnitText(_without_asides(raw), plain, unit.part, unit.section, enclosing)


def _without_asides(text: MappedText) -> MappedText:
    """Pinyin residue and abbreviation remarks deleted (both open with a bracket: a text
    without one, most units, is not searched)."""
    if "(" not in text.text and "（" not in text.text:
        return text
    return text.remove(_PINYIN).remove(REMARK)


# -- parsing with fall-back ------------------------------------------------------------


def _parse(
    text: str, offset: int, levels: tuple[regex.Pattern[str], ...]
) -> tuple[list[Piece], list[Pos]]:
    try:
        whole = parse_pieces(text)
    except ClauseError:
        pass
    else:
        return [_shift(p, offset) for p in whole] if offset else whole, []
    if not levels:
        stripped = text.strip("，,。；;")
        if not stripped:
            return [], []
        return [], [Pos(offset, offset + len(text), text)]
    pieces: list[Piece] = []
    failed: list[Pos] = []
    position = 0
    sep = ""  # the last character of the cut before the segment (none for a run-on)
    for match in [*levels[0].finditer(text), None]:
        end = match.end() if match is not None else len(text)
        if end > position:
            segment = text[position:end]
            got, lost = _parse(segment, offset + position, levels[1:])
            if got and sep:
                got[0] = attrs.evolve(got[0], sep_before=sep + got[0].sep_before)
            pieces.extend(got)
            failed.extend(lost)
        position = end
        sep = match.group()[-1:] if match is not None else ""
    return pieces, failed


def _shift_pos(pos: Pos | None, k: int) -> Pos | None:
    return None if pos is None else Pos(pos.start + k, pos.end + k, pos.text)


def _shift_figure(figure: Measure | None, k: int) -> Measure | None:
    if figure is None:
        return None
    return attrs.evolve(
        figure, start=figure.start + k, end=figure.end + k, number=_shift_pos(figure.number, k)
    )


def _shift(piece: Piece, k: int) -> Piece:
    return attrs.evolve(
        piece,
        start=piece.start + k,
        end=piece.end + k,
        subject=_shift_pos(piece.subject, k),
        figure=_shift_figure(piece.figure, k),
        counted=_shift_pos(piece.counted, k),
        direction=_shift_pos(piece.direction, k),
        comparison=_shift_pos(piece.comparison, k),
        text=_shift_pos(piece.text, k),
        keyword=_shift_pos(piece.keyword, k),
    )


# -- mentions -------------------------------------------------------------------------


# A mention as found, before it is told which record covers it: Mention's fields up to
# ``section`` (the objects are built once, already covered or not: a document has
# thousands, and building them twice doubled their memory at the narrative's peak).
_Found = tuple[str, Decimal | None, str, tuple[int, int], int | None, str | None]


def _found_mentions(unit: UnitText) -> Iterator[_Found]:
    """The unit's mentions, read while its text is at hand (units are not kept)."""
    for match in MENTION.finditer(unit.plain.text):
        number = match.group(1)
        value: Decimal | None = numbers.decimal_of(number)
        yield (
            unit.raw.text[match.start() : match.end()],
            value,
            match.group()[len(number) :],
            unit.span(match.start(), match.end()),
            unit.part,
            unit.section,
        )


def _covered(found: Sequence[_Found], records: Sequence[Record]) -> Iterator[Mention]:
    """The mentions with the record whose statement holds each (if any)."""
    spans = _Spans(sorted((r.span, i) for i, r in enumerate(records)))
    for text, value, unit, span, part, section in found:
        record = spans.covering(*span)
        yield Mention(
            text=text,
            value=value,
            unit=unit,
            span=span,
            part=part,
            section=section,
            covered=record is not None,
            record=record,
        )


class _Spans:
    """Record spans sorted by start, searched by bisection: which record holds a mention is
    asked once per mention, so a scan over all records would make long inputs quadratic."""

    def __init__(self, spans: Sequence[tuple[tuple[int, int], int]]) -> None:
        self.spans = spans
        self.starts = [s for (s, _e), _i in spans]
        self.widest = max((e - s for (s, e), _i in spans), default=0)

    def covering(self, start: int, end: int) -> int | None:
        """The innermost record whose span holds ``[start, end)`` (the first of equals)."""
        best: int | None = None
        best_width: int | None = None
        k = bisect_right(self.starts, start)
        while k > 0:
            k -= 1
            (s, e), index = self.spans[k]
            if s < start - self.widest:
                break
            if e >= end and (best_width is None or e - s <= best_width):
                best, best_width = index, e - s
        return best


__all__ = ["clause_text", "plain", "read_narrative"]
