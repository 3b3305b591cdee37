"""The SDK: :class:`Agent` (async) and :class:`SyncAgent` (its blocking twin) run plain-language steps on a page.

An agent compiles the steps (:func:`agent.compile.compile_steps`; a phrase the compiler cannot
read goes to the model planner when a model is configured) and runs them through the planner graph
of :mod:`agent.graph`: each step is grounded, performed and verified on the page, with retries,
step and time budgets, a checkpoint after every node (``thread_id`` keys a run, so a killed run
resumes), and a pause before sensitive actions until :meth:`Agent.approve` or :meth:`Agent.reject`.
A successful run writes a replay file (:func:`agent.replay.replay` runs it again with no model).

>>> async with Agent.launch() as agent:  # doctest: +SKIP
...     await agent.goto("http://127.0.0.1:8000/login")
...     result = await agent.run("Enter 'kiera' as the username and 'x9f' as the password, then press Login")
...     result.ok, [s.evidence for s in result.steps]
(True, ["value of 'Username' is 'kiera'", "'Password' holds the typed value (3 characters, masked)", ...])
"""

from __future__ import annotations

import contextlib
import logging
import re
import tempfile
import uuid
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Self

from langgraph.types import Command

from agent._execute import html_tables
from agent._records import ApprovalNeeded, Finished, RunEvent, RunResult, RunStatus, StepRecord
from agent.compile import CompileError, compile_steps
from agent.graph import build_graph, sqlite_saver
from agent.state import Deps, RunState, Scratch, StepPlan, action_of, dump_action, records_of
from model.errors import ConfigError
from tools.browser import Browser, DialogPolicy, Session, SyncSession
from tools.browser._launch import LoopThread

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig
    from playwright.async_api import Page

    from agent.secrets import Secrets
    from agent.trace import TraceWriter
    from model.cpu import CpuBackend
    from model.protocol import VisionModel
    from perception.document import Table
    from perception.types import Observation
    from tools.browser._guard import DomainGuard

__all__ = ["Agent", "SyncAgent", "plan_steps"]

logger = logging.getLogger(__name__)

Approvals = Literal["sensitive", "never"]
_PIECES = re.compile(r"\n+|(?<=[.!?。])\s+")
_END: dict[str, RunStatus] = {
    "done": "done",
    "failed": "failed",
    "rejected": "failed",
    "budget_exceeded": "budget_exceeded",
}


def plan_steps(text: str, *, with_model: bool) -> list[StepPlan]:
    """The steps of ``text``: compiled actions, and (``with_model``) phrases left for the model planner.

    Raises :class:`CompileError` pointing at the phrase when ``text`` does not compile and no model is configured.
    """
    try:
        return [{"instruction": a.source or text, "action": dump_action(a)} for a in compile_steps(text)]
    except CompileError:
        if not with_model:
            raise
    steps: list[StepPlan] = []
    for piece in (p.strip() for p in _PIECES.split(text)):
        if not piece:
            continue
        try:
            steps += [{"instruction": a.source or piece, "action": dump_action(a)} for a in compile_steps(piece)]
        except CompileError:
            steps.append({"instruction": piece, "action": None})
    return steps


def _recovered(record: StepRecord, records: list[StepRecord]) -> bool:
    """A failed try of a model-planned phrase that a later step of the same phrase made good."""
    return any(r.index > record.index and r.instruction == record.instruction and r.status == "ok" for r in records)


