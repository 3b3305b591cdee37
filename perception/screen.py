"""The screen front door: a Playwright page in, an :class:`~perception.types.Observation` out.

:func:`observe` runs one JavaScript walker in every frame of the page (same- and cross-origin),
through open shadow roots, and returns the elements a user can see or use with their roles, names,
states and boxes in CSS px of the top-level viewport, plus a screenshot and, with a model, the text
read from pixels that carry no DOM text (canvas, images, icons). :func:`hit_test` says whether a
click at a point would reach an element, :func:`measure` gives its box now, and :func:`resolve`
gives a Playwright locator for it.

Playwright errors never leave this module: they become :class:`~model.errors.PerceptionError`
(the page could not be read) or :class:`~model.errors.ElementNotFound` (the element is gone).

>>> obs = await observe(page)  # doctest: +SKIP
>>> [e.label for e in obs.elements if e.role == "button"]  # doctest: +SKIP
['Sign in', 'Cancel']
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import struct
import time
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from playwright.async_api import ElementHandle, Frame, Locator, Page
from playwright.async_api import Error as PwError

from model.errors import ConfigError, ElementNotFound, ImageError, PerceptionError
from model.protocol import VisionModel
from perception._walker import FRAME_BOX_JS, FRAME_HIT_JS, HIT_JS, INDEX_JS, MEASURE_JS, WALK_JS
from perception.geometry import to_css_px, to_device_px, translate, translate_point
from perception.types import BBox, Element, ElementStates, Frozen, Observation, TextSpan

__all__ = ["HitTest", "OcrMode", "Relation", "hit_test", "measure", "observe", "resolve"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

OcrMode = Literal["auto", "off", "full"]
"""``auto``: read graphics without DOM text (and the whole viewport when the DOM has almost no
text); ``full``: read the whole screenshot; ``off``: never read pixels."""

Relation = Literal["self", "descendant", "label", "ancestor", "other", "none", "gone"]
"""How the topmost element at a point relates to the element tested: the element itself, inside it,
its label, the control that contains it (all four: a click reaches it), something else, nothing
(outside the viewport), or the element is no longer on the page."""

_OK: frozenset[str] = frozenset({"self", "descendant", "label", "ancestor"})
_GRAPHIC_TAGS = frozenset({"img", "canvas", "svg", "video"})
_FIELD_TAGS = frozenset({"input", "select", "textarea"})
_SEP = " >>> "
_MIN_OCR_CSS_PX = 8.0
"""Graphics smaller than this on either side hold no readable text."""
_MAX_OCR_REGIONS = 24
_TEXT_POOR_CHARS = 20
"""With fewer visible DOM characters than this in the viewport, ``auto`` reads the whole viewport."""
_RETRIES = 1


class HitTest(Frozen):
    """What a click at ``point`` (CSS px, top viewport) would land on, relative to an element.

    ``ok`` is True when the topmost element there is the element, inside it, its label or the
    control containing it; ``what`` describes the topmost element, e.g. ``'div#backdrop "Confirm"'``.

    >>> HitTest(ok=False, relation="other", what='div#backdrop', point=(10, 10)).ok
    False
    """

    ok: bool
    relation: Relation
    what: str
    point: tuple[float, float]


# -- frames -----------------------------------------------------------------------------------------
@dataclass
class _Frame:
    """A frame and where its content sits in the top viewport (CSS px)."""

    frame: Frame
    steps: tuple[int, ...] = ()
    offset: tuple[float, float] = (0.0, 0.0)
    clip: tuple[float, float, float, float] | None = None
    owner: ElementHandle | None = None
    parent: _Frame | None = None
    displayed: bool = True

    @property
    def path(self) -> str:
        return ".".join(map(str, self.steps))

    def chain(self) -> list[_Frame]:
        """This frame and its ancestors below the main frame, outermost first."""
        out: list[_Frame] = []
        node: _Frame | None = self
        while node is not None and node.parent is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _intersect(
    a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float] | None
) -> tuple[float, float, float, float] | None:
    if a is None or b is None:
        return None
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


async def _owner_box(frame: Frame) -> tuple[ElementHandle, dict[str, Any]] | None:
    """The frame's owner element in its parent and the frame's content box there (None: detached)."""
    try:
        owner = await frame.frame_element()
    except PwError as exc:
        logger.debug("frame %s has no owner element: %s", frame.url, _first_line(exc))
        return None
    try:
        box: dict[str, Any] = await owner.evaluate(FRAME_BOX_JS)
    except PwError as exc:
        logger.debug("frame %s: owner box failed: %s", frame.url, _first_line(exc))
        await _dispose([owner])
        return None
    return owner, box


async def _dispose(handles: Sequence[ElementHandle | None]) -> None:
    for h in handles:
        if h is not None:
            try:
                await h.dispose()
            except PwError:  # the frame or page went away: nothing left to free
                pass


async def _frame_tree(page: Page) -> list[_Frame]:
    """Every frame of ``page`` with its path, offset and content box, main frame first, then in path order.

    ``clip`` is each frame's content box in top-viewport CSS px, cut by its ancestors' boxes
    (:func:`_clip_to` then cuts it by the viewport). The caller releases the owner handles.
    """
    inf = math.inf
    main = _Frame(frame=page.main_frame, clip=(-inf, -inf, inf, inf))
    children = [f for f in page.frames if f is not page.main_frame]
    boxes = await asyncio.gather(*(_owner_box(f) for f in children))
    by_frame: dict[Frame, _Frame] = {page.main_frame: main}
    info: dict[Frame, tuple[ElementHandle, dict[str, Any]]] = {}
    for f, got in zip(children, boxes, strict=True):
        if got is not None:
            info[f] = got

    def attach(f: Frame) -> _Frame | None:
        if f in by_frame:
            return by_frame[f]
        parent_frame = f.parent_frame
        if parent_frame is None or f not in info:
            return None
        parent = attach(parent_frame)
        if parent is None:
            return None
        owner, box = info[f]
        if box["index"] < 0:
            return None
        ox, oy = parent.offset[0] + box["x"], parent.offset[1] + box["y"]
        if box.get("transformed"):
            logger.warning("frame %s: its owner element is CSS-transformed; boxes ignore the transform", f.url)
        node = _Frame(
            frame=f, steps=(*parent.steps, int(box["index"])), offset=(ox, oy), owner=owner, parent=parent,
            displayed=bool(box["visible"]) and parent.displayed,
            clip=_intersect(parent.clip, (ox, oy, ox + max(box["w"], 0.0), oy + max(box["h"], 0.0))),
        )  # fmt: skip
        by_frame[f] = node
        return node

    for f in children:
        attach(f)
    orphans = [h for f, (h, _) in info.items() if f not in by_frame]
    await _dispose(orphans)
    return sorted(by_frame.values(), key=lambda n: (len(n.steps) > 0, n.steps))


def _clip_to(tree: Sequence[_Frame], viewport: tuple[float, float]) -> None:
    view = (0.0, 0.0, viewport[0], viewport[1])
    for node in tree:
        node.clip = _intersect(node.clip, view)


async def _release(frames: Sequence[_Frame]) -> None:
    await _dispose([f.owner for f in frames])


# -- errors -----------------------------------------------------------------------------------------
@asynccontextmanager
async def _translated(what: str, page: Page, timeout_s: float) -> AsyncIterator[None]:
    """Playwright failures and time-outs as :class:`PerceptionError` naming ``what`` and the page."""
    try:
        async with asyncio.timeout(timeout_s):
            yield
    except TimeoutError as exc:
        raise PerceptionError(
            f"{what} of {page.url} did not finish within {timeout_s}s (a JavaScript dialog or a busy page "
            "blocks scripts; close the dialog or raise timeout_s)"
        ) from exc
    except PwError as exc:
        closed = page.is_closed() or "closed" in str(exc).lower()
        reason = "the page, its context or the browser is closed" if closed else _first_line(exc)
        raise PerceptionError(f"{what} of {page.url} failed: {reason}") from exc


def _check_page(page: object) -> Page:
    if not isinstance(page, Page):
        raise ConfigError(
            f"page must be a playwright.async_api.Page, got {type(page).__module__}.{type(page).__qualname__}"
            " (for the sync API use tools.browser.SyncSession)",
            name="page", value=page,
        )  # fmt: skip
    return page


# -- observe ----------------------------------------------------------------------------------------
async def observe(
    page: Page,
    *,
    model: VisionModel | None = None,
    ocr: OcrMode = "auto",
    languages: Sequence[str] = (),
    screenshot: bool = True,
    full_page: bool = False,
    max_elements: int = 3000,
    timeout_s: float = 10.0,
) -> Observation:
    """One look at ``page``: its elements in every frame and open shadow root, a screenshot, and text from pixels.

    Boxes are CSS px of the top-level viewport. ``screenshot`` is a PNG in device px of the viewport
    (of the whole page with ``full_page``). With a ``model``, ``ocr="auto"`` reads canvases, images,
    SVG, video and background images that carry no accessible text (and the whole viewport when
    the DOM holds almost no text); ``"full"`` reads the whole screenshot. ``languages`` are OCR hints
    (ISO 639-1); by default the page's ``<html lang>`` is the hint when it is not English. At most
    ``max_elements`` elements are kept, in document order, main frame first. ``timeout_s`` bounds the
    whole call, OCR included.

    Raises :class:`ConfigError` for bad arguments and :class:`PerceptionError` when the page cannot
    be read (closed, a dialog blocking scripts, time-out).

    >>> obs = await observe(page, model=CpuBackend())  # doctest: +SKIP
    >>> obs.elements[0].bbox  # doctest: +SKIP
    BBox(x0=100.0, y0=50.0, x1=220.0, y1=90.0, space='css_px')
    """
    page = _check_page(page)
    if ocr not in ("auto", "off", "full"):
        raise ConfigError(f"ocr={ocr!r} is not an OCR mode: use 'auto', 'off' or 'full'", name="ocr", value=ocr)
    if ocr == "full" and model is None:
        raise ConfigError("ocr='full' needs a model to read the pixels: pass model=CpuBackend() or a client",
                          name="model", value=None)  # fmt: skip
    if isinstance(languages, str):
        raise ConfigError(f"languages must be a sequence of codes such as ('{languages}',), not the string "
                          f"{languages!r}", name="languages", value=languages)  # fmt: skip
    if isinstance(max_elements, bool) or not isinstance(max_elements, int) or max_elements <= 0:
        raise ConfigError(f"max_elements={max_elements!r} must be a positive int", name="max_elements",
                          value=max_elements)  # fmt: skip
    if not (isinstance(timeout_s, int | float) and timeout_s > 0 and math.isfinite(timeout_s)):
        raise ConfigError(f"timeout_s={timeout_s!r} must be a positive number of seconds", name="timeout_s",
                          value=timeout_s)  # fmt: skip
    t0 = time.perf_counter()
    read = model is not None and ocr != "off"
    async with _translated("observe", page, timeout_s):
        obs = await _observe_dom(page, max_elements=max_elements, shot=screenshot or read, full_page=full_page,
                                 timeout_s=timeout_s)  # fmt: skip
        spans: tuple[TextSpan, ...] = ()
        if read and model is not None:
            hint = tuple(languages) or _lang_hint(obs.lang)
            try:
                spans = tuple(await _read_pixels(model, obs, mode=ocr, languages=hint, full_page=full_page))
            except ImageError as exc:  # a screenshot too large to decode: the DOM is still worth having
                logger.warning("observe %s: no OCR, the screenshot cannot be read: %s", obs.url, exc.reason)
    elapsed = time.perf_counter() - t0
    logger.debug("observed %s: %d elements, %d spans in %.3fs", obs.url, len(obs.elements), len(spans), elapsed)
    return obs.model_copy(
        update={"text_spans": spans, "time_s": elapsed, "screenshot": obs.screenshot if screenshot else b""}
    )


def _lang_hint(lang: str) -> tuple[str, ...]:
    primary = lang.split("-")[0].strip().lower()
    return (primary,) if primary and primary != "en" else ()


async def _walk(frame: Frame, max_elements: int) -> dict[str, Any]:
    raw: str = await frame.evaluate(WALK_JS, {"max": max_elements})
    data: dict[str, Any] = json.loads(raw)
    return data


async def _settled(awaitable: Awaitable[T]) -> T | BaseException:
    try:
        return await awaitable
    except (PwError, TimeoutError) as exc:
        return exc


async def _walk_child(frame: Frame, max_elements: int, timeout_s: float) -> dict[str, Any]:
    # Playwright waits for a navigating frame's new document; one that never loads (an ad, a dead
    # server) must cost its share of the budget, not the whole observation
    try:
        return await asyncio.wait_for(_walk(frame, max_elements), timeout=max(1.0, timeout_s / 4))
    except TimeoutError:
        raise TimeoutError(f"no document within {max(1.0, timeout_s / 4):.1f}s (still loading?)") from None


async def _observe_dom(page: Page, *, max_elements: int, shot: bool, full_page: bool, timeout_s: float) -> Observation:
    for attempt in range(_RETRIES + 1):
        try:
            return await _observe_once(page, max_elements=max_elements, shot=shot, full_page=full_page,
                                       timeout_s=timeout_s)  # fmt: skip
        except PwError as exc:
            # a navigation between our calls destroys the frame's context: look again once it has loaded
            if attempt < _RETRIES and "context was destroyed" in str(exc).lower():
                logger.info("observe of %s: the page navigated during the look; retrying", page.url)
                await page.wait_for_load_state("domcontentloaded", timeout=timeout_s * 1000)
                continue
            raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _observe_once(page: Page, *, max_elements: int, shot: bool, full_page: bool, timeout_s: float) -> Observation:
    main = page.main_frame
    others = [f for f in page.frames if f is not main]
    shot_task = (
        asyncio.ensure_future(page.screenshot(type="png", full_page=full_page, timeout=timeout_s * 1000))
        if shot else None
    )  # fmt: skip
    try:
        got = await asyncio.gather(
            _settled(_walk(main, max_elements)), _settled(_frame_tree(page)),
            *(_settled(_walk_child(f, max_elements, timeout_s)) for f in others),
        )  # fmt: skip
        top, tree, walks = got[0], got[1], got[2:]
        if isinstance(top, BaseException) or isinstance(tree, BaseException):
            if not isinstance(tree, BaseException):
                await _release(tree)
            raise top if isinstance(top, BaseException) else tree
        try:
            _clip_to(tree, (float(top["vw"]), float(top["vh"])))
            by_frame: dict[Frame, dict[str, Any]] = {main: top}
            for f, w in zip(others, walks, strict=True):
                if isinstance(w, BaseException):
                    logger.warning("frame %s could not be read, its elements are left out: %s", f.url, _first_line(w))
                else:
                    by_frame[f] = w
            elements = await _elements(tree, by_frame, max_elements)
        finally:
            await _release(tree)
        png = await shot_task if shot_task is not None else b""
    finally:
        if shot_task is not None:
            if not shot_task.done():
                shot_task.cancel()
            elif not shot_task.cancelled():
                shot_task.exception()  # retrieved, so a failed screenshot behind another error is not logged
    return Observation(
        url=page.url, title=top["title"], viewport=(int(top["vw"]), int(top["vh"])), scale_factor=float(top["dpr"]),
        scroll=(float(top["sx"]), float(top["sy"])), page_size=(float(top["pw"]), float(top["ph"])), screenshot=png,
        elements=tuple(elements), lang=top["lang"],
    )  # fmt: skip


def _box(r: Sequence[float]) -> BBox:
    return BBox(x0=r[0], y0=r[1], x1=max(r[0], r[2]), y1=max(r[1], r[3]), space="css_px")


async def _elements(tree: list[_Frame], walks: dict[Frame, dict[str, Any]], max_elements: int) -> list[Element]:
    """Raw walker records → :class:`Element` with top-viewport boxes, cross-frame occlusion and focus."""
    active: dict[Frame, bool] = {}
    rows: list[tuple[_Frame, dict[str, Any], BBox, bool]] = []
    for node in tree:
        data = walks.get(node.frame)
        if data is None or not node.displayed:
            continue
        parent_data = walks.get(node.parent.frame) if node.parent is not None else None
        active[node.frame] = node.parent is None or (
            active.get(node.parent.frame, False) and parent_data is not None
            and parent_data["active_frame"] == node.steps[-1]
        )  # fmt: skip
        if data["truncated"]:
            logger.warning("frame %r (%s) has more than max_elements=%d elements; the rest are left out",
                           node.path, data["url"], max_elements)  # fmt: skip
        dx, dy = node.offset
        for r in data["els"]:
            bbox = translate(_box(r["rect"]), dx=dx, dy=dy)
            vis = None
            if r["vis"] is not None:
                v = translate(_box(r["vis"]), dx=dx, dy=dy)
                vis = _intersect(v.as_tuple(), node.clip)
            rows.append((node, r, bbox, vis is not None))
    if len(rows) > max_elements:
        logger.warning("the page has %d elements over its frames; keeping the first max_elements=%d",
                       len(rows), max_elements)  # fmt: skip
        rows = rows[:max_elements]
    covered = await _cross_frame_occlusion(rows)
    out: list[Element] = []
    for i, (node, r, bbox, in_view) in enumerate(rows):
        st = dict(r["states"])
        st["focused"] = bool(st.get("focused")) and active.get(node.frame, False)
        out.append(Element(
            index=i, role=r["role"] or "generic", name=r["name"], text=r["text"], value=r["value"], tag=r["tag"],
            attributes=r["attributes"], states=ElementStates(**st), bbox=bbox, visible=r["visible"],
            in_viewport=in_view, occluded=in_view and (r["occluded"] or i in covered), interactive=r["interactive"],
            frame=node.path, frame_url=walks[node.frame]["url"], shadow=r["shadow"], selector=r["selector"],
            color=r["color"], text_color=r["text_color"], accent_color=r["accent"],
        ))  # fmt: skip
    return out


async def _cross_frame_occlusion(rows: list[tuple[_Frame, dict[str, Any], BBox, bool]]) -> set[int]:
    """Indices of child-frame elements whose visible point is covered in an ancestor frame (e.g. a
    modal of the parent page over the iframe)."""
    asks: dict[int, tuple[_Frame, list[int], list[tuple[float, float]]]] = {}
    for i, (node, r, _, in_view) in enumerate(rows):
        if node.parent is None or not in_view or r["hit"] is None:
            continue
        top = translate_point((r["hit"][0], r["hit"][1]), dx=node.offset[0], dy=node.offset[1])
        for level in node.chain():
            ask = asks.setdefault(id(level), (level, [], []))
            ask[1].append(i)
            ask[2].append(top)

    async def check(level: _Frame, idx: list[int], points: list[tuple[float, float]]) -> set[int]:
        parent = level.parent
        if parent is None or level.owner is None:
            return set()
        local = [translate_point(p, dx=-parent.offset[0], dy=-parent.offset[1]) for p in points]
        try:
            whats: list[str] = await parent.frame.evaluate(FRAME_HIT_JS, [level.owner, local])
        except PwError as exc:
            logger.debug("occlusion check over frame %r failed: %s", level.path, _first_line(exc))
            return set()
        return {i for i, what in zip(idx, whats, strict=True) if what}

    found = await asyncio.gather(*(check(*ask) for ask in asks.values()))
    return set().union(*found) if found else set()


# -- OCR --------------------------------------------------------------------------------------------
def _png_size(png: bytes) -> tuple[int, int]:
    if len(png) < 24 or png[:8] != b"\x89PNG\r\n\x1a\n":
        raise PerceptionError(f"the screenshot is not a PNG ({len(png)} bytes)")
    w, h = struct.unpack(">II", png[16:24])
    return int(w), int(h)


def _ocr_regions(obs: Observation) -> list[Element]:
    """Graphics and controls with no accessible text, visible in the viewport, largest first, none
    inside another chosen one."""
    chosen: list[Element] = []
    pool = [
        e for e in obs.elements
        if e.visible and e.in_viewport and not e.occluded and not e.label
        and (e.tag in _GRAPHIC_TAGS or (e.interactive and e.tag not in _FIELD_TAGS) or e.role == "img"
             or e.attributes.get("type") == "image" or _is_background_image(e))
        and e.bbox.width >= _MIN_OCR_CSS_PX and e.bbox.height >= _MIN_OCR_CSS_PX
    ]  # fmt: skip
    for e in sorted(pool, key=lambda e: -e.bbox.area):
        if any(c.bbox.intersection_area(e.bbox) >= 0.9 * e.bbox.area for c in chosen):
            continue
        chosen.append(e)
        if len(chosen) == _MAX_OCR_REGIONS:
            logger.info("OCR: reading the %d largest graphics; %d more are left out", _MAX_OCR_REGIONS,
                        len(pool) - len(chosen))  # fmt: skip
            break
    return chosen


def _is_background_image(e: Element) -> bool:
    # the walker keeps a label-less, non-interactive element of another tag only for a CSS background image
    return e.role in ("generic", "img") and not e.interactive and e.tag not in _GRAPHIC_TAGS


async def _read_pixels(
    model: VisionModel, obs: Observation, *, mode: OcrMode, languages: tuple[str, ...], full_page: bool
) -> list[TextSpan]:
    from perception.ocr import decode, read_decoded  # OCR loads image libraries: only when pixels are read

    png = obs.screenshot
    width, height = _png_size(png)
    image = (0.0, 0.0, float(width), float(height))
    sx, sy = obs.scroll if full_page else (0.0, 0.0)  # a full-page image starts at the document's origin
    f = obs.scale_factor
    vw, vh = obs.viewport

    def device(box: BBox) -> BBox | None:
        clipped = _intersect(box.as_tuple(), (0.0, 0.0, float(vw), float(vh)))
        if clipped is None:
            return None
        moved = translate(_box(clipped), dx=sx, dy=sy)
        d = _intersect(to_device_px(moved, scale_factor=f).as_tuple(), image)
        return BBox(x0=d[0], y0=d[1], x1=d[2], y1=d[3], space="device_px") if d else None

    def css(span: TextSpan, element: int | None) -> TextSpan:
        box = translate(to_css_px(span.bbox, scale_factor=f), dx=-sx, dy=-sy)
        return span.model_copy(update={"bbox": box, "element": element, "source": "ocr"})

    visible_text = sum(len(e.label) for e in obs.elements if e.visible and e.in_viewport and not e.occluded)
    whole = mode == "full" or visible_text < _TEXT_POOR_CHARS
    regions = (
        [] if whole else [(e, r) for e in _ocr_regions(obs) if (r := device(e.bbox)) and min(r.width, r.height) >= 4]
    )
    if not whole and not regions:
        return []
    picture = await asyncio.to_thread(decode, png)  # once, for every region
    out: list[TextSpan] = []
    if whole:
        region = None if mode == "full" else device(_box((0.0, 0.0, float(vw), float(vh))))
        spans = await read_decoded(model, picture, png, languages=languages, region=region)
        shown = [e for e in obs.elements if e.visible and e.in_viewport]
        for s in spans:
            c = css(s, None)
            out.append(c.model_copy(update={"element": _owner_of(c.bbox, shown)}))
        logger.debug("OCR of the whole %s: %d spans", "screenshot" if mode == "full" else "viewport", len(out))
        return out
    for e, region in regions:
        spans = await read_decoded(model, picture, png, languages=languages, region=region)
        out.extend(css(s, e.index) for s in spans)
        logger.debug("OCR of element #%d <%s>: %d spans", e.index, e.tag, len(spans))
    return out


def _owner_of(box: BBox, shown: Sequence[Element]) -> int | None:
    """The smallest shown element containing the span's centre."""
    cx, cy = box.center
    best: Element | None = None
    for e in shown:
        b = e.bbox
        if b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1 and (best is None or b.area < best.bbox.area):
            best = e
    return best.index if best is not None else None


