"""Rebuild the sample PDFs in ``examples/samples/``: born-digital documents with known tables.

Each file holds tables of one kind that table extraction has to cope with:

- ``quarterly.pdf``  a ruled (full grid) table of quarterly figures, with body text around it
- ``borderless.pdf`` a table aligned by whitespace only, no rules at all
- ``shipments.pdf``  horizontal rules only with a shaded header, continued onto a second page
  (the header repeated there), dates and decimals that carry punctuation
- ``korean.pdf``     a Korean financial summary (매출액, 영업이익 …) in NanumGothic, ruled
- ``figures.pdf``    two vector charts drawn as paths: grouped bars by region (with a legend) and a
  Korean line chart with negative values (영업이익, 억원); their values are exact in the drawing
- ``scanned.pdf``    the quarterly table as a 150-dpi picture turned by 0.4° with no text layer,
  as a scanner makes it: only OCR can read it

The data is fixed (seeded), and the files are written reproducibly, so rebuilding gives the same
tables. Usage::

    python examples/make_samples.py            # writes examples/samples/*.pdf
    python examples/make_samples.py --out DIR
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pymupdf

NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
A4 = (595.0, 842.0)
MARGIN = 56.0
GREY = (0.35, 0.35, 0.35)
SHADE = (0.86, 0.89, 0.93)
Rules = Literal["grid", "none", "hrules"]
Align = Literal["l", "r", "c"]


@dataclass(frozen=True)
class Font:
    """A font for both drawing and measuring text."""

    name: str  # the name inside the PDF page resources
    regular: pymupdf.Font
    bold_name: str
    bold: pymupdf.Font
    file: Path | None = None
    fake_bold: bool = False

    def install(self, page: pymupdf.Page) -> None:
        if self.file is not None:
            page.insert_font(fontname=self.name, fontfile=str(self.file))


HELV = Font("helv", pymupdf.Font("helv"), "hebo", pymupdf.Font("hebo"))


def nanum() -> Font:
    if not NANUM.exists():
        raise SystemExit(f"{NANUM} is missing: install fonts-nanum (apt) to build korean.pdf")
    regular = pymupdf.Font(fontfile=str(NANUM))
    # Bold is drawn by stroking the regular outlines: a second embedded CJK font would push the file
    # past 100 KB (each carries a ToUnicode map of the whole font).
    return Font("nanum", regular, "nanum", regular, NANUM, fake_bold=True)


def text(
    page: pymupdf.Page,
    x: float,
    y: float,
    s: str,
    font: Font,
    size: float,
    *,
    bold: bool = False,
    align: Align = "l",
    width: float = 0.0,
    color: tuple[float, float, float] = (0, 0, 0),
) -> None:
    """Write ``s`` with its baseline at ``y``; ``align`` places it inside ``[x, x + width]``."""
    f = font.bold if bold else font.regular
    w = f.text_length(s, fontsize=size)
    if align == "r":
        x = x + width - w
    elif align == "c":
        x = x + (width - w) / 2
    if bold and font.fake_bold:
        page.insert_text(
            (x, y), s, fontname=font.name, fontsize=size, color=color, fill=color, render_mode=2, border_width=0.035
        )
    else:
        page.insert_text((x, y), s, fontname=font.bold_name if bold else font.name, fontsize=size, color=color)


def paragraph(page: pymupdf.Page, y: float, s: str, font: Font, size: float = 9.5) -> float:
    """Write ``s`` wrapped to the text column from ``y``; returns the y below it."""
    words, line, lines = s.split(), "", []
    width = A4[0] - 2 * MARGIN
    for w in words:
        probe = f"{line} {w}".strip()
        if font.regular.text_length(probe, fontsize=size) > width and line:
            lines.append(line)
            line = w
        else:
            line = probe
    lines.append(line)
    for ln in lines:
        y += size * 1.45
        text(page, MARGIN, y, ln, font, size)
    return y + size * 0.8


def table(
    page: pymupdf.Page,
    top: float,
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    *,
    font: Font,
    size: float = 9.0,
    rules: Rules,
    header_rows: int = 1,
    shade_header: bool = False,
    align: Sequence[Align] = (),
    row_h: float = 17.0,
    bold_rows: Sequence[int] = (),
    x0: float = MARGIN,
) -> float:
    """Draw ``rows`` at ``top`` with columns ``widths``; returns the y of the table's bottom edge."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top + i * row_h for i in range(len(rows) + 1)]
    if shade_header:
        page.draw_rect(pymupdf.Rect(xs[0], ys[0], xs[-1], ys[header_rows]), color=None, fill=SHADE)
    pad = 4.0
    for i, row in enumerate(rows):
        baseline = ys[i] + row_h / 2 + size * 0.35
        for j, cell in enumerate(row):
            a: Align = align[j] if j < len(align) else "l"
            text(
                page,
                xs[j] + pad,
                baseline,
                cell,
                font,
                size,
                bold=i < header_rows or i in bold_rows,
                align=a,
                width=xs[j + 1] - xs[j] - 2 * pad,
            )
    if rules == "grid":
        for y in ys:
            page.draw_line((xs[0], y), (xs[-1], y), color=(0, 0, 0), width=0.6)
        for x in xs:
            page.draw_line((x, ys[0]), (x, ys[-1]), color=(0, 0, 0), width=0.6)
    elif rules == "hrules":  # booktabs: heavy top and bottom rules, a mid rule, hairlines between rows
        page.draw_line((xs[0], ys[0]), (xs[-1], ys[0]), color=(0, 0, 0), width=1.2)
        page.draw_line((xs[0], ys[header_rows]), (xs[-1], ys[header_rows]), color=(0, 0, 0), width=0.7)
        for y in ys[header_rows + 1 : -1]:
            page.draw_line((xs[0], y), (xs[-1], y), color=(0.7, 0.7, 0.7), width=0.3)
        page.draw_line((xs[0], ys[-1]), (xs[-1], ys[-1]), color=(0, 0, 0), width=1.2)
    return ys[-1]


