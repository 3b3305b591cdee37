"""The steps every browser action shares, so that each action in ``actions.py`` reads as its own logic.

A :class:`Deadline` bounds the whole action; :func:`guarded` translates Playwright errors and
overruns into ours; :func:`resolve_target` turns a query, element, candidate, box or point into a
:class:`Resolved`; :func:`aim` scrolls it into view and finds a point where the page's hit test
says the pointer lands on it; :func:`run_input` performs input without hanging on a dialog that
the input opened; :func:`settle` waits (boundedly) for what the input started; :func:`snapshot`
takes the screenshot the result carries.

Perception (``perception.screen``, ``perception.grounding``) is imported on first use, so
``import tools.browser`` does not load the OCR and grounding libraries.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from playwright.async_api import Error as PwError
from playwright.async_api import Frame, Locator, Page, Request
from playwright.async_api import TimeoutError as PwTimeoutError
from pydantic import JsonValue

from model.errors import (
    ActionError,
    ActionTimeout,
    ConfigError,
    ElementCovered,
    ElementNotFound,
    PerceptionError,
    TilepilotError,
)
from perception.geometry import to_css_px
from perception.types import BBox, Candidate, Element, Grounding, Observation
from tools.browser._launch import first_line

if TYPE_CHECKING:
    from tools.browser.session import Session

logger = logging.getLogger(__name__)
T = TypeVar("T")

TargetSource = Literal["dom", "ocr", "model", "box", "point"]
Point = tuple[float, float]

# Where inside the aimed box to try, in order, when the centre is covered (fractions of the box).
_PROBES: tuple[Point, ...] = ((0.5, 0.5), (0.3, 0.5), (0.7, 0.5), (0.5, 0.3), (0.5, 0.7), (0.15, 0.5), (0.85, 0.5))
_FRAME_WAIT_S = 0.5
"""How long to wait for two animation frames after input (a hidden tab may never paint)."""
_RETRY_AFTER_S = 0.3
"""Pause before re-aiming at a covered target: long enough for a fading overlay or a transition."""
_BACKSTOP_S = 1.0
"""How long past its deadline an action may run before it is cut off: every Playwright call inside
has the deadline as its own timeout and says more precisely what did not finish."""


class Deadline:
    """The time left to one action; every Playwright call inside gets :meth:`ms` as its timeout."""

    def __init__(self, timeout_s: float, *, name: str = "timeout_s") -> None:
        if not (isinstance(timeout_s, int | float) and math.isfinite(timeout_s) and timeout_s > 0):
            raise ConfigError(f"{name}={timeout_s!r} must be a finite number of seconds > 0", name=name,
                              value=timeout_s)  # fmt: skip
        self.timeout_s = float(timeout_s)
        self._start = time.monotonic()
        self._end = self._start + self.timeout_s

    def left(self) -> float:
        """Seconds left, never below one millisecond (Playwright treats 0 as "no timeout")."""
        return max(self._end - time.monotonic(), 0.001)

    def ms(self, cap_s: float | None = None) -> float:
        """Milliseconds left, at most ``cap_s`` seconds: a timeout for one Playwright call."""
        left = self.left() if cap_s is None else min(self.left(), cap_s)
        return left * 1000

    def expired(self) -> bool:
        return time.monotonic() >= self._end

    def elapsed(self) -> float:
        return time.monotonic() - self._start


def url_of(session: Session) -> str:
    try:
        return session.page.url
    except PwError:  # the page is gone
        return "a closed page"


@asynccontextmanager
async def guarded(session: Session, what: str, deadline: Deadline) -> AsyncIterator[None]:
    """Bound the block by ``deadline`` and translate what Playwright raises into our errors.

    An overrun becomes :class:`ActionTimeout` naming ``what``, the URL and the timeout; any other
    Playwright error an :class:`ActionError` with its first line. Our own errors pass unchanged.
    """
    try:
        async with asyncio.timeout(deadline.left() + _BACKSTOP_S):
            yield
    except PerceptionError as exc:  # an observation cut short by the action's own deadline is its timeout
        if isinstance(exc.__cause__, TimeoutError) and deadline.left() <= _BACKSTOP_S:
            raise ActionTimeout(what, url=url_of(session), timeout_s=deadline.timeout_s) from exc
        raise
    except TilepilotError:
        raise
    except (TimeoutError, PwTimeoutError) as exc:
        raise ActionTimeout(what, url=url_of(session), timeout_s=deadline.timeout_s) from exc
    except PwError as exc:
        raise ActionError(f"{what} on {url_of(session)} failed: {first_line(exc)}") from exc


def no_dialog_open(session: Session, what: str) -> None:
    """A held dialog pauses the page's JavaScript: say so instead of timing out on it."""
    pending = session.pending_dialog
    if pending is not None:
        raise ActionError(
            f"cannot {what} on {pending.url}: a {pending.dialog_type} dialog {pending.message!r} is open; "
            "close it first with accept_dialog() or dismiss_dialog()"
        )


