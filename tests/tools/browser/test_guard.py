"""tools/browser/_guard.py: the allow-list on real Chromium, with two servers on different 127.0.0.1 ports.

Server A is allowed, server B is not; B counts every request it gets, so "blocked" means B never
saw the request, not only that the page did not show it.
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.async_api import Page as PwPage

from model.errors import ConfigError, DomainBlocked, NavigationError
from tests.localsite import Answer, Request, html, local_sites
from tools.browser import Session
from tools.browser._guard import DomainGuard, install_guard, parse_rule


def _png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\xff\x00\x00" * 2 + b"\x00" + b"\x00\xff\x00" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png()


@dataclass
class Sites:
    a: str
    b: str
    c: str  # another allowed site, on localhost: its frames run in their own process
    b_hits: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self) -> list[str]:
        with self.lock:
            return list(self.b_hits)


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    state: dict[str, Sites] = {}

    def site_a(request: Request) -> Answer:
        b = state["s"].b
        pages = {
            "/": "<title>A home</title><img id='pic' src='/pixel.png'>"
            "<script>fetch('/api').then(r => r.text()).then(t => { window.apiText = t; })</script>",
            "/landed": "<title>A landed</title>",
            "/popups": f"<title>A popups</title>"
            f"<button id='open' onclick=\"window.open('{b}/popup')\">open</button>"
            f"<a id='blank' href='{b}/tab' target='_blank'>tab</a>"
            f"<a id='own' href='/landed' target='_blank'>own tab</a>"
            f"<a id='out' href='{b}/page'>away</a>"
            f"<a id='dl' href='/report.csv'>download</a><a id='dl-tab' href='/report.csv' target='_blank'>in a tab</a>",
            "/sub": f"<title>A sub</title><img id='other' src='{b}/pixel.png'><img id='mine' src='/pixel.png'>"
            f"<script>window.results = {{}};"
            f"fetch('{b}/api').then(() => results.other = 'ok', () => results.other = 'failed');"
            f"fetch('/api').then(r => r.text()).then(t => results.mine = t, () => results.mine = 'failed');"
            f"</script>",
        }
        if request.path == "/redirect-out":
            return 302, {"Location": f"{b}/landing"}, b""
        if request.path == "/redirect-chain":  # an allowed hop first, then out: Playwright routes only the first
            return 302, {"Location": "/redirect-out"}, b""
        if request.path == "/redirect-in":
            return 302, {"Location": "/landed"}, b""
        if request.path == "/img-redirect-out":
            return 302, {"Location": f"{b}/pixel.png"}, b""
        if request.path == "/pixel.png":
            return 200, {"Content-Type": "image/png"}, PNG
        if request.path == "/report.csv":
            return (
                200,
                {"Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="r.csv"'},
                b"a,b\n1,2\n",
            )
        if request.path == "/api":
            return 200, {"Content-Type": "text/plain", "Access-Control-Allow-Origin": "*"}, b"from A"
        if request.path == "/attacks":  # every other way a page can leave for B
            return html(
                f"<title>A attacks</title>"
                f"<button id='blank-then' onclick=\"window.open('about:blank').location = '{b}/after-blank'\">x</button>"
                f"<form id='get' action='{b}/form'><input name='q' value='1'><button id='send'>send</button></form>"
                f"<form id='tab' action='{b}/form-tab' target='_blank'><button id='send-tab'>tab</button></form>"
                f"<button id='frame' onclick=\"document.body.insertAdjacentHTML('beforeend', "
                f"'<iframe id=f src={b}/framed></iframe>')\">frame</button>"
                f"<button id='refresh' onclick=\"location = '/refresh'\">refresh</button>"
            )
        if request.path == "/refresh":
            return html(f"<title>A refresh</title><meta http-equiv='refresh' content='0; url={b}/refreshed'>")
        return html(pages[request.path]) if request.path in pages else html("<title>missing</title>", 404)

    def site_b(request: Request) -> Answer:
        with state["s"].lock:
            state["s"].b_hits.append(request.path)
        if request.path == "/pixel.png":
            return 200, {"Content-Type": "image/png", "Access-Control-Allow-Origin": "*"}, PNG
        return html("<title>B</title>")

    def site_c(request: Request) -> Answer:
        b = state["s"].b
        if request.path == "/redirect-out":
            return 302, {"Location": f"{b}/from-c"}, b""
        if request.path == "/img-out":
            return html("<title>C</title><img src='/img-redirect-out'>")
        if request.path == "/img-redirect-out":
            return 302, {"Location": f"{b}/pixel-from-c.png"}, b""
        return html("<title>C</title>")

    with local_sites(site_a, site_b, site_c) as (a, b, c):
        # B listens on 127.0.0.1 too: A and B differ only by port
        state["s"] = Sites(a=a, b=b.replace("localhost", "127.0.0.1"), c=c)
        yield state["s"]


def port(url: str) -> str:
    return url.rsplit(":", 1)[1]


@pytest.fixture
async def guarded(page: PwPage, sites: Sites) -> DomainGuard:
    session = Session.from_page(page)
    return await install_guard(session, [f"127.0.0.1:{port(sites.a)}"])


# -- the rule alone ------------------------------------------------------------------------------------
def test_patterns() -> None:
    rules = ["example.com", "*.corp.example", "127.0.0.1:8123", "https://secure.example", "[::1]:9000"]

    def ok(url: str) -> bool:
        from tools.browser._guard import _url_allowed

        return _url_allowed([parse_rule(r) for r in rules], url)

    assert ok("http://example.com/x") and ok("https://EXAMPLE.com:8443/")
    assert not ok("http://www.example.com/") and not ok("http://example.com.evil.test/")
    assert ok("https://a.corp.example/") and ok("https://x.y.corp.example/") and not ok("https://corp.example/")
    assert not ok("https://evilcorp.example/")
    assert ok("http://127.0.0.1:8123/login") and not ok("http://127.0.0.1:8124/") and not ok("http://127.0.0.1/")
    assert ok("https://secure.example/") and not ok("http://secure.example/")
    assert ok("http://[::1]:9000/") and not ok("http://[::1]:9001/")
    assert ok("about:blank") and ok("data:text/html,hi") and ok("javascript:void(0)")
    assert not ok("file:///etc/passwd") and not ok("http://user@evil.test/") and not ok("http://:80/")
    assert not ok("http://evil.test/?next=http://example.com/")
    assert _allowed_file()


def _allowed_file() -> bool:
    from tools.browser._guard import _url_allowed

    return _url_allowed([parse_rule("file://")], "file:///tmp/x.html")


@pytest.mark.parametrize("bad", ["", "  ", "example.com/path", "ftp://example.com", "exa mple.com", "a.*.com",
                                 "example.com:99999", "user@example.com"])  # fmt: skip
def test_bad_patterns_say_what_is_valid(bad: str) -> None:
    with pytest.raises(ConfigError, match="example.com"):
        parse_rule(bad)


async def test_empty_or_string_list_is_a_config_error(page: PwPage) -> None:
    session = Session.from_page(page)
    with pytest.raises(ConfigError, match="empty"):
        await install_guard(session, [])
    with pytest.raises(ConfigError, match="list"):
        await install_guard(session, "example.com")


# -- real Chromium --------------------------------------------------------------------------------------
async def test_allowed_page_and_its_own_subrequests_load(guarded: DomainGuard, sites: Sites) -> None:
    page = guarded.session.page
    await guarded.goto(sites.a + "/")
    assert await page.title() == "A home"
    await page.wait_for_function("window.apiText === 'from A'", timeout=5000)
    assert await page.eval_on_selector("#pic", "i => i.complete && i.naturalWidth") == 2
    assert guarded.events == []


async def test_navigation_to_the_other_origin_is_blocked(guarded: DomainGuard, sites: Sites) -> None:
    page = guarded.session.page
    await guarded.goto(sites.a + "/landed")
    before = len(sites.hits())
    with pytest.raises(DomainBlocked) as info:
        await guarded.goto(sites.b + "/direct")
    assert info.value.url == sites.b + "/direct" and info.value.allowed == guarded.allowed
    assert isinstance(info.value, NavigationError) and port(sites.a) in str(info.value)
    # a plain session.goto (no pre-check) is stopped by the route and leaves the page where it was
    with pytest.raises(NavigationError):
        await guarded.session.goto(sites.b + "/plain")
    assert guarded.events[-1].via == "navigation" and guarded.events[-1].url == sites.b + "/plain"
    assert page.url == sites.a + "/landed" and await page.title() == "A landed"
    assert sites.hits()[before:] == []


@pytest.mark.parametrize("path", ["/redirect-out", "/redirect-chain"])
async def test_redirect_to_the_other_origin_is_blocked(guarded: DomainGuard, sites: Sites, path: str) -> None:
    before = len(sites.hits())
    with pytest.raises(DomainBlocked) as info:
        await guarded.goto(sites.a + path)
    assert info.value.kind == "redirect" and info.value.url == sites.b + "/landing"
    event = guarded.events[-1]
    assert event.via == "redirect" and event.from_url == sites.a + "/redirect-out"
    assert sites.hits()[before:] == []
    # the tab is still usable: the next navigation works
    await guarded.goto(sites.a + "/landed")
    assert await guarded.session.page.title() == "A landed"


async def test_redirect_inside_the_allowed_origin_passes(guarded: DomainGuard, sites: Sites) -> None:
    await guarded.goto(sites.a + "/redirect-in")
    assert guarded.session.page.url == sites.a + "/landed" and guarded.events == []


@pytest.mark.parametrize("selector", ["#open", "#blank"], ids=["window.open", "target=_blank"])
async def test_popup_to_the_other_origin_is_blocked_and_closed(
    guarded: DomainGuard, sites: Sites, selector: str
) -> None:
    page = guarded.session.page
    await guarded.goto(sites.a + "/popups")
    before, n = len(sites.hits()), len(guarded.events)
    await page.click(selector)
    event = await guarded.wait_for_block(since=n)
    assert event.via == "popup" and event.url.startswith(sites.b)
    assert event.page_url in ("", sites.a + "/popups")
    for _ in range(50):
        if len(page.context.pages) == 1:
            break
        await page.wait_for_timeout(50)
    assert page.context.pages == [page]
    assert sites.hits()[before:] == []
    with pytest.raises(DomainBlocked):
        guarded.raise_if_blocked(since=n)


async def test_popup_inside_the_allowed_origin_stays(guarded: DomainGuard, sites: Sites) -> None:
    page = guarded.session.page
    await guarded.goto(sites.a + "/popups")
    async with page.context.expect_page() as info:
        await page.click("#own")
    tab = await info.value
    await tab.wait_for_load_state()
    assert await tab.title() == "A landed" and not tab.is_closed() and guarded.events == []


async def test_link_click_to_the_other_origin_keeps_the_page(guarded: DomainGuard, sites: Sites) -> None:
    page = guarded.session.page
    await guarded.goto(sites.a + "/popups")
    n = len(guarded.events)
    await page.click("#out")
    event = await guarded.wait_for_block(since=n)
    assert event.via == "navigation" and event.url == sites.b + "/page"
    await page.wait_for_timeout(200)  # nothing commits later either
    assert page.url == sites.a + "/popups" and await page.title() == "A popups"
    with pytest.raises(DomainBlocked, match="navigation blocked"):
        guarded.raise_if_blocked(since=n)


async def test_subrequests_to_the_other_origin_are_blocked(guarded: DomainGuard, sites: Sites) -> None:
    page = guarded.session.page
    before = len(sites.hits())
    await guarded.goto(sites.a + "/sub")
    await page.wait_for_function("window.results.other && window.results.mine", timeout=5000)
    assert await page.evaluate("window.results") == {"other": "failed", "mine": "from A"}
    assert await page.eval_on_selector("#mine", "i => i.naturalWidth") == 2
    assert await page.eval_on_selector("#other", "i => i.naturalWidth") == 0
    blocked = {(e.via, e.url) for e in guarded.events}
    assert {("subrequest", sites.b + "/pixel.png"), ("subrequest", sites.b + "/api")} <= blocked
    assert not any(e.top_level for e in guarded.events)
    guarded.raise_if_blocked()  # subrequests alone do not fail a step
    # a subresource redirected out is stopped too, and a web socket to the other origin
    await page.evaluate(f"new Image().src = '{sites.a}/img-redirect-out'")
    await page.evaluate(f"new WebSocket('{sites.b.replace('http', 'ws')}/socket')")
    for _ in range(50):
        kinds = {e.resource_type for e in guarded.events}
        if "websocket" in kinds and any(e.from_url for e in guarded.events):
            break
        await page.wait_for_timeout(50)
    assert any(e.from_url == sites.a + "/img-redirect-out" and e.via == "subrequest" for e in guarded.events)
    assert "websocket" in {e.resource_type for e in guarded.events}
    assert sites.hits()[before:] == []


async def test_remove_lifts_the_guard(guarded: DomainGuard, sites: Sites) -> None:
    await guarded.remove()
    await guarded.session.goto(sites.b + "/after-remove")
    assert await guarded.session.page.title() == "B" and guarded.events == []


async def test_new_tab_redirects_are_checked(guarded: DomainGuard, sites: Sites) -> None:
    """A new tab's first navigation happens before any per-page watch exists: its redirects are walked too."""
    page = guarded.session.page
    await guarded.goto(sites.a + "/popups")
    before, n = len(sites.hits()), len(guarded.events)
    await page.evaluate("window.open('/redirect-out')")
    event = await guarded.wait_for_block(since=n)
    assert (event.via, event.url, event.from_url) == ("popup", sites.b + "/landing", sites.a + "/redirect-out")
    for _ in range(50):
        if page.context.pages == [page]:
            break
        await page.wait_for_timeout(50)
    assert page.context.pages == [page]
    async with page.context.expect_page() as info:
        await page.evaluate("window.open('/redirect-in')")
    tab = await info.value
    await tab.wait_for_load_state()
    assert tab.url == sites.a + "/landed" and await tab.title() == "A landed"
    assert sites.hits()[before:] == [] and len(guarded.events) == n + 1


