"""What a run leaves behind: one :class:`StepRecord` per step, the typed events streamed while it runs,
and the :class:`RunResult` at the end.

These are the contract between the planner graph (which fills them), the trace writer (which
writes them to a run folder), the replay file (which keeps the resolved targets) and the report.
Every model is frozen pydantic with ``extra="forbid"``; a secret never reaches one of them (the
graph types ``{{name}}`` placeholders and substitutes only at the keyboard).
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from agent.actions import Action
from perception.types import BBox

__all__ = [
    "ActionTaken", "ApprovalNeeded", "Finished", "ResolvedTarget", "RunEvent", "RunResult", "RunStatus",
    "StepFinished", "StepRecord", "StepStarted", "StepStatus", "Timings", "Verified",
]  # fmt: skip


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


TargetSource = Literal["dom", "ocr", "model", "selector", "box"]


class ResolvedTarget(_Model):
    """Where a step's target was found: enough to find it again (``selector``) or heal (``label``, ``text``).

    ``selector`` is a CSS selector that matched exactly this element when it was resolved (None for
    pixel-only targets); ``bbox`` is in CSS px of the viewport; ``text`` is the element's visible text
    (its fingerprint, cut to 200 characters); ``query`` the words it was grounded from.
    """

    source: TargetSource
    bbox: BBox
    label: str = ""
    role: str | None = None
    text: str = ""
    selector: str | None = None
    query: str | None = None
    score: float | None = Field(default=None, ge=0, le=1)


class Timings(_Model):
    """Seconds spent in each node of one step (``total_s`` includes retries)."""

    observe_s: float = Field(default=0, ge=0)
    ground_s: float = Field(default=0, ge=0)
    act_s: float = Field(default=0, ge=0)
    verify_s: float = Field(default=0, ge=0)
    total_s: float = Field(default=0, ge=0)


StepStatus = Literal["ok", "skipped", "failed", "rejected"]


class StepRecord(_Model):
    """One step of a run, after it ended.

    ``instruction`` is the phrase the action came from; ``evidence`` says what verify saw (``value of
    the email field is 'ada@example.com'``) or why the step failed; ``healed`` says how a replayed
    step found its target again (``"selector → dom"``, ``"vision → dom"``), None when it did not need to.
    """

    index: int = Field(ge=0)
    instruction: str
    action: Action
    status: StepStatus
    target: ResolvedTarget | None = None
    point: tuple[float, float] | None = None
    url_before: str = ""
    url_after: str = ""
    verified: bool = False
    evidence: str = ""
    attempts: int = Field(default=1, ge=0)
    healed: str | None = None
    error: str | None = None
    timings: Timings = Timings()
    screenshot: str | None = Field(default=None, description="The annotated screenshot, relative to the run folder.")


class _Event(_Model):
    index: int = Field(ge=-1, description="The step (0-based); -1 for the run as a whole.")
    t_s: float = Field(ge=0, description="Seconds since the run started.")


class StepStarted(_Event):
    kind: Literal["step_started"] = "step_started"
    instruction: str
    action: Action


class ActionTaken(_Event):
    kind: Literal["action_taken"] = "action_taken"
    action: Action
    target: ResolvedTarget | None = None
    point: tuple[float, float] | None = None
    act_s: float = Field(ge=0)


class Verified(_Event):
    kind: Literal["verified"] = "verified"
    ok: bool
    evidence: str
    verify_s: float = Field(ge=0)


class ApprovalNeeded(_Event):
    kind: Literal["approval_needed"] = "approval_needed"
    action: Action
    reason: str


class StepFinished(_Event):
    kind: Literal["step_finished"] = "step_finished"
    record: StepRecord


RunStatus = Literal["done", "failed", "interrupted", "budget_exceeded"]


class Finished(_Event):
    kind: Literal["finished"] = "finished"
    status: RunStatus
    message: str = ""
    time_s: float = Field(ge=0)


RunEvent: TypeAlias = Annotated[
    StepStarted | ActionTaken | Verified | ApprovalNeeded | StepFinished | Finished, Field(discriminator="kind")
]
"""One streamed event; ``kind`` tells which."""


class RunResult(_Model):
    """How a run ended: ``ok`` only when every step was verified (or skipped as optional).

    ``status`` is ``interrupted`` while a sensitive step waits for :meth:`Agent.approve` /
    :meth:`Agent.reject`; ``run_dir`` holds the trace, ``replay_path`` the replay file.
    """

    ok: bool
    status: RunStatus
    steps: list[StepRecord] = []
    message: str = ""
    thread_id: str = ""
    run_dir: str | None = None
    replay_path: str | None = None
    time_s: float = Field(default=0, ge=0)
    pending: Action | None = Field(default=None, description="The sensitive action awaiting approval, if any.")
