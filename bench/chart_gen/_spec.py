"""Random chart specifications: what a generated chart shows, and so the truth it is scored against."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

KINDS = ("bar", "hbar", "grouped", "stacked", "line", "line_num", "line_date", "scatter", "pie", "area",
         "stacked_area", "grouped_h")  # fmt: skip

_CATS_EN = ("North", "South", "East", "West", "Central", "Online", "Retail", "Export", "Alpha", "Beta", "Gamma",
            "Delta", "Q1", "Q2", "Q3", "Q4", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Tokyo", "Paris", "Berlin",
            "Madrid", "Oslo", "Lima")  # fmt: skip
_CATS_KO = ("서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "1분기", "2분기", "3분기", "4분기", "가전",
            "식품", "의류", "화장품", "온라인", "오프라인")  # fmt: skip
_SERIES_EN = ("Revenue", "Cost", "Profit", "Units", "Plan", "Actual", "2023", "2024", "Model A", "Model B", "Other")
_SERIES_KO = ("매출", "비용", "영업이익", "계획", "실적", "전년", "올해", "수출", "내수")
_TITLES_EN = ("Sales by region", "Quarterly results", "Monthly traffic", "Growth of users", "Share of segments",
              "Energy mix", "Response time", "Market size")  # fmt: skip
_TITLES_KO = ("지역별 매출 현황", "분기별 실적", "월별 방문자 수", "사업부문별 비중", "연도별 수출액", "제품별 판매량")
_Y_EN = ("Value", "Revenue ($M)", "Units", "Share (%)", "Index", "Count")
_Y_KO = ("금액(억원)", "판매량(개)", "비율(%)", "지수", "건수")


@dataclass
class Spec:
    id: str
    kind: str
    lang: str
    title: str
    x_title: str
    y_title: str
    keys: list[str]
    xs: list[float] | None
    dates: list[date] | None
    series: list[tuple[str, list[float]]]
    log: bool = False
    nonzero: bool = False
    negative: bool = False
    legend: bool = True
    style: dict[str, Any] = field(default_factory=dict)

    def truth(self) -> dict[str, Any]:
        """The data the chart encodes: per series, key → value (pies: percentage shares)."""
        series = []
        for name, values in self.series:
            if self.kind == "pie":
                total = sum(values)
                values = [v / total * 100 for v in values]
            series.append({"name": name, "points": [[k, v] for k, v in zip(self.keys, values, strict=True)]})
        features = [f for f, on in (("log", self.log), ("nonzero_origin", self.nonzero), ("negative", self.negative),
                                    ("korean", self.lang == "ko"), ("dates", self.dates is not None)) if on]  # fmt: skip
        return {"id": self.id, "kind": self.kind, "lang": self.lang, "title": self.title, "features": features,
                "series": series}  # fmt: skip


def _decimals(rng: random.Random, lo: float, hi: float, digits: int) -> float:
    return round(rng.uniform(lo, hi), digits)


def make_spec(rng: random.Random, index: int, *, prefix: str) -> Spec:
    """Spec number ``index``: kinds cycle so every kind appears; flags and labels are drawn from ``rng``."""
    kind = KINDS[index % len(KINDS)]
    ko = rng.random() < 0.35
    cats, names = (_CATS_KO, _SERIES_KO) if ko else (_CATS_EN, _SERIES_EN)
    title = rng.choice(_TITLES_KO if ko else _TITLES_EN)
    y_title = rng.choice(_Y_KO if ko else _Y_EN)
    x_title = rng.choice(("", "지역" if ko else "Region", "구분" if ko else "Category"))
    digits = rng.choice((0, 1, 1, 2))
    n_series = 1 if kind in ("bar", "hbar", "pie", "line_date", "area") else rng.randint(2, 4)
    if kind in ("line", "line_num", "scatter") and rng.random() < 0.4:
        n_series = 1
    n_keys = rng.randint(3, 7) if kind != "pie" else rng.randint(3, 6)
    log = kind in ("line_num", "scatter", "line") and rng.random() < 0.3
    negative = not log and kind in ("bar", "hbar", "grouped", "line", "line_num", "grouped_h") and rng.random() < 0.35
    nonzero = not log and not negative and kind in ("bar", "line", "line_num", "grouped", "line_date") \
        and rng.random() < 0.35  # fmt: skip
    keys = rng.sample(cats, n_keys)
    xs: list[float] | None = None
    dates: list[date] | None = None
    if kind in ("line_num", "scatter"):
        step = rng.choice((1, 2, 5, 0.5, 10))
        start = rng.choice((0, 1, 2, 10, 100, 2015))
        n_keys = rng.randint(5, 12) if kind == "scatter" else rng.randint(4, 9)
        if kind == "scatter":
            xs = sorted({round(rng.uniform(start, start + step * 10), 1) for _ in range(n_keys)})
        else:
            xs = [round(start + step * k, 2) for k in range(n_keys)]
        keys = [_fmt(x) for x in xs]
    if kind == "line_date":
        d0 = date(rng.randint(2018, 2025), rng.randint(1, 12), 1)
        n_keys = rng.randint(5, 12)
        monthly = rng.random() < 0.6
        dates = [_add_months(d0, k) if monthly else d0 + timedelta(days=7 * k) for k in range(n_keys)]
        keys = [d.isoformat() for d in dates]
    names_pick = rng.sample(names, n_series) if n_series > 1 else [y_title if kind != "pie" else title]
    series = []
    for name in names_pick:
        if log:
            vals = [round(10 ** rng.uniform(0, 4), digits) or 1.0 for _ in keys]
        elif negative:
            vals = [_decimals(rng, -40, 90, digits) for _ in keys]
        elif nonzero:
            base = rng.choice((50, 100, 500, 1000))
            vals = [_decimals(rng, base * 1.1, base * 1.9, digits) for _ in keys]
        else:
            vals = [_decimals(rng, 1, 100 if rng.random() < 0.7 else 5000, digits) for _ in keys]
        if kind in ("stacked", "stacked_area", "pie", "area"):
            vals = [abs(v) + 1 for v in vals]
        series.append((name, vals))
    style = {
        "grid": rng.random() < 0.5,
        "ticks": rng.random() < 0.8,
        "legend_out": rng.random() < 0.3,
        "spines": rng.random() < 0.6,
        "fonttype": rng.choice((3, 42)),
        "width_in": rng.choice((4.5, 5.5, 6.5)),
        "markers": rng.random() < 0.6,
        "thousands": rng.random() < 0.5,
        "rotate": rng.random() < 0.25,
    }
    return Spec(id=f"{prefix}-{index:03d}-{kind}", kind=kind, lang="ko" if ko else "en", title=title, x_title=x_title,
                y_title=y_title, keys=keys, xs=xs, dates=dates, series=series, log=log, nonzero=nonzero,
                negative=negative, legend=n_series > 1 or kind == "pie", style=style)  # fmt: skip


def _add_months(d: date, k: int) -> date:
    m = d.month - 1 + k
    return date(d.year + m // 12, m % 12 + 1, 1)


def _fmt(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:g}"
