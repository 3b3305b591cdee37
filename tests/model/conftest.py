"""Model-test fixtures: tiny offline vision-language models, each built and loaded once per session."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from model.local import TransformersBackend

# before anything imports huggingface_hub (it reads these once): nothing in these tests may reach a hub
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

TINY_MAX_NEW_TOKENS = 12
"""Answer length of the shared tiny backends: ``min_new_tokens`` = ``max_new_tokens``, so every answer
is exactly this long (random weights would otherwise stop at an arbitrary step)."""


class TinyModels:
    """Builds each tiny family's folder on first use and loads one backend per family (thread-safe)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folders: dict[str, Path] = {}
        self._backends: dict[str, TransformersBackend] = {}
        self._lock = threading.Lock()

    def folder(self, family: str) -> Path:
        """The saved checkpoint folder of ``family`` (see :mod:`tests.model.tiny`)."""
        from tests.model import tiny

        with self._lock:
            if family not in self._folders:
                self._folders[family] = tiny.build(family, self.root / family)
            return self._folders[family]

    def backend(self, family: str) -> TransformersBackend:
        """The session's backend for ``family``: CPU, float32, answers of exactly 12 tokens."""
        from model.local import TransformersBackend

        folder = self.folder(family)
        with self._lock:
            if family not in self._backends:
                self._backends[family] = TransformersBackend.load(
                    folder, device="cpu", max_new_tokens=TINY_MAX_NEW_TOKENS, min_new_tokens=TINY_MAX_NEW_TOKENS
                )
            return self._backends[family]


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> TinyModels:
    """The session's tiny models; torch runs on one thread (more only contend on shared 2-core runners)."""
    import torch

    torch.set_num_threads(1)
    return TinyModels(tmp_path_factory.mktemp("tiny-vlm"))
