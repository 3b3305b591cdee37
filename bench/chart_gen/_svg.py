"""Render a :class:`Spec` as a hand-written SVG chart in an HTML page, printed to a vector PDF by Chromium.

The page is what a web report prints: CSS fonts (NanumGothic for Korean), an HTML or SVG title, an HTML
or SVG legend, nested ``transform`` groups (some flipped), tick labels as glyph runs, optional rounded
bar corners, translucent areas and pies drawn with SVG arcs. Every drawing choice is drawn from a
generator seeded by the chart's id, so the same spec always prints the same PDF.
"""

from __future__ import annotations

import html
import math
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Self

from bench.chart_gen._spec import Spec

_PALETTES = (
    ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"),
    ("#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272"),
    ("#003f5c", "#7a5195", "#ef5675", "#ffa600", "#58508d", "#bc5090"),
)


def nice_ticks(lo: float, hi: float, *, count: int = 5, zero: bool = True) -> list[float]:
    """Round tick values covering ``[lo, hi]`` (and 0 when ``zero``)."""
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    span = hi - lo or abs(hi) or 1.0
    raw = span / count
    mag = 10.0 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _label(v: float, thousands: bool) -> str:
    if v == int(v):
        return f"{int(v):,}" if thousands else str(int(v))
    return f"{v:,g}" if thousands else f"{v:g}"


class _Doc:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, s: str) -> None:
        self.parts.append(s)

    @contextmanager
    def g(self, transform: str = "", **attrs: Any) -> Iterator[None]:
        extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
        self.add(f'<g transform="{transform}"{extra}>' if transform else f"<g{extra}>")
        yield
        self.add("</g>")


def _text(x: float, y: float, s: str, *, anchor: str = "middle", size: float = 11, extra: str = "",
          baseline: str = "") -> str:  # fmt: skip
    base = ""
    if baseline == "middle":
        base = ' dominant-baseline="middle"'
    elif baseline == "dy":
        base = ' dy="0.35em"'
    return (f'<text x="{x:.2f}" y="{y:.2f}" text-anchor="{anchor}" font-size="{size}"{base}{extra}>'
            f"{html.escape(s)}</text>")  # fmt: skip


