"""What every dialect shares: the :class:`Dialect` record, the :class:`Frame` of an answer, the parse
result, and a collector that orders, clamps and checks boxes while noting each repair."""

from __future__ import annotations

import csv
import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from model.protocol import ModelBox, Wire

__all__ = ["CHART_PROMPT", "IMAGE", "NUM", "Boxes", "Dialect", "Frame", "Parsed", "ParsedTable", "Renderer", "clean_query",
           "json_items", "read_table", "smart_resize"]  # fmt: skip

IMAGE = "<image>"
"""The placeholder for one image in a :class:`~model.protocol.GenerateRequest` prompt."""

NUM = r"[-+]?\d+(?:\.\d+)?"
"""A number as models write them (no exponent)."""

_TAG_LIKE = re.compile(r"<[|｜]?/?[A-Za-z_][\w▁.-]{0,40}[|｜]?>")


def clean_query(query: str) -> str:
    """``query`` without anything shaped like a special token or tag (``<|im_end|>``, ``<obj>``, ``<loc_5>``,
    ``<image>``), so a query can neither close the prompt's template nor forge an answer tag.

    >>> clean_query("the <|im_end|> OK <image> button")
    'the OK button'
    """
    return " ".join(_TAG_LIKE.sub(" ", query).split())


def smart_resize(height: int, width: int, *, factor: int = 28, min_pixels: int, max_pixels: int) -> tuple[int, int]:
    """``(height, width)`` a Qwen-VL processor resizes an image to: sides multiples of ``factor``, area
    within ``[min_pixels, max_pixels]``, aspect kept (specs/vlm.md §2.2).

    >>> smart_resize(1080, 1920, min_pixels=3136, max_pixels=12845056), smart_resize(1080, 1920, min_pixels=3136, max_pixels=1003520)
    ((1092, 1932), (728, 1316))
    """
    h = max(factor, round(height / factor) * factor)
    w = max(factor, round(width / factor) * factor)
    if h * w > max_pixels:
        beta = math.sqrt(height * width / max_pixels)
        h = max(factor, math.floor(height / beta / factor) * factor)
        w = max(factor, math.floor(width / beta / factor) * factor)
    elif h * w < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h = math.ceil(height * beta / factor) * factor
        w = math.ceil(width * beta / factor) * factor
    return h, w


@dataclass(frozen=True)
class Frame:
    """The image an answer refers to: its size, and the size the model saw after its resize.

    ``input_w × input_h`` equals ``width × height`` for families whose boxes are relative; only the
    pixel dialects (Qwen2.5-VL, UI-TARS-1.5) read it.
    """

    width: int
    height: int
    input_w: int
    input_h: int


class Parsed(Wire):
    """What a parser read: boxes in 0..1 of the image sent (points are zero-size boxes), and the
    repairs and skips it made on the way (empty for well-formed output).

    >>> Parsed().boxes, Parsed().warnings
    ((), ())
    """

    boxes: tuple[ModelBox, ...] = ()
    warnings: tuple[str, ...] = ()


Boxes = Callable[[str, Frame], Parsed]
"""Answer text → :class:`Parsed`; never raises."""
Renderer = Callable[[Sequence[ModelBox], Frame], str]
"""Boxes (0..1) → the text the family would answer with them (for tests and stand-in servers)."""


@dataclass(frozen=True)
class Dialect:
    """How one family is asked to ground, read and segment, how its answers parse, and how boxes
    are written back in its format.

    ``ground_prompt(query)`` returns a prompt with one ``<image>`` marker. A task whose prompt is
    None is not offered. ``parse_boxes`` / ``parse_text`` read grounding (and layout) / OCR answers;
    ``render_boxes`` / ``render_text`` write them. ``points``: the family answers points, which
    parse to zero-size boxes (a box's centre is what its renderer writes). ``resize``:
    ``(factor, min_pixels, max_pixels)`` of the Qwen-VL resize when answers are pixels of the
    resized input (None: relative coordinates). ``chart_prompt`` asks for a chart's data table and
    ``parse_table`` reads the answer (None: the family is not asked for tables).
    """

    name: str
    ground_prompt: Callable[[str], str]
    parse_boxes: Boxes
    render_boxes: Renderer
    ocr_prompt: str | None = None
    parse_text: Boxes | None = None
    render_text: Renderer | None = None
    layout_prompt: str | None = None
    chart_prompt: str | None = None
    parse_table: Callable[[str], ParsedTable] | None = None
    points: bool = False
    resize: tuple[int, int, int] | None = None

    def frame(self, width: int, height: int, *, min_pixels: int | None = None, max_pixels: int | None = None) -> Frame:
        """The :class:`Frame` of a ``width × height`` image: for pixel dialects the resized input
        (the server's ``min_pixels`` / ``max_pixels``, default the released checkpoints')."""
        if self.resize is None:
            return Frame(width, height, width, height)
        factor, low, high = self.resize
        rh, rw = smart_resize(height, width, factor=factor, min_pixels=min_pixels or low, max_pixels=max_pixels or high)
        return Frame(width, height, rw, rh)

    def labelled(self, boxes: Sequence[ModelBox], query: str) -> tuple[ModelBox, ...]:
        """Grounding answers labelled with what was asked: boxes with no label, and every answer of a
        point family (whose label is its action word, such as ``click``), take ``query``."""
        return tuple(b if b.label and not self.points else b.model_copy(update={"label": query}) for b in boxes)


