"""What the subcommands share: reading a named input, the exit statuses, JSON out.

Errors a user can cause (a missing file, a directory, an image) become an
:class:`InputError` whose message is the one line the command prints; no subcommand
shows a traceback for them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from .decode import UndecodableInputError
from .model import Document
from .pipeline import parse
from .source import MAX_BYTES

EXIT_OK = 0
EXIT_INPUT = 2


class InputError(Exception):
    """A file that cannot be read as a disclosure; the message is one line for the user."""


def read_input(name: str) -> tuple[bytes, str | None]:
    """Bytes of ``name`` (``-`` is standard input) and the path to report.

    At most ``MAX_BYTES`` are read: a device or a pipe without end (``/dev/zero``) or a
    file far too large is refused after reading the limit, never read whole.
    """
    if name == "-":
        return _bounded(sys.stdin.buffer, "standard input"), None
    path = Path(name)
    if path.is_dir():
        raise InputError(f"{name}: is a directory (give the files in it, e.g. {name}/*.txt)")
    try:
        with path.open("rb") as handle:
            return _bounded(handle, name), name
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None


def _bounded(handle: BinaryIO, name: str) -> bytes:
    """The bytes of ``handle``, or an InputError if there are more than ``MAX_BYTES``."""
    data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: larger than the input limit of {MAX_BYTES // 1_000_000} MB "
            "(a disclosure is well under 1 MB); not parsed"
        )
    return data


def load_document(name: str) -> Document:
    data, path = read_input(name)
    try:
        return parse(data, path=path)
    except UndecodableInputError as error:
        raise InputError(f"{name}: {error}") from None


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Documents:
    """Parses the named files in turn; a file that cannot be read is reported in one
    line and remembered in ``status``, and the run goes on."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        self.status = EXIT_OK

    def __iter__(self) -> Iterator[tuple[str, Document]]:
        for name in self.names:
            try:
                yield name, load_document(name)
            except InputError as error:
                print(f"budgetparse: {error}", file=sys.stderr)
                self.status = EXIT_INPUT
