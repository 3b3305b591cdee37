"""Charts from vector drawings: regions, axes, marks, legend, title, and the data they encode.

A chart region is a cluster of drawn shapes (shapes whose boxes touch or contain one another, tick
marks evenly spaced in one row, and clusters side by side or one above the other with no text in the
gap between them, joined until none joins: a lone point reaches half the size of the group it joins)
with tick labels along its left or bottom side, or a set of pie wedges. Within a region the marks are
read generically: filled rectangles are bars (their thickness tells vertical from horizontal; bars
sharing a slot side by side are grouped, end to end stacked), stroked polylines are lines, small
closed shapes without a line are scatter points, filled polygons are areas, and wedges are pie
slices. Legend entries are a small swatch left of a text, with nothing drawn between them and on the
same side of the plot's edge; a series takes the name of the entry whose swatch has its colour.

A second column of numbers right of the plot, beside one on the left, is a second value axis when its
scale differs; lines are read on it when its labels or title are printed in their colour, when bars
fill the left axis, or else the line drawn last. Each value is flagged ``exact`` only when both scales
fit drawn tick marks exactly and the value's uncertainty (see :meth:`Scale.certain`) is within the
tolerance; labels that cannot be told apart (tiny pie slices side by side) leave their values estimated.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from perception.charts._axes import Scale, category_scale, fit_scale, group_column, group_row
from perception.charts._model import Chart, ChartAxis, ChartPoint, ChartSeries, ChartType, PageCharts, ValueStatus
from perception.charts._primitives import Shape, Text, is_grey, parse_number, read_shapes, read_texts
from perception.geometry import rotate_page_box
from perception.types import BBox

__all__ = ["find_charts", "read_charts"]

logger = logging.getLogger(__name__)

_WHITE = {"#ffffff", None}
_MIN_SIDE = 36.0  # a chart region is at least this wide and tall (points)
_NEAR = 70.0  # how far outside its drawings a chart's labels and titles may lie
_EDGE = 0.06  # bar edges this close (points) touch


def find_charts(page: Any, *, page_number: int) -> PageCharts:
    """The vector charts of one PyMuPDF page, with their data; pages without drawings give none.

    >>> import pymupdf                                                   # doctest: +SKIP
    >>> find_charts(pymupdf.open("report.pdf")[0], page_number=1).charts  # doctest: +SKIP
    """
    rect = page.rect
    charts = read_charts(read_shapes(page), read_texts(page), page_number=page_number)
    if page.rotation:  # drawings and text come in the unrotated page; boxes are given as displayed
        w, h = float(page.cropbox.width), float(page.cropbox.height)
        charts = [c.model_copy(update={"bbox": rotate_page_box(c.bbox, rotation=page.rotation, page_width=w,
                                                                page_height=h)}) for c in charts]  # fmt: skip
    return PageCharts(page=page_number, width=float(rect.width), height=float(rect.height), charts=tuple(charts))


def read_charts(shapes: list[Shape], texts: list[Text], *, page_number: int) -> list[Chart]:
    """Charts from a page's primitives (see :func:`find_charts`)."""
    out: list[Chart] = []
    for group in sorted(_pies_together(_joined(_clusters(shapes), texts)), key=lambda g: -_bbox_area(g)):
        try:
            chart = _read(group, shapes, texts, page_number)
        except Exception as exc:  # noqa: BLE001  (a degenerate drawing is not a chart; the page's others still are)
            logger.debug("page %d: region skipped (%r)", page_number, exc)
            continue
        if chart is not None:
            out.append(chart)
    return sorted(out, key=lambda c: (round(c.bbox.y0 / 20), c.bbox.x0))


# -- regions -----------------------------------------------------------------------------------------


def _bbox(items: Sequence[Shape | Text]) -> tuple[float, float, float, float]:
    return (min(s.x0 for s in items), min(s.y0 for s in items), max(s.x1 for s in items), max(s.y1 for s in items))


def _bbox_area(items: Sequence[Shape]) -> float:
    x0, y0, x1, y1 = _bbox(items)
    return (x1 - x0) * (y1 - y0)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float], m: float) -> bool:
    return a[0] - m <= b[2] and b[0] - m <= a[2] and a[1] - m <= b[3] and b[1] - m <= a[3]


