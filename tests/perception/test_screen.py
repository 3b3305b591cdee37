"""perception.screen against real Chromium: boxes at DSF 1 and 2, frames, shadow DOM, occlusion, states, OCR."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Page

from model.errors import ConfigError, ElementNotFound, PerceptionError
from perception.screen import HitTest, hit_test, measure, observe, resolve
from perception.types import Element, Observation
from tests.localsite import Answer, Request, Route, html, local_sites

# -- a two-origin local site ---------------------------------------------------------------------------
PAGES = {
    # main (127.0.0.1) → same-origin frame with border + padding → cross-site frame (localhost); plus a
    # direct cross-site frame, and a parent-page modal covering part of the first frame
    "/frames": """<!doctype html><title>frames</title><body style="margin:13px">
      <p>top text</p><button id=top>Top</button>
      <div style="padding:21px"><iframe id=f1 src="{a}/inner" width=500 height=300
         style="border:7px solid #333; padding:5px 9px"></iframe></div>
      <iframe id=f2 src="{b}/leaf?n=2" width=300 height=120 style="border:0"></iframe>
      <div id=cover style="position:absolute; left:0; top:400px; width:1200px; height:60px; background:#fff"></div>
      </body>""",
    "/inner": """<!doctype html><body style="margin:4px"><button id=same>Same origin</button>
      <iframe id=f3 src="{b}/leaf?n=3" width=320 height=150 style="border:3px solid red; margin-left:17px"></iframe>
      </body>""",
    "/leaf": """<!doctype html><body style="margin:6px"><div style="height:11px"></div>
      <button id=cross>Cross origin</button><input id=q placeholder="Search here"></body>""",
    "/stuck": """<!doctype html><body><button>Still here</button><iframe src="/never"></iframe></body>""",
}
NEVER_S = 8.0
"""How long ``/never`` holds its answer back: far beyond the tests' timeouts (cut short at teardown)."""


@dataclass(frozen=True)
class Site:
    a: str  # http://127.0.0.1:port
    b: str  # http://localhost:port: another site, so Chromium puts its frames in another process


def _route(site: dict[str, str]) -> Route:
    def route(request: Request) -> Answer:
        if request.path == "/never":
            request.stop.wait(NEVER_S)
        if request.path not in PAGES:
            return html("", 404)
        return html(PAGES[request.path].replace("{a}", site["a"]).replace("{b}", site["b"]))

    return route


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    names: dict[str, str] = {}
    with local_sites(_route(names), _route(names)) as (a, b):
        names.update(a=a, b=b)
        yield Site(a, b)


@asynccontextmanager
async def opened(chromium: PwBrowser, *, dsf: float = 1, size: tuple[int, int] = (1280, 800)) -> AsyncIterator[Page]:
    ctx = await chromium.new_context(viewport={"width": size[0], "height": size[1]}, device_scale_factor=dsf)
    try:
        yield await ctx.new_page()
    finally:
        await ctx.close()


def by_label(obs: Observation, label: str, *, role: str | None = None) -> Element:
    found = [e for e in obs.elements if e.label == label and (role is None or e.role == role)]
    assert len(found) == 1, (
        f"{label!r}: {[(e.index, e.role, e.tag) for e in found]} of {[e.label for e in obs.elements]}"
    )
    return found[0]


