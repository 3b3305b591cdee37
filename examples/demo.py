"""The demo behind ``make demo``: extract the tables of the sample PDFs and write a report.

For every PDF in ``examples/samples/`` (or ``--samples DIR``) the batch extractor writes, under
``--out DIR``::

    <pdf stem>/table-<k>.csv  table-<k>.md    one pair per table found
    <pdf stem>/tables.json                    every table of the file, typed (DocumentTables)
    report.html                               pages with the tables outlined, each table beside them

Run it with ``python examples/demo.py --out out`` and open ``out/report.html`` in a browser.
The exit code is 0 when every file was read, 1 when some failed (they are listed in the report).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from tools.pdf import extract_tables_batch
from tools.pdf.report import write_report

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
    report = write_report(batch.files, args.out / "report.html", title="tilepilot demo: tables of the sample PDFs")
    print(f"{batch.n_tables} tables in {batch.seconds:.1f} s; files in {args.out}/")
    print(f"report: {report} (open it in a browser)")
    return 0 if batch.all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