# -- hit test and locators --------------------------------------------------------------------------
async def _locate_frame(page: Page, element: Element) -> tuple[_Frame, list[_Frame]]:
    """The element's frame (by path) and the whole tree, whose handles the caller releases."""
    if not element.frame:
        return _Frame(frame=page.main_frame), []
    tree = await _frame_tree(page)
    for node in tree:
        if node.path == element.frame:
            return node, tree
    await _release(tree)
    raise ElementNotFound(
        f"element #{element.index} {element.label!r} in frame {element.frame!r} (the frame is gone)", url=page.url
    )


def _describe(element: Element) -> str:
    label = f" {element.label!r}" if element.label else ""
    where = f" in frame {element.frame!r}" if element.frame else ""
    return f"element #{element.index} <{element.tag}>{label} ({element.selector}){where}"


async def hit_test(page: Page, element: Element, point: tuple[float, float], *, timeout_s: float = 5.0) -> HitTest:
    """Whether a click at ``point`` (CSS px of the top viewport) would reach ``element``.

    ``ok`` is True when the topmost element at the point is the element, inside it, its label or
    the control that contains it, across iframes (same- and cross-origin: every ancestor frame must
    show the frame there) and open shadow roots. ``relation="gone"`` when the element's selector no
    longer finds it. Raises :class:`PerceptionError` when the page cannot be read in ``timeout_s``.

    >>> (await hit_test(page, obs.elements[3], obs.elements[3].bbox.center)).ok  # doctest: +SKIP
    True
    """
    page = _check_page(page)
    x, y = (float(point[0]), float(point[1]))
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ConfigError(f"point={point!r} must be two finite CSS px coordinates", name="point", value=point)
    if not element.selector:
        raise ConfigError(f"{_describe(element)} has no selector: take it from observe()", name="element",
                          value=element.index)  # fmt: skip
    async with _translated("hit test", page, timeout_s):
        try:
            node, tree = await _locate_frame(page, element)
        except ElementNotFound:
            return HitTest(ok=False, relation="gone", what=f"frame {element.frame!r} is gone", point=(x, y))
        try:
            for level in node.chain():
                parent = level.parent
                if parent is None or level.owner is None:
                    continue
                px, py = translate_point((x, y), dx=-parent.offset[0], dy=-parent.offset[1])
                whats: list[str] = await parent.frame.evaluate(FRAME_HIT_JS, [level.owner, [[px, py]]])
                if whats[0]:
                    return HitTest(ok=False, relation="other" if whats[0] != "nothing" else "none",
                                   what=f"{whats[0]} (over frame {level.path!r})", point=(x, y))  # fmt: skip
            fx, fy = translate_point((x, y), dx=-node.offset[0], dy=-node.offset[1])
            got: dict[str, Any] = await node.frame.evaluate(HIT_JS, [element.selector, fx, fy])
        finally:
            await _release(tree)
    relation: Relation = got["relation"]
    return HitTest(ok=relation in _OK, relation=relation, what=got["what"], point=(x, y))


