"""A page's drawings and text as chart primitives: rectangles, segments, polylines, polygons, markers,
pie wedges and text runs, plus the number and date readers tick labels need.

Everything is in PDF points of the displayed page (top-left origin, y downwards), the coordinates
PyMuPDF reports. Colours are ``#rrggbb``.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

__all__ = ["Shape", "Text", "hex_colour", "is_grey", "parse_date", "parse_number", "read_shapes", "read_texts"]

Kind = Literal["rect", "seg", "poly", "polygon", "marker", "wedge", "curve"]
Pt = tuple[float, float]

_MARKER_PT = 16.0  # closed shapes no larger than this are markers (scatter dots, line markers)
_JOIN_PT = 0.05  # path pieces whose ends are this close continue one another


@dataclass(eq=False)
class Shape:
    """One drawn primitive. ``pts`` are the vertices (curves: their end points); wedges add their
    centre, radius and the angles (degrees, counter-clockwise on screen) they sweep."""

    kind: Kind
    pts: list[Pt]
    fill: str | None
    stroke: str | None
    width: float = 0.0
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    centre: Pt | None = None
    radius: float = 0.0
    sweep: float = 0.0
    mid_angle: float = 0.0
    order: int = 0
    thin: bool = False
    used: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        xs, ys = [p[0] for p in self.pts], [p[1] for p in self.pts]
        self.x0, self.x1, self.y0, self.y1 = min(xs), max(xs), min(ys), max(ys)

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def colour(self) -> str | None:
        """The colour that identifies the series: fill for filled shapes, else the stroke."""
        return self.fill or self.stroke


@dataclass(eq=False)
class Text:
    """A run of text on one line: its box, font size and direction (``vertical`` for rotated titles)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    vertical: bool = False
    chars: list[tuple[str, float, float]] = field(default_factory=list)  # (char, x0, x1) along the run
    slant: float = 0.0  # the y part of the writing direction: < 0 rising to the right, > 0 falling
    baseline: float | None = None
    colour: str | None = None  # #rrggbb of its letters
    used: bool = field(default=False, compare=False)

    @property
    def anchor_x(self) -> float:
        """Where a tick label meets its tick: the centre, or for slanted labels their upper end."""
        if self.slant < -0.1:
            return self.x1
        if self.slant > 0.1:
            return self.x0
        return self.cx

    @property
    def mid_y(self) -> float:
        """The height a visually centred label marks: half a digit (3/8 em) above its baseline."""
        return self.baseline - 0.375 * self.size if self.baseline is not None and not self.slant else self.cy

    @property
    def row_y(self) -> float:
        """The line a row of labels shares: the centre, or the top for slanted labels."""
        return self.y0 if abs(self.slant) > 0.1 else self.cy

    def split_at(self, cuts: list[float]) -> list[Text]:
        """The run cut at the positions ``cuts`` (points along it): one text per piece with letters."""
        pieces: list[list[tuple[str, float, float]]] = [[] for _ in range(len(cuts) + 1)]
        for ch in self.chars:
            mid = (ch[1] + ch[2]) / 2
            pieces[sum(1 for c in cuts if mid > c)].append(ch)
        out = []
        for part in pieces:
            letters = [c for c in part if c[0].strip()]
            if letters:
                text = " ".join("".join(c[0] for c in part).split())
                out.append(Text(text, letters[0][1], self.y0, letters[-1][2], self.y1, self.size, self.vertical,
                                part, colour=self.colour))  # fmt: skip
        return out

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def hex_colour(c: Any) -> str | None:
    """A PyMuPDF colour (tuple of 0..1 floats: gray, RGB or CMYK) as ``#rrggbb``; None when absent."""
    if c is None or not isinstance(c, tuple | list) or not c:
        return None
    if len(c) == 1:
        r = g = b = float(c[0])
    elif len(c) == 4:
        k = float(c[3])
        r, g, b = ((1 - float(v)) * (1 - k) for v in c[:3])
    else:
        r, g, b = (float(v) for v in c[:3])
    return "#" + "".join(f"{min(max(round(v * 255), 0), 255):02x}" for v in (r, g, b))