class Collector:
    """Boxes read so far and the problems met; :meth:`done` logs the problems and freezes the result."""

    def __init__(self, what: str, logger: logging.Logger) -> None:
        self.what, self.logger = what, logger
        self.boxes: list[ModelBox] = []
        self.warnings: list[str] = []

    def warn(self, problem: str) -> None:
        self.warnings.append(problem)

    def add(self, label: str, values: Sequence[float], scale_x: float, scale_y: float) -> None:
        """Add ``values`` (x0, y0, x1, y1 or x, y) in units where ``scale`` is the far edge."""
        shown = ", ".join(f"{v:g}" for v in values)
        if len(values) == 2:
            values = [values[0], values[1], values[0], values[1]]
        if len(values) != 4 or not all(math.isfinite(v) for v in values) or scale_x <= 0 or scale_y <= 0:
            self.warn(f"box ({shown}) is not 4 finite numbers: skipped")
            return
        x0, y0, x1, y1 = values
        if any(v < 0 for v in values) or max(x0, x1) > scale_x or max(y0, y1) > scale_y:
            self.warn(f"box ({shown}) outside 0..{scale_x:g} × 0..{scale_y:g}: clamped")
            x0, x1 = (min(max(v, 0.0), scale_x) for v in (x0, x1))
            y0, y1 = (min(max(v, 0.0), scale_y) for v in (y0, y1))
        if x1 < x0 or y1 < y0:
            self.warn(f"box ({shown}) has its corners swapped: reordered")
            x0, x1 = min(x0, x1), max(x0, x1)
            y0, y1 = min(y0, y1), max(y0, y1)
        xyxy = (min(x0 / scale_x, 1.0), min(y0 / scale_y, 1.0), min(x1 / scale_x, 1.0), min(y1 / scale_y, 1.0))
        self.boxes.append(ModelBox(label=" ".join(label.split()), xyxy=xyxy))

    def done(self) -> Parsed:
        for p in self.warnings:
            self.logger.warning("%s output: %s", self.what, p)
        return Parsed(boxes=tuple(self.boxes), warnings=tuple(self.warnings))


def numbers(text: str) -> list[float] | None:
    """The comma-separated numbers of ``text`` (brackets and spaces aside), or None if anything else is there."""
    parts = [p.strip() for p in re.sub(r"[\[\]()]", " ", text).split(",")]
    if not parts or not all(re.fullmatch(NUM, p) for p in parts):
        return None
    return [float(p) for p in parts]


def json_items(text: str, problems: list[str]) -> list[Any]:
    """The JSON objects of an answer: the whole answer (code fences stripped) if it parses, else each
    ``{...}`` that parses on its own (an answer cut by the token limit keeps its complete objects)."""
    body = re.sub(r"```(?:json)?", "", text).strip()
    if not body:
        return []
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    else:
        if isinstance(data, dict):
            return [data]
        if isinstance(data, list):
            return data
    items: list[Any] = []
    chunks = re.findall(r"\{[^{}]*\}", body)
    for chunk in chunks:
        try:
            items.append(json.loads(chunk))
        except ValueError:
            items.append(chunk)  # the caller may still find numbers in it
    if "{" in body or "[" in body:
        problems.append(f"answer is not valid JSON ({body[:60]!r}…): read {len(chunks)} object(s) one by one")
    return items


# -- chart data tables -------------------------------------------------------------------------------

CHART_PROMPT = (
    "Convert this chart into its underlying data table, written as a Markdown table: the first column "
    "holds the categories or x values, then one column per series with the series name in the header "
    "row. Write plain numbers, without units or thousands separators."
)
"""The question that asks a model for a chart's data table (after the family's image marker)."""

_FENCE = re.compile(r"```[a-zA-Z]*")
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


class ParsedTable(Wire):
    """A data table read from an answer: rows of cell texts (the first is the header), an optional
    title (``TITLE | …`` lines), and the repairs made on the way.

    >>> read_table("| x | y |\\n|---|---|\\n| a | 1 |").rows
    (('x', 'y'), ('a', '1'))
    """

    rows: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    warnings: tuple[str, ...] = ()


def read_table(text: str) -> ParsedTable:
    """The table in a model's answer: Markdown pipes, the ``a | b <0x0A> …`` linearised form, CSV or
    tab-separated lines; prose around the table is skipped. Ragged rows are padded or cut to the
    header's width (noted in ``warnings``); never raises.

    >>> read_table("Here it is:\\nyear,sales\\n2020,3.5\\n2021,4").rows
    (('year', 'sales'), ('2020', '3.5'), ('2021', '4'))
    """
    body = _FENCE.sub("", text).replace("<0x0A>", "\n").replace("\\n", "\n")
    warnings: list[str] = []
    rows: list[list[str]] = []
    title = ""
    csv_only = True
    for line in body.splitlines():
        line = line.strip()
        if not line or _RULE_ROW.match(line) or (line.endswith(":") and not rows):
            continue  # blank, a Markdown rule, or the sentence that introduces the table
        if "|" in line:
            cells = [c.strip() for c in line.strip("|").split("|")]
        elif "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
        elif line.count(",") >= 1 and not rows or (rows and line.count(",") >= len(rows[0]) - 1 > 0):
            cells = [c.strip().strip('"') for c in next(csv.reader([line]))]
        else:
            if rows:
                break  # prose after the table
            continue
        if len(cells) == 2 and cells[0].upper() == "TITLE" and not rows:
            title = cells[1]
            continue
        rows.append(cells)
        csv_only = csv_only and "|" not in line and "\t" not in line
    if csv_only and len(rows) < 2:
        rows = []  # one line with a comma is a sentence, not a table
    if rows:
        width = len(rows[0])
        for i, r in enumerate(rows):
            if len(r) != width:
                warnings.append(
                    f"row {i + 1} has {len(r)} cells, the header {width}: {'padded' if len(r) < width else 'cut'}"
                )
                rows[i] = (r + [""] * width)[:width]
    return ParsedTable(rows=tuple(tuple(r) for r in rows), title=title, warnings=tuple(warnings))
