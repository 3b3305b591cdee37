"""Pictures of what perception saw: a screenshot with grounded candidates, elements and OCR spans drawn on it.

People check a grounding faster by looking than by reading boxes: :func:`annotate` draws on the
observation's own screenshot (device px), converting every CSS-px box through
:mod:`perception.geometry`. Pillow is imported on first use.

>>> png = annotate(observation, grounding)  # doctest: +SKIP
>>> Path("found.png").write_bytes(png)  # doctest: +SKIP
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import ConfigError, ImageError
from perception.geometry import to_device_px
from perception.types import BBox, Candidate, Grounding, Observation

if TYPE_CHECKING:
    from PIL.ImageDraw import ImageDraw
    from PIL.ImageFont import FreeTypeFont, ImageFont

__all__ = ["annotate"]

logger = logging.getLogger(__name__)

_FONTS = (  # Hangul-capable first: labels are often Korean
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "C:/Windows/Fonts/malgun.ttf",
)
_BEST, _OTHER, _SPAN, _ELEMENT = (220, 30, 60), (255, 150, 0), (0, 140, 255), (120, 120, 120)


@lru_cache(maxsize=8)
def _font(size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    for path in _FONTS:
        if Path(path).is_file():
            try:
                return ImageFont.truetype(path, size)
            except OSError:  # unreadable font file: try the next
                continue
    return ImageFont.load_default(size=size)


def _label(draw: ImageDraw, xy: tuple[float, float], text: str, color: tuple[int, int, int], size: int) -> None:
    font = _font(size)
    x, y = xy
    left, top, right, bottom = draw.textbbox((x, y), text, font=font)
    y = y - (bottom - top) - 4 if y - (bottom - top) - 4 >= 0 else y  # above the box where it fits
    left, top, right, bottom = draw.textbbox((x, y), text, font=font)
    draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=color)
    draw.text((x, y), text, fill=(255, 255, 255), font=font)


def annotate(
    observation: Observation,
    grounding: Grounding | Sequence[Candidate] | None = None,
    *,
    spans: bool = False,
    elements: bool = False,
    limit: int = 3,
    path: str | Path | None = None,
) -> bytes:
    """The observation's screenshot as a PNG with candidates (best in red, the next ``limit - 1`` in
    orange, numbered with their scores), and optionally every OCR span (blue) and element (grey).

    ``grounding`` is a :class:`Grounding` or candidates; a not-found grounding draws its near
    misses in orange, with the query and "(not found)" in the corner. Writes the PNG to ``path`` when
    given. Raises :class:`ConfigError` when the observation holds no screenshot and
    :class:`ImageError` when the screenshot cannot be decoded.
    """
    if not observation.screenshot:
        raise ConfigError("the observation has no screenshot: observe(..., screenshot=True)", name="observation")
    if limit < 1:
        raise ConfigError(f"limit={limit} must be >= 1", name="limit", value=limit)
    from PIL import Image, ImageDraw, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(observation.screenshot)).convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise ImageError("observation.screenshot", f"is not a decodable image: {exc}") from exc
    draw = ImageDraw.Draw(image)
    f = observation.scale_factor
    width = max(1, round(2 * f))
    size = max(11, round(12 * f))

    def device(box: BBox) -> tuple[float, float, float, float]:
        return to_device_px(box, scale_factor=f).as_tuple() if box.space == "css_px" else box.as_tuple()

    if elements:
        for e in observation.elements:
            if e.visible and e.in_viewport:
                draw.rectangle(device(e.bbox), outline=_ELEMENT, width=1)
    if spans:
        for s in observation.text_spans:
            draw.rectangle(device(s.bbox), outline=_SPAN, width=width)
    found = True
    if isinstance(grounding, Grounding):
        found, candidates = grounding.found, list(grounding.candidates)
        _label(draw, (4, 4 + size + 6), f"{grounding.query}" + ("" if found else "  (not found)"), _BEST, size)
    else:
        candidates = list(grounding or ())
    for rank, c in reversed(list(enumerate(candidates[:limit], 1))):
        color = _BEST if rank == 1 and found else _OTHER
        x0, y0, x1, y1 = device(c.bbox)
        draw.rectangle((x0, y0, x1, y1), outline=color, width=width * (2 if color == _BEST else 1))
        _label(draw, (x0, y0), f"{rank} {c.label[:40]} {c.score:.2f}".strip(), color, size)
    out = io.BytesIO()
    image.save(out, format="PNG")
    png = out.getvalue()
    if path is not None:
        Path(path).write_bytes(png)
        logger.info("annotated screenshot written to %s", path)
    return png