def _find(parent: list[int], i: int) -> int:
    """The root of ``i`` in a union-find forest (paths halved on the way)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _clusters(shapes: list[Shape]) -> list[list[Shape]]:
    """Shapes grouped by touching boxes, then groups whose boxes overlap merged, until stable."""
    items = [s for s in shapes if not (s.fill in _WHITE and s.kind in ("rect", "polygon") and s.stroke in _WHITE)]
    parent = list(range(len(items)))

    order = sorted(range(len(items)), key=lambda i: items[i].x0)
    active: list[int] = []
    for i in order:
        s = items[i]
        active = [j for j in active if items[j].x1 + 1.5 >= s.x0]
        box = (s.x0, s.y0, s.x1, s.y1)
        for j in active:
            t = items[j]
            if _overlap(box, (t.x0, t.y0, t.x1, t.y1), 1.5):
                parent[_find(parent, i)] = _find(parent, j)
        active.append(i)
    groups: dict[int, list[Shape]] = defaultdict(list)
    for i, s in enumerate(items):
        groups[_find(parent, i)].append(s)
    merged = list(groups.values())
    while True:  # groups whose boxes overlap are one chart (a frame around its bars, a legend inside)
        joined = _join_overlapping(merged)
        if len(joined) == len(merged):
            return merged
        merged = joined


def _join_overlapping(groups: list[list[Shape]]) -> list[list[Shape]]:
    boxes = [_bbox(g) for g in groups]
    parent = list(range(len(groups)))

    active: list[int] = []
    for i in sorted(range(len(groups)), key=lambda i: boxes[i][0]):
        active = [j for j in active if boxes[j][2] + 0.5 >= boxes[i][0]]
        for j in active:
            if _overlap(boxes[i], boxes[j], 0.5):
                parent[_find(parent, i)] = _find(parent, j)
        active.append(i)
    out: dict[int, list[Shape]] = defaultdict(list)
    for i, g in enumerate(groups):
        out[_find(parent, i)] += g
    return list(out.values())


_SMALL = 16.0  # a group no larger than this (points) is one mark or tick
_GAP = 0.6  # groups this close (times the smaller group's larger side, or 40 pt) may be one chart


def _joined(groups: list[list[Shape]], texts: list[Text]) -> list[list[Shape]]:
    """Groups joined across empty gaps until no more join: a group joined once reaches further (scatter
    points far above the axis join it one by one, nearest first)."""
    groups = _tick_rows(groups, texts)
    for _ in range(8):
        joined = _join_across_gaps(groups, texts)
        if len(joined) == len(groups):
            return joined
        groups = joined
    return groups


def _tick_rows(groups: list[list[Shape]], texts: list[Text]) -> list[list[Shape]]:
    """Tick marks in one row (or column), alike, one even step apart and with no text between them (but
    the labels on them), belong to one axis: the groups holding them are joined (ticks of a plot without
    a frame stand apart)."""
    parent = list(range(len(groups)))

    rows: dict[tuple[str, float, float], list[tuple[float, int]]] = defaultdict(list)
    for i, g in enumerate(groups):
        for sh in g:
            if sh.kind != "seg" or sh.stroke in _WHITE:
                continue
            if sh.w <= 0.05 and 0 < sh.h <= 8:
                rows[("x", round(sh.y0, 1), round(sh.y1, 1))].append((sh.cx, i))
            elif sh.h <= 0.05 and 0 < sh.w <= 8:
                rows[("y", round(sh.x0, 1), round(sh.x1, 1))].append((sh.cy, i))
    for (axis, lo, hi), ticks in rows.items():
        ticks.sort()
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(ticks) if b[0] - a[0] > 0.5]
        if len(gaps) < 2:
            continue
        step = sorted(gaps)[len(gaps) // 2]
        for (pa, ga), (pb, gb) in itertools.pairwise(ticks):
            if abs(pb - pa - step) > 0.15 * step or _find(parent, ga) == _find(parent, gb):
                continue  # not one even step apart
            # a text between them (not a label centred on either tick) at their height parts them

            def apart(c: float, pa: float = pa, pb: float = pb) -> bool:
                return pa + 2 < c < pb - 2

            if not any((apart(t.anchor_x) and t.y0 < hi and t.y1 > lo) if axis == "x" else (apart(t.cy) and
                       t.x0 < hi and t.x1 > lo) for t in texts):  # fmt: skip
                parent[_find(parent, gb)] = _find(parent, ga)
    out: dict[int, list[Shape]] = defaultdict(list)
    for i, g in enumerate(groups):
        out[_find(parent, i)] += g
    return list(out.values())


def _join_across_gaps(groups: list[list[Shape]], texts: list[Text]) -> list[list[Shape]]:
    """Groups with nothing written between them are one chart: bars that stand apart with no axis line
    through them, lines above an axis drawn without a frame. Two charts always have text between them
    (the tick labels or title of one), so an empty gap never joins them."""
    boxes = [_bbox(g) for g in groups]
    parent = list(range(len(groups)))

    def wedged(g: list[Shape]) -> bool:
        return any(s.kind == "wedge" for s in g)

    tboxes = [(t.x0, t.y0, t.x1, t.y1) for t in texts]
    sizes = [max(b[2] - b[0], b[3] - b[1]) for b in boxes]
    order = sorted(range(len(groups)), key=lambda i: boxes[i][0])
    pies = [wedged(g) for g in groups]
    for n, i in enumerate(order):
        a = boxes[i]
        for j in order[n + 1 :]:
            b = boxes[j]
            if b[0] - a[2] > max(40.0, _GAP * sizes[i]):
                break
            reach = max(40.0, _GAP * min(sizes[i], sizes[j]))
            if min(sizes[i], sizes[j]) <= _SMALL:  # a lone point or tick reaches as far as half the larger
                reach = max(reach, 0.5 * max(sizes[i], sizes[j]))
            if pies[i] or pies[j] or _find(parent, i) == _find(parent, j):
                continue
            gap = (min(a[2], b[2]), min(a[3], b[3]), max(a[0], b[0]), max(a[1], b[1]))  # between the boxes
            if max(gap[2] - gap[0], gap[3] - gap[1]) > reach or min(gap[2] - gap[0], gap[3] - gap[1]) > 0:
                continue  # too far apart, or apart both ways (only boxes side by side or one above the other)
            # the strip between them: along the axis they are apart on, across both their extents
            if gap[2] - gap[0] <= 0:  # one above the other
                strip = (min(a[0], b[0]), gap[3], max(a[2], b[2]), gap[1]) if gap[3] <= gap[1] else \
                    (min(a[0], b[0]), gap[1], max(a[2], b[2]), gap[3])  # fmt: skip
            else:
                strip = (gap[2], min(a[1], b[1]), gap[0], max(a[3], b[3])) if gap[2] <= gap[0] else \
                    (gap[0], min(a[1], b[1]), gap[2], max(a[3], b[3]))  # fmt: skip
            if any(strip[0] < (t[0] + t[2]) / 2 < strip[2] and strip[1] < (t[1] + t[3]) / 2 < strip[3] for t in tboxes):
                continue  # a text stands in the gap (its middle within it; a tick label may overhang it)
            parent[_find(parent, j)] = _find(parent, i)
    out: dict[int, list[Shape]] = defaultdict(list)
    for i, g in enumerate(groups):
        out[_find(parent, i)] += g
    merged = list(out.values())
    while True:
        joined = _join_overlapping(merged)
        if len(joined) == len(merged):
            return merged
        merged = joined


def _pies_together(groups: list[list[Shape]]) -> list[list[Shape]]:
    """Wedges pulled out of a pie (an exploded slice) are apart from it: join groups whose wedges share a
    radius and nearly a centre."""

    def key(g: list[Shape]) -> Shape | None:
        return next((s for s in g if s.kind == "wedge" and s.centre is not None), None)

    out: list[list[Shape]] = []
    for g in groups:
        w = key(g)
        home = None
        if w is not None and w.centre is not None:
            for o in out:
                v = key(o)
                if v is not None and v.centre is not None and abs(v.radius - w.radius) <= 0.03 * w.radius \
                        and math.dist(v.centre, w.centre) <= 0.5 * w.radius:  # fmt: skip
                    home = o
                    break
        if home is not None:
            home += g
        else:
            out.append(g)
    return out


# -- one region --------------------------------------------------------------------------------------


def _read(group: list[Shape], shapes: list[Shape], texts: list[Text], page_number: int) -> Chart | None:
    x0, y0, x1, y1 = _bbox(group)
    wedges = [s for s in group if s.kind == "wedge"]
    if wedges and sum(w.sweep for w in wedges) >= 300:
        return _pie(wedges, shapes, texts, page_number)
    if x1 - x0 < _MIN_SIDE or y1 - y0 < _MIN_SIDE:
        return None
    free = [t for t in texts if not t.used]
    near = [t for t in free if _overlap((t.x0, t.y0, t.x1, t.y1), (x0, y0, x1, y1), _NEAR)]
    legend, legend_shapes = _legend(near, shapes, (x0, y0, x1, y1))
    _far_legend(legend, legend_shapes, free, near, group, shapes, (x0, y0, x1, y1))
    segs = [s for s in group if s.kind == "seg"]
    left = [t for t in near if not t.vertical and t.x1 <= x0 + 1 and y0 - 8 <= t.cy <= y1 + 8 and t not in legend]
    below = [
        t for t in near if not t.vertical and t.cy >= y1 + 1 and x0 - 15 <= t.anchor_x <= x1 + 15 and t not in legend
    ]
    ylabels = group_column(left)
    right_side = False
    if not ylabels or all(parse_number(t.text) is None for t in ylabels):  # the value axis may stand on the right
        beyond = [t for t in near if not t.vertical and t.x0 >= x1 - 1 and y0 - 8 <= t.cy <= y1 + 8 and t not in legend]
        column = group_column(beyond, right=True)
        if len(column) >= 2 and all(parse_number(t.text) is not None for t in column) and not ylabels and \
                not _claimed(column, group, shapes):  # fmt: skip
            ylabels, right_side = column, True
    second_labels: list[Text] = []  # a second value axis on the right, beside one on the left
    if ylabels and not right_side and all(parse_number(t.text) is not None for t in ylabels):
        beyond = [t for t in near if not t.vertical and t.x0 >= x1 - 1 and y0 - 8 <= t.cy <= y1 + 8 and t not in legend]
        column = group_column(beyond, right=True)
        # beside the plot's right edge (labels further off belong to a chart beside this one)
        if len(column) >= 2 and all(parse_number(t.text) is not None for t in column) and \
                min(t.x0 for t in column) - x1 <= 14 and not _claimed(column, group, shapes):  # fmt: skip
            second_labels = column
    # the lowest value label sits level with the x axis
    below = [t for t in below if t not in ylabels and t not in second_labels]
    keys = [s for s in group if id(s) in legend_shapes]
    unkeyed = [s for s in group if id(s) not in legend_shapes and not _holds_legend(s, legend, keys)]
    xlabels = _split_crowded(group_row(below, nearest_to=y1), unkeyed, texts)
    marks = [s for s in group if id(s) not in legend_shapes and _is_mark(s, (x0, y0, x1, y1))
             and not _holds_legend(s, legend, keys)]  # fmt: skip
    marks += _grey_slivers(group, marks)
    _square_markers(marks)
    rects = [s for s in marks if s.kind == "rect"]
    lines = [s for s in marks if s.kind in ("poly", "seg")]
    dots = [s for s in marks if s.kind == "marker"]
    areas = [s for s in marks if s.kind == "polygon"]
    if not (rects or lines or dots or areas) or not (ylabels or xlabels):
        return None
    y_numbers = bool(ylabels) and all(parse_number(t.text) is not None for t in ylabels)
    x_numbers = bool(xlabels) and all(parse_number(t.text) is not None for t in xlabels)
    if rects and x_numbers != y_numbers:  # the numbers say which axis holds the values
        horizontal = x_numbers
    else:
        horizontal = bool(rects) and _horizontal_bars(rects)
    if horizontal:
        value = fit_scale(xlabels, segs, "horizontal")
        key = category_scale(ylabels, segs, "vertical") if ylabels else None
    else:
        value = fit_scale(ylabels, segs, "vertical", right=right_side)
        key = fit_scale(xlabels, segs, "horizontal") if xlabels else None
        if key is None and xlabels:
            key = category_scale(xlabels, segs, "horizontal")
        if rects and xlabels and key is not None and key.kind != "category" and _on_labels(rects, key):
            key = category_scale(xlabels, segs, "horizontal")  # bars over numbers (years): keyed by label
    if value is None or key is None:
        return None
    second = fit_scale(second_labels, segs, "vertical", right=True) if second_labels and not horizontal else None
    if second is not None and _same_scale(value, second, (y0, y1)):
        second = None  # the left axis's labels repeated on the right
    if (rects or areas) and not value.from_marks:
        _anchor_on_base(value, rects or areas, horizontal)
    _scale_note(value, near, (x0, y0, x1, y1), right=right_side)
    if second is not None:
        _scale_note(second, near, (x0, y0, x1, y1), right=True)
    for t in [*ylabels, *xlabels]:
        t.used = True
    _titles(near, legend, value, key, ylabels, xlabels, (x0, y0, x1, y1))
    right: set[str | None] = set()
    if second is not None:
        for t in second.labels:
            t.used = True
        _right_title(near, legend, second, (x0, y0, x1, y1))
        right = _on_second(lines, bool(rects), ylabels, second)
    warnings: list[str] = []
    series: list[ChartSeries]
    ctype: ChartType
    if rects:
        series, ctype = _bars(rects, value, key, horizontal, legend, warnings)
        if lines and not horizontal:  # a combination chart: the lines over the bars are series too
            series += _lines(lines, value, key, legend, warnings, second=second, right=right)
    elif areas:
        series, ctype = _areas(areas, value, key, legend, warnings), "area"
    elif lines:
        series, ctype = _lines(lines, value, key, legend, warnings, second=second, right=right), "line"
    else:
        series, ctype = _scatter(dots, value, key, legend, warnings), "scatter"
    if not any(s.points for s in series):
        return None
    title = _title(near, legend, (x0, y0, x1, y1))
    used = [t for t in near if t.used] + list(legend)
    bx0, by0, bx1, by1 = _bbox([*group, *used])
    axes: tuple[ChartAxis, ...] = (key.to_axis(), value.to_axis()) if not horizontal else (value.to_axis(),
                                                                                            key.to_axis())  # fmt: skip
    if second is not None and right:
        axes += (second.to_axis().model_copy(update={"secondary": True}),)
    return Chart(
        type=ctype, title=title, page=page_number, bbox=BBox(x0=bx0, y0=by0, x1=bx1, y1=by1),
        orientation=("horizontal" if horizontal else "vertical") if rects else None, axes=axes,
        series=tuple(series), status="partial" if warnings else "ok", warnings=tuple(warnings),
    )  # fmt: skip


def _claimed(column: list[Text], group: list[Shape], shapes: list[Shape]) -> bool:
    """Whether labels right of a chart stand just left of another chart's drawings (its y axis labels)."""
    mine = {id(s) for s in group}
    right = max(t.x1 for t in column)
    return any(id(s) not in mine and right <= s.x0 <= right + 14 and s.h > 0 and
               any(s.y0 - 2 <= t.cy <= s.y1 + 2 for t in column) for s in shapes)  # fmt: skip


