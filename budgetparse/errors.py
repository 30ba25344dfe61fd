"""The one error ``parse`` raises: bytes that are not text (nor a PDF with a text layer)."""

from __future__ import annotations

__all__ = ["UndecodableInputError"]


class UndecodableInputError(ValueError):
    """The bytes are not text in any supported encoding (binary file, image, ...)."""
