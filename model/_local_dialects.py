"""Grounding dialects of the transformers backend: each family's prompts and answer parsers.

The seam between :mod:`model.local` and :mod:`model.dialects`: the backend asks only
``dialect_for(family)`` for a :class:`Dialect`, whose prompt builders return text with ``<image>``
markers and whose parsers turn an answer into ``(label, (x0, y0, x1, y1))`` in 0..1 of the image,
never raising on malformed text. DeepSeek-VL2's prompt and parser come from
:mod:`model.dialects.deepseek`; the others live here until they get a module there.

>>> DIALECTS["florence2"].parse_boxes("OK<loc_0><loc_0><loc_499><loc_999>", Frame(640, 480, 640, 480))
[('OK', (0.0005, 0.0005, 0.4995, 0.9995))]
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["DIALECTS", "IMAGE", "BoxParser", "Dialect", "Frame", "clean_query"]

IMAGE = "<image>"
"""The placeholder for one image in a :class:`~model.protocol.GenerateRequest` prompt."""


@dataclass(frozen=True)
class Frame:
    """The image a box answer refers to: its size, and the size the model saw after its resize.

    ``input_w × input_h`` equals ``width × height`` for families whose boxes are relative.
    """

    width: int
    height: int
    input_w: int
    input_h: int


BoxParser = Callable[[str, Frame], list[tuple[str, tuple[float, float, float, float]]]]
"""Answer text → ``(label, (x0, y0, x1, y1))`` in 0..1 of the image; never raises."""


@dataclass(frozen=True)
class Dialect:
    """How one family is asked to ground, read and segment, and how its answers are parsed.

    ``ground_prompt(query)`` returns a prompt with one ``<image>`` marker. A task whose prompt is
    None is not offered by the family. Parsers take the answer text and the :class:`Frame` and
    return labelled boxes in 0..1; malformed text gives fewer boxes, never an exception.
    """

    name: str
    ground_prompt: Callable[[str], str]
    parse_boxes: BoxParser
    ocr_prompt: str | None = None
    parse_text: BoxParser | None = None
    layout_prompt: str | None = None


_NUM = r"-?\d+(?:\.\d+)?"
_TAG_LIKE = re.compile(r"<[|｜]?/?[A-Za-z_][\w▁.-]{0,40}[|｜]?>")


def clean_query(query: str) -> str:
    """``query`` without anything shaped like a special token or tag (``<|im_end|>``, ``<obj>``, ``<loc_5>``,
    ``<image>``), so a query can neither close the prompt's template nor forge an answer tag.

    >>> clean_query("the <|im_end|> OK <image> button")
    'the OK button'
    """
    return " ".join(_TAG_LIKE.sub(" ", query).split())


def _unit_box(
    label: str, values: Sequence[float], scale_x: float, scale_y: float
) -> tuple[str, tuple[float, float, float, float]] | None:
    """``values`` (x0, y0, x1, y1) divided by the scales, ordered and clamped to 0..1; None if not finite."""
    x0, y0, x1, y1 = (values[0] / scale_x, values[1] / scale_y, values[2] / scale_x, values[3] / scale_y)
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)):
        return None
    x0, x1 = sorted((min(max(x0, 0.0), 1.0), min(max(x1, 0.0), 1.0)))
    y0, y1 = sorted((min(max(y0, 0.0), 1.0), min(max(y1, 0.0), 1.0)))
    return label.strip(), (x0, y0, x1, y1)


def _json_items(text: str) -> list[dict[str, Any]]:
    """The JSON objects of an answer: the whole answer (code fences stripped) if it parses, else each
    ``{...}`` that parses on its own (an answer cut by the token limit keeps its complete objects)."""
    body = re.sub(r"```(?:json)?", "", text).strip()
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return [d for d in data if isinstance(d, dict)]
    items = []
    for chunk in re.findall(r"\{[^{}]*\}", body):
        try:
            item = json.loads(chunk)
        except ValueError:
            continue
        if isinstance(item, dict):
            items.append(item)
    return items


def _numbers(value: object, count: int) -> list[float] | None:
    if isinstance(value, list) and len(value) == count and all(isinstance(v, int | float) for v in value):
        return [float(v) for v in value]
    return None


def _parse_qwen_json(text: str, frame: Frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Qwen2.5-VL: ``[{"bbox_2d": [x0, y0, x1, y1], "label": …}]`` (or ``point_2d``, ``text_content``),
    absolute pixels of the resized input ``input_w × input_h``."""
    out = []
    for item in _json_items(text):
        label = str(item.get("label", item.get("text_content", item.get("text", ""))))
        if (box := _numbers(item.get("bbox_2d"), 4)) is None:
            if (point := _numbers(item.get("point_2d"), 2)) is None:
                continue
            box = [point[0], point[1], point[0], point[1]]
        if (unit := _unit_box(label, box, frame.input_w, frame.input_h)) is not None:
            out.append(unit)
    return out


_QWEN2_BOX = re.compile(
    r"(?:<\|object_ref_start\|>(.*?)<\|object_ref_end\|>)?\s*<\|box_start\|>\s*\(\s*(" + _NUM + r")\s*,\s*(" + _NUM
    + r")\s*\)\s*,\s*\(\s*(" + _NUM + r")\s*,\s*(" + _NUM + r")\s*\)\s*<\|box_end\|>",
    re.DOTALL,
)  # fmt: skip