def describe(target: object) -> str:
    """A short name for a target before it is resolved, for messages."""
    if isinstance(target, str):
        return repr(target)
    if isinstance(target, Element):
        return f"element #{target.index} {target.label!r}"
    if isinstance(target, Candidate):
        return f"candidate {target.label!r}"
    if isinstance(target, BBox):
        return f"box ({target.x0:.0f}, {target.y0:.0f}, {target.x1:.0f}, {target.y1:.0f})"
    if isinstance(target, tuple) and len(target) == 2:
        return f"point ({target[0]}, {target[1]})"
    return repr(target)


# -- targets ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resolved:
    """A target made concrete: a box and point in CSS px of the viewport, and the element if known."""

    label: str
    source: TargetSource
    bbox: BBox
    element: Element | None = None
    query: str | None = None
    score: float | None = None
    why: str = ""

    @property
    def name(self) -> str:
        """The target as messages name it: its label, else the query, else its box."""
        if self.label:
            return repr(self.label)
        if self.query:
            return repr(self.query)
        return describe(self.bbox)


def _point_box(x: float, y: float) -> BBox:
    return BBox(x0=x, y0=y, x1=x, y1=y, space="css_px")


def _from_candidate(candidate: Candidate, query: str | None) -> Resolved:
    box = candidate.bbox
    if box.space != "css_px":
        raise ConfigError(f"candidate {candidate.label!r} has a box in {box.space!r}; tools need 'css_px'",
                          name="target", value=box.space)  # fmt: skip
    element = candidate.element if candidate.element is not None and candidate.element.selector else None
    return Resolved(label=candidate.label, source=candidate.source, bbox=box, element=element,
                    query=query, score=candidate.score, why=candidate.why)  # fmt: skip


async def observe_page(session: Session, deadline: Deadline, *, screenshot: bool | None = None) -> Observation:
    """A fresh observation of the session's page, with the session's model for OCR."""
    from perception.screen import observe

    shot = session.model is not None if screenshot is None else screenshot
    return await observe(session.page, model=session.model, screenshot=shot, timeout_s=deadline.left() + 0.5)


async def ground_query(
    session: Session, query: str, deadline: Deadline, *, limit: int = 5, observation: Observation | None = None
) -> Grounding:
    """Ground ``query`` on a fresh observation: DOM and OCR first, the session's model only if that finds nothing."""
    from perception.grounding import ground

    obs = observation if observation is not None else await observe_page(session, deadline)
    found = await ground(obs, query, embedder=session.embedder, limit=limit)
    if not found.found and session.model is not None:
        with_model = await ground(obs, query, embedder=session.embedder, model=session.model, limit=limit)
        if with_model.found or with_model.candidates:
            found = with_model
    logger.debug("ground %r on %s: found=%s %s", query, obs.url, found.found,
                 [(c.label, round(c.score, 2)) for c in found.candidates[:3]])  # fmt: skip
    return found


def not_found(query: str, grounding: Grounding, url: str) -> ElementNotFound:
    return ElementNotFound(query, url=url, candidates=[(c.label or c.why, c.score) for c in grounding.candidates[:3]])


