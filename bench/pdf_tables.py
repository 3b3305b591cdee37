"""PDF table-extraction benchmark: tilepilot against camelot, pdfplumber and PyMuPDF, same run.

What is measured
    The corpus is ``$TILEPILOT_SHARED/bench/pdf_tables`` (default ``<repo>/../shared``), read in
    place: 80 cases (expected table on a 1-based page of a PDF), on 78 distinct pages of 73 PDFs,
    each of kind ``lattice`` (ruled grid), ``stream`` (columns aligned by whitespace only) or
    ``other``. Every tool reads every distinct page once, in a process of its own (so import
    cost and crashes stay out of the others' numbers), and returns the page's tables as rows of
    strings. Each case is scored by the corpus's reference scorer (``score_tables.score_page``):
    the expected table is matched with the predicted table of its page that scores best.

    ``camelot_rule_auto`` is not run: it is derived from the two camelot runs, per page
    "lattice if it returned a table of at least 2×2, else stream", and its time is the lattice
    time plus the stream time of the pages that fell back.

How to read the numbers (means over cases, each 0..1 unless marked %)
    cell-F1      F1 over the multiset of non-empty cell texts (whitespace and Unicode forms
                 folded), blind to position: are the cell boundaries and texts right?
    lattice/stream/other   cell-F1 restricted to the cases of that kind.
    grid-exact % share of cases whose grid (all-empty rows/columns dropped) is reproduced exactly.
    structure    share of expected cells found at the same position under the best single
                 row/column offset: is the grid right, not only the texts?
    pages/s      distinct pages / wall time of the tool's page loop, imports excluded. The first
                 page (cold caches, lazy imports) is also shown alone. The machine is shared, so
                 compare speeds within one run only; "tilepilot is N.N× faster/slower" does that.
    errors       pages on which the tool raised, crashed or hung; they score 0 and are counted.
    anchor F1    the cell-F1 the corpus's ``results/per_case.csv`` recorded for the same tool on
                 the same cases (a sanity check of this harness, not a result of this run).

Usage
    bench/pdf_tables.py                          all tools (about a minute on a quiet 2-core machine,
                                                 half of it camelot lattice; far longer under load)
    bench/pdf_tables.py --quick --show-failures  tilepilot only, and what it got wrong per case
    bench/pdf_tables.py --tools tilepilot,pymupdf --cases eu-0
``--show-failures`` lists each case below cell-F1 1 with the predicted table that matched it:
"missing" are expected cells that table lacks, "extra" its cells the expectation lacks (both
compared as the scorer does, after normalisation; the first four of each are shown).
Writes ``bench/results/pdf_tables.json`` (summary) and ``bench/results/pdf_tables_cases.csv``
(one row per case and tool). Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import _common
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
WORKER = Path(__file__).with_name("pdf_tables_worker.py")

TOOLS = ("tilepilot", "camelot_lattice", "camelot_stream", "camelot_rule_auto", "pdfplumber", "pymupdf")
DERIVED = {"camelot_rule_auto": ("camelot_lattice", "camelot_stream")}
KINDS = ("lattice", "stream", "other")

Grid = list[list[str]]
PageKey = tuple[str, int]  # (PDF path relative to the corpus, 1-based page)


# --- corpus ---------------------------------------------------------------------------------


def corpus_dir() -> Path:
    shared = os.environ.get("TILEPILOT_SHARED") or str(REPO.parent / "shared")
    return Path(shared) / "bench" / "pdf_tables"


def load_scorer(path: Path) -> ModuleType:
    """Import the reference scorer from the shared folder (it is not a package of ours)."""
    spec = importlib.util.spec_from_file_location("score_tables", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Case:
    id: str
    pdf: str
    page: int
    kind: str
    gt_origin: str
    expected: Grid

    @property
    def key(self) -> PageKey:
        return (self.pdf, self.page)


def load_cases(corpus: Path, scorer: ModuleType, pattern: str | None) -> list[Case]:
    """The manifest's cases whose id contains one of the comma-separated ``pattern`` parts."""
    wanted = [p for p in (pattern or "").split(",") if p]
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    return [
        Case(
            e["id"],
            e["pdf"],
            int(e["page"]),
            e["kind"],
            e.get("gt_origin", ""),
            scorer.read_csv(str(corpus / e["expected_csv"])),
        )
        for e in manifest
        if not wanted or any(p in e["id"] for p in wanted)
    ]


