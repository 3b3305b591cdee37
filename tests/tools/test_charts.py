"""``extract_charts`` over real PDFs: vector and image-only charts, the batch, the CLI and the report.

The raster path runs end to end twice: with a scripted model behind the ``VisionModel`` protocol
(its table must come back as estimated values) and with a tiny random-weight model served by
``tilepilot serve`` (its text is noise: the plumbing and the status are asserted, not values).
"""

from __future__ import annotations

import io
import json
import logging
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from agent.cli import main
from bench.chart_gen import Spec
from perception.charts import DocumentCharts
from tests.scripted import ScriptedModel
from tools.pdf import (
    ChartFileResult,
    ChartsSection,
    extract_charts,
    extract_charts_async,
    extract_charts_batch,
    write_report,
)
from tools.pdf.report import Report

logging.getLogger("fontTools").setLevel(logging.ERROR)

STYLE = {"grid": True, "ticks": True, "legend_out": False, "spines": True, "fonttype": 42, "width_in": 5.0,
         "markers": True, "thousands": False}  # fmt: skip
BAR = Spec(id="bar", kind="bar", lang="en", title="Sales by region", x_title="", y_title="Sales",
           keys=["North", "South", "East"], xs=None, dates=None, series=[("Sales", [40.0, 25.5, 61.0])],
           legend=False, style=STYLE)  # fmt: skip
PIE = Spec(id="pie", kind="pie", lang="ko", title="사업부문별 비중", x_title="", y_title="", keys=["가전", "식품"],
           xs=None, dates=None, series=[("비중", [75.0, 25.0])], legend=True, style=STYLE)  # fmt: skip


DEEPSEEK = "deepseek-ai/deepseek-vl2-tiny"  # a scripted model under this id answers in its dialect


def _chart_png(spec: Spec) -> bytes:
    """``spec`` drawn by matplotlib as a PNG: a chart that is only pixels."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.bar(spec.keys, spec.series[0][1], color="#d62728")
    ax.set_title(spec.title, fontsize=16)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 1: a vector bar chart; page 2: text only; page 3: the same chart as an image; page 4: a pie."""
    from bench.chart_gen import _rl

    out = tmp_path_factory.mktemp("chart-doc")
    _rl.render(BAR, bar := out / "bar.pdf")
    _rl.render(PIE, pie := out / "pie.pdf")
    doc = pymupdf.open()
    with pymupdf.open(bar) as src:
        doc.new_page(width=src[0].rect.width + 40, height=src[0].rect.height + 40).show_pdf_page(
            pymupdf.Rect(20, 20, 20 + src[0].rect.width, 20 + src[0].rect.height), src, 0)  # fmt: skip
    doc.new_page().insert_text((72, 72), "No chart on this page, only text: 10 20 30.")
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(72, 72, 472, 372), stream=_chart_png(BAR))
    doc.insert_pdf(pymupdf.open(pie))
    doc.save(path := out / "report.pdf")
    return path


def test_vector_charts_come_back_exact_page_by_page(report_pdf: Path) -> None:
    seen: list[tuple[int, int, int]] = []
    doc = extract_charts(report_pdf, pages="1-2,4", on_page=lambda *a: seen.append(a))
    assert seen == [(1, 1, 3), (2, 2, 3), (4, 3, 3)]
    assert [(c.page, c.type) for c in doc.charts] == [(1, "bar"), (4, "pie")]
    bar, pie = doc.charts
    assert bar.series[0].to_dict() == {"North": 40.0, "South": 25.5, "East": 61.0}
    assert all(p.exact for p in bar.points) and bar.bbox.x0 >= 20  # placed on the page it was drawn on
    assert pie.series[0].to_dict() == pytest.approx({"가전": 75.0, "식품": 25.0})
    assert pie.title == "사업부문별 비중"
    assert DocumentCharts.model_validate_json(doc.to_json()) == doc


def test_an_image_only_chart_without_a_model_needs_one_and_has_no_numbers(report_pdf: Path) -> None:
    doc = extract_charts(report_pdf, pages=[3])
    (chart,) = doc.charts
    assert (chart.status, chart.source, chart.type) == ("needs_model", "raster", "bar")
    assert chart.points == [] and chart.text == ()
    assert 70 <= chart.bbox.x0 <= 74 and 370 <= chart.bbox.y1 <= 374
    assert any("vision-language model" in w for w in chart.warnings)


