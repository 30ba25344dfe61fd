"""What every input must satisfy: the project's guarantees as one check.

``check(data)`` returns a list of problems (empty when the input passed):

- ``parse`` does not raise (bytes that are not text raise ``UndecodableInputError``, as
  documented; nothing else), and no stage's failure was caught and reported instead
  (``*.reader_error``, ``reconcile.rule_error``);
- the JSON is valid against the schema and encodes as UTF-8;
- every span lies inside the text, and each span paired with a printed text selects it:
  the printed text is the selection with characters deleted (layout only deletes), and
  the selection starts and ends with the printed text's first and last characters (a
  record's ``text`` and ``content`` are pieces joined by a line break, the one separator
  that is not a printed character: every other character appears in order in the span);
- CSV export of the tables works;
- the parse finishes within a CPU-time budget linear in the input's size.
"""

from __future__ import annotations

import bisect
import json
import signal
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema

import budgetparse
from budgetparse.decode import UndecodableInputError
from budgetparse.export import export_tables
from budgetparse.layout.markup import _HTML_ENTITY, entity_char
from budgetparse.schema import document_schema

from ..caught import CAUGHT_FAILURES

# CPU seconds: a fixed allowance plus so much per MB of UTF-8 (the corpus parses at about
# 2 s/MB on the reference machine; the budget leaves room for a loaded machine, while a
# quadratic stage blows through it on the larger inputs the fuzzer makes).
BUDGET_FIXED = 2.0
BUDGET_PER_MB = 20.0
# A parse is stopped at this many budgets (reported as a hang).
HARD_FACTOR = 3

# Pairs (printed text, its span) in the JSON form.
TEXT_SPANS = (
    ("subject", "subject_span"),
    ("amount_text", "amount_span"),
    ("delta_text", "delta_span"),
    ("pct_text", "pct_span"),
    ("share_text", "share_span"),
    ("value_text", "value_span"),
    ("reason", "reason_span"),
    ("content", "content_span"),
    ("text", "span"),
    ("title", "title_span"),
)
# Printed texts made of pieces (a statement continued in a later unit): the pieces are
# joined by PIECE_SEPARATOR, which stands for whatever lies between them in the source.
PIECED = (".text", ".content")
PIECE_SEPARATOR = "\n"

_VALIDATOR: list[jsonschema.protocols.Validator] = []


def validator() -> jsonschema.protocols.Validator:
    if not _VALIDATOR:
        _VALIDATOR.append(jsonschema.Draft202012Validator(document_schema()))
    return _VALIDATOR[0]


def size_mb(data: str | bytes) -> float:
    if isinstance(data, str):
        return len(data.encode("utf-8", "surrogatepass")) / 1e6
    return len(data) / 1e6


def budget(data: str | bytes) -> float:
    return BUDGET_FIXED + BUDGET_PER_MB * size_mb(data)


class OverBudget(BaseException):
    """A parse ran past several times its budget (a BaseException, so that no catch-all
    inside the pipeline takes it for a failure of its own)."""


def _over_budget(signum: int, frame: object) -> None:
    raise OverBudget


def _parse(data: str | bytes) -> budgetparse.Document:
    """``parse`` with a hard CPU-time limit of HARD_FACTOR budgets (where the OS has one),
    so that a hang is a finding instead of the end of the run."""
    if not hasattr(signal, "setitimer"):
        return budgetparse.parse(data)
    previous = signal.signal(signal.SIGVTALRM, _over_budget)
    signal.setitimer(signal.ITIMER_VIRTUAL, HARD_FACTOR * budget(data))
    try:
        return budgetparse.parse(data)
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def check(data: str | bytes, export: bool = True) -> list[str]:
    """The problems of one input (empty list: it passed)."""
    start = time.process_time()
    try:
        document = _parse(data)
    except OverBudget:
        return [f"stopped after {HARD_FACTOR} budgets ({HARD_FACTOR * budget(data):.0f} CPU s)"]
    except UndecodableInputError:
        if isinstance(data, str):
            return ["UndecodableInputError raised for a str"]
        return []
    except Exception as error:  # the finding itself
        return [f"raised {type(error).__name__}: {error}"[:500]]
    seconds = time.process_time() - start
    problems: list[str] = []
    if seconds > budget(data):
        problems.append(
            f"took {seconds:.1f} CPU s for {size_mb(data):.3f} MB (budget {budget(data):.1f})"
        )
    try:
        tree = document.to_dict()
        json.dumps(tree, ensure_ascii=False).encode("utf-8")
    except Exception as error:
        return [*problems, f"to_dict/JSON raised {type(error).__name__}: {error}"[:500]]
    problems += [
        f"schema: {e.json_path}: {e.message}"[:300] for e in validator().iter_errors(tree)
    ][:5]
    problems += [
        f"caught failure {d['code']}: {d['message']}"[:500]
        for d in tree["diagnostics"]
        if d["code"].endswith(CAUGHT_FAILURES)
    ]
    text = _text(document, data)
    if text is not None:
        problems += span_problems(tree, text)[:5]
    if export and document.tables:
        try:
            with tempfile.TemporaryDirectory() as directory:
                export_tables(document, Path(directory))
        except Exception as error:
            problems.append(f"export_tables raised {type(error).__name__}: {error}"[:500])
    return problems


