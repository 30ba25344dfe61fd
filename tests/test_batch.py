"""``budgetparse corpus``: every file accounted for, reruns skip, interruptions leave only
complete files, crashes and hangs become error rows."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

import attrs
import pytest

from budgetparse import parse
from budgetparse.batch import SUMMARY_FIELDS, run_corpus, summary_row
from budgetparse.batch.pool import CRASHED, Pool
from budgetparse.batch.state import JOURNAL
from budgetparse.batch.walk import discover, output_path, printable
from budgetparse.batch.worker import Task, process
from budgetparse.cli import main
from budgetparse.export import TEMPORARY

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*/*.txt"))
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06" + bytes(
    range(256)
)

# Written for these tests (not a corpus passage).
SMALL = """\
某某局2023年部门预算公开

第一部分 某某局部门概况
一、主要职能
负责本地区有关事务的综合协调。
第三部分 2023年部门预算情况说明
一、关于某某局2023年收支预算情况的总体说明
收入预算100.00万元，支出预算100.00万元。
"""


def run(src: Path, out: Path, **kwargs: object):
    return run_corpus(src, out, jobs=2, bar=False, stream=io.StringIO(), **kwargs)


def complete_outputs(out: Path) -> list[Path]:
    """Every per-document JSON under ``out``; each must load (no half-written file)."""
    found = []
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
        found.append(path)
    return found


def temporaries(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if TEMPORARY.fullmatch(p.name)]


def mixed_directory(root: Path) -> dict[str, str]:
    """200 files of every sort a real collection holds; returns file -> expected sort."""
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, sort: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = sort

    texts = [p.read_bytes() for p in FIXTURES] + [SMALL.encode()]
    for path in CORPUS[:5]:  # full disclosures
        put(f"full/{path.parent.name}-{path.name}", path.read_bytes(), "text")
    for i in range(45):  # small documents in nested directories
        put(f"small/d{i % 5}/doc{i}.txt", texts[i % len(texts)], "text")
    for i in range(40):  # truncated copies, some cut inside a multi-byte character
        data = texts[i % len(texts)] if i % 8 else CORPUS[i % len(CORPUS)].read_bytes()
        put(f"truncated/t{i}.txt", data[: max(1, len(data) * (i + 3) // 47 + i % 3)], "any")
    for i in range(30):  # GB18030
        text = texts[i % len(texts)].decode("utf-8")
        put(f"gb/g{i}.txt", text.encode("gb18030"), "gb18030")
    for i in range(30):  # UTF-16 with either byte-order mark
        text = texts[i % len(texts)].decode("utf-8")
        put(f"utf16/u{i}.txt", text.encode("utf-16-le" if i % 2 else "utf-16"), "utf-16")
    for i in range(20):  # images, some with a misleading name
        put(f"img/p{i}.{'png' if i % 2 else 'txt'}", PNG, "binary")
    for i in range(20):
        put(f"empty/e{i}.txt", b"", "empty")
    rnd = bytes((i * 7919 + 13) % 256 for i in range(4000))
    for i in range(9):  # odd files of unknown type
        put(f"odd/x{i}.dat", rnd[i * 100 :] if i % 2 else b"abc\x00\x01" * (i + 1), "any")
    put(os.fsdecode(b"odd/name-not-utf8-\xff\xfe.txt"), SMALL.encode(), "text")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "ignored.txt").write_bytes(SMALL.encode())
    (root / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    assert len(expected) == 200
    return expected


def test_every_file_of_a_mixed_directory_is_accounted_for(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    expected = mixed_directory(src)
    result = run(src, out)

    rows = {r["file"]: r for r in map(json.loads, (out / "summary.jsonl").open("rb"))}
    real = {printable(name): name for name in expected}  # names that are not UTF-8
    expected = {printable(name): sort for name, sort in expected.items()}
    assert set(rows) == set(expected)  # every file, hidden ones excepted
    assert "odd/name-not-utf8-\\xff\\xfe.txt" in rows
    assert len(result.rows) == 200 and result.parsed + result.errors == 200
    for name, sort in expected.items():
        row = rows[name]
        assert set(row) == set(SUMMARY_FIELDS)
        assert row["skipped"] is False
        if sort == "binary":
            assert row["status"] == "error" and "PNG" in row["error"], row
            continue
        if sort == "any":
            assert row["status"] in ("ok", "error")
            assert (row["status"] == "error") == bool(row["error"])
        else:
            assert row["status"] == "ok", row
        if row["status"] == "ok":
            output = output_path(out, PurePosixPath(real[name]))
            assert row["output"] == printable(output.relative_to(out).as_posix())
            document = json.loads(output.read_text(encoding="utf-8"))
            assert document["source"]["sha256"] == row["sha256"]
            assert document["source"]["path"] == name
            assert row["diagnostics"] == len(document["diagnostics"])
            assert row["tables"] == len(document["tables"])
        if sort == "gb18030":
            assert row["encoding"] == "gb18030"
        if sort == "utf-16":
            assert row["encoding"].startswith("utf-16")
        if sort == "empty":
            assert row["diagnostics"] == 1
    assert all(rows[f"full/{p.parent.name}-{p.name}"]["tables"] > 0 for p in CORPUS[:5])

    csv_text = (out / "summary.csv").read_bytes().decode("utf-8")
    assert csv_text.startswith("\ufefffile,status,skipped,")
    assert len(csv_text.splitlines()) == 201
    assert not temporaries(out)
    log = (out / "run.log").read_text(encoding="utf-8")
    assert all(name in log for name in expected)


def test_rerun_skips_everything_and_force_redoes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    for i, path in enumerate(FIXTURES):
        (src / f"d{i % 2}").mkdir(parents=True, exist_ok=True)
        (src / f"d{i % 2}" / path.name).write_bytes(path.read_bytes())
    (src / "picture.png").write_bytes(PNG)
    total = len(FIXTURES) + 1

    # the picture is an error row: exit 1 under the default --fail-on file
    assert main(["corpus", str(src), "--out", str(out), "--jobs", "2", "--no-progress"]) == 1
    first = capsys.readouterr().out
    assert f"{total} files: {total - 1} parsed, 0 up to date, 1 errors" in first
    outputs = {p: p.stat().st_mtime_ns for p in complete_outputs(out)}
    assert len(outputs) == total - 1

    again = run(src, out)
    assert again.skipped == total and again.parsed == 0 and again.errors == 1
    assert all(r["skipped"] for r in again.rows)
    assert {p: p.stat().st_mtime_ns for p in complete_outputs(out)} == outputs
    summary = [json.loads(line) for line in (out / "summary.jsonl").open("rb")]
    assert len(summary) == total and all(r["skipped"] is True for r in summary)

    changed = src / "d0" / FIXTURES[0].name
    changed.write_bytes(changed.read_bytes() + "\n名词解释补充。\n".encode())
    (output_path(out, PurePosixPath("d1", FIXTURES[1].name))).unlink()  # output deleted
    third = run(src, out)
    assert [r["file"] for r in third.rows if not r["skipped"]] == [
        f"d0/{FIXTURES[0].name}",
        f"d1/{FIXTURES[1].name}",
    ]

    forced = run(src, out, force=True)
    assert forced.skipped == 0 and forced.parsed == total - 1


def test_interrupted_run_leaves_only_complete_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(12):
        (src / f"doc{i:02d}.txt").write_bytes(FIXTURES[i % len(FIXTURES)].read_bytes())
    (out / "sub").mkdir(parents=True)
    stale = out / "sub" / ".bp-abc123xy.tmp"  # what a killed writer leaves
    stale.write_text('{"source": ', encoding="utf-8")

    # The parent is interrupted while workers are writing (as Ctrl-C would).
    from budgetparse.batch import state

    calls = {"n": 0}
    original = state.Journal.append

    def append_then_interrupt(self: state.Journal, row: dict) -> None:
        original(self, row)
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(state.Journal, "append", append_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(src, out)
    monkeypatch.undo()

    assert not (out / "summary.csv").exists()
    done = complete_outputs(out)  # every JSON present is complete
    assert 3 <= len(done) < 12
    assert "interrupted" in (out / "run.log").read_text(encoding="utf-8")

    rerun = run(src, out)
    assert rerun.skipped >= 3 and rerun.skipped + rerun.parsed == 12
    assert len(complete_outputs(out)) == 12
    assert not temporaries(out) and not stale.exists()


def test_killed_process_leaves_only_complete_files(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(8):  # the three 2022 disclosures: ~0.1-0.3 s each
        (src / f"doc{i:02d}.txt").write_bytes(CORPUS[i % 3].read_bytes())
    command = [sys.executable, "-m", "budgetparse.cli", "corpus", str(src), "--out", str(out)]
    process_ = subprocess.Popen(
        [*command, "--jobs", "2", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process_.poll() is None:
            journal = out / JOURNAL
            if journal.exists() and journal.read_text(encoding="utf-8").count('"file"') >= 2:
                break
            time.sleep(0.02)
    finally:
        os.killpg(process_.pid, signal.SIGKILL)  # the run and its workers, mid-run
        process_.wait()
    assert not (out / "summary.csv").exists(), "the run finished before it could be killed"
    before = complete_outputs(out)
    assert len(before) >= 2

    rerun = run(src, out)
    assert rerun.skipped >= 2 and rerun.parsed + rerun.skipped == 8
    assert len(complete_outputs(out)) == 8 and not temporaries(out)


# -- the pool: crashes and hangs -----------------------------------------------------------


def _echo_crash_or_hang(item: str) -> str:
    """Run in a worker process (importable, for spawn)."""
    if item == "crash":
        os._exit(3)
    if item == "hang":
        time.sleep(120)
    return item.upper()


def test_pool_turns_a_crash_and_a_hang_into_failures() -> None:
    seen: dict[str, tuple[str | None, str | None]] = {}

    def done(item: str, result: str | None, failure: str | None) -> None:
        assert item not in seen
        seen[item] = (result, failure)

    items = ["a", "crash", "b", "hang", "c", "d"]
    Pool(_echo_crash_or_hang, 2, done, hard_timeout=1.5).run(items)
    assert set(seen) == set(items)
    assert seen["crash"] == (None, CRASHED)
    assert seen["hang"][0] is None and "timed out" in (seen["hang"][1] or "")
    assert all(seen[i] == (i.upper(), None) for i in "abcd")


def test_worker_reports_timeout_and_undecodable_as_rows(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"".join(p.read_bytes() for p in CORPUS) * 3)
    (tmp_path / "a.png").write_bytes(PNG)
    out = tmp_path / "out"

    def task(name: str, timeout: float | None) -> Task:
        return Task(str(tmp_path), name, str(out / (name + ".json")), name + ".json", timeout)

    slow = process(task("big.txt", 0.01))
    assert slow["status"] == "error" and "timed out" in slow["error"]
    assert not (out / "big.txt.json").exists() and not temporaries(tmp_path)
    image = process(task("a.png", None))
    assert image["status"] == "error" and "PNG" in image["error"] and image["sha256"]
    missing = process(task("gone.txt", None))
    assert missing["status"] == "error" and "cannot read" in missing["error"]


# -- pieces --------------------------------------------------------------------------------


def test_summary_row_counts_findings_by_severity_and_reads_coverage() -> None:
    document = parse(SMALL.encode(), path="a.txt")
    findings = tuple(SimpleNamespace(severity=s) for s in ("error", "warning", "warning", "info"))
    row = summary_row(attrs.evolve(document, findings=findings), "a.txt", 0.5, "a.txt.json")
    assert (row["findings_error"], row["findings_warning"], row["findings_info"]) == (1, 2, 1)
    assert row["status"] == "ok" and row["year"] == 2023
    assert row["diagnostics"] == len(document.diagnostics)

    fields = {f.name: getattr(document, f.name) for f in attrs.fields(type(document))}
    for coverage, expected in ((None, None), (0.5, 0.5), (SimpleNamespace(share=0.875), 0.875)):
        fake = SimpleNamespace(**{**fields, "coverage": coverage})
        assert summary_row(fake, "a.txt", 0.1, "a.txt.json")["coverage"] == expected


def test_discover_reads_every_visible_file_but_not_the_output(tmp_path: Path) -> None:
    for name in ("a.txt", "b.unknown", "sub/c", ".git/config", "sub/.swp", "out/x.txt.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [str(p) for p in discover(tmp_path, exclude=tmp_path / "out")]
    assert found == ["a.txt", "b.unknown", "sub/c"]
    assert output_path(tmp_path, PurePosixPath("sub/c")) == tmp_path / "sub" / "c.json"


def test_missing_directory_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a directory" in err


def test_up_to_date_needs_same_content_same_parser_and_the_output(tmp_path: Path) -> None:
    from budgetparse.batch.state import VERSION_KEY, up_to_date

    output = tmp_path / "a.txt.json"
    output.write_text("{}", encoding="utf-8")
    ok = {"file": "a.txt", "status": "ok", "sha256": "abc", "version": VERSION_KEY}
    assert up_to_date(ok, "abc", output)
    assert not up_to_date(ok, "abd", output)  # the file changed
    assert not up_to_date({**ok, "version": "0.0.0/0/other"}, "abc", output)  # other parser
    assert not up_to_date(ok, "abc", tmp_path / "missing.json")  # output deleted
    lasting = {**ok, "status": "error", "lasting": True}  # not text: the same bytes, the same error
    assert up_to_date(lasting, "abc", tmp_path / "missing.json")
    # a timeout or a crash is tried again (a rerun may have a larger --timeout)
    assert not up_to_date({**ok, "status": "error"}, "abc", tmp_path / "missing.json")
    assert not up_to_date(None, "abc", output) and not up_to_date(ok, None, output)
