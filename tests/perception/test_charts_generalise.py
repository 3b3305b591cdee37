"""The vector chart reader on drawings that defeated it on charts nobody tuned on.

Second value axes on the right (matplotlib's twin axes, hand-written SVG), category labels that run
into one another in a tiny figure, bars overhanging the plot's clip, log axes drawn with minor ticks
only or labelled 2×10^2, scatter points far from their axis in a frame-less plot, value labels beside
bars, grey slivers among bars, zero-height bars, and the exact flag: a value is flagged exact only when
its uncertainty (the tick fit's and the producer's rounding of coordinates) is within the tolerance.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("pdf")
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pymupdf
import pytest

from perception.charts import Chart, find_charts
from perception.charts._axes import EXACT_OF_SPAN, EXACT_RELATIVE, Scale

logging.getLogger("fontTools").setLevel(logging.ERROR)


def _draw(tmp_path: Path, paint: Callable[[Any, Any], None], *, size: tuple[float, float] = (6.0, 4.0),
          name: str = "chart.pdf") -> Path:  # fmt: skip
    fig, ax = plt.subplots(figsize=size)
    paint(fig, ax)
    path = tmp_path / name
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
    return path


def _largest(path: Path) -> Chart:
    with pymupdf.open(path) as doc:
        charts = list(find_charts(doc[0], page_number=1).charts)
    assert charts, f"no chart read from {path.name}"
    return max(charts, key=lambda c: len(c.points))


def _values(chart: Chart) -> dict[str, dict[str, float]]:
    return {s.name: {p.key: p.value for p in s.points} for s in chart.series}


def _close(got: dict[str, float], want: dict[str, float], rel: float = 1e-6) -> None:
    assert set(got) == set(want), (got, want)
    for k, v in want.items():
        assert got[k] == pytest.approx(v, rel=rel, abs=rel * 10), (k, got[k], v)


CATS = ["North", "South", "East", "West", "Online"]


# -- a second value axis on the right ---------------------------------------------------------------


@pytest.mark.parametrize("coloured", [True, False])
def test_twin_axes_read_each_line_on_its_own_axis(tmp_path: Path, coloured: bool) -> None:
    """The right-hand series is told by its colour on the right axis's labels, or (labels in black) by
    being drawn last; its values come from the right axis's ticks."""
    left = [168.7, 180.1, 159.7, 158.4, 162.7]
    right = [37400.0, 45200.0, 53300.0, 59400.0, 46000.0]

    def paint(fig: Any, ax: Any) -> None:
        ax.plot(range(5), left, color="#4472c4", marker="o", label="Units")
        ax.set_xticks(range(5), CATS)
        twin = ax.twinx()
        twin.plot(range(5), right, color="#ed7d31", marker="o", label="Revenue")
        if coloured:
            twin.tick_params(axis="y", colors="#ed7d31")
        twin.set_ylabel("Revenue ($)", color="#ed7d31" if coloured else "black")
        handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        ax.legend(handles, ["Units", "Revenue"], loc="upper left")

    chart = _largest(_draw(tmp_path, paint))
    values = _values(chart)
    _close(values["Units"], dict(zip(CATS, left, strict=True)))
    _close(values["Revenue"], dict(zip(CATS, right, strict=True)))
    axis = {s.name: s.value_axis for s in chart.series}
    assert axis == {"Units": "primary", "Revenue": "secondary"}
    second = [a for a in chart.axes if a.secondary]
    assert len(second) == 1 and second[0].title == "Revenue ($)" and second[0].tick_labels[0] != ""
    assert all(p.exact for p in chart.points)


def test_combination_chart_bars_on_the_left_line_on_the_right(tmp_path: Path) -> None:
    bars = [120.0, 95.5, 143.0, 88.0, 101.0]
    rate = [3.2, 4.8, 2.1, 5.5, 4.0]

    def paint(fig: Any, ax: Any) -> None:
        ax.bar(range(5), bars, color="#5b9bd5", label="Sales")
        ax.set_xticks(range(5), CATS)
        twin = ax.twinx()
        twin.plot(range(5), rate, color="#c00000", marker="s", label="Margin")
        twin.set_ylim(0, 6)

    chart = _largest(_draw(tmp_path, paint))
    by_axis = {s.value_axis: s for s in chart.series}
    _close(by_axis["primary"].to_dict(), dict(zip(CATS, bars, strict=True)))
    _close(by_axis["secondary"].to_dict(), dict(zip(CATS, rate, strict=True)))


