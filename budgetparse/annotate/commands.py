"""``budgetparse annotate FILE... --to labelstudio|brat --out DIR``: pre-annotations.

Label Studio: ``DIR/tasks.json`` (one task per input) and ``DIR/label_config.xml``.
brat: ``DIR/<input path>.txt`` and ``.ann`` per input (named as ``tables --csv`` names
its files) and ``DIR/annotation.conf``.  Existing files are never replaced without
``--force``; every file is written atomically.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..cli_io import EXIT_INPUT, Documents
from ..export import input_stem, write_atomic
from . import brat, labelstudio


def register_annotate(sub: Any) -> None:
    a = sub.add_parser(
        "annotate",
        help="records as pre-annotations: Label Studio tasks or brat standoff files",
    )
    a.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    a.add_argument("--to", choices=("labelstudio", "brat"), required=True, help="the tool")
    a.add_argument("--out", required=True, metavar="DIR", help="output directory")
    a.add_argument("--force", action="store_true", help="replace files that exist")
    a.set_defaults(func=cmd_annotate)


def cmd_annotate(args: argparse.Namespace) -> int:
    out = Path(args.out)
    documents = Documents(args.files)
    outputs: dict[Path, str] = {}
    kinds: set[str] = set()
    tasks = []
    for _name, document in documents:
        kinds.update(r.kind for r in document.records)
        if args.to == "labelstudio":
            tasks.append(document)
        else:
            stem = out / input_stem(document.source.path)
            outputs[stem.with_name(stem.name + ".txt")] = document.text
            outputs[stem.with_name(stem.name + ".ann")] = brat.ann(document)
    if args.to == "labelstudio":
        outputs[out / "tasks.json"] = labelstudio.tasks_json(tasks) + "\n"
        outputs[out / "label_config.xml"] = labelstudio.label_config(sorted(kinds))
    else:
        outputs[out / "annotation.conf"] = brat.annotation_conf(sorted(kinds))
    existing = [p for p in outputs if p.exists()]
    if existing and not args.force:
        print(f"budgetparse: {existing[0]}: exists (give --force to replace)", file=sys.stderr)
        return EXIT_INPUT
    try:
        for path, text in outputs.items():
            write_atomic(path, text)
    except OSError as error:
        print(f"budgetparse: {out}: cannot write ({error.strerror or error})", file=sys.stderr)
        return EXIT_INPUT
    for path in outputs:
        print(f"wrote {path}")
    return documents.status