def is_grey(c: str) -> bool:
    r, g, b = (int(c[k : k + 2], 16) for k in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 12


def _close(a: Pt, b: Pt, tol: float = _JOIN_PT) -> bool:
    return abs(a[0] - b[0]) <= tol and abs(a[1] - b[1]) <= tol


def read_shapes(page: Any) -> list[Shape]:
    """Every drawn path of ``page`` split into primitives and cut to its clip rectangle; page-sized
    backgrounds are left out."""
    area = page.rect.width * page.rect.height
    out: list[Shape] = []
    clips: list[tuple[int, tuple[float, float, float, float]]] = []
    pattern: dict[int, Shape] = {}  # clip level → the shape a pattern fill paints (see below)
    fresh = False  # no drawing yet inside the innermost clip
    drawings = page.get_drawings(extended=True)
    for order, g in enumerate(drawings):
        kind = g.get("type") or ""
        level = int(g.get("level") or 0)
        if kind == "clip":
            r = g.get("scissor")
            clips = [c for c in clips if c[0] < level]
            pattern = {k: v for k, v in pattern.items() if k < level}
            if r is not None:
                clips.append((level, (float(r.x0), float(r.y0), float(r.x1), float(r.y1))))
                fresh = True
            continue
        if kind not in ("f", "s", "fs"):
            continue
        inner = max((c for c in clips if c[0] < level), default=None, key=lambda c: c[0])
        if inner is not None and (
            inner[0] in pattern
            or (fresh and _tile(g, inner[1], drawings[order + 1 : order + 2]) and _box_area(inner[1]) <= 0.6 * area)
        ):
            # a tiling pattern (a hatched bar): the clip is the filled shape, and its contents (tiles drawn
            # in the pattern's own space, away from it or overhanging it) give its colour (the first that
            # is not white)
            _pattern_fill(pattern, inner, g, order, out)
            continue
        fresh = False
        active = [c[1] for c in clips if c[0] < level]
        fill = hex_colour(g.get("fill")) if "f" in kind else None
        stroke = hex_colour(g.get("color")) if "s" in kind else None
        if (g.get("fill_opacity") or 1.0) < 0.05:
            fill = None
        if fill is None and stroke is None:
            continue
        width = float(g.get("width") or 0.0)
        for sub in _subpaths(g["items"]):
            for shape in _classify(sub, fill, stroke, width, order, area):
                if _clipped(shape, active):
                    out.append(shape)
    return out


def _box_area(b: tuple[float, float, float, float]) -> float:
    return max(b[2] - b[0], 0.0) * max(b[3] - b[1], 0.0)


def _tile(g: Any, clip: tuple[float, float, float, float], after: list[Any]) -> bool:
    """Whether the first drawing inside a clip is a pattern's tile: wholly outside the clip, or a filled
    rectangle overhanging it that covers the clip or is followed by more drawings inside it (the next
    tile, the hatch); a bar overhanging the plot's clip (an axis that starts above zero) is neither."""
    rect = g.get("rect")
    if rect is None:
        return False
    if rect.x1 < clip[0] or rect.x0 > clip[2] or rect.y1 < clip[1] or rect.y0 > clip[3]:
        return True
    items = g.get("items") or []
    tol = 0.5
    over = rect.x0 < clip[0] - tol or rect.y0 < clip[1] - tol or rect.x1 > clip[2] + tol or rect.y1 > clip[3] + tol
    if not (over and "f" in (g.get("type") or "") and len(items) == 1 and items[0][0] == "re"):
        return False
    covers = (
        rect.x0 <= clip[0] + tol and rect.y0 <= clip[1] + tol and rect.x1 >= clip[2] - tol and rect.y1 >= clip[3] - tol
    )
    more = bool(after) and (after[0].get("type") or "") != "clip" and int(after[0].get("level") or 0) == int(
        g.get("level") or 0)  # fmt: skip
    return covers or more


def _pattern_fill(pattern: dict[int, Shape], clip: tuple[int, tuple[float, float, float, float]], g: Any, order: int,
                  out: list[Shape]) -> None:  # fmt: skip
    level, (x0, y0, x1, y1) = clip
    colour = hex_colour(g.get("fill")) if "f" in (g.get("type") or "") else None
    if colour in (None, "#ffffff"):
        colour = hex_colour(g.get("color")) if "s" in (g.get("type") or "") else None
    shape = pattern.get(level)
    if shape is None:
        shape = Shape("rect", [(x0, y0), (x1, y1)], colour, None, 0.0, order=order)
        pattern[level] = shape
        out.append(shape)
    elif shape.fill in (None, "#ffffff") and colour not in (None, "#ffffff"):
        shape.fill = colour


def _clipped(shape: Shape, clips: list[tuple[float, float, float, float]]) -> bool:
    """Cut a rectangle to the clip rectangles; False when the shape lies wholly outside them."""
    if not clips:
        return True
    x0, y0 = max(c[0] for c in clips), max(c[1] for c in clips)
    x1, y1 = min(c[2] for c in clips), min(c[3] for c in clips)
    tol = 0.5
    if shape.x1 < x0 - tol or shape.x0 > x1 + tol or shape.y1 < y0 - tol or shape.y0 > y1 + tol:
        return False
    if shape.kind == "rect":
        shape.pts = [(max(shape.x0, x0), max(shape.y0, y0)), (min(shape.x1, x1), min(shape.y1, y1))]
        shape.__post_init__()
    return True


def _subpaths(items: list[Any]) -> list[list[Any]]:
    subs: list[list[Any]] = []
    for it in items:
        if it[0] in ("re", "qu"):
            subs.append([it])
            continue
        start = (float(it[1].x), float(it[1].y))
        if subs and subs[-1][0][0] not in ("re", "qu"):
            last = subs[-1][-1][-1]
            if _close((float(last.x), float(last.y)), start):
                subs[-1].append(it)
                continue
        subs.append([it])
    return subs


def _classify(
    sub: list[Any], fill: str | None, stroke: str | None, width: float, order: int, area: float
) -> list[Shape]:
    head = sub[0]
    if head[0] == "re":
        r = head[1]
        x0, y0, x1, y1 = float(r.x0), float(r.y0), float(r.x1), float(r.y1)
        if (x1 - x0) * (y1 - y0) >= 0.9 * area:
            return []
        return _rect(x0, y0, x1, y1, fill, stroke, width, order)
    if head[0] == "qu":
        q = head[1]
        pts = [(float(p.x), float(p.y)) for p in (q.ul, q.ur, q.lr, q.ll)]
        return _polygon(pts, fill, stroke, width, order, area)
    pts = [(float(head[1].x), float(head[1].y))]
    curved = False
    for it in sub:
        end = it[-1]
        pts.append((float(end.x), float(end.y)))
        curved |= it[0] == "c"
    closed = _close(pts[0], pts[-1], 0.5)
    if curved:
        shape = Shape("curve", pts, fill, stroke, width, order=order)
        if closed and fill is not None and _rounded_box(sub, shape):
            return _rect(shape.x0, shape.y0, shape.x1, shape.y1, fill, stroke, width, order)
        if closed and max(shape.w, shape.h) <= _MARKER_PT:
            shape.kind = "marker"
        elif fill is not None:
            _as_wedge(shape, sub)
        return [shape]
    if len(pts) == 2:
        return [Shape("seg", pts, None, stroke or fill, width, order=order)]
    if fill is not None or (closed and len(pts) >= 4):
        return _polygon(pts, fill, stroke, width, order, area)
    return [Shape("poly", pts, None, stroke, width, order=order)]


def _rounded_box(sub: list[Any], shape: Shape) -> bool:
    """A closed path of straight sides along its bounding box joined by corner arcs (a bar with rounded
    corners, their radii at most half the box's sides): straight pieces on two opposite sides of the box
    and no straight piece off its edges (a circle has none, a wedge's radii meet at its centre)."""
    tol = 0.05
    sides: set[str] = set()
    for it in sub:
        ends = [(float(q.x), float(q.y)) for q in (it[1], it[-1])]
        if it[0] != "l":
            continue
        (ax, ay), (bx, by) = ends
        if math.dist((ax, ay), (bx, by)) <= tol:
            continue
        if abs(ax - bx) <= tol and min(abs(ax - shape.x0), abs(ax - shape.x1)) <= tol:
            sides.add("left" if abs(ax - shape.x0) <= tol else "right")
        elif abs(ay - by) <= tol and min(abs(ay - shape.y0), abs(ay - shape.y1)) <= tol:
            sides.add("top" if abs(ay - shape.y0) <= tol else "bottom")
        else:
            return False
    return {"left", "right"} <= sides or {"top", "bottom"} <= sides


def _rect(x0: float, y0: float, x1: float, y1: float, fill: str | None, stroke: str | None, width: float,
          order: int) -> list[Shape]:  # fmt: skip
    if fill is not None:
        rect = Shape("rect", [(x0, y0), (x1, y1)], fill, stroke, width, order=order)
        if x1 - x0 < 0.9 or y1 - y0 < 0.9:  # a hairline drawn as a filled rectangle, or a bar of a tiny value
            mid_y, mid_x = (y0 + y1) / 2, (x0 + x1) / 2
            pts = [(x0, mid_y), (x1, mid_y)] if x1 - x0 >= y1 - y0 else [(mid_x, y0), (mid_x, y1)]
            rect.thin = True
            if not is_grey(fill):  # coloured: a bar's sliver, never a tick or a grid line
                return [rect]
            return [Shape("seg", pts, None, fill, min(x1 - x0, y1 - y0), order=order), rect]
        return [rect]
    if max(x1 - x0, y1 - y0) <= _MARKER_PT and min(x1 - x0, y1 - y0) > 0.5:
        return [Shape("marker", [(x0, y0), (x1, y1)], None, stroke, width, order=order)]
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return [Shape("seg", [a, b], None, stroke, width, order=order) for a, b in itertools.pairwise(corners)]


def _polygon(pts: list[Pt], fill: str | None, stroke: str | None, width: float, order: int, area: float) -> list[Shape]:
    ring = pts[:-1] if _close(pts[0], pts[-1], 0.5) and len(pts) > 2 else pts
    xs, ys = sorted({round(p[0], 2) for p in ring}), sorted({round(p[1], 2) for p in ring})
    if len(ring) == 4 and len(xs) == 2 and len(ys) == 2:
        if (xs[1] - xs[0]) * (ys[1] - ys[0]) >= 0.9 * area:
            return []
        return _rect(xs[0], ys[0], xs[1], ys[1], fill, stroke, width, order)
    shape = Shape("polygon", pts, fill, stroke, width, order=order)
    if max(shape.w, shape.h) <= _MARKER_PT:
        shape.kind = "marker"
    elif fill is None:
        shape.kind = "poly"
    elif len(ring) >= 6:
        _polygon_wedge(shape, ring)
    return [shape]


def _polygon_wedge(shape: Shape, ring: list[Pt]) -> None:
    """A wedge drawn with straight segments: one vertex (the centre) equidistant from all the others."""
    for k, c in enumerate(ring):
        arc = ring[k + 1 :] + ring[:k]
        radii = [math.dist(c, p) for p in arc]
        r = sum(radii) / len(radii)
        if r < 4 or max(abs(x - r) for x in radii) > 0.02 * r + 0.05:
            continue
        angles = [math.degrees(math.atan2(-(p[1] - c[1]), p[0] - c[0])) for p in arc]
        total = sum((b - a + 180) % 360 - 180 for a, b in itertools.pairwise(angles))
        shape.kind, shape.centre, shape.radius = "wedge", c, r
        shape.sweep, shape.mid_angle = abs(total), angles[0] + total / 2
        return


def _as_wedge(shape: Shape, sub: list[Any]) -> None:
    """Turn a filled curved path into a pie wedge when its arc ends are equidistant from a vertex."""
    arc_ends = [((float(it[1].x), float(it[1].y)), (float(it[-1].x), float(it[-1].y))) for it in sub if it[0] == "c"]
    vertices = [p for it in sub if it[0] == "l" for p in ((float(it[1].x), float(it[1].y)), (float(it[-1].x),
                float(it[-1].y)))]  # fmt: skip
    if not arc_ends:
        return
    arc_pts: list[Pt] = []
    for start, end in arc_ends:  # in path order: each arc's start (unless it continues the last) and end
        if not arc_pts or math.dist(arc_pts[-1], start) > 0.05:
            arc_pts.append(start)
        arc_pts.append(end)
    others: list[Pt] = []
    for v in vertices:
        if all(math.dist(v, a) > 0.5 for a in arc_pts) and all(math.dist(v, o) > 0.5 for o in others):
            others.append(v)
    if len(others) > 1 or sum(1 for it in sub if it[0] == "l") > 2:
        return  # a rounded box or another outline, not a wedge
    if not others:  # no centre vertex: a full circle, or a ring segment (a donut's wedge)
        centre = _arc_centre(next(it for it in sub if it[0] == "c"))
        if centre is not None:
            radii = [math.dist(centre, p) for p in arc_pts]
            outer = max(radii)
            rim = [p for p, r in zip(arc_pts, radii, strict=True) if abs(r - outer) <= 0.02 * outer + 0.05]
            inner = [r for r in radii if abs(r - outer) > 0.02 * outer + 0.05]
            if len(rim) >= 2 and (not inner or max(inner) - min(inner) <= 0.02 * outer + 0.05):
                arc_pts, others = rim, [centre]
    candidates = others or [((shape.x0 + shape.x1) / 2, (shape.y0 + shape.y1) / 2)]
    for c in candidates:
        radii = [math.dist(c, p) for p in arc_pts]
        r = sum(radii) / len(radii)
        if r < 4 or max(abs(x - r) for x in radii) > 0.02 * r + 0.05:
            continue
        angles = [math.degrees(math.atan2(-(p[1] - c[1]), p[0] - c[0])) for p in arc_pts]
        total = 0.0
        for a, b in itertools.pairwise(angles):
            d = (b - a + 180) % 360 - 180
            total += d
        shape.kind, shape.centre, shape.radius = "wedge", c, r
        shape.sweep = abs(total)
        shape.mid_angle = angles[0] + total / 2
        return


def _arc_centre(curve: Any) -> Pt | None:
    """The centre of the circle a cubic arc follows: where the normals at its two ends meet."""
    p0, p1, p2, p3 = ((float(q.x), float(q.y)) for q in curve[1:5])
    t0, t1 = (p1[0] - p0[0], p1[1] - p0[1]), (p3[0] - p2[0], p3[1] - p2[1])
    # p0 + s * n0 = p3 + u * n1, with n the tangents turned a quarter
    n0, n1 = (-t0[1], t0[0]), (-t1[1], t1[0])
    det = n0[0] * (-n1[1]) - n0[1] * (-n1[0])
    if abs(det) < 1e-9:
        return None
    dx, dy = p3[0] - p0[0], p3[1] - p0[1]
    k = (dx * (-n1[1]) - dy * (-n1[0])) / det
    return (p0[0] + k * n0[0], p0[1] + k * n0[1])


# -- text --------------------------------------------------------------------------------------------


def read_texts(page: Any) -> list[Text]:
    """Runs of text: each line of the text layer, split where the gap between letters is wide."""
    out: list[Text] = []
    raw = page.get_text("rawdict")
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            dx, dy = line.get("dir", (1, 0))
            vertical = abs(dx) < 0.5
            chars: list[tuple[str, tuple[float, float, float, float], float, float, float, int]] = []
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    chars.append((ch["c"], tuple(ch["bbox"]), float(span["size"]), float(ch["origin"][1]),
                                  float(ch["origin"][0]), int(span.get("color") or 0)))  # fmt: skip
            for run in _runs(chars, vertical, abs(dy) < 0.01):
                run.slant = 0.0 if vertical else float(dy)
                out.append(run)
    return out


def _runs(
    chars: list[tuple[str, tuple[float, float, float, float], float, float, float, int]], vertical: bool, level: bool
) -> list[Text]:
    runs: list[list[Any]] = []
    for ch in chars:
        if runs:
            prev = runs[-1][-1]
            gap = (ch[1][1] - prev[1][3]) if vertical else (ch[1][0] - prev[1][2])
            if vertical:
                gap = abs(prev[1][1] - ch[1][3]) if ch[1][3] <= prev[1][1] + 0.5 else gap
            # a wide gap, or a pen that moves back (two labels drawn over each other), starts a new run
            back = level and ch[4] < prev[1][2] - 0.3 * max(ch[2], prev[2])
            if gap <= 0.9 * max(ch[2], prev[2]) and not back:
                runs[-1].append(ch)
                continue
        runs.append([ch])
    split: list[list[Any]] = []
    for run in runs:  # tick labels set close together read as one line: "0 500 1,000" is three numbers
        words = "".join(c[0] for c in run).split()
        if len(words) >= 2 and all(parse_number(w) is not None for w in words):
            part: list[Any] = []
            for c in run:
                if c[0].strip():
                    part.append(c)
                elif part:
                    split.append(part)
                    part = []
            if part:
                split.append(part)
        else:
            split.append(run)
    out = []
    for run in split:
        text = _join_superscripts(run)
        if not text.strip():
            continue
        boxes = [c[1] for c in run if c[0].strip()]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        along: list[tuple[str, float, float]] = [
            (c[0], c[1][1], c[1][3]) if vertical else (c[0], c[1][0], c[1][2]) for c in run
        ]
        size = max(c[2] for c in run)
        base = None if vertical else max(c[3] for c in run)
        colours = [c[5] for c in run if c[0].strip()]
        colour = f"#{max(set(colours), key=colours.count):06x}"
        out.append(Text(" ".join(text.split()), x0, y0, x1, y1, size, vertical, along, baseline=base, colour=colour))
    return out


def _join_superscripts(run: list[Any]) -> str:
    """The run's text, with a smaller raised digit group after ``10`` written as ``10^k``."""
    if len(run) < 3:
        return "".join(c[0] for c in run)
    base = max(c[2] for c in run)
    out: list[str] = []
    raised = False
    for c in run:
        small = c[2] < 0.85 * base and c[3] < max(r[3] for r in run) - 0.15 * base
        if small and not raised and "".join(out).endswith("10"):
            out.append("^")
        raised = small
        out.append(c[0])
    return "".join(out)


# -- numbers and dates ------------------------------------------------------------------------------

_NUM = re.compile(
    r"""^(?P<sign>[-+−–△▲▼]?)\s*(?P<pre>[$€£¥₩]?)\s*(?P<sign2>[-+−]?)
        (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
        (?:\s*[×x]\s*10\^?(?P<exp1>[-−]?\d+)|\^(?P<exp2>[-−]?\d+)|[eE](?P<exp3>[-+]?\d+))?
        \s*(?P<unit>%|‰|[A-Za-z]{1,3}|[가-힣]{1,4})?$""",
    re.VERBOSE,
)


_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "B": 1e9, "bn": 1e9}


