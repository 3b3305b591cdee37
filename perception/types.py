"""The typed values perception hands out: boxes in a named coordinate space, and document tables.

Every value is a frozen pydantic model with ``extra="forbid"``: results can be hashed, compared,
serialised to JSON and validated back. Coordinates are converted only by :mod:`perception.geometry`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["BBox", "Frozen", "Space", "Unit"]

Unit = Annotated[float, Field(ge=0, le=1)]

Space = Literal["pdf_pt", "css_px", "device_px", "norm999", "unit"]
"""The coordinate spaces tilepilot knows; every origin is the top-left corner.

- ``pdf_pt``: PDF points (1/72 inch) of the page as displayed (rotation applied), y downwards.
- ``css_px`` / ``device_px``: browser pixels before and after the device scale factor.
- ``norm999``: integers 0..999 over an image (the DeepSeek-VL2 grounding convention).
- ``unit``: 0..1 over the image a model was sent.
"""


class Frozen(BaseModel):
    """Base of every result type: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class BBox(Frozen):
    """An axis-aligned box ``(x0, y0) - (x1, y1)`` in ``space``, top-left origin.

    >>> BBox(x0=10, y0=20, x1=110, y1=70).width
    100.0
    """

    x0: float
    y0: float
    x1: float
    y1: float
    space: Space = "pdf_pt"

    @model_validator(mode="after")
    def _ordered(self) -> BBox:
        if self.x1 < self.x0 or self.y1 < self.y0:
            raise ValueError(f"box corners out of order: ({self.x0}, {self.y0}) - ({self.x1}, {self.y1})")
        return self

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return self.width * self.height

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    def intersection_area(self, other: BBox) -> float:
        """Area shared with ``other`` (same space), 0 when disjoint."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def iou(self, other: BBox) -> float:
        """Intersection over union with ``other`` (same space)."""
        inter = self.intersection_area(other)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0
