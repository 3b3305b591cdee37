"""The report's chart section: each page that holds a chart, with the chart's box drawn on it, and
beside it the data read back: a re-plot drawn from the recovered values (inline SVG) and the data
table, exact values in bold, estimated ones in italics."""

from __future__ import annotations

import html
import io
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw
from pydantic import ValidationError

from model.errors import DocumentError
from perception.charts import Chart, DocumentCharts
from perception.pdf import open_pdf
from tools.pdf.batch import FileResult
from tools.pdf.report import PALETTE, _font, _plural, _rgb, check_section, png_data_uri

__all__ = ["ChartResult", "ChartsSection"]

logger = logging.getLogger(__name__)

ChartResult = DocumentCharts | FileResult
"""One file's charts as the report takes them: :func:`~tools.pdf.extract_charts` output, or a batch
record (failed, or pointing at its ``charts.json``)."""

_W, _H, _PAD = 360, 200, 34


@dataclass(frozen=True)
class ChartsSection:
    """The charts of several files: pages with chart boxes drawn, each chart re-plotted from its data.

    ``results`` holds a ``DocumentCharts`` (from :func:`~tools.pdf.extract_charts`) or a batch
    ``FileResult`` (from :func:`~tools.pdf.extract_charts_batch`) per file. Pages render at ``dpi``.
    Raises :class:`~model.errors.ConfigError` for a bad ``dpi`` or an item of another type.

    >>> "No file" in ChartsSection([]).to_html()
    True
    """

    results: Sequence[ChartResult]
    dpi: int = 110
    title: str = "PDF charts"

    def __post_init__(self) -> None:
        check_section(self.dpi, self.results, DocumentCharts, "extract_charts")

    def to_html(self) -> str:
        if not self.results:
            return '<p class="tp-meta">No file was given.</p>'
        out: list[str] = []
        failed: list[tuple[str, str]] = []
        docs = [_resolve(r) for r in self.results]
        n = sum(len(d.charts) for d in docs if isinstance(d, DocumentCharts))
        out.append(f'<p class="tp-meta">{_plural(len(docs), "file")} · {_plural(n, "chart")}</p>')
        for d in docs:
            if isinstance(d, DocumentCharts):
                out.append(self._document(d))
            else:
                failed.append(d)
        if failed:
            out.append('<h3>Failed files</h3><ul class="tp-errors">')
            out += [f"<li><code>{html.escape(p)}</code>: {html.escape(m)}</li>" for p, m in failed]
            out.append("</ul>")
        return "".join(out)

    def _document(self, doc: DocumentCharts) -> str:
        out = [f"<h3>{html.escape(Path(doc.path).name)}</h3>",
               f'<p class="tp-meta">{html.escape(doc.path)} · {_plural(len(doc.charts), "chart")}</p>']  # fmt: skip
        out += [f'<p class="tp-warn">⚠ {html.escape(w)}</p>' for w in doc.warnings]
        on_page: dict[int, list[tuple[int, Chart]]] = {}
        for k, c in enumerate(doc.charts):
            on_page.setdefault(c.page, []).append((k, c))
        if not on_page:
            out.append('<p class="tp-meta">No chart found on the pages read.</p>')
            return "".join(out)
        try:
            images = _render(doc.path, on_page, self.dpi)
        except DocumentError as exc:
            logger.warning("report: page images of %s skipped: %s", doc.path, exc)
            out.append(f'<p class="tp-warn">⚠ page images unavailable: {html.escape(str(exc))}</p>')
            images = {}
        for page in sorted(on_page):
            figure = (f'<figure><img src="{png_data_uri(images[page])}" alt="page {page}, charts outlined">'
                      f"<figcaption>page {page}</figcaption></figure>" if page in images else
                      f"<figure><figcaption>page {page} (no image)</figcaption></figure>")  # fmt: skip
            cards = "".join(_card(k, c) for k, c in on_page[page])
            out.append(f'<div class="tp-page">{figure}<div>{cards}</div></div>')
        return "".join(out)


def _resolve(result: ChartResult) -> DocumentCharts | tuple[str, str]:
    if isinstance(result, DocumentCharts):
        return result
    if result.status == "failed":
        return result.path, result.error.message if result.error else "failed"
    saved = next((Path(o) for o in result.outputs if Path(o).name == "charts.json"), None)
    if saved is None:
        return result.path, "the batch wrote no charts.json: run it with 'json' in formats"
    try:
        return DocumentCharts.model_validate_json(saved.read_bytes())
    except (OSError, ValidationError) as exc:
        return result.path, f"{saved} cannot be read back ({exc})"