async def resolve_target(session: Session, target: object, deadline: Deadline) -> Resolved:
    """What ``target`` points at now; a query is grounded on a fresh observation (ElementNotFound if nothing fits)."""
    if isinstance(target, str):
        query = target.strip()
        if not query:
            raise ConfigError("target='' is empty: describe what to act on, e.g. 'the Sign in button'",
                              name="target", value=target)  # fmt: skip
        grounding = await ground_query(session, query, deadline)
        if grounding.best is None:
            raise not_found(query, grounding, url_of(session))
        return _from_candidate(grounding.best, query)
    if isinstance(target, Element):
        if not target.selector:  # made by hand, not observed: all there is to go by is its box
            return Resolved(label=target.label, source="box", bbox=target.bbox)
        return Resolved(label=target.label, source="dom", bbox=target.bbox, element=target)
    if isinstance(target, Candidate):
        return _from_candidate(target, None)
    if isinstance(target, BBox):
        box = target
        if box.space == "device_px":
            scale = float(await session.page.evaluate("() => window.devicePixelRatio || 1"))
            box = to_css_px(box, scale_factor=scale)
        elif box.space != "css_px":
            raise ConfigError(f"target box is in {box.space!r}: give it in 'css_px' of the viewport "
                              "(or 'device_px' of a screenshot)", name="target", value=box.space)  # fmt: skip
        return Resolved(label="", source="box", bbox=box)
    if (
        isinstance(target, tuple)
        and len(target) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in target)
    ):
        x, y = float(target[0]), float(target[1])
        return Resolved(label="", source="point", bbox=_point_box(x, y))
    raise ConfigError(
        f"target={target!r} is not a target: give a query string, an Element, a Candidate, "
        "a css_px BBox or an (x, y) point in CSS px",
        name="target",
        value=target,
    )


async def locate(session: Session, element: Element, deadline: Deadline) -> Locator:
    """A Locator for ``element`` in its frame and shadow roots; ElementNotFound when it left the page."""
    from perception.screen import resolve

    return await resolve(session.page, element, timeout_s=min(deadline.left(), 5.0))


async def viewport(page: Page) -> tuple[float, float]:
    size = page.viewport_size
    if size is not None:
        return float(size["width"]), float(size["height"])
    width, height = await page.evaluate("() => [window.innerWidth, window.innerHeight]")
    return float(width), float(height)


def _clip(box: BBox, width: float, height: float) -> BBox | None:
    x0, y0, x1, y1 = max(box.x0, 0.0), max(box.y0, 0.0), min(box.x1, width), min(box.y1, height)
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return BBox(x0=x0, y0=y0, x1=x1, y1=y1, space="css_px")


def _map_box(box: BBox, old: BBox, new: BBox) -> BBox:
    """``box`` (inside ``old``) carried along when ``old`` moved and resized to ``new``."""
    sx = new.width / old.width if old.width > 0 else 1.0
    sy = new.height / old.height if old.height > 0 else 1.0
    return BBox(x0=new.x0 + (box.x0 - old.x0) * sx, y0=new.y0 + (box.y0 - old.y0) * sy,
                x1=new.x0 + (box.x1 - old.x0) * sx, y1=new.y0 + (box.y1 - old.y0) * sy, space="css_px")  # fmt: skip


async def scroll_page_by(page: Page, dx: float, dy: float) -> Point:
    """Scroll the top document by (dx, dy) CSS px at once; returns how far it really moved."""
    moved = await page.evaluate(
        """([dx, dy]) => {
            const s = document.scrollingElement || document.documentElement;
            const x = s.scrollLeft, y = s.scrollTop;
            s.scrollBy({left: dx, top: dy, behavior: "instant"});
            return [s.scrollLeft - x, s.scrollTop - y];
        }""",
        [dx, dy],
    )
    return float(moved[0]), float(moved[1])


@dataclass(frozen=True)
class Aim:
    """Where to put the pointer (CSS px of the viewport), the box aimed at, and the element's Locator."""

    point: Point
    box: BBox
    locator: Locator | None


