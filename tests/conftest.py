"""Shared fixtures: one Chromium per session (STYLE §7) and a session-scoped PDF factory."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Page as PwPage
from playwright.async_api import async_playwright

from tests.pdfgen import PdfFactory

CHROMIUM_ARGS = [  # specs/environment.md §2
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str:
    return os.environ.get("TILEPILOT_CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[PwBrowser]:
    """One headless Chromium for the whole session (``TILEPILOT_CHROMIUM`` overrides the binary)."""
    exe = chromium_executable()
    if not Path(exe).exists():
        pytest.skip(f"no Chromium at {exe}: install Debian's chromium or set TILEPILOT_CHROMIUM")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
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
