"""The HTML report of agent runs: ``write_report("runs/login")`` → one self-contained ``report.html``.

A run folder written by :class:`~agent.trace.TraceWriter` becomes a summary (task, status, steps
ok/total, time, median step time) and one card per step: the instruction, the action and its
target, the verdict with its evidence, the heal note, the timings and the annotated screenshot.
A folder that holds several run folders (at any depth) gets an index of the runs first. A run that
was killed (no end in ``run.json``, or no ``run.json`` at all) renders from what it wrote, with the
step that was running when it stopped.

The page is the report of :mod:`tools.pdf.report`: :class:`RunsSection` is a
:class:`~tools.pdf.report.Section`, so agent runs and PDF tables go into one file together::

    from tools.pdf.report import Report, TablesSection
    Report(title="demo").add(TablesSection(batch.files)).add(RunsSection(["out/runs"])).save("out/report.html")

Images are inlined as ``data:`` URIs and every text is escaped; nothing outside the file is loaded.
"""

from __future__ import annotations

import html
import logging
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agent._records import ActionTaken, ApprovalNeeded, StepFinished, StepRecord, StepStarted
from agent.actions import Action, Target
from agent.trace import Trace, read_trace
from model.errors import InputError
from tools.pdf.report import Report, png_data_uri

__all__ = ["RunsSection", "find_runs", "write_report"]

logger = logging.getLogger(__name__)

_STATUS_COLOUR = {
    "ok": "#1a7f37", "done": "#1a7f37", "skipped": "#6e7781", "failed": "#cf222e", "rejected": "#bc4c00",
    "interrupted": "#8250df", "budget_exceeded": "#bc4c00", "running": "#9a6700", "unfinished": "#9a6700",
}  # fmt: skip
_PNG = b"\x89PNG\r\n\x1a\n"

_CSS = """
.tp-runs table.tp-index { border-collapse: collapse; font-size: 13px; margin: 8px 0 18px; background: #fff; }
.tp-runs table.tp-index td, .tp-runs table.tp-index th { border: 1px solid #d0d7de; padding: 3px 8px;
  text-align: left; vertical-align: top; }
.tp-runs table.tp-index th { background: #eef1f4; }
.tp-runs .tp-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tp-run { margin: 10px 0 30px; }
.tp-run h3 { font-size: 17px; margin: 26px 0 2px; }
.tp-sum { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: baseline; background: #fff;
  border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 12px; margin: 6px 0 12px; font-size: 13px; }
.tp-sum b { font-size: 15px; }
.tp-status { display: inline-block; color: #fff; font-weight: 600; border-radius: 4px; padding: 0 7px;
  background: var(--c, #888); }
.tp-alert { border: 1px solid #d4a72c; background: #fff8c5; border-radius: 6px; padding: 6px 12px;
  margin: 6px 0 12px; font-size: 13px; }
.tp-step-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 48%); gap: 16px; align-items: start; }
.tp-step-grid.tp-noshot { grid-template-columns: minmax(0, 1fr); }
.tp-step figure { margin: 0; }
.tp-step img { width: 100%; height: auto; border: 1px solid #d0d7de; border-radius: 4px; display: block; }
.tp-step figcaption { color: #59636e; font-size: 12px; text-align: center; margin-top: 2px; }
.tp-instr { font-size: 15px; margin: 2px 0 8px; overflow-wrap: anywhere; }
.tp-step dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 0;
  font-size: 13px; }
.tp-step dt { color: #59636e; }
.tp-step dd { margin: 0; overflow-wrap: anywhere; }
.tp-step code { background: #eef1f4; border-radius: 3px; padding: 0 3px; font-size: 12px; }
.tp-ok { color: #1a7f37; font-weight: 600; }
.tp-bad { color: #cf222e; font-weight: 600; }
"""


def _is_run(folder: Path) -> bool:
    return (folder / "run.json").is_file() or (folder / "steps").is_dir() or (folder / "events.jsonl").is_file()


def find_runs(path: str | Path) -> list[Path]:
    """The run folders at ``path``: ``[path]`` when it is one, else every run folder under it (any depth), oldest first.

    A run folder holds ``run.json``, ``steps/`` or ``events.jsonl``. Raises
    :class:`~model.errors.InputError` when ``path`` is not a folder or holds no run.

    >>> find_runs("runs")  # doctest: +SKIP
    [PosixPath('runs/en'), PosixPath('runs/ko')]
    """
    return [t.run_dir for t in _read_runs(path)]


