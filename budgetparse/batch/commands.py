"""The ``budgetparse corpus`` subcommand."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_CHANGED = 1  # --compare: the output differs from the earlier run's
EXIT_FAILED = 1  # --fail-on: a file or a finding reached the threshold
EXIT_INPUT = 2

# The longest per-file limit (a week); 0 means none.
MAX_TIMEOUT = 7 * 24 * 3600.0
# --fail-on: what makes the run exit 1, from least to most.
FAIL_ON = ("never", "file", "error", "warning", "info")


def _timeout(value: str) -> float:
    """``--timeout``: seconds, finite, 0 (no limit) to a week."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 <= seconds <= MAX_TIMEOUT:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"must be 0 (no limit) to {MAX_TIMEOUT:g} seconds, not {value}"
        )
    return seconds


def _jobs(value: str) -> int:
    """``--jobs``: a whole number from 1."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {jobs}")
    return jobs


def add_corpus_command(sub: Any) -> None:
    """Register ``corpus`` on the CLI's subparsers."""
    c = sub.add_parser(
        "corpus",
        help="parse every file under a directory in parallel: one JSON each and a summary",
        description=(
            "Parse every file under DIR (hidden files excepted) into OUT/<path>.json, "
            "and write OUT/summary.csv, OUT/summary.jsonl and OUT/run.log. Files whose "
            "output is up to date (same content hash) are skipped unless --force."
        ),
    )
    c.add_argument("directory", metavar="DIR", help="the directory tree to read")
    c.add_argument("--out", required=True, metavar="OUT", help="output directory")
    c.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes (default: cores; never more than files to parse)",
    )
    c.add_argument("--force", action="store_true", help="parse again even if up to date")
    c.add_argument(
        "--timeout",
        type=_timeout,
        default=300.0,
        metavar="SECONDS",
        help="per-file limit; a file over it becomes an error row (default 300; 0: none)",
    )
    c.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="file",
        help="exit 1 when a file is an error row (file, the default), or also when a "
        "document has a finding of this severity or worse (error, warning, info); never",
    )
    c.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")
    c.add_argument(
        "--compare",
        metavar="PREVIOUS_OUT",
        help="after the run, report per document the records, cells and findings added, "
        "removed or changed since the run in PREVIOUS_OUT; exit 1 if anything changed",
    )
    c.add_argument(
        "--parquet",
        action="store_true",
        help="also write OUT/records.parquet, cells.parquet and findings.parquet "
        "(needs the frames extra)",
    )
    c.set_defaults(func=cmd_corpus)


def cmd_corpus(args: argparse.Namespace) -> int:
    from .runner import BatchInputError, run_corpus

    if args.compare is not None:
        problem = _compare_problem(Path(args.compare), Path(args.out))
        if problem:
            print(f"budgetparse: {problem}", file=sys.stderr)
            return EXIT_INPUT
    if args.parquet:
        from .parquet import parquet_available

        missing = parquet_available()
        if missing is not None:
            print(f"budgetparse: {missing}", file=sys.stderr)
            return EXIT_INPUT
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        result = run_corpus(
            Path(args.directory),
            Path(args.out),
            jobs=args.jobs,
            force=args.force,
            timeout=args.timeout or None,
            bar=False if args.no_progress else None,
        )
    except BatchInputError as error:
        print(f"budgetparse: {error}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        signal.signal(signal.SIGTERM, previous)
    if args.parquet:
        from .parquet import ParquetError, ok_outputs, write_parquet

        try:
            written = write_parquet(Path(args.out), ok_outputs(Path(args.out), result.rows))
        except ParquetError as error:
            print(f"budgetparse: {error}", file=sys.stderr)
            return EXIT_INPUT
        print(f"wrote {', '.join(str(p) for p in written)}")
    total = len(result.rows)
    print(
        f"{total} files: {result.parsed} parsed, {result.skipped} up to date, "
        f"{result.errors} errors in {result.seconds:.1f}s; summary in {result.summary_csv}"
    )
    status = EXIT_FAILED if failing(result.rows, args.fail_on) else EXIT_OK
    if args.compare is not None:
        return max(status, _compare(Path(args.out), Path(args.compare)))
    return status


def failing(rows: Sequence[dict[str, Any]], fail_on: str) -> bool:
    """True if the run reaches ``--fail-on``: an error row (any threshold but ``never``),
    or a document with findings at the threshold's severity or worse."""
    if fail_on == "never":
        return False
    if any(row.get("status") == "error" for row in rows):
        return True
    severities = FAIL_ON[2 : FAIL_ON.index(fail_on) + 1]  # error .. the threshold
    return any(row.get(f"findings_{s}") for row in rows for s in severities)


def _compare_problem(previous: Path, out: Path) -> str | None:
    """Why ``--compare PREVIOUS_OUT`` cannot work, checked before the run."""
    if not previous.is_dir():
        return f"{previous}: not a directory (--compare names the OUT of an earlier run)"
    if previous.resolve() == out.resolve():
        return "--compare names OUT itself; give the OUT of an earlier run"
    return None


def _compare(out: Path, previous: Path) -> int:
    from .compare import CompareInputError, compare_runs, report

    try:
        comparison = compare_runs(out, previous)
    except CompareInputError as error:
        print(f"budgetparse: {error}", file=sys.stderr)
        return EXIT_INPUT
    print(report(comparison))
    return EXIT_CHANGED if comparison.changed else EXIT_OK


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM stops the run as Ctrl-C does: workers stopped, finished files recorded."""
    raise KeyboardInterrupt
