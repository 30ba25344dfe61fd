"""The ``budgetparse`` command.

Errors a user can cause (a missing file, a directory, an image) end in one line on
stderr and exit status 2, never a traceback.  Text that parses badly is not an error: its
problems are diagnostics in the output.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .annotate.commands import register_annotate
from .batch.commands import add_corpus_command
from .bench import add_bench_command
from .cli_io import EXIT_INPUT, EXIT_OK, Documents, dumps
from .datadir import DataFileError, GrammarNotFoundError
from .export import ExistingOutputError, export_tables
from .narrative.commands import register_narrative_commands
from .reconcile.commands import register_check
from .report.commands import register_report


def cmd_parse(args: argparse.Namespace) -> int:
    documents = Documents(args.files)
    many = len(args.files) > 1
    for name, document in documents:
        if args.format == "outline":
            if many:
                print(f"== {name}")
            print(document.outline())
        elif many:
            print(dumps(document.to_dict()))
        else:
            print(json.dumps(document.to_dict(), ensure_ascii=False, indent=args.indent))
        sys.stdout.flush()
    return documents.status


def cmd_tables(args: argparse.Namespace) -> int:
    """List each document's tables; with --csv, write one CSV per table."""
    documents = Documents(args.files)
    taken: set[Path] = set()  # written in this run: a second input never replaces them
    for name, document in documents:
        print(f"== {name}")
        for table in document.tables:
            number = f"表{table.number}" if table.number is not None else "  -"
            if table.performance is not None:
                size = f"{len(table.performance.indicators)} indicators"
            else:
                size = f"{len(table.rows)} rows x {len(table.columns)} columns"
            empty = " (empty)" if table.empty else ""
            print(f"{number:>5} {table.kind or '?':<26} {size:<22} {table.title or ''}{empty}")
        if args.csv is not None:
            try:
                written = export_tables(document, Path(args.csv), args.force, taken)
            except ExistingOutputError as error:
                print(f"budgetparse: {error}", file=sys.stderr)
                documents.status = EXIT_INPUT
                continue
            except OSError as error:
                print(
                    f"budgetparse: {args.csv}: cannot write ({error.strerror or error})",
                    file=sys.stderr,
                )
                return EXIT_INPUT
            for path in written:
                print(f"  wrote {path}")
    return documents.status


MAX_INDENT = 16


def _indent(value: str) -> int:
    """``--indent``: a small whole number (a huge one would only fill memory with spaces)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= number <= MAX_INDENT:
        raise argparse.ArgumentTypeError(f"must be 0 to {MAX_INDENT}, not {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budgetparse",
        description="Read Chinese department budget disclosures (部门预算公开) as typed data.",
    )
    parser.add_argument("--version", action="version", version=f"budgetparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "parse",
        help="parse disclosures into JSON (one object, or JSON Lines for several files)",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    p.add_argument(
        "--format",
        choices=("json", "outline"),
        default="json",
        help="json (default) or outline: the part/section tree for a person to read",
    )
    p.add_argument(
        "--indent",
        type=_indent,
        default=2,
        metavar="N",
        help=f"JSON indent for a single file, 0 to {MAX_INDENT} (default 2)",
    )
    p.set_defaults(func=cmd_parse)

    t = sub.add_parser("tables", help="list the tables of disclosures; --csv writes one CSV each")
    t.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    t.add_argument(
        "--csv",
        metavar="DIR",
        help="write one CSV per table into DIR, named after the input's path "
        "(UTF-8 with BOM, for spreadsheet programs)",
    )
    t.add_argument(
        "--force",
        action="store_true",
        help="replace CSV files that exist (never done otherwise)",
    )
    t.set_defaults(func=cmd_tables)
    add_corpus_command(sub)
    add_bench_command(sub)
    register_check(sub)
    register_narrative_commands(sub)
    register_annotate(sub)
    register_report(sub)
    return parser


def _utf8_stdout() -> None:
    """JSON and Chinese text go out as UTF-8 even where the locale says otherwise; a file
    name's bytes that are not UTF-8 (lone surrogates in Python) go out as ``\\udcff``
    escapes, never as raw bytes that make the output invalid UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdout()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("budgetparse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except (DataFileError, GrammarNotFoundError) as error:
        # a grammar data file is broken: nothing can be parsed until it is fixed
        print(f"budgetparse: grammar data: {error}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