async def assert_box_matches(page: Page, e: Element, tol: float = 0.51) -> None:
    box = await (await resolve(page, e)).bounding_box()
    assert box is not None, e
    got = e.bbox.as_tuple()
    want = (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
    assert all(abs(g - w) <= tol for g, w in zip(got, want, strict=True)), (e.label, got, want)


# -- boxes and the screenshot --------------------------------------------------------------------------
BOXES = """<!doctype html><html lang=en><body style="margin:0">
<div style="position:absolute; left:10.5px; top:20.25px"><button id=a style="width:101px; height:33px">Alpha</button></div>
<div style="position:absolute; left:300px; top:100px; transform:translate(7px, 3px)"><a href="#x">Beta link</a></div>
<input id=c style="position:absolute; left:40px; top:200px; width:150px" placeholder="Gamma">
<h2 style="position:absolute; left:600px; top:300px; margin:0">Delta heading</h2>
<div style="position:fixed; right:0; bottom:0; width:80px; height:40px" role=button aria-label="Epsilon"></div>
<div style="height:3000px"></div>
</body></html>"""


@pytest.mark.parametrize("dsf", [1, 2])
async def test_boxes_match_playwright_and_the_screenshot_is_device_px(chromium: PwBrowser, dsf: int) -> None:
    async with opened(chromium, dsf=dsf) as page:
        await page.set_content(BOXES)
        await page.mouse.wheel(0, 50)
        await page.wait_for_function("window.scrollY === 50")
        obs = await observe(page)
        assert obs.scale_factor == dsf and obs.viewport == (1280, 800) and obs.scroll == (0.0, 50.0)
        assert obs.page_size is not None and obs.page_size[1] >= 3000
        assert obs.screenshot[:8] == b"\x89PNG\r\n\x1a\n"
        from PIL import Image

        assert Image.open(io.BytesIO(obs.screenshot)).size == (1280 * dsf, 800 * dsf)
        labels = {"Alpha", "Beta link", "Gamma", "Delta heading", "Epsilon"}
        for label in labels:
            await assert_box_matches(page, by_label(obs, label))
        alpha = by_label(obs, "Alpha")
        assert alpha.bbox.as_tuple() == pytest.approx((10.5, -29.75, 111.5, 3.25))
        assert by_label(obs, "Epsilon").bbox.as_tuple() == pytest.approx((1200, 760, 1280, 800))
        # the button's pixels are where the box says, at the device scale
        png = Image.open(io.BytesIO(obs.screenshot)).convert("RGB")
        x, y = by_label(obs, "Delta heading").bbox.x0, by_label(obs, "Delta heading").bbox.center[1]
        gray = png.convert("L")
        row = [gray.getpixel((int((x + dx) * dsf), int(y * dsf))) for dx in range(60)]
        assert min(int(p) for p in row if isinstance(p, int | float)) < 80  # dark glyph pixels in the heading's box


async def test_full_page_screenshot_covers_the_document(chromium: PwBrowser) -> None:
    async with opened(chromium, size=(400, 300)) as page:
        await page.set_content("<body style='margin:0'><div style='height:900px'>tall</div></body>")
        obs = await observe(page, full_page=True)
        from PIL import Image

        assert Image.open(io.BytesIO(obs.screenshot)).size == (400, 900)
        assert (await observe(page, screenshot=False)).screenshot == b""


# -- frames --------------------------------------------------------------------------------------------
async def test_same_and_cross_origin_frames_have_top_level_boxes(chromium: PwBrowser, site: Site) -> None:
    for dsf in (1, 2):
        async with opened(chromium, dsf=dsf) as page:
            await page.goto(site.a + "/frames")
            await page.wait_for_function("() => document.readyState === 'complete'")
            await page.frame_locator("#f1").frame_locator("#f3").locator("#cross").wait_for()
            await page.frame_locator("#f2").locator("#cross").wait_for()
            obs = await observe(page)
            same = by_label(obs, "Same origin")
            crosses = sorted((e for e in obs.elements if e.label == "Cross origin"), key=lambda e: e.frame)
            assert same.frame == "0" and same.frame_url == site.a + "/inner"
            assert [e.frame for e in crosses] == ["0.0", "1"]
            assert all(e.frame_url.startswith(site.b) for e in crosses)
            # f1 content origin: 13 (body) + 21 (padding) + 7 (border) + 9/5 (padding); inner body margin 4
            assert same.bbox.x0 == pytest.approx(13 + 21 + 7 + 9 + 4)
            for e in (same, crosses[1], by_label(obs, "Top")):
                await assert_box_matches(page, e)
            # Playwright's own bounding_box() misses the owner's border for a cross-site frame nested in
            # another frame, so the nested one is checked against its owner: 3 px border, 6 px body margin
            owner = await page.frame_locator("#f1").locator("#f3").bounding_box()
            assert owner is not None
            assert crosses[0].bbox.x0 == pytest.approx(owner["x"] + 3 + 6)
            assert crosses[0].bbox.y0 == pytest.approx(owner["y"] + 3 + 6 + 11)
            for e in (same, *crosses):
                assert await measure(page, e) == e.bbox
            from PIL import Image

            shot = Image.open(io.BytesIO(obs.screenshot)).convert("RGB")
            for e in (same, *crosses, by_label(obs, "Top")):
                assert (await hit_test(page, e, e.bbox.center)).ok, e
                # the button face (#efefef) is where the box says, at this device scale
                x, y = e.bbox.x0 + 4, e.bbox.center[1]
                assert shot.getpixel((int(x * dsf), int(y * dsf))) == (239, 239, 239), e
            search = next(
                e for e in obs.elements if e.attributes.get("placeholder") == "Search here" and e.frame == "1"
            )
            await (await resolve(page, search)).fill("hello")
            assert await page.frame_locator("#f2").locator("#q").input_value() == "hello"
            await page.frame_locator("#f2").locator("#q").focus()
            focused = [e for e in (await observe(page)).elements if e.states.focused]
            assert [(e.frame, e.attributes.get("id")) for e in focused] == [("1", "q")]
            # indices follow frame order: main first, then frame paths
            assert [e.frame for e in obs.elements] == sorted(
                (e.frame for e in obs.elements), key=lambda p: (p != "", p)
            )


async def test_a_parent_page_cover_occludes_frame_elements(chromium: PwBrowser, site: Site) -> None:
    async with opened(chromium) as page:
        await page.goto(site.a + "/frames")
        await page.frame_locator("#f1").frame_locator("#f3").locator("#cross").wait_for()
        # move the white cover of the parent page over the nested cross-origin button
        nested = await page.frame_locator("#f1").frame_locator("#f3").locator("#cross").bounding_box()
        assert nested is not None
        await page.evaluate("(y) => { document.getElementById('cover').style.top = y + 'px'; }", nested["y"] - 10)
        obs = await observe(page)
        cross = next(e for e in obs.elements if e.label == "Cross origin" and e.frame == "0.0")
        assert cross.in_viewport and cross.occluded
        hit = await hit_test(page, cross, cross.bbox.center)
        assert not hit.ok and "div#cover" in hit.what and hit.relation == "other"
        assert not by_label(obs, "Same origin").occluded


async def test_a_frame_that_never_loads_is_left_out_quickly(chromium: PwBrowser, site: Site) -> None:
    async with opened(chromium) as page:
        await page.goto(site.a + "/stuck", wait_until="domcontentloaded")
        start = time.perf_counter()
        obs = await observe(page, timeout_s=4)
        assert time.perf_counter() - start < 3.5
        assert [e.label for e in obs.elements] == ["Still here"]


# -- shadow DOM ----------------------------------------------------------------------------------------
SHADOW = """<!doctype html><body>
<x-card id=card><span slot=title>Slotted title</span></x-card>
<x-card></x-card>
<script>
customElements.define('x-card', class extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({mode: 'open'});
    root.innerHTML = '<div class=c><slot name=title></slot><x-inner></x-inner><button id=go>Go</button></div>';
  }
});
customElements.define('x-inner', class extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({mode: 'open'}).innerHTML = '<label>Deep <input id=deep type=checkbox></label>';
  }
});
document.body.append(Object.assign(document.createElement('div'), {id: 'closed'}));
document.getElementById('closed').attachShadow({mode: 'closed'}).innerHTML = '<button>Hidden away</button>';
</script></body>"""


async def test_open_shadow_roots_are_walked_and_resolved(page: Page) -> None:
    await page.set_content(SHADOW)
    obs = await observe(page)
    gos = [e for e in obs.elements if e.label == "Go"]
    assert len(gos) == 2 and all(e.shadow and " >>> " in e.selector for e in gos)
    assert gos[0].bbox.y1 <= gos[1].bbox.y0  # document order: first card first
    deep = [e for e in obs.elements if e.role == "checkbox"]
    assert len(deep) == 2 and deep[0].name == "Deep" and deep[0].selector.count(" >>> ") == 2
    assert by_label(obs, "Slotted title").bbox.width > 0
    assert not [e for e in obs.elements if e.label == "Hidden away"]  # closed roots are not reachable
    for e in (*gos, *deep):
        await assert_box_matches(page, e)
        assert (await hit_test(page, e, e.bbox.center)).ok
    await (await resolve(page, deep[1])).check()
    checked = await page.evaluate(
        "[...document.querySelectorAll('x-card')].map(c => c.shadowRoot.querySelector('x-inner')"
        ".shadowRoot.querySelector('input').checked)"
    )
    assert checked == [False, True]
    await (await resolve(page, deep[1])).focus()
    after = await observe(page)
    assert [e.states.focused for e in after.elements if e.role == "checkbox"] == [False, True]
    assert [e.states.checked for e in after.elements if e.role == "checkbox"] == [False, True]


# -- occlusion, viewport, scrolling --------------------------------------------------------------------
MODAL = """<!doctype html><body>
<button id=under style="margin:100px">Delete account</button>
<div id=scroller style="height:80px; overflow:auto; width:200px"><div style="height:300px">
  <button id=inside style="margin-top:200px">Hidden in scroller</button></div></div>
<button id=low style="margin-top:1500px">Below the fold</button>
<div id=backdrop style="position:fixed; inset:0; background:rgba(0,0,0,.4)">
  <div role=dialog aria-label="Confirm" style="background:#fff; width:300px; margin:300px auto; padding:20px">
    Really? <button id=ok>OK</button></div></div>
</body>"""


async def test_a_modal_occludes_and_below_the_fold_is_not_in_viewport(page: Page) -> None:
    await page.set_content(MODAL)
    obs = await observe(page)
    under, ok = by_label(obs, "Delete account"), by_label(obs, "OK")
    assert under.visible and under.in_viewport and under.occluded
    assert ok.in_viewport and not ok.occluded
    low = by_label(obs, "Below the fold")
    assert low.visible and not low.in_viewport and not low.occluded
    assert not by_label(obs, "Hidden in scroller").in_viewport  # clipped by its scroll container
    hit = await hit_test(page, under, under.bbox.center)
    assert hit == HitTest(ok=False, relation="other", what=hit.what, point=under.bbox.center)
    assert hit.what.startswith("div#backdrop")
    assert (await hit_test(page, ok, ok.bbox.center)).relation == "self"
    assert (await hit_test(page, low, low.bbox.center)).relation == "none"
    dialog = by_label(obs, "Confirm")
    assert dialog.role == "dialog" and not dialog.interactive
    await page.evaluate("document.getElementById('backdrop').remove()")
    await page.evaluate("document.getElementById('scroller').scrollTop = 180")
    again = await observe(page)
    assert not by_label(again, "Delete account").occluded
    assert by_label(again, "Hidden in scroller").in_viewport


async def test_hit_test_accepts_labels_descendants_and_ancestor_controls(page: Page) -> None:
    await page.set_content("""<body>
      <label id=lab style="display:inline-block; padding:10px">Accept terms
        <input id=t type=checkbox style="opacity:0; position:absolute"></label>
      <a href="#" id=l style="display:inline-block; padding:8px"><svg width=20 height=20><rect width=20 height=20/></svg>
        <span style="pointer-events:none">Docs</span></a>
      <button id=gone>Gone soon</button></body>""")
    obs = await observe(page)
    box = next(e for e in obs.elements if e.role == "checkbox")
    assert box.name == "Accept terms" and not box.visible
    label = by_label(obs, "Accept terms", role="label")
    assert (await hit_test(page, box, label.bbox.center)).relation == "label"
    link = by_label(obs, "Docs")
    assert (await hit_test(page, link, (link.bbox.x0 + 14, link.bbox.center[1]))).relation == "descendant"
    gone = by_label(obs, "Gone soon")
    await page.evaluate("document.getElementById('gone').remove()")
    assert (await hit_test(page, gone, gone.bbox.center)).relation == "gone"
    with pytest.raises(ElementNotFound, match="Gone soon"):
        await resolve(page, gone)
    assert await measure(page, gone) is None
    assert await measure(page, link) == link.bbox


# -- roles, names, values, states, colours -------------------------------------------------------------
FORM = """<!doctype html><html lang=en><body>
<span id=lbl>Email address</span><input id=email type=email aria-labelledby=lbl value="ada@example.com" required>
<label for=pw>Password</label><input id=pw type=password value="secret">
<label>Country <select id=country><option>France</option><option selected>Korea</option></select></label>
<textarea id=notes placeholder="Notes">hello</textarea>
<input id=ro value=fixed readonly aria-label="Read only">
<input type=range id=vol min=0 max=10 value=3 aria-label=Volume>
<input type=search id=s placeholder=Find>
<input type=number id=n aria-label=Count value=4>
<input type=submit value="Send">
<input type=radio name=r id=r1 checked aria-label="Radio one">
<div role=checkbox aria-checked=true tabindex=0>Custom check</div>
<div role=switch aria-checked=false tabindex=0>Dark mode</div>
<fieldset disabled><legend>Locked</legend><button>Inside locked</button></fieldset>
<button aria-disabled=true>Soft disabled</button>
<button aria-expanded=false aria-haspopup=menu>Menu</button>
<details><summary>More</summary>details body</details>
<div role=tablist><div role=tab aria-selected=true tabindex=0>First tab</div><div role=tab aria-selected=false tabindex=-1>Second tab</div></div>
<select multiple aria-label="Fruits"><option selected>Apple</option><option>Pear</option></select>
<img alt="Company logo" src="data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" width=40 height=20>
<button title="Close dialog" style="background:rgb(0, 128, 255); color:rgb(255, 255, 0)">×</button>
<span style="cursor:pointer; color:#123456" onclick="">Clickable span <b>bold</b></span>
<div contenteditable=true>Editable area</div>
<div tabindex=0>Focusable div</div>
<table><tr><th>Name</th><th>Action</th></tr><tr><td>Alice</td><td><button>Edit</button></td></tr></table>
<ul><li>First item</li></ul>
<h3><span>Nested heading</span></h3>
<p style="color:oklch(0.6 0.2 30)">Odd colour</p>
</body></html>"""


async def test_roles_names_values_and_states(page: Page) -> None:
    await page.set_content(FORM)
    await page.focus("#notes")
    obs = await observe(page)
    email = by_label(obs, "Email address", role="textbox")
    assert email.value == "ada@example.com" and email.states.required and email.states.editable
    assert email.attributes["type"] == "email" and email.attributes["id"] == "email"
    assert by_label(obs, "Password", role="textbox").value == "••••••"
    country = by_label(obs, "Country", role="combobox")
    assert country.value == "Korea" and country.text == ""
    notes = next(e for e in obs.elements if e.attributes.get("id") == "notes")
    assert notes.states.focused and notes.value == "hello" and notes.name == "Notes"  # placeholder
    assert sum(e.states.focused for e in obs.elements) == 1
    ro = by_label(obs, "Read only")
    assert not ro.states.editable and ro.value == "fixed"
    assert by_label(obs, "Volume").role == "slider" and by_label(obs, "Volume").value == "3"
    assert next(e for e in obs.elements if e.attributes.get("placeholder") == "Find").role == "searchbox"
    assert by_label(obs, "Count").role == "spinbutton"
    assert by_label(obs, "Send").role == "button"
    assert by_label(obs, "Radio one").states.checked is True
    assert by_label(obs, "Custom check").states.checked is True
    assert by_label(obs, "Dark mode").role == "switch" and by_label(obs, "Dark mode").states.checked is False
    assert by_label(obs, "Inside locked").states.disabled
    assert by_label(obs, "Soft disabled").states.disabled
    assert by_label(obs, "Send").states.checked is None and not by_label(obs, "Send").states.disabled
    assert (
        by_label(obs, "Menu").states.expanded is False and by_label(obs, "Menu").attributes["aria-haspopup"] == "menu"
    )
    assert by_label(obs, "More", role="button").states.expanded is False
    assert by_label(obs, "Country", role="label").text == "Country"
    assert by_label(obs, "First tab").states.selected is True and by_label(obs, "Second tab").states.selected is False
    apple = by_label(obs, "Apple")
    assert apple.role == "option" and apple.states.selected is True
    assert by_label(obs, "Fruits").role == "listbox" and by_label(obs, "Fruits").value == "Apple"
    logo = by_label(obs, "Company logo")
    assert logo.role == "img" and logo.attributes["alt"] == "Company logo" and not logo.interactive
    close = next(e for e in obs.elements if e.attributes.get("title") == "Close dialog")
    assert close.color == "#0080ff" and close.text_color == "#ffff00" and close.text == "×"
    span = by_label(obs, "Clickable span bold")
    assert span.interactive and span.text_color == "#123456" and span.color is None
    assert not [e for e in obs.elements if e.text == "bold"]  # the bold word belongs to its control
    assert by_label(obs, "Editable area").role == "textbox" and by_label(obs, "Editable area").states.editable
    assert by_label(obs, "Focusable div").interactive
    assert by_label(obs, "Alice").role == "cell" and by_label(obs, "Name").role == "columnheader"
    assert by_label(obs, "Edit").role == "button"
    assert [e.role for e in obs.elements if e.label == "First item"] == ["listitem"]
    assert [e.role for e in obs.elements if e.label == "Nested heading"] == ["heading"]
    odd = by_label(obs, "Odd colour")
    assert odd.text_color is not None and odd.text_color.startswith("#") and len(odd.text_color) == 7
    assert obs.lang == "en"
    for e in obs.elements:
        if e.interactive and e.visible:
            loc = await resolve(page, e)
            assert await loc.count() == 1, e.selector


async def test_invisible_elements_are_marked_and_hidden_subtrees_left_out(page: Page) -> None:
    await page.set_content("""<body><button style="visibility:hidden">Ghost</button>
      <div style="opacity:0"><button>Faded</button></div><div style="display:none"><button>None</button></div>
      <span class=sr style="position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0)">Skip to content</span>
      <button>Shown</button></body>""")
    obs = await observe(page)
    assert not by_label(obs, "Ghost").visible and not by_label(obs, "Faded").visible
    assert not by_label(obs, "Skip to content").visible and by_label(obs, "Shown").visible
    assert not [e for e in obs.elements if e.label == "None"]


async def test_korean_page(page: Page) -> None:
    await page.set_content("""<html lang="ko"><body><h1>회원 로그인</h1>
      <label for=id>아이디</label><input id=id placeholder="아이디를 입력하세요">
      <button>로그인</button><a href="/find">비밀번호 찾기</a></body></html>""")
    obs = await observe(page)
    assert obs.lang == "ko"
    assert by_label(obs, "로그인").role == "button"
    assert by_label(obs, "아이디", role="textbox").attributes["placeholder"] == "아이디를 입력하세요"
    assert by_label(obs, "비밀번호 찾기").role == "link" and by_label(obs, "회원 로그인").role == "heading"


# -- OCR -----------------------------------------------------------------------------------------------
CANVAS = """<!doctype html><body style="margin:0; background:#fff">
<p>Draw test with enough page text so the viewport is not read whole.</p>
<canvas id=c width=360 height=90 style="margin-left:50px"></canvas>
<script>
const g = document.getElementById('c').getContext('2d');
g.fillStyle = '#fff'; g.fillRect(0, 0, 360, 90);
g.fillStyle = '#000'; g.font = '40px sans-serif'; g.fillText('Submit order', 20, 60);
</script></body>"""


@pytest.mark.parametrize("dsf", [1, 2])
async def test_canvas_text_is_read_by_ocr(chromium: PwBrowser, cpu_model: object, dsf: int) -> None:
    from model.protocol import VisionModel

    assert isinstance(cpu_model, VisionModel)
    async with opened(chromium, dsf=dsf, size=(640, 360)) as page:
        await page.set_content(CANVAS)
        obs = await observe(page, model=cpu_model, timeout_s=60)
        canvas = next(e for e in obs.elements if e.tag == "canvas")
        assert canvas.role == "img" and canvas.label == ""
        spans = [s for s in obs.text_spans if "Submit" in s.text]
        assert len(spans) == 1, obs.text_spans
        span = spans[0]
        assert span.element == canvas.index and span.bbox.space == "css_px"
        assert canvas.bbox.x0 - 2 <= span.bbox.x0 < span.bbox.x1 <= canvas.bbox.x1 + 2
        assert canvas.bbox.y0 - 2 <= span.bbox.y0 < span.bbox.y1 <= canvas.bbox.y1 + 2
        assert span.bbox.x0 == pytest.approx(canvas.bbox.x0 + 20, abs=8)
        assert (await observe(page, model=cpu_model, ocr="off")).text_spans == ()


async def test_a_page_without_dom_text_is_read_whole(chromium: PwBrowser, cpu_model: object) -> None:
    from model.protocol import VisionModel

    assert isinstance(cpu_model, VisionModel)
    async with opened(chromium, size=(500, 300)) as page:
        await page.set_content("""<body style="margin:0; background:#fff">
          <canvas id=c width=300 height=80 style="margin:40px"></canvas><script>
          const g = document.getElementById('c').getContext('2d');
          g.font = '36px sans-serif'; g.fillText('Total 42', 10, 50);</script></body>""")
        obs = await observe(page, model=cpu_model, timeout_s=60)
        canvas = next(e for e in obs.elements if e.tag == "canvas")
        spans = [s for s in obs.text_spans if "Total" in s.text]
        assert len(spans) == 1 and spans[0].element == canvas.index, obs.text_spans
        full = await observe(page, model=cpu_model, ocr="full", timeout_s=60)
        assert [s.text for s in full.text_spans] == [s.text for s in obs.text_spans]


async def test_korean_canvas_is_read_with_the_page_language(chromium: PwBrowser, cpu_model: object) -> None:
    from model.protocol import VisionModel

    assert isinstance(cpu_model, VisionModel)
    async with opened(chromium, dsf=2, size=(640, 300)) as page:
        await page.set_content("""<html lang="ko"><body style="margin:0; background:#fff">
          <p>주문 내역을 확인하고 결제를 진행하세요. 배송지는 나중에 바꿀 수 있습니다.</p>
          <canvas id=c width=320 height=90></canvas><script>
          const g = document.getElementById('c').getContext('2d');
          g.fillStyle = '#fff'; g.fillRect(0, 0, 320, 90); g.fillStyle = '#000';
          g.font = '44px NanumGothic'; g.fillText('결제하기', 20, 62);</script></body></html>""")
        obs = await observe(page, model=cpu_model, timeout_s=60)
        canvas = next(e for e in obs.elements if e.tag == "canvas")
        assert any("결제하기" in s.text.replace(" ", "") and s.element == canvas.index for s in obs.text_spans), (
            obs.text_spans
        )


# -- errors and limits ---------------------------------------------------------------------------------
async def test_bad_arguments_are_config_errors(page: Page) -> None:
    with pytest.raises(ConfigError, match="ocr='some'"):
        await observe(page, ocr="some")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="needs a model"):
        await observe(page, ocr="full")
    with pytest.raises(ConfigError, match=r"\('ko',\)"):
        await observe(page, languages="ko")
    with pytest.raises(ConfigError, match="max_elements=0"):
        await observe(page, max_elements=0)
    with pytest.raises(ConfigError, match="timeout_s"):
        await observe(page, timeout_s=0)
    with pytest.raises(ConfigError, match="playwright.async_api.Page"):
        await observe("page")  # type: ignore[arg-type]