async def aim(session: Session, target: Resolved, deadline: Deadline, *, hit_test: bool = True) -> Aim:
    """Scroll ``target`` into view and pick a point on it that the page's hit test confirms.

    An element is measured afresh (the observation may be stale); a box read from its pixels (an
    OCR span on a canvas) moves with it. Without an element, the page is scrolled until the box's
    centre is in the viewport.
    """
    page = session.page
    width, height = await viewport(page)
    element = target.element
    if element is None:
        x, y = target.bbox.center
        if not (0 <= x < width and 0 <= y < height):
            dx, dy = await scroll_page_by(page, x - width / 2, y - height / 2)
            x, y = x - dx, y - dy
            if not (0 <= x < width and 0 <= y < height):
                raise ActionError(f"{target.name}: the point ({x:.0f}, {y:.0f}) is outside the {width:.0f}×"
                                  f"{height:.0f} viewport of {url_of(session)} and the page cannot scroll there")
        return Aim(point=(x, y), box=target.bbox, locator=None)

    locator = await locate(session, element, deadline)
    try:
        await locator.scroll_into_view_if_needed(timeout=deadline.ms(cap_s=3))
    except PwTimeoutError:  # not visible (yet): the box check below says what is wrong
        logger.debug("scroll_into_view_if_needed timed out for %r", element.selector)
    rect = await locator.bounding_box(timeout=deadline.ms(cap_s=5))
    if rect is None or rect["width"] <= 0 or rect["height"] <= 0:
        raise ActionError(f"{target.name} on {url_of(session)} is not rendered (hidden, display:none or zero "
                          "size): there is nothing to point at")  # fmt: skip
    fresh = BBox(x0=rect["x"], y0=rect["y"], x1=rect["x"] + rect["width"], y1=rect["y"] + rect["height"],
                 space="css_px")  # fmt: skip
    aimed = fresh if target.source == "dom" else _map_box(target.bbox, element.bbox, fresh)
    visible = _clip(aimed, width, height) or _clip(fresh, width, height)
    if visible is None:
        raise ActionError(f"{target.name} on {url_of(session)} is outside the viewport even after scrolling "
                          f"it into view (box {fresh.x0:.0f},{fresh.y0:.0f}-{fresh.x1:.0f},{fresh.y1:.0f})")
    points = [(visible.x0 + fx * visible.width, visible.y0 + fy * visible.height) for fx, fy in _PROBES]
    if not hit_test:
        return Aim(point=points[0], box=aimed, locator=locator)

    from perception.screen import hit_test as page_hit_test

    first_miss = ""
    for point in points:
        hit = await page_hit_test(page, element, point, timeout_s=min(deadline.left(), 5.0))
        if hit.ok:
            return Aim(point=point, box=aimed, locator=locator)
        first_miss = first_miss or hit.what
    raise ElementCovered(target.name, points[0], first_miss, url=url_of(session))


async def aim_again(
    session: Session, target: object, resolved: Resolved, deadline: Deadline, *, hit_test: bool = True
) -> tuple[Resolved, Aim]:
    """:func:`aim`, and once more after a short pause (re-grounding a query) when the target is covered."""
    try:
        return resolved, await aim(session, resolved, deadline, hit_test=hit_test)
    except ElementCovered as first:
        logger.info("%s; retrying in %.1fs", first, _RETRY_AFTER_S)
        await asyncio.sleep(_RETRY_AFTER_S)
        if isinstance(target, str):
            resolved = await resolve_target(session, target, deadline)
        return resolved, await aim(session, resolved, deadline, hit_test=hit_test)


# -- input, dialogs and settling -----------------------------------------------------------------------
_background: set[asyncio.Future[Any]] = set()
"""Input left running behind an open dialog; held here so the loop does not drop it."""


def _forget(task: asyncio.Future[Any]) -> None:
    _background.discard(task)
    if not task.cancelled() and (exc := task.exception()) is not None:
        logger.debug("input finished after its dialog closed with %s", first_line(exc))


async def _dialog_holds(session: Session, since: int, timeout_s: float) -> None:
    """Return once a dialog that the session holds for the caller has opened at event ``since`` or later."""
    while True:
        await session.wait_for_event("dialog_opened", since=since, timeout_s=timeout_s)
        if session.pending_dialog is not None:
            return
        since = len(session.events)  # closed at once by the session's policy: keep waiting for the input


