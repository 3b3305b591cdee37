"""ShowUI: a clickable point ``[x, y]`` (a Python list literal), floats 0..1 of the screenshot.

The prompt is ShowUI's grounding instruction, the image, then the query. A point becomes a
zero-size box labelled ""; the caller names it after the query. A four-number list is read as a box.

>>> parse_boxes("[0.5, 0.25]", Frame(1920, 1080, 1920, 1080)).boxes[0].xyxy
(0.5, 0.25, 0.5, 0.25)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from model.dialects._base import IMAGE, Collector, Dialect, Frame, Parsed, clean_query, numbers
from model.protocol import ModelBox

__all__ = ["DIALECT", "parse_boxes", "render_boxes"]

logger = logging.getLogger(__name__)
_LIST = re.compile(r"\[([^\[\]]*)(\]|$)")

SYSTEM = (
    "Based on the screenshot of the page, I give a text description and you give its corresponding location. "
    "The coordinate represents a clickable location [x, y] for an element, which is a relative coordinate on "
    "the screenshot, scaled from 0 to 1."
)


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """The points (or 4-number boxes) of a ShowUI answer, in 0..1; never raises."""
    out = Collector("ShowUI", logger)
    for m in _LIST.finditer(text):
        if not m.group(2):
            out.warn(f"[{m.group(1)[:40]} is not closed by ] (output cut short?)")
        values = numbers(m.group(1))
        if values is None or len(values) not in (2, 4):
            out.warn(f"[{m.group(1)[:40]}] is not [x, y] or [x1, y1, x2, y2]: skipped")
            continue
        out.add("", values, 1.0, 1.0)
    if not out.boxes and not out.warnings and text.strip():
        out.warn(f"no [x, y] point in {text.strip()[:60]!r}")
    return out.done()


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Each box's centre as ShowUI writes it: ``[x, y]`` with 3 decimals (several: one a line)."""
    return "\n".join(f"[{(b.xyxy[0] + b.xyxy[2]) / 2:.3f}, {(b.xyxy[1] + b.xyxy[3]) / 2:.3f}]" for b in boxes)


DIALECT = Dialect(
    name="showui",
    ground_prompt=lambda q: f"{SYSTEM}{IMAGE}{clean_query(q)}",
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    points=True,
)
