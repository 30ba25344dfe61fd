"""Batch runs never lose or clobber a file: the lock on OUT, only our own temporaries
deleted, OUT apart from DIR, workers that die with the parent, time limits that are
recorded and retried, every input (and unreadable directory) a row, outputs that do not
collide, modes by the umask, file names that are not UTF-8, and exit statuses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest

import budgetparse.pipeline as pipeline
from budgetparse.batch import run_corpus
from budgetparse.batch.commands import failing
from budgetparse.batch.runner import BatchInputError
from budgetparse.batch.state import OutputLock, remove_stale_temporaries
from budgetparse.batch.walk import collisions, discover
from budgetparse.batch.worker import Task, process
from budgetparse.cli import main
from budgetparse.export import write_atomic

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "tests" / "fixtures" / "doc_full.txt").read_bytes()


def test_a_second_run_on_a_locked_out_is_refused(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_bytes(DOC)
    first = OutputLock(out)  # a run in progress
    try:
        with pytest.raises(BatchInputError, match="another budgetparse corpus run"):
            run_corpus(src, out, jobs=1, bar=False)
    finally:
        first.release()
    assert not (out / "summary.csv").exists()


def test_only_our_own_temporaries_are_removed(tmp_path: Path) -> None:
    mine = tmp_path / "sub" / ".bp-k2j4h5g6.tmp"
    users = [tmp_path / "notes.tmp", tmp_path / ".draft.tmp", tmp_path / "sub" / ".a.json.x.tmp"]
    for path in [mine, *users]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path) == 1
    assert not mine.exists() and all(p.exists() for p in users)


def test_out_equal_to_dir_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(DOC)
    with pytest.raises(BatchInputError, match="OUT is DIR"):
        run_corpus(tmp_path, tmp_path / ".", jobs=1, bar=False)
    assert main(["corpus", str(tmp_path), "--out", str(tmp_path), "--no-progress"]) == 2


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e9", "soon"])
def test_bad_timeout_is_a_usage_error(tmp_path: Path, value: str, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["corpus", str(tmp_path), "--out", str(tmp_path / "o"), "--timeout", value])
    assert info.value.code == 2 and "--timeout" in capsys.readouterr().err


def test_the_time_limit_is_not_swallowed_by_a_reader_catch_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_bytes(DOC)

    def slow_reader(*args: object, **kwargs: object) -> object:
        time.sleep(5)  # the worker's limit strikes in here, inside ``except Exception``
        raise AssertionError("not reached")

    monkeypatch.setattr(pipeline, "read_table", slow_reader)
    row = process(Task(str(tmp_path), "a.txt", str(tmp_path / "a.json"), "a.json", 0.3))
    assert row["status"] == "error" and "timed out" in row["error"]
    assert not row.get("lasting")  # so a rerun tries it again
    assert not (tmp_path / "a.json").exists()


def test_an_unreadable_directory_is_named(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_bytes(DOC)
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path: object):  # root may read any directory: simulate the refusal
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    unreadable: list[tuple[PurePosixPath, str]] = []
    assert discover(tmp_path, unreadable=unreadable) == [PurePosixPath("ok/a.txt")]
    assert unreadable == [(PurePosixPath("locked"), "Permission denied")]


def test_output_collisions_are_found(tmp_path: Path) -> None:
    outputs = {
        "a.json": tmp_path / "a.json.json",
        "a.json.json/x.txt": tmp_path / "a.json.json" / "x.txt.json",
        "b\\xff": tmp_path / "b\\xff.json",
        "b\udcff": tmp_path / "b\\xff.json",
    }
    found = collisions(outputs)
    assert set(found) == {"a.json", "b\udcff"}
    assert "directory" in found["a.json"] and "overwrite" in found["b\udcff"]


def test_a_run_of_awkward_names(tmp_path: Path) -> None:
    """One run: a name that is not UTF-8, an input whose output would be a directory's
    name, many more jobs than files; outputs by the umask; the summary names real files."""
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "a.json.json").mkdir(parents=True)
    (src / "a.json").write_bytes(DOC)
    (src / "a.json.json" / "x.txt").write_bytes(DOC)
    (src / os.fsdecode(b"caf\xff.txt")).write_bytes(DOC)
    old = os.umask(0o027)
    try:
        result = run_corpus(src, out, jobs=24, bar=False)
    finally:
        os.umask(old)
    rows = {
        row["file"]: row
        for row in json.loads(
            "[" + ",".join((out / "summary.jsonl").read_text(encoding="utf-8").splitlines()) + "]"
        )
    }
    assert rows["a.json"]["status"] == "error" and "collide" in rows["a.json"]["error"]
    assert rows["a.json.json/x.txt"]["status"] == "ok"
    assert rows["caf\\xff.txt"]["status"] == "ok"
    for row in rows.values():
        if row["status"] == "ok":
            path = out / row["output"]
            assert path.is_file(), row["output"]
            assert path.stat().st_mode & 0o777 == 0o640
    assert (out / "summary.csv").stat().st_mode & 0o777 == 0o640
    assert ", jobs=2" in (out / "run.log").read_text(encoding="utf-8")  # 2 files to parse
    assert result.errors == 1
    assert failing(result.rows, "file") and not failing(result.rows, "never")


def test_fail_on_findings() -> None:
    rows = [{"status": "ok", "findings_error": 0, "findings_warning": 2, "findings_info": 0}]
    assert not failing(rows, "file") and not failing(rows, "error")
    assert failing(rows, "warning") and failing(rows, "info")


def test_a_long_name_gets_its_output(tmp_path: Path) -> None:
    target = tmp_path / ("名" * 80 + ".json")  # 244 bytes: a target-plus-suffix temporary fails
    write_atomic(target, "{}")
    assert target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_die_with_the_parent(tmp_path: Path) -> None:
    script = (
        "import time\n"
        "from budgetparse.batch.pool import Pool\n"
        "Pool(time.sleep, 1, lambda *a: None).run([60])\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        worker = _wait_for_child(parent.pid, "spawn_main", seconds=60)
        assert worker is not None, "no worker started"
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{worker}").exists():
            if _state(worker) == "Z":
                break
            time.sleep(0.1)
        assert not Path(f"/proc/{worker}").exists() or _state(worker) == "Z"
    finally:
        if parent.poll() is None:
            parent.kill()


def _wait_for_child(pid: int, marker: str, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text()
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and marker.encode() in cmdline:
                return int(proc.name)
        time.sleep(0.2)
    return None


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_check_says_an_empty_file_is_empty(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert main(["check", str(path)]) == 0
    assert "document.empty" in capsys.readouterr().out
