"""``budgetparse check FILE...``: reconcile disclosures and report, like a linter.

Exit status: 0 when no finding reaches ``--fail-on`` (default ``error``), 1 when one does,
2 when a file cannot be read (one line on stderr, as the other subcommands do).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import attrs

from ..cli_io import EXIT_INPUT, EXIT_OK, InputError, dumps, read_input
from ..decode import UndecodableInputError
from ..pipeline import parse_source
from ..source import load_source
from .engine import reconcile
from .findings import RANK
from .report import json_report, text_report

EXIT_FINDINGS = 1


def register_check(sub: Any) -> None:
    """Add the ``check`` subcommand to the CLI's subparsers."""
    c = sub.add_parser(
        "check",
        help="reconcile disclosures: the tables' arithmetic and agreement, findings per file",
    )
    c.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    c.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): grouped by severity with the source lines; json: one object "
        "per file (JSON Lines for several files)",
    )
    c.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="exit 1 when a finding of this severity or worse exists (default: error)",
    )
    c.set_defaults(func=cmd_check)


# The document's diagnostics that mean it was not read at all.
REFUSALS = ("document.empty", "document.too_large")


def cmd_check(args: argparse.Namespace) -> int:
    status = EXIT_OK
    failing = False
    threshold = RANK.get(args.fail_on)
    many = len(args.files) > 1
    for number, name in enumerate(args.files):
        try:
            data, path = read_input(name)
            try:
                source = load_source(data, path)
            except UndecodableInputError as error:
                raise InputError(f"{name}: {error}") from None
        except InputError as error:
            print(f"budgetparse: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        document = parse_source(source)
        result = reconcile(document, source.text)
        # a file not parsed at all (empty, too large) says so, instead of "0 checks"
        refused = tuple(d for d in document.diagnostics if d.code in REFUSALS)
        if refused:
            result = attrs.evolve(result, diagnostics=(*refused, *result.diagnostics))
        label = path or "<stdin>"
        if args.format == "json":
            data_out = json_report(result, source, path)
            print(dumps(data_out) if many else json.dumps(data_out, ensure_ascii=False, indent=2))
        else:
            if number:
                print()
            print(text_report(result, source, label))
        sys.stdout.flush()
        if threshold is not None and any(RANK[f.severity] <= threshold for f in result.findings):
            failing = True
    if status != EXIT_OK:
        return status
    return EXIT_FINDINGS if failing else EXIT_OK