def render_html(spec: Spec) -> tuple[str, float, float]:
    """The chart page's HTML and its size in CSS pixels."""
    rng = random.Random(spec.id)
    st = spec.style
    pal = rng.choice(_PALETTES)
    width = rng.choice((420.0, 560.0, 720.0, 880.0))
    height = round(width * rng.uniform(0.55, 0.7))
    horizontal = spec.kind in ("hbar", "grouped_h")
    legend_html = spec.legend and rng.random() < 0.5
    title_html = rng.random() < 0.5
    legend_right = spec.legend and not legend_html and rng.random() < 0.5
    ml = 90.0 if horizontal else rng.choice((56.0, 64.0, 72.0))
    second_w = 70.0 if spec.style.get("secondary") else 0.0  # room for a right-hand value axis
    mr = (150.0 if legend_right else 24.0) + second_w
    mt = 20.0 if title_html else 44.0
    mb = 56.0 if spec.x_title else 40.0
    if not legend_html and spec.legend and not legend_right:
        mt += 22
    pw, ph = width - ml - mr, height - mt - mb
    font = "'NanumGothic', sans-serif" if spec.lang == "ko" else rng.choice(
        ("Arial, sans-serif", "'DejaVu Sans', sans-serif", "Georgia, serif", "'Liberation Sans', sans-serif"))  # fmt: skip
    d = _Doc()
    d.add(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
          f'viewBox="0 0 {width} {height}" font-family="{font}">')  # fmt: skip
    if not title_html:
        d.add(_text(width / 2, 22, spec.title, size=15, extra=' font-weight="bold"'))
    names = [n for n, _ in spec.series]
    colours = {n: pal[i % len(pal)] for i, n in enumerate(names)}
    if spec.kind == "pie":
        colours = {k: pal[i % len(pal)] for i, k in enumerate(spec.keys)}
        _pie(d, spec, rng, ml, mt, pw, ph, colours, legend=legend_right or (spec.legend and not legend_html))
    else:
        with d.g(f"translate({ml},{mt})"):
            _axes_and_marks(d, spec, rng, pw, ph, colours, horizontal, st)
    if spec.legend and not legend_html and spec.kind != "pie":
        entries = list(colours.items())
        if legend_right:
            with d.g(f"translate({ml + pw + 16 + second_w},{mt + 10})"):
                for i, (n, c) in enumerate(entries):
                    d.add(f'<rect x="0" y="{i * 20}" width="12" height="12" fill="{c}"/>')
                    d.add(_text(18, i * 20 + 6, n, anchor="start", baseline="middle"))
        else:
            x = ml
            with d.g(f"translate(0,{mt - 18})"):
                for n, c in entries:
                    d.add(f'<rect x="{x}" y="-6" width="14" height="4" fill="{c}"/>' if spec.kind.startswith("line")
                          else f'<rect x="{x}" y="-10" width="10" height="10" fill="{c}"/>')  # fmt: skip
                    d.add(_text(x + 16, -4, n, anchor="start", size=11))
                    x += 30 + 7 * len(n)
    d.add("</svg>")
    svg = "\n".join(d.parts)
    title = f'<h2 style="margin:0 0 4px 0;font:bold 18px {font};text-align:center">{html.escape(spec.title)}</h2>' \
        if title_html else ""  # fmt: skip
    legend = ""
    if legend_html:
        keys = spec.keys if spec.kind == "pie" else names
        cols = {k: pal[i % len(pal)] for i, k in enumerate(keys)}
        items = "".join(f'<span style="display:inline-flex;align-items:center;margin-right:14px">'
                        f'<span style="display:inline-block;width:11px;height:11px;background:{c};margin-right:5px">'
                        f"</span>{html.escape(k)}</span>" for k, c in cols.items())  # fmt: skip
        legend = f'<div style="font:12px {font};margin:6px 0 0 {ml}px">{items}</div>'
    page = (f"<!doctype html><html><head><meta charset='utf-8'><style>@page{{margin:0}}body{{margin:24px;"
            f"font-family:{font}}}</style></head><body>{title}{svg}{legend}</body></html>")  # fmt: skip
    return page, width + 48, height + 120


