"""``budgetparse corpus … --compare PREVIOUS_OUT``: records, cells and findings added,
removed or changed since an earlier run, per document; exit 1 when anything changed."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import budgetparse
from budgetparse.batch.compare import CompareInputError, compare_runs, report
from budgetparse.cli import main

from .conftest import ROOT

DOCUMENT = ROOT / "tests" / "fixtures" / "reconcile" / "consistent_2022.txt"
# a corpus document with records and findings
FINDINGS = ROOT / "corpus" / "2022" / "korla-development-zone-party-government-office.txt"


@cache
def _json(path: Path) -> dict[str, Any]:
    return budgetparse.parse(path.read_bytes(), path=path.name).to_dict()


def _run(out: Path, documents: dict[str, dict[str, Any] | None]) -> Path:
    """A corpus run's output: one JSON per document (None: an error row) and the summary."""
    out.mkdir()
    rows = []
    for name, data in documents.items():
        if data is None:
            rows.append({"file": name, "status": "error", "error": "timed out", "output": None})
            continue
        (out / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        rows.append({"file": name, "status": "ok", "output": f"{name}.json", "sha256": "x"})
    (out / "summary.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return out


def _lines(tmp_path: Path, before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    previous = _run(tmp_path / "a", {"d.txt": before})
    out = _run(tmp_path / "b", {"d.txt": after})
    comparison = compare_runs(out, previous)
    return list(comparison.documents[0].lines)


def test_the_same_output_is_no_change(tmp_path: Path) -> None:
    data = _json(DOCUMENT)
    previous = _run(tmp_path / "a", {"d.txt": data})
    comparison = compare_runs(_run(tmp_path / "b", {"d.txt": data}), previous)
    assert comparison.changed == ()
    assert report(comparison).endswith(
        "0 of 1 documents changed; records +0 -0 ~0, cells +0 -0 ~0, findings +0 -0 ~0"
    )


def test_a_changed_cell_shows_old_and_new(tmp_path: Path) -> None:
    before = _json(DOCUMENT)
    after = copy.deepcopy(before)
    table = next(t for t in after["tables"] if t["number"] == 3)
    row = next(r for r in table["rows"] if r["code"] == "201")
    row["cells"]["基本支出"]["text"] = "300.41"
    row["cells"]["基本支出"]["value"] = "300.41"
    assert _lines(tmp_path, before, after) == [
        '~ cell 表3 201 一般公共服务支出 · 基本支出: text "300.40" → "300.41", '
        'value "300.40" → "300.41"'
    ]


def test_records_and_findings_added_and_removed(tmp_path: Path) -> None:
    before = _json(FINDINGS)
    assert before["records"] and before["findings"]
    after = copy.deepcopy(before)
    # drop a record no other leads from, renumbering the leads as the parser would
    leads = {r["parent"] for r in after["records"]}
    gone = next(i for i in range(len(after["records"])) if i not in leads)
    dropped = after["records"].pop(gone)
    for i, r in enumerate(after["records"]):
        r["index"] = i
        if r["parent"] is not None and r["parent"] > gone:
            r["parent"] -= 1
    finding = after["findings"].pop()
    after["findings"].append({**finding, "message": "another message"})
    lines = _lines(tmp_path, before, after)
    assert f"- record {dropped['part']}/{dropped['section']} {dropped['text']}" in "\n".join(lines)
    assert f"- finding {finding['severity']} {finding['code']}: {finding['message']}" in lines
    assert f"+ finding {finding['severity']} {finding['code']}: another message" in lines
    # the records after the dropped one moved up by one index: not a change
    assert sum(1 for line in lines if line.startswith(("+ record", "~ record"))) == 0


def test_a_changed_record_lists_its_fields(tmp_path: Path) -> None:
    before = _json(FINDINGS)
    after = copy.deepcopy(before)
    index, record = next((i, r) for i, r in enumerate(after["records"]) if r["pct"] is not None)
    record["pct"] = "99.99"
    (line,) = _lines(tmp_path, before, after)
    assert line.startswith(f"~ record {record['part']}/{record['section']} {record['text']}: ")
    assert line.endswith(f'pct "{before["records"][index]["pct"]}" → "99.99"')


def test_documents_new_gone_or_failing(tmp_path: Path) -> None:
    data = _json(DOCUMENT)
    previous = _run(tmp_path / "a", {"kept.txt": data, "gone.txt": data, "fails.txt": data})
    out = _run(tmp_path / "b", {"kept.txt": data, "new.txt": data, "fails.txt": None})
    notes = {d.file: d.note for d in compare_runs(out, previous).changed}
    assert notes == {
        "new.txt": "new in this run",
        "fails.txt": "error: timed out in this run",
        "gone.txt": "not in this run",
    }


def test_not_a_run(tmp_path: Path) -> None:
    out = _run(tmp_path / "b", {"d.txt": _json(DOCUMENT)})
    with pytest.raises(CompareInputError, match=r"no summary\.jsonl"):
        compare_runs(out, tmp_path)
    (tmp_path / "summary.jsonl").write_text("not json\n", "utf-8")
    with pytest.raises(CompareInputError, match=r"summary.jsonl:1: not a summary row"):
        compare_runs(out, tmp_path)


def test_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d.txt").write_bytes(DOCUMENT.read_bytes())
    args = ["corpus", str(corpus), "--jobs", "1", "--no-progress"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b"), "--compare", str(tmp_path / "a")]) == 0
    assert "0 of 1 documents changed" in capsys.readouterr().out
    # an earlier run that read one figure otherwise: the comparison says so, exit 1
    earlier = tmp_path / "a" / "d.txt.json"
    earlier.write_text(earlier.read_text("utf-8").replace('"300.40"', '"300.49"'), "utf-8")
    assert main([*args, "--out", str(tmp_path / "b"), "--compare", str(tmp_path / "a")]) == 1
    out = capsys.readouterr().out
    assert "== d.txt: cells +0 -0 ~" in out
    assert 'text "300.49" → "300.40"' in out
    # a --compare that is no earlier run: one line, exit 2
    assert main([*args, "--out", str(tmp_path / "c"), "--compare", str(tmp_path / "nope")]) == 2
    assert main([*args, "--out", str(tmp_path / "b"), "--compare", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 2 and "Traceback" not in err
