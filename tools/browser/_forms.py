"""Form actions: choose in a dropdown, check a box, upload files, download what a click gives.

The public names are re-exported by :mod:`tools.browser.actions`; see there for targets and results.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import Error as PwError
from playwright.async_api import Locator
from playwright.async_api import TimeoutError as PwTimeoutError
from pydantic import JsonValue

from model.errors import ActionError, ActionTimeout, ConfigError, ElementNotFound, InputError
from perception.types import Candidate, Element
from tools.browser._act import (
    Deadline,
    Resolved,
    describe,
    fold,
    ground_query,
    guarded,
    locate,
    no_dialog_open,
    not_found,
    point_and_press,
    resolve_target,
    run_input,
    url_of,
)
from tools.browser._launch import first_line
from tools.browser._result import ActionName, ActionResult, Target, finish

if TYPE_CHECKING:
    from tools.browser.session import Session

logger = logging.getLogger(__name__)

_OPTION_ROLES = frozenset({"option", "menuitem", "menuitemradio", "menuitemcheckbox", "treeitem", "listitem",
                           "gridcell", "radio"})  # fmt: skip
"""Roles an item of an open custom dropdown has (preferred over other matches of its text)."""
_VERIFY_S = 1.0
"""How long a state check (checked, selected) waits for a widget that updates asynchronously."""

# -- choices ------------------------------------------------------------------------------------------------
_OPTIONS_JS = """el => {
    const t = (el instanceof HTMLLabelElement && el.control) ? el.control : el;
    if (!(t instanceof HTMLSelectElement)) return null;
    return {multiple: t.multiple, options: Array.from(t.options).map(o => ({
        label: (o.label || o.text || "").trim(), value: o.value, disabled: o.disabled}))};
}"""


def _pick_option(wanted: str, options: list[dict[str, JsonValue]]) -> dict[str, JsonValue] | None:
    """The option whose label, then value, equals ``wanted``; then folded; then a unique prefix/substring."""
    labels = [str(o["label"]) for o in options]
    values = [str(o["value"]) for o in options]
    for pool in (labels, values):
        if wanted in pool:
            return options[pool.index(wanted)]
    folded = fold(wanted)
    for pool in (labels, values):
        hits = [i for i, each in enumerate(pool) if fold(each) == folded]
        if len(hits) == 1:
            return options[hits[0]]
    for test in (str.startswith, str.__contains__):
        hits = [i for i, each in enumerate(labels) if folded and test(fold(each), folded)]
        if len(hits) == 1:
            return options[hits[0]]
    return None


def _near_options(wanted: str, labels: list[str]) -> list[tuple[str, float]]:
    from rapidfuzz import fuzz

    scored = [(label, fuzz.WRatio(fold(wanted), fold(label)) / 100) for label in labels]
    return sorted(scored, key=lambda pair: -pair[1])[:3]


async def _select_native(
    session: Session, resolved: Resolved, locator: Locator, spec: dict[str, JsonValue], wanted: list[str],
    deadline: Deadline, what: str,
) -> dict[str, JsonValue]:  # fmt: skip
    raw = spec["options"]
    options = [o for o in raw if isinstance(o, dict)] if isinstance(raw, list) else []
    if len(wanted) > 1 and not spec["multiple"]:
        raise ConfigError(f"{resolved.name} takes one option, {len(wanted)} given: {wanted}", name="option",
                          value=wanted)  # fmt: skip
    picked = []
    for each in wanted:
        option = _pick_option(each, options)
        if option is None:
            near = _near_options(each, [str(o["label"]) for o in options])
            raise ElementNotFound(f"option {each!r} of {resolved.label or 'the select'}", url=url_of(session),
                                  candidates=near)  # fmt: skip
        if option["disabled"]:
            raise ActionError(f"option {option['label']!r} of {resolved.name} on {url_of(session)} is disabled")
        picked.append(option)
    values = [str(o["value"]) for o in picked]
    await run_input(session, locator.select_option(value=values, timeout=deadline.ms()), deadline, what)
    now = await locator.evaluate(
        "el => { const t = (el instanceof HTMLLabelElement && el.control) ? el.control : el;"
        " return Array.from(t.selectedOptions).map(o => o.value); }",
        timeout=deadline.ms(cap_s=3),
    )
    if sorted(now) != sorted(values):
        raise ActionError(f"{resolved.name} on {url_of(session)} shows {now} after selecting {values}: the page "
                          "changed the selection back")  # fmt: skip
    labels: list[JsonValue] = [str(o["label"]) for o in picked]
    return {"selected": labels, "value": values[0] if len(values) == 1 else list(values), "native": True}


def _same_element(a: Element | None, b: Element | None) -> bool:
    return a is not None and b is not None and (a.frame, a.selector) == (b.frame, b.selector)


async def _select_custom(
    session: Session, target: object, resolved: Resolved, wanted: str, deadline: Deadline, what: str
) -> tuple[Resolved, tuple[float, float], dict[str, JsonValue]]:
    """Open the dropdown with a click, then ground the option's text among what appeared and click it."""
    resolved, _, opened = await point_and_press(session, target, deadline, what=what, resolved=resolved)
    if "dialog" in opened:
        raise ActionError(f"opening {resolved.name} on {url_of(session)} opened a dialog {opened['dialog']!r}")
    query = '"' + wanted.replace('"', "'") + '"'
    option: Candidate | None = None
    tries = 0
    while option is None:
        tries += 1
        grounding = await ground_query(session, query, deadline, limit=10)
        fits = [c for c in grounding.candidates if c.score >= grounding.threshold
                and not _same_element(c.element, resolved.element)]  # fmt: skip
        fits.sort(key=lambda c: (c.element is None or c.element.role not in _OPTION_ROLES, -c.score))
        option = fits[0] if fits else None
        if option is None:
            if tries >= 3 or deadline.left() < 0.5:
                raise not_found(f"option {wanted!r} of {resolved.label or 'the dropdown'}", grounding,
                                url_of(session))  # fmt: skip
            await asyncio.sleep(0.2)  # the list may still be animating open
    item = Resolved(label=option.label, source=option.source, bbox=option.bbox, element=option.element,
                    query=query, score=option.score, why=option.why)  # fmt: skip
    item, aimed, details = await point_and_press(session, item, deadline, what=what, resolved=item)
    shown = ""
    if resolved.element is not None:
        try:
            trigger = await locate(session, resolved.element, deadline)
            shown = " ".join((await trigger.inner_text(timeout=deadline.ms(cap_s=2))).split())
        except (ActionError, PwError):  # the trigger re-rendered: nothing to read back
            shown = ""
    details.update({"selected": [option.label], "option": option.label, "native": False,
                    "verified": fold(wanted) in fold(shown) or fold(option.label) in fold(shown)})  # fmt: skip
    return item, aimed.point, details


