"""Axes from tick labels and tick marks: a linear, log, date or category scale per axis.

A value axis is a column (or row) of tick labels that read as numbers or dates; each label's tick
position is the drawn tick mark or grid line beside it when there is one, else the label's centre.
Positions and values are fitted by least squares; the residual says whether geometry through the
fit is exact. Category axes keep the label texts and their positions.

A value read through an exact fit is still only as good as the drawing: its uncertainty is the slope
times how far a drawn position may stray (five times the ticks' misfit, and never less than the
rounding producers apply to coordinates), once per drawn end it is read from. It is exact when that is
within :data:`EXACT_RELATIVE` of the value or :data:`EXACT_OF_SPAN` of the axis's largest tick.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from perception.charts._model import AxisOrientation, ChartAxis, ScaleKind
from perception.charts._primitives import Shape, Text, parse_date, parse_number

__all__ = [
    "EXACT_OF_SPAN",
    "EXACT_RELATIVE",
    "EXACT_RESIDUAL",
    "Scale",
    "category_scale",
    "fit_scale",
    "group_column",
    "group_row",
]

EXACT_RESIDUAL = 5e-5
"""The largest tick misfit (relative to the tick span) at which values through a scale are exact."""

EXACT_RELATIVE = 5e-4
"""A value is flagged exact only when its uncertainty is at most this share of it, or at most
:data:`EXACT_OF_SPAN` of the axis's largest tick value (for values near zero)."""
EXACT_OF_SPAN = 2.5e-6
"""See :data:`EXACT_RELATIVE` (half the benchmark's 5e-6 of the largest value: ticks overshoot the data)."""