def _render(path: str, on_page: dict[int, list[tuple[int, Chart]]], dpi: int) -> dict[int, bytes]:
    images: dict[int, bytes] = {}
    with open_pdf(path) as pdf:
        for number, items in on_page.items():
            if number > pdf.page_count:
                continue
            page = pdf[number - 1]
            pix = page.get_pixmap(dpi=dpi, alpha=False)
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            sx, sy = pix.width / page.rect.width, pix.height / page.rect.height
            draw = ImageDraw.Draw(image)
            font = _font(max(10, round(dpi / 5.5)))
            line = max(2, round(dpi / 40))
            for k, c in items:
                colour = _rgb(PALETTE[k % len(PALETTE)])
                b = c.bbox
                box = (b.x0 * sx, b.y0 * sy, max(b.x1 * sx, b.x0 * sx + 1), max(b.y1 * sy, b.y0 * sy + 1))
                draw.rectangle(box, outline=colour, width=line)
                draw.text((box[0] + line, max(box[1] - dpi / 6, 0)), f"C{k + 1} {c.type}", fill=colour, font=font)
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            images[number] = buf.getvalue()
    return images


def _card(k: int, c: Chart) -> str:
    colour = PALETTE[k % len(PALETTE)]
    n = len(c.points)
    exact = f"{c.exact_share:.0%} of {_plural(n, 'value')} exact" if n else "no values"
    head = (f'<span class="tp-badge">C{k + 1}</span>{html.escape(c.type)} · {html.escape(c.title or "untitled")}'
            f" · {c.source} · {c.status} · {exact}")  # fmt: skip
    body = [_svg(c)] if n else []
    if c.text:
        body.append(f'<p class="tp-meta">text read: {html.escape(" · ".join(c.text[:40]))}</p>')
    body += [f'<p class="tp-warn">⚠ {html.escape(w)}</p>' for w in c.warnings]
    if n:
        body.append(f'<div class="tp-scroll">{_table(c)}</div>')
    return f'<div class="tp-card" style="--c:{colour}"><div class="tp-card-head">{head}</div>{"".join(body)}</div>'


def _table(c: Chart) -> str:
    rows = c.to_rows()
    status = {(s.name or f"series {i + 1}", p.key): p.exact for i, s in enumerate(c.series) for p in s.points}
    out = ['<table class="tp-table"><tr>' + "".join(f"<th>{html.escape(h)}</th>" for h in rows[0]) + "</tr>"]
    for r in rows[1:]:
        cells = [f"<th>{html.escape(r[0])}</th>"]
        for name, v in zip(rows[0][1:], r[1:], strict=True):
            tag = "b" if status.get((name, r[0])) else "i"
            cells.append(f"<td><{tag}>{html.escape(v)}</{tag}></td>" if v else "<td></td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _svg(c: Chart) -> str:
    """The recovered data drawn again: wedges for pies, bars for bar kinds, lines or dots otherwise."""
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
             f'role="img" aria-label="re-plot of {html.escape(c.type)} chart">'
             f'<rect width="{_W}" height="{_H}" fill="#fff"/>')]  # fmt: skip
    colours = [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(c.series)]
    if c.type == "pie":
        parts += _pie_svg(c, colours)
    else:
        parts += _xy_svg(c, colours)
    parts.append("</svg>")
    return "".join(parts)


def _pie_svg(c: Chart, colours: list[str]) -> list[str]:
    cx, cy, r = _H / 2 + 10, _H / 2, _H / 2 - 12
    out, angle = [], -90.0
    total = sum(p.value for p in c.points) or 1.0
    for i, p in enumerate(c.points):
        sweep = p.value / total * 360
        a0, a1 = math.radians(angle), math.radians(angle + sweep)
        large = 1 if sweep > 180 else 0
        x0, y0, x1, y1 = cx + r * math.cos(a0), cy + r * math.sin(a0), cx + r * math.cos(a1), cy + r * math.sin(a1)
        fill = PALETTE[i % len(PALETTE)]
        out.append(f'<path d="M{cx:.1f},{cy:.1f} L{x0:.1f},{y0:.1f} A{r:.1f},{r:.1f} 0 {large} 1 {x1:.1f},{y1:.1f} Z" '
                   f'fill="{fill}" stroke="#fff"><title>{html.escape(p.key)}: {p.value:g}</title></path>')  # fmt: skip
        out.append(f'<text x="{_H + 30}" y="{16 + 14 * i}" font-size="10" fill="{fill}">{html.escape(p.key)} '
                   f"{p.value:.4g}%</text>")  # fmt: skip
        angle += sweep
    return out