def note_dialog(session: Session, details: dict[str, JsonValue], *, held: bool) -> bool:
    """Record the dialog an input opened in ``details`` (``dialog``, ``dialog_type``); True if one is held."""
    pending = session.pending_dialog
    if not held and pending is None:
        return False
    if pending is not None:
        details["dialog"], details["dialog_type"] = pending.message, pending.dialog_type
    return True


async def run_input(session: Session, action: Awaitable[T], deadline: Deadline, what: str) -> tuple[T | None, bool]:
    """Perform ``action``; returns ``(result, False)``, or ``(None, True)`` when it opened a dialog the session holds.

    While a dialog is open the page's JavaScript is paused and the input does not return, so it is
    left to finish in the background once the caller accepts or dismisses the dialog.
    """
    since = len(session.events)
    task: asyncio.Future[T] = asyncio.ensure_future(action)
    dialog = asyncio.ensure_future(_dialog_holds(session, since, deadline.left() + 1))
    racing: set[asyncio.Future[Any]] = {task, dialog}
    try:
        done, _ = await asyncio.wait(racing, timeout=deadline.left(), return_when=asyncio.FIRST_COMPLETED)
    except BaseException:
        task.cancel()
        raise
    finally:
        dialog.cancel()
    if task in done:
        return task.result(), False
    if dialog in done and not dialog.cancelled() and dialog.exception() is None:
        _background.add(task)
        task.add_done_callback(_forget)
        return None, True
    task.cancel()
    raise ActionTimeout(what, url=url_of(session), timeout_s=deadline.timeout_s)


class NavigationWatch:
    """Follows a navigation of the page's main frame that input may start.

    ``started`` once its document request went out; ``ended`` (an event) once the new document
    committed, or the request failed, finished without a new document (204) or became a download.
    """

    def __init__(self, page: Page) -> None:
        self.page, self.started, self.committed = page, False, False
        self.ended = asyncio.Event()
        self._request: Request | None = None

    def _on_request(self, request: Request) -> None:
        try:
            if request.is_navigation_request() and request.frame == self.page.main_frame:
                self.started, self._request = True, request
                self.ended.clear()
        except PwError:  # the frame detached as the request went out
            pass

    def _on_request_done(self, request: Request) -> None:
        if request is self._request:
            self.ended.set()

    def _on_navigated(self, frame: Frame) -> None:
        if frame == self.page.main_frame:
            self.committed = True
            self.ended.set()

    def _on_download(self, _: object) -> None:
        self.ended.set()

    @contextmanager
    def watching(self) -> Iterator[NavigationWatch]:
        listeners: list[tuple[str, Callable[[Any], None]]] = [
            ("request", self._on_request), ("requestfailed", self._on_request_done),
            ("requestfinished", self._on_request_done), ("framenavigated", self._on_navigated),
            ("download", self._on_download),
        ]  # fmt: skip
        for event, listener in listeners:
            self.page.on(event, listener)  # type: ignore[call-overload]
        try:
            yield self
        finally:
            for event, listener in listeners:
                self.page.remove_listener(event, listener)


async def next_frames(page: Page) -> None:
    """Wait two animation frames, so handlers have run and a navigation has had time to start."""
    try:
        await asyncio.wait_for(
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"),
            _FRAME_WAIT_S,
        )
    except (TimeoutError, PwError):  # navigating away, or a tab that does not paint: nothing to wait for
        pass


async def settle(session: Session, watch: NavigationWatch, url_before: str, deadline: Deadline) -> bool:
    """After input (inside ``watch.watching()``): wait for a navigation it started to load, within the deadline.

    Returns False when the new page did not commit or load in time (the caller gets control back
    rather than hanging on a page that never loads).
    """
    page = session.page
    if not watch.started:
        await next_frames(page)  # time for a click's navigation to send its request
    if watch.started and not watch.ended.is_set():
        try:
            await asyncio.wait_for(watch.ended.wait(), deadline.left())
        except TimeoutError:
            logger.warning("the navigation from %s did not commit within %.1fs; returning anyway", url_before,
                           deadline.timeout_s)  # fmt: skip
            return False
    if not watch.committed and page.url == url_before:
        return True
    try:
        await page.wait_for_load_state("load", timeout=deadline.ms())
        return True
    except PwTimeoutError:
        logger.warning("%s did not finish loading within %.1fs; returning anyway", page.url, deadline.timeout_s)
        return False
    except PwError as exc:  # the page closed itself or navigated again
        logger.debug("waiting for load: %s", first_line(exc))
        return True


