"""Qwen3-VL: the JSON answers of Qwen2.5-VL, with coordinates relative on a 0..1000 grid.

>>> parse_boxes('```json\\n[{"bbox_2d": [500, 500, 750, 750], "label": "OK"}]\\n```', Frame(1920, 1080, 1920, 1080)).boxes[0].xyxy
(0.5, 0.5, 0.75, 0.75)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from model.dialects._base import IMAGE, Dialect, Frame, Parsed, clean_query
from model.dialects.qwen2_5_vl import GROUND, OCR, read_json, write_json
from model.protocol import ModelBox

__all__ = ["DIALECT", "parse_boxes", "render_boxes", "render_text"]

logger = logging.getLogger(__name__)
_SCALE = 1000


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """Boxes of a Qwen3-VL JSON answer (``bbox_2d`` / ``point_2d`` on 0..1000), in 0..1; never raises."""
    return read_json(text, _SCALE, _SCALE, "Qwen3-VL", logger)


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """``boxes`` as Qwen3-VL writes them: a fenced JSON list of 0..1000 integers."""
    return write_json(boxes, _SCALE, _SCALE, "label")


def render_text(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Text lines (label = text) as a Qwen3-VL OCR answer (``text_content``)."""
    return write_json(boxes, _SCALE, _SCALE, "text_content")


DIALECT = Dialect(
    name="qwen3_vl",
    ground_prompt=lambda q: IMAGE + GROUND.format(clean_query(q)),
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    ocr_prompt=IMAGE + OCR,
    parse_text=parse_boxes,
    render_text=render_text,
)
