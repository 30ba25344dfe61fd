"""Shrink a failing input to a small one that fails the same way, for a fixture.

``python -m tests.fuzz.minimise FAILURE [OUT]``: deletes runs of lines, then runs of
characters, while the oracle still reports a problem of the same kind (its message with
figures and quoted text left out).  Greedy, so the result is small, not the smallest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .__main__ import category
from .oracle import check


def same_failure(kind: str) -> Callable[[str], bool]:
    """A test: does ``text`` still fail with a problem of ``kind``?"""

    def fails(text: str) -> bool:
        return any(category(p) == kind for p in check(text, export=False))

    return fails


def shrink(pieces: list[str], fails: Callable[[str], bool], joiner: str) -> list[str]:
    """Delete runs of ``pieces`` (halves, then quarters … then single ones) while the
    joined text still fails."""
    size = max(1, len(pieces) // 2)
    while True:
        at = 0
        while at < len(pieces):
            trial = pieces[:at] + pieces[at + size :]
            if trial and fails(joiner.join(trial)):
                pieces = trial
            else:
                at += size
        if size == 1:
            return pieces
        size = max(1, size // 2)


def minimise(text: str) -> str:
    """The smallest text found that fails like ``text`` (``text`` itself if it passes)."""
    problems = check(text, export=False)
    if not problems:
        return text
    fails = same_failure(category(problems[0]))
    lines = shrink(text.split("\n"), fails, "\n")
    return "".join(shrink(list("\n".join(lines)), fails, ""))


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    data = path.read_bytes()
    if path.suffix == ".txt":
        text = data.decode("utf-8", "surrogatepass")
    else:  # bytes: shrink the text they decode to (it must fail the same way)
        from budgetparse.source import load_source

        text = load_source(data).text
    small = minimise(text)
    print(check(small))
    if len(argv) > 1:
        Path(argv[1]).write_bytes(small.encode("utf-8", "surrogatepass"))
    else:
        print(small)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