def _split_crowded(labels: list[Text], group: list[Shape], texts: list[Text]) -> list[Text]:
    """Category labels set so close that they read as one run, cut between the slots they label.

    The slots are the tick marks above the run, else the centres of the marks: bars side by side
    form one slot, each line vertex is one.
    """
    out: list[Text] = []
    top = min((t.y0 for t in labels), default=0.0)
    # tick marks: short coloured vertical strokes standing just above the labels (not a bar's white edge)
    ticks = sorted(s.cx for s in group if s.kind == "seg" and s.w <= 0.05 and s.h <= 8 and s.stroke not in _WHITE
                   and s.y1 <= top + 2 and s.y0 >= top - 16)  # fmt: skip
    box = _bbox(group)
    marks = sorted((s for s in group if s.kind == "rect" and _is_mark(s, box)), key=lambda s: s.x0)
    slots: list[float] = []
    for r in marks:
        if slots and r.x0 <= slots[-1] + 1.0:
            slots[-1] = max(slots[-1], r.x1)
            continue
        slots += [r.x0, r.x1]
    centres = [(a + b) / 2 for a, b in zip(slots[::2], slots[1::2], strict=True)]
    if not centres:  # line vertices: polylines, slanted segments (a line drawn piece by piece), markers
        centres = sorted({round(x, 1) for s in group if s.kind in ("poly", "polygon") or (s.kind == "seg" and s.w > 0.05
                          and s.h > 0.05) for x, _ in s.pts} | {round(s.cx, 1) for s in group if s.kind == "marker"})  # fmt: skip
    for t in labels:
        inside = [c for c in ticks if t.x0 < c < t.x1] or [c for c in centres if t.x0 < c < t.x1]
        if len(inside) < 2 or not t.chars or abs(t.slant) > 0.1:
            out.append(t)
            continue
        pieces = _cut(t, inside)
        if pieces is None:
            out.append(t)
            continue
        texts.remove(t)
        texts += pieces
        out += pieces
    return out