# how far (points) a mark's drawn coordinates are trusted at best: producers round them (a thousandth of
# a CSS pixel is 0.00075 pt, so a drawn position may be 0.000375 pt off)
_MARK_PT = 5e-4
_MAX_RESIDUAL = 0.03  # a worse fit of labels to positions is not an axis
_PRECISION_PT = 1e-4  # the finest resolution assumed of drawn positions (points)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Scale:
    """A fitted axis. ``value(pos)`` maps a position (points) to data; ``category(pos)`` finds a label."""

    orientation: AxisOrientation
    kind: ScaleKind
    labels: list[Text]
    positions: list[float]
    values: list[float] = field(default_factory=list)
    a: float = 0.0
    b: float = 0.0
    residual: float | None = None
    from_marks: bool = False
    unit: str = ""
    title: str = ""
    title_text: Text | None = None

    @property
    def exact(self) -> bool:
        return (
            self.from_marks
            and self.residual is not None
            and self.residual <= EXACT_RESIDUAL
            and len(self.positions) >= 3
        )

    def value(self, pos: float) -> float:
        """The data value (dates: days since 1970) at ``pos``, rounded to the geometry's precision."""
        raw = self.a * pos + self.b
        if self.kind == "date" and all(v == round(v) for v in self.values) and abs(raw - round(raw)) < 0.01:
            return float(round(raw))  # ticks on whole days: so is a point within a quarter hour of one
        step = self.precision_pt
        if self.kind == "log":
            v = 10.0**raw
            return _round(v, max(abs(v) * abs(self.a) * math.log(10) * step, 1e-12))
        return _round(raw, abs(self.a) * step)

    def difference(self, start: float, end: float) -> float:
        """The value between two positions on a linear scale (a stacked segment), rounded once."""
        if self.kind != "linear":
            return round(self.value(end) - self.value(start), 10)
        return _round(self.a * (end - start), abs(self.a) * self.precision_pt * 2)

    @property
    def precision_pt(self) -> float:
        """How far (points) a drawn position may stray from where its value falls, measured on the tick
        marks: five times their worst misfit (coordinates written with few decimals miss by more), at
        least a ten-thousandth of a point and at most a fiftieth."""
        if self.residual is None or not math.isfinite(self.residual) or self.a == 0 or len(self.values) < 2:
            return _PRECISION_PT
        span = float(np.ptp([math.log10(v) for v in self.values] if self.kind == "log" else self.values))
        misfit = self.residual * span / abs(self.a)
        return min(max(_PRECISION_PT, 5 * misfit), 0.02)

    @property
    def mark_precision_pt(self) -> float:
        """How far (points) a mark's drawn position may stray: the tick misfit's allowance, and never less
        than the rounding producers apply to coordinates (a thousandth of a CSS pixel and the like)."""
        return max(self.precision_pt, _MARK_PT)

    def uncertainty(self, value: float, *, ends: int = 1) -> float:
        """How far ``value`` (read from ``ends`` drawn positions: 2 for a stacked segment) may be from the
        data it encodes, given how precisely positions are drawn."""
        if self.kind == "category":
            return 0.0
        spread = abs(self.a) * self.mark_precision_pt * ends
        if self.kind == "log":
            return float(abs(value) * (10.0**spread - 1.0))
        return spread

    def certain(self, value: float, *, ends: int = 1) -> bool:
        """Whether ``value`` read through this scale is exact: the fit is exact and the value's uncertainty
        is within :data:`EXACT_RELATIVE` of it (or :data:`EXACT_OF_SPAN` of the largest tick value)."""
        if self.kind == "category":
            return True
        if not self.exact:
            return False
        span = max((abs(v) for v in self.values), default=0.0) if self.kind != "log" else 0.0
        return self.uncertainty(value, ends=ends) <= max(EXACT_RELATIVE * abs(value), EXACT_OF_SPAN * span)

    def position(self, value: float) -> float | None:
        """The position of ``value`` on a linear scale (None for others or a flat fit)."""
        if self.kind != "linear" or self.a == 0:
            return None
        return (value - self.b) / self.a

    def category(self, pos: float) -> tuple[str, float] | None:
        """The nearest category label and its distance, or None when ``pos`` is between slots."""
        if not self.positions:
            return None
        i = min(range(len(self.positions)), key=lambda k: abs(self.positions[k] - pos))
        gaps = [abs(b - a) for a, b in zip(sorted(self.positions), sorted(self.positions)[1:], strict=False)]
        half = (min(gaps) if gaps else float("inf")) * 0.55
        d = abs(self.positions[i] - pos)
        return (self.labels[i].text, d) if d <= half else None

    def key(self, pos: float) -> tuple[str, float | None]:
        """The key text at ``pos`` (category label, number or ISO date) and its numeric x."""
        if self.kind == "category":
            found = self.category(pos)
            return (found[0] if found else "", None)
        v = self.value(pos)
        if self.kind == "date":
            return _iso(v), v
        if self.kind == "linear":  # a key is written as the shortest number the mark's position allows
            v = _round(self.a * pos + self.b, abs(self.a) * 2 * self.mark_precision_pt)
        if self.unit and (found := self.category(pos)) is not None and found[1] <= max(self.precision_pt, 0.5):
            return found[0], v  # a point on a labelled tick keeps the label's words ("3월", "Q2 '24"), x stays numeric
        if not self.exact and self.kind == "linear":  # a rougher fit: no more digits than the labels show, plus one
            v = round(v, max((_decimals(t.text) for t in self.labels), default=0) + 1)
        return _fmt(v), v

    def to_axis(self) -> ChartAxis:
        return ChartAxis(
            orientation=self.orientation,
            scale=self.kind,
            title=self.title,
            tick_labels=tuple(t.text for t in self.labels),
            tick_positions=tuple(round(p, 3) for p in self.positions),
            transform=(self.a, self.b) if self.kind != "category" else None,
            residual=self.residual,
            ticks_from="marks" if self.from_marks else "labels",
            unit=self.unit,
        )


def _round(v: float, quantum: float) -> float:
    """The shortest decimal within ``quantum`` of ``v`` (the geometry cannot tell it from ``v``)."""
    if quantum <= 0 or not math.isfinite(v):
        return v
    first = math.floor(math.log10(quantum)) + 1  # 10**first is coarser than the quantum
    for digits in range(-first, 13):
        r = round(v, digits)
        if abs(r - v) <= quantum:
            return float(round(r, 12))
    return v


def _fmt(v: float) -> str:
    if v == round(v) and abs(v) < 1e15:
        return str(round(v))
    return f"{v:.10g}"


def _decimals(label: str) -> int:
    digits = label.replace(",", "").split(".")
    return len("".join(c for c in digits[1] if c.isdigit())) if len(digits) > 1 else 0


def _iso(days: float) -> str:
    when = _EPOCH + timedelta(days=round(days * 86400) / 86400)
    return when.date().isoformat() if when.hour == when.minute == when.second == 0 else when.isoformat()