async def snapshot(session: Session, want: bool, deadline: Deadline) -> bytes | None:
    """The PNG the result carries (device px), or None when not wanted, a dialog is open or it fails."""
    if not want or session.pending_dialog is not None:
        return None
    try:
        return await session.page.screenshot(type="png", timeout=max(deadline.ms(), 500))
    except PwError as exc:  # the action itself is done: a missing picture must not undo it
        logger.warning("no screenshot after the action on %s: %s", url_of(session), first_line(exc))
        return None


async def press_keys(session: Session, keys: Sequence[str]) -> None:
    """Press each key or chord (``"Enter"``, ``"Control+A"``); an unknown key name is a ConfigError."""
    for key in keys:
        try:
            await session.page.keyboard.press(key)
        except PwError as exc:
            if "Unknown key" in str(exc):
                raise ConfigError(
                    f"keys: {key!r} is not a key name; use names such as 'Enter', 'Tab', 'ArrowDown', "
                    "'Control+A', 'Shift+Tab' or a single character",
                    name="keys",
                    value=key,
                ) from exc
            raise


# -- the core of every pointer action ---------------------------------------------------------------------
def modifier_keys(modifiers: Sequence[str]) -> tuple[str, ...]:
    allowed = ("Alt", "Control", "ControlOrMeta", "Meta", "Shift")
    for each in modifiers:
        if each not in allowed:
            raise ConfigError(f"modifiers: {each!r} is not one of {', '.join(allowed)}", name="modifiers", value=each)
    return tuple(modifiers)


async def pointer_input(
    page: Page, point: tuple[float, float], *, button: Literal["left", "right", "middle"], count: int,
    modifiers: tuple[str, ...], move_only: bool,
) -> None:  # fmt: skip
    x, y = point
    for key in modifiers:
        await page.keyboard.down(key)
    try:
        await page.mouse.move(x, y)
        if not move_only:
            await page.mouse.click(x, y, button=button, click_count=count)
    finally:
        for key in reversed(modifiers):
            await page.keyboard.up(key)


async def point_and_press(
    session: Session,
    target: object,
    deadline: Deadline,
    *,
    what: str,
    button: Literal["left", "right", "middle"] = "left",
    count: int = 1,
    modifiers: tuple[str, ...] = (),
    move_only: bool = False,
    force: bool = False,
    resolved: Resolved | None = None,
) -> tuple[Resolved, Aim, dict[str, JsonValue]]:
    """Resolve, aim (hit-tested unless ``force``), move/click the mouse, and settle: the core of pointer actions."""
    resolved = resolved or await resolve_target(session, target, deadline)
    resolved, aimed = await aim_again(session, target, resolved, deadline, hit_test=not force)
    if aimed.locator is not None and not force and not move_only and await aimed.locator.is_disabled(
        timeout=deadline.ms(cap_s=2)
    ):
        raise ActionError(f"{resolved.name} on {url_of(session)} is disabled: clicking it would do nothing "
                          "(pass force=True to click anyway)")  # fmt: skip
    page, url_before, tabs = session.page, session.url, len(session.pages)
    watch = NavigationWatch(page)
    details: dict[str, JsonValue] = {}
    with watch.watching():
        _, held = await run_input(
            session,
            pointer_input(page, aimed.point, button=button, count=count, modifiers=modifiers, move_only=move_only),
            deadline,
            what,
        )
        if not note_dialog(session, details, held=held):
            details["loaded"] = await settle(session, watch, url_before, deadline)
    if len(session.pages) > tabs:
        details["new_tab"] = len(session.pages) - 1
    return resolved, aimed, details


def check_count(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{name}={value!r} must be a whole number >= 1", name=name, value=value)


def fold(text: str) -> str:
    """``text`` with runs of white space as one space, case-folded: how labels are compared."""
    return " ".join(text.split()).casefold()

