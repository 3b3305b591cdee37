"""tools/browser/actions.py against real Chromium: every action, asserted on the page's own record of events.

The pages (``_actions_site.py``) push what happened to them into ``window.events``; the tests read
that back, so a click counts only if the page saw it land on the intended element.
"""

from __future__ import annotations

import inspect
import re
import struct
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Frame
from playwright.async_api import Page as PwPage

from model.errors import (
    ActionError,
    ActionTimeout,
    ConfigError,
    ElementCovered,
    ElementNotFound,
    InputError,
    NavigationError,
)
from perception.types import BBox, Element
from tests.tools.browser._actions_site import CSV, ActionSite, serve
from tools.browser import ActionResult, Browser, Session, SyncBrowser, SyncSession, actions


@pytest.fixture(scope="module")
def pages() -> Iterator[ActionSite]:
    with serve() as site:
        yield site


@pytest.fixture
async def session(browser: Browser) -> AsyncIterator[Session]:
    """A 1280×800 session at device scale 1, closed after the test."""
    async with await browser.new_session() as opened:
        yield opened


async def events(where: PwPage | Frame) -> list[str]:
    return list(await where.evaluate("window.events"))


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def frame_at(page: PwPage, path: str) -> Frame:
    return next(f for f in page.frames if f.url.endswith(path))


# -- pointer ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1, 2])
async def test_click_lands_on_the_element_at_either_scale(browser: Browser, pages: ActionSite, scale: int) -> None:
    async with await browser.new_session(viewport=(1000, 700), device_scale_factor=scale) as session:
        await session.goto(pages.url("/buttons"), timeout_s=10)
        result = await session.click("the Save button")
        assert isinstance(result, ActionResult) and result.action == "click"
        box = await session.page.locator("#save").bounding_box()
        assert box is not None and result.point is not None
        x, y = result.point
        assert box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
        assert await events(session.page) == [f"save@{round(x)},{round(y)}"]
        assert result.target is not None and result.target.label == "Save" and result.target.source == "dom"
        assert result.target.query == "the Save button" and result.target.element is not None
        assert result.url_before == result.url_after == pages.url("/buttons")
        assert result.screenshot is not None and png_size(result.screenshot) == (1000 * scale, 700 * scale)
        assert result.details["loaded"] is True and 0 < result.time_s < 10


