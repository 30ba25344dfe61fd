"""The prose of a document as the narrative reader sees it.

A prose unit is one logical line of running text (a paragraph, or a numbered heading that
carries text after its label) together with where it stands: the part and the numbered
section path (:func:`budgetparse.pipeline.prose_units` lists them).  Its ``text`` is a
:class:`~budgetparse.mapped.MappedText`, normalised (wraps joined, gaps closed) yet mapped
back to exact offsets in the decoded input, so records found in it keep spans into the
file the user opened.
"""

from __future__ import annotations

import attrs

from .mapped import MappedText


@attrs.frozen
class ProseUnit:
    kind: str  # "paragraph" | "heading" | "note" (a table's note line)
    text: MappedText
    part: int | None  # 1-4, or None before the first part heading (a fragment)
    section: str | None  # numbered path, e.g. "十/（四）/1."; None directly under a part
    # the role of its part (grammar/document.toml: overview, explanation, tables, …); None
    # before the first part heading or in a fragment.  The narrative reads parts by role,
    # not by number: a 情况说明 may be part 2, or unnumbered.
    role: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.text.span()
