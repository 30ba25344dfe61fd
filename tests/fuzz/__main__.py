"""The long fuzz run: ``python -m tests.fuzz --minutes 30 [--seed N] [--failures DIR]``.

Prints a line per minute and one per failure; exit status 1 if anything failed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from .generate import one_input
from .oracle import check


def category(problem: str) -> str:
    """A failure's kind: its message without figures, indices and quoted text."""
    problem = re.sub(r"'[^']*'|\"[^\"]*\"", "…", problem)
    return re.sub(r"\d+", "N", problem)[:100]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz")
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--big", type=float, default=0.05, help="share of stretched inputs")
    parser.add_argument("--failures", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    end = time.monotonic() + args.minutes * 60
    last = time.monotonic()
    runs = failures = 0
    kinds: Counter[str] = Counter()
    total_mb = 0.0
    while time.monotonic() < end:
        data = one_input(rng, big=rng.random() < args.big)
        runs += 1
        total_mb += (
            len(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")) / 1e6
        )
        problems = check(data)
        if problems:
            failures += 1
            raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
            name = hashlib.sha256(raw).hexdigest()[:16]
            args.failures.mkdir(parents=True, exist_ok=True)
            suffix = ".txt" if isinstance(data, str) else ".bin"
            (args.failures / f"{name}{suffix}").write_bytes(raw)
            print(f"FAIL {name}{suffix}: {problems[0]}", flush=True)
            kinds[category(problems[0])] += 1
        if time.monotonic() - last > 60:
            last = time.monotonic()
            print(f"{runs} inputs, {total_mb:.1f} MB, {failures} failures", flush=True)
    for kind, count in kinds.most_common():
        print(f"{count:6d}  {kind}")
    print(f"done: {runs} inputs, {total_mb:.1f} MB, {failures} failures", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
