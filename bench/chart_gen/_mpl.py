"""Render a :class:`Spec` with matplotlib's PDF backend."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("pdf")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
from matplotlib import font_manager

from bench.chart_gen._spec import Spec

KOREAN_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
_COLOURS = ("#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47", "#9e480e", "#264478")


def _fonts(spec: Spec) -> dict[str, object]:
    rc: dict[str, object] = {"pdf.fonttype": spec.style["fonttype"]}
    if spec.lang == "ko":
        font_manager.fontManager.addfont(str(KOREAN_FONT))
        rc["font.family"] = font_manager.FontProperties(fname=str(KOREAN_FONT)).get_name()
        rc["axes.unicode_minus"] = False
    return rc


def right_axis(twin: Any, spec: Spec, colour: str) -> None:
    """Title a right-hand value axis with its series' name; half the time its labels take the series' colour."""
    coloured = random.Random("right:" + spec.id).random() < 0.5
    twin.set_ylabel(spec.series[-1][0], color=colour if coloured else "black")
    if coloured:
        twin.tick_params(axis="y", colors=colour)


def plot_lines(ax: Any, spec: Spec, colours: list[str], idx: list[int], **style: Any) -> tuple[list[Any], Any]:
    """The line series over categories, numbers or dates (the last on a twin right axis when the spec
    asks for one, titled by :func:`right_axis`); returns the x values and the twin (or None)."""
    xs: list[Any] = list(idx)
    if spec.xs is not None:
        xs = list(spec.xs)
    if spec.dates is not None:
        xs = [datetime(d.year, d.month, d.day) for d in spec.dates]
    twin = ax.twinx() if spec.style.get("secondary") else None
    for j, (name, vals) in enumerate(spec.series):
        target = twin if twin is not None and j == len(spec.series) - 1 else ax
        target.plot(xs, vals, color=colours[j], label=name, **style)
    if twin is not None:
        right_axis(twin, spec, colours[len(spec.series) - 1])
    return xs, twin


def legend_entries(ax: Any, twin: Any) -> tuple[list[Any], list[str]]:
    """The legend handles and labels of an axes and of its twin on the right."""
    handles, labels = ax.get_legend_handles_labels()
    if twin is not None:
        more = twin.get_legend_handles_labels()
        handles, labels = handles + more[0], labels + more[1]
    return handles, labels


def render(spec: Spec, path: Path) -> None:
    """Draw ``spec`` into a one-page PDF at ``path``."""
    st = spec.style
    with plt.rc_context(_fonts(spec)):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(st["width_in"], st["width_in"] * 0.68))
        colours = list(_COLOURS)
        twin: Any = None
        n = len(spec.keys)
        idx = list(range(n))
        if spec.kind in ("bar", "grouped", "stacked"):
            k = len(spec.series)
            width = 0.8 / (k if spec.kind == "grouped" else 1)
            bottom = [0.0] * n
            for j, (name, vals) in enumerate(spec.series):
                if spec.kind == "grouped":
                    pos = [i - 0.4 + width * (j + 0.5) for i in idx]
                    ax.bar(pos, vals, width=width, color=colours[j], label=name)
                elif spec.kind == "stacked":
                    ax.bar(idx, vals, width=width, bottom=bottom, color=colours[j], label=name)
                    bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
                else:
                    ax.bar(idx, vals, width=width, color=colours[j], label=name)
            ax.set_xticks(idx, spec.keys)
            if spec.nonzero:
                lo = min(v for _, vs in spec.series for v in vs)
                ax.set_ylim(bottom=int(lo * 0.8 / 10) * 10)
        elif spec.kind in ("hbar", "grouped_h"):
            k = len(spec.series)
            height = 0.8 / k
            for j, (name, vals) in enumerate(spec.series):
                pos = [i - 0.4 + height * (j + 0.5) for i in idx] if k > 1 else [float(i) for i in idx]
                ax.barh(pos, vals, height=height, color=colours[j], label=name)
            ax.set_yticks(idx, spec.keys)
            ax.invert_yaxis()
        elif spec.kind in ("line", "line_num", "line_date"):
            xs, twin = plot_lines(ax, spec, colours, idx, marker="o" if st["markers"] else None, linewidth=1.5)
            if spec.kind == "line":
                ax.set_xticks(idx, spec.keys)
            if spec.dates is not None:
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
                ax.xaxis.set_major_locator(mticker.FixedLocator([mdates.date2num(x) for x in xs[::2]]))  # type: ignore[no-untyped-call]
                fig.autofmt_xdate(rotation=0, ha="center")
                for t in ax.get_xticklabels():
                    t.set_fontsize(7)
        elif spec.kind == "scatter":
            for j, (name, vals) in enumerate(spec.series):
                ax.scatter(spec.xs or [], vals, color=colours[j], label=name, s=18)
        elif spec.kind in ("area", "stacked_area"):
            if spec.kind == "stacked_area":
                ax.stackplot(idx, *[v for _, v in spec.series], labels=[n for n, _ in spec.series],
                             colors=colours[: len(spec.series)])  # fmt: skip
            else:
                name, vals = spec.series[0]
                ax.fill_between(idx, vals, color=colours[0], label=name, linewidth=0)
            ax.set_xticks(idx, spec.keys)
            ax.set_ylim(bottom=0)
        elif spec.kind == "pie":
            name, vals = spec.series[0]
            ax.pie(vals, labels=spec.keys if not st["legend_out"] else None, colors=colours[: len(vals)],
                   startangle=90, counterclock=False)  # fmt: skip
            if st["legend_out"]:
                ax.legend(spec.keys, loc="center left", bbox_to_anchor=(1.0, 0.5))
            ax.set_aspect("equal")
        if spec.kind != "pie":
            value_axis = ax.xaxis if spec.kind in ("hbar", "grouped_h") else ax.yaxis
            if spec.log:
                ax.set_yscale("log")
                ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
            elif st["thousands"]:
                value_axis.set_major_formatter(mticker.StrMethodFormatter("{x:,g}"))
            if st["grid"]:
                ax.grid(True, axis="x" if spec.kind in ("hbar", "grouped_h") else "y", color="#dddddd")
                ax.set_axisbelow(True)
            if not st["ticks"]:
                ax.tick_params(length=0)
            if not st["spines"]:
                ax.spines[["top", "right"]].set_visible(False)
            if spec.x_title:
                ax.set_xlabel(spec.x_title)
            ax.set_ylabel(spec.y_title)
            if spec.legend:
                handles, labels = legend_entries(ax, twin)
                if st["legend_out"]:
                    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.12 if twin else 1.01, 1.0))
                else:
                    ax.legend(handles, labels)
        if st.get("rotate") and spec.kind in ("bar", "grouped", "stacked", "line", "area", "stacked_area"):
            for t in ax.get_xticklabels():
                t.set_rotation(40)
                t.set_horizontalalignment("right")
                t.set_rotation_mode("anchor")
        ax.set_title(spec.title)
        fig.savefig(path, bbox_inches="tight")
        plt.close(fig)
