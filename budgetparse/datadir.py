"""Where the data files live: ``grammar/`` (grammars, templates, vocabularies).

The grammars live at the top of the repository, where maintainers edit them; a built
wheel carries them inside the package (see pyproject.toml).  A leaf module, so that every
stage (the layout pass included) can find its data without importing the others.
"""

from __future__ import annotations

import os
from pathlib import Path

import regex

_PACKAGE = Path(__file__).resolve().parent


class GrammarNotFoundError(RuntimeError):
    """The grammar files are missing from both the package and the source tree."""


# A directory to read the grammars and data files from instead of the installed ones: a
# maintainer tries a new template file on a copy of grammar/ without touching the package.
ENVIRONMENT = "BUDGETPARSE_GRAMMAR"


def grammar_dir() -> Path:
    """The directory holding ``document.lark``: ``$BUDGETPARSE_GRAMMAR`` when set, else
    the copy inside the wheel, else the repository's ``grammar/``."""
    override = os.environ.get(ENVIRONMENT)
    if override:
        path = Path(override)
        if not (path / "document.lark").is_file():
            raise GrammarNotFoundError(f"${ENVIRONMENT}={override} holds no document.lark")
        return path
    for candidate in (_PACKAGE / "grammar", _PACKAGE.parent / "grammar"):
        if (candidate / "document.lark").is_file():
            return candidate
    raise GrammarNotFoundError(
        f"grammar/document.lark not found next to {_PACKAGE}; reinstall budgetparse"
    )


class DataFileError(ValueError):
    """A data file in ``grammar/`` is malformed: the message names the file and the key."""

    def __init__(self, path: Path, key: str, problem: str) -> None:
        super().__init__(f"{path.name}: {key}: {problem}")
        self.path = path
        self.key = key


def load_toml(path: Path) -> dict[str, object]:
    """A TOML data file, or :class:`DataFileError` saying where it is not TOML."""
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise DataFileError(path, "(file)", f"not valid TOML: {error}") from None


def pattern_at(path: Path, key: str, value: object) -> regex.Pattern[str]:
    """``value`` compiled as a regular expression, or an error naming file and key."""
    if not isinstance(value, str):
        raise DataFileError(path, key, f"expected a string (a pattern), got {value!r}")
    try:
        return regex.compile(value)
    except regex.error as error:
        raise DataFileError(path, key, f"malformed pattern {value!r}: {error}") from None


def string_at(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise DataFileError(path, key, f"expected a string, got {value!r}")
    return value


def strings_at(path: Path, key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(path, key, f"expected a list of strings, got {value!r}")
    return tuple(value)


def table_at(path: Path, key: str, value: object) -> dict[str, object]:
    if not isinstance(value, dict):
        raise DataFileError(path, key, f"expected a table, got {value!r}")
    return value
