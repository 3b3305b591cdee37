"""Florence-2: task tokens in, ``label<loc_x1><loc_y1><loc_x2><loc_y2>…`` out, 1000 bins of the image.

Bin ``k`` is read as its centre, ``(k + 0.5) / 1000`` of the width or height (the model sees a
non-aspect-preserving 768×768 stretch, so bins are relative to the image); a value is written as
``floor(v · 1000)`` clamped to 0..999. Phrase grounding repeats a label's boxes back to back, so each
run of loc tokens belongs to the text before it. ``<OCR_WITH_REGION>`` answers carry 8 loc tokens
(a quadrilateral) per line: its bounding box is returned.

>>> parse_boxes("Button 3<loc_100><loc_200><loc_300><loc_400>", Frame(1920, 1080, 1920, 1080)).boxes[0].xyxy
(0.1005, 0.2005, 0.3005, 0.4005)
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence

from model.dialects._base import IMAGE, Collector, Dialect, Frame, Parsed, clean_query
from model.protocol import ModelBox

__all__ = ["DIALECT", "parse_boxes", "parse_text", "render_boxes", "render_text"]

logger = logging.getLogger(__name__)
_BINS = 1000
_RUN = re.compile(r"((?:<loc_\d+>\s*)+)")
_NOISE = re.compile(r"</?s>|<pad>")


def _read(text: str, per_box: int) -> Parsed:
    out = Collector("Florence-2", logger)
    parts = _RUN.split(_NOISE.sub("", text))
    for label, run in zip(parts[0::2], parts[1::2], strict=False):
        locs = [float(k) for k in re.findall(r"<loc_(\d+)>", run)]
        if len(locs) % per_box:
            out.warn(f"{len(locs)} loc tokens after {label.strip()[:40]!r}, not a multiple of {per_box}: "
                     f"the last {len(locs) % per_box} skipped")  # fmt: skip
        for i in range(0, len(locs) - per_box + 1, per_box):
            g = locs[i : i + per_box]
            if any(v >= _BINS for v in g):
                out.warn(f"loc token {max(g):g} outside 0..{_BINS - 1}: clamped")
                g = [min(v, _BINS - 1) for v in g]
            g = [v + 0.5 for v in g]
            if per_box == 8:
                g = [min(g[0::2]), min(g[1::2]), max(g[0::2]), max(g[1::2])]
            out.add(label, g, _BINS, _BINS)
    return out.done()


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """Boxes of a detection or phrase-grounding answer (4 locs each), in 0..1; never raises."""
    return _read(text, 4)


def parse_text(text: str, frame: Frame) -> Parsed:
    """Lines of an ``<OCR_WITH_REGION>`` answer (text + 8 locs), their quads' bounding boxes; never raises."""
    return _read(text, 8)


def _loc(v: float) -> str:
    return f"<loc_{min(max(math.floor(v * _BINS), 0), _BINS - 1)}>"


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """``boxes`` as Florence-2 writes them: ``label`` then 4 loc tokens per box."""
    return "".join(clean_query(b.label) + "".join(_loc(v) for v in b.xyxy) for b in boxes)


def render_text(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Lines (label = text) as an ``<OCR_WITH_REGION>`` answer: text then the box as a clockwise quad."""
    out = []
    for b in boxes:
        x0, y0, x1, y1 = b.xyxy
        out.append(clean_query(b.label) + "".join(_loc(v) for v in (x0, y0, x1, y0, x1, y1, x0, y1)))
    return "".join(out)


DIALECT = Dialect(
    name="florence2",
    ground_prompt=lambda q: f"{IMAGE}<CAPTION_TO_PHRASE_GROUNDING>{clean_query(q)}",
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    ocr_prompt=f"{IMAGE}<OCR_WITH_REGION>",
    parse_text=parse_text,
    render_text=render_text,
    layout_prompt=f"{IMAGE}<OD>",
)
