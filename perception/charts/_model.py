"""The chart model: a chart's type, axes and series of points, each value exact or estimated.

A :class:`Chart` holds what a reader recovered from one chart: its axes (scale kind, fitted
transform and residual, tick labels), its series (name, colour, points ``key → value``) and how
each value was obtained. ``exact`` values come from drawing geometry through a scale whose fit to
the tick marks has a residual near zero (or, for pies, from the wedges' angles); everything else is
``estimated``. Charts found only as pixels carry ``status="needs_model"`` until a vision model reads
them, and then hold estimated values only.
"""

from __future__ import annotations

import csv
import io
import math
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from perception.types import BBox, Frozen

if TYPE_CHECKING:  # pandas is imported only by to_dataframe()
    import pandas as pd

__all__ = [
    "AxisOrientation",
    "Chart",
    "ChartAxis",
    "ChartPoint",
    "ChartSeries",
    "ChartSource",
    "ChartStatus",
    "ChartType",
    "DocumentCharts",
    "PageCharts",
    "ScaleKind",
    "ValueStatus",
]

ChartType = Literal["bar", "hbar", "grouped", "stacked", "line", "scatter", "pie", "area", "unknown"]
"""``bar``/``hbar``: one series of vertical/horizontal bars; ``grouped``/``stacked``: several series of bars
side by side or end to end (see :attr:`Chart.orientation`); ``line``, ``scatter``, ``pie``, ``area``."""
ChartStatus = Literal["ok", "partial", "needs_model", "unreadable"]
"""``ok``: every mark was read; ``partial``: some marks could not be placed on the axes (see warnings);
``needs_model``: an image-only chart and no vision model to read it; ``unreadable``: a model was asked and
its answer held no table."""
ScaleKind = Literal["linear", "log", "date", "category"]
AxisOrientation = Literal["horizontal", "vertical"]
ValueStatus = Literal["exact", "estimated"]
ChartSource = Literal["vector", "raster"]


class ChartAxis(Frozen):
    """One axis: where it runs, its scale, and the fit of tick positions to tick values.

    For ``linear`` scales ``value = a · position + b`` with ``transform = (a, b)`` and positions in
    PDF points along the axis (x to the right, y downwards); ``log`` fits ``log10(value)``; ``date``
    fits days since 1970-01-01. ``residual`` is the largest misfit of a tick, relative to the span
    of the tick values (0 for a perfect fit; None for category axes or fits of two ticks).
    ``ticks_from`` says whether tick positions came from drawn tick marks or grid lines (``"marks"``)
    or from the centres of the labels alone (``"labels"``, never exact).
    """

    orientation: AxisOrientation
    scale: ScaleKind
    title: str = ""
    tick_labels: tuple[str, ...] = ()
    tick_positions: tuple[float, ...] = ()
    transform: tuple[float, float] | None = None
    residual: float | None = None
    ticks_from: Literal["marks", "labels", "model"] = "marks"
    unit: str = Field(default="", description="A unit the tick labels share (%, 억원, $), kept out of the values.")
    secondary: bool = Field(default=False, description="A second value axis (on the right) for some series.")


class ChartPoint(Frozen):
    """One value: ``key`` is the category, or the x value as text (ISO date for date axes).

    ``x`` is the numeric x (dates: days since 1970-01-01) when the key axis is numeric.
    """

    key: str
    value: float
    x: float | None = None
    status: ValueStatus = "estimated"

    @property
    def exact(self) -> bool:
        """True when the value was computed from geometry through an exact scale."""
        return self.status == "exact"


class ChartSeries(Frozen):
    """One series: its name (from the legend, a direct label or the axis title), colour and points."""

    name: str = ""
    colour: str | None = Field(default=None, description="#rrggbb of its marks, when drawn.")
    points: tuple[ChartPoint, ...] = ()
    value_axis: Literal["primary", "secondary"] = Field(
        default="primary", description="The value axis its values are read on (``secondary``: the right-hand one)."
    )

    def to_dict(self) -> dict[str, float]:
        """``{key: value}`` (a repeated key keeps its first value)."""
        out: dict[str, float] = {}
        for p in self.points:
            out.setdefault(p.key, p.value)
        return out