def _text(document: budgetparse.Document, data: str | bytes) -> str | None:
    """The text the spans index (as ``parse`` decoded it)."""
    from budgetparse.pipeline import load_source

    source = load_source(data)
    return source.text if len(source.text) == document.source.chars else None


def span_problems(tree: dict[str, Any], text: str) -> list[str]:
    n = len(text)
    problems = []
    for where, span in _spans(tree, "$"):
        if not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] <= span[1] <= n):
            problems.append(f"{where}: span {span} outside the text of {n} characters")
    entities = (
        [(m.start(), m.end()) for m in _ENTITY.finditer(text) if entity_char(m) is not None]
        if "&" in text
        else []
    )
    for where, printed, (start, end), tight in _pairs(tree, "$"):
        if not (0 <= start <= end <= n):
            continue  # reported above
        if where.endswith(PIECED):
            printed = printed.replace(PIECE_SEPARATOR, "")
        selected, printed = _fold(_entities_cut(text, start, end, entities)), _fold(printed)
        if not printed.strip():
            continue
        if not _in_order(printed, selected):
            problems.append(f"{where}: {printed[:80]!r} is not in its span {selected[:120]!r}")
        elif tight and not (
            selected[0] in (printed[0], WILDCARD) and selected[-1] in (printed[-1], WILDCARD)
        ):
            problems.append(f"{where}: span {selected[:120]!r} is wider than {printed[:80]!r}")
    return problems


def _entities_cut(text: str, start: int, end: int, entities: list[tuple[int, int]]) -> str:
    """``text[start:end]``, where a span cuts an entity (layout maps the character an
    entity stands for to the entity's last character) the cut piece a wildcard."""
    selected = text[start:end]
    if not entities:
        return selected
    i = bisect.bisect_right(entities, (start, len(text) + 1)) - 1
    head = tail = ""
    if 0 <= i < len(entities) and entities[i][0] < start < entities[i][1]:
        cut = min(end, entities[i][1]) - start
        head, selected = WILDCARD, selected[cut:]
    j = bisect.bisect_right(entities, (end, len(text) + 1)) - 1
    if 0 <= j < len(entities) and entities[j][0] < end < entities[j][1] and entities[j][0] >= start:
        keep = entities[j][0] - max(start, end - len(selected))
        selected, tail = selected[: max(0, keep)], WILDCARD
    return head + selected + tail


def _spans(node: object, where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "span" or key.endswith("_span"):
                if value is not None:
                    yield f"{where}.{key}", value
            elif key == "spans":
                for i, span in enumerate(value or ()):
                    yield f"{where}.spans[{i}]", span
            else:
                yield from _spans(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _spans(value, f"{where}[{i}]")


def _pairs(node: object, where: str) -> Iterator[tuple[str, str, tuple[int, int], bool]]:
    """(where, printed text, its span, whether the span must start and end with it).

    A section's ``text`` is its body, not what its ``span`` (heading and body) selects;
    a table's ``title_span`` is its caption line, numbering included.
    """
    if isinstance(node, dict):
        section = "heading_span" in node
        # a finding's input names a row by its name while its span is the row
        labelled = "label" in node
        for text_key, span_key in TEXT_SPANS:
            if section and text_key == "text":
                continue
            printed, span = node.get(text_key), node.get(span_key)
            if isinstance(printed, str) and isinstance(span, list) and len(span) == 2:
                tight = text_key != "title" and not labelled
                yield f"{where}.{text_key}", printed, (span[0], span[1]), tight
        for key, value in node.items():
            yield from _pairs(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _pairs(value, f"{where}[{i}]")


# An HTML entity in the source stands for one character (or none, &nbsp; deleted) of the
# printed text: in the selection it becomes a wildcard that matches any one character.
# the entities layout decodes (one character each, mapped to the entity's last character)
_ENTITY = _HTML_ENTITY
WILDCARD = "\x1a"


def _fold(text: str) -> str:
    """Full-width forms and compatibility characters as layout reads them (one for one in
    the text; NFKC per character here, for the comparison only); entities as wildcards."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: WILDCARD if entity_char(m) is not None else m[0], text)
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKC", c) if c > "\x7f" else c for c in text)


def _in_order(needle: str, haystack: str) -> bool:
    """True if ``needle`` is ``haystack`` with characters deleted (a wildcard in
    ``haystack`` matches any one character; the earliest match is always safe)."""
    position = 0
    find = haystack.find
    wild = find(WILDCARD)  # the next wildcard at or after ``position`` (-1: none left)
    for char in needle:
        if 0 <= wild < position:
            wild = find(WILDCARD, position)
        at = find(char, position, wild if wild >= 0 else len(haystack))
        if at < 0:
            at = wild
        if at < 0:
            return False
        position = at + 1
    return True