async def select(
    session: Session,
    target: Target,
    option: str | Sequence[str],
    *,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Choose ``option`` in the dropdown ``target``: a native ``<select>`` by label or value, or a custom one.

    A native select's option is matched by exact label, then value, then case/space-folded, then a
    unique prefix or substring (several options for a ``multiple`` select). A custom dropdown is
    opened with a click, the option's text grounded among what appeared (items with an option/menu
    role first) and clicked. ``details["selected"]`` lists the chosen labels. Raises
    :class:`ElementNotFound` listing the closest options when none matches.

    >>> await select(session, "the Country dropdown", "Korea")  # doctest: +SKIP
    """
    wanted = [option] if isinstance(option, str) else list(option)
    if not wanted or not all(isinstance(o, str) and o.strip() for o in wanted):
        raise ConfigError(f"option={option!r} must be an option's label or value", name="option", value=option)
    deadline = Deadline(timeout_s)
    what = f"select {wanted[0] if len(wanted) == 1 else wanted!r} in {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved = await resolve_target(session, target, deadline)
        spec: object = None
        locator: Locator | None = None
        if resolved.element is not None:
            locator = await locate(session, resolved.element, deadline)
            spec = await locator.evaluate(_OPTIONS_JS, timeout=deadline.ms(cap_s=3))
        point: tuple[float, float] | None = None
        if locator is not None and isinstance(spec, dict):
            details = await _select_native(session, resolved, locator, spec, wanted, deadline, what)
        elif len(wanted) > 1:
            raise ConfigError(f"{resolved.name} is not a native multiple select: choose one option at a time",
                              name="option", value=wanted)  # fmt: skip
        else:
            resolved, point, details = await _select_custom(session, target, resolved, wanted[0], deadline, what)
        return await finish(session, "select", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip


async def _checked(locator: Locator, deadline: Deadline, name: str, url: str) -> bool:
    try:
        return await locator.is_checked(timeout=deadline.ms(cap_s=3))
    except PwError as exc:
        if isinstance(exc, PwTimeoutError):
            raise
        raise ActionError(f"{name} on {url} has no checked state: it is not a checkbox, radio button or switch "
                          f"({first_line(exc)})") from exc  # fmt: skip


async def _set_checked(
    session: Session, target: Target, want: bool, *, force: bool, timeout_s: float, screenshot: bool
) -> ActionResult:
    verb: ActionName = "check" if want else "uncheck"
    deadline = Deadline(timeout_s)
    what = f"{verb} {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved = await resolve_target(session, target, deadline)
        if resolved.element is None:
            raise ConfigError(f"{verb} needs an element target (a query, Element or Candidate) to read its state; "
                              f"{describe(target)} is a bare box: use click()", name="target",
                              value=describe(target))  # fmt: skip
        locator = await locate(session, resolved.element, deadline)
        url = url_of(session)
        before = await _checked(locator, deadline, resolved.name, url)
        details: dict[str, JsonValue] = {"changed": False, "checked": before}
        point: tuple[float, float] | None = None
        if before != want:
            if not want and resolved.element.role == "radio":
                raise ActionError(f"{resolved.name} on {url} is a radio button: it is unchecked by checking "
                                  "another one of its group")  # fmt: skip
            rect = await locator.bounding_box(timeout=deadline.ms(cap_s=3))
            if rect is not None and rect["width"] > 0 and rect["height"] > 0:
                resolved, aimed, more = await point_and_press(session, target, deadline, what=what,
                                                               resolved=resolved, force=force)  # fmt: skip
                point = aimed.point
                details.update(more)
            else:  # an invisible native input behind a styled label: its own click toggles it
                await run_input(session, locator.dispatch_event("click", timeout=deadline.ms()), deadline, what)
            after = before
            until = time.monotonic() + min(_VERIFY_S, deadline.left())
            while (after := await _checked(locator, deadline, resolved.name, url)) != want and time.monotonic() < until:
                await asyncio.sleep(0.05)
            if after != want:
                raise ActionError(f"clicking {resolved.name} on {url} did not {verb} it: it is still "
                                  f"{'checked' if after else 'unchecked'}")  # fmt: skip
            details.update(changed=True, checked=after)
        return await finish(session, verb, deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details=details)  # fmt: skip


async def check(
    session: Session, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Make the checkbox, radio button or switch ``target`` checked (a click if it is not), and verify it.

    ``details["changed"]`` is False when it was checked already. Raises :class:`ActionError` when
    the target has no checked state or a click did not check it.

    >>> await check(session, "the Remember me checkbox")  # doctest: +SKIP
    """
    return await _set_checked(session, target, True, force=force, timeout_s=timeout_s, screenshot=screenshot)


