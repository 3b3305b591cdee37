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
    ActionTimeout,
    BrowserNotFound,
    ConfigError,
    CorruptDocument,
    DocumentError,
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

__all__ = [
    "ActionError",
    "ActionTimeout",
    "BrowserNotFound",
    "ConfigError",
    "CorruptDocument",
    "DocumentError",
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
    "ModelError",
    "NavigationError",
    "OcrRequest",
    "OcrResponse",
    "OutputError",
    "PerceptionError",
    "TextEmbedder",
    "TilepilotError",
    "VisionModel",
    "select_grid",
    "tile_image",
    "visual_tokens",
]