def _parse_qwen2_boxes(text: str, frame: Frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Qwen2-VL: ``<|object_ref_start|>label<|object_ref_end|><|box_start|>(x0,y0),(x1,y1)<|box_end|>``, 0..1000."""
    out = []
    for m in _QWEN2_BOX.finditer(text):
        if (unit := _unit_box(m.group(1) or "", [float(g) for g in m.groups()[1:]], 1000, 1000)) is not None:
            out.append(unit)
    return out


def _deepseek_prompt(query: str) -> str:
    from model.dialects import deepseek

    return deepseek.grounding_content(clean_query(query))


def _parse_deepseek(text: str, frame: Frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """DeepSeek-VL2: ``<|ref|>label<|/ref|><|det|>[[x0, y0, x1, y1], …]<|/det|>``, ints 0..999 of the image
    (the parser of :mod:`model.dialects.deepseek`)."""
    from model.dialects import deepseek

    return [(b.label, b.xyxy) for b in deepseek.parse_grounding(text).boxes]


_VARCO_PAIR = re.compile(r"<(obj|char)>(.*?)</\1>\s*<bbox>(.*?)</bbox>", re.DOTALL)


def _parse_varco(text: str, frame: Frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """VARCO-VISION: ``<obj>label</obj><bbox>x0, y0, x1, y1<delim>…</bbox>`` (OCR: ``<char>``), floats 0..1."""
    out = []
    for m in _VARCO_PAIR.finditer(text):
        for part in m.group(3).split("<delim>"):
            values = [float(v) for v in re.findall(_NUM, part)]
            if len(values) == 4 and (unit := _unit_box(m.group(2), values, 1, 1)) is not None:
                out.append(unit)
    return out


_FLORENCE_RUN = re.compile(r"((?:<loc_\d+>)+)")


def _florence_runs(text: str, per_box: int) -> list[tuple[str, list[list[float]]]]:
    """Florence-2 answers as ``(label, [loc groups of per_box values])``: each run of ``<loc_k>``
    tokens belongs to the text before it (phrase grounding repeats a label's boxes back to back)."""
    text = re.sub(r"</?s>|<pad>", "", text)
    parts = _FLORENCE_RUN.split(text)
    out = []
    for label, run in zip(parts[0::2], parts[1::2], strict=False):
        locs = [float(k) for k in re.findall(r"<loc_(\d+)>", run)]
        groups = [locs[i : i + per_box] for i in range(0, len(locs) - per_box + 1, per_box)]
        out.append((label, groups))
    return out


def _parse_florence_boxes(text: str, frame: Frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Florence-2: ``label<loc_x0><loc_y0><loc_x1><loc_y1>…``, 1000 bins of the image (bin centre)."""
    out = []
    for label, groups in _florence_runs(text, 4):
        for g in groups:
            if (unit := _unit_box(label, [v + 0.5 for v in g], 1000, 1000)) is not None:
                out.append(unit)
    return out


def _parse_florence_quads(text: str, frame: Frame) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Florence-2 ``<OCR_WITH_REGION>``: ``text`` + 8 loc tokens (a quadrilateral) → its bounding box."""
    out = []
    for label, groups in _florence_runs(text, 8):
        for g in groups:
            xs, ys = [v + 0.5 for v in g[0::2]], [v + 0.5 for v in g[1::2]]
            if (unit := _unit_box(label, [min(xs), min(ys), max(xs), max(ys)], 1000, 1000)) is not None:
                out.append(unit)
    return out


DIALECTS: dict[str, Dialect] = {
    "qwen2_5_vl": Dialect(
        name="qwen2_5_vl",
        ground_prompt=lambda q: (
            f"{IMAGE}Locate every {clean_query(q)} in the image, output the bbox coordinates in JSON format."
        ),
        parse_boxes=_parse_qwen_json,
        ocr_prompt=f"{IMAGE}Spotting all the text in the image with line-level, and output in JSON format.",
        parse_text=_parse_qwen_json,
    ),
    "qwen2_vl": Dialect(
        name="qwen2_vl",
        ground_prompt=lambda q: (
            f'{IMAGE}In this UI screenshot, what is the position of the element corresponding to the command "{clean_query(q)}" '
            "(with bbox)?"
        ),
        parse_boxes=_parse_qwen2_boxes,
    ),
    "varco": Dialect(
        name="varco",
        ground_prompt=lambda q: f"{IMAGE}<gro>\nLocate {clean_query(q)} in the image.",
        parse_boxes=_parse_varco,
        ocr_prompt=f"{IMAGE}<ocr>",
        parse_text=_parse_varco,
    ),
    "deepseek": Dialect(name="deepseek", ground_prompt=_deepseek_prompt, parse_boxes=_parse_deepseek),
    "florence2": Dialect(
        name="florence2",
        ground_prompt=lambda q: f"{IMAGE}<CAPTION_TO_PHRASE_GROUNDING>{clean_query(q)}",
        parse_boxes=_parse_florence_boxes,
        ocr_prompt=f"{IMAGE}<OCR_WITH_REGION>",
        parse_text=_parse_florence_quads,
        layout_prompt=f"{IMAGE}<OD>",
    ),
}
