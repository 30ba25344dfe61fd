"""Text as the vocabularies read it: traditional characters, pinyin residue, spacing.

Disclosures reach us from mirror sites in traditional characters (``部門預算說明``), some
with the pinyin of a character inserted after it (``部門(mén)預(yù)算``), and letter-spaced
(``目 录``).  Headings and titles are matched against the vocabularies after this
reading: pinyin residue and white space deleted, traditional characters replaced one for
one through the pairs of ``grammar/narrative/traditional.toml`` (the one home of that
knowledge, shared with the narrative reader).  Output keeps the text as printed.
"""

from __future__ import annotations

import tomllib
from functools import cache

import regex

from .datadir import grammar_dir
from .mapped import MappedText

# The reading of one character inserted after it: 門(mén), 預(yù), 區(qū).  Lower-case Latin
# letters with at least one tone mark (or ü), so "(一)", "(PPP)" and "(a)" stay.
_TONED = "\u00e0-\u00fc\u0101-\u01dc"
PINYIN = regex.compile(rf"(?<=\p{{Han}})[(（](?=[a-z]{{0,6}}+[{_TONED}])[a-z{_TONED}]{{1,7}}+[)）]")
_SPACE = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff]++")


@cache
def traditional_table() -> dict[int, int]:
    """Traditional → simplified, one character for one (``str.translate`` table)."""
    path = grammar_dir() / "narrative" / "traditional.toml"
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    table: dict[int, int] = {}
    for run in data.get("pairs", []):
        for i in range(0, len(run) - 1, 2):
            table.setdefault(ord(run[i]), ord(run[i + 1]))
    return {k: v for k, v in table.items() if k != v}


def without_pinyin(text: str) -> str:
    """``部門(mén)預(yù)算`` → ``部門預算``."""
    return PINYIN.sub("", text) if "(" in text or "（" in text else text


def reading(text: str) -> str:
    """The text as vocabularies match it: no pinyin residue, no white space, simplified."""
    return _SPACE.sub("", without_pinyin(text)).translate(traditional_table())


def simplified(text: MappedText) -> MappedText:
    """Pinyin residue deleted and traditional characters replaced (offsets kept)."""
    if "(" in text.text or "（" in text.text:
        text = text.remove(PINYIN)
    return text.translate(traditional_table())
