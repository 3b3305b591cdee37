"""Charts that are only pixels: a vision model's data table, or the region, a type guess and its text.

With a generative :class:`~model.protocol.VisionModel`, the chart image is sent with the family's
chart prompt (:attr:`model.dialects.Dialect.chart_prompt`) and the answer's table is parsed into the
chart model; every value is ``estimated`` (a model reads pixels, it does not measure them). Without
one, or when the model cannot generate, the chart comes back with ``status="needs_model"``: its
region, a type guessed from the colour blobs of the image, and the text an OCR model read, and no
values, so nothing is invented.
"""

from __future__ import annotations

import io
import logging

from model.dialects import CHART_PROMPT, DIALECTS, IMAGE, ParsedTable, read_table
from model.errors import ModelError
from model.protocol import GenerateRequest, VisionModel
from perception.charts._model import Chart, ChartAxis, ChartPoint, ChartSeries, ChartType
from perception.charts._primitives import parse_date, parse_number
from perception.types import BBox

__all__ = ["guess_type", "read_raster_chart", "table_to_chart"]

logger = logging.getLogger(__name__)

_GUESS = (  # model id fragment → dialect with a chart prompt
    ("deepseek", "deepseek"),
    ("varco", "varco"),
    ("llava", "varco"),
)


def _dialect_of(model: VisionModel, dialect: str | None) -> tuple[str, str, object]:
    """``(name, prompt, parser)`` for ``model``: the named dialect, else one guessed from the model id."""
    name = dialect
    if name is None:
        low = model.model_id.lower()
        name = next((d for frag, d in _GUESS if frag in low), None)
    d = DIALECTS.get(name or "")
    if d is not None and d.chart_prompt is not None and d.parse_table is not None:
        return d.name, d.chart_prompt, d.parse_table
    return name or "generic", f"{IMAGE}\n{CHART_PROMPT}", read_table


async def read_raster_chart(
    image: bytes,
    *,
    page: int,
    bbox: BBox,
    model: VisionModel | None = None,
    ocr: VisionModel | None = None,
    dialect: str | None = None,
    max_new_tokens: int = 1024,
) -> Chart:
    """Read the chart in ``image`` (PNG bytes of the region ``bbox`` of page ``page``).

    ``model`` answers the chart prompt of ``dialect`` (default: guessed from ``model.model_id``,
    else a generic prompt); its table becomes the series, all values ``estimated``. When there is
    no model, or it raises :class:`~model.errors.ModelError` (it cannot generate), the chart has
    ``status="needs_model"``, a guessed ``type`` and the ``text`` that ``ocr`` (any model with
    ``ocr()``; ``model`` when it has one) read. An answer without a table gives
    ``status="unreadable"``.

    >>> chart = asyncio.run(read_raster_chart(png, page=1, bbox=box))  # doctest: +SKIP
    >>> chart.status, chart.points  # doctest: +SKIP
    ('needs_model', [])
    """
    guess = guess_type(image)
    warnings: list[str] = []
    if model is not None:
        name, prompt, parse = _dialect_of(model, dialect)
        try:
            answer = await model.generate(
                GenerateRequest(prompt=prompt, images=(image,), max_new_tokens=max_new_tokens)
            )
        except ModelError as exc:
            warnings.append(f"the model cannot read the chart ({exc})")
            logger.info("page %d: raster chart left for a model: %s", page, exc)
        else:
            table = parse(answer.text)  # type: ignore[operator]
            assert isinstance(table, ParsedTable)
            chart = table_to_chart(table, page=page, bbox=bbox, model_id=answer.model_id, guess=guess)
            logger.debug("page %d: %s read a %d-row table (%s dialect)", page, answer.model_id, len(table.rows), name)
            return chart
    text = await _ocr_text(image, ocr if ocr is not None else model)
    return Chart(type=guess, page=page, bbox=bbox, status="needs_model", source="raster", text=text,
                 warnings=(*warnings, "an image-only chart: serve a vision-language model to read its values"))  # fmt: skip


