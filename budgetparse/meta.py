"""The document's meta data: title, department, year, family, publication date.

Titles come in many shapes — ``XX2023年部门预算``, ``2023年度XX单位决算``, ``XX2023年部门
预算公开说明``, ``XX部门（单位）2022年度部门决算公开``, over two lines, in traditional
characters with pinyin residue, behind ``附件1：`` — and the unit is sometimes named only
on a cover label (``预算单位：XX局``).  The department is read from, in order: a unit
label, the tables' 编制部门 lines, the signature, the title lines (shapes that name
部门/单位 first), other title-like lines of the opening, the part titles, and last the
overview's opening statement (``XX局是…``).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

import regex

from . import layout as K
from . import patterns as P
from .document_vocabulary import vocabulary
from .model import Part, Section, TableBlock
from .reading import traditional_table, without_pinyin

_SPACE = regex.compile(r"[\s\u3000\u00a0]++")
_YEAR = r"(?P<year>(?:19|20)\d{2}+)年(?:度)?+"
_FAMILY = r"(?:预算|决算|预决算)"
# 2023年度XX单位决算 / 2023年XX部门预算公开
_YEAR_FIRST = regex.compile(rf"^{_YEAR}(?P<name>.+?)(?P<marked>部门|单位|本级)?+{_FAMILY}")
# XX2023年部门预算 / XX（单位）2022年度部门决算公开 / XX2023年区级单位预算
_NAME_FIRST = regex.compile(
    rf"^(?P<name>.+?){_YEAR}(?P<marked>[^\d]{{0,6}}?(?:部门|单位))?+[^\d]{{0,6}}?{_FAMILY}"
)
# XX部门决算 (no year)
_NO_YEAR = regex.compile(rf"^(?P<name>.+?)(?P<marked>部门|单位){_FAMILY}")
# A part title naming the unit: 第一部分 XX概况 / XX部门（单位）概况 (the marker already off)
_OVERVIEW = regex.compile(r"^(?P<name>.+?)(?P<marked>部门|单位)?+(?:[（(]单位[)）])?+概况$")
# A year the opening names with the family: "2016年预算收入", "2014年收支总预算"
_FAMILY_YEAR = regex.compile(rf"{_YEAR}[^\d，,。；;]{{0,6}}?{_FAMILY}")
# What a name carries that is not the unit: "（单位）", "(本级)", "部门" at the end.
_NAME_TAIL = regex.compile(r"(?:[（(](?:本级|部门|单位|机关)[)）])++$")
_DEPT_SUFFIX = regex.compile(r"(?<=\p{Han}{3})部门$")
# An unfilled template placeholder ("XX部门(单位)"), no name at all, or the generic word
# alone ("2023年部门预算" names no unit).
_NOT_A_NAME = regex.compile(r"^(?:XX|ＸＸ|xx)|^[\d\W]*+$|^(?:本|该)?+(?:部门|单位)$")


def clean_department(name: str, read: str | None = None) -> str:
    """The unit's name without the label's colon, a "（单位）" insert or a final 部门 (matched
    on ``read``, the name as read: simplified, of the same length)."""
    read = name if read is None else read
    tail = _NAME_TAIL.search(read) or _DEPT_SUFFIX.search(read)
    while tail is not None and tail.start() > 0:
        name, read = name[: tail.start()], read[: tail.start()]
        tail = _NAME_TAIL.search(read) or _DEPT_SUFFIX.search(read)
    return name.strip(" ：:?？")


def compact(text: str) -> str:
    """A title line as the shapes read it: pinyin residue and white space off."""
    return _SPACE.sub("", without_pinyin(text))


def _title_shape(
    text: str, shapes: tuple[regex.Pattern[str], ...] = (_YEAR_FIRST, _NAME_FIRST, _NO_YEAR)
) -> tuple[str | None, int | None, bool]:
    """(department, year, the shape names 部门/单位) of one title-like line."""
    printed = compact(text)
    prefix = vocabulary().title_prefix.match(printed)
    if prefix:
        printed = printed[prefix.end() :]
    read = printed.translate(traditional_table())  # same length: slices map back
    for pattern in shapes:
        m = pattern.match(read)
        if not m:
            continue
        start, end = m.span("name")
        name = clean_department(printed[start:end], read[start:end])
        year = int(m.group("year")) if "year" in m.groupdict() and m.group("year") else None
        if _NOT_A_NAME.search(name) or len(name) < 2:
            return (None, year, False)
        return (name, year, bool(m.group("marked")))
    return (None, None, False)


def _title_candidates(titles: Sequence[str], front: Sequence[str]) -> list[str]:
    """The title (joined, then each line) and the other title-like lines of the opening."""
    joined = "".join(titles)
    out = [joined] if joined else []
    out += list(titles)
    words = vocabulary().title_words
    out += [line for line in front if words.search(compact(line).translate(traditional_table()))]
    return out


def _labelled_unit(lines: Iterable[str]) -> str | None:
    """``预算单位：XX局`` on a cover line."""
    label = vocabulary().unit_label
    for line in lines:
        text = compact(line)
        m = label.search(text.translate(traditional_table()))
        if m:
            name = regex.split(r"[\s|，,；;]", text[m.end() :])[0]
            if len(name) >= 3 and not _NOT_A_NAME.search(name):
                return clean_department(name)
    return None


Signature = Sequence[tuple[str, str]]  # (line kind, text) of the closing lines


def department(
    titles: Sequence[str],
    front: Sequence[str],
    signature: Signature,
    tables: Iterable[TableBlock],
    part_titles: Sequence[str] = (),
    statements: Iterable[str] = (),
) -> str | None:
    """The unit's name (see the module's docstring for the order of the sources;
    ``statements``: the body's first paragraphs, in order)."""
    labelled = _labelled_unit([*titles, *front])
    if labelled:
        return labelled
    names = Counter(clean_department(t.department) for t in tables if t.department)
    if names:
        return names.most_common(1)[0][0]
    for kind, text in signature:
        if kind == K.SIGN_DEPT:
            return clean_department(text)
    found = [_title_shape(text) for text in _title_candidates(titles, front)]
    marked = next((name for name, _, marked in found if name and marked), None)
    named = marked or next((name for name, _, _ in found if name), None)
    if named:
        return named
    # no title: a part title that names the unit ("XX概况", "XX2023年部门决算表")
    for text in part_titles:
        name, _, _ = _title_shape(text, (_OVERVIEW, _NAME_FIRST))
        if name and len(name) >= 3:
            return name
    return stated_unit(statements)