def _cut(t: Text, slots: list[float]) -> list[Text] | None:
    """``t`` cut into one label per slot: at a space between two slots where there is one, else where
    the left piece centres best on its slot; None when the pieces would not sit on their slots."""
    chars = t.chars
    cuts: list[float] = []
    start = 0
    for a, b in itertools.pairwise(slots):
        gaps = [k for k in range(start + 1, len(chars)) if not chars[k][0].strip() and a < chars[k][1] < b]
        if gaps:
            k = min(gaps, key=lambda k: abs(chars[k][1] - (a + b) / 2))
        else:

            def error(k: int, start: int = start, a: float = a) -> float:
                return abs((chars[start][1] + chars[k - 1][2]) / 2 - a)

            options = [k for k in range(start + 1, len(chars)) if a < chars[k][1] < b] or list(
                range(start + 1, len(chars))
            )
            if not options:
                return None
            # two labels run together still leave a wider space between their letters than within a word
            spaced = max(options, key=lambda k: chars[k][1] - chars[k - 1][2])
            wide = chars[spaced][1] - chars[spaced - 1][2] > 0.1 * t.size
            k = spaced if wide else min(options, key=error)
        cuts.append((chars[k - 1][2] + chars[k][1]) / 2)
        start = k
    pieces = t.split_at(cuts)
    spacing = min(b - a for a, b in itertools.pairwise(slots))
    if len(pieces) != len(slots) or any(abs(p.cx - c) > 0.35 * spacing for p, c in zip(pieces, slots, strict=True)):
        return None
    return pieces


_SCALE_NOTE = re.compile(
    r"^(?P<add>[+−-])?\s*(?:[×x]\s*)?(?:(?P<m>\d+(?:\.\d+)?)e(?P<e>[+−-]?\d+)|10\^(?P<p>[−-]?\d+))$"
)


def _scale_note(value: Scale, near: list[Text], box: tuple[float, float, float, float], *, right: bool = False
                ) -> None:  # fmt: skip
    """A note such as ``1e6`` or ``×10^6`` (or ``+1e6``) at the end of a value axis: its tick labels are
    in those units (or that far from the values); the scale is rewritten to give the values themselves."""
    if value.kind != "linear":
        return
    for t in near:
        if t.used or t.vertical:
            continue
        m = _SCALE_NOTE.match(t.text.strip())
        if m is None:
            continue
        if value.orientation == "vertical" and right:  # above a right-hand axis
            placed = t.y1 <= box[1] + 2 and box[2] - 60 <= t.x1 <= box[2] + 40
        elif value.orientation == "vertical":
            placed = t.y1 <= box[1] + 2 and box[0] - 40 <= t.x0 <= box[0] + 60
        else:
            placed = t.y0 >= box[3] - 2 and t.x1 >= box[2] - 60 and t.x0 <= box[2] + 40
        if not placed:
            continue
        exp = int((m.group("e") or m.group("p") or "0").replace("−", "-"))
        amount = float(m.group("m") or 1.0) * 10.0**exp
        if m.group("add"):
            sign = -1.0 if m.group("add") in "−-" else 1.0
            value.values = [v + sign * amount for v in value.values]
            value.b += sign * amount
        else:
            value.values = [v * amount for v in value.values]
            value.a, value.b = value.a * amount, value.b * amount
        t.used = True
        return


def _anchor_on_base(value: Scale, rects: list[Shape], horizontal: bool) -> None:
    """Without tick marks, label centres sit a constant offset from their ticks; the edge most bars (or
    areas) start from is the tick of the label ``0`` next to it, which fixes that offset (values stay
    estimated: the anchor is inferred, not drawn)."""
    if value.kind != "linear" or 0.0 not in value.values:
        return
    i = value.values.index(0.0)
    edges = [e for r in rects for e in ((r.x0, r.x1) if horizontal else (r.y0, r.y1))] if rects[0].kind == "rect" else [
        y for r in rects for _, y in r.pts]  # areas: the edge they are filled down to  # fmt: skip
    base = max(edges, key=lambda e: sum(1 for f in edges if abs(f - e) <= _EDGE))
    if sum(1 for f in edges if abs(f - base) <= _EDGE) < 2:
        return
    label = value.labels[i]
    shift = base - value.positions[i]
    if abs(shift) <= 0.6 * ((label.x1 - label.x0) if horizontal else (label.y1 - label.y0)):
        value.positions = [p + shift for p in value.positions]
        value.b = value.b - value.a * shift


def _is_mark(s: Shape, box: tuple[float, float, float, float]) -> bool:
    """Drop axis lines, ticks, grid lines, frames and backgrounds: what is left encodes data."""
    w, h = box[2] - box[0], box[3] - box[1]
    if s.kind == "seg":
        if s.w <= 0.05 or s.h <= 0.05:
            return False  # axis-aligned: axis, tick, grid line or error bar
        return math.hypot(s.w, s.h) > 4
    if s.kind == "rect":
        if s.fill in _WHITE:
            return False
        if s.thin:  # a bar of a tiny value, unless it is a tick or a grid line drawn as a filled hairline
            long = max(s.w, s.h)
            if not is_grey(s.fill or "#000000"):  # coloured: a bar's sliver, even across a thin bar
                return long >= 1.5
            return long >= 5 and not (s.w >= 0.6 * w or s.h >= 0.6 * h)
        return not (s.w >= 0.8 * w and s.h >= 0.8 * h)
    if s.kind == "polygon":
        return s.fill not in _WHITE and not (s.w >= 0.98 * w and s.h >= 0.98 * h and len(s.pts) <= 5)
    if s.kind == "poly":
        xs, ys = {round(p[0], 1) for p in s.pts}, {round(p[1], 1) for p in s.pts}
        return not (len(xs) <= 2 and len(ys) <= 2)  # a frame or an L of axis lines
    return s.kind == "marker"


def _grey_slivers(group: list[Shape], marks: list[Shape]) -> list[Shape]:
    """Grey hairline rectangles set edge to edge with bars (a grey series' bar of a tiny value in a
    group), which alone would read as ticks."""
    bars = [m for m in marks if m.kind == "rect" and not m.thin]
    out = []
    for s in group:
        if s.kind != "rect" or not s.thin or s in marks or s.fill in _WHITE:
            continue
        for r in bars:
            if r.fill == s.fill:
                continue
            side = (abs(r.y1 - s.y0) <= _EDGE or abs(r.y0 - s.y1) <= _EDGE) and abs(r.x0 - s.x0) <= _EDGE
            end = (abs(r.x1 - s.x0) <= _EDGE or abs(r.x0 - s.x1) <= _EDGE) and abs(r.y1 - s.y1) <= _EDGE
            if side or end:
                out.append(s)
                break
    return out