async def _ocr_text(image: bytes, ocr: VisionModel | None) -> tuple[str, ...]:
    if ocr is None:
        return ()
    from perception.ocr import read_text

    try:
        spans = await read_text(ocr, image)
    except ModelError as exc:
        logger.info("raster chart: OCR failed: %s", exc)
        return ()
    return tuple(s.text for s in spans if s.text.strip())


def table_to_chart(table: ParsedTable, *, page: int, bbox: BBox, model_id: str | None, guess: ChartType) -> Chart:
    """A parsed data table as a raster chart: header = series names, first column = keys, numbers = values."""
    rows = [list(r) for r in table.rows]
    warnings = list(table.warnings)
    if len(rows) < 2 or len(rows[0]) < 2:
        return Chart(type=guess, title=table.title, page=page, bbox=bbox, status="unreadable", source="raster",
                     model_id=model_id, warnings=(*warnings, "the model's answer holds no data table"))  # fmt: skip
    header, body = rows[0], rows[1:]
    series = []
    for j, name in enumerate(header[1:], 1):
        points = []
        for r in body:
            parsed = parse_number(r[j].replace(" ", "")) if j < len(r) else None
            if parsed is None:
                if j < len(r) and r[j]:
                    warnings.append(f"{r[0]!r} / {name!r}: {r[j]!r} is not a number; skipped")
                continue
            points.append(ChartPoint(key=r[0], value=parsed[0], status="estimated"))
        series.append(ChartSeries(name=name, points=tuple(points)))
    keys = [r[0] for r in body]
    if all(parse_date(k) for k in keys):
        scale = "date"
    elif all(parse_number(k) for k in keys):
        scale = "linear"
    else:
        scale = "category"
    axes = (ChartAxis(orientation="horizontal", scale=scale, title=header[0], tick_labels=tuple(keys),  # type: ignore[arg-type]
                      ticks_from="model"),)  # fmt: skip
    kind = guess
    if kind in ("bar", "hbar") and len(series) > 1:
        kind = "grouped"
    ok = any(s.points for s in series)
    return Chart(type=kind, title=table.title, page=page, bbox=bbox, axes=axes, series=tuple(series),
                 status="ok" if ok else "unreadable", source="raster", model_id=model_id, warnings=tuple(warnings))  # fmt: skip


def guess_type(image: bytes) -> ChartType:
    """A chart type guessed from the coloured blobs of ``image``: boxes (bars), a disc (pie), many
    dots (scatter), thin strokes (line); ``unknown`` when nothing stands out."""
    try:
        import cv2
        import numpy as np
        from PIL import Image

        rgb = np.asarray(Image.open(io.BytesIO(image)).convert("RGB"), dtype=np.int16)
    except Exception:  # noqa: BLE001  (a guess must not fail the read)
        return "unknown"
    sat = (rgb.max(axis=2) - rgb.min(axis=2)) > 60
    _n, _, stats, _ = cv2.connectedComponentsWithStats(sat.astype(np.uint8), connectivity=8)
    blobs = [s for s in stats[1:] if s[4] >= 12]
    if not blobs:
        return "unknown"
    big = max(blobs, key=lambda s: s[4])
    _h_img, w_img = sat.shape
    _x, _y, w, h, area = (int(v) for v in big)
    if w > 0.25 * w_img and 0.8 < w / max(h, 1) < 1.25 and 0.6 < area / (w * h) < 0.85:
        return "pie"
    boxes = [s for s in blobs if s[4] / max(int(s[2]) * int(s[3]), 1) > 0.9 and s[2] >= 4 and s[3] >= 4]
    if len(boxes) >= 2 and sum(int(s[4]) for s in boxes) > 0.5 * sum(int(s[4]) for s in blobs):
        tall = sum(1 for s in boxes if s[3] > s[2])
        return "bar" if tall >= len(boxes) / 2 else "hbar"
    small = [s for s in blobs if max(s[2], s[3]) <= 12]
    if len(small) >= 8 and len(small) > 0.6 * len(blobs):
        return "scatter"
    if any(s[4] / max(int(s[2]) * int(s[3]), 1) < 0.2 and max(s[2], s[3]) > 0.3 * w_img for s in blobs):
        return "line"
    return "unknown"
