"""Layout benchmark: region detection precision and recall on generated pages with known regions.

What is measured
    ``--pages`` (default 24) A4 pages are drawn with PyMuPDF from a seeded generator, so every
    region's box is known: a running header and footer, a title, paragraphs, a ruled table with
    its caption above, a vector bar chart (axes, bars, tick labels, legend) with its caption
    below; a third of the pages are in Korean (NanumGothic), and the order and sizes vary.
    ``perception.layout.detect_layout`` reads each page three ways:

    vector        the page's own evidence only (tables, drawing clusters, text blocks);
    vector+model  plus the CPU backend's layout model (rapid-layout CDLA) for what is left;
    model         the model alone on the rendered page (what a scanned page gets).

    A predicted region matches a true region of the same kind when their IoU is at least 0.5
    (greedy, best IoU first, one to one). Precision = matches / predicted, recall = matches /
    true, per kind and over all regions (micro average).

Usage
    bench/layout.py [--pages N] [--quick]     (--quick: vector only, no model)
Writes ``bench/results/layout.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
KINDS = ("table", "figure", "text", "title", "caption", "header", "footer")
NANUM = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
Box = tuple[float, float, float, float]

EN: dict[str, Any] = {
    "header": "Annual Report {y} | Operations review", "title": ["Quarterly results", "Regional overview",
    "Cost structure and outlook", "Market development"], "caption_t": "Table {n}: Revenue by segment ({y})",
    "caption_f": "Figure {n}: Sales by quarter", "footer": "Page {n}",
    "words": ["revenue", "growth", "margin", "segment", "region", "market", "customer", "demand", "supply", "cost", "quarter", "results", "operating", "income", "net", "sales", "volume", "price", "outlook", "strategy", "investment", "capacity"],
    "cols": ["Segment", "Q1", "Q2", "Q3", "Q4"], "rows": ["Retail", "Online", "Wholesale", "Services", "Other", "Total"],
}  # fmt: skip
KO: dict[str, Any] = {
    "header": "{y}년 사업보고서 | 경영 현황", "title": ["분기 실적", "지역별 현황", "비용 구조와 전망", "시장 동향"],
    "caption_t": "표 {n}. 부문별 매출 ({y}년)", "caption_f": "그림 {n}. 분기별 매출", "footer": "- {n} -",
    "words": ["매출", "성장", "이익", "부문", "지역", "시장", "고객", "수요", "공급", "비용", "분기", "실적", "영업", "순이익", "판매", "가격", "전망", "전략", "투자", "설비"],
    "cols": ["부문", "1분기", "2분기", "3분기", "4분기"], "rows": ["소매", "온라인", "도매", "서비스", "기타", "합계"],
}  # fmt: skip


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _text(page: Any, x: float, y: float, s: str, *, size: float, font: str) -> Box:
    """Draw one line at baseline ``y``; return its ink box (from the font's metrics)."""
    import pymupdf

    f = pymupdf.Font(fontfile=NANUM) if font == "nanum" else pymupdf.Font("helv")
    page.insert_text((x, y), s, fontsize=size, fontname=font, fontfile=NANUM if font == "nanum" else None)
    w = f.text_length(s, fontsize=size)
    return (x, y - f.ascender * size, x + w, y - f.descender * size)


def draw_page(doc: Any, rng: random.Random, n: int, *, korean: bool) -> list[tuple[str, Box]]:
    """One generated page; returns its true regions ``(kind, box)``."""
    lang = KO if korean else EN
    font = "nanum" if korean else "helv"
    page = doc.new_page(width=595, height=842)
    truth: list[tuple[str, Box]] = []
    year = rng.choice([2021, 2022, 2023, 2024])
    left, right = rng.uniform(56, 80), 595 - rng.uniform(56, 80)
    truth.append(("header", _text(page, left, 34, lang["header"].format(y=year), size=8, font=font)))
    y = rng.uniform(80, 110)
    truth.append(("title", _text(page, left, y, rng.choice(lang["title"]), size=rng.choice([18, 20, 22]), font=font)))
    y += 22
    blocks = ["text", "table", "text", "figure"] if rng.random() < 0.5 else ["text", "figure", "text", "table"]
    if rng.random() < 0.5:
        blocks.append("text")
    for kind in blocks:
        if kind == "text":
            n_lines = rng.randint(2, 5)
            lines = []
            size = rng.choice([9.5, 10, 11])
            for _ in range(n_lines):
                words, line = lang["words"], ""
                while True:
                    word = rng.choice(words)
                    cand = (line + " " + word).strip()
                    if pymupdf_len(cand, size, font) > right - left:
                        break
                    line = cand
                y += size * 1.35
                lines.append(_text(page, left, y, line, size=size, font=font))
            truth.append(("text", _union(lines)))
            y += 18
        elif kind == "table":
            cap = _text(page, left, y + 10, lang["caption_t"].format(n=n, y=year), size=9, font=font)
            truth.append(("caption", cap))
            y += 18
            n_rows = rng.randint(4, 6)
            cols = lang["cols"][: rng.randint(3, 5)]
            width = rng.uniform(0.6, 1.0) * (right - left)
            cw, rh = width / len(cols), rng.choice([16, 18, 20])
            x0, y0 = left, y
            for i in range(n_rows + 1):
                for j, c in enumerate(cols):
                    r = (x0 + j * cw, y0 + i * rh, x0 + (j + 1) * cw, y0 + (i + 1) * rh)
                    page.draw_rect(r, color=(0, 0, 0), width=0.6)
                    label = c if i == 0 else (lang["rows"][(i - 1) % len(lang["rows"])] if j == 0 else
                                              f"{rng.randint(10, 9999):,}")  # fmt: skip
                    _text(page, r[0] + 4, r[3] - 5, label, size=9, font=font)
            truth.append(("table", (x0, y0, x0 + width, y0 + (n_rows + 1) * rh)))
            y = y0 + (n_rows + 1) * rh + 22
        else:
            w, h = rng.uniform(240, right - left - 40), rng.uniform(150, 210)
            x0, y0 = left + 30, y + 8
            parts: list[Box] = []
            page.draw_line((x0, y0 + h), (x0 + w, y0 + h), color=(0, 0, 0), width=0.8)
            page.draw_line((x0, y0), (x0, y0 + h), color=(0, 0, 0), width=0.8)
            parts.append((x0, y0, x0 + w, y0 + h))
            n_bars = rng.randint(3, 6)
            top = 100
            for k in range(5):
                ty = y0 + h - k * h / 4
                page.draw_line((x0 - 4, ty), (x0, ty), color=(0, 0, 0), width=0.6)
                parts.append(_text(page, x0 - 26, ty + 3, str(k * top // 4), size=7, font="helv"))
            slot = w / n_bars
            for k in range(n_bars):
                bh = rng.uniform(0.15, 0.95) * h
                bx = x0 + k * slot + slot * 0.2
                page.draw_rect((bx, y0 + h - bh, bx + slot * 0.6, y0 + h), color=None, fill=(0.2, 0.4, 0.7))
                parts.append(_text(page, bx, y0 + h + 11, f"Q{k + 1}", size=7, font="helv"))
            truth.append(("figure", _union(parts)))
            y = y0 + h + 16
            truth.append(("caption", _text(page, left, y + 10, lang["caption_f"].format(n=n), size=9, font=font)))
            y += 28
        if y > 760:
            break
    truth.append(("footer", _text(page, 595 / 2 - 10, 842 - 28, lang["footer"].format(n=n), size=8, font=font)))
    return truth


_FONTS: dict[str, Any] = {}


def pymupdf_len(s: str, size: float, font: str) -> float:
    import pymupdf

    if font not in _FONTS:
        _FONTS[font] = pymupdf.Font(fontfile=NANUM) if font == "nanum" else pymupdf.Font("helv")
    return float(_FONTS[font].text_length(s, fontsize=size))


def iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def match(
    pred: list[tuple[str, Box]], truth: list[tuple[str, Box]], *, threshold: float = 0.5
) -> list[tuple[int, int]]:
    """One-to-one matches (pred index, truth index) of the same kind with IoU >= ``threshold``."""
    pairs = sorted(((iou(p[1], t[1]), i, j) for i, p in enumerate(pred) for j, t in enumerate(truth) if p[0] == t[0]),
                   reverse=True)  # fmt: skip
    used_p: set[int] = set()
    used_t: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score < threshold or i in used_p or j in used_t:
            continue
        used_p.add(i)
        used_t.add(j)
        out.append((i, j))
    return out


def _score(results: list[tuple[list[tuple[str, Box]], list[tuple[str, Box]]]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in (*KINDS, "all"):
        tp = n_pred = n_true = 0
        for pred, truth in results:
            p = [r for r in pred if kind in ("all", r[0])]
            t = [r for r in truth if kind in ("all", r[0])]
            tp += len(match(p, t))
            n_pred += len(p)
            n_true += len(t)
        out[kind] = {"precision": tp / n_pred if n_pred else None, "recall": tp / n_true if n_true else None,
                     "n_pred": n_pred, "n_true": n_true, "matched": tp}  # fmt: skip
    return out


async def _run(pages: int, quick: bool, seed: int) -> dict[str, Any]:
    import pymupdf

    from perception.layout import detect_layout

    rng = random.Random(seed)
    doc = pymupdf.open()
    truths = [draw_page(doc, rng, n + 1, korean=n % 3 == 2) for n in range(pages)]
    model = None
    if not quick:
        from model.cpu import CpuBackend

        model = CpuBackend()
    modes = {"vector": (True, False)} if quick else {"vector": (True, False), "vector+model": (True, True),
                                                       "model": (False, True)}  # fmt: skip
    summary: dict[str, Any] = {}
    for name, (vector, use_model) in modes.items():
        results = []
        t0 = time.perf_counter()
        for n, truth in enumerate(truths):
            layout = await detect_layout(doc[n], page_number=n + 1, model=model if use_model else None, vector=vector)
            pred: list[tuple[str, Box]] = [(r.kind, r.bbox.as_tuple()) for r in layout.regions]
            results.append((pred, truth))
        wall = time.perf_counter() - t0
        summary[name] = {"pages": pages, "pages_per_s": pages / wall if wall else None, **_score(results)}
    return summary


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    p.add_argument("--pages", type=int, default=24)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--quick", action="store_true", help="vector evidence only (no layout model)")
    args = p.parse_args(argv)
    summary = asyncio.run(_run(args.pages, args.quick, args.seed))
    print(f"{'mode':<13} " + " ".join(f"{k:>15}" for k in (*KINDS, "all")) + f" {'pages/s':>8}")
    for mode, s in summary.items():
        cells = []
        for k in (*KINDS, "all"):
            pr, rc = s[k]["precision"], s[k]["recall"]
            cells.append(f"{'—' if pr is None else f'{pr:.2f}'}/{'—' if rc is None else f'{rc:.2f}'}".rjust(15))
        print(f"{mode:<13} " + " ".join(cells) + f" {s['pages_per_s']:8.2f}")
    print("cells are precision/recall at IoU >= 0.5")
    RESULTS.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or by bench/run.py
    import _common

    info = _common.run_info(sys.argv[1:] if argv is None else argv, pages=args.pages, seed=args.seed)
    (RESULTS / "layout.json").write_text(json.dumps({"run": info, "modes": summary}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
