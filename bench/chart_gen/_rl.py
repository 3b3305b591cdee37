"""Render a :class:`Spec` by hand with reportlab's canvas: rectangles, paths, circles and wedges.

The geometry differs from matplotlib's on purpose: bars of a non-zero-origin axis start at the
axis floor, tick marks point inwards or are absent (grid lines instead), axes are an L with no
frame, markers are circles or squares, legends sit above the plot, and pies are ``wedge`` arcs.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bench.chart_gen._spec import Spec

KOREAN_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")


def _nice_step(span: float, n: int = 5) -> float:
    raw = span / n
    mag = 10.0 ** math.floor(math.log10(raw))
    return float(next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw))


def _label(v: float, thousands: bool) -> str:
    if abs(v - round(v)) < 1e-9:
        return f"{round(v):,}" if thousands else str(round(v))
    return f"{v:,.2f}".rstrip("0") if thousands else f"{v:.2f}".rstrip("0")


class _Value:
    """The value axis: nice ticks over the data, ``to(v)`` the coordinate along the axis."""

    def __init__(self, spec: Spec, values: list[float], lo_pt: float, hi_pt: float, *, bars: bool) -> None:
        self.log = spec.log
        lo, hi = min(values), max(values)
        if self.log:
            self.lo, self.hi = float(math.floor(math.log10(lo))), float(math.ceil(math.log10(hi)))
            self.ticks = [10.0**k for k in range(int(self.lo), int(self.hi) + 1)]
        else:
            if not spec.nonzero:
                lo, hi = min(lo, 0.0), max(hi, 0.0)
            step = _nice_step(hi - lo)
            self.lo, self.hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
            if spec.nonzero and self.lo <= 0 < lo:
                self.lo = math.floor(lo * 0.9 / step) * step
            n = round((self.hi - self.lo) / step)
            self.ticks = [self.lo + step * k for k in range(n + 1)]
        self.lo_pt, self.hi_pt = lo_pt, hi_pt
        self.floor = self.ticks[0]
        self.base = 0.0 if (not self.log and self.lo <= 0 <= self.hi) else self.floor

    def to(self, v: float) -> float:
        if self.log:
            f = (math.log10(v) - self.lo) / (self.hi - self.lo)
        else:
            f = (v - self.lo) / (self.hi - self.lo)
        return self.lo_pt + f * (self.hi_pt - self.lo_pt)


def render(spec: Spec, path: Path) -> None:
    """Draw ``spec`` into a one-page PDF at ``path``."""
    st = spec.style
    font = "Helvetica"
    if spec.lang == "ko":
        if "Nanum" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("Nanum", str(KOREAN_FONT)))
        font = "Nanum"
    width = st["width_in"] * 72 + 80
    height = width * 0.7
    c = Canvas(str(path), pagesize=(width, height))
    c.setFont(font, 13)
    c.drawCentredString(width / 2, height - 24, spec.title)
    if spec.kind == "pie":
        _pie(c, spec, width, height, font)
        c.save()
        return
    left, right, bottom, top = 70.0, width - 24, 52.0, height - 62
    horizontal = spec.kind in ("hbar", "grouped_h")
    values = [v for _, vs in spec.series for v in vs]
    if spec.kind in ("stacked", "stacked_area"):
        values = [sum(vs[i] for _, vs in spec.series) for i in range(len(spec.keys))] + [0.0]
    if spec.kind in ("bar", "grouped", "hbar", "grouped_h", "area") and not spec.nonzero:
        values.append(0.0)
    if horizontal:
        left = 90.0
    val = _Value(spec, values, left if horizontal else bottom, right if horizontal else top, bars=True)
    c.setFont(font, 8)
    c.setLineWidth(0.6)
    c.setStrokeColor(HexColor("#333333"))
    c.line(left, bottom, right, bottom)
    c.line(left, bottom, left, top)
    for t in val.ticks:
        p = val.to(t)
        label = _label(t, st["thousands"])
        if st["grid"] or not st["ticks"]:
            c.setStrokeColor(HexColor("#cccccc"))
            c.line(p, bottom, p, top) if horizontal else c.line(left, p, right, p)
            c.setStrokeColor(HexColor("#333333"))
        if st["ticks"]:
            c.line(p, bottom, p, bottom + 4) if horizontal else c.line(left, p, left + 4, p)
        c.setFillColor(HexColor("#000000"))
        if horizontal:
            c.drawCentredString(p, bottom - 12, label)
        else:
            c.drawRightString(left - 5, p - 3, label)
    if spec.kind in ("line_num", "scatter", "line_date"):
        _xy(c, spec, val, left, right, bottom, top, font)
    else:
        _categorical(c, spec, val, left, right, bottom, top, horizontal)
    c.setFillColor(HexColor("#000000"))
    c.setFont(font, 9)
    if spec.x_title:
        c.drawCentredString((left + right) / 2, 14, spec.x_title)
    c.saveState()
    c.translate(16, (bottom + top) / 2)
    c.rotate(90)
    c.drawCentredString(0, 0, spec.y_title)
    c.restoreState()
    if spec.legend:
        x = left
        for j, (name, _) in enumerate(spec.series):
            c.setFillColor(HexColor(_COLOURS[j]))
            c.rect(x, height - 46, 9, 9, fill=1, stroke=0)
            c.setFillColor(HexColor("#000000"))
            c.drawString(x + 13, height - 45, name)
            x += 26 + pdfmetrics.stringWidth(name, font, 9)
    c.save()


def _categorical(c: Canvas, spec: Spec, val: _Value, left: float, right: float, bottom: float, top: float,
                 horizontal: bool) -> None:  # fmt: skip
    n = len(spec.keys)
    lo, hi = (bottom, top) if horizontal else (left, right)
    slot = (hi - lo) / n
    centres = [lo + slot * (i + 0.5) for i in range(n)]
    if horizontal:
        centres = centres[::-1]  # first category at the top
    c.setFillColor(HexColor("#000000"))
    for k, p in zip(spec.keys, centres, strict=True):
        if horizontal:
            c.drawRightString(left - 5, p - 3, k)
            if spec.style["ticks"]:
                c.line(left - 3, p, left, p)
        elif spec.style.get("rotate"):
            c.saveState()
            c.translate(p + 3, bottom - 8)
            c.rotate(35)
            c.drawRightString(0, 0, k)
            c.restoreState()
            if spec.style["ticks"]:
                c.line(p, bottom - 3, p, bottom)
        else:
            c.drawCentredString(p, bottom - 12, k)
            if spec.style["ticks"]:
                c.line(p, bottom - 3, p, bottom)
    n_series = len(spec.series)
    if spec.kind in ("area", "stacked_area", "line"):
        acc = [0.0] * n
        for j, (_, vals) in enumerate(spec.series):
            colour = HexColor(_COLOURS[j])
            if spec.kind == "line":
                path = c.beginPath()
                for i, v in enumerate(vals):
                    (path.moveTo if i == 0 else path.lineTo)(centres[i], val.to(v))
                c.setStrokeColor(colour)
                c.setLineWidth(1.4)
                c.drawPath(path, stroke=1, fill=0)
                if spec.style["markers"]:
                    c.setFillColor(colour)
                    for i, v in enumerate(vals):
                        c.rect(centres[i] - 2.5, val.to(v) - 2.5, 5, 5, fill=1, stroke=0)
                continue
            top_vals = [a + v for a, v in zip(acc, vals, strict=True)]
            path = c.beginPath()
            path.moveTo(centres[0], val.to(acc[0]))
            for i in range(n):
                path.lineTo(centres[i], val.to(top_vals[i]))
            for i in reversed(range(n)):
                path.lineTo(centres[i], val.to(acc[i]))
            path.close()
            c.setFillColor(colour)
            c.drawPath(path, stroke=0, fill=1)
            if spec.kind == "stacked_area":
                acc = top_vals
        return
    thick = slot * 0.7 / (n_series if spec.kind in ("grouped", "grouped_h") else 1)
    acc = [val.base] * n
    for j, (_, vals) in enumerate(spec.series):
        c.setFillColor(HexColor(_COLOURS[j]))
        for i, v in enumerate(vals):
            if spec.kind in ("grouped", "grouped_h"):
                mid = centres[i] - slot * 0.35 + thick * (j + 0.5)
            else:
                mid = centres[i]
            a, b = (acc[i], acc[i] + v) if spec.kind == "stacked" else (val.base, v)
            pa, pb = val.to(a), val.to(b)
            if horizontal:
                c.rect(min(pa, pb), mid - thick / 2, abs(pb - pa), thick, fill=1, stroke=0)
            else:
                c.rect(mid - thick / 2, min(pa, pb), thick, abs(pb - pa), fill=1, stroke=0)
            if spec.kind == "stacked":
                acc[i] += v


def _xy(c: Canvas, spec: Spec, val: _Value, left: float, right: float, bottom: float, top: float, font: str) -> None:
    if spec.dates is not None:
        xs = [float((d - date(1970, 1, 1)).days) for d in spec.dates]
    else:
        xs = list(spec.xs or [])
    lo, hi = min(xs), max(xs)
    step = _nice_step(hi - lo) if spec.dates is None else None
    if step is not None:
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
        ticks = [lo + step * k for k in range(round((hi - lo) / step) + 1)]
    else:
        ticks = xs[::2]
        span = hi - lo
        lo, hi = lo - span * 0.05, hi + span * 0.05

    def to(x: float) -> float:
        return left + (x - lo) / (hi - lo) * (right - left)

    c.setFont(font, 7 if spec.dates is not None else 8)
    c.setFillColor(HexColor("#000000"))
    for t in ticks:
        label = date.fromordinal(date(1970, 1, 1).toordinal() + int(t)).isoformat() if spec.dates else _label(t, False)
        c.drawCentredString(to(t), bottom - 12, label)
        c.line(to(t), bottom, to(t), bottom + 4)
    for j, (_, vals) in enumerate(spec.series):
        colour = HexColor(_COLOURS[j])
        pts = [(to(x), val.to(v)) for x, v in zip(xs, vals, strict=True)]
        c.setFillColor(colour)
        c.setStrokeColor(colour)
        if spec.kind == "scatter":
            for x, y in pts:
                if j % 2:
                    c.rect(x - 2.5, y - 2.5, 5, 5, fill=1, stroke=0)
                else:
                    c.circle(x, y, 2.6, fill=1, stroke=0)
            continue
        path = c.beginPath()
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        c.setLineWidth(1.2)
        c.drawPath(path, stroke=1, fill=0)
        if spec.style["markers"]:
            for x, y in pts:
                c.circle(x, y, 2.2, fill=1, stroke=0)


def _pie(c: Canvas, spec: Spec, width: float, height: float, font: str) -> None:
    _, vals = spec.series[0]
    total = sum(vals)
    cx, cy, r = width * 0.4, height * 0.45, min(width, height) * 0.3
    angle = 90.0
    c.setFont(font, 9)
    for j, (k, v) in enumerate(zip(spec.keys, vals, strict=True)):
        extent = -v / total * 360
        c.setFillColor(HexColor(_COLOURS[j]))
        c.setStrokeColor(HexColor("#ffffff"))
        c.wedge(cx - r, cy - r, cx + r, cy + r, angle, extent, fill=1, stroke=1)
        mid = math.radians(angle + extent / 2)
        c.setFillColor(HexColor("#000000"))
        if spec.style["legend_out"]:
            c.setFillColor(HexColor(_COLOURS[j]))
            c.rect(width * 0.78, height * 0.7 - j * 16, 9, 9, fill=1, stroke=0)
            c.setFillColor(HexColor("#000000"))
            c.drawString(width * 0.78 + 13, height * 0.7 - j * 16 + 1, k)
        else:
            lx, ly = cx + 1.18 * r * math.cos(mid), cy + 1.18 * r * math.sin(mid)
            if math.cos(mid) >= 0:
                c.drawString(lx, ly - 3, k)
            else:
                c.drawRightString(lx, ly - 3, k)
        angle += extent