def _holds_legend(s: Shape, legend: dict[Text, str], keys: list[Shape]) -> bool:
    """A filled box behind a legend entry's text or swatch is part of the legend (its background, a
    key box around a swatch), not a bar."""
    if s.kind != "rect":
        return False
    # a box around whole entries (a text and a swatch), or a key box just around a swatch; a bar that a
    # legend's text is printed over is still a bar

    def holds(b: tuple[float, float, float, float]) -> bool:
        return s.x0 - 0.5 <= b[0] and b[2] <= s.x1 + 0.5 and s.y0 - 0.5 <= b[1] and b[3] <= s.y1 + 0.5

    swatches = [(k.x0, k.y0, k.x1, k.y1) for k in keys if k is not s]
    if any(holds(b) for b in swatches) and any(holds((t.x0, t.y0, t.x1, t.y1)) for t in legend):
        return True
    return any(holds((k.x0, k.y0, k.x1, k.y1)) for k in keys if k is not s and s.w <= k.w + 8 and s.h <= k.h + 8)


def _bare_number(text: str) -> bool:
    """A number alone or a percentage (a value label), not a name such as ``3분기`` or ``2 GHz``."""
    parsed = parse_number(text)
    return parsed is not None and parsed[1] in ("", "%")


def _square_markers(marks: list[Shape]) -> None:
    """Small equal squares of one colour are markers (scatter or line points), not bars."""
    by_colour: dict[str | None, list[Shape]] = defaultdict(list)
    for s in marks:
        if s.kind == "rect":
            by_colour[s.fill].append(s)
    for group in by_colour.values():
        w, h = group[0].w, group[0].h
        if len(group) >= 2 and max(w, h) <= 12 and abs(w - h) <= 0.1 and all(
                abs(s.w - w) <= 0.1 and abs(s.h - h) <= 0.1 for s in group):  # fmt: skip
            for s in group:
                s.kind = "marker"


def _horizontal_bars(rects: list[Shape]) -> bool:
    """Bars grow along the axis whose extent varies; their thickness is the constant side."""
    ws, hs = [r.w for r in rects], [r.h for r in rects]
    if len(rects) == 1:
        return rects[0].w > rects[0].h
    spread_w = (max(ws) - min(ws)) / max(ws)
    spread_h = (max(hs) - min(hs)) / max(hs)
    return spread_h < spread_w


def _legend(
    near: list[Text], shapes: list[Shape], box: tuple[float, float, float, float]
) -> tuple[dict[Text, str], set[int]]:
    """Legend entries (text → swatch colour) and the ids of the swatch shapes.

    An entry is a small swatch (box, short line, marker) just left of a text. A text that reads as a
    number (a data label beside a short bar looks the same) counts only when another entry's
    swatch has the same size and lines up with it, as legend rows do.
    """
    found: list[tuple[Text, Shape, bool]] = []
    for t in near:
        if t.vertical:
            continue
        h = t.y1 - t.y0
        best: tuple[float, Shape] | None = None
        for s in shapes:
            # the gap between swatch and text grows with the font: up to 16 pt, or 1.8 line heights
            if s.used or not (t.x0 - max(16.0, 1.8 * h) <= s.x1 <= t.x0 - 0.2) or abs(s.cy - t.cy) > 0.45 * h:
                continue
            if t.baseline is not None and not (t.baseline - 0.85 * t.size <= s.cy <= t.baseline + 0.2 * t.size):
                continue  # a swatch stands level with the letters, not above or below them
            small = (s.kind == "rect" and s.w <= max(26.0, 2.2 * h) and s.h <= max(16.0, 1.1 * h)) or s.kind == "marker" or (
                s.kind in ("seg", "poly") and s.h <= 0.5 and max(4.0, t.size) <= s.w <= 40)  # fmt: skip
            if small and (s.colour or "") not in ("", "#ffffff"):
                # a grey key box may hold the coloured swatch: colours first, then the nearest
                d = t.x0 - s.x1 + (1000.0 if is_grey(s.colour or "#000000") else 0.0)
                if best is None or d < best[0]:
                    best = (d, s)
        if best is not None and not _between(best[1], t, shapes, box) and not _across(best[1], t, box):
            found.append((t, best[1], _bare_number(t.text)))

    def lined_up(a: Shape, b: Shape) -> bool:
        same = abs(a.w - b.w) <= 0.2 and abs(a.h - b.h) <= 0.2 and a.kind == b.kind
        if same and (abs(a.x0 - b.x0) <= 1 or abs(a.cy - b.cy) <= 1):
            return True

        # markers of different shapes (circle, triangle, diamond) centred in one column or row
        def near(u: float, v: float) -> bool:
            return max(u, v) <= 12 and max(u, v) <= 1.6 * min(u, v)

        return near(a.w, b.w) and near(a.h, b.h) and (abs(a.cx - b.cx) <= 0.5 or abs(a.cy - b.cy) <= 0.5)

    entries: dict[Text, str] = {}
    swatches: set[int] = set()

    def from_base(a: Shape, o: Shape) -> bool:  # another length from the same base edge
        return (abs(o.x0 - a.x0) <= 0.1 and abs(o.w - a.w) > 0.2) or (abs(o.y1 - a.y1) <= 0.1 and abs(o.h - a.h) > 0.2)

    def on_axis(a: Shape) -> bool:  # bars of other lengths from its base: bars beside their value labels
        return (
            a.kind == "rect" and sum(1 for _, o, _ in found if o.kind == "rect" and o is not a and from_base(a, o)) >= 2
        )

    for t, swatch, numeric in found:
        if numeric and (on_axis(swatch) or not any(o is not swatch and lined_up(o, swatch) for _, o, _ in found)):
            continue
        entries[t] = swatch.colour or ""
        h = t.y1 - t.y0
        for s in shapes:  # the whole swatch: a line with a marker on it, a box with an edge
            if s.x1 <= t.x0 and s.x0 >= swatch.x0 - 1 and abs(s.cy - swatch.cy) <= 0.5 * h and s.w <= 40:
                swatches.add(id(s))
    for t in entries:
        t.used = True
    return entries, swatches


def _far_legend(legend: dict[Text, str], swatches: set[int], free: list[Text], near: list[Text], group: list[Shape],
                shapes: list[Shape], box: tuple[float, float, float, float]) -> None:  # fmt: skip
    """Legend entries further right than the chart's labels (beyond a right-hand axis): kept when their
    swatch has the colour of one of the chart's marks, so a neighbour's legend is not taken."""
    if legend:
        return
    far = [t for t in free if t not in near and not t.used and box[2] <= t.x0 <= box[2] + 3 * _NEAR
           and box[1] - 10 <= t.cy <= box[3] + 10]  # fmt: skip
    if not far:
        return
    found, ids = _legend(far, shapes, box)
    inks = {s.colour for s in group if s.colour}
    for t, c in found.items():
        if c in inks or _near_colour(c, {k: k for k in inks if k}) is not None:
            legend[t] = c
        else:
            t.used = False
    if legend:
        swatches |= ids


