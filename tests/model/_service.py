"""Helpers for the service tests: ``tilepilot serve`` as a real subprocess, and test images.

:class:`ServiceProcess` starts ``python -m agent.cli serve --port 0 …`` (or any command that prints
``listening on http://HOST:PORT``), reads the URL from its stdout, waits for ``/health`` and stops it
with a signal. Several can be started at once and waited for together.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
_LISTENING = re.compile(r"listening on (http://\S+?)[\s,;]")


def offline_env(**extra: str) -> dict[str, str]:
    """The environment of a service subprocess: offline hub, no proxies, one torch thread."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", OMP_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    env.pop("TILEPILOT_TOKEN", None)
    env.update(extra)
    return env


class ServiceProcess:
    """A service in a subprocess: started at construction, ready after :meth:`wait`, stopped by :meth:`stop`."""

    def __init__(self, args: Sequence[str], *, command: Sequence[str] | None = None, env: dict[str, str] | None = None) -> None:
        head = list(command) if command is not None else [sys.executable, "-m", "agent.cli", "serve", "--port", "0"]
        self.args = [*head, *args]
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 (lives as long as the process)
        self.proc = subprocess.Popen(self.args, cwd=ROOT, env=env or offline_env(), stdout=subprocess.PIPE,
                                     stderr=self._stderr, text=True, encoding="utf-8")  # fmt: skip
        self.lines: list[str] = []
        self._stderr_text: str | None = None
        self._sent: set[int] = set()
        self._url: str | None = None
        self._seen = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)
            if self._url is None and (m := _LISTENING.search(line + " ")):
                self._url = m.group(1)
                self._seen.set()
        self._seen.set()

    @property
    def url(self) -> str:
        assert self._url is not None, "the service is not ready: call wait() first"
        return self._url

    @property
    def stderr(self) -> str:
        if self._stderr_text is not None:
            return self._stderr_text
        self._stderr.seek(0)
        return self._stderr.read()

    def _close(self) -> None:
        """Keep what the process wrote to stderr, and close its files."""
        if self._stderr_text is None:
            self._stderr_text = self.stderr
            self._stderr.close()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def wait(self, timeout_s: float = 180.0) -> ServiceProcess:
        """Wait for the "listening on" line, then for ``GET /health`` to answer 200."""
        if not self._seen.wait(timeout_s) or self._url is None:
            self.proc.kill()
            self.proc.wait(10)
            self._reader.join(10)
            self._close()
            raise RuntimeError(f"{' '.join(self.args)} did not start (rc {self.proc.poll()}):\n{self.stderr[-3000:]}")
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self._url + "/health", timeout=5) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.05)

    def send_signal(self, sig: int = signal.SIGTERM) -> None:
        """Send ``sig`` once (a second SIGTERM while the process exits would kill it outright)."""
        if self.proc.poll() is None and sig not in self._sent:
            self._sent.add(sig)
            self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout_s: float = 60.0) -> int:
        """Send ``sig`` (unless already sent) and wait for the exit status."""
        self.send_signal(sig)
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
            raise
        finally:
            self._reader.join(10)
            self._close()

    def get(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        """A blocking GET (for polling from tests without an event loop)."""
        req = urllib.request.Request(self.url + path, headers={"authorization": f"Bearer {token}"} if token else {})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


def start_all(*services: ServiceProcess) -> None:
    """Wait for every service (started together, so their imports and loads overlap)."""
    try:
        for s in services:
            s.wait()
    except BaseException:
        for s in services:
            s.stop(signal.SIGKILL)
        raise


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def metric(text: str, name: str, **labels: str) -> float:
    """The value of the sample ``name{labels…}`` in Prometheus text (0 when absent)."""
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        m = re.match(r"^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$", line)
        if m is None or m.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(m.group(3))
    return 0.0


# -- images -----------------------------------------------------------------------------------------


def text_png(lines: Sequence[tuple[str, tuple[int, int]]], size: tuple[int, int] = (480, 160), font_px: int = 28) -> bytes:
    """A white PNG with each text drawn in black NanumGothic at its top-left point."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, font_px)
    for text, xy in lines:
        draw.text(xy, text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def red_box_png(size: tuple[int, int], box: tuple[int, int, int, int]) -> bytes:
    """A grey PNG with one pure-red rectangle (``box`` inclusive pixel corners x0, y0, x1, y1)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (200, 200, 200))
    ImageDraw.Draw(image).rectangle(box, fill=(255, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header declares ``width × height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b"")


def error_of(body: bytes) -> dict[str, object]:
    """The ``error`` object of a service error body."""
    err = json.loads(body)["error"]
    assert isinstance(err, dict)
    return err