def _read_runs(path: str | Path) -> list[Trace]:
    """The traces of :func:`find_runs`, in its order: each run folder read once."""
    root = Path(path)
    if not root.is_dir():
        raise InputError(root, "no such folder" if not root.exists() else "is a file, not a run folder")
    if _is_run(root):
        return [read_trace(root)]
    found: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        for child in sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True):
            (found if _is_run(child) else stack).append(child)
    if not found:
        raise InputError(root, "holds no agent run (no run.json, steps/ or events.jsonl in it or below it)")
    return sorted((read_trace(p) for p in found), key=lambda t: (_started(t), str(t.run_dir)))


def _started(trace: Trace) -> str:
    return trace.info.started_at.isoformat() if trace.info is not None else "~"  # no run.json: after the others


@dataclass(frozen=True)
class RunsSection:
    """Agent runs as a report section (a :class:`tools.pdf.report.Section`): an index when there
    are several runs, then each run's summary and step cards.

    ``runs`` are run folders or folders of runs (see :func:`find_runs`). Raises
    :class:`~model.errors.InputError` from :meth:`to_html` when one of them is not a folder or holds no run.

    >>> Report(title="runs").add(RunsSection(["runs"])).save("out/runs.html")  # doctest: +SKIP
    PosixPath('out/runs.html')
    """

    runs: Sequence[str | Path]
    title: str = "Agent runs"

    def to_html(self) -> str:
        traces = [t for r in self.runs for t in _read_runs(r)]
        slug = "".join(c for c in self.title.lower() if c.isalnum()) or "runs"
        anchors = [f"{slug}-r{k + 1}" for k in range(len(traces))]
        out = [f'<div class="tp-runs"><style>{_CSS}</style>']
        if not traces:
            out.append('<p class="tp-meta">No run was given.</p>')
        if len(traces) > 1:
            out.append(_index(traces, anchors))
        out += [_run(t, a) for t, a in zip(traces, anchors, strict=True)]
        out.append("</div>")
        return "".join(out)


def write_report(run_dir: str | Path, *, out: str | Path | None = None, title: str | None = None) -> Path:
    """Write the self-contained HTML report of the run(s) in ``run_dir``; returns the path written.

    ``run_dir`` is one run folder, or a folder of them (an index of the runs comes first). ``out``
    defaults to ``run_dir/report.html``. Raises :class:`~model.errors.InputError` when ``run_dir``
    holds no run and :class:`~model.errors.ConfigError` when ``out`` cannot be written.

    >>> write_report("runs/login")  # doctest: +SKIP
    PosixPath('runs/login/report.html')
    """
    root = Path(run_dir)
    folders = find_runs(root)
    if title is None:
        info = read_trace(folders[0]).info if len(folders) == 1 else None
        title = f"tilepilot run: {info.task}" if info is not None and info.task else f"tilepilot runs: {root.name}"
    path = Report(title=title).add(RunsSection([root])).save(Path(out) if out is not None else root / "report.html")
    logger.info("report of %d run(s) written to %s", len(folders), path)
    return path


# --- one run ------------------------------------------------------------------------------------

_e = html.escape


@dataclass(frozen=True)
class _Summary:
    status: str
    ok: int
    total: int
    time: str
    p50: str
    finished: bool


def _summary(t: Trace) -> _Summary:
    info = t.info
    unfinished = _unfinished(t) is not None
    total = len(t.steps) + unfinished
    ok = sum(1 for s in t.steps if s.status == "ok")
    times = [s.timings.total_s for s in t.steps if s.timings.total_s > 0]
    p50 = _ms(statistics.median(times)) if times else "–"
    if info is not None and info.result is not None:
        time = f"{info.result.time_s:.2f} s"
    elif info is not None and info.ended_at is not None:
        time = f"{(info.ended_at - info.started_at).total_seconds():.2f} s"
    elif t.events:
        time = f"≥ {t.events[-1].t_s:.2f} s"
    else:
        time = "–"
    return _Summary(info.status if info is not None else "running", ok, total, time, p50, t.finished)


