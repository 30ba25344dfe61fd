"""The clause grammar (``grammar/clause.lark``): one prose unit's text → pieces.

The grammar knows sentence *shapes*; this module turns its parse tree into flat
:class:`Piece` values with offsets into the parsed string.  What a piece is about, and
how pieces combine into records, is decided later (``fold.py``, ``vocabulary.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
from lark import Lark, Tree

from ..numbers import decimal_of, tenths_percent
from .lalr import Driver, LarkLoop, ParseFailure, Tok, loop_for
from .terminals import grammar_path, grammar_text

# The sign a direction terminal gives a change (the words are the grammar's).
_SIGNS = {
    "DIR_UP": 1,
    "DIR_DOWN": -1,
    "DIR_FLAT": 0,
    "DIR_ABOUT": 0,
}
# The direction terminal of roughly the same (基本持平): a sign 0 within a tolerance, not a
# change of zero (its words are vocabulary.toml's roughly_equal).
_ROUGH = "DIR_ABOUT"


@attrs.frozen
class Pos:
    """A stretch ``[start, end)`` of the parsed string and its text."""

    start: int
    end: int
    text: str


@attrs.frozen
class Measure:
    """A number of a clause with its unit, as printed (a finding's inputs are
    :class:`~budgetparse.model.Figure`); ``value`` is None when the number is missing."""

    value: Decimal | None
    text: str | None  # the digits as printed (thousands separators kept)
    unit: str | None
    start: int  # the whole figure, number and unit
    end: int
    number: Pos | None  # just the digits
    rate: str | None = None  # "/人/月" after the unit
    approx: str | None = None  # 约, 多, 左右 … as printed around the figure


@attrs.frozen
class Piece:
    """One clause of a unit, as the grammar shaped it."""

    kind: str  # stated, change, compare_only, share, completion, value, total, reason,
    #            purpose, includes, not_arranged, nopct, field, free, ofwhich, heading,
    #            adjusted, fromto, distributed, shares, ranked
    start: int
    end: int
    subject: Pos | None = None
    levels: tuple[tuple[str, str], ...] = ()  # (name, 类/款/项) when the subject is a path
    figure: Measure | None = None  # the amount / delta / share / value of the piece
    counted: Pos | None = None  # 下设12个「处室」
    direction: Pos | None = None
    sign: int | None = None
    rough: bool = False  # the direction word says roughly the same (基本持平, 基本相当)
    comparison: Pos | None = None
    text: Pos | None = None  # loose text: reason, purpose, names, field value
    keyword: Pos | None = None  # the opening keyword (label of a field, 占, 价值, 共计 …)
    note: str | None = None  # 增长率无可比性 …
    sep_before: str = ""  # the punctuation run before this piece (in its unit)
    prior: Measure | None = None  # the earlier value: 比上年A万元…, 由A调整为…, 从A增长到…
    points: Measure | None = None  # a change in percentage points (个百分点)
    each: tuple[Measure, ...] = ()  # 分别为x、y、z


__all__ = ["ClauseError", "Measure", "Piece", "Pos", "grammar_path", "parse_pieces"]


# A node's reader: the tree of one clause kind (and the punctuation before it) → its piece
# (or pieces).
Builder = Callable[..., "Piece | list[Piece]"]


class Node(Tree):
    """A parse tree node whose ``data`` is a plain ``str`` (Lark passes the rule name as
    a ``Token``, whose ``==`` is a Python-level call on every comparison)."""

    def __init__(self, data: str, children: list[Any], meta: Any = None) -> None:
        self.data = str(data)
        self.children = children
        self._meta = meta


@cache
def clause_parser() -> Lark:
    """The LALR parser of ``grammar/clause.lark`` with the contextual lexer (built once)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        regex=True,
        maybe_placeholders=False,
        tree_class=Node,
    )


@cache
def _driver() -> Driver | LarkLoop:
    """The lean loop over :func:`clause_parser`'s tables (``lalr.py`` says why), or
    Lark's own when the installed Lark keeps its tables elsewhere."""
    return loop_for(clause_parser())


