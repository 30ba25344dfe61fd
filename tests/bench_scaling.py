"""Parse time against input size: now one part of ``budgetparse bench``.

Run: ``python tests/bench_scaling.py [max_k]``, the same as
``budgetparse bench --scale 1,2,5,10,max_k``: pipeline and one-pass scan per scale, CPU
seconds per MB (flat when the parser is linear) and peak memory.
"""

from __future__ import annotations

import sys

from budgetparse.cli import main

if __name__ == "__main__":
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    sys.exit(main(["bench", "--scale", f"1,2,5,10,{top}"]))