def _index(traces: Sequence[Trace], anchors: Sequence[str]) -> str:
    rows = []
    for k, (t, a) in enumerate(zip(traces, anchors, strict=True), 1):
        s = _summary(t)
        task = t.info.task if t.info is not None and t.info.task else t.run_dir.name
        status = s.status if s.finished else "did not finish"
        rows.append(
            f'<tr><td class="tp-num">{k}</td><td><a href="#{a}">{_e(task)}</a></td>'
            f'<td><span class="tp-status" style="--c:{_colour(s.status)}">{_e(status)}</span></td>'
            f'<td class="tp-num">{s.ok} / {s.total}</td><td class="tp-num">{_e(s.time)}</td>'
            f'<td class="tp-num">{_e(s.p50)}</td><td><code>{_e(str(t.run_dir))}</code></td></tr>'
        )
    return (
        '<table class="tp-index"><thead><tr><th>#</th><th>task</th><th>status</th><th>steps ok</th><th>time</th>'
        f"<th>p50 step</th><th>folder</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _run(t: Trace, anchor: str) -> str:
    info, s = t.info, _summary(t)
    task = info.task if info is not None and info.task else "(no task recorded)"
    meta = [_e(str(t.run_dir))]
    if info is not None:
        meta.append(f"started {_e(info.started_at.strftime('%Y-%m-%d %H:%M:%S %Z'))}")
        if info.resumed_at:
            meta.append(f"resumed {len(info.resumed_at)}×")
        if info.thread_id:
            meta.append(f"thread <code>{_e(info.thread_id)}</code>")
    status = s.status if s.finished else "did not finish"
    out = [
        f'<article class="tp-run" id="{anchor}"><h3>{_e(task)}</h3><p class="tp-meta">{" · ".join(meta)}</p>',
        (
            f'<div class="tp-sum"><span class="tp-status" style="--c:{_colour(s.status)}">{_e(status)}</span>'
            f"<span><b>{s.ok} / {s.total}</b> steps ok</span><span>time <b>{_e(s.time)}</b></span>"
            f"<span>p50 step <b>{_e(s.p50)}</b></span>"
        ),
    ]
    if info is not None and info.start_url:
        out.append(f"<span>start <code>{_e(info.start_url)}</code></span>")
    out.append("</div>")
    result = info.result if info is not None else None
    if result is not None and result.replay_path:
        out.append(f'<p class="tp-meta">replay file <code>{_e(result.replay_path)}</code></p>')
    if result is not None and result.message:
        out.append(f'<p class="tp-meta">{_e(result.message)}</p>')
    if not s.finished:
        why = "no run.json" if info is None else "run.json records no end"
        out.append(
            f'<div class="tp-alert">This run did not finish ({why}): the process was killed or is still running. '
            f"Shown: the {len(t.steps)} step(s) it wrote.</div>"
        )
    pending = result.pending if result is not None else None
    waiting = next((e for e in reversed(t.events) if isinstance(e, ApprovalNeeded)), None)
    if pending is not None or (result is not None and result.status == "interrupted" and waiting is not None):
        action = pending or (waiting.action if waiting is not None else None)
        reason = f": {waiting.reason}" if waiting is not None and waiting.reason else ""
        if action is not None:
            out.append(f'<div class="tp-alert">Waiting for approval: {_action_html(action)}{_e(reason)}</div>')
    if t.problems:
        items = "".join(f"<li>{_e(p)}</li>" for p in t.problems)
        out.append(f'<div class="tp-alert">Some files could not be read:<ul>{items}</ul></div>')
    out += [_card(t, r, f"{anchor}-s{r.index + 1}") for r in t.steps]
    if (started := _unfinished(t)) is not None:
        out.append(_running_card(t, started, f"{anchor}-s{started.index + 1}"))
    if not t.steps and _unfinished(t) is None:
        out.append('<p class="tp-meta">No step was recorded.</p>')
    out.append("</article>")
    return "".join(out)


def _unfinished(t: Trace) -> StepStarted | None:
    """The step that had started when the events end, and has no record: the one running when the run stopped."""
    done = {s.index for s in t.steps} | {e.index for e in t.events if isinstance(e, StepFinished)}
    last = next((e for e in reversed(t.events) if isinstance(e, StepStarted)), None)
    return last if last is not None and last.index not in done else None


def _card(t: Trace, r: StepRecord, anchor: str) -> str:
    rows = [("action", _action_html(r.action))]
    if r.target is not None:
        g = r.target
        bits = [f"“{_e(g.label)}”" if g.label else "", _e(g.source), f"role {_e(g.role)}" if g.role else ""]
        if g.selector:
            bits.append(f"<code>{_e(g.selector)}</code>")
        if g.score is not None:
            bits.append(f"score {g.score:.2f}")
        rows.append(("target", " · ".join(b for b in bits if b)))
    if r.point is not None:
        rows.append(("point", f"({r.point[0]:.0f}, {r.point[1]:.0f}) CSS px"))
    mark = '<span class="tp-ok">✓ verified</span>' if r.verified else '<span class="tp-bad">✗ not verified</span>'
    if r.status == "skipped":
        mark = "<span>skipped</span>"
    rows.append(("verdict", f"{mark}{': ' + _e(r.evidence) if r.evidence else ''}"))
    if r.error:
        rows.append(("error", f'<span class="tp-bad">{_e(r.error)}</span>'))
    if r.healed:
        rows.append(("healed", _e(r.healed)))
    if r.url_before or r.url_after:
        page = _e(r.url_before) if r.url_after in ("", r.url_before) else f"{_e(r.url_before)} → {_e(r.url_after)}"
        rows.append(("page", page))
    tm = r.timings
    parts = [f"{n} {_ms(v)}" for n, v in (("observe", tm.observe_s), ("ground", tm.ground_s), ("act", tm.act_s),
                                           ("verify", tm.verify_s)) if v > 0]  # fmt: skip
    tries = f" · {r.attempts} attempts" if r.attempts > 1 else ""
    rows.append(("time", f"<b>{_ms(tm.total_s)}</b>{' (' + ' · '.join(parts) + ')' if parts else ''}{tries}"))
    shot = _screenshot(t.run_dir, r)
    drawn = [("target (red)", r.target is not None), ("click point", r.point is not None),
             ("OCR boxes (blue)", r.target is not None and r.target.source == "ocr")]  # fmt: skip
    legend = ", ".join(name for name, shown in drawn if shown)
    figure = (
        f'<figure><img src="{shot}" alt="step {r.index + 1} after the action, annotated">'
        f"<figcaption>after step {r.index + 1}{': ' + legend if legend else ''}</figcaption></figure>"
        if shot
        else ""
    )
    head = f"{r.status} · {r.action.kind} · {_ms(tm.total_s)}"
    return _card_html(anchor, r.index, r.status, head, r.instruction, rows, figure)


def _running_card(t: Trace, started: StepStarted, anchor: str) -> str:
    rows = [("action", _action_html(started.action))]
    taken = next((e for e in reversed(t.events) if isinstance(e, ActionTaken) and e.index == started.index), None)
    state = "acted, not verified" if taken is not None else "started, no action taken"
    rows.append(("verdict", f'<span class="tp-bad">did not finish:</span> {state} ({started.t_s:.2f} s into the run)'))
    head = f"did not finish · {started.action.kind}"
    return _card_html(anchor, started.index, "unfinished", head, started.instruction, rows, "")


def _card_html(
    anchor: str, index: int, status: str, head: str, instruction: str, rows: list[tuple[str, str]], fig: str
) -> str:
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in rows)
    grid = "tp-step-grid" + ("" if fig else " tp-noshot")
    return (
        f'<div class="tp-card tp-step" id="{anchor}" style="--c:{_colour(status)}">'
        f'<div class="tp-card-head"><span class="tp-badge">{index + 1}</span>{_e(head)}</div>'
        f'<div class="{grid}"><div><p class="tp-instr">{_e(instruction) or "<i>(no instruction)</i>"}</p>'
        f"<dl>{dl}</dl></div>{fig}</div></div>"
    )


