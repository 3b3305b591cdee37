"""The model layer: the one error tree now; the vision-model protocol, dialects and backends later.

Importing ``model`` loads no model library (torch, transformers): backends import them when used.

>>> from model import DocumentError, TilepilotError
>>> issubclass(DocumentError, TilepilotError)
True
"""

from model.errors import (
    ActionError,
    ConfigError,
    CorruptDocument,
    DocumentError,
    EmptyDocument,
    EncryptedDocument,
    ImageError,
    InputError,
    ModelError,
    PerceptionError,
    TilepilotError,
)

__all__ = [
    "ActionError",
    "ConfigError",
    "CorruptDocument",
    "DocumentError",
    "EmptyDocument",
    "EncryptedDocument",
    "ImageError",
    "InputError",
    "ModelError",
    "PerceptionError",
    "TilepilotError",
]