def _between(swatch: Shape, t: Text, shapes: list[Shape], box: tuple[float, float, float, float]) -> bool:
    """Whether another drawn shape stands between a swatch and its text (a tick mark, then a bar, then
    the bar's value label: the tick is no legend swatch), or the chart's frame does (a marker inside the
    plot, a label outside it); grid lines crossing a legend do not count."""
    for s in shapes:
        if s is swatch or (s.fill in _WHITE and s.stroke in _WHITE):
            continue
        frame = s.kind == "seg" and s.w <= 0.05 and min(abs(s.x0 - box[0]), abs(s.x0 - box[2])) <= 1.0
        if s.x0 >= swatch.x1 - 0.1 and s.x1 <= t.x0 + 0.5 and (s.x1 - s.x0 > 0.3 or frame) and \
                s.y0 < t.y1 and s.y1 > t.y0:  # fmt: skip
            return True
    return False


def _across(swatch: Shape, t: Text, box: tuple[float, float, float, float]) -> bool:
    """Whether a would-be swatch stands well inside the chart's drawings while its text lies wholly outside
    them (a data marker beside a right-hand axis label): a legend keeps both on one side."""
    deep = box[0] + 2 < swatch.x0 and swatch.x1 < box[2] - 2 and box[1] + 2 < swatch.y0 and swatch.y1 < box[3] - 2
    out = t.x0 >= box[2] or t.x1 <= box[0] or t.y0 >= box[3] or t.y1 <= box[1]
    return deep and out


def _title(near: list[Text], legend: dict[Text, str], box: tuple[float, float, float, float]) -> str:
    above = [t for t in near if not t.used and not t.vertical and t.y1 <= box[1] + 2 and t not in legend
             and box[0] - 10 <= t.cx <= box[2] + 10]  # fmt: skip
    if not above:
        return ""
    size = max(t.size for t in above)
    parts = sorted((t for t in above if t.size >= size - 0.5), key=lambda t: (round(t.cy), t.x0))
    for t in parts:
        t.used = True
    return " ".join(t.text for t in parts)


def _titles(near: list[Text], legend: dict[Text, str], value: Scale, key: Scale, ylabels: list[Text],
            xlabels: list[Text], box: tuple[float, float, float, float]) -> None:  # fmt: skip
    """Axis titles: a rotated text left of the y labels, a text row below the x labels."""
    # an axis title is centred on its axis, a line or two beyond the tick labels
    ylimit = min((t.x0 for t in ylabels), default=box[0])
    mid_x, mid_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    ycands = [t for t in near if not t.used and t.vertical and t.x1 <= ylimit + 1 and ylimit - t.x1 <= 5 * t.size + 10
              and abs(t.cy - mid_y) <= 0.3 * (box[3] - box[1])]  # fmt: skip
    xlimit = max((t.y1 for t in xlabels), default=box[3])
    xcands = [t for t in near if not t.used and not t.vertical and t.y0 >= xlimit - 1 and t not in legend
              and t.y0 - xlimit <= 2 * t.size + 6 and abs(t.cx - mid_x) <= 0.3 * (box[2] - box[0])]  # fmt: skip
    vertical_axis = value if value.orientation == "vertical" else key
    horizontal_axis = key if vertical_axis is value else value
    if ycands:
        t = max(ycands, key=lambda t: t.x1)
        t.used, vertical_axis.title = True, t.text
    if xcands:
        t = min(xcands, key=lambda t: t.y0)
        t.used, horizontal_axis.title = True, t.text


def _right_title(near: list[Text], legend: dict[Text, str], second: Scale, box: tuple[float, float, float, float]
                 ) -> None:  # fmt: skip
    """The title of a right-hand value axis: a rotated text right of its tick labels, level with the plot."""
    limit = max(t.x1 for t in second.labels)
    mid_y = (box[1] + box[3]) / 2
    cands = [t for t in near if not t.used and t.vertical and t not in legend and t.x0 >= limit - 1
             and t.x0 - limit <= 5 * t.size + 10 and abs(t.cy - mid_y) <= 0.3 * (box[3] - box[1])]  # fmt: skip
    if cands:
        t = min(cands, key=lambda t: t.x0)
        t.used, second.title, second.title_text = True, t.text, t


def _names(colours: list[str | None], legend: dict[Text, str], fallback: str) -> dict[str | None, str]:
    by_colour = {c: t.text for t, c in sorted(legend.items(), key=lambda kv: (kv[0].cy, kv[0].x0))}
    out: dict[str | None, str] = {}
    for i, c in enumerate(colours):
        if c in by_colour:
            out[c] = by_colour[c]
        elif _near_colour(c, by_colour) is not None:
            out[c] = by_colour[_near_colour(c, by_colour) or ""]
        else:
            out[c] = fallback if len(colours) == 1 else f"series {i + 1}"
    return out


def _near_colour(c: str | None, known: dict[str, str]) -> str | None:
    if c is None:
        return None
    rgb = [int(c[k : k + 2], 16) for k in (1, 3, 5)]
    for k in known:
        if k and max(abs(int(k[j : j + 2], 16) - rgb[n]) for n, j in enumerate((1, 3, 5))) <= 3:
            return k
    return None


def _status(value: Scale, key: Scale | None, v: float, *, ends: int = 1) -> ValueStatus:
    """``exact`` when both scales fit their tick marks exactly and ``v`` is known to within the exact
    tolerance (see :meth:`Scale.certain`); else ``estimated``."""
    keyed = key is None or key.kind == "category" or key.exact
    return "exact" if keyed and value.certain(v, ends=ends) else "estimated"


# -- marks -------------------------------------------------------------------------------------------


