"""Browser actions: click, type, select, scroll, drag, wait, upload, download… on a :class:`Session`.

Each action takes a **target** (see :data:`Target`): a query in words (``"the Sign in button"``,
``"두 번째 삭제 버튼"``), grounded on a fresh observation of the page; an :class:`Element` or a
:class:`Candidate` from an earlier observation; a ``css_px`` :class:`BBox`; or an ``(x, y)``
point in CSS px of the viewport. A pointer action aims at the box centre only after
:func:`perception.screen.hit_test` confirms that the topmost element there is the target (else it
tries other points on it, waits, re-grounds once, then raises naming what covers it). Every action
is bounded by ``timeout_s`` and returns an :class:`ActionResult`: what was acted on, where, the URL
before and after, a screenshot (device px) and timings.

The functions take the session first; ``Session`` and ``SyncSession`` have the same actions as
methods (``await session.click("Save")`` / ``session.click("Save")``).

>>> result = await click(session, "the Sign in button")  # doctest: +SKIP
>>> result.point, result.url_after  # doctest: +SKIP
((640.0, 412.5), 'http://127.0.0.1:8000/home')
"""

from __future__ import annotations

import asyncio
import fnmatch
import logging
import math
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from playwright.async_api import Error as PwError
from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PwTimeoutError
from pydantic import JsonValue

from model.errors import ActionError, ActionTimeout, ConfigError, NavigationError
from perception.types import Grounding, Observation
from tools.browser._act import (
    Deadline,
    NavigationWatch,
    Resolved,
    check_count,
    describe,
    fold,
    ground_query,
    guarded,
    locate,
    modifier_keys,
    next_frames,
    no_dialog_open,
    note_dialog,
    point_and_press,
    press_keys,
    resolve_target,
    run_input,
    settle,
    url_of,
)
from tools.browser._forms import check, download, select, uncheck, upload
from tools.browser._launch import first_line
from tools.browser._motion import drag, scroll, scroll_to
from tools.browser._result import ActionName, ActionResult, ActionTarget, Modifier, Target, finish

if TYPE_CHECKING:
    from tools.browser.session import Session, WaitUntil

__all__ = [
    "ActionName", "ActionResult", "ActionTarget", "Modifier", "Target", "accept_dialog", "back", "check", "click",
    "dismiss_dialog", "double_click", "download", "drag", "fill", "forward", "ground", "hover", "navigate", "observe", "press",
    "reload", "right_click", "scroll", "scroll_to", "select", "switch_tab", "type_text", "uncheck", "upload",
    "wait_for",
]  # fmt: skip

logger = logging.getLogger(__name__)


# -- observe ------------------------------------------------------------------------------------------------
async def observe(
    session: Session,
    *,
    ocr: Literal["auto", "off", "full"] = "auto",
    languages: Sequence[str] = (),
    screenshot: bool = True,
    full_page: bool = False,
    max_elements: int = 3000,
    timeout_s: float = 10.0,
) -> Observation:
    """An :class:`Observation` of the session's current page, reading pixels with the session's model.

    The same as :func:`perception.screen.observe` on ``session.page`` with ``model=session.model``.

    >>> obs = await observe(session)  # doctest: +SKIP
    >>> [e.label for e in obs.elements if e.role == "button"]  # doctest: +SKIP
    ['Sign in', 'Cancel']
    """
    from perception.screen import observe as observe_screen

    no_dialog_open(session, "observe the page")
    return await observe_screen(
        session.page, model=session.model, ocr=ocr, languages=tuple(languages), screenshot=screenshot,
        full_page=full_page, max_elements=max_elements, timeout_s=timeout_s,
    )  # fmt: skip


