"""``budgetparse corpus DIR --out OUT --compare PREVIOUS_OUT``: what a change of the parser
changed in its output, document by document.

The check a maintainer runs before and after editing a grammar, a template or a reader:
run the corpus into one directory, change the code, run it into another with
``--compare`` naming the first.  Each document's records, table cells and findings are
compared with the previous run's JSON:

- a record is known by its part, section and printed statement, a cell by its table, row
  and column; when the same one is in both runs with other content it is *changed* (``~``,
  the fields that differ, old → new), otherwise *added* (``+``) or *removed* (``-``);
- a finding is added or removed as a whole.

Documents are paired by their input path (``summary.jsonl`` of each run).  Cost: each
document's two JSON files are read once, one document at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

ASPECTS = ("records", "cells", "findings")
SUMMARY = "summary.jsonl"


class CompareInputError(Exception):
    """A directory that holds no run to compare with (the message is one line)."""


@attrs.frozen
class Entry:
    """One item of an aspect: where it is (the pairing key) and what it holds."""

    key: str
    content: dict[str, Any]
    shown: str = ""  # what a line adds after the key (a cell's printed text)


@attrs.frozen
class DocumentChange:
    file: str
    note: str | None  # "new in this run", "error in this run: …", "input changed" …
    lines: tuple[str, ...]  # "~ cell …", "+ finding …", "- record …"
    counts: dict[str, dict[str, int]]  # aspect -> {"+": n, "-": n, "~": n}

    @property
    def changed(self) -> bool:
        """Anything differs in the output (an input that changed but parses the same
        does not count)."""
        return bool(self.lines) or (self.note is not None and self.note != "input changed")


@attrs.frozen
class Comparison:
    previous: Path
    documents: tuple[DocumentChange, ...]  # every document of either run, in run order

    @property
    def changed(self) -> tuple[DocumentChange, ...]:
        return tuple(d for d in self.documents if d.changed)


def compare_runs(out: Path, previous: Path) -> Comparison:
    """Compare the run in ``out`` with the run in ``previous`` (both ``corpus`` outputs)."""
    now, before = _rows(out), _rows(previous)
    order = list(now) + [name for name in before if name not in now]
    changes = []
    for name in order:
        changes.append(_document(name, now.get(name), out, before.get(name), previous))
    return Comparison(previous=previous, documents=tuple(changes))


def report(comparison: Comparison) -> str:
    """The comparison for a person: one block per changed document, then the totals."""
    lines = []
    totals = {aspect: {"+": 0, "-": 0, "~": 0} for aspect in ASPECTS}
    for change in comparison.changed:
        head = ", ".join(
            f"{aspect} {_counts(change.counts[aspect])}"
            for aspect in ASPECTS
            if any(change.counts[aspect].values())
        )
        note = f" ({change.note})" if change.note else ""
        lines.append(f"== {change.file}{note}{': ' + head if head else ''}")
        lines.extend(f"  {line}" for line in change.lines)
        for aspect in ASPECTS:
            for sign, n in change.counts[aspect].items():
                totals[aspect][sign] += n
    summary = ", ".join(f"{aspect} {_counts(totals[aspect])}" for aspect in ASPECTS)
    lines.append(
        f"compared with {comparison.previous}: {len(comparison.changed)} of "
        f"{len(comparison.documents)} documents changed; {summary}"
    )
    return "\n".join(lines)


def _counts(counts: Mapping[str, int]) -> str:
    return " ".join(f"{sign}{counts[sign]}" for sign in ("+", "-", "~"))


# -- reading a run ------------------------------------------------------------------------


def _rows(out: Path) -> dict[str, dict[str, Any]]:
    """The summary rows of a run, by input file."""
    path = out / SUMMARY
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CompareInputError(f"{out}: no {SUMMARY} (not the output of a corpus run)") from None
    except OSError as error:
        raise CompareInputError(f"{path}: cannot read ({error.strerror or error})") from None
    rows = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows[str(row["file"])] = row
        except (ValueError, KeyError, TypeError):
            raise CompareInputError(f"{path}:{number}: not a summary row") from None
    return rows


def _load(out: Path, row: Mapping[str, Any] | None) -> dict[str, Any] | str:
    """The document's JSON, or why there is none."""
    if row is None:
        return "absent"
    if row.get("status") != "ok" or not row.get("output"):
        return f"error: {row.get('error') or 'no output'}"
    try:
        data = json.loads((out / str(row["output"])).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return f"error: output unreadable ({error})"
    return data if isinstance(data, dict) else "error: output is not a document"


def _document(
    name: str,
    row: Mapping[str, Any] | None,
    out: Path,
    old_row: Mapping[str, Any] | None,
    previous: Path,
) -> DocumentChange:
    new, old = _load(out, row), _load(previous, old_row)
    note = None
    if isinstance(new, str) or isinstance(old, str):
        if new == old:
            return DocumentChange(name, None, (), _no_counts())
        if new == "absent":
            note = "not in this run"
        elif old == "absent":
            note = "new in this run"
        elif isinstance(new, str):
            note = f"{new} in this run"
        elif isinstance(old, str):
            note = f"{old} in the previous run"
        else:  # both errors, different messages
            note = f"{new} (previously {old})"
    elif row and old_row and row.get("sha256") != old_row.get("sha256"):
        note = "input changed"
    lines: list[str] = []
    counts = _no_counts()
    old_doc = old if isinstance(old, dict) else {}
    new_doc = new if isinstance(new, dict) else {}
    for aspect, entries in (("records", _records), ("cells", _cells), ("findings", _findings)):
        for line in _diff(aspect, list(entries(old_doc)), list(entries(new_doc))):
            lines.append(line)
            counts[aspect][line[0]] += 1
    return DocumentChange(name, note, tuple(lines), counts)


def _no_counts() -> dict[str, dict[str, int]]:
    return {aspect: {"+": 0, "-": 0, "~": 0} for aspect in ASPECTS}


# -- the aspects ----------------------------------------------------------------------------


# Record fields that are positions in the document's lists: an inserted record or sentence
# would change them on every record after it, so they are compared by what they point at.
_POSITIONS = ("parent", "index", "sentence")


def _records(document: Mapping[str, Any]) -> Iterator[Entry]:
    records = document.get("records") or []
    sentences = document.get("sentences") or []

    def where(record: Mapping[str, Any]) -> str:
        return f"{record.get('part')}/{record.get('section') or '-'} {record.get('text')}"

    for record in records:
        content = {k: v for k, v in record.items() if k not in _POSITIONS}
        parent = record.get("parent")
        if isinstance(parent, int) and 0 <= parent < len(records):
            content["lead"] = where(records[parent])
        sentence = record.get("sentence")
        if isinstance(sentence, int) and 0 <= sentence < len(sentences):
            content["sentence"] = sentences[sentence].get("span")
        yield Entry(where(record), content, _gist(record))


def _gist(record: Mapping[str, Any]) -> str:
    """A record's reading in a few words: kind, item and the figures it took."""
    kind = f"{record.get('kind')}" + (f"/{record['item']}" if record.get("item") else "")
    parts = [kind]
    for label, text, unit in (
        ("amount", "amount_text", "unit"),
        ("delta", "delta_text", "delta_unit"),
        ("pct", "pct_text", None),
        ("share", "share_text", None),
    ):
        if record.get(text) is not None:
            parts.append(f"{label}={record[text]}{record.get(unit) or '' if unit else ''}")
    for label in ("comparison", "direction"):
        if record.get(label):
            parts.append(f"{label}={record[label]}")
    return "  (" + " ".join(parts) + ")"


def _cells(document: Mapping[str, Any]) -> Iterator[Entry]:
    for table in document.get("tables") or []:
        number = table.get("number")
        label = f"表{number}" if number is not None else f"{table.get('kind')} {table.get('title')}"
        for row in table.get("rows") or []:
            name = " ".join(str(x) for x in (row.get("code"), row.get("name")) if x) or "-"
            if row.get("project"):
                name += f" / {row['project']}"
            if row.get("group"):
                name += f" [{row['group']}]"
            for column, cell in (row.get("cells") or {}).items():
                content = {k: cell.get(k) for k in ("text", "value", "span")}
                yield Entry(f"{label} {name} · {column}", content, f" = {cell.get('text')}")
            for column in row.get("undecided") or []:
                yield Entry(f"{label} {name} · {column}", {"text": "?"}, " = ?")


def _findings(document: Mapping[str, Any]) -> Iterator[Entry]:
    for finding in document.get("findings") or []:
        text = f"{finding.get('severity')} {finding.get('code')}: {finding.get('message')}"
        yield Entry(text, {})


def _diff(aspect: str, old: list[Entry], new: list[Entry]) -> Iterator[str]:
    """Changed, removed and added entries; entries with the same key pair up in order."""
    what = aspect[:-1]
    by_key: dict[str, list[Entry]] = {}
    for entry in old:
        by_key.setdefault(entry.key, []).append(entry)
    added = []
    for entry in new:
        same = by_key.get(entry.key)
        if not same:
            added.append(entry)
            continue
        before = same.pop(0)
        if before.content != entry.content:
            yield f"~ {what} {entry.key}: {_fields(before.content, entry.content)}"
    for entries in by_key.values():
        for entry in entries:
            yield f"- {what} {entry.key}{entry.shown}"
    for entry in added:
        yield f"+ {what} {entry.key}{entry.shown}"


def _fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    keys = [k for k in (*old, *(k for k in new if k not in old)) if old.get(k) != new.get(k)]
    return ", ".join(f"{k} {_value(old.get(k))} → {_value(new.get(k))}" for k in keys)


def _value(value: Any) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)
