"""The planner graph's nodes: plan → observe → ground → (approve) → act → verify → next | retry | fail.

Each node is a small async function of the checkpointed :class:`~agent.state.RunState` and the
run's :class:`~agent.state.Deps` (``runtime.context``); it returns the state keys it changes and
sets ``phase``, which the routes in :mod:`agent.graph` follow. What is too big or too live for a
checkpoint (the observation, the candidates, the tool's result) passes through ``deps.scratch``.
Retries climb a ladder: after a failed action or verdict, the next candidate on a fresh look at
the DOM; when nothing matches, the pixels read by OCR (graphics first, then the whole viewport).
Every pointer action scrolls its target into view first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import interrupt
from playwright.async_api import Error as PwError

from agent._execute import (
    Outcome,
    execute,
    ground_target,
    ground_within,
    inner_control,
    needs_target,
    query_of,
    region_of,
    resolved,
    selector_element,
    snap_to_dom,
    without_container,
)
from agent._grammar import _SENSITIVE  # the words that make a step sensitive: one list, the compiler's
from agent._records import (
    ActionTaken,
    ResolvedTarget,
    RunEvent,
    StepFinished,
    StepRecord,
    StepStarted,
    StepStatus,
    Verified,
)
from agent._verify import Evidence, Facts, check, fold
from agent.actions import Action, Done, Fail
from agent.state import Deps, Phase, RunState, action_of, dump_action, timings_of
from model.errors import ActionError, ModelError, TilepilotError
from perception.types import BBox, Candidate, Element, Observation

__all__ = ["act", "approve", "fail", "ground", "observe", "plan", "retry", "sensitive_reason", "verify"]

logger = logging.getLogger(__name__)

_MAX_PLANNED = 12
"""How many actions the model planner may take for one phrase the compiler could not read."""


def _emit(runtime: Runtime[Deps], event: RunEvent) -> None:
    runtime.stream_writer(event)


def _add_time(state: RunState, name: str, started: float) -> dict[str, float]:
    timings = dict(state.get("timings") or {})
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    return timings


def _record(
    state: RunState, deps: Deps, *, status: StepStatus, evidence: str = "", verified: bool = False
) -> StepRecord:
    timings = dict(state.get("timings") or {})
    timings["total_s"] = max(deps.since() - state.get("step_t0", 0.0), 0.0)
    target = state.get("target")
    point = state.get("point")
    action = state.get("action") or dump_action(Fail(message="no action was planned"))
    return StepRecord(
        index=state["index"], instruction=state["steps"][state["index"]]["instruction"], action=action_of(action),
        status=status, target=ResolvedTarget.model_validate(target) if target else None,
        point=(point[0], point[1]) if point else None, url_before=state.get("url_before", ""), url_after=deps.session.url,
        verified=verified, evidence=deps.redact(evidence), attempts=state.get("attempt", 0) + 1,
        healed=state.get("healed"), error=deps.redact(error) if (error := state.get("error")) else None,
        timings=timings_of({"timings": timings}),
    )  # fmt: skip


def _finish_step(runtime: Runtime[Deps], state: RunState, record: StepRecord) -> RunState:
    deps = runtime.context
    if deps.trace is not None:
        after = deps.scratch.fresh or deps.scratch.before
        record = deps.trace.write_step(record, observation=after if after is not None and after.screenshot else None)
    _emit(runtime, StepFinished(index=record.index, t_s=deps.since(), record=record))
    return {"records": [record.model_dump(mode="json")], "index": record.index + 1, "url": record.url_after}


def sensitive_reason(action: Action, target: ResolvedTarget | None) -> str:
    """Why a person must approve ``action`` first ('' when they need not)."""
    if action.sensitive:
        return f"the step {action.source or action.kind!r} is marked sensitive"
    words = " ".join(w for w in (target.label, target.text) if w) if target is not None else ""
    if action.kind in ("click", "press") and words and _SENSITIVE.search(words):
        return f"the target {words[:60]!r} pays or deletes"
    return ""


# -- nodes -------------------------------------------------------------------------------------------------
async def plan(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Start the next step, or end the run: every step done, or a budget spent."""
    deps = runtime.context
    index, steps = state.get("index", 0), state["steps"]
    if index >= len(steps):
        return {"phase": "done", "message": f"all {len(steps)} steps done"}
    if index >= deps.max_steps:
        return {"phase": "budget_exceeded", "message": f"the step budget (max_steps={deps.max_steps}) ran out "
                f"before step {index} ({steps[index]['instruction']!r})"}  # fmt: skip
    if deps.since() > deps.time_budget_s:
        return {"phase": "budget_exceeded", "message": f"the time budget ({deps.time_budget_s:g}s) ran out before "
                f"step {index} ({steps[index]['instruction']!r})"}  # fmt: skip
    action = steps[index]["action"]
    if action is not None:
        _emit(runtime, StepStarted(index=index, t_s=deps.since(), instruction=steps[index]["instruction"],
                                   action=action_of(action)))  # fmt: skip
    return {"phase": "plan", "action": action, "attempt": 0, "tried": [], "target": None, "point": None,
            "evidence": "", "error": None, "healed": None, "timings": {}, "step_t0": deps.since(), "pixels": 0,
            "url_before": deps.session.url}  # fmt: skip


