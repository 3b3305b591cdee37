"""Perception and the browser tools, unchanged, against ``tilepilot serve --backend cpu`` in a subprocess.

A page holds a canvas-drawn button (pixels only: no DOM text) and an ordinary DOM button. Through a
:class:`~model.client.ModelClient` the session observes the page (the canvas text comes back as OCR
spans from the service), grounds both buttons, and clicks the canvas one by its label: the canvas's
own click handler records where the click landed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Page as PwPage

from model.client import ModelClient
from tests.model._service import ServiceProcess, metric
from tools.browser import Session

CANVAS_LABEL = "Checkout"
PAGE = f"""<!doctype html><title>two buttons</title>
<body style="margin:0;background:#fff;font-family:sans-serif">
<canvas id="pay" style="position:absolute;left:40px;top:60px;width:240px;height:80px;cursor:pointer"></canvas>
<button id="cancel" style="position:absolute;left:40px;top:220px;font-size:20px;padding:8px 16px"
        onclick="document.title = 'cancelled'">Cancel order</button>
<script>
  const c = document.getElementById("pay"), k = window.devicePixelRatio;
  c.width = 240 * k; c.height = 80 * k;
  const g = c.getContext("2d");
  g.scale(k, k);
  g.fillStyle = "#e6eefb"; g.fillRect(0, 0, 240, 80);
  g.fillStyle = "#111"; g.font = "28px NanumGothic, sans-serif"; g.fillText("{CANVAS_LABEL}", 60, 50);
  window.hits = [];
  c.addEventListener("click", (e) => {{
    const r = c.getBoundingClientRect();
    window.hits.push([e.clientX - r.left, e.clientY - r.top]);
    document.title = "paid";
  }});
</script>"""


@pytest.fixture(scope="module")
def service() -> Iterator[ServiceProcess]:
    """The CPU backend in a subprocess, on a free port (no token: loopback only)."""
    served = ServiceProcess(["--backend", "cpu"]).wait()
    yield served
    assert served.stop() == 0, served.stderr


@pytest.fixture
async def client(service: ServiceProcess) -> AsyncIterator[ModelClient]:
    async with await ModelClient.connect(service.url, token="") as c:
        yield c


@pytest.fixture
async def two_buttons(chromium: PwBrowser) -> AsyncIterator[PwPage]:
    ctx = await chromium.new_context(viewport={"width": 640, "height": 360}, device_scale_factor=1)
    try:
        page = await ctx.new_page()
        await page.set_content(PAGE)
        yield page
    finally:
        await ctx.close()


def ocr_requests(service: ServiceProcess) -> float:
    return metric(service.get("/metrics")[1].decode(), "tilepilot_requests_total", route="/v1/ocr", method="POST",
                  status="200")  # fmt: skip


async def test_perception_and_tools_run_through_the_service(
    service: ServiceProcess, client: ModelClient, two_buttons: PwPage
) -> None:
    assert client.model_id == "tilepilot-cpu"
    session = Session.from_page(two_buttons, model=client)
    assert session.embedder is client  # meanings are matched through the service too
    before = await asyncio.to_thread(ocr_requests, service)

    obs = await session.observe()
    assert obs.url == two_buttons.url
    canvas = next(e for e in obs.elements if e.tag == "canvas")
    assert not canvas.text.strip() and not canvas.name.strip()  # the DOM knows nothing of its label
    spans = [s for s in obs.text_spans if s.source == "ocr" and CANVAS_LABEL.lower() in s.text.lower()]
    assert spans, [s.text for s in obs.text_spans]
    span = spans[0].bbox
    assert (
        canvas.bbox.x0 <= span.x0 < span.x1 <= canvas.bbox.x1 and canvas.bbox.y0 <= span.y0 < span.y1 <= canvas.bbox.y1
    )
    assert await asyncio.to_thread(ocr_requests, service) > before  # the pixels were read by the service

    drawn = await session.ground(CANVAS_LABEL, observation=obs)
    assert drawn.found and drawn.best is not None and drawn.best.source == "ocr", drawn
    dom = await session.ground("Cancel order", observation=obs)
    assert dom.found and dom.best is not None and dom.best.source == "dom", dom
    assert dom.best.element is not None and dom.best.element.attributes.get("id") == "cancel"

    await session.click(CANVAS_LABEL)
    assert await two_buttons.title() == "paid"
    [(x, y)] = await two_buttons.evaluate("window.hits")
    # on the drawn word (60..~175 css px across, baseline at 50), not just anywhere in the canvas
    assert 55 <= x <= 185 and 20 <= y <= 60, (x, y)
    await session.close()
