"""The result of a browser action, and the names of what an action takes: targets, modifiers, action names."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Literal, TypeAlias

from pydantic import ConfigDict, Field, JsonValue

from perception.types import BBox, Candidate, Element, Frozen
from tools.browser._act import Deadline, Resolved, TargetSource, snapshot, url_of

if TYPE_CHECKING:
    from tools.browser.session import Session

logger = logging.getLogger(__name__)

Target: TypeAlias = str | Element | Candidate | BBox | tuple[float, float]
"""What an action acts on: a query grounded on the page, an Element or Candidate, a css_px box, or an (x, y) point."""

Modifier = Literal["Alt", "Control", "ControlOrMeta", "Meta", "Shift"]
Direction = Literal["down", "up", "left", "right"]
ActionName = Literal[
    "click", "double_click", "right_click", "hover", "fill", "type_text", "press", "select", "check", "uncheck",
    "scroll", "scroll_to", "drag", "navigate", "back", "forward", "reload", "wait_for", "upload", "download",
    "switch_tab", "accept_dialog", "dismiss_dialog",
]  # fmt: skip

class ActionTarget(Frozen):
    """What an action acted on: its label, where it came from, and its box at the time (CSS px)."""

    label: str = Field(description="What a user would call it (the element's label or the OCR text).")
    source: TargetSource = Field(description="'dom', 'ocr' or 'model' when grounded or given; 'box'/'point' if raw.")
    bbox: BBox = Field(description="The target's box in CSS px of the viewport, as resolved.")
    query: str | None = Field(default=None, description="The query it was grounded from, if any.")
    score: float | None = Field(default=None, description="The grounding score (0..1), if grounded.")
    why: str = ""
    element: Element | None = None


class ActionResult(Frozen):
    """What one action did.

    ``point`` is where the pointer went (CSS px of the viewport), ``screenshot`` a PNG of the page
    after the action (device px; None when skipped), ``details`` what is particular to the action
    (``value`` after a fill, ``path`` of a download, ``dialog`` when one opened, ``loaded`` False
    when a navigation the action started did not load in time).

    >>> ActionResult(action="press", url_before="about:blank", url_after="about:blank", time_s=0.01).point is None
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64", val_json_bytes="base64")

    action: ActionName
    target: ActionTarget | None = None
    point: tuple[float, float] | None = None
    url_before: str
    url_after: str
    screenshot: bytes | None = Field(default=None, repr=False)
    time_s: float = Field(ge=0)
    details: dict[str, JsonValue] = Field(default_factory=dict)


def target_info(resolved: Resolved | None) -> ActionTarget | None:
    if resolved is None:
        return None
    return ActionTarget(label=resolved.label, source=resolved.source, bbox=resolved.bbox, query=resolved.query,
                        score=resolved.score, why=resolved.why, element=resolved.element)  # fmt: skip


async def finish(
    session: Session,
    action: ActionName,
    deadline: Deadline,
    url_before: str,
    *,
    want_shot: bool,
    resolved: Resolved | None = None,
    point: tuple[float, float] | None = None,
    details: dict[str, JsonValue] | None = None,
) -> ActionResult:
    shot = await snapshot(session, want_shot, deadline)
    result = ActionResult(
        action=action, target=target_info(resolved), point=point, url_before=url_before, url_after=url_of(session),
        screenshot=shot, time_s=deadline.elapsed(), details=details or {},
    )  # fmt: skip
    where = f" at ({point[0]:.0f}, {point[1]:.0f})" if point else ""
    logger.info("%s %s%s on %s in %.2fs", action, resolved.name if resolved else "", where, result.url_after,
                result.time_s)  # fmt: skip
    return result