async def look(deps: Deps, pixels: int, *, shot: bool = False) -> Observation:
    """One observation: the DOM, and at ``pixels`` 1 the text read from graphics, at 2 from the whole viewport.

    A screenshot is taken only when something needs it: a trace, OCR, or the model planner (``shot``).
    """
    from perception.screen import observe as observe_page

    reader = deps.reader if pixels >= 1 else None
    ocr: Literal["full", "auto", "off"] = "full" if pixels >= 2 and reader is not None else "auto" if reader else "off"
    shot = shot or deps.trace is not None or reader is not None
    return await observe_page(deps.session.page, model=reader, ocr=ocr, screenshot=shot, timeout_s=deps.step_timeout_s)


async def observe(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Look at the page once for this try; the first try reuses what verify saw after the last step."""
    deps, scratch = runtime.context, runtime.context.scratch
    started = time.perf_counter()
    attempt = state.get("attempt", 0)
    fresh = scratch.fresh
    scratch.fresh = None
    try:
        shot = state.get("action") is None and deps.planner is not None  # the model plans from the screenshot
        needs_shot = shot or deps.trace is not None
        reusable = fresh is not None and fresh.url == deps.session.url and (not needs_shot or bool(fresh.screenshot))
        reused = attempt == 0 and fresh is not None and reusable
        obs = fresh if reused and fresh is not None else await look(deps, state.get("pixels", 0), shot=shot)
    except TilepilotError as exc:  # a page between two documents: look again; a closed one: there is nothing to do
        phase: Phase = "fail" if deps.session.page.is_closed() else "retry"
        return {"phase": phase, "error": str(exc), "timings": _add_time(state, "observe_s", started)}
    scratch.key, scratch.observation, scratch.before, scratch.reused = (state["index"], attempt), obs, obs, reused
    scratch.candidates, scratch.chosen, scratch.result = [], None, None
    return {"phase": "ground", "timings": _add_time(state, "observe_s", started)}


async def _planned(state: RunState, deps: Deps, runtime: Runtime[Deps]) -> RunState:
    """Ask the model planner for the next action of a phrase the compiler could not read."""
    from agent.planner import plan_step

    index, steps = state["index"], list(state["steps"])
    if deps.planner is None:
        return {"phase": "fail", "error": f"no model is configured to plan {steps[index]['instruction']!r}"}
    if state.get("planned", 0) >= _MAX_PLANNED:
        return {"phase": "fail", "error": f"the model took {_MAX_PLANNED} actions for "
                f"{steps[index]['instruction']!r} without finishing it"}  # fmt: skip
    assert deps.scratch.observation is not None  # observe ran first
    history = [StepRecord.model_validate(r) for r in state.get("records", [])]
    try:
        action = await plan_step(deps.planner, task=steps[index]["instruction"], observation=deps.scratch.observation,
                                 history=history, secrets=deps.secrets)  # fmt: skip
    except ModelError as exc:
        return {"phase": "fail", "error": f"the model could not plan {steps[index]['instruction']!r}: {exc}"}
    planned = dump_action(action)
    phrase = steps[index]["instruction"]
    if isinstance(action, Done):  # the phrase is done: this step becomes its Done
        steps[index] = {"instruction": phrase, "action": planned}
    else:  # one more action of the phrase; the phrase stays next, for the model to continue
        steps.insert(index, {"instruction": phrase, "action": planned})
    _emit(runtime, StepStarted(index=index, t_s=deps.since(), instruction=phrase, action=action))
    return {"steps": steps, "action": planned, "planned": state.get("planned", 0) + 1}


def _key(candidate: Candidate) -> str:
    if candidate.element is not None and candidate.element.selector:
        return candidate.element.selector
    b = candidate.bbox
    return f"{b.x0:.0f},{b.y0:.0f},{b.x1:.0f},{b.y1:.0f}"


def _skip(runtime: Runtime[Deps], state: RunState, why: str) -> RunState:
    record = _record(state, runtime.context, status="skipped", evidence=why)
    return {**_finish_step(runtime, state, record), "phase": "next"}


async def ground(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Find the step's target on the observation (and its condition, for an optional step)."""
    deps, scratch = runtime.context, runtime.context.scratch
    started = time.perf_counter()
    update: RunState = {}
    if state.get("action") is None:
        update = await _planned(state, deps, runtime)
        if update.get("phase") == "fail":
            return update
    action = action_of(update.get("action") or state["action"] or {})
    state = RunState(**{**state, **update})
    obs = scratch.observation
    assert obs is not None  # observe ran first
    reader = (deps.planner or deps.reader) if state.get("pixels", 0) >= 1 else None
    region = None
    if action.condition is not None and action.condition.query:
        region = await region_of(obs, action.condition.query)
        if region is None:
            return {**update, **_skip(runtime, state, f"{action.condition.query!r} is not on the page")}
    if not needs_target(action):
        return {
            **update,
            "phase": _next_after_ground(deps, state, action, None),
            "timings": _add_time(state, "ground_s", started),
        }
    hint = state["steps"][state["index"]].get("hint")
    if hint and state.get("attempt", 0) == 0:
        kept = await _hinted(deps, obs, hint)
        if kept is not None:
            return {
                **update,
                **_chose(deps, state, action, [kept], kept),
                "timings": _add_time(state, "ground_s", started),
            }
    query = query_of(action)
    tried = set(state.get("tried") or [])
    found = await ground_target(deps.session, obs, action, embedder=None, model=None)  # the page's own words first
    if not found and (answered := _dialog_answered(deps, query or "")):  # the browser's dialog was answered already
        state = RunState(**{**state, "timings": _add_time(state, "ground_s", started)})
        record = _record(state, deps, status="ok", evidence=answered, verified=True)
        return {**update, **_finish_step(runtime, state, record), "phase": "next"}
    if not found and (deps.embedder is not None or reader is not None):
        found = await ground_target(deps.session, obs, action, embedder=deps.embedder, model=reader)
    if not found and region is not None and query and action.condition is not None and action.condition.query:
        found = await ground_within(obs, region, without_container(query, action.condition.query))
    fresh = [c for c in found if _key(c) not in tried]
    timings = _add_time(state, "ground_s", started)
    if not fresh:
        query = query_of(action) or "the target"
        if action.optional:
            return {**update, **_skip(runtime, state, f"{query!r} is not on the page: skipped")}
        miss = "no other candidate" if found else "nothing"
        # a look taken right after the last step may predate what it started: look again before reading pixels
        pixels = state.get("pixels", 0) + (0 if scratch.reused and not hint else 1)
        return {**update, "phase": "retry", "timings": timings, "pixels": pixels,
                "error": f"{miss} on {obs.url} matches {query!r}"}  # fmt: skip
    fresh = [c for c in fresh if c.element is None or not c.element.occluded] or fresh  # a modal covers the rest
    fresh = _nearest_first(fresh, _last_box(state, obs))
    chosen = snap_to_dom(fresh[0], obs) if fresh[0].source != "dom" else fresh[0]
    chosen = inner_control(chosen, obs, action)
    healed: RunState = {"healed": _heal_note(hint, chosen)} if hint and hint.get("selector") else {}
    return {**update, **healed, **_chose(deps, state, action, fresh, chosen), "timings": timings}


def _chose(
    deps: Deps, state: RunState, action: Action, candidates: list[Candidate], chosen: Candidate
) -> RunState:
    """The state update for a step whose target is ``chosen`` (kept in the scratch with the other ``candidates``)."""
    deps.scratch.candidates, deps.scratch.chosen = candidates, chosen
    target = resolved(chosen, query=query_of(action))
    return {"phase": _next_after_ground(deps, state, action, target),
            "target": target.model_dump(mode="json") if target else None}  # fmt: skip


_TIE = 0.02
"""Candidates this close to the best score are a tie: the page's own words do not tell them apart."""


def _last_box(state: RunState, obs: Observation) -> BBox | None:
    """Where the previous step acted on this page (its target's box), if it did."""
    for record in reversed(state.get("records") or []):
        target = record.get("target")
        if record.get("url_after") != obs.url:
            return None
        if target and record.get("status") == "ok":
            return BBox.model_validate(target["bbox"])
    return None


def _gap(a: BBox, b: BBox) -> float:
    """The distance between two boxes (0 when they touch or overlap)."""
    dx = max(a.x0 - b.x1, b.x0 - a.x1, 0.0)
    dy = max(a.y0 - b.y1, b.y0 - a.y1, 0.0)
    return float((dx * dx + dy * dy) ** 0.5)


def _nearest_first(found: list[Candidate], anchor: BBox | None) -> list[Candidate]:
    """Break a tie among the best candidates: controls before text, then the one nearest the last step's target.

    "Sign in" in the page header and on the form being filled score the same; the user means the form's.
    """
    best = found[0].score
    tied = [c for c in found if c.score >= best - _TIE]
    if len(tied) < 2:
        return found

    def order(c: Candidate) -> tuple[bool, float]:
        control = c.element is not None and c.element.interactive
        return (not control, 0.0 if anchor is None else _gap(c.bbox, anchor))

    return sorted(tied, key=order) + [c for c in found if c not in tied]


_ANSWER = re.compile(
    r"\b(?:confirm\w*|accept|ok|okay|yes|dialog|alert|prompt)\b|확인|승인|대화\s*상자|알림", re.IGNORECASE
)


def _dialog_answered(deps: Deps, query: str) -> str:
    """When a step means to answer a browser dialog that the session already answered: what happened to it."""
    if not _ANSWER.search(query):
        return ""
    for event in deps.session.events[deps.scratch.events_before :]:
        if event.kind == "dialog_closed" and event.by == "policy":
            verb = "accepted" if event.accepted else "dismissed"
            return f"the browser dialog {event.message[:80]!r} was {verb} as it opened"
    return ""


def _same_text(element: Element, hint: dict[str, Any]) -> bool:
    """Whether an element still says what the stored target said (its text fingerprint, else its label)."""
    want = fold(hint.get("text") or hint.get("label") or "")
    if not want:
        return True
    said = [fold(t) for t in (element.text, element.label, element.name) if t]
    if not said:  # a control that shows its words only in pixels: its unique selector is all there is to check
        return True
    return any(h == want or want in h or h in want for h in said)


async def _hinted(deps: Deps, obs: Observation, hint: dict[str, Any]) -> Candidate | None:
    """The stored target of a replayed step, when its selector still finds one element saying the same."""
    selector = hint.get("selector")
    if not selector:
        return None
    element = await selector_element(deps.session, obs, selector)
    if element is None or not _same_text(element, hint):
        logger.info("replay: %s no longer finds %r; grounding again", selector, hint.get("label", ""))
        return None
    return Candidate(bbox=element.bbox, element=element, source="dom", score=1.0, why="stored selector")


def _heal_note(hint: dict[str, Any], chosen: Candidate) -> str:
    """How a replayed step found its target again: ``"selector → dom: #u → #login-name"``."""
    dom = chosen.element is not None and bool(chosen.element.selector)
    path = "dom" if chosen.source == "dom" else f"{chosen.source} → dom" if dom else chosen.source
    b = chosen.bbox
    now = chosen.element.selector if chosen.element is not None and chosen.element.selector else (
        f"box ({b.x0:.0f}, {b.y0:.0f})-({b.x1:.0f}, {b.y1:.0f})")  # fmt: skip
    return f"selector → {path}: {hint.get('selector')} → {now}"


def _next_after_ground(deps: Deps, state: RunState, action: Action, target: ResolvedTarget | None) -> Phase:
    if deps.approvals == "never" or state.get("approved") == state["index"]:
        return "act"
    return "approve" if sensitive_reason(action, target) else "act"


def approve(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Pause for a person before a sensitive action; resumed with ``Command(resume=True | {"approved": …})``."""
    action = action_of(state["action"] or {})
    target = ResolvedTarget.model_validate(state["target"]) if state.get("target") else None
    answer = interrupt({"index": state["index"], "instruction": state["steps"][state["index"]]["instruction"],
                        "action": state["action"], "target": state.get("target"),
                        "reason": sensitive_reason(action, target)})  # fmt: skip
    approved = answer is True or (isinstance(answer, dict) and answer.get("approved") is True)
    if approved:
        same = runtime.context.scratch.key == (state["index"], state.get("attempt", 0))
        return {"approved": state["index"], "phase": "act" if same else "observe"}
    reason = answer.get("reason", "") if isinstance(answer, dict) else ""
    instruction = state["steps"][state["index"]]["instruction"]
    message = f"step {state['index']} ({instruction!r}) was rejected" + (f": {reason}" if reason else "")
    record = _record({**state, "error": message}, runtime.context, status="rejected", evidence=message)
    _emit(runtime, StepFinished(index=record.index, t_s=runtime.context.since(), record=record))
    return {"records": [record.model_dump(mode="json")], "phase": "rejected", "message": message}


async def act(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Perform the action on the chosen target; a failed tool call goes to retry."""
    deps, scratch = runtime.context, runtime.context.scratch
    action = action_of(state["action"] or {})
    started = time.perf_counter()
    scratch.events_before = len(deps.session.events)
    try:
        left_s = max(deps.time_budget_s - deps.since(), 0.5)  # no tool call outlasts the run's time budget
        outcome = await execute(deps.session, action, scratch.chosen, substitute=deps.substitute,
                                timeout_s=min(deps.step_timeout_s, left_s),
                                load_timeout_s=min(max(deps.step_timeout_s, 30.0), left_s))  # fmt: skip
    except ActionError as exc:
        return {"phase": "retry", "error": str(exc), "timings": _add_time(state, "act_s", started)}
    except PwError as exc:  # the tools translate their own calls; this is the page going away under them
        error = f"{action.kind} on {deps.session.url} failed: {str(exc).splitlines()[0]}"
        return {"phase": "retry", "error": error, "timings": _add_time(state, "act_s", started)}
    except TilepilotError as exc:  # a bad argument or a missing file: another try would fail the same way
        return {"phase": "fail", "error": str(exc), "timings": _add_time(state, "act_s", started)}
    scratch.result, scratch.outcome = outcome.result, outcome
    await _follow_new_tab(deps)
    result = outcome.result
    target = resolved(result.target) if result is not None and result.target is not None else None
    target_json = target.model_dump(mode="json") if target is not None else state.get("target")
    point = list(result.point) if result is not None and result.point is not None else None
    timings = _add_time(state, "act_s", started)
    _emit(runtime, ActionTaken(index=state["index"], t_s=deps.since(), action=action,
                               target=ResolvedTarget.model_validate(target_json) if target_json else None,
                               point=(point[0], point[1]) if point else None, act_s=timings["act_s"]))  # fmt: skip
    return {"phase": "verify", "target": target_json, "point": point, "timings": timings}


async def _follow_new_tab(deps: Deps) -> bool:
    """When the action opened a tab (a link with target=_blank, a popup), the next steps happen there: True if it moved."""
    from tools.browser import actions as tools

    opened = [e for e in deps.session.events[deps.scratch.events_before :] if e.kind == "page_opened"]
    pages = [p for p in deps.session.pages if not p.is_closed()]
    if opened and len(pages) > 1 and deps.session.page is not pages[-1]:
        try:
            await tools.switch_tab(deps.session, -1, timeout_s=deps.step_timeout_s, screenshot=False)
        except TilepilotError as exc:
            logger.warning("a new tab opened on %s but cannot be switched to: %s", deps.session.url, exc)
            return False
        page = deps.session.page
        try:  # a tab opens on about:blank and only then goes to its address: wait for that page
            if page.url == "about:blank":
                await page.wait_for_url(lambda url: url != "about:blank", timeout=2000)
            await page.wait_for_load_state("load", timeout=deps.step_timeout_s * 1000)
        except PwError as exc:
            logger.info("the new tab %s is still loading: %s", page.url, str(exc).splitlines()[0])
        return True
    return False


def _new_events(deps: Deps) -> list[str]:
    said = []
    for event in deps.session.events[deps.scratch.events_before :]:
        if event.kind == "dialog_opened":
            said.append(f"a {event.dialog_type} dialog opened: {event.message!r}")
        elif event.kind == "page_opened":
            said.append(f"a new tab opened: {event.url}")
        elif event.kind == "download":
            said.append(f"a download finished: {event.suggested_filename!r}")
    return said


_SETTLE_S = 0.01
"""How long after a look verify looks again to tell the action's effect from the page's own motion."""


async def _settled(deps: Deps) -> Observation:
    await asyncio.sleep(_SETTLE_S)
    return await look(deps, 0)


def _acted(deps: Deps) -> Element | None:
    result = deps.scratch.result
    if result is not None and result.target is not None and result.target.element is not None:
        return result.target.element
    return deps.scratch.chosen.element if deps.scratch.chosen is not None else None


async def verify(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Check the action's effect on a new observation, polling briefly while the page catches up."""
    from perception.grounding import ground as ground_query

    deps, scratch = runtime.context, runtime.context.scratch
    action = action_of(state["action"] or {})
    started = time.perf_counter()
    before = scratch.before
    assert before is not None  # observe ran first

    async def best(obs: Observation, query: str) -> Candidate | None:
        return (await ground_query(obs, query, embedder=deps.embedder)).best

    outcome = scratch.outcome or Outcome(result=scratch.result)
    after: Observation | None = None
    while True:
        await _follow_new_tab(deps)  # a tab may open a moment after the click returned
        try:
            after = await look(deps, 0)
        except TilepilotError as exc:  # a page between two documents cannot be read: look again
            verdict = Evidence(False, f"the page cannot be read after the action: {exc}")
        else:
            facts = Facts(before=before, after=after, outcome=outcome, acted=_acted(deps), substitute=deps.substitute,
                          ground=best, new_events=_new_events(deps), look=lambda: _settled(deps))  # fmt: skip
            verdict = await check(facts, action)
        if verdict.ok or time.perf_counter() - started > deps.verify_timeout_s or isinstance(action, Fail):
            break
        await asyncio.sleep(0.1)
    if verdict.ok and await _follow_new_tab(deps):  # the tab showed up while verify was looking
        with contextlib.suppress(TilepilotError):
            after = await look(deps, 0)
    scratch.fresh = after
    timings = _add_time(state, "verify_s", started)
    _emit(runtime, Verified(index=state["index"], t_s=deps.since(), ok=verdict.ok, evidence=deps.redact(verdict.says),
                            verify_s=timings["verify_s"]))  # fmt: skip
    state = {**state, "timings": timings}
    if not verdict.ok:
        retryable = not isinstance(action, Fail) and state.get("target") is not None
        return {"phase": "retry" if retryable else "fail", "error": verdict.says, "timings": timings,
                "evidence": verdict.says}  # fmt: skip
    record = _record(state, deps, status="ok", evidence=verdict.says, verified=True)
    planned: RunState = {"planned": 0} if isinstance(action, Done) else {}
    return {**_finish_step(runtime, state, record), **planned, "phase": "next", "timings": timings}


def retry(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """Try the step again (another candidate, then the pixels), or give up after ``max_attempts``."""
    deps = runtime.context
    attempt = state.get("attempt", 0) + 1
    tried = list(state.get("tried") or [])
    chosen = deps.scratch.chosen
    if chosen is not None and deps.scratch.key[0] == state["index"]:
        tried.append(_key(chosen))
    if deps.since() > deps.time_budget_s:
        spent = f"the time budget ({deps.time_budget_s:g}s) ran out"
        return {"phase": "fail", "error": f"{spent}: {state.get('error')}" if state.get("error") else spent}
    if attempt >= deps.max_attempts:
        return {"phase": "fail"}
    logger.info("step %d, try %d: %s", state["index"], attempt + 1, deps.redact(state.get("error") or ""))
    return {"phase": "observe", "attempt": attempt, "tried": tried}


def fail(state: RunState, runtime: Runtime[Deps]) -> RunState:
    """End the step as failed (an optional step is skipped instead) and, unless skipped, the run."""
    planned = state.get("action")
    action = action_of(planned) if planned else None
    error = state.get("error") or "the step failed"
    seen = state.get("evidence") or ""
    if seen and seen != error:  # what verify saw first, then why no other try worked
        error = f"{seen}; then {error}"
    if action is not None and action.optional:
        return _skip(runtime, state, f"optional step skipped: {error}")
    record = _record({**state, "error": error}, runtime.context, status="failed", evidence=seen or error)
    update = _finish_step(runtime, state, record)
    instruction = state["steps"][state["index"]]["instruction"]
    later = state["steps"][state["index"] + 1 :]
    if later and later[0]["action"] is None and later[0]["instruction"] == instruction:
        return {**update, "phase": "next"}  # the model planned it: it sees the failure and plans again
    message = f"step {state['index']} ({runtime.context.redact(instruction)!r}) failed: {runtime.context.redact(error)}"
    return {**update, "index": state["index"], "phase": "failed", "message": message}
