"""The printed column order of a space-aligned (pdftotext) table, read from its header.

pdftotext prints a multi-row header as scattered, vertically wrapped words
(``一般公共预`` / ``算`` / ``上级一般公`` / ``共预算安排`` / ``的转移支付``): cell positions are
lost, but the *reading order* of the words is the order of the columns.  Joined into one
string with all white space removed, the header is scanned left to right for the longest
known spelling of a value column (columns.toml) at each position; key-column words (科目编码,
类 款 项, 项目名称) and group labels are skipped.

The result is trusted only when it is unambiguous:

- no header text is left over that names no known column (an unknown column means the
  count would be wrong, so the template's order is used instead);
- a spanning parent printed before its children (``财政拨款（补助）`` above ``小计``,
  ``基本支出`` above ``人员经费 公用经费``) is dropped in favour of its children;
- columns known to the template variant keep the template's relative order.

Otherwise ``None``: the caller falls back to the template's printed order.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .columns import ColumnSet, KindSpec, Vocabulary, norm

# Characters a header may hold besides column words: level labels, index marks, digits,
# brackets and punctuation left over from wrapping.
_FILLER = regex.compile(r"[类款项※\d\p{P}\p{S}A-Za-z]++")


def _spellings(columns: ColumnSet) -> dict[str, str]:
    """Normalised spelling → canonical, including the tail of two-level names
    (``公务用车购置及运行费/公务用车运行费`` is printed as ``公务用车运行费`` under its parent)."""
    out: dict[str, str] = {}
    tails: dict[str, set[str]] = {}
    for spelling, canonical in columns.lookup.items():
        parts = spelling.split("/")
        out.setdefault("".join(parts), canonical)
        if len(parts) > 1:
            tails.setdefault(parts[-1], set()).add(canonical)
    for tail, canonicals in tails.items():
        if len(canonicals) == 1 and tail not in out:
            out[tail] = next(iter(canonicals))
    return out


def _skip_words(vocab: Vocabulary, spellings: dict[str, str]) -> frozenset[str]:
    words = vocab.code | vocab.name | vocab.project | vocab.groups | vocab.totals
    return frozenset(w for w in words if w not in spellings)


def scan_header(
    spec: KindSpec,
    vocab: Vocabulary,
    header_texts: Sequence[str],
    template_order: Sequence[str],
) -> tuple[str, ...] | None:
    """Columns in printed order, or None when the header cannot be read with certainty."""
    spellings = _spellings(spec.columns)
    if not spellings:
        return None
    skip = _skip_words(vocab, spellings)
    text = norm("".join(header_texts))
    lengths = sorted({len(k) for k in (*spellings, *skip)}, reverse=True)
    found: list[str] = []
    leftover: list[str] = []
    i = 0
    while i < len(text):
        for n in lengths:
            piece = text[i : i + n]
            if len(piece) == n and (piece in spellings or piece in skip):
                if piece in spellings:
                    found.append(spellings[piece])
                i += n
                break
        else:
            leftover.append(text[i])
            i += 1
    if _FILLER.sub("", "".join(leftover)) or not found:
        return None
    # a column printed twice (a spanning parent and its 小计) counts where it is printed last
    ordered = list(dict.fromkeys(reversed(found)))[::-1]
    ordered = [c for c in ordered if not any(o.startswith(c + "/") for o in ordered)]
    known = [c for c in ordered if c in template_order]
    if known != sorted(known, key=list(template_order).index):
        return None
    return tuple(ordered)


__all__ = ["scan_header"]
