"""The planner graph's state, and what a run keeps outside it.

:class:`RunState` is what the checkpointer saves after every node: plain JSON values only (actions
and step records as dicts), so a run killed mid-way can be read back by a new process. The
browser session, the current observation and the candidates found for the step live in
:class:`Deps` (the graph's runtime context) and :class:`Scratch`, never in a checkpoint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, NotRequired, TypedDict

from pydantic import TypeAdapter

from agent._records import StepRecord, Timings
from agent.actions import Action

if TYPE_CHECKING:
    from collections.abc import Callable

    from agent._execute import Outcome
    from agent.trace import TraceWriter
    from model.protocol import TextEmbedder, VisionModel
    from perception.types import Candidate, Observation
    from tools.browser import ActionResult, Session

__all__ = ["Deps", "Phase", "RunState", "Scratch", "StepPlan", "action_of", "dump_action", "records_of", "timings_of"]

_ACTION: TypeAdapter[Action] = TypeAdapter(Action)

Phase = Literal[
    "plan", "observe", "ground", "approve", "act", "verify", "retry", "fail", "next", "done", "failed", "rejected",
    "budget_exceeded",
]  # fmt: skip


def _append(left: list[dict[str, Any]], right: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Finished records are only ever added; a record for an index already there replaces it."""
    if not right:
        return left
    done = {r["index"] for r in right}
    return [r for r in left if r["index"] not in done] + right


class StepPlan(TypedDict):
    """One planned step: the phrase it came from, and its action (None: the model planner decides it).

    A replayed step also has ``hint``: where its target was last found (a
    :class:`~agent._records.ResolvedTarget` dict), tried before grounding the action's words again.
    """

    instruction: str
    action: dict[str, Any] | None
    hint: NotRequired[dict[str, Any] | None]


class RunState(TypedDict, total=False):
    """The checkpointed state of one run (JSON values only).

    ``steps`` are the planned steps, ``index`` the current one, ``records`` the finished ones
    (:class:`StepRecord` dicts); ``attempt`` counts tries of the current step, ``tried`` the targets
    it already acted on (their selectors or boxes); ``url`` is the page after the last finished step
    (a resumed run goes back there). ``phase`` is where the graph goes next.
    """

    task: str
    steps: list[StepPlan]
    index: int
    records: Annotated[list[dict[str, Any]], _append]
    attempt: int
    tried: list[str]
    action: dict[str, Any] | None
    target: dict[str, Any] | None
    point: list[float] | None
    url_before: str
    url: str
    phase: Phase
    evidence: str
    error: str | None
    healed: str | None
    timings: dict[str, float]
    step_t0: float
    run_t0: float
    planned: int
    approved: int
    pixels: int
    message: str


@dataclass
class Scratch:
    """What one step hands from node to node in memory: the observation, candidates, the tool's result."""

    key: tuple[int, int] = (-1, -1)
    observation: Observation | None = None
    before: Observation | None = None
    reused: bool = False
    """Whether ``observation`` is the one verify took after the previous step (not a fresh look)."""
    candidates: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None
    result: ActionResult | None = None
    outcome: Outcome | None = None
    events_before: int = 0
    fresh: Observation | None = None
    """An observation taken by verify after the last action: the next step starts from it."""


@dataclass
class Deps:
    """Per run: the graph's runtime context (``graph.ainvoke(state, context=Deps(...))``), never checkpointed."""

    session: Session
    embedder: TextEmbedder | None = None
    reader: VisionModel | None = None
    """Reads pixels when the DOM has no answer (OCR of the CPU backend, or the configured model)."""
    planner: VisionModel | None = None
    """The vision-language model for steps the compiler cannot read (None: none configured)."""
    secrets: Any = None
    """The run's :class:`agent.secrets.Secrets` (for the model planner, which redacts its prompt)."""
    substitute: Callable[[str], str] = str
    redact: Callable[[str], str] = str
    trace: TraceWriter | None = None
    approvals: Literal["sensitive", "never"] = "sensitive"
    max_steps: int = 50
    max_attempts: int = 3
    time_budget_s: float = 300.0
    step_timeout_s: float = 15.0
    verify_timeout_s: float = 3.0
    scratch: Scratch = field(default_factory=Scratch)
    t0: float = field(default_factory=time.monotonic)

    def since(self) -> float:
        return max(time.monotonic() - self.t0, 0.0)


def action_of(data: dict[str, Any]) -> Action:
    """The :data:`Action` a state dict holds."""
    return _ACTION.validate_python(data)


def dump_action(action: Action) -> dict[str, Any]:
    """An action as the JSON dict the state keeps."""
    out: dict[str, Any] = _ACTION.dump_python(action, mode="json", exclude_defaults=True)
    out["kind"] = action.kind
    return out


def records_of(state: RunState) -> list[StepRecord]:
    """The finished steps, in order."""
    return sorted((StepRecord.model_validate(r) for r in state.get("records", [])), key=lambda r: r.index)


def timings_of(state: RunState) -> Timings:
    return Timings(**{k: round(max(v, 0.0), 4) for k, v in (state.get("timings") or {}).items()})