async def uncheck(
    session: Session, target: Target, *, force: bool = False, timeout_s: float = 10.0, screenshot: bool = True
) -> ActionResult:
    """Make the checkbox or switch ``target`` unchecked, and verify it (see :func:`check`).

    >>> await uncheck(session, "the newsletter checkbox")  # doctest: +SKIP
    """
    return await _set_checked(session, target, False, force=force, timeout_s=timeout_s, screenshot=screenshot)



# -- files --------------------------------------------------------------------------------------------------
_FILES_JS = """el => {
    const t = (el instanceof HTMLLabelElement && el.control) ? el.control : el;
    return (t instanceof HTMLInputElement && t.type === "file") ? Array.from(t.files || []).map(f => f.name) : null;
}"""


async def upload(
    session: Session,
    target: Target,
    files: str | Path | Sequence[str | Path],
    *,
    timeout_s: float = 10.0,
    screenshot: bool = True,
) -> ActionResult:
    """Put ``files`` into the file input ``target``, or click ``target`` and answer the file chooser it opens.

    A file input (visible or hidden, or a label for one) is set directly; anything else (an
    "Upload" button) is clicked and the chooser it opens is given the files. ``details["files"]``
    lists the names the input holds after. Raises :class:`InputError` for a missing file and
    :class:`ActionTimeout` when a click opens no chooser.

    >>> await upload(session, "the avatar file input", "me.png")  # doctest: +SKIP
    """
    paths = [Path(files)] if isinstance(files, str | Path) else [Path(f) for f in files]
    if not paths:
        raise ConfigError("files=[] is empty: give at least one file to upload", name="files", value=files)
    for path in paths:
        if not path.is_file():
            raise InputError(path, "no such file to upload")
    deadline = Deadline(timeout_s)
    what = f"upload {', '.join(p.name for p in paths)} to {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    async with guarded(session, what, deadline):
        resolved = await resolve_target(session, target, deadline)
        names: object = None
        point: tuple[float, float] | None = None
        locator = await locate(session, resolved.element, deadline) if resolved.element is not None else None
        if locator is not None and await locator.evaluate(_FILES_JS, timeout=deadline.ms(cap_s=3)) is not None:
            await run_input(session, locator.set_input_files(paths, timeout=deadline.ms()), deadline, what)
            names = await locator.evaluate(_FILES_JS, timeout=deadline.ms(cap_s=3))
            via = "input"
        else:
            try:
                async with session.page.expect_file_chooser(timeout=deadline.ms()) as chooser_info:
                    resolved, aimed, _ = await point_and_press(session, target, deadline, what=what,
                                                                resolved=resolved)  # fmt: skip
                chooser = await chooser_info.value
            except PwTimeoutError as exc:
                raise ActionTimeout(f"waiting for a file chooser after clicking {resolved.name}", url=url_of(session),
                                    timeout_s=timeout_s) from exc  # fmt: skip
            point = aimed.point
            await chooser.set_files(paths, timeout=deadline.ms())
            names = await chooser.element.evaluate(_FILES_JS)
            via = "file chooser"
        listed: list[JsonValue] = [str(n) for n in names] if isinstance(names, list) else []
        return await finish(session, "upload", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=point, details={"files": listed, "via": via})  # fmt: skip


