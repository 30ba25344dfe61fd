"""Work that must grow linearly with the input, counted rather than timed (a count does
not flake on a busy machine): the input of size n and of size 2n, and the ratio of the
work done below 2.6 (a quadratic stage gives about 4)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from budgetparse import adversarial
from budgetparse.layout import wrap
from budgetparse.mapped import MappedText
from budgetparse.pipeline import parse

RATIO = 2.6


def characters_handled(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> int:
    """Characters measured or copied while joining wrapped lines during ``run()``."""
    seen = [0]
    measure = wrap.display_width
    join = MappedText.join

    def counted_width(text: str) -> int:
        seen[0] += len(text)
        return measure(text)

    def counted_join(parts: Iterable[MappedText]) -> MappedText:
        parts = list(parts)
        seen[0] += sum(len(p) for p in parts)
        return join(parts)

    with monkeypatch.context() as m:
        m.setattr(wrap, "display_width", counted_width)
        m.setattr(MappedText, "join", staticmethod(counted_join))
        run()
    return seen[0]


def test_joining_hard_wrapped_prose_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Prose hard-wrapped at a fixed width that never reaches a full stop: every line
    joins the one paragraph; copying the grown paragraph per line was quadratic."""
    small, large = (
        characters_handled(monkeypatch, lambda n=n: parse(adversarial.hard_wrapped(n).encode()))
        for n in (40_000, 80_000)
    )
    assert small > 0
    assert large / small < RATIO
