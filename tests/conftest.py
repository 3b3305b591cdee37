"""Shared fixtures: one Chromium per session (STYLE §7) and a session-scoped PDF factory."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import pytest
from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Page as PwPage
from playwright.async_api import async_playwright

from tests.pdfgen import PdfFactory
from tools.browser import CHROMIUM_ARGS, find_chromium

if TYPE_CHECKING:
    from model.cpu import CpuBackend

# torch runs on one thread in every test thread (more only contend on shared 2-core runners). Set before
# torch loads: a thread count set later with torch.set_num_threads holds only for threads started after it,
# and the session's worker threads (asyncio.to_thread) start early. Subprocesses inherit it.
os.environ.setdefault("OMP_NUM_THREADS", "1")


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[PwBrowser]:
    """One headless Chromium for the whole session, found the way tilepilot finds it
    (``TILEPILOT_CHROMIUM``, then a system Chromium on PATH)."""
    exe = find_chromium()
    if exe is None:
        pytest.skip("no Chromium found: install Debian's chromium or set TILEPILOT_CHROMIUM")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=exe, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
async def page(chromium: PwBrowser) -> AsyncIterator[PwPage]:
    """A fresh 800×600 page at device scale factor 2, in its own context, closed after the test."""
    ctx = await chromium.new_context(viewport={"width": 800, "height": 600}, device_scale_factor=2)
    try:
        yield await ctx.new_page()
    finally:
        await ctx.close()


@pytest.fixture(scope="session")
def make_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfFactory:
    """The session's :class:`PdfFactory`, writing under one temporary folder."""
    return PdfFactory(tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="session")
def cpu_model() -> CpuBackend:
    """One CPU backend (OCR, layout, embeddings) for the whole session: its models load on first use."""
    from model.cpu import CpuBackend

    return CpuBackend()