class ClauseError(ValueError):
    """The grammar could not read a string; ``position`` is where it stopped."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.position = position


def parse_pieces(text: str) -> list[Piece]:
    """Parse one normalised unit text into pieces; raises :class:`ClauseError`."""
    try:
        tree = _driver().parse(text)
    except ParseFailure as error:
        raise ClauseError(str(error), error.position) from None
    pieces: list[Piece] = []
    last_end = 0
    for child in tree.children:
        if isinstance(child, Tree) and child.data == "piece":
            start, end = _span_pos(child)
            _piece(child, text[last_end:start], pieces)
            last_end = end
        elif isinstance(child, Tree) and child.data == "glued":  # 其中 right after a figure
            pieces.append(_ofwhich(child))
            last_end = _span_pos(child)[1]
    return pieces


def _piece(tree: Tree, sep: str, out: list[Piece]) -> None:
    """The pieces of one ``piece`` node; the first gets the punctuation before it."""
    for node in tree.children:
        if not isinstance(node, Tree):
            continue
        builder = _BUILDERS.get(node.data)
        if builder is not None:
            built = builder(node, sep)
            if isinstance(built, list):
                out.extend(built)
            else:
                out.append(built)
            sep = ""


# -- tree → piece ---------------------------------------------------------------------


def _tokens(tree: Tree) -> list[Tok]:
    """The tokens of a subtree in reading order."""
    out: list[Tok] = []
    _collect(tree, out)
    return out


def _collect(tree: Tree, out: list[Tok]) -> None:
    for node in tree.children:
        if isinstance(node, Tok):
            out.append(node)
        else:
            _collect(node, out)


def _pos(token: Tok) -> Pos:
    return Pos(token.start_pos, token.end_pos, token.value)


def _span_pos(tree: Tree) -> tuple[int, int]:
    """``[start, end)`` of a subtree, from its first and last token (no position
    propagation: it costs a third of the parse time)."""
    node: Tree | Tok = tree
    while isinstance(node, Tree):
        node = node.children[0]
    first = node
    node = tree
    while isinstance(node, Tree):
        node = node.children[-1]
    return first.start_pos, node.end_pos


def _subject(tree: Tree | None) -> tuple[Pos | None, tuple[tuple[str, str], ...]]:
    if tree is None:
        return None, ()
    tokens = _tokens(tree)
    start, end = tokens[0].start_pos, tokens[-1].end_pos
    text = "".join(t.value for t in tokens)
    levels: list[tuple[str, str]] = []
    name = ""
    for token in tokens:
        if token.type == "LEVEL":
            levels.append((name, token.value[1]))
            name = ""
        else:
            name += token.value
    return Pos(start, end, text), tuple(levels)


def _decimal(digits: str) -> Decimal | None:
    return decimal_of(digits)


_CN_PERCENT_LEAD = len("百分之")


def _figure(tree: Tree) -> Measure:
    """An ``amount``, ``pct`` or ``points`` subtree (or a ``prior``: its amount)."""
    number: Tok | None = None
    unit: str | None = None
    rate: str | None = None
    approx: list[str] = []
    for token in _tokens(tree):
        kind = token.type
        if kind == "NUMBER":
            number = token
        elif kind in ("MONEY", "COUNT", "AREA", "PERCENT", "BARE_UNIT"):
            unit = token.value
        elif kind == "ZERO":  # 为零: a zero in words
            number = token
        elif kind == "RATE":
            rate = token.value
        elif kind in ("APPROX", "ABOUT"):
            approx.append(token.value)
        elif kind == "POINTS":
            unit = "个百分点"
        elif kind == "CN_PERCENT":  # 百分之六点四: the numerals after 百分之
            number = Tok(
                "NUMBER", token.value[_CN_PERCENT_LEAD:], token.start_pos + 3, token.end_pos
            )
            unit = "%"
        elif kind == "CN_TENTHS":  # 四成一: a share in tenths, 41%
            start, end = _span_pos(tree)
            value = tenths_percent(token.value)
            return Measure(value, token.value, "%", start, end, _pos(token), None, None)
    start, end = _span_pos(tree)
    note = "".join(approx) or None
    if number is None:
        return Measure(None, None, unit, start, end, None, rate, note)
    return Measure(_decimal(number.value), number.value, unit, start, end, _pos(number), rate, note)


def _child(tree: Tree, name: str) -> Tree | None:
    for node in tree.children:
        if isinstance(node, Tree) and node.data == name:
            return node
    return None


def _children(tree: Tree, name: str) -> list[Tree]:
    return [n for n in tree.children if isinstance(n, Tree) and n.data == name]


def _token(tree: Tree, *types: str) -> Tok | None:
    for node in tree.children:
        if isinstance(node, Tok) and node.type in types:
            return node
    return None


def _stated(tree: Tree, sep: str = "") -> Piece | list[Piece]:
    """``subject? VERB? amount (subject amount)* counted? tail?``: the last amount is the
    figure; the words and counts before it (下属1家行政单位和0家事业单位的…) are its subject.
    A change run on without punctuation (``33万元比上年增加33万元``) is a piece of its own."""
    amounts = _children(tree, "amount")
    last = amounts[-1]
    last_start = _span_pos(last)[0]
    before = [
        t
        for node in tree.children
        if isinstance(node, Tree)
        and node.data in ("subject", "amount")
        and _span_pos(node)[1] <= last_start
        for t in _tokens(node)
    ]
    subject: Pos | None = None
    levels: list[tuple[str, str]] = []
    if before:
        start, end = before[0].start_pos, before[-1].end_pos
        subject = Pos(start, end, "".join(t.value for t in before))
        for node in _children(tree, "subject"):
            if _span_pos(node)[1] <= last_start:
                levels.extend(_subject(node)[1])
    counted_tree = _child(tree, "counted")
    counted = _subject(_child(counted_tree, "subject"))[0] if counted_tree else None
    tail = _child(tree, "tail")
    start, end = _span_pos(tree)
    if tail is not None:
        end = _span_pos(tail)[0]
    stated = Piece(
        "stated", start, end, subject, tuple(levels), _figure(last), counted, sep_before=sep
    )
    if tail is None:
        return stated
    return [stated, _change(tail)]


def _ratio(tree: Tree, sep: str = "") -> Piece:
    """支出进度28.4%: stated like an amount, in %."""
    subject, levels = _subject(_child(tree, "subject"))
    start, end = _span_pos(tree)
    pct = _child(tree, "pct")
    figure = _figure(pct) if pct is not None else None
    return Piece("stated", start, end, subject, levels, figure, sep_before=sep)


def _change(tree: Tree, sep: str = "") -> Piece:
    named = _child(tree, "named")
    comparison_tree = _child(tree, "comparison")
    comparison = _pos(_tokens(comparison_tree)[0]) if comparison_tree else None
    first = _child(named if named is not None else tree, "subject")
    if first is not None and comparison is not None and _span_pos(first)[0] > comparison.start:
        # 比上年同口径（…）增长: words between the comparison and the direction qualify
        # the comparison; they are not the subject
        start, end = comparison.start, _span_pos(first)[1]
        tokens = [comparison_tree.children[0], *_tokens(first)]  # type: ignore[union-attr]
        comparison = Pos(start, end, "".join(str(t) for t in tokens))
        first = None
    subject, levels = _subject(first)
    direction_tree = _child(tree, "direction")
    token = _tokens(direction_tree)[0] if direction_tree else None
    direction = _pos(token) if token is not None else None
    prior_tree = _child(tree, "prior")
    prior = _figure(_child(prior_tree, "amount")) if prior_tree is not None else None  # type: ignore[arg-type]
    figure: Measure | None = None
    points: Measure | None = None
    note: str | None = None
    figure_tree = _child(tree, "figure")
    if figure_tree is not None:
        inner = figure_tree.children[0]
        if isinstance(inner, Tok):  # NOPCT
            note = inner.value
        elif inner.data == "points":
            points = _figure(inner)
        else:
            figure = _figure(inner)
    start, end = _span_pos(tree)
    return Piece(
        "change",
        start,
        end,
        subject,
        levels,
        figure,
        direction=direction,
        sign=_SIGNS.get(token.type) if token is not None else None,
        rough=token is not None and token.type == _ROUGH,
        comparison=comparison,
        note=note,
        sep_before=sep,
        prior=prior,
        points=points,
    )


def _sourced(tree: Tree, sep: str = "") -> Piece:
    """压缩的47万元出自公务接待费预算: the change, of the item named after 出自."""
    change = _change(_child(tree, "change"), sep)  # type: ignore[arg-type]
    subject, levels = _subject(_child(tree, "subject"))
    start, end = _span_pos(tree)
    return attrs.evolve(change, start=start, end=end, subject=subject, levels=levels)


def _completion(tree: Tree, sep: str = "") -> Piece:
    """完成年初预算的98.5%: the ratio of the amount to a budget, not a share of a whole."""
    start, end = _span_pos(tree)
    keyword = _token(tree, "COMPLETION")
    pct = _child(tree, "pct")
    base = _token(tree, "NUMBER")
    prior = None
    if base is not None:
        unit = _token(tree, "MONEY")
        prior = Measure(
            _decimal(base.value),
            base.value,
            unit.value if unit else None,
            base.start_pos,
            unit.end_pos if unit else base.end_pos,
            _pos(base),
        )
    return Piece(
        "completion",
        start,
        end,
        figure=_figure(pct) if pct else None,
        keyword=_pos(keyword) if keyword else None,
        sep_before=sep,
        prior=prior,
    )


def _moved(kind: str) -> Builder:
    """由A调整为B / 从A增长到B: the figure is B, the prior value A."""

    def build(tree: Tree, sep: str = "") -> Piece:
        subjects = _children(tree, "subject")
        amounts = _children(tree, "amount")
        subject, levels = _subject(subjects[0]) if subjects else (None, ())
        from_token = _token(tree, "FROM")
        if subjects and from_token is not None and _span_pos(subjects[0])[0] > from_token.start_pos:
            subject, levels = None, ()  # 由年初预算A…: the words after 由 name the basis
        keyword = _token(tree, "ADJUST_TO", "REACH")
        start, end = _span_pos(tree)
        return Piece(
            kind,
            start,
            end,
            subject,
            levels,
            _figure(amounts[-1]),
            keyword=_pos(keyword) if keyword else None,
            sep_before=sep,
            prior=_figure(amounts[0]) if len(amounts) > 1 else None,
        )

    return build


def _distributed(tree: Tree, sep: str = "") -> Piece:
    """A、B分别为x、y: the figures in order; the fold pairs them with the listed subjects."""
    subject, levels = _subject(_child(tree, "subject"))
    direction_tree = _child(tree, "direction")
    token = _tokens(direction_tree)[0] if direction_tree else None
    comparison_tree = _child(tree, "comparison")
    figures = tuple(
        _figure(node)
        for node in tree.children
        if isinstance(node, Tree) and node.data in ("amount", "pct")
    )
    start, end = _span_pos(tree)
    return Piece(
        "distributed",
        start,
        end,
        subject,
        levels,
        direction=_pos(token) if token is not None else None,
        sign=_SIGNS.get(token.type) if token is not None else None,
        rough=token is not None and token.type == _ROUGH,
        comparison=_pos(_tokens(comparison_tree)[0]) if comparison_tree else None,
        sep_before=sep,
        each=figures,
    )


def _shares(tree: Tree, sep: str = "") -> Piece:
    """占…的a%和b%: the shares in order; the fold pairs them with the figures listed before."""
    start, end = _span_pos(tree)
    keyword = _token(tree, "SHARE")
    return Piece(
        "shares",
        start,
        end,
        keyword=_pos(keyword) if keyword else None,
        sep_before=sep,
        each=tuple(_figure(node) for node in _children(tree, "pct")),
    )


def _compare_only(tree: Tree, sep: str = "") -> Piece:
    start, end = _span_pos(tree)
    subject, levels = _subject(_child(tree, "subject"))
    token = _tokens(_child(tree, "comparison"))[0]  # type: ignore[arg-type]
    return Piece(
        "compare_only", start, end, subject, levels, comparison=_pos(token), sep_before=sep
    )


def _share(tree: Tree, sep: str = "") -> Piece:
    start, end = _span_pos(tree)
    keyword = _token(tree, "SHARE")
    pct = _child(tree, "pct")
    first = _child(tree, "subject")
    if first is not None and keyword is not None and _span_pos(first)[0] > keyword.start_pos:
        first = None  # the words after 占 name the whole, not the part
    subject, levels = _subject(first)
    return Piece(
        "share",
        start,
        end,
        subject,
        levels,
        figure=_figure(pct) if pct else None,
        keyword=_pos(keyword) if keyword else None,
        sep_before=sep,
    )


def _value_like(kind: str, keyword_type: str) -> Builder:
    def build(tree: Tree, sep: str = "") -> Piece:
        subjects = _children(tree, "subject")
        # the subject, before the keyword or after it (共计经费35万元: the words after 共计
        # name the total when none come before it)
        subject, levels = _subject(subjects[0]) if subjects else (None, ())
        keyword = _token(tree, keyword_type)
        amount = _child(tree, "amount")
        start, end = _span_pos(tree)
        return Piece(
            kind,
            start,
            end,
            subject,
            levels,
            _figure(amount) if amount else None,
            keyword=_pos(keyword) if keyword else None,
            sep_before=sep,
        )

    return build


def _loose(kind: str, keyword_type: str, text_type: str) -> Builder:
    def build(tree: Tree, sep: str = "") -> Piece:
        keyword = _token(tree, keyword_type)
        text = _token(tree, text_type)
        start, end = _span_pos(tree)
        return Piece(
            kind,
            start,
            end,
            keyword=_pos(keyword) if keyword else None,
            text=_pos(text) if text else None,
            sep_before=sep,
        )

    return build


def _not_arranged(tree: Tree, sep: str = "") -> Piece:
    subjects = _children(tree, "subject")
    keyword = _token(tree, "NOT_ARRANGED")
    subject = None
    levels: tuple[tuple[str, str], ...] = ()
    counted = None
    for node in subjects:
        if keyword is not None and _span_pos(node)[0] >= keyword.end_pos:
            counted = _subject(node)[0]
        else:
            subject, levels = _subject(node)
    start, end = _span_pos(tree)
    return Piece(
        "not_arranged",
        start,
        end,
        subject,
        levels,
        counted=counted,
        keyword=_pos(keyword) if keyword else None,
        note=keyword.value if keyword is not None else None,
        sep_before=sep,
    )


def _absences(tree: Tree, sep: str = "") -> list[Piece]:
    """无A、无B: one absence per 无, its subject without the 、 that ends it."""
    pieces: list[Piece] = []
    keyword: Tok | None = None
    for node in tree.children:
        if not isinstance(node, Tree):
            keyword = node
            continue
        subject, levels = _subject(node)
        if subject is None or keyword is None:  # pragma: no cover - the rule pairs them
            continue
        name = subject.text.rstrip("、")
        subject = Pos(subject.start, subject.start + len(name), name)
        pieces.append(
            Piece(
                "not_arranged",
                keyword.start_pos,
                subject.end,
                subject,
                levels,
                keyword=_pos(keyword),
                note=keyword.value,
                sep_before=sep if not pieces else "、",
            )
        )
    return pieces


def _nopct(tree: Tree, sep: str = "") -> Piece:
    start, end = _span_pos(tree)
    return Piece("nopct", start, end, note=_tokens(tree)[0].value, sep_before=sep)


def _free(tree: Tree, sep: str = "") -> Piece:
    subject, levels = _subject(_child(tree, "subject"))
    start, end = _span_pos(tree)
    return Piece("free", start, end, subject, levels, sep_before=sep)


def _ofwhich(tree: Tree, sep: str = "") -> Piece:
    start, end = _span_pos(tree)
    return Piece("ofwhich", start, end, keyword=_pos(_tokens(tree)[0]), sep_before=sep)


def _ranked(tree: Tree, sep: str = "") -> Piece:
    """其次为: the subject that follows is the next of a ranking (its share comes after)."""
    start, end = _span_pos(tree)
    return Piece("ranked", start, end, keyword=_pos(_tokens(tree)[0]), sep_before=sep)


def _listing(tree: Tree, sep: str = "") -> Piece:
    start, end = _span_pos(tree)
    return Piece("listing", start, end, keyword=_pos(_tokens(tree)[0]), sep_before=sep)


def _heading(tree: Tree, sep: str = "") -> Piece:
    subject, levels = _subject(_child(tree, "subject"))
    keyword = _token(tree, "COLON", "INCLUDES", "LIST_LEAD")
    start, end = _span_pos(tree)
    return Piece(
        "heading",
        start,
        end,
        subject,
        levels,
        keyword=_pos(keyword) if keyword else None,
        sep_before=sep,
    )


_BUILDERS: dict[str, Builder] = {
    "stated": _stated,
    "change": _change,
    "sourced": _sourced,
    "compare_only": _compare_only,
    "share": _share,
    "completion": _completion,
    "adjusted": _moved("adjusted"),
    "fromto": _moved("fromto"),
    "distributed": _distributed,
    "shares": _shares,
    "value": _value_like("value", "VALUE"),
    "total": _value_like("total", "TOTAL"),
    "reason": _loose("reason", "REASON_LEAD", "REASON"),
    "purpose": _loose("purpose", "PURPOSE", "PURPOSE_TEXT"),
    "includes": _loose("includes", "INCLUDES", "NAMES"),
    "field": _loose("field", "FIELD_LABEL", "FIELD_TEXT"),
    "not_arranged": _not_arranged,
    "nopct": _nopct,
    "absences": _absences,
    "free": _free,
    "ofwhich": _ofwhich,
    "heading": _heading,
    "listing": _listing,
    "ranked": _ranked,
    "ratio": _ratio,
}
