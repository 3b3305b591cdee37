"""Image-only processors for the families whose stock processor insists on a video processor.

In transformers 5 the Qwen2/2.5-VL and LLaVA-OneVision processors take a video processor, and
building one imports torchvision. Where torchvision is missing, or is a CUDA build next to a CPU
torch (``operator torchvision::nms does not exist``), every load of those processors fails although
the image path needs nothing of it. The subclasses here drop the video processor and keep the rest.

Their ``__init__`` spells out every real parameter: ``ProcessorMixin`` decides what to save from
``inspect.signature`` but what to accept on load from ``__init__.__code__.co_varnames``, so a
``*args, **kwargs`` wrapper would silently lose ``chat_template`` or ``num_image_tokens`` on reload.

:func:`register` maps the families' configs to these classes in ``AutoProcessor``, so a folder saved
with one of them reloads as a full processor. Without it ``AutoProcessor`` falls back to returning
just the tokenizer, silently.
"""

from __future__ import annotations

import threading
from typing import Any

from transformers import AutoProcessor, Qwen2_5_VLConfig, Qwen2VLConfig
from transformers.models.llava_onevision import LlavaOnevisionConfig, LlavaOnevisionProcessor
from transformers.models.qwen2_5_vl import Qwen2_5_VLProcessor
from transformers.models.qwen2_vl import Qwen2VLProcessor

__all__ = [
    "ImageOnlyLlavaOnevisionProcessor",
    "ImageOnlyQwen2VLProcessor",
    "ImageOnlyQwen2_5_VLProcessor",
    "register",
]

_registered = False
_lock = threading.Lock()


class ImageOnlyQwen2_5_VLProcessor(Qwen2_5_VLProcessor):
    """``Qwen2_5_VLProcessor`` without the video processor (no torchvision needed)."""

    def __init__(self, image_processor: Any = None, tokenizer: Any = None, chat_template: str | None = None) -> None:
        super().__init__(image_processor, tokenizer, None, chat_template=chat_template)  # type: ignore[no-untyped-call]


class ImageOnlyQwen2VLProcessor(Qwen2VLProcessor):
    """``Qwen2VLProcessor`` without the video processor (no torchvision needed)."""

    def __init__(self, image_processor: Any = None, tokenizer: Any = None, chat_template: str | None = None) -> None:
        super().__init__(image_processor, tokenizer, None, chat_template=chat_template)  # type: ignore[no-untyped-call]


class ImageOnlyLlavaOnevisionProcessor(LlavaOnevisionProcessor):
    """``LlavaOnevisionProcessor`` (also VARCO-VISION's) without the video processor."""

    def __init__(
        self,
        image_processor: Any = None,
        tokenizer: Any = None,
        num_image_tokens: int | None = None,
        vision_feature_select_strategy: str | None = None,
        chat_template: str | None = None,
        image_token: str = "<image>",
        video_token: str = "<video>",
        vision_aspect_ratio: str = "anyres_max_9",
    ) -> None:
        super().__init__(
            image_processor,
            tokenizer,
            None,
            num_image_tokens=num_image_tokens,
            vision_feature_select_strategy=vision_feature_select_strategy,
            chat_template=chat_template,
            image_token=image_token,
            video_token=video_token,
            vision_aspect_ratio=vision_aspect_ratio,
        )  # type: ignore[no-untyped-call]


def register() -> None:
    """Map each family's config to its image-only processor in ``AutoProcessor`` (idempotent)."""
    global _registered
    with _lock:
        if _registered:
            return
        auto: Any = AutoProcessor  # untyped in transformers
        auto.register(Qwen2_5_VLConfig, ImageOnlyQwen2_5_VLProcessor, exist_ok=True)
        auto.register(Qwen2VLConfig, ImageOnlyQwen2VLProcessor, exist_ok=True)
        auto.register(LlavaOnevisionConfig, ImageOnlyLlavaOnevisionProcessor, exist_ok=True)
        _registered = True