def test_labels_repeated_on_the_right_are_no_second_axis(tmp_path: Path) -> None:
    values = [12.0, 18.5, 9.0, 14.0, 20.0]

    def paint(fig: Any, ax: Any) -> None:
        ax.plot(range(5), values, color="#4472c4", label="Units")
        ax.plot(range(5), [v / 2 for v in values], color="#70ad47", label="Half")
        ax.set_xticks(range(5), CATS)
        ax.tick_params(axis="y", labelright=True, right=True)
        ax.legend()

    chart = _largest(_draw(tmp_path, paint))
    assert not any(a.secondary for a in chart.axes)
    assert all(s.value_axis == "primary" for s in chart.series)
    _close(_values(chart)["Half"], {k: v / 2 for k, v in zip(CATS, values, strict=True)})


def test_svg_chart_with_a_right_hand_axis(tmp_path: Path) -> None:
    """The browser producer's dual-axis line chart: the right axis's own ticks, in the series' colour or not."""
    from bench.chart_gen import Spec
    from bench.chart_gen._svg import Printer

    spec = Spec(id="dual-svg", kind="line", lang="en", title="Traffic and conversion", x_title="", y_title="Visits",
                keys=CATS, xs=None, dates=None, series=[("Visits", [520.0, 610.0, 480.0, 700.0, 655.0]),
                                                        ("Conversion", [0.021, 0.034, 0.018, 0.041, 0.03])],
                legend=True, style={"grid": False, "ticks": True, "thousands": False, "markers": True,
                                    "secondary": True})  # fmt: skip
    path = tmp_path / "dual.pdf"
    with Printer() as p:
        p.render(spec, path)
    chart = _largest(path)
    values = _values(chart)
    for name, vals in spec.series:
        _close(values[name], dict(zip(CATS, vals, strict=True)), rel=1e-4)
    assert {s.name: s.value_axis for s in chart.series} == {"Visits": "primary", "Conversion": "secondary"}


# -- labels, clips and ticks ------------------------------------------------------------------------


def test_category_labels_running_into_each_other_in_a_tiny_figure(tmp_path: Path) -> None:
    """Labels wider than their slots overlap and read as one run ("OsloMayParisBeta"); the bars' slots
    cut them apart. The bars have white edges, which are no tick marks."""
    cats = ["Oslo", "Madrid", "Paris", "Berlin", "Export", "Tokyo"]
    plan = [3708.7, 53.9, 58.5, 99.5, 44.4, 4868.7]
    other = [3558.6, 70.9, 93.7, 14.2, 2013.3, 87.5]

    def paint(fig: Any, ax: Any) -> None:
        ax.bar(range(6), plan, color="#348abd", edgecolor="white", label="Plan")
        ax.bar(range(6), other, bottom=plan, color="#a60628", edgecolor="white", label="Other")
        ax.set_xticks(range(6), cats)
        ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
        ax.legend(loc="upper center")

    chart = _largest(_draw(tmp_path, paint, size=(2.8, 1.85)))
    values = _values(chart)
    _close(values["Plan"], dict(zip(cats, plan, strict=True)))
    _close(values["Other"], dict(zip(cats, other, strict=True)))


def test_bars_overhanging_the_plot_of_an_axis_that_starts_above_zero(tmp_path: Path) -> None:
    """Bars are drawn from zero and clipped by the plot: the first drawing in the clip overhangs it, as a
    pattern's tile does, but covers only a slot of it."""
    data = {"Plan": [648.2, 883.0, 649.4], "Actual": [898.1, 830.1, 727.9]}
    cats = ["North", "Alpha", "Feb"]

    def paint(fig: Any, ax: Any) -> None:
        for j, (name, vals) in enumerate(data.items()):
            ax.bar([i - 0.2 + 0.4 * j for i in range(3)], vals, width=0.4, label=name)
        ax.set_xticks(range(3), cats)
        ax.set_ylim(500, 950)
        ax.legend(loc="lower right")

    chart = _largest(_draw(tmp_path, paint))
    values = _values(chart)
    for name, vals in data.items():
        _close(values[name], dict(zip(cats, vals, strict=True)))


def test_log_axis_with_minor_ticks_only(tmp_path: Path) -> None:
    """The labelled ticks hidden, each label sits nearest the minor tick 9×10^k below it; the minor
    ticks' pattern puts the decades back where they are (values then estimated)."""
    xs = [1, 2, 3, 4, 5]
    ys = [27.7, 15.71, 722.4, 54.95, 2087.72]

    def paint(fig: Any, ax: Any) -> None:
        ax.scatter(xs, ys, color="#222222", label="Profit")
        ax.set_yscale("log")
        ax.tick_params(which="major", length=0)

    chart = _largest(_draw(tmp_path, paint))
    got = chart.series[0].to_dict()
    for x, y in zip(xs, ys, strict=True):
        assert got[str(x)] == pytest.approx(y, rel=2e-3)
    assert not any(p.exact for p in chart.points)