def _axes_and_marks(d: _Doc, spec: Spec, rng: random.Random, pw: float, ph: float, colours: dict[str, str],
                    horizontal: bool, st: dict[str, Any]) -> None:  # fmt: skip
    stacked = spec.kind in ("stacked", "stacked_area")
    second = bool(spec.style.get("secondary")) and spec.kind in ("line", "line_num")
    vals = [v for _, vs in (spec.series[:-1] if second else spec.series) for v in vs]
    if stacked:
        vals = [sum(vs[i] for _, vs in spec.series) for i in range(len(spec.keys))] + [0.0]
    log = spec.log
    if log:
        lo_e, hi_e = math.floor(math.log10(min(vals))), math.ceil(math.log10(max(vals)))
        ticks = [10.0**e for e in range(lo_e, hi_e + 1)]
    else:
        zero = not spec.nonzero
        ticks = nice_ticks(min(vals), max(vals), count=rng.choice((4, 5, 6)), zero=zero)
    vlo, vhi = ticks[0], ticks[-1]
    length = pw if horizontal else ph

    def vpos(v: float) -> float:  # distance from the value axis's low end
        if log:
            return (math.log10(v) - math.log10(vlo)) / (math.log10(vhi) - math.log10(vlo)) * length
        return (v - vlo) / (vhi - vlo) * length

    def to_y(v: float) -> float:
        return ph - vpos(v)

    grid = st["grid"] or rng.random() < 0.4
    ticks_on = st["ticks"] or not grid
    thousands = st["thousands"]
    # value axis: grid lines, ticks, labels
    for t in ticks:
        lab = _label(t, thousands or log)
        if horizontal:
            x = vpos(t)
            if grid:
                d.add(f'<line x1="{x:.3f}" y1="0" x2="{x:.3f}" y2="{ph}" stroke="#e0e0e0" stroke-width="1"/>')
            if ticks_on:
                d.add(f'<line x1="{x:.3f}" y1="{ph}" x2="{x:.3f}" y2="{ph + 5}" stroke="#333" stroke-width="1"/>')
            d.add(_text(x, ph + 18, lab, size=10))
        else:
            y = to_y(t)
            if grid:
                d.add(f'<line x1="0" y1="{y:.3f}" x2="{pw}" y2="{y:.3f}" stroke="#e0e0e0" stroke-width="1"/>')
            if ticks_on:
                d.add(f'<line x1="-5" y1="{y:.3f}" x2="0" y2="{y:.3f}" stroke="#333" stroke-width="1"/>')
            d.add(_text(-8, y, lab, anchor="end", size=10, baseline=rng.choice(("middle", "dy"))))
    # key axis positions
    n = len(spec.keys)
    numeric_x = spec.xs is not None or spec.dates is not None
    if numeric_x:
        xv = [float(x) for x in spec.xs] if spec.xs is not None else [float(dt.toordinal()) for dt in spec.dates or []]
        xlo, xhi = min(xv), max(xv)
        pad = (xhi - xlo) * 0.05 or 1.0
        xlo, xhi = xlo - pad, xhi + pad

        def kx(i: int) -> float:
            return (xv[i] - xlo) / (xhi - xlo) * pw

        if spec.dates is not None:
            shown = list(range(0, n, 2 if n > 6 else 1))
            monthly = all(dt.day == 1 for dt in spec.dates) and rng.random() < 0.5
            for i in shown:
                dt: date = spec.dates[i]
                lab = dt.strftime("%b %Y") if monthly else dt.isoformat()
                d.add(f'<line x1="{kx(i):.3f}" y1="{ph}" x2="{kx(i):.3f}" y2="{ph + 5}" stroke="#333"/>')
                d.add(_text(kx(i), ph + 18, lab, size=9))
        else:
            xt = nice_ticks(xlo, xhi, count=5, zero=False)
            xt = [t for t in xt if xlo <= t <= xhi]
            for t in xt:
                x = (t - xlo) / (xhi - xlo) * pw
                d.add(f'<line x1="{x:.3f}" y1="{ph}" x2="{x:.3f}" y2="{ph + 5}" stroke="#333"/>')
                d.add(_text(x, ph + 18, _label(t, False), size=10))
    else:
        band = (pw if not horizontal else ph) / n

        def kx(i: int) -> float:
            return band * (i + 0.5)

        for i, k in enumerate(spec.keys):
            if horizontal:
                d.add(_text(-8, kx(i), k, anchor="end", size=10, baseline="middle"))
            else:
                d.add(_text(kx(i), ph + 18, k, size=10))
    # axis lines
    d.add(f'<line x1="0" y1="{ph}" x2="{pw}" y2="{ph}" stroke="#333" stroke-width="1"/>')
    if rng.random() < 0.6:
        d.add(f'<line x1="0" y1="0" x2="0" y2="{ph}" stroke="#333" stroke-width="1"/>')
    if spec.x_title:
        d.add(_text(pw / 2, ph + 40, spec.x_title, size=11))
    if not horizontal:
        d.add(f'<text transform="translate(-46,{ph / 2}) rotate(-90)" text-anchor="middle" font-size="11">'
              f"{html.escape(spec.y_title)}</text>")  # fmt: skip
    rx = 3 if rng.random() < 0.2 else 0
    flip = rng.random() < 0.5
    n_series = len(spec.series)
    if spec.kind in ("bar", "grouped", "stacked", "hbar", "grouped_h"):
        band = (ph if horizontal else pw) / n
        inner = band * rng.uniform(0.55, 0.8)
        base = vpos(max(vlo, 0.0) if not log else vlo)
        cum_pos = [0.0] * n
        cum_neg = [0.0] * n
        group = f"translate(0,{ph}) scale(1,-1)" if flip and not horizontal else ""
        with d.g(group):
            for j, (name, vs) in enumerate(spec.series):
                for i, v in enumerate(vs):
                    if spec.kind == "stacked":
                        start = cum_pos[i] if v >= 0 else cum_neg[i]
                        a, b = vpos(start), vpos(start + v)
                        if v >= 0:
                            cum_pos[i] += v
                        else:
                            cum_neg[i] += v
                        thick, off = inner, band * i + (band - inner) / 2
                    else:
                        a, b = base, vpos(v)
                        w = inner / (n_series if spec.kind in ("grouped", "grouped_h") else 1)
                        thick = w
                        off = band * i + (band - inner) / 2 + (w * j if spec.kind in ("grouped", "grouped_h") else 0)
                    lo, hi = min(a, b), max(a, b)
                    c = colours[name]
                    if horizontal:
                        d.add(f'<rect x="{lo:.3f}" y="{off:.3f}" width="{hi - lo:.3f}" height="{thick:.3f}" '
                              f'fill="{c}" rx="{rx}"/>')  # fmt: skip
                    elif group:
                        d.add(f'<rect x="{off:.3f}" y="{lo:.3f}" width="{thick:.3f}" height="{hi - lo:.3f}" '
                              f'fill="{c}" rx="{rx}"/>')  # fmt: skip
                    else:
                        d.add(f'<rect x="{off:.3f}" y="{ph - hi:.3f}" width="{thick:.3f}" height="{hi - lo:.3f}" '
                              f'fill="{c}" rx="{rx}"/>')  # fmt: skip
    elif spec.kind in ("line", "line_num", "line_date"):
        markers = st["markers"]
        to_y2 = _right_axis(d, spec, rng, pw, ph, colours, thousands) if second else to_y
        for j, (name, vs) in enumerate(spec.series):
            c = colours[name]
            on_right = second and j == len(spec.series) - 1
            pts = [(kx(i), (to_y2 if on_right else to_y)(v)) for i, v in enumerate(vs)]
            if rng.random() < 0.5:
                d.add(f'<polyline points="{" ".join(f"{x:.3f},{y:.3f}" for x, y in pts)}" fill="none" '
                      f'stroke="{c}" stroke-width="2"/>')  # fmt: skip
            else:
                path = "M" + " L".join(f"{x:.3f} {y:.3f}" for x, y in pts)
                d.add(f'<path d="{path}" fill="none" stroke="{c}" stroke-width="2" stroke-linejoin="round"/>')
            if markers:
                for x, y in pts:
                    d.add(f'<circle cx="{x:.3f}" cy="{y:.3f}" r="3" fill="{c}"/>')
    elif spec.kind == "scatter":
        for j, (name, vs) in enumerate(spec.series):
            c = colours[name]
            for i, v in enumerate(vs):
                x, y = kx(i), to_y(v)
                if j % 2 == 0:
                    d.add(f'<circle cx="{x:.3f}" cy="{y:.3f}" r="3.5" fill="{c}" fill-opacity="0.8"/>')
                else:
                    d.add(f'<rect x="{x - 3:.3f}" y="{y - 3:.3f}" width="6" height="6" fill="{c}"/>')
    elif spec.kind in ("area", "stacked_area"):
        cum = [0.0] * n
        opacity = rng.choice((1.0, 0.7))
        for name, vs in spec.series:
            top = [c + v for c, v in zip(cum, vs, strict=True)]
            upper = [(kx(i), to_y(top[i])) for i in range(n)]
            lower = [(kx(i), to_y(cum[i])) for i in reversed(range(n))]
            path = "M" + " L".join(f"{x:.3f} {y:.3f}" for x, y in upper + lower) + " Z"
            d.add(f'<path d="{path}" fill="{colours[name]}" fill-opacity="{opacity}"/>')
            cum = top