def _bars(rects: list[Shape], value: Scale, key: Scale, horizontal: bool, legend: dict[Text, str],
          warnings: list[str]) -> tuple[list[ChartSeries], ChartType]:  # fmt: skip
    """Bars → series: slot by the key axis, colour by series, stacks where bars meet end to end."""

    def centre(r: Shape) -> float:
        return r.cy if horizontal else r.cx

    def ends(r: Shape) -> tuple[float, float]:
        return (r.x0, r.x1) if horizontal else (r.y1, r.y0)  # (low value side, high value side) for a + scale

    zero = value.position(0.0)
    lo_box = min(min(ends(r)) for r in rects)
    hi_box = max(max(ends(r)) for r in rects)
    if zero is not None and not (lo_box - 1 <= zero <= hi_box + 1):
        zero = None
    slots: dict[str, list[Shape]] = defaultdict(list)
    for r in rects:
        found = key.category(centre(r)) if key.kind == "category" else (key.key(centre(r))[0], 0.0)
        if found is None:
            warnings.append(f"a bar at {centre(r):.1f} pt is not under any {key.orientation} axis label")
            continue
        slots[found[0]].append(r)
    colours = list(dict.fromkeys(r.fill for r in rects))
    one_per_slot = all(len(v) == 1 for v in slots.values())
    if one_per_slot and not legend:
        colours = [colours[0]]  # one series with varied colours
    stacked = False
    values: dict[tuple[str | None, str], float] = {}
    spans: dict[tuple[str | None, str], int] = {}
    for label, bars in slots.items():
        thick = min(b.h if horizontal else b.w for b in bars)
        columns: list[list[Shape]] = []
        for b in sorted(bars, key=centre):
            if columns and abs(centre(columns[-1][0]) - centre(b)) <= 0.3 * thick:
                columns[-1].append(b)
            else:
                columns.append([b])
        for col in columns:
            if len(col) > 1:
                stacked = True
            for b in col:
                a, c = ends(b)
                near_edge, far_edge = (a, c)
                if zero is not None and abs(c - zero) < abs(a - zero):
                    near_edge, far_edge = c, a
                ref = zero if zero is not None else a  # without zero in view, bars grow from the axis floor
                # stacked on another bar: one that ends where this one starts and starts nearer the base
                under = [o for o in col if o is not b and any(abs(e - near_edge) <= _EDGE for e in ends(o))
                         and min(abs(e - ref) for e in ends(o)) < abs(near_edge - ref) - 1e-9]  # fmt: skip
                v = value.value(far_edge)
                if under:
                    v = value.difference(near_edge, far_edge)
                colour = b.fill if len(colours) > 1 else colours[0]
                values[(colour, label)] = v
                spans[(colour, label)] = 2 if under else 1
    if len(colours) == 1 and key.kind == "category" and zero is not None:
        for t in key.labels:  # one series: a category with no bar above its label is a bar of height zero
            if (colours[0], t.text) not in values:
                values[(colours[0], t.text)], spans[(colours[0], t.text)] = 0.0, 0
    names = _names(colours, legend, value.title)
    order = [t.text for t in key.labels] if key.kind == "category" else sorted(
        {k for _, k in values}, key=lambda k: float(k) if _is_float(k) else 0.0)  # fmt: skip
    series = []
    for colour in colours:
        pts = [ChartPoint(key=k, value=values[(colour, k)], status=_status(value, None, values[(colour, k)],
                          ends=spans[(colour, k)]) if spans[(colour, k)] else "estimated")
               for k in order if (colour, k) in values]  # fmt: skip
        series.append(ChartSeries(name=names[colour], colour=colour, points=tuple(pts)))
    if len(colours) == 1:
        ctype: ChartType = "hbar" if horizontal else "bar"
    else:
        ctype = "stacked" if stacked else "grouped"
    return series, ctype


def _vertex_points(pts: list[tuple[float, float]], value: Scale, key: Scale, warnings: list[str]) -> list[ChartPoint]:
    out: list[ChartPoint] = []
    seen: set[str] = set()
    for px, py in pts:
        k, x = key.key(px)
        if not k:
            warnings.append(f"a point at x={px:.1f} pt is not under any category label")
            continue
        if k in seen:
            continue
        seen.add(k)
        v = value.value(py)
        out.append(ChartPoint(key=k, x=x, value=v, status=_status(value, key, v)))
    return out


def _lines(lines: list[Shape], value: Scale, key: Scale, legend: dict[Text, str], warnings: list[str], *,
           second: Scale | None = None, right: set[str | None] | None = None) -> list[ChartSeries]:  # fmt: skip
    """Polylines by colour → series; the colours in ``right`` are read on the ``second`` (right) axis."""
    by_colour: dict[str | None, list[tuple[float, float]]] = {}
    for s in sorted(lines, key=lambda s: s.order):
        by_colour.setdefault(s.stroke, []).extend(s.pts)
    names = _names(list(by_colour), legend, value.title)
    out = []
    for c, pts in by_colour.items():
        on_second = second is not None and c in (right or set())
        scale = second if second is not None and on_second else value
        name = second.title if second is not None and on_second and names[c] == value.title and second.title \
            else names[c]  # fmt: skip
        out.append(ChartSeries(name=name, colour=c, points=tuple(_vertex_points(sorted(pts), scale, key, warnings)),
                               value_axis="secondary" if on_second else "primary"))  # fmt: skip
    return out


def _same_scale(a: Scale, b: Scale, span: tuple[float, float]) -> bool:
    """Whether two value axes give the same values across the plot (labels repeated on both sides)."""
    if a.kind != b.kind:
        return False
    lo, hi = (a.value(span[0]), a.value(span[1])), (b.value(span[0]), b.value(span[1]))
    tol = 1e-3 * (abs(lo[0] - lo[1]) or 1.0)
    return abs(lo[0] - hi[0]) <= tol and abs(lo[1] - hi[1]) <= tol


def _on_second(lines: list[Shape], bars: bool, left: list[Text], second: Scale) -> set[str | None]:
    """The line colours read on the right-hand axis. Cues in turn: tick labels or an axis title printed
    in a series' colour belong to it; in a combination chart the bars use the left axis and the lines
    the right; else the series drawn last is the one added on the right."""
    colours = list(dict.fromkeys(s.stroke for s in sorted(lines, key=lambda s: s.order)))
    if not colours:
        return set()

    def inked(texts: list[Text]) -> dict[str, str]:
        return {t.colour: t.colour for t in texts if t.colour and not is_grey(t.colour)}

    right_ink = inked(second.labels)
    if second.title_text is not None:
        right_ink |= inked([second.title_text])
    left_ink = inked(left)
    on_right: set[str | None] = {c for c in colours if c and (c in right_ink or _near_colour(c, right_ink) is not None)}
    on_left: set[str | None] = {c for c in colours if c and (c in left_ink or _near_colour(c, left_ink) is not None)}
    if on_right:
        return on_right
    if on_left:
        return set(colours) - on_left
    if bars:
        return set(colours)
    return {colours[-1]} if len(colours) > 1 else set()


def _scatter(
    dots: list[Shape], value: Scale, key: Scale, legend: dict[Text, str], warnings: list[str]
) -> list[ChartSeries]:
    by_colour: dict[str | None, list[tuple[float, float]]] = {}
    for s in dots:
        by_colour.setdefault(s.colour, []).append((s.cx, s.cy))
    names = _names(list(by_colour), legend, value.title)
    out = []
    for c, pts in by_colour.items():
        points = []
        for px, py in sorted(pts):
            k, x = key.key(px)
            if k:
                v = value.value(py)
                points.append(ChartPoint(key=k, x=x, value=v, status=_status(value, key, v)))
        out.append(ChartSeries(name=names[c], colour=c, points=tuple(points)))
    return out


def _areas(
    areas: list[Shape], value: Scale, key: Scale, legend: dict[Text, str], warnings: list[str]
) -> list[ChartSeries]:
    """Filled polygons: at each x the top edge is the value, less the edge below it in a stack."""
    profiles: list[tuple[Shape, dict[float, tuple[float, float]]]] = []
    for s in areas:
        at: dict[float, list[float]] = defaultdict(list)
        raw: dict[float, float] = {}
        for px, py in s.pts:
            at[round(px, 2)].append(py)
            raw.setdefault(round(px, 2), px)
        profiles.append((s, {raw[x]: (min(v), max(v)) for x, v in at.items()}))
    tops = [{x: tb[0] for x, tb in prof.items()} for _, prof in profiles]
    zero = value.position(0.0)
    names = _names([s.fill for s, _ in profiles], legend, value.title)
    out = []
    for i, (s, prof) in enumerate(profiles):
        points: list[ChartPoint] = []
        seen: set[str] = set()
        for x in sorted(prof):
            top, bottom = prof[x]
            k, xv = key.key(x)
            if not k or k in seen:
                continue
            seen.add(k)
            stacked = any(j != i and abs(_at(t, x) - bottom) <= _EDGE and abs(_at(t, x) - top) > _EDGE
                          for j, t in enumerate(tops))  # fmt: skip
            on_zero = zero is not None and abs(bottom - zero) <= _EDGE
            on_top = stacked and not on_zero
            v = value.difference(bottom, top) if on_top else value.value(top)
            points.append(ChartPoint(key=k, x=xv, value=round(v, 10), status=_status(value, key, v, ends=2 if on_top
                                                                                                    else 1)))  # fmt: skip
        out.append(ChartSeries(name=names[s.fill], colour=s.fill, points=tuple(points)))
    return out


