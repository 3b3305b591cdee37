"""The typed values perception hands out: boxes in a named coordinate space, and document tables.

Every value is a frozen pydantic model with ``extra="forbid"``: results can be hashed, compared,
serialised to JSON and validated back. Coordinates are converted only by :mod:`perception.geometry`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "BBox", "Candidate", "Element", "ElementStates", "Frozen", "Grounding", "Observation", "Role", "Source",
    "Space", "TextSpan", "Unit",
]

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


# -- screens ------------------------------------------------------------------------------------------
Role = str
"""An ARIA role, explicit or implicit: ``"button"``, ``"link"``, ``"textbox"``, ``"checkbox"``, ``"img"``…"""

Source = Literal["dom", "ocr", "model"]
"""Where a grounded candidate came from: the DOM/accessibility tree, OCR of the pixels, or a vision model."""


class ElementStates(Frozen):
    """The states users refer to; ``None`` where the state does not apply to the element.

    ``selected`` and ``disabled`` also come from the class list of an element with no ARIA state and no
    native one of its own (div soup; a button's class does not disable it): a class word ``selected``,
    ``active``, ``checked``, ``on`` or ``pressed`` (``is-active``, ``tabActive``) marks it selected,
    ``disabled``, ``dis``, ``unavailable`` or ``soldout`` / ``sold-out`` disabled."""

    checked: bool | None = None
    disabled: bool = False
    expanded: bool | None = None
    focused: bool = False
    selected: bool | None = None
    required: bool = False
    editable: bool = False


class Element(Frozen):
    """One element of a page as a user sees it, in any frame or open shadow root.

    ``bbox`` is in CSS px of the top-level viewport (frame offsets applied); ``index`` is the
    element's place in :attr:`Observation.elements`. ``frame`` is the frame path (``""`` for the
    main frame, ``"0"``, ``"0.1"``… for nested frames in document order) and ``selector`` a CSS
    selector that finds the element within its frame (``>>>`` separates shadow roots).

    >>> e = Element(index=0, role="button", name="Sign in", tag="button",
    ...             bbox=BBox(x0=10, y0=10, x1=90, y1=40, space="css_px"))
    >>> e.label
    'Sign in'
    """

    index: int = Field(ge=0)
    role: Role
    name: str = Field(default="", description="The accessible name (aria-label, label, text, alt, title…).")
    text: str = Field(default="", description="Visible text content, whitespace folded, at most 300 characters.")
    value: str | None = Field(default=None, description="The current value of a field, or the selected option.")
    tag: str = Field(description="Lower-case tag name.")
    attributes: dict[str, str] = Field(
        default_factory=dict,
        description="Attributes users refer to: id, name, type, placeholder, aria-label, title, alt, href, …",
    )
    states: ElementStates = ElementStates()
    bbox: BBox
    visible: bool = True
    in_viewport: bool = True
    occluded: bool = False
    interactive: bool = True
    frame: str = ""
    frame_url: str = ""
    shadow: bool = False
    selector: str = ""
    color: str | None = Field(default=None, description="Background colour as ``#rrggbb`` when not transparent.")
    text_color: str | None = Field(default=None, description="Text colour as ``#rrggbb``.")
    accent_color: str | None = Field(
        default=None,
        description="Colour of a text-less mark that colours the element (a dot or swatch before its label, a "
        "thin colour bar, a thick left border) as ``#rrggbb``, when it has one.",
    )

    @property
    def label(self) -> str:
        """The name, else the text, else the value, placeholder or title: what a user would call it."""
        for each in (self.name, self.text, self.value or "", self.attributes.get("placeholder", ""),
                     self.attributes.get("title", "")):  # fmt: skip
            if each.strip():
                return each.strip()
        return ""


class TextSpan(Frozen):
    """A line of text read from the pixels (OCR), with its box in CSS px of the viewport.

    >>> TextSpan(text="Buy now", bbox=BBox(x0=0, y0=0, x1=50, y1=12, space="css_px"), score=0.97).text
    'Buy now'
    """

    text: str
    bbox: BBox
    score: Unit = 1.0
    source: Literal["ocr", "model"] = "ocr"
    element: int | None = Field(default=None, description="Index of the element whose pixels it was read from.")


class Observation(Frozen):
    """What one look at a page gives: a screenshot, the elements and the text read from the pixels.

    ``screenshot`` is a PNG in device pixels (``viewport × scale_factor``); every box is in CSS px
    of the viewport, and :mod:`perception.geometry` converts between the two.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    url: str
    title: str = ""
    viewport: tuple[int, int] = Field(description="CSS px: width, height.")
    scale_factor: float = Field(default=1.0, gt=0)
    scroll: tuple[float, float] = (0.0, 0.0)
    page_size: tuple[float, float] | None = Field(default=None, description="The document's scroll size in CSS px.")
    screenshot: bytes = b""
    elements: tuple[Element, ...] = ()
    text_spans: tuple[TextSpan, ...] = ()
    lang: str = Field(default="", description="The page's language (``<html lang>``), e.g. ``'ko'``.")
    time_s: float = Field(default=0.0, ge=0, description="Seconds the observation took.")


class Candidate(Frozen):
    """One answer to a grounding query: a box, the element under it (if any), where it came from, a score.

    ``score`` is calibrated: about the chance that this is the element the query means.
    """

    bbox: BBox
    element: Element | None = None
    span: TextSpan | None = None
    source: Source
    score: Unit
    why: str = Field(default="", description="A short account of the evidence, e.g. 'text≈, role=button, 2nd'.")

    @property
    def label(self) -> str:
        """What the candidate says: the OCR text for a span read from pixels, else the element's label."""
        if self.source == "ocr" and self.span is not None:
            return self.span.text
        if self.element is not None:
            return self.element.label
        return self.span.text if self.span is not None else ""

    @property
    def point(self) -> tuple[float, float]:
        """Where to click: the box centre, in the box's space."""
        return self.bbox.center


class Grounding(Frozen):
    """The result of grounding a query: candidates best first, and whether any is good enough.

    ``found`` is False when no candidate reaches ``threshold``: the query has no answer on this page.
    """

    query: str
    candidates: tuple[Candidate, ...] = ()
    found: bool
    threshold: Unit

    @property
    def best(self) -> Candidate | None:
        """The top candidate when ``found``, else None."""
        return self.candidates[0] if self.found and self.candidates else None
