"""Words of a page image: tesseract's word boxes, or a vision model's OCR lines, in pixels.

Table finding needs words with tight boxes, not only lines of text. Tesseract gives them directly
(``tsv`` output, one row per word with its line and confidence) and reads a whole page in about a
second; ``--psm 6`` treats the page as one block of text, which is also what Korean needs (see
the environment notes). A :class:`~model.protocol.VisionModel` passed instead gives text lines
(``ocr``); each line is one chunk of words, which is what the table finders group anyway.

Images are single-channel ``uint8`` arrays, dark text on a light background.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import subprocess
import unicodedata
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from model.errors import ModelError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from model.protocol import VisionModel

    Gray = npt.NDArray[np.uint8]

__all__ = ["OcrWord", "ocr_words", "tesseract_available"]

_T = TypeVar("_T")

logger = logging.getLogger(__name__)

TESS_TIMEOUT_S = 120.0
TESS_FIX = "install it with `apt-get install tesseract-ocr tesseract-ocr-kor` (Debian/Ubuntu)"
MIN_CONF = 0.2
"""Words read with less confidence than this (0..1) are noise: specks, bits of a figure."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word: its box in image pixels, text, confidence 0..1, and the box of its text line."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    conf: float
    line: tuple[float, float, float, float]  # the line's box (x0, y0, x1, y1), same pixels


def tesseract_available() -> bool:
    """Whether a ``tesseract`` binary is on ``PATH``."""
    return shutil.which("tesseract") is not None


def _langs(languages: tuple[str, ...]) -> str:
    codes = {lang.lower().split("-")[0].split("_")[0] for lang in languages}
    return "kor+eng" if codes & {"ko", "kor"} else "eng"


def ocr_words(gray: Gray, *, languages: tuple[str, ...] = (), model: VisionModel | None = None) -> list[OcrWord]:
    """Read ``gray``'s words. ``languages`` ``("ko",)`` reads Korean (tesseract ``kor+eng``); with no
    hint, English is read first and a page whose reading is poor is read again with Korean.

    Raises :class:`~model.errors.ModelError` when tesseract is missing or fails (or the model does).
    """
    if model is not None:
        return _model_words(gray, model, languages)
    lang = _langs(languages)
    words = _tesseract(gray, lang)
    if not languages and _poor(words):
        korean = _tesseract(gray, "kor+eng")
        if _mean_conf(korean) > _mean_conf(words) + 0.05:
            words = korean
    return words


def _mean_conf(words: list[OcrWord]) -> float:
    n = sum(len(w.text) for w in words)
    return sum(w.conf * len(w.text) for w in words) / n if n else 0.0


def _poor(words: list[OcrWord]) -> bool:
    """An English reading that looks like another script read as Latin: low confidence overall."""
    return len(words) >= 3 and _mean_conf(words) < 0.75


def _tesseract(gray: Gray, lang: str) -> list[OcrWord]:
    import cv2

    cmd = shutil.which("tesseract")
    if cmd is None:
        raise ModelError(f"reading a scanned page needs the tesseract binary, which is not on PATH: {TESS_FIX}")
    ok, png = cv2.imencode(".png", gray)
    if not ok:  # pragma: no cover - encoding a uint8 array does not fail
        raise ModelError("could not encode the page image for tesseract")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    args = [cmd, "stdin", "stdout", "-l", lang, "--psm", "6", "-c", "preserve_interword_spaces=0", "tsv"]
    try:
        run = subprocess.run(args, input=png.tobytes(), capture_output=True, timeout=TESS_TIMEOUT_S, env=env,
                             check=False)  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise ModelError(f"tesseract did not read a {gray.shape[1]}×{gray.shape[0]} page in {TESS_TIMEOUT_S}s") from exc
    except OSError as exc:
        raise ModelError(f"could not run tesseract ({cmd}): {exc}; {TESS_FIX}") from exc
    if run.returncode != 0:
        err = run.stderr.decode("utf-8", "replace").strip()
        hint = TESS_FIX if "Failed loading language" in err else "check the tesseract installation"
        raise ModelError(f"tesseract -l {lang} failed (exit {run.returncode}): {err[-300:]}; {hint}")
    lines: dict[tuple[str, ...], tuple[float, float, float, float]] = {}
    rows = []
    for row in run.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        key = tuple(cols[1:5])
        left, top, w, h = (float(c) for c in cols[6:10])
        if cols[0] == "4":
            lines[key] = (left, top, left + w, top + h)
        elif cols[0] == "5" and cols[11].strip():
            rows.append((key, left, top, w, h, float(cols[10]) / 100, cols[11].strip()))
    words = []
    for key, left, top, w, h, conf, text in rows:
        text = unicodedata.normalize("NFC", text)
        if conf < MIN_CONF and not any(ch.isalnum() for ch in text):
            continue
        if conf < 0.05:
            continue
        words.append(OcrWord(left, top, left + w, top + h, text, max(0.0, min(1.0, conf)),
                             lines.get(key, (left, top, left + w, top + h))))  # fmt: skip
    return words


def _model_words(gray: Gray, model: VisionModel, languages: tuple[str, ...]) -> list[OcrWord]:
    """The model's OCR lines as one chunk each (boxes from 0..1 back to pixels)."""
    import cv2

    from model.protocol import OcrRequest

    ok, png = cv2.imencode(".png", gray)
    if not ok:  # pragma: no cover
        raise ModelError("could not encode the page image for the model")
    request = OcrRequest(image=png.tobytes(), languages=languages)
    response = _run_sync(model.ocr(request))
    h, w = gray.shape[:2]
    out = []
    for span in response.spans:
        x0, y0, x1, y1 = span.xyxy[0] * w, span.xyxy[1] * h, span.xyxy[2] * w, span.xyxy[3] * h
        if span.text.strip():
            out.append(OcrWord(x0, y0, x1, y1, span.text.strip(), 1.0 if span.score is None else span.score,
                               (x0, y0, x1, y1)))  # fmt: skip
    return out


def _run_sync(coro: Coroutine[Any, Any, _T]) -> _T:
    """Run a coroutine from sync code, also when an event loop is already running in this thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
