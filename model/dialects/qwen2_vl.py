"""Qwen2-VL (and OS-Atlas-Base): ``<|object_ref_start|>label<|object_ref_end|><|box_start|>(x1,y1),(x2,y2)<|box_end|>``.

Coordinates are integers 0..1000 relative to the image. A box body of one pair ``(x,y)`` is a point
(a zero-size box).

>>> parse_boxes("<|object_ref_start|>OK<|object_ref_end|><|box_start|>(500,500),(750,750)<|box_end|>",
...             Frame(1920, 1080, 1920, 1080)).boxes[0].xyxy
(0.5, 0.5, 0.75, 0.75)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from model.dialects._base import IMAGE, Collector, Dialect, Frame, Parsed, clean_query, numbers
from model.protocol import ModelBox

__all__ = ["DIALECT", "parse_boxes", "render_boxes"]

logger = logging.getLogger(__name__)
_SCALE = 1000
_OPEN = re.compile(r"<\|box_start\|>")
_STOP = re.compile(r"<\|box_end\|>|<\|box_start\|>|<\|object_ref_start\|>")
_REF = re.compile(r"<\|object_ref_start\|>(.*?)(<\|object_ref_end\|>|$)", re.DOTALL)
_PAIRS = re.compile(r"\s*\([^()]*\)\s*(,\s*\([^()]*\)\s*)?")


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """Boxes of a Qwen2-VL answer, labelled with their object ref (else ""); never raises."""
    out = Collector("Qwen2-VL", logger)
    pos = 0
    for m in _OPEN.finditer(text):
        if m.start() < pos:
            continue
        refs = list(_REF.finditer(text[pos : m.start()]))
        label = refs[-1].group(1) if refs else ""
        if refs and not refs[-1].group(2):
            out.warn(f"<|object_ref_start|>{label[:40]!r} is not closed before its box")
        stop = _STOP.search(text, m.end())
        body = text[m.end() : stop.start() if stop else len(text)]
        if stop is None or stop.group(0) != "<|box_end|>":
            out.warn(f"<|box_start|>{body[:40]!r} is not closed by <|box_end|> (output cut short?)")
            pos = stop.start() if stop else len(text)
        else:
            pos = stop.end()
        values = numbers(body) if _PAIRS.fullmatch(body) else None
        if values is None or len(values) not in (2, 4):
            out.warn(f"box {body.strip()[:40]!r} is not (x1,y1),(x2,y2) or (x,y): skipped")
            continue
        out.add(label, values, _SCALE, _SCALE)
    return out.done()


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """``boxes`` as Qwen2-VL writes them (0..1000 integers, one object ref each)."""
    return "".join(
        f"<|object_ref_start|>{clean_query(b.label)}<|object_ref_end|><|box_start|>"
        f"({round(b.xyxy[0] * _SCALE)},{round(b.xyxy[1] * _SCALE)}),"
        f"({round(b.xyxy[2] * _SCALE)},{round(b.xyxy[3] * _SCALE)})<|box_end|>"
        for b in boxes
    )


DIALECT = Dialect(
    name="qwen2_vl",
    ground_prompt=lambda q: (
        f"{IMAGE}In this UI screenshot, what is the position of the element corresponding to the command "
        f'"{clean_query(q)}" (with bbox)?'
    ),
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
)