def new_page(doc: pymupdf.Document, font: Font, footer: str) -> pymupdf.Page:
    page = doc.new_page(width=A4[0], height=A4[1])
    font.install(page)
    if font is not HELV:
        HELV.install(page)
    text(page, MARGIN, A4[1] - 30, footer, font, 7.5, color=GREY)
    text(page, MARGIN, A4[1] - 30, f"{page.number + 1}", HELV, 7.5, align="r", width=A4[0] - 2 * MARGIN, color=GREY)
    return page


def fmt(v: float, decimals: int = 0) -> str:
    s = f"{abs(v):,.{decimals}f}"
    return f"({s})" if v < 0 else s


def quarterly(path: Path) -> None:
    doc = pymupdf.open()
    page = new_page(doc, HELV, "Northwind Components Ltd. · Interim report Q4 FY2025 · unaudited")
    text(page, MARGIN, 80, "Northwind Components Ltd.", HELV, 18, bold=True)
    text(page, MARGIN, 100, "Interim report for the fourth quarter of fiscal year 2025", HELV, 11, color=GREY)
    y = paragraph(
        page,
        112,
        (
            "Revenue grew in every quarter of fiscal 2025, led by the industrial sensors segment. Gross margin "
            "improved by 2.1 points over the year as the new Ostrava plant reached full utilisation. Operating "
            "expenses include a one-off restructuring charge of USD 1.8 million in the third quarter."
        ),
        HELV,
    )
    text(page, MARGIN, y + 14, "Table 1. Consolidated income statement (USD thousands)", HELV, 9.5, bold=True)
    revenue = [18_240.0, 19_875.0, 21_310.0, 23_460.0]
    cogs = [-11_493.0, -12_320.0, -12_999.0, -14_000.0]
    opex = [-4_102.0, -4_250.0, -6_130.0, -4_690.0]
    tax = [-650.0, -810.0, -540.0, -1_170.0]
    gross = [r + c for r, c in zip(revenue, cogs, strict=True)]
    op = [g + o for g, o in zip(gross, opex, strict=True)]
    net = [o + t for o, t in zip(op, tax, strict=True)]
    lines = [
        ("Revenue", revenue),
        ("Cost of sales", cogs),
        ("Gross profit", gross),
        ("Operating expenses", opex),
        ("Operating income", op),
        ("Income tax", tax),
        ("Net income", net),
    ]
    rows = [["", "Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025", "FY 2025"]]
    rows += [[name, *(fmt(v) for v in vals), fmt(sum(vals))] for name, vals in lines]
    margin = [100 * g / r for g, r in zip(gross, revenue, strict=True)]
    rows.append(["Gross margin (%)", *(f"{m:.1f}" for m in margin), f"{100 * sum(gross) / sum(revenue):.1f}"])
    bottom = table(
        page,
        y + 22,
        [133, 70, 70, 70, 70, 70],
        rows,
        font=HELV,
        rules="grid",
        align=["l", "r", "r", "r", "r", "r"],
        bold_rows=[3, 5, 7],
    )
    y = paragraph(
        page,
        bottom + 6,
        (
            "Figures in parentheses are negative. Quarterly figures are unaudited; the full-year figures are "
            "subject to the annual audit, which the board expects to conclude in March 2026."
        ),
        HELV,
        8,
    )
    y = paragraph(
        page,
        y + 10,
        (
            "Outlook. For fiscal 2026 the company expects revenue between USD 92 and 98 million and an operating "
            "margin of 12 to 14 percent, assuming stable input prices and no further restructuring."
        ),
        HELV,
    )
    _save(doc, path, "Quarterly results FY2025")


