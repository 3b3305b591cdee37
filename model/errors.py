"""Every error tilepilot raises on purpose.

TilepilotError
├── ConfigError (also ValueError)      a bad argument or setting: fix the call
├── InputError                          an input file could not be used
│   ├── DocumentError                   a PDF could not be opened or read
│   │   ├── CorruptDocument             truncated, garbage bytes, not a PDF
│   │   ├── EncryptedDocument           needs a password (or the one given is wrong)
│   │   └── EmptyDocument               zero pages, or no PDF found where some were expected
│   └── ImageError                      not an image, or an image beyond the pixel limit
├── OutputError (also OSError)          an output folder that cannot be used (not writable, locked)
├── PerceptionError                     a page or screenshot could not be perceived
├── ActionError                         the page did not let a tool act
└── ModelError                          the model failed or answered off-schema

Messages say what failed, which input caused it and what would be valid; the same facts are
kept as attributes (``exc.path``, ``exc.reason``) so callers branch on data, not on text.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ConfigError",
    "CorruptDocument",
    "DocumentError",
    "EmptyDocument",
    "EncryptedDocument",
    "ImageError",
    "OutputError",
    "InputError",
    "ActionError",
    "ModelError",
    "PerceptionError",
    "TilepilotError",
]


class TilepilotError(Exception):
    """The root of every error tilepilot raises on purpose."""


class ConfigError(TilepilotError, ValueError):
    """A bad argument or setting; ``exc.name`` is the argument, ``exc.value`` what was given."""

    def __init__(self, message: str, *, name: str = "", value: object = None) -> None:
        super().__init__(message)
        self.name, self.value = name, value


class InputError(TilepilotError):
    """An input file could not be used. ``exc.path`` names it and ``exc.reason`` says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


class DocumentError(InputError):
    """A PDF could not be opened or read."""


class CorruptDocument(DocumentError):
    """The file is not a readable PDF (truncated, garbage bytes, another format)."""


class EncryptedDocument(DocumentError):
    """The PDF is encrypted and no password, or a wrong one, was given."""


class EmptyDocument(DocumentError):
    """The PDF has no pages, or a folder holds no PDF."""


class ImageError(InputError):
    """The input is not a decodable image, or exceeds the pixel limit."""


class OutputError(TilepilotError, OSError):
    """An output folder that cannot be used. ``exc.path`` names it and ``exc.reason`` says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class PerceptionError(TilepilotError):
    """A page or screenshot could not be perceived."""


class ActionError(TilepilotError):
    """The page did not let a tool act."""


class ModelError(TilepilotError):
    """The model failed or answered off-schema."""
