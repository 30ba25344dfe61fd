"""Which files a batch run reads, and where each one's JSON goes.

Every regular file under the root is an input, whatever its extension: decoding decides
what is text, so a file of unknown type is tried and, if it is not text, becomes an error
row instead of silently disappearing.  Excluded: hidden files and directories (a name
starting with ``.``: ``.git``, ``.DS_Store``, editors' swap files) and the output
directory when it lies inside the root.  Symbolic links to files are read; links to
directories are not followed (no loops).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

OUTPUT_SUFFIX = ".json"


def discover(root: Path, exclude: Path | None = None) -> list[PurePosixPath]:
    """Relative paths (POSIX form, sorted) of the input files under ``root``."""
    root = root.resolve()
    skip = exclude.resolve() if exclude is not None else None
    return sorted(_walk(root, root, skip))


def _walk(root: Path, directory: Path, skip: Path | None) -> Iterator[PurePosixPath]:
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                if skip is not None and path == skip:
                    continue
                yield from _walk(root, path, skip)
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
    ``a.md`` never share an output."""
    return out.joinpath(*relative.parts[:-1], relative.name + OUTPUT_SUFFIX)