def test_log_axis_labelled_within_one_decade(tmp_path: Path) -> None:
    """Labels 10^2, 2×10^2, 3×10^2, 4×10^2, 6×10^2: a straight line misfits them, so the axis is log."""
    ys = [757.9, 198.3, 290.2, 444.6]

    def paint(fig: Any, ax: Any) -> None:
        ax.plot([1, 3, 5, 7], ys, color="#e24a33", marker="s", label="Share")
        ax.set_yscale("log")

    chart = _largest(_draw(tmp_path, paint))
    value_axis = next(a for a in chart.axes if a.orientation == "vertical")
    assert value_axis.scale == "log"
    got = chart.series[0].to_dict()
    for x, y in zip([1, 3, 5, 7], ys, strict=True):
        assert got[str(x)] == pytest.approx(y, rel=1e-5)


def test_scatter_points_far_from_their_axis_without_a_frame(tmp_path: Path) -> None:
    """With no spines, points high above the x axis and far right of the others touch nothing: each is
    joined to the chart across the empty plot."""
    xs = [15.2, 25.0, 41.4, 58.3, 64.5, 88.8, 104.0]
    ys = [84.0, 7.0, 61.0, 2569.0, 78.0, 97.0, 4973.0]

    def paint(fig: Any, ax: Any) -> None:
        ax.scatter(xs, ys, color="#92c6ff", label="Cost")
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)

    chart = _largest(_draw(tmp_path, paint))
    got = chart.series[0].to_dict()
    assert len(got) == len(xs)
    for x, y in zip(xs, ys, strict=True):
        assert got[f"{x:g}"] == pytest.approx(y, rel=1e-6)


def test_a_chart_beside_another_keeps_its_own_ticks(tmp_path: Path) -> None:
    """Two plots side by side have their x ticks in one row; the other plot's y labels stand between them
    and the step changes, so the rows stay apart and so do the charts."""
    values = [1753.0, 1560.0, 1719.0, 1778.0, 1506.0]

    def paint(fig: Any, ax: Any) -> None:
        fig.clf()
        main, side = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 1]})
        main.plot(range(5), values, color="#e24a33", marker="s")
        main.set_xticks([0, 3], ["2025-05-01", "2025-05-22"])
        side.bar([0, 1], [3, 5], color="#888888")
        side.set_xticks([0, 1], ["A", "B"])

    chart = _largest(_draw(tmp_path, paint, size=(12.0, 4.0)))
    assert chart.series[0].to_dict() == pytest.approx(dict(zip(["2025-05-01", "2025-05-08", "2025-05-15",
                                                                "2025-05-22", "2025-05-29"], values, strict=True)))  # fmt: skip
    assert not any(label in ("A", "B") for a in chart.axes for label in a.tick_labels)


def test_value_labels_beside_bars_are_no_legend(tmp_path: Path) -> None:
    """A number right of a short bar has the tick mark of its category two shapes to its left: the bar
    stands between them, so the tick is no swatch and the bar stays a bar."""
    cats = ["Seoul", "Busan", "Incheon", "Daegu"]
    vals = [1050.0, 94.0, 93.0, 48.0]

    def paint(fig: Any, ax: Any) -> None:
        bars = ax.barh(range(4), vals, color="#1f77b4")
        ax.bar_label(bars, fmt="{:,g}", fontsize=7, padding=2)
        ax.set_yticks(range(4), cats)
        ax.invert_yaxis()

    chart = _largest(_draw(tmp_path, paint, size=(9.0, 6.0)))
    _close(chart.series[0].to_dict(), dict(zip(cats, vals, strict=True)))

    grouped = {"2024": [60.6, 14.7, 2.9, 46.5], "Revenue": [2243.3, 75.5, 1300.8, 41.7]}

    def tiny(fig: Any, ax: Any) -> None:  # short bars of near values share their base: no legend swatches
        for j, (name, vals) in enumerate(grouped.items()):
            bars = ax.barh([i - 0.2 + 0.4 * j for i in range(4)], vals, height=0.4, label=name)
            ax.bar_label(bars, fmt="{:,g}", fontsize=7, padding=2)
        ax.set_yticks(range(4), cats)
        ax.legend(loc="lower right")

    chart = _largest(_draw(tmp_path, tiny, size=(2.8, 1.85), name="tiny.pdf"))
    values = _values(chart)
    for name, vals in grouped.items():
        _close(values[name], dict(zip(cats, vals, strict=True)))


