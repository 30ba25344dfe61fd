"""Parse one file in a worker process: read, parse, write its JSON atomically, return the
summary row.  Nothing escapes as an exception: every failure is an error row.

Runs under the ``spawn`` start method, so it imports nothing from the parent's state.
"""

from __future__ import annotations

import hashlib
import json
import signal
import time
from pathlib import Path
from typing import Any

import attrs

from ..decode import UndecodableInputError
from ..export import write_atomic
from ..pipeline import parse
from ..source import MAX_BYTES
from .summary import error_row, summary_row
from .walk import printable


@attrs.frozen
class Task:
    """One input: its path relative to the run's root, and where its JSON goes."""

    root: str
    file: str
    output: str
    output_name: str  # the output's path relative to OUT, for the summary
    timeout: float | None = None


class FileTimeout(BaseException):
    """A file took longer than the per-file limit.

    A ``BaseException``: the pipeline's catch-alls (``except Exception`` around a table
    reader, the narrative, a reconciliation rule) must not turn the time limit into a
    reader error and the file into an ``ok`` row with parts silently missing."""


class TooLarge(Exception):
    """The file is larger than the input limit."""


def process(task: Task) -> dict[str, Any]:
    """The summary row of ``task``; the document's JSON is written as a side effect."""
    start = time.perf_counter()
    sha256: str | None = None
    try:
        with _deadline(task.timeout):
            data = _read(Path(task.root, task.file))
            sha256 = hashlib.sha256(data).hexdigest()
            document = parse(data, path=printable(task.file))
            text = json.dumps(document.to_dict(), ensure_ascii=False, indent=1)
            write_atomic(Path(task.output), text + "\n")
        return summary_row(document, task.file, time.perf_counter() - start, task.output_name)
    except (UndecodableInputError, TooLarge) as error:
        # the content's fault: the same bytes give the same error, so a rerun skips it
        return error_row(task.file, str(error), time.perf_counter() - start, sha256, lasting=True)
    except FileTimeout:
        message = f"timed out after {task.timeout:g} s"
    except OSError as error:
        message = f"cannot read or write ({error.strerror or error})"
    except RecursionError:
        message = "internal error: RecursionError (input nested too deeply)"
    except MemoryError:
        message = "internal error: out of memory"
    except Exception as error:  # a bug: reported as a row, never the end of the run
        message = f"internal error: {type(error).__name__}: {error}"
    return error_row(task.file, message, time.perf_counter() - start, sha256)


def _read(path: Path) -> bytes:
    """The file's bytes, at most ``MAX_BYTES`` of them (a device or a huge file is not
    read whole)."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise TooLarge(f"larger than the input limit of {MAX_BYTES // 1_000_000} MB; not parsed")
    return data


class _deadline:
    """Raise ``FileTimeout`` in this (worker) process after ``seconds``.

    A signal handler runs between bytecodes, so this catches slow Python code; a call
    stuck inside C is caught by the pool's hard deadline instead.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds if seconds and hasattr(signal, "setitimer") else None

    def __enter__(self) -> None:
        if self.seconds:
            signal.signal(signal.SIGALRM, _expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _expire(signum: int, frame: object) -> None:
    raise FileTimeout
