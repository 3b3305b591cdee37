"""In-process vision-language models through transformers: :class:`TransformersBackend`.

One backend object holds one model, its processor and the family's grounding dialect, and
implements :class:`~model.protocol.VisionModel`:

* ``generate``: greedy decoding of a prompt whose ``<image>`` markers stand for the request's
  images, rendered through the checkpoint's chat template (Florence-2: task tokens instead);
  ``generate_batch`` / ``complete_batch`` run several requests in one ``model.generate`` call;
* ``ground`` / ``ocr`` / ``layout``: the family's prompt, then its answer parsed into 0..1 boxes
  (Qwen2.5-VL answers in pixels of its *resized* input, so the resize is kept and divided out).

Families (``model_type`` in ``config.json``): see :data:`SUPPORTED`. The Qwen-VL and LLaVA-OneVision
processors are loaded through image-only subclasses (:mod:`model._processors`), so no torchvision
is needed. Loading is offline by default (``local_files_only=True``): a folder, or a hub id already
in the local Hugging Face cache.

Blocking work (loading aside) runs in a worker thread under one lock, so the event loop stays
free; torch's thread count is left as the caller set it (``torch.set_num_threads``).

>>> backend = TransformersBackend.load("path/to/Qwen2.5-VL-3B-Instruct")          # doctest: +SKIP
>>> (await backend.ground(GroundRequest(image=png, query="the OK button"))).boxes   # doctest: +SKIP
(ModelBox(xyxy=(0.41, 0.62, 0.52, 0.67), label='the OK button', score=None),)
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from model.dialects import IMAGE, Dialect, Frame, Parsed, clean_query
from model.dialects import get as get_dialect
from model.errors import ConfigError, ImageError, ModelError, TilepilotError
from model.protocol import (
    GenerateRequest,
    GenerateResponse,
    GroundRequest,
    GroundResponse,
    LayoutBlock,
    LayoutRequest,
    LayoutResponse,
    ModelBox,
    OcrRequest,
    OcrResponse,
    OcrSpan,
)

if TYPE_CHECKING:
    from PIL.Image import Image

_Parser = Callable[[str, Frame], Parsed]

__all__ = [
    "IMAGE",
    "SUPPORTED",
    "Completion",
    "Dialect",
    "Frame",
    "TransformersBackend",
    "dialect_for",
]

logger = logging.getLogger(__name__)

Device = str
"""``"auto"``, ``"cpu"``, ``"cuda"``, ``"cuda:N"`` or ``"mps"``."""
Dtype = Literal["auto", "float32", "bfloat16", "float16", "float64"]

_DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")
_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json")
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
_SAMPLING_AND_BEAM_FLAGS = ("temperature", "top_p", "top_k", "min_p", "top_h", "typical_p", "epsilon_cutoff",
                            "eta_cutoff", "early_stopping", "length_penalty", "num_beam_groups", "diversity_penalty")  # fmt: skip
_GROUND_TOKENS = 256
"""Token budget of a ``ground`` answer (capped by the backend's ``max_new_tokens``): 8 boxes take ~150."""


@dataclass(frozen=True)
class _Family:
    label: str  # who ships checkpoints of this type, for error messages
    processor: str  # "module:Class"
    dialect: str
    chat: bool = True  # prompts go through the chat template; False: Florence-2 task tokens
    max_images: int | None = None  # the family's own limit per request (None: the backend's)


SUPPORTED: dict[str, _Family] = {
    "qwen2_5_vl": _Family("Qwen2.5-VL, UI-TARS-1.5", "model._processors:ImageOnlyQwen2_5_VLProcessor", "qwen2_5_vl"),
    "qwen2_vl": _Family("Qwen2-VL, UI-TARS, OS-Atlas, ShowUI", "model._processors:ImageOnlyQwen2VLProcessor",
                        "qwen2_vl"),
    "llava_onevision": _Family("LLaVA-OneVision, VARCO-VISION-HF / 2.0",
                               "model._processors:ImageOnlyLlavaOnevisionProcessor", "varco"),
    "deepseek_vl": _Family("DeepSeek-VL (deepseek-community)", "transformers:DeepseekVLProcessor", "deepseek"),
    "florence2": _Family("Florence-2 (florence-community)", "transformers:Florence2Processor", "florence2",
                         chat=False, max_images=1),
}  # fmt: skip
"""The ``model_type`` values :class:`TransformersBackend` loads, with who ships them."""


def dialect_for(family: str) -> Dialect:
    """The prompts and parsers of ``family`` (a ``model_type`` in :data:`SUPPORTED`).

    >>> dialect_for("deepseek_vl").ground_prompt("the OK button")
    '<image>\\n<|ref|>the OK button<|/ref|>.'
    """
    if family not in SUPPORTED:
        raise ConfigError(f"no dialect for {family!r}; known: {', '.join(sorted(SUPPORTED))}", name="family",
                          value=family)  # fmt: skip
    return get_dialect(SUPPORTED[family].dialect)


# ---------------------------------------------------------------------------------------------------
# the backend


@dataclass(frozen=True)
class Completion:
    """One generation in detail: what :meth:`TransformersBackend.complete_batch` returns per request.

    ``token_ids`` are the generated ids (the stop token included when one was produced);
    ``finish_reason`` is ``"stop"`` when the model ended its answer, ``"length"`` when the token
    limit did; ``prompt_tokens`` counts the prompt after image expansion, ``image_tokens`` the
    placeholders among them; ``time_s`` and ``batch_size`` describe the ``generate`` call it shared.
    """

    text: str
    boxes: tuple[ModelBox, ...]
    token_ids: tuple[int, ...]
    finish_reason: Literal["stop", "length"]
    prompt_tokens: int
    image_tokens: int
    batch_size: int
    time_s: float
    frame: Frame | None = field(default=None, repr=False)

    @property
    def new_tokens(self) -> int:
        """How many tokens were generated."""
        return len(self.token_ids)


@dataclass(frozen=True)
class _Ask:
    prompt: str
    images: Sequence[bytes]
    max_new_tokens: int
    name: str = ""  # how an image is named in errors ("image"; default "images[i]")


@dataclass
class _Job:
    index: int
    text: str
    images: list[Image]
    max_new_tokens: int


def _import(ref: str) -> Any:
    import importlib

    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


class TransformersBackend:
    """A transformers vision-language model in this process, as a :class:`~model.protocol.VisionModel`.

    Build it with :meth:`load`. ``generate`` decodes greedily; ``ground``, ``ocr`` and ``layout``
    speak the family's dialect (:func:`dialect_for`) and return boxes in 0..1 of the image sent.
    Model failures raise :class:`~model.errors.ModelError`; bad requests
    :class:`~model.errors.ConfigError` or :class:`~model.errors.ImageError`.

    >>> backend = TransformersBackend.load("models/florence-2-base")          # doctest: +SKIP
    >>> (await backend.layout(LayoutRequest(image=png))).blocks[0].label      # doctest: +SKIP
    'table'
    """

    def __init__(
        self,
        model: Any,
        processor: Any,
        *,
        model_id: str,
        family: str,
        max_new_tokens: int,
        min_new_tokens: int,
        max_images: int,
        max_batch_size: int,
    ) -> None:
        self._model = model
        self._processor = processor
        self._device = str(model.device)
        self._dtype = str(model.dtype).removeprefix("torch.")
        self._model_id = model_id
        self._family = family
        self._spec = SUPPORTED[family]
        self._dialect = dialect_for(family)
        self.max_new_tokens = max_new_tokens
        self.min_new_tokens = min_new_tokens
        self.max_images = max_images if self._spec.max_images is None else min(max_images, self._spec.max_images)
        self.max_batch_size = max_batch_size
        self._lock = threading.Lock()
        self._encoder_decoder = bool(getattr(model.config, "is_encoder_decoder", False))
        tokenizer = processor.tokenizer
        self._image_token_id = getattr(processor, "image_token_id", None)
        gen = model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else tokenizer.eos_token_id
        self._eos = {int(e) for e in (eos if isinstance(eos, list) else [eos]) if e is not None}
        pad = gen.pad_token_id if gen.pad_token_id is not None else tokenizer.pad_token_id
        self._pad = int(pad) if pad is not None else min(self._eos, default=0)
        self._drop = (
            self._eos | {self._pad} | {int(t) for t in (gen.bos_token_id, tokenizer.bos_token_id) if t is not None}
        )

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path_or_id: str | os.PathLike[str],
        *,
        device: Device = "auto",
        dtype: Dtype = "auto",
        max_new_tokens: int = 512,
        min_new_tokens: int = 0,
        max_images: int = 4,
        max_batch_size: int = 8,
        local_files_only: bool = True,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> TransformersBackend:
        """Load a checkpoint folder, or a hub id from the local Hugging Face cache.

        ``device="auto"`` takes CUDA when ``torch.cuda.is_available()``, else the CPU; ``dtype="auto"``
        is bfloat16 on CUDA and float32 elsewhere. ``max_new_tokens`` caps every answer (a request
        asking more gets this many); ``min_new_tokens`` forces answers at least that long (for tests
        and throughput runs); ``max_images`` caps the images of one request (Florence-2: 1);
        ``max_batch_size`` caps the requests of one ``model.generate`` call. A hub id is looked up in
        the Hugging Face cache (``cache_dir``, default ``HF_HUB_CACHE``); with
        ``local_files_only=False`` one not yet cached is downloaded. Loading blocks (seconds, minutes
        for a large checkpoint): from async code, ``await asyncio.to_thread(TransformersBackend.load, …)``.

        Raises :class:`~model.errors.ConfigError` for a bad option, a folder that does not exist or a
        ``model_type`` not in :data:`SUPPORTED`; :class:`~model.errors.ModelError` when the folder or
        cache lacks files (the message names them and how to get them) or transformers fails to load.

        >>> TransformersBackend.load("/nowhere/qwen")
        Traceback (most recent call last):
        ...
        model.errors.ConfigError: path_or_id: no model folder at /nowhere/qwen ...
        """
        for name, value, least in (("max_new_tokens", max_new_tokens, 1), ("min_new_tokens", min_new_tokens, 0),
                                   ("max_images", max_images, 1), ("max_batch_size", max_batch_size, 1)):  # fmt: skip
            if not isinstance(value, int) or value < least:
                raise ConfigError(f"{name}: {value!r} must be an integer >= {least}", name=name, value=value)
        if min_new_tokens > max_new_tokens:
            raise ConfigError(f"min_new_tokens: {min_new_tokens} exceeds max_new_tokens={max_new_tokens}",
                              name="min_new_tokens", value=min_new_tokens)  # fmt: skip
        if not isinstance(device, str) or not _DEVICE.match(device):
            raise ConfigError(f"device: {device!r} is not one of 'auto', 'cpu', 'cuda', 'cuda:N', 'mps'",
                              name="device", value=device)  # fmt: skip
        if dtype not in ("auto", "float32", "bfloat16", "float16", "float64"):
            raise ConfigError(f"dtype: {dtype!r} is not one of 'auto', 'float32', 'bfloat16', 'float16', 'float64'",
                              name="dtype", value=dtype)  # fmt: skip
        cache = None if cache_dir is None else str(cache_dir)
        source, folder = _locate(str(path_or_id), local_files_only=local_files_only, cache_dir=cache)
        family = _model_type(folder, source) if folder is not None else _remote_model_type(source, cache)

        import torch

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif device.startswith("cuda") and not torch.cuda.is_available():
            raise ConfigError(f"device: {device!r} asked for, but torch {torch.__version__} sees no CUDA device",
                              name="device", value=device)  # fmt: skip
        if dtype == "auto":
            dtype = "bfloat16" if device.startswith("cuda") else "float32"

        from model import _processors

        _processors.register()
        spec = SUPPORTED[family]
        where = str(folder) if folder is not None else source
        t0 = time.perf_counter()
        try:
            from transformers import AutoModelForImageTextToText
            from transformers.processing_utils import ProcessorMixin

            hub = {"local_files_only": local_files_only, "cache_dir": cache}
            processor = _import(spec.processor).from_pretrained(where, **hub)
            model: Any = AutoModelForImageTextToText.from_pretrained(where, dtype=getattr(torch, dtype), **hub)
            model = model.to(device).eval()
        except TilepilotError:
            raise
        except Exception as exc:
            raise ModelError(f"{source}: transformers could not load the {family} model: {type(exc).__name__}: {exc}"
                             ) from exc  # fmt: skip
        if not isinstance(processor, ProcessorMixin) or not hasattr(processor, "image_processor"):
            raise ModelError(f"{source}: the {family} processor loaded as {type(processor).__name__}, without an "
                             "image processor: the folder needs preprocessor_config.json or processor_config.json")  # fmt: skip
        if spec.chat and not getattr(processor, "chat_template", None):
            raise ModelError(f"{source}: no chat template (chat_template.jinja, chat_template.json, or "
                             "'chat_template' in tokenizer_config.json): the checkpoint is incomplete")  # fmt: skip
        processor.tokenizer.padding_side = "right" if model.config.is_encoder_decoder else "left"
        logger.info("loaded %s (%s) on %s as %s in %.1f s", source, family, device, dtype, time.perf_counter() - t0)
        return cls(
            model, processor, model_id=source, family=family, max_new_tokens=max_new_tokens,
            min_new_tokens=min_new_tokens, max_images=max_images, max_batch_size=max_batch_size,
        )  # fmt: skip

    # -- properties ---------------------------------------------------------------------------------

    @property
    def model_id(self) -> str:
        """The folder or hub id the model was loaded from."""
        return self._model_id

    @property
    def family(self) -> str:
        """The checkpoint's ``model_type``, e.g. ``"qwen2_5_vl"``."""
        return self._family

    @property
    def dialect(self) -> Dialect:
        """The family's prompts and parsers."""
        return self._dialect

    @property
    def device(self) -> str:
        """Where the weights live, e.g. ``"cpu"`` or ``"cuda:0"``."""
        return self._device

    @property
    def dtype(self) -> str:
        """The weights' dtype, e.g. ``"float32"``."""
        return self._dtype

    @property
    def processor(self) -> Any:
        """The transformers processor (tokenizer + image processor)."""
        return self._processor

    # -- VisionModel --------------------------------------------------------------------------------

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        """Greedy generation for one request; boxes in the answer are parsed in the family's dialect.

        ``request.prompt`` holds one ``<image>`` per image (none: the images go first). Raises
        :class:`~model.errors.ConfigError` for more images than :attr:`max_images` or markers that
        do not match the images, :class:`~model.errors.ImageError` for bytes that are not an image.
        """
        return (await self.generate_batch([request]))[0]

    async def generate_batch(self, requests: Sequence[GenerateRequest], /) -> list[GenerateResponse]:
        """:meth:`generate` for several requests, batched into as few ``model.generate`` calls as possible."""
        done = await self.complete_batch(requests)
        return [GenerateResponse(text=c.text, boxes=c.boxes, model_id=self._model_id) for c in done]

    async def complete_batch(self, requests: Sequence[GenerateRequest], /) -> list[Completion]:
        """Like :meth:`generate_batch`, with token counts and timings (:class:`Completion`), in request order.

        Requests with the same number of images share a ``model.generate`` call (left-padded), at
        most :attr:`max_batch_size` per call; greedy decoding makes each answer independent of its
        batch mates up to floating-point rounding. Every request is checked (and its images decoded)
        before anything runs, so one bad request fails the call without generating the others.
        """
        asks = [_Ask(r.prompt, r.images, r.max_new_tokens) for r in requests]
        return await asyncio.to_thread(self._complete, asks)

    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        """Boxes of what ``request.query`` describes, in the family's grounding dialect, at most ``max_boxes``."""
        if not clean_query(request.query):
            raise ConfigError(f"query: {request.query!r} has no text besides special tokens", name="query",
                              value=request.query)  # fmt: skip
        ask = _Ask(self._dialect.ground_prompt(request.query), (request.image,), _GROUND_TOKENS, name="image")
        done = await asyncio.to_thread(self._complete, [ask])
        boxes = self._dialect.labelled(done[0].boxes, request.query)
        return GroundResponse(boxes=boxes[: request.max_boxes], model_id=self._model_id)

    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        """Text lines and their boxes, for families with an OCR task (Qwen2.5-VL, VARCO, Florence-2).

        ``request.languages`` is not used: these models read every script they were trained on.
        Raises :class:`~model.errors.ModelError` for a family without one.
        """
        dialect = self._dialect
        if dialect.ocr_prompt is None or dialect.parse_text is None:
            raise ModelError(self._no_task("OCR", "model.cpu.CpuBackend reads text on the CPU"))
        ask = _Ask(dialect.ocr_prompt, (request.image,), self.max_new_tokens, name="image")
        done = (await asyncio.to_thread(self._complete, [ask], dialect.parse_text))[0]
        spans = tuple(OcrSpan(text=b.label, xyxy=b.xyxy) for b in done.boxes if b.label)
        return OcrResponse(spans=spans, model_id=self._model_id)

    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        """Labelled regions, for families with a detection task (Florence-2 ``<OD>``).

        Raises :class:`~model.errors.ModelError` for the others (they are not layout models).
        """
        if self._dialect.layout_prompt is None:
            raise ModelError(self._no_task("layout", "model.cpu.CpuBackend segments pages on the CPU"))
        ask = _Ask(self._dialect.layout_prompt, (request.image,), self.max_new_tokens, name="image")
        done = (await asyncio.to_thread(self._complete, [ask]))[0]
        return LayoutResponse(blocks=tuple(LayoutBlock(label=b.label, xyxy=b.xyxy) for b in done.boxes),
                              model_id=self._model_id)  # fmt: skip

    def close(self) -> None:
        """Drop the model and processor (and the CUDA cache); the backend is unusable afterwards."""
        with self._lock:
            on_cuda = self.device.startswith("cuda")
            self._model = self._processor = None
            if on_cuda:
                import torch

                torch.cuda.empty_cache()

    # -- internals ----------------------------------------------------------------------------------

    def _no_task(self, task: str, alternative: str) -> str:
        tasks = [t for t, p in (("ground", True), ("ocr", self._dialect.ocr_prompt), ("layout",
                 self._dialect.layout_prompt)) if p]  # fmt: skip
        return (f"{self._model_id} is a {self._family} model, which has no {task} task (it offers: "
                f"{', '.join(tasks)}); {alternative}")  # fmt: skip

    def _job(self, index: int, ask: _Ask) -> _Job:
        """Check and decode one request (in the worker thread: decoding a screenshot takes milliseconds)."""
        from model.cpu import open_image

        prompt, images, name = ask.prompt, ask.images, ask.name
        if len(images) > self.max_images:
            raise ConfigError(f"images: {len(images)} images in one request; {self._model_id} takes at most "
                              f"{self.max_images}", name="images", value=len(images))  # fmt: skip
        decoded = []
        for i, data in enumerate(images):
            try:
                decoded.append(open_image(data))
            except ImageError as exc:
                raise ImageError(name or f"images[{i}]", exc.reason) from exc
        marks = prompt.count(IMAGE)
        if marks not in (0, len(images)):
            raise ConfigError(f"prompt: {marks} {IMAGE} markers for {len(images)} images; write one per image, or "
                              "none to put the images first", name="prompt", value=prompt)  # fmt: skip
        if not self._spec.chat:
            if len(images) != 1:
                raise ConfigError(f"images: a {self._family} prompt takes exactly one image, got {len(images)}",
                                  name="images", value=len(images))  # fmt: skip
            text = prompt.replace(IMAGE, "").strip()
            for task in getattr(self._processor, "task_prompts_without_inputs", {}):
                if task in text and text != task:
                    raise ConfigError(f"prompt: {task} takes no text, got {text!r}; send {task!r} alone",
                                      name="prompt", value=prompt)  # fmt: skip
        else:
            text = self._render(prompt, len(images))
        return _Job(index, text, decoded, min(ask.max_new_tokens, self.max_new_tokens))

    def _render(self, prompt: str, n_images: int) -> str:
        """The chat-template rendering of one user turn with the images where the markers are."""
        pieces = prompt.split(IMAGE)
        content: list[dict[str, str]] = []
        if len(pieces) == 1:
            content = [{"type": "image"} for _ in range(n_images)] + [{"type": "text", "text": prompt}]
        else:
            for k, piece in enumerate(pieces):
                if k:
                    content.append({"type": "image"})
                if piece:
                    content.append({"type": "text", "text": piece})
        try:
            text = self._processor.apply_chat_template(
                [{"role": "user", "content": content}], add_generation_prompt=True, tokenize=False
            )
        except Exception as exc:
            raise ModelError(f"{self._model_id}: its chat template failed: {type(exc).__name__}: {exc}") from exc
        return str(text)

    def _complete(self, asks: list[_Ask], parse: _Parser | None = None) -> list[Completion]:
        """Run ``asks`` (grouped by image count, chunked by ``max_batch_size``); results in request order."""
        parse = parse or self._dialect.parse_boxes
        if self._model is None:
            raise ModelError(f"{self._model_id}: the backend was closed")
        jobs = [self._job(i, ask) for i, ask in enumerate(asks)]
        groups: dict[int, list[_Job]] = {}
        for job in jobs:
            groups.setdefault(len(job.images), []).append(job)
        results: dict[int, Completion] = {}
        with self._lock:
            if self._model is None:
                raise ModelError(f"{self._model_id}: the backend was closed")
            for group in groups.values():
                for start in range(0, len(group), self.max_batch_size):
                    chunk = group[start : start + self.max_batch_size]
                    for job, done in zip(chunk, self._generate(chunk, parse), strict=True):
                        results[job.index] = done
        return [results[job.index] for job in jobs]

    def _generate(self, jobs: list[_Job], parse: _Parser) -> list[Completion]:
        """One ``model.generate`` call for ``jobs`` (all with the same number of images)."""
        import torch

        t0 = time.perf_counter()
        budget = max(j.max_new_tokens for j in jobs)
        images = [j.images for j in jobs] if jobs[0].images else None
        try:
            inputs = self._processor(text=[j.text for j in jobs], images=images, padding=True, return_tensors="pt")
            inputs = inputs.to(self._model.device, dtype=self._model.dtype)
            gen = self._generation_config(budget)
            with torch.inference_mode():
                out = self._model.generate(**inputs, generation_config=gen)
        except Exception as exc:
            raise ModelError(f"{self._model_id}: generation failed for a batch of {len(jobs)}: "
                             f"{type(exc).__name__}: {exc}") from exc  # fmt: skip
        elapsed = time.perf_counter() - t0
        input_ids = inputs["input_ids"]
        mask = inputs.get("attention_mask")
        new = out if self._encoder_decoder else out[:, input_ids.shape[1] :]
        if self._encoder_decoder:
            new = new[:, 1:]  # the decoder start token is given, not generated
        frames = self._frames(jobs, inputs)
        done = []
        for row, job in enumerate(jobs):
            ids = [int(t) for t in new[row].tolist()]
            ids, reason = self._trim(ids, job.max_new_tokens)
            text = self._processor.tokenizer.decode([t for t in ids if t not in self._drop],
                                                    skip_special_tokens=False, clean_up_tokenization_spaces=False)  # fmt: skip
            frame = frames[row]
            boxes = parse(text, frame).boxes if frame else ()
            prompt_tokens = int(mask[row].sum()) if mask is not None else int(input_ids.shape[1])
            image_tokens = (
                int((input_ids[row] == self._image_token_id).sum()) if self._image_token_id is not None else 0
            )
            done.append(Completion(text=text, boxes=boxes, token_ids=tuple(ids), finish_reason=reason,
                                   prompt_tokens=prompt_tokens, image_tokens=image_tokens, batch_size=len(jobs),
                                   time_s=elapsed, frame=frame))  # fmt: skip
        logger.debug("%s: batch of %d, %d prompt tokens max, %d new tokens max, %.2f s", self._model_id, len(jobs),
                     input_ids.shape[1], new.shape[1], elapsed)  # fmt: skip
        return done

    def _trim(self, ids: list[int], limit: int) -> tuple[list[int], Literal["stop", "length"]]:
        """Cut a generated row after its first stop token (padding follows it) or at ``limit``."""
        for k, t in enumerate(ids[:limit]):
            if t in self._eos:
                return ids[: k + 1], "stop"
        return ids[:limit], "length"

    def _generation_config(self, max_new_tokens: int) -> Any:
        import copy

        gen = copy.deepcopy(self._model.generation_config)
        # greedy, whatever the checkpoint suggests (released configs often sample, or beam-search):
        # the model's own constraints (repetition penalty, banned n-grams, forced tokens) stay
        gen.do_sample, gen.num_beams, gen.num_return_sequences = False, 1, 1
        for name in _SAMPLING_AND_BEAM_FLAGS:
            setattr(gen, name, None)
        gen.max_new_tokens = max_new_tokens
        gen.max_length = None
        gen.min_new_tokens = min(self.min_new_tokens, max_new_tokens) or None
        gen.pad_token_id = self._pad
        if gen.eos_token_id is None and self._eos:
            gen.eos_token_id = sorted(self._eos)
        return gen

    def _frames(self, jobs: list[_Job], inputs: Any) -> list[Frame | None]:
        """Per job, the :class:`Frame` of its last image (None without images)."""
        grid = inputs.get("image_grid_thw") if self._dialect.resize is not None else None
        patch = int(getattr(self._processor.image_processor, "patch_size", 14))
        frames: list[Frame | None] = []
        seen = 0
        for job in jobs:
            if not job.images:
                frames.append(None)
                continue
            seen += len(job.images)
            w, h = job.images[-1].size
            if grid is not None:
                _, gh, gw = (int(v) for v in grid[seen - 1].tolist())
                frames.append(Frame(w, h, gw * patch, gh * patch))
            else:
                frames.append(Frame(w, h, w, h))
        return frames


# ---------------------------------------------------------------------------------------------------
# finding the checkpoint


def _how_to_get(source: str) -> str:
    if _REPO_ID.match(source):
        return (f"download it with `hf download {source}` (or `huggingface-cli download {source}`), or pass "
                "local_files_only=False to let transformers fetch it")  # fmt: skip
    return "point path_or_id at a complete checkpoint folder (config.json, weights, tokenizer, processor config)"


def _locate(source: str, *, local_files_only: bool, cache_dir: str | None) -> tuple[str, Path | None]:
    """``(source, folder)``: the checkpoint folder, or None for a hub id transformers will fetch."""
    path = Path(source).expanduser()
    if path.is_dir():
        return source, path
    if path.exists():
        raise ConfigError(f"path_or_id: {source} is a file; give the checkpoint folder that holds config.json",
                          name="path_or_id", value=source)  # fmt: skip
    if not _REPO_ID.match(source) or source.startswith((".", "~")):
        raise ConfigError(f"path_or_id: no model folder at {source} (and it is not a hub id like 'org/name'); "
                          + _how_to_get(source), name="path_or_id", value=source)  # fmt: skip
    # a relative path of two parts ("models/qwen") reads as a hub id too: the message covers both
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        folder = snapshot_download(source, local_files_only=True, cache_dir=cache_dir)
    except LocalEntryNotFoundError:
        if not local_files_only:
            return source, None
        raise ModelError(f"{source}: no such folder, and no hub model of that id in the local Hugging Face cache "
                         f"({cache_dir or constants.HF_HUB_CACHE}) with local_files_only=True; {_how_to_get(source)}"
                         ) from None  # fmt: skip
    except Exception as exc:
        raise ModelError(f"{source}: the Hugging Face cache could not be read: {type(exc).__name__}: {exc}") from exc
    return source, Path(folder)


def _model_type(folder: Path, source: str) -> str:
    """Check ``folder`` holds a loadable checkpoint of a supported family; returns its ``model_type``."""
    present = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    holds = f"it holds: {', '.join(present[:12])}{' …' if len(present) > 12 else ''}" if present else "it is empty"
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ModelError(f"{source}: no config.json in {folder} ({holds}); {_how_to_get(source)}")
    try:
        config = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{source}: {config_path} is not readable JSON: {exc}") from exc
    model_type = config.get("model_type") if isinstance(config, dict) else None
    _check_family(model_type, source)
    weights = [name for name in _WEIGHTS if (folder / name).is_file()]
    if not weights:
        raise ModelError(f"{source}: {folder} has config.json (model_type {model_type!r}) but no weights: expected "
                         f"{' or '.join(_WEIGHTS)} ({holds}); {_how_to_get(source)}")  # fmt: skip
    if weights[0].endswith(".index.json"):
        try:
            shards = set(json.loads((folder / weights[0]).read_text(encoding="utf-8"))["weight_map"].values())
        except (OSError, ValueError, KeyError, AttributeError) as exc:
            raise ModelError(f"{source}: {folder / weights[0]} is not a weight index: {exc}") from exc
        if missing := sorted(s for s in shards if not (folder / s).is_file()):
            raise ModelError(f"{source}: {len(missing)} of {len(shards)} weight shards missing in {folder}: "
                             f"{', '.join(missing[:4])}{' …' if len(missing) > 4 else ''}; {_how_to_get(source)}")  # fmt: skip
    if not any((folder / name).is_file() for name in ("tokenizer.json", "tokenizer_config.json", "vocab.json")):
        raise ModelError(f"{source}: no tokenizer in {folder} (tokenizer.json or tokenizer_config.json; {holds}); "
                         + _how_to_get(source))  # fmt: skip
    if not any((folder / name).is_file() for name in ("processor_config.json", "preprocessor_config.json")):
        raise ModelError(f"{source}: no image processor config in {folder} (preprocessor_config.json or "
                         f"processor_config.json; {holds}); {_how_to_get(source)}")  # fmt: skip
    return str(model_type)


def _remote_model_type(source: str, cache_dir: str | None) -> str:
    """The ``model_type`` of a hub id that is not cached yet (its config.json is fetched first)."""
    try:
        from transformers import AutoConfig

        model_type = AutoConfig.from_pretrained(source, cache_dir=cache_dir).model_type
    except Exception as exc:
        raise ModelError(f"{source}: its config could not be fetched: {type(exc).__name__}: {exc}") from exc
    _check_family(model_type, source)
    return str(model_type)


def _check_family(model_type: object, source: str) -> None:
    if model_type in SUPPORTED:
        return
    known = "; ".join(f"{name} ({spec.label})" for name, spec in sorted(SUPPORTED.items()))
    hint = ""
    if model_type == "deepseek_vl_v2":
        hint = (" DeepSeek-VL2 has no transformers implementation: serve it with an OpenAI-compatible "
                "inference server and connect through the HTTP client.")  # fmt: skip
    raise ConfigError(f"path_or_id: {source} has model_type {model_type!r}, which TransformersBackend does not "
                      f"load; supported: {known}.{hint}", name="path_or_id", value=source)  # fmt: skip
