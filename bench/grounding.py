"""Grounding benchmark: does a query a user types point at the right thing on a real page?

What is measured
    ``bench/grounding_pages/`` holds ten local pages (a login form, a customer table with
    per-row actions, a settings panel, a shop grid, a dashboard behind a modal dialog, a
    checkout with a same-origin and a cross-origin iframe and open shadow roots, two Korean-only
    pages, a canvas-only drawing app, a Korean/English budget page with a canvas keypad and
    chart) and ``queries.json`` the queries, English and Korean, each with its target: a CSS
    selector (entered through iframes where needed), a label drawn as pixels inside a canvas or
    an image without alt text (``part``: its box comes from the page's own drawing code), or
    ``null`` when nothing on the page answers it. The pages are served from a
    ThreadingHTTPServer on 127.0.0.1 (the payment iframe from ``localhost``: another origin)
    and opened in Chromium at 1280×800 CSS px, at device scale factor 1 and 2.

    Per page: ``perception.screen.observe`` without OCR (``ocr="off"``, to time the DOM walk and
    the screenshot), then with the CPU backend (``ocr="auto"``: pixels of canvases and images
    without text are read; OCR languages from the page's ``<html lang>``, as by default); the
    last observation is what every query of the page is grounded on, with
    ``perception.grounding.ground(observation, query, embedder=backend)`` and ground's default
    threshold. Each scale factor gets a fresh ``CpuBackend`` and an untimed warm-up (model loads),
    so neither run finds the other's embeddings in its cache. observe gets ``timeout_s=60``
    (``--observe-timeout-s``; its default is 10 s) so that slow OCR on a busy machine is timed,
    not lost.

How to read the numbers
    top-1        a query with a target is right when ``found`` is True and the best candidate's
                 box has IoU ≥ 0.5 with the target's box (or one of its ``also`` boxes). For a
                 pixel-only target the box is the ink of the drawn text, padded by 2 CSS px a side.
                 DOM = targets that are elements; OCR = pixel-only targets.
    ranked       the top candidate has IoU ≥ 0.5 whether or not ``found``: ranking without the
                 threshold (a query right here but not in top-1 is a calibration miss).
    OCR read     an OCR-only target has a text span in the observation with IoU ≥ 0.5: the
                 ceiling OCR sets for grounding (the CSV's read_as says what it read).
    click hit    the best candidate's centre lies inside the target's clickable area (the
                 element, or the drawn button around a pixel label): would a click land?
    not found    a query without answer is right when ``found`` is False. Precision: of the
                 queries grounding called not found, the share that have no answer; recall: of
                 the queries without answer, the share it called not found.
    observe      wall time of one ``observe`` call per page (median and 95th percentile over
                 pages × repeats): "ocr off" for every page; "ocr auto" split into pages with
                 pixel-only text and pages without.
    ground       wall time of one ``ground`` call, per query kind (DOM, OCR-only, no answer).
    busy page    after the tables, p50 / p95 of ``ground`` on a synthetic observation of 400 elements (no
                 Chromium, no embedder; ``busy_page_ground_ms``): how grounding scales with a page's size.
    Times are from a shared 2-core machine: compare within one run.

Usage
    bench/grounding.py                   DSF 1 and 2, observe timed 3× per page
    bench/grounding.py --quick           DSF 1 only, observe once per page
    bench/grounding.py --show-failures   also list the failing queries by category
    bench/grounding.py --check           only check the pages and queries (no grounding)
    bench/grounding.py --pages ko_ --ids koboard-03,koboard-09
    bench/grounding.py --set heldout     the held-out pages of ``bench/grounding_heldout/`` instead
    bench/grounding.py --set fresh       the fresh pages of ``bench/grounding_fresh/`` instead
    bench/grounding.py --set judge       the judge pages of ``bench/grounding_judge/`` instead
    bench/grounding.py --set dev_a       the development pages of ``bench/grounding_dev_a/`` (or dev_b … dev_f)
    bench/grounding.py --set judge2      the second judge set, ``bench/grounding_judge2/`` (judge3: the third)
    bench/grounding.py --set-dir DIR     a set of your own: DIR holds the pages and their queries.json
Writes ``bench/results/grounding.json`` (summary) and ``bench/results/grounding_cases.csv`` (one
row per query and scale factor); ``--set heldout`` writes ``grounding_heldout.json`` and
``grounding_heldout_cases.csv``, ``--set fresh`` ``grounding_fresh.json`` and
``grounding_fresh_cases.csv``. Progress goes to stderr, the tables to stdout.

The held-out set (``bench/grounding_heldout/``, same format) was written apart from the main one,
with other kinds of apps, wording and HTML idioms: it checks that grounding generalises beyond the
pages it was developed on. The fresh set (``bench/grounding_fresh/``, same format) was written apart
from both, after them, by someone who saw neither set's queries nor the grounding code. The judge set
(``bench/grounding_judge/``) was written the same way, later, after the fresh set had been used to find
what grounding lacked: it is the one set no change to grounding was looked at against. The two dev
sets (``bench/grounding_dev_a/``, ``bench/grounding_dev_b/``) were written apart from the code, like the
judge, and then used to find what grounding lacked. A third dev set (``bench/grounding_dev_c/``) and a second
judge set (``bench/grounding_judge2/``, read by aggregates only) were written the same way, later still, with
other kinds of apps again; both were first scored on the code as it stood before anything was read from them.
Three more dev sets (``bench/grounding_dev_d/`` English apps, ``grounding_dev_e/`` Korean apps,
``grounding_dev_f/`` both) were written the same way on 2026-12-03, scored first, then read. A seventh dev set
(``bench/grounding_dev_g/``) and a third judge set (``bench/grounding_judge3/``, read by aggregates only) were
written the same way on 2026-12-04, each by someone who saw neither the code nor the other, and scored first
on the code as it stood.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import functools
import json
import os
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import _common
from rich.console import Console
from rich.table import Table

from perception.types import BBox, Grounding

REPO = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).resolve().with_name("grounding_pages")
QUERIES = PAGES / "queries.json"
SETS = {
    "main": PAGES,
    "heldout": PAGES.with_name("grounding_heldout"),
    "fresh": PAGES.with_name("grounding_fresh"),
    "judge": PAGES.with_name("grounding_judge"),
    "dev_a": PAGES.with_name("grounding_dev_a"),
    "dev_b": PAGES.with_name("grounding_dev_b"),
    "dev_c": PAGES.with_name("grounding_dev_c"),
    "dev_d": PAGES.with_name("grounding_dev_d"),
    "dev_e": PAGES.with_name("grounding_dev_e"),
    "dev_f": PAGES.with_name("grounding_dev_f"),
    "dev_g": PAGES.with_name("grounding_dev_g"),
    "judge2": PAGES.with_name("grounding_judge2"),
    "judge3": PAGES.with_name("grounding_judge3"),
}
"""``--set``: the folder of pages (with its ``queries.json``) that a run uses."""
RESULTS = REPO / "bench" / "results"

VIEWPORT = (1280, 800)
IOU_MIN = 0.5
PART_PAD_PX = 2.0
"""CSS px added on each side of a drawn label's ink box: a text line's box has that much margin."""


def _note(text: str) -> None:
    print(f"[grounding] {text}", file=sys.stderr, flush=True)


# --- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a query's answer is: an element (through ``frame`` iframes), or a label drawn inside one."""

    selector: str
    frame: tuple[str, ...] = ()
    part: str | None = None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Target:
        return cls(raw["selector"], tuple(raw.get("frame", ())), raw.get("part"))


