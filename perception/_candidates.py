"""The candidates of an observation for grounding, and the evidence about each that is not text.

:func:`index` turns an :class:`~perception.types.Observation` into :class:`Item` values once per
observation: every visible element, and every OCR span the DOM does not already say (a span inside
a small unlabelled control stands for that control; inside a canvas or a large image, for itself).
The rest of the module scores what a query may say beyond text: colours (of the element, or read
from the screenshot's pixels around drawn text), states, a place on the screen, and how one box
stands to another (:func:`geometry`: below, left of, in the row of, inside…).
"""

from __future__ import annotations

import colorsys
import logging
import math
import re
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

from perception._lexicon import CONTAINER_ROLES, INTERACTIVE_ROLES, STATE_WORDS, canonical, normalize
from perception._textmatch import similarity
from perception.geometry import to_device_px
from perception.types import BBox, Element, Observation, TextSpan

logger = logging.getLogger(__name__)

# -- candidates --------------------------------------------------------------------------------------
@dataclass
class _Item:
    """One thing a query could mean: a DOM element, or a span of OCR text (maybe inside an element)."""

    source: Literal["dom", "ocr"]
    bbox: BBox
    role: str
    fields: list[tuple[str, str, float]]  # (field, text, weight)
    element: Element | None = None
    span: TextSpan | None = None
    interactive: bool = False
    in_viewport: bool = True
    occluded: bool = False
    disabled: bool = False
    label: str = ""
    stands_for_host: bool = False  # an OCR span that speaks for the small control it lies in
    header: bool = False  # a table's header row: not one of its items
    in_control: bool = False  # a part of a control listed apart (the count badge on a link): it titles nothing

    @property
    def key(self) -> tuple[int, int]:
        if self.element is not None and (self.source == "dom" or self.stands_for_host):
            return (self.element.index, 0)
        return (self.element.index if self.element is not None else -1, id(self.span))

    @property
    def path(self) -> tuple[str, ...]:
        """The element's place in its document as CSS steps from an ancestor (``("#products",
        "article:nth-child(5)", "h3:nth-child(3)")``), with its frame first; () when unknown."""
        e = self.element
        if e is None or self.source != "dom" or not e.selector or ">>>" in e.selector:
            return ()
        return (e.frame, *(step.strip() for step in e.selector.split(">")))


@dataclass
class _Index:
    observation: weakref.ref[Observation]
    items: list[_Item]
    viewport: tuple[int, int]
    line_height: float
    roles: frozenset[str]
    vectors: dict[str, tuple[float, ...]] = field(default_factory=dict)
    pixel_colours: dict[int, tuple[str | None, str | None]] | None = None  # OCR item id → (background, ink)
    peers: dict[int, tuple[list[_Item], list[_Item]]] = field(default_factory=dict)  # anchor id → (column, row)
    repeated: set[tuple[tuple[str, ...], str]] | None = None  # (parent path, tag) with several children of that tag
    boxes: list[_Item] | None = None  # boxes that repeat with siblings of their shape: cards nobody marked up
    alike: dict[int, int] | None = None  # item id → how many items of its role, tag and size line up with it
    alike_sets: dict[int, int] | None = None  # item id → which set of alike items (lined up with each other) it is in
    in_alike: set[int] | None = None  # ids of items that lie inside an alike box (a card of a set, its texts)


_INDEXES: OrderedDict[int, _Index] = OrderedDict()
_INDEX_LOCK = threading.Lock()


def _split_id(value: str) -> str:
    out = []
    prev = ""
    for ch in value:
        if ch in "-_.:/#[]" or (ch.isupper() and prev.islower()):
            out.append(" ")
        out.append(ch)
        prev = ch
    return "".join(out)


def _element_fields(e: Element) -> list[tuple[str, str, float]]:
    fields: list[tuple[str, str, float]] = []
    seen: set[str] = set()

    def add(name: str, text: str | None, weight: float) -> None:
        if text and text.strip():
            norm = normalize(text)
            if norm and norm not in seen:
                seen.add(norm)
                words = len(norm.split())
                fields.append((name, text, weight * (1.0 if words <= 8 else max(0.75, 1 - 0.012 * (words - 8)))))

    add("name", e.name, 1.0)
    add("text", e.text, 0.97)
    a = e.attributes
    add("label", a.get("aria-label"), 1.0)
    add("placeholder", a.get("placeholder"), 0.95)
    add("alt", a.get("alt"), 0.95)
    add("title", a.get("title"), 0.88)
    add("value", e.value, 0.85 if e.role not in ("button", "combobox", "listbox") else 0.95)
    if e.role == "button" or e.tag == "input":
        add("value", a.get("value"), 0.9)
    for key in ("id", "name", "data-testid"):
        if a.get(key) and not (key == "name" and e.role == "radio"):  # a radio's name is its group's, not its own
            add("id", _split_id(a[key]), 0.7)
    if e.role == "link" and _ROOT_HREF.match(a.get("href", "").strip()):
        add("href", "home", 0.75)  # the logo that links to "/" is the way home
    return fields


_ROOT_HREF = re.compile(r"^(?:/|\./|(?:/|\./)?index\.html?|(?:https?:)?//[^/?#]+/?)$", re.IGNORECASE)


