"""The vector chart reader on generated PDFs whose data is known by construction.

Each chart is drawn twice, by matplotlib's PDF backend and by hand with reportlab (different
geometry: clipped bars vs bars from the axis floor, outward vs inward ticks, frames vs an L of
axes, Type 3 vs TrueType text), and read back with :func:`perception.charts.find_charts`.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from bench.chart_gen import Spec
from perception.charts import Chart, ChartPoint, ChartSeries, find_charts
from perception.charts._primitives import parse_date, parse_number
from perception.types import BBox

logging.getLogger("fontTools").setLevel(logging.ERROR)

_TICKS = {"grid": False, "ticks": True, "legend_out": False, "spines": True, "fonttype": 42, "width_in": 5.5,
          "markers": True, "thousands": True}  # fmt: skip


def _spec(kind: str, keys: list[str], series: list[tuple[str, list[float]]], **kw: Any) -> Spec:
    style = {**_TICKS, **kw.pop("style", {})}
    return Spec(id=kind, kind=kind, lang=kw.pop("lang", "en"), title=kw.pop("title", "Chart title"), x_title="",
                y_title=kw.pop("y_title", "Value"), keys=keys, xs=kw.pop("xs", None), dates=kw.pop("dates", None),
                series=series, legend=len(series) > 1 or kind == "pie", style=style, **kw)  # fmt: skip


CASES: dict[str, Spec] = {
    "bar_negative": _spec(
        "bar", ["North", "South", "East", "West"], [("Profit", [12.5, -7.25, 30.0, -0.5])], negative=True
    ),
    "hbar": _spec("hbar", ["Tokyo", "Paris", "Oslo"], [("Units", [1250.0, 310.0, 2875.5])]),
    "grouped": _spec("grouped", ["Q1", "Q2", "Q3"], [("Plan", [10.0, 20.0, 30.0]), ("Actual", [12.5, 18.0, 33.25])]),
    "stacked": _spec(
        "stacked", ["A", "B", "C", "D"], [("Cost", [5.0, 6.5, 7.0, 1.0]), ("Profit", [2.0, 0.5, 9.0, 4.0])]
    ),
    "grouped_h": _spec("grouped_h", ["Alpha", "Beta"], [("2023", [40.0, 55.5]), ("2024", [42.0, 61.0])]),
    "line_nonzero": _spec(
        "line", ["Jan", "Feb", "Mar", "Apr", "May"], [("Index", [105.5, 110.25, 98.0, 120.0, 115.5])], nonzero=True
    ),
    "line_log": _spec(
        "line_num",
        ["1", "2", "3", "4", "5"],
        [("Users", [3.0, 40.0, 500.0, 2000.0, 9000.0])],
        xs=[1.0, 2.0, 3.0, 4.0, 5.0],
        log=True,
    ),
    "line_dates": _spec(
        "line_date",
        [
            d.isoformat()
            for d in (date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1), date(2024, 5, 1))
        ],
        [("Visits", [5.0, 7.5, 6.0, 9.0, 8.5])],
        dates=[date(2024, m, 1) for m in range(1, 6)],
    ),
    "scatter": _spec(
        "scatter",
        ["1.5", "3", "4.5", "8"],
        [("A", [2.0, 4.0, 3.5, 9.0]), ("B", [1.0, 6.5, 2.0, 7.0])],
        xs=[1.5, 3.0, 4.5, 8.0],
    ),
    "pie": _spec("pie", ["Online", "Retail", "Export"], [("Share", [50.0, 30.0, 20.0])]),
    "area": _spec("area", ["Mon", "Tue", "Wed", "Thu"], [("Load", [3.0, 5.5, 4.0, 6.0])]),
    "stacked_area": _spec("stacked_area", ["W1", "W2", "W3"], [("Web", [2.0, 3.0, 4.0]), ("App", [1.0, 1.5, 2.5])]),
    "korean_bar_nonzero": _spec(
        "bar",
        ["서울", "부산", "대구"],
        [("매출", [152.5, 171.0, 160.25])],
        lang="ko",
        title="지역별 매출 현황",
        y_title="금액(억원)",
        nonzero=True,
    ),
    "korean_pie": _spec(
        "pie",
        ["가전", "식품", "의류", "화장품"],
        [("비중", [40.0, 25.0, 20.0, 15.0])],
        lang="ko",
        title="사업부문별 비중",
    ),
}
EXPECTED_TYPE = {"bar_negative": "bar", "hbar": "hbar", "grouped": "grouped", "stacked": "stacked",
                 "grouped_h": "grouped", "line_nonzero": "line", "line_log": "line", "line_dates": "line",
                 "scatter": "scatter", "pie": "pie", "area": "area", "stacked_area": "area",
                 "korean_bar_nonzero": "bar", "korean_pie": "pie"}  # fmt: skip


@pytest.fixture(scope="session")
def chart_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    from bench.chart_gen import _mpl, _rl

    out = tmp_path_factory.mktemp("charts")
    paths = {}
    for name, spec in CASES.items():
        for gen, render in (("matplotlib", _mpl.render), ("reportlab", _rl.render)):
            render(spec, path := out / f"{name}-{gen}.pdf")
            paths[(name, gen)] = path
    return paths


def _read(path: Path) -> list[Chart]:
    with pymupdf.open(path) as doc:
        return list(find_charts(doc[0], page_number=1).charts)


def _truth(spec: Spec) -> list[tuple[str, dict[str, float]]]:
    t = spec.truth()
    return [(s["name"], {k: v for k, v in s["points"]}) for s in t["series"]]


@pytest.mark.parametrize("generator", ["matplotlib", "reportlab"])
@pytest.mark.parametrize("name", list(CASES))
def test_every_chart_type_reads_back_its_data(
    chart_pdfs: dict[tuple[str, str], Path], name: str, generator: str
) -> None:
    charts = _read(chart_pdfs[(name, generator)])
    assert len(charts) == 1, [c.type for c in charts]
    chart = charts[0]
    assert chart.type == EXPECTED_TYPE[name]
    assert chart.status == "ok", chart.warnings
    spec = CASES[name]
    truth = _truth(spec)
    got = [s.to_dict() for s in chart.series]
    assert len(got) == len(truth)
    if len(truth) > 1:  # series are named from the legend
        assert {s.name for s in chart.series} == {n for n, _ in truth}
        got_by_name = {s.name: s.to_dict() for s in chart.series}
        pairs = [(got_by_name[n], t) for n, t in truth]
    else:
        pairs = [(got[0], truth[0][1])]
    for values, expected in pairs:
        assert list(values) == list(expected) or set(values) == set(expected)
        for k, v in expected.items():
            assert values[k] == pytest.approx(v, rel=1e-6, abs=1e-6), (k, values[k], v)
    # tick marks are drawn, so every value is computed through an exact scale (pies: from angles)
    assert all(p.exact for p in chart.points), [(p.key, p.status) for p in chart.points]
    assert chart.title == spec.title


def test_scales_and_axes_are_reported(chart_pdfs: dict[tuple[str, str], Path]) -> None:
    log = _read(chart_pdfs[("line_log", "matplotlib")])[0]
    assert [a.scale for a in log.axes] == ["linear", "log"]
    assert log.axes[1].residual is not None and log.axes[1].residual < 1e-4
    dates = _read(chart_pdfs[("line_dates", "reportlab")])[0]
    assert dates.axes[0].scale == "date"
    assert dates.series[0].points[0].key == "2024-01-01"
    ko = _read(chart_pdfs[("korean_bar_nonzero", "reportlab")])[0]
    assert ko.axes[0].tick_labels == ("서울", "부산", "대구")
    assert ko.axes[1].title == "금액(억원)"
    assert min(float(t) for t in ko.axes[1].tick_labels) > 0  # the value axis does not start at zero


def test_without_tick_marks_values_are_estimated_not_exact(tmp_path: Path) -> None:
    from bench.chart_gen import _mpl

    spec = _spec("bar", ["A", "B", "C"], [("v", [3.0, 5.0, 4.0])], style={"ticks": False, "grid": False})
    _mpl.render(spec, path := tmp_path / "noticks.pdf")
    chart = _read(path)[0]
    assert chart.axes[1].ticks_from == "labels"
    assert not any(p.exact for p in chart.points)
    assert [p.value for p in chart.points] == pytest.approx([3.0, 5.0, 4.0], rel=0.02)


def test_a_ruled_table_and_plain_text_are_not_charts(tmp_path: Path) -> None:
    from tests.pdfgen import TableSpec, draw_paragraph, draw_table

    doc = pymupdf.open()
    page = doc.new_page()
    draw_table(page, TableSpec(rows=[["Year", "Sales"], ["2020", "10"], ["2021", "20"], ["2022", "30"]],
                               widths=(80, 80)), at=(72, 90))  # fmt: skip
    draw_paragraph(page, "Sales rose every year.\n10 20 30 40", at=(72, 300), width=300)
    doc.save(path := tmp_path / "table.pdf")
    assert _read(path) == []


def test_numbers_dates_and_units_in_tick_labels() -> None:
    assert parse_number("1,250.5") == (1250.5, "")
    assert parse_number("−3") == (-3.0, "")
    assert parse_number("△20억원") == (-20.0, "억원")
    assert parse_number("▲5") == (5.0, "")
    assert parse_number("(1,000)") == (-1000.0, "")
    assert parse_number("45%") == (45.0, "%")
    assert parse_number("$3.5") == (3.5, "$")
    assert parse_number("10^3") == (1000.0, "") and parse_number("25 k") == (25000.0, "")
    assert parse_number("Q1") is None and parse_number("North") is None
    assert parse_date("2024-03-15") is not None and parse_date("2024년 3월") is not None
    assert parse_date("Q3") is None


def test_the_chart_model_exports() -> None:
    chart = Chart(type="grouped", page=1, bbox=BBox(x0=0, y0=0, x1=10, y1=10), series=(
        ChartSeries(name="Plan", points=(ChartPoint(key="Q1", value=1.5, status="exact"),
                                         ChartPoint(key="Q2", value=2.0, status="exact"))),
        ChartSeries(name="Actual", points=(ChartPoint(key="Q2", value=-3.25),)),
    ))  # fmt: skip
    assert chart.to_rows() == [["", "Plan", "Actual"], ["Q1", "1.5", ""], ["Q2", "2", "-3.25"]]
    assert chart.to_csv() == ",Plan,Actual\nQ1,1.5,\nQ2,2,-3.25\n"
    df = chart.to_dataframe()
    assert list(df.columns) == ["Plan", "Actual"] and df.loc["Q2", "Actual"] == -3.25
    assert Chart.model_validate_json(chart.to_json()) == chart
    assert chart.exact_share == pytest.approx(2 / 3)
    assert chart.to_markdown().splitlines()[0] == "|  | Plan | Actual |"


def test_a_combination_chart_gives_its_bars_and_its_line(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.bar(["A", "B", "C"], [3.5, -2.25, 7.1], color="#1f77b4", label="Sales")
    ax.plot([0, 1, 2], [1.0, 2.5, 3.0], marker="o", color="#d62728", label="Target")
    ax.set_title("Sales and target")
    ax.legend()
    fig.savefig(path := tmp_path / "combo.pdf")
    plt.close(fig)
    (chart,) = _read(path)
    assert {s.name: s.to_dict() for s in chart.series} == {
        "Sales": {"A": 3.5, "B": -2.25, "C": 7.1},
        "Target": {"A": 1.0, "B": 2.5, "C": 3.0},
    }
    assert chart.title == "Sales and target" and all(p.exact for p in chart.points)


def _fill(page: pymupdf.Page, points: list[tuple[float, float]], colour: tuple[float, float, float]) -> None:
    shape = page.new_shape()
    shape.draw_polyline([pymupdf.Point(*p) for p in [*points, points[0]]])
    shape.finish(fill=colour, color=None, closePath=True)
    shape.commit()


def _line(
    page: pymupdf.Page, a: tuple[float, float], b: tuple[float, float], colour: tuple[float, float, float]
) -> None:
    page.draw_line(pymupdf.Point(*a), pymupdf.Point(*b), color=colour, width=0.8)


def test_a_third_geometry_panel_background_polygon_bars_and_polygon_wedges(tmp_path: Path) -> None:
    """Drawn with PyMuPDF's shapes: a grey panel with white grid lines, grey ticks outside it, bars as
    closed polygons, legend swatches inside grey key boxes, and a pie whose wedges are polygons."""
    import math

    doc = pymupdf.open()
    page = doc.new_page(width=420, height=620)
    x0, y0, x1, y1 = 60.0, 40.0, 360.0, 240.0  # the panel; value 0 at y1, 100 at y0
    _fill(page, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)], (0.92, 0.92, 0.92))
    for v in (0, 25, 50, 75, 100):
        y = y1 - v / 100 * (y1 - y0)
        _line(page, (x0, y), (x1, y), (1, 1, 1))
        _line(page, (x0 - 3, y), (x0, y), (0.3, 0.3, 0.3))
        page.insert_text((x0 - 8 - 5 * len(str(v)), y + 3), str(v), fontsize=8)
    colours = {"Plan": (0.97, 0.46, 0.43), "Actual": (0.0, 0.75, 0.77)}
    data = {"Plan": [40.0, 62.5, 80.0], "Actual": [35.0, 70.25, 91.5]}
    for i, cat in enumerate(["Seoul", "Busan", "Daegu"]):
        centre = x0 + (i + 0.5) * (x1 - x0) / 3
        _line(page, (centre, y1), (centre, y1 + 3), (0.3, 0.3, 0.3))
        page.insert_text((centre - 2.4 * len(cat), y1 + 14), cat, fontsize=8)
        for j, (name, vals) in enumerate(data.items()):
            left, top = centre - 30 + 30 * j, y1 - vals[i] / 100 * (y1 - y0)
            _fill(page, [(left, y1), (left, top), (left + 30, top), (left + 30, y1)], colours[name])
    for j, (name, colour) in enumerate(colours.items()):
        ky = 60 + 20 * j
        _fill(page, [(372, ky), (386, ky), (386, ky + 14), (372, ky + 14)], (0.92, 0.92, 0.92))
        _fill(page, [(374, ky + 2), (384, ky + 2), (384, ky + 12), (374, ky + 12)], colour)
        page.insert_text((390, ky + 10), name, fontsize=8)
    page.insert_text((150, 25), "Plan and actual", fontsize=13)
    cx, cy, r, angle = 200.0, 450.0, 90.0, 90.0
    for name, share, colour in (("Online", 55.0, (0.2, 0.4, 0.8)), ("Retail", 45.0, (0.9, 0.5, 0.1))):
        sweep = share / 100 * 360
        arc = [(cx + r * math.cos(math.radians(angle - sweep * k / 30)),
                cy - r * math.sin(math.radians(angle - sweep * k / 30))) for k in range(31)]  # fmt: skip
        _fill(page, [(cx, cy), *arc], colour)
        mid = math.radians(angle - sweep / 2)
        page.insert_text((cx + 1.15 * r * math.cos(mid) - (30 if math.cos(mid) < 0 else 0),
                          cy - 1.15 * r * math.sin(mid)), name, fontsize=9)  # fmt: skip
        angle -= sweep
    doc.save(path := tmp_path / "shapes.pdf")
    bars, pie = _read(path)
    assert bars.type == "grouped" and bars.title == "Plan and actual"
    assert {s.name: s.to_dict() for s in bars.series} == {
        "Plan": {"Seoul": 40.0, "Busan": 62.5, "Daegu": 80.0},
        "Actual": {"Seoul": 35.0, "Busan": 70.25, "Daegu": 91.5},
    }
    assert all(p.exact for p in bars.points)
    assert pie.type == "pie" and pie.series[0].to_dict() == pytest.approx({"Online": 55.0, "Retail": 45.0})


def test_matplotlib_defaults_mathtext_log_engineering_labels_autopct_and_a_histogram(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import EngFormatter

    fig, axes = plt.subplots(2, 2, figsize=(10, 8))
    axes[0, 0].plot([1, 2, 3, 4], [3, 40, 500, 20000], marker="o")
    axes[0, 0].set_yscale("log")  # labels 10^1 … 10^4 in mathtext
    axes[0, 1].bar(["a", "b", "c"], [1500, 25000, 7000])
    axes[0, 1].yaxis.set_major_formatter(EngFormatter())  # "5 k", "10 k"
    axes[1, 0].pie([30, 45, 25], labels=["Red", "Blue", "Green"], autopct="%1.1f%%")
    axes[1, 1].hist([0.5, 1.5, 1.5, 2.5, 2.5, 2.5, 3.5], bins=[0, 1, 2, 3, 4])
    axes[1, 1].set_xticks([0, 2, 4])
    fig.savefig(path := tmp_path / "defaults.pdf")
    plt.close(fig)
    charts = _read(path)
    assert sorted(c.type for c in charts) == ["bar", "bar", "line", "pie"]
    log, pie = (next(c for c in charts if c.type == t) for t in ("line", "pie"))
    eng, hist = sorted((c for c in charts if c.type == "bar"), key=lambda c: len(c.points))
    assert log.axes[1].scale == "log" and log.series[0].to_dict() == {"1": 3.0, "2": 40.0, "3": 500.0, "4": 20000.0}
    assert eng.series[0].to_dict() == {"a": 1500.0, "b": 25000.0, "c": 7000.0}
    assert pie.series[0].to_dict() == pytest.approx({"Red": 30.0, "Blue": 45.0, "Green": 25.0})
    assert hist.series[0].to_dict() == {"0.5": 1.0, "1.5": 2.0, "2.5": 3.0, "3.5": 1.0}  # bins keyed by centre
    assert all(p.exact for c in (log, eng, pie, hist) for p in c.points)


def test_a_table_of_numbers_beside_a_chart_is_neither_its_axis_nor_a_chart(
    chart_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    from tests.pdfgen import TableSpec, draw_table

    doc = pymupdf.open()
    page = doc.new_page(width=900, height=500)
    rows = [["Item", "Qty"], *[[f"r{i}", str(v)] for i, v in enumerate((7, 130, 12, 64, 3, 990))]]
    draw_table(page, TableSpec(rows=rows, widths=(60, 50)), at=(20, 60))
    with pymupdf.open(chart_pdfs[("grouped", "reportlab")]) as src:
        r = src[0].rect
        page.show_pdf_page(pymupdf.Rect(160, 40, 160 + r.width, 40 + r.height), src, 0)
    doc.save(path := tmp_path / "beside.pdf")
    (chart,) = _read(path)
    assert {s.name: s.to_dict() for s in chart.series} == {n: v for n, v in _truth(CASES["grouped"])}


def test_an_axis_note_1e6_or_plus_1e6_scales_or_shifts_the_tick_labels(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.bar(["a", "b", "c"], [1.5e6, 2.25e6, 3e6])  # labels 0.5 … 3.0 under a "1e6" note
    right.plot([0, 1, 2], [1000001, 1000003, 1000002])  # labels 1.0 … 3.0 under a "+1e6" note
    fig.tight_layout()
    fig.savefig(path := tmp_path / "notes.pdf")
    plt.close(fig)
    bars, line = sorted(_read(path), key=lambda c: c.bbox.x0)
    assert bars.series[0].to_dict() == {"a": 1.5e6, "b": 2.25e6, "c": 3e6}
    assert line.series[0].to_dict() == {"0": 1000001.0, "1": 1000003.0, "2": 1000002.0}
    assert all(p.exact for p in [*bars.points, *line.points])


def test_a_value_axis_on_the_right(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot(["Jan", "Feb", "Mar", "Apr"], [10.5, 12.25, 9.0, 14.0], marker="o")
    ax.yaxis.tick_right()
    fig.savefig(path := tmp_path / "right.pdf")
    plt.close(fig)
    (chart,) = _read(path)
    assert chart.series[0].to_dict() == {"Jan": 10.5, "Feb": 12.25, "Mar": 9.0, "Apr": 14.0}
    assert all(p.exact for p in chart.points)


def test_donut_and_exploded_pies(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.pie([40, 35, 25], labels=["Web", "App", "Store"], wedgeprops={"width": 0.4})  # ring segments
    right.pie([50, 30, 20], labels=["A", "B", "C"], explode=[0.15, 0, 0])  # one slice pulled out
    fig.savefig(path := tmp_path / "pies.pdf")
    plt.close(fig)
    donut, exploded = sorted(_read(path), key=lambda c: c.bbox.x0)
    assert donut.series[0].to_dict() == pytest.approx({"Web": 40.0, "App": 35.0, "Store": 25.0})
    assert exploded.series[0].to_dict() == pytest.approx({"A": 50.0, "B": 30.0, "C": 20.0})
    assert all(p.exact for p in [*donut.points, *exploded.points])


def test_a_chart_on_a_rotated_page_reads_the_same_and_is_boxed_as_displayed(
    chart_pdfs: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    doc = pymupdf.open()
    with pymupdf.open(chart_pdfs[("stacked", "matplotlib")]) as src:
        page = doc.new_page(width=src[0].rect.width + 100, height=src[0].rect.height)
        page.show_pdf_page(pymupdf.Rect(100, 0, page.rect.width, page.rect.height), src, 0)
    page.set_rotation(90)
    doc.save(path := tmp_path / "rotated.pdf")
    with pymupdf.open(path) as pdf:
        shown = pdf[0].rect
        (chart,) = find_charts(pdf[0], page_number=1).charts
    assert {s.name: s.to_dict() for s in chart.series} == {n: v for n, v in _truth(CASES["stacked"])}
    b = chart.bbox
    assert 0 <= b.x0 < b.x1 <= shown.width and 0 <= b.y0 < b.y1 <= shown.height
    assert b.y0 >= 95  # the 100 pt margin left of the chart is at the top of the page turned 90°


def test_charts_of_reportlabs_own_chart_library(tmp_path: Path) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing

    def save(chart: Any, name: str) -> Path:
        drawing = Drawing(400, 250)
        chart.x, chart.y, chart.width, chart.height = 60, 50, 150 if name == "pie" else 280, 150
        drawing.add(chart)
        renderPDF.drawToFile(drawing, str(path := tmp_path / f"{name}.pdf"))
        return path

    bars = VerticalBarChart()
    bars.data = [(13.5, 5.25, 20.0, 22.0), (14.0, 6.0, 10.5, 8.0)]
    bars.categoryAxis.categoryNames = ["Jan", "Feb", "Mar", "Apr"]
    bars.valueAxis.valueMin = 0
    lines = HorizontalLineChart()
    lines.data = [(13.0, 5.0, 20.0, 22.0, 37.5)]
    lines.categoryAxis.categoryNames = ["Q1", "Q2", "Q3", "Q4", "Q5"]
    pie = Pie()
    pie.data, pie.labels = [40, 35, 25], ["Web", "App", "Store"]
    (b,) = _read(save(bars, "bars"))
    (ln,) = _read(save(lines, "lines"))
    (p,) = _read(save(pie, "pie"))
    assert b.type == "grouped" and [s.to_dict() for s in b.series] == [
        {"Jan": 13.5, "Feb": 5.25, "Mar": 20.0, "Apr": 22.0},
        {"Jan": 14.0, "Feb": 6.0, "Mar": 10.5, "Apr": 8.0},
    ]
    assert ln.series[0].to_dict() == {"Q1": 13.0, "Q2": 5.0, "Q3": 20.0, "Q4": 22.0, "Q5": 37.5}
    assert p.series[0].to_dict() == pytest.approx({"Web": 40.0, "App": 35.0, "Store": 25.0})
    assert all(pt.exact for c in (b, ln, p) for pt in c.points)