@dataclass(frozen=True)
class Query:
    id: str
    page: str
    lang: str
    category: str
    text: str
    target: Target | None
    also: tuple[Target, ...] = ()

    @property
    def kind(self) -> str:
        """``dom`` (an element), ``ocr`` (text that exists only as pixels) or ``none`` (no answer)."""
        if self.target is None:
            return "none"
        return "ocr" if self.target.part is not None else "dom"


def load_queries(path: Path = QUERIES) -> tuple[list[Query], dict[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    queries = [
        Query(
            q["id"],
            q["page"],
            q["lang"],
            q["category"],
            q["query"],
            None if q["target"] is None else Target.parse(q["target"]),
            tuple(Target.parse(t) for t in q.get("also", ())),
        )
        for q in data["queries"]
    ]
    return queries, dict(data["categories"])


def select(queries: list[Query], pages: str | None, ids: str | None) -> list[Query]:
    """The queries whose page contains one of ``pages``' comma-separated parts and whose id is in ``ids``."""
    want_pages = [p for p in (pages or "").split(",") if p]
    want_ids = {i for i in (ids or "").split(",") if i}
    return [
        q
        for q in queries
        if (not want_pages or any(p in q.page for p in want_pages)) and (not want_ids or q.id in want_ids)
    ]


def corpus_stats(queries: list[Query]) -> dict[str, Any]:
    n = len(queries)
    kinds = Counter(q.kind for q in queries)
    return {
        "queries": n,
        "pages": len({q.page for q in queries}),
        "korean_share": sum(q.lang == "ko" for q in queries) / n if n else 0.0,
        "no_answer_share": kinds["none"] / n if n else 0.0,
        "kinds": dict(kinds),
        "categories": dict(Counter(q.category for q in queries)),
    }


# --- the local site -------------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def serve_pages(root: Path = PAGES) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 (any free port) for the duration; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="grounding-pages", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


_READY_JS = """() => document.readyState === "complete"
    && [...document.images].every((img) => img.complete && img.naturalWidth > 0)"""
_FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"

_PART_JS = """(el, [key, part]) => {
    const parts = (el.ownerDocument.defaultView.__benchBoxes || {})[key] || {};
    return parts[part] || null;
}"""


async def open_page(page: Any, url: str) -> None:
    """Load ``url`` and wait until its images are decoded and two frames have been painted."""
    await page.goto(url, wait_until="load", timeout=30_000)
    await page.wait_for_function(_READY_JS, timeout=10_000)
    await page.evaluate("() => document.fonts.ready.then(() => true)")
    await page.evaluate(_FRAMES_JS)


@dataclass(frozen=True)
class Located:
    box: BBox  # what a correct answer's box should overlap (CSS px of the viewport)
    hit: BBox  # where a click acts


def _css(x0: float, y0: float, x1: float, y1: float) -> BBox:
    return BBox(x0=x0, y0=y0, x1=max(x0, x1), y1=max(y0, y1), space="css_px")


class TargetError(Exception):
    """A query's target does not resolve to exactly one element with a box (a corpus bug)."""


async def locate(page: Any, target: Target) -> Located:
    """The target's box in CSS px of the top-level viewport, as Chromium lays it out now."""
    scope = page
    for frame in target.frame:
        scope = scope.frame_locator(frame)
    loc = scope.locator(target.selector)
    count = await loc.count()
    if count != 1:
        raise TargetError(f"{target.selector!r} (frames {list(target.frame)}) matches {count} elements, not 1")
    bb = await loc.bounding_box()
    if bb is None or bb["width"] <= 0 or bb["height"] <= 0:
        raise TargetError(f"{target.selector!r} has no box (hidden?)")
    element = _css(bb["x"], bb["y"], bb["x"] + bb["width"], bb["y"] + bb["height"])
    if target.part is None:
        return Located(element, element)
    drawn = await loc.evaluate(_PART_JS, [target.selector, target.part])
    if not drawn:
        raise TargetError(f"{target.selector!r} has no drawn part {target.part!r} in window.__benchBoxes")
    (bx0, by0, bx1, by1), (hx0, hy0, hx1, hy1) = drawn["box"], drawn["hit"]
    p = PART_PAD_PX
    box = _css(bb["x"] + bx0 - p, bb["y"] + by0 - p, bb["x"] + bx1 + p, bb["y"] + by1 + p)
    return Located(box, _css(bb["x"] + hx0, bb["y"] + hy0, bb["x"] + hx1, bb["y"] + hy1))


# --- running --------------------------------------------------------------------------------


@dataclass
class CaseResult:
    query: Query
    dsf: float
    expected: list[Located]
    grounding: Grounding | None = None
    ground_s: float = 0.0
    error: str | None = None
    read_as: str | None = None  # OCR-only target: the observation's text span that overlaps it most
    read_iou: float = 0.0

    @property
    def found(self) -> bool:
        return self.grounding is not None and self.grounding.found

    @property
    def best_iou(self) -> float | None:
        best = self.grounding.best if self.grounding is not None else None
        if best is None or not self.expected:
            return None
        return max(best.bbox.iou(e.box) for e in self.expected)

    @property
    def ranked_first(self) -> bool:
        """The top candidate is the target, whether or not it reached the threshold (ranking alone)."""
        g = self.grounding
        if g is None or not g.candidates or not self.expected:
            return False
        return max(g.candidates[0].bbox.iou(e.box) for e in self.expected) >= IOU_MIN

    @property
    def hit(self) -> bool:
        best = self.grounding.best if self.grounding is not None else None
        if best is None:
            return False
        x, y = best.point
        return any(e.hit.x0 <= x <= e.hit.x1 and e.hit.y0 <= y <= e.hit.y1 for e in self.expected)

    @property
    def correct(self) -> bool:
        if self.error is not None or self.grounding is None:
            return False
        if self.query.kind == "none":
            return not self.found
        iou = self.best_iou
        return self.found and iou is not None and iou >= IOU_MIN


@dataclass
class PageTiming:
    page: str
    dsf: float
    pixel_text: bool  # the page has targets that exist only as pixels
    observe_off_s: list[float] = field(default_factory=list)
    observe_auto_s: list[float] = field(default_factory=list)
    n_elements: int = 0
    n_spans: int = 0


@dataclass
class Run:
    cases: list[CaseResult] = field(default_factory=list)
    pages: list[PageTiming] = field(default_factory=list)
    warmup_s: float = 0.0


@dataclass(frozen=True)
class Sdk:
    """The SDK functions under test, imported when a run starts (so ``--check`` needs none of them)."""

    observe: Callable[..., Any]
    ground: Callable[..., Any]
    make_backend: Callable[[], Any]
    """A new CPU backend: one per scale factor, so no run finds another's embeddings in its cache."""


def load_sdk() -> Sdk:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from model.cpu import CpuBackend
    from perception.grounding import ground
    from perception.screen import observe

    return Sdk(observe, ground, CpuBackend)


async def _expected(page: Any, q: Query) -> list[Located]:
    if q.target is None:
        return []
    return [await locate(page, t) for t in (q.target, *q.also)]


async def _observe_page(page: Any, timing: PageTiming, sdk: Sdk, backend: Any, opts: argparse.Namespace) -> Any:
    """Time ``opts.repeat`` observations without OCR, then as many with it; the last one is grounded on."""
    for _ in range(opts.repeat):
        t0 = time.perf_counter()
        await sdk.observe(page, ocr="off", timeout_s=opts.observe_timeout_s)
        timing.observe_off_s.append(time.perf_counter() - t0)
    obs: Any = None
    for _ in range(opts.repeat):
        t0 = time.perf_counter()
        obs = await sdk.observe(page, model=backend, ocr="auto", timeout_s=opts.observe_timeout_s)
        timing.observe_auto_s.append(time.perf_counter() - t0)
    timing.n_elements, timing.n_spans = len(obs.elements), len(obs.text_spans)
    return obs


def _note_reading(obs: Any, case: CaseResult) -> None:
    """For a pixel-only target, which OCR span covers it best: did OCR read it at all?"""
    if case.query.kind != "ocr" or not case.expected:
        return
    box = case.expected[0].box
    best = max(obs.text_spans, key=lambda span: span.bbox.iou(box), default=None)
    if best is not None and best.bbox.iou(box) > 0:
        case.read_as, case.read_iou = best.text, best.bbox.iou(box)


async def _ground(obs: Any, case: CaseResult, sdk: Sdk, kw: dict[str, Any]) -> None:
    t0 = time.perf_counter()
    try:
        case.grounding = await sdk.ground(obs, case.query.text, **kw)
    except Exception as exc:  # noqa: BLE001 - a crash is a failed query, reported, not the end of the run
        case.error = f"{type(exc).__name__}: {exc}"
    case.ground_s = time.perf_counter() - t0


async def run_dsf(browser: Any, base: str, queries: list[Query], dsf: float, sdk: Sdk, opts: argparse.Namespace) -> Run:
    """Every page of ``queries`` at one device scale factor: observe (timed), then ground each query."""
    run = Run()
    backend = sdk.make_backend()
    session = await browser.new_session(viewport=VIEWPORT, device_scale_factor=dsf)
    page = session.page
    by_page: dict[str, list[Query]] = defaultdict(list)
    for q in queries:
        by_page[q.page].append(q)
    kw: dict[str, Any] = {"embedder": backend}
    if opts.threshold is not None:
        kw["threshold"] = opts.threshold
    if opts.model_ground:
        kw["model"] = backend
    try:
        # Warm-up, untimed: the first OCR and the first embedding load their models.
        started = time.perf_counter()
        warm = next((p for p, qs in by_page.items() if any(q.kind == "ocr" for q in qs)), next(iter(by_page)))
        await open_page(page, f"{base}/{warm}")
        obs = await sdk.observe(page, model=backend, ocr="auto", timeout_s=opts.observe_timeout_s)
        await sdk.ground(obs, "OK button", **kw)
        run.warmup_s = time.perf_counter() - started
        _note(f"DSF {dsf:g}: warm-up on {warm} took {run.warmup_s:.1f} s")

        for name, page_queries in by_page.items():
            await open_page(page, f"{base}/{name}")
            timing = PageTiming(name, dsf, any(q.kind == "ocr" for q in page_queries))
            cases = [CaseResult(q, dsf, await _expected(page, q)) for q in page_queries]
            try:
                obs = await _observe_page(page, timing, sdk, backend, opts)
            except Exception as exc:  # noqa: BLE001 - every query of the page fails, the run goes on
                for case in cases:
                    case.error = f"observe: {type(exc).__name__}: {exc}"
                obs = None
            run.pages.append(timing)
            for case in cases:
                if obs is not None:
                    _note_reading(obs, case)
                    await _ground(obs, case, sdk, kw)
                run.cases.append(case)
            right = sum(c.correct for c in cases)
            observe_ms = statistics.median(timing.observe_auto_s) * 1000 if timing.observe_auto_s else float("nan")
            _note(
                f"DSF {dsf:g} {name:<18} {timing.n_elements:>4} elements {timing.n_spans:>3} spans  "
                f"observe {observe_ms:6.0f} ms  {right}/{len(cases)} right"
            )
    finally:
        await session.close()
    return run


async def run_all(queries: list[Query], opts: argparse.Namespace) -> dict[float, Run]:
    from tools.browser import Browser

    sdk = load_sdk()
    runs: dict[float, Run] = {}
    with serve_pages(SETS[opts.set]) as base:
        async with await Browser.launch() as browser:
            for dsf in opts.dsf:
                runs[dsf] = await run_dsf(browser, base, queries, dsf, sdk, opts)
    return runs


BUSY_ELEMENTS = 400
BUSY_QUERIES = (
    "the Save Edit 0 button", "Delete Share 2", "the second Export link", "the checkbox next to Edit 5",
    "the Invite button in the row for Report 40", "the red button", "로그인 버튼", "the Frobnicate button",
)  # fmt: skip


def busy_page_ground_ms(repeat: int = 3) -> dict[str, float | None]:
    """p50/p95 of ``ground`` on a synthetic observation of ``BUSY_ELEMENTS`` elements (no embedder).

    How grounding scales with a page's size, apart from Chromium and OCR: a 50-row grid of buttons,
    links, cells, text, fields, checkboxes and headings whose names repeat ten words, and queries by
    text, ordinal, relation, row, colour, a Korean role word and one without an answer.
    """
    from perception.grounding import ground
    from perception.types import Element, Observation

    words = ["Save", "Edit", "Delete", "Share", "Export", "Invite", "Archive", "Report", "Filter", "Settings"]
    roles = ["button", "link", "cell", "text", "textbox", "checkbox", "heading"]
    interactive = {"button", "link", "textbox", "checkbox"}
    elements = []
    for k in range(BUSY_ELEMENTS):
        role = roles[k % len(roles)]
        x, y = 40 + (k % 8) * 150, 30 + (k // 8) * 40
        name = f"{words[k % 10]} {words[(k * 7) % 10]} {k}"
        elements.append(Element(index=k, role=role, name=name, text=name, tag="span", interactive=role in interactive,
                                bbox=BBox(x0=x, y0=y, x1=x + 140, y1=y + 30, space="css_px"), in_viewport=y < VIEWPORT[1]))  # fmt: skip
    obs = Observation(url="http://busy.local/", viewport=VIEWPORT, elements=tuple(elements))
    times: list[float] = []
    for _ in range(repeat):
        for q in BUSY_QUERIES:
            t = time.perf_counter()
            asyncio.run(ground(obs, q))
            times.append((time.perf_counter() - t) * 1000)
    return {"p50": pct(times, 0.5), "p95": pct(times, 0.95), "n": len(times)}


async def check_corpus(queries: list[Query], dsfs: list[float], root: Path = PAGES) -> list[str]:
    """Every target resolves to one element with a box that lies in the page, at every scale factor."""
    from tools.browser import Browser

    problems: list[str] = []
    with serve_pages(root) as base:
        async with await Browser.launch() as browser:
            for dsf in dsfs:
                session = await browser.new_session(viewport=VIEWPORT, device_scale_factor=dsf)
                try:
                    for name in dict.fromkeys(q.page for q in queries):
                        await open_page(session.page, f"{base}/{name}")
                        width, height = await session.page.evaluate(
                            "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                        )
                        for q in (q for q in queries if q.page == name):
                            try:
                                for each in await _expected(session.page, q):
                                    b = each.box
                                    if b.x0 < -PART_PAD_PX or b.y0 < -PART_PAD_PX or b.x1 > width + PART_PAD_PX \
                                            or b.y1 > height + PART_PAD_PX:  # fmt: skip
                                        problems.append(f"DSF {dsf:g} {q.id}: box {b.as_tuple()} outside the page")
                            except TargetError as exc:
                                problems.append(f"DSF {dsf:g} {q.id}: {exc}")
                finally:
                    await session.close()
    return problems


# --- scoring --------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) by linear interpolation between order statistics; None when empty."""
    if not values:
        return None
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def summarize(run: Run) -> dict[str, Any]:
    cases = run.cases
    of = {kind: [c for c in cases if c.query.kind == kind] for kind in ("dom", "ocr", "none")}
    called_none = [c for c in cases if c.grounding is not None and not c.found]
    answerable = of["dom"] + of["ocr"]
    ms = {kind: [c.ground_s * 1000 for c in of[kind]] for kind in of}

    def times(pages: list[PageTiming], attr: str) -> list[float]:
        return [t * 1000 for p in pages for t in getattr(p, attr)]

    pixel_pages = [p for p in run.pages if p.pixel_text]
    dom_pages = [p for p in run.pages if not p.pixel_text]
    latency = {
        "observe_off_ms": times(run.pages, "observe_off_s"),
        "observe_auto_dom_pages_ms": times(dom_pages, "observe_auto_s"),
        "observe_auto_pixel_pages_ms": times(pixel_pages, "observe_auto_s"),
        "ground_dom_ms": ms["dom"],
        "ground_ocr_ms": ms["ocr"],
        "ground_none_ms": ms["none"],
    }
    return {
        "n": len(cases),
        "n_dom": len(of["dom"]),
        "n_ocr": len(of["ocr"]),
        "n_none": len(of["none"]),
        "dom_top1": _share([c.correct for c in of["dom"]]),
        "ocr_top1": _share([c.correct for c in of["ocr"]]),
        "answerable_top1": _share([c.correct for c in answerable]),
        "all_correct": _share([c.correct for c in cases]),
        "dom_ranked_first": _share([c.ranked_first for c in of["dom"]]),
        "ocr_ranked_first": _share([c.ranked_first for c in of["ocr"]]),
        "ocr_read": _share([c.read_iou >= IOU_MIN for c in of["ocr"]]),
        "dom_click_hit": _share([c.hit for c in of["dom"]]),
        "ocr_click_hit": _share([c.hit for c in of["ocr"]]),
        "none_correct": _share([c.correct for c in of["none"]]),
        "none_precision": _share([c.query.kind == "none" for c in called_none]),
        "none_recall": _share([c.grounding is not None and not c.found for c in of["none"]]),  # = none_correct
        "false_not_found": sum(c.grounding is not None and not c.found for c in answerable),
        "wrong_box": sum(c.found and not c.correct for c in answerable),
        "errors": sum(c.error is not None for c in cases),
        "en_correct": _share([c.correct for c in cases if c.query.lang == "en"]),
        "ko_correct": _share([c.correct for c in cases if c.query.lang == "ko"]),
        "by_category": {
            cat: {"n": len(cs), "correct": _share([c.correct for c in cs])}
            for cat, cs in sorted(_group(cases, lambda c: c.query.category).items())
        },
        "by_page": {
            page: {"n": len(cs), "correct": _share([c.correct for c in cs])}
            for page, cs in sorted(_group(cases, lambda c: c.query.page).items())
        },
        "latency": {
            name: {"p50": pct(values, 0.5), "p95": pct(values, 0.95), "n": len(values)}
            for name, values in latency.items()
        },
        "warmup_s": run.warmup_s,
    }


def _group(cases: list[CaseResult], key: Callable[[CaseResult], str]) -> dict[str, list[CaseResult]]:
    out: dict[str, list[CaseResult]] = defaultdict(list)
    for c in cases:
        out[key(c)].append(c)
    return out


# --- report ---------------------------------------------------------------------------------


def _pc(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f} %"


def _ms(x: float | None) -> str:
    return "—" if x is None else (f"{x:.1f}" if x < 100 else f"{x:.0f}")


def _p50_p95(key: str, summary: dict[str, Any]) -> str:
    lat = summary["latency"][key]
    return f"{_ms(lat['p50'])} / {_ms(lat['p95'])}"


def render(summaries: dict[float, dict[str, Any]], stats: dict[str, Any], wall_s: float) -> Table:
    cols = list(summaries)
    table = Table(
        title=(
            f"Grounding: {stats['queries']} queries on {stats['pages']} pages "
            f"({_pc(stats['korean_share'])} Korean, {_pc(stats['no_answer_share'])} without answer); "
            f"Chromium 1280×800; run took {wall_s:.0f} s"
        ),
        caption="top-1: IoU ≥ 0.5 with the target; click hit: the best box's centre inside the target; times in ms",
    )
    table.add_column("measure", no_wrap=True)
    for dsf in cols:
        table.add_column(f"DSF {dsf:g}", justify="right")
    table.add_column("target", justify="right")

    def row(label: str, get: Callable[[dict[str, Any]], str], target: str = "") -> None:
        table.add_row(label, *(get(summaries[d]) for d in cols), target)

    first = summaries[cols[0]]
    row(f"top-1 DOM targets (n={first['n_dom']})", lambda s: _pc(s["dom_top1"]), "≥ 95 %")
    row(f"top-1 OCR-only targets (n={first['n_ocr']})", lambda s: _pc(s["ocr_top1"]), "≥ 90 %")
    row(f"no answer: not found = recall (n={first['n_none']})", lambda s: _pc(s["none_recall"]), "≥ 90 %")
    row("not-found precision", lambda s: _pc(s["none_precision"]))
    row("all queries correct", lambda s: _pc(s["all_correct"]))
    row("  English / Korean queries", lambda s: f"{_pc(s['en_correct'])} / {_pc(s['ko_correct'])}")
    row(
        "top candidate right, found or not: DOM / OCR",
        lambda s: f"{_pc(s['dom_ranked_first'])} / {_pc(s['ocr_ranked_first'])}",
    )
    row("OCR-only targets read (a span with IoU ≥ 0.5)", lambda s: _pc(s["ocr_read"]))
    row("click hit DOM / OCR-only", lambda s: f"{_pc(s['dom_click_hit'])} / {_pc(s['ocr_click_hit'])}")
    row("answerable: not found / wrong box", lambda s: f"{s['false_not_found']} / {s['wrong_box']}")
    row("errors (ground raised)", lambda s: str(s["errors"]))
    lat = [
        ("observe, ocr off: p50 / p95", "observe_off_ms", ""),
        ("observe, ocr auto, DOM-only pages", "observe_auto_dom_pages_ms", ""),
        ("observe, ocr auto, pages with pixel text", "observe_auto_pixel_pages_ms", ""),
        ("ground, DOM targets: p50 / p95", "ground_dom_ms", "p50 ≤ 50"),
        ("ground, OCR-only targets: p50 / p95", "ground_ocr_ms", "p50 ≤ 1000"),
        ("ground, no answer: p50 / p95", "ground_none_ms", ""),
    ]
    for label, key, target in lat:
        row(label, functools.partial(_p50_p95, key), target)
    row("warm-up (model loads), s", lambda s: f"{s['warmup_s']:.1f}")
    return table


def render_categories(summaries: dict[float, dict[str, Any]], descriptions: dict[str, str]) -> Table:
    cols = list(summaries)
    table = Table(title="Correct by category (a query counts once, in its main category)")
    table.add_column("category", no_wrap=True)
    table.add_column("n", justify="right")
    for dsf in cols:
        table.add_column(f"DSF {dsf:g}", justify="right")
    table.add_column("what it tests")
    cats = summaries[cols[0]]["by_category"]
    for cat in sorted(cats, key=lambda c: -cats[c]["n"]):
        table.add_row(
            cat,
            str(cats[cat]["n"]),
            *(_pc(summaries[d]["by_category"][cat]["correct"]) for d in cols),
            descriptions.get(cat, ""),
        )
    return table


def _label(c: CaseResult) -> str:
    g = c.grounding
    if c.error:
        return f"ERROR {c.error[:100]}"
    if g is None or not g.candidates:
        if c.query.kind == "ocr":
            return f"no candidates; OCR read {c.read_as!r} IoU {c.read_iou:.2f}" if c.read_as else "no candidates"
        return "no candidates"
    top = g.candidates[0]
    verdict = "found" if g.found else "not found"
    iou = max((top.bbox.iou(e.box) for e in c.expected), default=None)
    iou_s = "" if iou is None else f" IoU {iou:.2f}"
    read = ""
    if c.query.kind == "ocr":
        read = f"; OCR read {c.read_as!r} IoU {c.read_iou:.2f}" if c.read_as is not None else "; OCR read nothing there"
    return f"{verdict}: {top.source} {top.label[:40]!r} {top.score:.2f}{iou_s} ({top.why[:60]}){read}"


def show_failures(runs: dict[float, Run]) -> None:
    """Failing queries grouped by category; a query failing at several scale factors is listed once."""
    failing: dict[str, dict[float, CaseResult]] = defaultdict(dict)
    for dsf, run in runs.items():
        for c in run.cases:
            if not c.correct:
                failing[c.query.id][dsf] = c
    if not failing:
        print("\nno failing queries")
        return
    by_cat: dict[str, list[str]] = defaultdict(list)
    for qid, per_dsf in failing.items():
        by_cat[next(iter(per_dsf.values())).query.category].append(qid)
    print(f"\n{len(failing)} queries fail at some scale factor")
    for cat in sorted(by_cat, key=lambda c: -len(by_cat[c])):
        print(f"\n{cat} ({len(by_cat[cat])})")
        for qid in by_cat[cat]:
            per_dsf = failing[qid]
            c = next(iter(per_dsf.values()))
            where = ",".join(f"{d:g}" for d in per_dsf)
            want = "none" if c.query.target is None else c.query.kind
            print(f"  {qid:<13} [{c.query.lang}] {c.query.text!r} → want {want}; DSF {where}: {_label(c)}")


# --- output files ---------------------------------------------------------------------------


CSV_FIELDS = (
    "dsf", "id", "page", "lang", "category", "kind", "query", "target", "found", "correct", "ranked_first", "iou",
    "click_hit", "best_source", "best_label", "best_score", "best_box", "best_why", "top3", "expected_box", "ground_ms",
    "read_as", "read_iou", "error",
)  # fmt: skip


def _box(b: BBox | None) -> str:
    return "" if b is None else " ".join(f"{v:.1f}" for v in b.as_tuple())


def _csv_row(c: CaseResult) -> dict[str, Any]:
    g = c.grounding
    best = g.best if g is not None else None
    top3 = " | ".join(f"{k.source}:{k.label[:30]}:{k.score:.2f}" for k in (g.candidates[:3] if g else ()))
    t = c.query.target
    target = "" if t is None else " >> ".join((*t.frame, t.selector)) + (f" [{t.part}]" if t.part else "")
    iou = c.best_iou
    return {
        "dsf": f"{c.dsf:g}",
        "id": c.query.id,
        "page": c.query.page,
        "lang": c.query.lang,
        "category": c.query.category,
        "kind": c.query.kind,
        "query": c.query.text,
        "target": target,
        "found": int(c.found),
        "correct": int(c.correct),
        "ranked_first": int(c.ranked_first),
        "iou": "" if iou is None else f"{iou:.3f}",
        "click_hit": int(c.hit),
        "best_source": best.source if best else "",
        "best_label": best.label if best else "",
        "best_score": f"{best.score:.3f}" if best else "",
        "best_box": _box(best.bbox if best else None),
        "best_why": best.why if best else "",
        "top3": top3,
        "expected_box": _box(c.expected[0].box if c.expected else None),
        "ground_ms": f"{c.ground_s * 1000:.2f}",
        "read_as": c.read_as or "",
        "read_iou": f"{c.read_iou:.3f}" if c.read_as is not None else "",
        "error": c.error or "",
    }


def write_results(
    run_info: dict[str, Any], summaries: dict[float, dict[str, Any]], runs: dict[float, Run], *, stem: str = "grounding"
) -> list[Path]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary_path, cases_path = RESULTS / f"{stem}.json", RESULTS / f"{stem}_cases.csv"
    pages = {
        f"{dsf:g}": [
            {
                "page": p.page,
                "elements": p.n_elements,
                "spans": p.n_spans,
                "observe_off_ms": [round(t * 1000, 1) for t in p.observe_off_s],
                "observe_auto_ms": [round(t * 1000, 1) for t in p.observe_auto_s],
            }
            for p in run.pages
        ]
        for dsf, run in runs.items()
    }
    summary_path.write_text(
        json.dumps(
            {"run": run_info, "dsf": {f"{d:g}": s for d, s in summaries.items()}, "pages": pages},
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    with cases_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(_csv_row(c) for run in runs.values() for c in run.cases)
    return [summary_path, cases_path]


# --- command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="DSF 1 only, observe once per page (about a minute)")
    p.add_argument("--dsf", default="1,2", help="comma-separated device scale factors (default 1,2)")
    p.add_argument("--repeat", type=int, default=3, help="observe calls timed per page and mode (default 3)")
    p.add_argument("--pages", metavar="SUBSTRING", help="only pages whose file name contains one (comma = or)")
    p.add_argument("--ids", metavar="ID,...", help="only these query ids")
    p.add_argument("--threshold", type=float, help="ground's found threshold (default: ground's own)")
    p.add_argument("--observe-timeout-s", type=float, default=60.0, help="observe's timeout_s (default 60)")
    p.add_argument("--model-ground", action="store_true", help="also pass the CPU backend as ground(model=...)")
    p.add_argument("--show-failures", action="store_true", help="list the failing queries by category")
    p.add_argument("--check", action="store_true", help="only check that every target resolves (no grounding)")
    p.add_argument("--set", choices=list(SETS), default="main", help="page set: main (default), heldout, fresh, judge, judge2, judge3 or dev_a … dev_g")
    p.add_argument("--set-dir", metavar="DIR", help="a page set of your own: a folder of pages with its queries.json (in place of --set)")
    args = p.parse_args(argv)
    if args.set_dir:
        folder = Path(args.set_dir).resolve()
        if not (folder / "queries.json").is_file():
            p.error(f"--set-dir {args.set_dir}: no queries.json in {folder}")
        SETS["custom"] = folder
        args.set = "custom"
    try:
        args.dsf = [float(x) for x in args.dsf.split(",") if x.strip()]
    except ValueError:
        p.error(f"--dsf {args.dsf!r}: give numbers such as 1,2")
    if args.quick:
        args.dsf, args.repeat = [1.0], 1
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    all_queries, categories = load_queries(SETS[args.set] / "queries.json")
    queries = select(all_queries, args.pages, args.ids)
    if not queries:
        print("grounding: no query matches --pages/--ids", file=sys.stderr)
        return 2
    stats = corpus_stats(queries)
    _note(
        f"{stats['queries']} queries on {stats['pages']} pages: {stats['kinds']}, "
        f"{_pc(stats['korean_share'])} Korean, {_pc(stats['no_answer_share'])} without answer"
    )
    if args.check:
        problems = asyncio.run(check_corpus(queries, args.dsf, SETS[args.set]))
        for line in problems:
            print(line)
        _note(f"check: {len(problems)} problems")
        return 1 if problems else 0
    try:
        started = time.perf_counter()
        runs = asyncio.run(run_all(queries, args))
        wall_s = time.perf_counter() - started
    except ImportError as exc:
        print(
            f"grounding: needs perception.screen.observe, perception.grounding.ground and model.cpu.CpuBackend ({exc})",
            file=sys.stderr,
        )
        return 2
    summaries = {dsf: summarize(run) for dsf, run in runs.items()}
    console = Console()
    if not console.is_terminal:  # rich would squeeze the tables to 80 columns in a log file
        console = Console(width=160)
    console.print(render(summaries, stats, wall_s))
    console.print(render_categories(summaries, categories))
    busy = busy_page_ground_ms()
    print(f"ground on a {BUSY_ELEMENTS}-element page (synthetic, no embedder): p50 / p95 {_ms(busy['p50'])} / {_ms(busy['p95'])} ms")
    if args.show_failures:
        show_failures(runs)
    run_info = _common.run_info(
        sys.argv[1:] if argv is None else argv, viewport=VIEWPORT, corpus=stats, wall_s=wall_s,
        busy_page_ground_ms=busy,
    )
    stem = "grounding" if args.set == "main" else f"grounding_{args.set}"
    for path in write_results(run_info, summaries, runs, stem=stem):
        _note(f"wrote {os.path.relpath(path)}")
    return 1 if any(s["errors"] for s in summaries.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
