"""tools/browser/session.py and _launch.py against real Chromium and a local site on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import stat
import struct
import time
from pathlib import Path

import pytest
from playwright.async_api import Page as PwPage

import tools.browser
from model.errors import ActionError, ConfigError, NavigationError, OutputError
from tests.tools.browser.conftest import CSV, Site
from tools.browser import (
    CHROMIUM_ARGS,
    Browser,
    DialogClosed,
    DialogOpened,
    DownloadFinished,
    PageOpened,
    Session,
    SyncBrowser,
    find_chromium,
)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def fake_exe(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / name
    exe.write_text("#!/bin/sh\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


# -- finding a browser (pure: fake env and PATH) -------------------------------------------------
def test_find_chromium_order(tmp_path: Path) -> None:
    bin1, bin2 = tmp_path / "bin1", tmp_path / "bin2"
    chrome = fake_exe(bin1, "google-chrome")
    snap = fake_exe(bin2, "chromium-browser")
    pinned = fake_exe(tmp_path / "opt", "my-chromium")
    explicit = fake_exe(tmp_path / "explicit", "chrome-dev")
    path = os.pathsep.join([str(bin1), str(bin2)])
    env = {"PATH": path, "TILEPILOT_CHROMIUM": str(pinned)}

    assert find_chromium(executable_path=explicit, env=env) == str(explicit)
    assert find_chromium(env=env) == str(pinned)
    assert find_chromium(env={"PATH": path}) == str(snap)  # "chromium-browser" is looked for before "google-chrome"
    assert find_chromium(env={"PATH": str(bin1)}) == str(chrome)
    assert find_chromium(env={"PATH": str(bin1), "TILEPILOT_CHROMIUM": "chromium-browser"}, path=path) == str(snap)
    assert find_chromium(env={"PATH": str(tmp_path / "empty")}) is None
    assert find_chromium(env={}, path="") is None


def test_find_chromium_reports_a_wrong_setting(tmp_path: Path) -> None:
    plain = tmp_path / "not-executable"
    plain.write_text("")
    with pytest.raises(ConfigError, match="TILEPILOT_CHROMIUM='/nowhere/chrome' is not an executable") as info:
        find_chromium(env={"TILEPILOT_CHROMIUM": "/nowhere/chrome", "PATH": ""})
    assert info.value.name == "TILEPILOT_CHROMIUM" and "apt-get install chromium" in str(info.value)
    with pytest.raises(ConfigError, match="executable_path=.*not-executable") as info:
        find_chromium(executable_path=plain, env={})
    assert info.value.name == "executable_path"


async def test_launch_without_any_chromium_lists_what_was_tried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TILEPILOT_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-managed-browsers"))
    with pytest.raises(ConfigError) as info:
        await Browser.launch()
    message = str(info.value)
    for part in ("no Chromium found", "TILEPILOT_CHROMIUM (not set)", "chromium-browser", "no-managed-browsers"):
        assert part in message
    for fix in ("playwright install chromium", "apt-get install chromium", "TILEPILOT_CHROMIUM=/path/to/chromium"):
        assert fix in message


def test_public_names() -> None:
    assert CHROMIUM_ARGS[0] == "--headless" and "--no-sandbox" in CHROMIUM_ARGS
    assert all(getattr(tools.browser, name) is not None for name in tools.browser.__all__)


# -- the async session -----------------------------------------------------------------------
@pytest.mark.parametrize(("scale", "size"), [(1, (1280, 800)), (2, (2560, 1600))])
async def test_screenshot_is_in_device_pixels(browser: Browser, scale: int, size: tuple[int, int]) -> None:
    async with await browser.new_session(viewport=(1280, 800), device_scale_factor=scale) as session:
        await session.page.set_content("<title>shot</title><h1>hello</h1>")
        assert await session.title() == "shot"
        assert png_size(await session.screenshot()) == size


async def test_storage_state_round_trip(browser: Browser, site: Site, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    async with await browser.new_session() as first:
        await first.goto(site.url("/set-cookie"), timeout_s=10)
        assert await first.save_storage_state(state) == state
    async with await browser.new_session(storage_state=state) as second:
        await second.goto(site.url("/echo-cookie"), timeout_s=10)
        assert await second.title() == "token=abc123"
        assert second.url == site.url("/echo-cookie")
    async with await browser.new_session() as fresh:
        await fresh.goto(site.url("/echo-cookie"), timeout_s=10)
        assert await fresh.title() == "no cookie"
    with pytest.raises(ConfigError, match="storage_state=.*missing.json.* is not a file"):
        await browser.new_session(storage_state=tmp_path / "missing.json")
    (blocker := tmp_path / "a-file").write_text("")
    async with await browser.new_session() as session:
        with pytest.raises(OutputError, match="a-file/state.json: cannot write the storage state"):
            await session.save_storage_state(blocker / "state.json")


REGISTER = """navigator.serviceWorker ? navigator.serviceWorker.register('/sw.js').then(r => r ? 'registered' : 'refused',
    e => 'refused') : 'refused'"""


async def test_service_workers_can_be_blocked(browser: Browser, site: Site) -> None:
    """A service worker's requests pass no route: a session guarded by an allow-list keeps them out."""
    async with await browser.new_session() as open_, await browser.new_session(service_workers="block") as shut:
        for session in (open_, shut):
            await session.goto(site.url("/echo-cookie"), timeout_s=10)
        assert await open_.page.evaluate(REGISTER) == "registered"
        assert await shut.page.evaluate(REGISTER) == "refused"


