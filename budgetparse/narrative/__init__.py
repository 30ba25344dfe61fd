"""The narrative of a disclosure as typed records (DESIGN.md §4).

``read_narrative(units)`` parses the prose units of parts 1 and 3 (or of any fragment)
with ``grammar/clause.lark`` and returns the records, in reading order, with every amount
mention of the prose and whether a record covers it.
"""

from __future__ import annotations

from .model import Mention, Narrative, PathLevel, Record
from .reader import read_narrative

__all__ = ["Mention", "Narrative", "PathLevel", "Record", "read_narrative"]
