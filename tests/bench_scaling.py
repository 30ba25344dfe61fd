"""Parse time against input size: the corpus once and concatenated k times.

Run: ``python tests/bench_scaling.py [max_k]``.  Prints seconds per document and per
megabyte for each k; a linear parser keeps seconds/MB flat.  Timings are compared within
one run only (machines are shared and noisy).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import budgetparse

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main(max_k: int = 30) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.txt"))]
    budgetparse.parse("预热")  # load grammars once, outside the timings
    print(f"{'k':>4} {'chars':>10} {'seconds':>9} {'s/MB':>8}")
    for k in sorted({1, 2, 5, 10, max_k}):
        total_chars = 0
        start = time.perf_counter()
        for text in texts:
            big = "\n".join([text] * k)
            total_chars += len(big)
            budgetparse.parse(big)
        seconds = time.perf_counter() - start
        mb = total_chars * 3 / 1e6  # UTF-8 bytes, near enough for CJK text
        print(f"{k:>4} {total_chars:>10,} {seconds:>9.3f} {seconds / mb:>8.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
