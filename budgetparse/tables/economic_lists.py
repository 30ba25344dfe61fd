"""The two-list 基本支出 table (人员经费 | 公用经费) printed one cell per line (plain
``pdftotext``) → its rows, codes and names read, every amount undecided.

Without ``-layout`` pdftotext prints this table's cells in an order that follows neither
the rows nor the lists: the codes of one list as a run and its names as another, the
names of a tall row around its code (``信息网络及软件购置`` / ``31007`` / ``更新``), a
row's 类 code after its name, the 类 and 款 of a row apart (``301`` / ``01``), the
amounts of different rows bunched together.  Which amount is whose is lost; the rows
are not.

The subjects of the table are those of the national classification of expenditure by
economic nature (``grammar/templates/economic.toml``), whose every name is given to one
code.  So the reading goes by the names:

* **names** — the text cells, the two totals labels aside, in print order, are cut into
  names of the classification: at each cell, the one way of joining it with the cells
  after it (a name wrapped over lines, at most :data:`MAX_NAME_CELLS` cells, a piece of
  it maybe a header word: ``其他工资福利`` / ``支出``) into the name of a subject whose
  code the table prints; a header word (科目名称, 决算数 …) no name starts with is
  skipped; any other cell no way, or two ways (``医疗费`` then ``补助``: 医疗费 and
  医疗费补助), and the table is not read this way;
* **codes** — the code cells are exactly the codes of the subjects named, as a multiset:
  whole codes (``30101``) where the table prints them so, else each row's 类 code and
  the 款 part of each 款 row (the 类 column repeats its class on every row);
* **lists** — a subject's 类 says its list (``expense_class`` of ``final-columns.toml``:
  302, 310 … are 公用经费), and every 款 named has its 类 named too; each list's totals
  label (人员经费合计, 公用经费合计) is printed once at most and gives its totals row
  (``合计`` names the 决算数 column there: a header word); a subject named twice and
  the table is not read this way.

Why this is sound: a row of this table is a subject of the classification with its name;
every text cell is accounted for as a whole name (or a wrapped piece of one) of a code
the table prints, and every code cell as the code of a name, so the rows are exactly
those subjects — whatever order pdftotext printed them in.  A cell left over, a code
missing or repeated, a name that could be read two ways: the table is not read this way
(the caller reports ``table.layout_unreadable``).  The amounts are placed nowhere: every
value cell is undecided (``Row.undecided``, ``table.ambiguous_row``), never guessed.

Cost: one pass over the cells, each tried with at most :data:`MAX_NAME_CELLS` cells
after it; the codes counted once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import attrs
import regex

from ..layout import LogicalLine
from .cell_lines import CellToken, cell_tokens, is_decimal_amount
from .columns import KindSpec, Vocabulary, header_words, norm
from .economic import economic_subjects
from .known_rows import blank_row, undecided_row
from .rows import Diagnostic, Row, TableContent

_DIGITS = regex.compile(r"^\d++$")
# the most cells one name is printed over (a name wrapped in its tall cell)
MAX_NAME_CELLS = 4


@attrs.frozen
class _Named:
    code: str
    name: str
    cells: tuple[CellToken, ...]


def read_economic_lists(
    spec: KindSpec, vocab: Vocabulary, lines: Sequence[LogicalLine]
) -> TableContent | None:
    """The rows of a two-list table of economic subjects printed one cell per line, codes
    and names read and every amount undecided; None when its cells are not exactly the
    names and codes of subjects of the classification (see the module docstring)."""
    if spec.expense_class is None:
        return None
    words = header_words(spec.kind)
    tokens = cell_tokens(lines)
    codes = [t for t in tokens if _DIGITS.match(t.text)]

    def is_label(text: str) -> bool:  # a totals label, not a column's name (合计 = 决算数)
        return (
            norm(text) in vocab.totals
            and spec.income.resolve(text) is None
            and spec.expense.resolve(text) is None
        )

    totals = [t for t in tokens if is_label(t.text)]
    texts = [
        t
        for t in tokens
        if not _DIGITS.match(t.text) and not is_decimal_amount(t.text) and not is_label(t.text)
    ]
    whole = any(len(t.text) == 5 for t in codes)

    def header(text: str) -> bool:
        return norm(text) in words or vocab.is_levels(norm(text))

    named = _names(texts, _printed(codes, whole), header)
    if not named or not _codes_hold(codes, named, whole):
        return None
    present = {n.code for n in named}
    if any(len(n.code) == 5 and n.code[:3] not in present for n in named):
        return None
    by_side: dict[str, list[_Named]] = {"income": [], "expense": []}
    for n in named:
        by_side["expense" if spec.opens_expense(n.code) else "income"].append(n)
    labels: dict[str, CellToken] = {}
    for token in totals:
        side = "expense" if norm(token.text) in vocab.expense_totals else "income"
        if side in labels:
            return None  # a totals label twice: not this table's one totals row
        labels[side] = token
    columns = tuple(dict.fromkeys(spec.income.order + spec.expense.order))
    # a blank form prints no amount at all: its cells are known, and empty
    blank = not any(is_decimal_amount(t.text) for t in tokens)
    row_of = blank_row if blank else undecided_row
    rows: list[Row] = []
    for side in ("income", "expense"):
        for n in sorted(by_side[side], key=lambda n: n.code):
            marks = [t.cell.span() for t in n.cells]
            if whole:
                marks += [t.cell.span() for t in codes if t.text == n.code]
            rows.append(row_of(n.code, n.name, False, columns, marks, side))
    for side in ("income", "expense"):
        if side in labels:
            label = labels[side]
            rows.append(row_of(None, label.text, True, columns, [label.cell.span()], side))
    if blank:
        return TableContent(columns=columns, rows=tuple(rows), diagnostics=())
    diagnostics: tuple[Diagnostic, ...] = (
        (
            "table.ambiguous_row",
            f"{len(rows)} rows of a two-list table printed one cell per line: its codes and "
            "names are those of subjects of the economic classification, but which amount "
            "is whose is lost; every amount is left undecided",
            rows[0].span,
        ),
    )
    return TableContent(columns=columns, rows=tuple(rows), diagnostics=diagnostics)


def _printed(codes: list[CellToken], whole: bool) -> frozenset[str]:
    """The subjects the code cells may be codes of: the whole codes printed, or (类 and 款
    printed apart) every subject whose 类 and 款 part are both printed."""
    texts = {t.text for t in codes}
    if whole:
        return frozenset(texts)
    return frozenset(
        code
        for code in economic_subjects()
        if code[:3] in texts and (len(code) == 3 or code[3:] in texts)
    )


def _names(
    texts: list[CellToken], printed: frozenset[str], header: Callable[[str], bool]
) -> list[_Named] | None:
    """The text cells cut into names of printed subjects, each cut the only one possible
    where it starts (module docstring), a header word that starts none skipped; None when
    another cell cannot be cut so, or can be two ways."""
    by_name = {name: code for code, name in economic_subjects().items() if code in printed}
    out: list[_Named] = []
    k = 0
    while k < len(texts):
        found: list[tuple[int, str]] = []
        joined = ""
        for end in range(k + 1, min(k + MAX_NAME_CELLS, len(texts)) + 1):
            joined += texts[end - 1].text
            if joined in by_name:
                found.append((end, joined))
        if not found and header(texts[k].text):
            k += 1  # a header word (科目名称, 决算数 …) between the names
            continue
        if len(found) != 1:
            return None
        end, name = found[0]
        if any(n.name == name for n in out):  # (at most one row a subject: a short list)
            return None  # a subject named twice: no row of the table is printed twice
        out.append(_Named(by_name[name], name, tuple(texts[k:end])))
        k = end
    return out


def _codes_hold(codes: list[CellToken], named: list[_Named], whole: bool) -> bool:
    """The code cells are exactly the named subjects' codes (module docstring)."""
    expected: Counter[str] = Counter()
    for n in named:
        if whole:
            expected[n.code] += 1
        else:
            expected.update([n.code[:3], *([n.code[3:]] if len(n.code) == 5 else [])])
    return Counter(t.text for t in codes) == expected


__all__ = ["MAX_NAME_CELLS", "read_economic_lists"]
