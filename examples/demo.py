"""The demo behind ``make demo``: extract the tables of the sample PDFs and write a report.

For every PDF in ``examples/samples/`` (or ``--samples DIR``) the batch extractor writes, under
``--out DIR``::

    <pdf stem>/table-<k>.csv  table-<k>.md    one pair per table found
    <pdf stem>/tables.json                    every table of the file, typed (DocumentTables); a scanned
                                              page is read by OCR into the same table model
    charts/<pdf stem>/chart-<k>.csv           the data of each vector chart, and charts.json
    agent_en/, agent_ko/                      the English and Korean scripted agents' runs (traces, replay files)
    report.html                               pages with the tables outlined, each table beside them; pages
                                              with the charts outlined, each re-plotted from its data; then
                                              the agent runs: one card per step with its annotated screenshot

Run it with ``python examples/demo.py --out out`` and open ``out/report.html`` in a browser.
The exit code is 0 when every file was read, 1 when some failed (they are listed in the report).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from agent.report import RunsSection
from tools.pdf import ChartsSection, extract_charts_batch, extract_tables_batch
from tools.pdf.report import Report, TablesSection

SAMPLES = Path(__file__).parent / "samples"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Extract the tables of the sample PDFs and write out/report.html.")
    ap.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    ap.add_argument("--samples", type=Path, default=SAMPLES, help="folder of PDFs (default: examples/samples)")
    args = ap.parse_args(argv)

    if not sorted(args.samples.glob("*.pdf")):
        print(f"demo: no PDF in {args.samples} (rebuild them: python examples/make_samples.py)", file=sys.stderr)
        return 1
    batch = extract_tables_batch(args.samples, out_dir=args.out, formats="csv,json,md")
    for f in batch.files:
        detail = f"{f.tables} table(s), {f.pages} page(s)" if f.error is None else f"{f.error.type}: {f.error.reason}"
        print(f"{Path(f.path).name:<16} {f.status:<8} {detail}  ({f.seconds:.2f} s)")
    charts = extract_charts_batch(args.samples, out_dir=args.out / "charts", formats="csv,json")
    with_charts = [f for f in charts.files if f.charts]
    print(f"{sum(f.charts for f in charts.files)} charts in {len(with_charts)} file(s) ({charts.seconds:.2f} s)")
    agents_ok = run_agents(args.out)
    report = (
        Report(title="tilepilot demo: tables and charts of the sample PDFs, scripted agent runs")
        .add(TablesSection(batch.files))
        .add(ChartsSection(with_charts, title="Charts"))
        .add(RunsSection([args.out / "agent_en" / "runs", args.out / "agent_ko" / "runs"], title="Agent runs"))
        .save(args.out / "report.html")
    )
    print(f"{batch.n_tables} tables in {batch.seconds:.1f} s; files in {args.out}/")
    print(f"report: {report} (open it in a browser)")
    return 0 if batch.all_ok and charts.all_ok and agents_ok else 1


def run_agents(out: Path) -> bool:
    """Run the English and Korean scripted agents (``06_agent.py``, ``07_agent_ko.py``) into ``out/agent_en``
    and ``out/agent_ko`` on the example site; True when every run was verified."""
    import asyncio
    import importlib.util

    ok = True
    for script, folder in (("06_agent.py", "agent_en"), ("07_agent_ko.py", "agent_ko")):
        spec = importlib.util.spec_from_file_location(f"demo_{folder}", Path(__file__).parent / script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        (out / folder).mkdir(parents=True, exist_ok=True)
        summary = asyncio.run(module.run(out / folder))
        runs = summary["runs"].values()
        print(f"{script:<16} {sum(r['ok'] for r in runs)}/{len(runs)} agent runs verified")
        ok = ok and all(r["ok"] for r in runs)
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