async def download(
    session: Session, target: Target, *, force: bool = False, timeout_s: float = 30.0, screenshot: bool = True
) -> ActionResult:
    """Click ``target`` and wait for the download it starts; ``details["path"]`` is the saved file.

    The file lands in the session's ``downloads_dir`` (else Playwright's temporary folder). Raises
    :class:`ActionTimeout` when no download finishes within ``timeout_s``, and :class:`ActionError`
    when the download failed (``details`` would have had no path).

    >>> (await download(session, "the Export CSV link")).details["path"]  # doctest: +SKIP
    '/tmp/downloads/report.csv'
    """
    deadline = Deadline(timeout_s)
    what = f"download from {describe(target)}"
    no_dialog_open(session, what)
    url_before = session.url
    since = len(session.events)
    async with guarded(session, what, deadline):
        resolved, aimed, details = await point_and_press(session, target, deadline, what=what, force=force)
        try:
            event = await session.wait_for_event("download", since=since, timeout_s=deadline.left())
        except ActionError as exc:
            raise ActionTimeout(f"waiting for a download after clicking {resolved.name}", url=url_of(session),
                                timeout_s=timeout_s) from exc  # fmt: skip
        if event.kind != "download":  # narrowed for the type checker; wait_for_event returns that kind
            raise ActionError(f"expected a download event, got {event.kind}")
        if event.path is None:
            raise ActionError(f"the download {event.suggested_filename!r} from {event.url} failed: {event.error}")
        details.update(path=event.path, suggested_filename=event.suggested_filename, download_url=event.url)
        return await finish(session, "download", deadline, url_before, want_shot=screenshot, resolved=resolved,
                             point=aimed.point, details=details)  # fmt: skip


