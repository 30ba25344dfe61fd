"""A whole batch run: find the inputs, skip what is up to date, parse the rest in worker
processes, record each file as it finishes, and write the summary."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, TextIO

import attrs

from .pool import Pool
from .progress import Progress
from .state import (
    Journal,
    OutputLock,
    OutputLocked,
    file_sha256,
    load_journal,
    remove_stale_temporaries,
    up_to_date,
)
from .summary import error_row, write_summaries
from .walk import collisions, discover, output_path, printable
from .worker import Task, process

LOG = "run.log"
# A worker stuck in C code past its own per-file limit is stopped this much later.
HARD_TIMEOUT_GRACE = 30.0


class BatchInputError(Exception):
    """The run cannot start (no such directory, output not writable); one line."""


@attrs.frozen
class RunResult:
    rows: tuple[dict[str, Any], ...]
    parsed: int
    skipped: int
    errors: int
    seconds: float
    summary_csv: Path
    summary_jsonl: Path


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run_corpus(
    root: Path,
    out: Path,
    jobs: int | None = None,
    force: bool = False,
    timeout: float | None = 300.0,
    bar: bool | None = None,
    stream: TextIO | None = None,
) -> RunResult:
    """Parse every file under ``root`` into ``out`` (see ``walk`` for what is read)."""
    started = time.perf_counter()
    if not root.is_dir():
        raise BatchInputError(f"{root}: not a directory")
    if out.resolve() == root.resolve():
        raise BatchInputError(f"{out}: OUT is DIR; give an output directory apart from the inputs")
    try:
        out.mkdir(parents=True, exist_ok=True)
        lock = OutputLock(out)
    except OutputLocked as error:
        raise BatchInputError(str(error)) from None
    except OSError as error:
        raise BatchInputError(f"{out}: cannot write ({error.strerror or error})") from None
    try:
        return _run(root, out, jobs, force, timeout, bar, stream, started)
    finally:
        lock.release()


def _run(
    root: Path,
    out: Path,
    jobs: int | None,
    force: bool,
    timeout: float | None,
    bar: bool | None,
    stream: TextIO | None,
    started: float,
) -> RunResult:
    """The run, with the lock on OUT held."""
    try:
        remove_stale_temporaries(out)
        log = (out / LOG).open("a", encoding="utf-8", errors="backslashreplace", buffering=1)
    except OSError as error:
        raise BatchInputError(f"{out}: cannot write ({error.strerror or error})") from None

    unreadable: list[tuple[PurePosixPath, str]] = []
    files = discover(root, exclude=out, unreadable=unreadable)
    previous = {} if force else load_journal(out)
    rows: dict[str, dict[str, Any]] = {}
    for directory, reason in unreadable:
        name = f"{directory}/"
        rows[name] = error_row(name, f"cannot read directory ({reason})")
        _log(log, f"error {printable(name)}: cannot read directory ({reason})")
    outputs = {str(relative): output_path(out, relative) for relative in files}
    clashes = collisions(outputs)
    tasks: list[Task] = []
    for relative in files:
        name = str(relative)
        output = outputs[name]
        if name in clashes:
            rows[name] = error_row(name, clashes[name], lasting=True)
            _log(log, f"error {printable(name)}: {clashes[name]}")
            continue
        old = previous.get(name)
        if old is not None:
            try:
                sha = file_sha256(root / relative)
            except OSError:
                sha = None
            if up_to_date(old, sha, output):
                old = {k: v for k, v in old.items() if k != "version"}
                rows[name] = {**old, "skipped": True}
                continue
        tasks.append(
            Task(
                root=str(root),
                file=name,
                output=str(output),
                output_name=output.relative_to(out).as_posix(),
                timeout=timeout,
            )
        )
    # no more workers than files to parse
    jobs = max(1, min(jobs or default_jobs(), len(tasks)))

    _log(
        log,
        f"run {root} -> {out}: {len(files)} files, {len(rows)} up to date, "
        f"{len(tasks)} to parse, jobs={jobs}{', force' if force else ''}",
    )
    journal = Journal(out)
    progress = Progress(len(tasks), bar=bar, stream=stream)

    def done(task: Task, row: dict[str, Any] | None, failure: str | None) -> None:
        if row is None:
            row = error_row(task.file, failure or "unknown failure")
        rows[task.file] = row
        journal.append(row)
        if row["status"] == "ok":
            _log(
                log,
                f"ok    {printable(task.file)} {row['seconds']:.3f}s tables={row['tables']} "
                f"diagnostics={row['diagnostics']}",
            )
        else:
            _log(log, f"error {printable(task.file)}: {row['error']}")
        progress.advance(row)

    hard = timeout + HARD_TIMEOUT_GRACE if timeout else None
    try:
        Pool(process, jobs, done, hard_timeout=hard).run(tasks)
    except BaseException:
        _log(log, "interrupted: finished files are recorded; a rerun completes the rest")
        journal.close()
        progress.close()
        log.close()
        raise
    progress.close()

    ordered = [rows[f"{d}/"] for d, _reason in unreadable] + [rows[str(r)] for r in files]
    csv_path, jsonl_path = write_summaries(out, ordered)
    journal.compact(ordered)
    result = RunResult(
        rows=tuple(ordered),
        parsed=sum(1 for r in ordered if not r["skipped"] and r["status"] == "ok"),
        skipped=sum(1 for r in ordered if r["skipped"]),
        errors=sum(1 for r in ordered if r["status"] == "error"),
        seconds=time.perf_counter() - started,
        summary_csv=csv_path,
        summary_jsonl=jsonl_path,
    )
    _log(
        log,
        f"done: {result.parsed} parsed, {result.skipped} up to date, "
        f"{result.errors} errors in {result.seconds:.1f}s",
    )
    log.close()
    return result


def _log(log: TextIO, message: str) -> None:
    log.write(f"{datetime.now().isoformat(timespec='seconds')} {message}\n")
