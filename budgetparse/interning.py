"""One shared copy of the words a document repeats thousands of times (units, codes,
directions, section labels): the models' string fields that hold them intern their values.
"""

from __future__ import annotations

import sys


def interned(value: str | None) -> str | None:
    """``value``'s interned copy (None stays None); an attrs converter of the models."""
    return None if value is None else sys.intern(value)