@pytest.mark.parametrize("selector", ["#dl", "#dl-tab"])
async def test_downloads_from_the_allowed_origin_still_work(guarded: DomainGuard, sites: Sites, selector: str) -> None:
    session = guarded.session
    await guarded.goto(sites.a + "/popups")
    n = len(session.events)
    await session.page.click(selector)
    event = await session.wait_for_event("download", since=n)
    assert event.kind == "download" and event.path is not None and event.error is None
    assert Path(event.path).read_bytes() == b"a,b\n1,2\n" and guarded.events == []


@pytest.mark.parametrize(
    ("selector", "via"),
    [("#blank-then", "popup"), ("#send", "navigation"), ("#send-tab", "popup"), ("#frame", "subrequest"),
     ("#refresh", "navigation")],
    ids=["about:blank then away", "form submit", "form into a new tab", "iframe", "meta refresh"],
)  # fmt: skip
async def test_every_other_way_out_is_blocked(guarded: DomainGuard, sites: Sites, selector: str, via: str) -> None:
    page = guarded.session.page
    await guarded.goto(sites.a + "/attacks")
    before, n = len(sites.hits()), len(guarded.events)
    await page.click(selector)
    event = await guarded.wait_for_block(since=n)
    assert event.via == via and event.url.startswith(sites.b), event
    for _ in range(50):
        if page.context.pages == [page]:
            break
        await page.wait_for_timeout(50)
    assert page.context.pages == [page]
    assert page.url.startswith(sites.a) and sites.hits()[before:] == []


