"""``budgetparse records`` and ``budgetparse coverage``: the narrative from the command line.

``records FILE|-`` prints one JSON object per record (JSON Lines), spans into that input;
it reads whole disclosures and fragments alike.  ``coverage FILE...`` prints, per file,
the share of amount mentions that land in records, and each mention that does not.
Input errors follow the main command: one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..cli_io import EXIT_INPUT, EXIT_OK, InputError, dumps, read_input
from ..decode import UndecodableInputError
from ..serialize import _converter
from ..source import load_source
from . import Narrative, read_narrative
from .fragment import units_of


def narrative_of(name: str) -> Narrative:
    """The narrative of the file ``name`` (``-``: standard input)."""
    data, _path = read_input(name)
    try:
        load_source(data)  # undecodable bytes fail here, with the documented error
        return read_narrative(units_of(data))
    except UndecodableInputError as error:
        raise InputError(f"{name}: {error}") from None


def record_dict(record: object) -> dict[str, Any]:
    data: dict[str, Any] = _converter.unstructure(record)
    return data


def cmd_records(args: argparse.Namespace) -> int:
    try:
        narrative = narrative_of(args.file)
    except InputError as error:
        print(f"budgetparse: {error}", file=sys.stderr)
        return EXIT_INPUT
    for index, record in enumerate(narrative.records):
        print(dumps({"index": index, **record_dict(record)}))
    if args.unparsed:
        for mention in narrative.unparsed:
            print(dumps({"unparsed": record_dict(mention)}))
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    status = EXIT_OK
    total = covered = 0
    for name in args.files:
        try:
            narrative = narrative_of(name)
        except InputError as error:
            print(f"budgetparse: {error}", file=sys.stderr)
            status = EXIT_INPUT
            continue
        mentions = narrative.mentions
        hits = sum(1 for m in mentions if m.covered)
        total += len(mentions)
        covered += hits
        share = f"{100 * hits / len(mentions):.1f}%" if mentions else "-"
        counts = f"{hits}/{len(mentions)} mentions in {len(narrative.records)} records"
        print(f"{share:>7}  {counts}  {name}")
        for mention in narrative.unparsed:
            where = f"{mention.part or '-'}/{mention.section or '-'}"
            print(f"         unparsed {mention.text} {list(mention.span)} at {where}")
    if len(args.files) > 1 and total:
        print(f"{100 * covered / total:>6.1f}%  {covered}/{total} mentions in all files")
    return status


def register_narrative_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``records`` and ``coverage`` to the ``budgetparse`` command."""
    r = sub.add_parser(
        "records",
        help="the typed records of the prose (parts 1 and 3, or any fragment) as JSON Lines",
    )
    r.add_argument("file", metavar="FILE", help="a disclosure or a piece of prose; - reads stdin")
    r.add_argument(
        "--unparsed",
        action="store_true",
        help='also print the amount mentions no record covers ({"unparsed": …} lines)',
    )
    r.set_defaults(func=cmd_records)

    c = sub.add_parser(
        "coverage",
        help="share of amount mentions in the prose that land in typed records, per file",
    )
    c.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    c.set_defaults(func=cmd_coverage)
