"""``budgetparse records``, ``sentences`` and ``coverage``: the narrative, command line.

``records FILE...`` prints one JSON object per record (JSON Lines): the record's fields
flat, so a line loads as one row of a data frame, with ``path`` the input's path (null for
``-``, standard input) and the record's own classification path renamed ``item_path`` (as
in ``budgetparse.frames``); spans into that input; it reads whole disclosures and
fragments alike.  ``sentences FILE...`` prints one object per sentence of the running
text (path, part, section, paragraph kind, text, span) with the records it holds.
``coverage FILE...`` prints, per file, the share of amount mentions that land in
records, and each mention that does not.
Input errors follow the main command: one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from ..cli_io import EXIT_INPUT, EXIT_OK, InputError, dumps, read_input
from ..decode import UndecodableInputError
from ..model import ProseParagraph, Sentence
from ..pages import PageIndex
from ..sentences import Segmenter
from ..serialize import _converter, add_pages
from ..source import load_source
from . import Narrative, read_narrative
from .fragment import units_of


@attrs.frozen
class Prose:
    """What the prose commands read from one input: its records (each told its sentence),
    the mentions they cover, and the paragraphs and sentences of its running text."""

    path: str | None
    text: str  # the decoded text the spans index (its form feeds are page breaks)
    narrative: Narrative
    paragraphs: tuple[ProseParagraph, ...]
    sentences: tuple[Sentence, ...]


def prose_of(name: str) -> Prose:
    """The prose of the file ``name`` (``-``: standard input), a disclosure or a fragment."""
    data, path = read_input(name)
    try:
        text = load_source(data).text  # undecodable bytes fail here, as documented
        segmenter = Segmenter()
        narrative = read_narrative(segmenter.passing(units_of(data)), segmenter.holding)
    except UndecodableInputError as error:
        raise InputError(f"{name}: {error}") from None
    return Prose(
        path=path,
        text=text,
        narrative=attrs.evolve(narrative, records=segmenter.told(narrative.records)),
        paragraphs=tuple(segmenter.paragraphs),
        sentences=tuple(segmenter.sentences),
    )


def narrative_of(name: str) -> Narrative:
    """The narrative of the file ``name`` (``-``: standard input)."""
    return prose_of(name).narrative


def record_dict(record: object, pages: PageIndex | None = None) -> dict[str, Any]:
    """A record (or mention, sentence) as JSON data; with ``pages``, the pages of its spans
    beside them, as in the document's JSON."""
    data: dict[str, Any] = _converter.unstructure(record)
    if pages is not None:
        add_pages(data, pages)
    return data


def _proses(names: list[str]) -> Iterator[Prose | None]:
    """Each input's prose; None (after one line on stderr) for one that cannot be read."""

    for name in names:
        try:
            yield prose_of(name)
        except InputError as error:
            print(f"budgetparse: {error}", file=sys.stderr)
            yield None


def _each_prose(files: list[str], emit: Callable[[Prose, PageIndex], None]) -> int:
    """``emit`` each input's prose (with the pages of its text); the exit status."""
    status = EXIT_OK
    for prose in _proses(files):
        if prose is None:
            status = EXIT_INPUT
            continue
        emit(prose, PageIndex.of(prose.text))
        sys.stdout.flush()
    return status


def cmd_records(args: argparse.Namespace) -> int:
    def emit(prose: Prose, pages: PageIndex) -> None:
        for record in prose.narrative.records:
            print(dumps(_flat(prose.path, record_dict(record, pages))))
        if args.unparsed:
            for mention in prose.narrative.unparsed:
                print(dumps({"path": prose.path, "unparsed": record_dict(mention, pages)}))

    return _each_prose(args.files, emit)


def _flat(path: str | None, record: dict[str, Any]) -> dict[str, Any]:
    """A record as one flat JSON line: the input's ``path`` first, its own as ``item_path``."""
    flat: dict[str, Any] = {"path": path}
    for key, value in record.items():
        flat["item_path" if key == "path" else key] = value
    return flat


def cmd_sentences(args: argparse.Namespace) -> int:
    def emit(prose: Prose, pages: PageIndex) -> None:
        held: dict[int, list[dict[str, Any]]] = {}
        for record in prose.narrative.records:
            if record.sentence is not None:
                held.setdefault(record.sentence, []).append(record_dict(record, pages))
        for index, sentence in enumerate(prose.sentences):
            paragraph = prose.paragraphs[sentence.paragraph]
            line = {"path": prose.path, "index": index, **record_dict(sentence, pages)}
            line["kind"] = paragraph.kind
            line["records"] = held.get(index, [])
            print(dumps(line))

    return _each_prose(args.files, emit)


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


def _prose_files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="disclosures or pieces of prose; - reads stdin; each line names its path",
    )


def register_narrative_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``records``, ``sentences`` and ``coverage`` to the ``budgetparse`` command."""
    r = sub.add_parser(
        "records",
        help="the typed records of the prose (parts 1 and 3, or any fragment) as JSON Lines",
    )
    _prose_files(r)
    r.add_argument(
        "--unparsed",
        action="store_true",
        help='also print the amount mentions no record covers ({"unparsed": …} lines)',
    )
    r.set_defaults(func=cmd_records)

    s = sub.add_parser(
        "sentences",
        help="the sentences of the running text as JSON Lines, each with the records it holds",
    )
    _prose_files(s)
    s.set_defaults(func=cmd_sentences)

    c = sub.add_parser(
        "coverage",
        help="share of amount mentions in the prose that land in typed records, per file",
    )
    c.add_argument("files", nargs="+", metavar="FILE", help="text files; - reads standard input")
    c.set_defaults(func=cmd_coverage)
