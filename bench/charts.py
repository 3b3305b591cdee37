"""Chart benchmark: tilepilot's vector chart reader on generated charts whose data is known.

What is measured
    Two generated sets (``bench/chart_gen``): the main set (seed 20261201) and a held-out set
    drawn with another seed (4099) that is never used for tuning. Each holds charts of every kind
    (bar, hbar, grouped, stacked, line over categories / numbers / dates, scatter, pie, area,
    stacked area, horizontal grouped bars), English and Korean labels, log axes, non-zero origins and
    negative values, drawn alternately by matplotlib's PDF backend and by hand with reportlab.
    A third, the stress set ``browser`` (seed 777), comes from producers the reader was not developed
    on: hand-written SVG in HTML printed to PDF by headless Chromium (glyph-run text, CSS fonts,
    nested and flipped transforms, HTML legends and titles, rounded bars, SVG arcs), and matplotlib
    under style sheets and options the first set never uses (ggplot, bmh, fivethirtyeight,
    seaborn-v0_8-*, grayscale; no spines, grids without ticks, value labels on bars, hatches, error
    bars, a second subplot, legends in a row below the axes, tiny and huge figures, 1,200,000-style
    and percent tick labels, negative stacked bars); a quarter of its values are scaled up by 1000.
    ``browser_heldout`` (seed 31337) draws the same producers again and is never used for tuning.
    ``browser_judge`` (seed 60613) mixes all four producers with values scaled up (which the first two
    producers otherwise never draw); it is measured once before a round of work and once after, and
    its failures are never looked at. ``dual_axis`` (seed 1618; matplotlib, styled matplotlib and the
    browser) gives each line chart a last series in other units drawn against a right-hand value axis
    (its labels and title half the time in the series' colour).
    Every chart is read with ``tools.pdf.extract_charts`` and its largest chart is scored.

How to read the numbers
    RMS-F1      DePlot's relative-mapping-similarity F1: data points (key, value) with key
                "category series" (the category alone for one-series charts), keys compared by
                normalised Levenshtein distance (≥ 0.5 counts as 1), values by relative error
                (≥ 0.1 counts as 1), similarity (1 − key distance)(1 − value distance), one-to-one
                matching by the Hungarian method; precision = score / predicted points, recall =
                score / true points, and the F1 of the two (the true F1: the reference code
                reports recall under that name). Mean over charts; a chart not found scores 0.
    exact %     share of true points whose matched predicted value equals the truth (relative
                error ≤ 5e-4, or ≤ 5e-6 of the chart's value span for values near 0).
    flagged %   share of predicted points the reader marked ``exact``; "wrong" counts flagged
                points whose value is not within that tolerance (should be 0).
    titles      share of charts whose title was read exactly (whitespace folded).

Usage
    bench/charts.py [--quick] [--n N] [--sets main,heldout,browser] [--show-failures]
Writes ``bench/results/charts.json`` (every set) and ``bench/results/charts_cases.csv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import _common

RESULTS = REPO / "bench" / "results"
SETS: dict[str, tuple[int, str, tuple[str, ...], bool]] = {
    "main": (20261201, "c", ("matplotlib", "reportlab"), False),
    "heldout": (4099, "h", ("matplotlib", "reportlab"), False),
    "browser": (777, "b", ("browser", "mpl_styled"), True),
    "browser_heldout": (31337, "bh", ("browser", "mpl_styled"), True),
    "browser_judge": (60613, "bj", ("browser", "mpl_styled", "reportlab", "matplotlib"), True),
    "dual_axis": (1618, "d", ("browser", "mpl_styled", "matplotlib"), False),
}
SECONDARY = {"dual_axis"}  # sets whose line charts draw their last series against a right-hand axis

Point = tuple[str, float]


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def key_distance(t: str, p: str, theta: float = 0.5) -> float:
    t, p = " ".join(t.lower().split()), " ".join(p.lower().split())
    if not t and not p:
        return 0.0
    d = levenshtein(t, p) / max(len(t), len(p))
    return d if d < theta else 1.0


def value_distance(t: float, p: float, theta: float = 0.1) -> float:
    if t == 0:
        d = 0.0 if p == 0 else 1.0
    else:
        d = min(abs((t - p) / t), 1.0)
    return d if d < theta else 1.0


def datapoints(series: list[tuple[str, list[Point]]]) -> list[Point]:
    multi = len(series) > 1
    return [((f"{k} {name}" if multi else k), v) for name, pts in series for k, v in pts]


def rms_f1(truth: list[Point], pred: list[Point]) -> tuple[float, float, float, list[tuple[int, int]]]:
    """(precision, recall, F1, matched index pairs) as DePlot defines them, with the true F1."""
    if not truth or not pred:
        return 0.0, 0.0, 0.0, []
    sim = np.zeros((len(truth), len(pred)))
    for i, (tk, tv) in enumerate(truth):
        for j, (pk, pv) in enumerate(pred):
            sim[i, j] = (1 - key_distance(tk, pk)) * (1 - value_distance(tv, pv))
    rows, cols = linear_sum_assignment(1 - sim)
    score = float(sim[rows, cols].sum())
    p, r = score / len(pred), score / len(truth)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, [(int(a), int(b)) for a, b in zip(rows, cols, strict=True) if sim[a, b] > 0]


def value_ok(t: float, p: float, span: float) -> bool:
    return abs(t - p) <= max(5e-4 * abs(t), 5e-6 * span)


def score_case(truth: dict[str, Any], chart: Any) -> dict[str, Any]:
    t_series = [(s["name"], [(str(k), float(v)) for k, v in s["points"]]) for s in truth["series"]]
    t_pts = datapoints(t_series)
    span = max(abs(v) for _, v in t_pts) or 1.0
    row: dict[str, Any] = {"id": truth["id"], "kind": truth["kind"], "generator": truth["generator"],
                           "lang": truth["lang"], "features": " ".join(truth["features"]), "n_true": len(t_pts)}  # fmt: skip
    if chart is None:
        return {**row, "title_ok": False, "found": False, "type": "", "n_pred": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0,
                "exact": 0, "flagged": 0, "flagged_wrong": 0}  # fmt: skip
    row["title_ok"] = " ".join(chart.title.split()) == " ".join(truth["title"].split())
    p_series = [(s.name, [(p.key, p.value) for p in s.points]) for s in chart.series]
    flags = [p.exact for s in chart.series for p in s.points]
    p_pts = datapoints(p_series)
    prec, rec, f1, pairs = rms_f1(t_pts, p_pts)
    exact = sum(1 for i, j in pairs if value_ok(t_pts[i][1], p_pts[j][1], span))
    matched = {j: i for i, j in pairs}
    wrong = sum(1 for j, f in enumerate(flags) if f and (j not in matched or not value_ok(t_pts[matched[j]][1],
                p_pts[j][1], span)))  # fmt: skip
    return {**row, "found": True, "type": chart.type, "n_pred": len(p_pts), "precision": prec, "recall": rec,
            "f1": f1, "exact": exact, "flagged": sum(flags), "flagged_wrong": wrong}  # fmt: skip


def run_set(name: str, n: int, show: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from bench.chart_gen import generate
    from tools.pdf import extract_charts

    seed, prefix, generators, scale_up = SETS[name]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = generate(tmp, seed=seed, n=n, prefix=prefix, generators=generators, scale_up=scale_up,
                         secondary=name in SECONDARY)  # fmt: skip
        t0 = time.perf_counter()
        for truth in cases:
            doc = extract_charts(Path(tmp) / truth["pdf"])
            charts = sorted(doc.charts, key=lambda c: -len(c.points))
            row = score_case(truth, charts[0] if charts else None)
            rows.append(row)
            if show and row["f1"] < 0.999:
                print(f"  {row['id']:28s} f1={row['f1']:.3f} type={row['type']} pred={row['n_pred']} "
                      f"true={row['n_true']} exact={row['exact']}", file=sys.stderr)  # fmt: skip
                if charts:
                    print("    pred:", [(s.name, [(p.key, p.value) for p in s.points]) for s in charts[0].series],
                          file=sys.stderr)  # fmt: skip
                print("    true:", [(s["name"], s["points"]) for s in truth["series"]], file=sys.stderr)
        seconds = time.perf_counter() - t0
    n_true = sum(r["n_true"] for r in rows)
    n_pred = sum(r["n_pred"] for r in rows)
    by_kind: dict[str, list[float]] = {}
    for r in rows:
        by_kind.setdefault(r["kind"], []).append(r["f1"])
    summary = {
        "charts": len(rows),
        "found": sum(r["found"] for r in rows),
        "rms_f1": float(np.mean([r["f1"] for r in rows])),
        "rms_precision": float(np.mean([r["precision"] for r in rows])),
        "rms_recall": float(np.mean([r["recall"] for r in rows])),
        "values_exact": sum(r["exact"] for r in rows) / n_true if n_true else 0.0,
        "flagged_exact": sum(r["flagged"] for r in rows) / n_pred if n_pred else 0.0,
        "flagged_wrong": sum(r["flagged_wrong"] for r in rows),
        "true_points": n_true,
        "titles_right": sum(r["title_ok"] for r in rows) / len(rows),
        "types": {t: sum(1 for r in rows if r["type"] == t) for t in sorted({r["type"] for r in rows})},
        "by_kind": {k: float(np.mean(v)) for k, v in sorted(by_kind.items())},
        "by_generator": {
            g: float(np.mean([r["f1"] for r in rows if r["generator"] == g]))
            for g in sorted({r["generator"] for r in rows})
        },
        "korean_rms_f1": float(np.mean([r["f1"] for r in rows if r["lang"] == "ko"] or [0.0])),
        "charts_per_s": len(rows) / seconds if seconds else 0.0,
    }
    return summary, [{"set": name, **r} for r in rows]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="accepted for bench/run.py (this benchmark has no peers)")
    p.add_argument("--n", type=int, default=48, help="charts per set (default 48)")
    p.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    p.add_argument("--show-failures", action="store_true")
    args = p.parse_args(argv)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    results: dict[str, Any] = {"run": _common.run_info(sys.argv[1:] if argv is None else argv)}
    all_rows: list[dict[str, Any]] = []
    for name in args.sets.split(","):
        summary, rows = run_set(name, args.n, args.show_failures)
        results[name] = summary
        all_rows += rows
        print(f"{name:8s} charts={summary['charts']} RMS-F1={summary['rms_f1']:.4f} "
              f"(P {summary['rms_precision']:.4f} R {summary['rms_recall']:.4f}) values exact={summary['values_exact']:.1%} "
              f"flagged exact={summary['flagged_exact']:.1%} flagged wrong={summary['flagged_wrong']} "
              f"titles={summary['titles_right']:.1%}")  # fmt: skip
        for k, v in summary["by_kind"].items():
            print(f"    {k:14s} {v:.3f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "charts.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    with (RESULTS / "charts_cases.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(all_rows[0]))
        w.writeheader()
        w.writerows(all_rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