def group_column(texts: list[Text], *, right: bool = False) -> list[Text]:
    """The column of ``texts`` nearest the plot: texts sharing a right edge (or a centre, or a left
    edge), at least two, the innermost such column (rightmost; leftmost with ``right``) and then the
    largest; top to bottom."""
    edges: tuple[Callable[[Text], float], ...] = (lambda t: t.x1, lambda t: t.cx, lambda t: t.x0)

    def rank(group: list[Text]) -> tuple[int, int]:
        inner = -round(min(u.x0 for u in group)) if right else round(max(u.x1 for u in group))
        return inner, len(group)

    best: list[Text] = []
    for edge in edges:
        for t in texts:
            group = [u for u in texts if abs(edge(u) - edge(t)) <= 2.0]
            if len(group) >= 2 and (not best or rank(group) > rank(best)):
                best = group
    return sorted(best, key=lambda t: t.cy)


def group_row(texts: list[Text], *, nearest_to: float) -> list[Text]:
    """The row of ``texts`` (shared centre line) nearest ``nearest_to`` (a y), left to right."""
    rows: list[list[Text]] = []
    for t in sorted(texts, key=lambda t: abs(t.y0 - nearest_to)):
        for row in rows:
            if abs(row[0].row_y - t.row_y) <= max(2.0, 0.25 * min(t.y1 - t.y0, 12.0)):
                row.append(t)
                break
        else:
            rows.append([t])
    if not rows:
        return []
    closest = min(rows, key=lambda row: abs(row[0].y0 - nearest_to))
    return sorted(closest, key=lambda t: t.anchor_x)


