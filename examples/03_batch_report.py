"""Many PDFs at once, written to disk, then one self-contained HTML report with the tables outlined.

A file that is not a PDF does not stop the batch: it comes back as a failed record, and the report
lists it with its error.

    python examples/03_batch_report.py [--out out/03]
"""

import argparse
from pathlib import Path

from tools.pdf import extract_tables_batch
from tools.pdf.report import write_report

SAMPLES = Path(__file__).parent / "samples"

if __name__ == "__main__":  # the batch may start worker processes
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path("out/03"))
    out = ap.parse_args().out

    inputs = [SAMPLES / "quarterly.pdf", SAMPLES / "shipments.pdf", Path(__file__)]  # the last is no PDF
    batch = extract_tables_batch(inputs, out_dir=out, formats="csv,json")
    for f in batch.files:
        print(f.status, f.path, f"{f.tables} table(s)" if f.error is None else f.error.message)
    print("report:", write_report(batch.files, out / "report.html", dpi=96))
