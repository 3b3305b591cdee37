"""The model layer: the error tree, the vision-model protocol and DeepSeek-VL2 dynamic tiling.

Importing ``model`` loads no model library (torch, transformers, PIL): backends import them when used.

>>> from model import DocumentError, TilepilotError, select_grid
>>> issubclass(DocumentError, TilepilotError)
True
>>> select_grid(1920, 1080).n_w, select_grid(1920, 1080).n_h
(4, 2)
"""

from model.errors import (
    ActionError,
    BrowserNotFound,
    ConfigError,
    CorruptDocument,
    DocumentError,
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
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutRequest,
    LayoutResponse,
    ModelBox,
    OcrRequest,
    OcrResponse,
    VisionModel,
)
from model.tiling import Grid, select_grid, tile_image, visual_tokens

__all__ = [
    "ActionError",
    "BrowserNotFound",
    "ConfigError",
    "CorruptDocument",
    "DocumentError",
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
    "ModelError",
    "NavigationError",
    "OcrRequest",
    "OcrResponse",
    "OutputError",
    "PerceptionError",
    "TilepilotError",
    "VisionModel",
    "select_grid",
    "tile_image",
    "visual_tokens",
]