def _index(obs: Observation) -> _Index:
    """The candidates of ``obs``, built once per observation (the last few are kept)."""
    with _INDEX_LOCK:
        cached = _INDEXES.get(id(obs))
        if cached is not None and cached.observation() is obs:
            _INDEXES.move_to_end(id(obs))
            return cached
    index = _build_index(obs)
    with _INDEX_LOCK:
        _INDEXES[id(obs)] = index
        while len(_INDEXES) > 8:
            _INDEXES.popitem(last=False)
    return index


def _build_index(obs: Observation) -> _Index:
    items: list[_Item] = []
    by_index: dict[int, _Item] = {}
    for e in obs.elements:
        if not e.visible or e.bbox.width <= 0 or e.bbox.height <= 0:
            continue
        item = _Item(
            source="dom", bbox=e.bbox, role=e.role, fields=_element_fields(e), element=e,
            interactive=e.interactive or e.role in INTERACTIVE_ROLES, in_viewport=e.in_viewport,
            occluded=e.occluded, disabled=e.states.disabled, label=e.label,
        )  # fmt: skip
        items.append(item)
        by_index[e.index] = item
    for span in obs.text_spans:
        if not span.text.strip():
            continue
        host = by_index.get(span.element) if span.element is not None else _host(items, span.bbox)
        if host is not None and host.fields and any(similarity(span.text, f[1], senses=False) >= 0.8
                                                    for f in host.fields):  # fmt: skip
            continue  # the DOM already says this text
        host_element = host.element if host is not None else None
        # a span inside a small element that has no text of its own points at that element; inside a
        # canvas or a large image the span's own box is the target
        small = host is not None and host.bbox.area <= 6 * max(span.bbox.area, 1.0) and host.interactive
        items.append(_Item(
            source="ocr", bbox=host.bbox if small and host is not None else span.bbox,
            role=host.role if host is not None else "text", fields=[("ocr", span.text, 1.0)], element=host_element,
            span=span, interactive=host.interactive if host is not None else False,
            in_viewport=_in_view(span.bbox, obs.viewport), occluded=host.occluded if host is not None else False,
            disabled=host.disabled if host is not None else False, label=span.text, stands_for_host=small,
        ))  # fmt: skip
    controls = {(i.element.frame, i.element.selector) for i in items if i.interactive and i.element is not None}
    for i in items:
        el = i.element
        if i.source == "dom" and not i.interactive and el is not None and el.selector and " > " in el.selector:
            steps = el.selector.split(" > ")
            i.in_control = any((el.frame, " > ".join(steps[:k])) in controls for k in range(len(steps) - 1, 0, -1))
    heads = [i.bbox.center for i in items if i.role == "columnheader"]
    if heads:
        for i in items:
            if i.role == "row" and any(i.bbox.x0 <= x <= i.bbox.x1 and i.bbox.y0 <= y <= i.bbox.y1 for x, y in heads):
                i.header = True
    heights = sorted(i.bbox.height for i in items if i.bbox.height > 0)
    line = heights[len(heights) // 2] if heights else 20.0
    return _Index(weakref.ref(obs), items, obs.viewport, max(8.0, min(line, 60.0)),
                  frozenset(i.role for i in items))  # fmt: skip


def _host(items: list[_Item], box: BBox) -> _Item | None:
    """The smallest element whose box holds the centre of ``box`` (interactive ones first)."""
    cx, cy = box.center
    best: _Item | None = None
    for it in items:
        b = it.bbox
        inside = b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1 and it.source == "dom"
        if inside and (best is None or (it.interactive, -b.area) > (best.interactive, -best.bbox.area)):
            best = it
    return best


def _in_view(box: BBox, viewport: tuple[int, int]) -> bool:
    return box.x1 > 0 and box.y1 > 0 and box.x0 < viewport[0] and box.y0 < viewport[1]


def _colour_fit(colour: str, item: _Item, index: _Index) -> float:
    e = item.element
    accent = None
    if item.source == "ocr":  # drawn text: the colours are in the pixels around and under it
        back, ink = _pixel_colours(index).get(id(item), (None, None))
    elif e is None:
        return 0.4
    else:
        back, ink, accent = e.color, e.text_color, e.accent_color
    bg = _colour_match(colour, back)
    fg = _colour_match(colour, ink)
    if bg is None and fg is None and accent is None:
        return 0.3
    # a button's colour is its background; the text's colour speaks for links and plain text, for a control
    # on a white or grey ground, and with a pale tint of its own hue behind it (a pill badge: pink under red)
    tint = _colour_match(colour, back, tint=True) or 0.0
    hsv = _hsv(back) if back else None
    neutral = hsv is None or hsv[1] < 0.12 and tint == 0.0
    ink_weight = 1.0 if tint >= 0.5 else 0.9 if neutral else 0.35
    # a coloured mark (the purple dot of a "Family" label, a red stripe on a card) speaks for an element that
    # has no colour of its own; a grey icon on a blue button does not make it a grey one
    hue = _hsv(accent) if accent and neutral else None
    mark = 0.9 * (_colour_match(colour, accent) or 0.0) if hue is not None and hue[1] >= 0.2 else 0.0
    return max(bg or 0.0, ink_weight * (fg or 0.0), mark)


def _pixel_colours(index: _Index) -> dict[int, tuple[str | None, str | None]]:
    """Background and ink colour of each OCR span, read from the screenshot once per observation.

    The background is the commonest colour of a ring just outside the span (a drawn button's fill); the
    ink the pixel inside it farthest from that colour. Without a screenshot (or Pillow) nothing is known.
    """
    if index.pixel_colours is not None:
        return index.pixel_colours
    index.pixel_colours = {}
    obs = index.observation()
    spans = [it for it in index.items if it.source == "ocr" and it.span is not None]
    if obs is None or not obs.screenshot or not spans:
        return index.pixel_colours
    try:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(obs.screenshot)) as im:
            rgb = im.convert("RGB")
    except Exception as exc:  # noqa: BLE001 - any undecodable screenshot: colours unknown, not an error
        logger.debug("screenshot not decodable for colours: %s", exc)
        return index.pixel_colours
    f = obs.scale_factor
    w, h = rgb.size
    data = rgb.tobytes()

    def at(x: int, y: int) -> tuple[int, int, int]:
        k = 3 * (y * w + x)
        return data[k], data[k + 1], data[k + 2]

    for it in spans:
        assert it.span is not None
        b = to_device_px(it.span.bbox, scale_factor=f)
        x0, y0, x1, y1 = (int(b.x0), int(b.y0), int(b.x1), int(b.y1))
        pad = max(2, int(3 * f))
        ring: list[tuple[int, int, int]] = []
        for x in range(max(x0 - pad, 0), min(x1 + pad, w - 1), 2):
            for y in (max(y0 - pad, 0), min(y1 + pad, h - 1)):
                ring.append(at(x, y))
        for y in range(max(y0 - pad, 0), min(y1 + pad, h - 1), 2):
            for x in (max(x0 - pad, 0), min(x1 + pad, w - 1)):
                ring.append(at(x, y))
        if not ring:
            continue
        counts: dict[tuple[int, int, int], int] = {}
        for c in ring:
            key = (c[0] // 16, c[1] // 16, c[2] // 16)
            counts[key] = counts.get(key, 0) + 1
        key, n = max(counts.items(), key=lambda kv: kv[1])
        members = [c for c in ring if (c[0] // 16, c[1] // 16, c[2] // 16) == key]
        back = tuple(sum(c[i] for c in members) // len(members) for i in range(3))
        ink: tuple[int, int, int] | None = None
        far = 0
        for x in range(max(x0, 0), min(x1, w - 1), 2):
            for y in range(max(y0, 0), min(y1, h - 1), 2):
                c = at(x, y)
                d = abs(c[0] - back[0]) + abs(c[1] - back[1]) + abs(c[2] - back[2])
                if d > far:
                    far, ink = d, c
        index.pixel_colours[id(it)] = (_hex(back) if n >= 0.5 * len(ring) else None,
                                       _hex(ink) if ink is not None and far > 60 else None)  # fmt: skip
    return index.pixel_colours


def _hex(rgb: tuple[int, ...]) -> str:
    return "#" + "".join(f"{v:02x}" for v in rgb[:3])


def _hsv(hex_colour: str) -> tuple[float, float, float] | None:
    try:
        r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except (ValueError, IndexError):
        return None
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    return h * 360, s, v


_HUES = {"red": (-15, 15), "orange": (15, 40), "yellow": (40, 68), "green": (68, 165), "teal": (165, 195),
         "blue": (195, 255), "purple": (255, 295), "pink": (295, 345), "brown": (10, 45)}  # fmt: skip


def _colour_match(colour: str, hex_colour: str | None, *, tint: bool = False) -> float | None:
    """How well ``hex_colour`` is ``colour``, 0..1 (None when unknown). With ``tint``, only whether it is a pale
    tint of the colour's hue (``#ffe3e3`` of red), the ground of a badge whose text has the full colour."""
    if not hex_colour:
        return None
    hsv = _hsv(hex_colour)
    if hsv is None:
        return None
    h, s, v = hsv
    if tint:
        if colour not in _HUES or colour == "brown" or not (0.04 <= s < 0.2 and v > 0.8):
            return 0.0
        return _hue_fit(colour, h)
    if colour == "white":
        return 1.0 if s < 0.08 and v > 0.96 else 0.5 if s < 0.12 and v > 0.94 else 0.0
    if colour == "black":
        return 1.0 if v < 0.2 else 0.5 if v < 0.3 and s < 0.3 else 0.0
    if colour == "gray":
        return 1.0 if s < 0.15 and 0.22 < v <= 0.96 else 0.4 if s < 0.25 and 0.18 < v < 0.98 else 0.0
    if s < 0.2 or v < 0.2:
        return 0.0
    if colour == "brown":
        return 1.0 if 10 <= h <= 45 and v < 0.65 else 0.0
    return _hue_fit(colour, h)


def _hue_fit(colour: str, h: float) -> float:
    """How well the hue ``h`` (degrees) is ``colour``'s: 1 inside its range, falling to 0 within 20° of it
    (names of colours have no sharp edges: a blue-green price is "green" to most people, a crimson "red")."""
    lo, hi = _HUES[colour]
    if h > 180 and lo < 0:  # red wraps round 0°: 350° is -10°
        h -= 360
    if lo <= h <= hi:
        return 1.0
    gap = min(abs(h - lo), abs(h - hi))
    return max(0.0, 1 - gap / 20)


_ITEM_ROLES = frozenset({"row", "listitem", "option", "treeitem", "article", "gridcell", "cell", "generic", "group"})
_MARKS = {"starred": "⟨g:star⟩", "flagged": "⟨g:flag⟩", "pinned": "⟨g:pin⟩"}
_TYPED_ROLES = frozenset({"textbox", "searchbox", "spinbutton"})
_POPUP_ROLES = frozenset({"menu", "listbox", "dialog", "alertdialog", "tooltip"})


def _state_fit(state: tuple[str, bool], item: _Item, index: _Index | None = None) -> float:
    """How well the item is in ``state`` (name, wanted value), 0..1. An item of a list, a row or a card that
    says nothing of its own takes the state of the control inside it ("the ticked file": the row whose
    checkbox is ticked; "the starred email": the one whose star is pressed)."""
    own = _own_state_fit(state, item)
    if index is None or item.source != "dom" or item.role not in _ITEM_ROLES or item.interactive \
            and own >= 1.0:  # fmt: skip
        return own
    if _known_state(state, item) and state[0] not in _MARKS:
        return own
    best = None
    inner = [it for it in index.items if it is not item and it.source == "dom" and it.interactive
             and _contains(item.bbox, it.bbox)]  # fmt: skip
    if len(inner) > 8:
        return own  # a part of the page, not one item of a list
    boxes = [it for it in inner if it.role in ("checkbox", "switch", "radio", "menuitemcheckbox")]
    if len(boxes) >= 2 and state[0] in ("checked", "selected"):
        return own  # a group of choices ("Job type": Full-time, Part-time…) is not itself ticked: one of them is
    if state[0] == "checked" and any(_known_state(state, it) for it in boxes):
        inner = boxes  # "the ticked email": its checkbox, not its star
    for it in inner:
        if state[0] in _MARKS and _MARKS[state[0]] not in canonical(it.label):
            continue
        if _known_state(state, it):
            fit = _own_state_fit(state, it)
            best = fit if best is None else max(best, fit)
    return own if best is None else max(own, 0.95 * best)


def _known_state(state: tuple[str, bool], item: _Item) -> bool:
    e = item.element
    if e is None:
        return False
    name = "checked" if state[0] in _MARKS else state[0]
    st, a = e.states, e.attributes
    if name in ("checked", "selected"):
        return st.checked is not None or st.selected is not None or any(
            a.get(k) in ("true", "false", "mixed") for k in ("aria-pressed", "aria-checked", "aria-selected")
        ) or name == "selected" and bool(a.get("aria-current"))
    if name == "disabled":
        return st.disabled or a.get("aria-disabled") == "true"
    if name == "expanded":
        return st.expanded is not None
    return False


_NAME_PARTS = re.compile(r"\s*[,;(\[·|–—]\s*|\s*[)\]]\s*")


def _named_state(state: str, e: Element) -> bool | None:
    """A state an accessible name says as a part of its own ("Question 11, flagged", "Tuesday 24 (selected)"):
    its value, or None when the name says none."""
    if not e.name or "," not in e.name and "(" not in e.name and "·" not in e.name:
        return None
    for part in _NAME_PARTS.split(e.name)[1:]:
        said = STATE_WORDS.get(normalize(part))
        if said is not None and said[0] == state:
            return said[1]
    return None


def _own_state_fit(state: tuple[str, bool], item: _Item) -> float:
    name, want = state
    e = item.element
    if e is not None and item.source == "dom" and (said := _named_state(name, e)) is not None:
        return 1.0 if said == want else 0.0
    if name in _MARKS:  # a star, flag or pin is a pressed toggle that says so
        name = "checked"
        if _MARKS[state[0]] not in canonical(item.label):
            return 0.0 if want else 0.3
    if e is None:
        return 0.3
    st = e.states
    have: bool | None
    a = e.attributes
    if name in ("checked", "selected"):
        have = st.checked if st.checked is not None else st.selected
        for key in ("aria-pressed", "aria-checked", "aria-selected"):
            if have is None and a.get(key) in ("true", "false", "mixed"):
                have = a[key] == "true"
        current = a.get("aria-current")
        if have is None and current and name == "selected":  # the current page, date or step is the selected one
            have = current != "false"
    elif name == "disabled":  # greyed out, or a text field that takes no typing (read-only)
        have = st.disabled or a.get("aria-disabled") == "true" or e.role in _TYPED_ROLES and not st.editable
    elif name == "expanded":  # a popup is listed only while it shows: a menu or listbox seen is an open one
        have = True if st.expanded is None and e.role in _POPUP_ROLES else st.expanded
    elif name == "focused":
        have = st.focused
    elif name == "required":
        have = st.required
    elif name == "empty":
        have = not (e.value or "").strip() if (st.editable or e.role in ("textbox", "searchbox")) else None
    else:
        have = None
    if have is None:
        return 0.0 if name in ("checked", "selected", "expanded") else 0.3
    return 1.0 if have == want else 0.0


def _region_fit(region: tuple[str | None, str | None], item: _Item, viewport: tuple[int, int]) -> float:
    cx, cy = item.bbox.center
    x = min(max(cx / max(viewport[0], 1), 0.0), 1.0)
    y = min(max(cy / max(viewport[1], 1), 0.0), 1.0)
    h, v = region
    parts = []
    if h == "left":
        parts.append(1 - x)
    elif h == "right":
        parts.append(x)
    elif h == "center":
        parts.append(1 - 2 * abs(x - 0.5))
    if v == "top":
        parts.append(1 - y)
    elif v == "bottom":
        parts.append(y)
    elif v == "middle":
        parts.append(1 - 2 * abs(y - 0.5))
    if not parts:
        return 0.5
    return sum(parts) / len(parts)


# -- geometry of relations ---------------------------------------------------------------------------
def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    """Overlap of two intervals as a fraction of the shorter one."""
    inter = min(a1, b1) - max(a0, b0)
    short = max(min(a1 - a0, b1 - b0), 1.0)
    return max(0.0, inter) / short


def _gap(a: BBox, b: BBox) -> float:
    dx = max(0.0, max(a.x0, b.x0) - min(a.x1, b.x1))
    dy = max(0.0, max(a.y0, b.y0) - min(a.y1, b.y1))
    return math.hypot(dx, dy)


def _contains(outer: BBox, inner: BBox, slack: float = 2.0) -> bool:
    return (outer.x0 - slack <= inner.x0 and outer.y0 - slack <= inner.y0 and inner.x1 <= outer.x1 + slack
            and inner.y1 <= outer.y1 + slack)  # fmt: skip


_TEXT_ROLES = frozenset({"text", "heading", "label", "paragraph", "generic", "strong", "caption", "legend",
                         "statictext", "columnheader", "rowheader"})


def _geometry(kind: str, c: BBox, a: BBox, anchor: _Item, line: float) -> float:
    """How well a candidate box ``c`` stands in relation ``kind`` to the anchor box ``a``, 0..1."""
    h = max(min(a.height, 3 * line), line)
    if kind == "near":
        if _contains(c, a) and c.area > 4 * a.area:
            return 0.15  # a container around the anchor is not "next to" it
        close = math.exp(-_gap(c, a) / (2.5 * h + 30))
        if _overlap(c.y0, c.y1, a.y0, a.y1) > 0.5:  # on the same line: beside it, even across a gap
            dx = max(0.0, max(c.x0, a.x0) - min(c.x1, a.x1))
            close = max(close, 0.8 * math.exp(-dx / (10 * h + 300)))
        return close
    if kind in ("left_of", "right_of"):
        if kind == "left_of":
            dist = a.x0 - c.x1
            ok = c.center[0] < a.center[0] and dist > -0.5 * min(a.width, c.width)
        else:
            dist = c.x0 - a.x1
            ok = c.center[0] > a.center[0] and dist > -0.5 * min(a.width, c.width)
        if not ok:
            return 0.0
        band = _overlap(c.y0, c.y1, a.y0, a.y1)
        vdist = abs(c.center[1] - a.center[1])
        aligned = band if band > 0 else math.exp(-vdist / (2 * h))
        return (0.25 + 0.75 * aligned) * math.exp(-max(0.0, dist) / (8 * h + 200))
    if kind in ("below", "above", "after", "before"):
        if kind in ("below", "after"):
            dist = c.y0 - a.y1
            ok = c.center[1] > a.center[1] and dist > -0.5 * min(a.height, c.height)
        else:
            dist = a.y0 - c.y1
            ok = c.center[1] < a.center[1] and dist > -0.5 * min(a.height, c.height)
        if kind in ("after", "before") and not ok:  # reading order: also the same line, to the right/left
            side = "right_of" if kind == "after" else "left_of"
            return 0.9 * _geometry(side, c, a, anchor, line)
        if not ok:
            return 0.0
        col = _overlap(c.x0, c.x1, a.x0, a.x1)
        hdist = abs(c.center[0] - a.center[0])
        aligned = col if col > 0 else math.exp(-hdist / 150)
        return (0.3 + 0.7 * aligned) * math.exp(-max(0.0, dist) / (4 * h + 80))
    if kind == "row":
        if _overlap(c.y0, c.y1, a.y0, a.y1) <= 0:
            return math.exp(-abs(c.center[1] - a.center[1]) / (0.5 * h)) * 0.5
        dy = abs(c.center[1] - a.center[1])
        return math.exp(-dy / (1.5 * h))
    if kind in ("inside", "assoc"):
        # a title or a label is not a container; a plain box of several lines (a card, a tile) is
        wordy = anchor.source == "ocr" or anchor.role in _TEXT_ROLES and (anchor.role != "generic"
                                                                          or a.height <= 2 * line)  # fmt: skip
        container = anchor.role in CONTAINER_ROLES or (not wordy and a.area > 3 * max(c.area, 1.0))
        if container and _contains(a, c, slack=4.0):
            return 1.0
        if kind == "inside" and container and a.area > 3 * max(c.area, 1.0):
            return 0.1 * math.exp(-_gap(c, a) / 100)
        # a heading or label that titles the part the target is in: below it or on its line, near
        row = _geometry("row", c, a, anchor, line)
        dx = max(0.0, max(c.x0, a.x0) - min(c.x1, a.x1))
        row *= 0.65 + 0.35 * math.exp(-dx / 500)  # in a grid of cards the nearer one on the line
        below = _geometry("below", c, a, anchor, line * 2)
        return max(row * (0.97 if kind == "assoc" else 0.8), below * 0.9, 0.5 * _geometry("near", c, a, anchor, line))
    return 0.0


# -- sections: the part of a page a heading titles ----------------------------------------------------
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def _heading_level(item: _Item) -> int | None:
    """1..6 for a heading element (7 for a heading of unknown level), None for anything else."""
    e = item.element
    if item.source != "dom" or e is None:
        return None
    if e.tag in _HEADING_TAGS:
        return _HEADING_TAGS[e.tag]
    if e.role == "heading":
        level = e.attributes.get("aria-level", "")
        return int(level) if level.isdigit() else 7
    return None


def _titles(item: _Item) -> bool:
    """Whether the item can be the title of a part of the page: a heading, legend or caption."""
    e = item.element
    return _heading_level(item) is not None or (e is not None and (e.tag in ("legend", "caption", "figcaption")
                                                                   or e.role in ("legend", "caption")))  # fmt: skip


def _dom_section(title: _Item, index: _Index) -> tuple[str, ...] | None:
    """The deepest ancestor of ``title`` (as a path prefix) that holds no other heading: the part it titles
    (a card's <article>, a <section>, a <fieldset>); None when the selectors do not say."""
    path = title.path
    if len(path) < 4:  # frame, root, …, the title itself: at least one ancestor below the root
        return None
    others = [it.path for it in index.items if it is not title and _heading_level(it) is not None and it.path]
    best = None
    for k in range(len(path) - 1, 2, -1):
        prefix = path[:k]
        if any(o[:k] == prefix for o in others):
            break
        best = prefix
    return best


def _section_fit(c: _Item, title: _Item, index: _Index) -> float | None:
    """How surely ``c`` lies in the part of the page that ``title`` heads: by the document's structure when
    the selectors say it, else by the layout (below the title, in its column, before the next heading of
    its level). None when neither applies."""
    if c is title:
        return 0.0
    e, t = c.element, title.element
    if e is not None and t is not None and e.frame != t.frame:
        return 0.0  # another document (iframe) is another part of the page
    section = _dom_section(title, index)
    if section is not None and c.path:
        if c.path[: len(section)] == section:
            return 1.0
        if c.path[0] == section[0] and c.path[1] == section[1]:
            return 0.0  # the same document tree says it is elsewhere
    a, b = title.bbox, c.bbox
    x1 = max(a.x1, a.x0 + 240.0)
    for h in index.items:  # a heading beside this one on its line ends its column
        if h is not title and _heading_level(h) is not None and _overlap(h.bbox.y0, h.bbox.y1, a.y0, a.y1) > 0.5 \
                and h.bbox.x0 > a.x0 + 20:  # fmt: skip
            x1 = min(x1, h.bbox.x0 - 4)
    cx = b.center[0]
    if not (a.x0 - 12 <= cx <= x1 + 12) or b.y0 < a.y0 - 4:
        return 0.0
    level = _heading_level(title) or 7
    for h in index.items:
        hl = _heading_level(h)
        if h is title or h is c or hl is None or hl > level:
            continue
        hb = h.bbox
        if a.y1 - 2 < hb.y0 <= b.y0 and _overlap(hb.x0, hb.x1, a.x0, x1) > 0.3:
            return 0.0  # the next part has begun
    return 0.95


# -- items that repeat: which of several alike anchors a candidate belongs to --------------------------
def _peers(anchor: _Item, index: _Index) -> tuple[list[_Item], list[_Item]]:
    """The anchor's like: items of its role, source and height that repeat in its column (the other rows'
    names, the other titles of a stack of cards) and on its line (the other cards', columns' or months'
    titles). Built once per anchor and observation."""
    got = index.peers.get(id(anchor))
    if got is not None:
        return got
    a = anchor.bbox
    col: list[_Item] = []
    row: list[_Item] = []
    for it in index.items:
        b = it.bbox
        if it is anchor or it.source != anchor.source or it.role != anchor.role or not it.label:
            continue
        if not 0.65 <= b.height / max(a.height, 1.0) <= 1.55 or _contains(b, a) or _contains(a, b):
            continue
        e, f = it.element, anchor.element
        if e is not None and f is not None and (e.tag != f.tag or e.frame != f.frame or e.text_color != f.text_color):
            continue  # (a grey description line under each name is not another name)
        if abs(b.x0 - a.x0) <= 6 or abs(b.center[0] - a.center[0]) <= 6:
            if _overlap(b.y0, b.y1, a.y0, a.y1) <= 0:
                col.append(it)
        elif _overlap(b.y0, b.y1, a.y0, a.y1) > 0.6 and 0.5 <= b.width / max(a.width, 1.0) <= 2.0:
            row.append(it)
    index.peers[id(anchor)] = (col, row)
    return col, row


def _owner_fit(c: _Item, anchor: _Item, index: _Index) -> float | None:
    """Whether ``c`` lies in the item (row, card, column, panel) that ``anchor`` names rather than in one
    of its like's: 1.0 when the anchor is the nearest of its peers before ``c`` (the last one above it in
    its column; when ``c`` is off the anchor's line, the last one to its left on that line), 0.0 when
    another one is, None when the anchor has no peers to compare with."""
    if anchor.source != "dom" or c.source != "dom":
        return None  # drawn text repeats in every size and column: no items to tell apart
    col, row = _peers(anchor, index)
    if not col and not row:
        return None
    if not any(_peers(c, index)):
        return None  # the target is one of a kind: no other item's copy to keep it from
    b, a = c.bbox, anchor.bbox
    cx, cy = b.center
    tol = 0.5 * index.line_height
    verdict: float | None = None
    if col:
        above = [p for p in (*col, anchor) if p.bbox.y0 <= cy + tol]
        if above:
            owner = max(above, key=lambda p: p.bbox.y0)
            if owner is not anchor:
                return 0.0
            verdict = 1.0
        elif b.y1 < a.y0:
            return 0.0  # above every one of them: not in this one's item
    if row and _overlap(b.y0, b.y1, a.y0, a.y1) <= 0:
        left = [p for p in (*row, anchor) if p.bbox.x0 <= cx + tol]
        if left:
            owner = max(left, key=lambda p: p.bbox.x0)
            if owner is not anchor:
                return 0.0
            verdict = 1.0
    return verdict


def _step_tag(step: str) -> str:
    return step.split(":", 1)[0] if ":nth-child(" in step else ""


def _repeated(index: _Index) -> set[tuple[tuple[str, ...], str]]:
    """(parent path, tag) pairs under which the document repeats a tag: rows of a table, items of a list,
    cards of a grid (``#grid > article:nth-child(1..4)``)."""
    if index.repeated is not None:
        return index.repeated
    seen: dict[tuple[tuple[str, ...], str], dict[str, int]] = {}
    for it in index.items:
        path = it.path
        for k in range(2, len(path)):
            tag = _step_tag(path[k])
            if tag:
                steps = seen.setdefault((path[:k], tag), {})
                steps[path[k]] = steps.get(path[k], 0) + 1
    # an item holds several things (a row its cells, a card its title and buttons), and it repeats
    index.repeated = {key for key, steps in seen.items() if sum(1 for n in steps.values() if n >= 2) >= 2}
    return index.repeated


def _dom_item_fit(c: _Item, anchor: _Item, index: _Index) -> float | None:
    """By the document tree: 1.0 when ``c`` and the anchor share an ancestor that repeats with siblings of its
    tag (the same row, list item or card), 0.0 when they sit in two such siblings, None when the selectors
    do not say (no paths, another frame, or nothing repeats between them)."""
    pc, pa = c.path, anchor.path
    if len(pc) >= 2 and len(pa) >= 2 and pc[0] == pa[0] and pc[1] != pa[1] \
            and (stem := _id_stem(pc[1])) is not None and stem == _id_stem(pa[1]):  # fmt: skip
        # numbered ids ("#row-3", "#msg_1042") mark the items of a set: two lie in two of them (two of the items
        # themselves, tabs #t1 and #t3, are neither); within one, its own markup says more (a column's cards)
        return 0.0 if len(pc) > 2 and len(pa) > 2 else None
    if len(pc) < 3 or len(pa) < 3 or pc[0] != pa[0] or pc[1] != pa[1]:
        return None
    n = 0
    for x, y in zip(pc, pa, strict=False):
        if x != y:
            break
        n += 1
    if n >= len(pc) or n >= len(pa):
        return None  # one holds the other
    rep = _repeated(index)
    last = pc[n - 1]
    if n >= 3 and (pc[: n - 1], _step_tag(last)) in rep:
        return 1.0
    tag = _step_tag(pc[n])
    if tag and tag == _step_tag(pa[n]) and (pc[:n], tag) in rep:
        return 0.0
    return None


_NUMBERED_ID = re.compile(r"#([a-z][a-z-]*?)[-_]\d+", re.IGNORECASE)


def _id_stem(step: str) -> str | None:
    """The part of a numbered id that its set shares ("row" of ``#row-3``), or None; a stem with digits of its
    own (``#yui_3_18_1_1700``), or none set apart from the number (``#ember123``), is a generated id."""
    m = _NUMBERED_ID.fullmatch(step)
    return m.group(1) if m else None


def _holds(box: _Item, index: _Index) -> bool:
    """Whether another listed thing lies inside ``box`` (a card holds its title; a button or a text holds nothing)."""
    return any(it is not box and _contains(box.bbox, it.bbox, 1.0) for it in index.items)


def _repeated_boxes(index: _Index) -> list[_Item]:
    """Boxes that repeat beside or below siblings of the same size and hold something: the cards of a
    grid or a board when no role says so. Built once per observation, in no particular order."""
    if index.boxes is not None:
        return index.boxes
    boxes = [it for it in index.items if it.source == "dom" and not it.interactive and it.bbox.width >= 60
             and it.bbox.height >= 40 and it.role in ("generic", "group", "region", "article", "listitem", "section")]  # fmt: skip
    boxes = [b for b in boxes if _holds(b, index)]
    out = []
    for b in boxes:
        for o in boxes:
            if o is b or _overlap(o.bbox.x0, o.bbox.x1, b.bbox.x0, b.bbox.x1) > 0.3 and \
                    _overlap(o.bbox.y0, o.bbox.y1, b.bbox.y0, b.bbox.y1) > 0.3:  # fmt: skip
                continue
            if abs(o.bbox.width - b.bbox.width) <= 0.08 * b.bbox.width and (
                    abs(o.bbox.x0 - b.bbox.x0) <= 4 or abs(o.bbox.y0 - b.bbox.y0) <= 4):  # fmt: skip
                out.append(b)
                break
    index.boxes = out
    return out


def _alike(index: _Index) -> dict[int, int]:
    """Items that repeat: of one role and tag, lined up with at least one other in a column (of one width,
    within 8 %) or along a line (of one height) (the slots of a picker, the cards of a board, the options of a list, whatever
    their markup). Item id → the size of its set; built once per observation."""
    if index.alike is not None:
        return index.alike
    buckets: dict[tuple[str, str], list[_Item]] = {}
    for it in index.items:
        e = it.element
        if it.source != "dom" or e is None or it.role in CONTAINER_ROLES - {"listitem", "row", "article"}:
            continue
        if it.bbox.width < 12 or it.bbox.height < 12:
            continue
        buckets.setdefault((it.role, e.tag), []).append(it)
    out: dict[int, int] = {}
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in buckets.values():
        if len(members) < 2:
            continue
        for b in members:
            bb = b.bbox
            # a column of things of one width (cards of a board grow with their text), or a line of one height
            twins = [o for o in members if o is not b
                     and (abs(o.bbox.width - bb.width) <= 0.08 * max(bb.width, 1.0) and abs(o.bbox.x0 - bb.x0) <= 4
                          or abs(o.bbox.height - bb.height) <= 0.08 * max(bb.height, 1.0)
                          and abs(o.bbox.y0 - bb.y0) <= 4
                          and abs(o.bbox.width - bb.width) <= 0.5 * max(bb.width, 1.0))
                     and not (_overlap(o.bbox.x0, o.bbox.x1, bb.x0, bb.x1) > 0.3
                              and _overlap(o.bbox.y0, o.bbox.y1, bb.y0, bb.y1) > 0.3)]  # fmt: skip
            if twins:
                out[id(b)] = len(twins) + 1
                parent.setdefault(id(b), id(b))
                if not _holds(b, index):
                    # controls and texts (boxes that hold nothing listed): all alike ones are one set, wherever they are
                    for t in twins:
                        parent[root(parent.setdefault(id(t), id(t)))] = root(id(b))
                    continue
                # cards (boxes that hold things): one set runs on from each to its nearest twin on every side with
                # nothing else between (two grids of one column width with a section between them are two sets)
                nearest: dict[str, tuple[float, _Item]] = {}
                for t in twins:
                    c = t.bbox
                    side = "below" if c.y0 >= bb.y1 - 1 else "above" if c.y1 <= bb.y0 + 1 else \
                        "right" if c.x0 >= bb.x1 - 1 else "left"  # fmt: skip
                    d = _gap(bb, c)
                    if side not in nearest or d < nearest[side][0]:
                        nearest[side] = (d, t)
                for _, t in nearest.values():
                    if root(id(b)) != root(parent.setdefault(id(t), id(t))) and not _between(b, t, index):
                        parent[root(id(t))] = root(id(b))
    index.alike = out
    index.alike_sets = {i: root(i) for i in out}
    return out


_WORD_ROLES = _TEXT_ROLES - {"generic"}  # roles of things that are words, never boxes that hold a card's parts


def _in_alike_box(item: _Item, index: _Index) -> bool:
    """Whether ``item`` lies inside one of a set of alike boxes (a card of a grid or a feed holds its name, its
    price and its place): then the box, not the text, is the item of the set."""
    if index.in_alike is None:
        alike = _alike(index)
        holders = [it for it in index.items if id(it) in alike and it.role not in _WORD_ROLES and _holds(it, index)]
        index.in_alike = {id(it) for it in index.items for h in holders
                          if it is not h and h.bbox.area > 2 * it.bbox.area and _contains(h.bbox, it.bbox, 1.0)}  # fmt: skip
    return id(item) in index.in_alike


def _between(a: _Item, b: _Item, index: _Index) -> bool:
    """Whether something lies in the gap between ``a`` and ``b`` (one above the other, or side by side), across the
    span they share, that belongs to neither: not in or around either, nor in the card either lies in (the title
    of the next card is that card's; a heading between two grids belongs to neither)."""
    p, q = a.bbox, b.bbox
    if max(p.y0, q.y0) >= min(p.y1, q.y1):  # one above the other: the band between them, across both
        y0, y1 = min(p.y1, q.y1), max(p.y0, q.y0)
        x0, x1 = max(p.x0, q.x0), min(p.x1, q.x1)
    else:
        x0, x1 = min(p.x1, q.x1), max(p.x0, q.x0)
        y0, y1 = max(p.y0, q.y0), min(p.y1, q.y1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return False
    own = [it.bbox for it in index.items if it is not a and it is not b
           and _contains(it.bbox, p, 1.0) != _contains(it.bbox, q, 1.0)]  # fmt: skip
    for it in index.items:
        c = it.bbox
        if it is a or it is b or c.x1 <= x0 or c.x0 >= x1 or c.y1 <= y0 or c.y0 >= y1:
            continue
        if _contains(c, p, 1.0) or _contains(c, q, 1.0) or _contains(p, c, 1.0) or _contains(q, c, 1.0) \
                or any(_contains(o, c, 1.0) for o in own):  # fmt: skip
            continue
        if _overlap(c.y0, c.y1, y0, y1) >= 0.5 and _overlap(c.x0, c.x1, x0, x1) >= 0.5:
            return True
    return False


def _alike_set(item: _Item, index: _Index) -> int | None:
    """Which set of alike items ``item`` lines up with (items lined up with each other, and with those in turn),
    or None when it repeats with nothing."""
    _alike(index)
    assert index.alike_sets is not None
    return index.alike_sets.get(id(item))