def borderless(path: Path) -> None:
    doc = pymupdf.open()
    page = new_page(doc, HELV, "Harbor Outfitters · Sales review 2025 · internal")
    text(page, MARGIN, 80, "Sales review 2025", HELV, 18, bold=True)
    y = paragraph(
        page,
        92,
        (
            "The table below splits net sales by region and channel. Online sales grew fastest in every region; "
            "wholesale declined in the North as two distributors were replaced. Amounts are in EUR thousands; "
            "change is against 2024."
        ),
        HELV,
    )
    rng = random.Random(2025)
    regions = ["North", "South", "East", "West", "Central", "Islands", "Export (EU)", "Export (other)"]
    rows = [["Region", "Stores", "Online", "Wholesale", "Total", "Change"]]
    for name in regions:
        s, o, w = rng.randint(900, 4800), rng.randint(400, 3100), rng.randint(100, 2200)
        rows.append([name, f"{s:,}", f"{o:,}", f"{w:,}", f"{s + o + w:,}", f"{rng.uniform(-6, 14):+.1f}%"])
    totals = [sum(int(r[j].replace(",", "")) for r in rows[1:]) for j in (1, 2, 3, 4)]
    rows.append(["All regions", *(f"{t:,}" for t in totals), "+6.3%"])
    bottom = table(
        page,
        y + 16,
        [120, 72, 72, 72, 72, 64],
        rows,
        font=HELV,
        rules="none",
        row_h=16,
        align=["l", "r", "r", "r", "r", "r"],
        bold_rows=[len(rows) - 1],
    )
    y = paragraph(
        page,
        bottom + 10,
        (
            "Store sales include the three outlet stores opened in May. Export figures are shown by destination "
            "of the goods, not by the seat of the customer. The East region includes the new Brno flagship."
        ),
        HELV,
    )
    y = paragraph(
        page,
        y + 6,
        (
            "Next steps: the board approved a second distribution centre in the South for 2026, which should "
            "shorten delivery times for online orders to two working days."
        ),
        HELV,
    )
    _save(doc, path, "Sales review 2025")


def shipments(path: Path) -> None:
    doc = pymupdf.open()
    rng = random.Random(1010)
    customers = [
        "Baltic Tools AS",
        "Cortex Medical",
        "Delta Marine",
        "Everfresh Foods",
        "Fjord Energy",
        "Granite & Co.",
        "Helio Labs",
        "Iberia Retail S.L.",
    ]
    cities = ["Rotterdam", "Gdansk", "Hamburg", "Antwerp", "Le Havre", "Bilbao", "Gothenburg", "Genoa"]
    header = ["Date", "Order", "Customer", "Destination", "Units", "Weight (kg)", "Value (USD)"]
    data = []
    for i in range(54):
        units = rng.randint(5, 480)
        data.append(
            [
                f"2025-10-{1 + i * 30 // 54:02d}",
                f"SO-{48210 + i * 7}",
                rng.choice(customers),
                rng.choice(cities),
                f"{units:,}",
                f"{units * rng.uniform(1.2, 9.5):,.1f}",
                f"{units * rng.uniform(14, 160):,.2f}",
            ]
        )
    total_units = sum(int(r[4].replace(",", "")) for r in data)
    total_kg = sum(float(r[5].replace(",", "")) for r in data)
    total_usd = sum(float(r[6].replace(",", "")) for r in data)
    widths = [62, 56, 104, 70, 44, 70, 77]
    align: list[Align] = ["l", "l", "l", "l", "r", "r", "r"]
    first, rest = data[:38], data[38:]

    page = new_page(doc, HELV, "Lindqvist Logistics · Shipment log October 2025")
    text(page, MARGIN, 80, "Shipment log, October 2025", HELV, 18, bold=True)
    y = paragraph(
        page,
        92,
        (
            "All outbound sea-freight shipments booked in October. Weights are gross weights as declared on the "
            "bill of lading; values are invoice values before freight and insurance."
        ),
        HELV,
    )
    text(page, MARGIN, y + 14, "Table 3. Outbound shipments", HELV, 9.5, bold=True)
    table(
        page,
        y + 22,
        widths,
        [header, *first],
        font=HELV,
        size=8.5,
        rules="hrules",
        shade_header=True,
        align=align,
        row_h=16,
    )

    page = new_page(doc, HELV, "Lindqvist Logistics · Shipment log October 2025")
    text(page, MARGIN, 70, "Table 3. Outbound shipments (continued)", HELV, 9.5, bold=True)
    total = ["Total", "", "", "", f"{total_units:,}", f"{total_kg:,.1f}", f"{total_usd:,.2f}"]
    bottom = table(
        page,
        78,
        widths,
        [header, *rest, total],
        font=HELV,
        size=8.5,
        rules="hrules",
        shade_header=True,
        align=align,
        row_h=16,
        bold_rows=[len(rest) + 1],
    )
    paragraph(
        page,
        bottom + 8,
        (
            "Shipments SO-48238 and SO-48301 were consolidated into one container; their weights are shown "
            "separately as declared."
        ),
        HELV,
        8,
    )
    _save(doc, path, "Shipment log October 2025")