def parse_number(text: str) -> tuple[float, str] | None:
    """``(value, unit)`` of a tick label such as ``"1,250"``, ``"−3.5"``, ``"12%"``, ``"△20억원"``,
    ``"(5)"``, ``"10^3"`` or ``"25 k"`` (k, M, G/B scale the number); None when the text is not one number.

    >>> parse_number("1,250.5"), parse_number("−3"), parse_number("△20억원"), parse_number("Q1")
    ((1250.5, ''), (-3.0, ''), (-20.0, '억원'), None)
    """
    s = text.strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        s, negative = s[1:-1], True
    m = _NUM.match(s)
    if m is None:
        return None
    value = float(m.group("num").replace(",", ""))
    exp = m.group("exp1") or m.group("exp2") or m.group("exp3")
    if exp is not None:
        e = int(exp.replace("−", "-"))
        value = value**e if m.group("exp2") and m.group("num") == "10" else value * 10.0**e
    if m.group("sign") in ("-", "−", "–", "△", "▼") or m.group("sign2") in ("-", "−"):
        negative = not negative
    suffix = m.group("unit") or ""
    if suffix in _MULTIPLIERS:  # "25 k", "1.5M", "3B": the number is scaled, not a unit
        value, suffix = value * _MULTIPLIERS[suffix], ""
    unit = (m.group("pre") or "") + suffix
    return (-value if negative else value), unit


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y-%m", "%Y/%m", "%Y.%m", "%b %Y", "%B %Y", "%b %d, %Y",
                 "%d %b %Y", "%Y년 %m월 %d일", "%Y년 %m월", "%Y-%m-%d %H:%M", "%b-%y", "%b '%y")  # fmt: skip


def parse_date(text: str) -> datetime | None:
    """The date a tick label names (ISO forms, ``Jan 2024``, ``2024년 3월``…); None otherwise.

    >>> parse_date("2024-03").isoformat(), parse_date("Mar 2024").month, parse_date("3.5")
    ('2024-03-01T00:00:00+00:00', 3, None)
    """
    s = " ".join(text.split())
    for f in _DATE_FORMATS:
        try:
            return datetime.strptime(s, f).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