class Chart(Frozen):
    """A chart read from a page: what it shows and how sure each value is.

    >>> from perception.types import BBox
    >>> c = Chart(type="bar", page=1, bbox=BBox(x0=0, y0=0, x1=100, y1=80), series=(
    ...     ChartSeries(name="sales", points=(ChartPoint(key="Q1", value=3.5, status="exact"),)),))
    >>> c.to_rows()
    [['', 'sales'], ['Q1', '3.5']]
    """

    type: ChartType
    title: str = ""
    page: int = Field(ge=1, description="1-based page number.")
    bbox: BBox = Field(description="The chart's region in PDF points of the displayed page.")
    orientation: AxisOrientation | None = Field(default=None, description="Bars: which way they grow.")
    axes: tuple[ChartAxis, ...] = ()
    series: tuple[ChartSeries, ...] = ()
    status: ChartStatus = "ok"
    source: ChartSource = "vector"
    text: tuple[str, ...] = Field(default=(), description="Text read in the region (OCR for image-only charts).")
    model_id: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def points(self) -> list[ChartPoint]:
        return [p for s in self.series for p in s.points]

    @property
    def exact_share(self) -> float:
        """The share of values that are exact (0 when there are none)."""
        pts = self.points
        return sum(p.exact for p in pts) / len(pts) if pts else 0.0

    def keys(self) -> list[str]:
        """Every key in first-seen order across the series."""
        seen: dict[str, None] = {}
        for p in self.points:
            seen.setdefault(p.key, None)
        return list(seen)

    def to_rows(self) -> list[list[str]]:
        """The data table: a header (key column, then one column per series), one row per key."""
        names = [s.name or f"series {i + 1}" for i, s in enumerate(self.series)]
        key_title = next((a.title for a in self.axes if a.scale in ("category", "date") or a.title), "")
        if self.type in ("bar", "hbar", "grouped", "stacked"):
            key_title = next((a.title for a in self.axes if a.scale == "category"), "")
        rows = [[key_title, *names]]
        values = [s.to_dict() for s in self.series]
        for key in self.keys():
            rows.append([key, *(_fmt(v[key]) if key in v else "" for v in values)])
        return rows

    def to_dataframe(self) -> pd.DataFrame:
        """A pandas DataFrame: one row per key (the index), one float column per series."""
        import pandas as pd

        rows = self.to_rows()
        names = _unique(rows[0][1:])
        data = {n: [float(r[i + 1]) if r[i + 1] else math.nan for r in rows[1:]] for i, n in enumerate(names)}
        return pd.DataFrame(data, index=pd.Index([r[0] for r in rows[1:]], name=rows[0][0] or "key"))

    def to_csv(self) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(self.to_rows())
        return buf.getvalue()

    def to_markdown(self) -> str:
        rows = [[c.replace("|", "\\|") for c in r] for r in self.to_rows()]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)


class PageCharts(Frozen):
    """One page: its size in points as displayed, and the charts found on it."""

    page: int = Field(ge=1)
    width: float = Field(gt=0)
    height: float = Field(gt=0)
    charts: tuple[Chart, ...] = ()


class DocumentCharts(Frozen):
    """The charts of one PDF; ``charts`` lists them all in page order."""

    path: str
    n_pages: int = Field(ge=0, description="Pages in the file (not only those read).")
    pages: tuple[PageCharts, ...]
    warnings: tuple[str, ...] = ()

    @property
    def charts(self) -> list[Chart]:
        return [c for p in self.pages for c in p.charts]

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)

    def summary(self) -> dict[str, Any]:
        return {"path": self.path, "pages": len(self.pages), "charts": len(self.charts)}


def _fmt(v: float) -> str:
    """A value as text: integers without a decimal point, others with up to 10 significant digits."""
    if math.isfinite(v) and v == round(v) and abs(v) < 1e15:
        return str(round(v))
    return f"{v:.10g}"


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, n in enumerate(names):
        n = n or f"series {i + 1}"
        k = seen.get(n, 0)
        seen[n] = k + 1
        out.append(n if k == 0 else f"{n}.{k}")
    return out