async def ground(
    session: Session, query: str, *, observation: Observation | None = None, limit: int = 5, timeout_s: float = 10.0
) -> Grounding:
    """The candidates for ``query`` on the page, best first, without acting: what a click would aim at.

    Grounds on ``observation`` when given, else on a fresh one; the DOM and OCR first, the
    session's model only when they find nothing. ``found`` is False when nothing is good enough.

    >>> g = await ground(session, "두 번째 삭제 버튼")  # doctest: +SKIP
    >>> g.found, g.best.label, round(g.best.score, 2)  # doctest: +SKIP
    (True, '삭제', 0.93)
    """
    if not isinstance(query, str) or not query.strip():
        raise ConfigError(f"query={query!r} must be a non-empty description", name="query", value=query)
    no_dialog_open(session, f"ground {query!r}")
    return await ground_query(session, query, Deadline(timeout_s), limit=limit, observation=observation)


# -- pointer ------------------------------------------------------------------------------------------------
async def click(
    session: Session,
    target: Target,
    *,
    button: Literal["left", "right", "middle"] = "left",
    count: int = 1,
    modifiers: Sequence[Modifier] = (),
    force: bool = False,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Click ``target`` at the centre of its box, once the page's hit test says the pointer lands on it.

    ``force=True`` skips the hit test and the disabled check. A click that opens a dialog returns at
    once with ``details["dialog"]`` (close it with :func:`accept_dialog`); one that starts a
    navigation waits for it to load, up to ``timeout_s`` (``details["loaded"]`` False if it did not).
    Raises :class:`ElementNotFound` (with the closest candidates) when a query matches nothing,
    :class:`ActionError` naming the element on top when the target is covered, and
    :class:`ActionTimeout` naming the target and URL when ``timeout_s`` runs out.

    >>> await click(session, "the second Delete button")  # doctest: +SKIP
    >>> await click(session, (120, 48), button="right")  # doctest: +SKIP
    """
    deadline = Deadline(timeout_s)
    check_count("count", count)
    mods = modifier_keys(modifiers)
    action: ActionName = "click" if button == "left" and count == 1 else "right_click" if button == "right" else (
        "double_click" if count == 2 else "click")  # fmt: skip
    what = f"{action} on {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved, aimed, details = await point_and_press(
            session, target, deadline, what=what, button=button, count=count, modifiers=mods, force=force
        )
        return await finish(session, action, deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=aimed.point, details=details)  # fmt: skip


async def double_click(
    session: Session, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Double-click ``target`` (``dblclick`` fires); see :func:`click`.

    >>> await double_click(session, "the file name report.pdf")  # doctest: +SKIP
    """
    return await click(session, target, count=2, force=force, timeout_s=timeout_s, screenshot=screenshot)


async def right_click(
    session: Session, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Right-click ``target`` (``contextmenu`` fires); see :func:`click`.

    >>> await right_click(session, "the row for Bob")  # doctest: +SKIP
    """
    return await click(session, target, button="right", force=force, timeout_s=timeout_s, screenshot=screenshot)


async def hover(
    session: Session, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Move the mouse over ``target`` (hit-tested like :func:`click`), e.g. to open a hover menu.

    >>> await hover(session, "the Products menu")  # doctest: +SKIP
    """
    deadline = Deadline(timeout_s)
    what = f"hover over {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved, aimed, details = await point_and_press(session, target, deadline, what=what, move_only=True,
                                                          force=force)  # fmt: skip
        return await finish(session, "hover", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=aimed.point, details=details)  # fmt: skip


# -- keyboard -----------------------------------------------------------------------------------------------
_VALUE_JS = """el => {
    const t = (el instanceof HTMLLabelElement && el.control) ? el.control : el;
    if ("value" in t && typeof t.value === "string") return t.value;
    return t.isContentEditable ? t.innerText : null;
}"""


_CARET_AT_END_JS = """el => {
    const t = (el instanceof HTMLLabelElement && el.control) ? el.control : el;
    t.focus();
    if (t.isContentEditable) {
        const range = document.createRange(); range.selectNodeContents(t); range.collapse(false);
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range); return true;
    }
    try { t.setSelectionRange(t.value.length, t.value.length); return true; }
    catch (e) { return false; }  // email and number inputs have no selection API: the End key will do
}"""


async def _value(locator: Locator, deadline: Deadline) -> str | None:
    value = await locator.evaluate(_VALUE_JS, timeout=deadline.ms(cap_s=3))
    return value if isinstance(value, str) else None


async def _editable(session: Session, resolved: Resolved, locator: Locator, deadline: Deadline) -> None:
    try:
        editable = await locator.is_editable(timeout=deadline.ms(cap_s=3))
    except PwError as exc:
        if isinstance(exc, PwTimeoutError):
            raise
        role = resolved.element.role if resolved.element else "element"
        raise ActionError(f"cannot type into {resolved.name} (a {role}) on {url_of(session)}: it is not a text "
                          "field, text area or editable element") from exc  # fmt: skip
    if not editable:
        raise ActionError(f"cannot type into {resolved.name} on {url_of(session)}: it is disabled or read-only")


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise ConfigError(f"text={text!r} must be a string", name="text", value=text)


async def fill(
    session: Session,
    target: Target,
    text: str,
    *,
    clear: bool = True,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Put ``text`` into the text field ``target`` (replacing what is there unless ``clear=False``).

    A field is filled at once (input and change events fire); a target without an element (a box,
    an OCR span) is clicked and the text typed. ``details["value"]`` is the field's value after.
    Raises :class:`ActionError` when the target is not editable (a button, a disabled field).

    >>> await fill(session, "the email field", "ada@example.com")  # doctest: +SKIP
    >>> await fill(session, "이메일 입력란", "ada@example.com")  # doctest: +SKIP
    """
    _check_text(text)
    deadline = Deadline(timeout_s)
    what = f"fill {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved = await resolve_target(session, target, deadline)
        details: dict[str, JsonValue] = {}
        point: tuple[float, float] | None = None
        if resolved.element is not None:
            locator = await locate(session, resolved.element, deadline)
            await _editable(session, resolved, locator, deadline)
            if clear:
                _, held = await run_input(session, locator.fill(text, timeout=deadline.ms()), deadline, what)
            else:
                if not await locator.evaluate(_CARET_AT_END_JS, timeout=deadline.ms(cap_s=3)):
                    await locator.press("End", timeout=deadline.ms())
                _, held = await run_input(session, session.page.keyboard.insert_text(text), deadline, what)
            if not note_dialog(session, details, held=held):  # a dialog pauses the page: no value to read
                details["value"] = await _value(locator, deadline)
        else:
            resolved, aimed, _ = await point_and_press(session, target, deadline, what=what, resolved=resolved)
            point = aimed.point
            if clear:
                await run_input(session, press_keys(session, ["ControlOrMeta+A", "Delete"]), deadline, what)
            if not note_dialog(session, details, held=False):
                _, held = await run_input(session, session.page.keyboard.insert_text(text), deadline, what)
                note_dialog(session, details, held=held)
        return await finish(session, "fill", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip


async def type_text(
    session: Session,
    target: Target | None,
    text: str,
    *,
    clear: bool = True,
    delay_s: float = 0.0,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Type ``text`` key by key (keydown/keypress/input/keyup for each character, ``delay_s`` apart).

    ``target`` is clicked first (None types into whatever has focus). ``clear`` empties the field
    first. Use it where a page reacts to single keys (autocomplete, key handlers); :func:`fill` is faster.

    >>> await type_text(session, "the search box", "tilepilot", delay_s=0.05)  # doctest: +SKIP
    """
    _check_text(text)
    if not (isinstance(delay_s, int | float) and math.isfinite(delay_s) and delay_s >= 0):
        raise ConfigError(f"delay_s={delay_s!r} must be a number of seconds >= 0", name="delay_s", value=delay_s)
    deadline = Deadline(timeout_s)
    what = f"type into {describe(target) if target is not None else 'the focused element'}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved: Resolved | None = None
        point: tuple[float, float] | None = None
        locator: Locator | None = None
        if target is not None:
            resolved = await resolve_target(session, target, deadline)
            if resolved.element is not None:
                locator = await locate(session, resolved.element, deadline)
                await _editable(session, resolved, locator, deadline)
            resolved, aimed, _ = await point_and_press(session, target, deadline, what=what, resolved=resolved)
            point = aimed.point
        details: dict[str, JsonValue] = {}
        if clear:
            emptied = locator.fill("", timeout=deadline.ms()) if locator is not None else press_keys(
                session, ["ControlOrMeta+A", "Delete"])  # fmt: skip
            await run_input(session, emptied, deadline, what)
        if not note_dialog(session, details, held=False):  # clearing opened one: typing would wait on it
            _, held = await run_input(session, session.page.keyboard.type(text, delay=delay_s * 1000), deadline, what)
            if not note_dialog(session, details, held=held) and locator is not None:
                details["value"] = await _value(locator, deadline)
        return await finish(session, "type_text", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip


async def press(
    session: Session,
    keys: str | Sequence[str],
    *,
    target: Target | None = None,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Press keys or chords in order (``"Enter"``, ``["Control+A", "Delete"]``, ``"Shift+Tab"``).

    With ``target``, it is focused first (an element is focused without a click; a box is clicked).
    An unknown key name raises :class:`ConfigError` naming it.

    >>> await press(session, "Enter", target="the search box")  # doctest: +SKIP
    """
    sequence = [keys] if isinstance(keys, str) else list(keys)
    if not sequence or not all(isinstance(k, str) and k for k in sequence):
        raise ConfigError(f"keys={keys!r} must be a key name or a non-empty list of them", name="keys", value=keys)
    deadline = Deadline(timeout_s)
    what = f"press {'+'.join(sequence) if len(sequence) == 1 else sequence}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved: Resolved | None = None
        point: tuple[float, float] | None = None
        if target is not None:
            resolved = await resolve_target(session, target, deadline)
            if resolved.element is not None:
                await (await locate(session, resolved.element, deadline)).focus(timeout=deadline.ms())
            else:
                resolved, aimed, _ = await point_and_press(session, target, deadline, what=what, resolved=resolved)
                point = aimed.point
        watch = NavigationWatch(session.page)
        page_url = session.url
        details: dict[str, JsonValue] = {"keys": list(sequence)}
        with watch.watching():
            _, held = await run_input(session, press_keys(session, sequence), deadline, what)
            if held and session.pending_dialog is not None:
                details["dialog"] = session.pending_dialog.message
            else:
                details["loaded"] = await settle(session, watch, page_url, deadline)
        return await finish(session, "press", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip



# -- navigation ---------------------------------------------------------------------------------------------
async def navigate(
    session: Session, url: str, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
) -> ActionResult:
    """Open ``url`` in the current tab; :class:`NavigationError` naming the URL and timeout if it never loads.

    >>> await navigate(session, "http://127.0.0.1:8000/login", timeout_s=10)  # doctest: +SKIP
    """
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"url={url!r} must be a non-empty URL", name="url", value=url)
    deadline = Deadline(timeout_s)
    no_dialog_open(session, f"navigate to {url}")
    url_before = session.url
    await session.goto(url, timeout_s=timeout_s, wait_until=wait_until)
    async with guarded(session, f"navigate to {url}", deadline):
        return await finish(session, "navigate", deadline, url_before, want_shot=screenshot,
                             details={"wait_until": wait_until})  # fmt: skip


async def _history(
    session: Session, action: Literal["back", "forward", "reload"], *, timeout_s: float, wait_until: WaitUntil,
    screenshot: bool,
) -> ActionResult:  # fmt: skip
    deadline = Deadline(timeout_s)
    no_dialog_open(session, f"go {action}" if action != "reload" else "reload")
    page, url_before = session.page, session.url
    try:
        if action == "back":
            response = await page.go_back(timeout=deadline.ms(), wait_until=wait_until)
        elif action == "forward":
            response = await page.go_forward(timeout=deadline.ms(), wait_until=wait_until)
        else:
            response = await page.reload(timeout=deadline.ms(), wait_until=wait_until)
    except PwTimeoutError as exc:
        raise NavigationError(page.url, reason=f"{action} did not load (wait_until={wait_until!r}) within "
                              f"{timeout_s}s", timeout_s=timeout_s) from exc  # fmt: skip
    except PwError as exc:
        raise NavigationError(url_before, reason=f"{action} failed: {first_line(exc)}") from exc
    if action != "reload" and response is None and page.url == url_before:
        raise ActionError(f"no {'earlier' if action == 'back' else 'later'} page to go {action} to from "
                          f"{url_before} in this tab's history")  # fmt: skip
    async with guarded(session, action, deadline):
        return await finish(session, action, deadline, url_before, want_shot=screenshot,
                             details={"status": response.status if response is not None else None})  # fmt: skip


async def back(
    session: Session, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
) -> ActionResult:
    """Go back one page in the tab's history; :class:`ActionError` when there is none.

    >>> await back(session)  # doctest: +SKIP
    """
    return await _history(session, "back", timeout_s=timeout_s, wait_until=wait_until, screenshot=screenshot)


async def forward(
    session: Session, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
) -> ActionResult:
    """Go forward one page in the tab's history; :class:`ActionError` when there is none.

    >>> await forward(session)  # doctest: +SKIP
    """
    return await _history(session, "forward", timeout_s=timeout_s, wait_until=wait_until, screenshot=screenshot)


async def reload(
    session: Session, *, timeout_s: float = 30.0, wait_until: WaitUntil = "load", screenshot: bool = True
) -> ActionResult:
    """Reload the current page; :class:`NavigationError` if it does not load in time.

    >>> await reload(session, timeout_s=10)  # doctest: +SKIP
    """
    return await _history(session, "reload", timeout_s=timeout_s, wait_until=wait_until, screenshot=screenshot)


# -- waiting ------------------------------------------------------------------------------------------------
_TEXT_JS = """needle => {
    const fold = s => s.replace(/\\s+/g, " ").trim().toLowerCase();
    const want = fold(needle);
    const seen = [];
    const visit = root => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        for (let n = walker.currentNode; n; n = walker.nextNode()) {
            if (n.nodeType === Node.TEXT_NODE) {
                const p = n.parentElement;
                if (p && n.data.trim() && (!p.checkVisibility || p.checkVisibility({visibilityProperty: true})))
                    seen.push(n.data);
            } else if (n.shadowRoot) visit(n.shadowRoot);
            else if ((n instanceof HTMLInputElement || n instanceof HTMLTextAreaElement) && n.value) seen.push(n.value);
        }
    };
    visit(document.documentElement || document);
    return fold(seen.join(" ")).includes(want);
}"""


async def _text_shown(page: Page, text: str, deadline: Deadline) -> bool:
    for frame in page.frames:
        try:
            if await asyncio.wait_for(frame.evaluate(_TEXT_JS, text), min(deadline.left(), 2.0)):
                return True
        except (TimeoutError, PwError):  # a frame that is navigating or detaching: ask again next round
            continue
    return False


def _url_matcher(url: str | re.Pattern[str]) -> tuple[str, Callable[[str], bool]]:
    if isinstance(url, re.Pattern):
        pattern = url
        return f"URL matching /{url.pattern}/", lambda s: pattern.search(s) is not None
    if not isinstance(url, str) or not url:
        raise ConfigError(f"url={url!r} must be a glob ('**/done*'), a substring or a compiled regex", name="url",
                          value=url)  # fmt: skip
    if any(ch in url for ch in "*?["):
        return f"URL like {url!r}", lambda s: fnmatch.fnmatchcase(s, url.replace("**", "*"))
    return f"URL containing {url!r}", lambda s: url in s


async def wait_for(
    session: Session,
    *,
    text: str | None = None,
    element: str | None = None,
    url: str | re.Pattern[str] | None = None,
    gone: bool = False,
    timeout_s: float = 10.0,
    poll_s: float = 0.2,
    screenshot: bool = True,
) -> ActionResult:
    """Wait until ``text`` shows, an ``element`` query grounds, or the URL matches ``url`` (``gone``: until not).

    Give exactly one. ``text`` is searched (case- and space-folded) in the visible text of every
    frame and open shadow root; ``element`` is a query grounded on fresh observations (the result's
    target is what it found); ``url`` is a glob (``"**/done*"``), a substring or a compiled regex.
    Raises :class:`ActionTimeout` naming the wait and the URL after ``timeout_s``.

    >>> await wait_for(session, text="Saved", timeout_s=5)  # doctest: +SKIP
    >>> await wait_for(session, element="the spinner", gone=True)  # doctest: +SKIP
    """
    given = [name for name, v in (("text", text), ("element", element), ("url", url)) if v is not None]
    if len(given) != 1:
        raise ConfigError(f"wait_for needs exactly one of text, element and url; got {given or 'none'}",
                          name="text", value=given)  # fmt: skip
    if not (isinstance(poll_s, int | float) and math.isfinite(poll_s) and poll_s > 0):
        raise ConfigError(f"poll_s={poll_s!r} must be a number of seconds > 0", name="poll_s", value=poll_s)
    deadline = Deadline(timeout_s)
    if text is not None:
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"text={text!r} must be non-empty", name="text", value=text)
        what = f"text {text!r}"
    elif element is not None:
        if not isinstance(element, str) or not element.strip():
            raise ConfigError(f"element={element!r} must be a non-empty query", name="element", value=element)
        what = f"element {element!r}"
    else:
        assert url is not None
        what, url_test = _url_matcher(url)
    what = f"waiting for {what}" + (" to go" if gone else "")
    no_dialog_open(session, what)
    url_before = session.url
    found: Resolved | None = None
    polls = 0
    async with guarded(session, what, deadline):
        while True:
            polls += 1
            if text is not None:
                present = await _text_shown(session.page, text, deadline)
            elif element is not None:
                grounding = await ground_query(session, element, deadline)
                present = grounding.best is not None
                if grounding.best is not None:
                    best = grounding.best
                    found = Resolved(label=best.label, source=best.source, bbox=best.bbox, element=best.element,
                                     query=element, score=best.score, why=best.why)  # fmt: skip
            else:
                present = url_test(session.url)
            if present != gone:
                break
            if deadline.left() <= poll_s / 2:
                raise ActionTimeout(what, url=url_of(session), timeout_s=timeout_s)
            await asyncio.sleep(min(poll_s, deadline.left()))
        return await finish(session, "wait_for", deadline, url_before, want_shot=screenshot,
                             resolved=None if gone else found,
                             details={"waited_s": round(deadline.elapsed(), 3), "polls": polls})  # fmt: skip



# -- tabs and dialogs ---------------------------------------------------------------------------------------
async def _tab_titles(pages: list[Page], deadline: Deadline) -> list[str]:
    titles = []
    for each in pages:
        try:
            titles.append(await asyncio.wait_for(each.title(), min(deadline.left(), 2.0)))
        except (TimeoutError, PwError):  # still loading, or paused by a dialog
            titles.append("")
    return titles


def _match_tab(wanted: str, titles: list[str], urls: list[str]) -> int | None:
    """The tab whose title, then URL, equals ``wanted`` (folded), then contains it; the newest on a tie."""
    folded = fold(wanted)
    tests: tuple[Callable[[int], bool], ...] = (
        lambda i: fold(titles[i]) == folded,
        lambda i: urls[i] == wanted,
        lambda i: folded in fold(titles[i]),
        lambda i: wanted in urls[i],
    )
    for test in tests:
        hits = [i for i in range(len(urls)) if test(i)]
        if hits:
            return hits[-1]
    return None


async def switch_tab(
    session: Session, tab: int | str, *, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Make another tab the session's page: by index into ``session.pages`` (``-1`` is the newest) or by title/URL.

    A string matches a tab's title, then its URL, exactly (case-folded), then as a part; a tab
    still loading is waited for up to ``timeout_s``. Raises :class:`ActionError` listing the open
    tabs when none matches.

    >>> await switch_tab(session, -1)  # the popup that just opened  # doctest: +SKIP
    >>> await switch_tab(session, "Checkout")  # doctest: +SKIP
    """
    deadline = Deadline(timeout_s)
    url_before = session.url
    async with guarded(session, f"switch to tab {tab!r}", deadline):
        while True:
            pages = [p for p in session.pages if not p.is_closed()]
            urls = [p.url for p in pages]
            if isinstance(tab, bool) or not isinstance(tab, int | str):
                raise ConfigError(f"tab={tab!r} must be an index or a title/URL to match", name="tab", value=tab)
            if isinstance(tab, int):
                if not -len(pages) <= tab < len(pages):
                    raise ConfigError(f"tab={tab} is out of range: {len(pages)} tab(s) are open "
                                      f"(0..{len(pages) - 1}, or -1 for the newest)", name="tab", value=tab)  # fmt: skip
                index: int | None = tab % len(pages)
                titles: list[str] = []
            else:
                titles = await _tab_titles(pages, deadline)
                index = _match_tab(tab, titles, urls)
            if index is not None:
                break
            if deadline.left() < 0.3:
                listing = "; ".join(f"{i}: {t!r} {u}" for i, (t, u) in enumerate(zip(titles, urls, strict=True)))
                raise ActionError(f"no tab matches {tab!r}; open tabs: {listing}")
            await asyncio.sleep(0.2)
        chosen = pages[index]
        session.page = chosen
        await chosen.bring_to_front()
        try:
            await chosen.wait_for_load_state("domcontentloaded", timeout=deadline.ms())
        except PwTimeoutError:
            logger.warning("tab %d (%s) is still loading after %.1fs", index, chosen.url, timeout_s)
        return await finish(session, "switch_tab", deadline, url_before, want_shot=screenshot,
                             details={"index": session.pages.index(chosen), "title": await chosen.title()})  # fmt: skip


async def _close_dialog(
    session: Session, action: Literal["accept_dialog", "dismiss_dialog"], *, prompt_text: str | None,
    timeout_s: float, screenshot: bool,
) -> ActionResult:  # fmt: skip
    deadline = Deadline(timeout_s)
    verb = "accept" if action == "accept_dialog" else "dismiss"
    url_before = session.url
    if session.pending_dialog is None:
        since = len(session.events)
        try:
            while session.pending_dialog is None:
                await session.wait_for_event("dialog_opened", since=since, timeout_s=deadline.left())
                since = len(session.events)
        except ActionError as exc:
            raise ActionTimeout(f"waiting for a dialog to {verb}", url=url_of(session), timeout_s=timeout_s) from exc
    closed = await (session.accept_dialog(prompt_text=prompt_text) if verb == "accept" else session.dismiss_dialog())
    await asyncio.sleep(0)  # let the input that opened it return
    await next_frames(session.page)
    details: dict[str, JsonValue] = {"message": closed.message, "accepted": closed.accepted,
                                     "prompt_text": closed.prompt_text}  # fmt: skip
    async with guarded(session, f"{verb} dialog", deadline):
        return await finish(session, action, deadline, url_before, want_shot=screenshot, details=details)


async def accept_dialog(
    session: Session, *, prompt_text: str | None = None, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Accept the dialog the session holds (answering a ``prompt`` with ``prompt_text``), waiting for one to open.

    Unlike :meth:`Session.accept_dialog` (which returns the :class:`DialogClosed` event and fails
    at once when none is pending), this waits up to ``timeout_s`` for a dialog
    (:class:`ActionTimeout` if none opens) and returns an :class:`ActionResult`.

    >>> await click(session, "Delete")  # details["dialog"] == "Are you sure?"  # doctest: +SKIP
    >>> await accept_dialog(session)  # doctest: +SKIP
    """
    return await _close_dialog(session, "accept_dialog", prompt_text=prompt_text, timeout_s=timeout_s,
                               screenshot=screenshot)  # fmt: skip


async def dismiss_dialog(session: Session, *, timeout_s: float = 10.0, screenshot: bool = True) -> ActionResult:
    """Dismiss (cancel) the dialog the session holds, waiting for one to open (see :func:`accept_dialog`).

    >>> await dismiss_dialog(session)  # doctest: +SKIP
    """
    return await _close_dialog(session, "dismiss_dialog", prompt_text=None, timeout_s=timeout_s,
                               screenshot=screenshot)  # fmt: skip