async def test_double_right_click_and_hover(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/buttons"), timeout_s=10)
    assert (await session.double_click("Open file", screenshot=False)).action == "double_click"
    assert (await session.right_click("the Row actions button", screenshot=False)).action == "right_click"
    hovered = await session.hover("Help", screenshot=False)
    assert hovered.action == "hover" and hovered.screenshot is None
    assert await events(session.page) == ["open", "menu", "hover"]


async def test_a_disabled_button_is_not_clicked(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/buttons"), timeout_s=10)
    with pytest.raises(ActionError, match="'Archive' on .*/buttons is disabled"):
        await session.click("the Archive button", screenshot=False)
    assert await events(session.page) == []


@pytest.mark.parametrize("scale", [1, 2])
async def test_iframes_same_and_cross_origin(browser: Browser, pages: ActionSite, scale: int) -> None:
    async with await browser.new_session(device_scale_factor=scale) as session:
        await _iframes(session, pages)


async def _iframes(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/frames"), timeout_s=10)
    inner, cross = frame_at(session.page, "/inner"), frame_at(session.page, "/cross")
    assert pages.cross.startswith("http://localhost:") and cross.url.startswith(pages.cross)
    approve = await session.click("Approve", screenshot=False)
    pay = await session.click("the Pay now button", screenshot=False)
    assert await events(inner) == ["approve"] and await events(cross) == ["pay"]
    assert approve.target is not None and approve.target.element is not None
    assert approve.target.element.frame != "" and pay.target is not None and pay.target.element is not None
    assert pay.target.element.frame_url.startswith(pages.cross)
    frame_box = await session.page.locator("iframe[title=cross]").bounding_box()
    assert frame_box is not None and pay.point is not None
    assert frame_box["x"] < pay.point[0] < frame_box["x"] + frame_box["width"]  # top-level coordinates


async def test_shadow_dom_button(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/shadow"), timeout_s=10)
    result = await session.click("Shadow action", screenshot=False)
    assert await events(session.page) == ["shadow"]
    assert result.target is not None and result.target.element is not None and result.target.element.shadow


async def test_a_target_below_the_fold_is_scrolled_into_view(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/long"), timeout_s=10)
    result = await session.click("Subscribe", screenshot=False)
    assert await events(session.page) == ["subscribe"]
    assert result.point is not None and 0 <= result.point[1] <= 800
    assert await session.page.evaluate("window.scrollY") > 1000


@pytest.mark.parametrize(
    ("query", "deleted"),
    [("the second Delete button", "Bob"), ("the Delete button in the row for Bob", "Bob"),
     ("the last Delete button", "Carol")],
)  # fmt: skip
async def test_duplicate_labels_told_apart(session: Session, pages: ActionSite, query: str, deleted: str) -> None:
    await session.goto(pages.url("/table"), timeout_s=10)
    await session.click(query, screenshot=False)
    assert await events(session.page) == [deleted]
    names = await session.page.eval_on_selector_all("tbody td:first-child", "tds => tds.map(t => t.textContent)")
    assert deleted not in names and len(names) == 2


async def test_a_covered_element_is_not_clicked_and_the_error_names_the_cover(
    session: Session, pages: ActionSite
) -> None:
    await session.goto(pages.url("/modal"), timeout_s=10)
    observation = await session.observe(screenshot=False)
    button = next(e for e in observation.elements if e.label == "Delete account")
    assert button.occluded
    started = time.monotonic()
    with pytest.raises(ElementCovered, match=r"'Delete account' on .*/modal is covered at \(\d+, \d+\).*backdrop") as e:
        await session.click(button, screenshot=False)
    assert time.monotonic() - started < 5
    assert "backdrop" in e.value.what and e.value.url.endswith("/modal")
    assert await events(session.page) == []
    await session.click("Keep account", screenshot=False)  # the dialog's own button is on top
    assert await events(session.page) == ["keep"]


@pytest.mark.slow
async def test_canvas_only_button_found_by_ocr_and_clicked(browser: Browser, pages: ActionSite, cpu_model: Any) -> None:
    async with await browser.new_session(model=cpu_model) as session:
        assert session.embedder is cpu_model  # the CPU backend embeds text too
        await session.goto(pages.url("/canvas"), timeout_s=10)
        result = await session.click("Place order", timeout_s=60, screenshot=False)
        assert await events(session.page) == ["order"]
        assert result.target is not None and result.target.source in ("ocr", "model")
        assert result.target.element is not None and result.target.element.tag == "canvas"


# -- keyboard ---------------------------------------------------------------------------------------------
async def test_fill_type_and_press(session: Session, pages: ActionSite) -> None:
    page = session.page
    await session.goto(pages.url("/form"), timeout_s=10)
    filled = await session.fill("the Email field", "ada@example.com", screenshot=False)
    assert filled.details["value"] == "ada@example.com" and await page.input_value("#email") == "ada@example.com"
    await session.fill("Email", " and more", clear=False, screenshot=False)
    assert await page.input_value("#email") == "ada@example.com and more"
    await page.evaluate("document.getElementById('notes').readOnly = false")  # appending goes after the last line
    await page.fill("#notes", "line one\nline two")
    await page.focus("#notes")
    await page.keyboard.press("ControlOrMeta+Home")
    await session.fill("Notes", "!", clear=False, screenshot=False)
    assert await page.input_value("#notes") == "line one\nline two!"
    await page.evaluate("document.getElementById('notes').readOnly = true")
    await page.evaluate("window.events = []")
    typed = await session.type_text("the Email field", "bo", delay_s=0.02, screenshot=False)
    assert typed.details["value"] == "bo" and (await events(page))[-2:] == ["key:b", "key:o"]  # after the clearing
    await session.press("Control+A", screenshot=False)
    await session.press(["Backspace"], screenshot=False)
    assert await page.input_value("#email") == "" and "chord:a" in await events(page)
    await session.fill("Password", "hunter2", screenshot=False)
    pressed = await session.press("Enter", target="Password", screenshot=False)
    assert pressed.details["keys"] == ["Enter"] and (await events(page))[-1] == "submit"
    with pytest.raises(ActionError, match="cannot type into 'Notes' on .* it is disabled or read-only"):
        await session.fill("the Notes field", "x", screenshot=False)
    with pytest.raises(ActionError, match="cannot type into 'Send' .*not a text field"):
        await session.fill("the Send button", "x", screenshot=False)
    with pytest.raises(ConfigError, match="'Ctrl\\+Q' is not a key name") as info:
        await session.press("Ctrl+Q", screenshot=False)
    assert info.value.name == "keys"


# -- choices ----------------------------------------------------------------------------------------------
async def test_native_select_by_label_value_and_near_misses(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/form"), timeout_s=10)
    picked = await session.select("the Country dropdown", "Japan", screenshot=False)
    assert picked.details["selected"] == ["Japan"] and picked.details["native"] is True
    assert await session.page.input_value("#country") == "jp"
    await session.select("Country", "fr", screenshot=False)
    assert await session.page.input_value("#country") == "fr"
    await session.select("Country", "korea", screenshot=False)  # a unique part of a label
    assert await session.page.input_value("#country") == "kr"
    with pytest.raises(ElementNotFound, match="option 'Germany' of Country") as info:
        await session.select("Country", "Germany", screenshot=False)
    assert [label for label, _ in info.value.candidates][:1] != [] and len(info.value.candidates) <= 3


async def test_custom_dropdown(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/form"), timeout_s=10)
    result = await session.select("the Color dropdown", "Blue", screenshot=False)
    assert await events(session.page) == ["color:Blue"]
    assert await session.page.inner_text("#color") == "Blue"
    assert result.details["native"] is False and result.details["verified"] is True
    assert result.target is not None and result.target.element is not None
    assert result.target.element.role == "option"


async def test_check_and_uncheck_native_and_aria(session: Session, pages: ActionSite) -> None:
    page = session.page
    await session.goto(pages.url("/form"), timeout_s=10)
    done = await session.check("the Remember me checkbox", screenshot=False)
    assert done.details["changed"] is True and await page.is_checked("#remember")
    again = await session.check("Remember me", screenshot=False)
    assert again.details["changed"] is False and again.point is None
    await session.uncheck("Remember me", screenshot=False)
    assert not await page.is_checked("#remember")
    await session.check("the Newsletter checkbox", screenshot=False)
    assert await page.get_attribute("#news", "aria-checked") == "true"
    await session.check("the Pro radio button", screenshot=False)
    assert await page.is_checked("input[value=pro]")
    with pytest.raises(ActionError, match="radio button: it is unchecked by checking another"):
        await session.uncheck("the Pro radio button", screenshot=False)
    with pytest.raises(ActionError, match="has no checked state"):
        await session.check("the Send button", screenshot=False)


# -- motion -----------------------------------------------------------------------------------------------
async def test_scroll_page_container_and_to_an_element(session: Session, pages: ActionSite) -> None:
    page = session.page
    await session.goto(pages.url("/scroll"), timeout_s=10)
    down = await session.scroll(screenshot=False)
    assert down.details["moved_px"] == 640 and await page.evaluate("window.scrollY") == 640  # 80 % of 800
    await session.scroll(direction="up", amount_px=140, screenshot=False)
    assert await page.evaluate("window.scrollY") == 500
    await session.scroll(direction="up", amount_px=10_000, screenshot=False)
    top = await session.scroll(direction="up", screenshot=False)
    assert top.details["moved_px"] == 0  # already at the top: not an error
    inside = await session.scroll("Message number 3", amount_px=150, screenshot=False)  # its list scrolls
    assert await page.evaluate("document.getElementById('list').scrollTop") == 150
    assert inside.details["container"] == "ul#list" and await page.evaluate("window.scrollY") == 0
    reached = await session.scroll_to("the Footer links heading", screenshot=False)
    box = await page.locator("#end").bounding_box()
    assert box is not None and 0 <= box["y"] <= 800 and reached.point is not None
    wheel = await session.scroll((300, 300), direction="up", amount_px=200, screenshot=False)
    assert wheel.point == (300.0, 300.0)
    with pytest.raises(ConfigError, match="direction='sideways'"):
        await session.scroll(direction="sideways", screenshot=False)  # type: ignore[arg-type]


async def test_drag_native_and_aria_sliders(session: Session, pages: ActionSite) -> None:
    page = session.page
    await session.goto(pages.url("/form"), timeout_s=10)
    result = await session.drag("the Volume slider", value=70, screenshot=False)
    assert await page.input_value("#vol") == "70" and result.details["value"] == 70
    await session.drag("Volume", fraction=0.25, screenshot=False)
    assert await page.input_value("#vol") == "25"
    aria = await session.drag("the Brightness slider", value=8, screenshot=False)
    assert await page.get_attribute("#thumb", "aria-valuenow") == "8" and "level" in await events(page)
    assert aria.details["value"] == 8
    with pytest.raises(ConfigError, match=r"value=150 is outside the range 0..100"):
        await session.drag("Volume", value=150, screenshot=False)
    with pytest.raises(ConfigError, match="exactly one of target, value and fraction"):
        await session.drag("Volume", "Email", value=3, screenshot=False)


async def test_drag_and_drop(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/dnd"), timeout_s=10)
    result = await session.drag("Write report", "Done", screenshot=False)
    assert await events(session.page) == ["dragstart", "drop:done"]
    assert await session.page.evaluate("document.getElementById('card').parentElement.id") == "done"
    assert result.action == "drag" and result.point is not None


# -- navigation and waiting -------------------------------------------------------------------------------
async def test_navigate_back_forward_reload(session: Session, pages: ActionSite) -> None:
    with pytest.raises(ActionError, match="no earlier page to go back to from about:blank"):
        await session.back(timeout_s=5, screenshot=False)
    opened = await session.navigate(pages.url("/nav1"), timeout_s=10, screenshot=False)
    assert opened.url_after == pages.url("/nav1") and opened.url_before == "about:blank"
    clicked = await session.click("Open the next page", screenshot=False)
    assert clicked.url_after == pages.url("/nav2") and await session.title() == "Second"
    back = await session.back(timeout_s=10, screenshot=False)
    assert back.url_before == pages.url("/nav2") and back.url_after == pages.url("/nav1")
    assert (await session.forward(timeout_s=10, screenshot=False)).url_after == pages.url("/nav2")
    await session.page.evaluate("window.marker = 1")
    await session.reload(timeout_s=10, screenshot=False)
    assert await session.page.evaluate("window.marker") is None


async def test_a_page_that_never_loads_does_not_hang(session: Session, pages: ActionSite) -> None:
    started = time.monotonic()
    with pytest.raises(NavigationError, match="/slow: did not load"):
        await session.navigate(pages.url("/slow"), timeout_s=1, screenshot=False)
    assert time.monotonic() - started < 4
    await session.navigate(pages.url("/nav1"), timeout_s=10, screenshot=False)
    started = time.monotonic()
    result = await session.click("A page that never loads", timeout_s=1.5, screenshot=False)
    assert time.monotonic() - started < 5 and result.details["loaded"] is False


async def test_wait_for_text_element_url_and_gone(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/later"), timeout_s=10)
    seen = await session.wait_for(text="all changes SAVED", timeout_s=5, screenshot=False)
    assert seen.action == "wait_for" and isinstance(seen.details["waited_s"], float)
    found = await session.wait_for(element="the Continue button", timeout_s=5, screenshot=False)
    assert found.target is not None and found.target.label == "Continue"
    assert (await session.wait_for(url="**/later/done", timeout_s=5, screenshot=False)).url_after.endswith("/done")
    await session.wait_for(url=re.compile(r"/later/\w+$"), timeout_s=5, screenshot=False)
    await session.wait_for(text="Loading results", gone=True, timeout_s=5, screenshot=False)
    started = time.monotonic()
    with pytest.raises(ActionTimeout, match=r"waiting for text 'never shown' on .*/later/done did not finish within "
                                            r"0.5s") as info:  # fmt: skip
        await session.wait_for(text="never shown", timeout_s=0.5, screenshot=False)
    assert time.monotonic() - started < 2 and info.value.timeout_s == 0.5 and info.value.url.endswith("/done")
    with pytest.raises(ConfigError, match="exactly one of text, element and url"):
        await session.wait_for(text="a", url="b")


async def test_wait_for_an_element_on_a_busy_page_times_out_as_the_wait(session: Session) -> None:
    """A page whose script hogs the main thread slows every observation: the wait's deadline still wins."""
    busy = "<button>Ready</button><script>setInterval(() => { const t = Date.now(); while (Date.now() - t < 2500) {} }, 5)</script>"
    await session.page.set_content(busy)
    started = time.monotonic()
    with pytest.raises(ActionTimeout, match=r"waiting for element 'the Export button'") as info:
        await session.wait_for(element="the Export button", timeout_s=0.8, screenshot=False)
    assert time.monotonic() - started < 5 and info.value.timeout_s == 0.8


# -- files ------------------------------------------------------------------------------------------------
async def test_upload_to_an_input_and_through_a_file_chooser(
    session: Session, pages: ActionSite, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("a")
    second.write_text("b")
    await session.goto(pages.url("/upload"), timeout_s=10)
    direct = await session.upload("Attachment", [first, second], screenshot=False)
    assert direct.details == {"files": ["a.txt", "b.txt"], "via": "input"}
    chosen = await session.upload("the Choose avatar button", str(first), screenshot=False)
    assert chosen.details["via"] == "file chooser" and await events(session.page) == ["avatar:a.txt"]
    with pytest.raises(InputError, match="missing.txt: no such file to upload"):
        await session.upload("Attachment", tmp_path / "missing.txt", screenshot=False)


async def test_download_returns_the_saved_path(browser: Browser, pages: ActionSite, tmp_path: Path) -> None:
    async with await browser.new_session(downloads_dir=tmp_path / "dl") as session:
        await session.goto(pages.url("/files"), timeout_s=10)
        result = await session.download("the Export CSV link", timeout_s=10, screenshot=False)
        path = result.details["path"]
        assert isinstance(path, str) and Path(path) == tmp_path / "dl" / "report.csv"
        assert Path(path).read_bytes() == CSV and result.details["suggested_filename"] == "report.csv"
        with pytest.raises(ActionTimeout, match="waiting for a download after clicking 'Reports'"):
            await session.download("the Reports heading", timeout_s=1, screenshot=False)


# -- tabs and dialogs -------------------------------------------------------------------------------------
async def test_switch_tab_by_title_and_index(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/tabs"), timeout_s=10)
    await session.click("Open help", screenshot=False)
    result = await session.switch_tab("help center", screenshot=False)  # waits for the popup to show up
    assert session.url == pages.url("/help") and result.details["index"] == 1
    assert result.url_before == pages.url("/tabs") and result.url_after == pages.url("/help")
    await session.switch_tab(0, screenshot=False)
    assert session.url == pages.url("/tabs")
    with pytest.raises(ActionError, match=r"no tab matches 'Billing'; open tabs: 0: 'Tabs' .*1: 'Help center'"):
        await session.switch_tab("Billing", timeout_s=0.5, screenshot=False)
    with pytest.raises(ConfigError, match="tab=5 is out of range: 2 tab"):
        await session.switch_tab(5)


async def test_dialogs_are_returned_then_accepted_or_dismissed(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/dialogs"), timeout_s=10)
    opened = await session.click("Delete all", screenshot=False)
    assert opened.details["dialog"] == "Really delete?" and opened.details["dialog_type"] == "confirm"
    with pytest.raises(ActionError, match="a confirm dialog 'Really delete\\?' is open; close it first"):
        await session.click("Greet", screenshot=False)
    accepted = await actions.accept_dialog(session, screenshot=False)
    assert accepted.action == "accept_dialog" and accepted.details["accepted"] is True
    assert await session.title() == "deleted"
    await session.click("Delete all", screenshot=False)
    await actions.dismiss_dialog(session, screenshot=False)
    assert await session.title() == "kept"
    await session.click("Greet", screenshot=False)
    answered = await actions.accept_dialog(session, prompt_text="Ada", screenshot=True)
    assert answered.details["prompt_text"] == "Ada" and await session.title() == "hi Ada"
    assert answered.screenshot is not None
    with pytest.raises(ActionTimeout, match="waiting for a dialog to dismiss"):
        await actions.dismiss_dialog(session, timeout_s=0.3)


async def test_a_dialog_closed_by_the_session_policy_does_not_stop_the_click(
    browser: Browser, pages: ActionSite
) -> None:
    async with await browser.new_session(dialogs="dismiss") as session:
        await session.goto(pages.url("/dialogs"), timeout_s=10)
        result = await session.click("Delete all", screenshot=False)
        assert "dialog" not in result.details and await session.title() == "kept"


# -- languages, hand-over, errors -------------------------------------------------------------------------
async def test_korean_only_page(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/ko"), timeout_s=10)
    await session.fill("이메일 입력란", "ada@example.com", screenshot=False)
    result = await session.click("로그인 버튼", screenshot=False)
    assert await events(session.page) == ["login:ada@example.com"]
    assert result.target is not None and result.target.label == "로그인"


async def test_a_users_own_page_handed_over(page: PwPage, pages: ActionSite) -> None:
    await page.goto(pages.url("/buttons"))
    session = Session.from_page(page)  # the fixture's page: 800×600 at device scale 2
    result = await session.click("Save")
    assert (await events(page))[0].startswith("save@") and result.screenshot is not None
    assert png_size(result.screenshot) == (1600, 1200)
    await session.close()
    assert not page.is_closed()


async def test_targets_other_than_queries(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/buttons"), timeout_s=10)
    box = await session.page.locator("#save").bounding_box()
    assert box is not None
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await session.click(centre, screenshot=False)
    css = BBox(x0=box["x"], y0=box["y"], x1=box["x"] + box["width"], y1=box["y"] + box["height"], space="css_px")
    await session.click(css, screenshot=False)
    device = BBox(x0=css.x0, y0=css.y0, x1=css.x1, y1=css.y1, space="device_px")  # scale 1: the same numbers
    await session.click(device, screenshot=False)
    observation = await session.observe(screenshot=False)
    element = next(e for e in observation.elements if e.label == "Save")
    await session.click(element, screenshot=False)
    assert [e.split("@")[0] for e in await events(session.page)] == ["save"] * 4
    hand_made = Element(index=0, role="button", tag="button", name="Save", bbox=css)  # no selector: just its box
    assert (await session.click(hand_made, screenshot=False)).target.source == "box"  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match="target=42 is not a target"):
        await session.click(42, screenshot=False)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="target box is in 'pdf_pt'"):
        await session.click(BBox(x0=0, y0=0, x1=1, y1=1), screenshot=False)
    with pytest.raises(ConfigError, match="timeout_s=0 must be"):
        await session.click("Save", timeout_s=0)


async def test_nothing_matches_lists_the_closest(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/buttons"), timeout_s=10)
    with pytest.raises(ElementNotFound, match=r"no element matches 'the Launch rocket button' on .*/buttons") as info:
        await session.click("the Launch rocket button", screenshot=False)
    assert info.value.query == "the Launch rocket button" and len(info.value.candidates) <= 3
    assert await events(session.page) == []


# -- the sync twin ----------------------------------------------------------------------------------------
def test_sync_twin_acts(pages: ActionSite) -> None:
    with SyncBrowser.launch() as browser, browser.new_session(viewport=(900, 700)) as session:
        session.goto(pages.url("/form"), timeout_s=10)
        assert session.fill("Email", "sync@example.com", screenshot=False).details["value"] == "sync@example.com"
        session.check("Remember me", screenshot=False)
        session.select("Country", "France", screenshot=False)
        session.drag("Volume", value=40, screenshot=False)
        observation = session.observe(screenshot=False)
        assert {"Email", "Country", "Volume"} <= {e.label for e in observation.elements}
        result = session.click("Send")
        assert result.action == "click" and result.screenshot is not None
        assert png_size(result.screenshot) == (900, 700)


def test_the_twins_have_the_functions_signatures() -> None:
    names = [n for n in actions.__all__ if inspect.isfunction(getattr(actions, n))]
    held_by_session = {"accept_dialog", "dismiss_dialog"}  # Session's own methods return the DialogClosed event
    for name in names:
        if name in held_by_session:
            continue
        func = inspect.signature(getattr(actions, name))
        expected = list(func.parameters.values())[1:]  # without the session
        for twin in (Session, SyncSession):
            got = list(inspect.signature(getattr(twin, name)).parameters.values())[1:]  # without self
            assert [(p.name, p.kind, p.default) for p in got] == [(p.name, p.kind, p.default) for p in expected], (
                f"{twin.__name__}.{name}"
            )
        assert inspect.iscoroutinefunction(getattr(Session, name)) and not inspect.iscoroutinefunction(
            getattr(SyncSession, name)
        )


async def test_action_result_is_frozen_and_serialisable(session: Session, pages: ActionSite) -> None:
    await session.goto(pages.url("/buttons"), timeout_s=10)
    result = await session.click("Save")
    assert ActionResult.model_validate_json(result.model_dump_json()) == result
    with pytest.raises(ValueError, match="frozen"):
        result.point = None
    assert "screenshot" not in repr(result)


@pytest.mark.parametrize("how", ["fill", "type_text"])
async def test_typing_that_opens_a_dialog_returns_with_it_held(session: Session, how: str) -> None:
    await session.page.set_content(
        "<input aria-label='Coupon' oninput=\"if (this.value.length > 2) alert('Coupon ' + this.value + ' expired')\">"
    )
    started = time.monotonic()
    result = await getattr(session, how)("the Coupon field", "OLD10", timeout_s=5, screenshot=False)
    assert time.monotonic() - started < 4  # returned at once, not at the deadline
    assert result.details["dialog_type"] == "alert" and "expired" in str(result.details["dialog"])
    assert session.pending_dialog is not None
    await session.dismiss_dialog()
