"""Run tilepilot's benchmarks: ``bench/run.py [NAME...] [--quick]`` (``make bench`` runs them all).

Each benchmark is a module in ``bench/`` with ``main(argv: list[str]) -> int``; register it in
``BENCHMARKS``. ``--quick`` is passed on: every benchmark takes it to mean "tilepilot only, a
fast run". For a benchmark's own options, run its module directly (``bench/pdf_tables.py -h``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

BENCHMARKS: dict[str, str] = {
    "pdf_tables": "pdf_tables",  # table extraction vs camelot, pdfplumber, PyMuPDF
    "grounding": "grounding",  # queries → elements on local pages in Chromium, DOM and OCR-only targets
    "service": "service",  # tilepilot serve vs in process: latency overhead, throughput, batching, tiling
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
        module = importlib.import_module(BENCHMARKS[name])
        rc = max(rc, module.main(["--quick"] if args.quick else []))
    return rc


if __name__ == "__main__":
    sys.exit(main())
