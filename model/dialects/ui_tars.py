"""UI-TARS: agent actions such as ``click(start_box='(x,y)')``; v1 on a 0..1000 grid, 1.5 in pixels.

The model answers ``Thought: …\\nAction: click(start_box='(x1,y1)')`` (``drag`` adds ``end_box``; a
box may be ``(x1,y1,x2,y2)``, wrapped in ``<|box_start|>…<|box_end|>``, or written ``<point>x y</point>``,
which is read as ``(x,y)``). OS-Atlas-Pro's ``CLICK <point>[[x, y]]</point>`` is read too. UI-TARS v1
(Qwen2-VL based) writes integers 0..1000 relative to the image; UI-TARS-1.5 (Qwen2.5-VL based)
writes absolute pixels of the image after ``smart_resize(factor=28, min_pixels=100·28·28,
max_pixels=16384·28·28)``. A point becomes a zero-size box labelled with its action (``click``);
a four-number box is kept as it is (its centre is where to act).

>>> parse_boxes("Action: click(start_box='(500,500)')", Frame(1920, 1080, 1920, 1080)).boxes[0].xyxy
(0.5, 0.5, 0.5, 0.5)
>>> f = DIALECT_1_5.frame(1920, 1080)
>>> parse_boxes_1_5("Action: click(start_box='<|box_start|>(966,546)<|box_end|>')", f).boxes[0].xyxy
(0.5, 0.5, 0.5, 0.5)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from model.dialects._base import IMAGE, NUM, Collector, Dialect, Frame, Parsed, clean_query, numbers
from model.protocol import ModelBox

__all__ = ["DIALECT", "DIALECT_1_5", "parse_boxes", "parse_boxes_1_5", "render_boxes", "render_boxes_1_5"]

logger = logging.getLogger(__name__)
_SCALE = 1000
_SPACED_POINT = re.compile(rf"<point>\s*({NUM})[\s,]+({NUM})\s*</point>")
_ARG = re.compile(r"""(start_box|end_box)\s*=\s*(['"]?)""")
_ACTION = re.compile(r"([A-Za-z_]\w*)\s*\(")
_BRACKET_POINT = re.compile(rf"(?:([A-Za-z_]\w*)\s*)?<point>\s*\[\[\s*({NUM})\s*,\s*({NUM})\s*\]\]\s*(</point>)?")
_WRAP = re.compile(r"<\|box_start\|>|<\|box_end\|>")

PROMPT = (
    "You are a GUI agent. You are given a task and a screenshot. Output the next action.\n\n"
    "## Output Format\nThought: ...\nAction: ...\n\n"
    "## Action Space\nclick(start_box='<|box_start|>(x1,y1)<|box_end|>')\n\n"
    "## User Instruction\nClick {}"
)


def _read(text: str, scale_x: float, scale_y: float, what: str) -> Parsed:
    out = Collector(what, logger)
    text = _SPACED_POINT.sub(r"(\1,\2)", text)
    for m in _ARG.finditer(text):
        quote = m.group(2)
        end = text.find(quote, m.end()) if quote else -1
        if quote and end < 0:
            out.warn(f"{m.group(1)}={text[m.end() : m.end() + 40]!r} has no closing quote (output cut short?)")
        stop = end if end >= 0 else len(text)
        if not quote:
            close = text.find(")", m.end())
            stop = close + 1 if close >= 0 else len(text)
        body = _WRAP.sub("", text[m.end() : stop]).strip()
        actions = list(_ACTION.finditer(text[: m.start()]))
        label = actions[-1].group(1) if actions else ""
        values = numbers(body) if body.startswith("(") and body.endswith(")") else None
        if values is None or len(values) not in (2, 4):
            out.warn(f"{m.group(1)} {body[:40]!r} is not (x,y) or (x1,y1,x2,y2): skipped")
            continue
        out.add(label, values, scale_x, scale_y)
    for m in _BRACKET_POINT.finditer(text):
        if m.group(4) is None:
            out.warn(f"<point>[[{m.group(2)}, {m.group(3)}]] is not closed by </point>")
        out.add((m.group(1) or "").lower(), [float(m.group(2)), float(m.group(3))], scale_x, scale_y)
    if not out.boxes and not out.warnings and ("start_box" in text or "<point>" in text):
        out.warn(f"no readable box in {text[:60]!r}")
    return out.done()


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """UI-TARS v1 / OS-Atlas-Pro actions (0..1000) → points or boxes in 0..1; never raises."""
    return _read(text, _SCALE, _SCALE, "UI-TARS")


def parse_boxes_1_5(text: str, frame: Frame) -> Parsed:
    """UI-TARS-1.5 actions (pixels of the resized input, ``frame.input_w × input_h``) → 0..1; never raises."""
    return _read(text, frame.input_w, frame.input_h, "UI-TARS-1.5")


def _centres(boxes: Sequence[ModelBox], sx: float, sy: float) -> list[tuple[int, int]]:
    return [(round((b.xyxy[0] + b.xyxy[2]) / 2 * sx), round((b.xyxy[1] + b.xyxy[3]) / 2 * sy)) for b in boxes]


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Each box's centre as a v1 ``click(start_box='(x,y)')`` (0..1000), one action a line."""
    return "\n".join(f"Thought: click {clean_query(b.label)}.\nAction: click(start_box='({x},{y})')"
                     for b, (x, y) in zip(boxes, _centres(boxes, _SCALE, _SCALE), strict=True))  # fmt: skip


def render_boxes_1_5(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Each box's centre as a 1.5 ``click(start_box='<|box_start|>(x,y)<|box_end|>')`` (resized pixels)."""
    return "\n".join(f"Thought: click {clean_query(b.label)}.\nAction: click(start_box='<|box_start|>({x},{y})"
                     f"<|box_end|>')" for b, (x, y) in zip(boxes, _centres(boxes, frame.input_w, frame.input_h),
                                                       strict=True))  # fmt: skip


DIALECT = Dialect(
    name="ui_tars",
    ground_prompt=lambda q: IMAGE + PROMPT.format(clean_query(q)),
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    points=True,
)
DIALECT_1_5 = Dialect(
    name="ui_tars_1_5",
    ground_prompt=lambda q: IMAGE + PROMPT.format(clean_query(q)),
    parse_boxes=parse_boxes_1_5,
    render_boxes=render_boxes_1_5,
    points=True,
    resize=(28, 100 * 28 * 28, 16384 * 28 * 28),
)
