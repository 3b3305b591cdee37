"""The OCR engines behind :class:`model.cpu.CpuBackend`: PP-OCRv4 (rapidocr-onnxruntime) and tesseract.

PP-OCRv4's detector finds text lines in any script, and its recogniser reads English, digits and
Chinese well; it cannot read Hangul (it drops it or answers Chinese-looking garbage). Tesseract
reads Korean well once it sees clean single lines (``--psm 6``; the default page segmentation
mangles screenshots). So every image goes through the PP-OCR detector, and each line is read by

* PP-OCR, for English/Chinese hints, and in auto mode when its reading is trustworthy;
* tesseract ``kor+eng``, for a Korean hint, and in auto mode for the lines PP-OCR could not
  explain (see :func:`suspicious`): the lines are cut out, scaled to one height, stacked into one
  image and read in a single tesseract call.

Images arrive as RGB ``numpy`` arrays; boxes leave in pixels of that image. This module imports
numpy, cv2 and onnxruntime: only :mod:`model.cpu` imports it, on first use.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from model.errors import ModelError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Array = npt.NDArray[np.uint8]

logger = logging.getLogger(__name__)

Box = tuple[float, float, float, float]

DET_MAX_SIDE = 2048
"""Images with a longer side are shrunk for the detector (text gets small: tile big images first)."""
DET_MIN_SIDE = 640
"""Smaller images are enlarged (at most :data:`DET_MAX_UPSCALE` ×) so small text is detected."""
DET_MAX_UPSCALE = 2.0
DET_PAD = 16
"""White border added around the image before detection: text touching the edge is still found."""
MIN_BOX_PX = 8
"""Detected boxes smaller than this on both sides are specks (a border corner), not text."""
RULE_COVER = 0.6
"""A border inside a text box covers at least this fraction of its height (see :func:`split_at_rules`)."""
MIN_SCORE = 0.5
"""Lines read with a lower mean character probability are dropped (PP-OCR's own default)."""
TESS_LINE_HEIGHT = 40
"""Height each line crop is scaled to before tesseract reads it (its sweet spot is 30–50 px)."""
TESS_TIMEOUT_S = 60.0
TESS_RETRY_BELOW = 0.6
"""A line tesseract reads with less confidence than this (or as nothing) is read again at full contrast."""
TESS_FIX = "install it with `apt-get install tesseract-ocr tesseract-ocr-kor` (Debian/Ubuntu)"


@dataclass(frozen=True)
class Line:
    """One line of text read from an image: its box in pixels, text, score 0..1 and who read it."""

    box: Box
    text: str
    score: float
    engine: str


@dataclass(frozen=True)
class _Reading:
    text: str
    score: float
    gap: float  # the widest stretch of the line (in line heights) with no character read


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable (a lone jamo such as "ㅜ" is a misread line or border).

    >>> has_hangul("Total 합계"), has_hangul("Total"), has_hangul("ㅜ")
    (True, False, False)
    """
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def suspicious(text: str, score: float, gap: float) -> bool:
    """Whether a PP-OCR reading of a line should be checked by tesseract (auto language mode).

    PP-OCR reads Hangul as nothing (an empty or partial text, leaving a wide unexplained stretch
    of the line) or as Chinese characters ("홈" as "喜" at 0.94). Measured on rendered UI strings
    and Chromium screenshots: English lines score >= 0.9 with gaps under one line height; Korean
    lines give empty text, gaps of 1.5 line heights and more, or Han characters. So every line with
    Han is checked: on a Chinese page that costs one tesseract call, and PP-OCR's reading stays.

    >>> suspicious("Sign in", 0.97, 0.3), suspicious("", 0.0, 5.0), suspicious("喜", 0.94, 0.2)
    (False, True, True)
    """
    if not text.strip() or score < 0.8 or gap >= 1.2:
        return True
    return any(_is_han(c) for c in text)


class RapidEngine:
    """PP-OCRv4 detection and recognition through rapidocr-onnxruntime, single-threaded."""

    def __init__(self, *, threads: int = 1) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # the detector's own resizing is switched off (limit "max" far above any image): this
        # module scales images itself so that boxes map back exactly
        self._ocr = RapidOCR(
            intra_op_num_threads=threads,
            inter_op_num_threads=threads,
            det_limit_type="max",
            det_limit_side_len=100_000,
        )

    def detect(self, rgb: Array) -> list[Box]:
        """Axis-aligned boxes of the text lines in ``rgb``, in its pixels, top to bottom."""
        import cv2
        import numpy as np

        h, w = rgb.shape[:2]
        side = max(h, w)
        scale = 1.0
        if side > DET_MAX_SIDE:
            scale = DET_MAX_SIDE / side
        elif side < DET_MIN_SIDE:
            scale = min(DET_MAX_UPSCALE, DET_MIN_SIDE / side)
        img: Any = rgb[:, :, ::-1]  # PP-OCR's models take BGR
        if scale != 1.0:
            interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
            img = cv2.resize(img, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=interp)
        img = cv2.copyMakeBorder(img, DET_PAD, DET_PAD, DET_PAD, DET_PAD, cv2.BORDER_CONSTANT, value=(255, 255, 255))
        quads, _ = self._ocr.text_det(np.ascontiguousarray(img))
        boxes: list[Box] = []
        for quad in [] if quads is None else quads:
            xs, ys = quad[:, 0], quad[:, 1]
            x0 = (float(xs.min()) - DET_PAD) / scale
            y0 = (float(ys.min()) - DET_PAD) / scale
            x1 = (float(xs.max()) - DET_PAD) / scale
            y1 = (float(ys.max()) - DET_PAD) / scale
            x0, y0, x1, y1 = max(0.0, x0), max(0.0, y0), min(float(w), x1), min(float(h), y1)
            if max(x1 - x0, y1 - y0) >= MIN_BOX_PX and min(x1 - x0, y1 - y0) >= 2:
                boxes.append((x0, y0, x1, y1))
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.int16)
        return [part for box in boxes for part in split_at_rules(gray, box)]

    def recognize(self, rgb: Array, boxes: list[Box]) -> list[_Reading]:
        """Read each box of ``rgb``; unfiltered (low scores included), in the order given."""
        import cv2

        crops = [_crop(rgb, b)[:, :, ::-1].copy() for b in boxes]
        # a page repeats its labels ("Add to cart" under every product): read each distinct crop once
        keys = [(c.shape, hash(c.tobytes())) for c in crops]
        first = {k: i for i, k in reversed(list(enumerate(keys)))}
        unique = sorted(set(first.values()))
        if not unique:
            return []
        results, _ = self._ocr.text_rec([crops[i] for i in unique], True)
        readings: dict[int, _Reading] = {}
        for i, (text, score, info) in zip(unique, results, strict=True):
            h, w = crops[i].shape[:2]
            gray = cv2.cvtColor(crops[i], cv2.COLOR_BGR2GRAY)
            readings[i] = _Reading(_respace(str(text), info, gray, w), float(score), _widest_gap(info, h, w))
        return [readings[first[k]] for k in keys]


def split_at_rules(gray: Any, box: Box) -> list[Box]:
    """``box`` cut at the vertical rules inside it: cell borders and button edges.

    The detector joins text across a thin border ("장바구니 담기 | 상세 보기" over a button and
    the link next to it, or a whole table row), and the border is read as "|" or "[". A rule is a
    solid column inked over most of the box height (:data:`RULE_COVER`) that also reaches above
    *and* below the band of the text (the rows inked by its lighter columns, horizontal rules left
    out), on one side by 0.15 of the box height: a glyph stroke, however bold, stays within that
    band, and "$" or "[" pass it by a pixel or two. Columns next to a rule that are inked over
    half the height are its anti-aliasing.
    Each part is trimmed to its ink; parts narrower than a quarter of the height are dropped.

    >>> import numpy as np
    >>> g = np.full((20, 100), 255, dtype=np.int16); g[6:14, 10:40:3] = 0; g[6:14, 60:90:3] = 0; g[1:19, 50] = 0
    >>> [tuple(round(v) for v in b) for b in split_at_rules(g, (0, 0, 100, 20))]
    [(5, 0, 43, 20), (55, 0, 93, 20)]
    >>> g = np.full((20, 100), 255, dtype=np.int16); g[2:18:3, 10:90] = 0; g[2:18, 30:34] = 0  # bold text
    >>> len(split_at_rules(g, (0, 0, 100, 20)))
    1
    """
    import numpy as np

    x0, y0, x1, y1 = (round(v) for v in box)
    region = gray[y0:y1, x0:x1]
    h = region.shape[0]
    if h < 6 or region.shape[1] < 6:
        return [box]
    ink = np.abs(region - np.median(region)) > 48
    cover = ink.mean(axis=0)
    tall = cover >= RULE_COVER
    if not tall.any():
        return [box]
    near = np.convolve(tall.astype(np.int8), np.ones(5, dtype=np.int8), mode="same") > 0
    text_ink = ink[:, (cover < 0.5) & ~near]  # the text's band: lighter columns, not a rule's edge pixels
    flat = [r for r in range(h) if _longest_run(text_ink[r]) < 1.5 * h]
    rows = np.array([r for r in flat if text_ink[r].any()], dtype=np.int64)
    if len(rows) == 0:
        return [box]
    top, bottom = rows[0], rows[-1]
    margin = max(1, round(0.04 * h))
    rule = np.zeros_like(tall)
    for c in np.flatnonzero(tall):
        inked = np.flatnonzero(ink[:, c])
        solid = _longest_run(ink[:, c]) >= 0.9 * (inked[-1] - inked[0] + 1)
        above, below = top - inked[0], inked[-1] - bottom
        rule[c] = solid and min(above, below) >= margin and max(above, below) >= 0.15 * h
    if not rule.any():
        return [box]
    for c in np.flatnonzero(rule):  # anti-aliased neighbours of a rule belong to it
        for n in (c - 1, c + 1, c - 2, c + 2):
            if 0 <= n < len(rule) and cover[n] >= 0.5:
                rule[n] = True
    parts: list[Box] = []
    pad = max(2.0, 0.25 * h)
    edges = np.flatnonzero(np.diff(np.concatenate(([1], rule.astype(np.int8), [1]))))
    for a, b in zip(edges[::2], edges[1::2], strict=True):  # runs of non-rule columns [a, b)
        cols = np.flatnonzero(ink[:, a:b].any(axis=0))
        if len(cols) == 0 or cols[-1] - cols[0] + 1 < 0.25 * h:
            continue
        lo, hi = a + cols[0], a + cols[-1] + 1
        parts.append((x0 + max(float(a) + 1, lo - pad), float(y0), x0 + min(float(b) - 1, hi + pad), float(y1)))
    return parts


def _longest_run(row: Any) -> int:
    """The longest run of True in a 1-D boolean array."""
    import numpy as np

    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max()) if len(edges) else 0


SPACE_LATIN_EM = 0.22
"""Between two letters or digits PP-OCR read without a space, a blank run this wide (in ems) is one…"""
SPACE_RATIO = 2.0
"""…when it is also this many times the line's median gap…"""
SPACE_MIN_RUN = 8
"""…and the characters around it run this long without a space (a dropped space makes long runs)."""


def _respace(text: str, info: list[Any], gray: Any, width: int) -> str:
    """``text`` with the word spaces PP-OCR dropped put back ("Product3wirelessedition").

    PP-OCR's recogniser, trained mostly on Chinese, often leaves out the spaces of small Latin
    text. ``info`` holds the recogniser column of each character; where a blank run of the line's
    pixels at least :data:`SPACE_LATIN_EM` wide lies between two consecutive non-CJK characters, a
    space is inserted. Letter gaps are under 0.1 em, word spaces 0.25 em and more.
    """
    chars = [c for word in info[1] for c in word]
    cols = [c for word in info[2] for c in word]
    n_cols = float(info[0])
    if len(chars) != len(text) or len(chars) < 2 or n_cols <= 0:
        return text
    if max(len(t) for t in text.split(" ")) < SPACE_MIN_RUN:
        return text
    strip = gray if float(gray.mean()) >= 128 else 255 - gray
    runs, em = _blank_runs(strip)
    inner = [(a, b) for a, b in runs if a > 0 and b < strip.shape[1]]
    if not inner:
        return text
    typical = sorted(b - a for a, b in inner)[len(inner) // 2]
    need = max(SPACE_LATIN_EM * em, SPACE_RATIO * typical)
    wide = [(a, b) for a, b in inner if b - a >= need]
    if not wide:
        return text
    xs = [(c + 0.5) / n_cols * width for c in cols]
    out = [text[0]]
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        latin = a != " " and b != " " and not _is_cjk(a) and not _is_cjk(b)
        if latin and _token_len(text, i) >= SPACE_MIN_RUN and any(xs[i - 1] < (p + q) / 2 < xs[i] for p, q in wide):
            out.append(" ")
        out.append(b)
    return "".join(out)


def _token_len(text: str, i: int) -> int:
    """Length of the space-free run of ``text`` around position ``i``."""
    lo = text.rfind(" ", 0, i) + 1
    hi = text.find(" ", i)
    return (len(text) if hi < 0 else hi) - lo


def _is_cjk(ch: str) -> bool:
    return _is_han(ch) or _is_hangul(ch)


def _widest_gap(info: list[Any], height: int, width: int) -> float:
    """The widest run of the line with no decoded character, in line heights.

    ``info`` is rapidocr's word-box record: ``[columns, words, columns of each char, …]``; the
    recogniser sees the line at height 48 and emits one column per 8 px of that.
    """
    n_cols = float(info[0])
    cols = sorted(c for word in info[2] for c in word)
    used = (width * 48 / height) / 8 if height else n_cols  # columns the line itself covers
    if not cols:
        return used / 6
    edges = [0.0, *map(float, cols), used]
    widest = max(b - a for a, b in itertools.pairwise(edges))
    return widest / 6  # 6 columns (48 px) per line height


def _crop(rgb: Array, box: Box, pad: float = 0.0) -> Array:
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = box
    return rgb[max(0, int(y0 - pad)) : min(h, round(y1 + pad)), max(0, int(x0 - pad)) : min(w, round(x1 + pad))]


SPACE_HANGUL_EM = 0.20
"""Between two Hangul syllables, a blank stretch at least this wide (in ems) is a word space."""
SPACE_MIXED_EM = 0.24
"""Between Hangul and a digit or Latin letter, the same (side bearings widen these gaps).

Both fitted on 40 UI strings × 3 fonts × 4 sizes (see tests/model/test_cpu.py): 0.18–0.20 and
0.24 give 90 % of lines exactly right, spaces included (98 % ignoring spaces)."""


def _full_contrast(strip: Any) -> Any | None:
    """``strip`` stretched so its lightest grey is white and its darkest black; None when it has no contrast to
    stretch or is already full."""
    import numpy as np

    low, high = int(strip.min()), int(strip.max())
    if high - low < 32 or (low <= 8 and high >= 247):
        return None
    return ((strip.astype(np.int32) - low) * 255 // (high - low)).astype(np.uint8)


def _blank_runs(strip: Any) -> tuple[list[tuple[int, int]], float]:
    """The ink-free column runs ``(start, end)`` of a dark-on-light line strip and its em in pixels.

    The em is estimated from the height of the ink band (Hangul fills about 0.85 em).
    """
    import numpy as np

    background = float(np.median(strip))
    ink = np.abs(strip.astype(np.int16) - background) > 64
    cols, rows = ink.any(axis=0), np.flatnonzero(ink.any(axis=1))
    em = (rows[-1] - rows[0] + 1) / 0.85 if len(rows) else float(strip.shape[0])
    runs, x, n = [], 0, len(cols)
    while x < n:
        if cols[x]:
            x += 1
            continue
        start = x
        while x < n and not cols[x]:
            x += 1
        runs.append((start, x))
    return runs, float(em)


def _join_words(words: list[tuple[float, str]], runs: list[tuple[int, int]], em: float) -> str:
    """Join tesseract's words ``(left edge, text)`` of one line strip, deciding the spaces next to Hangul.

    Tesseract's Korean spacing is unreliable at screen sizes: it splits words into syllables
    ("비 밀 번 호"). Its word *left* edges are accurate, so the pixels decide: a blank run of at
    least :data:`SPACE_HANGUL_EM` (:data:`SPACE_MIXED_EM` next to a digit or Latin letter) ending
    at a word's left edge is a space. Between two non-Hangul words tesseract's space is kept.
    (Spaces tesseract leaves out inside a word are not restored: the pixel gaps alone are too
    close to the gaps between syllables to tell, measured on NanumBarunGothic.)

    >>> _join_words([(0, "비"), (22, "밀"), (60, "번호")], [(19, 22), (40, 60)], 20.0)
    '비밀 번호'
    >>> _join_words([(0, "Total"), (60, "합계"), (110, "1,234"), (170, "원")], [(52, 60), (100, 110), (168, 170)], 20.0)
    'Total 합계 1,234원'
    """
    text = ""
    for i, (left, word) in enumerate(words):
        if i == 0:
            text = word
            continue
        prev = words[i - 1][1]
        a, b = _is_hangul(prev[-1]), _is_hangul(word[0])
        if not (a or b):
            text += " " + word
            continue
        lo, hi = left - 0.15 * em, left + 0.1 * em
        width = max((end - start for start, end in runs if start <= hi and end >= lo), default=0)
        need = SPACE_HANGUL_EM if a and b else SPACE_MIXED_EM
        text += (" " + word) if width >= need * em else word
    return text


class TesseractEngine:
    """Debian's ``tesseract`` binary, ``-l kor+eng --psm 6``, one thread, through a subprocess."""

    def __init__(self, cmd: str | None = None) -> None:
        found = cmd or shutil.which("tesseract")
        if found is None:
            raise ModelError(f"Korean OCR needs the tesseract binary, which is not on PATH: {TESS_FIX}")
        self.cmd = found

    def read_lines(self, rgb: Array, boxes: list[Box], *, languages: str = "kor+eng") -> list[tuple[str, float]]:
        """Read each line box of ``rgb`` with tesseract: ``(text, score)`` per box, in order.

        The crops are scaled to :data:`TESS_LINE_HEIGHT`, turned dark-on-light, stacked with a
        blank band between them and read in one call; each recognised line is matched back to the
        crop its centre falls in. Lines read as nothing (or barely) are read once more stretched to
        full contrast: inverted white-on-colour text keeps a grey ground that the white sheet's
        thresholding can take for a dark block ("확인" on a blue button), while a clean strip is
        sometimes read better as it is.
        """
        import cv2
        import numpy as np

        if not boxes:
            return []
        crops = [_crop(rgb, box) for box in boxes]
        keys = [(c.shape, hash(c.tobytes())) for c in crops]
        first = {k: i for i, k in reversed(list(enumerate(keys)))}
        if len(first) < len(boxes):  # repeated labels: read each distinct crop once
            unique = sorted(set(first.values()))
            done = dict(zip(unique, self.read_lines(rgb, [boxes[i] for i in unique], languages=languages), strict=True))
            return [done[first[k]] for k in keys]
        strips: list[Any] = []
        for crop in crops:
            gray: Any = cv2.cvtColor(np.ascontiguousarray(crop), cv2.COLOR_RGB2GRAY)
            if np.median(gray) < 128:  # light text on a dark background
                gray = 255 - gray
            f = TESS_LINE_HEIGHT / max(1, gray.shape[0])
            interp = cv2.INTER_AREA if f < 1 else cv2.INTER_CUBIC
            strips.append(cv2.resize(gray, (max(1, round(gray.shape[1] * f)), TESS_LINE_HEIGHT), interpolation=interp))
        out = self._read_sheet(strips, languages)
        weak = [i for i, (text, score) in enumerate(out) if not text.strip() or score < TESS_RETRY_BELOW]
        stretched = {i: _full_contrast(strips[i]) for i in weak}
        retry = [i for i in weak if stretched[i] is not None]
        if retry:
            again = self._read_sheet([stretched[i] for i in retry], languages)
            for i, (text, score) in zip(retry, again, strict=True):
                if text.strip() and score > out[i][1]:
                    out[i] = (text, score)
        return out

    def _read_sheet(self, strips: list[Any], languages: str) -> list[tuple[str, float]]:
        """Stack ``strips`` (grey, :data:`TESS_LINE_HEIGHT` tall) on a white sheet and read them in one call."""
        import cv2
        import numpy as np

        gap = TESS_LINE_HEIGHT // 2
        margin = TESS_LINE_HEIGHT
        width = max(s.shape[1] for s in strips) + 2 * margin
        height = 2 * margin + len(strips) * TESS_LINE_HEIGHT + (len(strips) - 1) * gap
        sheet = np.full((height, width), 255, dtype=np.uint8)
        for i, strip in enumerate(strips):
            y = margin + i * (TESS_LINE_HEIGHT + gap)
            sheet[y : y + TESS_LINE_HEIGHT, margin : margin + strip.shape[1]] = strip
        ok, png = cv2.imencode(".png", sheet)
        if not ok:  # pragma: no cover - encoding a uint8 array does not fail
            raise ModelError("could not encode the line sheet for tesseract")
        words = self._tsv(png.tobytes(), languages=languages)
        per_line: list[list[tuple[float, float, str, float]]] = [[] for _ in strips]
        for left, word_top, w, h, conf, text in words:
            cy = word_top + h / 2
            i = int((cy - margin + gap / 2) // (TESS_LINE_HEIGHT + gap))
            if 0 <= i < len(strips):
                per_line[i].append((left, left + w, text, conf))
        out = []
        for ws, strip in zip(per_line, strips, strict=True):
            ws.sort()
            runs, em = _blank_runs(strip)
            text = _join_words([(left - margin, t) for left, _, t, _ in ws], runs, em)
            score = sum(c for _, _, _, c in ws) / len(ws) / 100 if ws else 0.0
            out.append((unicodedata.normalize("NFC", text), max(0.0, min(1.0, score))))
        return out

    def _tsv(self, png: bytes, *, languages: str) -> list[tuple[float, float, float, float, float, str]]:
        """Run tesseract on ``png``: ``(left, top, width, height, conf, text)`` per word."""
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        args = [self.cmd, "stdin", "stdout", "-l", languages, "--psm", "6", "tsv"]
        try:
            run = subprocess.run(args, input=png, capture_output=True, timeout=TESS_TIMEOUT_S, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ModelError(f"tesseract did not finish within {TESS_TIMEOUT_S}s") from exc
        except OSError as exc:
            raise ModelError(f"could not run tesseract ({self.cmd}): {exc}; {TESS_FIX}") from exc
        if run.returncode != 0:
            err = run.stderr.decode("utf-8", "replace").strip()
            hint = TESS_FIX if "Failed loading language" in err else "check the tesseract installation"
            raise ModelError(f"tesseract -l {languages} failed (exit {run.returncode}): {err[-300:]}; {hint}")
        words = []
        for row in run.stdout.decode("utf-8", "replace").splitlines()[1:]:
            cols = row.split("\t")
            if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
                continue
            left, top, w, h, conf = (float(c) for c in cols[6:11])
            words.append((left, top, w, h, conf, cols[11].strip()))
        return words


TESS_MIN_SCORE = 0.45
"""Tesseract lines below this mean word confidence are dropped (noise, icons read as letters)."""


def read(rgb: Array, *, mode: str, rapid: RapidEngine, tesseract: TesseractEngine | None) -> list[Line]:
    """The text lines of ``rgb`` in reading order.

    ``mode`` is ``"tesseract"`` (a Korean hint: every line read by tesseract, and the lines
    without Hangul by PP-OCR too, whose confident reading wins), ``"rapid"``
    (English/Chinese hints: PP-OCR only) or ``"auto"``: PP-OCR reads every line, tesseract
    re-reads the :func:`suspicious` ones, and once one of those turns out to be Hangul the page
    holds Korean, so tesseract reads all lines again in one sheet (PP-OCR also misreads Hangul as
    confident Latin letters, "상태" as "EH", and tesseract reads a uniform sheet better than a
    subset). A line keeps tesseract's reading when it holds Hangul.
    """
    boxes = rapid.detect(rgb)
    if mode == "tesseract":
        if tesseract is None:
            raise ModelError(f"Korean OCR needs the tesseract binary: {TESS_FIX}")
        read = tesseract.read_lines(rgb, boxes)
        # a line without Hangul on a Korean page (a brand, "Sign in"): PP-OCR reads Latin better
        latin = [i for i, (t, _) in enumerate(read) if not has_hangul(t)]
        for i, r in zip(latin, rapid.recognize(rgb, [boxes[i] for i in latin]), strict=True):
            if r.score >= 0.9 and not suspicious(r.text, r.score, r.gap):
                read[i] = (r.text.strip(), r.score)
        lines = [Line(b, t, s, "tesseract") for b, (t, s) in zip(boxes, read, strict=True) if _kept(t, s)]
        return reading_order(_tighten(rgb, lines))
    first = rapid.recognize(rgb, boxes)
    second: dict[int, tuple[str, float]] = {}
    if mode == "auto" and tesseract is not None:
        retry = [i for i, r in enumerate(first) if suspicious(r.text, r.score, r.gap)]
        if retry:
            second = dict(zip(retry, tesseract.read_lines(rgb, [boxes[i] for i in retry]), strict=True))
    # the page holds Korean when tesseract confidently reads Hangul where PP-OCR was unsure (tesseract
    # also "reads" Chinese as Hangul, at lower confidence, and PP-OCR reads real Chinese above 0.98)
    korean = any(has_hangul(t) and s >= 0.8 and not _sure_han(first[i]) for i, (t, s) in second.items())
    if korean and tesseract is not None:  # all lines in one sheet: tesseract reads a uniform block better
        second = dict(enumerate(tesseract.read_lines(rgb, boxes)))
    lines = []
    for i, (box, r) in enumerate(zip(boxes, first, strict=True)):
        text, score = second.get(i, ("", 0.0))
        han = any(_is_han(c) for c in r.text)
        # Han on a Korean page is misread Hangul, unless PP-OCR is sure of it
        if (has_hangul(text) or (korean and han)) and _kept(text, score) and not _sure_han(r):
            lines.append(Line(box, text, score, "tesseract"))
        elif r.text.strip() and r.score >= MIN_SCORE and not (i in second and _is_garbage(r)):
            lines.append(Line(box, r.text.strip(), r.score, "rapidocr"))
        elif _kept(text, score) and score >= 0.6:
            lines.append(Line(box, text, score, "tesseract"))
    logger.debug("read %d lines (%d re-read by tesseract) from %dx%d", len(lines), len(second), rgb.shape[1],
                 rgb.shape[0])  # fmt: skip
    return reading_order(_tighten(rgb, lines))


def _tighten(rgb: Array, lines: list[Line]) -> list[Line]:
    """``lines`` with each box shrunk to the ink inside it (the detector's boxes have a margin)."""
    import cv2
    import numpy as np

    if not lines:
        return lines
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.int16)
    out = []
    for line in lines:
        x0, y0, x1, y1 = (round(v) for v in line.box)
        region = gray[y0:y1, x0:x1]
        if region.size == 0:
            out.append(line)
            continue
        ink = np.abs(region - np.median(region)) > 48
        cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
        if len(cols) == 0 or len(rows) == 0:
            out.append(line)
            continue
        box = (float(x0 + cols[0]), float(y0 + rows[0]), float(x0 + cols[-1] + 1), float(y0 + rows[-1] + 1))
        out.append(Line(box, line.text, line.score, line.engine))
    return out


def _kept(text: str, score: float) -> bool:
    return bool(text.strip()) and score >= TESS_MIN_SCORE


def _sure_han(r: _Reading) -> bool:
    """PP-OCR read Chinese with confidence (Hangul misread as Han scores 0.9–0.96)."""
    return r.score >= 0.98 and any(_is_han(c) for c in r.text)


def _is_garbage(r: _Reading) -> bool:
    """A PP-OCR reading not worth keeping once tesseract had a look: Han read under 0.9 confidence."""
    return any(_is_han(c) for c in r.text) and r.score < 0.9


def reading_order(lines: list[Line]) -> list[Line]:
    """``lines`` top to bottom, and left to right within a row (boxes whose middles share a band).

    >>> order = reading_order([Line((50, 0, 90, 10), "b", 1, ""), Line((0, 2, 40, 12), "a", 1, ""),
    ...                        Line((0, 30, 40, 40), "c", 1, "")])
    >>> [line.text for line in order]
    ['a', 'b', 'c']
    """
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        mid = (line.box[1] + line.box[3]) / 2
        if rows:
            last = rows[-1]
            top = min(ln.box[1] for ln in last)
            bottom = max(ln.box[3] for ln in last)
            if top <= mid <= bottom:
                last.append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.box[0])]
