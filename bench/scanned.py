"""Scanned-table benchmark: the shared table corpus as image-only scans, scored like the born-digital run.

What is measured
    Every distinct page of the ``pdf_tables`` corpus (``$TILEPILOT_SHARED/bench/pdf_tables``) is
    rendered at 150 dpi into a PDF page that holds only that picture (no text layer, no vector
    rules): the ``clean`` twin. The ``skewed`` twin is the same picture turned by 0.5° with grey
    noise (σ 12 levels) and salt-and-pepper specks (0.2 % of pixels). The ``rotated`` twin is the
    clean picture turned a quarter clockwise, a half turn, or a quarter counter-clockwise (in
    turn, page by page), on a page of the turned shape, as a scanner fed it. tilepilot reads each twin
    page through its public call, ``tools.pdf.extract_tables(pdf, pages=[n])``: the page triage
    sees a scan and sends it to the OCR path. Each case is scored by the corpus's reference scorer
    (``score_tables.score_page``, imported through ``bench/pdf_tables.py``) against the same
    expected CSVs as the born-digital benchmark, whose figure (the text layer read directly) is
    the ceiling shown beside.

    pages/s is distinct pages / wall time of the page loop with ``--workers`` processes (default
    2), after the workers' imports; the load average at the start and end is recorded, since other
    jobs may share the cores. As wall time on a shared machine says little, the CPU seconds each
    page took (the worker's and its tesseract's, user + system) are summed too: two cores free of
    other work read ``2 / (CPU s per page)`` pages a second.

Usage
    bench/scanned.py                       all three twins, 2 workers (a few minutes on 2 cores)
    bench/scanned.py --quick               the clean twin only
    bench/scanned.py --twins rotated       the named twins only (comma-separated)
    bench/scanned.py --cases eu-0 --show-failures
Writes ``bench/results/scanned.json`` and ``bench/results/scanned_cases.csv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common
import pdf_tables
from scanned_worker import warm, work  # the pool's workers import it by this name

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
SCAN_DPI = 150
TWINS = ("clean", "skewed", "rotated")
TURNS = (90, 180, 270)  # the rotated twin's clockwise turns, page by page

Grid = list[list[str]]


def make_twin(keys: list[tuple[str, int]], corpus: Path, out: Path, *, twin: str, seed: int = 7) -> None:
    """One image-only PDF page per corpus page: rendered at 150 dpi, for ``skewed`` turned a little and
    noised, for ``rotated`` turned by quarter turns."""
    import cv2
    import numpy as np
    import pymupdf

    rng = np.random.default_rng(seed)
    pymupdf.TOOLS.mupdf_display_errors(False)  # some corpus files have broken xrefs MuPDF repairs aloud
    doc = pymupdf.open()
    for k, (pdf, number) in enumerate(keys):
        with pymupdf.open(corpus / pdf) as src:
            page = src[number - 1]
            rect = page.rect
            pix = page.get_pixmap(dpi=SCAN_DPI, colorspace=pymupdf.csGRAY, alpha=False)
        img: Any = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
        if twin == "skewed":
            h, w = img.shape
            m = cv2.getRotationMatrix2D((w / 2, h / 2), 0.5, 1.0)
            img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
            noisy = img.astype(np.float32) + rng.normal(0, 12, img.shape)
            specks = rng.random(img.shape)
            noisy[specks < 0.001] = 0
            noisy[specks > 0.999] = 255
            img = np.asarray(np.clip(noisy, 0, 255), dtype=np.uint8)
        width, height = rect.width, rect.height
        if twin == "rotated":
            turn = TURNS[k % len(TURNS)]
            img = np.ascontiguousarray(np.rot90(img, k=-turn // 90))
            if turn != 180:
                width, height = height, width
        # the noisy twin is stored as a JPEG, as scanners do (a PNG of noise is ten times larger)
        ok, data = (
            cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85]) if twin == "skewed" else cv2.imencode(".png", img)
        )
        assert ok
        new = doc.new_page(width=width, height=height)
        new.insert_image(new.rect, stream=data.tobytes())
    doc.save(out, garbage=3, deflate=True)
    doc.close()


def run_twin(
    pdf: Path, n: int, workers: int
) -> tuple[dict[int, tuple[list[Grid], float, str | None, str | None, float]], float]:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        pool.map(warm, range(workers))
        t0 = time.perf_counter()
        out = {}
        jobs = [(str(pdf), i) for i in range(1, n + 1)]
        for done, (number, tables, s, error, kind, cpu) in enumerate(pool.imap_unordered(work, jobs), 1):
            out[number] = (tables, s, error, kind, cpu)
            if done % 10 == 0:
                print(f"[scanned] {pdf.stem}: {done}/{n} pages", file=sys.stderr, flush=True)
        wall = time.perf_counter() - t0
    return out, wall


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="the clean twin only")
    p.add_argument("--twins", default=",".join(TWINS), help=f"comma-separated twins to run (default {','.join(TWINS)})")
    p.add_argument("--cases", metavar="ID_SUBSTRING", help="only cases whose id contains it (comma = or)")
    p.add_argument("--workers", type=int, default=2, help="page-reading processes (default 2)")
    p.add_argument("--show-failures", action="store_true", help="list cases below cell-F1 1 per twin")
    args = p.parse_args(argv)
    corpus = pdf_tables.corpus_dir()
    if not (corpus / "manifest.json").exists():
        print(f"scanned: no corpus at {corpus} (set TILEPILOT_SHARED)", file=sys.stderr)
        return 2
    scorer = pdf_tables.load_scorer(corpus.parent / "score_tables.py")
    cases = pdf_tables.load_cases(corpus, scorer, args.cases)
    if not cases:
        print(f"scanned: no case id contains {args.cases!r}", file=sys.stderr)
        return 2
    keys = list(dict.fromkeys(c.key for c in cases))
    index = {k: i + 1 for i, k in enumerate(keys)}
    twins = TWINS[:1] if args.quick else tuple(t for t in TWINS if t in args.twins.split(","))
    if not twins:
        print(f"scanned: no twin named in {args.twins!r} (choose from {', '.join(TWINS)})", file=sys.stderr)
        return 2
    load0 = os.getloadavg()
    summaries: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="tp-scan-") as tmp:
        for twin in twins:
            pdf = Path(tmp) / f"{twin}.pdf"
            make_twin(keys, corpus, pdf, twin=twin)
            print(f"[scanned] {twin}: {len(keys)} pages, {pdf.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
            results, wall = run_twin(pdf, len(keys), args.workers)
            scores = []
            for c in cases:
                tables, s, error, kind, _cpu_s = results[index[c.key]]
                sc = scorer.score_page(tables, c.expected)
                scores.append(sc)
                rows.append({"twin": twin, "id": c.id, "kind": c.kind, "cell_f1": f"{sc['cell_f1']:.4f}",
                             "precision": f"{sc['precision']:.4f}", "recall": f"{sc['recall']:.4f}",
                             "structure": f"{sc['structure']:.4f}", "grid_exact": sc["grid_exact"],
                             "n_pred": sc["n_pred"], "page_s": f"{s:.3f}", "triage": kind, "error": error})  # fmt: skip
                if args.show_failures and sc["cell_f1"] < 1:
                    m = sc["match_index"]
                    miss, extra = (
                        pdf_tables._cell_diff(tables[m], c.expected, scorer.norm) if m is not None else ([], [])
                    )
                    print(
                        f"{twin} {c.id:<26} {c.kind:<7} F1 {sc['cell_f1']:.2f}",
                        pdf_tables._cells_line("missing", miss),
                        pdf_tables._cells_line("extra", extra),
                        sep="\n",
                    )
            summaries[twin] = {
                "n_cases": len(cases),
                "n_pages": len(keys),
                "cell_f1": _mean([s["cell_f1"] for s in scores]),
                **{k: _mean([s["cell_f1"] for s, c in zip(scores, cases) if c.kind == k]) for k in pdf_tables.KINDS},
                "grid_exact_pct": 100 * (_mean([s["grid_exact"] for s in scores]) or 0),
                "structure": _mean([s["structure"] for s in scores]),
                "no_table_found": sum(s["n_pred"] == 0 for s in scores),
                "errors": sum(1 for r in results.values() if r[2]),
                "triaged_scanned": sum(1 for r in results.values() if r[3] == "scanned"),
                "workers": args.workers,
                "wall_s": wall,
                "pages_per_s": len(keys) / wall if wall else None,
                "median_page_s": sorted(r[1] for r in results.values())[len(results) // 2],
                "cpu_s_per_page": sum(r[4] for r in results.values()) / len(results),
            }
            summaries[twin]["pages_per_s_2_quiet_cores"] = 2 / summaries[twin]["cpu_s_per_page"]
    load1 = os.getloadavg()
    ceiling = _ceiling()
    print(f"{'twin':<8} {'cell-F1':>8} {'lattice':>8} {'stream':>8} {'other':>8} {'grid%':>6} {'struct':>7} "
          f"{'pages/s':>8} {'workers':>7} {'CPU s/page':>10} {'pages/s on 2 idle cores':>24}")  # fmt: skip
    for twin, s in summaries.items():
        print(f"{twin:<8} {s['cell_f1']:8.3f} {s['lattice'] or 0:8.3f} {s['stream'] or 0:8.3f} {s['other'] or 0:8.3f} "
              f"{s['grid_exact_pct']:6.1f} {s['structure']:7.3f} {s['pages_per_s']:8.2f} {s['workers']:7d} "
              f"{s['cpu_s_per_page']:10.2f} {s['pages_per_s_2_quiet_cores']:24.2f}")  # fmt: skip
    if ceiling is not None:
        print(f"born-digital ceiling (bench/results/pdf_tables.json, tilepilot): cell-F1 {ceiling:.3f}")
    print(f"load average at start {load0[0]:.2f}, at end {load1[0]:.2f} ({os.cpu_count()} CPUs)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = _common.run_info(sys.argv[1:] if argv is None else argv, corpus=str(corpus), scan_dpi=SCAN_DPI,
                            load_start=load0, load_end=load1, born_digital_cell_f1=ceiling)  # fmt: skip
    (RESULTS / "scanned.json").write_text(json.dumps({"run": info, "twins": summaries}, indent=1) + "\n")
    with (RESULTS / "scanned_cases.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return 0


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _ceiling() -> float | None:
    path = RESULTS / "pdf_tables.json"
    try:
        return float(json.loads(path.read_text())["tools"]["tilepilot"]["all"]["cell_f1"])
    except (OSError, KeyError, ValueError, TypeError):
        return None


if __name__ == "__main__":
    sys.exit(main())