def load_anchors(corpus: Path) -> dict[tuple[str, str], float]:
    """``(tool, case id) → cell_f1`` from the corpus's recorded per-case results (empty if absent)."""
    path = corpus / "results" / "per_case.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {(r["tool"], r["id"]): float(r["cell_f1"]) for r in csv.DictReader(f)}


# --- running the tools ----------------------------------------------------------------------


@dataclass(frozen=True)
class PageResult:
    tables: list[Grid]
    s: float
    error: str | None = None
    picked: str | None = None  # camelot_rule_auto: which flavor's tables were kept


@dataclass
class ToolRun:
    tool: str
    version: str | None = None
    import_s: float | None = None
    loop_s: float = 0.0
    process_s: float | None = None
    pages: dict[PageKey, PageResult] = field(default_factory=dict)
    setup_error: str | None = None
    restarts: int = 0

    @property
    def pages_per_s(self) -> float | None:
        return len(self.pages) / self.loop_s if self.loop_s > 0 and not self.setup_error else None

    @property
    def first_page_s(self) -> float | None:
        return next(iter(self.pages.values())).s if self.pages and not self.setup_error else None


@dataclass
class _Segment:
    """What one worker process delivered before it finished, died or was killed."""

    version: str | None = None
    import_s: float | None = None
    loop_s: float | None = None
    results: list[PageResult] = field(default_factory=list)
    failure: str | None = None
    stalled_s: float = 0.0  # time spent on the page it failed on