def _at(profile: dict[float, float], x: float) -> float:
    """The profile's y at ``x`` (its vertex within 0.01 pt), or infinity where it has none."""
    near = [y for px, y in profile.items() if abs(px - x) <= 0.01]
    return near[0] if near else math.inf


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _on_labels(rects: list[Shape], key: Scale) -> bool:
    """Whether bars (side-by-side groups taken as one) stand on the key axis's labels, as categories do,
    rather than between them (a histogram over a number line)."""
    spans: list[list[float]] = []
    last: Shape | None = None
    for r in sorted(rects, key=lambda r: r.x0):
        # a group is bars of different colours side by side; touching bars of one colour are bins
        if spans and last is not None and r.x0 <= spans[-1][1] + 1.0 and (r.fill != last.fill or r.x0 < last.x1 - 0.5):
            spans[-1][1] = max(spans[-1][1], r.x1)
        else:
            spans.append([r.x0, r.x1])
        last = r
    gaps = [b - a for a, b in itertools.pairwise(sorted(key.positions))]
    tol = 0.2 * min(gaps) if gaps else 3.0
    return all(any(abs((a + b) / 2 - p) <= tol for p in key.positions) for a, b in spans)


def _pie(wedges: list[Shape], shapes: list[Shape], texts: list[Text], page_number: int) -> Chart:
    """Pie wedges → one series of percentage shares (exact: angles of the drawn arcs)."""
    total = sum(w.sweep for w in wedges)
    cx = sum(w.centre[0] for w in wedges if w.centre) / len(wedges)
    cy = sum(w.centre[1] for w in wedges if w.centre) / len(wedges)
    r = max(w.radius for w in wedges)
    x0, y0, x1, y1 = cx - r, cy - r, cx + r, cy + r
    free = [t for t in texts if not t.used]
    near = [t for t in free if _overlap((t.x0, t.y0, t.x1, t.y1), (x0, y0, x1, y1), max(_NEAR, r))]
    legend, _ = _legend(near, shapes, (x0, y0, x1, y1))
    by_colour = {c: t.text for t, c in legend.items()}
    exact = abs(total - 360) <= 0.05
    title = _pie_title(near, legend, cy - r)
    ordered = sorted(wedges, key=lambda w: w.order)
    unsure: set[int] = set()
    labels = {} if by_colour else _wedge_labels(ordered, near, unsure)
    points = []
    warnings: list[str] = []
    for k, w in enumerate(ordered):
        name = by_colour.get(w.fill or "") or by_colour.get(_near_colour(w.fill, by_colour) or "", "")
        if not name:
            label = labels.get(k)
            name = label.text if label is not None else f"slice {k + 1}"
            if label is None:
                warnings.append(f"slice {k + 1} ({w.fill}) has no label or legend entry")
        share = round(w.sweep / 360 * 100, 4)
        points.append(ChartPoint(key=name, value=share, status="exact" if exact and k not in unsure else "estimated"))
    used = [t for t in near if t.used]
    bx0, by0, bx1, by1 = _bbox([*wedges, *used])
    if not exact:
        warnings.append(f"the wedges sweep {total:.2f}° in all, not 360°")
    return Chart(type="pie", title=title, page=page_number, bbox=BBox(x0=bx0, y0=by0, x1=bx1, y1=by1),
                 series=(ChartSeries(name=title, points=tuple(points)),),
                 status="partial" if warnings else "ok", warnings=tuple(warnings))  # fmt: skip


def _at_gaps(t: Text) -> list[Text]:
    """``t`` cut where two letters stand apart with no space between (labels set side by side)."""
    cuts = [(a[2] + b[1]) / 2 for a, b in itertools.pairwise(t.chars)
            if a[0].strip() and b[0].strip() and b[1] - a[2] > 0.3 * t.size]  # fmt: skip
    if not cuts or t.slant or t.vertical:
        return [t]
    pieces = t.split_at(cuts)
    for p in pieces:
        p.used = False
    return pieces


def _pie_title(near: list[Text], legend: dict[Text, str], top: float) -> str:
    """The largest text above the pie, when it is larger than the labels (or far above them)."""
    above = [t for t in near if not t.used and not t.vertical and t.y1 <= top - 2 and t not in legend]
    if not above:
        return ""
    sizes = sorted(t.size for t in near)
    typical = sizes[len(sizes) // 2]
    best = min(above, key=lambda t: (-t.size, t.y0))
    if best.size <= typical + 0.5 and top - best.y1 < 24:
        return ""
    best.used = True
    return best.text


def _wedge_labels(wedges: list[Shape], near: list[Text], unsure: set[int]) -> dict[int, Text]:
    """Texts outside the pie matched to wedges by how far they sit from each bisector (closest pairs first);
    wedges whose label could as well be another's (tiny slices side by side) are added to ``unsure``."""
    pairs: list[tuple[float, int, int]] = []
    cands = [piece for t in near if not t.used and not _bare_number(t.text) for piece in _at_gaps(t)]
    for k, w in enumerate(wedges):
        assert w.centre is not None
        cx, cy = w.centre
        for j, t in enumerate(cands):
            # the label's anchor: the end of the text nearest the pie (labels are left- or right-aligned)
            ax = t.x0 if t.cx >= cx else t.x1
            d = math.dist((ax, t.cy), (cx, cy))
            if d < 0.8 * w.radius or d > 2.2 * w.radius:
                continue
            ang = math.degrees(math.atan2(-(t.cy - cy), ax - cx))
            off = abs((ang - w.mid_angle + 180) % 360 - 180)
            if off <= w.sweep / 2 + 25:
                pairs.append((off, k, j))
    out: dict[int, Text] = {}
    taken: set[int] = set()
    for off, k, j in sorted(pairs):
        if k in out or j in taken:
            continue
        out[k] = cands[j]
        taken.add(j)
        cands[j].used = True
        # another text (nearly) as close to this bisector, or this text (nearly) as close to another wedge's
        if any((k2 == k) != (j2 == j) and o2 - off <= 3.0 for o2, k2, j2 in pairs):
            unsure.add(k)
    left = [k for k in range(len(wedges)) if k not in out]
    spare = [
        j
        for j, t in enumerate(cands)
        if j not in taken
        and not t.used
        and 0.8 * wedges[0].radius <= math.dist((t.cx, t.cy), wedges[0].centre or (0, 0)) <= 2.2 * wedges[0].radius
    ]
    if len(left) == len(spare) == 1:  # the one label left belongs to the one slice left
        out[left[0]] = cands[spare[0]]
        cands[spare[0]].used = True
    return out