def _right_axis(d: _Doc, spec: Spec, rng: random.Random, pw: float, ph: float, colours: dict[str, str],
                thousands: bool) -> Callable[[float], float]:  # fmt: skip
    """A value axis on the right for the last series (ticks, labels and a title, half the time in the
    series' colour); returns that series' value → y."""
    name, vs = spec.series[-1]
    ticks = nice_ticks(min(vs), max(vs), count=rng.choice((4, 5)), zero=not spec.nonzero)
    lo, hi = ticks[0], ticks[-1]

    def to_y(v: float) -> float:
        return ph - (v - lo) / (hi - lo) * ph

    ink = colours[name] if rng.random() < 0.5 else "#333"
    d.add(f'<line x1="{pw}" y1="0" x2="{pw}" y2="{ph}" stroke="#333" stroke-width="1"/>')
    for t in ticks:
        y = to_y(t)
        d.add(f'<line x1="{pw}" y1="{y:.3f}" x2="{pw + 5}" y2="{y:.3f}" stroke="#333" stroke-width="1"/>')
        d.add(_text(pw + 8, y, _label(t, thousands), anchor="start", size=10, baseline="middle",
                    extra=f' fill="{ink}"'))  # fmt: skip
    d.add(f'<text transform="translate({pw + 58},{ph / 2}) rotate(90)" text-anchor="middle" font-size="11" '
          f'fill="{ink}">{html.escape(name)}</text>')  # fmt: skip
    return to_y