class _Progress:
    """One stderr line per tool every few pages: the full run takes minutes."""

    def __init__(self, tool: str, total: int) -> None:
        self.tool, self.total, self.done, self.errors, self.page_s = tool, total, 0, 0, 0.0
        self.step = max(1, total // 8)
        self.last_print = time.monotonic()

    def page_done(self, result: PageResult) -> None:
        self.done += 1
        self.errors += result.error is not None
        self.page_s += result.s
        if self.done % self.step == 0 or time.monotonic() - self.last_print > 30:
            self.last_print = time.monotonic()
            _note(f"{self.tool:<17} {self.done:>3}/{self.total} pages  {self.page_s:6.1f} s  {self.errors} errors")


def _note(text: str) -> None:
    print(f"[pdf_tables] {text}", file=sys.stderr, flush=True)


def _new_lines(path: Path, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Complete JSON lines appended to ``path`` since byte ``offset``, and the new offset."""
    if not path.exists():
        return [], offset
    with path.open("rb") as f:
        f.seek(offset)
        chunk = f.read()
    end = chunk.rfind(b"\n") + 1
    return [json.loads(line) for line in chunk[:end].splitlines() if line.strip()], offset + end


def _absorb(seg: _Segment, obj: dict[str, Any], progress: _Progress) -> None:
    if "version" in obj:
        seg.version, seg.import_s = obj["version"], obj["import_s"]
    elif "i" in obj:
        seg.results.append(PageResult(obj["tables"], obj["s"], obj["error"]))
        progress.page_done(seg.results[-1])
    elif "loop_s" in obj:
        seg.loop_s = obj["loop_s"]


def _run_worker(tool: str, keys: list[PageKey], corpus: Path, page_timeout_s: float, progress: _Progress) -> _Segment:
    """Run ``tool`` over ``keys`` in a worker process until it finishes, dies, or stalls on a page."""
    seg = _Segment()
    with tempfile.TemporaryDirectory(prefix="tp-bench-") as tmp:
        jobs, out, log = Path(tmp, "jobs.json"), Path(tmp, "out.jsonl"), Path(tmp, "log.txt")
        jobs.write_text(json.dumps([{"pdf": str(corpus / pdf), "page": page} for pdf, page in keys]))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        with log.open("wb") as log_file:
            proc = subprocess.Popen(
                [sys.executable, str(WORKER), tool, str(jobs), str(out)],
                cwd=REPO,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            offset, last_line, killed = 0, time.monotonic(), False
            while True:
                exited = proc.poll() is not None  # checked before reading, so no last line is missed
                lines, offset = _new_lines(out, offset)
                for obj in lines:
                    _absorb(seg, obj, progress)
                    last_line = time.monotonic()
                if exited:
                    break
                if time.monotonic() - last_line > page_timeout_s:
                    proc.kill()  # the next pass reads what it wrote before it was killed
                    proc.wait()
                    killed = True
                else:
                    time.sleep(0.2)
            seg.stalled_s = time.monotonic() - last_line
        if seg.loop_s is None:
            tail = " ".join(log.read_text(errors="replace").split()[-40:])
            seg.failure = (
                f"no result within {page_timeout_s:.0f} s: killed"
                if killed
                else f"worker exited with code {proc.returncode}: {tail}"
            )
    return seg


def run_tool(tool: str, keys: list[PageKey], corpus: Path, page_timeout_s: float) -> ToolRun:
    """Every page of ``keys`` through ``tool``; a crash or hang loses one page, then a new worker goes on."""
    started = time.perf_counter()
    run, todo = ToolRun(tool), list(keys)
    progress = _Progress(tool, len(keys))
    while todo:
        seg = _run_worker(tool, todo, corpus, page_timeout_s, progress)
        if seg.version is None:  # the tool could not even be imported
            run.setup_error = seg.failure
            run.pages.update({k: PageResult([], 0.0, f"setup: {seg.failure}") for k in todo})
            break
        if run.version is None:
            run.version, run.import_s = seg.version, seg.import_s
        run.pages.update(zip(todo, seg.results))
        run.loop_s += seg.loop_s if seg.loop_s is not None else sum(r.s for r in seg.results) + seg.stalled_s
        todo = todo[len(seg.results) :]
        if seg.failure and todo:  # the page it was reading when it died or hung
            _note(f"{tool}: {todo[0][0]} page {todo[0][1]}: {seg.failure}")
            run.pages[todo[0]] = PageResult([], seg.stalled_s, seg.failure)
            progress.page_done(run.pages[todo[0]])
            run.restarts += 1
            todo = todo[1:]
    run.process_s = time.perf_counter() - started
    rate = f"{run.pages_per_s:.2f} pages/s" if run.pages_per_s else f"setup failed: {run.setup_error}"
    _note(f"{tool:<17} done: {len(run.pages)} pages, loop {run.loop_s:.1f} s, {rate}")
    return run


def _at_least_2x2(table: Grid) -> bool:
    return len(table) >= 2 and max(map(len, table)) >= 2


def rule_auto(lattice: ToolRun, stream: ToolRun) -> ToolRun:
    """Per page, camelot lattice's tables when one is at least 2×2, else camelot stream's."""
    run = ToolRun(
        "camelot_rule_auto",
        lattice.version,
        lattice.import_s,
        lattice.loop_s,
        setup_error=lattice.setup_error or stream.setup_error,
    )
    for key, lat in lattice.pages.items():
        if any(_at_least_2x2(t) for t in lat.tables):
            run.pages[key] = replace(lat, picked="lattice")
        else:
            st = stream.pages[key]
            run.pages[key] = PageResult(st.tables, lat.s + st.s, st.error, picked="stream")
            run.loop_s += st.s
    return run


def run_tools(tools: list[str], keys: list[PageKey], corpus: Path, page_timeout_s: float) -> dict[str, ToolRun]:
    """Run the requested tools (and what derived ones need) in ``TOOLS`` order."""
    needed = {t for tool in tools for t in DERIVED.get(tool, (tool,))}
    runs = {t: run_tool(t, keys, corpus, page_timeout_s) for t in TOOLS if t in needed}
    for tool, (a, b) in DERIVED.items():
        if tool in tools:
            runs[tool] = rule_auto(runs[a], runs[b])
    return {t: runs[t] for t in TOOLS if t in runs}


# --- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseScore:
    case: Case
    page: PageResult
    score: dict[str, Any]  # score_tables.score_page's result
    anchor_f1: float | None


def _anchor_name(run: ToolRun) -> str | None:
    if run.tool == "tilepilot":
        return None
    if run.tool == "pymupdf":  # the corpus recorded PyMuPDF 2.0 as "pymupdf" and 1.x as "pymupdf_1x"
        return "pymupdf_1x" if (run.version or "").startswith("1.") else "pymupdf"
    return run.tool


def score_run(
    cases: list[Case], run: ToolRun, scorer: ModuleType, anchors: dict[tuple[str, str], float]
) -> list[CaseScore]:
    name = _anchor_name(run)
    return [
        CaseScore(
            c, run.pages[c.key], scorer.score_page(run.pages[c.key].tables, c.expected), anchors.get((name or "", c.id))
        )
        for c in cases
    ]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _aggregate(scores: list[CaseScore]) -> dict[str, Any]:
    grid = _mean([s.score["grid_exact"] for s in scores])
    return {
        "n": len(scores),
        "cell_f1": _mean([s.score["cell_f1"] for s in scores]),
        "grid_exact_pct": None if grid is None else 100 * grid,
        "structure": _mean([s.score["structure"] for s in scores]),
        "no_table_found": sum(s.score["n_pred"] == 0 for s in scores),
    }


def _of_kind(kind: str) -> Callable[[Case], bool]:
    return lambda c: c.kind == kind


GROUPS: dict[str, Callable[[Case], bool]] = {
    "all": lambda c: True,
    **{kind: _of_kind(kind) for kind in KINDS},
    "icdar_human_gt": lambda c: c.gt_origin.startswith("human"),
}


def summarize(run: ToolRun, scores: list[CaseScore]) -> dict[str, Any]:
    errors = [p.error for p in run.pages.values() if p.error]
    anchors = [s.anchor_f1 for s in scores if s.anchor_f1 is not None]
    return {
        "version": run.version,
        "setup_error": run.setup_error,
        "n_pages": len(run.pages),
        "import_s": run.import_s,
        "loop_s": run.loop_s,
        "process_s": run.process_s,
        "pages_per_s": run.pages_per_s,
        "first_page_s": run.first_page_s,
        "median_page_s": statistics.median(p.s for p in run.pages.values()) if run.pages else None,
        "page_errors": len(errors),
        "first_error": errors[0] if errors else None,
        "restarts": run.restarts,
        "fell_back_to_stream": sum(p.picked == "stream" for p in run.pages.values()) if run.tool in DERIVED else None,
        **{g: _aggregate([s for s in scores if keep(s.case)]) for g, keep in GROUPS.items()},
        "anchor": {"tool": _anchor_name(run), "cell_f1": _mean(anchors) if len(anchors) == len(scores) else None},
    }


# --- report ---------------------------------------------------------------------------------


def _fmt(x: float | None, spec: str = ".3f") -> str:
    return "—" if x is None else format(x, spec)


def _speed_ratio(tilepilot: float | None, other: float | None) -> str:
    if not tilepilot or not other:
        return "—"
    r = tilepilot / other
    return f"{r:.1f}× faster" if r >= 1 else f"{1 / r:.1f}× slower"


def render(summaries: dict[str, dict[str, Any]], n_pages: int, wall_s: float) -> Table:
    base = summaries.get("tilepilot", {}).get("pages_per_s")
    first = next(iter(summaries.values()))
    kinds = ", ".join(f"{k} {first[k]['n']}" for k in KINDS)
    table = Table(
        title=f"PDF tables: {first['all']['n']} cases ({kinds}) on {n_pages} pages; run took {wall_s:.0f} s",
        caption="means over cases; pages/s excludes imports; anchor F1 = corpus results/per_case.csv",
    )
    table.add_column("tool", no_wrap=True)
    table.add_column("version")
    for name in ("cell-F1", *KINDS, "grid-exact %", "structure", "pages/s", "1st page s", "errors", "anchor F1"):
        table.add_column(name, justify="right")
    table.add_column("tilepilot speed", justify="right", no_wrap=True)
    for tool, s in summaries.items():
        table.add_row(
            tool,
            s["version"] or "—",
            _fmt(s["all"]["cell_f1"]),
            *(_fmt(s[k]["cell_f1"]) for k in KINDS),
            _fmt(s["all"]["grid_exact_pct"], ".1f"),
            _fmt(s["all"]["structure"]),
            _fmt(s["pages_per_s"], ".2f"),
            _fmt(s["first_page_s"], ".2f"),
            str(s["page_errors"]),
            _fmt(s["anchor"]["cell_f1"]),
            "—" if tool == "tilepilot" else _speed_ratio(base, s["pages_per_s"]),
        )
    return table


def _short(text: str, width: int = 28) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def _cell_diff(pred: Grid, expected: Grid, norm: Callable[[str], str]) -> tuple[list[str], list[str]]:
    """Expected cells absent from the prediction, and predicted cells absent from the expectation."""

    def cells(grid: Grid) -> Iterator[str]:
        return (c for row in grid for c in row if norm(c))

    def unmatched(side: Grid, other: Grid) -> list[str]:
        left = Counter(norm(c) for c in cells(side)) - Counter(norm(c) for c in cells(other))
        out = []
        for c in cells(side):
            if left[norm(c)] > 0:
                left[norm(c)] -= 1
                out.append(c)
        return out

    return unmatched(expected, pred), unmatched(pred, expected)


def _cells_line(label: str, cells: list[str], limit: int = 4) -> str:
    more = f"  (+{len(cells) - limit})" if len(cells) > limit else ""
    return f"    {label:<8} " + (" · ".join(_short(c) for c in cells[:limit]) or "(none)") + more


def show_failures(tool: str, scores: list[CaseScore], norm: Callable[[str], str]) -> None:
    """For each case below cell-F1 1: id, kind, scores, shapes, and the first mismatching cells."""
    failed = [s for s in scores if s.score["cell_f1"] < 1]
    print(f"\n{tool}: {len(failed)} of {len(scores)} cases below cell-F1 1.0")
    for s in failed:
        sc, page = s.score, s.page
        shape = (
            "no table"
            if sc["match_index"] is None
            else (f"{sc['pred_shape'][0]}x{sc['pred_shape'][1]} (table {sc['match_index'] + 1}/{sc['n_pred']})")
        )
        print(
            f"{s.case.id:<26} {s.case.kind:<7} F1 {sc['cell_f1']:.2f}  struct {sc['structure']:.2f}  "
            f"pred {shape} vs exp {sc['exp_shape'][0]}x{sc['exp_shape'][1]}"
            + (f"  ERROR {page.error[:120]}" if page.error else "")
        )
        if sc["match_index"] is not None:
            missing, extra = _cell_diff(page.tables[sc["match_index"]], s.case.expected, norm)
            print(_cells_line("missing", missing))
            print(_cells_line("extra", extra))


# --- output files ---------------------------------------------------------------------------


CSV_FIELDS = (
    "id",
    "kind",
    "gt_origin",
    "tool",
    "cell_f1",
    "precision",
    "recall",
    "grid_exact",
    "structure",
    "n_pred",
    "match_index",
    "pred_shape",
    "exp_shape",
    "offset",
    "page_s",
    "picked",
    "error",
    "anchor_cell_f1",
)


def _csv_row(tool: str, s: CaseScore) -> dict[str, Any]:
    sc = s.score
    return {
        "id": s.case.id,
        "kind": s.case.kind,
        "gt_origin": s.case.gt_origin,
        "tool": tool,
        **{k: f"{sc[k]:.4f}" for k in ("cell_f1", "precision", "recall", "structure")},
        "grid_exact": sc["grid_exact"],
        "n_pred": sc["n_pred"],
        "match_index": sc["match_index"],
        "pred_shape": "x".join(map(str, sc["pred_shape"])),
        "exp_shape": "x".join(map(str, sc["exp_shape"])),
        "offset": sc["offset"],
        "page_s": f"{s.page.s:.3f}",
        "picked": s.page.picked,
        "error": s.page.error,
        "anchor_cell_f1": _fmt(s.anchor_f1, ".4f") if s.anchor_f1 is not None else "",
    }


def write_results(
    run_info: dict[str, Any], summaries: dict[str, Any], scores: dict[str, list[CaseScore]]
) -> list[Path]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    summary_path, cases_path = RESULTS / "pdf_tables.json", RESULTS / "pdf_tables_cases.csv"
    summary_path.write_text(json.dumps({"run": run_info, "tools": summaries}, indent=1, ensure_ascii=False) + "\n")
    with cases_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
        writer.writeheader()
        writer.writerows(_csv_row(tool, s) for tool, rows in scores.items() for s in rows)
    return [summary_path, cases_path]


# --- command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    which.add_argument("--quick", action="store_true", help="tilepilot only (seconds, not minutes)")
    p.add_argument("--cases", metavar="ID_SUBSTRING", help="only cases whose id contains it (comma = or)")
    p.add_argument(
        "--show-failures",
        action="store_true",
        help="list tilepilot's cases below cell-F1 1 (the first tool's if tilepilot is not run)",
    )
    p.add_argument("--page-timeout-s", type=float, default=300.0, help="kill a tool stuck this long on one page")
    args = p.parse_args(argv)
    args.tools = ["tilepilot"] if args.quick else [t.strip() for t in args.tools.split(",") if t.strip()]
    if unknown := sorted(set(args.tools) - set(TOOLS)):
        p.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = corpus_dir()
    if not (corpus / "manifest.json").exists():
        print(f"pdf_tables: no corpus at {corpus} (set TILEPILOT_SHARED)", file=sys.stderr)
        return 2
    scorer = load_scorer(corpus.parent / "score_tables.py")
    cases = load_cases(corpus, scorer, args.cases)
    if not cases:
        print(f"pdf_tables: no case id contains {args.cases!r}", file=sys.stderr)
        return 2
    keys = list(dict.fromkeys(c.key for c in cases))
    _note(f"{len(cases)} cases on {len(keys)} pages; tools: {', '.join(args.tools)}")

    started = time.perf_counter()
    runs = run_tools(args.tools, keys, corpus, args.page_timeout_s)
    wall_s = time.perf_counter() - started

    anchors = load_anchors(corpus)
    scores = {tool: score_run(cases, run, scorer, anchors) for tool, run in runs.items()}
    summaries = {tool: summarize(run, scores[tool]) for tool, run in runs.items()}
    console = Console()
    if not console.is_terminal:  # rich would squeeze the table to 80 columns in a log file
        console = Console(width=200)
    console.print(render(summaries, len(keys), wall_s))
    if args.show_failures:
        tool = "tilepilot" if "tilepilot" in scores else next(iter(scores))
        show_failures(tool, scores[tool], scorer.norm)

    run_info = _common.run_info(
        sys.argv[1:] if argv is None else argv, corpus=str(corpus), cases=len(cases), pages=len(keys), wall_s=wall_s
    )
    for path in write_results(run_info, summaries, scores):
        _note(f"wrote {os.path.relpath(path)}")
    return 1 if any(r.setup_error for r in runs.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
