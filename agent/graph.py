"""The planner graph: a LangGraph ``StateGraph`` over the nodes of :mod:`agent.nodes`, and its checkpointer.

::

    START → plan → observe → ground → act → verify → plan …   (next step)
                     ↑         │ ↘ approve ↗ │        │
                     └──────── retry ←───────┴────────┘ → fail → END

Every node returns a ``phase``; the routes below only read it. :func:`sqlite_saver` opens the
SQLite checkpointer a run resumes from (``thread_id`` keys a run): after each node the state is
written before the next one starts, so a killed process loses at most the step it was on.

>>> graph = build_graph()  # doctest: +SKIP
>>> await graph.ainvoke(state, {"configurable": {"thread_id": "t1"}}, context=deps)  # doctest: +SKIP
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    BaseCheckpointSaver,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
)
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agent import nodes
from agent.state import Deps, RunState
from model.errors import ConfigError

__all__ = ["CheckpointSaver", "build_graph", "sqlite_saver"]


class CheckpointSaver(SqliteSaver):
    """:class:`SqliteSaver` usable from the async graph: each async call runs the (short, locked) sync one.

    SQLite writes of a few kilobytes take well under a millisecond, so they run in the loop's
    thread rather than a worker: the order of writes stays the order of the nodes.
    """

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self.get_tuple(config)

    async def alist(
        self, config: RunnableConfig | None, *, filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None, limit: int | None = None,
    ) -> AsyncIterator[CheckpointTuple]:  # fmt: skip
        for each in self.list(config, filter=filter, before=before, limit=limit):
            yield each

    async def aput(
        self, config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:  # fmt: skip
        return self.put(config, checkpoint, metadata, new_versions)

    async def aput_writes(
        self, config: RunnableConfig, writes: Sequence[tuple[str, Any]], task_id: str, task_path: str = ""
    ) -> None:
        self.put_writes(config, writes, task_id, task_path)

    async def adelete_thread(self, thread_id: str) -> None:
        self.delete_thread(thread_id)


def sqlite_saver(path: str | Path) -> CheckpointSaver:
    """A checkpointer on the SQLite file ``path`` (made if missing); :class:`ConfigError` if it cannot be opened."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), check_same_thread=False)
        saver = CheckpointSaver(conn)
        saver.setup()
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(f"checkpoint={str(path)!r} cannot be opened as a SQLite file: {exc}", name="checkpoint",
                          value=str(path)) from exc  # fmt: skip
    return saver


def _phase(state: RunState) -> str:
    return state.get("phase", "plan")


def after_plan(state: RunState) -> str:
    return "observe" if _phase(state) == "plan" else END


def after_observe(state: RunState) -> str:
    return {"ground": "ground", "fail": "fail"}.get(_phase(state), "retry")


def after_ground(state: RunState) -> str:
    return {"approve": "approve", "act": "act", "next": "plan", "fail": "fail"}.get(_phase(state), "retry")


def after_approve(state: RunState) -> str:
    return {"act": "act", "observe": "observe"}.get(_phase(state), END)


def after_act(state: RunState) -> str:
    return {"verify": "verify", "fail": "fail"}.get(_phase(state), "retry")


def after_verify(state: RunState) -> str:
    return {"next": "plan", "fail": "fail"}.get(_phase(state), "retry")


def after_retry(state: RunState) -> str:
    return "observe" if _phase(state) == "observe" else "fail"


def after_fail(state: RunState) -> str:
    return "plan" if _phase(state) == "next" else END


def build_graph(
    checkpointer: BaseCheckpointSaver[Any] | None = None,
) -> CompiledStateGraph[RunState, Deps, RunState, RunState]:
    """The compiled planner graph (with ``checkpointer`` for resume and approvals)."""
    g: StateGraph[RunState, Deps, RunState, RunState] = StateGraph(RunState, context_schema=Deps)
    g.add_node("plan", nodes.plan)
    g.add_node("observe", nodes.observe)
    g.add_node("ground", nodes.ground)
    g.add_node("approve", nodes.approve)
    g.add_node("act", nodes.act)
    g.add_node("verify", nodes.verify)
    g.add_node("retry", nodes.retry)
    g.add_node("fail", nodes.fail)
    g.add_edge(START, "plan")
    g.add_conditional_edges("plan", after_plan, ["observe", END])
    g.add_conditional_edges("observe", after_observe, ["ground", "fail", "retry"])
    g.add_conditional_edges("ground", after_ground, ["approve", "act", "plan", "fail", "retry"])
    g.add_conditional_edges("approve", after_approve, ["act", "observe", END])
    g.add_conditional_edges("act", after_act, ["verify", "fail", "retry"])
    g.add_conditional_edges("verify", after_verify, ["plan", "fail", "retry"])
    g.add_conditional_edges("retry", after_retry, ["observe", "fail"])
    g.add_conditional_edges("fail", after_fail, ["plan", END])
    return g.compile(checkpointer=checkpointer)