def test_grey_series_slivers_and_zero_bars(tmp_path: Path) -> None:
    """A grey series' bar of a tiny value is a hairline set edge to edge with its group; a category with
    no bar above its label has the value zero."""
    cats = ["A", "B", "C", "D", "E", "F", "G"]
    data = {"Blue": [2236.0, 89.0, 55.0, 63.0, 68.0, 53.0, 1066.0], "Orange": [2150.0, 60.0, 37.0, 715.0, 57.0,
            50.0, 53.0], "Grey": [10.0, 60.0, 54.0, 33.0, 67.0, 2714.0, 45.0], "Gold": [91.0, 52.0, 47.0, 87.0, 55.0,
            2270.0, 76.0]}  # fmt: skip

    def paint(fig: Any, ax: Any) -> None:
        for j, (name, vals) in enumerate(data.items()):
            ax.barh([i - 0.4 + 0.2 * (j + 0.5) for i in range(7)], vals, height=0.2, label=name,
                    color=("#4472c4", "#ed7d31", "#a5a5a5", "#ffc000")[j])  # fmt: skip
        ax.set_yticks(range(7), cats)
        ax.invert_yaxis()
        ax.legend()

    chart = _largest(_draw(tmp_path, paint, size=(4.5, 3.06)))
    values = _values(chart)
    _close(values["Grey"], dict(zip(cats, data["Grey"], strict=True)))

    def zero(fig: Any, ax: Any) -> None:
        ax.bar(range(4), [0.0, -22.0, 88.0, -38.0], color="#348abd")
        ax.set_xticks(range(4), ["W", "X", "Y", "Z"])

    bars = _largest(_draw(tmp_path, zero, name="zero.pdf"))
    got = bars.series[0].to_dict()
    assert got == pytest.approx({"W": 0.0, "X": -22.0, "Y": 88.0, "Z": -38.0})
    assert not next(p for p in bars.points if p.key == "W").exact


# -- the exact flag ---------------------------------------------------------------------------------


def _scale(a: float, values: list[float]) -> Scale:
    positions = [(v - values[0]) / a for v in values]
    return Scale("vertical", "linear", [], positions, values, a, values[0], 0.0, from_marks=True)


def test_a_value_is_exact_only_within_the_tolerance_its_uncertainty_allows() -> None:
    """Through a fit of zero misfit a drawn position is still only as good as the producer's rounding:
    on an axis of 62,745 per point, a stacked segment of 20,750 is an estimate, one of 712,520 exact."""
    steep = _scale(62745.0, [0.0, 2e6, 4e6, 6e6, 8e6])
    assert not steep.certain(20750.0, ends=2)
    assert steep.certain(712520.0, ends=2)
    gentle = _scale(0.5, [0.0, 25.0, 50.0, 75.0, 100.0])
    assert gentle.certain(50.0) and gentle.certain(1.0)
    assert steep.uncertainty(1.0, ends=2) == pytest.approx(2 * steep.uncertainty(1.0))
    # the tolerance the flag promises
    value = 3e6
    assert steep.uncertainty(value) <= max(EXACT_RELATIVE * value, EXACT_OF_SPAN * 8e6)


def test_keys_are_rounded_to_what_the_marks_can_tell() -> None:
    """A key is the shortest number within the marks' precision: 3.2, not 3.200007."""
    x = Scale("horizontal", "linear", [], [0.0, 50.0, 100.0], [2.0, 3.0, 4.0], 0.02, 2.0, 0.0, from_marks=True)
    assert x.key(60.00035)[0] == "3.2"


def test_no_value_flagged_exact_is_wrong_on_a_browser_stacked_area(tmp_path: Path) -> None:
    """SVG coordinates written to a thousandth of a pixel put small stacked segments of an axis in the
    millions off by tens: those are estimated, and every value flagged exact is within the tolerance."""
    from bench.chart_gen import Spec
    from bench.chart_gen._svg import Printer

    series = [("Model A", [20760.0, 91090.0, 51220.0, 77430.0, 712500.0, 64640.0]),
              ("Plan", [2346120.0, 4969180.0, 54070.0, 46230.0, 15710.0, 1150650.0]),
              ("Other", [87760.0, 2304380.0, 72810.0, 3388780.0, 74590.0, 2047730.0])]  # fmt: skip
    keys = ["West", "Central", "South", "Q2", "Lima", "Q4"]
    spec = Spec(id="bh-034-stacked_area", kind="stacked_area", lang="en", title="Market size", x_title="",
                y_title="Units", keys=keys, xs=None, dates=None, series=series, legend=True,
                style={"grid": False, "ticks": True, "thousands": True, "markers": False})  # fmt: skip
    path = tmp_path / "area.pdf"
    with Printer() as p:
        p.render(spec, path)
    chart = _largest(path)
    values = _values(chart)
    span = max(v for _, vs in series for v in vs)
    flagged = 0
    for name, vals in series:
        for k, v in zip(keys, vals, strict=True):
            got = values[name][k]
            assert math.isclose(got, v, rel_tol=2e-3)
            point = next(p for s in chart.series if s.name == name for p in s.points if p.key == k)
            if point.exact:
                flagged += 1
                assert abs(got - v) <= max(5e-4 * abs(v), 5e-6 * span), (name, k, got, v)
    assert 0 < flagged < len(keys) * len(series)