class Agent:
    """Runs plain-language steps on one browser session; make it with :meth:`launch`, :meth:`from_page` or
    :meth:`from_session`.

    ``model`` is a vision-language model (:class:`~model.protocol.VisionModel`) for phrases the
    compiler cannot read and targets the page's own evidence cannot find; without one the CPU
    backend reads pixels (OCR) and embeds labels, loaded on first need. ``allowed_domains`` keeps
    every navigation, popup and request inside the list; ``secrets`` fills ``{{name}}``
    placeholders when typing and is redacted from every record, trace and replay file.
    ``run_dir`` is a folder of traces (one sub-folder per run, named by its ``thread_id``);
    ``checkpoint`` a SQLite file that makes runs resumable across processes (default: in memory).
    ``approvals="sensitive"`` pauses before sensitive actions (``"never"``: run them unasked).
    ``replay_dir`` is where replay files go when there is no ``run_dir`` (default: the temp folder).
    ``backend`` is the CPU backend to read pixels and embed labels with (default: one per agent,
    its models loaded on first need; pass one to share the loading between agents).
    """

    def __init__(
        self, session: Session, *, model: VisionModel | None = None, allowed_domains: Sequence[str] | None = None,
        secrets: Mapping[str, str] | Secrets | None = None, run_dir: str | Path | None = None,
        checkpoint: str | Path | None = None, approvals: Approvals = "sensitive", max_steps: int = 50,
        max_attempts: int = 3, time_budget_s: float = 300.0, step_timeout_s: float = 15.0,
        verify_timeout_s: float = 3.0, replay_dir: str | Path | None = None, backend: CpuBackend | None = None,
    ) -> None:  # fmt: skip
        from agent.secrets import Secrets

        for name, value in (("max_steps", max_steps), ("max_attempts", max_attempts)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{name}={value!r} must be a positive int", name=name, value=value)
        for name, seconds in (("time_budget_s", time_budget_s), ("step_timeout_s", step_timeout_s),
                              ("verify_timeout_s", verify_timeout_s)):  # fmt: skip
            if not isinstance(seconds, int | float) or not seconds > 0:
                raise ConfigError(f"{name}={seconds!r} must be a number of seconds > 0", name=name, value=seconds)
        if approvals not in ("sensitive", "never"):
            raise ConfigError(f"approvals={approvals!r} must be 'sensitive' or 'never'", name="approvals",
                              value=approvals)  # fmt: skip
        self.session = session
        self.model = model
        self.secrets = secrets if isinstance(secrets, Secrets) else Secrets(secrets)
        self.allowed_domains = list(allowed_domains) if allowed_domains is not None else None
        self.run_dir = Path(run_dir) if run_dir is not None else None
        self.replay_dir = (
            Path(replay_dir) if replay_dir is not None else Path(tempfile.gettempdir()) / "tilepilot-replays"
        )
        self.checkpoint = Path(checkpoint) if checkpoint is not None else None
        self.approvals: Approvals = approvals
        self.max_steps, self.max_attempts = max_steps, max_attempts
        self.time_budget_s, self.step_timeout_s, self.verify_timeout_s = time_budget_s, step_timeout_s, verify_timeout_s
        self.guard: DomainGuard | None = None
        self.writes_replays = True
        """Whether a successful run writes its replay file (a replay updates the file it ran instead)."""
        self.last_result: RunResult | None = None
        self._cpu: CpuBackend | None = backend
        self._scratch = Scratch()
        self._thread: str | None = None
        self._browser: Browser | None = None
        self._traces: dict[str, TraceWriter] = {}
        self._saver = sqlite_saver(self.checkpoint) if self.checkpoint is not None else None
        if self._saver is not None:
            self._graph = build_graph(self._saver)
        else:
            from langgraph.checkpoint.memory import InMemorySaver

            self._graph = build_graph(InMemorySaver())

    # -- making one --------------------------------------------------------------------------------------
    @classmethod
    def from_page(cls, page: Page, *, dialogs: DialogPolicy = "accept", **options: Any) -> Agent:
        """An agent on your own Playwright page (left open by :meth:`close`); ``options`` as for :class:`Agent`.

        ``dialogs`` says what to do with an alert or confirm a step opens (default: accept it, so
        an approved "Delete" goes through its "Are you sure?").

        >>> agent = Agent.from_page(page)  # doctest: +SKIP
        >>> (await agent.run("Type 'shoes' in the search box and press Enter")).ok  # doctest: +SKIP
        True
        """
        return cls(Session.from_page(page, dialogs=dialogs), **options)

    @classmethod
    def from_session(cls, session: Session, **options: Any) -> Agent:
        """An agent on a :class:`~tools.browser.Session` you made; ``options`` as for :class:`Agent`."""
        return cls(session, **options)

    @classmethod
    def launch(
        cls, *, headless: bool = True, viewport: tuple[int, int] = (1280, 800), device_scale_factor: float = 1.0,
        executable_path: str | Path | None = None, dialogs: DialogPolicy = "accept", **options: Any,
    ) -> _Launch:  # fmt: skip
        """Start Chromium and open an agent on a fresh page: ``async with Agent.launch() as agent`` (or ``await``).

        The browser closes with the agent. Raises :class:`ConfigError` when no Chromium is found.

        >>> async with Agent.launch(allowed_domains=["127.0.0.1:8000"]) as agent:  # doctest: +SKIP
        ...     await agent.goto("http://127.0.0.1:8000/")
        """
        browser = {"headless": headless, "viewport": viewport, "device_scale_factor": device_scale_factor,
                   "executable_path": executable_path, "dialogs": dialogs}  # fmt: skip
        return _Launch(cls, browser, options)

    # -- the page ----------------------------------------------------------------------------------------
    async def _ready(self) -> None:
        if self.allowed_domains is not None and self.guard is None:
            from tools.browser._guard import install_guard

            self.guard = await install_guard(self.session, self.allowed_domains)

    async def goto(self, url: str, *, timeout_s: float = 30.0) -> None:
        """Open ``url`` (inside ``allowed_domains``); :class:`NavigationError` if it does not load."""
        await self._ready()
        if self.guard is not None:
            await self.guard.goto(url, timeout_s=timeout_s)
        else:
            await self.session.goto(url, timeout_s=timeout_s)
        self._scratch.fresh = None

    async def observe(self) -> Observation:
        """The page as the agent sees it: elements of every frame and shadow root (no OCR)."""
        from perception.screen import observe

        return await observe(self.session.page, screenshot=False, timeout_s=self.step_timeout_s)

    async def extract_tables(self) -> list[Table]:
        """The page's visible HTML tables as the table model of the PDF path (boxes in CSS px)."""
        return await html_tables(self.session)

    # -- runs --------------------------------------------------------------------------------------------
    def _cpu_backend(self) -> CpuBackend:
        if self._cpu is None:
            from model.cpu import CpuBackend

            self._cpu = CpuBackend()  # cheap: its OCR and embedding models load on first use
        return self._cpu

    def _deps(self, trace: TraceWriter | None) -> Deps:
        cpu = self._cpu_backend()
        return Deps(
            session=self.session, embedder=cpu, reader=cpu, planner=self.model, secrets=self.secrets,
            substitute=self.secrets.substitute, redact=self.secrets.redact_text, trace=trace, approvals=self.approvals,
            max_steps=self.max_steps, max_attempts=self.max_attempts, time_budget_s=self.time_budget_s,
            step_timeout_s=self.step_timeout_s, verify_timeout_s=self.verify_timeout_s, scratch=self._scratch,
        )  # fmt: skip

    def _config(self, thread_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": thread_id}, "recursion_limit": 10_000}

    def _trace(self, thread_id: str, task: str) -> TraceWriter | None:
        if self.run_dir is None:
            return None
        if thread_id not in self._traces:
            from agent.trace import TraceWriter

            writer = TraceWriter(self.run_dir / thread_id, redact=self.secrets.redact_text)
            writer.start(task, start_url=self.session.url, thread_id=thread_id)
            self._traces[thread_id] = writer
        return self._traces[thread_id]

    async def stream(self, instructions: str, *, thread_id: str | None = None) -> AsyncIterator[RunEvent]:
        """Run ``instructions``, yielding typed events as they happen (:data:`~agent._records.RunEvent`),
        :class:`~agent._records.Finished` last; the result is then :attr:`last_result`.

        A ``thread_id`` that a checkpoint already holds resumes that run (it must be the same
        instructions). Raises :class:`CompileError` when a phrase does not compile and no model is set.

        >>> async for event in agent.stream("Click Sign in"):  # doctest: +SKIP
        ...     print(event.kind, event.t_s)
        """
        if thread_id is not None:
            values = (await self._graph.aget_state(self._config(thread_id))).values
            if values:
                if values.get("task") != instructions:
                    raise ConfigError(f"thread_id={thread_id!r} holds another run ({values.get('task', '')!r}); "
                                      "use a new thread_id", name="thread_id", value=thread_id)  # fmt: skip
                async for event in self._resume(thread_id):
                    yield event
                return
        self.secrets.check(instructions)
        steps = plan_steps(instructions, with_model=self.model is not None)
        async for event in self.stream_steps(steps, task=instructions, thread_id=thread_id):
            yield event

    async def stream_steps(
        self, steps: list[StepPlan], *, task: str, thread_id: str | None = None
    ) -> AsyncIterator[RunEvent]:
        """Run planned steps (as :func:`plan_steps` makes them, or a replay file's) under a new ``thread_id``."""
        thread = thread_id or uuid.uuid4().hex
        await self._ready()
        start: RunState = {"task": task, "steps": steps, "index": 0, "records": [], "phase": "plan",
                           "url": self.session.url, "planned": 0, "approved": -1}  # fmt: skip
        self._scratch.fresh = None
        self._scratch.events_before = len(self.session.events)  # what happened before this run is not its own
        async for event in self._drive(start, thread, task):
            yield event

    async def run(self, instructions: str, *, thread_id: str | None = None) -> RunResult:
        """Run ``instructions`` to the end (or to an approval pause); see :meth:`stream`.

        >>> result = await agent.run("Select Alice from the list and click Submit")  # doctest: +SKIP
        >>> result.status, result.pending  # doctest: +SKIP
        ('interrupted', Click(target=Target(query='Submit'), sensitive=True, ...))
        >>> (await agent.approve()).ok  # doctest: +SKIP
        True
        """
        async for _ in self.stream(instructions, thread_id=thread_id):
            pass
        assert self.last_result is not None  # set by every stream that ends
        return self.last_result

    async def act(self, instruction: str) -> StepRecord:
        """Run one instruction and return its (last) step; a step that failed comes back with status ``failed``.

        >>> (await agent.act("click Sign in")).evidence  # doctest: +SKIP
        'the URL changed to http://127.0.0.1:8000/home'
        """
        result = await self.run(instruction)
        if not result.steps:
            raise ConfigError(f"{instruction!r} did not run: {result.message}", name="instruction", value=instruction)
        return result.steps[-1]

    async def approve(self, *, thread_id: str | None = None) -> RunResult:
        """Let the sensitive action the run paused on go ahead, and run on; :class:`ConfigError` if none waits.

        ``thread_id`` picks a paused run of the checkpoint (default: this agent's last run).
        """
        return await self._answer({"approved": True}, thread_id)

    async def reject(self, *, reason: str = "", thread_id: str | None = None) -> RunResult:
        """Refuse the sensitive action the run paused on: the run ends ``failed``, its message saying so."""
        return await self._answer({"approved": False, "reason": reason}, thread_id)

    async def _answer(self, answer: dict[str, Any], thread_id: str | None) -> RunResult:
        thread = thread_id or self._thread
        snapshot = await self._graph.aget_state(self._config(thread)) if thread else None
        if thread is None or snapshot is None or not snapshot.interrupts:
            which = "this agent has started none" if thread is None else f"thread_id={thread!r} is not waiting"
            raise ConfigError(f"no run is waiting for approval ({which}; approve/reject answer a run whose status is "
                              "'interrupted')", name="thread_id", value=thread)  # fmt: skip
        async for _ in self._drive(Command(resume=answer), thread, snapshot.values.get("task", "")):
            pass
        assert self.last_result is not None
        return self.last_result

    async def resume(self, thread_id: str) -> RunResult:
        """Take up the run ``thread_id`` of the checkpoint from its last finished step (its page opened again).

        Raises :class:`ConfigError` when the checkpoint holds no such run.

        >>> agent = Agent.from_page(page, checkpoint="runs.sqlite")  # doctest: +SKIP
        >>> (await agent.resume("order-42")).ok  # doctest: +SKIP
        True
        """
        async for _ in self._resume(thread_id):
            pass
        assert self.last_result is not None
        return self.last_result

    async def _resume(self, thread_id: str) -> AsyncIterator[RunEvent]:
        values = (await self._graph.aget_state(self._config(thread_id))).values
        if not values:
            where = f"the checkpoint {str(self.checkpoint)!r}" if self.checkpoint else "this agent's memory"
            raise ConfigError(f"no run with thread_id={thread_id!r} in {where}", name="thread_id", value=thread_id)
        if values.get("phase") == "done":
            self.last_result = await self._result(thread_id)
            return
        await self._ready()
        url = values.get("url") or ""
        if url and url != self.session.url and not url.startswith("about:"):
            await self.goto(url, timeout_s=max(self.step_timeout_s, 30.0))
        self._scratch = Scratch(events_before=len(self.session.events))
        again: RunState = {"phase": "plan", "attempt": 0, "approved": values.get("approved", -1)}
        async for event in self._drive(again, thread_id, values.get("task", "")):
            yield event

    async def _drive(self, payload: RunState | Command[Any], thread_id: str, task: str) -> AsyncIterator[RunEvent]:
        # Every log record made while the run goes on is redacted as it is created (a URL after a GET
        # form, a library's message), whoever's handler gets it.
        with self.secrets.redact_logs() if self.secrets.names else contextlib.nullcontext():
            async for event in self._drive_logged(payload, thread_id, task):
                yield event

    async def _drive_logged(
        self, payload: RunState | Command[Any], thread_id: str, task: str
    ) -> AsyncIterator[RunEvent]:
        self._thread = thread_id
        trace = self._trace(thread_id, task)
        deps = self._deps(trace)
        config = self._config(thread_id)
        stream: AsyncIterator[Any] = self._graph.astream(
            payload, config, context=deps, stream_mode=["custom", "updates"], durability="sync"
        )
        async for mode, chunk in stream:
            event = self._event(mode, chunk, deps)
            if event is None:
                continue
            event = self.secrets.redact(event)
            if trace is not None:
                trace.write_event(event)
            yield event
        result = await self._result(thread_id, trace=trace, time_s=deps.since())
        finished = Finished(index=-1, t_s=deps.since(), status=result.status, message=result.message,
                            time_s=deps.since())  # fmt: skip
        if trace is not None:
            trace.write_event(finished)
        self.last_result = result
        yield finished

    @staticmethod
    def _event(mode: str, chunk: Any, deps: Deps) -> RunEvent | None:
        if mode == "custom":
            return chunk  # type: ignore[no-any-return]
        if mode == "updates" and isinstance(chunk, dict) and "__interrupt__" in chunk:
            value = chunk["__interrupt__"][0].value
            return ApprovalNeeded(index=value["index"], t_s=deps.since(), action=action_of(value["action"]),
                                  reason=value["reason"])  # fmt: skip
        return None

    async def _result(self, thread_id: str, *, trace: TraceWriter | None = None, time_s: float = 0.0) -> RunResult:
        snapshot = await self._graph.aget_state(self._config(thread_id))
        values: RunState = snapshot.values  # type: ignore[assignment]
        records = records_of(values)
        pending = None
        if snapshot.interrupts:
            asked = snapshot.interrupts[0].value
            pending = action_of(asked["action"])
            status: RunStatus = "interrupted"
            message = (f"step {asked['index']} ({asked['instruction']!r}) waits for approval: {asked['reason']}; "
                       "call approve() or reject()")  # fmt: skip
        else:
            status = _END.get(values.get("phase", ""), "failed")
            message = values.get("message", "")
        ok = status == "done" and all(r.status in ("ok", "skipped") or _recovered(r, records) for r in records)
        result = RunResult(ok=ok, status=status, steps=records, message=self.secrets.redact_text(message),
                           thread_id=thread_id, time_s=time_s, pending=pending)  # fmt: skip
        if ok and self.writes_replays:
            result = result.model_copy(update={"replay_path": str(self._write_replay(values, records, trace))})
        if trace is not None:
            result = trace.finish(result)
        return result

    def _write_replay(self, values: RunState, records: list[StepRecord], trace: TraceWriter | None) -> Path:
        from agent._replayfile import ReplayFile, save_replay

        start = records[0].url_before if records else self.session.url
        replay = ReplayFile.from_records(values.get("task", ""), start, records)
        if trace is not None:
            return trace.write_replay(replay)
        name = f"{values.get('task', '')[:40]}"
        slug = re.sub(r"[^\w-]+", "-", name, flags=re.ASCII).strip("-").lower() or "run"
        return save_replay(self.replay_dir / f"{slug}-{self._thread}.json", replay, redact=self.secrets.redact_text)

    # -- closing -----------------------------------------------------------------------------------------
    async def close(self) -> None:
        """Remove the domain guard and detach (closing the browser when :meth:`launch` started it); idempotent."""
        if self.guard is not None:
            await self.guard.remove()
            self.guard = None
        await self.session.close()
        if self._saver is not None:
            self._saver.conn.close()
            self._saver = None
        if self._browser is not None:
            browser, self._browser = self._browser, None
            await browser.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class _Launch:
    """What :meth:`Agent.launch` returns: ``await`` it, or use it as ``async with``."""

    def __init__(self, cls: type[Agent], browser: dict[str, Any], options: dict[str, Any]) -> None:
        self._cls, self._browser, self._options = cls, browser, options
        self._agent: Agent | None = None

    async def _start(self) -> Agent:
        b = self._browser
        browser = await Browser.launch(headless=b["headless"], executable_path=b["executable_path"])
        try:
            guarded = self._options.get("allowed_domains") is not None  # service workers' requests pass no route
            session = await browser.new_session(viewport=b["viewport"], device_scale_factor=b["device_scale_factor"],
                                                dialogs=b["dialogs"],
                                                service_workers="block" if guarded else "allow")  # fmt: skip
            agent = self._cls(session, **self._options)
        except BaseException:
            await browser.close()
            raise
        agent._browser = browser
        return agent

    def __await__(self) -> Generator[Any, None, Agent]:
        return self._start().__await__()

    async def __aenter__(self) -> Agent:
        self._agent = await self._start()
        return self._agent

    async def __aexit__(self, *exc: object) -> None:
        if self._agent is not None:
            await self._agent.close()


class SyncAgent:
    """The blocking twin of :class:`Agent`: the same names without ``await``, run on a private event-loop thread.

    >>> with SyncAgent.launch() as agent:  # doctest: +SKIP
    ...     agent.goto("http://127.0.0.1:8000/login")
    ...     print(agent.run("Enter 'kiera' as the username and press Login").ok)
    """

    def __init__(self, agent: Agent, loop: LoopThread, *, owns_loop: bool) -> None:
        self._agent, self._loop, self._owns_loop = agent, loop, owns_loop

    @classmethod
    def launch(
        cls, *, headless: bool = True, viewport: tuple[int, int] = (1280, 800), device_scale_factor: float = 1.0,
        executable_path: str | Path | None = None, dialogs: DialogPolicy = "accept", **options: Any,
    ) -> SyncAgent:  # fmt: skip
        loop = LoopThread()
        try:
            launching = Agent.launch(headless=headless, viewport=viewport, device_scale_factor=device_scale_factor,
                                     executable_path=executable_path, dialogs=dialogs, **options)  # fmt: skip

            async def start() -> Agent:
                return await launching

            return cls(loop.run(start()), loop, owns_loop=True)
        except BaseException:
            loop.stop()
            raise

    @classmethod
    def from_session(cls, session: SyncSession, **options: Any) -> SyncAgent:
        """An agent on a :class:`~tools.browser.SyncSession` (it shares the session's loop thread)."""
        return cls(Agent(session._session, **options), session._loop, owns_loop=False)

    @property
    def agent(self) -> Agent:
        """The async agent underneath."""
        return self._agent

    @property
    def last_result(self) -> RunResult | None:
        return self._agent.last_result

    def goto(self, url: str, *, timeout_s: float = 30.0) -> None:
        self._loop.run(self._agent.goto(url, timeout_s=timeout_s))

    def observe(self) -> Observation:
        return self._loop.run(self._agent.observe())

    def extract_tables(self) -> list[Table]:
        return self._loop.run(self._agent.extract_tables())

    def run(self, instructions: str, *, thread_id: str | None = None) -> RunResult:
        return self._loop.run(self._agent.run(instructions, thread_id=thread_id))

    def stream(self, instructions: str, *, thread_id: str | None = None) -> Iterator[RunEvent]:
        events = self._agent.stream(instructions, thread_id=thread_id)

        async def step() -> RunEvent | None:
            try:
                return await anext(events)
            except StopAsyncIteration:
                return None

        while (event := self._loop.run(step())) is not None:
            yield event

    def act(self, instruction: str) -> StepRecord:
        return self._loop.run(self._agent.act(instruction))

    def approve(self, *, thread_id: str | None = None) -> RunResult:
        return self._loop.run(self._agent.approve(thread_id=thread_id))

    def reject(self, *, reason: str = "", thread_id: str | None = None) -> RunResult:
        return self._loop.run(self._agent.reject(reason=reason, thread_id=thread_id))

    def resume(self, thread_id: str) -> RunResult:
        return self._loop.run(self._agent.resume(thread_id))

    def close(self) -> None:
        """Close the agent (and its browser and loop thread when :meth:`launch` made them); idempotent."""
        if self._loop.closed:
            return
        try:
            self._loop.run(self._agent.close())
        finally:
            if self._owns_loop:
                self._loop.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
