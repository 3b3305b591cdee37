"""Extract the tables of one PDF and use them: rows, Markdown, a DataFrame, a CSV file.

python examples/01_pdf_tables.py [--out out/01]
"""

import argparse
from pathlib import Path

from tools.pdf import extract_tables

SAMPLES = Path(__file__).parent / "samples"

ap = argparse.ArgumentParser()
ap.add_argument("--out", type=Path, default=Path("out/01"))
out = ap.parse_args().out
out.mkdir(parents=True, exist_ok=True)

doc = extract_tables(SAMPLES / "quarterly.pdf")
table = doc.tables[0]
print(
    f"{doc.path}: {len(doc.tables)} table(s); the first is {table.n_rows}×{table.n_cols} on page {table.page}, "
    f"{table.method}, confidence {table.confidence:.2f}"
)
print(table.to_markdown())

revenue = next(row for row in table.to_rows() if row[0] == "Revenue")
print("Revenue by quarter:", revenue[1:5])

(out / "quarterly.csv").write_text(table.to_csv(), encoding="utf-8")
table.to_dataframe().to_csv(out / "quarterly_dataframe.csv", index=False)
print(f"wrote {out / 'quarterly.csv'} and {out / 'quarterly_dataframe.csv'}")
