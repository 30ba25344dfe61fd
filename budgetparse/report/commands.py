"""``budgetparse report FILE... --html OUT``: one HTML page per document.

Pages are named after the input's path under OUT (``a/b.txt`` → ``OUT/a/b.txt.html``, as
``tables --csv`` names its files), written atomically, and never replace a file without
``--force``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..cli_io import EXIT_INPUT, Documents
from ..export import input_stem, write_atomic


def register_report(sub: Any) -> None:
    r = sub.add_parser(
        "report",
        help="one self-contained HTML page per document: outline, tables, records, findings",
    )
    r.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    r.add_argument("--html", required=True, metavar="OUT", help="directory of the pages")
    r.add_argument("--force", action="store_true", help="replace pages that exist")
    r.set_defaults(func=cmd_report)


def page_path(out: Path, path: str | None) -> Path:
    stem = out / input_stem(path)
    return stem.with_name(stem.name + ".html")


def cmd_report(args: argparse.Namespace) -> int:
    from .html import render

    out = Path(args.html)
    documents = Documents(args.files)
    taken: set[Path] = set()
    for name, document in documents:
        target = page_path(out, document.source.path)
        if target in taken or (target.exists() and not args.force):
            print(f"budgetparse: {target}: exists (give --force to replace)", file=sys.stderr)
            documents.status = EXIT_INPUT
            continue
        try:
            write_atomic(target, render(document))
        except OSError as error:
            reason = error.strerror or error
            print(f"budgetparse: {target}: cannot write ({reason})", file=sys.stderr)
            return EXIT_INPUT
        taken.add(target)
        print(f"{name} -> {target}")
    return documents.status