async def test_redirects_inside_a_cross_process_iframe_are_checked(page: PwPage, sites: Sites) -> None:
    guard = await install_guard(Session.from_page(page), [f"127.0.0.1:{port(sites.a)}", f"localhost:{port(sites.c)}"])
    await guard.goto(sites.a + "/landed")
    before, n = len(sites.hits()), len(guard.events)
    await page.evaluate(f"""document.body.insertAdjacentHTML('beforeend',
        '<iframe src="{sites.c}/redirect-out"></iframe><iframe src="{sites.c}/img-out"></iframe>')""")
    for _ in range(60):
        if len(guard.events) >= n + 2:
            break
        await page.wait_for_timeout(50)
    got = {(e.via, e.url, e.from_url) for e in guard.events[n:]}
    assert ("subrequest", sites.b + "/from-c", sites.c + "/redirect-out") in got
    assert ("subrequest", sites.b + "/pixel-from-c.png", sites.c + "/img-redirect-out") in got
    assert sites.hits()[before:] == []
    assert len(page.frames) == 3 and not any(f.url.startswith(sites.b) for f in page.frames)
    # a worker is attached the same way, and let run
    worker = (
        "new Promise(r => { new Worker(URL.createObjectURL(new Blob(['postMessage(7)']))).onmessage = e => r(e.data) })"
    )
    assert await page.evaluate(worker) == 7


async def test_a_url_python_and_the_browser_read_differently_is_judged_as_the_browser_reads_it(
    guarded: DomainGuard, sites: Sites
) -> None:
    """``http://B\\@A/``: Python's URL parser alone sees host A, Chromium goes to B (a backslash ends the host)."""
    tricky = f"{sites.b}\\@127.0.0.1:{port(sites.a)}/"
    assert not guarded.allows(tricky) and not guarded.allows(" " + tricky.replace("/", "\\"))
    await guarded.goto(sites.a + "/landed")
    before = len(sites.hits())
    with pytest.raises(DomainBlocked) as info:
        await guarded.goto(tricky)
    assert info.value.url == tricky  # stopped before the browser was asked
    n = len(guarded.events)
    await guarded.session.page.evaluate("u => { location.href = u }", tricky)
    event = await guarded.wait_for_block(since=n)
    assert event.url.startswith(sites.b + "/")  # the route, which sees the browser's own reading, blocks it too
    assert sites.hits()[before:] == []
