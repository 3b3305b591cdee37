"""Agent benchmark: multi-step tasks in plain English and Korean, run by the agent with no model.

What is measured
    ``bench/agent_tasks/en.json`` and ``ko.json`` hold the tasks: each names a page of the example
    site (``examples/site/server.py``: sign-in, product search with pagination, a delivery booking
    form with a date input, radio buttons and a custom dropdown, a team table with per-row Edit and
    Delete behind a confirmation dialog, downloads, a cookie banner; English under ``/``, Korean under
    ``/ko/``) or one of the small extra pages of ``bench/agent_tasks/pages/`` (served under
    ``/extra/``), an instruction as a user would write it, and a success check: the events the site
    must have logged (``expect``, in order, each a subset of one logged event) and events it must
    not have (``forbid``). Pages log what a visitor achieved (``tp.log`` in ``/site.js``, or the
    server itself for sign-in, search, product views and downloads), so a task checks itself.
    ``banner: true`` keeps the cookie banner up (other tasks start with consent given).
    ``solution`` is the same task done by hand with Playwright selectors (``[op, selector, value]``:
    fill, click, check, uncheck, select, press, wait, download, dialog accept|dismiss): ``--check`` (and
    ``tests/examples/test_site.py``) runs it to prove each success check is reachable and not met
    before the task is done.

    Each task gets a fresh browser context at 1280×800 CSS px, the page is loaded (not timed), and
    ``Agent.from_page(page).run(instruction)`` runs it with the CPU default (OCR and embeddings, one
    backend shared by all tasks so its models load once, in an untimed warm-up) and no model.
    A run that pauses for approval of a sensitive step (a delete, an order) is approved, as a person
    at ``--approve auto`` would.

How to read the numbers
    success      the site's check passed (within 2 s of the run's end); the agent's own verdict
                 (``RunResult.ok``) is reported beside it: agent ok but check failed is a false
                 success, the reverse a false failure.
    steps        the number of steps (StepRecords) the agent ran per task.
    per step     ``StepRecord.timings.total_s`` of every step but navigations (page loads excluded;
                 a click that submits a form still waits for the next page), p50 and p95; then
                 p50/p95 per action kind.
    failures     by class: compiler (the instruction did not compile), grounding (a target was not
                 found, or the wrong one), execution (the page did not let the action happen:
                 timeout, covered element), verify (an action's effect was not seen, or the agent
                 said done and the page disagrees).
    Times are from a shared 2-core machine: compare within one run.

Usage
    bench/agent.py                   every task
    bench/agent.py --quick           every third task
    bench/agent.py --show-failures   also list the failing tasks by class, with their steps
    bench/agent.py --ids en-form,ko-team-01
    bench/agent.py --check           only the hand-written solutions (no agent): is every task solvable?
Writes ``bench/results/agent.json`` (summary and one row per task). Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from playwright.async_api import Browser as PwBrowser
    from playwright.async_api import Dialog, Page

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TASKS = HERE / "agent_tasks"
PAGES = TASKS / "pages"
RESULTS = HERE / "results" / "agent.json"
VIEWPORT = {"width": 1280, "height": 800}
if str(REPO) not in sys.path[:1]:  # the repository before bench/: `agent` is the package, not this file
    sys.path.insert(0, str(REPO))

from examples.site.server import events, serve

Task = dict[str, Any]
FAILURE_CLASSES = ("compiler", "grounding", "execution", "verify")


# --- tasks and checks ----------------------------------------------------------------------------------------------


def load_tasks(ids: str | None = None) -> list[Task]:
    """Every task of ``bench/agent_tasks/*.json`` (``ids``: comma-separated ids or id prefixes)."""
    tasks: list[Task] = []
    for path in sorted(TASKS.glob("*.json")):
        tasks += json.loads(path.read_text(encoding="utf-8"))
    seen = Counter(t["id"] for t in tasks)
    if dup := [i for i, n in seen.items() if n > 1]:
        raise ValueError(f"task ids used twice: {dup}")
    if ids:
        wanted = [w.strip() for w in ids.split(",") if w.strip()]
        tasks = [t for t in tasks if any(t["id"] == w or t["id"].startswith(w) for w in wanted)]
    return tasks


def _matches(event: dict[str, Any], want: dict[str, Any]) -> bool:
    return all(k in event and event[k] == v for k, v in want.items())


def check(task: Task, log: list[dict[str, Any]]) -> tuple[bool, str]:
    """Whether the site's event ``log`` meets the task's check: ``(ok, why not)``."""
    rest = list(log)
    for want in task["check"].get("expect", []):
        hit = next((i for i, e in enumerate(rest) if _matches(e, want)), None)
        if hit is None:
            return False, f"no event {json.dumps(want, ensure_ascii=False)} (after the ones before it)"
        rest = rest[hit + 1 :]
    for bad in task["check"].get("forbid", []):
        if any(_matches(e, bad) for e in log):
            return False, f"forbidden event {json.dumps(bad, ensure_ascii=False)} happened"
    return True, ""


async def wait_check(
    task: Task, url: str, visitor: str, *, timeout_s: float = 2.0
) -> tuple[bool, str, list[dict[str, Any]]]:
    """Poll the visitor's log until the task's check passes or ``timeout_s`` ends (page events arrive by fetch)."""
    deadline = time.monotonic() + timeout_s
    while True:
        log = await asyncio.to_thread(events, url, visitor=visitor)
        ok, why = check(task, log)
        if ok or time.monotonic() > deadline:
            return ok, why, log
        await asyncio.sleep(0.1)


async def open_task(browser: PwBrowser, url: str, task: Task) -> tuple[Page, str]:
    """A fresh context and page on the task's page, and the visitor id its events are logged under.

    Cookie consent is given unless the task keeps the banner (``banner: true``).
    """
    visitor = f"{task['id']}-{uuid.uuid4().hex[:8]}"
    ctx = await browser.new_context(viewport=VIEWPORT, accept_downloads=True)  # type: ignore[arg-type]
    cookies: list[Any] = [{"name": "visitor", "value": visitor, "url": url}]
    if not task.get("banner"):
        cookies.append({"name": "consent", "value": "accepted", "url": url})
    await ctx.add_cookies(cookies)
    page = await ctx.new_page()
    await page.goto(url + task["page"], wait_until="load")
    return page, visitor


async def check_by_hand(browser: PwBrowser, url: str, task: Task) -> tuple[bool, str]:
    """Whether the task's check fails on the fresh page and passes after its ``solution``: ``(ok, why not)``."""
    page, visitor = await open_task(browser, url, task)
    try:
        if check(task, await asyncio.to_thread(events, url, visitor=visitor))[0]:
            return False, "the check passes before the task is done"
        try:
            await solve_by_hand(page, task)
        except Exception as exc:  # noqa: BLE001 (report which step broke, go on with the other tasks)
            return False, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
        ok, why, _ = await wait_check(task, url, visitor)
        return ok, why
    finally:
        await page.context.close()


def _answer(*, accept: bool) -> Callable[[Dialog], Awaitable[None]]:
    async def answer(dialog: Dialog) -> None:
        await (dialog.accept() if accept else dialog.dismiss())

    return answer


async def solve_by_hand(page: Page, task: Task) -> None:
    """Do the task's ``solution`` with Playwright selectors (the proof that the task can be done)."""
    for op, selector, *value in task["solution"]:
        loc = page.locator(selector or "html").first
        if op == "fill":
            await loc.fill(value[0])
        elif op == "click":
            await loc.click()
        elif op == "check":
            await loc.check()
        elif op == "uncheck":
            await loc.uncheck()
        elif op == "select":
            await loc.select_option(label=value[0])
        elif op == "press":
            await loc.press(value[0])
        elif op == "wait":
            await loc.wait_for(state="visible")
        elif op == "dialog":  # answer the next alert/confirm the page opens (Playwright dismisses them by default)
            page.once("dialog", _answer(accept=value[0] == "accept"))
            continue
        elif op == "download":
            async with page.expect_download() as info:
                await loc.click()
            await (await info.value).path()
        else:
            raise ValueError(f"task {task['id']}: unknown solution step {op!r}")
        await page.wait_for_load_state("load")


# --- the agent runs ------------------------------------------------------------------------------------------------


def _classify(result: Any, error: BaseException | None) -> str:
    """The failure class of a run that did not pass its check."""
    if error is not None:
        from agent.compile import CompileError
        from model.errors import ElementNotFound

        if isinstance(error, CompileError):
            return "compiler"
        return "grounding" if isinstance(error, ElementNotFound) else "execution"
    failed = [s for s in result.steps if s.status in ("failed", "rejected")]
    if not failed:
        return "verify"  # every step passed its own check, yet the page says the task is not done
    text = f"{failed[-1].error or ''} {failed[-1].evidence}".lower()
    if any(w in text for w in ("elementnotfound", "not found", "no element", "no match", "nothing on", "ground")):
        return "grounding"
    if failed[-1].verified is False and failed[-1].error is None:
        return "verify"
    if any(w in text for w in ("timeout", "covered", "navigation", "did not settle", "detached", "actionerror")):
        return "execution"
    return "verify" if "verif" in text or "expected" in text else "execution"


async def run_task(browser: PwBrowser, url: str, task: Task, cpu: Any) -> dict[str, Any]:
    from agent.sdk import Agent

    page, visitor = await open_task(browser, url, task)
    row: dict[str, Any] = {"id": task["id"], "lang": "ko" if task["id"].startswith("ko") else "en"}
    result, error, approvals = None, None, 0
    t0 = time.perf_counter()
    try:
        agent = Agent.from_page(page, backend=cpu)  # one backend for every task: its models load once
        result = await agent.run(task["instruction"])
        while result.status == "interrupted" and approvals < 10:
            approvals += 1
            result = await agent.approve()
    except Exception as exc:  # noqa: BLE001 (a benchmark records every failure and goes on)
        error = exc
    row["wall_s"] = round(time.perf_counter() - t0, 3)
    ok, why, log = await wait_check(task, url, visitor)
    await page.context.close()
    row.update(ok=ok, why=why, approvals=approvals, events=log)
    if result is not None:
        row["agent_ok"] = result.ok
        row["status"] = result.status
        row["message"] = result.message
        row["steps"] = [
            {"instruction": s.instruction, "kind": s.action.kind, "status": s.status, "verified": s.verified,
             "evidence": s.evidence, "error": s.error, "attempts": s.attempts, "total_s": s.timings.total_s,
             "target": s.target.label if s.target else None}
            for s in result.steps
        ]  # fmt: skip
    else:
        row["agent_ok"] = False
        row["status"] = "error"
        row["message"] = f"{type(error).__name__}: {error}"
        row["steps"] = []
    if not ok:
        row["failure"] = _classify(result, error) if result is not None or error is not None else "execution"
    return row


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    step_s = [s["total_s"] for r in rows for s in r["steps"] if s["kind"] != "navigate"]
    out: dict[str, Any] = {"tasks": len(rows)}
    for lang in ("all", "en", "ko"):
        part = [r for r in rows if lang == "all" or r["lang"] == lang]
        if part:
            out[lang] = {
                "tasks": len(part),
                "success": round(sum(r["ok"] for r in part) / len(part), 4),
                "agent_ok": round(sum(r["agent_ok"] for r in part) / len(part), 4),
                "false_success": sum(bool(r["agent_ok"] and not r["ok"]) for r in part),
                "false_failure": sum(bool(r["ok"] and not r["agent_ok"]) for r in part),
                "steps_per_task": round(statistics.mean(len(r["steps"]) for r in part), 2),
            }
    out["step_s"] = {"n": len(step_s), "p50": _pct(step_s, 0.5), "p95": _pct(step_s, 0.95)}
    kinds = sorted({s["kind"] for r in rows for s in r["steps"]})
    by_kind = {k: [s["total_s"] for r in rows for s in r["steps"] if s["kind"] == k] for k in kinds}
    out["step_s_by_kind"] = {k: {"n": len(v), "p50": _pct(v, 0.5), "p95": _pct(v, 0.95)} for k, v in by_kind.items()}
    out["failures"] = dict(Counter(r["failure"] for r in rows if not r["ok"]))
    return out


async def _bench(tasks: list[Task], *, by_hand: bool) -> list[dict[str, Any]]:
    from playwright.async_api import async_playwright

    from tools.browser import CHROMIUM_ARGS, find_chromium

    exe = find_chromium()
    if exe is None:
        raise SystemExit("agent bench: no Chromium found (set TILEPILOT_CHROMIUM)")
    url, stop = serve(extra_dir=PAGES)
    rows: list[dict[str, Any]] = []
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=exe, args=list(CHROMIUM_ARGS))
            cpu = None
            if not by_hand:
                from model.cpu import CpuBackend

                cpu = CpuBackend()
                await _warm_up(browser, url, cpu)
            if by_hand:
                limit = asyncio.Semaphore(4)

                async def one(task: Task) -> dict[str, Any]:
                    async with limit:
                        ok, why = await check_by_hand(browser, url, task)
                    print(f"{'ok  ' if ok else 'FAIL'} {task['id']}  {why}", file=sys.stderr, flush=True)
                    return {"id": task["id"], "ok": ok, "why": why}

                rows = list(await asyncio.gather(*(one(t) for t in tasks)))
            for n, task in enumerate([] if by_hand else tasks, 1):
                row = await run_task(browser, url, task, cpu)
                rows.append(row)
                mark = "ok  " if row["ok"] else "FAIL"
                extra = f"  {len(row['steps'])} steps, {row['wall_s']:.1f}s"
                print(f"[{n}/{len(tasks)}] {mark} {task['id']}{extra}  {row['why']}", file=sys.stderr, flush=True)
            await browser.close()
    finally:
        stop()
    return rows


async def _warm_up(browser: PwBrowser, url: str, cpu: Any) -> None:
    """Load the CPU backend's models before anything is timed (OCR and embeddings on a real page)."""
    from perception.screen import observe

    ctx = await browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    page = await ctx.new_page()
    await page.goto(url + "/ko/form")
    obs = await observe(page, model=cpu, ocr="full", timeout_s=120)
    from perception.grounding import ground

    await ground(obs, "the submit button", embedder=cpu)
    await ctx.close()


def _print_summary(summary: dict[str, Any]) -> None:
    for lang in ("all", "en", "ko"):
        if lang in summary:
            s = summary[lang]
            print(f"{lang:>4}: {s['tasks']} tasks, success {s['success']:.1%} (agent says ok {s['agent_ok']:.1%}; "
                  f"{s['false_success']} false successes, {s['false_failure']} false failures), "
                  f"{s['steps_per_task']} steps per task")  # fmt: skip
    st = summary["step_s"]
    if st["n"]:
        print(f"per step (no navigations, n={st['n']}): p50 {st['p50'] * 1000:.0f} ms, p95 {st['p95'] * 1000:.0f} ms")
    print("  by action: " + ", ".join(f"{k} {v['p50'] * 1000:.0f}/{v['p95'] * 1000:.0f} ms (n={v['n']})"
                                      for k, v in summary["step_s_by_kind"].items()))  # fmt: skip
    if summary["failures"]:
        print("failures by class: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["failures"].items())))


def _print_failures(rows: list[dict[str, Any]]) -> None:
    for cls in FAILURE_CLASSES:
        failed = [r for r in rows if not r["ok"] and r.get("failure") == cls]
        if not failed:
            continue
        print(f"\n== {cls} ({len(failed)})")
        for r in failed:
            print(f"- {r['id']}: {r['why']}; agent: {r['status']} {r['message'][:200]}")
            for s in r["steps"]:
                print(f"    [{s['status']:<8}] {s['kind']:<8} {s['instruction'][:60]!r} -> {s['target']!r} "
                      f"{(s['error'] or s['evidence'] or '')[:160]}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Agent benchmark: multi-step EN/KO tasks on local pages, no model.")
    p.add_argument("--quick", action="store_true", help="every third task")
    p.add_argument("--ids", help="comma-separated task ids or id prefixes (en-form, ko-team-01)")
    p.add_argument("--show-failures", action="store_true", help="list the failing tasks by class, with their steps")
    p.add_argument("--check", action="store_true", help="only run the hand-written solutions (no agent)")
    p.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default: {RESULTS.relative_to(REPO)})")
    args = p.parse_args(argv)
    tasks = load_tasks(args.ids)
    if args.quick:
        tasks = tasks[::3]
    if not tasks:
        p.error(f"no task matches --ids {args.ids!r}")
    t0 = time.perf_counter()
    rows = asyncio.run(_bench(tasks, by_hand=args.check))
    if args.check:
        bad = [r for r in rows if not r["ok"]]
        print(f"{len(rows) - len(bad)}/{len(rows)} tasks solvable by hand" + "".join(
            f"\n  {r['id']}: {r['why']}" for r in bad))  # fmt: skip
        return 1 if bad else 0
    from _common import run_info

    summary = summarise(rows)
    _print_summary(summary)
    if args.show_failures:
        _print_failures(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for r in rows:
        r.pop("events", None) if r["ok"] else None
    record = {"run": run_info(sys.argv[1:] if argv is None else argv, seconds=round(time.perf_counter() - t0, 1)),
              "summary": summary, "tasks": rows}  # fmt: skip
    args.out.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
