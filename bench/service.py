"""Model-service benchmark: what ``tilepilot serve`` costs over calling the same backend in process.

What is measured
    latency      ``/v1/ground`` on the CPU backend through :class:`model.client.ModelClient` against
                 ``CpuBackend.ground`` in this process, same request, one at a time, the two
                 interleaved in blocks of 10 so machine load hits both alike. Two screenshots: a
                 480×160 one (two text lines, 6 KB PNG) and a 1280×800 one (24 lines, ~100 KB).
                 "overhead" is the difference of the medians: HTTP, JSON, base64, the header check
                 of the image and the event loop hop, everything but the model; on a shared
                 machine it also carries the noise of two processes' model runs. "transport" is
                 the client's mean time minus the mean the service measured itself (its
                 ``/metrics`` histogram): the HTTP round trip alone, free of that noise.
                 ``/v1/embed`` of a cached text is the floor: a request whose model work is a
                 dictionary lookup.
    throughput   requests/s with 1, 8 and 32 concurrent clients (each its own client and
                 connection) for a fixed time, in process (``asyncio.gather`` on one backend) and
                 over HTTP: ground (the OCR model runs one request at a time, so more clients only
                 queue) and cached embed (the service alone).
    batching     (full run only) chat completions on a tiny random-weight Qwen2-VL (built offline,
                 tests/model/tiny.py), 16-token answers, 8 concurrent clients, against two services:
                 ``--max-batch-size 1`` and ``--max-batch-size 8`` (micro-batching): requests/s.
    tiling       ``model.tiling.tile_image`` of a decoded 1920×1080 screenshot into its DeepSeek-VL2
                 4×2 grid + thumbnail, and PNG decode + tile: images/s.
    The machine is shared (the load average is printed): compare within one run.

Usage
    bench/service.py            everything (about two minutes on a quiet 2-core machine)
    bench/service.py --quick    fewer requests, no batching section
Writes ``bench/results/service.json``. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.client import ModelClient
from model.protocol import EmbedRequest, GenerateRequest, GroundRequest

FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
RESULTS = ROOT / "bench" / "results"


def log(text: str) -> None:
    print(f"[service] {text}", file=sys.stderr, flush=True)


# -- inputs --------------------------------------------------------------------------------------


def screenshot(width: int, height: int, lines: int) -> bytes:
    """A white screen with ``lines`` rows of UI text in NanumGothic (and a "Sign in" button)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 22)
    words = ("Settings", "Profile", "Invoice 2024-117", "Total 1,280.00", "Search", "Next page", "Remember me")
    for i in range(lines):
        draw.text((24 + (i % 3) * 400, 24 + (i // 3) * 36), words[i % len(words)], fill="black", font=font)
    bx, by = width - 220, height - 70
    draw.rectangle((bx, by, bx + 160, by + 44), fill=(30, 110, 220))
    draw.text((bx + 40, by + 10), "Sign in", fill="white", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


# -- a service in a subprocess -------------------------------------------------------------------


class Service:
    """``python -m agent.cli serve --port 0 ARGS`` until :meth:`stop`."""

    def __init__(self, *args: str) -> None:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
        env.pop("TILEPILOT_TOKEN", None)
        self._err = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (lives as long as the process)
        self.proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "serve", "--port", "0", *args], cwd=ROOT,
                                     env=env, stdout=subprocess.PIPE, stderr=self._err, text=True)  # fmt: skip
        self.url = ""
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not self.url and (m := re.search(r"listening on (http://\S+?) ", line)):
                self.url = m.group(1)
                self._ready.set()
        self._ready.set()

    def wait(self, timeout_s: float = 300) -> Service:
        if not self._ready.wait(timeout_s) or not self.url:
            self._err.seek(0)
            raise RuntimeError(f"the service did not start:\n{self._err.read()[-2000:]}")
        return self

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._err.close()


# -- measurements --------------------------------------------------------------------------------


@dataclass
class Latency:
    name: str
    n: int
    local_p50_ms: float
    local_p95_ms: float
    service_p50_ms: float
    service_p95_ms: float
    transport_ms: float  # mean client time - mean time the service measured itself (its /metrics)

    @property
    def overhead_ms(self) -> float:
        return self.service_p50_ms - self.local_p50_ms


@dataclass
class Throughput:
    route: str
    clients: int
    local_rps: float | None
    service_rps: float
    service_p50_ms: float


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def timed(call: Callable[[], Awaitable[object]]) -> float:
    t0 = time.perf_counter()
    await call()
    return (time.perf_counter() - t0) * 1000


async def server_time(url: str, route: str) -> tuple[float, float]:
    """(seconds, requests) the service's own histogram holds for ``route`` answered 200."""
    import httpx

    async with httpx.AsyncClient(base_url=url) as http:
        text = (await http.get("/metrics")).text
    found = {}
    for kind in ("sum", "count"):
        m = re.search(rf'^tilepilot_request_duration_seconds_{kind}\{{route="{re.escape(route)}",status="200"\}} (\S+)$',
                      text, re.MULTILINE)  # fmt: skip
        found[kind] = float(m.group(1)) if m else 0.0
    return found["sum"], found["count"]


async def latency(name: str, local: Callable[[], Awaitable[object]], remote: Callable[[], Awaitable[object]],
                  n: int, *, url: str, route: str) -> Latency:  # fmt: skip
    for _ in range(3):  # warm both paths (connections, caches)
        await local()
        await remote()
    mine: list[float] = []
    theirs: list[float] = []
    before = await server_time(url, route)
    while len(mine) < n:
        for _ in range(min(10, n - len(mine))):
            mine.append(await timed(local))
        for _ in range(min(10, n - len(theirs))):
            theirs.append(await timed(remote))
    after = await server_time(url, route)
    served_ms = (after[0] - before[0]) / max(1.0, after[1] - before[1]) * 1000
    result = Latency(name, n, statistics.median(mine), pct(mine, 0.95), statistics.median(theirs), pct(theirs, 0.95),
                     statistics.mean(theirs) - served_ms)  # fmt: skip
    log(f"{name}: in process p50 {result.local_p50_ms:.1f} ms, service p50 {result.service_p50_ms:.1f} ms, "
        f"transport {result.transport_ms:.1f} ms")  # fmt: skip
    return result


async def rate(make_call: Callable[[int], Callable[[], Awaitable[object]]], clients: int, seconds: float) -> tuple[float, float]:
    """(requests/s, p50 ms) of ``clients`` loops calling for ``seconds``."""
    stop = time.perf_counter() + seconds
    times: list[float] = []

    async def loop(k: int) -> None:
        call = make_call(k)
        while time.perf_counter() < stop:
            times.append(await timed(call))

    t0 = time.perf_counter()
    await asyncio.gather(*(loop(k) for k in range(clients)))
    return len(times) / (time.perf_counter() - t0), statistics.median(times)


async def throughput(route: str, local: Callable[[], Awaitable[object]] | None, url: str,
                     remote: Callable[[ModelClient], Callable[[], Awaitable[object]]], seconds: float) -> list[Throughput]:  # fmt: skip
    out = []
    for clients in (1, 8, 32):
        local_rps = (await rate(lambda k: local, clients, seconds))[0] if local is not None else None
        pool = [ModelClient(url, timeout_s=300) for _ in range(clients)]
        try:
            for c in pool:
                await remote(c)()
            rps, p50 = await rate(partial(_nth, remote, pool), clients, seconds)
        finally:
            for c in pool:
                await c.aclose()
        out.append(Throughput(route, clients, local_rps, rps, p50))
        log(f"{route} × {clients}: in process {local_rps or 0:.1f}/s, service {rps:.1f}/s (p50 {p50:.1f} ms)")
    return out


def _nth(remote: Callable[[ModelClient], Callable[[], Awaitable[object]]], pool: list[ModelClient],
         k: int) -> Callable[[], Awaitable[object]]:  # fmt: skip
    return remote(pool[k])


def tiling(n: int) -> dict[str, Any]:
    from PIL import Image

    from model.tiling import select_grid, tile_image

    png = screenshot(1920, 1080, 60)
    image = Image.open(io.BytesIO(png))
    image.load()
    grid = select_grid(*image.size)
    tile_image(image, grid)
    t0 = time.perf_counter()
    for _ in range(n):
        tile_image(image, grid)
    tile_s = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    for _ in range(n):
        decoded = Image.open(io.BytesIO(png))
        decoded.load()
        tile_image(decoded, select_grid(*decoded.size))
    both_s = (time.perf_counter() - t0) / n
    log(f"tiling 1920×1080 into {grid.n_w}×{grid.n_h}: {1 / tile_s:.1f}/s, with PNG decode {1 / both_s:.1f}/s")
    return {"grid": f"{grid.n_w}x{grid.n_h}", "tile_per_s": 1 / tile_s, "decode_and_tile_per_s": 1 / both_s}


async def batching(requests_per_client: int) -> dict[str, float]:
    from tests.model.tiny import build

    folder = Path(tempfile.mkdtemp(prefix="tilepilot-bench-")) / "qwen2_vl"
    log("building the tiny qwen2_vl model")
    await asyncio.to_thread(build, "qwen2_vl", folder)
    common = ["--backend", "transformers", "--model", str(folder), "--device", "cpu", "--threads", "1",
              "--max-new-tokens", "16", "--min-new-tokens", "16", "--batch-wait-ms", "10"]  # fmt: skip
    services = {b: Service(*common, "--max-batch-size", str(b)) for b in (1, 8)}
    shot = screenshot(320, 240, 3)
    result: dict[str, float] = {}
    try:
        for size, service in services.items():
            service.wait()
            pool = [ModelClient(service.url, timeout_s=600) for _ in range(8)]
            try:
                ask = GenerateRequest(prompt="<image>Where is the Sign in button?", images=(shot,), max_new_tokens=16)
                await pool[0].generate(ask)
                t0 = time.perf_counter()

                async def client(c: ModelClient, ask: GenerateRequest = ask) -> None:
                    for _ in range(requests_per_client):
                        await c.generate(ask)

                await asyncio.gather(*(client(c) for c in pool))
                result[f"batch{size}_rps"] = 8 * requests_per_client / (time.perf_counter() - t0)
            finally:
                for c in pool:
                    await c.aclose()
            log(f"chat, max batch {size}: {result[f'batch{size}_rps']:.2f}/s")
    finally:
        for service in services.values():
            service.stop()
    return result


# -- the table -----------------------------------------------------------------------------------


def render(lat: list[Latency], thr: list[Throughput], tile: dict[str, Any], batch: dict[str, float]) -> str:
    lines = [f"tilepilot serve vs in process (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", ""]
    lines.append(f"{'latency':<28}{'n':>5}{'in-proc p50':>13}{'p95':>10}{'service p50':>13}{'p95':>10}{'overhead':>10}"
                 f"{'ratio':>8}{'transport':>11}")  # fmt: skip
    for r in lat:
        lines.append(f"{r.name:<28}{r.n:>5}{r.local_p50_ms:>11.1f}ms{r.local_p95_ms:>8.1f}ms{r.service_p50_ms:>11.1f}ms"
                     f"{r.service_p95_ms:>8.1f}ms{r.overhead_ms:>8.1f}ms{r.service_p50_ms / r.local_p50_ms:>7.2f}×"
                     f"{r.transport_ms:>9.1f}ms")  # fmt: skip
    lines += ["", f"{'throughput':<28}{'clients':>8}{'in-proc/s':>11}{'service/s':>11}{'ratio':>8}{'p50':>10}{'vs 1':>7}"]
    base: dict[str, float] = {}
    for t in thr:
        base.setdefault(t.route, t.service_rps)
        ratio = f"{t.service_rps / t.local_rps:>7.2f}×" if t.local_rps else f"{'-':>8}"
        local = f"{t.local_rps:>11.1f}" if t.local_rps else f"{'-':>11}"
        lines.append(f"{t.route:<28}{t.clients:>8}{local}{t.service_rps:>11.1f}{ratio}{t.service_p50_ms:>8.1f}ms"
                     f"{t.service_rps / base[t.route]:>6.2f}×")  # fmt: skip
    if batch:
        lines += ["", (f"micro-batching (tiny Qwen2-VL, 16 tokens, 8 clients): max batch 1 {batch['batch1_rps']:.2f}/s, "
                       f"max batch 8 {batch['batch8_rps']:.2f}/s ({batch['batch8_rps'] / batch['batch1_rps']:.2f}×)")]  # fmt: skip
    lines += ["", (f"tiling 1920×1080 → {tile['grid']} + thumbnail: {tile['tile_per_s']:.1f} images/s "
                   f"({1000 / tile['tile_per_s']:.1f} ms); PNG decode + tile {tile['decode_and_tile_per_s']:.1f} images/s")]  # fmt: skip
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from model.cpu import CpuBackend

    n = args.requests or (30 if args.quick else 100)
    seconds = args.seconds or (1.5 if args.quick else 4.0)
    log("starting the CPU service and warming both backends")
    service = Service().wait()
    local = CpuBackend()
    small, large = screenshot(480, 160, 2), screenshot(1280, 800, 24)
    try:
        async with ModelClient(service.url, timeout_s=300) as client:
            ground_small = GroundRequest(image=small, query="the Sign in button")
            ground_large = GroundRequest(image=large, query="the Sign in button")
            cached = EmbedRequest(texts=("Sign in",))
            url = service.url
            lat = [
                await latency("embed (cached text)", lambda: local.embed(cached), lambda: client.embed(cached), n,
                              url=url, route="/v1/embed"),
                await latency("ground 480×160 (6 KB)", lambda: local.ground(ground_small),
                              lambda: client.ground(ground_small), n, url=url, route="/v1/ground"),
                await latency(f"ground 1280×800 ({len(large) // 1024} KB)", lambda: local.ground(ground_large),
                              lambda: client.ground(ground_large), max(6, n // 5), url=url, route="/v1/ground"),
            ]  # fmt: skip
            assert await client.ground(ground_small) == await local.ground(ground_small)
        thr = await throughput("ground 480×160", lambda: local.ground(ground_small), service.url,
                               lambda c: lambda: c.ground(ground_small), seconds)  # fmt: skip
        thr += await throughput("embed (cached text)", lambda: local.embed(cached), service.url,
                                lambda c: lambda: c.embed(cached), seconds)  # fmt: skip
    finally:
        service.stop()
    tile = tiling(10 if args.quick else 40)
    batch = {} if args.quick or args.no_batching else await batching(3)
    print(render(lat, thr, tile, batch))
    return {"latency": [{**asdict(r), "overhead_ms": r.overhead_ms} for r in lat], "throughput": [asdict(t) for t in thr],
            "tiling": tile, "batching": batch, "load_average": os.getloadavg()[0], "cpu_count": os.cpu_count()}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="tilepilot serve against the same backend in process.")
    p.add_argument("--quick", action="store_true", help="fewer requests, no batching section")
    p.add_argument("--requests", type=int, help="sequential requests per latency row (default 100; quick 30)")
    p.add_argument("--seconds", type=float, help="seconds per throughput cell (default 4; quick 1.5)")
    p.add_argument("--no-batching", action="store_true", help="skip the micro-batching section")
    args = p.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    summary = asyncio.run(run(args))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "service.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    overhead = next(r for r in summary["latency"] if r["name"].startswith("ground 480"))["overhead_ms"]
    log(f"ground overhead p50 {overhead:.1f} ms (target ≤ 5 ms); wrote {RESULTS / 'service.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