def korean(path: Path) -> None:
    font = nanum()
    doc = pymupdf.open()
    page = new_page(doc, font, "한빛전자 주식회사 | 2025년 3분기 실적 발표")
    text(page, MARGIN, 80, "2025년 3분기 연결 실적 요약", font, 17, bold=True)
    y = paragraph(
        page,
        92,
        (
            "당사의 2025년 3분기 연결 기준 매출액은 전년 동기 대비 12.4% 증가하였으며, 반도체 부품 부문의 수요 회복과 "
            "원가 절감 효과로 영업이익률이 개선되었습니다. 아래 표의 금액 단위는 백만원입니다."
        ),
        font,
    )
    text(page, MARGIN, y + 14, "표 1. 요약 연결 손익계산서", font, 9.5, bold=True)
    text(page, MARGIN, y + 14, "(단위: 백만원, %)", font, 8.5, align="r", width=A4[0] - 2 * MARGIN, color=GREY)
    items = [
        ("매출액", 412_350, 463_480),
        ("매출원가", 301_220, 328_910),
        ("매출총이익", 111_130, 134_570),
        ("판매비와관리비", 58_440, 61_020),
        ("영업이익", 52_690, 73_550),
        ("영업외손익", -3_120, 1_840),
        ("법인세비용차감전순이익", 49_570, 75_390),
        ("법인세비용", 10_900, 16_580),
        ("당기순이익", 38_670, 58_810),
    ]
    rows = [["구분", "2024년 3분기", "2025년 3분기", "증감", "증감률"]]
    for name, a, b in items:
        rows.append([name, f"{a:,}", f"{b:,}", f"{b - a:+,}", f"{100 * (b - a) / abs(a):+.1f}%"])
    rows.append(["영업이익률", "12.8%", "15.9%", "+3.1%p", "-"])
    bottom = table(
        page,
        y + 22,
        [140, 88, 88, 80, 68],
        rows,
        font=font,
        rules="grid",
        shade_header=True,
        align=["l", "r", "r", "r", "r"],
        row_h=18,
        bold_rows=[5, 9],
    )
    paragraph(
        page,
        bottom + 8,
        (
            "주: 한국채택국제회계기준(K-IFRS)에 따라 작성된 연결 재무제표 기준이며, 외부감사인의 검토가 완료되지 않은 "
            "수치로 향후 변경될 수 있습니다."
        ),
        font,
        8,
    )
    _save(doc, path, "2025년 3분기 실적 요약")


def _axes(
    page: pymupdf.Page, box: pymupdf.Rect, ticks: Sequence[float], font: Font, *, unit: str = ""
) -> Callable[[float], float]:
    """Draw a value axis with grid lines at ``ticks`` inside ``box``; returns value → y."""
    lo, hi = ticks[0], ticks[-1]

    def y_of(v: float) -> float:
        return box.y1 - (v - lo) / (hi - lo) * box.height

    for t in ticks:
        y = y_of(t)
        page.draw_line((box.x0, y), (box.x1, y), color=(0.85, 0.85, 0.85), width=0.4)
        page.draw_line((box.x0 - 3, y), (box.x0, y), color=(0, 0, 0), width=0.6)
        label = f"{t:,.0f}{unit}"
        text(page, box.x0 - 40, y + 2.5, label, font, 7, align="r", width=36)
    page.draw_line((box.x0, box.y0), (box.x0, box.y1), color=(0, 0, 0), width=0.7)
    return y_of


