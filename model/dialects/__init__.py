"""Grounding dialects: one module per model family, turning a query into its prompt and its answer into boxes.

Each family module defines a :class:`Dialect` (``DIALECT``): prompt builders for grounding (and,
where the family has them, OCR and layout), a parser of its answers into protocol
:class:`~model.protocol.ModelBox` values in 0..1 of the image sent, and a renderer writing boxes
back in the family's format (for tests and stand-in servers). Parsers never raise on malformed
model text: they return what they could read, and list each repair or skip in
:attr:`Parsed.warnings` (also logged at WARNING by the family's module logger).

Answers that are points (ShowUI, UI-TARS, Qwen's ``point_2d``) become **zero-size boxes**
(``x0 == x1``, ``y0 == y1``); renderers of point families write a box's centre.

===============  ===================================================  ==========================================
name             answer                                               coordinates
===============  ===================================================  ==========================================
``deepseek``     ``<|ref|>q<|/ref|><|det|>[[x1, y1, x2, y2]]<|/det|>``  ints 0..999 of the image (v / 999)
``varco``        ``<obj>q</obj><bbox>x1, y1, x2, y2<delim>…</bbox>``    floats 0..1 (OCR: ``<char>``)
``qwen2_5_vl``   JSON ``bbox_2d`` / ``point_2d``                        pixels of the resized input
``qwen2_vl``     ``<|box_start|>(x1,y1),(x2,y2)<|box_end|>``            ints 0..1000
``qwen3_vl``     JSON ``bbox_2d`` / ``point_2d``                        ints 0..1000
``florence2``    ``q<loc_x1><loc_y1><loc_x2><loc_y2>``                  bins: (k + 0.5) / 1000
``ui_tars``      ``click(start_box='(x,y)')``                           ints 0..1000 (v1)
``ui_tars_1_5``  ``click(start_box='<|box_start|>(x,y)<|box_end|>')``   pixels of the resized input (1.5)
``showui``       ``[x, y]``                                             floats 0..1
===============  ===================================================  ==========================================

>>> d = get("deepseek")
>>> d.parse_boxes("<|ref|>OK<|/ref|><|det|>[[0, 0, 999, 999]]<|/det|>", d.frame(640, 480)).boxes[0].xyxy
(0.0, 0.0, 1.0, 1.0)
"""

from model.dialects import deepseek, florence2, qwen2_5_vl, qwen2_vl, qwen3_vl, showui, ui_tars, varco
from model.dialects._base import (
    CHART_PROMPT,
    IMAGE,
    Dialect,
    Frame,
    Parsed,
    ParsedTable,
    clean_query,
    read_table,
    smart_resize,
)
from model.errors import ConfigError

__all__ = [
    "CHART_PROMPT",
    "DIALECTS",
    "IMAGE",
    "Dialect",
    "Frame",
    "Parsed",
    "ParsedTable",
    "clean_query",
    "deepseek",
    "florence2",
    "get",
    "qwen2_5_vl",
    "qwen2_vl",
    "qwen3_vl",
    "read_table",
    "showui",
    "smart_resize",
    "ui_tars",
    "varco",
]

_ALL = (deepseek.DIALECT, varco.DIALECT, qwen2_5_vl.DIALECT, qwen2_vl.DIALECT, qwen3_vl.DIALECT, florence2.DIALECT,
        ui_tars.DIALECT, ui_tars.DIALECT_1_5, showui.DIALECT)  # fmt: skip
DIALECTS: dict[str, Dialect] = {d.name: d for d in _ALL}
"""Every dialect by name."""


def get(name: str) -> Dialect:
    """The dialect called ``name`` (a key of :data:`DIALECTS`).

    >>> get("florence2").layout_prompt
    '<image><OD>'
    """
    try:
        return DIALECTS[name]
    except KeyError:
        raise ConfigError(f"dialect: no dialect {name!r}; known: {', '.join(sorted(DIALECTS))}", name="dialect",
                          value=name) from None  # fmt: skip
