"""Motion actions: scroll the page or a container, scroll something into view, drag (sliders, drag-and-drop).

The public names are re-exported by :mod:`tools.browser.actions`; see there for targets and results.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Literal

from playwright.async_api import Locator
from pydantic import JsonValue

from model.errors import ActionError, ConfigError
from tools.browser._act import (
    Deadline,
    NavigationWatch,
    Resolved,
    aim,
    aim_again,
    check_count,
    describe,
    guarded,
    locate,
    next_frames,
    no_dialog_open,
    resolve_target,
    run_input,
    settle,
    url_of,
    viewport,
)
from tools.browser._result import ActionResult, Direction, Target, finish

if TYPE_CHECKING:
    from tools.browser.session import Session

logger = logging.getLogger(__name__)

# -- scrolling ----------------------------------------------------------------------------------------------
_SCROLL_JS = """([dx, dy, fraction, fromElement]) => {
    const canScroll = (el, vertical) => {
        if (!el) return false;
        const root = el === document.scrollingElement;
        const style = getComputedStyle(el);
        const overflow = vertical ? style.overflowY : style.overflowX;
        const room = vertical ? el.scrollHeight - el.clientHeight : el.scrollWidth - el.clientWidth;
        return room > 1 && (root || /(auto|scroll|overlay)/.test(overflow));
    };
    const vertical = dy !== 0;
    const sign = Math.sign(vertical ? dy : dx);
    const roomFor = (el) => vertical
        ? (sign > 0 ? el.scrollHeight - el.clientHeight - el.scrollTop : el.scrollTop)
        : (sign > 0 ? el.scrollWidth - el.clientWidth - el.scrollLeft : el.scrollLeft);
    let el = null;
    if (fromElement) {
        for (let node = fromElement; node; node = node.parentElement || node.getRootNode().host || null) {
            if (canScroll(node, vertical)) { el = node; break; }
        }
    } else {
        const root = document.scrollingElement || document.documentElement;
        if (canScroll(root, vertical) && roomFor(root) > 0) el = root;
        else {  // an app whose body does not scroll: the largest visible scroller with room that way
            let best = 0;
            for (const node of document.querySelectorAll("*")) {
                if (!canScroll(node, vertical) || roomFor(node) <= 0) continue;
                const r = node.getBoundingClientRect();
                const area = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0))
                           * Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
                if (area > best) { best = area; el = node; }
            }
            el = el || root;
        }
    }
    if (!el) return null;
    const page = el === document.scrollingElement;
    const size = vertical ? (page ? innerHeight : el.clientHeight) : (page ? innerWidth : el.clientWidth);
    const step = fraction === null ? null : fraction * size;
    const x = el.scrollLeft, y = el.scrollTop;
    el.scrollBy({left: step === null ? dx : Math.sign(dx) * step, top: step === null ? dy : Math.sign(dy) * step,
                 behavior: "instant"});
    const label = page ? "the page" : el.tagName.toLowerCase() + (el.id ? "#" + el.id : "");
    return {moved: [el.scrollLeft - x, el.scrollTop - y], scroll: [el.scrollLeft, el.scrollTop], container: label};
}"""


async def scroll(
    session: Session,
    target: Target | None = None,
    *,
    direction: Direction = "down",
    amount_px: float | None = None,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Scroll the page, or the scrollable container around ``target``, by ``amount_px`` CSS px.

    ``amount_px`` defaults to 80 % of the viewport (or container) height/width. Without a target
    the page scrolls (or, on a page whose body does not scroll, its largest visible scroller). A
    target without an element (a box, a point) gets mouse-wheel turns at its centre.
    ``details["moved_px"]`` is how far it really went (0 at the end). To bring something into
    view, use :func:`scroll_to`.

    >>> await scroll(session)  # one screen down  # doctest: +SKIP
    >>> await scroll(session, "the chat messages", direction="up", amount_px=400)  # doctest: +SKIP
    """
    if direction not in ("down", "up", "left", "right"):
        raise ConfigError(f"direction={direction!r} must be 'down', 'up', 'left' or 'right'", name="direction",
                          value=direction)  # fmt: skip
    if amount_px is not None and not (isinstance(amount_px, int | float) and math.isfinite(amount_px)
                                      and amount_px > 0):  # fmt: skip
        raise ConfigError(f"amount_px={amount_px!r} must be a number of CSS px > 0", name="amount_px",
                          value=amount_px)  # fmt: skip
    deadline = Deadline(timeout_s)
    what = f"scroll {direction}" + (f" in {describe(target)}" if target is not None else "")
    no_dialog_open(session, what)
    url_before = session.url
    sign = 1.0 if direction in ("down", "right") else -1.0
    big = amount_px if amount_px is not None else 1.0
    dx, dy = (0.0, sign * big) if direction in ("down", "up") else (sign * big, 0.0)
    fraction = None if amount_px is not None else 0.8
    async with guarded(session, what, deadline):
        resolved: Resolved | None = None
        point: tuple[float, float] | None = None
        if target is None:
            outcome = await session.page.evaluate(_SCROLL_JS, [dx, dy, fraction, None])
        else:
            resolved = await resolve_target(session, target, deadline)
            if resolved.element is not None:
                locator = await locate(session, resolved.element, deadline)
                outcome = await locator.evaluate(
                    "(el, args) => (" + _SCROLL_JS + ")([...args, el])", [dx, dy, fraction],
                    timeout=deadline.ms(cap_s=5),
                )
                if outcome is None:
                    raise ActionError(f"nothing around {resolved.name} on {url_of(session)} can scroll {direction}")
            else:
                aimed = await aim(session, resolved, deadline)
                point = aimed.point
                width, height = await viewport(session.page)
                step = amount_px if amount_px is not None else 0.8 * (height if dy else width)
                await session.page.mouse.move(*point)
                await session.page.mouse.wheel(sign * step if dx else 0.0, sign * step if dy else 0.0)
                await next_frames(session.page)
                outcome = {"moved": None, "container": "under the pointer"}
        details: dict[str, JsonValue] = {"direction": direction}
        if isinstance(outcome, dict):
            moved = outcome.get("moved")
            details["container"] = outcome.get("container")
            if isinstance(moved, list):
                details["moved_px"] = abs(_num(moved[1] if dy else moved[0]))
        return await finish(session, "scroll", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip


async def scroll_to(
    session: Session,
    target: Target,
    *,
    align: Literal["center", "start", "end", "nearest"] = "center",
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Scroll until ``target`` is in view (``align`` as in ``scrollIntoView``), through frames and containers.

    A query is grounded over the whole document, so a target below the fold is found.
    ``details["bbox"]`` is its box after scrolling.

    >>> await scroll_to(session, "the Terms and conditions heading")  # doctest: +SKIP
    """
    if align not in ("center", "start", "end", "nearest"):
        raise ConfigError(f"align={align!r} must be 'center', 'start', 'end' or 'nearest'", name="align",
                          value=align)  # fmt: skip
    deadline = Deadline(timeout_s)
    what = f"scroll to {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved = await resolve_target(session, target, deadline)
        if resolved.element is not None:
            locator = await locate(session, resolved.element, deadline)
            await locator.evaluate(
                "(el, block) => el.scrollIntoView({block, inline: 'nearest', behavior: 'instant'})", align,
                timeout=deadline.ms(cap_s=5),
            )
        aimed = await aim(session, resolved, deadline, hit_test=False)
        box = aimed.box
        details: dict[str, JsonValue] = {"bbox": [box.x0, box.y0, box.x1, box.y1]}
        return await finish(session, "scroll_to", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=aimed.point, details=details)  # fmt: skip


# -- dragging -----------------------------------------------------------------------------------------------
_SLIDER_JS = """el => {
    const num = (v, d) => { const n = parseFloat(v); return Number.isFinite(n) ? n : d; };
    const box = r => [r.left, r.top, r.right, r.bottom];
    const t = (el instanceof HTMLLabelElement && el.control) ? el.control : el;
    if (t instanceof HTMLInputElement && t.type === "range") {
        const r = t.getBoundingClientRect();
        return {native: true, min: num(t.min, 0), max: num(t.max, 100), value: num(t.value, 0),
                step: t.step === "any" ? 0 : num(t.step, 1), vertical: r.height > r.width,
                self: box(r), track: box(r), thumbIsSelf: false};
    }
    const s = t.closest('[role="slider"]') || t.querySelector('[role="slider"]');
    if (!s) return null;
    const r = s.getBoundingClientRect();
    const vertical = s.getAttribute("aria-orientation") === "vertical";
    let track = s, thumbIsSelf = false;
    const long = q => vertical ? q.height : q.width, short = q => vertical ? q.width : q.height;
    if (long(r) < 3 * short(r) || long(r) < 40) {  // a thumb: its track is the first ancestor much longer
        for (let a = s.parentElement, i = 0; a && i < 4; a = a.parentElement, i++) {
            const q = a.getBoundingClientRect();
            if (long(q) >= 3 * long(r) && long(q) >= 40) { track = a; thumbIsSelf = true; break; }
        }
    }
    const min = num(s.getAttribute("aria-valuemin"), 0), max = num(s.getAttribute("aria-valuemax"), 100);
    return {native: false, min, max, value: num(s.getAttribute("aria-valuenow"), NaN),
            step: num(s.getAttribute("data-step") || s.getAttribute("step"), 0), vertical,
            self: box(t.getBoundingClientRect()), thumb: box(r), track: box(track.getBoundingClientRect()), thumbIsSelf};
}"""
_NATIVE_THUMB_PX = 16.0
"""Chromium's range thumb is 16 CSS px: its centre travels 8 px inside each end of the track."""


async def _slider(locator: Locator, deadline: Deadline) -> dict[str, JsonValue] | None:
    spec = await locator.evaluate(_SLIDER_JS, timeout=deadline.ms(cap_s=3))
    return spec if isinstance(spec, dict) else None


def _num(value: JsonValue) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def _quad(value: JsonValue) -> tuple[float, float, float, float]:
    if isinstance(value, list) and len(value) == 4:
        a, b, c, d = (_num(v) for v in value)
        return a, b, c, d
    return (math.nan,) * 4


async def _drag_slider(
    session: Session, resolved: Resolved, locator: Locator, *, value: float | None, fraction: float | None,
    deadline: Deadline, what: str, steps: int,
) -> tuple[tuple[float, float], dict[str, JsonValue]]:  # fmt: skip
    spec = await _slider(locator, deadline)
    if spec is None:
        raise ActionError(f"{resolved.name} on {url_of(session)} is not a slider (no input type=range or "
                          "role=slider): give a drop target instead of value/fraction")  # fmt: skip
    low, high, step = _num(spec["min"]), _num(spec["max"]), _num(spec["step"])
    if not high > low:
        raise ActionError(f"slider {resolved.name} has an empty range {low}..{high}")
    if value is not None:
        if not low <= value <= high:
            raise ConfigError(f"value={value} is outside the range {low:g}..{high:g} of slider {resolved.name}",
                              name="value", value=value)  # fmt: skip
        goal = float(value)
    else:
        assert fraction is not None
        goal = low + fraction * (high - low)
    tolerance = step / 2 if step > 0 else (high - low) * 0.005
    vertical = bool(spec["vertical"])
    # The JS boxes are in the frame's own viewport; the Locator's box is top-level: their difference
    # is the frame's offset.
    rect = await locator.bounding_box(timeout=deadline.ms(cap_s=3))
    if rect is None:
        raise ActionError(f"slider {resolved.name} on {url_of(session)} is not rendered")
    sx0, sy0, _, _ = _quad(spec["self"])
    ox, oy = rect["x"] - sx0, rect["y"] - sy0
    tx0, ty0, tx1, ty1 = _quad(spec["track"])
    inset = _NATIVE_THUMB_PX / 2 if spec["native"] else 0.0

    def at(frac: float) -> tuple[float, float]:
        if vertical:  # the minimum is at the bottom
            return (tx0 + tx1) / 2 + ox, ty1 - inset - frac * (ty1 - ty0 - 2 * inset) + oy
        return tx0 + inset + frac * (tx1 - tx0 - 2 * inset) + ox, (ty0 + ty1) / 2 + oy

    now = _num(spec["value"])
    if spec.get("thumbIsSelf"):
        hx0, hy0, hx1, hy1 = _quad(spec["thumb"])
        start = ((hx0 + hx1) / 2 + ox, (hy0 + hy1) / 2 + oy)
    else:
        start = at((now - low) / (high - low) if math.isfinite(now) else 0.5)
    end = at((goal - low) / (high - low))
    page = session.page

    async def gesture() -> None:
        await page.mouse.move(*start)
        await page.mouse.down()
        await page.mouse.move(*end, steps=steps)
        await page.mouse.up()

    await run_input(session, gesture(), deadline, what)
    spec = await _slider(locator, deadline)
    now = _num(spec["value"]) if spec else math.nan
    presses = 0
    if math.isfinite(now) and abs(now - goal) > tolerance:  # the last steps by keyboard, as a user nudges
        await locator.focus(timeout=deadline.ms(cap_s=2))
        for _ in range(60):
            up = goal > now
            await page.keyboard.press(("ArrowUp" if up else "ArrowDown") if vertical else
                                      ("ArrowRight" if up else "ArrowLeft"))  # fmt: skip
            presses += 1
            spec = await _slider(locator, deadline)
            after = _num(spec["value"]) if spec else math.nan
            if not math.isfinite(after) or after == now:
                break
            if abs(after - goal) <= tolerance or (after > goal) != (now > goal):
                if abs(after - goal) > abs(now - goal):  # overshot: one step back was closer
                    await page.keyboard.press(("ArrowDown" if up else "ArrowUp") if vertical else
                                              ("ArrowLeft" if up else "ArrowRight"))  # fmt: skip
                    presses += 1
                    spec = await _slider(locator, deadline)
                    after = _num(spec["value"]) if spec else after
                now = after
                break
            now = after
    if not math.isfinite(now) or abs(now - goal) > max(tolerance, step):
        raise ActionError(f"slider {resolved.name} on {url_of(session)} reads {now:g} after dragging to {goal:g} "
                          f"(range {low:g}..{high:g})")  # fmt: skip
    return end, {"value": now, "goal": goal, "min": low, "max": high, "key_presses": presses}


async def drag(
    session: Session,
    source: Target,
    target: Target | None = None,
    *,
    value: float | None = None,
    fraction: float | None = None,
    steps: int = 12,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Drag ``source`` onto ``target``, or a slider ``source`` to ``value`` or ``fraction`` (0..1) of its range.

    Give exactly one of ``target``, ``value`` and ``fraction``. Drag-and-drop presses the mouse
    on the source, moves in ``steps`` to the target's centre and releases (HTML5 drag events fire).
    A slider (``input type=range`` or ``role=slider``) is dragged from its thumb to the point for
    the value, then nudged with arrow keys until it reads the value; ``details["value"]`` is what
    it reads. Raises :class:`ConfigError` for a value outside the slider's range.

    >>> await drag(session, "the volume slider", value=70)  # doctest: +SKIP
    >>> await drag(session, "the card Write report", "the Done column")  # doctest: +SKIP
    """
    given = [name for name, v in (("target", target), ("value", value), ("fraction", fraction)) if v is not None]
    if len(given) != 1:
        raise ConfigError(f"drag needs exactly one of target, value and fraction; got {given or 'none'}",
                          name="target", value=given)  # fmt: skip
    if value is not None and not (isinstance(value, int | float) and math.isfinite(value)):
        raise ConfigError(f"value={value!r} must be a finite number", name="value", value=value)
    if fraction is not None and not (isinstance(fraction, int | float) and 0 <= fraction <= 1):
        raise ConfigError(f"fraction={fraction!r} must be between 0 and 1", name="fraction", value=fraction)
    check_count("steps", steps)
    deadline = Deadline(timeout_s)
    what = f"drag {describe(source)}" + (f" to {describe(target)}" if target is not None else "")
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved = await resolve_target(session, source, deadline)
        details: dict[str, JsonValue]
        if target is None:
            if resolved.element is None:
                raise ConfigError(f"a slider must be an element target; {describe(source)} is a bare box",
                                  name="source", value=describe(source))  # fmt: skip
            resolved, aimed = await aim_again(session, source, resolved, deadline)
            assert aimed.locator is not None
            point, details = await _drag_slider(session, resolved, aimed.locator, value=value, fraction=fraction,
                                                deadline=deadline, what=what, steps=steps)  # fmt: skip
        else:
            resolved, start = await aim_again(session, source, resolved, deadline)
            drop = await resolve_target(session, target, deadline)
            drop, end = await aim_again(session, target, drop, deadline, hit_test=False)
            page = session.page

            async def gesture() -> None:
                await page.mouse.move(*start.point)
                await page.mouse.down()
                await page.mouse.move(start.point[0] + 4, start.point[1] + 4)  # past the drag threshold
                await page.mouse.move(*end.point, steps=steps)
                await page.mouse.up()

            watch = NavigationWatch(page)
            with watch.watching():
                await run_input(session, gesture(), deadline, what)
                loaded = await settle(session, watch, url_before, deadline)
            point = end.point
            details = {"from": list(start.point), "to": list(end.point), "drop": drop.label, "loaded": loaded}
        return await finish(session, "drag", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip


