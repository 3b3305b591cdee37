"""Korean text comes through as text: find 매출액 and 영업이익 in a Korean financial summary.

python examples/02_korean_table.py [--out out/02]
"""

import argparse
import json
from pathlib import Path

from tools.pdf import extract_tables

SAMPLES = Path(__file__).parent / "samples"

ap = argparse.ArgumentParser()
ap.add_argument("--out", type=Path, default=Path("out/02"))
out = ap.parse_args().out
out.mkdir(parents=True, exist_ok=True)

table = extract_tables(SAMPLES / "korean.pdf").tables[0]
rows = {row[0]: row[1:] for row in table.to_rows()}
for item in ("매출액", "영업이익", "당기순이익"):
    print(f"{item}: {' → '.join(rows[item][:2])} ({rows[item][3]})")

summary = {item: rows[item] for item in ("매출액", "영업이익")}
(out / "korean_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
(out / "korean.md").write_text(table.to_markdown(), encoding="utf-8")
print(f"wrote {out / 'korean_summary.json'} and {out / 'korean.md'}")