def test_an_image_only_chart_with_ocr_only_keeps_the_text_it_read(report_pdf: Path, cpu_model: Any) -> None:
    doc = extract_charts(report_pdf, pages=[3], model=cpu_model)  # the CPU backend reads text but cannot generate
    (chart,) = doc.charts
    assert chart.status == "needs_model" and chart.points == []
    assert any("Sales" in t for t in chart.text), chart.text
    assert any("cannot read the chart" in w for w in chart.warnings)


def test_a_scripted_model_reads_the_image_only_chart_as_estimated_values(report_pdf: Path) -> None:
    answer = "Here is the table:\n| Region | Sales |\n|---|---|\n| North | 40 |\n| South | 25.5 |\n| East | 1,061 |"
    model = ScriptedModel([answer], model_id=DEEPSEEK)
    doc = extract_charts(report_pdf, pages=[3], model=model)
    (chart,) = doc.charts
    (request,) = model.requests
    assert request.prompt.startswith("<image>\n") and "data table" in request.prompt
    assert len(request.images) == 1 and request.images[0].startswith(b"\x89PNG")
    assert (chart.status, chart.source, chart.model_id) == ("ok", "raster", model.model_id)
    assert chart.series[0].name == "Sales"
    assert chart.series[0].to_dict() == {"North": 40.0, "South": 25.5, "East": 1061.0}
    assert not any(p.exact for p in chart.points)


def test_a_model_answer_without_a_table_is_unreadable_not_invented(report_pdf: Path) -> None:
    doc = extract_charts(report_pdf, pages=[3], model=ScriptedModel(["I see a red bar chart."], model_id=DEEPSEEK))
    assert [(c.status, c.points) for c in doc.charts] == [("unreadable", [])]


@pytest.fixture(scope="module")
def tiny_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.model._service import ServiceProcess
    from tests.model.conftest import TINY_MAX_NEW_TOKENS, TinyModels

    folder = TinyModels(tmp_path_factory.mktemp("tiny")).folder("deepseek_vl")
    service = ServiceProcess(["--backend", "transformers", "--model", str(folder), "--device", "cpu", "--threads",
                              "1", "--max-new-tokens", str(TINY_MAX_NEW_TOKENS), "--min-new-tokens",
                              str(TINY_MAX_NEW_TOKENS)]).wait()  # fmt: skip
    yield service
    assert service.stop(signal.SIGTERM) == 0, service.stderr


@pytest.mark.slow
async def test_a_tiny_model_through_the_service_answers_for_the_raster_chart(
    report_pdf: Path, tiny_service: Any
) -> None:
    from model.client import ModelClient

    async with await ModelClient.connect(tiny_service.url) as client:
        doc = await extract_charts_async(report_pdf, pages=[3], model=client, dialect="deepseek")
        (chart,) = doc.charts
        assert chart.source == "raster" and chart.model_id == client.model_id
        assert chart.status in ("ok", "unreadable")  # random weights: a table only by chance
        assert not any(p.exact for p in chart.points)


def test_the_batch_writes_each_chart_and_resumes(report_pdf: Path, tmp_path: Path) -> None:
    events: list[str] = []
    out = tmp_path / "out"
    report = extract_charts_batch([report_pdf, tmp_path / "missing.pdf"], out_dir=out, formats="csv,md,json",
                                  on_event=lambda e: events.append(e.kind))  # fmt: skip
    ok, failed = report.files
    assert isinstance(ok, ChartFileResult) and (ok.status, ok.charts, ok.pages) == ("ok", 3, 4)
    assert failed.status == "failed" and failed.error is not None and failed.error.type == "CorruptDocument"
    folder = out / "report"
    assert (folder / "chart-1.csv").read_text() == ",Sales\nNorth,40\nSouth,25.5\nEast,61\n"
    assert (folder / "chart-2.md").is_file() and (folder / "chart-3.csv").is_file()
    saved = DocumentCharts.model_validate_json((folder / "charts.json").read_bytes())
    assert [c.status for c in saved.charts] == ["ok", "needs_model", "ok"]
    assert events[0] == "batch_started" and "page_done" in events and events.count("file_failed") == 1
    again = extract_charts_batch([report_pdf], out_dir=out, formats="csv,md,json")
    assert again.files[0].status == "skipped" and isinstance(again.files[0], ChartFileResult)
    assert again.files[0].charts == 3