async def test_popup_becomes_an_event(browser: Browser, site: Site) -> None:
    async with await browser.new_session() as session:
        await session.goto(site.url("/"), timeout_s=10)
        assert session.events == []  # the session's own first page is not an event
        await session.page.click("#pop")
        event = await session.wait_for_event("page_opened", timeout_s=10)
        assert isinstance(event, PageOpened) and event.url == site.url("/popup")
        assert session.pages[event.index].url == site.url("/popup") and session.url == site.url("/")


@pytest.mark.parametrize(
    ("accept", "title"),
    [(True, "Ada"), (False, "cancelled")],
)
async def test_dialog_is_held_then_closed_by_the_caller(browser: Browser, accept: bool, title: str) -> None:
    async with await browser.new_session() as session:
        await session.page.set_content(
            "<button onclick=\"document.title = prompt('Your name?', 'Bob') ?? 'cancelled'\">ask</button>"
        )
        with pytest.raises(ActionError, match="no dialog to accept on about:blank: none is pending"):
            await session.accept_dialog()
        click = asyncio.create_task(session.page.click("button"))  # returns once the dialog is closed
        opened = await session.wait_for_event("dialog_opened", timeout_s=10)
        assert isinstance(opened, DialogOpened) and session.pending_dialog == opened
        assert (opened.dialog_type, opened.message, opened.default_value) == ("prompt", "Your name?", "Bob")
        assert not click.done()  # held, not silently dismissed
        closed = await (session.accept_dialog(prompt_text="Ada") if accept else session.dismiss_dialog())
        await asyncio.wait_for(click, 10)
        assert closed == session.events[-1]
        assert (closed.accepted, closed.by, closed.message) == (accept, "caller", "Your name?")
        assert session.pending_dialog is None and await session.title() == title


async def test_dialog_policy_closes_at_once(browser: Browser) -> None:
    async with await browser.new_session(dialogs="accept") as session:
        await session.page.set_content(
            "<button onclick=\"document.title = confirm('Sure?') ? 'yes' : 'no'\">go</button>"
        )
        await asyncio.wait_for(session.page.click("button"), 10)
        assert await session.title() == "yes"
        kinds = [(e.kind, getattr(e, "by", None)) for e in session.events]
        assert kinds == [("dialog_opened", None), ("dialog_closed", "policy")] and session.pending_dialog is None


