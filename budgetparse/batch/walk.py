"""Which files a batch run reads, and where each one's JSON goes.

Every regular file under the root is an input, whatever its extension: decoding decides
what is text, so a file of unknown type is tried and, if it is not text, becomes an error
row instead of silently disappearing.  Excluded: hidden files and directories (a name
starting with ``.``: ``.git``, ``.DS_Store``, editors' swap files) and the output
directory when it lies inside the root.  Symbolic links to files are read; links to
directories are not followed (no loops).  A directory that cannot be listed is not
skipped in silence: ``discover`` names it, and the run gives it an error row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

OUTPUT_SUFFIX = ".json"


def discover(
    root: Path,
    exclude: Path | None = None,
    unreadable: list[tuple[PurePosixPath, str]] | None = None,
) -> list[PurePosixPath]:
    """Relative paths (POSIX form, sorted) of the input files under ``root``; each
    directory that cannot be listed is appended to ``unreadable`` with the reason."""
    root = root.resolve()
    skip = exclude.resolve() if exclude is not None else None
    failed: list[tuple[PurePosixPath, str]] = [] if unreadable is None else unreadable
    found = sorted(_walk(root, root, skip, failed))
    failed.sort()
    return found


def _walk(
    root: Path, directory: Path, skip: Path | None, failed: list[tuple[PurePosixPath, str]]
) -> Iterator[PurePosixPath]:
    try:
        entries = list(os.scandir(directory))
    except OSError as error:
        failed.append(
            (PurePosixPath(directory.relative_to(root).as_posix()), error.strerror or str(error))
        )
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                if skip is not None and path == skip:
                    continue
                yield from _walk(root, path, skip, failed)
            elif entry.is_file(follow_symlinks=True):
                yield PurePosixPath(path.relative_to(root).as_posix())
        except OSError:
            continue


def printable(name: str) -> str:
    """A file name as valid UTF-8 text: bytes that were not UTF-8 (kept by Python as lone
    surrogates) are shown as ``\\xff`` escapes, so summaries and JSON can be written."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def output_path(out: Path, relative: PurePosixPath) -> Path:
    """``OUT/<relative path>.json``: the input's full name is kept, so ``a.txt`` and
    ``a.md`` never share an output.  Bytes of a name that are not UTF-8 are written as
    ``\\xff`` escapes, so the summary (UTF-8 text) names the file that exists."""
    parts = [printable(part) for part in relative.parts]
    return out.joinpath(*parts[:-1], parts[-1] + OUTPUT_SUFFIX)


def collisions(outputs: dict[str, Path]) -> dict[str, str]:
    """Inputs whose output path cannot be written, with the reason: the same path as an
    earlier input's (``a\\xff`` spelled out and the byte), or a path that is also a
    directory of outputs (input ``a.json`` → ``a.json.json``, beside a directory
    ``a.json.json/``).  ``outputs`` maps input name → output path, in run order."""
    directories = {parent for path in outputs.values() for parent in path.parents}
    owner: dict[Path, str] = {}
    out: dict[str, str] = {}
    for name, path in outputs.items():
        if path in directories:
            out[name] = f"output {path.name} would collide with a directory of the same name"
        elif path in owner:
            out[name] = f"output {path.name} would overwrite the output of {printable(owner[path])}"
        else:
            owner[path] = name
    return out
