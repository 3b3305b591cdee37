"""The example site and the agent benchmark's tasks, checked in real Chromium without the agent.

Every task of ``bench/agent_tasks/`` is done by hand (its ``solution``, Playwright selectors): its
success check must fail on the fresh page and pass once the task is done. The pages themselves: both
languages, the cookie banner, a wrong password, the visitor-tagged event log.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from playwright.async_api import Browser as PwBrowser

from examples.site.server import ACCOUNTS, events, reset, serve

ROOT = Path(__file__).resolve().parents[2]


def _load_bench() -> ModuleType:
    """``bench/agent.py`` by path, under another name: it must not stand in for the ``agent`` package."""
    spec = importlib.util.spec_from_file_location("bench_agent", ROOT / "bench" / "agent.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _load_bench()


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    url, stop = serve(extra_dir=BENCH.PAGES)
    try:
        yield url
    finally:
        stop()


def test_task_set_is_big_enough_and_well_formed() -> None:
    tasks = BENCH.load_tasks()
    korean = [t for t in tasks if t["id"].startswith("ko-")]
    assert len(tasks) >= 40 and len(korean) >= 15
    for t in tasks:
        assert set(t) <= {"id", "page", "instruction", "check", "solution", "banner"}, t["id"]
        assert t["page"].startswith("/") and t["instruction"].strip() and t["solution"], t["id"]
        assert t["check"]["expect"], f"{t['id']}: a task must expect at least one event"
        has_hangul = any("\uac00" <= ch <= "\ud7a3" for ch in t["instruction"])
        assert has_hangul == (t in korean), f"{t['id']}: Korean ids have Korean instructions, and only they"
    pages = {t["page"].removeprefix("/extra/") for t in tasks if t["page"].startswith("/extra/")}
    assert pages == {p.name for p in BENCH.PAGES.glob("*.html")}, "every extra page has a task, every task a page"


def test_check_needs_the_expected_events_in_order_and_none_forbidden() -> None:
    task = {"check": {"expect": [{"event": "a"}, {"event": "b", "n": 2}], "forbid": [{"event": "x"}]}}
    assert BENCH.check(task, [{"event": "a"}, {"event": "b", "n": 2, "extra": 1}]) == (True, "")
    assert not BENCH.check(task, [{"event": "b", "n": 2}, {"event": "a"}])[0]  # wrong order
    assert not BENCH.check(task, [{"event": "a"}, {"event": "b", "n": 3}])[0]  # wrong value
    ok, why = BENCH.check(task, [{"event": "a"}, {"event": "b", "n": 2}, {"event": "x", "row": 1}])
    assert not ok and "forbidden" in why


@pytest.mark.slow
async def test_every_task_fails_before_and_passes_when_done_by_hand(chromium: PwBrowser, site: str) -> None:
    limit = asyncio.Semaphore(4)

    async def one(task: dict[str, Any]) -> tuple[str, bool, str]:
        async with limit:
            return (task["id"], *await BENCH.check_by_hand(chromium, site, task))

    results = await asyncio.gather(*(one(t) for t in BENCH.load_tasks()))
    failed = [f"{i}: {why}" for i, ok, why in results if not ok]
    assert not failed, "\n".join(failed)


async def test_pages_in_both_languages_with_banner_and_feedback(chromium: PwBrowser, site: str) -> None:
    ctx = await chromium.new_context(viewport={"width": 1280, "height": 800})
    page = await ctx.new_page()
    try:
        for prefix, lang in (("", "en"), ("/ko", "ko")):
            for path in ("/", "/login", "/search", "/form", "/team", "/downloads"):
                await page.goto(site + prefix + path)
                assert await page.get_attribute("html", "lang") == lang, path
                assert await page.locator("[role=status]").count() == 1, path
        assert await page.locator("#cookie-banner").is_visible()
        await page.locator("#cookie-banner button").first.click()
        await page.wait_for_function("document.body.dataset.done === 'cookies'")
        await page.goto(site + "/ko/search?q=신발&page=2")
        assert await page.locator("#cookie-banner").count() == 0  # consent is remembered
        assert "다음" in await page.locator("nav.pager").inner_text()
        assert await page.evaluate("window.__done") is None  # a fresh page has done nothing yet
        assert (await page.goto(site + "/nowhere")).status == 404  # type: ignore[union-attr]
    finally:
        await ctx.close()


async def test_wrong_password_shows_an_error_and_logs_no_login(chromium: PwBrowser, site: str) -> None:
    ctx = await chromium.new_context()
    await ctx.add_cookies([{"name": "visitor", "value": "wrong-pw", "url": site}])
    page = await ctx.new_page()
    try:
        await page.goto(site + "/login")
        await page.fill("#username", "kiera")
        await page.fill("#password", ACCOUNTS["kiera"] + "nope")
        await page.click("form button[type=submit]")
        assert "Wrong username or password" in await page.locator("[role=status]").inner_text()
        assert [e["event"] for e in events(site, visitor="wrong-pw")] == ["login_failed"]
    finally:
        await ctx.close()


def test_event_log_is_per_visitor_and_rejects_bad_events(site: str) -> None:
    def post(body: bytes, visitor: str) -> int:
        request = urllib.request.Request(
            site + "/api/event", data=body, method="POST", headers={"Cookie": f"visitor={visitor}"}
        )
        try:
            with urllib.request.urlopen(request) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    assert post(json.dumps({"event": "ping", "n": 1}).encode(), "v1") == 204
    assert post(b"not json", "v1") == 400 and post(b'{"no": "name"}', "v1") == 400
    assert events(site, visitor="v1") == [{"event": "ping", "n": 1, "visitor": "v1"}]
    assert events(site, visitor="v2") == []
    reset(site)
    assert events(site) == []
