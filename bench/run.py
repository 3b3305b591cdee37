"""Run tilepilot's benchmarks: ``bench/run.py [NAME...] [--quick]`` (``make bench`` runs them all).

Each benchmark is a module in ``bench/`` with ``main(argv: list[str]) -> int``; register it in
``BENCHMARKS``. ``--quick`` is passed on: every benchmark takes it to mean "tilepilot only, a
fast run". For a benchmark's own options, run its module directly (``bench/pdf_tables.py -h``).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from pathlib import Path

BENCHMARKS: dict[str, str] = {
    "pdf_tables": "pdf_tables",  # table extraction vs camelot, pdfplumber, PyMuPDF
    "grounding": "grounding",  # queries → elements on local pages in Chromium, DOM and OCR-only targets
    "service": "service",  # tilepilot serve vs in process: latency overhead, throughput, batching, tiling
    "charts": "charts",  # vector charts → data on generated matplotlib/reportlab charts: RMS-F1, exact values
    "scanned": "scanned",  # the table corpus as 150-dpi scans (clean, skewed + noise): cell-F1, pages/s
    "layout": "layout",  # region precision/recall on generated pages: vector evidence, CDLA layout model
    "agent": "agent",  # multi-step English/Korean tasks on the example site, CPU default, no model
}
"""Benchmark name → module in ``bench/``."""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Run tilepilot's benchmarks (all of them when no NAME is given).")
    p.add_argument("names", nargs="*", metavar="NAME", help=f"one of: {', '.join(BENCHMARKS)}")
    p.add_argument("--quick", action="store_true", help="tilepilot only, no peers: a fast run")
    args = p.parse_args(argv)
    if unknown := [n for n in args.names if n not in BENCHMARKS]:
        p.error(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    rc = 0
    for name in args.names or BENCHMARKS:
        print(f"== {name}", file=sys.stderr, flush=True)
        # loaded by path under its own name: bench/agent.py must not stand in for the `agent` package
        path = Path(__file__).resolve().parent / f"{BENCHMARKS[name]}.py"
        spec = importlib.util.spec_from_file_location(f"bench_{BENCHMARKS[name]}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rc = max(rc, module.main(["--quick"] if args.quick else []))
    return rc


if __name__ == "__main__":
    sys.exit(main())