def _pie(d: _Doc, spec: Spec, rng: random.Random, ml: float, mt: float, pw: float, ph: float,
         colours: dict[str, str], *, legend: bool) -> None:  # fmt: skip
    _, vs = spec.series[0]
    total = sum(vs)
    r = min(pw, ph) / 2 - 30
    cx, cy = ml + pw / 2 - (60 if legend else 0), mt + ph / 2
    ang = -90.0 if rng.random() < 0.6 else 0.0
    for k, v in zip(spec.keys, vs, strict=True):
        sweep = v / total * 360
        a0, a1 = math.radians(ang), math.radians(ang + sweep)
        x0, y0 = cx + r * math.cos(a0), cy + r * math.sin(a0)
        x1, y1 = cx + r * math.cos(a1), cy + r * math.sin(a1)
        large = 1 if sweep > 180 else 0
        d.add(f'<path d="M{cx:.3f} {cy:.3f} L{x0:.3f} {y0:.3f} A{r:.3f} {r:.3f} 0 {large} 1 {x1:.3f} {y1:.3f} Z" '
              f'fill="{colours[k]}" stroke="#fff" stroke-width="1"/>')  # fmt: skip
        if not legend:
            mid = math.radians(ang + sweep / 2)
            lx, ly = cx + (r + 14) * math.cos(mid), cy + (r + 14) * math.sin(mid)
            d.add(_text(lx, ly, k, anchor="start" if math.cos(mid) >= 0 else "end", size=11, baseline="middle"))
        ang += sweep
    if legend:
        for i, k in enumerate(spec.keys):
            y = mt + 20 + i * 20
            x = cx + r + 40
            d.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colours[k]}"/>')
            d.add(_text(x + 18, y + 6, k, anchor="start", baseline="middle"))


class Printer:
    """One headless Chromium that prints chart pages to PDF (``with Printer() as p: p.render(spec, path)``)."""

    def __enter__(self) -> Self:
        import os

        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        exe = os.environ.get("TILEPILOT_CHROMIUM") or "/usr/bin/chromium"
        self._browser = self._pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        self._page = self._browser.new_page()
        return self

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._pw.stop()

    def render(self, spec: Spec, path: Path) -> None:
        page_html, w, h = render_html(spec)
        self.print_html(page_html, path, width_px=w, height_px=h)

    def print_html(self, page_html: str, path: Path, *, width_px: float, height_px: float) -> None:
        """Print one HTML page to a vector PDF of that size."""
        self._page.set_content(page_html)
        self._page.pdf(path=str(path), width=f"{width_px}px", height=f"{height_px}px", print_background=True)
