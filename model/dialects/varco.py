"""VARCO-VISION: ``<obj>phrase</obj><bbox>x1, y1, x2, y2<delim>…</bbox>``, floats 0..1 of the image.

Grounding is asked with ``<gro>`` before the question, OCR with ``<ocr>`` alone; an OCR answer is one
``<char>text</char><bbox>x1, y1, x2, y2</bbox>`` per text unit. Each ``<bbox>`` belongs to the
``<obj>`` or ``<char>`` span before it; its body splits on ``<delim>`` into boxes of four numbers.

>>> parse_boxes("<obj>two cats</obj><bbox>0.014, 0.106, 0.51, 0.996<delim>0.51, 0.054, 0.996, 0.787</bbox>",
...             Frame(1920, 1080, 1920, 1080)).boxes[1].xyxy
(0.51, 0.054, 0.996, 0.787)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from model.dialects._base import (
    CHART_PROMPT,
    IMAGE,
    Collector,
    Dialect,
    Frame,
    Parsed,
    ParsedTable,
    clean_query,
    numbers,
    read_table,
)
from model.protocol import ModelBox

__all__ = ["DIALECT", "parse_boxes", "parse_table", "render_boxes", "render_text"]

logger = logging.getLogger(__name__)

_OPEN = re.compile(r"<bbox>")
_STOP = re.compile(r"</bbox>|<bbox>|<obj>|<char>")
_SPAN = re.compile(r"<(obj|char)>(.*?)(</\1>|$)", re.DOTALL)


def parse_boxes(text: str, frame: Frame) -> Parsed:
    """Boxes of a VARCO answer (grounding or OCR), labelled with their ``<obj>`` / ``<char>`` text; never raises."""
    out = Collector("VARCO-VISION", logger)
    pos = 0
    for m in _OPEN.finditer(text):
        if m.start() < pos:
            continue
        before = text[pos : m.start()]
        spans = list(_SPAN.finditer(before))
        label = ""
        if spans:
            label = spans[-1].group(2)
            if not spans[-1].group(3):
                out.warn(f"<{spans[-1].group(1)}>{label[:40]!r} is not closed before its <bbox>")
        else:
            out.warn("<bbox> without an <obj> or <char> span before it")
        stop = _STOP.search(text, m.end())
        body = text[m.end() : stop.start() if stop else len(text)]
        if stop is None or stop.group(0) != "</bbox>":
            out.warn(f"<bbox>{body[:40]!r} is not closed by </bbox> (output cut short?)")
            pos = stop.start() if stop else len(text)
        else:
            pos = stop.end()
        for part in body.split("<delim>"):
            values = numbers(part)
            if values is None or len(values) != 4:
                out.warn(f"bbox {part.strip()[:40]!r} is not x1, y1, x2, y2: skipped")
                continue
            out.add(label, values, 1.0, 1.0)
    return out.done()


def parse_table(text: str) -> ParsedTable:
    """A chart's data table from a VARCO-VISION answer (grounding and OCR tags dropped first).

    >>> parse_table("<obj>x</obj>\\n| x | y |\\n| a | 1 |").rows
    (('x', 'y'), ('a', '1'))
    """
    return read_table(re.sub(r"</?(?:obj|char|bbox|delim|gro|ocr)>", " ", text))


def _write(boxes: Sequence[ModelBox], tag: str, sep: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(boxes):
        label, group = boxes[i].label, list[str]()
        while i < len(boxes) and boxes[i].label == label and (tag == "obj" or not group):
            group.append(", ".join(f"{v:.3f}" for v in boxes[i].xyxy))
            i += 1
        out.append(f"<{tag}>{clean_query(label)}</{tag}><bbox>{'<delim>'.join(group)}</bbox>")
    return sep.join(out)


def render_boxes(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """``boxes`` as VARCO writes them (consecutive boxes of one label share an ``<obj>``; 3 decimals)."""
    return _write(boxes, "obj", " ")


def render_text(boxes: Sequence[ModelBox], frame: Frame) -> str:
    """Text units (label = text) as a VARCO ``<ocr>`` answer: one ``<char>…</char><bbox>…</bbox>`` a line."""
    return _write(boxes, "char", "\n")


DIALECT = Dialect(
    name="varco",
    ground_prompt=lambda q: f"{IMAGE}<gro>\nLocate {clean_query(q)} in the image.",
    parse_boxes=parse_boxes,
    render_boxes=render_boxes,
    ocr_prompt=f"{IMAGE}<ocr>",
    parse_text=parse_boxes,
    render_text=render_text,
    chart_prompt=f"{IMAGE}\n{CHART_PROMPT}",
    parse_table=parse_table,
)