def _tick_positions(labels: list[Text], segs: list[Shape], orientation: AxisOrientation, *, right: bool = False
                    ) -> tuple[list[float], bool]:  # fmt: skip
    """Each label's tick position: a tick mark or grid line beside it, else its centre. ``right``: the
    labels stand right of a y axis, their ticks to their left."""
    out: list[float | None] = []
    centres: list[float] = []
    for t in labels:
        best: tuple[float, float] | None = None
        for s in segs:
            if s.stroke in ("#ffffff", None) and max(s.w, s.h) < 20:
                continue  # a white edge of a small bar, not a tick (white grid lines span the plot)
            if orientation == "vertical":  # labels left of a y axis: horizontal ticks to their right
                if s.h > 0.05:
                    continue
                if (t.x0 - s.x1 > 25 or s.x1 > t.x0 + 1) if right else (s.x0 < t.x1 - 1 or s.x0 - t.x1 > 25):
                    continue
                d, pos, half = abs(s.cy - t.cy), s.cy, min((t.y1 - t.y0) / 2, 3.0)
            else:  # labels below an x axis: vertical ticks above them
                if s.w > 0.05 or s.y1 > t.cy or t.y0 - s.y1 > 25:
                    continue
                d, pos, half = abs(s.cx - t.anchor_x), s.cx, min(max((t.x1 - t.x0) / 2, 1.5), 3.0)
            if d <= half and (best is None or d < best[0]):
                best = (d, pos)
        centres.append(t.mid_y if orientation == "vertical" else t.anchor_x)
        out.append(best[1] if best is not None else None)
    offsets = sorted(p - c for p, c in zip(out, centres, strict=True) if p is not None)
    # labels sit one offset from their ticks: the ticks found tell it for the labels without one
    shift = offsets[len(offsets) // 2] if offsets else 0.0
    positions = [p if p is not None else c + shift for p, c in zip(out, centres, strict=True)]
    return positions, bool(labels) and all(p is not None for p in out)


def _lstsq(p: list[float], v: list[float]) -> tuple[float, float, float]:
    """``(a, b, residual)`` of ``v ≈ a·p + b``; residual relative to the span of ``v``."""
    x, y = np.asarray(p, dtype=float), np.asarray(v, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        return 0.0, float(y.mean()) if len(y) else 0.0, math.inf
    a, b = np.polyfit(x, y, 1)
    span = float(np.ptp(y)) or 1.0
    return float(a), float(b), float(np.max(np.abs(a * x + b - y)) / span)


def fit_scale(labels: list[Text], segs: list[Shape], orientation: AxisOrientation, *, right: bool = False
              ) -> Scale | None:  # fmt: skip
    """A numeric (linear or log) or date scale from ``labels``; None when they are not all numbers or dates."""
    if len(labels) < 2:
        return None
    positions, from_marks = _tick_positions(labels, segs, orientation, right=right)
    numbers = [parse_number(t.text) for t in labels]
    if all(n is not None for n in numbers):
        values = [n[0] for n in numbers if n is not None]
        units = {n[1] for n in numbers if n is not None}
        if len(set(values)) < len(values):
            return None
        a, b, res = _lstsq(positions, values)
        scale = Scale(orientation, "linear", labels, positions, values, a, b, res, from_marks,
                      unit=units.pop() if len(units) == 1 else "")  # fmt: skip
        # a log axis: values spanning decades, minor ticks at log10(2..9), or labels a straight line misfits
        # (2×10^2, 3×10^2, 4×10^2 at log-spaced positions)
        misfit = len(values) >= 3 and res > 0.01
        if all(v > 0 for v in values) and (max(values) / min(values) >= 50 or misfit or _log_minor_ticks(scale, segs)):
            la, lb, lres = _lstsq(positions, [math.log10(v) for v in values])
            if (lres < res * 0.1 or len(values) == 2) and lres < 0.02:
                scale.kind, scale.a, scale.b, scale.residual = "log", la, lb, lres
                _onto_minor_ticks(scale, segs)
        # tick labels sit where their values fall; numbers that do not (a table column) are no axis
        return scale if scale.residual is not None and scale.residual <= _MAX_RESIDUAL else None
    dates = [parse_date(t.text) for t in labels]
    if all(d is not None for d in dates):
        days = [(d - _EPOCH).total_seconds() / 86400 for d in dates if d is not None]
        if len(set(days)) < len(days):
            return None
        a, b, res = _lstsq(positions, days)
        return (
            Scale(orientation, "date", labels, positions, days, a, b, res, from_marks) if res <= _MAX_RESIDUAL else None
        )
    return None


def _onto_minor_ticks(scale: Scale, segs: list[Shape]) -> None:
    """A log axis drawn with minor ticks only (the labelled ticks hidden) has its labels matched to the
    nearest minor tick (9×10^k next to 10^(k+1)): the minor ticks' pattern (log10 2..9 of each decade)
    says where the decades are; the scale moves onto it and its values become estimates."""
    if scale.orientation == "vertical":
        minor = [s.cy for s in segs if s.h <= 0.05 and 0 < s.w <= 8]
    else:
        minor = [s.cx for s in segs if s.w <= 0.05 and 0 < s.h <= 8]
    if len(minor) < 6 or scale.a == 0:
        return
    fracs = [(scale.a * p + scale.b) % 1.0 for p in minor]  # each tick's place within its decade
    pattern = [math.log10(k) for k in range(1, 10)]

    def matched(shift: float) -> int:
        return sum(1 for f in fracs if any(abs((f - shift - e + 0.5) % 1.0 - 0.5) <= 0.004 for e in pattern))

    best = max(sorted({round((f - e) % 1.0, 4) for f in fracs for e in pattern}), key=matched)
    best = best - 1.0 if best > 0.5 else best
    if abs(best) > 0.004 and matched(best) >= 0.9 * len(fracs) and matched(best) > matched(0.0) + 2:
        scale.b -= best
        scale.positions = [(math.log10(v) - scale.b) / scale.a for v in scale.values]
        scale.from_marks = False


def _log_minor_ticks(scale: Scale, segs: list[Shape]) -> bool:
    """Unlabelled ticks between two labels a decade apart at log10(2..9) of the gap: a log axis."""
    pairs = sorted(zip(scale.positions, scale.values, strict=True), key=lambda pv: pv[1])
    for (p1, v1), (p2, v2) in itertools.pairwise(pairs):
        if abs(v2 / v1 - 10) > 1e-9:
            continue
        lo, hi = sorted((p1, p2))
        if scale.orientation == "vertical":
            minor = [s.cy for s in segs if s.h <= 0.05 and s.w <= 8 and lo + 0.5 < s.cy < hi - 0.5]
        else:
            minor = [s.cx for s in segs if s.w <= 0.05 and s.h <= 8 and lo + 0.5 < s.cx < hi - 0.5]
        fracs = sorted(abs(m - p1) / abs(p2 - p1) for m in minor)
        expected = [math.log10(k) for k in range(2, 10)]
        if len(fracs) >= 4 and sum(any(abs(f - e) < 0.01 for e in expected) for f in fracs) >= 0.8 * len(fracs):
            return True
    return False


def category_scale(labels: list[Text], segs: list[Shape], orientation: AxisOrientation) -> Scale:
    """A category axis: the label texts at their tick positions."""
    positions, from_marks = _tick_positions(labels, segs, orientation)
    return Scale(orientation, "category", labels, positions, from_marks=from_marks)