async def test_max_elements_keeps_the_first(page: Page) -> None:
    await page.set_content("<body>" + "".join(f"<button>b{i}</button>" for i in range(50)) + "</body>")
    obs = await observe(page, max_elements=10)
    assert [e.label for e in obs.elements] == [f"b{i}" for i in range(10)]


async def test_a_blocking_dialog_times_out_and_a_closed_page_is_a_perception_error(chromium: PwBrowser) -> None:
    async with opened(chromium) as page:
        await page.set_content("<button onclick='alert(1)'>Alert</button>")
        page.on("dialog", lambda d: None)  # hold the dialog open: scripts stay blocked
        click = asyncio.ensure_future(page.click("button", no_wait_after=True))
        await asyncio.sleep(0.3)
        with pytest.raises(PerceptionError, match="did not finish within 1.0s"):
            await observe(page, timeout_s=1.0)
        click.cancel()
        await page.close()
        with pytest.raises(PerceptionError, match="closed"):
            await observe(page)


async def test_observe_is_fast_on_a_200_element_page(chromium: PwBrowser) -> None:
    rows = "".join(
        f"<tr><td>Row {i}</td><td><a href='#r{i}'>Open {i}</a></td><td><button>Delete {i}</button></td>"
        f"<td><input aria-label='Qty {i}' value={i}></td></tr>"
        for i in range(50)
    )
    async with opened(chromium, dsf=2) as page:
        await page.set_content(f"<body><h1>Orders</h1><table>{rows}</table></body>")
        await observe(page)
        start = time.perf_counter()
        obs = await observe(page)
        elapsed = time.perf_counter() - start
        assert len(obs.elements) >= 200
        assert elapsed < 2.0  # ~0.1 s on a quiet machine; generous for a loaded CI box


