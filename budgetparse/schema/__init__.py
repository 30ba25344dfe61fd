"""The JSON Schema of :meth:`budgetparse.model.Document.to_dict` (``document.schema.json``)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["document_schema"]


@cache
def document_schema() -> dict[str, Any]:
    """The document JSON Schema (draft 2020-12), read once from the package data.

    The result is cached and shared: do not mutate it.
    """
    text = resources.files(__name__).joinpath("document.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
