"""Finding a Chromium and launching it with the flags that work on this project's machines.

The order (first hit wins): an explicit ``executable_path=``, then ``TILEPILOT_CHROMIUM``, then a
system Chromium/Chrome on ``PATH``, then Playwright's managed browser (``playwright install
chromium``). :func:`find_chromium` covers the first three and is pure, so tests drive it with a
fake environment; :func:`launch_chromium` adds the managed browser and the error that lists what
was tried. The rest is plumbing for ``session.py``: Playwright errors translated to ours, and the
event-loop thread that the sync twins run on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from playwright.async_api import Browser as PwBrowser
from playwright.async_api import Error as PwError
from playwright.async_api import Playwright, async_playwright
from playwright.async_api import TimeoutError as PwTimeoutError

from model.errors import ActionError, BrowserNotFound, ConfigError

logger = logging.getLogger(__name__)
T = TypeVar("T")

ENV_VAR = "TILEPILOT_CHROMIUM"
CHROMIUM_ARGS: tuple[str, ...] = (  # specs/environment.md §2
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags for headless Chromium in containers and CI (``--headless`` is dropped when ``headless=False``)."""

SYSTEM_NAMES: tuple[str, ...] = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
)
"""Executable names looked up on ``PATH``, in this order."""

_FIX = (
    f"install one (`apt-get install chromium`, or `playwright install chromium`) "
    f"or point {ENV_VAR}=/path/to/chromium at an existing binary"
)


def _executable(candidate: str, *, path: str | None) -> str | None:
    """``candidate`` as an absolute executable path (a bare name is looked up on ``path``), else None."""
    if os.sep not in candidate:
        return shutil.which(candidate, path=path)
    file = Path(candidate).expanduser()
    return str(file) if file.is_file() and os.access(file, os.X_OK) else None


def find_chromium(
    *,
    executable_path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    path: str | None = None,
) -> str | None:
    """The Chromium to launch, or None to let Playwright use its managed browser.

    Looks at ``executable_path``, then ``env["TILEPILOT_CHROMIUM"]``, then :data:`SYSTEM_NAMES`
    on ``path`` (default: ``env["PATH"]``). ``env`` defaults to ``os.environ``. Raises
    :class:`ConfigError` when an explicit path or the variable names no executable: a wrong
    setting is reported, not skipped over.

    >>> find_chromium(env={}, path="/nonexistent") is None
    True
    """
    env = os.environ if env is None else env
    path = env.get("PATH", os.defpath) if path is None else path
    if executable_path is not None:
        if found := _executable(str(executable_path), path=path):
            return found
        raise ConfigError(
            f"executable_path={str(executable_path)!r} is not an executable file; {_FIX}",
            name="executable_path",
            value=str(executable_path),
        )
    if setting := env.get(ENV_VAR, "").strip():
        if found := _executable(setting, path=path):
            return found
        raise ConfigError(f"{ENV_VAR}={setting!r} is not an executable file; {_FIX}", name=ENV_VAR, value=setting)
    for name in SYSTEM_NAMES:
        if found := shutil.which(name, path=path):
            return found
    return None


async def launch_chromium(
    *,
    headless: bool,
    executable_path: str | Path | None,
    args: Sequence[str] | None,
    timeout_s: float,
) -> tuple[Playwright, PwBrowser]:
    """Start Playwright and Chromium; raises :class:`ConfigError` naming every place looked at."""
    pw = await async_playwright().start()
    try:
        return pw, await _launch(pw, headless=headless, executable_path=executable_path, args=args, timeout_s=timeout_s)
    except BaseException:
        await pw.stop()
        raise


async def _launch(
    pw: Playwright, *, headless: bool, executable_path: str | Path | None, args: Sequence[str] | None, timeout_s: float
) -> PwBrowser:
    exe = find_chromium(executable_path=executable_path)
    if exe is None and not Path(pw.chromium.executable_path).is_file():
        tried = [
            "executable_path= (not given)",
            f"{ENV_VAR} (not set)",
            f"{', '.join(SYSTEM_NAMES)} on PATH (none found)",
            f"Playwright's managed browser at {pw.chromium.executable_path} (missing)",
        ]
        raise BrowserNotFound(tried, fix=_FIX)
    flags = [a for a in (CHROMIUM_ARGS if args is None else args) if headless or a != "--headless"]
    logger.info("launching %s (headless=%s)", exe or "Playwright's managed Chromium", headless)
    try:
        return await pw.chromium.launch(executable_path=exe, headless=headless, args=flags, timeout=timeout_s * 1000)
    except PwError as exc:
        where = exe or pw.chromium.executable_path
        raise ConfigError(
            f"Chromium at {where} did not start within {timeout_s}s: {first_line(exc)}; {_FIX}",
            name="executable_path",
            value=where,
        ) from exc


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def positive(name: str, value: float) -> None:
    if not value > 0:
        raise ConfigError(f"{name}={value!r} must be > 0", name=name, value=value)


@asynccontextmanager
async def translated(what: str, *, timeout_s: float | None = None) -> AsyncIterator[None]:
    """Re-raise Playwright errors as :class:`ActionError` naming ``what`` (STYLE §3)."""
    try:
        yield
    except PwTimeoutError as exc:
        within = f" within {timeout_s}s" if timeout_s is not None else ""
        raise ActionError(f"{what} did not finish{within}") from exc
    except PwError as exc:
        raise ActionError(f"{what} failed: {first_line(exc)}") from exc


class LoopThread:
    """A daemon thread running one event loop, so the sync twins never block interpreter exit."""

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tilepilot-browser", daemon=True)
        self._thread.start()

    @property
    def closed(self) -> bool:
        return self._loop.is_closed()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._loop.is_closed():
            coro.close()
            raise ActionError("the sync browser is closed: launch a new one")
        if threading.current_thread() is self._thread:
            coro.close()
            raise RuntimeError("a sync browser call from inside its own event loop would deadlock")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def get(self, read: Callable[[], T]) -> T:
        async def value() -> T:
            return read()

        return self.run(value())

    def stop(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