# How many of the body's first paragraphs may hold the opening statement naming the unit.
STATEMENT_PARAGRAPHS = 3


def stated_unit(paragraphs: Iterable[str]) -> str | None:
    """The unit named at the head of the overview's opening statement (``XX局是…``,
    ``本单位全称为XX``: grammar/document.toml's ``department.statements``), as printed;
    None when none of the first paragraphs opens so."""
    patterns = vocabulary().unit_statements
    for paragraph in itertools.islice(paragraphs, STATEMENT_PARAGRAPHS):
        printed = compact(paragraph[:200])
        read = printed.translate(traditional_table())  # same length: slices map back
        for pattern in patterns:
            m = pattern.search(read)
            if m:
                start, end = m.span("name")
                name = clean_department(printed[start:end], read[start:end])
                if len(name) >= 3 and not _NOT_A_NAME.search(name):
                    return name
    return None


def year(
    titles: Sequence[str],
    front: Sequence[str],
    parts: Sequence[Part],
    signature: Signature,
    toc: Sequence[str] = (),
    opening: str = "",
) -> int | None:
    """The disclosure's year: from the title, else the headings (目录 and body), else the
    signature, else the year the opening names with 预算/决算 most often."""
    for text in _title_candidates(titles, front):
        _, found, _ = _title_shape(text)
        if found:
            return found
    years: Counter[int] = Counter()
    for entry in toc:
        for y in P.YEAR.findall(entry):
            years[int(y)] += 1
    for part in parts:
        for y in P.YEAR.findall(part.title or ""):
            years[int(y)] += 1
    for section in sections(parts):
        if section.level == 1:
            for y in P.YEAR.findall(section.title):
                years[int(y)] += 1
    if years:
        return years.most_common(1)[0][0]
    for _kind, text in signature:
        d = P.DATE.match(_SPACE.sub("", text))
        if d:
            return int(d.group(1))
    named = Counter(
        int(m.group("year")) for m in _FAMILY_YEAR.finditer(_SPACE.sub("", opening))
    )
    return named.most_common(1)[0][0] if named else None


def family(title: str, headings: Iterable[str], opening: str) -> str | None:
    """预算 or 决算: what the title names, else the headings, else the opening text."""
    words = vocabulary()
    for text in (title, "".join(headings), opening):
        found = words.family_of(text)
        if found:
            return found
    return None


def published(signature: Signature) -> str | None:
    for kind, text in signature:
        if kind != K.SIGN_DATE:
            continue
        d = P.DATE.match(_SPACE.sub("", text))
        if d:
            y, month, day = (int(g) for g in d.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{y:04d}-{month:02d}-{day:02d}"
    return None


def sections(parts: Iterable[Part]) -> Iterable[Section]:
    stack = [s for p in parts for s in p.sections]
    while stack:
        section = stack.pop()
        yield section
        stack.extend(section.sections)