async def test_download_event_has_the_saved_path(browser: Browser, site: Site, tmp_path: Path) -> None:
    async with await browser.new_session(downloads_dir=tmp_path / "downloads") as session:
        await session.goto(site.url("/"), timeout_s=10)
        await session.page.click("#dl")
        event = await session.wait_for_event("download", timeout_s=10)
        assert isinstance(event, DownloadFinished) and event.error is None
        assert event.path == str(tmp_path / "downloads" / "report.csv") and event.suggested_filename == "report.csv"
        assert Path(event.path).read_bytes() == CSV and event.url == site.url("/report.csv")


async def test_from_page_attaches_to_a_users_page(page: PwPage, site: Site) -> None:
    session = Session.from_page(page)
    await session.goto(site.url("/"), timeout_s=10)
    assert await session.title() == "Home"
    assert png_size(await session.screenshot()) == (1600, 1200)  # the fixture's 800×600 at scale 2
    await session.page.click("#pop")
    assert isinstance(await session.wait_for_event("page_opened", timeout_s=10), PageOpened)
    await session.close()
    await session.close()  # idempotent
    assert not page.is_closed()  # the user's page stays theirs
    await page.click("#pop")
    await asyncio.sleep(0.3)
    assert len(session.events) == 1  # detached: no more events recorded


async def test_a_page_that_never_loads_times_out_naming_the_url(browser: Browser, site: Site) -> None:
    async with await browser.new_session() as session:
        started = time.monotonic()
        with pytest.raises(NavigationError) as info:
            await session.goto(site.url("/slow"), timeout_s=1)
        assert time.monotonic() - started < 5
        assert str(info.value) == f"{site.url('/slow')}: did not load (wait_until='load') within 1s"
        assert info.value.url == site.url("/slow") and info.value.timeout_s == 1
        with pytest.raises(ActionError, match=r"no 'download' event on .* within 0.2s \(after event #0\)"):
            await session.wait_for_event("download", timeout_s=0.2)
        with pytest.raises(ConfigError, match="timeout_s=0 must be > 0"):
            await session.goto(site.url("/"), timeout_s=0)


async def test_bad_session_options_are_config_errors(browser: Browser) -> None:
    with pytest.raises(ConfigError, match=r"viewport=\(0, 800\) must be two positive"):
        await browser.new_session(viewport=(0, 800))
    with pytest.raises(ConfigError, match="device_scale_factor=-1 must be > 0"):
        await browser.new_session(device_scale_factor=-1)


# -- the sync twin, from plain test code ------------------------------------------------------
def test_sync_twin(site: Site, tmp_path: Path) -> None:
    with SyncBrowser.launch() as browser:
        assert browser.version.split(".")[0].isdigit()
        with browser.new_session(viewport=(640, 400), device_scale_factor=2, downloads_dir=tmp_path) as session:
            session.goto(site.url("/"), timeout_s=10)
            assert session.title() == "Home" and session.url == site.url("/")
            assert png_size(session.screenshot()) == (1280, 800)
            session.save_storage_state(tmp_path / "state.json")
            assert session.events == [] and session.pending_dialog is None
            with pytest.raises(NavigationError, match="/slow: did not load .* within 1s"):
                session.goto(site.url("/slow"), timeout_s=1)
            with pytest.raises(ActionError, match="no dialog to dismiss"):
                session.dismiss_dialog()
        assert (tmp_path / "state.json").is_file()
    browser.close()  # idempotent
    with pytest.raises(ActionError, match="the sync browser is closed"):
        browser.new_session()


def test_dialog_closed_is_frozen() -> None:
    closed = DialogClosed(time_s=0.5, url="about:blank", message="m", accepted=True, by="caller")
    with pytest.raises(ValueError, match="frozen"):
        closed.accepted = False
    with pytest.raises(ValueError, match="Extra inputs"):
        DialogClosed(time_s=0.5, url="u", message="m", accepted=True, by="caller", extra=1)  # type: ignore[call-arg]