def test_translate_moves_boxes_and_points_within_their_space() -> None:
    from perception.geometry import translate, translate_point
    from perception.types import BBox

    box = translate(BBox(x0=1, y0=2, x1=3, y1=4, space="device_px"), dx=10, dy=-2)
    assert box == BBox(x0=11, y0=0, x1=13, y1=2, space="device_px")
    assert translate_point((1.5, 2.0), dx=-1.5, dy=3) == (0.0, 5.0)


async def test_scroll_containers_and_draggables_are_listed(page: Page) -> None:
    await page.set_content(
        "<ul aria-label='Messages' style='overflow:auto;height:80px'>"
        + "".join(f"<li>message {i}</li>" for i in range(20))
        + "</ul><div style='overflow:auto;height:200px'><p>short</p></div>"
        "<div draggable='true' style='width:80px'>card</div>"
    )
    obs = await observe(page, screenshot=False)
    scroller = by_label(obs, "Messages")
    assert (scroller.tag, scroller.role, scroller.text) == ("ul", "list", "")  # its text is its items'
    assert not any(e.tag == "div" and not e.text and not e.interactive for e in obs.elements)  # nothing to scroll
    assert by_label(obs, "card").interactive


SOUP_CONTROLS = """<!doctype html><html lang=en><head><style>
.row{display:flex;align-items:center;gap:8px;width:360px;height:40px;cursor:pointer}
.tg{position:relative;width:40px;height:22px;border-radius:11px;background:#3b4356}
.tg::after{content:"";position:absolute;top:3px;left:3px;width:16px;height:16px;border-radius:50%;background:#fff}
.pill{width:40px;height:22px;border-radius:11px;background:#ddd}
.btn{display:inline-block;padding:6px 14px;background:#e5e7eb;color:#9ca3af}
.btn.dis{cursor:not-allowed}
.ic{width:24px;height:24px;display:flex}
</style></head><body>
<div class="row" id="lamp"><span>Floor Lamp</span><div class="tg on" id="tg-lamp"></div></div>
<div class="row" id="fan"><span>Ceiling Fan</span><div class="tg" id="tg-fan"></div></div>
<div class="pill" id="plain-pill"></div>
<div class="btn dis" id="submit">Submit quiz</div>
<div class="row" id="layer"><span class="ic" id="eye-palm"><svg width="18" height="18"><circle cx="9" cy="9" r="6"/></svg></span>
  <span>Palm leaves</span><span class="ic"><svg width="18" height="18"><rect width="12" height="12"/></svg></span></div>
<div class="row" id="menu-1"><span>Egg fried rice</span><span class="tag">New</span>
  <span class="add" id="add-1" style="border:1px solid #f53;border-radius:12px;padding:2px 10px">담기</span></div>
<div id="prop">Assigned handler</div>
<script>document.getElementById('prop').onclick = () => {};</script>
</body></html>"""


