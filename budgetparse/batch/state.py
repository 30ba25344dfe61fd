"""What a previous run finished, so that a rerun skips what is up to date.

A journal, ``OUT/.state.jsonl``, gets one line per finished file, appended and flushed
as soon as the file is done: a run killed midway still leaves a record of everything it
completed (a torn last line is ignored).  A file is up to date when its content hash and
the parser's fingerprint (version, schema, hash of code and grammar) match the journal,
and (for a parsed file) its JSON is still there.  At the end of a run the journal is
rewritten compactly (atomically).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..export import TEMPORARY, write_atomic
from ..model import SCHEMA_VERSION

JOURNAL = ".state.jsonl"


def parser_fingerprint() -> str:
    """Version, schema and a hash of the parser's code and grammar files: outputs made by
    any other parser (a new release, or a changed grammar or template) are not reused."""
    from ..grammar import grammar_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    try:
        grammar = grammar_dir()
    except RuntimeError:
        grammar = package
    for base in dict.fromkeys((package, grammar)):
        for path in sorted(base.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file():
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{__version__}/{SCHEMA_VERSION}/{digest.hexdigest()[:16]}"


_CODE_SUFFIXES = frozenset({".py", ".lark", ".toml", ".json"})
VERSION_KEY = parser_fingerprint()


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def load_journal(out: Path) -> dict[str, dict[str, Any]]:
    """Last recorded row per file (relative path), from the journal of earlier runs."""
    rows: dict[str, dict[str, Any]] = {}
    try:
        text = (out / JOURNAL).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return rows
    for line in text.splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # a line torn by an interrupted run
        if isinstance(row, dict) and isinstance(row.get("file"), str):
            rows[row["file"]] = row
    return rows


def up_to_date(row: dict[str, Any] | None, sha256: str | None, output: Path) -> bool:
    """True if ``row`` (from the journal) still describes the file and its output."""
    if row is None or sha256 is None:
        return False
    if row.get("sha256") != sha256 or row.get("version") != VERSION_KEY:
        return False
    if row.get("status") == "ok":
        return output.is_file()
    # an error of the file's content stays; a timeout or a crash is tried again (a rerun
    # may give more time or memory)
    return row.get("status") == "error" and bool(row.get("lasting"))


class Journal:
    """Appends finished rows to ``OUT/.state.jsonl``, one flushed line each."""

    def __init__(self, out: Path) -> None:
        self.path = out / JOURNAL
        out.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a", encoding="utf-8")
        self.handle.write("\n")  # end a line torn by an earlier interruption

    def append(self, row: dict[str, Any]) -> None:
        # ASCII escapes: file names that are not UTF-8 survive the round trip
        self.handle.write(json.dumps({**row, "version": VERSION_KEY}))
        self.handle.write("\n")
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()

    def compact(self, rows: list[dict[str, Any]]) -> None:
        """Rewrite the journal with exactly ``rows`` (the files of this run)."""
        self.close()
        lines = [json.dumps({**r, "version": VERSION_KEY}) for r in rows]
        write_atomic(self.path, "".join(line + "\n" for line in lines))


def remove_stale_temporaries(out: Path) -> int:
    """Delete temporary files left under OUT by a run that was killed while writing; only
    names ``write_atomic`` makes (``TEMPORARY``), never a user's ``*.tmp``.  Call it with
    the lock held, so no running writer's temporary is taken.  Returns how many."""
    removed = 0
    if not out.is_dir():
        return removed
    for directory, _dirs, files in os.walk(out):
        for name in files:
            if TEMPORARY.fullmatch(name):
                try:
                    Path(directory, name).unlink()
                    removed += 1
                except OSError:
                    pass
    return removed


LOCK = ".lock"


class OutputLocked(Exception):
    """Another run holds the lock on OUT."""


class OutputLock:
    """An exclusive lock on OUT for the length of a run (``OUT/.lock``, ``flock``): a
    second run on the same OUT is refused instead of deleting the first one's temporaries
    and rewriting its summary and journal.  The lock goes with the process, so a killed
    run leaves none behind."""

    def __init__(self, out: Path) -> None:
        self.handle = (out / LOCK).open("a")
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return
        try:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.handle.close()
            raise OutputLocked(f"{out}: another budgetparse corpus run is writing here") from None

    def release(self) -> None:
        self.handle.close()  # closing releases the flock
