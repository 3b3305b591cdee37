"""The model layer: the error tree, the vision-model protocol and DeepSeek-VL2 dynamic tiling.

Importing ``model`` loads no model library (torch, transformers, PIL): backends import them when used.

>>> from model import DocumentError, TilepilotError, select_grid
>>> issubclass(DocumentError, TilepilotError)
True
>>> select_grid(1920, 1080).n_w, select_grid(1920, 1080).n_h
(4, 2)
"""

import importlib as _importlib
import typing as _typing

from model.cpu import CpuBackend
from model.errors import (
    ActionError,
    ActionTimeout,
    BrowserNotFound,
    ConfigError,
    CorruptDocument,
    DocumentError,
    ElementCovered,
    ElementNotFound,
    EmptyDocument,
    EncryptedDocument,
    ImageError,
    InputError,
    ModelError,
    NavigationError,
    OutputError,
    PerceptionError,
    TilepilotError,
)
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    ModelBox,
    OcrRequest,
    OcrResponse,
    TextEmbedder,
    VisionModel,
)
from model.tiling import Grid, select_grid, tile_image, visual_tokens

if _typing.TYPE_CHECKING:  # the lazy names, typed for mypy and editors
    from model.client import ModelClient
    from model.local import TransformersBackend
    from model.remote import RemoteBackend

__all__ = [
    "ActionError",
    "ActionTimeout",
    "BrowserNotFound",
    "ConfigError",
    "CorruptDocument",
    "CpuBackend",
    "DocumentError",
    "ElementCovered",
    "ElementNotFound",
    "EmbedRequest",
    "EmbedResponse",
    "EmptyDocument",
    "EncryptedDocument",
    "GenerateRequest",
    "GenerateResponse",
    "Grid",
    "GroundRequest",
    "GroundResponse",
    "ImageError",
    "InputError",
    "LayoutRequest",
    "LayoutResponse",
    "ModelBox",
    "ModelClient",
    "ModelError",
    "NavigationError",
    "OcrRequest",
    "OcrResponse",
    "OutputError",
    "PerceptionError",
    "RemoteBackend",
    "TextEmbedder",
    "TilepilotError",
    "TransformersBackend",
    "VisionModel",
    "select_grid",
    "tile_image",
    "visual_tokens",
]

_LAZY = {"ModelClient": "model.client", "RemoteBackend": "model.remote", "TransformersBackend": "model.local"}
"""Public names whose module imports a heavy library, loaded on first access (PEP 562)."""


def __getattr__(name: str) -> object:
    if name in _LAZY:
        value = getattr(_importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'model' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