async def test_div_soup_controls_say_what_they_are(page: Page) -> None:
    # a pill with a knob under a pointer is a switch whose class says it is on; a no-entry cursor is a control
    # that cannot be used now; an icon or a framed word with an id inside a clickable row is a control of its
    # own; a handler set as a property makes a box a control
    await page.set_content(SOUP_CONTROLS)
    obs = await observe(page, screenshot=False)
    by_id = {e.attributes.get("id"): e for e in obs.elements if e.attributes.get("id")}
    lamp, fan = by_id["tg-lamp"], by_id["tg-fan"]
    assert (lamp.role, lamp.interactive, lamp.states.checked) == ("switch", True, True)
    assert (fan.role, fan.states.checked) == ("switch", False)
    assert "plain-pill" not in by_id  # no pointer, no knob: a shape, not a switch
    submit = by_id["submit"]
    assert submit.interactive and submit.states.disabled and submit.label == "Submit quiz"
    eye = by_id["eye-palm"]
    assert eye.interactive and eye.bbox.width <= 30
    # the decorative icon beside it carries no name or id: it stays the row's
    assert [e.attributes.get("id") for e in obs.elements if e.interactive and e.bbox.width < 30] == ["eye-palm"]
    assert by_id["prop"].interactive
    # a short word in a box of its own with an id, inside a clickable card, is a button of its own; a bare word
    # beside it is the card's text
    assert by_id["add-1"].interactive and by_id["add-1"].label == "담기"
    assert not [e for e in obs.elements if e.label == "New" and e.interactive]