async def resolve(page: Page, element: Element, *, timeout_s: float = 5.0) -> Locator:
    """A Playwright :class:`Locator` for ``element``, in its frame and through its shadow roots.

    Raises :class:`ElementNotFound` when the element is no longer on the page and
    :class:`PerceptionError` when the page cannot be read in ``timeout_s``.

    >>> await (await resolve(page, field)).fill("ada@example.com")  # doctest: +SKIP
    """
    page = _check_page(page)
    if not element.selector:
        raise ConfigError(f"{_describe(element)} has no selector: take it from observe()", name="element",
                          value=element.index)  # fmt: skip
    async with _translated("resolve", page, timeout_s):
        node, tree = await _locate_frame(page, element)
        await _release(tree)
        segments = element.selector.split(_SEP)
        loc = node.frame.locator(segments[0])
        for seg in segments[1:]:
            loc = loc.locator(seg)
        # Playwright's CSS pierces shadow roots, so a path can match more than the element: pick it out
        index, count = await loc.evaluate_all(INDEX_JS, element.selector)
    if index < 0:
        raise ElementNotFound(_describe(element), url=page.url)
    return loc if count == 1 else loc.nth(index)


async def measure(page: Page, element: Element, *, timeout_s: float = 5.0) -> BBox | None:
    """``element``'s box now, in CSS px of the top viewport (frame offsets applied), or None when it is gone.

    Use it rather than Playwright's ``locator.bounding_box()`` for elements in frames: that one
    leaves out the owner's border for a cross-site frame nested in another frame.
    Raises :class:`PerceptionError` when the page cannot be read in ``timeout_s``.

    >>> (await measure(page, obs.elements[0])).center  # doctest: +SKIP
    (160.0, 70.0)
    """
    page = _check_page(page)
    if not element.selector:
        raise ConfigError(f"{_describe(element)} has no selector: take it from observe()", name="element",
                          value=element.index)  # fmt: skip
    async with _translated("measure", page, timeout_s):
        try:
            node, tree = await _locate_frame(page, element)
        except ElementNotFound:
            return None
        await _release(tree)
        rect: list[float] | None = await node.frame.evaluate(MEASURE_JS, element.selector)
    if rect is None:
        return None
    return translate(_box(rect), dx=node.offset[0], dy=node.offset[1])
