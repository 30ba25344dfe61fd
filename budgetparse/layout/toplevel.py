"""Parts marked only by the top-level numbering ``一、二、三、`` (no 第X部分 anywhere).

Many provinces print ``一、部门概况`` / ``二、部门预算表`` / ``三、部门预算情况说明`` /
``四、名词解释`` as the document's parts.  Those headings are the document's parts when
each names a part's role (grammar/document.toml's vocabulary of part titles) and no two
name the same one; a single 预算说明 whose top-level sections run ``一、概况 …
二、收支预算总体情况 …`` is not split into parts, since its sections do not all name
roles (and an explanation's many ``…情况说明`` share one).  Their ``number`` is null: the
document does not number them as parts.
"""

from __future__ import annotations

import regex

from .. import patterns as P
from ..document_vocabulary import vocabulary
from ..mapped import MappedText
from .classify import section_kind
from .kinds import SEC1

# What a heading is not: a sentence, a labelled entry ("一、财政拨款：指…"), a table row
# (cells apart by a tab or a run of spaces, amounts).
_NOT_HEADING = regex.compile(r"[，,。；;：:]|\t|\S {2,}+\S|\d\.\d")
_HEADING_MAX = 40


def heading_title(text: str) -> str | None:
    """The title of a top-level heading line (``一、部门概况`` → ``部门概况``), None when
    the line is no heading of that level."""
    m = P.SEC1.match(text)
    if m is None:
        return None
    title = m.group(2).strip()
    if not title or len(title) > _HEADING_MAX or _NOT_HEADING.search(title):
        return None
    return title


def top_level_parts(lines: list[MappedText], first: int, toc_marked: bool) -> frozenset[int]:
    """Indexes (from ``first`` on) of the lines that are the document's parts, marked only
    by 一、二、三、 — empty where parts are marked 第X部分 (``toc_marked`` or a body line)
    or where the top-level headings do not each name a distinct role.

    One pass over the lines; each is matched against anchored patterns once."""
    if toc_marked:
        return frozenset()
    words = vocabulary()
    found: list[int] = []
    roles: set[str] = set()
    expected = 1
    closed = False  # the top numbering started over: later 一、 are inside a part
    for i in range(first, len(lines)):
        text = lines[i].text
        if text[:1] == "第" and P.PART.match(text):
            return frozenset()  # parts are marked 第X部分 after all (as the body reads it)
        if closed or text[:1] not in P.CN_NUM or section_kind(text) != SEC1:
            continue
        title = heading_title(text)
        m = P.SEC1.match(text)
        value = P.cn_number(m.group(1)) if m else None
        if title is None or value is None:
            continue
        if value != expected:
            closed = True
            continue
        role = words.role_of(title)
        if role is None or role in roles:
            return frozenset()
        roles.add(role)
        found.append(i)
        expected += 1
    return frozenset(found) if len(found) >= 2 else frozenset()