CARDS = """<!doctype html><html lang=en><head><style>
.grid{display:grid;grid-template-columns:repeat(3,220px);gap:12px}.room{border:1px solid #ddd;padding:10px}
.cols{display:flex;gap:12px}.col{width:300px}.pair{width:300px}
</style></head><body>
<div class="grid"><div class="room" id="r1"><b>Standard</b><div>2 guests</div></div>
<div class="room" id="r2"><b>Deluxe</b><div>3 guests</div></div>
<div class="room soldOut" id="r3"><b>Suite</b><div>4 guests</div></div></div>
<div class="cols"><div class="col" id="c1"><p>About</p><p>Near the sea</p></div><div class="col" id="c2"><p>Where</p><p>Main St</p></div></div>
<form><div class="field" id="f1"><label for="a">Name</label><input id="a"></div><div class="field" id="f2"><label for="b">Phone</label>
<input id="b"></div><div class="field" id="f3"><label for="c">Email</label><input id="c"></div></form>
<div><div class="pair" id="p1"><span>one</span></div><div class="pair" id="p2"><span>two</span></div><div class="pair" id="p3"></div></div>
</body></html>"""


async def test_plain_boxes_that_repeat_as_cards_are_listed(page: Page) -> None:
    # a plain box that is one of three or more alike siblings (one tag, one first class) and holds several things
    # is a card people count ("the third room"); its class may say it is sold out. Two columns, a field's wrapper
    # (one thing with text in it) and boxes with one thing each are layout, not listed
    await page.set_content(CARDS)
    obs = await observe(page, screenshot=False)
    by_id = {e.attributes.get("id"): e for e in obs.elements if e.attributes.get("id")}
    rooms = [by_id.get(f"r{k}") for k in (1, 2, 3)]
    assert all(r is not None and r.role == "generic" and not r.interactive for r in rooms), by_id.keys()
    assert rooms[1] is not None and rooms[1].text == "Deluxe 3 guests"
    assert [r.states.disabled for r in rooms if r is not None] == [False, False, True]
    assert not {"c1", "c2", "f1", "f2", "f3", "p1", "p2", "p3"} & set(by_id), sorted(k for k in by_id if k)
