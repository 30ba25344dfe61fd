"""Pieces → records: how the clauses of the prose combine into statements.

The grammar hands over a flat run of pieces per unit (``基本支出892.61万元`` ``占65.27%``
``比上年预算减少2.14万元`` ``下降0.24%`` ``主要原因是：…``).  A stated amount opens a record;
share, change, value, reason and the like attach to the record open before them; 其中
makes the next records children of the record it follows (for the rest of the unit, or
for the rest of the section when 其中 ends its unit); a project's 项目名称 opens a block
whose fields and allocation items point at it.  The vocabulary then names kind and item.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs
import regex

from ..mapped import MappedText
from ..numbers import in_wan, money_unit
from .model import PathLevel, Record, Span
from .parser import Measure, Piece, Pos
from .vocabulary import Item, Topic, vocabulary

# What a name does not keep of a subject's start: a year (2024年度), a list label ((1), ——)
# and a verb that comes before the thing it allocates (今年安排…, 编列…, 新增了…).
_YEAR_PREFIX = regex.compile(
    r"^(?:(?:截至|截止)?+\d{4}+年度?+(?:底|末)?+[，,]?+|[（(][1-9一二三四五六七八九十][)）]|——"
    r"|(?:今年|本年|全年)?+(?:初步)?+(?:安排|编列|动用|新增了?+)(?!的))++"
)
_TRAILING = regex.compile(r"(?:为|是)$")
_LIST_SEP = regex.compile(r"[、，,]")
_PAIR_SEP = regex.compile(r"和|及|与")
_NAME_SEP = regex.compile(r"[、，,]|和|及")
_YEAR = regex.compile(r"(\d{4}+)年")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def normal_name(text: str) -> str:
    name = _YEAR_PREFIX.sub("", text.translate(_BRACKETS))
    return _TRAILING.sub("", name) or text.translate(_BRACKETS)


@attrs.define
class UnitText:
    """One parsed unit: the text as printed (white space out) and as the grammar read it."""

    raw: MappedText  # printed characters
    plain: MappedText  # translated; same offsets as ``raw``
    part: int | None
    section: str | None
    titles: tuple[str, ...]  # enclosing section titles, innermost first

    def span(self, start: int, end: int) -> Span:
        return self.plain.span(start, end)

    def printed(self, start: int, end: int) -> str:
        return self.raw.text[start:end]


@attrs.define
class Draft:
    """A record while its pieces are still arriving."""

    unit: UnitText
    start: int
    end: int
    parent: int | None = None
    field: str | None = None  # project field, when the record is one
    in_list: bool = False
    subject: Pos | None = None
    counted: Pos | None = None
    subject_from: UnitText | None = None  # a subject inherited from a heading
    levels: tuple[tuple[str, str], ...] = ()
    amount: Measure | None = None
    share: Measure | None = None
    delta: Measure | None = None
    direction: Pos | None = None
    delta_sign: int | None = None
    delta_rough: bool = False  # the direction word says roughly the same (基本持平)
    pct: Measure | None = None
    pct_direction: Pos | None = None
    pct_sign: int | None = None
    comparison: str | None = None
    value: Measure | None = None
    reason: Pos | None = None
    purpose: str | None = None
    listed: tuple[str, ...] = ()
    content: Pos | None = None
    content_extra: list[tuple[UnitText, Pos]] = attrs.Factory(list)
    notes: list[str] = attrs.Factory(list)
    unparsed: list[str] = attrs.Factory(list)
    topic: Topic | None = None
    item: Item | None = None
    extra: list[tuple[UnitText, Pos]] = attrs.Factory(list)  # pieces in later units
    prior: Measure | None = None
    completion: Measure | None = None
    completion_basis: str | None = None
    points: Measure | None = None
    points_sign: int | None = None
    unchanged: bool = False  # the text says unchanged (持平, 不变 …) and prints no figure
    moved: bool = False  # 由A调整为B, 从A增长到B: a change from a printed prior value

    def extend(self, piece: Piece) -> None:
        self.end = max(self.end, piece.end)

    @property
    def has_change(self) -> bool:
        return self.direction is not None or self.pct_direction is not None


class Folder:
    """Folds the pieces of successive units into records (one instance per document)."""

    def __init__(self, sentence_of: Callable[[int], int | None] | None = None) -> None:
        # the sentence that holds an offset (the segmenter's, as it cuts the units)
        self.sentence_of = sentence_of
        # drafts by record index; a finished section's drafts become records (None here)
        # so that its units' texts are freed while the rest of the document is read
        self.drafts: list[Draft | None] = []
        self.finished: list[Record] = []
        self.vocab = vocabulary()
        # "…国有资产总体情况为：" names the topic of what follows in its section, like a title
        self.context: dict[str | None, str] = {}
        self._section: tuple[int | None, str | None] | None = None
        self._reset_section()

    def _reset_section(self) -> None:
        self.current: int | None = None
        self.lead: int | None = None
        self.lead_scope: str | None = None  # "unit" | "section"
        self.project: int | None = None  # the 项目名称 record of the open block
        self.scale: int | None = None  # its 预算安排规模 record
        self.last_field: int | None = None

    # -- units ----------------------------------------------------------------------

    def unit(self, unit: UnitText, pieces: Sequence[Piece], failed: Sequence[Pos]) -> None:
        key = (unit.part, unit.section)
        if key != self._section:
            self._section = key
            self._reset_section()
            self._finish_drafts()
        previous = getattr(self, "unit_text", None)
        if self.lead_scope == "unit" and previous is not None and _ends_sentence(previous):
            # a 其中 with its parts after it in a unit that ends its sentence (其中：A…。)
            # goes on in the next paragraphs only with parts named in its lead's terms
            # (…其中：人员经费…。 / 公用经费…); a 其中 that ends its unit (其中：) opens a
            # list for the section's next lines, and one whose unit ends on ；goes on
            self.lead_scope = "parts"
        self.heading: Piece | None = None
        self.heading_field: str | None = None
        self.pending_comparison: str | None = None
        self.in_list = False
        self.listed_run: list[Draft] = []  # the records of this unit's last 分别为 list
        self.previous: Piece | None = None  # the piece read before, in this unit
        self.ranked: Pos | None = None  # 其次为「专用设备」，占…: the subject named alone
        # 增加了A46万元、B8万元: the direction word the listed amounts after it still take
        self.carried: tuple[Pos, int | None, bool] | None = None
        self.unit_text = unit
        if (
            self.last_field is not None  # what _continue_field asks first, before the walk
            and pieces
            and all(p.kind == "free" for p in pieces)
            and self._continue_field(unit, pieces)
        ):
            return
        if pieces and pieces[0].kind not in ("reason", "field"):
            # a new unit starts a new statement; only a reason may reach back
            self.current_open = False
        # a clause the grammar could not read belongs to the statement read just before
        # it in this unit (or, at the unit's start, to the first one read after it)
        failures = sorted(failed, key=_start) if failed else ()
        waiting: list[str] = []
        k = 0
        for index, piece in enumerate(pieces):
            while k < len(failures) and failures[k].start < piece.start:
                self._not_understood(unit, failures[k].text, waiting)
                k += 1
            last = index == len(pieces) - 1
            # interned: a name built per call would stay in the type's attribute cache
            if piece.kind != "stated":
                self.carried = None
            if piece.kind not in ("free", "share"):
                self.ranked = None
            handler = _HANDLERS.get(piece.kind)
            if handler is None:
                handler = _HANDLERS[piece.kind] = getattr(Folder, sys.intern("_" + piece.kind))
            handler(self, piece, last)
            self.previous = piece
            if waiting and self._in_unit(unit) is not None:
                self._in_unit(unit).unparsed.extend(waiting)  # type: ignore[union-attr]
                waiting = []
        for pos in failures[k:]:
            self._not_understood(unit, pos.text, waiting)

    def _in_unit(self, unit: UnitText) -> Draft | None:
        """The current draft, when it belongs to ``unit``."""
        draft = self._draft(self.current) if self.current is not None else None
        return draft if draft is not None and draft.unit is unit else None

    def _not_understood(self, unit: UnitText, text: str, waiting: list[str]) -> None:
        target = self._in_unit(unit)
        if target is None:
            waiting.append(f"not understood: {text}")
        else:
            target.unparsed.append(f"not understood: {text}")

    def _continue_field(self, unit: UnitText, pieces: Sequence[Piece]) -> bool:
        """A line that goes on with the value of the text field before it (a second 政策依据)."""
        if self.last_field is None or self.current != self.last_field:
            return False
        draft = self._draft(self.last_field)
        if draft.field not in ("basis", "name", "undertaker", "schedule"):
            return False
        start, end = pieces[0].start, pieces[-1].end
        draft.content_extra.append((unit, Pos(start, end, unit.printed(start, end))))
        draft.extra.append((unit, Pos(start, end, "")))
        return True

    # -- helpers ----------------------------------------------------------------------

    def _extend(self, draft: Draft, piece: Piece) -> None:
        """Widen ``draft`` to the end of ``piece`` when both are in this unit: a piece's
        offsets are its own unit's, so a later unit's piece (a 其中： that opens the next
        sentence) would stretch the span past the statement in the draft's unit."""
        if draft.unit is self.unit_text:
            draft.extend(piece)

    def _new(self, piece: Piece, *, subject: Pos | None = None, child: bool = True) -> Draft:
        draft = Draft(self.unit_text, piece.start, piece.end)
        draft.subject = subject if subject is not None else piece.subject
        draft.counted = piece.counted
        draft.levels = piece.levels
        draft.in_list = self.in_list
        if self.pending_comparison:
            draft.comparison = self.pending_comparison
            self.pending_comparison = None
        self._classify(draft)
        if child and self.lead is not None:
            self._join_lead(draft, self._draft(self.lead))
        self.drafts.append(draft)
        self.current = len(self.drafts) - 1
        self.current_open = True
        return draft

    def _join_lead(self, draft: Draft, lead: Draft) -> None:
        """Make ``draft`` a part of the open breakdown, or close the breakdown when
        ``draft`` is a total of its own (实有人数 after the parts of 编制数)."""
        text = self._plain_subject(draft)
        lead_kind = lead.topic is not None and bool(lead.topic.kind)
        if lead_kind and draft.topic is not lead.topic and lead.topic.item_for(text):  # type: ignore[union-attr]
            # a part is read in its lead's terms (公务用车运行费 of the 三公 total)
            draft.topic = lead.topic
            draft.item = lead.topic.item_for(text)  # type: ignore[union-attr]
        own_total = (
            draft.item is not None
            and draft.item.total
            and draft.topic is lead.topic
            and (lead.item is None or draft.item.item != lead.item.item)
        )
        other_topic = (
            lead_kind
            and draft.topic is not None
            and bool(draft.topic.kind)
            and draft.topic is not lead.topic
        )
        restated = bool(text) and text == self._plain_subject(lead)  # the whole again
        unnamed = self.lead_scope == "parts" and not (
            lead.topic is not None and lead.topic.item_for(text)
        )
        if own_total or other_topic or restated or unnamed:
            self.lead = self.lead_scope = None
            return
        draft.parent = self.lead
        if lead_kind and (draft.topic is None or not draft.topic.kind):
            draft.topic = lead.topic
            draft.item = lead.topic.item_for(text)  # type: ignore[union-attr]

    def _plain_subject(self, draft: Draft) -> str:
        """The subject (and what it counts: 下设12个「处室」) as the vocabulary reads it."""
        text = ""
        if draft.subject is not None:
            unit = draft.subject_from or draft.unit
            text = unit.plain.text[draft.subject.start : draft.subject.end]
        if draft.counted is not None:
            text += draft.unit.plain.text[draft.counted.start : draft.counted.end]
        return text

    def _classify(self, draft: Draft) -> None:
        """Topic and item from the vocabulary (the project field, if any, is set apart)."""
        if draft.field is not None:
            return
        text = self._plain_subject(draft)
        topic: Topic | None = None
        candidates = self.vocab.section_topics(self._titles())
        if len(candidates) > 1:
            topic = next((t for t in candidates if t.item_for(text)), candidates[0])
        elif candidates:
            topic = candidates[0]
        if topic is None:
            topic = self.vocab.subject_topic(text)
        if topic is None:
            topic = self.vocab.budget_lines()
        draft.topic = topic
        draft.item = topic.item_for(text) if topic is not None else None

    def _titles(self) -> list[str]:
        """Titles naming the topic here: heading labels of this section and the sections
        around it, then the section titles (innermost first)."""
        section = self.unit_text.section
        keys: list[str | None] = []
        if section:
            parts = section.split("/")
            keys = ["/".join(parts[:depth]) for depth in range(len(parts), 0, -1)]
        keys.append(None)
        labels = [self.context[k] for k in keys if k in self.context]
        return [*labels, *self.unit_text.titles]

    def _open(self) -> Draft | None:
        """The statement still taking pieces, if it was read in this unit.

        A draft's figures are offsets into its own unit's text, so a figure of another
        unit (after a reason reached back across units) starts a statement of its own.
        """
        if self.current is None or not getattr(self, "current_open", False):
            return None
        draft = self._draft(self.current)
        return draft if draft.unit is self.unit_text else None

    def _subject_for_figure(self, piece: Piece) -> tuple[Pos | None, UnitText | None]:
        """A subject that only says "the amount is" takes the heading's subject."""
        subject = piece.subject
        heading = self.heading
        if heading is not None and heading.subject is not None:
            generic = subject is None or self.vocab.is_generic(
                self.unit_text.plain.text[subject.start : subject.end]
            )
            if generic and self.heading_field is None:
                return heading.subject, None
        return subject, None

    # -- pieces -----------------------------------------------------------------------

    def _heading(self, piece: Piece, last: bool) -> None:
        label = self.unit_text.plain.text[piece.start : piece.end] if piece.subject else ""
        field = self.vocab.field_for(label) if piece.subject else None
        self.heading = piece
        self.heading_field = field
        named = field is None and piece.subject is not None and not piece.levels
        if named and self.vocab.section_topics([label]):
            self.context[self.unit_text.section] = label
        if field is None:
            self.in_list = bool(piece.keyword and "包括" in piece.keyword.text)
            if self.in_list:
                self.lead = self.lead_scope = None
        if field == "allocation":
            self.in_list = True

    def _listing(self, piece: Piece, last: bool) -> None:
        """包括 A x万元，B y万元: the items that follow are listed (not a breakdown's parts)."""
        self.in_list = True
        self.lead = self.lead_scope = None

    def _ofwhich(self, piece: Piece, last: bool) -> None:
        if self.current is not None:
            self.lead = self.current
            self.lead_scope = "section" if last else "unit"
            self._extend(self._draft(self.current), piece)

    def _stated(self, piece: Piece, last: bool) -> None:
        if self.heading_field is not None and self._field_figure(piece):
            return
        carried, self.carried = self.carried, None
        figure = piece.figure
        money = figure is not None and figure.unit is not None and money_unit(figure.unit)
        if carried is not None and piece.sep_before == "、" and money and piece.subject:
            # 增加了出入境证件工本费46万元、培训经费8万元: the verb goes on through the list
            draft = self._new(piece)
            draft.delta, draft.direction, draft.delta_sign, draft.delta_rough = figure, *carried
            self.carried = carried
            return
        subject, _ = self._subject_for_figure(piece)
        arrived = self._open() if subject is None and money else None
        if arrived is not None and arrived.amount is None and arrived.has_change:
            # 基础研究增加3亿元，达到7亿元: the amount the change arrived at
            arrived.amount = figure
            self._extend(arrived, piece)
            return
        draft = self._new(piece, subject=subject)
        if subject is not None and piece.subject is not subject and self.heading is not None:
            draft.levels = self.heading.levels
            draft.start = min(draft.start, self.heading.start)
        draft.amount = piece.figure
        self._missing(draft, piece.figure, "amount")
        if piece.counted is not None:
            draft.notes.append(f"counted: {piece.counted.text}")
        self._goes_on_buying(draft, piece)

    def _piece_subject(self, piece: Piece) -> str:
        if piece.subject is None:
            return ""
        return self.unit_text.plain.text[piece.subject.start : piece.subject.end]

    def _goes_on_buying(self, draft: Draft, piece: Piece) -> None:
        """安排购置车辆0辆，大型设备0台: an item listed after a purchase is bought too."""
        if draft.item is None or draft.topic is None or piece.sep_before[-1:] not in "，,、":
            return
        if len(self.drafts) < 2 or self.drafts[-2] is None:
            return
        before = self.drafts[-2]
        if before.unit is not self.unit_text or before.item is None:
            return
        if before.item.purchase_of is None or before.topic is not draft.topic:
            return
        if any(w in self._plain_subject(draft) for w in self.vocab.holding_words):
            return
        bought = draft.topic.purchase_of(draft.item)
        if bought is not None:
            draft.item = bought

    def _field_figure(self, piece: Piece) -> bool:
        """预算安排规模：380万元 and the items of 资金分配情况：… (a project's figures)."""
        field = self.heading_field
        heading = self.heading
        assert heading is not None
        if field == "scale" and piece.subject is None:
            draft = self._project_draft(piece, field, heading.subject)
            draft.amount = piece.figure
            self.scale = len(self.drafts) - 1
            return True
        if field == "allocation":
            # 2000元/人/月, 平均每场成本4000元: a rate or a unit cost, not money allocated
            per_unit = piece.figure is not None and piece.figure.rate is not None
            said = self._piece_subject(piece)
            if per_unit or any(w in said for w in self.vocab.unit_cost_words):
                field = "unit_cost"
            draft = self._project_draft(piece, field, piece.subject)
            draft.amount = piece.figure
            draft.parent = self.scale if self.scale is not None else self.project
            return True
        return False

    def _project_draft(self, piece: Piece, field: str, subject: Pos | None) -> Draft:
        draft = Draft(self.unit_text, piece.start, piece.end, field=field)
        draft.subject = subject
        draft.parent = self.project
        if self.heading is not None and subject is self.heading.subject:
            draft.start = min(draft.start, self.heading.start)
        self.drafts.append(draft)
        self.current = len(self.drafts) - 1
        self.current_open = True
        self.last_field = self.current
        return draft

    def _change(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        if piece.points is not None:  # 提高0.27个百分点: not a rate of the amount
            if draft is None or piece.subject is not None:
                draft = self._new(piece)
            draft.points, draft.points_sign = piece.points, piece.sign
            if piece.comparison is not None and draft.comparison is None:
                draft.comparison = piece.comparison.text
            self._extend(draft, piece)
            return
        figure = piece.figure
        is_pct = figure is not None and figure.unit == "%"
        # 决算数大于年初预算数: a statement of its own, never a restated change
        relation = _relation(piece)
        if not relation and piece.subject is None and draft is not None:
            draft = self._money_statement(draft, figure)
        restated = None if relation else self._restated(piece)
        closing = None if relation else self._lead_after_parts(piece)
        if closing is not None:
            draft = closing
            self._extend(draft, piece)
        elif restated is not None:
            draft = restated
            draft.extra.append((self.unit_text, Pos(piece.start, piece.end, "")))
        elif piece.subject is not None or draft is None:
            draft = self._new(piece)
            if piece.subject is None:
                draft.unparsed.append("a change without its subject")
        else:
            taken = draft.pct_direction is not None if is_pct else draft.direction is not None
            if taken and figure is None and not piece.note:
                # 公务接待费持平，与上年一致: one more word for the change already read
                self._extend(draft, piece)
                if piece.comparison is not None and draft.comparison is None:
                    draft.comparison = piece.comparison.text
                return
            if taken and not (piece.figure is None and piece.note):
                draft = self._new(piece, subject=draft.subject)
                draft.notes.append("a second change of the same subject")
            self._extend(draft, piece)
        if piece.prior is not None and draft.prior is None:
            draft.prior = piece.prior
        if piece.comparison is not None:
            draft.comparison = piece.comparison.text
        elif self.pending_comparison and draft.comparison is None:
            draft.comparison = self.pending_comparison
            self.pending_comparison = None
        if is_pct:
            draft.pct, draft.pct_direction, draft.pct_sign = figure, piece.direction, piece.sign
            self._missing(draft, figure, "percent")
        elif figure is not None:
            draft.delta, draft.direction, draft.delta_sign = figure, piece.direction, piece.sign
            draft.delta_rough = piece.rough
            self._missing(draft, figure, "change")
            subject, direction = piece.subject, piece.direction
            if subject is not None and direction is not None and subject.start > direction.start:
                # 增加了A x万元 (named after the verb)
                self.carried = (direction, piece.sign, piece.rough)
        elif piece.note:  # 增长率无可比性
            draft.pct_direction, draft.pct_sign = piece.direction, piece.sign
            draft.notes.append(piece.note)
        else:  # 持平, with no figure
            draft.direction, draft.delta_sign = piece.direction, piece.sign
            draft.delta_rough = piece.rough
            if piece.sign == 0 and piece.direction is not None:
                draft.unchanged = not piece.rough  # 基本持平: within a tolerance, not zero
            if piece.sign != 0 and not relation:
                draft.unparsed.append(
                    f"{piece.direction.text if piece.direction else ''} without an amount"
                )

    def _money_statement(self, draft: Draft, figure: Measure | None) -> Draft:
        """The statement a change in money speaks of: not a count read after it (公务接待费
        5万元，接待86批次947人，同比增加3.62万元 — the 万元 change is the 接待费's)."""
        amount = draft.amount
        if figure is None or not money_unit(figure.unit) or amount is None:
            return draft
        if amount.unit is None or money_unit(amount.unit) or amount.unit == "%":
            return draft
        for index in range(len(self.drafts) - 1, -1, -1):
            earlier = self.drafts[index]
            if earlier is None or earlier.unit is not self.unit_text:
                break
            if earlier.amount is not None and money_unit(earlier.amount.unit):
                self.current = index
                return earlier
        return draft

    def _lead_after_parts(self, piece: Piece) -> Draft | None:
        """A change with no subject after the parts of a breakdown, set off from them by
        ``；`` or a closing bracket (…其中：A…；B…；比上年增加…): the whole's change."""
        if piece.subject is not None or self.lead is None or self.current is None:
            return None
        if not any(c in piece.sep_before for c in "；;)）"):
            return None
        draft = self.drafts[self.current]
        lead = self.drafts[self.lead]
        if draft is None or lead is None or draft.parent != self.lead:
            return None
        if lead.has_change or lead.delta is not None or lead.unit is not self.unit_text:
            return None
        self.current = self.lead
        return lead

    def _restated(self, piece: Piece) -> Draft | None:
        """The statement a change names again in shorter words (…支出1387.56万元，占…。
        与上年相比，…拨款增加61.83万元): the record of this unit with an amount and no
        change yet whose subject holds the change's subject."""
        if piece.subject is None or self.current is None:
            return None
        draft = self.drafts[self.current]
        if draft is None or draft.unit is not self.unit_text or draft.amount is None:
            return None
        if draft.has_change or draft.delta is not None or draft.subject is None:
            return None
        said = normal_name(self.unit_text.plain.text[piece.subject.start : piece.subject.end])
        named = normal_name(self.unit_text.plain.text[draft.subject.start : draft.subject.end])
        return draft if len(said) >= 2 and said in named else None

    def _compare_only(self, piece: Piece, last: bool) -> None:
        if piece.subject is not None:  # 收、支与2022年度相比，减少…: a statement of its own
            self._new(piece)
        self.pending_comparison = piece.comparison.text if piece.comparison else None
        draft = self._open()
        if draft is not None:
            self._extend(draft, piece)

    def _share(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        ranked, self.ranked = self.ranked, None
        if piece.subject is not None:  # 税收收入占…的比重为71.7%: the statement it names
            draft = self._named_in_unit(piece.subject) or self._new(piece)
        elif ranked is not None:
            # 其次为专用设备，占9.17%: the share of the subject named next in the ranking
            draft = self._new(piece, subject=ranked)
            draft.start = ranked.start
        elif draft is None:
            draft = self._new(piece)
            draft.unparsed.append("a share without its subject")
        self._extend(draft, piece)
        if draft.share is not None and piece.figure is not None:
            # 占总支出的0.4%，占省本级支出的1.7%: the first share is the record's
            draft.notes.append(f"share: {self.unit_text.printed(piece.start, piece.end)}")
            return
        draft.share = piece.figure
        self._missing(draft, piece.figure, "share")

    def _named_in_unit(self, subject: Pos) -> Draft | None:
        """The latest record of this unit whose subject holds ``subject`` (said again)."""
        said = normal_name(self.unit_text.plain.text[subject.start : subject.end])
        if len(said) < 2:
            return None
        for index in range(len(self.drafts) - 1, -1, -1):
            draft = self.drafts[index]
            if draft is None or draft.unit is not self.unit_text:
                return None
            if draft.subject is not None and draft.subject_from is None:
                named = normal_name(
                    self.unit_text.plain.text[draft.subject.start : draft.subject.end]
                )
                if said == named or (said in named and len(said) * 2 >= len(named)):
                    self.current = index
                    return draft
        return None

    def _completion(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        if draft is None:
            draft = self._new(piece)
            draft.unparsed.append("a completion ratio without its subject")
        self._extend(draft, piece)
        if draft.completion is not None and piece.figure is not None:
            # 为调整预算的101.2%，完成年初预算的97.6%: the first is the record's
            draft.notes.append(f"completion: {self.unit_text.printed(piece.start, piece.end)}")
            return
        draft.completion = piece.figure
        if piece.keyword is not None:  # 完成年初预算的 → initial_budget
            draft.completion_basis = self.vocab.basis_of(piece.keyword.text)
        if piece.prior is not None and draft.prior is None:
            draft.prior = piece.prior
        self._missing(draft, piece.figure, "completion")

    def _adjusted(self, piece: Piece, last: bool) -> None:
        """由年初预算A万元调整为B万元 / 从A增长到B: the amount is B, the prior value A."""
        draft = self._new(piece)
        draft.amount = piece.figure
        draft.prior = piece.prior
        draft.moved = piece.prior is not None
        if piece.prior is not None:
            start = piece.subject.end if piece.subject is not None else piece.start
            lead = self.unit_text.plain.text[start : piece.prior.start]
            draft.comparison = lead if len(lead) > 1 else None  # 由年初预算…, not a bare 从
        self._missing(draft, piece.figure, "amount")

    _fromto = _adjusted

    def _distributed(self, piece: Piece, last: bool) -> None:
        """A、B分别为x、y: one record per listed subject, paired in order."""
        names = self._listed_subjects(piece.subject, len(piece.each))
        self.listed_run = []
        for index, figure in enumerate(piece.each):
            subject = names[index] if names else piece.subject
            draft = self._new(piece, subject=subject)
            self.listed_run.append(draft)
            if piece.comparison is not None:
                draft.comparison = piece.comparison.text
            if piece.direction is None:
                draft.amount = figure
                self._missing(draft, figure, "amount")
            elif figure.unit == "%":
                draft.pct, draft.pct_direction, draft.pct_sign = figure, piece.direction, piece.sign
            else:
                draft.delta, draft.direction, draft.delta_sign = figure, piece.direction, piece.sign
                draft.delta_rough = piece.rough
            if not names:
                draft.unparsed.append("listed figures without as many subjects")

    def _shares(self, piece: Piece, last: bool) -> None:
        """占…的a%和b% after A、B分别为x和y: each listed record takes its share, in order."""
        run = self.listed_run
        self.listed_run = []
        if len(run) != len(piece.each) or any(d.share is not None for d in run):
            draft = self._open() or self._new(piece)
            self._extend(draft, piece)
            draft.unparsed.append("listed shares without as many listed figures")
            return
        for draft, figure in zip(run, piece.each, strict=True):
            self._extend(draft, piece)
            draft.share = figure
            self._missing(draft, figure, "share")

    @staticmethod
    def _listed_subjects(subject: Pos | None, count: int) -> list[Pos]:
        """The subjects of 「A、B和C」 as spans, when there are as many as figures."""
        if subject is None or count < 2:
            return []
        names: list[Pos] = []
        start = 0
        for match in [*_NAME_SEP.finditer(subject.text), None]:
            end = match.start() if match is not None else len(subject.text)
            if end > start:
                s = subject.start + start
                names.append(Pos(s, subject.start + end, subject.text[start:end]))
            start = match.end() if match is not None else start
        return names if len(names) == count else []

    def _value(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        separated = piece.sep_before[-1:] in ("；", ";", "。") if piece.sep_before else True
        if (
            draft is None
            or piece.subject is not None
            or draft.value is not None
            or (separated and draft.amount is None)
        ):
            draft = self._new(piece)
        else:
            self._extend(draft, piece)
        draft.value = piece.figure
        if piece.figure is None:
            draft.unparsed.append(
                f"{piece.keyword.text if piece.keyword else ''} without an amount"
            )
        else:
            self._missing(draft, piece.figure, "value")

    def _total(self, piece: Piece, last: bool) -> None:
        subject = piece.subject
        if subject is not None and piece.keyword is not None and subject.end <= piece.keyword.start:
            start = subject.start
            end = piece.keyword.end
            subject = Pos(start, end, self.unit_text.printed(start, end))
        elif piece.keyword is not None and subject is None:
            subject = piece.keyword
        elif subject is not None and piece.keyword is not None:
            start, end = piece.keyword.start, subject.end
            subject = Pos(start, end, self.unit_text.printed(start, end))
        if self.heading_field == "allocation" or (
            self.last_field is not None
            and self._draft(self.last_field).field == "allocation"
            and self.current is not None
            and self.current >= self.last_field
        ):
            draft = self._project_draft(piece, "allocation_total", subject)
            draft.amount = piece.figure
            draft.parent = self.scale if self.scale is not None else self.project
            return
        draft = self._new(piece, subject=subject, child=False)
        draft.amount = piece.figure
        self._missing(draft, piece.figure, "amount")

    def _reason(self, piece: Piece, last: bool) -> None:
        draft = self._draft(self.current) if self.current is not None else None
        if draft is None:
            return
        if draft.reason is None and draft.unit is self.unit_text:
            draft.reason = piece.text
            self._extend(draft, piece)
        elif draft.reason is None:
            draft.extra.append((self.unit_text, Pos(piece.start, piece.end, "")))
            draft.notes.append(f"reason: {self.unit_text.printed(piece.start, piece.end)}")
        else:
            if draft.unit is self.unit_text:
                self._extend(draft, piece)
            draft.unparsed.append("a second reason")

    def _purpose(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        if draft is not None:
            draft.purpose = piece.text.text if piece.text else ""
            self._extend(draft, piece)

    def _includes(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        if draft is not None:
            names = piece.text.text if piece.text else ""
            listed = [n for n in _LIST_SEP.split(names.rstrip("等")) if n]
            if len(listed) == 1 and piece.keyword is not None and "分别" in piece.keyword.text:
                listed = [n for n in _PAIR_SEP.split(listed[0]) if n]  # 分别是：A和B
            draft.listed = tuple(listed)
            self._extend(draft, piece)

    def _not_arranged(self, piece: Piece, last: bool) -> None:
        subject = piece.subject if piece.subject is not None else piece.counted
        draft = self._new(piece, subject=subject)
        if subject is piece.counted:
            draft.counted = None
        draft.notes.append(piece.note or "未安排")

    def _nopct(self, piece: Piece, last: bool) -> None:
        draft = self._open()
        if draft is None:
            return
        draft.notes.append(piece.note or "")
        self._extend(draft, piece)

    def _field(self, piece: Piece, last: bool) -> None:
        label = piece.keyword.text if piece.keyword else ""
        field = self.vocab.field_for(label) or "field"
        subject = (
            Pos(piece.keyword.start, piece.keyword.end - 1, label[:-1]) if piece.keyword else None
        )
        draft = self._project_draft(piece, field, subject)
        draft.content = piece.text
        if field == "name":
            self.project = len(self.drafts) - 1
            self.scale = None
            draft.parent = None

    def _free(self, piece: Piece, last: bool) -> None:
        previous = self.previous
        self.ranked = None
        if previous is not None and previous.kind == "ranked":
            self.ranked = piece.subject

    def _ranked(self, piece: Piece, last: bool) -> None:
        return

    @staticmethod
    def _missing(draft: Draft, figure: Measure | None, what: str) -> None:
        if figure is not None and figure.value is None:
            draft.notes.append(f"{what} printed without its number")

    # -- records ----------------------------------------------------------------------

    def records(self) -> list[Record]:
        self._finish_drafts()
        return self.finished

    def _draft(self, index: int) -> Draft:
        draft = self.drafts[index]
        assert draft is not None, "a finished section's draft is not reached again"
        return draft

    def _finish_drafts(self) -> None:
        """Make records of the drafts so far: no later unit reaches them (every reference
        into the drafts is reset with the section)."""
        for index in range(len(self.finished), len(self.drafts)):
            self.finished.append(_record(self._draft(index), index, self.sentence_of))
            self.drafts[index] = None


# a piece's kind → the Folder method that folds it (``_stated``, ``_ofwhich``, …), found
# once (the class's functions: bound methods kept on the instance would make a cycle)
_HANDLERS: dict[str, Callable[[Folder, Piece, bool], None]] = {}


def _start(pos: Pos) -> int:
    return pos.start


def _ends_sentence(unit: UnitText) -> bool:
    """The unit ends on a full stop (not on ；or a comma: its sentence goes on)."""
    return unit.plain.text.rstrip().endswith(_FULL_STOPS)


_FULL_STOPS = ("。", "！", "？", "!", "?")


def _fig_span(unit: UnitText, figure: Measure | None) -> Span | None:
    if figure is None:
        return None
    if figure.number is not None:
        return unit.span(figure.number.start, figure.number.end)
    return unit.span(figure.start, figure.end)


def _signed(value: Decimal | None, sign: int | None) -> Decimal | None:
    if value is None:
        return None
    if sign is not None and sign < 0 and value != 0:
        return value.copy_negate()  # exact: unary minus rounds to the context's 28 digits
    return value


def _record(d: Draft, index: int, sentence_of: Callable[[int], int | None] | None) -> Record:
    unit = d.unit
    start, end = unit.span(d.start, d.end)
    # the statement's pieces in reading order; a piece the statement's own stretch (or the
    # piece before it) already holds is not printed again (a change restated in the unit
    # that the record then reads on past)
    pieces = [(unit, d.start, d.end)]
    for other, pos in d.extra:
        s, e = other.span(pos.start, pos.end)
        start, end = min(start, s), max(end, e)
        last, first, stop = pieces[-1]
        if other is last and pos.start <= stop:
            pieces[-1] = (last, min(first, pos.start), max(stop, pos.end))
        else:
            pieces.append((other, pos.start, pos.end))
    text = "\n".join(u.printed(s, e) for u, s, e in pieces)
    subject_unit = d.subject_from or unit
    subject = name = None
    subject_span: Span | None = None
    if d.subject is not None:
        subject = subject_unit.printed(d.subject.start, d.subject.end)
        name = normal_name(subject_unit.plain.text[d.subject.start : d.subject.end])
        if name == subject:
            name = subject  # one string, not two equal ones
        subject_span = subject_unit.span(d.subject.start, d.subject.end)
    kind, item = _kind(d)
    amount = d.amount
    delta = _signed(d.delta.value, d.delta_sign) if d.delta else None
    pct = _signed(d.pct.value, d.pct_sign) if d.pct else None
    if d.unchanged and delta is None and pct is None:
        delta = pct = Decimal(0)  # the text says unchanged: a change of zero
    notes = list(d.notes)
    for figure in (amount, d.delta, d.pct, d.share, d.value, d.prior, d.completion):
        if figure is not None and figure.approx:
            notes.append(f"approximate: {figure.approx} {figure.text or ''}".rstrip())
    year = _YEAR.search(d.comparison) if d.comparison else None
    content = content_span = None
    if d.content is not None:
        kept = len(d.content.text.rstrip("。；;，,"))
        content = unit.printed(d.content.start, d.content.start + kept)
        content_span = unit.span(d.content.start, d.content.start + kept)
        for other, pos in d.content_extra:
            content += "\n" + other.printed(pos.start, pos.end)
            content_span = (content_span[0], other.span(pos.start, pos.end)[1])
    reason = reason_span = None
    if d.reason is not None:
        kept = len(d.reason.text.rstrip("，,"))
        reason = unit.printed(d.reason.start, d.reason.start + kept)
        reason_span = unit.span(d.reason.start, d.reason.start + kept)
    return Record(
        kind=kind,
        item=item,
        subject=subject,
        name=name,
        path=tuple(PathLevel(n, lv) for n, lv in d.levels),
        amount=amount.value if amount else None,
        amount_text=amount.text if amount else None,
        unit=amount.unit if amount else None,
        amount_wan=in_wan(amount.value, amount.unit) if amount else None,
        share_pct=d.share.value if d.share else None,
        share_text=d.share.text if d.share else None,
        comparison=d.comparison,
        direction=d.direction.text if d.direction else None,
        delta=delta,
        delta_text=d.delta.text if d.delta else None,
        delta_unit=d.delta.unit if d.delta else None,
        delta_wan=in_wan(delta, d.delta.unit) if d.delta else None,
        pct_direction=d.pct_direction.text if d.pct_direction else None,
        pct=pct,
        pct_text=d.pct.text if d.pct else None,
        value=d.value.value if d.value else None,
        value_text=d.value.text if d.value else None,
        value_unit=d.value.unit if d.value else None,
        value_wan=in_wan(d.value.value, d.value.unit) if d.value else None,
        reason=reason,
        purpose=d.purpose,
        listed=d.listed,
        content=content,
        part=unit.part,
        section=unit.section,
        text=text,
        span=(start, end),
        subject_span=subject_span,
        amount_span=_fig_span(unit, amount),
        share_span=_fig_span(unit, d.share),
        delta_span=_fig_span(unit, d.delta),
        pct_span=_fig_span(unit, d.pct),
        value_span=_fig_span(unit, d.value),
        reason_span=reason_span,
        content_span=content_span,
        parent=d.parent,
        notes=tuple(notes),
        unparsed=tuple(d.unparsed),
        basis=vocabulary().basis_of(d.comparison),
        basis_year=int(year.group(1)) if year else None,
        prior=d.prior.value if d.prior else None,
        prior_text=d.prior.text if d.prior else None,
        prior_unit=d.prior.unit if d.prior else None,
        prior_span=_fig_span(unit, d.prior),
        completion_pct=d.completion.value if d.completion else None,
        completion_text=d.completion.text if d.completion else None,
        completion_span=_fig_span(unit, d.completion),
        completion_basis=d.completion_basis,
        pp=_signed(d.points.value, d.points_sign) if d.points else None,
        pp_text=d.points.text if d.points else None,
        pp_span=_fig_span(unit, d.points),
        direction_sign=d.delta_sign if d.direction is not None else None,
        direction_rough=d.direction is not None and d.delta_rough,
        index=index,
        sentence=sentence_of(start) if sentence_of is not None else None,
    )


def _kind(d: Draft) -> tuple[str, str | None]:
    if d.field is not None:
        return "project", d.field
    item = d.item.item if d.item is not None else None
    if d.topic is not None and d.topic.kind:
        return d.topic.kind, item
    changed = d.delta is not None or d.pct is not None or d.points is not None or d.moved
    if d.has_change or changed:
        return "change", item
    if d.share is not None:
        return "share", item
    if d.parent is not None or d.in_list:
        return "list_item", item
    return "amount", item


def _relation(piece: Piece) -> bool:
    """决算数大于预算数: a direction word and then what it is measured against, no figure —
    the relation of two figures printed apart."""
    return (
        piece.figure is None
        and piece.direction is not None
        and piece.comparison is not None
        and piece.comparison.start >= piece.direction.end
    )