def test_the_cli_writes_charts_and_a_report(
    report_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli"
    rc = main(["charts", str(report_pdf), "--out", str(out), "--pages", "1,4", "--report", str(out / "report.html")])
    assert rc == 0
    printed = capsys.readouterr().out
    assert "2 charts" in printed and "1 ok" in printed
    assert json.loads((out / "report" / "charts.json").read_text())["pages"][0]["charts"][0]["type"] == "bar"
    page = (out / "report.html").read_text()
    assert page.count("<svg") == 2 and "<b>61</b>" in page and "data:image/png;base64," in page
    assert main(["charts", str(report_pdf), "--out", str(out), "--format", "xml"]) == 2


def test_the_report_section_replots_each_chart_beside_its_page(report_pdf: Path, tmp_path: Path) -> None:
    doc = extract_charts(report_pdf)
    html_text = Report().add(ChartsSection([doc])).to_html()
    assert html_text.count('<div class="tp-page">') == 3  # pages 1, 3 and 4
    assert html_text.count("<svg") == 2  # the image-only chart has no values to re-plot
    assert "needs_model" in html_text and "<b>25.5</b>" in html_text and "가전" in html_text
    written = write_report([], tmp_path / "r.html", charts=[doc])
    assert "PDF charts" in written.read_text()


def test_the_dialects_read_tables_in_the_forms_models_write() -> None:
    from model.dialects import deepseek, get, read_table, varco

    assert get("deepseek").chart_prompt is not None and get("varco").chart_prompt is not None
    md = "| Year | A | B |\n|:--|--:|--:|\n| 2020 | 1 | 2 |\n| 2021 | 3 |<｜end▁of▁sentence｜>"
    parsed = deepseek.parse_table(md)
    assert parsed.rows == (("Year", "A", "B"), ("2020", "1", "2"), ("2021", "3", ""))
    assert parsed.warnings == ("row 3 has 2 cells, the header 3: padded",)
    linear = read_table("TITLE | Sales <0x0A> Month | Sales <0x0A> Jan | 5 <0x0A> Feb | 7")
    assert (linear.title, linear.rows) == ("Sales", (("Month", "Sales"), ("Jan", "5"), ("Feb", "7")))
    assert varco.parse_table("<obj>chart</obj>\nx,y\na,1\nb,2").rows == (("x", "y"), ("a", "1"), ("b", "2"))
    assert read_table("No table here, sorry.").rows == ()


def test_the_report_replots_a_right_hand_series_on_its_own_scale(tmp_path: Path) -> None:
    """A line read on a secondary axis is drawn against its own range, not squashed onto the left one's."""
    import re

    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(4), [10.0, 14.0, 12.0, 18.0], color="#1f77b4", marker="o", label="Units")
    ax.set_xticks(range(4), ["Q1", "Q2", "Q3", "Q4"])
    twin = ax.twinx()
    twin.plot(range(4), [52000.0, 41000.0, 60000.0, 47000.0], color="#d62728", marker="o", label="Revenue")
    twin.tick_params(axis="y", colors="#d62728")
    fig.savefig(path := tmp_path / "twin.pdf")
    plt.close(fig)
    doc = extract_charts(path)
    chart = max(doc.charts, key=lambda c: len(c.points))
    assert [s.value_axis for s in chart.series] == ["primary", "secondary"]
    svg = Report().add(ChartsSection([doc])).to_html()
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    spans = [max(ys) - min(ys) for ys in ([float(p.split(",")[1]) for p in pts.split()] for pts in lines)]
    assert len(spans) == 2 and min(spans) > 0.5 * max(spans), spans  # both lines use the plot's height
    assert "(right)" in svg
