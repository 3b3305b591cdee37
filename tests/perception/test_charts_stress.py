"""The vector chart reader on geometry from producers it was not developed on.

Charts printed by headless Chromium from hand-written SVG (rounded bars, bars apart from the axis line,
lines drawn without a frame, HTML legends), matplotlib's hatched bars (tiling patterns) and a legend on
a filled box with its text far from its swatch, and coordinates written with few decimals.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt
import pymupdf
import pytest

from perception.charts import Chart, find_charts
from perception.charts._axes import Scale

logging.getLogger("fontTools").setLevel(logging.ERROR)


@pytest.fixture(scope="module")
def printer() -> Iterator[object]:
    from bench.chart_gen._svg import Printer

    with Printer() as p:
        yield p


def _read(path: Path) -> list[Chart]:
    with pymupdf.open(path) as doc:
        return list(find_charts(doc[0], page_number=1).charts)


def _values(chart: Chart) -> dict[str, dict[str, float]]:
    return {s.name: {p.key: p.value for p in s.points} for s in chart.series}


def _page(svg: str, legend: str = "") -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><style>@page{{margin:0}}body{{margin:20px;"
            f"font-family:'DejaVu Sans'}}</style></head><body><h2 style='text-align:center;margin:0'>Results"
            f"</h2>{svg}{legend}</body></html>")  # fmt: skip


def test_rounded_bars_apart_from_the_axis_line_with_an_html_legend(printer: object, tmp_path: Path) -> None:
    """Bars with rounded corners are curved paths; negative bars hang from a zero that no line marks,
    so neither the bars nor the axis line at the bottom touch one another."""
    from bench.chart_gen._svg import Printer

    assert isinstance(printer, Printer)
    data = {"Plan": [30.0, -20.0, 45.0], "Actual": [25.0, -10.0, 50.0]}
    cats = ["North", "South", "East"]
    colours = {"Plan": "#5470c6", "Actual": "#ee6666"}
    ticks = [-25.0, 0.0, 25.0, 50.0]
    ph, pw = 300.0, 420.0

    def y(v: float) -> float:
        return ph - (v - ticks[0]) / (ticks[-1] - ticks[0]) * ph

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="520" height="360"><g transform="translate(60,10)">']
    for t in ticks:
        parts.append(f'<line x1="-5" y1="{y(t)}" x2="0" y2="{y(t)}" stroke="#333"/>')
        parts.append(f'<text x="-8" y="{y(t)}" dy="0.35em" text-anchor="end" font-size="11">{t:g}</text>')
    parts.append(f'<line x1="0" y1="{ph}" x2="{pw}" y2="{ph}" stroke="#333"/>')
    band = pw / 3
    for i, cat in enumerate(cats):
        parts.append(f'<text x="{band * (i + 0.5)}" y="{ph + 18}" text-anchor="middle" font-size="11">{cat}</text>')
        for j, (name, vals) in enumerate(data.items()):
            top, bottom = sorted((y(vals[i]), y(0.0)))
            parts.append(f'<rect x="{band * i + 20 + 45 * j}" y="{top}" width="40" height="{bottom - top}" rx="5" '
                         f'fill="{colours[name]}"/>')  # fmt: skip
    parts.append("</g></svg>")
    legend = "<div style='margin-left:60px;font-size:12px'>" + "".join(
        f"<span style='display:inline-block;width:11px;height:11px;background:{c};margin:0 5px 0 12px'></span>{n}"
        for n, c in colours.items()
    ) + "</div>"  # fmt: skip
    printer.print_html(_page("".join(parts), legend), pdf := tmp_path / "rounded.pdf", width_px=600, height_px=480)
    charts = _read(pdf)
    assert len(charts) == 1
    chart = charts[0]
    assert chart.type == "grouped" and chart.title == "Results"
    assert _values(chart) == {name: dict(zip(cats, vals, strict=True)) for name, vals in data.items()}
    assert all(p.status == "exact" for p in chart.points)


def test_lines_without_a_frame_and_the_lowest_label_level_with_the_x_axis(printer: object, tmp_path: Path) -> None:
    """A log line chart with no frame and no grid: the line floats apart from the axis line, and the
    label of the bottom tick stands level with the category labels without being one."""
    from bench.chart_gen._svg import Printer

    assert isinstance(printer, Printer)
    cats, vals = ["Jan", "Feb", "Mar", "Apr"], [25.0, 3.5, 480.0, 1200.0]
    ph, pw = 240.0, 400.0

    def y(v: float) -> float:
        import math

        return ph - math.log10(v) / 4 * ph

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="500" height="300"><g transform="translate(60,10)">']
    for e in range(5):
        t = 10.0**e
        parts.append(f'<line x1="-5" y1="{y(t)}" x2="0" y2="{y(t)}" stroke="#333"/>')
        parts.append(f'<text x="-8" y="{y(t)}" dy="0.35em" text-anchor="end" font-size="11">{t:,.0f}</text>')
    parts.append(f'<line x1="0" y1="{ph}" x2="{pw}" y2="{ph}" stroke="#333"/>')
    band = pw / len(cats)
    pts = " ".join(f"{band * (i + 0.5)},{y(v)}" for i, v in enumerate(vals))
    parts.append(f'<polyline points="{pts}" fill="none" stroke="#2ca02c" stroke-width="2"/>')
    for i, cat in enumerate(cats):
        parts.append(f'<text x="{band * (i + 0.5)}" y="{ph + 12}" text-anchor="middle" font-size="11">{cat}</text>')
    parts.append("</g></svg>")
    printer.print_html(_page("".join(parts)), pdf := tmp_path / "log.pdf", width_px=560, height_px=380)
    (chart,) = _read(pdf)
    assert chart.type == "line"
    value_axis = next(a for a in chart.axes if a.orientation == "vertical")
    assert value_axis.scale == "log"
    assert [p.key for p in chart.points] == cats
    assert [p.value for p in chart.points] == pytest.approx(vals, rel=1e-4)


def test_hatched_bars_and_a_legend_on_a_filled_box(tmp_path: Path) -> None:
    """Hatched bars are tiling patterns clipped to each bar; their legend sits on a filled box, its
    texts set far from their swatches (large legend fonts)."""
    data = {"Plan": [12.0, 30.5, 22.0], "Actual": [14.5, 28.0, 25.0]}
    cats = ["A1", "B2", "C3"]
    fig, ax = plt.subplots(figsize=(6, 4))
    for j, (name, vals) in enumerate(data.items()):
        ax.bar([i - 0.2 + 0.4 * j for i in range(3)], vals, width=0.4, label=name, hatch="//" if j else "..",
               edgecolor="white", color=("#1f77b4", "#d62728")[j])  # fmt: skip
    ax.set_xticks(range(3), cats)
    ax.legend(loc="upper left", fontsize=16, facecolor="#f0f0f0", framealpha=1.0, handletextpad=1.6)
    ax.set_title("Hatched")
    fig.savefig(pdf := tmp_path / "hatched.pdf")
    plt.close(fig)
    (chart,) = _read(pdf)
    assert chart.type == "grouped"
    assert _values(chart) == {name: dict(zip(cats, vals, strict=True)) for name, vals in data.items()}


def test_coordinates_written_with_few_decimals_give_the_shortest_decimal_they_allow() -> None:
    """Tick marks that miss their fit by a few ten-thousandths of a point say the producer rounds its
    coordinates; values then read as the shortest decimal within that precision, not 2.00005."""
    positions = [100.0, 200.0003, 299.9998, 400.0]  # ticks 10, 20, 30, 40 written to three decimals
    values = [10.0, 20.0, 30.0, 40.0]
    a = 30.0 / 300.0
    b = 10.0 - a * 100.0
    residual = max(abs(a * p + b - v) for p, v in zip(positions, values, strict=True)) / 30.0
    scale = Scale("horizontal", "linear", [], positions, values, a, b, residual, from_marks=True)
    assert scale.precision_pt > 1e-3
    assert scale.value(2.0 / a - b / a + 0.0008) == 2.0  # a vertex at x = 2 drawn 0.0008 pt off
    assert scale.value(12.5 / a - b / a) == 12.5
    precise = Scale("horizontal", "linear", [], [100.0, 200.0, 300.0], [10.0, 20.0, 30.0], a, b, 0.0, True)
    assert precise.value(12.34 / a - b / a) == 12.34
    assert precise.difference(100.0, 100.0 + 3.1 / a) == 3.1
