"""Qwen2.5-VL: JSON boxes in absolute pixels of the *resized* model input.

Asked ``Locate every {object} in the image, output the bbox coordinates in JSON format.``, the model
answers ``[{"bbox_2d": [x1, y1, x2, y2], "label": …}]`` (points: ``"point_2d": [x, y]``, OCR:
``"text_content"``), often inside a code fence. The pixels are those of the image as the server
resized it (:func:`~model.dialects.smart_resize`, so the parser takes the :class:`Frame` with that
size); each is divided by ``input_w`` / ``input_h`` into 0..1. Points become zero-size boxes.

>>> f = DIALECT.frame(1920, 1080)
>>> (f.input_w, f.input_h), parse_boxes('[{"bbox_2d": [966, 546, 1449, 819], "label": "OK"}]', f).boxes[0].xyxy
((1932, 1092), (0.5, 0.5, 0.75, 0.75))
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence

from model.dialects._base import IMAGE, NUM, Collector, Dialect, Frame, Parsed, clean_query, json_items
from model.protocol import ModelBox

__all__ = ["DIALECT", "parse_boxes", "render_boxes", "render_text"]

logger = logging.getLogger(__name__)

GROUND = "Locate every {} in the image, output the bbox coordinates in JSON format."
OCR = "Spotting all the text in the image with line-level, and output in JSON format."
_KEYED = re.compile(rf"""["']?(bbox_2d|point_2d)["']?\s*:\s*\[\s*({NUM}(?:\s*,\s*{NUM})*)\s*\]""")
_LABEL = re.compile(r"""["']?(?:label|text_content|text)["']?\s*:\s*["']([^"']*)""")


def read_json(text: str, scale_x: float, scale_y: float, what: str, log: logging.Logger) -> Parsed:
    """The ``bbox_2d`` / ``point_2d`` items of a JSON answer, coordinates divided by the scales."""
    out = Collector(what, log)
    for item in json_items(text, out.warnings):
        if isinstance(item, str):  # a {...} that is not JSON: look for the keys by pattern
            found, named = _KEYED.search(item), _LABEL.search(item)
            if found is None:
                out.warn(f"object {item[:60]!r} has no bbox_2d or point_2d: skipped")
                continue
            item = {found.group(1): [float(v) for v in found.group(2).split(",")],
                    "label": named.group(1) if named else ""}  # fmt: skip
        if not isinstance(item, dict):
            out.warn(f"item {json.dumps(item)[:60]} is not an object: skipped")
            continue
        label = str(item.get("label", item.get("text_content", item.get("text", ""))))
        key = "bbox_2d" if "bbox_2d" in item else "point_2d" if "point_2d" in item else None
        value = item.get(key) if key else None
        want = 4 if key == "bbox_2d" else 2
        if not (isinstance(value, list) and len(value) == want and all(type(v) in (int, float) for v in value)):
            out.warn(f"item {json.dumps(item, ensure_ascii=False)[:80]} has no {want}-number "
                     f"{key or 'bbox_2d or point_2d'}: skipped")  # fmt: skip
            continue
        out.add(label, [float(v) for v in value], scale_x, scale_y)
    return out.done()


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """Boxes of a Qwen2.5-VL JSON answer (grounding or OCR), in 0..1; never raises."""
    return read_json(text, frame.input_w, frame.input_h, "Qwen2.5-VL", logger)


def write_json(boxes: Sequence[ModelBox], scale_x: float, scale_y: float, key: str) -> str:
    items = [{"bbox_2d": [round(b.xyxy[0] * scale_x), round(b.xyxy[1] * scale_y), round(b.xyxy[2] * scale_x),
                          round(b.xyxy[3] * scale_y)], key: b.label} for b in boxes]  # fmt: skip
    return "```json\n" + json.dumps(items, ensure_ascii=False) + "\n```"


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """``boxes`` as Qwen2.5-VL writes them: a fenced JSON list, integer pixels of the resized input."""
    return write_json(boxes, frame.input_w, frame.input_h, "label")


def render_text(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Text lines (label = text) as Qwen2.5-VL's OCR answer writes them (``text_content``)."""
    return write_json(boxes, frame.input_w, frame.input_h, "text_content")


DIALECT = Dialect(
    name="qwen2_5_vl",
    ground_prompt=lambda q: IMAGE + GROUND.format(clean_query(q)),
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    ocr_prompt=IMAGE + OCR,
    parse_text=parse_boxes,
    render_text=render_text,
    resize=(28, 3136, 12845056),  # the released checkpoints' preprocessor_config.json
)
