"""The size an encoded image declares, read from its header without decoding a pixel.

A 20000×20000 PNG can be a few kilobytes; decoding it takes 1.2 GB. The service checks this size
against its pixel limit before any backend decodes the image, and the remote backend needs it to
place the boxes. Pillow reads only the header here (``Image.open`` is lazy); its own bomb guard,
which refuses to open images over about 179 MP, is answered with the size from the PNG header
when there is one, else with the pixel count Pillow reports.
"""

from __future__ import annotations

import io
import re
import struct
import warnings

from model.errors import ImageError

__all__ = ["TooManyPixels", "declared_size"]

_PNG = b"\x89PNG\r\n\x1a\n"
_PILLOW_PIXELS = re.compile(r"\((\d+) pixels\)")


class TooManyPixels(ImageError):
    """An image declaring more than ``exc.limit`` pixels (``exc.pixels``; ``exc.size`` when known)."""

    def __init__(self, name: str, *, pixels: int, limit: int, size: tuple[int, int] | None) -> None:
        shown = f"{size[0]}×{size[1]} = " if size else ""
        super().__init__(name, f"{shown}{_amount(pixels)}, over the limit of {_amount(limit)} (max_pixels={limit}, a "
                               "guard against decompression bombs): crop or downscale it first")  # fmt: skip
        self.pixels, self.limit, self.size = pixels, limit, size


def _amount(pixels: int) -> str:
    return f"{pixels / 1e6:.1f} MP" if pixels >= 100_000 else f"{pixels} pixels"


def declared_size(data: bytes, *, name: str, max_pixels: int | None = None) -> tuple[int, int]:
    """``(width, height)`` from the header of ``data`` (PNG, JPEG, WebP, GIF, BMP, TIFF…).

    Raises :class:`~model.errors.ImageError` named ``name`` for bytes that are not an image, and
    :class:`TooManyPixels` for one over ``max_pixels`` or over Pillow's own bomb guard (then the
    size comes from the PNG header, or only the pixel count from Pillow for other formats).

    >>> import io; from PIL import Image
    >>> png = io.BytesIO(); Image.new("RGB", (2, 3)).save(png, "PNG")
    >>> declared_size(png.getvalue(), name="image")
    (2, 3)
    >>> declared_size(png.getvalue(), name="image", max_pixels=5)
    Traceback (most recent call last):
    ...
    model._imagesize.TooManyPixels: image: 2×3 = 6 pixels, over the limit of 5 pixels (max_pixels=5, a guard against decompression bombs): crop or downscale it first
    >>> declared_size(b"hello", name="image")
    Traceback (most recent call last):
    ...
    model.errors.ImageError: image: not a decodable image (PNG, JPEG, WebP, …); it starts with b'hello'
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                w, h = im.size
    except Image.DecompressionBombError as exc:
        guard = 2 * (Image.MAX_IMAGE_PIXELS or 0)
        limit = min(max_pixels, guard) if max_pixels else guard
        if data[:8] == _PNG and data[12:16] == b"IHDR" and len(data) >= 24:
            w, h = struct.unpack(">II", data[16:24])
            raise TooManyPixels(name, pixels=w * h, limit=limit, size=(w, h)) from exc
        m = _PILLOW_PIXELS.search(str(exc))
        raise TooManyPixels(name, pixels=int(m.group(1)) if m else guard + 1, limit=limit, size=None) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error) as exc:
        raise ImageError(name, f"not a decodable image (PNG, JPEG, WebP, …); it starts with {data[:16]!r}") from exc
    if max_pixels is not None and w * h > max_pixels:
        raise TooManyPixels(name, pixels=w * h, limit=max_pixels, size=(w, h))
    return int(w), int(h)
