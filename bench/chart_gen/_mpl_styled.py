"""Render a :class:`Spec` with matplotlib under styles and options the plain renderer never uses.

Style sheets (ggplot, bmh, fivethirtyeight, seaborn-v0_8-*, grayscale), no spines, grid lines
without tick marks, value labels on bars, hatches, error bars, a second subplot on the page (a small
chart with fewer points, so the spec's chart stays the page's largest), legends in a row outside
the axes, very small and very large figures, thousands separators, percent axes and values scaled
to millions. Choices are drawn from a generator seeded by the chart's id.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("pdf")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
from matplotlib import font_manager

from bench.chart_gen._mpl import KOREAN_FONT, legend_entries, plot_lines
from bench.chart_gen._spec import Spec

STYLES = ("ggplot", "bmh", "fivethirtyeight", "seaborn-v0_8-whitegrid", "seaborn-v0_8-darkgrid", "seaborn-v0_8-ticks",
          "grayscale", "seaborn-v0_8-pastel", "Solarize_Light2")  # fmt: skip


def options(spec: Spec) -> dict[str, Any]:
    """The drawing choices for ``spec`` (deterministic per chart id)."""
    rng = random.Random("styled:" + spec.id)
    return {
        "style": rng.choice(STYLES),
        "spines": rng.random() < 0.4,
        "ticks": rng.random() < 0.5,
        "bar_labels": rng.random() < 0.35,
        "hatch": rng.random() < 0.25,
        "errorbars": rng.random() < 0.2,
        "second": rng.random() < 0.25,
        "legend_below": rng.random() < 0.4,
        "size": rng.choice((2.8, 4.0, 6.0, 9.0, 12.0)),
        "fonttype": rng.choice((3, 42)),
    }


def render(spec: Spec, path: Path) -> None:
    """Draw ``spec`` into a one-page PDF at ``path``."""
    o = options(spec)
    fonts: dict[str, Any] = {"pdf.fonttype": o["fonttype"]}
    if spec.lang == "ko":
        font_manager.fontManager.addfont(str(KOREAN_FONT))
        fonts["font.family"] = font_manager.FontProperties(fname=str(KOREAN_FONT)).get_name()
        fonts["axes.unicode_minus"] = False
    with plt.style.context(o["style"]), plt.rc_context(fonts):  # type: ignore[arg-type]
        w = o["size"]
        if o["second"]:
            fig, (ax, ax2) = plt.subplots(1, 2, figsize=(w * 1.6, w * 0.6), gridspec_kw={"width_ratios": [3, 1]})
            ax2.bar([0, 1], [3, 5], color="#888888")
            ax2.set_xticks([0, 1], ["A", "B"])
            ax2.set_title("Side")
        else:
            fig, ax = plt.subplots(figsize=(w, w * 0.66))
        _draw(spec, ax, o)
        ax.set_title(spec.title)
        fig.savefig(path, bbox_inches="tight")
        plt.close(fig)


def _draw(spec: Spec, ax: Any, o: dict[str, Any]) -> None:
    st = spec.style
    n = len(spec.keys)
    idx = list(range(n))
    colours = [c["color"] for c in plt.rcParams["axes.prop_cycle"]] * 3
    hatches = ("//", "..", "xx", "\\\\")
    horizontal = spec.kind in ("hbar", "grouped_h")
    twin: Any = None
    vals_all = [v for _, vs in spec.series for v in vs]
    big = not spec.log and spec.kind != "pie" and max(abs(v) for v in vals_all) > 1000 and st["thousands"]
    if spec.kind in ("bar", "grouped", "stacked", "hbar", "grouped_h"):
        k = len(spec.series)
        width = 0.8 / (k if spec.kind in ("grouped", "grouped_h") else 1)
        pos_base, neg_base = [0.0] * n, [0.0] * n
        for j, (name, vals) in enumerate(spec.series):
            kw: dict[str, Any] = {"color": colours[j], "label": name}
            if o["hatch"]:
                kw["hatch"] = hatches[j % len(hatches)]
                kw["edgecolor"] = "white"
            if o["errorbars"] and spec.kind in ("bar", "hbar"):
                kw["xerr" if horizontal else "yerr"] = [abs(v) * 0.08 for v in vals]
                kw["capsize"] = 3
            if spec.kind == "stacked":
                bottom = [pb if v >= 0 else nb for v, pb, nb in zip(vals, pos_base, neg_base, strict=True)]
                bars = ax.bar(idx, vals, width=width, bottom=bottom, **kw)
                pos_base = [pb + max(v, 0) for v, pb in zip(vals, pos_base, strict=True)]
                neg_base = [nb + min(v, 0) for v, nb in zip(vals, neg_base, strict=True)]
            else:
                pos = [i - 0.4 + width * (j + 0.5) for i in idx] if k > 1 else idx
                bars = ax.barh(pos, vals, height=width, **kw) if horizontal else ax.bar(pos, vals, width, **kw)
            if o["bar_labels"] and spec.kind not in ("stacked",):
                ax.bar_label(bars, fmt="{:,g}", fontsize=7, padding=2)
        if horizontal:
            ax.set_yticks(idx, spec.keys)
            ax.invert_yaxis()
        else:
            ax.set_xticks(idx, spec.keys)
        if spec.nonzero:
            lo = min(vals_all)
            ax.set_ylim(bottom=int(lo * 0.8 / 10) * 10)
    elif spec.kind in ("line", "line_num", "line_date"):
        xs, twin = plot_lines(ax, spec, colours, idx, marker="s" if st["markers"] else None, markersize=4)
        if spec.kind == "line":
            ax.set_xticks(idx, spec.keys)
        if spec.dates is not None:
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
            ax.xaxis.set_major_locator(mticker.FixedLocator([mdates.date2num(x) for x in xs[::3]]))  # type: ignore[no-untyped-call]
    elif spec.kind == "scatter":
        for j, (name, vals) in enumerate(spec.series):
            ax.scatter(spec.xs, vals, color=colours[j], label=name, s=22, marker="o^sD"[j % 4])
    elif spec.kind in ("area", "stacked_area"):
        ax.stackplot(idx, *[v for _, v in spec.series], labels=[n for n, _ in spec.series],
                     colors=colours[: len(spec.series)], alpha=0.85)  # fmt: skip
        ax.set_xticks(idx, spec.keys)
        ax.set_ylim(bottom=0)
    elif spec.kind == "pie":
        _, vals = spec.series[0]
        ax.pie(vals, labels=spec.keys, colors=colours[: len(vals)], startangle=140, autopct="%1.1f%%",
               wedgeprops={"linewidth": 1, "edgecolor": "white"}, textprops={"fontsize": 8})  # fmt: skip
        ax.set_aspect("equal")
        return
    value_axis = ax.xaxis if horizontal else ax.yaxis
    if spec.log:
        ax.set_yscale("log")
    elif big:
        value_axis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    elif spec.y_title in ("Share (%)", "비율(%)"):
        value_axis.set_major_formatter(mticker.PercentFormatter(decimals=0))
    if not o["ticks"]:
        ax.tick_params(length=0)
    if not o["spines"]:
        for side in ("top", "right", "left", "bottom"):
            ax.spines[side].set_visible(False)
    if spec.x_title:
        ax.set_xlabel(spec.x_title)
    ax.set_ylabel(spec.y_title)
    if spec.legend:
        handles, labels = legend_entries(ax, twin)
        if o["legend_below"]:
            ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=len(spec.series),
                      frameon=False)  # fmt: skip
        else:
            ax.legend(handles, labels)