def figures(path: Path) -> None:
    doc = pymupdf.open()
    font = nanum()
    page = new_page(doc, font, "Sample charts · tilepilot examples")
    text(page, MARGIN, 70, "Revenue by region, 2024 (USD thousands)", HELV, 12, bold=True)
    box = pymupdf.Rect(MARGIN + 50, 100, A4[0] - MARGIN - 10, 300)
    y_of = _axes(page, box, [0, 100, 200, 300, 400], HELV)
    quarters = ["Q1", "Q2", "Q3", "Q4"]
    series = {"North": ([182, 214, 251, 306], (0.18, 0.42, 0.71)), "South": ([143, 167, 198, 222], (0.93, 0.55, 0.2))}
    slot = box.width / len(quarters)
    bar = slot * 0.3
    for i, q in enumerate(quarters):
        x = box.x0 + i * slot + slot * 0.2
        for k, (values, colour) in enumerate(series.values()):
            page.draw_rect(pymupdf.Rect(x + k * bar, y_of(values[i]), x + (k + 1) * bar, box.y1), color=None,
                           fill=colour)  # fmt: skip
        text(page, box.x0 + i * slot, box.y1 + 12, q, HELV, 8, align="c", width=slot)
        page.draw_line((box.x0 + (i + 1) * slot, box.y1), (box.x0 + (i + 1) * slot, box.y1 + 3), color=(0, 0, 0),
                       width=0.6)  # fmt: skip
    page.draw_line((box.x0, box.y1), (box.x1, box.y1), color=(0, 0, 0), width=0.7)
    lx = box.x1 - 90
    for k, (name, (_, colour)) in enumerate(series.items()):
        page.draw_rect(pymupdf.Rect(lx, box.y0 + k * 14, lx + 9, box.y0 + k * 14 + 9), color=None, fill=colour)
        text(page, lx + 14, box.y0 + k * 14 + 8, name, HELV, 8)

    text(page, MARGIN, 360, "월별 영업이익 (억원)", font, 12, bold=True)
    box = pymupdf.Rect(MARGIN + 50, 390, A4[0] - MARGIN - 10, 590)
    y_of = _axes(page, box, [-20, 0, 20, 40, 60], font)
    months = ["1월", "2월", "3월", "4월", "5월", "6월"]
    values = [12, -8, 5, 27, 41, 36]
    step = box.width / (len(months) - 1)
    points = [pymupdf.Point(box.x0 + i * step, y_of(v)) for i, v in enumerate(values)]
    page.draw_polyline(points, color=(0.75, 0.15, 0.2), width=1.4)
    for i, m in enumerate(months):
        x = box.x0 + i * step
        page.draw_line((x, box.y1), (x, box.y1 + 3), color=(0, 0, 0), width=0.6)
        text(page, x - 20, box.y1 + 12, m, font, 8, align="c", width=40)
    page.draw_line((box.x0, box.y1), (box.x1, box.y1), color=(0, 0, 0), width=0.7)
    _save(doc, path, "Sample charts")


def scanned(path: Path) -> None:
    """``quarterly.pdf``'s first page as a scanner would return it: pixels only, slightly turned."""
    from PIL import Image

    source = path.parent / "quarterly.pdf"
    if not source.exists():
        quarterly(source)
    with pymupdf.open(source) as born:
        pix = born[0].get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    picture = Image.frombytes("L", (pix.width, pix.height), pix.samples)
    picture = picture.rotate(0.4, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    png = io.BytesIO()
    picture.save(png, "PNG", optimize=True)
    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_image(page.rect, stream=png.getvalue())
    _save(doc, path, "Quarterly results (scanned)")


def _save(doc: pymupdf.Document, path: Path, title: str) -> None:
    doc.set_metadata(
        {
            "title": title,
            "author": "tilepilot examples",
            "creator": "examples/make_samples.py",
            "producer": "PyMuPDF",
            "creationDate": "D:20251201000000Z",
            "modDate": "D:20251201000000Z",
        }
    )
    doc.subset_fonts()
    for page in doc:
        page.clean_contents()  # one content stream per page instead of one per insert_text call
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path, garbage=4, deflate=True, no_new_id=True)
    doc.close()


SAMPLES = {
    "quarterly.pdf": quarterly, "borderless.pdf": borderless, "shipments.pdf": shipments, "korean.pdf": korean,
    "figures.pdf": figures, "scanned.pdf": scanned,
}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "samples", help="folder for the PDFs")
    args = ap.parse_args(argv)
    for name, build in SAMPLES.items():
        build(args.out / name)
        print(f"{args.out / name}  {(args.out / name).stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