def _range(values: list[float], *, from_zero: bool) -> tuple[float, float]:
    lo, hi = (min([*values, 0.0]), max([*values, 0.0])) if from_zero else (min(values), max(values))
    return lo, hi if hi > lo else lo + 1


def _xy_svg(c: Chart, colours: list[str]) -> list[str]:
    """Bars, lines or dots over the categories; series read on a secondary axis get their own scale, on the right."""
    keys = c.keys()
    right = {s.name for s in c.series if s.value_axis == "secondary"}
    values = [v for s in c.series if s.name not in right for v in (p.value for p in s.points)] or [0.0]
    if c.type == "stacked":
        sums: dict[str, float] = {}
        for p in c.points:
            sums[p.key] = sums.get(p.key, 0.0) + p.value
        values += list(sums.values())
    from_zero = c.type in ("bar", "hbar", "grouped", "stacked", "area")
    lo, hi = _range(values, from_zero=from_zero)
    log = any(a.scale == "log" and not a.secondary for a in c.axes) and min(values) > 0
    if log:
        lo, hi = math.log10(min(values)), math.log10(max(values)) + 1e-9
    lo2, hi2 = _range([p.value for s in c.series if s.name in right for p in s.points] or [0.0], from_zero=False)

    def y(v: float, secondary: bool = False) -> float:
        if secondary:
            return _H - _PAD + (v - lo2) / (hi2 - lo2) * (2 * _PAD - _H)
        v = math.log10(v) if log and v > 0 else v
        return _H - _PAD + (v - lo) / (hi - lo) * (2 * _PAD - _H)

    def x(i: int) -> float:
        return _PAD + (i + 0.5) * (_W - 2 * _PAD) / max(len(keys), 1)

    floor = 10**lo if log else (0.0 if from_zero else lo)
    out = [f'<line x1="{_PAD}" y1="{y(floor):.1f}" x2="{_W - _PAD}" y2="{y(floor):.1f}" stroke="#888"/>']
    index = {k: i for i, k in enumerate(keys)}
    slot = (_W - 2 * _PAD) / max(len(keys), 1)
    stack: dict[str, float] = {}
    bars = c.type in ("bar", "hbar", "grouped", "stacked")
    for j, s in enumerate(c.series):
        pts = [(index[p.key], p.value) for p in s.points]
        colour, on_right = colours[j], s.name in right
        if bars and not on_right:
            w = slot * 0.8 / (1 if c.type == "stacked" else len(c.series) - len(right))
            for i, v in pts:
                x0 = x(i) - slot * 0.4 + (0 if c.type == "stacked" else j * w)
                base = stack.get(keys[i], 0.0) if c.type == "stacked" else 0.0
                top = base + v
                if c.type == "stacked":
                    stack[keys[i]] = top
                y0, y1 = sorted((y(base), y(top)))
                out.append(f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{max(y1 - y0, 0.5):.1f}" '
                           f'fill="{colour}"><title>{html.escape(s.name)} {html.escape(keys[i])}: {v:g}</title></rect>')  # fmt: skip
        elif c.type == "scatter":
            out += [f'<circle cx="{x(i):.1f}" cy="{y(v, on_right):.1f}" r="2.5" fill="{colour}"/>' for i, v in pts]
        else:
            path = " ".join(f"{x(i):.1f},{y(v, on_right):.1f}" for i, v in sorted(pts))
            dash = ' stroke-dasharray="4 2"' if on_right else ""
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>')
    step = max(1, math.ceil(len(keys) / 6))
    for i in range(0, len(keys), step):
        out.append(f'<text x="{x(i):.1f}" y="{_H - _PAD + 14}" font-size="9" '
                   f'text-anchor="middle">{html.escape(keys[i][:10])}</text>')  # fmt: skip
    out.append(f'<text x="4" y="{_PAD - 8}" font-size="9">{hi if not log else 10**hi:.4g}</text>')
    out.append(f'<text x="4" y="{_H - _PAD + 3}" font-size="9">{lo if not log else 10**lo:.4g}</text>')
    if right:  # the secondary scale, labelled at the right edge
        out.append(f'<text x="{_W - 4}" y="{_PAD - 8}" font-size="9" text-anchor="end">{hi2:.4g} (right)</text>')
        out.append(f'<text x="{_W - 4}" y="{_H - _PAD + 3}" font-size="9" text-anchor="end">{lo2:.4g}</text>')
    return out