def _action_html(a: Action) -> str:
    target = getattr(a, "target", None)
    what = [f"<code>{_e(a.kind)}</code>"]
    if isinstance(target, Target):
        what.append(_e(target.describe()))
    detail = _detail(a)
    if detail:
        what.append(f"— {_e(detail)}")
    if a.sensitive:
        what.append("(sensitive)")
    if a.optional:
        what.append("(optional)")
    return " ".join(what)


def _detail(a: Action) -> str:
    """What an action does beyond its target, in a few words."""
    if a.kind == "navigate":
        return a.url or a.history or ""
    if a.kind == "type":
        return repr(a.text)
    if a.kind == "press":
        return " + ".join(a.keys)
    if a.kind == "select":
        return repr(a.option)
    if a.kind == "check":
        return "check" if a.checked else "uncheck"
    if a.kind == "scroll":
        to = a.to.describe() if isinstance(a.to, Target) else a.to
        return f"until {to}" if to else f"{a.direction} ×{a.times:g}"
    if a.kind == "drag":
        return f"onto {a.to.describe()}" if a.to is not None else f"to {a.value:g}" if a.value is not None else ""
    if a.kind == "wait_for":
        what = a.text or (a.element.describe() if a.element else None) or a.url
        if what is None:
            return f"{a.seconds:g} s" if a.seconds else ""
        return ("until gone: " if a.gone else "until ") + what
    if a.kind == "upload":
        return ", ".join(a.files)
    if a.kind == "assert":
        return a.what + (f" {a.text!r}" if a.text is not None else "")
    if a.kind == "done":
        return a.summary
    if a.kind == "fail":
        return a.message
    return ""


def _screenshot(run_dir: Path, r: StepRecord) -> str:
    """The step's annotated PNG as a data URI; "" when it is missing or not a PNG inside the run folder."""
    rel = r.screenshot or f"steps/{r.index:03d}.png"
    root = run_dir.resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return ""
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return png_data_uri(data) if data.startswith(_PNG) else ""


def _colour(status: str) -> str:
    return _STATUS_COLOUR.get(status, "#6e7781")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"
